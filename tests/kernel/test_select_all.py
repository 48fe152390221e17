"""``multiselect(select_all=)`` (Streamlit 1.67): checked and encoded as Streamlit encodes it; the
page draws the entry and sends what it chose as any multiselect value."""

from __future__ import annotations

from typing import Any

import pytest


def _el(make_app: Any, arg: str) -> dict[str, Any]:
    app = make_app(f"import jupyter_reactive as jr\njr.multiselect('m', ['a', 'b', 'c']{arg})\n")
    assert app.run().status == "complete"
    return app.widget("m")


@pytest.mark.parametrize(
    ("arg", "wire"),
    [
        ("", None),  # the default, 1000: not sent (the page's default)
        (", select_all=1000", None),
        (", select_all=True", -1),
        (", select_all=False", 0),
        (", select_all=0", 0),
        (", select_all=1", 1),
        (", select_all=25", 25),
        (", select_all=10**12", 2**31 - 1),  # capped at int32's max, as Streamlit does
    ],
)
def test_select_all_on_the_wire(make_app: Any, arg: str, wire: int | None) -> None:
    assert _el(make_app, arg).get("select_all") == wire


@pytest.mark.parametrize(
    ("arg", "ename", "text"),
    [
        ("-1", "StreamlitValueError", "must be a non-negative integer"),
        ("'all'", "StreamlitInvalidParameterTypeError", "Provided type: str"),
        ("2.5", "StreamlitInvalidParameterTypeError", "Provided type: float"),
        ("None", "StreamlitInvalidParameterTypeError", "Provided type: NoneType"),
        ("[1]", "StreamlitInvalidParameterTypeError", "Provided type: list"),
    ],
)
def test_select_all_refusals_are_streamlits(make_app: Any, arg: str, ename: str, text: str) -> None:
    app = make_app(f"import jupyter_reactive as jr\njr.multiselect('m', ['a', 'b'], select_all={arg})\n")
    run = app.run()
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == ename and text in exc["evalue"]


def test_what_select_all_sends_is_a_plain_value_and_garbage_is_refused(make_app: Any) -> None:
    app = make_app(
        "import jupyter_reactive as jr\n"
        "jr.session_state.got = jr.multiselect('m', ['a', 'b', 'c', 'd'], default=['c'], max_selections=3)\n"
    )
    app.run()
    wid = app.widget("m")["id"]
    app.send({wid: [2, 0, 1]})  # "Select all" with room for two more: the first two offered
    assert app.state["got"] == ["c", "a", "b"]
    for garbage in ([2, 0, 1, 3], [-1], [0, 0], [0, "a"], "all", None, [True], [1.5], {"all": True}):
        assert "multiselect 'm'" in app.refused(wid, garbage)
