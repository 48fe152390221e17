"""The page's look from Streamlit's ``[theme]`` options: CSS custom properties for the page's
stylesheet (style.css draws everything in ``--ac``, ``--bg``, ``--b2``, ``--fg``, ``--ln``,
``--bd``, ``--r``, ``--mo``...), written into a ``<style>`` element of the page the server sends
(server loop; stdlib only). Every value is checked against what CSS takes for it, so nothing
from a config file can end the element or add a rule of its own.

``[theme]`` applies in both schemes, ``[theme.light]`` / ``[theme.dark]`` in one
(``prefers-color-scheme`` media blocks, which ``theme.ts`` switches when the scheme is forced),
each with its ``.sidebar`` section for the sidebar alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(?:rgb|rgba|hsl|hsla)\(\s*[0-9., %/+-]{1,60}\)")
_FONT = re.compile(r"[\w \-,'\"]{1,200}")
_FONT_URL = re.compile(r"(.{1,100}?):https?://\S{1,2000}")
_LENGTH = re.compile(r"\d{1,3}(?:\.\d{1,3})?(?:px|rem|em)")
#: Streamlit 1.67's radius keywords (its front end's values)
_RADIUS = {"none": "0", "small": ".35rem", "medium": ".5rem", "large": "1rem", "full": "1.4rem"}
_FONTS = {
    "sans-serif": ('-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'),
    "serif": 'Georgia, "Times New Roman", serif',
    "monospace": "var(--mo)",
}
_GENERIC = ("sans-serif", "serif", "monospace", "cursive", "system-ui")


def _color(value: Any) -> str | None:
    return value if isinstance(value, str) and _COLOR.fullmatch(value.strip()) else None


def _font(value: Any, fallback: str = "sans-serif") -> str | None:
    """A font option as a CSS family list: Streamlit's three names, or the user's families
    (quoted), falling back to sans-serif."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    linked = _FONT_URL.fullmatch(text)
    if linked:  # Streamlit 1.67's "Family:https://...css": the family, if installed (no fetching)
        text = linked.group(1).strip()
    if not _FONT.fullmatch(text):
        return None
    if text in _FONTS:
        return _FONTS[text]
    families = []
    for family in text.split(","):
        name = family.strip().strip("'\"").strip()
        if name:
            families.append(name if name in _GENERIC else f'"{name}"')
    if not families:
        return None
    return ", ".join(families) + ("" if families[-1] in _GENERIC else f", {fallback}")


def _code_font(value: Any) -> str | None:
    return _font(value, "monospace")


def _radius(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3})?", text):  # a bare number is pixels, as in Streamlit
        text += "px"
    return _RADIUS.get(text) or (text if _LENGTH.fullmatch(text) else None)


def _palette(theme: Mapping[str, Any], prefix: str = "") -> tuple[list[str], list[str]]:
    """CSS custom properties (and invalid keys) for a theme's colours, fonts and radius. The
    sidebar has its own set in style.css: the panel in --sb, its fields in --sf, their borders
    in --sd. Streamlit's sidebar backgroundColor (``prefix`` "[light.|dark.]sidebar.") is the
    panel's, its secondaryBackgroundColor the fields'; the main secondaryBackgroundColor is the
    panel's too, and the main backgroundColor the fields' (Streamlit swaps the pair there)."""
    sidebar = prefix.endswith("sidebar.")
    bg, b2 = ("--sb", "--sf") if sidebar else ("--bg", "--b2")
    props: list[str] = []
    bad: list[str] = []

    def get(name: str, conv: Callable[[Any], str | None]) -> str | None:
        if prefix + name not in theme:
            return None
        out = conv(theme[prefix + name])
        if out is None:
            bad.append(prefix + name)
        return out

    primary = get("primaryColor", _color)
    if primary:
        props += [
            f"--ac:{primary}",
            f"--ah:color-mix(in srgb,{primary} 85%,#000)",
            f"--rg:color-mix(in srgb,{primary} 50%,transparent)",
        ]
    for name, var in (("backgroundColor", bg), ("secondaryBackgroundColor", b2), ("linkColor", "--ln")):
        value = get(name, _color)
        if value:
            props.append(f"{var}:{value}")
            if var == "--b2":
                props.append(f"--sb:{value}")
            if var == "--bg":  # Streamlit swaps the two in the sidebar: its fields take the page's
                props.append(f"--sf:{value}")
    if not sidebar and (prefix + "backgroundColor" in theme or prefix + "secondaryBackgroundColor" in theme):
        props.append("--b3:color-mix(in srgb,var(--bg) 60%,var(--b2))")
    text = get("textColor", _color)
    if text:
        props += [f"--fg:{text}", f"--mu:color-mix(in srgb,{text} 60%,transparent)"]
    border = get("borderColor", _color)
    if border:
        props += [f"--bd:{border}", f"--bl:color-mix(in srgb,{border} 60%,var(--bg))", f"--sd:{border}"]
    code_bg = get("codeBackgroundColor", _color)
    if code_bg:
        props.append(f"--jr-code-bg:{code_bg}")
    for name, var in (("font", "--jr-font"), ("headingFont", "--jr-heading-font"), ("codeFont", "--mo")):
        value = get(name, _code_font if var == "--mo" else _font)
        if value and not (var == "--mo" and value == _FONTS["monospace"]):  # that is --mo already
            props.append(f"{var}:{value}")
    radius = get("baseRadius", _radius)
    if radius:
        props.append(f"--r:{radius}")
    return props, bad


#: Streamlit 1.67's heading weights when headingFontWeights leaves one out (h1 ... h6)
_HEADING_WEIGHTS = (700, 600, 600, 600, 600, 600)


def _six(value: Any) -> list[Any] | None:
    """headingFontSizes / headingFontWeights: a list of up to six (h1 first), or one value for
    all six, as in Streamlit."""
    if isinstance(value, list):
        return value[:6] if 0 < len(value) <= 6 else None
    return [value] * 6


def _weight(value: Any, low: int = 100, high: int = 900) -> int | None:
    """A font weight as Streamlit takes it: a whole multiple of 50 from ``low`` to ``high``."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high or value % 50:
        return None
    return value


def _headings_and_buttons(theme: Mapping[str, Any], prefix: str, scope: str, bad: list[str]) -> list[str]:
    """Rules for one section's heading sizes and weights (``headingScope``: the main area or
    the sidebar, which does not inherit them), button corners and link underlines."""
    rules: list[str] = []
    head = ".jr-main " if scope == "" else scope
    sizes = theme.get(prefix + "headingFontSizes")
    if sizes is not None:
        sized = _six(sizes)
        checked = [v.strip() if isinstance(v, str) and _LENGTH.fullmatch(v.strip()) else None for v in sized or []]
        if not checked or None in checked:
            bad.append(prefix + "headingFontSizes")
        for n, size in enumerate(checked, 1):
            if size:
                rules.append(f"{head}:is(h{n}.jr-md,.jr-md h{n}{',.jr-v-title' if n == 1 else ''}){{font-size:{size}}}")
    weights = theme.get(prefix + "headingFontWeights")
    if weights is not None:
        given = _six(weights) or []
        if not any(_weight(w) is not None for w in given):
            bad.append(prefix + "headingFontWeights")  # some invalid ones are ignored, as in Streamlit
        for n, raw in enumerate(given, 1):
            weight = _weight(raw)  # an invalid weight keeps the default, as in Streamlit
            if weight is not None and weight != _HEADING_WEIGHTS[n - 1]:
                rules.append(
                    f"{head}:is(h{n}.jr-md,.jr-md h{n}{',.jr-v-title' if n == 1 else ''}){{font-weight:{weight}}}"
                )
    if prefix + "buttonRadius" in theme:
        radius = _radius(theme[prefix + "buttonRadius"])
        if radius is None:
            bad.append(prefix + "buttonRadius")
        else:
            rules.append(f"{scope}:is(.jr-btn,.jr-linkbtn .jr-btn){{border-radius:{radius}}}")
    underline = theme.get(prefix + "linkUnderline")
    if underline is not None:
        if isinstance(underline, bool):
            rules.append(f"{scope}.jr-md a{{text-decoration:{'underline' if underline else 'none'}}}")
        else:
            bad.append(prefix + "linkUnderline")
    return rules


UNUSABLE = "unusable"


def page_style(theme: Mapping[str, Any]) -> tuple[str, str | None, list[str]]:
    """The page's ``<style>`` body for the configured theme ("" when none), the scheme it
    forces (``theme.base``: "light", "dark" or None) and ``["unusable"]`` when a value is not
    one CSS takes (the reader checks each value alone with it, and warns). ``theme``: the
    ``theme.*`` options without ``theme.`` (``"primaryColor"``, ``"dark.sidebar.textColor"``)."""
    bad: list[str] = []
    rules = _rules(theme, "", bad)
    for mode in ("light", "dark"):
        inner = _rules(theme, f"{mode}.", bad)
        if inner:
            rules.append(f"@media (prefers-color-scheme: {mode}){{{''.join(inner)}}}")
    size = theme.get("baseFontSize")
    if isinstance(size, int) and 8 <= size <= 40:
        rules.append(f"html,body{{font-size:{size}px}}")
    elif size is not None:
        bad.append("baseFontSize")
    weight = theme.get("baseFontWeight")
    if weight is not None:
        if _weight(weight, 100, 600) is None:
            bad.append("baseFontWeight")
        else:
            rules.append(f"body{{font-weight:{weight}}}")
    if theme.get("showSidebarBorder") is False:
        rules.append(".jr-sidebar{border-right:none}")
    base = theme.get("base")
    return "".join(rules), base if base in ("light", "dark") else None, [UNUSABLE] if bad else []


def _rules(theme: Mapping[str, Any], mode: str, bad: list[str]) -> list[str]:
    """The rules of one section (``mode``: "" for ``[theme]``, "light." or "dark.") and of its
    sidebar section; invalid keys are added to ``bad``."""
    rules: list[str] = []
    props, wrong = _palette(theme, mode)
    bad += wrong
    categorical = theme.get(mode + "chartCategoricalColors")
    if categorical is not None:
        colors = [c for c in (_color(v) for v in categorical) if c]
        if colors:
            props.append(f"--jr-cat:{'|'.join(colors)}")  # "|": an rgb() colour holds commas
        if len(colors) != len(categorical):
            bad.append(mode + "chartCategoricalColors")
    if props:
        rules.append(f":root{{{';'.join(props)}}}")
    rules += _uses(props, "")
    if theme.get(mode + "showWidgetBorder") is True:
        rules.append(f":is(.jr-input,.jr-select,.jr-multi,.jr-num){{{_BORDER}}}")
    rules += _headings_and_buttons(theme, mode, "", bad)
    side, wrong = _palette(theme, mode + "sidebar.")
    bad += wrong
    if side:
        if any(p.startswith("--fg:") for p in side):
            side.append("color:var(--fg)")  # the page's text colour is inherited, not the variable
        rules.append(f".jr-sidebar{{{';'.join(side)}}}")
        rules += _uses(side, ".jr-sidebar ")
    if theme.get(mode + "sidebar.showWidgetBorder") is True:
        rules.append(f".jr-sidebar :is(.jr-input,.jr-select,.jr-multi,.jr-num){{{_BORDER}}}")
    rules += _headings_and_buttons(theme, mode + "sidebar.", ".jr-sidebar ", bad)
    return rules


_BORDER = "border:1px solid var(--bd)"


def _uses(props: list[str], scope: str) -> list[str]:
    """The rules that use the font and code-background variables ``props`` sets."""
    out = []
    if any(p.startswith("--jr-font:") for p in props):
        out.append(f"{scope.strip() or 'body'}{{font-family:var(--jr-font)}}")
    if any(p.startswith("--jr-heading-font:") for p in props):
        out.append(f"{scope}:is(h1,h2,h3,h4,h5,h6,.jr-v-title){{font-family:var(--jr-heading-font)}}")
    if any(p.startswith("--jr-code-bg:") for p in props):
        out.append(f"{scope}:is(.jr-code,.jr-md pre){{background:var(--jr-code-bg)}}")
    return out
