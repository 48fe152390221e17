"""The MediaStore contract: its errors, its ids and the checks and helpers every store shares
(server process, server loop)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import re
import urllib.parse
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass
from typing import Any

from .options import _positive_seconds, _seconds

log = logging.getLogger(__name__)

DEFAULT_GRACE = 60.0
DEFAULT_OWNER_TTL = 86400.0
DEFAULT_SWEEP_INTERVAL = 30.0
#: Longest file name kept (characters); a longer one is refused with :class:`MediaTooLarge`.
MAX_FILENAME = 4096
#: Longest owner (session id) accepted.
MAX_OWNER = 1024
#: Payloads at least this large are hashed on a worker thread, not on the loop.
_THREAD_HASH_SIZE = 1 << 20

_ID = re.compile(r"[0-9a-f]{32,64}")
_STATE_KEY = re.compile(r"[0-9a-f]{64}")
_MIMETYPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9!#$&^_.+*-]+(\s*;[ -~]*)?")
_FALLBACK_MIMETYPE = "application/octet-stream"


@dataclass(frozen=True)
class MediaInfo:
    """What a store knows about one medium (never its bytes)."""

    #: unguessable and content-addressed: HMAC-SHA256 in hex (64 characters)
    id: str
    #: as given (a malformed one is stored as ``application/octet-stream``)
    mimetype: str
    #: bytes
    size: int
    #: as the user gave it: data for ``Content-Disposition``, never a path
    filename: str | None
    #: content-derived, safe inside a quoted string (it is the id)
    etag: str


class MediaStoreError(Exception):
    """The store is unreachable or broken; handlers answer 503 with ``Retry-After``. The text is
    safe to log and carries no URL, password or path; the cause is chained."""


class MediaTooLarge(MediaStoreError):
    """A size cap was exceeded (a medium, an upload, the store's own capacity); handlers answer
    413, sessions tell the page. ``str(err)`` is a clear message that is safe to show.

    A subclass of :class:`MediaStoreError`: catch this one first.
    """

    def __init__(self, message: str, limit: int | None = None):
        super().__init__(message)
        self.limit = limit


# --- shared helpers -------------------------------------------------------------------------------


def is_media_id(media_id: object) -> bool:
    """True for a well-formed id string; anything else is unknown to every store."""
    return isinstance(media_id, str) and 32 <= len(media_id) <= 64 and _ID.fullmatch(media_id) is not None


def clean_mimetype(mimetype: object) -> str:
    """The mimetype as given if it is a plain ``type/subtype[; params]`` in printable ASCII (at most
    255 characters), else ``application/octet-stream``: what is stored is always safe to send as a
    ``Content-Type`` header."""
    if isinstance(mimetype, str):
        mimetype = mimetype.strip()
        if len(mimetype) <= 255 and _MIMETYPE.fullmatch(mimetype):
            return mimetype
    return _FALLBACK_MIMETYPE


def _check_filename(filename: object) -> str | None:
    if filename is None:
        return None
    if not isinstance(filename, str):
        raise TypeError("filename must be a str or None")
    if len(filename) > MAX_FILENAME:
        raise MediaTooLarge(f"file name longer than {MAX_FILENAME} characters", MAX_FILENAME)
    return filename


def _check_owner(owner: object) -> str:
    if not isinstance(owner, str) or not owner:
        raise ValueError("owner must be a non-empty str (a session id)")
    if len(owner) > MAX_OWNER:
        raise ValueError(f"owner longer than {MAX_OWNER} characters")
    return owner


def _check_secret(secret: object) -> bytes:
    if not isinstance(secret, (bytes, bytearray, memoryview)):
        raise TypeError("secret must be bytes")
    secret = bytes(secret)
    if len(secret) < 16:
        raise ValueError("secret must be at least 16 bytes")
    return secret


def is_state_key(key: object) -> bool:
    """True for a well-formed session-state key: 64 lowercase hex digits (a SHA-256)."""
    return isinstance(key, str) and len(key) == 64 and _STATE_KEY.fullmatch(key) is not None


def _check_state_key(key: object) -> str:
    if not is_state_key(key):
        raise ValueError("a session-state key is 64 lowercase hex digits")
    return key  # type: ignore[return-value]


def _owner_key(owner: str) -> str:
    """A fixed-length name for an owner, safe as a file name or a Redis key part."""
    return hashlib.sha256(owner.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _media_id(secret: bytes, digest: bytes, mimetype: str, filename: str | None) -> str:
    # digest has a fixed length and the label is JSON: no two inputs share an HMAC message
    label = json.dumps([mimetype, filename], ensure_ascii=True, separators=(",", ":")).encode()
    return hmac.new(secret, digest + label, hashlib.sha256).hexdigest()


async def _sha256(data: bytes) -> bytes:
    if len(data) >= _THREAD_HASH_SIZE:  # hashlib drops the GIL: the loop keeps going meanwhile
        return await asyncio.to_thread(lambda: hashlib.sha256(data).digest())
    return hashlib.sha256(data).digest()


def _as_bytes(data: object) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise TypeError("media data must be bytes")


def _check_range(start: object, end: object) -> None:
    if not isinstance(start, int) or isinstance(start, bool):
        raise TypeError("start must be an int")
    if end is not None and (not isinstance(end, int) or isinstance(end, bool)):
        raise TypeError("end must be an int or None")


def _too_large(max_size: int) -> MediaTooLarge:
    human = f" ({_human(max_size)})" if max_size >= 1024 else ""
    return MediaTooLarge(f"the upload is larger than the limit of {max_size} bytes{human}", max_size)


def _human(n: int) -> str:
    value = float(n)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} bytes"  # pragma: no cover


async def _gather(chunks: AsyncIterator[bytes], max_size: int, store_max: int | None = None) -> tuple[bytes, bytes]:
    """An upload's SHA-256 and bytes, collected in memory. :class:`MediaTooLarge` as soon as more
    than ``max_size`` bytes (or more than the store's own ``store_max``) arrived: no more chunks are
    consumed."""
    hasher, parts, size = hashlib.sha256(), [], 0
    async for chunk in chunks:
        chunk = _as_bytes(chunk)
        size += len(chunk)
        if size > max_size:
            raise _too_large(max_size)
        if store_max is not None and size > store_max:
            raise MediaTooLarge(f"the upload is larger than the media store's limit of {_human(store_max)}", store_max)
        hasher.update(chunk)
        parts.append(chunk)
    return hasher.digest(), b"".join(parts)


# --- the interface --------------------------------------------------------------------------------


class MediaStore(ABC):
    """Media bytes and uploads, by unguessable content-addressed id, shared by every replica
    that uses the same backend.

    Callers (all on the server loop):

    * ``AppSession`` (through ``SessionMedia``): :meth:`put` for each media frame from its kernel,
      with ``owner`` = the session id; :meth:`release` after each complete run with the ids the
      page still shows, and with none when the session ends; :meth:`read` for uploaded files.
    * the media handler (``GET reactive/media/<id>``): :meth:`info` then :meth:`read` in ranges.
    * the upload handler (``POST reactive/upload/...``): :meth:`put_stream` with the request body.

    Ownership: an owner references the media it shows; a medium stays while referenced, and
    expires ``grace`` seconds after its last reference was released (or ``owner_ttl`` after its
    last put, whichever comes first). Expired and unknown ids read as ``None``, never as an error.

    Errors: :class:`MediaStoreError` when the backend is unreachable (503), :class:`MediaTooLarge`
    when a cap is exceeded (413); ``ValueError``/``TypeError`` for programming errors (a bad
    owner, non-bytes data). Nothing a viewer sends can raise anything else.

    Instances are bound to the loop that first uses them and are not thread-safe; a store that
    is closed answers :class:`MediaStoreError`.
    """

    #: True when the media live in this process alone (``memory://``): no other replica can
    #: hold a session that uses them, so an upload for a session this process does not have is
    #: for one that ended (the upload handler refuses it instead of keeping it for ``owner_ttl``)
    process_local: bool = False

    @classmethod
    def from_url(cls, url: str, *, secret: bytes, **options: Any) -> MediaStore:
        """The store for ``url``:

        * ``memory://`` -- :class:`MemoryMediaStore`,
        * ``file:///abs/dir`` -- :class:`DirectoryMediaStore`,
        * ``redis://[[user]:password@]host:port/db`` or ``rediss://...`` -- :class:`RedisMediaStore`,
        * any other scheme from the entry points in group ``jupyter_reactive.media_stores``
          (name = scheme, value = a :class:`MediaStore` subclass with a classmethod
          ``from_parsed_url(parsed, *, secret, **options)``, ``parsed`` being
          :func:`urllib.parse.urlsplit`'s result). Built-in schemes win over entry points.

        Options come as keywords or in the URL's query (``memory://?max_bytes=1000000``,
        ``redis://h:6379/0?grace=30``); a keyword wins over the query. Each class documents its
        options; an unknown option or a bad value raises ``ValueError``, and so does an unknown
        scheme (the message names the known ones). Messages never repeat the URL (it may hold a
        password). ``secret`` (at least 16 bytes, the same on every replica) keys the ids.
        """
        # imported here, not at the top: the factory imports every store, and every store this module
        from .factory import from_url

        return from_url(url, secret=secret, **options)

    @classmethod
    def from_parsed_url(cls, parsed: urllib.parse.SplitResult, *, secret: bytes, **options: Any) -> MediaStore:
        """Build from a split URL of this class's scheme (see :meth:`from_url`)."""
        raise NotImplementedError(f"{cls.__name__} cannot be built from a URL")

    @abstractmethod
    async def put(self, data: bytes, mimetype: str, *, owner: str, filename: str | None = None) -> MediaInfo:
        """Store ``data`` (if not there yet) and add ``owner`` as a reference; idempotent: the
        same bytes, mimetype and filename always give the same id.

        Raises:
            MediaTooLarge: the store is full (or the file name is absurdly long).
            MediaStoreError: the backend is unreachable.
        """

    @abstractmethod
    async def put_stream(
        self, chunks: AsyncIterator[bytes], mimetype: str, *, owner: str, filename: str | None, max_size: int
    ) -> MediaInfo:
        """Like :meth:`put` for an upload arriving in chunks: the id is hashed incrementally.

        Raises:
            MediaTooLarge: as soon as more than ``max_size`` bytes arrived; no more chunks are
                consumed and nothing is kept.
            MediaStoreError: the backend is unreachable.
        """

    @abstractmethod
    async def info(self, media_id: str) -> MediaInfo | None:
        """What is known about ``media_id``; None if unknown, expired or not an id at all."""

    @abstractmethod
    async def read(self, media_id: str, start: int = 0, end: int | None = None) -> bytes | None:
        """The bytes ``[start, end)`` as Python slices read them (``end`` past the size is the
        size; ``start == size`` gives ``b""``); None if unknown or expired."""

    @abstractmethod
    async def release(self, owner: str, keep: Collection[str] = ()) -> None:
        """``owner`` no longer shows any of its media except ``keep``; media left with no owner
        expire ``grace`` seconds later. Unknown owners and ids are a no-op."""

    @abstractmethod
    async def close(self) -> None:
        """Stop background work and let go of connections; idempotent."""

    # --- session state (server/persist.py): small blobs by key, with an expiry ----------------

    #: Whether every replica that uses the same URL sees what this store keeps. Session state
    #: is saved only to a store that is shared (``ReactiveApp.persist_state``); one that is not
    #: (``memory://``, and any plug-in that does not say otherwise) keeps none.
    shared: bool = False

    async def put_state(self, key: str, data: bytes, ttl: float) -> None:
        """Keep ``data`` under ``key`` (64 hex digits) for ``ttl`` seconds, replacing what was
        there. Only shared stores implement it.

        Raises:
            MediaTooLarge: the store is full.
            MediaStoreError: the backend is unreachable.
        """
        raise NotImplementedError(f"{type(self).__name__} keeps no session state")

    async def take_state(self, key: str) -> bytes | None:
        """The data under ``key``, removed in the same atomic step: of two replicas taking one
        key at once, exactly one gets it. None if absent or expired."""
        raise NotImplementedError(f"{type(self).__name__} keeps no session state")

    async def delete_state(self, key: str) -> None:
        """Forget ``key``; absent keys are a no-op."""
        raise NotImplementedError(f"{type(self).__name__} keeps no session state")

    async def __aenter__(self) -> MediaStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


class _Sweeping(MediaStore):
    """A store that expires media by itself: lazily on access and in a periodic sweep, run as a
    task on the loop that first uses the store (started on first use, stopped by close)."""

    def __init__(self, *, secret: bytes, grace: float, owner_ttl: float, sweep_interval: float):
        self._secret = _check_secret(secret)
        self.grace = _seconds(grace)
        self.owner_ttl = _seconds(owner_ttl)
        self.sweep_interval = _positive_seconds(sweep_interval)
        self._sweeper: asyncio.Task[None] | None = None
        self._closed = False

    @abstractmethod
    async def sweep(self) -> int:
        """Remove expired media now; returns how many were removed."""

    def _open(self) -> None:
        if self._closed:
            raise MediaStoreError("the media store is closed")
        if self._sweeper is None:
            self._sweeper = asyncio.get_running_loop().create_task(self._sweep_forever())

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.sweep_interval)
            try:
                await self.sweep()
            except Exception:
                log.warning("jupyter_reactive: media store sweep failed", exc_info=True)

    async def close(self) -> None:
        self._closed = True
        task, self._sweeper = self._sweeper, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
