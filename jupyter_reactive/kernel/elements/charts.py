"""Chart elements: ``vega_lite_chart``, ``altair_chart`` and the built-in ``line_chart``,
``area_chart``, ``bar_chart`` and ``scatter_chart``, all one ``vega_lite`` element; and
:class:`ChartHandle`, what they return, whose ``add_rows`` grows a drawn chart (script thread).

The built-in charts build their Vega-Lite spec here, following Streamlit's conventions (the
index as x when ``x`` is None, several ``y`` columns melted into a long table coloured by
column name), without altair. Data travels column-oriented (:func:`chart_data`); altair is the
user's library and is only touched through the chart object they pass.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, cast

from ..delta import BaseContainer, Path
from ..state import WidgetValueError
from .widget_base import WidgetBase

if TYPE_CHECKING:
    import pandas as pd

Width: TypeAlias = int | Literal["stretch", "content"]
Height: TypeAlias = int | Literal["stretch", "content"]
Color: TypeAlias = str | tuple[int, int, int] | tuple[int, int, int, float]
StackType: TypeAlias = bool | Literal["normalize", "center", "layered"] | None

DATA = "data"  # the dataset name of charts built from a `data` argument
_STACKS = (None, True, False, "normalize", "center", "layered")
_COLOR_TEXT = re.compile(r"^(#[0-9a-fA-F]{3,8}|rgba?\(.*\)|hsla?\(.*\))$")


# -- data -----------------------------------------------------------------------------------------


def to_frame(data: Any) -> pd.DataFrame:
    """Anything Streamlit's charts take as data, as a pandas DataFrame with string column names:
    a DataFrame or Series, a polars or pyarrow table, a NumPy array, a dict of columns, a list
    of rows or of numbers, or None (no rows)."""
    import pandas as pd

    if data is None:
        df = pd.DataFrame()
    elif isinstance(data, pd.DataFrame):
        df = data.copy(deep=False)
    elif isinstance(data, pd.Series):
        df = data.to_frame()
    elif hasattr(data, "to_pandas") and callable(data.to_pandas):  # polars, pyarrow
        df = data.to_pandas()
    elif isinstance(data, dict):
        try:
            df = pd.DataFrame(data)
        except ValueError:  # all scalars: one row
            df = pd.DataFrame([data])
    elif isinstance(data, (str, bytes)):
        raise TypeError("chart data must be a table (DataFrame, dict of columns, list, array), not a string")
    else:
        try:
            df = pd.DataFrame(data)
        except (TypeError, ValueError) as err:
            raise TypeError(f"cannot make a table of chart data of type {type(data).__name__}: {err}") from None
    df.columns = [str(c) for c in df.columns]
    return df


def _plain(v: Any) -> Any:
    """One cell as JSON: NaN and infinities as null, dates as epoch milliseconds."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, (_dt.datetime, _dt.date)):
        if not isinstance(v, _dt.datetime):
            v = _dt.datetime(v.year, v.month, v.day, tzinfo=_dt.timezone.utc)
        elif v.tzinfo is None:
            v = v.replace(tzinfo=_dt.timezone.utc)
        return v.timestamp() * 1000
    item = getattr(v, "item", None)  # NumPy scalars
    if callable(item):
        try:
            return _plain(item())
        except Exception:
            pass
    try:
        import pandas as pd

        if v is pd.NaT or (not isinstance(v, (list, tuple, dict)) and bool(pd.isna(v))):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)


def chart_data(df: pd.DataFrame) -> dict[str, Any]:
    """A DataFrame as the element's column-oriented dataset (schema ``ChartData``)."""
    import pandas as pd

    values: list[list[Any]] = []
    for name in df.columns:
        col = df[name]
        if isinstance(col, pd.DataFrame):  # a repeated column name
            raise ValueError(f"chart data has more than one column named {name!r}")
        if pd.api.types.is_datetime64_any_dtype(col.dtype):
            if getattr(col.dt, "tz", None) is not None:
                col = col.dt.tz_convert("UTC").dt.tz_localize(None)
            ms = col.astype("datetime64[ns]").astype("int64") // 1_000_000
            values.append([None if na else int(m) for m, na in zip(ms.tolist(), col.isna().tolist(), strict=True)])
        elif pd.api.types.is_float_dtype(col.dtype):
            values.append([v if math.isfinite(v) else None for v in col.tolist()])
        elif pd.api.types.is_integer_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype):
            values.append([_plain(v) for v in col.tolist()] if col.hasnans else col.tolist())
        else:
            values.append([_plain(v) for v in col.tolist()])
    return {"columns": [str(c) for c in df.columns], "values": values}


def rows_data(rows: Any) -> dict[str, Any] | None:
    """A spec's inline dataset (a list of row objects) as a column-oriented one, or None when it
    is not a list of objects (kept in the spec as it is)."""
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return None
    columns: dict[str, None] = {}
    for r in rows:
        for k in r:
            columns.setdefault(str(k), None)
    names = list(columns)
    return {"columns": names, "values": [[_plain(r.get(c)) for r in rows] for c in names]}


def _append(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    if new["columns"] != old["columns"]:
        if not old["values"] or not old["values"][0]:
            return new
        raise ValueError(f"add_rows: the new rows have columns {new['columns']}, the chart's data {old['columns']}")
    return {"columns": old["columns"], "values": [a + b for a, b in zip(old["values"], new["values"], strict=True)]}


# -- the handle ------------------------------------------------------------------------------------


def _keeps_its_width(spec: Mapping[str, Any]) -> bool:
    """Whether Streamlit leaves a chart at its content's width by default: facets, horizontal
    concatenations, repeats and vertical concatenations of compositions."""
    encoding = spec.get("encoding")
    faceted = "facet" in spec or (
        isinstance(encoding, Mapping) and any(k in encoding for k in ("row", "column", "facet"))
    )
    nested = isinstance(spec.get("vconcat"), list) and any(
        isinstance(v, Mapping) and any(k in v for k in ("hconcat", "vconcat", "concat", "layer", "facet", "repeat"))
        for v in spec["vconcat"]
    )
    return faceted or "hconcat" in spec or "repeat" in spec or nested


class ChartHandle:
    """What a chart function returns: the chart on the page. ``add_rows`` appends data to it."""

    def __init__(
        self,
        container: BaseContainer,
        path: Path,
        el: dict[str, Any],
        prepare: Callable[[Any], pd.DataFrame] | None,
    ):
        self._container = container
        self._path = path
        self._el = el
        self._prepare = prepare  # new rows -> the columns of the chart's `data` dataset
        ctx = container._here()._ctx
        # what the page shows at `path` as this handle wrote it (rows are sent alone while it does)
        self._shown = ctx.writer.shown(path) if ctx is not None else None

    def __getattr__(self, name: str) -> Any:
        """Any other element function, called on the handle, replaces this element in place
        (``table = jr.table(df); table.empty()``), as on Streamlit's DeltaGenerator."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._container._handle(self._path), name)

    def add_rows(self, data: Any = None, **kwargs: Any) -> ChartHandle:
        """Append rows to the chart's data: only the new rows are sent, and the page inserts
        them into the drawn chart (no redraw).

        Args:
            data: the rows to add, in the same shape as the chart's data (for a built-in chart,
                the same columns it was given). For a Vega-Lite spec with several datasets,
                name them with keyword arguments instead.
            **kwargs: ``name=rows`` for a named dataset of the spec.

        Raises:
            ValueError: the chart has no dataset to add to, or the columns differ.
        """
        datasets = dict(self._el["datasets"])
        adds: list[tuple[str, Any]] = list(kwargs.items())
        if data is not None:
            if len(datasets) != 1 and DATA not in datasets:
                raise ValueError("add_rows: this chart has several datasets; name the one to add to")
            adds.insert(0, (DATA if DATA in datasets else next(iter(datasets)), data))
        added: dict[str, Any] = {}
        whole = False  # a dataset replaced rather than grown (it had no rows): send the chart
        for name, rows in adds:
            if name not in datasets:
                raise ValueError(f"add_rows: the chart has no dataset named {name!r}")
            df = self._prepare(rows) if self._prepare is not None and name == DATA else to_frame(rows)
            new = chart_data(df)
            datasets[name] = _append(datasets[name], new)
            if datasets[name] is new:
                whole = True
            elif new["values"] and new["values"][0]:
                added[name] = _append(added[name], new) if name in added else new
        if not adds or (not added and not whole):
            return self
        self._el = {**self._el, "datasets": datasets}
        here = self._container._here()
        here._yield_point()
        ctx = here._ctx
        if ctx is not None:
            if whole:
                ctx.writer.write(self._path, self._el)
                self._shown = ctx.writer.shown(self._path)
            else:
                # only the new rows travel; the page inserts them into the drawn chart
                self._shown = ctx.writer.add_rows(self._path, self._shown, added, self._el)
        # no flush here: the outbox sends within its batch interval, so a loop that sleeps between
        # rows still shows each step at once, and one that does not sends its steps joined
        return self


# -- built-in charts --------------------------------------------------------------------------------


def _field(name: str) -> str:
    """A column name as a Vega-Lite field (dots and brackets would mean nesting)."""
    return re.sub(r"([\\.\[\]])", r"\\\1", name)


def _free(name: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    while name in taken:
        name += "_"
    return name


def _is_color(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_COLOR_TEXT.match(value.strip()))
    return isinstance(value, tuple) and len(value) in (3, 4) and all(isinstance(v, (int, float)) for v in value)


def _css_color(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    r, g, b, *a = value
    if a:
        return f"rgba({int(r)}, {int(g)}, {int(b)}, {float(a[0]) / 255 if a[0] > 1 else float(a[0])})"
    return f"rgb({int(r)}, {int(g)}, {int(b)})"


def _kind_of(df: pd.DataFrame, name: str, bar_category: bool = False) -> str:
    import pandas as pd

    dtype = df[name].dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "temporal"
    if len(df[name]) and all(isinstance(v, (_dt.date, _dt.datetime)) for v in df[name].head(20).tolist()):
        return "temporal"
    if bar_category:
        return "ordinal"
    if pd.api.types.is_bool_dtype(dtype):
        return "nominal"
    if pd.api.types.is_numeric_dtype(dtype):
        return "quantitative"
    return "nominal"


# Streamlit's legends of built-in charts: under the chart, 5 px off it (a size legend's title
# closer to its circles, which vary in size)
_COLOR_LEGEND: Final = {"orient": "bottom", "offset": 5, "titlePadding": 5}
_SIZE_LEGEND: Final = {"orient": "bottom", "offset": 5, "titlePadding": 0.5}


def _builtin(
    chart: Literal["line", "area", "bar", "scatter"],
    data: Any,
    *,
    x: str | None,
    y: str | Sequence[str] | None,
    x_label: str | None,
    y_label: str | None,
    color: Any,
    size: str | float | None = None,
    stack: StackType = None,
    horizontal: bool = False,
    sort: bool | str = True,
) -> tuple[dict[str, Any], pd.DataFrame, Callable[[Any], pd.DataFrame]]:
    """(spec, long data, how to prepare rows added later) for a built-in chart."""
    if stack not in _STACKS:
        raise ValueError(f"stack must be one of {_STACKS}, not {stack!r}")
    df = to_frame(data)
    for what, name in (("x", x), ("size", size), ("color", color if isinstance(color, str) else None)):
        if name is not None and not isinstance(name, str) and what == "x":
            raise TypeError("x must be a column name")
        if what == "x" and name is not None and name not in df.columns:
            raise ValueError(f"x: no column named {name!r} in the data (columns: {list(df.columns)})")
    index_col: str | None = None
    if x is None:
        index_col = _free("index", df.columns)
    color_col = color if isinstance(color, str) and color in df.columns else None
    if isinstance(color, str) and color_col is None and not _is_color(color):
        raise ValueError(f"color {color!r} is neither a column of the data nor a colour (#rrggbb, rgb(...))")
    size_col = size if isinstance(size, str) else None
    if size_col is not None and size_col not in df.columns:
        raise ValueError(f"size: no column named {size_col!r} in the data")
    if size is not None and size_col is None and (isinstance(size, bool) or not isinstance(size, (int, float))):
        raise TypeError("size must be a column name or a number")
    x_col = x if x is not None else index_col
    if y is None:
        ys = [c for c in df.columns if c not in (x, color_col, size_col)]
    elif isinstance(y, str):
        ys = [y]
    else:
        ys = [str(c) for c in y]
    for c in ys:
        if c not in df.columns:
            raise ValueError(f"y: no column named {c!r} in the data (columns: {list(df.columns)})")
    colors: list[str] | None = None
    if isinstance(color, (list, tuple)) and not _is_color(color):
        if not all(_is_color(c) for c in color):
            raise ValueError("color: a list of colours must hold colours (#rrggbb, rgb(...) or tuples)")
        if len(color) != len(ys):
            raise ValueError(f"color: {len(color)} colours for {len(ys)} y columns")
        colors = [_css_color(c) for c in color]
    elif color is not None and color_col is None and not isinstance(color, str) and not _is_color(color):
        raise TypeError("color must be a column name, a colour or a list of colours")
    color_value = _css_color(color) if color_col is None and _is_color(color) else None
    melted = len(ys) > 1
    value_col = _free("value", [*df.columns, x_col or ""]) if melted else (ys[0] if ys else None)
    series_col = _free("color", [*df.columns, x_col or "", value_col or ""]) if melted else color_col
    keep = [c for c in (size_col, color_col if not melted else None) if c is not None and c not in ys]

    import pandas as pd

    # rows added later with a default index continue the chart's default index, as in Streamlit
    # (`chart.add_rows(np.random.randn(5, 1))` in a loop draws one long line)
    follow = {"next": len(df)} if index_col is not None and isinstance(df.index, pd.RangeIndex) else None

    def prepare(rows: Any) -> pd.DataFrame:
        frame = to_frame(rows) if rows is not data else df
        if follow is not None and rows is not data and isinstance(frame.index, pd.RangeIndex):
            frame = frame.set_axis(pd.RangeIndex(follow["next"], follow["next"] + len(frame)), axis=0)
        if follow is not None and rows is not data:
            follow["next"] += len(frame)
        if index_col is not None:
            frame = frame.rename_axis(index_col).reset_index()
        cols = [c for c in dict.fromkeys([x_col, *keep]) if c is not None]
        missing = [c for c in [*cols, *ys] if c not in frame.columns]
        if missing:
            raise ValueError(
                f"add_rows: the new rows have columns {list(frame.columns)}, the chart's data {[*cols, *ys]}"
            )
        if melted:
            return frame.melt(id_vars=cols, value_vars=ys, var_name=series_col, value_name=value_col)
        return frame[[c for c in dict.fromkeys([*cols, *ys])]]

    long = prepare(data)
    bar = chart == "bar"
    enc_x: dict[str, Any] = {"field": _field(x_col or ""), "type": _kind_of(long, x_col or "", bar_category=bar)}
    enc_x["title"] = x_label if x_label is not None else ("" if x is None else x)
    enc_y: dict[str, Any] = {"field": _field(value_col or ""), "type": "quantitative"}
    enc_y["title"] = y_label if y_label is not None else ("" if melted or y is None else ys[0])
    if not ys:
        enc_y["field"] = _field(_free("value", long.columns))
    # as Streamlit's built-in charts: grid lines across the values only, none along x (or along a
    # horizontal bar chart's categories)
    enc_x["axis"] = {"grid": False}
    enc_y["axis"] = {"grid": True}
    for enc, name in ((enc_x, x_col), (enc_y, value_col)):
        if name is not None and name in long.columns and enc["type"] == "quantitative":
            import pandas as pd

            if pd.api.types.is_integer_dtype(long[name].dtype):
                enc["axis"]["tickMinStep"] = 1
    if chart == "area" and stack in (None, False):
        stack = "layered"  # Streamlit's area charts overlap unless asked to stack
    if stack is not None:
        enc_y["stack"] = False if stack == "layered" else ("zero" if stack is True else stack)
    if bar and sort is not True:
        if sort is False:
            enc_x["sort"] = None
        elif isinstance(sort, str):
            by = sort.lstrip("-+")
            if by not in long.columns and by != (y if isinstance(y, str) else ""):
                raise ValueError(f"sort: no column named {by!r} in the data")
            enc_x["sort"] = {
                "field": _field(by),
                "op": "sum",
                "order": "descending" if sort.startswith("-") else "ascending",
            }
        else:
            raise TypeError("sort must be True, False or a column name (prefix '-' for descending)")
    encoding: dict[str, Any] = {"x": enc_y, "y": enc_x} if bar and horizontal else {"x": enc_x, "y": enc_y}
    if bar and stack is False and series_col is not None:
        # Streamlit's stack=False: the series' bars side by side in each category (Vega-Lite's
        # offset channel across the categories' axis), where "layered" overlaps them
        encoding["yOffset" if horizontal else "xOffset"] = {"field": _field(series_col)}
    tooltip = [{"field": _field(c), "type": _kind_of(long, c)} for c in (x_col, value_col) if c and c in long.columns]
    if series_col is not None:
        scale: dict[str, Any] = {"range": colors} if colors else {}
        encoding["color"] = {
            "field": _field(series_col),
            "type": "nominal" if melted else _kind_of(long, series_col),
            "legend": {"title": None if melted else series_col, **_COLOR_LEGEND},
        }
        if scale:
            encoding["color"]["scale"] = scale
        tooltip.append({"field": _field(series_col), "type": encoding["color"]["type"]})
    if size_col is not None:
        encoding["size"] = {"field": _field(size_col), "type": "quantitative", "legend": dict(_SIZE_LEGEND)}
        tooltip.append({"field": _field(size_col), "type": "quantitative"})
    encoding["tooltip"] = tooltip
    mark: dict[str, Any] = {"type": "circle", "opacity": 0.8} if chart == "scatter" else {"type": chart}
    if color_value is not None:
        mark["color"] = color_value
    elif colors and not melted:
        mark["color"] = colors[0]
    if series_col is not None and (chart == "area" or (bar and stack == "layered")):
        mark["opacity"] = 0.7
    if chart == "scatter" and size_col is None:
        mark["size"] = 100 if size is None else size  # Streamlit's default point size
    spec: dict[str, Any] = {"data": {"name": DATA}, "mark": mark, "encoding": encoding}
    if chart == "line" and len(long) <= _HOVER_MAX_ROWS:
        spec = _hover_point(spec, enc_x["field"], len(long))
    return spec, long, prepare


#: rows above which a line chart's hover follows the pointer at most every 16 ms (Streamlit's)
_HOVER_THROTTLE_ROWS = 1000
#: rows above which a line chart has no hover point: the nearest-x picking lays a Voronoi cell
#: over every point, which drew a 10,000-row chart 0.4 s later (0.7 -> 1.1 s); up to here the
#: page draws the chart as SVG (vega.ts), past it on a canvas (by proportion the hover costs ~0.16 s at 4,000)
_HOVER_MAX_ROWS = 4000


def _hover_point(spec: dict[str, Any], x_field: str, rows: int) -> dict[str, Any]:
    """A line chart as Streamlit 1.67 draws one: the line, invisible points that pick the x
    nearest the pointer, and a filled point (and its tooltip) on each line at that x, gone when
    the pointer leaves. Three layers over the same data and encoding."""
    on = "mousemove{16}" if rows > _HOVER_THROTTLE_ROWS else "mousemove"
    color = {"color": spec["mark"]["color"]} if "color" in spec["mark"] else {}
    hover = {"type": "point", "nearest": True, "on": on, "fields": [x_field], "clear": "mouseleave"}
    return {
        "data": spec["data"],
        "encoding": spec["encoding"],
        "layer": [
            {"mark": spec["mark"]},
            {"mark": {"type": "point", "opacity": 0, **color}, "params": [{"name": "jr_hover", "select": hover}]},
            {
                "mark": {"type": "point", "filled": True, "size": 65, **color},
                "transform": [{"filter": {"param": "jr_hover", "empty": False}}],
            },
        ],
        # the legend keeps the lines' stroke, not the points' circle
        "config": {"legend": {"symbolType": "stroke"}},
    }


# -- selections -------------------------------------------------------------------------------------

_MAX_SELECTION = 1 << 20  # characters of a selection's JSON from the page
_MAX_SELECTED = 10_000  # points in one point selection


class VegaLiteState(dict[str, Any]):
    """A chart's selection state, ``{"selection": {param: value}}``; keys read as attributes too
    (``event.selection.brush``), as Streamlit's VegaLiteState."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def selection_params(spec: Any) -> dict[str, str]:
    """The spec's selection parameters, name -> ``"point"`` or ``"interval"``, in nested views
    too (layer, concat, facet)."""
    found: dict[str, str] = {}
    if not isinstance(spec, dict):
        return found
    for param in spec.get("params") or ():
        if isinstance(param, dict) and isinstance(param.get("name"), str) and "select" in param:
            select = param["select"]
            kind = select if isinstance(select, str) else select.get("type") if isinstance(select, dict) else None
            if kind in ("point", "interval"):
                found[param["name"]] = kind
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for view in spec.get(key) or ():
            found.update(selection_params(view))
    if isinstance(spec.get("spec"), dict):
        found.update(selection_params(spec["spec"]))
    return found


def _scalar(v: Any) -> bool:
    return v is None or isinstance(v, (str, bool, int)) or (isinstance(v, float) and math.isfinite(v))


def _selection_value(kind: str, value: Any) -> Any:
    """One parameter's selection from the page, checked: a point selection is a list of data
    objects, an interval an object of field -> [low, high] (or the values of a discrete field)."""
    if value == {}:
        return {}
    if kind == "point":
        if not isinstance(value, list) or len(value) > _MAX_SELECTED:
            raise WidgetValueError("a point selection must be a list of data objects")
        for datum in value:
            if not isinstance(datum, dict) or not all(isinstance(k, str) and _scalar(v) for k, v in datum.items()):
                raise WidgetValueError("a point selection must be a list of data objects")
        return value
    if not isinstance(value, dict):
        raise WidgetValueError("an interval selection must be an object of field -> range")
    for field, bounds in value.items():
        if not isinstance(field, str) or not isinstance(bounds, list) or not all(_scalar(b) for b in bounds):
            raise WidgetValueError("an interval selection must be an object of field -> range")
    return value


# -- the family -------------------------------------------------------------------------------------


class ChartsMixin(WidgetBase):
    """Vega-Lite charts."""

    def _chart_element(
        self,
        spec: dict[str, Any],
        datasets: dict[str, Any],
        *,
        width: Width | None,
        height: Height | None,
        use_container_width: bool | None,
        theme: Literal["streamlit"] | None,
        alt: str | None,
        builtin: bool,
    ) -> dict[str, Any]:
        """The ``vega_lite`` element of a spec and its datasets, sized as asked."""
        if theme not in ("streamlit", None):
            raise ValueError(f'theme must be "streamlit" or None, not {theme!r}')
        spec = dict(spec)
        if use_container_width is None:
            if width is None:
                # as Streamlit 1.67: a chart stretches even when its spec sets a width (a
                # 130 px donut in an 84 px column is drawn 84 px wide), unless it is faceted,
                # side by side or nested, which stretching breaks
                use_container_width = builtin or not _keeps_its_width(spec)
            else:
                use_container_width = width == "stretch"
        if isinstance(width, bool) or (
            width is not None and not isinstance(width, int) and width not in ("stretch", "content")
        ):
            raise ValueError(f'width must be "stretch", "content" or a number of pixels, not {width!r}')
        if isinstance(height, bool) or (
            height is not None and not isinstance(height, int) and height not in ("stretch", "content")
        ):
            raise ValueError(f'height must be "stretch", "content" or a number of pixels, not {height!r}')
        if isinstance(width, int):
            if width <= 0:
                raise ValueError("width must be positive")
            spec["width"] = width
            use_container_width = False
        if isinstance(height, int):
            if height <= 0:
                raise ValueError("height must be positive")
            spec["height"] = height
        el: dict[str, Any] = {
            "kind": "vega_lite",
            "spec": spec,
            "datasets": datasets,
            "use_container_width": bool(use_container_width),
            "theme": theme,
        }
        if alt is not None:
            el["alt"] = str(alt)
        if height == "stretch":  # the page fills fixed room with it (a grid's fixed row, a fixed container)
            el["sizing"] = {"height": "stretch"}
        return el

    def _place(self, el: dict[str, Any], prepare: Callable[[Any], pd.DataFrame] | None = None) -> ChartHandle:
        here = self._here()
        return ChartHandle(here, here._emit(el), el, prepare)

    def _selectable(
        self,
        el: dict[str, Any],
        key: str | None,
        on_select: Any,
        selection_mode: str | Iterable[str] | None,
    ) -> ChartHandle | VegaLiteState:
        """The chart as a plain element (``on_select="ignore"``), or as a widget whose value is
        its selection state."""
        if on_select == "ignore":
            return self._place(el)
        if on_select != "rerun" and not callable(on_select):
            raise ValueError(f'on_select must be "ignore", "rerun" or a callable, not {on_select!r}')
        params = selection_params(el["spec"])
        if not params:
            raise ValueError(
                "on_select is set but the chart defines no selection parameters "
                "(altair: .add_params(alt.selection_point()); Vega-Lite: a param with 'select')"
            )
        if selection_mode is not None:
            wanted = [selection_mode] if isinstance(selection_mode, str) else list(selection_mode)
            for name in wanted:
                if name not in params:
                    raise ValueError(
                        f"selection_mode: the chart has no selection parameter {name!r} (it has {sorted(params)})"
                    )
            params = {name: params[name] for name in sorted(wanted)}
        else:
            params = dict(sorted(params.items()))
        empty = VegaLiteState(selection=VegaLiteState({name: {} for name in params}))

        def deserialize(wire: Any) -> VegaLiteState:
            if not isinstance(wire, str) or len(wire) > _MAX_SELECTION:
                raise WidgetValueError("a chart selection is a JSON string")
            try:
                state = json.loads(wire)
            except ValueError:
                raise WidgetValueError("a chart selection is a JSON string") from None
            chosen = state.get("selection") if isinstance(state, dict) else None
            if not isinstance(chosen, dict) or not set(chosen) <= set(params):
                raise WidgetValueError("a chart selection names only the chart's selection parameters")
            return VegaLiteState(
                selection=VegaLiteState(
                    {name: _selection_value(kind, chosen.get(name, {})) for name, kind in params.items()}
                )
            )

        def serialize(state: Any) -> str:
            return json.dumps(state, separators=(",", ":"), default=str)

        spec_id = hashlib.sha1(json.dumps(el["spec"], sort_keys=True, default=str).encode()).hexdigest()[:12]
        return cast(
            "VegaLiteState",
            self._selection_widget(
                "vega_lite_chart",
                "",
                empty,
                deserialize,
                serialize,
                key=key,
                on_select=on_select,
                parts=(tuple(params), spec_id),
                extra={"chart": el, "selections": params},
            ),
        )

    def vega_lite_chart(
        self,
        data: Any = None,
        spec: dict[str, Any] | None = None,
        *,
        width: Width | None = None,
        height: Height = "content",
        use_container_width: bool | None = None,
        theme: Literal["streamlit"] | None = "streamlit",
        key: str | None = None,
        on_select: Literal["rerun", "ignore"] | Callable[..., Any] = "ignore",
        selection_mode: str | Iterable[str] | None = None,
        alt: str | None = None,
    ) -> ChartHandle | VegaLiteState:
        """Draw a chart from a Vega-Lite spec (a dict), with the page's look.

        Args:
            data: the chart's data (DataFrame, dict of columns, list, array, polars/pyarrow
                table), used as the spec's top-level data; None: the spec carries its own.
            spec: the Vega-Lite spec. Its inline and named datasets are sent column-oriented.
            width: ``"stretch"`` (the container's width, following it), ``"content"`` (the
                spec's own width) or pixels; None: stretch (over a width the spec sets) unless faceted, side by side or repeated.
            height: ``"content"`` (the spec's own height) or pixels.
            use_container_width: overrides ``width``: True stretches, False keeps the spec's.
            theme: ``"streamlit"`` for the page's fonts and palette; None for Vega-Lite's own.
            key: a unique key for the selection state; it is then also ``session_state[key]``.
            on_select: ``"ignore"`` (a plain chart), ``"rerun"`` (a selection in the chart
                reruns the script) or a callable (called before that rerun).
            selection_mode: the selection parameter or parameters reported (default: all the
                spec's point and interval selections).
            alt: a description of the chart for screen readers.

        Returns:
            The chart (``.add_rows(df)`` appends to its data); with ``on_select``, the selection
            state instead: ``{"selection": {param: ...}}`` (a point selection's value is a list
            of the chosen data objects, an interval's an object of field -> [low, high]; an
            empty selection is ``{}``).

        Raises:
            ValueError: ``on_select`` is set and the spec has no point or interval selection
                parameter, or ``selection_mode`` names one it does not have.
        """
        if spec is None and isinstance(data, dict) and ("mark" in data or "layer" in data or "encoding" in data):
            data, spec = None, data  # vega_lite_chart(spec) as Streamlit allows
        if spec is None:
            spec = {}
        if not isinstance(spec, dict):
            raise TypeError("spec must be a dict holding a Vega-Lite spec")
        spec, datasets = _split_datasets(spec)
        if data is not None:
            datasets[DATA] = chart_data(to_frame(data))
            spec["data"] = {"name": DATA}
        el = self._chart_element(
            spec,
            datasets,
            width=width,
            height=height,
            use_container_width=use_container_width,
            theme=theme,
            alt=alt,
            builtin=False,
        )
        return self._selectable(el, key, on_select, selection_mode)

    def altair_chart(
        self,
        altair_chart: Any,
        *,
        width: Width | None = None,
        height: Height = "content",
        use_container_width: bool | None = None,
        theme: Literal["streamlit"] | None = "streamlit",
        key: str | None = None,
        on_select: Literal["rerun", "ignore"] | Callable[..., Any] = "ignore",
        selection_mode: str | Iterable[str] | None = None,
        alt: str | None = None,
    ) -> ChartHandle | VegaLiteState:
        """Draw an Altair chart (anything with ``to_dict()`` giving a Vega-Lite spec).

        Args:
            altair_chart: the chart (``alt.Chart``, a layer, a concat...). Its data is inlined
                whatever its size.
            width: as for :meth:`vega_lite_chart`.
            height: as for :meth:`vega_lite_chart`.
            use_container_width: as for :meth:`vega_lite_chart`.
            theme: ``"streamlit"`` for the page's fonts and palette; None for Vega-Lite's own.
            key: a unique key for the selection state; it is then also ``session_state[key]``.
            on_select: ``"ignore"`` (a plain chart), ``"rerun"`` (a selection in the chart
                reruns the script) or a callable (called before that rerun).
            selection_mode: the selection parameter or parameters reported (default: all the
                spec's point and interval selections).
            alt: a description of the chart for screen readers.

        Returns:
            The chart (``.add_rows(df)`` appends to its dataset when it has one); with
            ``on_select``, the selection state as for :meth:`vega_lite_chart`.
        """
        spec, datasets = _split_datasets(altair_spec(altair_chart))
        el = self._chart_element(
            spec,
            datasets,
            width=width,
            height=height,
            use_container_width=use_container_width,
            theme=theme,
            alt=alt,
            builtin=False,
        )
        return self._selectable(el, key, on_select, selection_mode)

    def _builtin_chart(self, chart: Literal["line", "area", "bar", "scatter"], data: Any, **opts: Any) -> ChartHandle:
        sizing = {k: opts.pop(k) for k in ("width", "height", "use_container_width", "alt")}
        spec, long, prepare = _builtin(chart, data, **opts)
        if sizing["width"] == "content":
            sizing["width"] = None
            sizing["use_container_width"] = bool(sizing["use_container_width"])
        el = self._chart_element(spec, {DATA: chart_data(long)}, theme="streamlit", builtin=True, **sizing)
        return self._place(el, prepare)

    def line_chart(
        self,
        data: Any = None,
        *,
        x: str | None = None,
        y: str | Sequence[str] | None = None,
        x_label: str | None = None,
        y_label: str | None = None,
        color: str | Color | list[Color] | None = None,
        width: Width = "stretch",
        height: Height = "content",
        use_container_width: bool | None = None,
        alt: str | None = None,
    ) -> ChartHandle:
        """Draw a line chart of the data's columns, one line per ``y`` column.

        Args:
            data: a DataFrame, dict of columns, list, NumPy array or polars/pyarrow table.
            x: the x column; None: the index.
            y: the column or columns drawn; None: every other column.
            x_label: the x axis title (default: ``x``'s name, none for the index).
            y_label: the y axis title (default: ``y``'s name when it is one column).
            color: a column whose values colour the lines, one colour (``"#ff0000"``,
                ``(255, 0, 0)``), or one colour per ``y`` column.
            width: ``"stretch"`` (the container's width), ``"content"`` or pixels.
            height: ``"content"`` (the default height) or pixels.
            use_container_width: overrides ``width``.
            alt: a description of the chart for screen readers.

        Returns:
            The chart: ``.add_rows(df)`` appends rows with the same columns.
        """
        return self._builtin_chart(
            "line", data, x=x, y=y, x_label=x_label, y_label=y_label, color=color,
            width=width, height=height, use_container_width=use_container_width, alt=alt,
        )  # fmt: skip

    def area_chart(
        self,
        data: Any = None,
        *,
        x: str | None = None,
        y: str | Sequence[str] | None = None,
        x_label: str | None = None,
        y_label: str | None = None,
        color: str | Color | list[Color] | None = None,
        stack: StackType = None,
        width: Width = "stretch",
        height: Height = "content",
        use_container_width: bool | None = None,
        alt: str | None = None,
    ) -> ChartHandle:
        """Draw an area chart of the data's columns (translucent, overlapping areas unless
        ``stack`` says otherwise).

        Args:
            data: as for :meth:`line_chart`.
            x: the x column; None: the index.
            y: the column or columns drawn; None: every other column.
            x_label: the x axis title.
            y_label: the y axis title.
            color: a column, one colour, or one colour per ``y`` column.
            stack: None/False overlaid, True stacked, ``"normalize"`` stacked to 100 %,
                ``"center"`` stacked around the middle.
            width: ``"stretch"``, ``"content"`` or pixels.
            height: ``"content"`` or pixels.
            use_container_width: overrides ``width``.
            alt: a description of the chart for screen readers.

        Returns:
            The chart: ``.add_rows(df)`` appends rows with the same columns.
        """
        return self._builtin_chart(
            "area", data, x=x, y=y, x_label=x_label, y_label=y_label, color=color, stack=stack,
            width=width, height=height, use_container_width=use_container_width, alt=alt,
        )  # fmt: skip

    def bar_chart(
        self,
        data: Any = None,
        *,
        x: str | None = None,
        y: str | Sequence[str] | None = None,
        x_label: str | None = None,
        y_label: str | None = None,
        color: str | Color | list[Color] | None = None,
        horizontal: bool = False,
        sort: bool | str = True,
        stack: StackType = None,
        width: Width = "stretch",
        height: Height = "content",
        use_container_width: bool | None = None,
        alt: str | None = None,
    ) -> ChartHandle:
        """Draw a bar chart of the data's columns (stacked when there are several).

        Args:
            data: as for :meth:`line_chart`.
            x: the category column; None: the index.
            y: the column or columns drawn; None: every other column.
            x_label: the category axis title.
            y_label: the value axis title.
            color: a column, one colour, or one colour per ``y`` column.
            horizontal: bars along the x axis, categories down the y axis.
            sort: True sorts categories ascending, False keeps the data's order, a column name
                sorts by it (``"-col"`` descending).
            stack: True/None stacked, False side by side, ``"layered"`` overlaid, ``"normalize"`` to
                100 %, ``"center"`` around the middle.
            width: ``"stretch"``, ``"content"`` or pixels.
            height: ``"content"`` or pixels.
            use_container_width: overrides ``width``.
            alt: a description of the chart for screen readers.

        Returns:
            The chart: ``.add_rows(df)`` appends rows with the same columns.
        """
        return self._builtin_chart(
            "bar", data, x=x, y=y, x_label=x_label, y_label=y_label, color=color,
            horizontal=bool(horizontal), sort=sort, stack=stack,
            width=width, height=height, use_container_width=use_container_width, alt=alt,
        )  # fmt: skip

    def scatter_chart(
        self,
        data: Any = None,
        *,
        x: str | None = None,
        y: str | Sequence[str] | None = None,
        x_label: str | None = None,
        y_label: str | None = None,
        color: str | Color | list[Color] | None = None,
        size: str | float | int | None = None,
        width: Width = "stretch",
        height: Height = "content",
        use_container_width: bool | None = None,
        alt: str | None = None,
    ) -> ChartHandle:
        """Draw a scatter chart: a point per row and ``y`` column.

        Args:
            data: as for :meth:`line_chart`.
            x: the x column; None: the index.
            y: the column or columns drawn; None: every other column.
            x_label: the x axis title.
            y_label: the y axis title.
            color: a column, one colour, or one colour per ``y`` column.
            size: a column giving each point's size, or one size (in square pixels).
            width: ``"stretch"``, ``"content"`` or pixels.
            height: ``"content"`` or pixels.
            use_container_width: overrides ``width``.
            alt: a description of the chart for screen readers.

        Returns:
            The chart: ``.add_rows(df)`` appends rows with the same columns.
        """
        return self._builtin_chart(
            "scatter", data, x=x, y=y, x_label=x_label, y_label=y_label, color=color, size=size,
            width=width, height=height, use_container_width=use_container_width, alt=alt,
        )  # fmt: skip


def altair_spec(chart: Any) -> dict[str, Any]:
    """An Altair chart's Vega-Lite spec, its data inlined whatever its size."""
    to_dict = getattr(chart, "to_dict", None)
    if not callable(to_dict):
        raise TypeError(f"altair_chart needs an Altair chart, not {type(chart).__name__}")
    try:
        import altair

        with altair.data_transformers.disable_max_rows():
            spec = to_dict()
    except ImportError:
        spec = to_dict()
    if not isinstance(spec, dict):
        raise TypeError("the chart's to_dict() did not give a dict")
    return spec


def _split_datasets(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the spec without its named datasets, those datasets column-oriented). Datasets that are
    neither lists of row objects nor data frames stay in the spec."""
    spec = dict(spec)
    datasets: dict[str, Any] = {}
    kept: dict[str, Any] = {}
    for name, rows in (spec.pop("datasets", None) or {}).items():
        columns = rows_data(rows)
        if columns is None and (hasattr(rows, "columns") or hasattr(rows, "__dataframe__")):
            columns = chart_data(to_frame(rows))  # a data frame, as Streamlit takes in a spec
        if columns is None:
            kept[name] = rows
        else:
            datasets[str(name)] = columns
    if kept:
        spec["datasets"] = kept
    return spec, datasets


__all__ = ["ChartHandle", "ChartsMixin", "chart_data", "to_frame"]
