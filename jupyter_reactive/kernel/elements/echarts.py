"""``echarts_chart``: an Apache ECharts option drawn in the page (script thread; the selection
validator also runs on the subshell thread).

The option (a dict, a JSON string or a pyecharts chart's ``dump_options``) is checked as
Streamlit 1.67 checks it (what ECharts cannot draw without JavaScript is refused with Streamlit's
message), a dataframe in ``dataset.source`` becomes rows of plain values with the column names as
``dataset.dimensions``, and the option travels as strict JSON. The page draws it with ECharts (a
chunk it loads on first use) in the page's colours or ECharts' own, and with ``on_select`` the
chart is a widget whose value is the viewer's selection, in Streamlit's shape.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal

from ..delta import returns_handle
from ..errors import StreamlitAPIException, StreamlitInvalidParameterTypeError, StreamlitValueError
from ..params import Height, Width, laid_out
from ..state import WidgetValueError
from .plots import AttrDict
from .widget_base import WidgetBase

_log = logging.getLogger("jupyter_reactive")

#: what "content" is for an option, which has no size of its own (Streamlit's defaults)
CONTENT_WIDTH = 700
CONTENT_HEIGHT = 350
_PYECHARTS_DEFAULTS = {"width": "900px", "height": "500px"}

# what ECharts cannot draw from JSON alone, as Streamlit 1.67 refuses it
_GL_SERIES = frozenset(
    {
        "bar3D", "flowGL", "globe", "graphGL", "line3D", "lines3D", "linesGL", "map3D",
        "polygons3D", "scatter3D", "scatterGL", "surface",
    }
)  # fmt: skip
_GL_COMPONENTS = frozenset({"geo3D", "globe", "grid3D", "mapbox3D", "maptalks3D"})
_EXTENSION_SERIES = {"liquidFill": "echarts-liquidfill", "wordCloud": "echarts-wordcloud"}
_JS_FUNCTION = re.compile(r"\bfunction\s*\(")
_JSCODE = "--x_x--"  # pyecharts' JsCode wrapping

#: bounds of a selection from the page (the protocol bounds the frame; these, its parts)
MAX_GROUPS = 10_000
MAX_INDICES = 1_000_000
_DATA_TYPES = ("main", "node", "edge")
_BRUSH_TYPES = ("rect", "lineX", "lineY", "polygon")


# -- the option ------------------------------------------------------------------------------------


def _js_callback_error() -> StreamlitAPIException:
    return StreamlitAPIException(
        "The provided ECharts spec contains JavaScript callbacks (e.g. `function` values or `JsCode`), "
        "which `st.echarts_chart` does not support. Only JSON-compatible option objects are supported. "
        "Use ECharts string-template formatters instead of JavaScript functions."
    )


def _has_jscode(value: Any) -> bool:
    if isinstance(value, str):
        s = value.strip()
        return s.startswith(_JSCODE) and s.endswith(_JSCODE) and len(s) > 2 * len(_JSCODE)
    if isinstance(value, dict):
        return any(_has_jscode(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_jscode(v) for v in value)
    return False


def _loads(raw: str) -> Any:
    try:
        option = json.loads(raw)
    except (TypeError, ValueError, RecursionError) as err:
        rest = raw[err.pos :] if isinstance(err, json.JSONDecodeError) else raw
        if _JS_FUNCTION.search(rest) or "=>" in rest:
            raise _js_callback_error() from None
        raise StreamlitAPIException(
            "The provided ECharts spec could not be parsed as JSON. "
            "`st.echarts_chart` only supports JSON-compatible option objects."
        ) from None
    if _has_jscode(option):
        raise _js_callback_error()
    return option


def _entries(value: Any, key: str) -> Iterator[Any]:
    if value is None:
        return
    if not isinstance(value, (list, tuple)):
        raise StreamlitAPIException(
            f"The provided ECharts spec has a `{key}` value that is not a list. "
            "`st.echarts_chart` only supports JSON-compatible option objects."
        )
    yield from value


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    """One dict, or the dicts of a list (``series``, ``tooltip``, ``dataset`` ...)."""
    if isinstance(value, dict):
        yield value
    elif isinstance(value, (list, tuple)):
        yield from (v for v in value if isinstance(v, dict))


def _media(option: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for entry in _entries(option.get("media"), "media"):
        if isinstance(entry, dict) and isinstance(entry.get("option"), dict):
            yield entry["option"]


def variants(option: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The option, its ``media`` overrides, its timeline's ``baseOption`` and ``options``."""
    yield option
    yield from _media(option)
    base = option.get("baseOption")
    if isinstance(base, dict):
        yield base
        yield from _media(base)
    for tick in _entries(option.get("options"), "options"):
        if isinstance(tick, dict):
            yield tick
            yield from _media(tick)


def _series(option: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for v in variants(option):
        yield from _dicts(v.get("series"))


def enables_selection(option: dict[str, Any]) -> bool:
    """A series with ``selectedMode``, a ``brush``, or a toolbox brush: something to select with."""
    for v in variants(option):
        if "brush" in v:
            return True
        for tb in _dicts(v.get("toolbox")):
            if isinstance(tb.get("feature"), dict) and "brush" in tb["feature"]:
                return True
    return any(s.get("selectedMode") for s in _series(option))


def _refuse_unsupported(option: dict[str, Any]) -> None:
    geo = any("geo" in v for v in variants(option))
    gl = sorted(c for v in variants(option) for c in _GL_COMPONENTS & v.keys())
    if gl:
        raise StreamlitAPIException(
            f"The provided ECharts spec uses the `{gl[0]}` component, which requires the ECharts GL "
            "extension. `st.echarts_chart` does not support 3D or WebGL charts."
        )
    for s in _series(option):
        kind = s.get("type")
        geo = geo or s.get("coordinateSystem") == "geo"
        if kind in _GL_SERIES:
            raise StreamlitAPIException(
                f"The provided ECharts spec uses the `{kind}` series, which requires the ECharts GL "
                "extension. `st.echarts_chart` does not support 3D or WebGL charts."
            )
        if isinstance(kind, str) and kind in _EXTENSION_SERIES:
            raise StreamlitAPIException(
                f"The provided ECharts spec uses the `{kind}` series, which requires the "
                f"`{_EXTENSION_SERIES[kind]}` extension. `st.echarts_chart` bundles only core ECharts, "
                "so this chart would render empty."
            )
        if kind == "map":
            geo = True
        if kind == "custom":
            raise StreamlitAPIException(
                "The provided ECharts spec uses a `custom` series, which requires a JavaScript "
                "`renderItem` callback. `st.echarts_chart` only supports JSON-compatible option "
                "objects, so custom series are not supported."
            )
    if geo:
        raise StreamlitAPIException(
            "The provided ECharts spec uses a map or geo coordinate system, which requires registering "
            "GeoJSON map data. `st.echarts_chart` does not support map charts."
        )


def _is_frame(value: Any) -> bool:
    """A table ``dataset.source`` may hold: pandas, polars, pyarrow, NumPy, or the interchange
    protocol (a plain list of rows stays as it is)."""
    mod = type(value).__module__ or ""
    return mod.split(".")[0] in ("pandas", "polars", "pyarrow", "numpy") or hasattr(value, "__dataframe__")


def _cell(value: Any) -> Any:
    """One dataframe value as JSON, as Streamlit's Arrow rows reach ECharts: datetimes as ISO text
    (UTC when zoned), durations in milliseconds, missing values as null."""
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, str):
        return value
    if isinstance(value, pd.Timestamp):
        if value.tzinfo is not None:
            return value.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
    if isinstance(value, (pd.Timedelta, dt.timedelta, np.timedelta64)):
        return pd.Timedelta(value).total_seconds() * 1000
    if isinstance(value, dt.datetime):
        return _cell(pd.Timestamp(value))
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return str(value)


def _frame_source(source: Any) -> tuple[list[str], list[list[Any]]]:
    from ..frames import to_frame

    try:
        df, _styler = to_frame(source)
    except (TypeError, ValueError) as err:
        raise StreamlitAPIException(
            "The provided ECharts `dataset.source` could not be converted for display. Convert or drop "
            f"the columns that cannot be serialized.\n\n{err}"
        ) from None
    names = [str(c) for c in df.columns]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise StreamlitAPIException(
            f"The ECharts dataset.source has duplicate column labels: {', '.join(dupes)}. Labels are "
            'compared as strings, so 1 and "1" also collide. Rename the columns so each label is unique.'
        )
    rows = [[_cell(v) for v in row] for row in df.itertuples(index=False, name=None)]
    return names, rows


def _convert_datasets(option: dict[str, Any]) -> None:
    """A dataframe in ``dataset.source`` -> its rows, its column names as ``dimensions`` (unless
    the option names them), so series map columns as in Streamlit."""
    for v in variants(option):
        for ds in _dicts(v.get("dataset")):
            source = ds.get("source")
            if source is None or isinstance(source, (dict, list, tuple, str)) or not _is_frame(source):
                continue
            names, rows = _frame_source(source)
            if not isinstance(ds.get("dimensions"), list):
                ds["dimensions"] = names
            ds["source"] = rows
            ds.setdefault("sourceHeader", False)


def _copy(value: Any) -> Any:
    """The option's dicts and lists copied (it is changed here; the app's own stays as it was);
    tables in it are kept as they are."""
    if isinstance(value, dict):
        return {k: v if k == "source" and _is_frame(v) else _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and any(isinstance(v, (dict, list, tuple)) for v in value):
        return [_copy(v) for v in value]
    return list(value) if isinstance(value, tuple) else value


def normalize(spec: Any) -> dict[str, Any]:
    """A dict, JSON text or pyecharts chart -> the option as plain JSON-able values, checked."""
    if isinstance(spec, str):
        option = _loads(spec)
    elif isinstance(spec, Mapping):
        option = _copy(dict(spec))
    elif callable(getattr(spec, "dump_options", None)):
        option = _loads(spec.dump_options())
    else:
        raise StreamlitInvalidParameterTypeError(
            f"Invalid `spec` type. Expected one of: dict, str, pyecharts chart. Provided type: {type(spec).__name__}."
        )
    if not isinstance(option, dict):
        raise StreamlitInvalidParameterTypeError(
            f"Invalid `spec` type. Expected one of: dict. Provided type: {type(option).__name__}. "
            "An ECharts spec must be a JSON object (mapping)."
        )
    _refuse_unsupported(option)
    _convert_datasets(option)
    return option


def _first_bad(value: Any, path: str) -> tuple[str, Any] | None:
    if isinstance(value, float):
        return None if math.isfinite(value) else (path, value)
    if value is None or isinstance(value, (str, int)):
        return None
    if isinstance(value, dict):
        for k, v in value.items():
            found = _first_bad(v, f"{path}.{k}" if path else str(k))
            if found:
                return found
        return None
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            found = _first_bad(v, f"{path}[{i}]")
            if found:
                return found
        return None
    return path, value


def _describe(value: Any) -> str:
    if isinstance(value, float):
        name = "NaN" if math.isnan(value) else repr(value)
        return f"`{name}`. Use `None` for missing or non-finite numbers"
    cls = type(value)
    module = cls.__module__.split(".")[0]
    name = cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"
    what = f"a `{name}`"
    if module == "numpy" and cls.__name__ not in ("ndarray",):
        return f"{what}. Convert it with `int()`, `float()`, or `bool()`"
    if isinstance(value, (dt.date, dt.time)):
        return f"{what}. Convert it with `.isoformat()`"
    if _is_frame(value):
        return f"{what}. Only `dataset.source` accepts dataframes and arrays, so pass the data there"
    if callable(value):
        return f'{what}. Use an ECharts string template such as `"{{b}}: {{c}}"` instead of a callback'
    return f"{what}. Convert it to a plain Python value"


def serialize(option: dict[str, Any]) -> str:
    """The option as strict JSON: no NaN, no objects JSON cannot hold (Streamlit's message)."""
    try:
        return json.dumps(option, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        try:
            bad = _first_bad(option, "")
        except RecursionError:
            bad = None
        detail = f" `{bad[0]}` is {_describe(bad[1])}." if bad else ""
        raise StreamlitAPIException(
            f"The provided ECharts spec is not JSON-serializable.{detail} `st.echarts_chart` only supports "
            "JSON-compatible option objects. Pass chart data as a dataframe in `dataset.source`, which "
            "converts datetimes, NumPy values, and missing values automatically. Values anywhere else (for "
            "example `series.data`) must already be plain Python values such as `int`, `float`, `str`, "
            "`None`, lists, and dicts."
        ) from None


def _own_size(value: Any, default: str, name: str) -> int | Literal["stretch"] | None:
    """A pyecharts chart's ``InitOpts`` width or height (its library default: none)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value > 0 else None
    if not isinstance(value, str) or not value.strip() or value.strip() == default:
        return None
    text = value.strip()
    if text == "100%":
        return "stretch"
    m = re.match(r"^(\d+(?:\.\d+)?)\s*px$", text)
    if m and int(float(m.group(1))) > 0:
        return int(float(m.group(1)))
    _log.warning(
        "The pyecharts chart passed to `echarts_chart` sets an unsupported `%s` of %r; only pixel values "
        "and `100%%` are supported, so the default is used. Set `%s` of `echarts_chart` to size it.",
        name,
        text,
        name,
    )
    return None


# -- the selection ---------------------------------------------------------------------------------


def empty_selection() -> AttrDict:
    """What ``echarts_chart(on_select="rerun")`` returns before anything is selected."""
    return AttrDict(selection=AttrDict(selected=[], areas=[]))


def _index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _coords(value: Any, depth: int) -> bool:
    """A brush's ``coord_range``: numbers (or category labels) nested at most two deep."""
    if _number(value) or isinstance(value, str):
        return True
    return (
        depth < 2
        and isinstance(value, list)
        and len(value) <= MAX_INDICES
        and all(_coords(v, depth + 1) for v in value)
    )


def _group(item: Any) -> dict[str, Any]:
    keys = {"series_index", "series_id", "series_name", "data_type", "data_indices"}
    if not isinstance(item, dict) or set(item) != keys:
        raise WidgetValueError(
            "a selected group is an object with series_index, series_id, series_name, data_type and data_indices"
        )
    if not _index(item["series_index"]):
        raise WidgetValueError("a selected group's series_index is a non-negative whole number")
    for k in ("series_id", "series_name"):
        v = item[k]
        if not (v is None or isinstance(v, str) or (isinstance(v, int) and not isinstance(v, bool))):
            raise WidgetValueError(f"a selected group's {k} is text, a number or null")
    if item["data_type"] not in _DATA_TYPES:
        raise WidgetValueError("a selected group's data_type is main, node or edge")
    indices = item["data_indices"]
    if not isinstance(indices, list) or len(indices) > MAX_INDICES or not all(_index(i) for i in indices):
        raise WidgetValueError("a selected group's data_indices are non-negative whole numbers")
    return dict(item, data_indices=sorted(set(indices)))


def _area(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict) or set(item) != {"brush_index", "brush_type", "coord_range"}:
        raise WidgetValueError("a brush area is an object with brush_index, brush_type and coord_range")
    if not _index(item["brush_index"]):
        raise WidgetValueError("a brush area's brush_index is a non-negative whole number")
    if item["brush_type"] not in _BRUSH_TYPES:
        raise WidgetValueError("a brush area's brush_type is rect, lineX, lineY or polygon")
    if not isinstance(item["coord_range"], list) or not _coords(item["coord_range"], 0):
        raise WidgetValueError("a brush area's coord_range is a list of numbers or of lists of numbers")
    return dict(item)


def deserialize_selection(wire: Any) -> AttrDict:
    """A selection from the page (``{selected, areas}``) -> the event state the script sees
    (``{"selection": {...}}``). Raises WidgetValueError for anything else."""
    if wire is None:
        return empty_selection()
    if not isinstance(wire, dict) or set(wire) != {"selected", "areas"}:
        raise WidgetValueError("an ECharts selection is an object with selected and areas")
    selected, areas = wire["selected"], wire["areas"]
    if not isinstance(selected, list) or not isinstance(areas, list) or max(len(selected), len(areas)) > MAX_GROUPS:
        raise WidgetValueError(f"an ECharts selection holds lists of at most {MAX_GROUPS} groups and areas")
    groups = [_group(g) for g in selected]
    seen = {(g["series_index"], g["data_type"]) for g in groups}
    if len(seen) != len(groups):
        raise WidgetValueError("an ECharts selection names each series and data type once")
    order = {t: i for i, t in enumerate(_DATA_TYPES)}
    groups.sort(key=lambda g: (g["series_index"], order[g["data_type"]]))
    return AttrDict(selection=AttrDict(selected=groups, areas=[_area(a) for a in areas]))


def serialize_selection(state: Any) -> dict[str, Any]:
    """The event state -> the selection on the wire (plain JSON)."""
    sel = state["selection"]
    return {"selected": [dict(g) for g in sel["selected"]], "areas": [dict(a) for a in sel["areas"]]}


# -- the function ----------------------------------------------------------------------------------


class EChartsMixin(WidgetBase):
    """Apache ECharts charts."""

    @laid_out("width", "height")
    def echarts_chart(
        self,
        spec: Any,
        *,
        width: Width = "stretch",
        height: Height = "content",
        theme: Literal["streamlit"] | None = "streamlit",
        key: str | int | None = None,
        on_select: Literal["ignore", "rerun"] | Callable[..., Any] = "ignore",
        renderer: Literal["canvas", "svg"] = "canvas",
        alt: str | None = None,
    ) -> Any:
        """Show an Apache ECharts chart, drawn in the page by ECharts.

        Args:
            spec: the ECharts option: a dict (as given to ``setOption``), its JSON text, or a
                pyecharts chart. A dataframe in ``dataset.source`` is sent as rows, its columns
                named in ``dataset.dimensions``. JavaScript callbacks, ``custom`` series, maps
                and ECharts GL charts are refused.
            width: ``"stretch"`` (the container's width), ``"content"`` (700 px, or a pyecharts
                chart's own width; at most the container's) or pixels.
            height: ``"content"`` (350 px, or a pyecharts chart's own), ``"stretch"`` or pixels.
            theme: ``"streamlit"``: the page's colours and fonts (light or dark, following the
                page); ``None``: ECharts' own look.
            key: the chart's identity; with selections, the selection's key in
                ``session_state`` (read-only).
            on_select: ``"ignore"`` (a plain chart), ``"rerun"`` (a selection reruns the script,
                which gets it) or a callable (called before that rerun). The option enables
                selections: ``selectedMode`` on a series (click) or a ``brush``.
            renderer: ``"canvas"`` or ``"svg"``.
            alt: the chart's accessible name (ECharts' ``aria.label.description``).

        Returns:
            The element's handle; with selections on, the selection as
            ``{"selection": {"selected": [...], "areas": [...]}}`` (also attributes).
        """
        if theme not in ("streamlit", None):
            raise StreamlitValueError("Invalid `theme` value. Supported values: 'streamlit', None.")
        if renderer not in ("canvas", "svg"):
            raise StreamlitValueError("Invalid `renderer` value. Supported values: 'canvas', 'svg'.")
        if not callable(on_select) and not (isinstance(on_select, str) and on_select in ("ignore", "rerun")):
            if isinstance(on_select, str) and on_select == "fragment":
                raise StreamlitAPIException(
                    '`on_select="fragment"` is not supported on this widget. Pass a callback, or omit `on_select`.'
                )
            raise StreamlitValueError(
                "Invalid `on_select` value. Supported values: 'rerun', 'ignore', a callback function."
            )
        option = normalize(spec)
        text = alt.strip() if isinstance(alt, str) else None if alt is None else str(alt).strip()
        if alt is not None and not text:
            _log.warning("echarts_chart: an empty alt is treated as no alt (ECharts names the chart itself)")
        selecting = on_select != "ignore"
        if selecting and not enables_selection(option):
            _log.warning(
                "`echarts_chart` has selections activated through `on_select`, but the provided spec doesn't "
                "enable any: no series sets `selectedMode`, there is no `brush` component, and no "
                "`toolbox.feature.brush`. The chart will render, but it will never return a selection."
            )
        el: dict[str, Any] = {
            "spec": serialize(option),
            "theme": theme,
            "renderer": renderer,
            "height": self._echarts_height(height, spec),
        }
        own_width = self._echarts_width(width, spec)
        if own_width is not None:
            el["width"] = own_width
        if text:
            el["description"] = text
        if not selecting:
            if key is not None:
                el["key"] = str(key)
            return self._echarts(el)
        keyed = key is not None
        return self._selection_widget(
            "echarts_chart",
            "ECharts chart",
            empty_selection(),
            deserialize_selection,
            serialize_selection,
            key=None if key is None else str(key),
            on_select=on_select,
            # unkeyed, a new spec, theme, renderer, size or alt is a new chart (the selection
            # resets, as Streamlit's); keyed, the selection survives them
            parts=() if keyed else (el["spec"], theme, renderer, repr(width), repr(height), text),
            extra=el,
        )

    @returns_handle
    def _echarts(self, el: dict[str, Any]) -> None:
        self._emit({"kind": "echarts_chart", **el})

    @staticmethod
    def _echarts_height(height: Any, spec: Any) -> int | str:
        """The chart's height: pixels, or "stretch" (its container's, at least 350 px)."""
        if height == "content":
            own = _own_size(getattr(spec, "height", None), _PYECHARTS_DEFAULTS["height"], "height")
            return CONTENT_HEIGHT if own is None else own
        return "stretch" if height == "stretch" else int(height)

    @staticmethod
    def _echarts_width(width: Any, spec: Any) -> int | None:
        """The chart's own width in pixels for ``width="content"`` (None: its container's)."""
        if width != "content":
            return None
        own = _own_size(getattr(spec, "width", None), _PYECHARTS_DEFAULTS["width"], "width")
        return None if own == "stretch" else CONTENT_WIDTH if own is None else own
