"""``jr.column_config``: how a dataframe's (or a data editor's) columns are shown (script thread).

Each function returns a plain dict, as Streamlit's do, so a config can be built once and reused;
:func:`resolve` turns the ``column_config=`` mapping (column name -> such a dict, a plain string
that renames, or None that hides) into the wire fields of a ``GridColumn``
(``jupyter_reactive/schema.py``). ``disabled``, ``required``, ``default`` and the editing limits
(``step``, ``options``, ``max_chars``, ``validate``) are kept in the dict for ``data_editor``; a
read-only grid ignores them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

ColumnWidth = Literal["small", "medium", "large"] | int | None
Alignment = Literal["left", "center", "right"] | None
ALIGNMENTS = ("left", "center", "right")

__all__ = [
    "AreaChartColumn",
    "AudioColumn",
    "BarChartColumn",
    "ButtonColumn",
    "ButtonColumnResult",
    "CheckboxColumn",
    "Column",
    "DateColumn",
    "DatetimeColumn",
    "ImageColumn",
    "JsonColumn",
    "LineChartColumn",
    "LinkColumn",
    "ListColumn",
    "MarkdownColumn",
    "MultiselectColumn",
    "NumberColumn",
    "ProgressColumn",
    "SelectboxColumn",
    "TextColumn",
    "TimeColumn",
    "VideoColumn",
]


#: Streamlit's categorical chart colours: a multiselect column's ``color="auto"``
AUTO_COLORS = ("#0068c9", "#83c9ff", "#ff2b2b", "#ffabab", "#29b09d", "#7defa1", "#ff8700", "#ffd16a", "#6d3fc0")
_SAFE_COLOR = re.compile(r"^[#\w(),.%\s-]{1,64}$")


def _labels(options: list[Any] | None, format_func: Callable[[Any], str] | None) -> list[str] | None:
    if format_func is None:
        return None
    if not callable(format_func):
        raise TypeError("format_func must be callable")
    if options is None:
        raise ValueError("format_func needs options to format")
    return [str(format_func(o)) for o in options]


def _colors(options: list[Any] | None, color: Any) -> list[str] | None:
    """One colour per option: a single colour for all, a list cycled, or "auto"."""
    if color is None:
        return None
    if options is None:
        raise ValueError("color needs options to colour")
    if isinstance(color, str):
        # "auto": the chart colours, translucent (tints with dark text, as Streamlit's)
        palette = [c + "4d" for c in AUTO_COLORS] if color == "auto" else [color]
    else:
        palette = list(color)
    if not palette or not all(isinstance(c, str) and _SAFE_COLOR.match(c) for c in palette):
        raise ValueError(f'color must be a CSS colour, "primary", "auto" or a list of colours, not {color!r}')
    return [palette[i % len(palette)] for i in range(len(options))]


def _str_list(value: Any, what: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"{what} must be a list of strings")
    return [str(v) for v in value]


def _base(
    label: str | None,
    width: ColumnWidth,
    help: str | None,
    disabled: bool | None,
    required: bool | None,
    pinned: bool | None = None,
    default: Any = None,
    type: str | None = None,
    alignment: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    if alignment is not None and alignment not in ALIGNMENTS:
        raise ValueError(f'alignment must be "left", "center" or "right", not {alignment!r}')
    if (
        width is not None
        and width not in ("small", "medium", "large")
        and not (isinstance(width, int) and not isinstance(width, bool) and width > 0)
    ):
        raise ValueError(f'width must be "small", "medium", "large" or a number of pixels, not {width!r}')
    conf: dict[str, Any] = {
        "label": label,
        "width": width,
        "help": help,
        "disabled": disabled,
        "required": required,
        "pinned": pinned,
        "default": default,
        "type": type,
        "alignment": alignment,
    }
    conf.update(extra)
    return {k: v for k, v in conf.items() if v is not None}


def Column(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
) -> dict[str, Any]:
    """A column's label, width and header tooltip, whatever its type."""
    return _base(label, width, help, disabled, required, pinned, alignment=alignment)


def NumberColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
    default: float | None = None,
    format: str | None = None,
    min_value: float | None = None,
    max_value: float | None = None,
    step: float | None = None,
) -> dict[str, Any]:
    """Numbers, shown with a printf-style ``format`` (``"%.2f"``, ``"$%d"``...)."""
    return _base(
        label,
        width,
        help,
        disabled,
        required,
        pinned,
        default,
        "number",
        format=format,
        min_value=min_value,
        max_value=max_value,
        step=step,
        alignment=alignment,
    )


def TextColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
    default: str | None = None,
    max_chars: int | None = None,
    validate: str | None = None,
) -> dict[str, Any]:
    """Text."""
    return _base(
        label,
        width,
        help,
        disabled,
        required,
        pinned,
        default,
        "text",
        max_chars=max_chars,
        validate=validate,
        alignment=alignment,
    )


def CheckboxColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
    default: bool | None = None,
) -> dict[str, Any]:
    """Booleans as checkboxes."""
    return _base(label, width, help, disabled, required, pinned, default, "checkbox", alignment=alignment)


def SelectboxColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    default: Any = None,
    options: Iterable[Any] | None = None,
    format_func: Callable[[Any], str] | None = None,
) -> dict[str, Any]:
    """One of ``options``; ``format_func`` makes each option's label (computed here, once: the
    cells and the editor show the labels, the data keeps the values)."""
    opts = None if options is None else list(options)
    return _base(
        label,
        width,
        help,
        disabled,
        required,
        pinned,
        default,
        "selectbox",
        options=opts,
        option_labels=_labels(opts, format_func),
    )


def DateColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
    default: Any = None,
    format: str | None = None,
    min_value: Any = None,
    max_value: Any = None,
    step: int | None = None,
) -> dict[str, Any]:
    """Dates (shown as the kernel formats them)."""
    return _base(
        label,
        width,
        help,
        disabled,
        required,
        pinned,
        default,
        "date",
        format=format,
        min_value=min_value,
        max_value=max_value,
        step=step,
        alignment=alignment,
    )


def DatetimeColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
    default: Any = None,
    format: str | None = None,
    min_value: Any = None,
    max_value: Any = None,
    step: Any = None,
    timezone: str | None = None,
) -> dict[str, Any]:
    """Dates with times (shown as the kernel formats them)."""
    return _base(
        label,
        width,
        help,
        disabled,
        required,
        pinned,
        default,
        "datetime",
        format=format,
        min_value=min_value,
        max_value=max_value,
        step=step,
        timezone=timezone,
        alignment=alignment,
    )


def TimeColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
    default: Any = None,
    format: str | None = None,
    min_value: Any = None,
    max_value: Any = None,
    step: Any = None,
) -> dict[str, Any]:
    """Times of day (shown as the kernel formats them)."""
    return _base(
        label,
        width,
        help,
        disabled,
        required,
        pinned,
        default,
        "time",
        format=format,
        min_value=min_value,
        max_value=max_value,
        step=step,
        alignment=alignment,
    )


def LinkColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
    default: str | None = None,
    max_chars: int | None = None,
    validate: str | None = None,
    display_text: str | None = None,
) -> dict[str, Any]:
    """URLs as links; ``display_text`` is shown instead of the URL."""
    return _base(
        label,
        width,
        help,
        disabled,
        required,
        pinned,
        default,
        "link",
        max_chars=max_chars,
        validate=validate,
        display_text=display_text,
        alignment=alignment,
    )


def ImageColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
) -> dict[str, Any]:
    """Image URLs (or data: URIs) as small pictures."""
    return _base(label, width, help, None, None, pinned, None, "image", alignment=alignment)


def AudioColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
) -> dict[str, Any]:
    """Audio URLs (http(s), relative, or ``data:audio/...``): an icon per cell that plays the
    audio when clicked. Read-only."""
    return _base(label, width, help, None, None, pinned, None, "audio", alignment=alignment)


def VideoColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
) -> dict[str, Any]:
    """Video URLs (http(s), relative, or ``data:video/...``): an icon per cell that plays the
    video when clicked. Read-only."""
    return _base(label, width, help, None, None, pinned, None, "video", alignment=alignment)


def ListColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    pinned: bool | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    default: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Lists, shown comma-separated; in ``data_editor`` the viewer adds and removes items (any
    text), and the column's cells come back as lists."""
    return _base(label, width, help, disabled, required, pinned, _str_list(default, "default"), "list")


def MultiselectColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    default: Iterable[str] | None = None,
    options: Iterable[str] | None = None,
    accept_new_options: bool | None = None,
    color: str | Iterable[str] | None = None,
    format_func: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """Lists of ``options`` shown as chips (``color``: one colour for all, one per option in
    turn, or ``"auto"``; ``format_func`` makes the labels). In ``data_editor`` the viewer picks
    options (and types new ones with ``accept_new_options``); cells come back as lists."""
    opts = None if options is None else list(options)
    return _base(
        label,
        width,
        help,
        disabled,
        required,
        pinned,
        _str_list(default, "default"),
        "multiselect",
        options=opts,
        option_labels=_labels(opts, format_func),
        option_colors=_colors(opts, color),
        accept_new_options=None if accept_new_options is None else bool(accept_new_options),
    )


def JsonColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
) -> dict[str, Any]:
    """JSON values (dicts, lists, JSON strings...) shown compactly, one line per cell; a click
    shows the whole value. Read-only."""
    return _base(label, width, help, None, None, pinned, None, "json", alignment=alignment)


def MarkdownColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
    default: str | None = None,
) -> dict[str, Any]:
    """Markdown text, rendered in the cell (raw HTML is escaped, as ``markdown`` does); a
    click shows the whole text rendered. Edited as text in ``data_editor``."""
    return _base(label, width, help, disabled, required, pinned, default, "markdown", alignment=alignment)


@dataclass(frozen=True)
class ButtonColumnResult:
    """What :func:`ButtonColumn` returns when given a ``key``: the column's config and the
    click callback, which ``dataframe`` / ``data_editor`` register as a widget."""

    config: dict[str, Any]
    on_click: Callable[..., Any] | None = None
    args: tuple[Any, ...] | None = None
    kwargs: dict[str, Any] | None = None
    key: str | None = None


def ButtonColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    pinned: bool | None = None,
    alignment: Alignment = None,
    type: Literal["primary", "secondary", "tertiary"] = "secondary",
    on_click: Callable[..., Any] | None = None,
    args: Any = None,
    kwargs: Any = None,
    key: str | None = None,
) -> Any:
    """A button per cell, labelled with the cell's text (a list of texts: a menu of them).
    With ``key``, a click reruns the app with ``session_state[key]`` set to ``{"row": position,
    "label": text}`` (attributes too) for that run only, after ``on_click(*args, **kwargs)``;
    it returns a :class:`ButtonColumnResult`. Without a key the buttons do nothing (callbacks
    then need a key). Always read-only."""
    if type not in ("primary", "secondary", "tertiary"):
        raise ValueError(f'type must be "primary", "secondary" or "tertiary", not {type!r}')
    conf = _base(label, width, help, True, None, pinned, None, "button", alignment=alignment, button_type=type)
    if key is None:
        if on_click is not None or args is not None or kwargs is not None:
            raise ValueError("ButtonColumn needs a key for on_click, args or kwargs to be registered")
        return conf
    if on_click is not None and not callable(on_click):
        raise TypeError("on_click must be callable")
    if kwargs is not None and not isinstance(kwargs, Mapping):
        raise TypeError("kwargs must be a dict")
    return ButtonColumnResult(
        conf, on_click, None if args is None else tuple(args), None if kwargs is None else dict(kwargs), str(key)
    )


def ProgressColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    pinned: bool | None = None,
    format: str | None = None,
    min_value: float | None = None,
    max_value: float | None = None,
    step: float | None = None,
    color: str | None = None,
) -> dict[str, Any]:
    """Numbers as a bar from ``min_value`` (default 0) to ``max_value`` (default 100 for whole
    numbers, 1 for floats); without a ``format`` the number is shown to ``step``'s precision."""
    if step is not None and (isinstance(step, bool) or not isinstance(step, (int, float)) or not step > 0):
        raise ValueError(f"step must be a positive number, not {step!r}")
    return _base(
        label,
        width,
        help,
        None,
        None,
        pinned,
        None,
        "progress",
        format=format,
        min_value=min_value,
        max_value=max_value,
        step=step,
        color=color,
    )


def _chart(
    kind: str,
    label: str | None,
    width: ColumnWidth,
    help: str | None,
    pinned: bool | None,
    y_min: float | None,
    y_max: float | None,
    color: str | None,
) -> dict[str, Any]:
    return _base(label, width, help, None, None, pinned, None, kind, y_min=y_min, y_max=y_max, color=color)


def LineChartColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    pinned: bool | None = None,
    y_min: float | None = None,
    y_max: float | None = None,
    color: str | None = None,
) -> dict[str, Any]:
    """Lists of numbers as a small line chart."""
    return _chart("line_chart", label, width, help, pinned, y_min, y_max, color)


def BarChartColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    pinned: bool | None = None,
    y_min: float | None = None,
    y_max: float | None = None,
    color: str | None = None,
) -> dict[str, Any]:
    """Lists of numbers as a small bar chart."""
    return _chart("bar_chart", label, width, help, pinned, y_min, y_max, color)


def AreaChartColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    pinned: bool | None = None,
    y_min: float | None = None,
    y_max: float | None = None,
    color: str | None = None,
) -> dict[str, Any]:
    """Lists of numbers as a small area chart."""
    return _chart("area_chart", label, width, help, pinned, y_min, y_max, color)


_HIDE = object()


def normalize(column_config: Mapping[Any, Any] | None) -> dict[str, Any]:
    """``column_config=`` as column name -> config dict, or :data:`_HIDE` for a hidden column.

    Raises:
        TypeError: a value that is not a dict, a string or None.
    """
    out: dict[str, Any] = {}
    for name, conf in dict(column_config or {}).items():
        if conf is None:
            out[str(name)] = _HIDE
        elif isinstance(conf, str):
            out[str(name)] = {"label": conf}
        elif isinstance(conf, Mapping):
            out[str(name)] = dict(conf)
        elif isinstance(conf, ButtonColumnResult):
            out[str(name)] = {**conf.config, "button": conf}
        else:
            raise TypeError(f"column_config[{name!r}] must be a column config, a label string or None")
    return out


def option_json(value: Any) -> Any:
    """An option (or a default) as JSON: numbers, strings and bools as they are, NumPy scalars
    as Python ones, dates as ISO strings, anything else as its text."""
    import datetime as dt
    import math

    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        return value if not isinstance(value, float) or math.isfinite(value) else None
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return option_json(item())
        except Exception:
            pass
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def hidden(conf: Any) -> bool:
    return conf is _HIDE or (isinstance(conf, Mapping) and conf.get("hidden") is True)


def resolve(name: str, kind: str, conf: Mapping[str, Any] | None) -> dict[str, Any]:
    """The wire ``GridColumn`` of a column called ``name`` holding ``kind`` data."""
    col: dict[str, Any] = {"name": name, "kind": kind}
    if not conf:
        return col
    if conf.get("label") is not None:
        col["name"] = str(conf["label"])
    if conf.get("type") is not None:
        col["type"] = str(conf["type"])
    if conf.get("help") is not None:
        col["help"] = str(conf["help"])
    if conf.get("width") is not None:
        col["width"] = conf["width"]
    if conf.get("format") is not None:
        col["format"] = str(conf["format"])
    if conf.get("display_text") is not None:
        col["display_text"] = str(conf["display_text"])
    if conf.get("pinned") is not None:
        col["pinned"] = bool(conf["pinned"])
    align = conf.get("alignment")
    if align is not None:
        if align not in ALIGNMENTS:
            raise ValueError(f'column {name!r}: alignment must be "left", "center" or "right", not {align!r}')
        col["align"] = align
    ctype = col.get("type")
    if ctype in ("selectbox", "multiselect") and conf.get("options") is not None:
        options = list(conf["options"])
        labels = conf.get("option_labels")
        colors = conf.get("option_colors")
        for what, extra in (("option_labels", labels), ("option_colors", colors)):
            if extra is not None and (not isinstance(extra, list) or len(extra) != len(options)):
                raise ValueError(f"column {name!r}: {what} must be a list as long as options")
        col["options"] = [option_json(o) for o in options]
        if labels is not None:
            col["labels"] = [str(x) for x in labels]
        if colors is not None:
            if not all(isinstance(c, str) and _SAFE_COLOR.match(c) for c in colors):
                raise ValueError(f"column {name!r}: option colours must be CSS colours")
            col["colors"] = list(colors)
    if ctype == "button":
        bt = conf.get("button_type", "secondary")
        if bt not in ("primary", "secondary", "tertiary"):
            raise ValueError(f'column {name!r}: button type must be "primary", "secondary" or "tertiary"')
        col["button_type"] = bt
    lo = conf.get("min_value", conf.get("y_min"))
    hi = conf.get("max_value", conf.get("y_max"))
    if ctype == "progress":
        lo = 0 if lo is None else lo
        hi = (1 if kind == "float" else 100) if hi is None else hi
        step = conf.get("step")
        if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0:
            col["step"] = float(step)
    for key, value in (("min", lo), ("max", hi)):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            col[key] = float(value)
    return col
