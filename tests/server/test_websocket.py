"""The app socket refuses garbage with a clear error and loses nothing (real server and kernel)."""

from __future__ import annotations

import asyncio
import json

import pytest

from jupyter_reactive import protocol

pytestmark = pytest.mark.timeout(120)

GARBAGE = [
    "not json",
    "[1, 2, 3]",
    '"a string"',
    "42",
    "{}",
    '{"type": 7}',
    '{"type": "no_such_message"}',
    '{"type": "hello", "protocol": 99}',
    '{"type": "widget_values"}',
    '{"type": "widget_values", "values": []}',
    '{"type": "widget_values", "values": {}}',
    '{"type": "widget_values", "values": {"x": NaN}}',
    '{"type": "widget_values", "values": {"x": {"nested": "object"}}}',
    "[" * 5000 + "]" * 5000,
]


async def _ready(jr_connect):
    app = await jr_connect("counter.py")
    await app.hello()
    await app.run()
    return app


@pytest.mark.parametrize("frame", GARBAGE)
async def test_garbage_frame_is_refused_and_the_session_keeps_working(jr_connect, frame):
    app = await _ready(jr_connect)
    await app.send(frame)
    err = await app.expect("error")
    assert err["error"] == "bad_message" and err["message"]
    assert frame[:20] not in err["message"] or len(frame) < 3  # input never echoed
    await app.set("n", 12)
    await app.run()
    assert app.has_text("value: 12")


async def test_binary_frame_is_refused(jr_connect):
    app = await _ready(jr_connect)
    await app.ws.write_message(b"\x00\x01binary", binary=True)
    err = await app.expect("error")
    assert "binary" in err["message"]
    await app.set("n", 13)
    await app.run()
    assert app.has_text("value: 13")


async def test_a_page_that_asks_gets_each_kernel_message_as_one_batch(jr_connect):
    """?frames=batch (the page's socket): a run's frames arrive as one binary message, in order,
    so the page applies them in one task; other sockets still get one frame per message."""
    app = await jr_connect("counter.py", frames="batch")
    await app.hello()
    await app.run()
    # a loaded machine may split a run over several kernel messages (the outbox's 15 ms window):
    # each must still arrive as one batch, and together they hold the run in order. Under heavy
    # load every frame of a run can land in a message of its own, so runs repeat (each checked
    # in full) until one message holds more than one frame.
    runs: list[list[list[str]]] = []
    while len(runs) < 8 and not any(len(batch) > 1 for batches in runs for batch in batches):
        await app.set("n", 42 + len(runs))
        batches: list[list[str]] = []
        while not batches or batches[-1][-1] != "run_finished":
            raw = await asyncio.wait_for(app.ws.read_message(), 30)
            if not isinstance(raw, bytes):
                continue  # the server's own text messages (a notice, say) are not batched
            header, payload = protocol.decode_frame(raw)
            if header["type"] != "batch":  # a kernel message of one frame is sent as it is
                batches.append([header["type"]])
                continue
            batches.append([protocol.decode_frame(f)[0]["type"] for f in protocol.split_batch(header, payload)])
        kinds = [kind for batch in batches for kind in batch]
        assert kinds[0] == "run_started" and kinds[-1] == "run_finished" and "deltas" in kinds, kinds
        runs.append(batches)
    assert any(len(batch) > 1 for batches in runs for batch in batches), runs  # one message's frames travel together

    plain = await jr_connect("counter.py")
    await plain.hello()
    await plain.run()
    await plain.set("n", 43)
    seen = [await plain.recv() for _ in range(3)]
    assert seen[0]["type"] == "run_started" and all(m["type"] != "batch" for m in seen)


async def test_a_hello_in_the_url_starts_a_new_session_at_the_handshake(jr_connect):
    app = await jr_connect("counter.py", hello="1")
    session = await app.expect("session")
    assert session["resumed"] is False
    await app.run()
    assert app.has_text("value: 10")
    await app.send({"type": "hello", "protocol": 1})  # a second hello on the same socket
    err = await app.expect("error")
    assert "already has a session" in err["message"]
    await app.set("n", 14)
    await app.run()
    assert app.has_text("value: 14")


@pytest.mark.parametrize("value", ["99", "0", "abc", "", "1.0", "-1", "9" * 50, "%00", "1 OR 1=1"])
async def test_a_bad_hello_in_the_url_is_refused_like_a_bad_frame(jr_connect, value):
    app = await jr_connect("counter.py", hello=value)
    err = await app.expect("error")
    assert err["error"] == "bad_message" and "protocol" in err["message"]
    await app.hello()  # the socket still takes a proper hello
    await app.run()
    assert app.has_text("value: 10")


async def test_messages_before_hello_are_refused(jr_connect):
    app = await jr_connect("counter.py")
    await app.send({"type": "rerun"})
    err = await app.expect("error")
    assert err["error"] == "no_session"
    await app.hello()
    assert (await app.run())["status"] == "complete"


async def test_second_hello_is_refused(jr_connect):
    app = await _ready(jr_connect)
    await app.send({"type": "hello", "protocol": 1})
    err = await app.expect("error")
    assert "already" in err["message"]


@pytest.mark.parametrize("value", [101, -1, "50", True, None, [1, 2], 3.5])
async def test_bad_widget_value_is_refused_to_that_session_only(jr_connect, value):
    app, other = await _ready(jr_connect), await _ready(jr_connect)
    await app.set("n", value)
    notice = await app.expect("notice")
    assert notice["level"] == "error" and "slider 'n'" in notice["message"]
    assert json.dumps(value) not in notice["message"].replace("[0, 100]", "")
    await app.set("n", 14)  # the session still works
    await app.run()
    assert app.has_text("value: 14")
    await other.set("n", 15)  # and the other one never heard of it
    msgs = []
    while True:
        msg = await other.recv()
        msgs.append(msg["type"])
        if msg["type"] == "run_finished":
            break
    assert "notice" not in msgs and other.has_text("value: 15")


async def test_value_for_an_unknown_widget_is_refused(jr_connect):
    app = await _ready(jr_connect)
    await app.send({"type": "widget_values", "values": {"sl-0000000000000000": 1}})
    notice = await app.expect("notice")
    assert "unknown widget" in notice["message"]


async def test_a_frame_over_the_limit_closes_the_socket_with_1009(jr_connect):
    app = await _ready(jr_connect)
    await app.send('{"type": "rerun", "pad": "' + "x" * (1 << 21) + '"}')
    with pytest.raises(ConnectionError):
        while True:
            await app.recv(timeout=10)
    assert app.ws.close_code == 1009


async def test_rerun_control_reruns(jr_connect):
    app = await _ready(jr_connect)
    await app.send({"type": "rerun"})
    started = await app.expect("run_started")
    assert started["run"] == 2
    assert (await app.run())["status"] == "complete"


async def test_the_app_socket_sends_without_waiting_for_acks(jr_connect, jp_http_port):
    """Nagle's algorithm is off on the server's side of the app socket: with it on, each small
    frame after the first waits for the browser's delayed ACK (~40 ms) — every back-to-back
    slider move or click paid it. Read from the live socket, after the handshake and a run,
    and again after the early-hello form of the handshake the page's boot script uses."""
    from tests.tcp import tcp_sockets

    for params in ({}, {"hello": "1"}):
        app = await jr_connect("counter.py", **params)
        if not params:
            await app.hello()
        await app.run()
        client_port = app.ws.stream.socket.getsockname()[1]
        (server_side,) = [s for s in tcp_sockets() if s.local_port == jp_http_port and s.remote_port == client_port]
        assert server_side.nodelay()
        app.close()
