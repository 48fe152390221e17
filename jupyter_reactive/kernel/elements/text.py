"""Text elements: ``title``, ``header``, ``subheader``, ``markdown``, ``caption``, ``text``,
``code``, ``divider``, ``html``, ``write`` (script thread).

Markdown is rendered to sanitised HTML here, in the kernel (:mod:`..display`); each method
builds one element dict (docs/protocol.md) and writes it through ``_emit``, which is also the
yield point where a pending rerun cuts the run short.
"""

from __future__ import annotations

import html as _html
from typing import Any, Literal, cast

from ..delta import BaseContainer
from ..display import code_html, element_for_object, markdown_html
from .plots import is_matplotlib_figure


def _optional(el: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Add the fields that are set (not None): optional fields are absent unless the script set
    them, so the deltas of apps that do not use them do not change."""
    el.update({k: v for k, v in fields.items() if v is not None})
    return el


def _help(help: str | None) -> str | None:
    return None if help is None else str(help)


def _anchor(anchor: str | Literal[False] | None) -> str | Literal[False] | None:
    if anchor is None or anchor is False:
        return anchor
    if not isinstance(anchor, str) or not anchor:
        raise ValueError("anchor must be a non-empty string, or False for no anchor")
    return anchor


def markdown_allowing_html(text: str) -> str:
    """Markdown with raw HTML passed through (``unsafe_allow_html=True``: the app's own text)."""
    import textwrap

    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.render(textwrap.dedent(text).strip("\n"))


class TextMixin(BaseContainer):
    """Text elements. Every method returns None, like Streamlit's."""

    def _heading(
        self,
        variant: str,
        body: object,
        anchor: str | Literal[False] | None,
        help: str | None,
        divider: bool | str = False,
    ) -> None:
        el = {
            "kind": "markdown",
            "variant": variant,
            "html": markdown_html(str(body), inline=True),
            "divider": bool(divider),
        }
        self._emit(_optional(el, anchor=_anchor(anchor), help=_help(help)))

    def title(self, body: object, anchor: str | Literal[False] | None = None, *, help: str | None = None) -> None:
        """Show text as the page's title (the largest heading).

        Args:
            body: the text, inline markdown (bold, italics, code, links).
            anchor: the heading's id for links to it (``#anchor``); False for no anchor link.
                By default the page derives one from the text.
            help: a tooltip shown next to the title.
        """
        self._heading("title", body, anchor, help)

    def header(
        self,
        body: object,
        anchor: str | Literal[False] | None = None,
        *,
        help: str | None = None,
        divider: bool | str = False,
    ) -> None:
        """Show text as a section header.

        Args:
            body: the text, inline markdown.
            anchor: the heading's id for links to it; False for no anchor link.
            help: a tooltip shown next to the header.
            divider: draw a rule under the header (True or a colour name; the colour is not
                used yet).
        """
        self._heading("header", body, anchor, help, divider)

    def subheader(
        self,
        body: object,
        anchor: str | Literal[False] | None = None,
        *,
        help: str | None = None,
        divider: bool | str = False,
    ) -> None:
        """Show text as a sub-section header.

        Args:
            body: the text, inline markdown.
            anchor: the heading's id for links to it; False for no anchor link.
            help: a tooltip shown next to the subheader.
            divider: draw a rule under the subheader (True or a colour name; the colour is not
                used yet).
        """
        self._heading("subheader", body, anchor, help, divider)

    def _markdown(self, variant: str, body: object, unsafe_allow_html: bool, help: str | None) -> None:
        text = str(body)
        rendered = markdown_allowing_html(text) if unsafe_allow_html else markdown_html(text)
        self._emit(_optional({"kind": "markdown", "variant": variant, "html": rendered}, help=_help(help)))

    def markdown(self, body: object, unsafe_allow_html: bool = False, *, help: str | None = None) -> None:
        """Show CommonMark markdown (with tables and strikethrough), rendered in the kernel.

        Args:
            body: the markdown text; it is dedented, so triple-quoted strings work.
            unsafe_allow_html: pass raw HTML in the text through instead of escaping it (only
                for the app's own text, never for a viewer's input).
            help: a tooltip shown next to the text.
        """
        self._markdown("body", body, unsafe_allow_html, help)

    def caption(self, body: object, unsafe_allow_html: bool = False, *, help: str | None = None) -> None:
        """Show markdown in small, muted type (footnotes, captions, asides).

        Args:
            body: the markdown text.
            unsafe_allow_html: pass raw HTML in the text through instead of escaping it.
            help: a tooltip shown next to the caption.
        """
        self._markdown("caption", body, unsafe_allow_html, help)

    def text(self, body: object, *, help: str | None = None) -> None:
        """Show fixed-width, preformatted text (no markdown).

        Args:
            body: the text (any object is shown as its ``str``).
            help: a tooltip shown next to the text.
        """
        self._emit(_optional({"kind": "text", "text": str(body)}, help=_help(help)))

    def code(
        self, body: str, language: str | None = "python", *, line_numbers: bool = False, wrap_lines: bool = False
    ) -> None:
        """Show a block of code, syntax-highlighted (Pygments) in the kernel.

        Args:
            body: the code.
            language: the language to highlight it as (a Pygments name); None for plain text.
            line_numbers: show line numbers in a gutter.
            wrap_lines: wrap long lines instead of scrolling sideways.
        """
        el = {"kind": "code", "code": body, "language": language or "text", "html": code_html(body, language)}
        self._emit(_optional(el, line_numbers=True if line_numbers else None, wrap_lines=True if wrap_lines else None))

    def divider(self) -> None:
        """Show a horizontal rule."""
        self._emit({"kind": "divider"})

    def html(self, body: str) -> None:
        """Show raw HTML from the app's own code, as ``st.html`` (scripts in it do not run).

        Args:
            body: the HTML.
        """
        self._emit({"kind": "html", "html": str(body)})

    def write(self, *args: Any, unsafe_allow_html: bool = False) -> None:
        """Show each argument the way that suits it: strings as markdown (consecutive strings
        joined like Streamlit's), numbers and booleans as text, dicts and lists as JSON, anything
        else by its Jupyter rich representation (DataFrames, figures, ``_repr_html_``).

        Args:
            *args: the objects to show.
            unsafe_allow_html: pass raw HTML in strings through instead of escaping it.
        """
        pending: list[str] = []
        for arg in args:
            if isinstance(arg, str):
                pending.append(arg)
                continue
            if pending:
                self._markdown("body", " ".join(pending), unsafe_allow_html, None)
                pending = []
            if isinstance(arg, (bool, int, float)) or arg is None:
                shown = repr(arg) if arg is None or isinstance(arg, bool) else str(arg)
                self._emit({"kind": "markdown", "variant": "body", "html": f"<p>{_html.escape(shown)}</p>"})
            elif is_matplotlib_figure(arg):
                cast(Any, self).pyplot(arg)  # PlotsMixin, composed beside this one in Container
            else:
                self._emit(element_for_object(arg))
        if pending:
            self._markdown("body", " ".join(pending), unsafe_allow_html, None)
