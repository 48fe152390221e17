"""``jr.map``, ``jr.pydeck_chart``, ``jr.graphviz_chart`` and ``jr.mermaid_chart``: the deck.gl
spec, DOT and Mermaid text they send and the arguments they refuse, through a real ScriptRunner."""

from __future__ import annotations

import json
from typing import Any

import pytest

HEAD = "import jupyter_reactive as jr\nimport pandas as pd\n"


def _one(make_app: Any, body: str, kind: str) -> tuple[Any, dict[str, Any]]:
    run = make_app(HEAD + body + "\n").run()
    assert run.status == "complete", run.of_kind("exception")
    (el,) = run.of_kind(kind)
    return run, el


def _layer(el: dict[str, Any]) -> dict[str, Any]:
    spec = json.loads(el["spec"])
    (layer,) = spec["layers"]
    return layer


def _refused(make_app: Any, body: str) -> dict[str, Any]:
    run = make_app(HEAD + body + "\n").run()
    assert run.status == "error" and run.of_kind("deck") == [] and run.of_kind("graphviz") == []
    (exc,) = run.of_kind("exception")
    return exc


# -- map -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon"), [("lat", "lon"), ("latitude", "longitude"), ("LAT", "LON"), ("LATITUDE", "LONGITUDE")]
)
def test_map_finds_streamlits_column_names(make_app: Any, lat: str, lon: str) -> None:
    body = f"jr.map(pd.DataFrame({{'{lat}': [10.0, 20.0], '{lon}': [30.0, 50.0], 'other': ['a', 'b']}}))"
    _run, el = _one(make_app, body, "deck")
    assert el["height"] == 500 and el["basemap"] is True and "width" not in el
    layer = _layer(el)
    assert layer["@@type"] == "ScatterplotLayer"
    assert layer["getPosition"] == f"@@=[{lon}, {lat}]"
    assert layer["data"] == [{lat: 10.0, lon: 30.0}, {lat: 20.0, lon: 50.0}]  # unused columns dropped
    assert layer["getFillColor"] == "primary" and layer["getRadius"] == 100
    view = json.loads(el["spec"])["initialViewState"]
    assert (view["latitude"], view["longitude"]) == (15.0, 40.0)
    assert view["zoom"] == 4  # 20 degrees: between 11.25 and 22.5, as Streamlit picks it


def test_map_zoom_fits_the_points_or_is_given(make_app: Any) -> None:
    _run, near = _one(make_app, "jr.map({'lat': [1.0, 1.0001], 'lon': [2.0, 2.0]})", "deck")
    assert json.loads(near["spec"])["initialViewState"]["zoom"] == 12  # one place: Streamlit's default
    _run, world = _one(make_app, "jr.map({'lat': [-60.0, 60.0], 'lon': [-170.0, 170.0]})", "deck")
    assert json.loads(world["spec"])["initialViewState"]["zoom"] == 0
    _run, given = _one(make_app, "jr.map({'lat': [1.0], 'lon': [2.0]}, zoom=5)", "deck")
    assert json.loads(given["spec"])["initialViewState"]["zoom"] == 5


def test_map_columns_given_by_name_and_colour_and_size_columns(make_app: Any) -> None:
    body = (
        "df = pd.DataFrame({'y': [1.0, 2.0], 'x': [3.0, 4.0], 'c': ['#ff0000', '#00ff0080'], 's': [10, 20]})\n"
        "jr.map(df, latitude='y', longitude='x', color='c', size='s', width=400, height=300)"
    )
    _run, el = _one(make_app, body, "deck")
    assert el["width"] == 400 and el["height"] == 300
    layer = _layer(el)
    assert layer["getPosition"] == "@@=[x, y]" and layer["getRadius"] == "@@=s"
    assert layer["getFillColor"] == "@@=__color"
    assert [d["__color"] for d in layer["data"]] == [[255, 0, 0, 255], [0, 255, 0, 128]]
    assert [d["s"] for d in layer["data"]] == [10, 20]


@pytest.mark.parametrize(
    ("color", "rgba"),
    [("'#f00'", [255, 0, 0, 255]), ("'#0068c9'", [0, 104, 201, 255]), ("(0, 128, 255)", [0, 128, 255, 255]),
     ("(1.0, 0.5, 0.0, 0.5)", [255, 127, 0, 127]), ("[10, 20, 30, 40]", [10, 20, 30, 40])],
)  # fmt: skip
def test_map_constant_colour_and_size(make_app: Any, color: str, rgba: list[int]) -> None:
    _run, el = _one(make_app, f"jr.map({{'lat': [1.0], 'lon': [2.0]}}, color={color}, size=25)", "deck")
    layer = _layer(el)
    assert layer["getFillColor"] == rgba and layer["getRadius"] == 25


def test_map_of_nothing_is_an_empty_world(make_app: Any) -> None:
    run = make_app(HEAD + "jr.map()\njr.map(pd.DataFrame({'lat': [], 'lon': []}))\n").run()
    for el in run.of_kind("deck"):
        spec = json.loads(el["spec"])
        assert spec == {"initialViewState": {"latitude": 0, "longitude": 0, "pitch": 0, "zoom": 1}}


def test_map_takes_polars_and_numpy_numbers(make_app: Any) -> None:
    pytest.importorskip("polars")
    body = "import polars as pl, numpy as np\njr.map(pl.DataFrame({'lat': np.array([1, 2], dtype=np.int64), 'lon': [3.5, 4.5]}))"
    _run, el = _one(make_app, body, "deck")
    assert _layer(el)["data"] == [{"lat": 1, "lon": 3.5}, {"lat": 2, "lon": 4.5}]


def test_colour_tuples_are_read_as_streamlit_reads_them() -> None:
    from jupyter_reactive.kernel.elements.geo import to_rgba

    # each component alone: floats are shares of 255, ints are kept, both clamped to 0-255
    assert to_rgba((300, 0, 0)) == [255, 0, 0, 255]
    assert to_rgba([0.5, -1.2, 2.0, 0.25]) == [127, 0, 255, 63]
    assert to_rgba((10, 0.5, 20)) == [10, 127, 20, 255]
    assert to_rgba("#f00") == [255, 0, 0, 255]


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        (
            "jr.map(pd.DataFrame({'x': [1.0], 'lon': [2.0]}))",
            "ValueError",
            "must contain a latitude column named 'lat'",
        ),
        ("jr.map(pd.DataFrame({'lat': [1.0], 'y': [2.0]}))", "ValueError", "Existing columns: 'lat', 'y'"),
        ("jr.map(pd.DataFrame({'lat': [1.0, None], 'lon': [2.0, 3.0]}))", "ValueError", "must not contain null"),
        ("jr.map(pd.DataFrame({'lat': ['north'], 'lon': [2.0]}))", "ValueError", "must hold numbers"),
        ("jr.map(pd.DataFrame({'lat': [float('inf')], 'lon': [2.0]}))", "ValueError", "finite numbers"),
        ("jr.map({'lat': [1.0], 'lon': [2.0]}, color='blue')", "ValueError", "'blue' is not a colour"),
        (
            "jr.map({'lat': [1.0], 'lon': [2.0], 'c': ['x']}, color='c')",
            "ValueError",
            "column 'c' does not hold colours",
        ),
        ("jr.map({'lat': [1.0], 'lon': [2.0]}, color=(float('nan'), 0, 0))", "ValueError", "is not a colour"),
        ("jr.map({'lat': [1.0], 'lon': [2.0]}, color=(1, 2))", "ValueError", "is not a colour"),
        ("jr.map({'lat': [1.0], 'lon': [2.0]}, size=-1)", "ValueError", "map size must be"),
        ("jr.map({'lat': [1.0], 'lon': [2.0]}, size='nope')", "ValueError", "map size must be"),
        ("jr.map({'lat': [1.0], 'lon': [2.0]}, height=0)", "ValueError", "height must be a positive number"),
        ("jr.map({'lat': [1.0], 'lon': [2.0]}, width='wide')", "ValueError", "width must be a positive number"),
        ("jr.map({'lat': [1.0], 'lon': [2.0]}, zoom='far')", "ValueError", "zoom must be a number"),
        ("jr.map(42)", "TypeError", "map data must be a table"),
    ],
)
def test_map_refuses_bad_data_clearly(make_app: Any, body: str, error: str, message: str) -> None:
    exc = _refused(make_app, body)
    assert exc["ename"] == error and message in exc["evalue"]


# -- pydeck_chart --------------------------------------------------------------------------------

DECK = """
import pydeck as pdk
df = pd.DataFrame({'name': ['a', 'b'], 'lat': [1.0, 2.0], 'lon': [3.0, 4.0]})
deck = pdk.Deck(
    layers=[pdk.Layer('ScatterplotLayer', df, id='pts', get_position='[lon, lat]', get_radius=100, pickable=True)],
    initial_view_state=pdk.ViewState(latitude=1.5, longitude=3.5, zoom=6),
    tooltip={'text': '{name}'},
    map_style=None,
)
"""


def test_pydeck_chart_sends_the_decks_json_and_tooltip(make_app: Any) -> None:
    pytest.importorskip("pydeck")
    _run, el = _one(make_app, DECK + "jr.pydeck_chart(deck, height=300, alt='two points')", "deck")
    assert el["tooltip"] == {"text": "{name}"} and el["height"] == 300 and el["alt"] == "two points"
    spec = json.loads(el["spec"])
    assert spec["initialViewState"]["zoom"] == 6
    (layer,) = spec["layers"]
    assert layer["@@type"] == "ScatterplotLayer" and layer["id"] == "pts" and len(layer["data"]) == 2
    assert el.get("basemap") is True  # pydeck names a map provider even without a style


def test_pydeck_chart_data_with_missing_numbers_sends_null(make_app: Any) -> None:
    pytest.importorskip("pydeck")
    body = DECK.replace("[1.0, 2.0]", "[1.0, float('nan')]").replace("[3.0, 4.0]", "[3.0, float('inf')]")
    _run, el = _one(make_app, body + "jr.pydeck_chart(deck)", "deck")
    (layer,) = json.loads(el["spec"])["layers"]
    assert layer["data"][1]["lat"] is None and layer["data"][1]["lon"] is None


def test_pydeck_chart_without_a_map_provider_has_no_tiles_note(make_app: Any) -> None:
    pytest.importorskip("pydeck")
    _run, el = _one(make_app, DECK + "deck.map_provider = None\njr.pydeck_chart(deck)", "deck")
    assert "basemap" not in el and "tooltip" in el


def test_pydeck_chart_of_nothing_is_an_empty_map(make_app: Any) -> None:
    _run, el = _one(make_app, "jr.pydeck_chart()", "deck")
    assert json.loads(el["spec"])["initialViewState"]["zoom"] == 1 and "tooltip" not in el


SELECT = """
import pandas as pd
import pydeck as pdk
import jupyter_reactive as jr
import jr_test_hooks as hooks
rows = pd.DataFrame({"name": ["a", "b"], "lat": [0.0, 1.0], "lon": [0.0, 1.0]})
deck = pdk.Deck(layers=[pdk.Layer("ScatterplotLayer", rows, id="pts", get_position="[lon, lat]")], map_style=None)
hooks.event = jr.pydeck_chart(deck, on_select="rerun", selection_mode=hooks.mode, key="map")
"""


def _deck_widget(make_app: Any, hooks: Any, mode: str = "single-object") -> tuple[Any, dict[str, Any]]:
    pytest.importorskip("pydeck")
    hooks.mode = mode
    app = make_app(SELECT)
    run = app.run()
    assert run.status == "complete" and not [m for m in run.messages if m["type"] == "notice"], run.messages
    (el,) = [e for e in app.page.values() if e.get("widget") == "pydeck_chart"]
    return app, el


def test_pydeck_chart_selection_is_a_widget_whose_value_the_script_reads(make_app: Any, hooks: Any) -> None:
    app, el = _deck_widget(make_app, hooks, "multi-object")
    assert el["selection_mode"] == "multi-object" and json.loads(el["spec"])["layers"][0]["id"] == "pts"
    assert hooks.event.selection.indices == {} and hooks.event["selection"]["objects"] == {}
    sel = {"indices": {"pts": [1, 0]}, "objects": {"pts": [{"name": "b"}, {"name": "a"}]}}
    run = app.send({el["id"]: sel})
    assert run.status == "complete", run.messages
    assert hooks.event.selection.indices == {"pts": [1, 0]}
    assert [o["name"] for o in hooks.event.selection.objects["pts"]] == ["b", "a"]
    assert app.state.get("map") == hooks.event  # the key's session_state entry


@pytest.mark.parametrize(
    ("wire", "why"),
    [
        ({"indices": {"pts": [0]}}, "indices and objects"),
        ({"indices": {"pts": [0]}, "objects": {"other": [{}]}}, "name the same layers"),
        ({"indices": {"pts": [0, 1]}, "objects": {"pts": [{}]}}, "as many objects as indices"),
        ({"indices": {"pts": [-1]}, "objects": {"pts": [{}]}}, "distinct non-negative"),
        ({"indices": {"pts": [True]}, "objects": {"pts": [{}]}}, "distinct non-negative"),
        ({"indices": {"pts": [0, 0]}, "objects": {"pts": [{}, {}]}}, "distinct non-negative"),
        ({"indices": {"pts": "0"}, "objects": {"pts": [{}]}}, "as many objects as indices"),
        ({"indices": {"pts": [0, 1]}, "objects": {"pts": [{}, {}]}}, "one object at most"),
        ([0], "indices and objects"),
    ],
)
def test_pydeck_chart_garbage_selections_are_refused(make_app: Any, hooks: Any, wire: Any, why: str) -> None:
    app, el = _deck_widget(make_app, hooks)
    assert why in app.refused(el["id"], wire)


def test_pydeck_chart_bad_selection_settings(make_app: Any) -> None:
    pytest.importorskip("pydeck")
    for call, why in (
        ("jr.pydeck_chart(deck, on_select='rerun', selection_mode='all')", "Invalid selection mode"),
        ("jr.pydeck_chart(deck, on_select='select')", "on_select must be"),
    ):
        run = make_app(HEAD + DECK + call).run()
        (exc,) = run.of_kind("exception")
        assert why in exc["evalue"], exc


@pytest.mark.parametrize(
    ("body", "message"),
    [("jr.pydeck_chart({'layers': []})", "needs a pydeck.Deck"), ("jr.pydeck_chart('x')", "needs a pydeck.Deck")],
)
def test_pydeck_chart_refuses_what_is_not_a_deck(make_app: Any, body: str, message: str) -> None:
    exc = _refused(make_app, body)
    assert exc["ename"] == "TypeError" and message in exc["evalue"]


# -- graphviz_chart ------------------------------------------------------------------------------


def test_graphviz_from_a_dot_string(make_app: Any) -> None:
    _run, el = _one(make_app, "jr.graphviz_chart('digraph { a -> b }')", "graphviz")
    assert el == {"kind": "graphviz", "dot": "digraph { a -> b }", "width": "content"}


def test_graphviz_from_a_digraph_and_widths(make_app: Any) -> None:
    body = (
        "import graphviz\ng = graphviz.Digraph()\ng.edge('x', 'y')\n"
        "jr.graphviz_chart(g, use_container_width=True, alt='xy')\njr.graphviz_chart(g, width=300)\n"
    )
    run = make_app(HEAD + body).run()
    first, second = run.of_kind("graphviz")
    assert "x -> y" in first["dot"] and first["width"] == "stretch" and first["alt"] == "xy"
    assert second["width"] == 300 and second["dot"] == first["dot"]


def test_a_dot_syntax_error_is_sent_for_the_page_to_show(make_app: Any) -> None:
    # the page's Graphviz reports the error in the chart's place (tests/browser/test_geo_page.py)
    _run, el = _one(make_app, "jr.graphviz_chart('digraph { a -> ')", "graphviz")
    assert el["dot"] == "digraph { a -> "


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        ("jr.graphviz_chart(42)", "TypeError", "needs a DOT string or a graphviz.Graph"),
        ("jr.graphviz_chart('graph {}', width=-3)", "ValueError", "width must be a positive number"),
        ("jr.graphviz_chart('graph {}', width='huge')", "ValueError", "'content', 'stretch'"),
    ],
)
def test_graphviz_refuses_bad_arguments(make_app: Any, body: str, error: str, message: str) -> None:
    exc = _refused(make_app, body)
    assert exc["ename"] == error and message in exc["evalue"]


# -- mermaid_chart -------------------------------------------------------------------------------

FLOW = "'graph LR\\n  A[Start] --> B[End]'"


def test_mermaid_sends_its_text_stretched_by_default(make_app: Any) -> None:
    _run, el = _one(make_app, f"jr.mermaid_chart({FLOW})", "mermaid")
    assert el == {"kind": "mermaid", "body": "graph LR\n  A[Start] --> B[End]"}


def test_mermaid_width_and_alt_go_to_the_layout(make_app: Any) -> None:
    body = f"jr.mermaid_chart({FLOW}, width='content', alt='start to end')\njr.mermaid_chart({FLOW}, width=240)\n"
    run = make_app(HEAD + body).run()
    first, second = run.of_kind("mermaid")
    assert first["sizing"] == {"width": "content"} and first["alt"] == "start to end"
    assert second["sizing"] == {"width": 240} and "alt" not in second


def test_a_mermaid_syntax_error_is_sent_for_the_page_to_show(make_app: Any) -> None:
    # Mermaid in the page reports it in the diagram's place (tests/browser/test_geo_page.py)
    _run, el = _one(make_app, "jr.mermaid_chart('graph LR\\n  A --> ')", "mermaid")
    assert el["body"] == "graph LR\n  A --> "


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        ("jr.mermaid_chart(42)", "StreamlitInvalidParameterTypeError", "needs the diagram as a string"),
        ("jr.mermaid_chart(None)", "StreamlitInvalidParameterTypeError", "not NoneType"),
        ("jr.mermaid_chart(b'graph LR')", "StreamlitInvalidParameterTypeError", "not bytes"),
        (f"jr.mermaid_chart({FLOW}, width=-3)", "StreamlitValueError", "width"),
        (f"jr.mermaid_chart({FLOW}, width='huge')", "StreamlitValueError", "width"),
        (f"jr.mermaid_chart({FLOW}, width=True)", "StreamlitValueError", "width"),
        (f"jr.mermaid_chart({FLOW}, alt=7)", "StreamlitValueError", "alt"),
        (f"jr.mermaid_chart({FLOW}, height=300)", "TypeError", "height"),
    ],
)
def test_mermaid_refuses_bad_arguments(make_app: Any, body: str, error: str, message: str) -> None:
    run = make_app(HEAD + body + "\n").run()
    assert run.status == "error" and run.of_kind("mermaid") == []
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == error and message in exc["evalue"], exc
