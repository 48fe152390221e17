"""The kernel's end of the direct channel (see ``server/direct.py`` for the wire).

Offered in the session's ``comm_open`` data, it connects to the server's private Unix socket,
presents the one-time token, then a reader thread hands each record to the same handler the
comm calls (``KernelSession._on_msg``), and the outbox's messages go out as one record each.
Any failure closes it; the session then goes on over its comms.
"""

from __future__ import annotations

import logging
import socket
import struct
import threading
from collections.abc import Callable
from typing import Any

from .. import protocol

log = logging.getLogger("jupyter_reactive.kernel")

_LEN = struct.Struct(">I")
#: as the server's ``direct.MAX_RECORD``
MAX_RECORD = 1 << 28
CONNECT_TIMEOUT = 2.0


def _read_exactly(sock: socket.socket, n: int) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


class DirectChannel:
    """One session's connection to the server."""

    def __init__(self, offer: Any, on_msg: Callable[[dict[str, Any]], None]) -> None:
        """Connect and authenticate. Raises OSError or ValueError: the session stays on comms."""
        if (
            not isinstance(offer, dict)
            or not isinstance(offer.get("path"), str)
            or not isinstance(offer.get("token"), str)
        ):
            raise ValueError("a direct channel offer needs a path and a token")
        self._on_msg = on_msg
        self._lock = threading.Lock()
        self.closed = False
        sock = self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(offer["path"])
            token = offer["token"].encode()
            sock.sendall(_LEN.pack(len(token)) + token)
            sock.settimeout(None)
        except OSError:
            sock.close()
            raise
        self._reader = threading.Thread(target=self._read_forever, name="jupyter-reactive-direct", daemon=True)
        self._reader.start()

    def send(self, frames: list[bytes]) -> bool:
        """One outbox message; False if the channel is (now) closed: send it another way."""
        if self.closed:
            return False
        batch = protocol.encode_batch(frames)
        try:
            with self._lock:
                self.sock.sendall(_LEN.pack(len(batch)) + batch)
        except OSError as err:
            log.warning("jupyter_reactive: direct channel lost (%s); back to comms", err)
            self.close()
            return False
        return True

    def _read_forever(self) -> None:
        try:
            while True:
                head = _read_exactly(self.sock, _LEN.size)
                if head is None:
                    return
                (size,) = _LEN.unpack(head)
                if size > MAX_RECORD:
                    log.warning("jupyter_reactive: direct channel: a record of %d bytes refused", size)
                    return
                data = _read_exactly(self.sock, size)
                if data is None:
                    return
                try:
                    header, payload = protocol.decode_frame(data)
                    buffers = protocol.split_batch(header, payload)
                except protocol.ProtocolError as err:
                    log.warning("jupyter_reactive: direct channel: bad record (%s)", err)
                    return
                self._on_msg({"content": {"data": header.get("data")}, "buffers": buffers})
        except OSError:
            return
        finally:
            self.close()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()
