"""The per-tab WebSocket: authenticate, decode, hand messages to the tab's AppSession.

Server loop. Origin checks, pings and identity are jupyter-server's own (``WebSocketMixin``,
``JupyterHandler``); the resource is ``reactive:apps``. The first message must be ``hello``; it
creates a session or resumes one (a new session's hello may come in the URL instead:
``?hello=1``). Everything after goes through
:func:`protocol.decode_client_message`; refused frames get an ``error`` frame and change nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import ws_authenticated
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.base.websocket import WebSocketMixin
from jupyter_server.extension.handler import ExtensionHandlerMixin
from tornado import web
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from .. import protocol
from .auth import viewer_identity
from .kernels import KernelStartError
from .scripts import AppNotFound, AppScript
from .session import AppSession, AppSessionManager


class AppWebSocketHandler(WebSocketMixin, WebSocketHandler, ExtensionHandlerMixin, JupyterHandler):
    auth_resource = "reactive:apps"

    def initialize(self, name: str, sessions: AppSessionManager, resolve: Any, **kwargs: Any) -> None:
        super().initialize(name, **kwargs)
        self.sessions = sessions
        self.resolve = resolve
        self.session: AppSession | None = None
        self.app_script: AppScript | None = None
        self.batches = False  # the page takes several kernel frames in one message (?frames=batch)

    def set_default_headers(self) -> None:
        """No page headers (CSP etc.) on a WebSocket upgrade."""

    @property
    def max_message_size(self) -> int:
        """Frames above this close the socket with 1009 (Tornado's own check)."""
        return protocol.MAX_CLIENT_FRAME

    # Keep-alive pings are Tornado's own, which reads these two properties in seconds.
    # jupyter-server's mixin reads the same properties in milliseconds for a timer of its own,
    # and Tornado warns about the mixin's timeout (three intervals) on every server's first
    # socket; so the mixin's timer is never started (``open`` does not call it) and Tornado
    # pings every ``ws_ping_interval`` (jupyter-server's setting, ms), closing a socket whose
    # pong is later than one interval.
    @property
    def ping_interval(self) -> float:
        return float(self.settings.get("ws_ping_interval", 30000)) / 1000.0

    @property
    def ping_timeout(self) -> float:
        return self.ping_interval

    async def prepare(self, *args: Any, **kwargs: Any) -> None:
        # Chromium sends no Sec-Fetch-Mode on a WebSocket handshake, which JupyterHub's cookie
        # check (HubOAuth, under the hub) takes for an insecure request it cannot classify, and
        # warns about once per page opened. An upgrade request is what Fetch calls mode
        # "websocket", for which the hub makes the same decision without the warning.
        headers = self.request.headers
        if headers.get("Upgrade", "").lower() == "websocket" and "Sec-Fetch-Mode" not in headers:
            headers["Sec-Fetch-Mode"] = "websocket"
        prepared = super().prepare(*args, **kwargs)
        if prepared is not None:
            await prepared

    @ws_authenticated
    async def get(self, path: str) -> None:
        allowed = await ensure_async(self.authorizer.is_authorized(self, self.current_user, "execute", "reactive:apps"))
        if not allowed:
            raise web.HTTPError(403)
        try:
            self.app_script = self.resolve(path)
        except AppNotFound:
            raise web.HTTPError(404) from None
        await super().get(path)

    async def open(self, path: str) -> None:
        # Nagle off: this socket carries small frames one after another (a rerun's deltas, then
        # the next event's), and with Nagle's algorithm on each one after the first waits for
        # the browser's delayed ACK (~40 ms on Linux) before it leaves. Tornado turns Nagle back
        # on after each HTTP response, the upgrade's included, so the socket starts with it on.
        self.set_nodelay(True)
        self.batches = self.get_query_argument("frames", None) == "batch"
        # ?hello=<protocol>: a new session's hello in the URL (the page's boot script), so the
        # session starts at the handshake instead of when the page's busy main thread gets to
        # the socket's open event. The same door as a hello frame; a resume needs the frame.
        version = self.get_query_argument("hello", None)
        if version is not None:
            hello: dict[str, Any] = {"type": protocol.HELLO, "protocol": _int_or_text(version)}
            for key in protocol.HELLO_CLIENT_FIELDS:  # the tab's page, query string, locale...
                value = self.get_query_argument(key, None)
                if value is not None:
                    hello[key] = _int_or_text(value) if key == "timezone_offset" else value
            await self.on_message(json.dumps(hello))

    async def on_message(self, message: str | bytes) -> None:
        try:
            msg = protocol.decode_client_message(message)
        except protocol.ProtocolError as err:
            self.send_frame(protocol.error_message("bad_message", str(err)))
            return
        if isinstance(msg, protocol.Hello):
            await self._hello(msg)
        elif self.session is None:
            self.send_frame(protocol.error_message("no_session", "send hello first"))
        else:
            await self.session.handle(msg)

    async def _hello(self, hello: protocol.Hello) -> None:
        if self.session is not None:
            self.send_frame(protocol.error_message("bad_message", "this socket already has a session"))
            return
        assert self.app_script is not None
        session = self.sessions.resume(hello.session_id, hello.resume_token, self.app_script, self)
        if session is not None:
            self.session = session
            self.send_frame(session.hello_message(resumed=True))
            self.send_frame(session.snapshot())
            session.replay_source_changed()
            return
        if self.sessions.stopping:
            # this replica is stopping: the page reconnects at once, through a load balancer
            # to another replica, which restores the state saved for it
            self.close(1012, "server restarting")
            return
        # a tab whose session is not here (its replica stopped): the state that session saved
        # in the shared store, if any, taken so that no other replica restores it too
        restored = await self.sessions.take_saved(hello.resume_token, self.app_script)
        if self.ws_connection is None or self.ws_connection.is_closing():
            if restored is not None and hello.resume_token:  # gone meanwhile: keep it for its next try
                assert self.sessions.persist is not None
                await self.sessions.persist.put_back(hello.resume_token, restored)
            return
        session = self.sessions.create(self.app_script, viewer_identity(self.current_user), self)
        client = hello.client
        if restored is not None:
            # the page it was on, where the reconnecting page does not say (an older page)
            client = {"page": restored.page, "query": restored.query, **client}
            session.restored = restored
        session.client = client_info(self, client)
        self.session = session
        self.send_frame(session.hello_message(resumed=False))
        try:
            await session.start()
        except KernelStartError as err:
            self.log.error("jupyter_reactive: could not start a kernel for %s: %s", self.app_script.rel_path, err)
            self.send_frame(protocol.notice("error", "The app could not start: no kernel is available.", sticky=True))
            await self.sessions.close(session)

    def send_frame(self, data: str | bytes) -> None:
        """Session sink: one frame to the page (binary for kernel frames)."""
        if self.ws_connection is None or self.ws_connection.is_closing():
            return
        try:
            self.write_message(data, binary=isinstance(data, bytes))
        except WebSocketClosedError:
            pass

    def send_frames(self, frames: list[bytes]) -> None:
        """Session sink: the frames of one kernel message, in order. As one ``batch`` frame when
        the page asked for batches (it then applies them in one task: one render per run, and
        no rendering between a run's ``run_started`` and its deltas), else one by one."""
        if self.batches and len(frames) > 1:
            self.send_frame(protocol.encode_batch(frames))
        else:
            for frame in frames:
                self.send_frame(frame)

    def close_session(self, code: int, reason: str) -> None:
        self.session = None
        if self.ws_connection is not None:
            self.close(code, reason)

    def on_close(self) -> None:
        if self.session is not None:
            self.session.detach(self)
            self.session = None


def _int_or_text(value: str) -> int | str:
    """A URL's number as the JSON hello would carry it (garbage stays garbage)."""
    digits = value[1:] if value.startswith("-") else value
    return int(value) if digits.isdigit() and len(digits) < 6 else value


#: headers that carry credentials: never handed to the app (``jr.context.headers``)
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-xsrftoken", "sec-websocket-key"})
#: query parameters that carry credentials: left out of ``jr.query_params`` and ``jr.context.url``
SECRET_PARAMS = frozenset({"token", "_xsrf"})


def client_info(handler: JupyterHandler, hello: Mapping[str, Any]) -> dict[str, Any]:
    """What a new session's app may know of its tab (``jr.context``, the first page and query):
    the upgrade request's headers and cookies without credentials (this server's login and XSRF
    cookies, any Jupyter server's ``username-*`` login cookie, JupyterHub's, ``Authorization``),
    the viewer's address, and the hello's
    checked fields, with any ``token`` left out of the URL and query string."""
    login = handler.identity_provider.get_cookie_name(handler)
    hidden = {login, "_xsrf", handler.settings.get("xsrf_cookie_name", "_xsrf")}
    cookies = {
        name: morsel.value
        for name, morsel in handler.request.cookies.items()
        # username-<host>-<port>: Jupyter servers' login cookies (this one's, and others' on the host)
        if name not in hidden and not name.startswith(("jupyterhub-", "username-"))
    }
    headers = [[k, v] for k, v in handler.request.headers.get_all() if k.lower() not in SECRET_HEADERS]
    if cookies:
        headers.append(["Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items())])
    info: dict[str, Any] = {"headers": headers, "cookies": cookies}
    if handler.request.remote_ip:
        info["ip_address"] = handler.request.remote_ip
    info.update({k: v for k, v in hello.items() if k not in ("page", "query")})
    if "url" in info:
        parts = urlsplit(info["url"])
        info["url"] = urlunsplit(parts._replace(query=_without_secrets(parts.query)))
    return {
        "client": info,
        "page": hello.get("page", ""),
        "query": _without_secrets(hello.get("query", "")),
    }


def _without_secrets(query: str) -> str:
    try:
        pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True, max_num_fields=protocol.MAX_QUERY)
    except ValueError:  # absurdly many fields: the kernel drops the whole query with a notice
        return query.lstrip("?")
    if not any(k in SECRET_PARAMS for k, _ in pairs):
        return query.lstrip("?")
    return urlencode([(k, v) for k, v in pairs if k not in SECRET_PARAMS])
