"""The direct channel: a private Unix socket between this server and its local kernels.

After a session is opened over its comm, its traffic (widget events in, frames out) can skip
the kernel's zmq sockets and ipykernel's shell/iopub threads. The server listens on one socket
in a private directory (mode 0700, socket 0600); each session gets a one-time random token,
sent inside the (signed) ``comm_open`` data as ``direct: {path, token}``. The kernel connects,
presents the token, and from then on both ends exchange *records*: a 4-byte big-endian length,
then one :func:`protocol.encode_frame` frame.

* server -> kernel: header ``{"data": <the comm data>, "sizes": [...]}``, payload: the comm
  buffers back to back (:func:`protocol.split_batch` reads them);
* kernel -> server: one ``batch`` frame (:func:`protocol.encode_batch`) per outbox message.

A connection that sends no valid token within :data:`HELLO_TIMEOUT`, a record over
:data:`MAX_RECORD`, or a frame that does not decode is closed; its session falls back to comms.
Remote kernels (a gateway) never get an offer.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import secrets
import shutil
import socket
import struct
import tempfile
from collections.abc import Awaitable, Callable
from typing import Any

from .. import protocol

log = logging.getLogger("jupyter_reactive.direct")

_LEN = struct.Struct(">I")
#: Largest record either end accepts (bytes): a larger one closes the connection.
MAX_RECORD = 1 << 28
#: Seconds a new connection has to present its token.
HELLO_TIMEOUT = 5.0
#: Seconds an offer stays valid if its kernel never connects.
OFFER_TTL = 60.0


class DirectError(Exception):
    """A peer broke the direct channel's rules (bad token, bad or oversized record)."""


async def read_record(reader: asyncio.StreamReader, limit: int = MAX_RECORD) -> bytes:
    """One record; raises IncompleteReadError at end of stream, DirectError if too big."""
    (size,) = _LEN.unpack(await reader.readexactly(_LEN.size))
    if size > limit:
        raise DirectError(f"a record of {size} bytes is over the limit of {limit}")
    return await reader.readexactly(size)


def record(frame: bytes) -> bytes:
    return _LEN.pack(len(frame)) + frame


OnFrames = Callable[[list[bytes]], Awaitable[None]]


class DirectConnection:
    """One session's accepted, authenticated connection. Server loop only."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.closed = False
        self.sent = 0  # records written (tests read it)
        self.received = 0

    def send(self, data: dict[str, Any], buffers: list[bytes] | None = None) -> None:
        """One message to the kernel (as the comm would carry it)."""
        if self.closed:
            raise ConnectionError("the direct channel is closed")
        bufs = [bytes(b) for b in buffers or ()]
        frame = protocol.encode_frame({"data": data, "sizes": [len(b) for b in bufs]}, b"".join(bufs))
        self.writer.write(record(frame))
        self.sent += 1

    async def serve(self, on_frames: OnFrames) -> None:
        """Read the kernel's records until the end; each batch goes to ``on_frames`` in order.
        Raises DirectError on a bad record (after closing)."""
        try:
            while True:
                try:
                    data = await read_record(self.reader)
                except asyncio.IncompleteReadError:
                    return
                try:
                    header, payload = protocol.decode_frame(data)
                    if header.get("type") != protocol.BATCH:
                        raise DirectError("a record from the kernel is not a batch")
                    frames = protocol.split_batch(header, payload)
                except protocol.ProtocolError as err:
                    raise DirectError(str(err)) from None
                self.received += 1
                await on_frames(frames)
        finally:
            self.close()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.writer.close()


class DirectListener:
    """The server's one listening socket and its pending offers. Server loop only."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="jr-direct-")
        os.chmod(self.folder, 0o700)
        self.path = os.path.join(self.folder, "s")
        self._offers: dict[str, asyncio.Future[DirectConnection]] = {}
        self._server: asyncio.AbstractServer | None = None
        self._starting: asyncio.Task[asyncio.AbstractServer] | None = None
        # bound and listening now: a kernel may connect before the loop starts accepting
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            self._sock.bind(self.path)
        finally:
            os.umask(old)
        os.chmod(self.path, 0o600)
        self._sock.listen(64)

    def _start(self) -> None:
        if self._starting is None:
            self._starting = asyncio.ensure_future(asyncio.start_unix_server(self._accept, sock=self._sock))
            self._starting.add_done_callback(self._started)

    def _started(self, task: asyncio.Task[asyncio.AbstractServer]) -> None:
        if not task.cancelled() and task.exception() is None:
            self._server = task.result()

    def offer(self) -> tuple[dict[str, str], asyncio.Future[DirectConnection]]:
        """A one-time offer for the kernel, and the future its connection resolves."""
        self._start()
        token = secrets.token_urlsafe(32)
        future: asyncio.Future[DirectConnection] = asyncio.get_running_loop().create_future()
        self._offers[token] = future
        asyncio.get_running_loop().call_later(OFFER_TTL, self._expire, token)
        return {"path": self.path, "token": token}, future

    def withdraw(self, future: asyncio.Future[DirectConnection]) -> None:
        for token, f in list(self._offers.items()):
            if f is future:
                self._expire(token)

    def _expire(self, token: str) -> None:
        future = self._offers.pop(token, None)
        if future is not None and not future.done():
            future.cancel()

    def _match(self, presented: bytes) -> asyncio.Future[DirectConnection] | None:
        found = None
        for token in list(self._offers):
            if hmac.compare_digest(token.encode(), presented):  # every token compared: no early exit
                found = token
        return self._offers.pop(found) if found is not None else None

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
            except OSError:
                pass
        try:
            presented = await asyncio.wait_for(read_record(reader, 256), HELLO_TIMEOUT)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, DirectError, OSError) as err:
            log.warning("jupyter_reactive: direct channel: a connection sent no token (%s); closed", type(err).__name__)
            writer.close()
            return
        future = self._match(presented)
        if future is None or future.done():
            log.warning("jupyter_reactive: direct channel: a connection presented a bad token; closed")
            writer.close()
            return
        future.set_result(DirectConnection(reader, writer))

    def close(self) -> None:
        for token in list(self._offers):
            self._expire(token)
        if self._server is not None:
            self._server.close()
        elif self._starting is not None:
            self._starting.cancel()
        self._sock.close()
        shutil.rmtree(self.folder, ignore_errors=True)
