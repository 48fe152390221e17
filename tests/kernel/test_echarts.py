"""``jr.echarts_chart``: the option as Streamlit 1.67 checks and sends it, its refusals (class and
message as Streamlit's), sizes, and the selection widget (its value, key, garbage from the page)."""

from __future__ import annotations

import json
from typing import Any

import pytest

HEAD = "import jupyter_reactive as jr\nimport pandas as pd\n"
BAR = "{'xAxis': {'type': 'category', 'data': ['A', 'B', 'C']}, 'yAxis': {'type': 'value'}, 'series': [{'type': 'bar', 'data': [5, 20, 36]}]}"


def _one(make_app: Any, body: str) -> dict[str, Any]:
    run = make_app(HEAD + body + "\n").run()
    assert run.status == "complete", run.of_kind("exception")
    (el,) = run.of_kind("echarts_chart")
    return el


def _refused(make_app: Any, body: str) -> dict[str, Any]:
    run = make_app(HEAD + body + "\n").run()
    assert run.status == "error" and run.of_kind("echarts_chart") == []
    (exc,) = run.of_kind("exception")
    return exc


def test_a_dict_option_is_sent_as_strict_json_with_streamlits_defaults(make_app: Any) -> None:
    el = _one(make_app, f"jr.echarts_chart({BAR})")
    assert json.loads(el["spec"])["series"][0]["data"] == [5, 20, 36]
    assert el["theme"] == "streamlit" and el["renderer"] == "canvas"
    assert el["height"] == 350 and "width" not in el and "description" not in el and "sizing" not in el


def test_json_text_and_pyecharts_like_objects_are_options(make_app: Any) -> None:
    el = _one(make_app, 'jr.echarts_chart(\'{"series": [{"type": "pie", "data": [1, 2]}]}\')')
    assert json.loads(el["spec"]) == {"series": [{"type": "pie", "data": [1, 2]}]}
    body = """
class Chart:
    width = "640px"
    height = "500px"  # pyecharts' own default: not the author's
    def dump_options(self):
        return '{"series": [{"type": "line", "data": [3]}]}'
jr.echarts_chart(Chart(), width="content")
"""
    el = _one(make_app, body)
    assert json.loads(el["spec"])["series"][0]["type"] == "line"
    assert el["width"] == 640 and el["height"] == 350


def test_a_dataframe_source_becomes_rows_and_dimensions(make_app: Any) -> None:
    body = """
df = pd.DataFrame({
    "product": ["Matcha", "Milk Tea", "Cocoa"],
    "2015": [43.3, float("nan"), 86.4],
    "when": pd.to_datetime(["2020-01-01 00:00", None, "2021-02-03 04:05"]),
})
spec = {"dataset": {"source": df}, "xAxis": {"type": "category"}, "yAxis": {}, "series": [{"type": "bar"}]}
jr.echarts_chart(spec)
assert spec["dataset"]["source"] is df  # the app's option is left as it was
"""
    ds = json.loads(_one(make_app, body)["spec"])["dataset"]
    assert ds["dimensions"] == ["product", "2015", "when"] and ds["sourceHeader"] is False
    assert ds["source"] == [
        ["Matcha", 43.3, "2020-01-01T00:00:00.000"],
        ["Milk Tea", None, None],
        ["Cocoa", 86.4, "2021-02-03T04:05:00.000"],
    ]


def test_sizes_theme_renderer_alt_and_key(make_app: Any) -> None:
    el = _one(
        make_app,
        f"jr.echarts_chart({BAR}, width='content', height=200, theme=None, renderer='svg', alt='  Bars ', key='k')",
    )
    assert el["width"] == 700 and el["height"] == 200 and el["theme"] is None and el["renderer"] == "svg"
    assert el["description"] == "Bars" and el["key"] == "k"
    el = _one(make_app, f"jr.echarts_chart({BAR}, width=300, height='stretch', alt='   ')")
    assert el["height"] == "stretch" and el["sizing"]["width"] == 300 and "description" not in el


def test_the_call_returns_the_elements_handle(make_app: Any) -> None:
    run = make_app(HEAD + f"h = jr.echarts_chart({BAR})\nh.empty()\n").run()
    assert run.status == "complete" and run.of_kind("echarts_chart") == []


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        (
            "jr.echarts_chart(42)",
            "StreamlitInvalidParameterTypeError",
            "Invalid `spec` type. Expected one of: dict, str, pyecharts chart. Provided type: int.",
        ),
        (
            "jr.echarts_chart('[1, 2]')",
            "StreamlitInvalidParameterTypeError",
            "An ECharts spec must be a JSON object (mapping).",
        ),
        ("jr.echarts_chart('{nope')", "StreamlitAPIException", "could not be parsed as JSON"),
        (
            "jr.echarts_chart('{\"f\": function (x) { return x; }}')",
            "StreamlitAPIException",
            "contains JavaScript callbacks",
        ),
        (
            'jr.echarts_chart(\'{"tooltip": {"formatter": "--x_x--function(p){}--x_x--"}}\')',
            "StreamlitAPIException",
            "contains JavaScript callbacks",
        ),
        (
            "jr.echarts_chart({'series': [{'type': 'scatter3D'}]})",
            "StreamlitAPIException",
            "uses the `scatter3D` series, which requires the ECharts GL extension",
        ),
        ("jr.echarts_chart({'grid3D': {}})", "StreamlitAPIException", "uses the `grid3D` component"),
        (
            "jr.echarts_chart({'series': [{'type': 'wordCloud'}]})",
            "StreamlitAPIException",
            "requires the `echarts-wordcloud` extension",
        ),
        ("jr.echarts_chart({'series': {'type': 'custom'}})", "StreamlitAPIException", "uses a `custom` series"),
        (
            "jr.echarts_chart({'series': [{'type': 'map'}]})",
            "StreamlitAPIException",
            "uses a map or geo coordinate system",
        ),
        ("jr.echarts_chart({'geo': {}})", "StreamlitAPIException", "uses a map or geo coordinate system"),
        ("jr.echarts_chart({'options': 3})", "StreamlitAPIException", "has a `options` value that is not a list"),
        (
            "jr.echarts_chart({'series': [{'data': [float('nan')]}]})",
            "StreamlitAPIException",
            "`series[0].data[0]` is `NaN`. Use `None`",
        ),
        (
            "import numpy as np\njr.echarts_chart({'series': [{'data': [np.int64(3)]}]})",
            "StreamlitAPIException",
            "is a `numpy.int64`. Convert it with `int()`",
        ),
        (
            "import datetime\njr.echarts_chart({'x': datetime.date(2020, 1, 1)})",
            "StreamlitAPIException",
            "`x` is a `datetime.date`. Convert it with `.isoformat()`",
        ),
        (
            "jr.echarts_chart({'series': [{'data': df}]})".replace("df", "pd.DataFrame({'a': [1]})"),
            "StreamlitAPIException",
            "Only `dataset.source` accepts dataframes",
        ),
        (
            "jr.echarts_chart({'dataset': {'source': pd.DataFrame([[1, 2]], columns=['a', 'a'])}})",
            "StreamlitAPIException",
            "duplicate column labels: a",
        ),
        (
            f"jr.echarts_chart({BAR}, theme='dark')",
            "StreamlitValueError",
            "Invalid `theme` value. Supported values: 'streamlit', None.",
        ),
        (
            f"jr.echarts_chart({BAR}, renderer='webgl')",
            "StreamlitValueError",
            "Invalid `renderer` value. Supported values: 'canvas', 'svg'.",
        ),
        (f"jr.echarts_chart({BAR}, on_select='select')", "StreamlitValueError", "Invalid `on_select` value."),
        (
            f"jr.echarts_chart({BAR}, on_select='fragment')",
            "StreamlitAPIException",
            '`on_select="fragment"` is not supported on this widget.',
        ),
        (f"jr.echarts_chart({BAR}, width=0)", "StreamlitValueError", "width"),
        (f"jr.echarts_chart({BAR}, height='tall')", "StreamlitValueError", "height"),
    ],
)
def test_refusals_are_streamlits(make_app: Any, body: str, error: str, message: str) -> None:
    exc = _refused(make_app, body)
    assert exc["ename"] == error and message in exc["evalue"], exc


SELECT = """
import jupyter_reactive as jr
import jr_test_hooks as hooks
spec = {
    "xAxis": {"type": "category", "data": ["Mon", "Tue", "Wed"]},
    "yAxis": {"type": "value"},
    "brush": {"xAxisIndex": "all"},
    "series": [{"type": "bar", "name": "sales", "selectedMode": "multiple", "data": hooks.data}],
}
hooks.event = jr.echarts_chart(spec, on_select="rerun", key=hooks.key)
"""


def _widget(make_app: Any, hooks: Any, key: str | None = "sales") -> tuple[Any, dict[str, Any]]:
    hooks.key = key
    hooks.data = [1, 2, 3]
    app = make_app(SELECT)
    run = app.run()
    assert run.status == "complete", run.messages
    (el,) = [e for e in app.page.values() if e.get("widget") == "echarts_chart"]
    return app, el


GROUP = {"series_index": 0, "series_id": None, "series_name": "sales", "data_type": "main", "data_indices": [2, 0]}
AREA = {"brush_index": 0, "brush_type": "lineX", "coord_range": [0.5, 2.5]}


def test_the_selection_is_a_widget_whose_value_the_script_reads(make_app: Any, hooks: Any) -> None:
    app, el = _widget(make_app, hooks)
    assert el["height"] == 350 and json.loads(el["spec"])["series"][0]["selectedMode"] == "multiple"
    assert hooks.event == {"selection": {"selected": [], "areas": []}}
    assert hooks.event.selection.selected == [] and hooks.event["selection"]["areas"] == []
    run = app.send({el["id"]: {"selected": [GROUP], "areas": [AREA]}})
    assert run.status == "complete", run.messages
    assert hooks.event.selection.selected == [dict(GROUP, data_indices=[0, 2])]  # sorted, as Streamlit's
    assert hooks.event.selection.areas == [AREA]
    assert app.state.get("sales") == hooks.event


def test_a_keyed_selection_survives_new_data_and_an_unkeyed_one_resets(make_app: Any, hooks: Any) -> None:
    app, el = _widget(make_app, hooks)
    app.send({el["id"]: {"selected": [GROUP], "areas": []}})
    hooks.data = [4, 5, 6]
    app.run()
    assert hooks.event.selection.selected[0]["data_indices"] == [0, 2]
    app, el = _widget(make_app, hooks, key=None)
    app.send({el["id"]: {"selected": [GROUP], "areas": []}})
    assert hooks.event.selection.selected
    hooks.data = [4, 5, 6]
    app.run()
    assert hooks.event.selection.selected == []


@pytest.mark.parametrize(
    ("wire", "why"),
    [
        ([], "object with selected and areas"),
        ({"selected": []}, "object with selected and areas"),
        ({"selected": {}, "areas": []}, "lists of at most"),
        ({"selected": [{"series_index": 0}], "areas": []}, "a selected group is an object"),
        ({"selected": [dict(GROUP, series_index=-1)], "areas": []}, "series_index is a non-negative"),
        ({"selected": [dict(GROUP, series_index=True)], "areas": []}, "series_index is a non-negative"),
        ({"selected": [dict(GROUP, series_id=[1])], "areas": []}, "series_id is text"),
        ({"selected": [dict(GROUP, data_type="edges")], "areas": []}, "data_type is main, node or edge"),
        ({"selected": [dict(GROUP, data_indices=[1.5])], "areas": []}, "data_indices are non-negative"),
        ({"selected": [dict(GROUP, data_indices="0")], "areas": []}, "data_indices are non-negative"),
        ({"selected": [GROUP, GROUP], "areas": []}, "each series and data type once"),
        ({"selected": [], "areas": [{"brush_index": 0}]}, "a brush area is an object"),
        ({"selected": [], "areas": [dict(AREA, brush_type="circle")]}, "brush_type is rect"),
        ({"selected": [], "areas": [dict(AREA, brush_index="0")]}, "brush_index is a non-negative"),
        ({"selected": [], "areas": [dict(AREA, coord_range=[[[[1]]]])]}, "coord_range is a list"),
        ({"selected": [], "areas": [dict(AREA, coord_range={"x": 1})]}, "coord_range is a list"),
    ],
)
def test_garbage_selections_are_refused(make_app: Any, hooks: Any, wire: Any, why: str) -> None:
    app, el = _widget(make_app, hooks)
    assert why in app.refused(el["id"], wire)


def test_a_callable_on_select_runs_before_the_rerun(make_app: Any, hooks: Any) -> None:
    src = SELECT.replace('on_select="rerun"', "on_select=lambda: hooks.calls.append(jr.session_state[hooks.key])")
    hooks.key, hooks.data, hooks.calls = "cb", [1, 2, 3], []
    app = make_app(src)
    app.run()
    (el,) = [e for e in app.page.values() if e.get("widget") == "echarts_chart"]
    app.send({el["id"]: {"selected": [GROUP], "areas": []}})
    assert [c.selection.selected[0]["series_name"] for c in hooks.calls] == ["sales"]
