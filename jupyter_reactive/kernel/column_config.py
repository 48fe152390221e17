"""``jr.column_config``: how a dataframe's (or a data editor's) columns are shown (script thread).

Each function returns a plain dict, as Streamlit's do, so a config can be built once and reused;
:func:`resolve` turns the ``column_config=`` mapping (column name -> such a dict, a plain string
that renames, or None that hides) into the wire fields of a ``GridColumn``
(``jupyter_reactive/schema.py``). ``disabled``, ``required``, ``default`` and the editing limits
(``step``, ``options``, ``max_chars``, ``validate``) are kept in the dict for ``data_editor``; a
read-only grid ignores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

ColumnWidth = Literal["small", "medium", "large"] | int | None

__all__ = [
    "AreaChartColumn",
    "BarChartColumn",
    "CheckboxColumn",
    "Column",
    "DateColumn",
    "DatetimeColumn",
    "ImageColumn",
    "LineChartColumn",
    "LinkColumn",
    "ListColumn",
    "NumberColumn",
    "ProgressColumn",
    "SelectboxColumn",
    "TextColumn",
    "TimeColumn",
]


def _base(
    label: str | None,
    width: ColumnWidth,
    help: str | None,
    disabled: bool | None,
    required: bool | None,
    pinned: bool | None = None,
    default: Any = None,
    type: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
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
) -> dict[str, Any]:
    """A column's label, width and header tooltip, whatever its type."""
    return _base(label, width, help, disabled, required, pinned)


def NumberColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
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
    )


def TextColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    default: str | None = None,
    max_chars: int | None = None,
    validate: str | None = None,
) -> dict[str, Any]:
    """Text."""
    return _base(
        label, width, help, disabled, required, pinned, default, "text", max_chars=max_chars, validate=validate
    )


def CheckboxColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
    default: bool | None = None,
) -> dict[str, Any]:
    """Booleans as checkboxes."""
    return _base(label, width, help, disabled, required, pinned, default, "checkbox")


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
) -> dict[str, Any]:
    """One of ``options`` (a read-only grid shows the value as text)."""
    return _base(
        label,
        width,
        help,
        disabled,
        required,
        pinned,
        default,
        "selectbox",
        options=None if options is None else list(options),
    )


def DateColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
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
    )


def DatetimeColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
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
    )


def TimeColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
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
    )


def LinkColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    disabled: bool | None = None,
    required: bool | None = None,
    pinned: bool | None = None,
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
    )


def ImageColumn(
    label: str | None = None, *, width: ColumnWidth = None, help: str | None = None, pinned: bool | None = None
) -> dict[str, Any]:
    """Image URLs (or data: URIs) as small pictures."""
    return _base(label, width, help, None, None, pinned, None, "image")


def ListColumn(
    label: str | None = None, *, width: ColumnWidth = None, help: str | None = None, pinned: bool | None = None
) -> dict[str, Any]:
    """Lists, shown comma-separated."""
    return _base(label, width, help, None, None, pinned, None, "list")


def ProgressColumn(
    label: str | None = None,
    *,
    width: ColumnWidth = None,
    help: str | None = None,
    pinned: bool | None = None,
    format: str | None = None,
    min_value: float | None = None,
    max_value: float | None = None,
    color: str | None = None,
) -> dict[str, Any]:
    """Numbers as a bar from ``min_value`` (default 0) to ``max_value`` (default 100)."""
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
        else:
            raise TypeError(f"column_config[{name!r}] must be a column config, a label string or None")
    return out


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
    lo = conf.get("min_value", conf.get("y_min"))
    hi = conf.get("max_value", conf.get("y_max"))
    if col.get("type") == "progress":
        lo = 0 if lo is None else lo
        hi = 100 if hi is None else hi
    for key, value in (("min", lo), ("max", hi)):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            col[key] = float(value)
    return col
