"""session_state to bytes and back (kernel/persist.py): what travels, what is left out and said."""

from __future__ import annotations

import pickle
import sys
import threading
import types

import pytest

from jupyter_reactive.kernel.persist import StateSaver
from jupyter_reactive.kernel.state import SessionState


class Notices(list):
    def __call__(self, level: str, text: str) -> None:
        self.append((level, text))


def _saver(max_bytes: int = 1 << 20) -> tuple[SessionState, StateSaver, Notices]:
    state, notices = SessionState(), Notices()
    return state, StateSaver(state, notices, max_bytes), notices


def _restored(payload: bytes, max_bytes: int = 1 << 20) -> tuple[SessionState, Notices]:
    state, saver, notices = _saver(max_bytes)
    saver.restore(payload)
    return state, notices


def test_plain_values_round_trip_into_a_new_session():
    state, saver, notices = _saver()
    state["clicks"] = 3
    state["rows"] = [{"a": 1}, {"b": (2, 3.5)}]
    state["when"] = __import__("datetime").date(2026, 12, 6)
    payload = saver.payload()
    assert payload and notices == []
    again, told = _restored(payload)
    assert dict(again.items()) == dict(state.items()) and told == []


def test_unchanged_state_is_not_sent_again():
    state, saver, _ = _saver()
    state["clicks"] = 1
    assert saver.payload()
    assert saver.payload() is None  # nothing changed: nothing to save
    state["clicks"] = 2
    assert saver.payload()


def test_a_restored_state_is_not_sent_back_unchanged():
    state, saver, _ = _saver()
    state["clicks"] = 7
    payload = saver.payload()
    assert payload is not None
    again = SessionState()
    other = StateSaver(again, Notices(), 1 << 20)
    other.restore(payload)
    assert other.payload() is None


def test_unpicklable_values_are_left_out_and_named_once():
    state, saver, notices = _saver()
    state["ok"] = 1
    state["fn"] = lambda x: x
    state["lock"] = threading.Lock()
    payload = saver.payload()
    assert payload is not None
    assert len(notices) == 1 and notices[0][0] == "warning"
    assert "'fn'" in notices[0][1] and "'lock'" in notices[0][1] and "'ok'" not in notices[0][1]
    state["ok"] = 2
    saver.payload()
    assert len(notices) == 1  # once, not every run
    again, _ = _restored(saver.payload() or payload)
    assert dict(again.items()) == {"ok": 1} or dict(again.items()) == {"ok": 2}
    assert "fn" not in again and "lock" not in again


def test_a_class_from_the_script_itself_does_not_round_trip_and_is_named():
    # what an app script defines lives in its own __main__, gone after the run
    main = types.ModuleType("__main__")
    exec("class Point:\n    def __init__(self, x):\n        self.x = x\n", main.__dict__)
    point = main.__dict__["Point"](1)
    state, saver, notices = _saver()
    state["point"] = point
    saved = sys.modules["__main__"]
    sys.modules["__main__"] = main
    try:
        pickle.dumps(point)  # it pickles while the script's __main__ is in place...
    finally:
        sys.modules["__main__"] = saved
    saver.payload()  # ...but not after the run, where the saver looks
    assert notices and "'point'" in notices[0][1]


def test_keys_that_are_not_text_are_left_out_and_named():
    state, saver, notices = _saver()
    state[3] = "three"  # type: ignore[index]
    state["x"] = 1
    again, _ = _restored(saver.payload() or b"")
    assert dict(again.items()) == {"x": 1}
    assert "3" in notices[0][1] and "not a text" in notices[0][1]


def test_the_largest_values_go_first_when_over_the_cap_and_the_notice_names_the_setting():
    state, saver, notices = _saver(max_bytes=4000)
    state["small"] = "s" * 100
    state["big"] = "b" * 10_000
    state["medium"] = "m" * 1000
    payload = saver.payload()
    assert payload is not None and len(payload) <= 4000
    again, _ = _restored(payload)
    assert set(again.keys()) == {"small", "medium"}
    assert len(notices) == 1
    text = notices[0][1]
    assert "'big'" in text and "ReactiveApp.persist_state_max_bytes" in text and "3.9 KiB" in text
    saver.payload()
    assert len(notices) == 1


def test_empty_state_is_an_empty_payload():
    _, saver, notices = _saver()
    assert saver.payload() == b"" and notices == []
    again, told = _restored(b"")
    assert len(again) == 0 and told == []


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x00\x01garbage",
        pickle.dumps(["not", "a", "dict"]),
        pickle.dumps({"k": "text, not bytes"}),
        pickle.dumps({1: b"x"}),
        # a global in the outer pickle is refused before it is looked up
        b"cos\nsystem\n(S'echo hacked'\ntR.",
        pickle.dumps({"k": b"x"})[:-3],
    ],
)
def test_a_payload_that_is_not_ours_is_refused_whole(garbage):
    again, notices = _restored(garbage)
    assert len(again) == 0
    assert notices == [("warning", "The saved session_state could not be read; the app starts without it.")]


def test_a_value_that_no_longer_loads_is_named_and_the_rest_restored():
    gone = pickle.dumps(object())[:-1] + b"."  # still a pickle; then one that names a lost class
    lost = b"\x80\x05\x95\x1c\x00\x00\x00\x00\x00\x00\x00\x8c\x0bno_such_mod\x94\x8c\x04Gone\x94\x93\x94)\x81\x94."
    payload = pickle.dumps({"ok": pickle.dumps(5), "lost": lost, "obj": gone}, protocol=5)
    again, notices = _restored(payload)
    assert again["ok"] == 5 and "lost" not in again
    assert len(notices) == 1 and "'lost'" in notices[0][1]
