"""The direct channel (server/direct.py) with real kernels, a real server and real sockets."""

from __future__ import annotations

import asyncio
import os
import signal
import stat
import struct

import pytest

from jupyter_reactive import protocol
from jupyter_reactive.server import direct
from tests.conftest import wait_for

pytestmark = pytest.mark.timeout(120)


async def _session(jr_connect, jr_sessions):
    app = await jr_connect("counter.py")
    hello = await app.hello()
    await app.run()
    return app, jr_sessions.get(hello["session_id"])


async def test_a_local_session_runs_over_the_direct_channel(jr_connect, jr_sessions):
    app, session = await _session(jr_connect, jr_sessions)
    await wait_for(lambda: session.direct is not None)
    conn = session.direct
    received, sent = conn.received, conn.sent
    assert received > 0  # the first run came over it
    await app.set("n", 42)
    await app.run()
    assert app.has_text("value: 42")
    assert conn.sent > sent and conn.received > received and session.direct is conn


async def test_socket_is_private_to_this_user(jr_connect, jr_sessions):
    await _session(jr_connect, jr_sessions)
    listener = jr_sessions.direct_listener(create=False)
    assert listener is not None
    assert stat.S_IMODE(os.stat(listener.folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(listener.path).st_mode) == 0o600
    assert stat.S_ISSOCK(os.stat(listener.path).st_mode)


async def _rejected(path: str, token: bytes | None) -> bytes:
    reader, writer = await asyncio.open_unix_connection(path)
    if token is not None:
        writer.write(struct.pack(">I", len(token)) + token)
    data = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return data


async def test_a_bad_token_is_refused_and_the_session_goes_on(jr_connect, jr_sessions, caplog):
    app, _ = await _session(jr_connect, jr_sessions)
    listener = jr_sessions.direct_listener(create=False)
    assert await _rejected(listener.path, b"not-the-token") == b""  # closed, nothing said
    assert await _rejected(listener.path, b"\xff" * 300) == b""  # over the token's size
    assert "bad token" in caplog.text or "sent no token" in caplog.text
    await app.set("n", 7)
    await app.run()
    assert app.has_text("value: 7")


async def test_a_silent_connection_is_closed(jr_connect, jr_sessions, monkeypatch):
    monkeypatch.setattr(direct, "HELLO_TIMEOUT", 0.2)
    _app, _s = await _session(jr_connect, jr_sessions)
    listener = jr_sessions.direct_listener(create=False)
    assert await _rejected(listener.path, None) == b""


async def test_a_token_works_once(jr_connect, jr_sessions):
    _app, _s = await _session(jr_connect, jr_sessions)
    listener = jr_sessions.direct_listener(create=False)
    offer, future = listener.offer()
    _reader, writer = await asyncio.open_unix_connection(offer["path"])
    token = offer["token"].encode()
    writer.write(struct.pack(">I", len(token)) + token)
    conn = await asyncio.wait_for(future, 10)
    assert not conn.closed
    assert await _rejected(offer["path"], token) == b""  # the same token again: refused
    conn.close()
    writer.close()


async def test_server_side_close_falls_back_to_comms(jr_connect, jr_sessions):
    app, session = await _session(jr_connect, jr_sessions)
    await wait_for(lambda: session.direct is not None)
    session.direct.close()
    await wait_for(lambda: session.direct is None)
    for n in (3, 4):
        await app.set("n", n)
        await app.run()
        assert app.has_text(f"value: {n}")


async def test_kernel_death_gives_the_new_kernel_a_direct_channel(jr_connect, jr_sessions, jp_serverapp):
    app, session = await _session(jr_connect, jr_sessions)
    await wait_for(lambda: session.direct is not None)
    old = session.direct
    km = jp_serverapp.kernel_manager.get_kernel(session.kernel.kernel_id)
    os.kill(km.provisioner.pid, signal.SIGKILL)
    notice = await app.expect("notice", timeout=60)
    assert "restarted" in notice["message"]
    await app.run(timeout=60)
    assert old.closed
    await wait_for(lambda: session.direct is not None and session.direct is not old)
    await app.set("n", 12)
    await app.run()
    assert app.has_text("value: 12")


async def _pair():
    """A DirectConnection on one end of a real Unix socket pair, and the raw other end."""
    import socket

    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    reader, writer = await asyncio.open_unix_connection(sock=a)
    return direct.DirectConnection(reader, writer), b


async def test_garbage_from_the_kernel_closes_with_a_clear_error():
    conn, peer = await _pair()
    peer.sendall(struct.pack(">I", 5) + b"12345")
    got: list[list[bytes]] = []

    async def on_frames(frames: list[bytes]) -> None:
        got.append(frames)

    with pytest.raises(direct.DirectError, match="truncated"):
        await conn.serve(on_frames)
    assert conn.closed and got == []
    peer.close()


async def test_an_oversized_record_is_refused_unread():
    conn, peer = await _pair()
    good = protocol.encode_batch([protocol.encode_frame({"type": "ack", "widgets": {}})])
    peer.sendall(direct.record(good) + struct.pack(">I", direct.MAX_RECORD + 1))
    got: list[list[bytes]] = []

    async def on_frames(frames: list[bytes]) -> None:
        got.append(frames)

    with pytest.raises(direct.DirectError, match="over the limit"):
        await conn.serve(on_frames)
    assert len(got) == 1  # what came before it is kept
    peer.close()


class TestOff:
    @pytest.fixture
    def jr_config(self):
        return {"ReactiveApp": {"pool_size": 0, "direct_channel": False}}

    async def test_option_off_keeps_sessions_on_comms(self, jr_connect, jr_sessions):
        app, session = await _session(jr_connect, jr_sessions)
        await app.set("n", 9)
        await app.run()
        assert app.has_text("value: 9")
        assert session.direct is None and jr_sessions.direct_listener() is None


def _logged(caplog, text: str) -> bool:
    return any(text in r.getMessage() for r in caplog.records)


async def test_prints_reach_the_log_before_the_elements_drawn_after_them(jr_connect, jr_sessions, caplog):
    # over iopub a print trails the channel's frames (ipykernel sends its streams every 0.2 s);
    # over the direct channel it travels in order with them, so it is logged by the time the
    # page has the element drawn after it
    jr_sessions.log.addHandler(caplog.handler)
    app = await jr_connect("print_order.py")
    hello = await app.hello()
    session = jr_sessions.get(hello["session_id"])
    await app.run()
    assert session.direct is not None
    for n in (5, 6):
        await app.set("n", n)
        while not app.has_text(f"value: {n}"):
            await app.recv()
        assert _logged(caplog, f"stdout before the value: {n}") and _logged(caplog, f"stderr before the value: {n}")
        await app.run()
    line = next(r.getMessage() for r in caplog.records if "stderr before the value: 6" in r.getMessage())
    assert "print_order.py" in line and hello["session_id"][:8] in line


async def test_a_stream_frame_without_text_is_dropped_with_a_warning(jr_connect, jr_sessions, caplog):
    jr_sessions.log.addHandler(caplog.handler)
    app, session = await _session(jr_connect, jr_sessions)
    frames = [
        protocol.encode_frame({"type": "stream", "name": "stdout", "text": 5}),
        protocol.encode_frame({"type": "stream", "name": "stdout"}),
        protocol.encode_frame({"type": "stream", "name": "stdout", "text": "the next one is kept"}),
    ]
    await session._from_kernel(frames)
    assert _logged(caplog, "a stream frame without text was dropped")
    assert _logged(caplog, "the next one is kept")
    await app.set("n", 8)  # the page got none of them (its schema check refuses a stream)
    await app.run()
    assert app.has_text("value: 8")


async def test_events_sent_across_the_switch_over_arrive_once_and_in_order(jr_connect, jr_sessions, caplog):
    # a burst of moves from the moment the session opens: the first ones travel on the comm,
    # the later ones on the direct channel once the server switched; the run that settles shows
    # the last value (one overtaken by an earlier one would leave that earlier value)
    jr_sessions.log.addHandler(caplog.handler)
    first, _ = await _session(jr_connect, jr_sessions)
    slider = first.widget("n")["id"]  # widget ids are the same in every session of the app
    app = await jr_connect("counter.py")
    hello = await app.hello()
    session = jr_sessions.get(hello["session_id"])
    for n in range(1, 31):
        await app.send({"type": "widget_values", "values": {slider: n}})
        await asyncio.sleep(0.005)  # a key held down, not one message
    while not app.has_text("value: 30"):
        await app.recv()
    await app.run()
    assert app.has_text("value: 30") and session.direct is not None
    assert "malformed" not in caplog.text and "no switch-over word" not in caplog.text
    # (moves that came before the first run had drawn the slider are refused, as on comms)
    refused = [m["message"] for m in app.log if m["type"] == "notice" and m.get("level") == "error"]
    assert all("unknown widget" in m for m in refused) and len(refused) < 30
