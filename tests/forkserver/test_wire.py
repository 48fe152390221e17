"""The fork server's wire format and client helpers, in process: framed JSON with file
descriptors over a socket pair, and which command lines are kernels it can fork."""

from __future__ import annotations

import os
import socket
import struct

import pytest

from jupyter_reactive.forkserver import wire
from jupyter_reactive.forkserver.client import kernel_args


def test_a_message_and_its_file_descriptors_arrive_whole():
    left, right = socket.socketpair()
    read_end, write_end = os.pipe()
    try:
        with left, right:
            wire.send_message(left, {"op": "fork", "argv": ["x" * 100_000]}, [write_end])
            message, fds = wire.recv_message(right)
        assert message == {"op": "fork", "argv": ["x" * 100_000]} and len(fds) == 1
        os.write(fds[0], b"through the passed descriptor")
        os.close(fds[0])
        assert os.read(read_end, 100) == b"through the passed descriptor"
    finally:
        os.close(read_end)
        os.close(write_end)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", ConnectionError),  # closed before a message
        (struct.pack(">I", 10) + b"{}", ConnectionError),  # closed mid-message
        (struct.pack(">I", wire.MAX_MESSAGE + 1), ValueError),  # too large: not read
        (struct.pack(">I", 3) + b"{x}", ValueError),  # not JSON
    ],
    ids=["empty", "truncated", "too-large", "not-json"],
)
def test_a_bad_message_is_refused(data: bytes, error: type[Exception]):
    left, right = socket.socketpair()
    with left, right:
        left.sendall(data)
        left.shutdown(socket.SHUT_WR)
        with pytest.raises(error):
            wire.recv_message(right)


@pytest.mark.parametrize(
    ("argv", "args"),
    [
        (["python", "-m", "ipykernel_launcher", "-f", "c.json"], ["-f", "c.json"]),
        (["python", "-X", "frozen_modules=off", "-m", "ipykernel", "-f", "c.json"], ["-f", "c.json"]),
        (["python", "-m", "other_kernel", "-f", "c.json"], None),
        (["python", "-c", "pass", "-f", "c.json"], None),
        (["python", "-m"], None),
    ],
)
def test_only_an_ipykernel_command_line_is_a_kernel_the_fork_server_can_fork(argv: list[str], args: list[str] | None):
    assert kernel_args(argv) == args
