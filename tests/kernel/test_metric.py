"""``jr.metric``: the element it sends (value and delta as given, the delta's arrow and colour
picked as Streamlit picks them) and the arguments it refuses, through a real ScriptRunner."""

from __future__ import annotations

from typing import Any

import pytest


def _metric(make_app: Any, call: str) -> tuple[Any, Any]:
    run = make_app(f"import jupyter_reactive as jr\n{call}\n").run()
    return run, run.of_kind("metric")


def test_a_plain_metric_has_only_the_required_fields(make_app: Any) -> None:
    run, (el,) = _metric(make_app, "jr.metric('Temperature', '70 °F')")
    assert run.status == "complete"
    assert el == {
        "kind": "metric",
        "label": "Temperature",
        "value": "70 °F",
        "label_visibility": "visible",
        "border": False,
    }


@pytest.mark.parametrize(
    ("value", "shown"),
    [("42", "42"), ("1.5", "1.5"), ("'  x'", "x"), ("None", "—"), ("Decimal('1.10')", "1.10"), ("-3", "-3")],
)
def test_the_value_is_shown_as_given(make_app: Any, value: str, shown: str) -> None:
    _run, (el,) = _metric(make_app, f"from decimal import Decimal\njr.metric('m', {value})")
    assert el["value"] == shown


@pytest.mark.parametrize(
    ("delta", "color", "shown", "arrow", "look"),
    [
        ("1.2", "normal", "1.2", "up", "green"),
        ("-0.5", "normal", "-0.5", "down", "red"),
        ("'-8%'", "normal", "-8%", "down", "red"),
        ("'4%'", "normal", "4%", "up", "green"),
        ("-0.5", "inverse", "-0.5", "down", "green"),
        ("3", "inverse", "3", "up", "red"),
        ("123", "off", "123", "up", "gray"),
        ("'-2'", "off", "-2", "down", "gray"),
        ("0", "normal", "0", None, "gray"),
        ("'0'", "inverse", "0", None, "gray"),
        ("'0%'", "normal", "0%", "up", "green"),  # only the number 0 or the string "0" is zero
        ("-1", "blue", "-1", "down", "blue"),
        ("0", "violet", "0", None, "violet"),
        ("2", "grey", "2", "up", "gray"),
    ],
)
def test_the_delta_arrow_and_colour(make_app: Any, delta: str, color: str, shown: str, arrow: Any, look: str) -> None:
    _run, (el,) = _metric(make_app, f"jr.metric('m', 1, {delta}, delta_color={color!r})")
    assert el["delta"] == shown and el["delta_color"] == look
    assert el.get("delta_arrow") == arrow


@pytest.mark.parametrize(("arrow", "expected"), [("up", "up"), ("down", "down"), ("off", None)])
def test_delta_arrow_overrides_the_sign(make_app: Any, arrow: str, expected: Any) -> None:
    _run, (el,) = _metric(make_app, f"jr.metric('m', 1, -5, delta_arrow={arrow!r})")
    assert el.get("delta_arrow") == expected and el["delta_color"] == "red"


@pytest.mark.parametrize("delta", ["None", "''"])
def test_no_delta_sends_no_delta_fields(make_app: Any, delta: str) -> None:
    _run, (el,) = _metric(make_app, f"jr.metric('m', 1, {delta}, delta_color='inverse')")
    assert not {"delta", "delta_color", "delta_arrow"} & el.keys()


def test_help_border_and_label_visibility(make_app: Any) -> None:
    _run, (el,) = _metric(make_app, "jr.metric('m', 1, help='what it is', border=True, label_visibility='collapsed')")
    assert el["help"] == "what it is" and el["border"] is True and el["label_visibility"] == "collapsed"


def test_metrics_in_columns_and_an_unchanged_metric_is_not_sent_again(make_app: Any) -> None:
    app = make_app("import jupyter_reactive as jr\na, b = jr.columns(2)\na.metric('A', 1, 1)\nb.metric('B', 2, -1)\n")
    first = app.run()
    assert [el["label"] for el in first.of_kind("metric")] == ["A", "B"]
    assert app.run().of_kind("metric") == []


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        ("jr.metric('m', 1, 2, delta_color='purple')", "ValueError", "delta_color must be one of"),
        ("jr.metric('m', 1, 2, delta_arrow='left')", "ValueError", "delta_arrow must be one of"),
        ("jr.metric('m', 1, label_visibility='gone')", "ValueError", "label_visibility must be one of"),
        ("jr.metric('m', [1, 2])", "TypeError", "metric value must be a number, a string or None"),
        ("jr.metric('m', 1, {'a': 1})", "TypeError", "metric delta must be a number, a string or None"),
        ("jr.metric(3, 1)", "TypeError", "label must be a string"),
    ],
)
def test_bad_arguments_are_refused_clearly(make_app: Any, call: str, error: str, message: str) -> None:
    run, metrics = _metric(make_app, call)
    assert run.status == "error" and metrics == []
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == error and message in exc["evalue"]


def test_a_bad_delta_color_is_refused_even_without_a_delta(make_app: Any) -> None:
    run, _ = _metric(make_app, "jr.metric('m', 1, delta_color='purple')")
    assert run.status == "error" and "'purple'" in run.of_kind("exception")[0]["evalue"]


def test_numpy_numbers_are_shown_as_plain_numbers(make_app: Any) -> None:
    np = pytest.importorskip("numpy")
    assert np is not None
    _run, (el,) = _metric(make_app, "import numpy as np\njr.metric('m', np.float64(2.5), np.int64(-3))")
    assert el["value"] == "2.5" and el["delta"] == "-3" and el["delta_arrow"] == "down"


# -- Streamlit 1.67's additions: sparkline, icon, format, delta_description ----------------------


def test_the_new_parameters_do_not_warn(make_app: Any) -> None:
    run, (el,) = _metric(
        make_app,
        "jr.metric('m', 1, 2, chart_data=[1, 2], chart_type='bar', icon='🔥', format='%d', delta_description='d')",
    )
    assert [m for m in run.messages if m["type"] == "notice"] == []
    assert el["chart"] == {"type": "bar", "points": [1.0, 2.0]} and el["icon"] == "🔥"
    assert el["format"] == "%d" and el["delta_description"] == "d"


@pytest.mark.parametrize(
    ("data", "points"),
    [
        ("[1, 2.5, -3]", [1.0, 2.5, -3.0]),
        ("(4,)", [4.0]),
        ("7", [7.0]),  # one number is one point
        ("'2.5'", [2.5]),  # what float() takes, as Streamlit
        ("[True, False]", [1.0, 0.0]),
        ("{3: 'a', 1: 'b'}", [3.0, 1.0]),  # a dict's keys
        ("range(3)", [0.0, 1.0, 2.0]),
        ("(x * 2 for x in [1, 2])", [2.0, 4.0]),
        ("[Decimal('1.5'), Fraction(1, 4)]", [1.5, 0.25]),
        ("[1, float('nan'), float('inf'), 2]", [1.0, None, None, 2.0]),  # gaps
    ],
)
def test_chart_data_as_streamlit_reads_it(make_app: Any, data: str, points: list[Any]) -> None:
    _run, (el,) = _metric(
        make_app, f"from decimal import Decimal\nfrom fractions import Fraction\njr.metric('m', 1, chart_data={data})"
    )
    assert el["chart"] == {"type": "line", "points": points}


def test_chart_data_from_pandas_and_numpy(make_app: Any) -> None:
    pytest.importorskip("pandas")
    script = (
        "import numpy as np, pandas as pd\n"
        "jr.metric('series', 1, chart_data=pd.Series([1, None, 3]))\n"
        "jr.metric('frame', 1, chart_data=pd.DataFrame({'a': [5, 6], 'b': [7, 8]}))\n"
        "jr.metric('array', 1, chart_data=np.array([[1, 2], [3, 4]]))\n"
        "jr.metric('flat', 1, chart_data=np.arange(3, dtype=np.int64))\n"
        "jr.metric('empty', 1, chart_data=pd.DataFrame())\n"
    )
    run = make_app(f"import jupyter_reactive as jr\n{script}").run()
    charts = {el["label"]: el.get("chart", {}).get("points") for el in run.of_kind("metric")}
    assert charts == {
        "series": [1.0, None, 3.0],
        "frame": [5.0, 6.0],
        "array": [1.0, 3.0],
        "flat": [0.0, 1.0, 2.0],
        "empty": None,
    }


@pytest.mark.parametrize("data", ["None", "[]", "set()"])
def test_no_or_empty_chart_data_draws_no_sparkline(make_app: Any, data: str) -> None:
    _run, (el,) = _metric(make_app, f"jr.metric('m', 1, chart_data={data}, chart_type='bar')")
    assert "chart" not in el


@pytest.mark.parametrize(
    ("kind", "sent"), [("line", "line"), ("area", "area"), ("bar", "bar"), ("pie", "line"), ("None", "line")]
)
def test_chart_type_anything_else_is_a_line_as_in_streamlit(make_app: Any, kind: str, sent: str) -> None:
    arg = kind if kind == "None" else repr(kind)
    _run, (el,) = _metric(make_app, f"jr.metric('m', 1, chart_data=[1, 2], chart_type={arg})")
    assert el["chart"]["type"] == sent


@pytest.mark.parametrize(
    "data",
    ["[1, None]", "[1, 'x']", "['1,5']", "[[1, 2]]", "[object()]", "object()", "[1j]", "{'a': 1}"],
)
def test_chart_data_that_is_not_numbers_is_refused(make_app: Any, data: str) -> None:
    run, metrics = _metric(make_app, f"jr.metric('m', 1, chart_data={data})")
    assert run.status == "error" and metrics == []
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "StreamlitAPIException"
    assert "chart" in exc["evalue"] and "Traceback" not in exc["evalue"]


def test_a_long_series_is_thinned_to_each_slices_extremes() -> None:
    from jupyter_reactive.kernel.elements.metric import CHART_BUCKETS, chart_points

    n = 10 * CHART_BUCKETS
    data = [float(i % 10) for i in range(n)]
    data[3] = 100.0  # a spike survives
    data[n // 2 : n // 2 + 10] = [float("nan")] * 10  # so does a gap as wide as a slice
    points = chart_points(data)
    assert len(points) <= 2 * CHART_BUCKETS
    assert max(p for p in points if p is not None) == 100.0 and points[0] == 0.0 and points[1] == 100.0
    assert None in points
    assert chart_points(list(range(2 * CHART_BUCKETS))) == [float(i) for i in range(2 * CHART_BUCKETS)]


def test_the_chart_colour_is_the_deltas_or_gray(make_app: Any) -> None:
    # the page draws the sparkline in delta_color, present only with a delta (Streamlit: grey)
    _run, (el,) = _metric(make_app, "jr.metric('m', 1, -2, delta_color='inverse', chart_data=[1, 2])")
    assert el["delta_color"] == "green"
    _run, (el,) = _metric(make_app, "jr.metric('m', 1, delta_color='blue', chart_data=[1, 2])")
    assert "delta_color" not in el


@pytest.mark.parametrize(
    ("icon", "sent"),
    [
        ("'🔥'", "🔥"),
        ("' :material/thermostat: '", ":material/thermostat:"),
        ("'spinner'", "spinner"),
        ("''", None),
        ("'  '", None),
    ],
)
def test_icon(make_app: Any, icon: str, sent: Any) -> None:
    _run, (el,) = _metric(make_app, f"jr.metric('m', 1, icon={icon})")
    assert el.get("icon") == sent


@pytest.mark.parametrize(
    ("call", "error"),
    [
        ("jr.metric('m', 1, icon='fire')", "StreamlitAPIException"),
        ("jr.metric('m', 1, icon=':material/Not An Icon:')", "StreamlitAPIException"),
        ("jr.metric('m', 1, icon=3)", "StreamlitInvalidParameterTypeError"),
        ("jr.metric('m', 1, format=2)", "StreamlitInvalidParameterTypeError"),
        ("jr.metric('m', 1, format=['%d'])", "StreamlitInvalidParameterTypeError"),
        ("jr.metric('m', 1, delta_description=5)", "StreamlitInvalidParameterTypeError"),
    ],
)
def test_bad_icons_formats_and_descriptions_are_refused(make_app: Any, call: str, error: str) -> None:
    run, metrics = _metric(make_app, call)
    assert run.status == "error" and metrics == []
    assert run.of_kind("exception")[0]["ename"] == error


@pytest.mark.parametrize("fmt", ["'dollar'", "'%.2f'", "'%,d'", "'anything: the page falls back to the text'"])
def test_format_travels_to_the_page_which_applies_it(make_app: Any, fmt: str) -> None:
    _run, (el,) = _metric(make_app, f"jr.metric('m', 1234.5, -3, format={fmt})")
    assert el["format"] == eval(fmt) and el["value"] == "1234.5" and el["delta"] == "-3"


def test_an_empty_format_or_description_is_none(make_app: Any) -> None:
    _run, (el,) = _metric(make_app, "jr.metric('m', 1, 2, format='', delta_description='')")
    assert not {"format", "delta_description"} & el.keys()


def test_delta_description_plain_and_markdown(make_app: Any) -> None:
    _run, (el,) = _metric(make_app, "jr.metric('m', 1, delta_description='vs. last <b>year</b>')")
    assert el["delta_description"] == "vs. last <b>year</b>" and "delta" not in el
    assert "<b>" not in el.get("delta_description_html", "")
    _run, (el,) = _metric(make_app, "jr.metric('m', 1, 2, delta_description='**month** over month')")
    assert "<strong>month</strong>" in el["delta_description_html"]


def test_label_value_and_delta_markdown_as_streamlit_draws_it(make_app: Any) -> None:
    _run, (el,) = _metric(make_app, "jr.metric('**Temp** :material/thermostat:', '`42`', '*up* 3')")
    assert "<strong>Temp</strong>" in el["label_html"] and "thermostat" in el["label_html"]
    assert "<code>42</code>" in el["value_html"] and "<em>up</em>" in el["delta_html"]
    assert el["label"] == "**Temp** :material/thermostat:"  # the text too, for the page's accessible name
    _run, (el,) = _metric(make_app, "jr.metric('Plain <b>text</b>', 1234.5, -3)")
    assert not {"label_html", "value_html", "delta_html"} & el.keys()  # plain text (HTML escaped, as text)
