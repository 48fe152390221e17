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


def test_unsupported_parameters_warn(make_app: Any) -> None:
    run, (el,) = _metric(make_app, "jr.metric('m', 1, chart_data=[1, 2, 3], icon='🔥')")
    notices = [m["message"] for m in run.messages if m["type"] == "notice"]
    assert notices == [
        "jr.metric(icon=…) is not supported yet and was ignored.",
        "jr.metric(chart_data=…) is not supported yet and was ignored.",
    ]
    assert el["value"] == "1"


def test_numpy_numbers_are_shown_as_plain_numbers(make_app: Any) -> None:
    np = pytest.importorskip("numpy")
    assert np is not None
    _run, (el,) = _metric(make_app, "import numpy as np\njr.metric('m', np.float64(2.5), np.int64(-3))")
    assert el["value"] == "2.5" and el["delta"] == "-3" and el["delta_arrow"] == "down"
