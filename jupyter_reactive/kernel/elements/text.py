"""Text elements: ``title``, ``header``, ``subheader``, ``markdown``, ``caption``, ``text``,
``code``, ``divider``, ``html``, ``write`` (script thread).

Markdown is rendered to sanitised HTML here, in the kernel (:mod:`..display`); each method
builds one element dict (docs/protocol.md) and writes it through ``_emit``, which is also the
yield point where a pending rerun cuts the run short.
"""

from __future__ import annotations

import re
from collections import abc as collections_abc
from typing import Any, Literal

from ..delta import BaseContainer, returns_handle
from ..display import (
    code_html,
    element_for_object,
    emit_bundle,
    latex_html,
    markdown_allowing_html,
    markdown_html,
    mimebundle,
)
from ..errors import StreamlitAPIException
from ..params import Height, TextAlignment, Width, laid_out
from .layout import check_icon


def _optional(el: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Add the fields that are set (not None): optional fields are absent unless the script set
    them, so the deltas of apps that do not use them do not change."""
    el.update({k: v for k, v in fields.items() if v is not None})
    return el


def _help(help: str | None) -> str | None:
    return None if help is None else str(help)


# Streamlit 1.67's heading divider colours; divider=True cycles through _DIVIDER_CYCLE (not gray)
# in the order the run draws them
_DIVIDER_COLORS = ("red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "rainbow")
_DIVIDER_CYCLE = ("blue", "green", "orange", "red", "violet", "yellow")


def _anchor(anchor: str | Literal[False] | None) -> str | Literal[False] | None:
    if anchor is None or anchor is False:
        return anchor
    if not isinstance(anchor, str) or not anchor:
        raise ValueError("anchor must be a non-empty string, or False for no anchor")
    return anchor


class TextMixin(BaseContainer):
    """Text elements. Every method returns None, like Streamlit's."""

    def _heading(
        self,
        variant: str,
        body: object,
        anchor: str | Literal[False] | None,
        help: str | None,
        divider: bool | str = False,
        icon: str | None = None,
    ) -> None:
        if divider is not True and divider is not False and divider not in _DIVIDER_COLORS:
            raise StreamlitAPIException(
                f"divider must be True, False or one of {', '.join(map(repr, _DIVIDER_COLORS))}, not {divider!r}"
            )
        line: str | None = None
        if divider is True:
            ctx = self._run_context()
            n = ctx.dividers if ctx is not None else 0
            if ctx is not None:
                ctx.dividers += 1
            line = _DIVIDER_CYCLE[n % len(_DIVIDER_CYCLE)]
        elif divider:
            line = "gray" if divider == "grey" else str(divider)
        text = str(body)
        if icon:  # "" is no icon, as in Streamlit (a page without an icon passes page.icon)
            # an emoji or ":material/name:" before the text: markdown draws both
            text = f"{check_icon(icon)} {text}"
        el = {
            "kind": "markdown",
            "variant": variant,
            "html": markdown_html(text, inline=True),
        }
        if line is not None:
            el["divider"] = line
        self._emit(_optional(el, anchor=_anchor(anchor), help=_help(help)))

    @laid_out("width", "text_alignment", "wrap")
    @returns_handle
    def title(
        self,
        body: object,
        anchor: str | Literal[False] | None = None,
        *,
        help: str | None = None,
        icon: str | None = None,
        width: Width = "stretch",
        text_alignment: TextAlignment = "left",
        wrap: bool = True,
    ) -> None:
        """Show text as the page's title (the largest heading).

        Args:
            body: the text, inline markdown (bold, italics, code, links).
            anchor: the heading's id for links to it (``#anchor``); False for no anchor link.
                By default the page derives one from the text.
            help: a tooltip shown next to the title.
            icon: an emoji or ``":material/name:"`` before the text.
            width: ``"stretch"`` (the container's width), ``"content"`` or pixels.
            text_alignment: ``"left"``, ``"center"``, ``"right"`` or ``"justify"``.
            wrap: False keeps the text on one line (cut off with an ellipsis).
        """
        self._heading("title", body, anchor, help, icon=icon)

    @laid_out("width", "text_alignment", "wrap")
    @returns_handle
    def header(
        self,
        body: object,
        anchor: str | Literal[False] | None = None,
        *,
        help: str | None = None,
        divider: bool | str = False,
        icon: str | None = None,
        width: Width = "stretch",
        text_alignment: TextAlignment = "left",
        wrap: bool = True,
    ) -> None:
        """Show text as a section header.

        Args:
            body: the text, inline markdown.
            anchor: the heading's id for links to it; False for no anchor link.
            help: a tooltip shown next to the header.
            divider: draw a coloured rule under the header: a colour name (``"blue"``, ``"green"``,
                ``"orange"``, ``"red"``, ``"violet"``, ``"yellow"``, ``"gray"``) or ``"rainbow"``;
                True takes the next colour of the run's cycle (blue, green, orange, red, ...).
            icon: an emoji or ``":material/name:"`` before the text.
            width: ``"stretch"`` (the container's width), ``"content"`` or pixels.
            text_alignment: ``"left"``, ``"center"``, ``"right"`` or ``"justify"``.
            wrap: False keeps the text on one line (cut off with an ellipsis).
        """
        self._heading("header", body, anchor, help, divider, icon=icon)

    @laid_out("width", "text_alignment", "wrap")
    @returns_handle
    def subheader(
        self,
        body: object,
        anchor: str | Literal[False] | None = None,
        *,
        help: str | None = None,
        divider: bool | str = False,
        icon: str | None = None,
        width: Width = "stretch",
        text_alignment: TextAlignment = "left",
        wrap: bool = True,
    ) -> None:
        """Show text as a sub-section header.

        Args:
            body: the text, inline markdown.
            anchor: the heading's id for links to it; False for no anchor link.
            help: a tooltip shown next to the subheader.
            divider: draw a coloured rule under the subheader: a colour name (``"blue"``, ``"green"``,
                ``"orange"``, ``"red"``, ``"violet"``, ``"yellow"``, ``"gray"``) or ``"rainbow"``;
                True takes the next colour of the run's cycle (blue, green, orange, red, ...).
            icon: an emoji or ``":material/name:"`` before the text.
            width: ``"stretch"`` (the container's width), ``"content"`` or pixels.
            text_alignment: ``"left"``, ``"center"``, ``"right"`` or ``"justify"``.
            wrap: False keeps the text on one line (cut off with an ellipsis).
        """
        self._heading("subheader", body, anchor, help, divider, icon=icon)

    def _markdown(
        self, variant: str, body: object, unsafe_allow_html: bool, help: str | None, anchors: bool = True
    ) -> None:
        text = str(body)
        if unsafe_allow_html:
            # raw HTML: the page sanitizes it (no scripts, no event handlers) before showing it
            el = {"kind": "markdown", "variant": variant, "html": markdown_allowing_html(text), "allow_html": True}
        else:
            el = {"kind": "markdown", "variant": variant, "html": markdown_html(text)}
        if not anchors:
            el["anchors"] = False
        self._emit(_optional(el, help=_help(help)))

    @laid_out("width", "text_alignment", "wrap")
    @returns_handle
    def markdown(
        self,
        body: object,
        unsafe_allow_html: bool = False,
        *,
        help: str | None = None,
        width: Width | Literal["auto"] = "auto",
        text_alignment: TextAlignment = "left",
        anchors: bool = True,
        wrap: bool = True,
    ) -> None:
        """Show CommonMark markdown (with tables and strikethrough), rendered in the kernel.

        Args:
            body: the markdown text; it is dedented, so triple-quoted strings work.
            unsafe_allow_html: pass raw HTML in the text through instead of escaping it (only
                for the app's own text, never for a viewer's input).
            help: a tooltip shown next to the text.
            width: ``"auto"`` (the container's width; its content's in a horizontal container),
                ``"stretch"``, ``"content"`` or pixels.
            text_alignment: ``"left"``, ``"center"``, ``"right"`` or ``"justify"``.
            anchors: False: headings in the text get no id to link to (by default each gets one
                made from its text, as Streamlit does).
            wrap: False keeps each line on one line (cut off with an ellipsis).
        """
        if not isinstance(anchors, bool):
            raise StreamlitAPIException(f"anchors must be True or False, not {anchors!r}")
        self._markdown("body", body, unsafe_allow_html, help, anchors)

    @laid_out("width", "text_alignment", "wrap")
    @returns_handle
    def caption(
        self,
        body: object,
        unsafe_allow_html: bool = False,
        *,
        help: str | None = None,
        width: int | Literal["stretch", "content"] = "stretch",
        text_alignment: Literal["left", "center", "right", "justify"] = "left",
        wrap: bool = True,
    ) -> None:
        """Show markdown in small, muted type (footnotes, captions, asides).

        Args:
            body: the markdown text.
            unsafe_allow_html: pass raw HTML in the text through instead of escaping it.
            help: a tooltip shown next to the caption.
        """
        self._markdown("caption", body, unsafe_allow_html, help)

    @laid_out("width", "text_alignment", "wrap")
    @returns_handle
    def text(
        self,
        body: object,
        *,
        help: str | None = None,
        width: Width = "content",
        text_alignment: TextAlignment = "left",
        wrap: bool = True,
    ) -> None:
        """Show fixed-width, preformatted text (no markdown).

        Args:
            body: the text (any object is shown as its ``str``).
            help: a tooltip shown next to the text.
            width: ``"content"``, ``"stretch"`` (the container's width) or pixels.
            text_alignment: ``"left"``, ``"center"``, ``"right"`` or ``"justify"``.
            wrap: False keeps each line on one line (cut off with an ellipsis).
        """
        self._emit(_optional({"kind": "text", "text": str(body)}, help=_help(help)))

    @laid_out("height", "width")
    @returns_handle
    def code(
        self,
        body: str,
        language: str | None = "python",
        *,
        line_numbers: bool = False,
        wrap_lines: bool = False,
        height: Height | None = "content",
        width: Width = "stretch",
    ) -> None:
        """Show a block of code, syntax-highlighted (Pygments) in the kernel.

        Args:
            body: the code.
            language: the language to highlight it as (a Pygments name); None for plain text.
            line_numbers: show line numbers in a gutter.
            wrap_lines: wrap long lines instead of scrolling sideways.
            height: ``"content"`` (as tall as the code), ``"stretch"`` or pixels (scrolling inside).
            width: ``"stretch"`` (the container's width), ``"content"`` or pixels.
        """
        el = {"kind": "code", "code": body, "language": language or "text", "html": code_html(body, language)}
        self._emit(_optional(el, line_numbers=True if line_numbers else None, wrap_lines=True if wrap_lines else None))

    @laid_out("width")
    @returns_handle
    def divider(self, *, width: int | Literal["stretch"] = "stretch") -> None:
        """Show a horizontal rule."""
        self._emit({"kind": "divider"})

    @laid_out("width")
    @returns_handle
    def html(self, body: Any, *, width: int | str = "stretch", unsafe_allow_javascript: bool = False) -> None:
        """Show raw HTML from the app's own code, as ``st.html``. The page sanitizes it first
        (DOMPurify): scripts, event-handler attributes and ``javascript:`` URLs are removed;
        ``<style>`` is kept and applies to the page, as Streamlit's does.

        Args:
            body: the HTML; a path to an ``.html`` file (its contents) or a ``.css`` file (its
                rules, as a stylesheet); or an object with ``_repr_html_``.
            width: ``"stretch"`` (the container's width), ``"content"`` or pixels.
            unsafe_allow_javascript: run the HTML's scripts. They run as the HTML's own document
                in a frame of an opaque origin, sized to its content, with the page's font and
                colours: the script works, but it cannot reach the page (its DOM, cookies or
                socket) or restyle it, where Streamlit runs it in the page itself. HTML that is
                only ``<style>`` stays a stylesheet of the page.
        """
        html = _html_body(body)
        el: dict[str, Any] = {"kind": "html", "html": html}
        if unsafe_allow_javascript and not _only_style(html):
            el["script"] = True
        self._emit(el)

    @laid_out("width")
    @returns_handle
    def latex(self, body: object, *, help: str | None = None, width: int | str = "stretch") -> None:
        """Show a LaTeX expression as display math, drawn by KaTeX in the page (the TeX subset
        KaTeX supports).

        Args:
            body: the TeX source (a raw string helps with backslashes), or a SymPy expression.
            help: a tooltip shown next to the expression.
            width: ``"stretch"`` (the container's width), ``"content"`` or pixels.
        """
        if type(body).__module__.startswith("sympy"):
            import sympy

            body = sympy.latex(body)
        el = {"kind": "markdown", "variant": "body", "html": latex_html(str(body))}
        self._emit(_optional(el, help=_help(help)))

    def write(self, *args: Any, unsafe_allow_html: bool = False) -> None:
        """Show each argument the way that suits it, in Streamlit's order: strings as markdown
        (consecutive strings joined), exceptions as errors, data frames as a data frame, charts
        and figures as their chart, SymPy expressions as math, PIL images as images, dicts and
        lists as JSON; anything else by its Jupyter rich representation (the richest MIME type
        the page can show: HTML, markdown, SVG, PNG, JPEG, LaTeX, JSON, then plain text).

        Args:
            *args: the objects to show.
            unsafe_allow_html: pass raw HTML in strings through (sanitized by the page).
        """
        pending: list[str] = []
        for arg in args:
            if isinstance(arg, str):
                pending.append(arg)
                continue
            if isinstance(arg, (bool, int, float)) or arg is None:
                # Streamlit joins a scalar to the strings around it as inline code, so that
                # write("total:", 3) is one line
                pending.append(f"`{arg}`")
                continue
            shown = _as_text(arg)
            if shown is not None:
                pending.append(shown)
                continue
            if pending:
                self._markdown("body", " ".join(pending), unsafe_allow_html, None)
                pending = []
            if not self._write_as_element(arg):
                self._write_rich(arg)
        if pending:
            self._markdown("body", " ".join(pending), unsafe_allow_html, None)

    def _write_as_element(self, arg: Any) -> bool:
        """``write``'s Streamlit rules for objects that have an element of their own; False when
        none applies (or that element is not in this build), so the rich repr is used."""
        kind = _write_kind(arg)
        if kind is None:
            return False
        if kind == "exception":
            self._emit(element_for_object(arg))
            return True
        if kind == "latex":
            self.latex(arg)
            return True
        if kind == "json":
            value = _json_value(arg)
            if not _plain_json(value):
                return False  # not JSON data after all: its repr
            self._emit({"kind": "json", "value": value, "expanded": True})
            return True
        if kind == "markdown":
            self._markdown("body", arg.getvalue(), False, None)
            return True
        method = getattr(self, kind, None)  # elements added by other families (charts, frames)
        if method is None:
            return False
        method(arg)
        return True

    def _write_rich(self, obj: Any) -> None:
        """The richest MIME type of the object's Jupyter representation (display.MIME_TABLE)."""
        if isinstance(obj, BaseException) or (isinstance(obj, (dict, list, tuple)) and _plain_json(obj)):
            self._emit(element_for_object(obj))
        else:
            emit_bundle(self, mimebundle(obj))


def _html_body(body: Any) -> str:
    """``jr.html``'s body as HTML text (Streamlit's rules: a file's contents, CSS as <style>)."""
    import os
    from pathlib import Path

    if isinstance(body, (str, Path)) and len(str(body)) < 4096 and "\n" not in str(body):
        try:
            is_file = os.path.isfile(body)
        except (OSError, ValueError):
            is_file = False
        if is_file:
            text = Path(body).read_text(encoding="utf-8")
            return f"<style>{text}</style>" if Path(body).suffix.lower() == ".css" else text
    if not isinstance(body, str) and callable(getattr(body, "_repr_html_", None)):
        return str(body._repr_html_())
    return str(body)


_STYLE_OPEN = re.compile(r"<style\b[^>]*>", re.IGNORECASE)
_STYLE_CLOSE = re.compile(r"</style\s*>", re.IGNORECASE)


def _only_style(html: str) -> bool:
    """Whether ``html`` is nothing but ``<style>`` blocks (and comments, white space): Streamlit
    keeps such HTML a stylesheet of the page whatever ``unsafe_allow_javascript`` says."""
    at = 0
    while True:
        while at < len(html) and html[at].isspace():
            at += 1
        if at == len(html):
            return True
        if html.startswith("<!--", at):
            end = html.find("-->", at + 4)
            if end < 0:
                return False
            at = end + 3
            continue
        opened = _STYLE_OPEN.match(html, at)
        closed = _STYLE_CLOSE.search(html, opened.end()) if opened else None
        if not closed:
            return False
        at = closed.end()


def _module(obj: Any) -> str:
    return type(obj).__module__ or ""


def _plain_json(obj: Any) -> bool:
    import json

    try:
        json.dumps(obj, allow_nan=False)
        return True
    except (TypeError, ValueError):
        return False


def _json_like() -> tuple[type, ...]:
    import collections
    import types

    return (
        dict,
        list,
        map,
        enumerate,
        types.MappingProxyType,
        collections.UserDict,
        collections.UserList,
        collections.ChainMap,
        type({}.items()),
        type({}.keys()),
        type({}.values()),
    )


_JSON_LIKE = _json_like()


def _json_value(arg: Any) -> Any:
    """What Streamlit's ``write`` shows as JSON for a dict-like or list-like object."""
    if isinstance(arg, tuple) and hasattr(arg, "_asdict"):  # a namedtuple: its fields by name
        return dict(arg._asdict())
    if isinstance(arg, (dict, list)):
        return arg
    if isinstance(arg, collections_abc.Mapping):
        return dict(arg)
    return list(arg)


#: the methods by which an object has a richer Jupyter representation than its text
_RICH_REPRS = (
    "_repr_html_",
    "_repr_markdown_",
    "_repr_svg_",
    "_repr_png_",
    "_repr_jpeg_",
    "_repr_latex_",
    "_repr_json_",
    "_repr_mimebundle_",
    "_repr_pdf_",
    "_repr_javascript_",
)
_MEMORY_ADDRESS = re.compile(r"^<[a-zA-Z_]+[a-zA-Z0-9<>._ ]* at 0x[0-9a-f]+>$")


def _as_text(arg: Any) -> str | None:
    """``write``'s last rule in Streamlit: an object with no element and no rich representation
    shows as its ``str`` in code, joined to the strings around it (``write("day:", date)`` is
    "day: 2019-07-06", not the date's repr on a line of its own); None for anything else
    (classes, functions, modules, dataclasses and ``<... at 0x...>`` texts keep their repr)."""
    import dataclasses
    import inspect

    if (
        _write_kind(arg) is not None
        or inspect.isclass(arg)
        or inspect.isroutine(arg)
        or inspect.ismodule(arg)
        or dataclasses.is_dataclass(arg)
        or any(callable(getattr(arg, name, None)) for name in _RICH_REPRS)
    ):
        return None
    try:
        text = str(arg)
    except Exception:
        return None
    if _MEMORY_ADDRESS.match(text):
        return None
    ticks = "`" * max(3 if "\n" in text else 1, _longest_run(text, "`") + 1)
    return f"{ticks}\n{text}\n{ticks}" if "\n" in text else f"{ticks}{text}{ticks}"


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max((len(r) for r in runs), default=0)


def _write_kind(arg: Any) -> str | None:
    """Which element Streamlit's ``write`` would use for ``arg`` (its order), or None."""
    import io

    mod, name = _module(arg), type(arg).__name__
    if isinstance(arg, BaseException):
        return "exception"
    from .chat import StreamingOutput, is_stream

    if is_stream(arg):
        return "write_stream"
    if isinstance(arg, StreamingOutput):
        return "_write_streamed"
    if (
        mod.startswith(("pandas.", "polars.", "pyarrow.", "numpy"))
        and name in ("DataFrame", "Series", "Styler", "Table", "ndarray", "LazyFrame", "Index")
    ) or (hasattr(arg, "__dataframe__") and not isinstance(arg, type)):
        return "dataframe"
    if mod.startswith("altair."):
        return "altair_chart"
    if mod.startswith("matplotlib.figure"):
        return "pyplot"
    if mod.startswith("plotly."):
        return "plotly_chart"
    if mod.startswith("graphviz.") or name == "Digraph":
        return "graphviz_chart"
    if mod.startswith("sympy."):
        return "latex"
    if mod.startswith("PIL.") and hasattr(arg, "save") and hasattr(arg, "mode"):
        return "image"
    if isinstance(arg, _JSON_LIKE) or (isinstance(arg, tuple) and hasattr(arg, "_fields")):
        return "json"
    if mod.startswith("pydeck."):
        return "pydeck_chart"
    if isinstance(arg, io.StringIO):
        return "markdown"
    return None
