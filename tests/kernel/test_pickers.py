"""Value pickers through a real ScriptRunner: date_input, time_input, color_picker,
select_slider and date/time sliders (defaults, the element sent, values from the page, garbage
refused, argument errors), and Streamlit's session_state rules for every widget."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

MARK = "ECHO\u2603<i>MARK"
GARBAGE_COMMON = [True, 1.5, {"a": 1}, MARK, [MARK], float("nan"), 10**400]


def _one(make_app: Any, call: str, *, prelude: str = "") -> tuple[Any, dict[str, Any]]:
    app = make_app(
        f"import datetime as dt\nimport jupyter_reactive as jr\n{prelude}seen = {call}\njr.text(repr(seen))\n"
    )
    run = app.run()
    assert run.status == "complete", run.messages
    (el,) = [el for el in app.page.values() if el.get("kind") == "widget"]
    return app, el


def _seen(app: Any) -> str:
    (text,) = [el["text"] for el in app.page.values() if el.get("kind") == "text"]
    return text


def _first_text(app: Any) -> str:
    return next(el["text"] for el in app.page.values() if el.get("kind") == "text")


def _refuse_all(app: Any, el: dict[str, Any], garbage: list[Any]) -> None:
    for wire in garbage:
        message = app.refused(el["id"], wire)
        assert MARK not in message and "ECHO" not in message, (wire, message)
        assert message.startswith(f"{el['widget']} '{el['label']}': "), message


def _error(make_app: Any, call: str) -> dict[str, Any]:
    app = make_app(f"import datetime as dt\nimport jupyter_reactive as jr\n{call}\n")
    run = app.run()
    assert run.status == "error", run.messages
    return run.of_kind("exception")[0]


# -- date_input ---------------------------------------------------------------------------------


def test_date_input_defaults_to_today_within_ten_years(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.date_input("Day")')
    today = dt.date.today()
    assert el["value"] == today.isoformat() and el["range"] is False and el["format"] == "YYYY/MM/DD"
    assert el["min"] == today.replace(year=today.year - 10).isoformat()
    assert el["max"] == today.replace(year=today.year + 10).isoformat()
    assert _seen(app) == repr(today)


def test_date_input_value_forms_and_a_date_from_the_page(make_app: Any) -> None:
    for value in ("dt.date(2024, 1, 15)", "dt.datetime(2024, 1, 15, 13, 5)", '"2024-01-15"'):
        app, el = _one(make_app, f'jr.date_input("Day", {value})')
        assert el["value"] == "2024-01-15" and el["min"] == "2014-01-15" and el["max"] == "2034-01-15"
        assert _seen(app) == "datetime.date(2024, 1, 15)"
    app.send({el["id"]: "2030-02-28"})
    assert _seen(app) == "datetime.date(2030, 2, 28)"


def test_date_input_none_is_empty_and_may_be_cleared(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.date_input("Day", None, key="d")')
    assert el["value"] is None and _seen(app) == "None"
    app.send({el["id"]: "2026-05-01"})
    assert _seen(app) == "datetime.date(2026, 5, 1)"
    app.send({el["id"]: None})
    assert _seen(app) == "None"


def test_date_input_refuses_garbage_and_dates_out_of_range(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.date_input("Day", dt.date(2024, 1, 15), dt.date(2024, 1, 1), dt.date(2024, 12, 31))')
    garbage = [*GARBAGE_COMMON, None, "2024-13-01", "2024-02-30", "2024-1-5", "15/01/2024", "2023-12-31", "2025-01-01"]
    garbage += ["2024-01-15T00:00", ["2024-01-15"], " 2024-01-15", "٢٠٢٤-٠١-١٥"]
    _refuse_all(app, el, garbage)
    assert _seen(app) == "datetime.date(2024, 1, 15)"


def test_date_input_ranges_partial_and_whole(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.date_input("Trip", (dt.date(2024, 3, 1), "2024-03-05"), format="DD.MM.YYYY")')
    assert el["value"] == ["2024-03-01", "2024-03-05"] and el["range"] is True and el["format"] == "DD.MM.YYYY"
    assert el["min"] == "2014-03-01" and el["max"] == "2034-03-05"
    assert _seen(app) == "(datetime.date(2024, 3, 1), datetime.date(2024, 3, 5))"
    app.send({el["id"]: ["2024-04-02"]})  # the start picked, the end not yet
    assert _seen(app) == "(datetime.date(2024, 4, 2),)"
    app.send({el["id"]: ["2024-04-02", "2024-04-09"]})
    assert _seen(app) == "(datetime.date(2024, 4, 2), datetime.date(2024, 4, 9))"
    app.send({el["id"]: []})
    assert _seen(app) == "()"
    garbage = [*GARBAGE_COMMON, None, "2024-04-02", ["2024-04-09", "2024-04-02"], ["2024-04-02"] * 3, [None]]
    _refuse_all(app, el, garbage)


def test_date_input_empty_and_one_date_ranges(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.date_input("Trip", [])')
    assert el["value"] == [] and el["range"] is True and _seen(app) == "()"
    app, el = _one(make_app, 'jr.date_input("Trip", (dt.date(2024, 3, 1),))')
    assert el["value"] == ["2024-03-01"] and _seen(app) == "(datetime.date(2024, 3, 1),)"


@pytest.mark.parametrize(
    "call",
    [
        'jr.date_input("D", format="YYYY/DD/MM")',
        'jr.date_input("D", format="%Y-%m-%d")',
        'jr.date_input("D", "yesterday")',
        'jr.date_input("D", (dt.date(2024, 1, 1),) * 3)',
        'jr.date_input("D", dt.date(2024, 1, 1), min_value=dt.date(2024, 2, 1))',
        'jr.date_input("D", min_value=dt.date(2024, 2, 1), max_value=dt.date(2024, 1, 1))',
        'jr.date_input("D", (dt.date(2024, 2, 1), dt.date(2024, 1, 1)))',
    ],
)
def test_date_input_argument_errors(make_app: Any, call: str) -> None:
    exc = _error(make_app, call)
    assert exc["ename"] in ("ValueError", "TypeError")


def test_date_input_every_separator_and_order(make_app: Any) -> None:
    for fmt in ("YYYY/MM/DD", "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD", "DD.MM.YYYY", "MM-DD-YYYY"):
        _app, el = _one(make_app, f'jr.date_input("D", format="{fmt}")')
        assert el["format"] == fmt


# -- time_input ---------------------------------------------------------------------------------


def test_time_input_now_and_values(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.time_input("T")')
    assert el["step"] == 900 and el["format"] == "24h"
    now = dt.datetime.now()
    assert el["value"] is not None and el["value"].count(":") == 1  # seconds dropped at a minute step
    assert abs(int(el["value"][:2]) * 60 + int(el["value"][3:]) - (now.hour * 60 + now.minute)) <= 1
    for value in ("dt.time(7, 30, 15)", "dt.datetime(2024, 1, 1, 7, 30)", '"07:30"'):
        app, el = _one(make_app, f'jr.time_input("T", {value})')
        assert el["value"] == "07:30" and _seen(app) == "datetime.time(7, 30)"
    app.send({el["id"]: "23:59"})
    assert _seen(app) == "datetime.time(23, 59)"
    app.send({el["id"]: "08:15:42"})  # seconds are dropped at a whole-minute step
    assert _seen(app) == "datetime.time(8, 15)"


def test_time_input_seconds_step_and_none(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.time_input("T", dt.time(7, 30, 15), step=dt.timedelta(seconds=5), format="12h")')
    assert el["value"] == "07:30:15" and el["step"] == 5 and el["format"] == "12h"
    app.send({el["id"]: "19:00:05"})
    assert _seen(app) == "datetime.time(19, 0, 5)"
    app, el = _one(make_app, 'jr.time_input("T", None)')
    assert el["value"] is None and _seen(app) == "None"
    app.send({el["id"]: "10:00"})
    app.send({el["id"]: None})
    assert _seen(app) == "None"


def test_time_input_refuses_garbage(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.time_input("T", dt.time(7, 30))')
    garbage = [*GARBAGE_COMMON, None, "24:00", "12:60", "7:30", "07:30:60", "07:30 PM", "07-30", "0730", 450]
    _refuse_all(app, el, garbage)
    assert _seen(app) == "datetime.time(7, 30)"


@pytest.mark.parametrize(
    "call",
    [
        'jr.time_input("T", step=0)',
        'jr.time_input("T", step=86400)',
        'jr.time_input("T", "noon")',
        'jr.time_input("T", format="am")',
    ],
)
def test_time_input_argument_errors(make_app: Any, call: str) -> None:
    assert _error(make_app, call)["ename"] in ("ValueError", "TypeError")


# -- color_picker -------------------------------------------------------------------------------


def test_color_picker(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.color_picker("C")')
    assert el["value"] == "#000000" and _seen(app) == "'#000000'"
    app, el = _one(make_app, 'jr.color_picker("C", "#1F77B4")')
    assert el["value"] == "#1f77b4"
    app.send({el["id"]: "#FF0000"})
    assert _seen(app) == "'#ff0000'"
    _refuse_all(app, el, [*GARBAGE_COMMON, None, "red", "#ff00", "#ff00001", "ff0000", "#gg0000", "rgb(1,2,3)"])
    _app, el = _one(make_app, 'jr.color_picker("C", "#abc")')
    assert el["value"] == "#aabbcc"
    assert _error(make_app, 'jr.color_picker("C", "blue")')["ename"] == "ValueError"


# -- select_slider ------------------------------------------------------------------------------


def test_select_slider_single_any_objects_and_format_func(make_app: Any) -> None:
    app, el = _one(
        make_app,
        'jr.select_slider("Size", [dt.date(2024, 1, d) for d in (1, 2, 3)], value=dt.date(2024, 1, 2), format_func=lambda d: d.strftime("%d %b"))',
    )
    assert el["options"] == ["01 Jan", "02 Jan", "03 Jan"] and el["value"] == 1 and el["range"] is False
    assert _seen(app) == "datetime.date(2024, 1, 2)"
    app.send({el["id"]: 2})
    assert _seen(app) == "datetime.date(2024, 1, 3)"
    _refuse_all(app, el, [*GARBAGE_COMMON, None, -1, 3, "1", [0, 1], False])


def test_select_slider_defaults_to_the_first_option(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.select_slider("S", ["a", "b"])')
    assert el["value"] == 0 and _seen(app) == "'a'"


def test_select_slider_range(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.select_slider("Band", ["r", "o", "y", "g", "b"], value=("g", "o"))')
    assert el["value"] == [1, 3] and el["range"] is True and _seen(app) == "('o', 'g')"
    app.send({el["id"]: [0, 4]})
    assert _seen(app) == "('r', 'b')"
    app.send({el["id"]: [2, 2]})
    assert _seen(app) == "('y', 'y')"
    _refuse_all(app, el, [*GARBAGE_COMMON, None, 1, [3, 1], [0, 5], [0], [0, 1, 2], [0, "1"]])


def test_select_slider_argument_errors(make_app: Any) -> None:
    assert _error(make_app, 'jr.select_slider("S", [])')["ename"] == "ValueError"
    assert _error(make_app, 'jr.select_slider("S", ["a"], value="z")')["ename"] == "ValueError"


# -- date/time sliders --------------------------------------------------------------------------


def test_date_slider_defaults_and_values(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.slider("When", value=dt.date(2024, 6, 1))')
    day = 86_400_000
    june1 = (dt.date(2024, 6, 1) - dt.date(1970, 1, 1)).days * day
    assert el["time"] == "date" and el["time_format"] == "YYYY-MM-DD" and el["format"] == "int"
    assert el["value"] == june1 and el["min"] == june1 - 14 * day and el["max"] == june1 + 14 * day
    assert el["step"] == day
    app.send({el["id"]: june1 + 3 * day})
    assert _seen(app) == "datetime.date(2024, 6, 4)"
    _refuse_all(app, el, [*GARBAGE_COMMON, None, june1 + 15 * day, "2024-06-01", [june1, june1], june1 + 0.5])


def test_datetime_range_slider_keeps_the_time_zone(make_app: Any) -> None:
    app, el = _one(
        make_app,
        'jr.slider("Span", value=(dt.datetime(2024, 1, 1, 9, tzinfo=dt.timezone.utc), dt.datetime(2024, 1, 1, 17, tzinfo=dt.timezone.utc)), format="HH:mm")',
    )
    nine = int(dt.datetime(2024, 1, 1, 9, tzinfo=dt.timezone.utc).timestamp() * 1000)
    assert el["time"] == "datetime" and el["time_format"] == "HH:mm" and el["range"] is True
    assert el["value"] == [nine, nine + 8 * 3_600_000] and el["step"] == 86_400_000  # a 28-day span
    app.send({el["id"]: [nine + 1_800_000, nine + 3_600_000]})
    assert "9, 30, tzinfo=datetime.timezone.utc), datetime.datetime(2024, 1, 1, 10, 0, tzinfo" in _seen(app)
    _refuse_all(app, el, [*GARBAGE_COMMON, None, nine, [nine + 1, nine], [nine]])


def test_time_slider_defaults_to_the_whole_day_by_quarter_hours(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.slider("At", value=dt.time(12, 0))')
    assert el["time"] == "time" and el["min"] == 0 and el["max"] == 86_399_999 and el["step"] == 900_000
    assert el["value"] == 12 * 3_600_000
    app.send({el["id"]: 13 * 3_600_000 + 900_000})
    assert _seen(app) == "datetime.time(13, 15)"


def test_date_slider_argument_errors(make_app: Any) -> None:
    assert _error(make_app, 'jr.slider("S", 0, 10, dt.date(2024, 1, 1))')["ename"] == "TypeError"
    assert _error(make_app, 'jr.slider("S", value=dt.date(2024, 1, 1), step=1)')["ename"] == "TypeError"
    bad = 'jr.slider("S", dt.date(2024, 2, 1), dt.date(2024, 1, 1), dt.date(2024, 1, 1))'
    assert _error(make_app, bad)["ename"] == "ValueError"


# -- datetime_input -----------------------------------------------------------------------------


def test_datetime_input_value_forms_and_bounds(make_app: Any) -> None:
    for value, wire, seen in [
        ("dt.datetime(2024, 1, 15, 9, 30)", "2024-01-15T09:30", "datetime.datetime(2024, 1, 15, 9, 30)"),
        (
            "dt.datetime(2024, 1, 15, 9, 30, tzinfo=dt.timezone.utc)",
            "2024-01-15T09:30",
            "datetime.datetime(2024, 1, 15, 9, 30)",
        ),
        ("dt.date(2024, 1, 15)", "2024-01-15T00:00", "datetime.datetime(2024, 1, 15, 0, 0)"),
        ('"2024-01-15 09:30"', "2024-01-15T09:30", "datetime.datetime(2024, 1, 15, 9, 30)"),
    ]:
        app, el = _one(make_app, f'jr.datetime_input("When", {value})')
        assert el["widget"] == "datetime_input" and el["value"] == wire and _seen(app) == seen
        assert el["min"] == "2014-01-15T00:00" and el["max"] == "2034-01-15T23:59"
        assert el["step"] == 900 and el["format"] == "YYYY/MM/DD"
    app.send({el["id"]: "2030-02-28T17:45"})
    assert _seen(app) == "datetime.datetime(2030, 2, 28, 17, 45)"


def test_datetime_input_now_today_at_a_time_and_seconds_steps(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.datetime_input("When")')
    now = dt.datetime.now()
    got = dt.datetime.fromisoformat(el["value"])
    assert abs((got - now).total_seconds()) < 120 and got.second == 0
    app, el = _one(make_app, 'jr.datetime_input("When", dt.time(8, 5))')
    assert el["value"] == f"{dt.date.today().isoformat()}T08:05"
    app, el = _one(make_app, 'jr.datetime_input("When", dt.datetime(2024, 1, 1, 8, 5, 7), step=5)')
    assert el["value"] == "2024-01-01T08:05:07" and el["step"] == 5
    app.send({el["id"]: "2024-01-01T08:05:09"})
    assert _seen(app) == "datetime.datetime(2024, 1, 1, 8, 5, 9)"


def test_datetime_input_none_is_empty_and_may_be_cleared(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.datetime_input("When", None, format="DD.MM.YYYY")')
    assert el["value"] is None and el["format"] == "DD.MM.YYYY" and _seen(app) == "None"
    app.send({el["id"]: "2026-05-01T10:00"})
    assert _seen(app) == "datetime.datetime(2026, 5, 1, 10, 0)"
    app.send({el["id"]: None})
    assert _seen(app) == "None"


def test_datetime_input_refuses_garbage_and_values_out_of_range(make_app: Any) -> None:
    app, el = _one(
        make_app,
        'jr.datetime_input("When", dt.datetime(2024, 1, 15, 12), dt.datetime(2024, 1, 1, 8), "2024-12-31 18:00")',
    )
    garbage = [*GARBAGE_COMMON, None, "2024-01-15", "2024-01-15T25:00", "2024-01-15T12:60", "2024-02-30T10:00"]
    garbage += ["2024-01-01T07:59", "2024-12-31T18:01", "2024-01-15 12:00", "2024-01-15T12", ["2024-01-15T12:00"]]
    garbage += ["2024-01-15T12:00Z", "T12:00", "2024-01-15T"]
    _refuse_all(app, el, garbage)
    assert _seen(app) == "datetime.datetime(2024, 1, 15, 12, 0)"


@pytest.mark.parametrize(
    "call, ename",
    [
        ('jr.datetime_input("W", 12)', "TypeError"),
        ('jr.datetime_input("W", "tomorrow")', "TypeError"),
        ('jr.datetime_input("W", format="YY")', "ValueError"),
        ('jr.datetime_input("W", step=0)', "ValueError"),
        ('jr.datetime_input("W", step=dt.timedelta(days=1))', "ValueError"),
        ('jr.datetime_input("W", dt.datetime(2024, 1, 1), min_value=dt.datetime(2024, 2, 1))', "ValueError"),
        ('jr.datetime_input("W", min_value="2025-01-01", max_value="2024-01-01")', "ValueError"),
    ],
)
def test_datetime_input_argument_errors(make_app: Any, call: str, ename: str) -> None:
    assert _error(make_app, call)["ename"] == ename


# -- session_state, for every widget ------------------------------------------------------------

# (call with key="k", a value to put in session_state first, what the script then sees)
STATE_CASES = [
    ('jr.checkbox("W", key="k")', "True", "True"),
    ('jr.toggle("W", key="k")', "True", "True"),
    ('jr.slider("W", 0, 10, key="k")', "7", "7"),
    ('jr.slider("W", 0, 10, (1, 2), key="k")', "(3, 4)", "(3, 4)"),
    ('jr.number_input("W", key="k")', "5", "5.0"),  # a float widget: no int argument
    ('jr.text_input("W", key="k")', "'hi'", "'hi'"),
    ('jr.text_area("W", key="k")', "'hi'", "'hi'"),
    ('jr.selectbox("W", ["a", "b"], key="k")', "'b'", "'b'"),
    ('jr.radio("W", ["a", "b"], key="k")', "'b'", "'b'"),
    ('jr.multiselect("W", ["a", "b"], key="k")', "['b']", "['b']"),
    ('jr.date_input("W", key="k")', "dt.date(2024, 5, 6)", "datetime.date(2024, 5, 6)"),
    ('jr.date_input("W", (), key="k")', "(dt.date(2024, 5, 6),)", "(datetime.date(2024, 5, 6),)"),
    ('jr.time_input("W", key="k")', "dt.time(8, 45)", "datetime.time(8, 45)"),
    ('jr.datetime_input("W", key="k")', "dt.datetime(2024, 5, 6, 7, 8)", "datetime.datetime(2024, 5, 6, 7, 8)"),
    ('jr.color_picker("W", key="k")', "'#00ff00'", "'#00ff00'"),
    ('jr.select_slider("W", ["a", "b", "c"], key="k")', "'c'", "'c'"),
    ('jr.slider("W", value=dt.date(2024, 1, 1), key="k")', "dt.date(2024, 1, 9)", "datetime.date(2024, 1, 9)"),
]


@pytest.mark.parametrize(("call", "value", "seen"), STATE_CASES, ids=[c[0].split("(")[0] for c in STATE_CASES])
def test_session_state_set_before_the_widget_is_its_value(make_app: Any, call: str, value: str, seen: str) -> None:
    app = make_app(
        "import datetime as dt\nimport jupyter_reactive as jr\n"
        f"if 'k' not in jr.session_state:\n    jr.session_state.k = {value}\n"
        f"seen = {call}\njr.text(repr(seen) + ' ' + repr(jr.session_state.k))\n"
    )
    assert app.run().status == "complete"
    assert _seen(app) == f"{seen} {seen}"
    assert app.run().status == "complete"
    assert _seen(app) == f"{seen} {seen}"  # and it stays, run after run


@pytest.mark.parametrize(("call", "value", "seen"), STATE_CASES, ids=[c[0].split("(")[0] for c in STATE_CASES])
def test_session_state_set_after_the_widget_raises_streamlits_error(
    make_app: Any, call: str, value: str, seen: str
) -> None:
    app = make_app(f"import datetime as dt\nimport jupyter_reactive as jr\n{call}\njr.session_state.k = {value}\n")
    run = app.run()
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "WidgetAlreadyInstantiatedError"
    assert exc["evalue"].startswith(
        "`st.session_state['k']` cannot be modified after the widget with that key is instantiated."
    )


def test_session_state_set_in_a_callback_is_allowed(make_app: Any) -> None:
    app = make_app(
        "import jupyter_reactive as jr\n"
        "def reset():\n    jr.session_state.day = '#123456'\n"
        "c = jr.color_picker('C', key='day', on_change=reset)\njr.text(c)\n"
    )
    app.run()
    app.send({app.widget("C")["id"]: "#ffffff"})
    assert _seen(app) == "#123456"


def test_value_and_session_state_together_warn_once(make_app: Any, caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(
        "import datetime as dt\nimport jupyter_reactive as jr\n"
        "jr.session_state.a = dt.date(2024, 2, 2)\njr.session_state.b = 3\n"
        "a = jr.date_input('A', dt.date(2024, 1, 1), key='a')\n"
        "b = jr.slider('B', 0, 9, 1, key='b')\n"
        "c = jr.slider('C', 0, 9, key='c')\n"
        "jr.text(repr((a, b)))\n"
    )
    with caplog.at_level("WARNING", logger="jupyter_reactive"):
        run = app.run()
    assert run.status == "complete" and _seen(app) == "(datetime.date(2024, 2, 2), 3)"
    assert [m for m in run.messages if m["type"] == "notice"] == []  # Streamlit logs it, the page is quiet
    assert [r.getMessage() for r in caplog.records if r.name == "jupyter_reactive"] == [
        'The widget with key "a" was created with a default value but also had its value set via the Session State API.'
    ]


def test_session_state_without_a_value_does_not_warn(make_app: Any, caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(
        "import jupyter_reactive as jr\njr.session_state.k = '#010203'\njr.text(jr.color_picker('C', key='k'))\n"
    )
    with caplog.at_level("WARNING", logger="jupyter_reactive"):
        app.run()
    assert _seen(app) == "#010203" and not [r for r in caplog.records if "Session State API" in r.getMessage()]


def test_a_bad_session_state_value_falls_back_to_the_default(make_app: Any) -> None:
    app = make_app(
        "import jupyter_reactive as jr\njr.session_state.k = 'tomorrow'\n"
        "jr.text(repr(jr.date_input('D', '2024-01-01', key='k')))\n"
    )
    assert app.run().status == "complete" and _seen(app) == "datetime.date(2024, 1, 1)"


# -- selectbox: new options, filter_mode, placeholders ------------------------------------------


def test_selectbox_accepts_a_typed_new_option(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.selectbox("Pet", ["cat", "dog"], accept_new_options=True, key="p")')
    assert el["accept_new_options"] is True and el["value"] == 0 and "filter_mode" not in el  # fuzzy
    assert el["placeholder"] == "Choose or add an option"
    app.send({el["id"]: "parrot"})
    assert _seen(app) == "'parrot'"
    assert app.widget("Pet")["value"] == "parrot"  # the page shows the typed option as chosen
    app.send({el["id"]: "dog"})  # typed text equal to an option's label is that option
    assert _seen(app) == "'dog'" and app.widget("Pet")["value"] == 1
    garbage = [g for g in GARBAGE_COMMON if g != MARK] + [None, "", "x" * 1001, 2, -1, ["cat"]]
    _refuse_all(app, el, garbage)
    app.send({el["id"]: MARK})  # any text is an option the viewer may type
    assert _seen(app) == repr(MARK)


def test_selectbox_new_option_set_through_session_state(make_app: Any) -> None:
    app, el = _one(
        make_app,
        'jr.selectbox("Pet", ["cat"], accept_new_options=True, key="p")',
        prelude='jr.session_state.setdefault("p", "emu")\n',
    )
    assert el["value"] == "emu" and _seen(app) == "'emu'"


def test_selectbox_without_accept_new_options_refuses_text(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.selectbox("Pet", ["cat", "dog"], filter_mode="prefix")')
    assert "accept_new_options" not in el and el["filter_mode"] == "prefix"
    assert el["placeholder"] == "Choose an option" and not el["disabled"]
    _refuse_all(app, el, ["cat", "parrot", MARK, 2, None])


@pytest.mark.parametrize(
    ("call", "placeholder", "disabled"),
    [
        ('jr.selectbox("S", ["a"])', "Choose an option", False),
        ('jr.selectbox("S", ["a"], accept_new_options=True)', "Choose or add an option", False),
        ('jr.selectbox("S", [], accept_new_options=True)', "Add an option", False),
        ('jr.selectbox("S", [])', "No options to select", True),
        ('jr.selectbox("S", iter([]))', "No options to select", True),
        ('jr.selectbox("S", (x for x in "ab"))', "Choose an option", False),
        ('jr.selectbox("S", ["a"], placeholder="Pick")', "Pick", False),
        ('jr.selectbox("S", ["a"], placeholder="")', "", False),
    ],
)
def test_selectbox_placeholder_is_streamlits_for_the_case(
    make_app: Any, call: str, placeholder: str, disabled: bool
) -> None:
    _, el = _one(make_app, call)
    assert (el["placeholder"], el["disabled"]) == (placeholder, disabled)


@pytest.mark.parametrize("mode", ["fuzzy", "contains", "prefix", None])
@pytest.mark.parametrize(
    "call", ['jr.selectbox("S", ["a"], filter_mode={m})', 'jr.multiselect("S", ["a"], filter_mode={m})']
)
def test_filter_mode_reaches_the_page(make_app: Any, call: str, mode: str | None) -> None:
    _, el = _one(make_app, call.format(m=repr(mode)))
    assert el.get("filter_mode", "fuzzy") == mode


@pytest.mark.parametrize("widget", ["selectbox", "multiselect"])
def test_a_bad_filter_mode_is_refused_as_streamlit_refuses_it(make_app: Any, widget: str) -> None:
    assert _error(make_app, f'jr.{widget}("S", ["a"], filter_mode="regex")')["ename"] == "StreamlitValueError"
    assert _error(make_app, f'jr.{widget}("S", ["a"], filter_mode=["fuzzy"])')["ename"] == "StreamlitValueError"
    both = _error(make_app, f'jr.{widget}("S", ["a"], filter_mode=None, accept_new_options=True)')
    assert both["ename"] == "StreamlitAPIException" and "filter_mode=None" in both["evalue"]


def test_a_date_set_through_session_state_is_kept_outside_the_bounds(
    make_app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Streamlit's st_date_input app: ``date_input(value=None, key=k)`` after
    ``session_state[k] = date(1970, 2, 3)`` returns that date (the bounds are today's +-10
    years), run after run, and says nothing about a default; the page's dates outside the
    bounds are still refused."""
    app = make_app(
        "import datetime as dt\nimport jupyter_reactive as jr\n"
        "if 'k' not in jr.session_state:\n    jr.session_state.k = dt.date(1970, 2, 3)\n"
        "jr.text(repr(jr.date_input('D', value=None, key='k')))\n"
        "jr.text(repr(jr.time_input('T', value=None, key='t')))\n"
        "jr.button('again')\n"
    )
    with caplog.at_level("WARNING", logger="jupyter_reactive"):
        assert app.run().status == "complete"
    assert _first_text(app) == "datetime.date(1970, 2, 3)"
    el = app.widget("D")
    assert el["value"] == "1970-02-03" and el["default"] is None and app.widget("T")["default"] is None
    app.send({app.widget("again")["id"]: True})
    assert _first_text(app) == "datetime.date(1970, 2, 3)"
    assert not [r for r in caplog.records if "Session State API" in r.getMessage()]
    assert "out of range" in app.refused(el["id"], "1970-02-04")
    app.send({el["id"]: None})
    assert _first_text(app) == "None"


def test_a_widgets_help_is_text_dedented_as_streamlits(make_app: Any) -> None:
    """Streamlit's st_date_input app gives an indented triple-quoted help; 1.67 dedents every
    widget's help (and makes it text)."""
    _, el = _one(make_app, 'jr.date_input("D", help="""\n    Block!\n    Test1\n""")')
    assert el["help"] == "\nBlock!\nTest1\n"
    _, el = _one(make_app, 'jr.time_input("T", help=5)')
    assert el["help"] == "5"


def test_date_and_time_inputs_send_their_default(make_app: Any) -> None:
    """The page puts an emptied field back to the script's value and lets only a value=None
    field (or a range that starts empty) be cleared: it is told the starting value."""
    _, el = _one(make_app, 'jr.date_input("D", dt.date(2024, 1, 15))')
    assert el["default"] == "2024-01-15"
    _, el = _one(make_app, 'jr.date_input("D", [dt.date(2024, 1, 15)])')
    assert el["default"] == ["2024-01-15"]
    _, el = _one(make_app, 'jr.date_input("D", [])')
    assert el["default"] == []
    _, el = _one(make_app, 'jr.time_input("T", dt.time(8, 45))')
    assert el["default"] == "08:45"


# -- multiselect: new options, max_selections ---------------------------------------------------


def test_multiselect_accepts_typed_new_options(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.multiselect("Tags", ["a", "b"], ["b", "zed"], accept_new_options=True)')
    assert el["accept_new_options"] is True and el["value"] == [1, "zed"]
    assert _seen(app) == "['b', 'zed']"
    app.send({el["id"]: [0, "new one"]})
    assert _seen(app) == "['a', 'new one']"
    app.send({el["id"]: ["b"]})  # typed text equal to an option's label is that option
    assert _seen(app) == "['b']"
    garbage = [g for g in GARBAGE_COMMON if g != [MARK]] + [
        None,
        0,
        ["x", "x"],
        [0, "a"],
        [""],
        ["x" * 1001],
        [None],
        [2],
    ]
    _refuse_all(app, el, garbage)
    app.send({el["id"]: [MARK]})  # any text is an option the viewer may type
    assert _seen(app) == repr([MARK])


def test_multiselect_without_accept_new_options_refuses_text(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.multiselect("Tags", ["a", "b"], max_selections=1)')
    assert "accept_new_options" not in el and el["max_selections"] == 1 and el["placeholder"] == "Choose options"
    _refuse_all(app, el, [["a"], ["new"], [0, 1]])
    assert _error(make_app, 'jr.multiselect("T", ["a"], ["zed"])')["ename"] == "ValueError"
    too_many = _error(make_app, 'jr.multiselect("T", ["a", "b"], ["a", "b"], max_selections=1)')
    assert too_many["ename"] == "StreamlitSelectionCountExceedsMaxError"  # Streamlit's, for defaults too


def test_multiselect_given_too_many_options_through_session_state_fails_as_streamlit(make_app: Any) -> None:
    """Streamlit's st_multiselect e2e test: a callback that sets a ``max_selections=1``
    multiselect's key to two options shows "Multiselect has 2 options selected but
    `max_selections` is set to 1" instead of the widget, and the app's other elements."""
    app = make_app(
        "import jupyter_reactive as jr\n"
        "def bad():\n"
        "    jr.session_state['m'] = ['a', 'b']\n"
        "jr.checkbox('set', on_change=bad)\n"
        "jr.multiselect('M', ['a', 'b'], max_selections=1, key='m')\n"
        "jr.text('after')\n"
    )
    assert app.run().status == "complete"
    box = app.widget("set")
    run = app.send({box["id"]: True})
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "StreamlitSelectionCountExceedsMaxError"
    assert "Multiselect has 2 options selected but max_selections is set to 1." in exc["evalue"]
    assert "M" not in [el.get("label") for el in app.page.values()]


def test_multiselect_placeholder_is_streamlits_for_the_case(make_app: Any) -> None:
    """Without a placeholder the list says what Streamlit 1.67 says for its case; with no option
    to choose and none to add it is also disabled. A placeholder that is not text is refused."""
    for call, text, disabled in (
        ('("T", ["a"])', "Choose options", False),
        ('("T", ["a"], accept_new_options=True)', "Choose or add options", False),
        ('("T", [], accept_new_options=True)', "Add options", False),
        ('("T", [])', "No options to select", True),
        ('("T", [], placeholder="Nothing yet")', "Nothing yet", False),
    ):
        _app, el = _one(make_app, f"jr.multiselect{call}")
        assert (el["placeholder"], bool(el.get("disabled"))) == (text, disabled), call
    app, el = _one(make_app, 'jr.multiselect("T", [])')
    _refuse_all(app, el, [[0], ["new"], "x", None])
    for garbage in ("5", "b'x'", "['a']"):
        assert _error(make_app, f'jr.multiselect("T", ["a"], placeholder={garbage})')["ename"] == "TypeError"


def test_options_as_streamlit_reads_them(make_app: Any) -> None:
    prelude = "import numpy as np\nimport pandas as pd\n"
    _app, el = _one(
        make_app, 'jr.select_slider("S", pd.DataFrame({"a": [1, 2], "b": [3, 4]}), value=2)', prelude=prelude
    )
    assert el["options"] == ["1", "2"] and el["value"] == 1
    _app, el = _one(make_app, 'jr.select_slider("S", np.array([5, 6]), value=(5, 6))', prelude=prelude)
    assert el["options"] == ["5", "6"] and el["value"] == [0, 1]
    _app, el = _one(make_app, 'jr.multiselect("M", pd.Series(["x", "y"]), "y")', prelude=prelude)
    assert el["options"] == ["x", "y"] and el["value"] == [1]


def test_date_slider_without_a_value_starts_at_min_value(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.slider("S", dt.date(2024, 1, 1), dt.date(2024, 2, 1))')
    assert el["value"] == el["min"] and el["max"] - el["min"] == 31 * 86_400_000
    assert _seen(app) == "datetime.date(2024, 1, 1)"


def test_date_input_today_is_clamped_into_min_and_max(make_app: Any) -> None:
    soon = dt.date.today() + dt.timedelta(days=3)
    _app, el = _one(make_app, f'jr.date_input("D", min_value="{soon.isoformat()}")')
    assert el["value"] == soon.isoformat()
    _app, el = _one(make_app, 'jr.date_input("D", min_value=dt.date(2020, 1, 1), max_value=dt.date(2021, 1, 1))')
    assert el["value"] == "2021-01-01"
