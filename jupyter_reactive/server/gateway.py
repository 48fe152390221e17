"""GatewayChannels: an app session's connection to a kernel on a Kernel/Enterprise Gateway
(server loop).

With ``--gateway-url``, jupyter-server's kernel manager starts, interrupts, restarts and stops
kernels on the gateway over its REST API, and that part is used unchanged. Its kernel *client*
is not, for two reasons that matter to an app session:

* it speaks the legacy JSON protocol and drops message buffers, and every frame an app sends
  (elements, media bytes) travels as a comm message's buffer;
* it reads the gateway's WebSocket on a thread and its ``get_*_msg`` poll the queues with
  ``asyncio.sleep(0)``, which keeps a core busy while a session waits for its kernel.

This client opens the kernel's ``channels`` WebSocket on the server's loop with Jupyter's
``v1.kernel.websocket.jupyter.org`` protocol (binary frames: header, parent header, metadata,
content and the buffers as they are), and hands out the few methods an app session uses
(``session.msg``, ``<channel>_channel.send``, ``get_<channel>_msg``, ``wait_for_ready``,
``stop_channels``). Connection settings (URL, headers, token, TLS) come from jupyter-server's
``GatewayClient``, as for its own clients. When the WebSocket closes without being asked to, the
kernel is taken as lost: :meth:`on_lost` callbacks run (the session starts a new one).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import secrets
from collections.abc import Callable
from typing import Any

from jupyter_client.session import Session
from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
LOST = ("restarting", "dead")  # iopub statuses the gateway's server sends when a kernel died
MAX_MESSAGE_SIZE = 1024 * 1024 * 1024  # a media buffer can be large; the app server caps them


class GatewayError(RuntimeError):
    """The gateway's kernel channels could not be used; the text is safe to show."""


def gateway_enabled(kernel_manager: Any) -> bool:
    """Whether ``kernel_manager`` (the server's) runs its kernels on a gateway."""
    from jupyter_server.gateway.managers import GatewayMappingKernelManager

    return isinstance(kernel_manager, GatewayMappingKernelManager)


def encode_v1(channel: str, msg: dict[str, Any], pack: Callable[[Any], bytes]) -> bytes:
    """One message in the v1 WebSocket framing: a count of offsets, the offsets (little-endian
    u64), then the channel name, header, parent header, metadata, content and buffers."""
    parts = [
        channel.encode(),
        pack(msg["header"]),
        pack(msg.get("parent_header") or {}),
        pack(msg.get("metadata") or {}),
        pack(msg.get("content") or {}),
        *(bytes(b) for b in msg.get("buffers") or ()),
    ]
    offsets = [8 * (len(parts) + 2)]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + b"".join(parts)


def decode_v1(frame: bytes, unpack: Callable[[bytes], Any]) -> tuple[str, dict[str, Any]]:
    """(channel, message) from one v1 frame; ValueError for anything malformed."""
    if len(frame) < 8:
        raise ValueError("short frame")
    count = int.from_bytes(frame[:8], "little")
    if not 6 <= count <= (len(frame) - 8) // 8:
        raise ValueError("bad offset count")
    offsets = [int.from_bytes(frame[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
    if offsets[0] != 8 * (count + 1) or offsets != sorted(offsets) or offsets[-1] != len(frame):
        raise ValueError("bad offsets")
    parts = [frame[a:b] for a, b in itertools.pairwise(offsets)]
    channel = parts[0].decode()
    header, parent, metadata, content = (unpack(p) for p in parts[1:5])
    msg = {
        "header": header,
        "parent_header": parent,
        "metadata": metadata,
        "content": content,
        "buffers": parts[5:],
        "msg_id": header.get("msg_id"),
        "msg_type": header.get("msg_type"),
    }
    return channel, msg


class _Channel:
    """One channel of the kernel: ``send`` a message, ``get`` the next one received."""

    def __init__(self, owner: GatewayChannels, name: str):
        self._owner = owner
        self.name = name
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    def send(self, msg: dict[str, Any]) -> None:
        self._owner._send(self.name, msg)

    async def get(self, timeout: float | None) -> dict[str, Any]:
        if self._owner.lost and self.queue.empty():
            raise GatewayError("the gateway closed the kernel's connection")
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError as err:
            raise GatewayError(f"no {self.name} message in time") from err


class GatewayChannels:
    """A kernel client for one app session's kernel on the gateway (see the module doc)."""

    def __init__(self, kernel_id: str, *, log: logging.Logger | None = None):
        self.kernel_id = kernel_id
        self.session = Session(key=secrets.token_bytes(16))  # unused: the gateway signs what it forwards
        self.log = log or logging.getLogger("jupyter_reactive")
        self.shell_channel = _Channel(self, "shell")
        self.iopub_channel = _Channel(self, "iopub")
        self.control_channel = _Channel(self, "control")
        self._ws: WebSocketClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._closing = False
        self.lost = False
        self._on_lost: list[Callable[[], None]] = []

    def _url(self) -> HTTPRequest:
        from jupyter_server.gateway.gateway_client import GatewayClient
        from jupyter_server.utils import url_escape, url_path_join

        gw = GatewayClient.instance()
        url = url_path_join(gw.ws_url or "", gw.kernels_endpoint, url_escape(self.kernel_id), "channels")
        return HTTPRequest(url, **gw.load_connection_args())

    async def start(self) -> None:
        """Open the kernel's channels WebSocket and start routing what it receives."""
        try:
            self._ws = await websocket_connect(
                self._url(), subprotocols=[V1_PROTOCOL], max_message_size=MAX_MESSAGE_SIZE
            )
        except Exception as err:
            raise GatewayError(f"could not open the kernel's channels on the gateway: {err}") from err
        if self._ws.selected_subprotocol != V1_PROTOCOL:
            self._ws.close()
            raise GatewayError(
                "the gateway does not speak Jupyter's v1 kernel WebSocket protocol (jupyter-server >= 2 needed)"
            )
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        ws = self._ws
        assert ws is not None
        queues = {"shell": self.shell_channel.queue, "iopub": self.iopub_channel.queue}
        queues["control"] = self.control_channel.queue
        while True:
            frame = await ws.read_message()
            if frame is None:
                break
            if isinstance(frame, str):
                self.log.warning("jupyter_reactive: gateway kernel %s sent a text frame; ignored", self.kernel_id)
                continue
            try:
                channel, msg = decode_v1(frame, self.session.unpack)
            except (ValueError, UnicodeDecodeError) as err:
                self.log.warning("jupyter_reactive: bad frame from gateway kernel %s: %s", self.kernel_id, err)
                continue
            if channel == "iopub" and msg["msg_type"] == "status" and msg["content"].get("execution_state") in LOST:
                # the gateway's restarter replaced the kernel process (it died): the new one has
                # no app session, so the session starts over on a new kernel
                self._lose(f"the kernel's process {msg['content']['execution_state']} on the gateway")
                break
            queue = queues.get(channel)
            if queue is not None:  # stdin and hb are not used by app sessions
                queue.put_nowait(msg)
        self._lose("the gateway closed the kernel's channels")

    def _lose(self, why: str) -> None:
        if self._closing or self.lost:
            return
        self.lost = True
        self.log.warning("jupyter_reactive: kernel %s: %s", self.kernel_id, why)
        for callback in self._on_lost:
            try:
                callback()
            except Exception:
                self.log.exception("jupyter_reactive: kernel-lost callback failed")

    def _send(self, channel: str, msg: dict[str, Any]) -> None:
        if self._ws is None or self.lost:
            raise GatewayError("the kernel's channels on the gateway are closed")
        self._ws.write_message(encode_v1(channel, msg, self.session.pack), binary=True)

    def on_lost(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (on the loop) if the gateway closes the channels unasked."""
        self._on_lost.append(callback)

    # -- the kernel-client methods an app session uses ------------------------------------

    async def get_shell_msg(self, timeout: float | None = None) -> dict[str, Any]:
        return await self.shell_channel.get(timeout)

    async def get_iopub_msg(self, timeout: float | None = None) -> dict[str, Any]:
        return await self.iopub_channel.get(timeout)

    async def get_control_msg(self, timeout: float | None = None) -> dict[str, Any]:
        return await self.control_channel.get(timeout)

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Until the kernel answers a ``kernel_info_request`` (asked again every second)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (timeout if timeout is not None else 60.0)
        while True:
            msg = self.session.msg("kernel_info_request", {})
            self.shell_channel.send(msg)
            while True:
                remaining = min(1.0, deadline - loop.time())
                if remaining <= 0:
                    raise GatewayError("the kernel on the gateway did not become ready")
                try:
                    reply = await self.shell_channel.get(remaining)
                except GatewayError:
                    if self.lost or loop.time() >= deadline:
                        raise
                    break  # ask again
                if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                    # what iopub said before the kernel was ready is of no use to a session
                    while not self.iopub_channel.queue.empty():
                        self.iopub_channel.queue.get_nowait()
                    return

    def stop_channels(self) -> None:
        self._closing = True
        if self._ws is not None:
            self._ws.close()
        if self._reader is not None:
            self._reader.cancel()


async def open_channels(kernel_id: str, log: logging.Logger | None = None) -> GatewayChannels:
    """A started :class:`GatewayChannels` for the gateway kernel ``kernel_id``."""
    channels = GatewayChannels(kernel_id, log=log)
    await channels.start()
    return channels
