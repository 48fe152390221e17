"""Outbox: deltas coalesced by path between flushes, never across a message; one batch per flush;
frames that protocol.decode_frame reads; the background flusher."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from jupyter_reactive import protocol
from jupyter_reactive.kernel.outbox import Outbox

TIMEOUT = 10.0


class Sink:
    """The comm's send: records each batch (one comm message) of frames."""

    def __init__(self) -> None:
        self.batches: list[list[bytes]] = []
        self.sent = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, frames: list[bytes]) -> None:
        with self._lock:
            self.batches.append(list(frames))
        self.sent.set()

    def headers(self) -> list[dict[str, Any]]:
        out = []
        for batch in self.batches:
            for frame in batch:
                header, payload = protocol.decode_frame(frame)
                assert payload == b""
                out.append(header)
        return out


@pytest.fixture
def sink() -> Sink:
    return Sink()


@pytest.fixture
def outbox(sink: Sink) -> Iterator[Outbox]:
    box = Outbox(sink, batch_interval=60.0)  # only explicit flushes send
    box.set_run(7)
    yield box
    box.close()


def _el(text: str) -> str:
    return json.dumps({"kind": "text", "text": text}, separators=(",", ":"))


def test_flush_sends_everything_queued_as_one_batch(outbox: Outbox, sink: Sink) -> None:
    outbox.message({"type": protocol.RUN_STARTED, "run": 7})
    outbox.delta((0, 0), _el("a"))
    outbox.delta((0, 1), _el("b"))
    outbox.message({"type": protocol.RUN_FINISHED, "run": 7, "status": "complete", "trims": []})
    outbox.flush()
    assert len(sink.batches) == 1 and len(sink.batches[0]) == 3
    assert sink.headers() == [
        {"type": "run_started", "run": 7},
        {
            "type": "deltas",
            "run": 7,
            "items": [
                {"path": [0, 0], "el": {"kind": "text", "text": "a"}},
                {"path": [0, 1], "el": {"kind": "text", "text": "b"}},
            ],
        },
        {"type": "run_finished", "run": 7, "status": "complete", "trims": []},
    ]


def test_flush_with_nothing_queued_sends_nothing(outbox: Outbox, sink: Sink) -> None:
    outbox.flush()
    outbox.delta((0, 0), _el("a"))
    outbox.flush()
    outbox.flush()
    assert len(sink.batches) == 1


def test_deltas_to_the_same_path_coalesce_last_wins(outbox: Outbox, sink: Sink) -> None:
    for i in range(100):
        outbox.delta((0, 3), _el(f"v{i}"))
    outbox.delta((0, 4), _el("other"))
    outbox.delta((0, 3), _el("final"))
    outbox.flush()
    (header,) = sink.headers()
    assert header["items"] == [
        {"path": [0, 3], "el": {"kind": "text", "text": "final"}},
        {"path": [0, 4], "el": {"kind": "text", "text": "other"}},
    ]


def test_deltas_never_coalesce_across_a_message(outbox: Outbox, sink: Sink) -> None:
    outbox.delta((0, 0), _el("before"))
    outbox.message({"type": protocol.TRIM, "trims": [{"path": [0], "len": 0}]})
    outbox.delta((0, 0), _el("after"))
    outbox.flush()
    headers = sink.headers()
    assert [h["type"] for h in headers] == ["deltas", "trim", "deltas"]
    assert headers[0]["items"][0]["el"]["text"] == "before"
    assert headers[2]["items"][0]["el"]["text"] == "after"


def test_coalescing_resets_after_a_flush(outbox: Outbox, sink: Sink) -> None:
    outbox.delta((0, 0), _el("one"))
    outbox.flush()
    outbox.delta((0, 0), _el("two"))
    outbox.flush()
    assert [h["items"][0]["el"]["text"] for h in sink.headers()] == ["one", "two"]


def test_replacing_an_element_drops_deltas_queued_below_it(outbox: Outbox, sink: Sink) -> None:
    block = json.dumps({"kind": "block", "layout": "vertical"}, separators=(",", ":"))
    outbox.delta((0, 0), block)
    outbox.delta((0, 0, 0), _el("child"))
    outbox.delta((0, 0, 0, 1), _el("grandchild"))
    outbox.delta((0, 0, 5), _el("sibling child"))
    outbox.delta((0, 1), _el("next"))
    outbox.delta((0, 0), _el("replacement"))
    outbox.delta((0, 0, 0), _el("written again after the replacement"))
    outbox.flush()
    (header,) = sink.headers()
    assert [(i["path"], i["el"]["text"]) for i in header["items"]] == [
        ([0, 0], "replacement"),
        ([0, 1], "next"),
        ([0, 0, 0], "written again after the replacement"),
    ]


def test_deltas_frame_carries_the_current_run(outbox: Outbox, sink: Sink) -> None:
    outbox.delta((1, 0), _el("x"))
    outbox.flush()
    outbox.set_run(8)
    outbox.delta((1, 0), _el("y"))
    outbox.flush()
    assert [h["run"] for h in sink.headers()] == [7, 8]


def test_frames_decode_with_protocol_decode_frame(outbox: Outbox, sink: Sink) -> None:
    outbox.delta((0, 0), json.dumps({"kind": "markdown", "html": '<p>é \u2603 "q"</p>'}, separators=(",", ":")))
    outbox.message({"type": protocol.NOTICE, "level": "info", "message": "ünïcode"})
    outbox.flush()
    (batch,) = sink.batches
    deltas, notice = (protocol.decode_frame(f) for f in batch)
    assert deltas[0]["items"][0]["el"]["html"] == '<p>é \u2603 "q"</p>' and deltas[1] == b""
    assert notice == ({"type": "notice", "level": "info", "message": "ünïcode"}, b"")
    # the message frame is exactly what protocol.encode_frame makes
    assert batch[1] == protocol.encode_frame({"type": "notice", "level": "info", "message": "ünïcode"})


def test_background_flusher_sends_without_an_explicit_flush(sink: Sink) -> None:
    box = Outbox(sink, batch_interval=0.01)
    try:
        box.set_run(1)
        box.delta((0, 0), _el("streamed"))
        assert sink.sent.wait(TIMEOUT), "the flusher never sent"
        assert sink.headers()[0]["items"] == [{"path": [0, 0], "el": {"kind": "text", "text": "streamed"}}]
        # and it keeps working for later items
        sink.sent.clear()
        box.message({"type": protocol.RUN_FINISHED, "run": 1, "status": "complete", "trims": []})
        assert sink.sent.wait(TIMEOUT)
        assert sink.headers()[-1]["type"] == "run_finished"
    finally:
        box.close()


def test_background_flusher_survives_a_failing_send() -> None:
    failed, sent = threading.Event(), threading.Event()
    batches: list[list[bytes]] = []

    def send(frames: list[bytes]) -> None:
        if not failed.is_set():
            failed.set()
            raise OSError("iopub gone")
        batches.append(frames)
        sent.set()

    box = Outbox(send, batch_interval=0.01)
    try:
        box.delta((0, 0), _el("lost"))
        assert failed.wait(TIMEOUT)  # the flusher's send raised
        box.message({"type": protocol.NOTICE, "level": "info", "message": "later"})
        assert sent.wait(TIMEOUT), "the flusher died with the failed send"
        assert protocol.decode_frame(batches[0][0])[0]["message"] == "later"
    finally:
        box.close()


def test_close_stops_the_flusher_thread(sink: Sink) -> None:
    box = Outbox(sink, batch_interval=0.01)
    box.close()
    box._thread.join(TIMEOUT)
    assert not box._thread.is_alive()


def test_explicit_and_background_flushes_keep_message_order(sink: Sink) -> None:
    box = Outbox(sink, batch_interval=0.001)
    try:
        for i in range(200):
            box.message({"type": protocol.NOTICE, "level": "info", "message": str(i)})
            if i % 7 == 0:
                box.flush()
        box.flush()
        messages = [h["message"] for h in sink.headers()]
        assert messages == [str(i) for i in range(200)]
    finally:
        box.close()


def test_prints_keep_their_place_among_the_elements_and_consecutive_ones_join(outbox: Outbox, sink: Sink) -> None:
    outbox.delta((0, 0), _el("first"))
    outbox.stream("stdout", "one ")
    outbox.stream("stdout", "two\n")
    outbox.stream("stderr", "oops\n")
    outbox.delta((0, 0), _el("redrawn after the prints"))  # not folded into the delta before them
    outbox.flush()
    headers = sink.headers()
    assert [h["type"] for h in headers] == ["deltas", "stream", "stream", "deltas"]
    assert headers[1] == {"type": "stream", "name": "stdout", "text": "one two\n"}
    assert headers[2] == {"type": "stream", "name": "stderr", "text": "oops\n"}
    assert headers[0]["items"][0]["el"]["text"] == "first"
    assert headers[3]["items"][0]["el"]["text"] == "redrawn after the prints"
