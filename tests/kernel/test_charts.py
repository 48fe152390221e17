"""Charts: the ``vega_lite`` element each chart function sends (the spec the kernel builds for
line/area/bar/scatter with Streamlit's conventions, altair's and a user's spec with their data
column-oriented), ``add_rows``, Vega-Lite mimebundles, and the arguments refused; through a real
ScriptRunner."""

from __future__ import annotations

import json
from typing import Any

import pytest

HEAD = "import jupyter_reactive as jr\nimport pandas as pd\nimport numpy as np\n"


def _charts(make_app: Any, body: str) -> list[dict[str, Any]]:
    run = make_app(HEAD + body).run()
    assert run.status == "complete", run.messages
    return run.of_kind("vega_lite")


def _one(make_app: Any, body: str) -> dict[str, Any]:
    (el,) = _charts(make_app, body)
    return el


def _rows(el: dict[str, Any], name: str = "data") -> list[dict[str, Any]]:
    d = el["datasets"][name]
    return [dict(zip(d["columns"], row, strict=True)) for row in zip(*d["values"], strict=True)]


def _error(make_app: Any, body: str) -> str:
    run = make_app(HEAD + body).run()
    (exc,) = run.of_kind("exception")
    return f"{exc['ename']}: {exc['evalue']}"


def test_wide_data_is_melted_with_the_index_as_x(make_app: Any) -> None:
    el = _one(make_app, "jr.line_chart(pd.DataFrame({'a': [1.0, 2.0], 'b': [3.0, 4.0]}))")
    assert el["use_container_width"] is True and el["theme"] == "streamlit"
    assert el["datasets"]["data"]["columns"] == ["index", "color", "value"]
    assert _rows(el) == [
        {"index": 0, "color": "a", "value": 1.0},
        {"index": 1, "color": "a", "value": 2.0},
        {"index": 0, "color": "b", "value": 3.0},
        {"index": 1, "color": "b", "value": 4.0},
    ]
    spec = el["spec"]
    assert spec["layer"][0] == {"mark": {"type": "line"}} and spec["data"] == {"name": "data"}
    enc = spec["encoding"]
    assert (enc["x"]["field"], enc["x"]["title"]) == ("index", "")
    assert (enc["y"]["field"], enc["y"]["title"]) == ("value", "")
    assert enc["color"]["field"] == "color" and enc["color"]["type"] == "nominal"


@pytest.mark.parametrize(("rows", "on"), [(3, "mousemove"), (1001, "mousemove{16}")])
def test_a_line_chart_marks_the_nearest_x_on_hover_as_streamlits(make_app: Any, rows: int, on: str) -> None:
    # Streamlit 1.67: the line, invisible points picking the x nearest the pointer, and a filled
    # point on each line there (gone when the pointer leaves); hover throttled past 1,000 rows
    el = _one(
        make_app, f"jr.line_chart({{'t': list(range({rows})), 'v': [1.0] * {rows}}}, x='t', y='v', color='#123456')"
    )
    spec = el["spec"]
    line, detect, shown = spec["layer"]
    assert line == {"mark": {"type": "line", "color": "#123456"}}
    (param,) = detect["params"]
    assert detect["mark"] == {"type": "point", "opacity": 0, "color": "#123456"}
    assert param["select"] == {"type": "point", "nearest": True, "on": on, "fields": ["t"], "clear": "mouseleave"}
    assert shown["mark"] == {"type": "point", "filled": True, "size": 65, "color": "#123456"}
    assert shown["transform"] == [{"filter": {"param": param["name"], "empty": False}}]
    assert spec["encoding"]["x"]["field"] == "t" and spec["config"] == {"legend": {"symbolType": "stroke"}}
    assert el["kind"] == "vega_lite" and "widget" not in el  # not a selection the script hears


def test_a_line_chart_past_4000_rows_has_no_hover_point(make_app: Any) -> None:
    # the nearest-x picking lays a Voronoi cell over each point: too slow to draw past 4,000
    spec = _one(make_app, "jr.line_chart({'v': [1.0] * 4001})")["spec"]
    assert "layer" not in spec and spec["mark"] == {"type": "line"}


def test_other_built_in_charts_have_no_hover_point(make_app: Any) -> None:
    for call in ("area_chart", "bar_chart", "scatter_chart"):
        spec = _one(make_app, f"jr.{call}({{'a': [1.0, 2.0]}})")["spec"]
        assert "layer" not in spec and "params" not in spec


def test_one_y_column_is_not_melted_and_titles_its_axes(make_app: Any) -> None:
    el = _one(make_app, "jr.line_chart({'t': [1, 2, 3], 'v': [4, 5, 6], 'w': [0, 0, 0]}, x='t', y='v')")
    assert el["datasets"]["data"] == {"columns": ["t", "v"], "values": [[1, 2, 3], [4, 5, 6]]}
    enc = el["spec"]["encoding"]
    assert (enc["x"]["field"], enc["x"]["title"], enc["y"]["field"], enc["y"]["title"]) == ("t", "t", "v", "v")
    assert "color" not in enc


def test_y_list_labels_and_colour_list(make_app: Any) -> None:
    el = _one(
        make_app,
        "df = pd.DataFrame({'x': [1, 2], 'a': [1, 2], 'b': [3, 4], 'c': [5, 6]})\n"
        "jr.line_chart(df, x='x', y=['a', 'b'], x_label='X!', y_label='Y!', color=['#ff0000', (0, 0, 255)])",
    )
    enc = el["spec"]["encoding"]
    assert enc["x"]["title"] == "X!" and enc["y"]["title"] == "Y!"
    assert enc["color"]["scale"] == {"range": ["#ff0000", "rgb(0, 0, 255)"]}
    assert {r["color"] for r in _rows(el)} == {"a", "b"}


def test_colour_column_versus_colour_value(make_app: Any) -> None:
    by_column = _one(make_app, "jr.scatter_chart({'x': [1, 2], 'y': [3, 4], 'k': ['p', 'q']}, x='x', y='y', color='k')")
    assert by_column["spec"]["encoding"]["color"]["field"] == "k"
    assert by_column["spec"]["mark"]["type"] == "circle"
    one = _one(make_app, "jr.scatter_chart({'x': [1, 2], 'y': [3, 4]}, x='x', y='y', color='#123456', size=80)")
    assert one["spec"]["mark"]["color"] == "#123456" and one["spec"]["mark"]["size"] == 80
    assert "color" not in one["spec"]["encoding"]


@pytest.mark.parametrize(
    ("call", "value_axis", "category_axis"),
    [
        ("jr.line_chart({'a': [1.5, 2.5]})", "y", "x"),
        ("jr.bar_chart({'k': ['p', 'q'], 'v': [1, 2]}, x='k', y='v')", "y", "x"),
        ("jr.bar_chart({'k': ['p', 'q'], 'v': [1, 2]}, x='k', y='v', horizontal=True)", "x", "y"),
    ],
)
def test_grid_lines_run_across_the_values_only(make_app: Any, call: str, value_axis: str, category_axis: str) -> None:
    enc = _one(make_app, call)["spec"]["encoding"]
    # Streamlit's built-in charts: a grid for the values' axis, none for x or the categories
    assert enc[category_axis]["axis"]["grid"] is False and enc[value_axis]["axis"]["grid"] is True


def test_scatter_points_are_streamlits_size_by_default(make_app: Any) -> None:
    el = _one(make_app, "jr.scatter_chart({'x': [1, 2], 'y': [3, 4]}, x='x', y='y')")
    assert el["spec"]["mark"]["size"] == 100


def test_scatter_size_column(make_app: Any) -> None:
    el = _one(make_app, "jr.scatter_chart({'x': [1, 2], 'y': [3, 4], 's': [5, 6]}, x='x', y='y', size='s')")
    assert el["spec"]["encoding"]["size"]["field"] == "s" and "size" not in el["spec"]["mark"]
    assert el["datasets"]["data"]["columns"] == ["x", "s", "y"]


@pytest.mark.parametrize(
    ("stack", "expected"),
    [
        ("None", None),
        ("True", "zero"),
        ("False", False),
        ("'normalize'", "normalize"),
        ("'center'", "center"),
        ("'layered'", False),
    ],
)
def test_bar_stack_variants(make_app: Any, stack: str, expected: Any) -> None:
    el = _one(make_app, f"jr.bar_chart(pd.DataFrame({{'a': [1, 2], 'b': [3, 4]}}), stack={stack})")
    y = el["spec"]["encoding"]["y"]
    assert y.get("stack", None) == expected
    assert (el["spec"]["mark"].get("opacity") == 0.7) == (stack == "'layered'")
    # only stack=False puts the series side by side (Streamlit's grouped bars)
    assert (el["spec"]["encoding"].get("xOffset") == {"field": "color"}) == (stack == "False")


def test_unstacked_horizontal_bars_group_down_the_categories(make_app: Any) -> None:
    el = _one(make_app, "jr.bar_chart(pd.DataFrame({'a': [1, 2], 'b': [3, 4]}), horizontal=True, stack=False)")
    enc = el["spec"]["encoding"]
    assert enc["yOffset"] == {"field": "color"} and "xOffset" not in enc
    # one series has nothing to put side by side
    el = _one(make_app, "jr.bar_chart(pd.DataFrame({'a': [1, 2]}), stack=False)")
    assert "xOffset" not in el["spec"]["encoding"]


def test_horizontal_bar_swaps_the_axes(make_app: Any) -> None:
    el = _one(make_app, "jr.bar_chart({'f': ['x', 'y'], 'n': [1, 2]}, x='f', y='n', horizontal=True)")
    enc = el["spec"]["encoding"]
    assert enc["y"]["field"] == "f" and enc["y"]["type"] == "ordinal"
    assert enc["x"]["field"] == "n" and enc["x"]["type"] == "quantitative"


def test_bar_sort(make_app: Any) -> None:
    el = _one(make_app, "jr.bar_chart({'f': ['x', 'y'], 'n': [1, 2]}, x='f', y='n', sort='-n')")
    assert el["spec"]["encoding"]["x"]["sort"] == {"field": "n", "op": "sum", "order": "descending"}
    el = _one(make_app, "jr.bar_chart({'f': ['x', 'y'], 'n': [1, 2]}, x='f', y='n', sort=False)")
    assert el["spec"]["encoding"]["x"]["sort"] is None


def test_area_charts_overlap_unless_stacked(make_app: Any) -> None:
    el = _one(make_app, "jr.area_chart(pd.DataFrame({'a': [1, 2], 'b': [3, 4]}))")
    assert el["spec"]["encoding"]["y"]["stack"] is False
    el = _one(make_app, "jr.area_chart(pd.DataFrame({'a': [1, 2], 'b': [3, 4]}), stack=True)")
    assert el["spec"]["encoding"]["y"]["stack"] == "zero"


def test_area_chart_is_translucent_with_several_series(make_app: Any) -> None:
    el = _one(make_app, "jr.area_chart(pd.DataFrame({'a': [1, 2], 'b': [3, 4]}), stack='normalize')")
    assert el["spec"]["mark"] == {"type": "area", "opacity": 0.7}
    assert el["spec"]["encoding"]["y"]["stack"] == "normalize"


@pytest.mark.parametrize(
    "data",
    [
        "np.array([[1.0, 2.0], [3.0, 4.0]])",
        "[[1.0, 2.0], [3.0, 4.0]]",
        "{'0': [1.0, 3.0], '1': [2.0, 4.0]}",
        "__import__('polars').DataFrame({'0': [1.0, 3.0], '1': [2.0, 4.0]})",
    ],
)
def test_numpy_lists_dicts_and_polars_are_charted_alike(make_app: Any, data: str) -> None:
    el = _one(make_app, f"jr.line_chart({data})")
    assert _rows(el) == [
        {"index": 0, "color": "0", "value": 1.0},
        {"index": 1, "color": "0", "value": 3.0},
        {"index": 0, "color": "1", "value": 2.0},
        {"index": 1, "color": "1", "value": 4.0},
    ]


def test_dates_nan_and_awkward_names(make_app: Any) -> None:
    el = _one(
        make_app,
        "df = pd.DataFrame({'when': pd.to_datetime(['2024-01-01', None]), 'a.b': [1.5, float('nan')]})\n"
        "jr.line_chart(df, x='when', y='a.b')",
    )
    assert el["datasets"]["data"]["values"] == [[1704067200000, None], [1.5, None]]
    enc = el["spec"]["encoding"]
    assert enc["x"]["type"] == "temporal" and enc["y"]["field"] == "a\\.b"
    json.dumps(el, allow_nan=False)


def test_a_ten_thousand_point_line_is_compact(make_app: Any) -> None:
    el = _one(make_app, "jr.line_chart(np.random.default_rng(0).standard_normal(10_000).cumsum())")
    assert len(el["datasets"]["data"]["values"][0]) == 10_000
    size = len(json.dumps(el, separators=(",", ":")))
    # two columns of numbers, no repeated keys: about 21 bytes a point
    assert size < 10_000 * 25, size


def test_vega_lite_chart_with_data_and_inline_values(make_app: Any) -> None:
    el = _one(
        make_app,
        "spec = {'mark': 'bar', 'encoding': {'x': {'field': 'a', 'type': 'nominal'}, 'y': {'field': 'b', 'type': 'quantitative'}}}\n"
        "jr.vega_lite_chart(pd.DataFrame({'a': ['x', 'y'], 'b': [1, 2]}), spec, width=300, height=200, theme=None)",
    )
    assert el["spec"]["data"] == {"name": "data"} and el["spec"]["width"] == 300 and el["spec"]["height"] == 200
    assert el["use_container_width"] is False and el["theme"] is None
    assert _rows(el) == [{"a": "x", "b": 1}, {"a": "y", "b": 2}]
    inline = _one(make_app, "jr.vega_lite_chart({'data': {'values': [{'a': 1}]}, 'mark': 'point'})")
    assert inline["spec"]["data"] == {"values": [{"a": 1}]} and inline["datasets"] == {}


def test_altair_chart_datasets_travel_column_oriented(make_app: Any) -> None:
    el = _one(
        make_app,
        "import altair as alt\n"
        "df = pd.DataFrame({'a': range(6000), 'b': range(6000)})\n"  # over altair's 5,000-row limit
        "jr.altair_chart(alt.Chart(df).mark_line().encode(x='a', y='b'), use_container_width=False)",
    )
    (name,) = el["datasets"]
    assert el["spec"]["data"] == {"name": name} and "datasets" not in el["spec"]
    assert el["datasets"][name]["columns"] == ["a", "b"] and len(el["datasets"][name]["values"][0]) == 6000
    assert el["use_container_width"] is False


def test_write_draws_an_altair_chart(make_app: Any) -> None:
    el = _one(
        make_app, "import altair as alt\njr.write(alt.Chart(pd.DataFrame({'a': [1, 2]})).mark_point().encode(x='a'))"
    )
    (name,) = el["datasets"]
    assert _rows(el, name) == [{"a": 1}, {"a": 2}]


def test_a_v4_mimebundle_is_a_chart_too() -> None:
    from jupyter_reactive.kernel.display import element_for_bundle

    el = element_for_bundle(
        {"application/vnd.vegalite.v4+json": {"mark": "point", "datasets": {"d": [{"a": 1}]}}, "text/plain": "x"}
    )
    assert el["kind"] == "vega_lite" and el["datasets"] == {"d": {"columns": ["a"], "values": [[1]]}}


def _added(run: Any) -> list[dict[str, Any]]:
    return [m for m in run.messages if m["type"] == "add_rows"]


# what the outbox's flusher does between a loop's steps (the harness's own flusher waits a minute)
FLUSH = "from jupyter_reactive.kernel.delta import get_context\nflush = lambda: get_context().writer.outbox.flush()\n"


def test_add_rows_sends_only_the_new_rows(make_app: Any) -> None:
    app = make_app(
        HEAD + FLUSH + "c = jr.line_chart(pd.DataFrame({'a': [1.0], 'b': [2.0]}))\n"
        "c.add_rows(pd.DataFrame({'a': [3.0], 'b': [4.0]}, index=[1]))\n"
        "flush()\n"
        "c.add_rows(pd.DataFrame({'a': [5.0], 'b': [6.0]}, index=[2]))\n"
        "jr.text('after')\n"
    )
    run = app.run()
    charts = [(p, el) for p, el in run.items if el.get("kind") == "vega_lite"]
    # the chart is sent once, whole: the first add_rows came before its delta left, so it
    # joined that delta; the next one sends its rows alone
    assert [p for p, _el in charts] == [(0, 0)]
    assert len(_rows(charts[0][1])) == 4
    (added,) = _added(run)
    assert added["path"] == [0, 0]
    assert added["datasets"] == {
        "data": {"columns": ["index", "color", "value"], "values": [[2, 2], ["a", "b"], [5.0, 6.0]]}
    }
    # the page holds the whole data: the first rows and the added ones
    assert [(r["index"], r["value"]) for r in _rows(app.page[(0, 0)])] == [
        (0, 1.0),
        (0, 2.0),
        (1, 3.0),
        (1, 4.0),
        (2, 5.0),
        (2, 6.0),
    ]
    assert app.page[(0, 1)]["text"] == "after"
    assert [el["text"] for el in run.of_kind("text")] == ["after"]


def test_rows_added_between_flushes_travel_in_one_message(make_app: Any) -> None:
    app = make_app(
        HEAD + FLUSH + "c = jr.vega_lite_chart(pd.DataFrame({'a': [1]}), {'mark': 'point'})\nflush()\n"
        "c.add_rows(pd.DataFrame({'a': [2]})).add_rows(data=[{'a': 3}])\nflush()\n"
        "c.add_rows(data=[{'a': 4}])\n"
    )
    run = app.run()
    assert [m["datasets"]["data"]["values"] for m in _added(run)] == [[[2, 3]], [[4]]]
    assert _rows(app.page[(0, 0)]) == [{"a": 1}, {"a": 2}, {"a": 3}, {"a": 4}]


def test_add_rows_to_named_datasets(make_app: Any) -> None:
    app = make_app(
        HEAD
        + FLUSH
        + "spec = {'layer': [{'mark': 'point', 'data': {'name': 'p'}}, {'mark': 'line', 'data': {'name': 'q'}}]}\n"
        "c = jr.vega_lite_chart(None, spec | {'datasets': {'p': [{'x': 1}], 'q': [{'y': 1}]}})\nflush()\n"
        "c.add_rows(p=[{'x': 2}])\nc.add_rows(q=[{'y': 5}])\nc.add_rows(p=[{'x': 3}])\n"
    )
    run = app.run()
    assert [m["datasets"] for m in _added(run)] == [
        {"p": {"columns": ["x"], "values": [[2, 3]]}, "q": {"columns": ["y"], "values": [[5]]}}
    ]
    assert _rows(app.page[(0, 0)], "p") == [{"x": 1}, {"x": 2}, {"x": 3}]
    assert _rows(app.page[(0, 0)], "q") == [{"y": 1}, {"y": 5}]


def test_spec_datasets_given_as_frames_take_rows_by_name_or_alone(make_app: Any) -> None:
    app = make_app(
        HEAD + "df = pd.DataFrame({'a': [1, 2], 'b': [3, 4]})\n"
        "spec = {'datasets': {'foo': df}, 'data': {'name': 'foo'}, 'mark': 'line'}\n"
        "one = jr.vega_lite_chart(spec)\ntwo = jr.vega_lite_chart(spec)\n"
        "one.add_rows(df)\ntwo.add_rows(foo=df.iloc[:1])\n"
    )
    assert app.run().status == "complete"
    assert _rows(app.page[(0, 0)], "foo") == [{"a": 1, "b": 3}, {"a": 2, "b": 4}] * 2
    assert _rows(app.page[(0, 1)], "foo") == [{"a": 1, "b": 3}, {"a": 2, "b": 4}, {"a": 1, "b": 3}]
    assert "datasets" not in app.page[(0, 0)]["spec"]


def test_a_rerun_sends_the_chart_whole_again(make_app: Any) -> None:
    """After add_rows the page shows a grown chart: the next run's chart (its first rows only)
    replaces it, as in Streamlit, even though its JSON equals what was first sent."""
    app = make_app(HEAD + "c = jr.line_chart({'a': [1.0, 2.0]})\nif jr.button('grow'):\n    c.add_rows({'a': [3.0]})\n")
    app.run()
    wid = app.widget("grow")["id"]
    grown = app.send({wid: True})
    assert len(_added(grown)) == 1 and len(_rows(app.page[(0, 0)])) == 3
    again = app.run()
    assert len(again.of_kind("vega_lite")) == 1 and not _added(again)
    assert len(_rows(app.page[(0, 0)])) == 2


def test_add_rows_to_an_empty_chart_sends_it_whole(make_app: Any) -> None:
    app = make_app(HEAD + "c = jr.vega_lite_chart(pd.DataFrame(), {'mark': 'point'})\nc.add_rows({'a': [1.0]})\n")
    run = app.run()
    assert not _added(run) and run.of_kind("vega_lite")[-1]["datasets"]["data"]["columns"] == ["a"]
    assert [r["a"] for r in _rows(app.page[(0, 0)])] == [1.0]


def test_add_rows_after_the_chart_was_replaced_sends_the_chart(make_app: Any) -> None:
    """A handle whose place now shows another element writes its chart whole (never rows into
    an element it did not draw)."""
    app = make_app(
        HEAD + "import jupyter_reactive.kernel.api as api\n"
        "slot = jr.empty()\nc = slot.line_chart({'a': [1.0]})\nslot.text('other')\nc.add_rows({'a': [2.0]})\n"
    )
    run = app.run()
    assert not _added(run)
    assert [r["a"] for r in _rows(app.page[(0, 0, 0)])] == [1.0, 2.0]


def test_mirror_keeps_the_added_rows_for_a_snapshot(make_app: Any) -> None:
    from jupyter_reactive.server.mirror import PageMirror

    app = make_app(
        HEAD
        + FLUSH
        + "c = jr.line_chart({'a': [1.0]})\nflush()\nfor i in range(3):\n    c.add_rows({'a': [float(i)]})\n    flush()\n"
    )
    run = app.run()
    assert len(_added(run)) == 3
    mirror = PageMirror()
    for msg in json.loads(json.dumps(run.messages)):
        mirror.apply(msg)
    (item,) = json.loads(mirror.snapshot())["elements"]
    assert item["el"]["datasets"]["data"]["values"][1] == [1.0, 0.0, 1.0, 2.0]
    assert item["el"] == app.page[(0, 0)]


def test_mirror_ignores_add_rows_that_do_not_fit() -> None:
    from jupyter_reactive.server.mirror import PageMirror

    el = {"kind": "vega_lite", "spec": {}, "datasets": {"d": {"columns": ["a"], "values": [[1]]}}}
    mirror = PageMirror()
    mirror.apply(
        {"type": "deltas", "run": 1, "items": [{"path": [0, 0], "el": el}, {"path": [0, 1], "el": {"kind": "text"}}]}
    )
    for bad in (
        {"path": [0, 1], "datasets": {"d": {"columns": ["a"], "values": [[2]]}}},  # not a chart
        {"path": [0, 7], "datasets": {"d": {"columns": ["a"], "values": [[2]]}}},  # nothing there
        {"path": [0, 0], "datasets": {"x": {"columns": ["a"], "values": [[2]]}}},  # no such dataset
        {"path": [0, 0], "datasets": {"d": {"columns": ["b"], "values": [[2]]}}},  # other columns
        {"path": [0, 0], "datasets": {"d": {"columns": ["a"], "values": [[2], [3]]}}},  # ragged
        {"path": [0, 0], "datasets": "nonsense"},
        {"datasets": {}},
    ):
        mirror.apply({"type": "add_rows", **bad})
    assert json.loads(mirror.snapshot())["elements"][0]["el"]["datasets"]["d"]["values"] == [[1]]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("jr.line_chart({'a': [1]}, x='nope')", "ValueError: x: no column named 'nope'"),
        ("jr.line_chart({'a': [1]}, y=['a', 'zz'])", "ValueError: y: no column named 'zz'"),
        ("jr.line_chart({'a': [1]}, color='notacolour')", "ValueError: color 'notacolour' is neither"),
        ("jr.line_chart({'a': [1], 'b': [2]}, color=['#fff'])", "ValueError: color: 1 colours for 2 y columns"),
        ("jr.bar_chart({'a': [1]}, stack='sideways')", "ValueError: stack must be one of"),
        ("jr.line_chart('abc')", "TypeError: chart data must be a table"),
        ("jr.line_chart(object())", "TypeError: cannot make a table"),
        ("jr.line_chart({'a': [1]}, width=-5)", "ValueError: width must be positive"),
        ("jr.line_chart({'a': [1]}, height='tall')", "ValueError: height must be"),
        ("jr.vega_lite_chart({'a': [1]}, 'spec')", "TypeError: spec must be a dict"),
        ("jr.vega_lite_chart(None, {'mark': 'point'}, theme='dark')", "ValueError: theme must be"),
        ("jr.altair_chart(42)", "TypeError: altair_chart needs an Altair chart"),
        ("jr.scatter_chart({'a': [1]}, size=True)", "TypeError: size must be"),
        ("jr.line_chart({'a': [1]}).add_rows({'b': [2]})", "ValueError: add_rows: the new rows have columns"),
        ("jr.vega_lite_chart(None, {'mark': 'point'}).add_rows({'b': [2]})", "ValueError: add_rows: this chart has"),
        ("jr.line_chart({'a': [1]}).add_rows(nope=[{'a': 1}])", "ValueError: add_rows: the chart has no dataset"),
    ],
)
def test_bad_arguments_are_refused_clearly(make_app: Any, body: str, message: str) -> None:
    assert _error(make_app, body).startswith(message)


SELECTABLE = (
    "spec = {'mark': 'point', 'params': [{'name': 'pick', 'select': 'point'},"
    " {'name': 'brush', 'select': {'type': 'interval', 'encodings': ['x']}}],"
    " 'encoding': {'x': {'field': 'a', 'type': 'quantitative'}}}\n"
)


def test_on_select_makes_the_chart_a_widget_with_an_empty_selection(make_app: Any) -> None:
    app = make_app(
        HEAD + SELECTABLE + "event = jr.vega_lite_chart({'a': [1, 2]}, spec, on_select='rerun')\njr.write(event)\n"
    )
    run = app.run()
    (widget,) = run.of_kind("widget")
    assert widget["widget"] == "vega_lite_chart" and widget["selections"] == {"brush": "interval", "pick": "point"}
    assert widget["chart"]["kind"] == "vega_lite" and widget["chart"]["spec"]["params"][0]["name"] == "pick"
    assert json.loads(widget["value"]) == {"selection": {"brush": {}, "pick": {}}}
    assert run.of_kind("vega_lite") == []
    assert run.of_kind("json")[0]["value"] == {"selection": {"brush": {}, "pick": {}}}


def test_a_selection_from_the_page_reaches_the_script(make_app: Any) -> None:
    app = make_app(
        HEAD + SELECTABLE + "event = jr.vega_lite_chart({'a': [1, 2]}, spec, on_select='rerun', key='ch')\n"
        "jr.write(event.selection.pick, event['selection']['brush'], jr.session_state.ch.selection.pick)\n"
    )
    wid = app.run().of_kind("widget")[0]["id"]
    chosen = {"selection": {"pick": [{"a": 2}], "brush": {"a": [0.5, 1.5]}}}
    run = app.send({wid: json.dumps(chosen)})
    assert [el["value"] for el in run.of_kind("json")] == [[{"a": 2}], {"a": [0.5, 1.5]}, [{"a": 2}]]


def test_selection_mode_and_a_callback(make_app: Any) -> None:
    app = make_app(
        HEAD + SELECTABLE + "def told():\n    jr.session_state['told'] = True\n"
        "event = jr.vega_lite_chart({'a': [1]}, spec, on_select=told, selection_mode='pick')\n"
        "jr.write(sorted(event.selection), jr.session_state.get('told', False))\n"
    )
    run = app.run()
    assert run.of_kind("widget")[0]["selections"] == {"pick": "point"}
    wid = run.of_kind("widget")[0]["id"]
    app.send({wid: json.dumps({"selection": {"pick": [{"a": 1}]}})})
    shown = [el for _path, el in sorted(app.page.items()) if el.get("kind") in ("json", "markdown")]
    assert shown[0]["value"] == ["pick"] and "True" in shown[1]["html"]


def test_altair_selections(make_app: Any) -> None:
    run = make_app(
        HEAD + "import altair as alt\n"
        "sel = alt.selection_point(name='p', fields=['a'])\n"
        "chart = alt.Chart(pd.DataFrame({'a': [1, 2]})).mark_point().encode(x='a').add_params(sel)\n"
        "jr.altair_chart(alt.layer(chart, chart.mark_line()), on_select='rerun')\n"
    ).run()
    assert run.of_kind("widget")[0]["selections"] == {"p": "point"}


@pytest.mark.parametrize(
    "wire",
    [
        42,
        None,
        "not json",
        json.dumps([1]),
        json.dumps({"selection": []}),
        json.dumps({"selection": {"other": {}}}),
        json.dumps({"selection": {"pick": {"a": 1}}}),
        json.dumps({"selection": {"pick": [1, 2]}}),
        json.dumps({"selection": {"pick": [{"a": {"nested": 1}}]}}),
        json.dumps({"selection": {"brush": [{"a": 1}]}}),
        json.dumps({"selection": {"brush": {"a": 5}}}),
        json.dumps({"selection": {"brush": {"a": [[1]]}}}),
        "x" * (1 << 21),
    ],
)
def test_bad_selections_are_refused(make_app: Any, wire: Any) -> None:
    app = make_app(HEAD + SELECTABLE + "jr.vega_lite_chart({'a': [1]}, spec, on_select='rerun')\n")
    wid = app.run().of_kind("widget")[0]["id"]
    assert app.refused(wid, wire)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("jr.vega_lite_chart({'a': [1]}, {'mark': 'point'}, on_select='rerun')", "ValueError: on_select is set but"),
        ("jr.vega_lite_chart({'a': [1]}, spec, on_select='click')", "ValueError: on_select must be"),
        (
            "jr.vega_lite_chart({'a': [1]}, spec, on_select='rerun', selection_mode='zz')",
            "ValueError: selection_mode: the chart has no",
        ),
    ],
)
def test_bad_selection_arguments(make_app: Any, body: str, message: str) -> None:
    assert _error(make_app, SELECTABLE + body).startswith(message)


def test_add_rows_continues_a_default_index(make_app: Any) -> None:
    app = make_app(HEAD + "c = jr.line_chart(np.zeros((1, 1)))\nfor _ in range(3):\n    c.add_rows(np.ones((2, 1)))\n")
    assert app.run().status == "complete"
    assert [r["index"] for r in _rows(app.page[(0, 0)])] == [0, 1, 2, 3, 4, 5, 6]


def test_a_chart_stretches_over_its_specs_width_as_streamlits_does(make_app: Any) -> None:
    # population-dashboard's donuts: .properties(width=130) in an 84 px column; Streamlit 1.67
    # stretches them to the column unless the chart is faceted, side by side or repeated
    spec = "{'mark': 'arc', 'width': 130, 'height': 130, 'encoding': {'theta': {'field': 'a', 'type': 'quantitative'}}}"
    donut = _one(make_app, f"jr.vega_lite_chart(pd.DataFrame({{'a': [1, 2]}}), {spec})")
    assert donut["use_container_width"] is True and donut["spec"]["width"] == 130
    kept = _one(make_app, f"jr.vega_lite_chart(pd.DataFrame({{'a': [1, 2]}}), {spec}, width='content')")
    assert kept["use_container_width"] is False
    side = "{'hconcat': [{'mark': 'point', 'width': 100}, {'mark': 'bar', 'width': 100}]}"
    assert _one(make_app, f"jr.vega_lite_chart(pd.DataFrame({{'a': [1]}}), {side})")["use_container_width"] is False
    faceted = "{'mark': 'point', 'width': 100, 'encoding': {'column': {'field': 'a', 'type': 'nominal'}}}"
    assert _one(make_app, f"jr.vega_lite_chart(pd.DataFrame({{'a': [1]}}), {faceted})")["use_container_width"] is False
