"""The fork server's wire format: framed JSON messages with file descriptors, on a Unix socket.

Used on both ends: by the fork server process (:mod:`.server`, and a forked child answering its
own fork request, :mod:`.child`) and by whoever talks to it (:mod:`.client`: the jupyter server's
provisioner, a kernel reporting the code it ran). Stdlib only; no state, no threads.

One request per connection: one byte, ``F`` (fork) or ``C`` (control), then a message: a 4-byte
big-endian length and that many bytes of JSON. Only processes of the fork server's own user may
connect (the socket is mode 0600, in a directory the caller made private, and the peer's uid is
checked).

* ``F`` + ``{"op": "fork", "argv": [...], "env": {...}, "cwd": "...", "stdio": "fds"|"devnull"|"log",
  "log": "path"}`` (+ stdout and stderr as file descriptors, ``SCM_RIGHTS``, for "fds"): the
  server forks as soon as it reads the ``F``; the *child* reads the request, sets itself up
  (session, working directory, environment, stdio) and answers ``{"ok": true, "pid": N,
  "prepared": bool, "unprepared": "why not, or empty"}``, or
  ``{"ok": false, "error": "..."}`` and exits. The server writes as little memory as possible
  per fork: each page it writes afterwards is one its earlier children stop sharing with it.
* ``C`` + ``{"op": "ping"}`` -> ``{"ok": true, "pid", "python", "preloaded", "failed", "threads", ...}``
* ``C`` + ``{"op": "status", "pids": [N, ...]}`` -> ``{"ok": true, "status": {"N": {"known": bool,
  "running": bool, "returncode": int|null}}}`` (return codes as :class:`subprocess.Popen`'s:
  negative for a signal).
* ``C`` + ``{"op": "stop"}`` -> ``{"ok": true}``; then live children get SIGTERM (SIGKILL after
  2 s) and the server exits.
* ``C`` + ``{"op": "pack-code", "indices": [N, ...]}`` -> ``{"ok": true, "packed": N}``: sent by a
  kernel this server forked, once, with the functions it ran (:mod:`.hotcode`); their code is
  packed together for the kernels forked next. Once per server (later: 0).
"""

from __future__ import annotations

import json
import os
import socket
import struct
from typing import Any

MAX_MESSAGE = 16 * 1024 * 1024
MAX_FDS = 4
FORK, CONTROL = b"F", b"C"  # a request's first byte: fork (the child answers) or control


def send_message(sock: socket.socket, obj: Any, fds: list[int] | tuple[int, ...] = ()) -> None:
    data = json.dumps(obj).encode()
    data = struct.pack(">I", len(data)) + data
    if fds:
        sent = socket.send_fds(sock, [data], list(fds))
        data = data[sent:]
    if data:
        sock.sendall(data)


def recv_message(sock: socket.socket) -> tuple[Any, list[int]]:
    """One message and the file descriptors that came with it (the caller owns them)."""
    buf = b""
    fds: list[int] = []
    while len(buf) < 4:
        chunk, new_fds, _flags, _addr = socket.recv_fds(sock, 65536, MAX_FDS)
        fds.extend(new_fds)
        if not chunk:
            close_all(fds)
            raise ConnectionError("connection closed before a message")
        buf += chunk
    (size,) = struct.unpack(">I", buf[:4])
    if size > MAX_MESSAGE:
        close_all(fds)
        raise ValueError("message too large")
    while len(buf) < 4 + size:
        chunk = sock.recv(min(65536, 4 + size - len(buf)))
        if not chunk:
            close_all(fds)
            raise ConnectionError("connection closed mid-message")
        buf += chunk
    try:
        return json.loads(buf[4 : 4 + size]), fds
    except ValueError:
        close_all(fds)
        raise


def close_all(fds: list[int]) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass
