"""Element calls return a handle, as Streamlit's return their DeltaGenerator: an element called
on it replaces that element in place, ``.empty()`` clears it, and the rest of the page stays."""

from __future__ import annotations

from typing import Any

import pytest

HEAD = "import jupyter_reactive as jr\n"


def _app(make_app: Any, body: str) -> Any:
    return make_app(HEAD + body)


def test_text_replaced_in_place_by_its_handle(make_app: Any) -> None:
    app = _app(
        make_app,
        """
msg = jr.text("loading")
jr.text("below")
msg.text("done")
""",
    )
    run = app.run()
    assert run.status == "complete"
    assert app.page[(0, 0)] == {"kind": "text", "text": "done"}
    assert app.page[(0, 1)] == {"kind": "text", "text": "below"}
    assert app.texts().count("loading") == 0
    # a rerun that does the same sends nothing new and keeps both
    again = app.run()
    assert again.status == "complete" and app.page[(0, 0)]["text"] == "done"
    assert again.items == [((0, 0), {"kind": "text", "text": "done"})]  # "loading" then "done", coalesced
    assert [p for p in app.page if p[0] == 0] == [(0, 0), (0, 1)]


def test_handle_can_change_the_element_kind_and_clear_it(make_app: Any) -> None:
    app = _app(
        make_app,
        """
a = jr.info("note")
b = jr.markdown("**md**")
a.success("saved")
b.empty()
jr.text("end")
""",
    )
    assert app.run().status == "complete"
    assert app.page[(0, 0)]["kind"] == "alert" and app.page[(0, 0)]["level"] == "success"
    assert app.page[(0, 1)] == {"kind": "block", "layout": "empty"}
    assert app.page[(0, 2)]["text"] == "end"


def test_handle_of_a_handle_and_a_container_in_its_place(make_app: Any) -> None:
    app = _app(
        make_app,
        """
h = jr.title("t")
h2 = h.header("h")
box = h2.container()
box.text("inside")
jr.text("after")
""",
    )
    assert app.run().status == "complete"
    assert app.page[(0, 0)]["kind"] == "block"
    assert app.page[(0, 0, 0)]["text"] == "inside"
    assert app.page[(0, 1)]["text"] == "after"
    # the next run draws the title again: the container and its child are gone
    app.runner.set_source(HEAD + 'jr.title("t")\njr.text("after")\n')
    assert app.run().status == "complete"
    assert app.page[(0, 0)]["kind"] == "markdown"
    assert not any(len(p) > 2 for p in app.page)


def test_handles_in_placeholders_sidebar_and_columns(make_app: Any) -> None:
    app = _app(
        make_app,
        """
ph = jr.empty()
t = ph.text("a")
t.text("b")
s = jr.sidebar.caption("side")
s.caption("side 2")
left, right = jr.columns(2)
m = left.metric("m", 1)
m.metric("m", 2)
right.text("r")
""",
    )
    assert app.run().status == "complete"
    assert app.page[(0, 0, 0)]["text"] == "b"
    assert app.page[(1, 0)]["variant"] == "caption" and "side 2" in app.page[(1, 0)]["html"]
    metrics = [el for p, el in app.page.items() if el.get("kind") == "metric"]
    assert len(metrics) == 1 and metrics[0]["value"] == "2"
    assert app.has_text("r")


def test_table_and_chart_handles_take_any_element(make_app: Any) -> None:
    app = _app(
        make_app,
        """
t = jr.table({"a": [1, 2]})
c = jr.line_chart({"a": [1, 2, 3]})
t.text("was a table")
c.empty()
""",
    )
    assert app.run().status == "complete"
    assert app.page[(0, 0)]["text"] == "was a table"
    assert app.page[(0, 1)] == {"kind": "block", "layout": "empty"}


def test_handle_refuses_private_names_and_nonsense(make_app: Any) -> None:
    app = _app(
        make_app,
        """
t = jr.table({"a": [1]})
try:
    t._secret
except AttributeError:
    jr.text("private refused")
try:
    t.no_such_element("x")
except AttributeError as err:
    jr.text("no " + str(err).split("'")[-2])
""",
    )
    assert app.run().status == "complete"
    assert app.has_text("private refused") and app.has_text("no no_such_element")


@pytest.mark.parametrize("call", ["jr.text('x')", "jr.markdown('x')", "jr.divider()", "jr.json({})"])
def test_handles_outside_an_app_do_nothing(call: str) -> None:
    import jupyter_reactive as jr

    handle = eval(call, {"jr": jr})
    handle.text("y")  # no run context: draws nothing, raises nothing
    handle.empty()
