"""The kernel's end of the direct channel (see ``server/direct.py`` for the wire).

Offered in the session's ``comm_open`` data, it connects to the server's private Unix socket,
presents the one-time token, then a reader thread hands each record to the same handler the
comm calls (``KernelSession._on_msg``), and the outbox's messages go out as one record each.
Any failure closes it; the session then goes on over its comms.

While it is open, what the app writes to ``sys.stdout``/``sys.stderr`` goes through the outbox
too (:class:`ChannelOutput`, ``stream`` frames), so the server logs a print before the elements
drawn after it; ipykernel's streams would carry it over iopub, behind the channel's frames.
"""

from __future__ import annotations

import logging
import socket
import struct
import threading
from collections.abc import Callable
from typing import Any

from .. import protocol
from .display import StandInStream

log = logging.getLogger("jupyter_reactive.kernel")

_LEN = struct.Struct(">I")
#: as the server's ``direct.MAX_RECORD``
MAX_RECORD = 1 << 28
CONNECT_TIMEOUT = 2.0
#: Seconds the reader holds the first record for the server's ``direct`` word on the comm (the
#: ``switched`` event) before it hands records on anyway, with a warning.
SWITCH_TIMEOUT = 10.0


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

    def __init__(
        self, offer: Any, on_msg: Callable[[dict[str, Any]], None], switched: threading.Event | None = None
    ) -> None:
        """Connect and authenticate. Raises OSError or ValueError: the session stays on comms.
        ``switched`` is set when the server's ``direct`` word arrives on the comm (it may come
        before this returns); records are handed on only once it is."""
        if (
            not isinstance(offer, dict)
            or not isinstance(offer.get("path"), str)
            or not isinstance(offer.get("token"), str)
        ):
            raise ValueError("a direct channel offer needs a path and a token")
        self._on_msg = on_msg
        self._lock = threading.Lock()
        self._switched = switched if switched is not None else threading.Event()
        self.records = 0  # records read (tests read it)
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

    def _wait_for_switch(self) -> None:
        if not self._switched.wait(SWITCH_TIMEOUT):
            log.warning("jupyter_reactive: direct channel: no switch-over word from the server; going on")
            self._switched.set()

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
                self.records += 1
                try:
                    header, payload = protocol.decode_frame(data)
                    buffers = protocol.split_batch(header, payload)
                except protocol.ProtocolError as err:
                    log.warning("jupyter_reactive: direct channel: bad record (%s)", err)
                    return
                # a message the server sent on the comm before it switched is handled first
                self._wait_for_switch()
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


class ChannelOutput(StandInStream):
    """``sys.stdout`` or ``sys.stderr`` of a kernel whose session uses the direct channel: text
    goes to ``send(name, text)`` (the outbox's ordered queue) while ``use()`` says the channel is
    open, else to the stream it replaced (ipykernel's, over iopub), which also answers whatever
    else is asked of a stream (``fileno``, ipykernel's own methods)."""

    def __init__(self, name: str, fallback: Any, send: Callable[[str, str], None], use: Callable[[], bool]):
        self.name = name
        self._fallback = fallback
        self._send = send
        self._use = use

    def flush(self) -> None:
        self._fallback.flush()

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not self._use():
            return int(self._fallback.write(text))
        if text:
            self._send(self.name, text)
        return len(text)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._fallback, attr)
