"""Multipage apps: ``navigation``, ``switch_page`` and the session's page state (script thread).

One session (one kernel) serves every page of its app, so ``session_state`` is shared across
pages for free; a page left behind loses its widgets as any run forgets the widgets it did not
draw. Each page has a URL path; the page in the browser shows ``reactive/app/<app>/<url_path>``
(the default page at the app's own URL) and tells the kernel which page to run:

* at session start, in the session's config (the URL the tab was opened at);
* on a click on a navigation link, back/forward, or a ``page_link``: a ``navigate`` message
  (page, query string, the page's counter ``seq``), handled on the subshell thread by
  :meth:`Navigation.post`, which the next run takes in (:meth:`Navigation.begin_run`).

Two ways to be multipage, as in Streamlit:

* a ``pages/`` folder beside the main script (:func:`jupyter_reactive.pages.discover_pages`):
  the runner builds the pages itself and runs the current one (:meth:`Navigation.run_app`);
* ``jr.navigation([...])`` in the main script: the main script runs on every page, and
  ``navigation`` returns the current page, which the script runs with ``page.run()``. A main
  script that calls ``navigation`` anywhere in its text ignores ``pages/``.

Each run that navigates sends one ``navigation`` message (the pages, the current one, where to
show them); the page moves its URL to match with ``history.pushState`` (``switch_page``) or
``replaceState`` (a page the app does not have: the default page runs, with a notice).
"""

from __future__ import annotations

import ast
import hashlib
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode

from .. import protocol
from ..pages import PAGES_DIR, discover_pages, page_name
from .app_page import Page, compile_page
from .delta import RunContext, get_context
from .errors import StreamlitAPIException, StreamlitPageNotFoundError
from .magic import settings
from .options import get_option
from .requests import RerunData, RerunException

POSITIONS = ("sidebar", "top", "hidden")
#: pages the sidebar lists before its "View more" button (navigation's ``expanded=False``)
COLLAPSED_PAGES = 10
#: a query string longer than this (from the URL) is dropped whole, with a notice
MAX_QUERY = 16 * 1024
MAX_QUERY_KEYS = 256


def parse_query(query: str) -> dict[str, list[str]]:
    """A URL query string (with or without its ``?``) as key -> values, in order."""
    out: dict[str, list[str]] = {}
    for key, value in parse_qsl(query.lstrip("?"), keep_blank_values=True, max_num_fields=MAX_QUERY_KEYS):
        out.setdefault(key, []).append(value)
    return out


def encode_query(params: Mapping[str, list[str]]) -> str:
    """Inverse of :func:`parse_query` (repeated keys for lists)."""
    return urlencode([(k, v) for k, values in params.items() for v in values])


def _calls_navigation(source: str) -> bool:
    """Whether a script's text calls ``navigation`` (``jr.navigation(...)``, ``navigation(...)``).
    Most scripts never spell the word: they are answered without parsing (a new kernel's first
    run paid ~1 ms for it). Python reads identifiers NFKC-normalized (``jr.ｎavigation`` in
    full-width letters calls ``navigation``), so non-ASCII text is looked at normalized."""
    if "navigation" not in (source if source.isascii() else unicodedata.normalize("NFKC", source)):
        return False
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == "navigation") or (
                isinstance(func, ast.Attribute) and func.attr == "navigation"
            ):
                return True
    return False


class Navigation:
    """One session's pages: what the page asked for, the query parameters, the last navigation.

    Script thread, except :meth:`post` (the subshell thread; it only stores, under a lock)."""

    def __init__(self, main_file: str, page: str = "", query: str = "", seq: int = 0):
        self.main_file = main_file
        self.app_dir = Path(main_file).resolve().parent
        self._lock = threading.Lock()
        self._pending: tuple[str, str, int, bool] | None = None
        self.requested = page
        self.query: dict[str, list[str]] = {}
        self.query_dropped = False
        self._set_query(query)
        self.seq = seq
        self.push = False  # the next navigation moves the URL with pushState (switch_page)
        self.entry_run = -1  # the run that may add no more history entries (query_params.py)
        self.pages: list[Page] = []  # the last navigation's pages
        self.current: Page | None = None
        self.shown = False  # the page shows a navigation (sent, not yet withdrawn)
        self.called = False  # navigation() was called in this run
        self.config_title_run = -1  # the run in which set_page_config last set a title
        self._uses: tuple[str, bool] | None = None
        self._code: dict[Path, tuple[tuple[Any, ...], Any]] = {}  # page file -> (version, code)

    def compiled(self, file: Path) -> Any:
        """A page file's code, compiled once per version of the file (read from disk at each run,
        so an edited page runs its new text)."""
        st = file.stat()
        key = (st.st_mtime_ns, st.st_size, settings())
        cached = self._code.get(file)
        if cached is None or cached[0] != key:
            cached = self._code[file] = (key, compile_page(file))
        return cached[1]

    def _set_query(self, query: str) -> None:
        if len(query) > MAX_QUERY:
            self.query, self.query_dropped = {}, True
            return
        try:
            self.query = parse_query(query)
        except ValueError:  # more fields than MAX_QUERY_KEYS
            self.query, self.query_dropped = {}, True

    # -- subshell thread ----------------------------------------------------------------------

    def post(self, page: str, query: str, seq: int) -> None:
        """The viewer moved to ``page`` (a link, back/forward): the next run shows it."""
        with self._lock:
            self._pending = (page, query, seq, True)

    # -- script thread ------------------------------------------------------------------------

    def begin_run(self, ctx: RunContext) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is not None:
            self.requested, query, self.seq, _ = pending
            self._set_query(query)
            self.push = False
            self.entry_run = ctx.run  # the viewer's move made this run's history entry already
        if self.query_dropped:
            self.query_dropped = False
            ctx.writer.outbox.notice("warning", "The page's query string was too long and was ignored.")
        self.called = False

    def run_app(self, ctx: RunContext, run_main: Callable[[], None], source: str) -> None:
        """A full run of the app: the ``pages/`` folder's current page, or the main script."""
        self.begin_run(ctx)
        digest = hashlib.sha1(source.encode()).hexdigest()
        if self._uses is None or self._uses[0] != digest:
            self._uses = (digest, _calls_navigation(source))
        # a script without a pages/ folder beside it (most) costs one stat, not the search
        files = [] if self._uses[1] or not (self.app_dir / PAGES_DIR).is_dir() else discover_pages(self.main_file)
        if len(files) > 1:
            pages = [
                Page(
                    run_main if f.default else f.file,
                    title=f.title or None,
                    icon=f.icon or None,
                    url_path=f.url_path or page_name(f.file.name)[1] or "main",
                    default=f.default,
                )
                for f in files
            ]
            pages[0]._file = files[0].file  # the main page runs the main script's text
            navigation(pages).run()
            return
        run_main()
        if not self.called and self.shown:
            # a complete run without navigation: the page stops showing the last one
            self.shown = False
            self.pages, self.current = [], None
            ctx.writer.outbox.message({"type": protocol.NAVIGATION, "pages": [], "current": "", "seq": self.seq})

    def select(self, pages: list[Page]) -> tuple[Page, bool]:
        """The page the viewer asked for among ``pages`` (and whether it exists)."""
        asked = self.requested.strip("/")
        default = next(p for p in pages if p.default)
        if not asked:
            return default, True
        for page in pages:
            if page.url_path == asked:
                return page, True
        if asked == default._url_path:
            return default, True
        return default, False

    def page_id(self) -> str:
        """The page this run shows, by its URL path: the one ``navigation`` chose in this run,
        else the one the viewer asked for among the last navigation's pages; "" for an app
        without pages. ``persist_state="page"`` keeps a value for it (kernel/state.py)."""
        if self.called and self.current is not None:
            return self.current.url_path
        if self.pages:
            return self.select(self.pages)[0].url_path
        return ""

    def switch(self, page: Page) -> None:
        self.requested = page.url_path
        self.query = {}
        self.push = True


def _query_input(params: Any) -> dict[str, list[str]]:
    """``switch_page``'s and ``page_link``'s ``query_params``: a mapping or (key, value) pairs,
    values as strings (a list or tuple: the key repeated)."""
    if params is None:
        return {}
    if isinstance(params, str):
        raise StreamlitAPIException("query_params must be a dict or a list of (key, value) pairs, not a string.")
    try:
        items = list(params.items()) if isinstance(params, Mapping) else [tuple(pair) for pair in params]
    except TypeError:
        raise StreamlitAPIException("query_params must be a dict or a list of (key, value) pairs.") from None
    out: dict[str, list[str]] = {}
    for item in items:
        if len(item) != 2:
            raise StreamlitAPIException("query_params must be a dict or a list of (key, value) pairs.")
        key, value = item
        if isinstance(value, Mapping):
            raise StreamlitAPIException(f"You cannot set a query params key to a dictionary ({key!r}).")
        values = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
        out.setdefault(str(key), []).extend(values)
    return out


def _flatten(pages: Any) -> list[tuple[str | None, Page]]:
    if isinstance(pages, Mapping):
        out: list[tuple[str | None, Page]] = []
        for section, items in pages.items():
            if not isinstance(section, str):
                raise StreamlitAPIException("navigation's sections are named by strings.")
            if isinstance(items, (str, Path, Page)) or callable(items) or not isinstance(items, Sequence):
                raise StreamlitAPIException(f"The section {section!r} must be a list of pages.")
            out.extend((section, _as_page(p)) for p in items)
        return out
    if isinstance(pages, (str, Path, Page)) or callable(pages) or not isinstance(pages, Sequence):
        raise StreamlitAPIException("navigation takes a list of pages or a dict of lists of pages (sections).")
    return [(None, _as_page(p)) for p in pages]


def _as_page(page: Any) -> Page:
    if isinstance(page, Page):
        return page
    if isinstance(page, (str, Path)) or callable(page):
        return Page(page)  # a file's path or a function, as Streamlit 1.67 takes them
    raise StreamlitAPIException(f"navigation: {page!r} is not a Page, a page file's path or a function.")


def navigation(
    pages: Sequence[Page | str | Path] | Mapping[str, Sequence[Page | str | Path]],
    *,
    position: Literal["sidebar", "top", "hidden"] = "sidebar",
    expanded: bool | int = False,
) -> Page:
    """Declare the app's pages and return the one the viewer is on (call its ``run()``).

    Parameters
    ----------
    pages
        A list of :class:`Page` objects (or page file paths), or a dict of section name -> list
        of pages, shown under their section's name.
    position
        ``"sidebar"`` (links at the top of the sidebar), ``"top"`` (links in the page's top
        bar) or ``"hidden"`` (no links: move with ``page_link`` and ``switch_page``).
    expanded
        ``True``: the sidebar shows every page at once; ``False``: ten, then a "View more"
        button; a number: that many before the button.

    Returns the current page: the one whose URL the viewer is at, the default page at the app's
    own URL, or the default page (with a "page not found" notice) for a URL the app does not have.
    """
    if isinstance(expanded, bool):
        shown = 0 if expanded else COLLAPSED_PAGES
    elif isinstance(expanded, int) and expanded > 0:
        shown = expanded
    else:
        raise StreamlitAPIException(
            f"navigation: expanded is True, False or a positive number of pages, not {expanded!r}."
        )
    if position not in POSITIONS:
        raise StreamlitAPIException(f'navigation: position must be "sidebar", "top" or "hidden", not {position!r}.')
    entries = _flatten(pages)
    if not entries:
        raise StreamlitAPIException("navigation must be called with at least one page.")
    defaults = [p for _, p in entries if p._default]
    if len(defaults) > 1:
        raise StreamlitAPIException(
            "Multiple Pages specified with `default=True`. At most one Page can be set to default."
        )
    if not defaults:
        entries[0][1]._default = True
    seen: set[str] = set()
    for _, page in entries:
        if page.url_path in seen:
            raise StreamlitAPIException(
                f"Multiple Pages specified with URL pathname {page.url_path!r}. "
                "URL pathnames must be unique. The url pathname may be inferred from the filename, "
                "callable name, or title."
            )
        seen.add(page.url_path)
    ctx = get_context()
    nav = ctx.nav if ctx is not None else None
    if ctx is None or nav is None:
        return next(p for _, p in entries if p._default)
    current, found = nav.select([p for _, p in entries])
    nav.pages, nav.current, nav.called, nav.shown = [p for _, p in entries], current, True, True
    msg: dict[str, Any] = {
        "type": protocol.NAVIGATION,
        "pages": [_page_entry(section, page) for section, page in entries],
        "current": current.url_path,
        # client.showSidebarNavigation = false (config.toml): no links in the sidebar, as in Streamlit
        "position": "hidden" if position == "sidebar" and not get_option("client.showSidebarNavigation") else position,
        "expanded": shown,
        "seq": nav.seq,
        "query": encode_query(nav.query),
    }
    if nav.config_title_run != ctx.run:
        msg["title"] = current.title
    if nav.push:
        msg["push"] = True
        nav.push = False
        nav.entry_run = ctx.run  # this run's one new history entry
    if not found:
        nav.requested = ""
        ctx.writer.outbox.notice(
            "warning", "Page not found: this app has no page at that address. Showing its main page instead."
        )
    ctx.writer.outbox.message(msg)
    return current


def _page_entry(section: str | None, page: Page) -> dict[str, Any]:
    entry: dict[str, Any] = {"url_path": page.url_path, "title": page.title}
    if page.icon:
        entry["icon"] = page.icon
    if page.visibility == "hidden":
        entry["hidden"] = True
    if page.help:
        entry["help"] = page.help
    if section:
        entry["section"] = section
    return entry


def find_page(target: Page | str | Path) -> Page:
    """The page of the current navigation that ``target`` names (a Page or a file path)."""
    ctx = get_context()
    nav = ctx.nav if ctx is not None else None
    if nav is None:
        raise StreamlitAPIException("Pages can only be switched to while an app runs.")
    for page in nav.pages:
        if page._matches(target):
            return page
    if isinstance(target, Page):
        raise StreamlitPageNotFoundError(f"Could not find page: {target.title!r}. It is not one of the app's pages.")
    raise StreamlitPageNotFoundError(
        f"Could not find page: {str(target)!r}. Must be the file path relative to the main script, "
        "from the directory of the main script, or a Page of the app's navigation."
    )


def switch_page(page: Page | str | Path, *, query_params: Any = None) -> None:
    """Stop this run and run another page of the app (its URL joins the browser's history).

    ``page``: a :class:`Page` of the app's navigation, or a page file's path relative to the main
    script's folder (``"app.py"``, ``"pages/2_plots.py"``). ``query_params`` (a dict, or pairs;
    lists for repeated keys) become the new page's query parameters; without it they are cleared.
    It does not return in an app; outside one (``python app.py``) it does nothing.
    """
    ctx = get_context()
    if ctx is None:
        return
    from .fragments import check_not_parallel_worker

    check_not_parallel_worker(ctx, "st.switch_page")
    target = find_page(page)
    assert ctx.nav is not None  # find_page found a page of it
    query = _query_input(query_params)
    ctx.nav.switch(target)
    ctx.nav.query = query
    raise RerunException(RerunData())
