"""``jr.Page``: one page of a multipage app, a script file or a function (script thread).

A page file must resolve (symlinks included) inside the app's folder and be a ``.py`` file
(DESIGN's path rules); it is read from disk at each run and compiled once per version of the
file (:meth:`.navigation.Navigation.compiled`). The session's pages and which one shows are
:mod:`.navigation`'s.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from ..pages import MAX_URL_PATH, page_name, title_of
from .delta import RunContext, get_context
from .errors import StreamlitAPIException, StreamlitPageNotFoundError
from .magic import compile_script


class Page:
    """One page of a multipage app (``st.Page``): a script file or a function.

    Parameters
    ----------
    page
        A ``.py`` file (relative paths from the main script's folder; it must resolve inside
        that folder) or a function that draws the page.
    title
        The page's label in the navigation and the browser tab's title (default: from the file
        or function name, underscores as spaces, without a numeric prefix).
    icon
        An emoji or ``":material/name:"`` shown before the title (default: a leading emoji of
        the file name, if any).
    url_path
        The page's path after the app's URL (default: the file or function name). The default
        page is at the app's own URL whatever this says.
    default
        This page is shown at the app's own URL (default: the first page given to navigation).
    visibility
        ``"hidden"``: left out of the navigation links, still reachable by its URL,
        ``page_link`` and ``switch_page``.
    help
        A tooltip on the page's navigation link.
    """

    def __init__(
        self,
        page: str | Path | Callable[[], Any],
        *,
        title: str | None = None,
        icon: str | None = None,
        url_path: str | None = None,
        default: bool = False,
        visibility: Literal["visible", "hidden"] = "visible",
        help: str | None = None,
    ):
        if visibility not in ("visible", "hidden"):
            raise StreamlitAPIException(f'A page\'s visibility is "visible" or "hidden", not {visibility!r}.')
        if help is not None and not isinstance(help, str):
            raise StreamlitAPIException("A page's help must be a string.")
        self.visibility = visibility
        self.help = help
        if title is not None and (not isinstance(title, str) or not title.strip()):
            raise StreamlitAPIException("The title of the page cannot be empty or consist of only whitespace.")
        if icon is not None and not isinstance(icon, str):
            raise StreamlitAPIException("A page's icon must be an emoji or a ':material/name:' string.")
        inferred_icon = ""
        if callable(page):
            self._page: Path | Callable[[], Any] = page
            name = str(getattr(page, "__name__", "page"))
        elif isinstance(page, (str, Path)):
            self._page = _page_file(page)
            inferred_icon, name = page_name(self._page.name)
        else:
            raise StreamlitAPIException(f"A page must be a file path or a function, not {type(page).__name__}.")
        self.title: str = title.strip() if title is not None else title_of(name)
        self.icon: str = icon if icon is not None else inferred_icon
        self._default = bool(default)
        # an empty url_path is refused, but not for the default page, whose URL is the app's
        self._url_path = _check_url_path(name if url_path is None else url_path, url_path is not None and not default)
        self._file: Path | None = self._page if isinstance(self._page, Path) else None

    @property
    def url_path(self) -> str:
        """The page's URL path ("" for the default page)."""
        return "" if self._default else self._url_path

    @property
    def default(self) -> bool:
        return self._default

    def run(self) -> None:
        """Run the page: call its function, or run its file as a script of its own. While it
        runs, ``ctx.in_page`` says so (a widget it draws belongs to the page: kernel/state.py)."""
        ctx = get_context()
        if ctx is None:
            self._run(ctx)
            return
        before, ctx.in_page = ctx.in_page, True
        try:
            self._run(ctx)
        finally:
            ctx.in_page = before

    def _run(self, ctx: RunContext | None) -> None:
        if not isinstance(self._page, Path):
            self._page()
            return
        code = ctx.nav.compiled(self._page) if ctx is not None and ctx.nav is not None else compile_page(self._page)
        module = types.ModuleType("__main__")
        module.__file__ = str(self._page)
        module.__builtins__ = __builtins__  # type: ignore[attr-defined]
        saved = sys.modules.get("__main__")
        sys.modules["__main__"] = module
        try:
            exec(code, module.__dict__)
        finally:
            if saved is not None:
                sys.modules["__main__"] = saved

    def _matches(self, target: Page | str | Path) -> bool:
        if isinstance(target, Page):
            return target is self or (target._page == self._page and target._url_path == self._url_path)
        if self._file is not None:
            try:
                return _page_file(target) == self._file
            except StreamlitAPIException:
                return False
        return False

    def __repr__(self) -> str:
        return f"Page(title={self.title!r}, url_path={self.url_path!r}, default={self._default})"


def _app_dir() -> Path:
    ctx = get_context()
    nav = ctx.nav if ctx is not None else None
    return nav.app_dir if nav is not None else Path.cwd().resolve()


def _page_file(page: str | Path) -> Path:
    """A page file's resolved path: a ``.py`` file inside the app's folder (DESIGN's path rules)."""
    text = str(page)
    if not text or "\x00" in text:
        raise StreamlitAPIException("A page's path cannot be empty.")
    app_dir = _app_dir()
    candidate = Path(text)
    try:
        target = (candidate if candidate.is_absolute() else app_dir / candidate).resolve()
    except (OSError, RuntimeError):
        raise StreamlitPageNotFoundError(f"Page not found: {text!r}") from None
    if not target.is_relative_to(app_dir):
        raise StreamlitAPIException(f"Page {text!r} is outside the app's folder.")
    if target.suffix != ".py" or not target.is_file():
        raise StreamlitPageNotFoundError(f"Page not found: {text!r} is not a .py file of this app.")
    return target


def _check_url_path(url_path: Any, must_be_set: bool) -> str:
    if not isinstance(url_path, str):
        raise StreamlitAPIException("A page's url_path must be a string.")
    path = url_path.strip("/")
    if "/" in path:
        raise StreamlitAPIException("The URL path cannot contain a nested path (e.g. foo/bar).")
    if must_be_set and not path.strip():
        raise StreamlitAPIException("The URL path cannot be an empty string unless the page is the default page.")
    if len(path) > MAX_URL_PATH or any(ch in path for ch in "?#\\") or any(ord(ch) < 32 for ch in path):
        raise StreamlitAPIException(f"The URL path {url_path!r} is too long or has characters a URL path cannot have.")
    return path


def compile_page(file: Path) -> Any:
    return compile_script(file.read_bytes(), str(file))
