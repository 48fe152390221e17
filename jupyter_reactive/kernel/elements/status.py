"""Status elements: ``error``, ``warning``, ``info``, ``success``, ``exception``, ``progress``,
``spinner`` (script thread)."""

from __future__ import annotations

import contextlib
import re
import textwrap
from collections.abc import Iterator
from typing import Any

from ..delta import BaseContainer, Path, returns_handle
from ..display import exception_element, markdown_html
from ..params import Width, WidthWithoutContent, laid_out, layout_sizing
from .layout import proto_bool


class ProgressHandle:
    """What ``jr.progress`` returns: call ``.progress(value, text)`` to move the same bar."""

    def __init__(self, container: BaseContainer, path: Path):
        self._container = container
        self._path = path

    def progress(self, value: float | int, text: str | None = None) -> ProgressHandle:
        """Move the bar to ``value`` (as for ``jr.progress``) and show ``text`` beside it."""
        self._container._rewrite(self._path, _progress_el(value, text))
        return self

    def empty(self) -> None:
        """Remove the bar."""
        self._container._rewrite(self._path, {"kind": "block", "layout": "empty"})


def _progress_el(value: float | int, text: str | None) -> dict[str, Any]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("progress value must be an int in 0..100 or a float in 0.0..1.0")
    if isinstance(value, float):
        if not 0.0 <= value <= 1.0:
            raise ValueError("a float progress value must be between 0.0 and 1.0")
        value = round(value * 100)
    elif not 0 <= value <= 100:
        raise ValueError("an int progress value must be between 0 and 100")
    return {"kind": "progress", "value": int(value), "text": markdown_html(text, inline=True) if text else ""}


_MATERIAL_LEAD = re.compile(r":material/([a-z0-9_]{1,64}):\s*", re.DOTALL)
_EMOJI_SEPARATOR = re.compile(r"[_ -]*")


def leading_icon(text: str) -> tuple[str, str]:
    """An alert body's leading icon and the rest, as Streamlit 1.67 takes it when no ``icon=`` is
    given: ``":material/name:"`` and the white space after it, or one emoji (a whole sequence:
    flag, keycap, skin tone, ZWJ family) and the ``_``, ``-`` or spaces after it; else no icon."""
    m = _MATERIAL_LEAD.match(text)
    if m:
        return f":material/{m[1]}:", text[m.end() :]
    if not text or (text[0].isascii() and text[0] not in "0123456789#*"):
        return "", text
    import emoji

    # the emoji package's table, as Streamlit matches its own: "°" or "→" are not emoji, "©" is
    found = emoji.emoji_list(text[:40])
    if not found or found[0]["match_start"] != 0:
        return "", text
    end = found[0]["match_end"]
    return text[:end], text[_EMOJI_SEPARATOR.match(text, end).end() :]  # type: ignore[union-attr]


class StatusMixin(BaseContainer):
    """Alerts, exceptions, progress bars and spinners."""

    def _alert(self, level: str, body: object, icon: str | None, title: object | None) -> None:
        text = textwrap.dedent(str(body)).strip()  # Streamlit's clean_text
        if icon is None:
            icon, text = leading_icon(text)
        el: dict[str, Any] = {"kind": "alert", "level": level, "html": markdown_html(text), "icon": icon or None}
        # Streamlit's clean_text: the title's str, dedented and stripped; an empty one shows none
        text = "" if title is None else textwrap.dedent(str(title)).strip()
        if text:
            el["title_html"] = markdown_html(text, inline=True)
        self._emit(el)

    @laid_out("width", content=False)
    @returns_handle
    def error(
        self,
        body: object,
        *,
        icon: str | None = None,
        width: WidthWithoutContent = "stretch",
        title: object | None = None,
    ) -> None:
        """Show an error message in a red box.

        Args:
            body: the message, markdown; without ``icon``, a leading emoji or
                ``":material/name:"`` is taken out of it and shown as the icon.
            icon: an emoji, or a Material icon as ``":material/name:"``, shown before it
                (``""``: none, and nothing taken from the body).
            title: a bold title above the message (after the icon), inline markdown.
        """
        self._alert("error", body, icon, title)

    @laid_out("width", content=False)
    @returns_handle
    def warning(
        self,
        body: object,
        *,
        icon: str | None = None,
        width: WidthWithoutContent = "stretch",
        title: object | None = None,
    ) -> None:
        """Show a warning in a yellow box.

        Args:
            body: the message, markdown; without ``icon``, a leading emoji or
                ``":material/name:"`` is taken out of it and shown as the icon.
            icon: an emoji, or a Material icon as ``":material/name:"``, shown before it
                (``""``: none, and nothing taken from the body).
            title: a bold title above the message (after the icon), inline markdown.
        """
        self._alert("warning", body, icon, title)

    @laid_out("width", content=False)
    @returns_handle
    def info(
        self,
        body: object,
        *,
        icon: str | None = None,
        width: WidthWithoutContent = "stretch",
        title: object | None = None,
    ) -> None:
        """Show an informational message in a blue box.

        Args:
            body: the message, markdown; without ``icon``, a leading emoji or
                ``":material/name:"`` is taken out of it and shown as the icon.
            icon: an emoji, or a Material icon as ``":material/name:"``, shown before it
                (``""``: none, and nothing taken from the body).
            title: a bold title above the message (after the icon), inline markdown.
        """
        self._alert("info", body, icon, title)

    @laid_out("width", content=False)
    @returns_handle
    def success(
        self,
        body: object,
        *,
        icon: str | None = None,
        width: WidthWithoutContent = "stretch",
        title: object | None = None,
    ) -> None:
        """Show a success message in a green box.

        Args:
            body: the message, markdown; without ``icon``, a leading emoji or
                ``":material/name:"`` is taken out of it and shown as the icon.
            icon: an emoji, or a Material icon as ``":material/name:"``, shown before it
                (``""``: none, and nothing taken from the body).
            title: a bold title above the message (after the icon), inline markdown.
        """
        self._alert("success", body, icon, title)

    @laid_out("width")
    @returns_handle
    def exception(self, exception: BaseException, width: WidthWithoutContent = "stretch") -> None:
        """Show an exception with its traceback, as the app's own errors are shown.

        Args:
            exception: the exception (usually the one caught in an ``except`` block).
        """
        self._emit(exception_element(exception))

    @laid_out("width", content=False)
    def progress(
        self, value: float | int, text: str | None = None, width: WidthWithoutContent = "stretch"
    ) -> ProgressHandle:
        """Show a progress bar; returns a handle whose ``.progress(value, text)`` moves it.

        Args:
            value: how far along: an int in 0..100 or a float in 0.0..1.0.
            text: a label beside the bar, inline markdown.
            width: ``"stretch"`` (the container's width) or pixels.
        """
        path = self._emit(_progress_el(value, text))
        return ProgressHandle(self._here(), path)

    @contextlib.contextmanager
    def spinner(
        self,
        text: str = "In progress...",
        *,
        show_time: bool = False,
        width: Width = "content",
    ) -> Iterator[None]:
        """Show a spinner while the ``with`` block under it runs; it disappears when the block
        ends.

        Args:
            text: the message beside the spinner, markdown.
            show_time: show the time elapsed since the spinner appeared, to 0.1 s.
            width: ``"content"``, ``"stretch"`` or pixels.
        """
        # the element is written when the block starts, after a decorator's call has returned:
        # the layout is worked out here, as params.laid_out does
        sizing = layout_sizing("spinner", {"width": width}, {"width": "content"}, True)
        if self._here()._horizontal and "width" not in sizing:
            sizing["width"] = "content"
        ctx = self._run_context()
        if ctx is not None and sizing:
            ctx.laid = {"sizing": sizing}  # taken by the spinner's slot, the first element written
        slot = self._placeholder()
        # Streamlit 1.67 cleans the text (dedented, stripped) and the page draws it as markdown
        el: dict[str, Any] = {"kind": "spinner", "html": markdown_html(textwrap.dedent(str(text)).strip())}
        if proto_bool(show_time):
            el["show_time"] = True
        slot._emit(el)
        slot._flush()
        try:
            yield
        finally:
            slot._clear_slot()
