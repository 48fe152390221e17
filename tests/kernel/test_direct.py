"""The kernel's end of the direct channel (kernel/direct.py) against a real Unix socket."""

from __future__ import annotations

import os
import socket
import struct
import tempfile
import threading

import pytest

from jupyter_reactive import protocol
from jupyter_reactive.kernel.direct import MAX_RECORD, DirectChannel

pytestmark = pytest.mark.timeout(30)


def _read(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        assert chunk, "closed early"
        data += chunk
    return data


@pytest.fixture
def server():
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "s")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(path)
    sock.listen(1)
    yield path, sock
    sock.close()
    os.unlink(path)
    os.rmdir(folder)


def _record(frame: bytes) -> bytes:
    return struct.pack(">I", len(frame)) + frame


def _open(server, on_msg):
    path, sock = server
    channel = DirectChannel({"path": path, "token": "tok"}, on_msg)
    peer, _ = sock.accept()
    (size,) = struct.unpack(">I", _read(peer, 4))
    assert _read(peer, size) == b"tok"
    return channel, peer


def test_messages_both_ways(server):
    got: list[dict] = []
    seen = threading.Event()

    def on_msg(msg):
        got.append(msg)
        seen.set()

    channel, peer = _open(server, on_msg)
    frame = protocol.encode_frame({"data": {"kind": "rerun"}, "sizes": [2, 1]}, b"abc")
    peer.sendall(_record(frame))
    assert seen.wait(10)
    assert got == [{"content": {"data": {"kind": "rerun"}}, "buffers": [b"ab", b"c"]}]
    assert channel.send([protocol.encode_frame({"type": "ack", "widgets": {}})])
    (size,) = struct.unpack(">I", _read(peer, 4))
    header, payload = protocol.decode_frame(_read(peer, size))
    assert header["type"] == protocol.BATCH
    assert protocol.decode_frame(protocol.split_batch(header, payload)[0])[0]["type"] == "ack"
    channel.close()
    peer.close()


@pytest.mark.parametrize(
    "bad",
    [
        _record(b"\x00\x00\x00\x09{}"),
        _record(protocol.encode_frame({"sizes": [5]}, b"ab")),
        struct.pack(">I", MAX_RECORD + 1),
    ],
    ids=["truncated", "sizes", "oversize"],
)
def test_a_bad_record_closes_the_channel_and_sends_fall_back(server, bad):
    got: list[dict] = []
    channel, peer = _open(server, got.append)
    peer.sendall(bad)
    assert peer.recv(1) == b""  # the kernel hung up
    assert got == [] and channel.closed
    assert channel.send([b"x"]) is False  # the caller sends on the comm instead
    peer.close()


def test_server_close_is_seen(server):
    channel, peer = _open(server, lambda msg: None)
    peer.close()
    for _ in range(100):
        if channel.closed:
            break
        threading.Event().wait(0.05)
    assert channel.closed


@pytest.mark.parametrize("offer", [None, {}, {"path": 1, "token": "t"}, {"path": "/nonexistent/x", "token": 5}])
def test_a_malformed_offer_is_refused(offer):
    with pytest.raises(ValueError):
        DirectChannel(offer, lambda msg: None)


def test_an_unreachable_socket_is_an_os_error():
    with pytest.raises(OSError):
        DirectChannel({"path": "/nonexistent/jr/s", "token": "t"}, lambda msg: None)
