"""``reactive/media/<id>`` and ``reactive/upload/<session>/<widget>`` (server loop).

Both talk only to the MediaStore they are given, never to a session, so they answer the same on
every replica. Media: Content-Type, Content-Length, a content ETag and long-lived caching (ids
are content-addressed), Range requests (one range -> 206, several -> multipart/byteranges, none
satisfiable -> 416), ``nosniff``; HTML, SVG and XML are never rendered inline on the app's
origin (attachment + ``Content-Security-Policy: sandbox``); downloads carry the file name in
``Content-Disposition``, quoted safely. Uploads: XSRF-checked (Tornado, before any body), signed
for one session, refused with 413 before the body is read when too large, streamed to the
store, and answered with a receipt the session will check.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import urllib.parse
from collections.abc import AsyncIterator, Callable
from typing import Any, cast

from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from tornado import web

from .media import MediaInfo, MediaStore, MediaStoreError, MediaTooLarge
from .tokens import Signer

_ACTIVE = (
    "text/html",
    "image/svg+xml",
    "application/xhtml+xml",
    "text/xml",
    "application/xml",
    "application/javascript",
    "text/javascript",
)
_RANGE = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")
_MAX_RANGES = 16


def content_disposition(kind: str, filename: str | None) -> str:
    """``attachment; filename="ascii"; filename*=UTF-8''utf8`` with the name kept as data:
    path separators, quotes, control characters and NULs never reach the header raw."""
    if not filename:
        return kind
    base = re.split(r"[/\\]", filename)[-1] or "download"
    base = "".join(ch for ch in base if ch >= " " and ch != "\x7f")[:255] or "download"
    ascii_name = base.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_").replace("\\", "_")
    quoted = urllib.parse.quote(base, safe="")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quoted}"


def parse_ranges(header: str, size: int) -> list[tuple[int, int]] | None:
    """``bytes=a-b,c-`` -> [(start, end_exclusive)], [] if none is satisfiable, None if the
    header is not a byte-range request we understand (then the whole body is sent)."""
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or not spec:
        return None
    out = []
    parts = spec.split(",")
    if len(parts) > _MAX_RANGES:
        return None
    for part in parts:
        m = _RANGE.match(part)
        if not m or (m.group(1) == "" and m.group(2) == ""):
            return None
        first, last = m.group(1), m.group(2)
        if first == "":  # suffix: the last N bytes
            n = int(last)
            if n == 0:
                continue
            out.append((max(0, size - n), size))
        else:
            start = int(first)
            end = size if last == "" else min(int(last) + 1, size)
            if last != "" and int(last) < start:
                return None
            if start < size:
                out.append((start, end))
    return out


class MediaHandler(ExtensionHandlerMixin, JupyterHandler):
    """GET/HEAD one medium by id, from whichever replica the request lands on."""

    auth_resource = "reactive:media"

    def initialize(self, name: str, store: MediaStore, **kwargs: Any) -> None:
        super().initialize(name, **kwargs)
        self.store = store

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("X-Content-Type-Options", "nosniff")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "application/json")
        if status_code == 416:  # error responses start from clean headers: say the size again
            self.set_header("Content-Range", f"bytes */{getattr(self, '_unsatisfiable_size', 0)}")
        elif status_code == 503:
            self.set_header("Retry-After", "5")
        reason = {
            404: "no such media (unknown or expired id)",
            416: "range not satisfiable",
            503: "media store unavailable",
        }.get(status_code, self._reason)
        self.finish(json.dumps({"error": status_code, "message": reason}))

    async def head(self, media_id: str) -> None:
        pending = self.get(media_id, include_body=False)
        if pending is not None:
            await pending

    @web.authenticated
    @authorized
    async def get(self, media_id: str, include_body: bool = True) -> None:
        try:
            info = await self.store.info(media_id)
        except MediaStoreError:
            raise web.HTTPError(503) from None
        if info is None:
            raise web.HTTPError(404)
        self._headers_for(info)
        if self.check_etag_header():
            self.set_status(304)
            return
        ranges = (
            parse_ranges(self.request.headers.get("Range", ""), info.size) if "Range" in self.request.headers else None
        )
        if ranges == []:
            self._unsatisfiable_size = info.size
            raise web.HTTPError(416)
        if not ranges:
            self.set_header("Content-Length", str(info.size))
            if include_body:
                await self._write_range(info, 0, info.size)
            return
        self.set_status(206)
        if len(ranges) == 1:
            start, end = ranges[0]
            self.set_header("Content-Range", f"bytes {start}-{end - 1}/{info.size}")
            self.set_header("Content-Length", str(end - start))
            if include_body:
                await self._write_range(info, start, end)
            return
        boundary = secrets.token_hex(12)
        self.set_header("Content-Type", f"multipart/byteranges; boundary={boundary}")
        self.clear_header("Content-Length")
        for start, end in ranges:
            part = (
                f"\r\n--{boundary}\r\nContent-Type: {info.mimetype}\r\n"
                f"Content-Range: bytes {start}-{end - 1}/{info.size}\r\n\r\n"
            )
            if include_body:
                self.write(part.encode())
                await self._write_range(info, start, end)
        if include_body:
            self.write(f"\r\n--{boundary}--\r\n".encode())

    def compute_etag(self) -> str | None:
        return getattr(self, "_etag", None)

    def _headers_for(self, info: MediaInfo) -> None:
        mimetype = info.mimetype or "application/octet-stream"
        self.set_header("Content-Type", mimetype)
        self.set_header("Accept-Ranges", "bytes")
        self.set_header("Cache-Control", "private, max-age=31536000, immutable")
        self._etag = f'"{info.etag}"'
        self.set_header("Etag", self._etag)
        active = mimetype.split(";")[0].strip().lower() in _ACTIVE
        if active:
            self.set_header("Content-Security-Policy", "sandbox")
        if active or info.filename or self.get_argument("download", None) is not None:
            self.set_header("Content-Disposition", content_disposition("attachment", info.filename or "download"))

    async def _write_range(self, info: MediaInfo, start: int, end: int) -> None:
        step = 1 << 20
        for offset in range(start, end, step):
            try:
                chunk = await self.store.read(info.id, offset, min(end, offset + step))
            except MediaStoreError:
                raise web.HTTPError(503) from None
            if chunk is None:
                raise web.HTTPError(404)
            self.write(chunk)
            await self.flush()


@web.stream_request_body
class UploadHandler(ExtensionHandlerMixin, JupyterHandler):
    """POST one file (the raw body; name in ``X-File-Name``, percent-encoded) for one session's
    one widget. Answers ``{id, name, size, type, receipt}``."""

    auth_resource = "reactive:uploads"

    def initialize(
        self,
        name: str,
        store: MediaStore,
        signer: Signer,
        max_size: int,
        session_alive: Callable[[str], bool],
        **kwargs: Any,
    ) -> None:
        super().initialize(name, **kwargs)
        self.store = store
        self.signer = signer
        self.max_size = max_size
        self.session_alive = session_alive
        self._queue: asyncio.Queue[bytes | None] | None = None
        self._task: asyncio.Task | None = None
        self._received = 0
        self._too_large = False

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "application/json")
        if status_code == 503:
            self.set_header("Retry-After", "5")
        message = getattr(self, "_message", None) or self._reason
        self.finish(json.dumps({"error": status_code, "message": message}))

    def _refuse(self, status: int, message: str) -> None:
        self._message = message
        raise web.HTTPError(status, message)

    async def prepare(self) -> None:  # type: ignore[override]
        """Everything is decided here, before Tornado reads the body: identity and the
        authorizer (as @authenticated/@authorized would), the session signature, the size."""
        await super().prepare()
        if self.request.method != "POST":
            return
        if self.current_user is None:
            self._refuse(403, "not allowed")
        if not await ensure_async(self.authorizer.is_authorized(self, self.current_user, "write", self.auth_resource)):
            self._refuse(403, "not allowed")
        session_id, widget_id = self.path_kwargs.get("session_id", ""), self.path_kwargs.get("widget_id", "")
        if not self.signer.verify(self.request.headers.get("X-Reactive-Upload-Token"), "upload", session_id):
            self._refuse(403, "this upload is not for your session")
        if self.store.process_local and not self.session_alive(session_id):
            # its token is still good, but nothing would ever release the file: it would stay
            # owned for owner_ttl (a day), out of reach of the store's eviction
            self._refuse(404, "this session has ended; reload the page")
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > self.max_size):
            self._refuse(413, f"file larger than the limit of {self.max_size} bytes")
        # HTTP/1 connections have it; Tornado's connection interface does not declare it
        cast(Any, self.request.connection).set_max_body_size(self.max_size + 1)
        raw_name = self.request.headers.get("X-File-Name", "")
        self.file_name = urllib.parse.unquote(raw_name, errors="replace")[:1000] or "upload"
        self.file_type = (self.request.headers.get("Content-Type") or "application/octet-stream").split(";")[0][:200]
        self.widget_id, self.session_id = widget_id, session_id
        self._queue = asyncio.Queue(maxsize=8)
        self._task = asyncio.ensure_future(
            self.store.put_stream(
                self._chunks(), self.file_type, owner=session_id, filename=self.file_name, max_size=self.max_size
            )
        )

    async def data_received(self, chunk: bytes) -> None:
        if self._queue is None or self._too_large:
            return
        self._received += len(chunk)
        if self._received > self.max_size:
            self._too_large = True
            await self._queue.put(None)
            return
        await self._queue.put(chunk)

    async def _chunks(self) -> AsyncIterator[bytes]:
        assert self._queue is not None
        while True:
            chunk = await self._queue.get()
            if chunk is None:
                return
            yield chunk

    async def post(self, session_id: str, widget_id: str) -> None:
        assert self._queue is not None and self._task is not None
        if not self._too_large:
            await self._queue.put(None)
        try:
            info = await self._task
        except MediaTooLarge:
            self._refuse(413, f"file larger than the limit of {self.max_size} bytes")
        except MediaStoreError:
            self._refuse(503, "media store unavailable")
        if self._too_large:
            self._refuse(413, f"file larger than the limit of {self.max_size} bytes")
        self.finish(
            {
                "id": info.id,
                "name": self.file_name,
                "size": info.size,
                "type": self.file_type,
                "receipt": self.signer.receipt(session_id, widget_id, info.id),
            }
        )

    def on_connection_close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
