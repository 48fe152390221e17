"""SessionState: the mapping API, and Streamlit's widget-state rules (keys, forgetting, triggers,
callbacks, seeds, duplicates, validation of page values)."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_reactive.kernel.requests import RerunData
from jupyter_reactive.kernel.state import DuplicateWidgetError, SessionState, WidgetDef, WidgetValueError

MARK = "ECHO\u2603<b>MARK"


def _int_in_range(lo: int, hi: int) -> Any:
    def deserialize(wire: Any) -> int:
        if isinstance(wire, bool) or not isinstance(wire, int):
            raise WidgetValueError("value must be a whole number")
        if not lo <= wire <= hi:
            raise WidgetValueError(f"value out of range [{lo}, {hi}]")
        return wire

    return deserialize


def _slider_def(
    wid: str = "sl-1",
    *,
    key: str | None = None,
    default: int = 3,
    on_change: Any = None,
    args: tuple = (),
    kwargs: dict | None = None,
) -> WidgetDef:
    return WidgetDef(
        wid,
        "slider",
        "speed",
        default,
        _int_in_range(0, 10),
        lambda v: v,
        key=key,
        on_change=on_change,
        args=args,
        kwargs=kwargs or {},
    )


def _button_def(wid: str = "bu-1", *, key: str | None = None, on_change: Any = None) -> WidgetDef:
    def deserialize(wire: Any) -> bool:
        if wire is not True:
            raise WidgetValueError("a button only sends true")
        return True

    return WidgetDef(wid, "button", "go", False, deserialize, bool, key=key, trigger=True, on_change=on_change)


def _one_run(state: SessionState, *defs: WidgetDef, data: RerunData | None = None, complete: bool = True) -> list[Any]:
    """A run that draws ``defs`` in order; returns the values the script saw."""
    state.begin_run(data or RerunData())
    seen = [state.register(d) for d in defs]
    state.end_run(complete)
    return seen


# -- the mapping API ------------------------------------------------------------------------


def test_attribute_and_item_access_share_one_store() -> None:
    state = SessionState()
    state.count = 1
    state["name"] = "ada"
    assert state["count"] == 1 and state.name == "ada"
    state.count += 1
    assert state["count"] == 2
    assert state.get("missing", "fallback") == "fallback"


def test_contains_del_iteration_and_len() -> None:
    state = SessionState()
    state.a = 1
    state["b"] = 2
    assert "a" in state and "b" in state and "c" not in state
    assert sorted(state) == ["a", "b"] and len(state) == 2
    assert dict(state.items()) == {"a": 1, "b": 2}
    del state.a
    del state["b"]
    assert "a" not in state and len(state) == 0 and list(state) == []


def test_missing_keys_raise_key_error_and_helpful_attribute_error() -> None:
    state = SessionState()
    with pytest.raises(KeyError):
        state["nope"]
    with pytest.raises(AttributeError, match=r"session_state has no key 'nope'.*initialise"):
        _ = state.nope
    with pytest.raises(KeyError):
        del state["nope"]
    with pytest.raises(AttributeError):
        del state.nope


def test_repr_shows_the_contents() -> None:
    state = SessionState()
    state.x = 5
    assert repr(state) == "SessionState({'x': 5})"


# -- keyed widgets ----------------------------------------------------------------------------

KEYED = """
import jupyter_reactive as jr
v = jr.slider("speed", 0, 10, 3, key="speed")
jr.write(f"seen {v} state {jr.session_state.speed} item {jr.session_state['speed']}")
"""


def test_keyed_widget_exposes_its_value_through_session_state(make_app: Any) -> None:
    app = make_app(KEYED)
    app.run()
    assert app.state["speed"] == 3 and "speed" in app.state and list(app.state) == ["speed"]
    assert any("seen 3 state 3 item 3" in t for t in app.texts())
    app.send({app.widget("speed")["id"]: 7})
    assert app.state["speed"] == 7
    assert any("seen 7 state 7 item 7" in t for t in app.texts())


def test_assigning_a_key_before_the_widget_is_drawn_sets_its_value(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        if "speed" not in jr.session_state:
            jr.session_state.speed = 8
        v = jr.slider("speed", 0, 10, 3, key="speed")
        jr.write(f"v={v}")
    """)
    run = app.run()
    assert app.widget("speed")["value"] == 8
    assert any("v=8" in t for t in app.texts()), run.messages
    assert app.state["speed"] == 8


def test_assigning_a_drawn_widgets_key_in_a_later_run_sets_its_value(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        if jr.button("reset"):
            jr.session_state.speed = 0
        v = jr.slider("speed", 0, 10, 3, key="speed")
        jr.write(f"v={v}")
    """)
    app.run()
    app.send({app.widget("speed")["id"]: 7})
    assert app.widget("speed")["value"] == 7
    app.send({app.widget("reset")["id"]: True})
    assert app.widget("speed")["value"] == 0
    assert any("v=0" in t for t in app.texts())


def test_assigned_value_the_widget_refuses_falls_back_to_the_default(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.session_state.speed = 99  # out of the slider's range
        v = jr.slider("speed", 0, 10, 3, key="speed")
    """)
    app.run()
    assert app.widget("speed")["value"] == 3


def test_deleting_a_widget_key_resets_the_widget(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        v = jr.slider("speed", 0, 10, 3, key="speed")
    """)
    app.run()
    app.send({app.widget("speed")["id"]: 9})
    del app.state["speed"]
    assert "speed" not in app.state
    app.run()
    assert app.widget("speed")["value"] == 3


def test_button_value_cannot_be_set_through_session_state() -> None:
    state = SessionState()
    _one_run(state, _button_def(key="go"))
    with pytest.raises(ValueError, match="button 'go'"):
        state["go"] = True


# -- forgetting -------------------------------------------------------------------------------

MAYBE_HIDDEN = """
import jupyter_reactive as jr
if jr.session_state.get("cut"):
    jr.rerun()
if not jr.session_state.get("hide"):
    v = jr.slider("speed", 0, 10, 3, key="speed")
jr.write("end")
"""


def test_widget_absent_from_a_complete_run_forgets_its_value(make_app: Any) -> None:
    app = make_app(MAYBE_HIDDEN)
    app.run()
    app.send({app.widget("speed")["id"]: 9})
    app.state["hide"] = True
    assert app.run().status == "complete"
    assert "speed" not in app.state
    app.state["hide"] = False
    app.run()
    assert app.widget("speed")["value"] == 3
    assert app.state["speed"] == 3


def test_widget_absent_from_an_incomplete_run_keeps_its_value(make_app: Any) -> None:
    app = make_app(MAYBE_HIDDEN)
    app.run()
    app.send({app.widget("speed")["id"]: 9})
    app.state["cut"] = True
    assert app.run().status == "rerun"
    assert app.state["speed"] == 9
    app.state["cut"] = False
    app.run()
    assert app.widget("speed")["value"] == 9


def test_widget_absent_from_a_run_cut_by_a_widget_event_keeps_its_value(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.write("first")
        v = jr.slider("speed", 0, 10, 3)
    """)
    app.run()
    wid = app.widget("speed")["id"]
    app.send({wid: 9})
    app.requests.request_rerun(RerunData())  # arrives before the run's first element call
    run = app.run()
    assert run.status == "rerun" and run.items == []
    assert app.state.widget_value(wid) == 9
    app.run()
    assert app.widget("speed")["value"] == 9


def test_widgets_below_a_stop_keep_their_values(make_app: Any) -> None:
    # Streamlit: st.stop() and an uncaught exception are premature stops; widget state is kept
    app = make_app("""
        import jupyter_reactive as jr
        if jr.session_state.get("stop"):
            jr.stop()
        if jr.session_state.get("fail"):
            raise RuntimeError("transient")
        v = jr.slider("speed", 0, 10, 3)
    """)
    app.run()
    wid = app.widget("speed")["id"]
    app.send({wid: 9})
    app.state["stop"] = True
    assert app.run().status == "stopped"
    app.state["stop"] = False
    app.state["fail"] = True
    assert app.run().status == "error"
    app.state["fail"] = False
    app.run()
    assert app.widget("speed")["value"] == 9


def test_forgotten_widget_no_longer_accepts_values() -> None:
    state = SessionState()
    _one_run(state, _slider_def())
    _one_run(state)  # complete run without it
    data, errors = state.validate({"sl-1": 4})
    assert data.values == {} and errors == ["value for an unknown widget refused"]


# -- triggers ---------------------------------------------------------------------------------

BUTTON = """
import jupyter_reactive as jr
clicked = jr.button("go")
jr.write(f"clicked={clicked}")
"""


def test_button_trigger_is_true_for_exactly_one_run(make_app: Any) -> None:
    app = make_app(BUTTON)
    app.run()
    assert any("clicked=False" in t for t in app.texts())
    assert app.widget("go")["value"] is None
    app.send({app.widget("go")["id"]: True})
    assert any("clicked=True" in t for t in app.texts())
    app.run()
    assert any("clicked=False" in t for t in app.texts())


def test_button_state_level_trigger_resets_even_after_an_incomplete_run() -> None:
    state = SessionState()
    button = _button_def()
    assert _one_run(state, button) == [False]
    data, errors = state.validate({"bu-1": True})
    assert errors == [] and data.triggers == {"bu-1"} and data.values == {}
    assert _one_run(state, button, data=data, complete=False) == [True]
    assert _one_run(state, button) == [False]


def test_button_click_is_not_lost_when_its_run_is_cut_before_the_button(make_app: Any) -> None:
    # a click followed by a slider move while the click's run is still before the button:
    # the run that finally draws the button must see the click (requests.py's promise)
    app = make_app("""
        import jupyter_reactive as jr
        v = jr.slider("speed", 0, 10, 3)
        jr.write(f"v={v}")
        clicked = jr.button("go")
        jr.write(f"clicked={clicked}")
    """)
    app.run()
    speed, go = app.widget("speed")["id"], app.widget("go")["id"]
    data, _ = app.state.validate({go: True})
    later, _ = app.state.validate({speed: 5})
    app.requests.request_rerun(later)  # arrives before the button is drawn
    run = app.run_data(data)
    assert run.status == "rerun"
    assert run.following is not None
    app.run_data(run.following)
    assert any("v=5" in t for t in app.texts())
    assert any("clicked=True" in t for t in app.texts())
    app.run()
    assert any("clicked=False" in t for t in app.texts())


def test_carried_click_runs_its_callback_once(make_app: Any, hooks: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        import jr_test_hooks as hooks
        v = jr.slider("speed", 0, 10, 3)
        clicked = jr.button("go", on_click=hooks.calls.append, args=("click",))
        hooks.calls.append(f"clicked={clicked}")
    """)
    app.run()
    hooks.calls.clear()
    data, _ = app.state.validate({app.widget("go")["id"]: True})
    later, _ = app.state.validate({app.widget("speed")["id"]: 5})
    app.requests.request_rerun(later)
    run = app.run_data(data)
    assert run.status == "rerun" and run.following is not None
    app.run_data(run.following)
    assert hooks.calls == ["click", "clicked=True"]


def test_click_read_by_a_cut_run_is_not_carried(make_app: Any, hooks: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        import jr_test_hooks as hooks
        clicked = jr.button("go")
        hooks.calls.append(f"clicked={clicked}")
        v = jr.slider("speed", 0, 10, 3)
    """)
    app.run()
    hooks.calls.clear()
    data, _ = app.state.validate({app.widget("go")["id"]: True})
    later, _ = app.state.validate({app.widget("speed")["id"]: 5})

    def cut(*_args: Any) -> None:
        app.requests.request_rerun(later)

    hooks.calls = _CallsThen(cut)
    run = app.run_data(data)
    assert run.status == "rerun" and run.following is not None
    app.run_data(run.following)
    assert list(hooks.calls) == ["clicked=True", "clicked=False"]


class _CallsThen(list):
    """A list that runs ``then`` after each append (a hook inside the script's own thread)."""

    def __init__(self, then: Any):
        super().__init__()
        self._then = then

    def append(self, item: Any) -> None:
        super().append(item)
        self._then(item)


# -- callbacks --------------------------------------------------------------------------------


def test_begin_run_returns_callbacks_of_changed_values_and_fired_triggers() -> None:
    state = SessionState()
    calls: list[Any] = []
    slider = _slider_def(on_change=calls.append, args=(1, 2), kwargs={"x": "y"})
    quiet = _slider_def("sl-2")
    button = _button_def(on_change=calls.append)
    _one_run(state, slider, quiet, button)
    data, errors = state.validate({"sl-1": 7, "sl-2": 5, "bu-1": True})
    assert errors == []
    callbacks = state.begin_run(data)
    assert callbacks == [slider, button]  # sl-2 changed but has no callback
    assert callbacks[0].args == (1, 2) and callbacks[0].kwargs == {"x": "y"}
    for d in (slider, quiet, button):
        state.register(d)
    state.end_run(True)
    # the same value again is not a change
    assert state.begin_run(RerunData({"sl-1": 7})) == []


def test_on_change_runs_before_the_script_with_args_and_the_new_value(make_app: Any, hooks: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        import jr_test_hooks as hooks

        def changed(*args, **kwargs):
            hooks.calls.append(("change", args, kwargs, jr.session_state.speed))

        def clicked(tag):
            hooks.calls.append(("click", tag))

        hooks.calls.append("script")
        jr.slider("speed", 0, 10, 3, key="speed", on_change=changed, args=(1, 2), kwargs={"x": "y"})
        jr.button("go", on_click=clicked, args=("t",))
    """)
    app.run()
    assert hooks.calls == ["script"]
    hooks.calls.clear()
    app.send({app.widget("speed")["id"]: 7})
    assert hooks.calls == [("change", (1, 2), {"x": "y"}, 7), "script"]
    hooks.calls.clear()
    app.send({app.widget("speed")["id"]: 7})  # unchanged: no callback
    assert hooks.calls == ["script"]
    hooks.calls.clear()
    app.send({app.widget("go")["id"]: True})
    assert hooks.calls == [("click", "t"), "script"]


# -- seeds ------------------------------------------------------------------------------------

SEEDED = """
import jupyter_reactive as jr
a = jr.slider("a", 0, 10, 3)
b = jr.slider("b", 0, 10, 3)
c = jr.text_input("c", "x", max_chars=5)
d = jr.selectbox("d", ["p", "q", "r"])
"""


def test_seed_restores_wire_values_validated_by_the_widget(make_app: Any) -> None:
    first = make_app(SEEDED)
    first.run()
    ids = {label: first.widget(label)["id"] for label in "abcd"}
    second = make_app(SEEDED)
    second.state.seed({ids["a"]: 7, ids["b"]: 11, ids["c"]: "too long!", ids["d"]: 2})
    second.run()
    assert second.widget("a")["value"] == 7
    assert second.widget("b")["value"] == 3  # refused: out of range
    assert second.widget("c")["value"] == "x"  # refused: longer than max_chars
    assert second.widget("d")["value"] == 2 and second.state.widget_value(ids["d"]) == "r"


def test_seed_refuses_wrong_types_and_is_used_once() -> None:
    state = SessionState()
    state.seed({"sl-1": "7", "sl-2": 6})
    assert _one_run(state, _slider_def(), _slider_def("sl-2")) == [3, 6]
    assert state.wire_values() == {"sl-1": 3, "sl-2": 6}
    _one_run(state)  # forgotten
    assert _one_run(state, _slider_def("sl-2")) == [3]  # the seed was consumed


def test_wire_values_skip_triggers() -> None:
    state = SessionState()
    _one_run(state, _slider_def(), _button_def())
    assert state.wire_values() == {"sl-1": 3}


# -- duplicates -------------------------------------------------------------------------------


def test_duplicate_widget_ids_raise_a_helpful_error() -> None:
    state = SessionState()
    state.begin_run(RerunData())
    state.register(_slider_def())
    with pytest.raises(DuplicateWidgetError) as info:
        state.register(_slider_def())
    message = str(info.value)
    assert "slider" in message and "'speed'" in message and "key=" in message


def test_same_widget_in_the_next_run_is_not_a_duplicate() -> None:
    state = SessionState()
    assert _one_run(state, _slider_def()) == [3]
    assert _one_run(state, _slider_def()) == [3]


def test_duplicate_widgets_in_a_script_become_an_exception_element(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.checkbox("agree")
        jr.checkbox("agree")
    """)
    run = app.run()
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "DuplicateWidgetError"
    assert "checkbox" in exc["evalue"] and "'agree'" in exc["evalue"] and "key=" in exc["evalue"]


def test_two_widgets_with_the_same_key_are_refused_with_the_key_named(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.slider("speed", 0, 10, 3, key="k")
        jr.checkbox("fast", key="k")
    """)
    run = app.run()
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "DuplicateWidgetError"
    assert "key" in exc["evalue"] and "'k'" in exc["evalue"]


def test_same_key_same_kind_message_names_the_key(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.slider("one", 0, 10, 3, key="k")
        jr.slider("two", 0, 10, 3, key="k")
    """)
    (exc,) = app.run().of_kind("exception")
    assert exc["ename"] == "DuplicateWidgetError" and "'k'" in exc["evalue"]


# -- validate ---------------------------------------------------------------------------------


def test_validate_refuses_unknown_ids_without_echoing_them() -> None:
    state = SessionState()
    _one_run(state, _slider_def())
    data, errors = state.validate({MARK: 1, "sl-1": 4})
    assert dict(data.values) == {"sl-1": 4}
    assert errors == ["value for an unknown widget refused"]
    assert all(MARK not in e for e in errors)


def test_validate_refuses_bad_values_with_safe_messages() -> None:
    state = SessionState()
    _one_run(state, _slider_def(), _button_def())
    data, errors = state.validate({"sl-1": MARK, "bu-1": MARK})
    assert data.values == {} and data.triggers == frozenset()
    assert errors == ["slider 'speed': value must be a whole number", "button 'go': a button only sends true"]
    assert all("ECHO" not in e for e in errors)


def test_validate_hides_unexpected_error_text() -> None:
    def boom(wire: Any) -> Any:
        raise KeyError(f"internal detail {wire}")

    state = SessionState()
    _one_run(state, WidgetDef("x-1", "thing", "lab", None, boom, lambda v: v))
    _data, errors = state.validate({"x-1": MARK})
    assert errors == ["thing 'lab': invalid value"]


def test_validate_keeps_good_values_next_to_refused_ones() -> None:
    state = SessionState()
    _one_run(state, _slider_def(), _slider_def("sl-2"), _button_def())
    data, errors = state.validate({"sl-1": 99, "sl-2": 2, "bu-1": True})
    assert dict(data.values) == {"sl-2": 2} and data.triggers == {"bu-1"}
    assert errors == ["slider 'speed': value out of range [0, 10]"]


def test_validate_does_not_change_state() -> None:
    state = SessionState()
    _one_run(state, _slider_def(key="speed"))
    state.validate({"sl-1": 9})
    assert state["speed"] == 3 and state.widget_value("sl-1") == 3
