"""Streamlit's markdown extras as markdown-it plugins: math spans, ``:red[…]`` colours and
backgrounds, ``:small[…]``, ``:blue-badge[…]``, ``:material/icon:`` and emoji shortcodes.

Script thread (markdown is rendered in the kernel, :mod:`.display`). Everything here emits
fixed tags and class names and escapes the text it carries, so markdown rendered with raw HTML
off stays free of author-controlled markup. The page draws math with KaTeX and icons with the
Material Symbols font, each loaded only when a page first shows one (``.jr-math``,
``.jr-icon``).
"""

from __future__ import annotations

import functools
import re
from html import escape
from typing import Any

# Streamlit's colour names; grey is gray's other spelling
COLORS = ("red", "orange", "yellow", "green", "blue", "violet", "gray", "grey", "rainbow", "primary")
_DIRECTIVE = re.compile(r":([a-z]+(?:-[a-z]+)?)\[")
_ICON = re.compile(r":material/([a-z0-9_]{1,64}):")
_SHORTCODE = re.compile(r":([a-z0-9_+\-]{1,50}):")


def _directive_class(name: str) -> str | None:
    """The CSS classes for ``:name[…]``, or None when it is not one of Streamlit's directives."""
    if name == "small":
        return "jr-small"
    color, _, variant = name.partition("-")
    if color not in COLORS:
        return None
    color = "gray" if color == "grey" else color
    if variant == "":
        return f"jr-c-{color}"
    if variant == "background":
        return f"jr-bg-{color}"
    if variant == "badge" and color != "rainbow":
        return f"jr-badge jr-bg-{color} jr-c-{color}"
    return None


@functools.lru_cache(maxsize=2048)
def emoji_for(name: str) -> str | None:
    """The emoji a ``:shortcode:`` stands for (GitHub's and the emoji package's names), or None."""
    try:
        import emoji
    except ImportError:  # optional at runtime: shortcodes then stay text
        return None
    code = f":{name}:"
    out: str = emoji.emojize(code, language="alias")
    return None if out == code else out


def _colon_rule(state: Any, silent: bool) -> bool:
    """Inline rule at ``:``: ``:material/icon:``, ``:directive[inline markdown]``, ``:emoji:``."""
    pos = state.pos
    src = state.src
    if src[pos] != ":":
        return False
    m = _ICON.match(src, pos, state.posMax)
    if m:
        if not silent:
            token = state.push("jr_icon", "span", 0)
            token.content = m.group(1)
        state.pos = m.end()
        return True
    m = _DIRECTIVE.match(src, pos, state.posMax)
    if m:
        cls = _directive_class(m.group(1))
        if cls is not None:
            label_start = m.end() - 1
            label_end = state.md.helpers.parseLinkLabel(state, label_start)
            state.pos = pos  # parseLinkLabel moves it
            if label_end >= 0:
                if not silent:
                    old_max = state.posMax
                    token = state.push("jr_span_open", "span", 1)
                    token.attrs = {"class": cls}
                    state.pos, state.posMax = label_start + 1, label_end
                    state.md.inline.tokenize(state)
                    state.posMax = old_max
                    state.push("jr_span_close", "span", -1)
                state.pos = label_end + 1
                return True
    m = _SHORTCODE.match(src, pos, state.posMax)
    if m:
        char = emoji_for(m.group(1))
        if char is not None:
            if not silent:
                token = state.push("text", "", 0)
                token.content = char
            state.pos = m.end()
            return True
    return False


def _render_icon(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    return f'<span class="jr-icon" aria-hidden="true">{escape(tokens[idx].content)}</span>'


def _render_span_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    return f'<span class="{escape(str(tokens[idx].attrs.get("class", "")))}">'


def _render_span_close(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    return "</span>"


def _math(display: bool, block: bool) -> Any:
    # KaTeX in the page reads the TeX source from the element's text
    tag = "div" if block else "span"
    cls = "jr-math jr-math-d" if display else "jr-math"

    def render(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return f'<{tag} class="{cls}">{escape(tokens[idx].content.strip())}</{tag}>' + ("\n" if block else "")

    return render


def extras_plugin(md: Any) -> None:
    """Add the colon rule (colours, icons, emoji) to a MarkdownIt instance."""
    md.inline.ruler.before("emphasis", "jr_colon", _colon_rule)
    md.add_render_rule("jr_icon", _render_icon)
    md.add_render_rule("jr_span_open", _render_span_open)
    md.add_render_rule("jr_span_close", _render_span_close)


def math_plugin(md: Any) -> None:
    """``$…$`` and ``$$…$$`` (inline and as blocks) as math spans, with Pandoc's rule that
    Streamlit's page follows: a ``$`` next to a space or a digit is not a delimiter, so
    ``$5 and $6`` stays text."""
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md.use(dollarmath_plugin, allow_labels=False, allow_space=False, allow_digits=False, double_inline=True)
    md.add_render_rule("math_inline", _math(False, False))
    md.add_render_rule("math_inline_double", _math(True, False))
    md.add_render_rule("math_block", _math(True, True))
    md.add_render_rule("math_block_label", _math(True, True))


def make(html: bool) -> Any:
    """A MarkdownIt with CommonMark, tables, strikethrough, math, GFM autolink literals and the
    extras; raw HTML passed through only when ``html`` (``unsafe_allow_html=True``; the page then
    sanitizes it)."""
    from markdown_it import MarkdownIt

    from .autolink import autolink_plugin

    md = MarkdownIt("commonmark", {"html": html, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    try:
        md.use(math_plugin)
    except ImportError:  # mdit-py-plugins missing: dollars stay text
        pass
    md.use(extras_plugin)
    md.use(autolink_plugin)
    return md
