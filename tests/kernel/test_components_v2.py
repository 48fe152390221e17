"""``components.v2``: a component's definition and data on its element, state values that persist
under the key, trigger values seen by one run, ``on_<name>_change`` callbacks, and the arguments
and wire values it refuses (in process)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from jupyter_reactive import protocol
from jupyter_reactive.kernel.elements.components_v2 import deserialize_trigger, state_deserializer
from jupyter_reactive.kernel.state import WidgetValueError

HEAD = """
import jupyter_reactive as jr
comp = jr.components.v2.component(
    "counter",
    html="<button>+1</button>",
    css="button { color: red; }",
    js="export default function(c) { c.setStateValue('n', 1) }",
)
"""


def _app(make_app: Any, body: str) -> Any:
    return make_app(HEAD + body)


def _data_uri(ref: str) -> bytes:
    assert ref.startswith("data:"), ref
    return base64.b64decode(ref.split(",", 1)[1])


def _v2(app: Any) -> list[dict[str, Any]]:
    return [el for el in app.page.values() if el.get("widget") == "component_v2"]


def test_the_streamlit_import_path_exists() -> None:
    import jupyter_reactive as jr
    from jupyter_reactive.components import v2

    assert jr.components.v2.component is v2.component
    from jupyter_reactive.components.v2.types import BidiComponentKey, ComponentRenderer

    assert ComponentRenderer is v2.ComponentRenderer and BidiComponentKey


def test_an_instance_carries_its_code_data_and_state(make_app: Any) -> None:
    app = _app(make_app, 'r = comp(key="c", data={"label": "Count", "n": [1, 2]}, width=300)\njr.write(f"r={dict(r)}")')
    assert app.run().status == "complete", app.page
    (el,) = _v2(app)
    assert el["component"] == "counter" and el["isolate_styles"] is True
    assert el["data"] == {"label": "Count", "n": [1, 2]}
    assert el["value"] == {"state": {}}
    assert el["trigger_id"] == el["id"] + "__events"
    assert el["sizing"] == {"width": 300}
    code = json.loads(_data_uri(el["source"]))
    assert code == {
        "html": "<button>+1</button>",
        "css": "button { color: red; }",
        "js": "export default function(c) { c.setStateValue('n', 1) }",
    }
    assert "r={}" in str(app.page)


def test_state_persists_under_the_key_and_reaches_session_state(make_app: Any) -> None:
    app = _app(
        make_app,
        """r = comp(key="c", default={"n": 0}, on_n_change=lambda: None)
jr.write(f"n={r.n} ss={jr.session_state.c}")""",
    )
    app.run()
    (el,) = _v2(app)
    assert el["value"] == {"state": {"n": 0}} and "n=0" in str(app.page)
    app.send({el["id"]: {"state": {"n": 5, "other": "x"}}})
    assert "n=5 ss={'n': 5, 'other': 'x'}" in str(app.page)
    app.run()  # a plain rerun: the state is kept
    assert "n=5" in str(app.page)
    assert _v2(app)[0]["value"] == {"state": {"n": 5, "other": "x"}}


def test_session_state_writes_through_to_the_state(make_app: Any) -> None:
    app = _app(
        make_app,
        """if jr.session_state.get("reset"):
    jr.session_state.c["n"] = 42
r = comp(key="c", on_n_change=lambda: None)
jr.write(f"n={r.get('n')}")""",
    )
    app.run()
    wid = _v2(app)[0]["id"]
    app.send({wid: {"state": {"n": 1}}})
    assert "n=1" in str(app.page)
    app.state["reset"] = True
    app.run()
    assert "n=42" in str(app.page)


def test_a_trigger_is_seen_by_one_run_and_its_callback_runs_once(make_app: Any) -> None:
    app = _app(
        make_app,
        """def clicked():
    jr.session_state.log = jr.session_state.get("log", []) + ["cb"]
r = comp(key="c", on_clicked_change=clicked)
jr.write(f"clicked={r.clicked!r} log={jr.session_state.get('log', [])}")""",
    )
    app.run()
    assert "clicked=None log=[]" in str(app.page)
    el = _v2(app)[0]
    app.send({el["trigger_id"]: {"event": "clicked", "value": {"x": 3}}})
    assert "clicked={'x': 3} log=['cb']" in str(app.page)
    app.run()
    assert "clicked=None log=['cb']" in str(app.page)


def test_trigger_values_need_a_callback_as_in_streamlit(make_app: Any) -> None:
    app = _app(make_app, 'r = comp(key="c")\njr.write(f"has={hasattr(r, \'clicked\')} keys={sorted(r)}")')
    app.run()
    el = _v2(app)[0]
    app.send({el["trigger_id"]: {"event": "clicked", "value": 1}})
    assert "has=False keys=[]" in str(app.page)


def test_state_callbacks_run_for_the_names_that_changed(make_app: Any) -> None:
    app = _app(
        make_app,
        """def note(name):
    jr.session_state.log = jr.session_state.get("log", []) + [name]
r = comp(key="c", on_a_change=lambda: note("a"), on_b_change=lambda: note("b"))
jr.write(f"log={jr.session_state.get('log', [])}")""",
    )
    app.run()
    wid = _v2(app)[0]["id"]
    app.send({wid: {"state": {"a": 1}}})
    assert "log=['a']" in str(app.page)
    app.send({wid: {"state": {"a": 1, "b": 2}}})
    assert "log=['a', 'b']" in str(app.page)
    app.send({wid: {"state": {"a": 1, "b": 2}}})  # nothing changed: no callback
    assert "log=['a', 'b']" in str(app.page)


def test_bytes_tables_and_mixed_data_travel_as_media(make_app: Any) -> None:
    pytest.importorskip("pyarrow")
    app = _app(
        make_app,
        """import pandas as pd
df = pd.DataFrame({"x": [1, 2]})
comp(key="b", data=b"\\x00\\x01")
comp(key="t", data=df)
comp(key="m", data={"table": df, "title": "T"})""",
    )
    assert app.run().status == "complete", app.page
    b, t, m = _v2(app)
    assert _data_uri(b["data_bytes"]) == b"\x00\x01" and "data" not in b
    import pyarrow as pa

    table = pa.ipc.open_stream(_data_uri(t["data_table"])).read_all()
    assert table.column("x").to_pylist() == [1, 2]
    ref = m["data"]["table"]["__streamlit_arrow_ref__"]
    assert m["data"]["title"] == "T" and set(m["data_tables"]) == {ref}


def test_a_key_keeps_the_identity_when_data_changes_and_no_key_does_not(make_app: Any) -> None:
    app = _app(
        make_app,
        """n = jr.session_state.setdefault("n", 0)
jr.session_state.n = n + 1
comp(key="k", data=n)
comp(data=n)""",
    )
    app.run()
    first = [el["id"] for el in _v2(app)]
    app.run()
    second = [el["id"] for el in _v2(app)]
    assert first[0] == second[0] and first[1] != second[1]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('comp(default={"n": 1})', "is not a valid state name"),
        ("comp(on_change=lambda: None)", "is not allowed"),
        ("comp(label='x')", "not 'label'"),
        ("comp(on__change=lambda: None)", "is not allowed"),
        ("comp(on_x_change=5)", "must be a callable"),
        ('comp(data=float("nan"))', "NaN"),
        ("comp(width=-3)", "width"),
        ('jr.components.v2.component("")', "needs a name"),
        ('jr.components.v2.component("x", js=5)', "must be a string"),
        ('jr.components.v2.component("x", js="index.js")', "asset_dir"),
        ('jr.components.v2.component("x", css="./styles/*.css")', "asset_dir"),
    ],
)
def test_bad_calls_are_clear_errors(make_app: Any, body: str, message: str) -> None:
    app = _app(make_app, body)
    (exc,) = app.run().of_kind("exception")
    assert message in exc["evalue"], exc


def test_two_unkeyed_instances_with_the_same_data_collide_clearly(make_app: Any) -> None:
    app = _app(make_app, "comp(data=1)\ncomp(data=1)")
    (exc,) = app.run().of_kind("exception")
    assert "same label" in exc["evalue"] or "unique key" in exc["evalue"]


GARBAGE_STATES = [
    5,
    "text",
    [1],
    {"n": 1},
    {"state": [1, 2]},
    {"state": {"n": 1}, "extra": 1},
    {"state": {"": 1}},
    {"state": {"x" * 300: 1}},
    {"state": {str(i): i for i in range(1001)}},
    {"state": {"big": "x" * (1024 * 1024)}},
    {"event": "clicked", "value": 1},
]
GARBAGE_TRIGGERS = [
    5,
    True,
    {"event": "clicked"},
    {"event": 5, "value": 1},
    {"event": "", "value": 1},
    {"event": "x" * 300, "value": 1},
    {"event": "clicked", "value": 1, "more": 2},
    {"event": "clicked", "value": "x" * (1024 * 1024)},
    {"state": {"n": 1}},
]


@pytest.mark.parametrize("wire", GARBAGE_STATES)
def test_garbage_states_are_refused_and_lose_nothing(make_app: Any, wire: Any) -> None:
    app = _app(make_app, 'r = comp(key="c", default={"n": 7}, on_n_change=lambda: None)\njr.write(f"n={r.n}")')
    app.run()
    wid = _v2(app)[0]["id"]
    with pytest.raises(WidgetValueError):
        state_deserializer({})(wire)
    assert app.refused(wid, wire)
    app.run()
    assert "n=7" in str(app.page)


@pytest.mark.parametrize("wire", GARBAGE_TRIGGERS)
def test_garbage_triggers_are_refused(make_app: Any, wire: Any) -> None:
    app = _app(make_app, 'r = comp(key="c", on_clicked_change=lambda: None)\njr.write(f"clicked={r.clicked}")')
    app.run()
    tid = _v2(app)[0]["trigger_id"]
    with pytest.raises(WidgetValueError):
        deserialize_trigger(wire)
    assert app.refused(tid, wire)
    app.run()
    assert "clicked=None" in str(app.page)


def test_values_for_an_unknown_component_or_one_no_longer_drawn_are_refused(make_app: Any) -> None:
    app = _app(make_app, 'if not jr.session_state.get("hide"):\n    comp(key="c", on_clicked_change=lambda: None)')
    app.run()
    el = _v2(app)[0]
    assert app.refused("co-0000000000000000", {"state": {"n": 1}}) == "value for an unknown widget refused"
    assert app.refused("co-0000000000000000__events", {"event": "clicked", "value": 1})
    app.state["hide"] = True
    app.run()
    assert app.refused(el["id"], {"state": {"n": 1}}) == "value for an unknown widget refused"
    assert app.refused(el["trigger_id"], {"event": "clicked", "value": 1}) == "value for an unknown widget refused"


@pytest.mark.parametrize(
    "value",
    [
        {"state": {"n": float("inf")}},
        {"state": {"": 1}},
        {"state": [1]},
        {"event": 5, "value": 1},
        {"event": "x", "value": float("nan")},
        {"state": {"n": 1}, "event": "x"},
    ],
)
def test_the_server_refuses_malformed_v2_values(value: Any) -> None:
    raw = json.dumps({"type": "widget_values", "values": {"co-1": value}})
    with pytest.raises(protocol.ProtocolError):
        protocol.decode_client_message(raw)


def test_the_server_passes_well_formed_v2_values() -> None:
    values = {"co-1": {"state": {"n": [1, {"a": None}]}}, "co-1__events": {"event": "clicked", "value": {"x": 1}}}
    msg = protocol.decode_client_message(json.dumps({"type": "widget_values", "values": values}))
    assert msg.values == values  # type: ignore[union-attr]


def test_the_server_refuses_an_oversize_v2_value() -> None:
    raw = json.dumps({"type": "widget_values", "values": {"co-1": {"state": {"big": "x" * (1100 * 1024)}}}})
    with pytest.raises(protocol.ProtocolError, match="too large"):
        protocol.decode_client_message(raw)


def test_state_survives_a_replaced_kernel_and_triggers_do_not(make_app: Any) -> None:
    body = 'r = comp(key="c", on_n_change=lambda: None, on_clicked_change=lambda: None)\njr.write(f"r={dict(r)}")'
    app = _app(make_app, body)
    app.run()
    el = _v2(app)[0]
    app.send({el["id"]: {"state": {"n": 3}}})
    app.send({el["trigger_id"]: {"event": "clicked", "value": 1}})
    saved = app.state.wire_values()
    assert saved[el["id"]] == {"state": {"n": 3}} and el["trigger_id"] not in saved
    fresh = _app(make_app, body)
    fresh.state.seed(saved)
    fresh.run()
    assert "r={'n': 3, 'clicked': None}" in str(fresh.page)


def test_session_state_shows_the_trigger_that_fired_under_the_state(make_app: Any) -> None:
    """Streamlit 1.67's view of ``session_state[key]``: the run's trigger values merged under
    the state values; attribute reads; writes through before the mount, refused after it."""
    app = _app(
        make_app,
        """seen = dict(jr.session_state.get("c") or {})
r = comp(key="c", on_clicked_change=lambda: None, on_n_change=lambda: None)
view = jr.session_state.c
jr.write(f"before={seen} after={dict(view)} attr={view.clicked!r} missing={view.nope!r}")
if jr.session_state.get("late"):
    view["n"] = 1""",
    )
    app.run()
    assert "before={} after={} attr=None missing=None" in str(app.page)
    el = _v2(app)[0]
    app.send({el["id"]: {"state": {"n": 2}}})
    app.send({el["trigger_id"]: {"event": "clicked", "value": [1, 2]}})
    assert "before={'clicked': [1, 2], 'n': 2} after={'clicked': [1, 2], 'n': 2} attr=[1, 2]" in str(app.page)
    app.run()  # the trigger is gone in the next run, the state stays
    assert "before={'n': 2} after={'n': 2} attr=None" in str(app.page)
    app.state["late"] = True
    run = app.run()
    assert any("cannot be modified after the component with key `c` is instantiated" in str(m) for m in run.messages)


def test_session_state_writes_keep_to_the_named_states(make_app: Any) -> None:
    """As in Streamlit 1.67, a write of a name without a callback is ignored; a deletion, an
    attribute write and a copy behave as on a dict."""
    app = _app(
        make_app,
        """import copy, pickle
if jr.session_state.get("go"):
    v = jr.session_state.c
    v["junk"] = object()
    v.n = 7
    del v["m"]
    jr.session_state.copies = (type(pickle.loads(pickle.dumps(v))).__name__, copy.deepcopy(v) is v)
r = comp(key="c", default={"n": 0, "m": 1}, on_n_change=lambda: None, on_m_change=lambda: None)
jr.write(f"r={dict(r)}")""",
    )
    app.run()
    assert "r={'m': 1, 'n': 0}" in str(app.page) or "r={'n': 0, 'm': 1}" in str(app.page)
    app.state["go"] = True
    app.run()
    assert "r={'n': 7, 'm': 1}" in str(app.page)  # no junk; a deleted name takes its default again
    assert app.state["copies"] == ("dict", True)
