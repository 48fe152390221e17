"""Map and graph elements: ``map``, ``pydeck_chart`` (deck.gl), ``graphviz_chart`` and
``mermaid_chart`` (script thread).

The kernel only builds text: a deck.gl JSON spec (the same one pydeck writes, built here for
``map`` without pydeck), a DOT source or a Mermaid definition. The page lays them out and draws
them with deck.gl, a WebAssembly Graphviz and Mermaid, each in a chunk loaded the first time one
of these elements appears.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, overload

from ..delta import returns_handle
from ..errors import StreamlitAPIException, StreamlitInvalidParameterTypeError
from ..params import Width, laid_out
from ..state import WidgetValueError
from .widget_base import WidgetBase

if TYPE_CHECKING:
    from ..container import Container

#: an RGB(A) colour: "#rgb", "#rgba", "#rrggbb", "#rrggbbaa", or 3-4 numbers (ints 0-255, or
#: floats 0.0-1.0)
Color: TypeAlias = str | Collection[float]

LAT_NAMES = ("lat", "latitude", "LAT", "LATITUDE")
LON_NAMES = ("lon", "longitude", "LON", "LONGITUDE")
DEFAULT_SIZE = 100  # metres, as Streamlit's st.map
DEFAULT_ZOOM = 12  # when all points are (nearly) in one place
# degrees of longitude that fit in the map at zoom 0, 1, 2 ... (OpenStreetMap's table)
ZOOM_LEVELS: tuple[float, ...] = (
    360, 180, 90, 45, 22.5, 11.25, 5.625, 2.813, 1.406, 0.703, 0.352,
    0.176, 0.088, 0.044, 0.022, 0.011, 0.005, 0.003, 0.001, 0.0005, 0.00025,
)  # fmt: skip
EMPTY_MAP: dict[str, Any] = {"initialViewState": {"latitude": 0, "longitude": 0, "pitch": 0, "zoom": 1}}

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


def to_rgba(color: Any) -> list[int]:
    """``color`` as deck.gl's ``[r, g, b, a]`` of ints 0-255; ValueError when it is not one."""
    if isinstance(color, str):
        if not _HEX.fullmatch(color):
            raise ValueError(f"{color!r} is not a colour: give '#rrggbb', '#rgb' (with optional alpha) or a tuple")
        digits = color[1:]
        if len(digits) <= 4:
            digits = "".join(d * 2 for d in digits)
        rgba = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
        return rgba + [255] * (4 - len(rgba))
    if isinstance(color, Collection) and 3 <= len(color) <= 4:
        # as Streamlit's: each component on its own, a float as a share of 255 and an int as
        # it is, then clamped to 0-255 (so a column of random floats still draws)
        parts = list(color)
        if all(isinstance(p, numbers.Real) and not isinstance(p, bool) and math.isfinite(p) for p in parts):
            out = [int(p) if isinstance(p, numbers.Integral) else int(float(p) * 255) for p in parts]
            return [min(255, max(v, 0)) for v in out] + [255] * (4 - len(out))
    raise ValueError(f"{color!r} is not a colour: give '#rrggbb', '#rgb' (with optional alpha) or a tuple")


def _to_pandas(data: Any) -> Any:
    """A pandas DataFrame of anything tabular: pandas, polars/pyarrow (``to_pandas``), a dict of
    columns, a list of records, a NumPy record array."""
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return data
    to_pandas = getattr(data, "to_pandas", None)
    if callable(to_pandas):
        out = to_pandas()
        if isinstance(out, pd.DataFrame):
            return out
    try:
        return pd.DataFrame(data)
    except Exception as e:
        raise TypeError(
            f"map data must be a table (a DataFrame, dict of columns, list of records), not {type(data).__name__}"
        ) from e


def _column(df: Any, what: str, given: str | None, names: tuple[str, ...]) -> str:
    if isinstance(given, str) and given in df.columns:
        name = given
    else:
        found = [n for n in names if n in df.columns]
        if not found:
            allowed = ", ".join(map(repr, names))
            existing = ", ".join(map(repr, map(str, df.columns)))
            raise ValueError(f"map data must contain a {what} column named {allowed}. Existing columns: {existing}")
        name = found[0]
    col = df[name]
    if any(col.isna().array):
        raise ValueError(f"map column {name!r} must not contain null values (NaN, NaT or None)")
    try:
        values = col.astype(float)
    except (TypeError, ValueError) as e:
        raise ValueError(f"map column {name!r} must hold numbers ({what} in degrees)") from e
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"map column {name!r} must hold finite numbers")
    return str(name)


def zoom_for(distance: float) -> int:
    """The zoom level at which ``distance`` degrees of longitude fit in the map."""
    for i in range(len(ZOOM_LEVELS) - 1):
        if ZOOM_LEVELS[i + 1] < distance <= ZOOM_LEVELS[i]:
            return i
    return DEFAULT_ZOOM


def map_spec(
    data: Any,
    latitude: str | None,
    longitude: str | None,
    color: Any,
    size: Any,
    zoom: int | None,
) -> dict[str, Any]:
    """The deck.gl JSON of ``jr.map``: one ScatterplotLayer centred on its points, as Streamlit's
    ``st.map`` builds it. The colour ``"primary"`` is left for the page to resolve."""
    if data is None or (hasattr(data, "empty") and data.empty):
        return json.loads(json.dumps(EMPTY_MAP))
    df = _to_pandas(data)
    if len(df) == 0:
        return json.loads(json.dumps(EMPTY_MAP))
    lat = _column(df, "latitude", latitude, LAT_NAMES)
    lon = _column(df, "longitude", longitude, LON_NAMES)
    used = [lat, lon]

    if isinstance(size, str) and size in df.columns:
        used.append(size)
        radius: Any = f"@@={size}"
    elif size is None:
        radius = DEFAULT_SIZE
    elif isinstance(size, numbers.Real) and not isinstance(size, bool) and math.isfinite(size) and float(size) >= 0:
        radius = float(size)
    else:
        raise ValueError(f"map size must be a column name or a number of metres, not {size!r}")

    fill: Any
    colors: list[list[int]] | None = None
    if isinstance(color, str) and color in df.columns:
        try:
            colors = [to_rgba(c) for c in df[color]]
        except ValueError as e:
            raise ValueError(f"map column {color!r} does not hold colours: {e}") from None
        fill = "@@=__color"
    elif color is None:
        fill = "primary"
    else:
        fill = to_rgba(color)

    sub = df[list(dict.fromkeys(used))]
    records = json.loads(sub.to_json(orient="records", double_precision=15))
    for i, rec in enumerate(records):
        if colors is not None:
            rec["__color"] = colors[i]
    lats = sub[lat].astype(float)
    lons = sub[lon].astype(float)
    if zoom is None:
        zoom = zoom_for(max(abs(lats.max() - lats.min()), abs(lons.max() - lons.min())))
    elif isinstance(zoom, bool) or not isinstance(zoom, numbers.Real):
        raise ValueError(f"map zoom must be a number, not {zoom!r}")
    spec = json.loads(json.dumps(EMPTY_MAP))
    spec["initialViewState"].update(
        latitude=(float(lats.max()) + float(lats.min())) / 2,
        longitude=(float(lons.max()) + float(lons.min())) / 2,
        zoom=zoom,
    )
    spec["layers"] = [
        {
            "@@type": "ScatterplotLayer",
            "id": "map",
            "getPosition": f"@@=[{lon}, {lat}]",
            "getRadius": radius,
            "radiusMinPixels": 3,
            "radiusUnits": "meters",
            "getFillColor": fill,
            "data": records,
        }
    ]
    return spec


def _size(value: Any, name: str, allowed: tuple[str, ...]) -> int | str:
    if isinstance(value, str) and value in allowed:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise ValueError(
        f"{name} must be a positive number of pixels or one of {', '.join(map(repr, allowed))}, not {value!r}"
    )


def _tooltip(deck: Any) -> Any:
    """pydeck's ``tooltip`` (a dict with ``html``/``text``/``style``, or True), which
    ``to_json`` leaves out."""
    widget = getattr(deck, "deck_widget", None)
    tip = getattr(widget, "tooltip", None) if widget is not None else None
    if tip is None:
        tip = getattr(deck, "_tooltip", None)
    if isinstance(tip, dict):
        return json.loads(json.dumps(tip, default=str))
    if tip is True:
        return True
    return None


DeckWidth: TypeAlias = int | Literal["stretch"]
DeckHeight: TypeAlias = int | Literal["stretch"]
GraphSize: TypeAlias = int | Literal["stretch", "content"]


# -- pydeck_chart(on_select=...): the selection, by layer id ---------------------------------------

_MAX_DECK_SELECTED = 100_000


def deck_selection(indices: dict[str, list[int]], objects: dict[str, list[Any]]) -> Any:
    """The event state ``pydeck_chart(on_select=...)`` returns, as Streamlit's: read as keys or
    attributes (``event.selection.indices["layer"]``)."""
    from .plots import AttrDict

    return AttrDict(selection=AttrDict(indices=indices, objects=objects))


def deserialize_deck_selection(wire: Any, single: bool) -> Any:
    """A selection from the page (``{indices: {layer: [i]}, objects: {layer: [object]}}``, the
    same layers and counts in both) -> the event state. WidgetValueError for anything else."""
    if wire is None:
        return deck_selection({}, {})
    if not isinstance(wire, dict) or set(wire) != {"indices", "objects"}:
        raise WidgetValueError("a map selection is an object with indices and objects")
    indices, objects = wire["indices"], wire["objects"]
    if not isinstance(indices, dict) or not isinstance(objects, dict) or set(indices) != set(objects):
        raise WidgetValueError("a map selection's indices and objects name the same layers")
    total = 0
    for layer, idx in indices.items():
        objs = objects[layer]
        if not isinstance(idx, list) or not isinstance(objs, list) or len(idx) != len(objs):
            raise WidgetValueError("each layer has as many objects as indices")
        if any(isinstance(i, bool) or not isinstance(i, int) or i < 0 for i in idx) or len(set(idx)) != len(idx):
            raise WidgetValueError("a layer's indices are distinct non-negative whole numbers")
        total += len(idx)
    if total > (1 if single else _MAX_DECK_SELECTED):
        raise WidgetValueError("one object at most in single-object mode" if single else "too many objects selected")
    return deck_selection({k: list(v) for k, v in indices.items()}, {k: list(v) for k, v in objects.items()})


def serialize_deck_selection(state: Any) -> dict[str, Any]:
    sel = state["selection"]
    return {"indices": dict(sel["indices"]), "objects": dict(sel["objects"])}


class GeoMixin(WidgetBase):
    def _deck_element(
        self,
        spec: dict[str, Any] | str,
        width: Any,
        height: Any,
        use_container_width: bool | None,
        basemap: bool,
        tooltip: Any,
        alt: str | None,
        primary: bool = False,
    ) -> dict[str, Any]:
        w = _size(width, "width", ("stretch",))
        h = _size(height, "height", ("stretch",))
        if use_container_width is not None:
            w = "stretch" if use_container_width else (w if isinstance(w, int) else "stretch")
        text = spec if isinstance(spec, str) else json.dumps(spec, allow_nan=False)
        el: dict[str, Any] = {"kind": "deck", "spec": text, "height": h if isinstance(h, int) else 500}
        if isinstance(w, int):
            el["width"] = w
        if basemap:
            el["basemap"] = True
        if tooltip is not None:
            el["tooltip"] = tooltip
        if alt:
            el["alt"] = str(alt)
        return el

    @returns_handle
    def _deck(self, *args: Any) -> None:
        self._emit(self._deck_element(*args))

    @returns_handle
    def map(
        self,
        data: Any = None,
        *,
        latitude: str | None = None,
        longitude: str | None = None,
        color: str | Color | None = None,
        size: str | float | None = None,
        zoom: int | None = None,
        width: DeckWidth = "stretch",
        height: DeckHeight = 500,
        use_container_width: bool | None = None,
        alt: str | None = None,
    ) -> None:
        """Show points on a map: a deck.gl scatter plot centred and zoomed on them.

        Map tiles come from the internet; without them (offline) the points are drawn on a
        plain background with a note saying so.

        Args:
            data: a table (pandas or polars DataFrame, dict of columns, list of records) with
                latitude and longitude columns; None shows an empty map.
            latitude: the latitude column; default the first of ``lat``, ``latitude``,
                ``LAT``, ``LATITUDE``.
            longitude: the longitude column; default the first of ``lon``, ``longitude``,
                ``LON``, ``LONGITUDE``.
            color: every point's colour (``"#rrggbb"``, ``"#rgb"`` with optional alpha, or an
                RGB(A) tuple), or a column of such colours; default the theme's primary colour.
            size: every point's radius in metres, or a column of radii; default 100.
            zoom: the zoom level (0 = the whole world); default fits the points.
            width: ``"stretch"`` (the container's width) or pixels.
            height: pixels (default 500).
            use_container_width: True stretches to the container (the older name of
                ``width="stretch"``).
            alt: a text description of the map for screen readers.

        Raises:
            ValueError: no latitude/longitude column, nulls or non-numbers in one, a colour
                that is not a colour, a bad size, width or height.
            TypeError: data that is not a table.
        """
        spec = map_spec(data, latitude, longitude, color, size, zoom)
        self._deck(spec, width, height, use_container_width, True, None, alt)

    @overload
    def pydeck_chart(
        self,
        pydeck_obj: Any = None,
        *,
        width: DeckWidth = "stretch",
        use_container_width: bool | None = None,
        height: DeckHeight = 500,
        selection_mode: Literal["single-object", "multi-object"] = "single-object",
        on_select: Literal["ignore"] = "ignore",
        key: str | int | None = None,
        alt: str | None = None,
    ) -> Container: ...

    @overload
    def pydeck_chart(
        self,
        pydeck_obj: Any = None,
        *,
        width: DeckWidth = "stretch",
        use_container_width: bool | None = None,
        height: DeckHeight = 500,
        selection_mode: Literal["single-object", "multi-object"] = "single-object",
        on_select: Literal["rerun"] | Callable[..., Any],
        key: str | int | None = None,
        alt: str | None = None,
    ) -> Any: ...

    def pydeck_chart(
        self,
        pydeck_obj: Any = None,
        *,
        width: DeckWidth = "stretch",
        use_container_width: bool | None = None,
        height: DeckHeight = 500,
        selection_mode: Literal["single-object", "multi-object"] = "single-object",
        on_select: Literal["rerun", "ignore"] | Any = "ignore",
        key: str | int | None = None,
        alt: str | None = None,
    ) -> Any:
        """Draw a pydeck ``Deck`` (deck.gl layers: scatter plots, arcs, paths, hexagons,
        heatmaps ...) with deck.gl in the page.

        Map tiles come from the internet; without them (offline) the layers are drawn on a
        plain background with a note saying so.

        Args:
            pydeck_obj: a ``pydeck.Deck``; its ``tooltip`` is shown on hover. None shows an
                empty map.
            width: ``"stretch"`` (the container's width) or pixels.
            use_container_width: True stretches to the container (the older name of
                ``width="stretch"``).
            height: pixels (default 500).
            selection_mode: ``"single-object"`` (a click selects that object, or nothing on the
                empty map) or ``"multi-object"`` (a click adds or removes the object).
            on_select: ``"ignore"`` (a plain chart), ``"rerun"`` (a click on an object of a
                pickable layer reruns the script and the call returns the selection:
                ``event.selection.indices`` and ``.objects``, by layer id) or a callable (called
                first). Give every layer an ``id``: the selection is kept by it.
            key: the selection state's key in ``session_state`` (read-only).
            alt: a text description of the chart for screen readers.

        Raises:
            TypeError: an object that is not a pydeck Deck.
            ValueError: a bad width or height.
        """
        if pydeck_obj is None:
            spec: dict[str, Any] | str = json.loads(json.dumps(EMPTY_MAP))
            basemap = True
        else:
            to_json = getattr(pydeck_obj, "to_json", None)
            if not callable(to_json):
                raise TypeError(f"pydeck_chart needs a pydeck.Deck, not {type(pydeck_obj).__name__}")
            # pydeck writes NaN/Infinity for missing numbers: JSON has no such values, so null
            spec = json.loads(to_json(), parse_constant=lambda _name: None)
            if not isinstance(spec, dict):
                raise TypeError("pydeck_chart needs a pydeck.Deck: its JSON is not an object")
            basemap = bool(spec.get("mapStyle") or spec.get("mapProvider"))
        if not (on_select in ("ignore", "rerun") or callable(on_select)):
            raise StreamlitAPIException(f'on_select must be "ignore", "rerun" or a callable, not {on_select!r}')
        if on_select == "ignore":  # a plain chart: its handle
            return self._deck(spec, width, height, use_container_width, basemap, _tooltip(pydeck_obj), alt)
        if selection_mode not in ("single-object", "multi-object"):
            raise StreamlitAPIException(
                f"Invalid selection mode: {selection_mode!r}. Valid options are: single-object, multi-object"
            )
        el = self._deck_element(spec, width, height, use_container_width, basemap, _tooltip(pydeck_obj), alt)
        single = selection_mode == "single-object"
        return self._selection_widget(
            "pydeck_chart",
            "PyDeck chart",
            deck_selection({}, {}),
            lambda wire: deserialize_deck_selection(wire, single),
            serialize_deck_selection,
            key=None if key is None else str(key),
            on_select=on_select,
            parts=(el["spec"], selection_mode) if key is None else (selection_mode,),
            extra={**{k: v for k, v in el.items() if k != "kind"}, "selection_mode": selection_mode},
        )

    @laid_out("height")
    @returns_handle
    def graphviz_chart(
        self,
        figure_or_dot: Any,
        use_container_width: bool | None = None,
        *,
        width: GraphSize = "content",
        height: GraphSize = "content",
        alt: str | None = None,
    ) -> None:
        """Draw a graph written in Graphviz's DOT language, laid out in the page.

        Args:
            figure_or_dot: a DOT string, or a ``graphviz.Graph``/``graphviz.Digraph`` (its
                ``source``). A syntax error is shown in the graph's place.
            use_container_width: True scales the graph to the container's width.
            width: ``"content"`` (the graph's own size, shrunk to fit), ``"stretch"`` or pixels.
            height: the graph's height (not supported yet: its own).
            alt: a text description of the graph for screen readers.

        Raises:
            TypeError: anything but a string or a graphviz object.
            ValueError: a bad width.
        """
        if isinstance(figure_or_dot, str):
            dot = figure_or_dot
        elif isinstance(getattr(figure_or_dot, "source", None), str):
            dot = figure_or_dot.source
        else:
            raise TypeError(
                f"graphviz_chart needs a DOT string or a graphviz.Graph/Digraph, not {type(figure_or_dot).__name__}"
            )
        w = _size(width, "width", ("content", "stretch"))
        if use_container_width is not None:
            w = "stretch" if use_container_width else "content"
        el: dict[str, Any] = {"kind": "graphviz", "dot": dot, "width": w}
        if alt:
            el["alt"] = str(alt)
        self._emit(el)

    @laid_out("width", "alt")
    @returns_handle
    def mermaid_chart(self, body: str, *, width: Width = "stretch", alt: str | None = None) -> None:
        """Draw a Mermaid diagram (flowchart, sequence, class, state, gantt ...) in the page.

        Mermaid runs in the page with its "strict" security level (no HTML labels, no click
        handlers) and follows the page's light or dark scheme. A definition Mermaid cannot read
        is shown as an error in the diagram's place; the rest of the page is drawn as usual.

        Args:
            body: the diagram in Mermaid's text syntax (https://mermaid.js.org/).
            width: ``"stretch"`` (the container's width), ``"content"`` (the diagram's own
                width, shrunk to fit) or pixels.
            alt: a short accessible name for the diagram, in place of its own ``accTitle``;
                none (or blank): that ``accTitle``, else "Mermaid" and its diagram type, e.g.
                "Mermaid flowchart".

        Raises:
            TypeError: a body that is not a string.
            ValueError: a bad width, or an alt that is not a string.
        """
        if not isinstance(body, str):
            raise StreamlitInvalidParameterTypeError(
                f"mermaid_chart needs the diagram as a string of Mermaid text, not {type(body).__name__}"
            )
        self._emit({"kind": "mermaid", "body": body})
