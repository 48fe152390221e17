"""The kernel's end of the direct channel (kernel/direct.py) against a real Unix socket."""

from __future__ import annotations

import io
import os
import socket
import struct
import tempfile
import threading
import time

import pytest

from jupyter_reactive import protocol
from jupyter_reactive.kernel import direct as direct_module
from jupyter_reactive.kernel.direct import MAX_RECORD, ChannelOutput, DirectChannel

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


def _switched() -> threading.Event:
    event = threading.Event()
    event.set()
    return event


def _open(server, on_msg, switched=None):
    path, sock = server
    channel = DirectChannel({"path": path, "token": "tok"}, on_msg, switched or _switched())
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


class _Stream(io.StringIO):
    def fileno(self) -> int:
        return 1


def test_channel_output_sends_while_open_and_falls_back_after():
    sent: list[tuple[str, str]] = []
    fallback = _Stream()
    is_open = [True]
    out = ChannelOutput("stdout", fallback, lambda name, text: sent.append((name, text)), lambda: is_open[0])
    print("over the channel", file=out)
    assert sent == [("stdout", "over the channel"), ("stdout", "\n")] and fallback.getvalue() == ""
    is_open[0] = False
    print("back on iopub", file=out)
    assert fallback.getvalue() == "back on iopub\n" and len(sent) == 2
    assert out.fileno() == 1 and out.writable() and not out.isatty()
    assert out.getvalue() == "back on iopub\n"  # what else a stream has comes from the one replaced


@pytest.mark.parametrize("garbage", [b"bytes", 3, None])
def test_channel_output_refuses_what_is_not_text(garbage):
    sent: list[tuple[str, str]] = []
    out = ChannelOutput("stderr", _Stream(), lambda name, text: sent.append((name, text)), lambda: True)
    with pytest.raises(TypeError, match="must be str"):
        out.write(garbage)
    assert sent == []


def _widget_values(n: int) -> bytes:
    return protocol.encode_frame({"data": {"kind": "widget_values", "values": {"n": n}}, "sizes": []})


def _until(predicate) -> None:
    deadline = time.monotonic() + 10
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_records_wait_for_the_switch_over_so_a_comm_message_in_flight_keeps_its_place(server):
    # the server sent n=1 on the comm, then its `direct` word, then n=2 and n=3 on the channel;
    # the channel's records reach the kernel first: they must not be handled before n=1
    got: list[int] = []
    lock = threading.Lock()

    def on_msg(msg):
        with lock:
            got.append(msg["content"]["data"]["values"]["n"])

    switched = threading.Event()
    channel, peer = _open(server, on_msg, switched)
    peer.sendall(_record(_widget_values(2)) + _record(_widget_values(3)))
    _until(lambda: channel.records >= 1)  # read, and held
    assert got == []
    on_msg({"content": {"data": {"kind": "widget_values", "values": {"n": 1}}}})  # the comm's thread
    switched.set()  # then the word
    _until(lambda: len(got) == 3)
    peer.sendall(_record(_widget_values(4)))
    _until(lambda: len(got) == 4)
    assert got == [1, 2, 3, 4]  # nothing lost, nothing twice, in the order sent
    channel.close()
    peer.close()


def test_without_the_word_records_go_on_after_a_while(server, monkeypatch, caplog):
    monkeypatch.setattr(direct_module, "SWITCH_TIMEOUT", 0.05)
    got: list[dict] = []
    channel, peer = _open(server, got.append, threading.Event())
    peer.sendall(_record(_widget_values(5)))
    _until(lambda: len(got) == 1)
    assert "no switch-over word" in caplog.text
    channel.close()
    peer.close()
