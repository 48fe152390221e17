"""Expanders, popovers and tabs that track their state (Streamlit 1.67's ``on_change``/``key``
and ``.open``): the state is a widget value the page sends, the script reads through ``.open``
and ``session_state[key]``, and a changed state reruns the app."""

from __future__ import annotations

from typing import Any

import pytest


def _app(make_app: Any, body: str) -> Any:
    return make_app("import jupyter_reactive as jr\n" + body)


def _block(run: Any, layout: str) -> dict[str, Any]:
    (el,) = [el for _p, el in run.items if el.get("kind") == "block" and el.get("layout") == layout]
    return el


def _texts(run: Any) -> list[str]:
    return [el["text"] for el in run.of_kind("text")]


LAZY = """
log = jr.session_state.setdefault("log", [])
def opened(tag):
    log.append((tag, jr.session_state.get("summary")))
summary = jr.expander("Summary", key="summary", on_change=opened, args=("cb",))
if summary.open:
    with summary:
        jr.text("expensive summary")
jr.text(f"open={summary.open} log={log}")
plain = jr.expander("Plain")
jr.text(f"plain={plain.open}")
"""


def test_expander_state_is_a_value_the_script_reads(make_app: Any) -> None:
    app = _app(make_app, LAZY)
    run = app.run()
    el = next(e for _p, e in run.items if e.get("label") == "Summary")
    assert el["expanded"] is False and el["id"].startswith("ex-")
    assert "open=False log=[]" in _texts(run) and "plain=None" in _texts(run)
    assert "expensive summary" not in _texts(run)
    # the viewer opens it: a rerun after the callback, which sees the new state
    run = app.send({el["id"]: True})
    assert "expensive summary" in _texts(run)
    assert "open=True log=[('cb', True)]" in _texts(run)
    opened = next(e for _p, e in run.items if e.get("label") == "Summary")
    assert opened["expanded"] is True
    # an untracked expander sends no id and keeps its .open None
    assert not any("id" in e for _p, e in run.items if e.get("label") == "Plain")


def test_expander_state_set_through_session_state(make_app: Any) -> None:
    app = _app(
        make_app,
        """
if jr.button("open it"):
    jr.session_state.ex = True
box = jr.expander("Box", key="ex", on_change="rerun")
jr.text(f"open={box.open}")
""",
    )
    run = app.run()
    button = run.of_kind("widget")[0]["id"]
    assert "open=False" in _texts(run)
    run = app.run({}, triggers=[button])
    # the button's run sets the state before the expander is drawn: it opens
    assert "open=True" in _texts(run)
    assert next(e for _p, e in run.items if e.get("label") == "Box")["expanded"] is True


def test_tabs_track_the_selected_label(make_app: Any) -> None:
    app = _app(
        make_app,
        """
cat, dog, owl = jr.tabs(["Cat", "Dog", "Owl"], default="Dog", key="animal", on_change="rerun")
for name, tab in (("cat", cat), ("dog", dog), ("owl", owl)):
    if tab.open:
        tab.text(f"this is the {name}")
jr.text(f"state={jr.session_state.animal} opens={[cat.open, dog.open, owl.open]}")
""",
    )
    run = app.run()
    tabs = _block(run, "tabs")
    assert tabs["value"] == "Dog" and tabs["id"].startswith("ta-")
    assert "this is the dog" in _texts(run) and "this is the cat" not in _texts(run)
    assert "state=Dog opens=[False, True, False]" in _texts(run)
    run = app.send({tabs["id"]: "Owl"})
    assert "this is the owl" in _texts(run) and _block(run, "tabs")["value"] == "Owl"
    assert "state=Owl opens=[False, False, True]" in _texts(run)


def test_untracked_tabs_run_every_tab_and_send_their_default(make_app: Any) -> None:
    run = _app(
        make_app,
        """
a, b = jr.tabs(["A", "B"], default="B")
a.text(f"a {a.open}")
b.text(f"b {b.open}")
""",
    ).run()
    tabs = _block(run, "tabs")
    assert tabs["value"] == "B" and "id" not in tabs
    assert "a None" in _texts(run) and "b None" in _texts(run)


def test_popover_tracks_open_and_closed(make_app: Any) -> None:
    app = _app(
        make_app,
        """
drawer = jr.popover("Open popover", on_change="rerun")
with drawer:
    jr.text("inside")
jr.text(f"The popover is {'open' if drawer.open else 'closed'}.")
""",
    )
    run = app.run()
    pop = _block(run, "popover")
    assert pop["open"] is False and "The popover is closed." in _texts(run)
    run = app.send({pop["id"]: True})
    assert "The popover is open." in _texts(run) and _block(run, "popover")["open"] is True
    run = app.send({pop["id"]: False})
    assert "The popover is closed." in _texts(run)


@pytest.mark.parametrize(
    ("body", "layout", "garbage"),
    [
        ('jr.expander("E", on_change="rerun")', "expander", "yes"),
        ('jr.expander("E", on_change="rerun")', "expander", 1),
        ('jr.expander("E", on_change="rerun")', "expander", None),
        ('jr.popover("P", on_change="rerun")', "popover", [True]),
        ('jr.tabs(["A", "B"], on_change="rerun")', "tabs", "C"),
        ('jr.tabs(["A", "B"], on_change="rerun")', "tabs", 0),
        ('jr.tabs(["A", "B"], on_change="rerun")', "tabs", {"label": "A"}),
    ],
)
def test_garbage_states_are_refused_and_the_state_kept(make_app: Any, body: str, layout: str, garbage: Any) -> None:
    app = _app(make_app, body)
    run = app.run()
    el = _block(run, layout)
    assert app.refused(el["id"], garbage)
    app.run()
    (again,) = [e for e in app.page.values() if e.get("kind") == "block" and e.get("layout") == layout]
    assert again == el


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ('jr.expander("E", on_change="sometimes")', "on_change must be"),
        ('jr.popover("P", on_change=42)', "on_change must be"),
        ('jr.tabs(["A", "B"], default="C")', "is not one of the tabs' labels"),
        ('jr.tabs("AB")', "list of labels"),
    ],
)
def test_misuse_is_a_clear_error(make_app: Any, call: str, message: str) -> None:
    run = _app(make_app, call).run()
    assert run.status == "error", run.messages
    (err,) = run.of_kind("exception")
    assert message in err["evalue"]
