"""PageMirror: the server's copy of a session's page, kept from the kernel's frame headers."""

from __future__ import annotations

import json
from typing import Any

from jupyter_reactive import protocol
from jupyter_reactive.server.mirror import PageMirror


def _text(t: str) -> dict[str, Any]:
    return {"kind": "text", "text": t}


def _block(layout: str = "vertical", **extra: Any) -> dict[str, Any]:
    return {"kind": "block", "layout": layout, **extra}


def _deltas(*items: tuple[list[int], dict[str, Any]], run: int = 1) -> dict[str, Any]:
    return {"type": protocol.DELTAS, "run": run, "items": [{"path": p, "el": el} for p, el in items]}


def _paths(mirror: PageMirror) -> list[list[int]]:
    return [item["path"] for item in json.loads(mirror.snapshot())["elements"]]


def test_new_mirror_is_empty() -> None:
    mirror = PageMirror()
    assert len(mirror) == 0 and mirror.running is False and mirror.run == 0
    assert json.loads(mirror.snapshot()) == {"type": "snapshot", "elements": [], "running": False, "media": {}}
    assert mirror.widget_values() == {}


def test_applies_deltas() -> None:
    mirror = PageMirror()
    mirror.apply(_deltas(([0, 0], _text("a")), ([0, 1], _block()), ([0, 1, 0], _text("in")), ([1, 0], _text("side"))))
    assert len(mirror) == 4
    mirror.apply(_deltas(([0, 0], _text("A"))))
    snap = json.loads(mirror.snapshot())
    assert snap["elements"][0] == {"path": [0, 0], "el": _text("A")}
    assert len(mirror) == 4


def test_run_started_and_finished_track_running() -> None:
    mirror = PageMirror()
    mirror.apply({"type": protocol.RUN_STARTED, "run": 3})
    assert mirror.running is True and mirror.run == 3
    assert json.loads(mirror.snapshot())["running"] is True
    mirror.apply({"type": protocol.RUN_FINISHED, "run": 3, "status": "rerun", "trims": []})
    assert mirror.running is True  # a rerun follows at once
    mirror.apply({"type": protocol.RUN_STARTED, "run": 4})
    for status in ("complete", "stopped", "error", "interrupted"):
        mirror.apply({"type": protocol.RUN_STARTED, "run": 5})
        mirror.apply({"type": protocol.RUN_FINISHED, "run": 5, "status": status, "trims": []})
        assert mirror.running is False, status
    assert json.loads(mirror.snapshot())["running"] is False


def test_run_finished_trims_containers() -> None:
    mirror = PageMirror()
    mirror.apply(_deltas(*[([0, i], _text(str(i))) for i in range(4)], ([1, 0], _text("s")), ([1, 1], _text("t"))))
    mirror.apply(
        {
            "type": protocol.RUN_FINISHED,
            "run": 1,
            "status": "complete",
            "trims": [{"path": [0], "len": 2}, {"path": [1], "len": 0}],
        }
    )
    assert _paths(mirror) == [[0, 0], [0, 1]]


def test_trims_nested_containers_and_their_descendants() -> None:
    mirror = PageMirror()
    mirror.apply(
        _deltas(
            ([0, 0], _block("columns")),
            ([0, 0, 0], _block("column", weight=1)),
            ([0, 0, 0, 0], _text("a")),
            ([0, 0, 0, 1], _block()),
            ([0, 0, 0, 1, 0], _text("deep")),
            ([0, 0, 1], _block("column", weight=1)),
            ([0, 0, 1, 0], _text("b")),
            ([0, 1], _text("after")),
        )
    )
    mirror.apply(
        {"type": protocol.RUN_FINISHED, "run": 1, "status": "complete", "trims": [{"path": [0, 0, 0], "len": 1}]}
    )
    assert _paths(mirror) == [[0, 0], [0, 0, 0], [0, 0, 0, 0], [0, 0, 1], [0, 0, 1, 0], [0, 1]]
    mirror.apply({"type": protocol.RUN_FINISHED, "run": 2, "status": "complete", "trims": [{"path": [0, 0], "len": 1}]})
    assert _paths(mirror) == [[0, 0], [0, 0, 0], [0, 0, 0, 0], [0, 1]]


def test_trim_does_not_touch_similar_paths_elsewhere() -> None:
    mirror = PageMirror()
    mirror.apply(_deltas(([0, 1], _block()), ([0, 1, 3], _text("x")), ([0, 10], _text("ten")), ([1, 1], _text("s"))))
    mirror.apply({"type": protocol.TRIM, "trims": [{"path": [0, 1], "len": 0}]})
    assert _paths(mirror) == [[0, 1], [0, 10], [1, 1]]


def test_trim_message_applies_during_a_run() -> None:
    mirror = PageMirror()
    mirror.apply({"type": protocol.RUN_STARTED, "run": 1})
    mirror.apply(_deltas(([0, 0], _block("empty")), ([0, 0, 0], {"kind": "spinner", "html": "<p>wait</p>\n"})))
    mirror.apply({"type": "trim", "trims": [{"path": [0, 0], "len": 0}]})
    assert _paths(mirror) == [[0, 0]]
    assert mirror.running is True  # a trim is not the end of the run


def test_replacing_an_element_drops_its_descendants() -> None:
    mirror = PageMirror()
    mirror.apply(
        _deltas(
            ([0, 0], _block("expander", label="e")),
            ([0, 0, 0], _text("a")),
            ([0, 0, 1], _block()),
            ([0, 0, 1, 0], _text("deep")),
            ([0, 1], _text("next")),
        )
    )
    mirror.apply(_deltas(([0, 0], _text("flat"))))
    assert _paths(mirror) == [[0, 0], [0, 1]]
    # replacing within a batch, then writing new children, keeps the new ones
    mirror.apply(_deltas(([0, 0], _block()), ([0, 0, 0], _text("new child"))))
    assert _paths(mirror) == [[0, 0], [0, 0, 0], [0, 1]]


def test_a_new_element_does_not_drop_anything() -> None:
    mirror = PageMirror()
    mirror.apply(_deltas(([0, 0, 0], _text("child first"))))
    mirror.apply(_deltas(([0, 0], _block())))  # first time at this path: nothing to replace
    assert _paths(mirror) == [[0, 0], [0, 0, 0]]


def test_snapshot_is_valid_json_in_path_order() -> None:
    mirror = PageMirror()
    mirror.apply(
        _deltas(
            ([1, 0], _text("side")),
            ([0, 10], _text("ten")),
            ([0, 2], _block()),
            ([0, 2, 0], {"kind": "markdown", "variant": "body", "html": '<p>"q" é \u2603 </script></p>'}),
            ([0, 9], _text("nine")),
        )
    )
    mirror.apply({"type": protocol.RUN_STARTED, "run": 1})
    text = mirror.snapshot()
    snap = json.loads(text)
    assert snap["type"] == "snapshot" and snap["running"] is True
    assert [i["path"] for i in snap["elements"]] == [[0, 2], [0, 2, 0], [0, 9], [0, 10], [1, 0]]
    assert snap["elements"][1]["el"]["html"] == '<p>"q" é \u2603 </script></p>'


def test_widget_values_skip_buttons() -> None:
    mirror = PageMirror()

    def widget(wid: str, kind: str, value: Any) -> dict[str, Any]:
        return {"kind": "widget", "widget": kind, "id": wid, "label": wid, "value": value}

    mirror.apply(
        _deltas(
            ([0, 0], widget("bu-1", "button", None)),
            ([0, 1], widget("sl-1", "slider", 5)),
            ([0, 2], widget("ch-1", "checkbox", False)),
            ([0, 3], widget("mu-1", "multiselect", [])),
            ([0, 4], _block("form", form_id="form-f")),
            ([0, 4, 0], widget("te-1", "text_input", "")),
            ([0, 4, 1], widget("fo-1", "form_submit_button", None)),
            ([0, 5], _text("not a widget")),
        )
    )
    assert mirror.widget_values() == {"sl-1": 5, "ch-1": False, "mu-1": [], "te-1": ""}
    mirror.apply({"type": protocol.RUN_FINISHED, "run": 1, "status": "complete", "trims": [{"path": [0, 4], "len": 0}]})
    assert mirror.widget_values() == {"sl-1": 5, "ch-1": False, "mu-1": []}


def test_widget_values_include_dataframe_selections() -> None:
    mirror = PageMirror()
    grid = {
        "kind": "dataframe",
        "data_id": "df-1",
        "rows": 3,
        "selection": {"id": "da-1", "mode": "multi-row", "value": {"rows": [0, 2], "columns": [], "cells": []}},
    }
    mirror.apply(_deltas(([0, 0], grid), ([0, 1], {**grid, "selection": None, "data_id": "df-2"})))
    assert mirror.widget_values() == {"da-1": {"rows": [0, 2], "columns": [], "cells": []}}


def test_clear_empties_the_page() -> None:
    mirror = PageMirror()
    mirror.apply({"type": protocol.RUN_STARTED, "run": 1})
    mirror.apply(_deltas(([0, 0], _text("a"))))
    mirror.clear()
    assert len(mirror) == 0 and mirror.running is False
    assert json.loads(mirror.snapshot())["elements"] == []


def test_other_messages_are_ignored() -> None:
    mirror = PageMirror()
    mirror.apply(_deltas(([0, 0], _text("a"))))
    for header in ({"type": protocol.NOTICE, "level": "info", "message": "m"}, {"type": "future_thing"}, {}):
        mirror.apply(header)
    assert _paths(mirror) == [[0, 0]] and mirror.running is False


def test_mirror_matches_a_kernel_session() -> None:
    """The mirror fed with a real runner's frames equals the page the kernel drew."""
    from jupyter_reactive.kernel.api import make_root
    from jupyter_reactive.kernel.delta import RunContext, Writer
    from jupyter_reactive.kernel.outbox import Outbox
    from jupyter_reactive.kernel.requests import RerunData, ScriptRequests
    from jupyter_reactive.kernel.runner import ScriptRunner
    from jupyter_reactive.kernel.state import SessionState

    mirror = PageMirror()

    def send(frames: list[bytes]) -> None:
        for frame in frames:
            mirror.apply(protocol.decode_frame(frame)[0])

    outbox = Outbox(send, batch_interval=60.0)
    try:
        state = SessionState()
        ctx = RunContext(Writer(outbox), ScriptRequests(), state)
        source = (
            "import jupyter_reactive as jr\n"
            "n = jr.session_state.get('n', 3)\n"
            "with jr.expander('e'):\n"
            "    for i in range(n):\n"
            "        jr.text(str(i))\n"
            "ph = jr.empty()\n"
            "with ph.container():\n"
            "    jr.text('loading')\n"
            "ph.success('done')\n"
            "v = jr.slider('v', 0, 10, n)\n"
        )
        runner = ScriptRunner(ctx, source, "app.py", make_root)
        runner.run_once(RerunData())
        state["n"] = 1
        runner.run_once(RerunData())
        snap = json.loads(mirror.snapshot())
        kinds = [(i["path"], i["el"]["kind"]) for i in snap["elements"]]
        assert kinds == [
            ([0, 0], "block"),
            ([0, 0, 0], "text"),
            ([0, 1], "block"),
            ([0, 1, 0], "alert"),
            ([0, 2], "widget"),
        ]
        assert list(mirror.widget_values().values()) == [1]
        assert snap["running"] is False
    finally:
        outbox.close()
