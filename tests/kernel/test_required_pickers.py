"""``required`` on date_input, datetime_input and time_input (Streamlit 1.67): the element says
so and the page holds the check (as for number_input and selectbox); the kernel's values are as
without it."""

from __future__ import annotations

from typing import Any

import pytest

CALLS = [
    ("jr.date_input('d', None, key='d'{r})", "d"),
    ("jr.date_input('d', [], key='d'{r})", "d"),
    ("jr.datetime_input('d', None, key='d'{r})", "d"),
    ("jr.time_input('d', None, key='d'{r})", "d"),
    ("jr.date_input('d', dt.date(2026, 1, 1){r})", "d"),
]


@pytest.mark.parametrize(("call", "label"), CALLS)
@pytest.mark.parametrize("required", [False, True])
def test_required_goes_to_the_page_and_changes_no_value(make_app: Any, call: str, label: str, required: bool) -> None:
    r = ", required=True" if required else ""
    app = make_app(f"import datetime as dt\nimport jupyter_reactive as jr\njr.session_state.v = {call.format(r=r)}\n")
    run = app.run()
    assert run.status == "complete"
    el = app.widget(label)
    assert el.get("required") is (True if required else None)
    plain = make_app(
        f"import datetime as dt\nimport jupyter_reactive as jr\njr.session_state.v = {call.format(r='')}\n"
    )
    plain.run()
    assert app.state["v"] == plain.state["v"]  # required does not change the default


@pytest.mark.parametrize(
    ("call", "garbage"),
    [
        ("jr.date_input('d', None, required=True)", [None, "", [], "2026-13-01", 5, {"a": 1}]),
        ("jr.time_input('d', None, required=True)", [None, "", "25:00", 5.5, ["09:00"]]),
        ("jr.datetime_input('d', None, required=True)", [None, "", "2026-01-01", "nope", True]),
    ],
)
def test_required_fields_take_what_the_field_takes(make_app: Any, call: str, garbage: list[Any]) -> None:
    """The page's check can be bypassed (Streamlit says so): the kernel takes an empty value
    from a crafted page as it would without ``required``, and refuses what it always refuses."""
    app = make_app(f"import jupyter_reactive as jr\n{call}\n")
    app.run()
    wid = app.widget("d")["id"]
    for wire in garbage:
        data, errors = app.state.validate({wid: wire})
        assert (wid in data.values) is (wire is None), (wire, errors)
