"""MediaStore: where media and uploads live, chosen by one URL (server process, server loop).

Every method is a coroutine meant for the server's asyncio loop (Tornado's); blocking work (disk,
hashing of large payloads) goes to the loop's default thread pool, so the loop never waits on a
disk or a network. Three built-in media:

* ``memory://`` -- :class:`MemoryMediaStore`, this process only (the default);
* ``file:///abs/dir`` -- :class:`DirectoryMediaStore`, a directory that every replica mounts;
* ``redis://host:6379/0`` (and ``rediss://``) -- :class:`RedisMediaStore`, one Redis for all.

Other schemes come from the ``jupyter_reactive.media_stores`` entry points (see
:meth:`MediaStore.from_url`). With a shared store, any replica serves any medium and accepts any
upload, so replicas behind a load balancer need no sticky sessions.

Ids are ``HMAC-SHA256(secret, sha256(data) + [mimetype, filename])`` in hex: content-addressed (the
same bytes, type and name give the same id, so reruns showing the same image store nothing new)
and unguessable without the secret (all replicas share it; it is derived from the server's
``cookie_secret``). Id strings are checked (``[0-9a-f]{32,64}``) before any backend is touched, so
``../x`` or a megabyte of garbage is simply unknown. File names are data, never paths.

Ownership and expiry: a medium is kept while an *owner* (a session id) references it. ``put``
adds a reference; ``release`` drops an owner's references except those it still shows. A medium
left with no owner expires ``grace`` seconds later (default 60), so a page reloaded meanwhile
still finds its images. As a safety net for owners that never release (a replica that crashed),
a medium also expires ``owner_ttl`` seconds (default one day; 0 = never) after its last ``put``.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import hmac
import json
import logging
import math
import os
import re
import secrets
import tempfile
import time
import urllib.parse
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import Any

log = logging.getLogger(__name__)

#: Entry-point group for third-party stores: name = URL scheme, value = a MediaStore subclass.
ENTRY_POINT_GROUP = "jupyter_reactive.media_stores"

DEFAULT_GRACE = 60.0
DEFAULT_OWNER_TTL = 86400.0
DEFAULT_SWEEP_INTERVAL = 30.0
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
#: Longest file name kept (characters); a longer one is refused with :class:`MediaTooLarge`.
MAX_FILENAME = 4096
#: Longest owner (session id) accepted.
MAX_OWNER = 1024
#: Payloads at least this large are hashed on a worker thread, not on the loop.
_THREAD_HASH_SIZE = 1 << 20

_ID = re.compile(r"[0-9a-f]{32,64}")
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


def _slice(size: int, start: int, end: int | None) -> tuple[int, int]:
    """``[start, end)`` as Python slices read it (negatives count from the end), clipped."""
    first, last, _ = slice(start, end).indices(size)
    return first, max(first, last)


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


# --- options (keyword arguments or the URL's query) ---------------------------------------------


def _seconds(value: object) -> float:
    """A duration in seconds, finite and >= 0 (from a number or a query-string text)."""
    if isinstance(value, bool):
        raise ValueError("not a number of seconds")
    seconds = float(value)  # type: ignore[arg-type]
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError("not a number of seconds >= 0")
    return seconds


def _positive_seconds(value: object) -> float:
    seconds = _seconds(value)
    if seconds <= 0:
        raise ValueError("not a number of seconds > 0")
    return seconds


def _positive_int(value: object) -> int:
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError("not a whole number")
    number = int(value)  # type: ignore[call-overload]
    if number < 1:
        raise ValueError("not a whole number >= 1")
    return number


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a text")
    return value


def _options(parsed: urllib.parse.SplitResult, spec: Mapping[str, Callable[[Any], Any]],
             options: Mapping[str, Any], *, passthrough: bool = False) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Options from the URL's query and from keywords (keywords win), converted and checked by
    ``spec``. Query items not in ``spec`` are returned apart if ``passthrough``, else refused."""
    raw: dict[str, Any] = {}
    rest: list[tuple[str, str]] = []
    for name, value in urllib.parse.parse_qsl(parsed.query, keep_blank_values=True):
        if name in spec:
            if name in raw:
                raise ValueError(f"media store option {name!r} appears twice in the URL")
            raw[name] = value
        elif passthrough:
            rest.append((name, value))
        else:
            raise ValueError(f"unknown media store option {name!r} in the URL; "
                             f"{parsed.scheme}:// takes {', '.join(sorted(spec))}")
    for name, value in options.items():
        if name not in spec:
            raise ValueError(f"unknown media store option {name!r}; {parsed.scheme}:// takes {', '.join(sorted(spec))}")
        raw[name] = value
    result = {}
    for name, value in raw.items():
        try:
            result[name] = spec[name](value)
        except (TypeError, ValueError) as err:
            raise ValueError(f"media store option {name!r}: {err}") from None
    return result, rest


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
        if not isinstance(url, str):
            raise TypeError("the media store URL must be a str")
        parsed = urllib.parse.urlsplit(url.strip())
        scheme = parsed.scheme.lower()
        store_cls = _BUILTIN.get(scheme) or _plugin(scheme)
        if store_cls is None:
            known = sorted(set(_BUILTIN) | {ep.name for ep in _entry_points()})
            raise ValueError(f"unknown media store URL scheme {scheme or '(none)'!r}; "
                             f"known schemes: {', '.join(known)}")
        store = store_cls.from_parsed_url(parsed, secret=secret, **options)
        if not isinstance(store, MediaStore):
            raise TypeError(f"media store for {scheme}:// is not a MediaStore")
        return store

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
    async def put_stream(self, chunks: AsyncIterator[bytes], mimetype: str, *, owner: str,
                         filename: str | None, max_size: int) -> MediaInfo:
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

    async def __aenter__(self) -> MediaStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


def _entry_points() -> list[metadata.EntryPoint]:
    return list(metadata.entry_points(group=ENTRY_POINT_GROUP))


def _plugin(scheme: str) -> type[MediaStore] | None:
    for ep in _entry_points():
        if ep.name.lower() == scheme:
            try:
                store_cls = ep.load()
            except Exception as err:
                raise ValueError(f"the media store for {scheme}:// could not be loaded: {err}") from err
            if not (isinstance(store_cls, type) and issubclass(store_cls, MediaStore)):
                raise TypeError(f"entry point {scheme!r} in {ENTRY_POINT_GROUP} is not a MediaStore subclass")
            return store_cls
    return None


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


# --- memory:// ------------------------------------------------------------------------------------


class _Entry:
    __slots__ = ("data", "expires", "info", "owners")

    def __init__(self, data: bytes, info: MediaInfo):
        self.data = data
        self.info = info
        self.owners: set[str] = set()
        self.expires: float | None = None  # time.monotonic() deadline; None = never


class MemoryMediaStore(_Sweeping):
    """Media in this process's memory: the default, for one server process.

    Options (keywords or ``memory://?name=value``):

    * ``max_bytes`` -- total bytes of media kept (default 512 MiB). When a new medium does not fit,
      expired media go first, then media no page shows any more (those in their grace period,
      soonest-expiring first); if it still does not fit, :class:`MediaTooLarge`.
    * ``grace`` -- seconds an unowned medium is kept (default 60).
    * ``owner_ttl`` -- seconds after its last put a medium expires even if owned (default 86400;
      0 = never).
    * ``sweep_interval`` -- seconds between sweeps of expired media (default 30); expiry is also
      checked on every access.
    """

    OPTIONS: Mapping[str, Callable[[Any], Any]] = {
        "max_bytes": _positive_int, "grace": _seconds, "owner_ttl": _seconds, "sweep_interval": _positive_seconds}

    def __init__(self, *, secret: bytes, max_bytes: int = DEFAULT_MAX_BYTES, grace: float = DEFAULT_GRACE,
                 owner_ttl: float = DEFAULT_OWNER_TTL, sweep_interval: float = DEFAULT_SWEEP_INTERVAL):
        super().__init__(secret=secret, grace=grace, owner_ttl=owner_ttl, sweep_interval=sweep_interval)
        self.max_bytes = _positive_int(max_bytes)
        self._entries: dict[str, _Entry] = {}
        self._owned: dict[str, set[str]] = {}  # owner -> ids
        self._used = 0

    @classmethod
    def from_parsed_url(cls, parsed: urllib.parse.SplitResult, *, secret: bytes, **options: Any) -> MemoryMediaStore:
        if parsed.netloc or parsed.path not in ("", "/"):
            raise ValueError("a memory:// media store URL takes no host or path (options go in the query)")
        kwargs, _ = _options(parsed, cls.OPTIONS, options)
        return cls(secret=secret, **kwargs)

    @property
    def used_bytes(self) -> int:
        """Bytes of media held now (expired ones included until swept)."""
        return self._used

    def __repr__(self) -> str:
        return f"<MemoryMediaStore {len(self._entries)} media, {self._used}/{self.max_bytes} bytes>"

    async def put(self, data: bytes, mimetype: str, *, owner: str, filename: str | None = None) -> MediaInfo:
        self._open()
        data, mimetype, filename = _as_bytes(data), clean_mimetype(mimetype), _check_filename(filename)
        owner = _check_owner(owner)
        digest = await _sha256(data)
        self._open()  # closed while hashing?
        return self._add(digest, data, mimetype, filename, owner)

    async def put_stream(self, chunks: AsyncIterator[bytes], mimetype: str, *, owner: str,
                         filename: str | None, max_size: int) -> MediaInfo:
        self._open()
        mimetype, owner, filename = clean_mimetype(mimetype), _check_owner(owner), _check_filename(filename)
        hasher, parts, size = hashlib.sha256(), [], 0
        async for chunk in chunks:
            chunk = _as_bytes(chunk)
            size += len(chunk)
            if size > max_size:
                raise _too_large(max_size)
            if size > self.max_bytes:
                raise MediaTooLarge(f"the upload is larger than the media store's limit of {_human(self.max_bytes)}",
                                    self.max_bytes)
            hasher.update(chunk)
            parts.append(chunk)
        self._open()
        return self._add(hasher.digest(), b"".join(parts), mimetype, filename, owner)

    def _add(self, digest: bytes, data: bytes, mimetype: str, filename: str | None, owner: str) -> MediaInfo:
        media_id = _media_id(self._secret, digest, mimetype, filename)
        now = time.monotonic()
        entry = self._entries.get(media_id)
        if entry is not None and entry.expires is not None and entry.expires <= now:
            self._drop(media_id)
            entry = None
        if entry is None:
            self._make_room(len(data), now)
            info = MediaInfo(media_id, mimetype, len(data), filename, media_id)
            entry = self._entries[media_id] = _Entry(data, info)
            self._used += len(data)
        entry.owners.add(owner)
        self._owned.setdefault(owner, set()).add(media_id)
        entry.expires = now + self.owner_ttl if self.owner_ttl else None
        return entry.info

    def _make_room(self, size: int, now: float) -> None:
        if size > self.max_bytes:
            raise MediaTooLarge(f"a medium of {_human(size)} is larger than the media store's limit of "
                                f"{_human(self.max_bytes)}", self.max_bytes)
        if self._used + size <= self.max_bytes:
            return
        self._sweep_now(now)
        unowned = sorted((e.expires or math.inf, i) for i, e in self._entries.items() if not e.owners)
        for _, media_id in unowned:
            if self._used + size <= self.max_bytes:
                break
            self._drop(media_id)
        if self._used + size > self.max_bytes:
            raise MediaTooLarge(f"the media store is full ({_human(self._used)} of {_human(self.max_bytes)} in use by "
                                f"media on show); a medium of {_human(size)} does not fit", self.max_bytes)

    def _drop(self, media_id: str) -> None:
        entry = self._entries.pop(media_id, None)
        if entry is None:
            return
        self._used -= len(entry.data)
        for owner in entry.owners:
            ids = self._owned.get(owner)
            if ids is not None:
                ids.discard(media_id)
                if not ids:
                    del self._owned[owner]

    def _get(self, media_id: str) -> _Entry | None:
        if not is_media_id(media_id):
            return None
        entry = self._entries.get(media_id)
        if entry is not None and entry.expires is not None and entry.expires <= time.monotonic():
            self._drop(media_id)
            return None
        return entry

    async def info(self, media_id: str) -> MediaInfo | None:
        self._open()
        entry = self._get(media_id)
        return entry.info if entry is not None else None

    async def read(self, media_id: str, start: int = 0, end: int | None = None) -> bytes | None:
        _check_range(start, end)
        self._open()
        entry = self._get(media_id)
        return entry.data[start:end] if entry is not None else None

    async def release(self, owner: str, keep: Collection[str] = ()) -> None:
        self._open()
        ids = self._owned.get(_check_owner(owner))
        if not ids:
            return
        keep = set(keep)
        deadline = time.monotonic() + self.grace
        for media_id in [i for i in ids if i not in keep]:
            ids.discard(media_id)
            entry = self._entries.get(media_id)
            if entry is not None:
                entry.owners.discard(owner)
                if not entry.owners:
                    entry.expires = deadline if entry.expires is None else min(entry.expires, deadline)
        if not ids:
            del self._owned[owner]

    async def sweep(self) -> int:
        return self._sweep_now(time.monotonic())

    def _sweep_now(self, now: float) -> int:
        expired = [i for i, e in self._entries.items() if e.expires is not None and e.expires <= now]
        for media_id in expired:
            self._drop(media_id)
        return len(expired)

    async def close(self) -> None:
        await super().close()
        self._entries.clear()
        self._owned.clear()
        self._used = 0


# --- file:///dir ----------------------------------------------------------------------------------

#: How long (seconds, one after the other) a reader waits for an expirer to put back a medium
#: that a concurrent put revived.
_SETTLE_DELAYS = (0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1)
#: Leftovers of crashed writers (temp files, half-expired files, dangling references) older than
#: this many seconds are removed by the sweep.
_LEFTOVER_AGE = 3600.0


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _mtime(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except FileNotFoundError:
        return None


class DirectoryMediaStore(_Sweeping):
    """Media in a directory, shareable by replicas that mount it (a volume, NFS).

    Layout (every name derives from an id or a hash of an owner, never from user input)::

        <dir>/<id>                 the bytes, exactly `size` of them
        <dir>/<id>.meta            JSON {"mimetype", "size", "filename"}
        <dir>/<id>.refs/<owner>    one empty file per owner; its mtime is that owner's last put
        <dir>/<id>.expires         while no owner is left: the deadline (epoch seconds)
        <dir>/owners/<owner>/<id>  each owner's index of its media
        <dir>/.tmp-*, .dead-*      files being written / being expired

    ``<owner>`` is a SHA-256 prefix of the owner (session id). Every file is written to a temp
    file and moved into place with ``os.replace``, so readers on any replica see a whole file or
    none. The content file's mtime is the medium's last put (``owner_ttl`` counts from it).

    Expiry without locks: the expirer renames the metadata, then the content, away, checks again
    that the medium is expired, and puts them back if a put came in between; a put writes its
    reference first, then refreshes (or rewrites) the content and metadata. Whatever the
    interleaving, a put that returned leaves its medium in place. Expiry runs lazily on access
    and in a periodic sweep on every replica; the sweep also removes leftovers of crashed
    writers. Blocking file work runs on the loop's default thread pool.

    Options (keywords or ``file:///dir?name=value``): ``grace`` (default 60), ``owner_ttl``
    (default 86400; 0 = never), ``sweep_interval`` (default 30) -- seconds, as for
    :class:`MemoryMediaStore`. The directory is created (mode 0700) if missing.
    """

    OPTIONS: Mapping[str, Callable[[Any], Any]] = {
        "grace": _seconds, "owner_ttl": _seconds, "sweep_interval": _positive_seconds}

    def __init__(self, path: str | os.PathLike[str], *, secret: bytes, grace: float = DEFAULT_GRACE,
                 owner_ttl: float = DEFAULT_OWNER_TTL, sweep_interval: float = DEFAULT_SWEEP_INTERVAL):
        super().__init__(secret=secret, grace=grace, owner_ttl=owner_ttl, sweep_interval=sweep_interval)
        root = os.fspath(path)
        if not os.path.isabs(root):
            raise ValueError("the media directory must be an absolute path")
        self.root = os.path.normpath(root)
        self._owners = os.path.join(self.root, "owners")
        try:
            os.makedirs(self._owners, mode=0o700, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise ValueError("the media directory path is not a directory") from None
        except OSError as err:
            raise MediaStoreError(f"cannot create the media directory: {err.strerror}") from err

    @classmethod
    def from_parsed_url(cls, parsed: urllib.parse.SplitResult, *, secret: bytes, **options: Any) -> DirectoryMediaStore:
        if parsed.netloc not in ("", "localhost"):
            raise ValueError("a file:// media store URL needs an absolute path: file:///abs/dir "
                             "(three slashes; a host is not supported)")
        path = urllib.parse.unquote(parsed.path)
        if not path.startswith("/"):
            raise ValueError("a file:// media store URL needs an absolute path: file:///abs/dir")
        kwargs, _ = _options(parsed, cls.OPTIONS, options)
        return cls(path, secret=secret, **kwargs)

    def __repr__(self) -> str:
        return f"<DirectoryMediaStore {self.root}>"

    # paths (ids are checked before any of these is built)
    def _content(self, media_id: str) -> str:
        return os.path.join(self.root, media_id)

    def _meta(self, media_id: str) -> str:
        return os.path.join(self.root, media_id + ".meta")

    def _refs(self, media_id: str) -> str:
        return os.path.join(self.root, media_id + ".refs")

    def _marker(self, media_id: str) -> str:
        return os.path.join(self.root, media_id + ".expires")

    async def _run(self, fn: Callable[..., Any], *args: Any) -> Any:
        self._open()
        try:
            return await asyncio.to_thread(fn, *args)
        except MediaStoreError:
            raise
        except OSError as err:
            raise _os_error(err) from err

    # --- the interface

    async def put(self, data: bytes, mimetype: str, *, owner: str, filename: str | None = None) -> MediaInfo:
        self._open()
        data, mimetype, filename = _as_bytes(data), clean_mimetype(mimetype), _check_filename(filename)
        owner = _check_owner(owner)
        digest = await _sha256(data)
        return await self._run(self._put_sync, digest, len(data), mimetype, filename, owner, data, None)

    async def put_stream(self, chunks: AsyncIterator[bytes], mimetype: str, *, owner: str,
                         filename: str | None, max_size: int) -> MediaInfo:
        self._open()
        mimetype, owner, filename = clean_mimetype(mimetype), _check_owner(owner), _check_filename(filename)
        loop = asyncio.get_running_loop()
        opening = loop.run_in_executor(None, tempfile.mkstemp, "", ".tmp-", self.root)
        try:
            fd, tmp = await asyncio.shield(opening)
        except asyncio.CancelledError:
            opening.add_done_callback(_close_unused_temp)
            raise
        except OSError as err:
            raise _os_error(err) from err
        file = os.fdopen(fd, "wb")
        hasher = hashlib.sha256()

        def write(chunk: bytes) -> None:
            file.write(chunk)
            hasher.update(chunk)

        pending: asyncio.Future[None] | None = None
        committing = False
        try:
            size = 0
            async for chunk in chunks:
                chunk = _as_bytes(chunk)
                size += len(chunk)
                if size > max_size:
                    raise _too_large(max_size)
                pending = loop.run_in_executor(None, write, chunk)
                try:
                    await pending
                except OSError as err:
                    raise _os_error(err) from err
            pending = None
            committing = True  # from here the worker thread owns the temp file
            return await self._run(self._commit_stream_sync, file, tmp, hasher, size, mimetype, filename, owner)
        finally:
            if not committing:
                def discard(_: object = None) -> None:
                    with contextlib.suppress(OSError):
                        file.close()
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)

                def after_write(future: asyncio.Future[None]) -> None:
                    if not future.cancelled():
                        future.exception()  # retrieved: nobody awaits it any more
                    discard()

                if pending is not None and not pending.done():  # cancelled mid-write: wait for the thread
                    pending.add_done_callback(after_write)
                else:
                    discard()

    async def info(self, media_id: str) -> MediaInfo | None:
        if not is_media_id(media_id):
            return None
        return await self._run(self._info_sync, media_id)

    async def read(self, media_id: str, start: int = 0, end: int | None = None) -> bytes | None:
        _check_range(start, end)
        if not is_media_id(media_id):
            return None
        return await self._run(self._read_sync, media_id, start, end)

    async def release(self, owner: str, keep: Collection[str] = ()) -> None:
        owner = _check_owner(owner)
        await self._run(self._release_sync, _owner_key(owner), frozenset(k for k in keep if is_media_id(k)))

    async def sweep(self) -> int:
        return int(await self._run(self._sweep_sync))

    # --- blocking parts (worker threads)

    def _write_atomic(self, path: str, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.root)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(tmp, path)
        except BaseException:
            _unlink(tmp)
            raise

    def _touch(self, path: str) -> None:
        """Create ``path`` (and its folder) or refresh its mtime."""
        try:
            os.utime(path)
            return
        except FileNotFoundError:
            pass
        for _ in range(3):  # a concurrent rmdir of an emptied folder may get in between
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
                return
            except FileNotFoundError:
                os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))

    def _meta_bytes(self, size: int, mimetype: str, filename: str | None) -> bytes:
        return json.dumps({"mimetype": mimetype, "size": size, "filename": filename}, ensure_ascii=True).encode()

    def _put_sync(self, digest: bytes, size: int, mimetype: str, filename: str | None, owner: str,
                  data: bytes | None, tmp: str | None) -> MediaInfo:
        media_id = _media_id(self._secret, digest, mimetype, filename)
        okey = _owner_key(owner)
        content = self._content(media_id)
        try:
            # 1. the reference first: an expirer that checks after this keeps the medium
            self._touch(os.path.join(self._refs(media_id), okey))
            self._touch(os.path.join(self._owners, okey, media_id))
            # 2. refresh the content's mtime (the last put), or (re)write it if missing or torn
            try:
                fresh = os.stat(content).st_size != size
                if not fresh:
                    os.utime(content)
            except FileNotFoundError:
                fresh = True
            if fresh:
                if tmp is not None:
                    os.replace(tmp, content)
                    tmp = None
                else:
                    assert data is not None
                    self._write_atomic(content, data)
            # 3. metadata after the content (an expirer renames it away first)
            if fresh or not os.path.exists(self._meta(media_id)):
                self._write_atomic(self._meta(media_id), self._meta_bytes(size, mimetype, filename))
            _unlink(self._marker(media_id))
        finally:
            if tmp is not None:
                _unlink(tmp)
        return MediaInfo(media_id, mimetype, size, filename, media_id)

    def _commit_stream_sync(self, file: Any, tmp: str, hasher: Any, size: int, mimetype: str,
                            filename: str | None, owner: str) -> MediaInfo:
        try:
            file.close()
        except BaseException:
            _unlink(tmp)
            raise
        return self._put_sync(hasher.digest(), size, mimetype, filename, owner, None, tmp)

    def _read_meta(self, media_id: str) -> dict[str, Any] | None:
        try:
            with open(self._meta(media_id), "rb") as file:
                meta = json.loads(file.read(MAX_FILENAME * 8 + 1024))
        except FileNotFoundError:
            return None
        except ValueError:  # torn or foreign: unknown
            return None
        if (not isinstance(meta, dict) or not isinstance(meta.get("mimetype"), str)
                or not isinstance(meta.get("size"), int)
                or not (meta.get("filename") is None or isinstance(meta.get("filename"), str))):
            return None
        return meta

    def _read_marker(self, media_id: str) -> float | None:
        try:
            with open(self._marker(media_id), "rb") as file:
                return float(file.read(64))
        except (FileNotFoundError, ValueError):
            return None

    def _has_refs(self, media_id: str) -> bool:
        try:
            with os.scandir(self._refs(media_id)) as entries:
                return any(True for _ in entries)
        except (FileNotFoundError, NotADirectoryError):
            return False

    def _is_expired(self, media_id: str, content_mtime: float, now: float) -> bool:
        if self.owner_ttl and content_mtime + self.owner_ttl <= now:
            return True
        if self._has_refs(media_id):
            return False
        deadline = self._read_marker(media_id)
        return deadline is not None and deadline <= now

    def _expire(self, media_id: str) -> bool:
        """Remove an expired medium unless a put revives it meanwhile; True if it is gone."""
        tag = secrets.token_hex(8)
        dead_meta = os.path.join(self.root, f".dead-{tag}.meta")
        dead_content = os.path.join(self.root, f".dead-{tag}")
        try:
            os.replace(self._meta(media_id), dead_meta)
            had_meta = True
        except FileNotFoundError:
            had_meta = False
        try:
            os.replace(self._content(media_id), dead_content)
        except FileNotFoundError:  # another replica got there first
            if had_meta:
                _unlink(dead_meta)
            return True
        now = time.time()
        if not self._is_expired(media_id, os.stat(dead_content).st_mtime, now):
            if had_meta:  # a put came in between: put both back (identical to what it may have written)
                os.replace(dead_meta, self._meta(media_id))
            os.replace(dead_content, self._content(media_id))
            return False
        _unlink(dead_content)
        if had_meta:
            _unlink(dead_meta)
        _unlink(self._marker(media_id))
        refs = self._refs(media_id)
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            for okey in os.listdir(refs):
                ref = os.path.join(refs, okey)
                mtime = _mtime(ref)
                # lapsed references go; a fresh one belongs to a put that rewrites the medium
                if mtime is not None and self.owner_ttl and mtime + self.owner_ttl <= now:
                    _unlink(ref)
                    _unlink(os.path.join(self._owners, okey, media_id))
        with contextlib.suppress(OSError):
            os.rmdir(refs)
        return True

    def _stat_info(self, media_id: str) -> tuple[MediaInfo, float] | None:
        try:
            st = os.stat(self._content(media_id))
        except FileNotFoundError:
            return None
        meta = self._read_meta(media_id)
        if meta is None or meta["size"] != st.st_size:
            return None
        return MediaInfo(media_id, meta["mimetype"], meta["size"], meta["filename"], media_id), st.st_mtime

    def _info_sync(self, media_id: str) -> MediaInfo | None:
        # Missing parts while a reference exists: an expirer on some replica has renamed them
        # away and is about to put them back (a put came in between). Wait a moment for it.
        for delay in _SETTLE_DELAYS:
            if delay:
                time.sleep(delay)
            found = self._stat_info(media_id)
            if found is not None:
                break
            if not self._has_refs(media_id):
                return None
        else:
            return None
        info, mtime = found
        if self._is_expired(media_id, mtime, time.time()) and self._expire(media_id):
            return None
        return info

    def _read_sync(self, media_id: str, start: int, end: int | None) -> bytes | None:
        for _ in range(3):
            info = self._info_sync(media_id)
            if info is None:
                return None
            first, last = _slice(info.size, start, end)
            try:
                with open(self._content(media_id), "rb") as file:
                    file.seek(first)
                    data = file.read(last - first)
            except FileNotFoundError:  # renamed away between the two looks: look again
                continue
            return data if len(data) == last - first else None
        return None

    def _release_sync(self, okey: str, keep: frozenset[str]) -> None:
        folder = os.path.join(self._owners, okey)
        try:
            names = os.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            return
        for media_id in names:
            if not is_media_id(media_id) or media_id in keep:
                continue
            _unlink(os.path.join(self._refs(media_id), okey))
            _unlink(os.path.join(folder, media_id))
            if not self._has_refs(media_id) and os.path.exists(self._content(media_id)):
                self._write_atomic(self._marker(media_id), repr(time.time() + self.grace).encode())
        if not keep:
            with contextlib.suppress(OSError):
                os.rmdir(folder)  # only if empty; a concurrent put re-creates it

    def _sweep_sync(self) -> int:
        now = time.time()
        removed = 0
        for name in os.listdir(self.root):
            path = os.path.join(self.root, name)
            if is_media_id(name):
                mtime = _mtime(path)
                if mtime is None:
                    continue
                if self._is_expired(name, mtime, now):
                    removed += self._expire(name)
                elif not self._has_refs(name) and self._read_marker(name) is None:
                    # no owner and no deadline (a writer crashed in between): start its grace now
                    self._write_atomic(self._marker(name), repr(now + self.grace).encode())
            elif name.startswith((".tmp-", ".dead-")):
                mtime = _mtime(path)
                if mtime is not None and mtime + _LEFTOVER_AGE <= now:
                    _unlink(path)
            elif name.endswith((".meta", ".refs", ".expires")):
                media_id = name.rpartition(".")[0]
                mtime = _mtime(path)
                if (is_media_id(media_id) and mtime is not None and mtime + _LEFTOVER_AGE <= now
                        and not os.path.exists(self._content(media_id))):
                    self._remove_leftover(media_id, path)
        for okey in os.listdir(self._owners):
            folder = os.path.join(self._owners, okey)
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                names = os.listdir(folder)
                for media_id in names:
                    mtime = _mtime(os.path.join(folder, media_id))
                    stale = mtime is not None and mtime + _LEFTOVER_AGE <= now
                    if stale and not os.path.exists(self._content(media_id)):
                        _unlink(os.path.join(folder, media_id))
                        _unlink(os.path.join(self._refs(media_id), okey))
                mtime = _mtime(folder)
                if not names and mtime is not None and mtime + _LEFTOVER_AGE <= now:
                    with contextlib.suppress(OSError):
                        os.rmdir(folder)
        return removed

    def _remove_leftover(self, media_id: str, path: str) -> None:
        if not path.endswith(".refs"):
            _unlink(path)
            return
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            for okey in os.listdir(path):
                _unlink(os.path.join(self._owners, okey, media_id))
                _unlink(os.path.join(path, okey))
        with contextlib.suppress(OSError):
            os.rmdir(path)


def _close_unused_temp(future: asyncio.Future[tuple[int, str]]) -> None:
    """A temp file opened for an upload that was cancelled meanwhile: close and remove it."""
    if future.cancelled() or future.exception() is not None:
        return
    fd, tmp = future.result()
    with contextlib.suppress(OSError):
        os.close(fd)
    _unlink(tmp)


def _os_error(err: OSError) -> MediaStoreError:
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return MediaTooLarge("the media store is full (no space left on its disk)")
    return MediaStoreError(f"the media directory is not usable ({err.strerror or type(err).__name__})")


# --- redis:// -------------------------------------------------------------------------------------

# KEYS: data, meta, owners, owner index; ARGV: id, owner key, owner_ttl ms (0 = none)
_LUA_REF = """
local ttl = tonumber(ARGV[3])
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('SADD', KEYS[4], ARGV[1])
for i = 1, 4 do
  if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) else redis.call('PERSIST', KEYS[i]) end
end
"""

# Add a reference to a stored medium; 0 if it is not stored (then PUT sends the bytes).
_LUA_ADDREF = """
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
""" + _LUA_REF + """
return 1
"""

# ARGV 4..: data, mimetype, size, filename (absent = None)
_LUA_PUT = """
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[1], ARGV[4])
  redis.call('DEL', KEYS[2])
  if #ARGV >= 7 then
    redis.call('HSET', KEYS[2], 'mimetype', ARGV[5], 'size', ARGV[6], 'filename', ARGV[7])
  else
    redis.call('HSET', KEYS[2], 'mimetype', ARGV[5], 'size', ARGV[6])
  end
end
""" + _LUA_REF + """
return 1
"""

# KEYS as above; ARGV: id, owner key, grace ms. The last owner gone: data and meta live `grace`.
_LUA_RELEASE = """
redis.call('SREM', KEYS[4], ARGV[1])
if redis.call('SREM', KEYS[3], ARGV[2]) == 1 and redis.call('SCARD', KEYS[3]) == 0 then
  local grace = tonumber(ARGV[3])
  for i = 1, 2 do
    local left = redis.call('PTTL', KEYS[i])
    if left == -1 or left > grace then
      if grace > 0 then redis.call('PEXPIRE', KEYS[i], grace) else redis.call('DEL', KEYS[i]) end
    end
  end
end
return 1
"""

# KEYS: data; ARGV: start, end ('' = none), as Python slices. nil if not stored.
_LUA_READ = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local n = redis.call('STRLEN', KEYS[1])
local s = tonumber(ARGV[1])
local e = n
if ARGV[2] ~= '' then e = tonumber(ARGV[2]) end
if s < 0 then s = math.max(0, s + n) end
if s > n then s = n end
if e < 0 then e = math.max(0, e + n) end
if e > n then e = n end
if e <= s then return '' end
return redis.call('GETRANGE', KEYS[1], s, e - 1)
"""


class RedisMediaStore(MediaStore):
    """Media in Redis, shared by every replica that uses the same server, database and prefix.

    Keys (``{...}`` is a Redis Cluster hash tag: a medium's keys share a slot)::

        <prefix>{<id>}:data      string: the bytes (ranges are served with GETRANGE)
        <prefix>{<id>}:meta      hash: mimetype, size, filename (absent for None)
        <prefix>{<id>}:owners    set: owner keys referencing the medium
        <prefix>owner:<owner>    set: ids one owner references

    ``<owner>`` is a SHA-256 prefix of the owner (session id). Each change is one Lua script, so
    it is atomic. Owned media carry an expiry of ``owner_ttl`` refreshed by every put (or none
    if ``owner_ttl`` is 0); when the last owner releases a medium, its keys get an expiry of
    ``grace`` -- Redis itself removes what is no longer shown, and no sweep is needed. A put of a
    stored medium sends no bytes (one script checks and references it).

    Options (keywords or ``redis://host:port/db?name=value``): ``grace`` (default 60),
    ``owner_ttl`` (default 86400; 0 = never), ``prefix`` (default ``jr:media:``). Other query
    parameters go to redis-py (``socket_timeout``, ``ssl_cert_reqs``, ...); defaults here:
    ``socket_connect_timeout=5``, ``socket_timeout=10``, two quick retries on connection errors.
    Connection errors raise :class:`MediaStoreError`; Redis refusing a write for lack of memory
    (maxmemory) raises :class:`MediaTooLarge`. Needs the ``redis`` package
    (``pip install jupyter_reactive[redis]``).
    """

    OPTIONS: Mapping[str, Callable[[Any], Any]] = {"grace": _seconds, "owner_ttl": _seconds, "prefix": _text}

    def __init__(self, url: str = "redis://localhost:6379/0", *, secret: bytes, grace: float = DEFAULT_GRACE,
                 owner_ttl: float = DEFAULT_OWNER_TTL, prefix: str = "jr:media:"):
        try:
            import redis.asyncio as aioredis
            from redis.asyncio.retry import Retry
            from redis.backoff import ExponentialBackoff
            from redis.exceptions import ConnectionError as RedisConnectionError
            from redis.exceptions import OutOfMemoryError, RedisError, ResponseError
            from redis.exceptions import TimeoutError as RedisTimeoutError
        except ImportError as err:
            raise ImportError("a redis:// media store needs the redis package: "
                              "pip install 'jupyter_reactive[redis]'") from err
        self._secret = _check_secret(secret)
        self.grace = _seconds(grace)
        self.owner_ttl = _seconds(owner_ttl)
        self.prefix = _text(prefix)
        self._errors = (RedisError, OSError)
        self._response_error = ResponseError
        self._oom_error = OutOfMemoryError
        parsed = urllib.parse.urlsplit(url)
        self._where = f"{parsed.hostname or 'localhost'}:{parsed.port or 6379}{parsed.path or ''}"
        try:
            self._redis = aioredis.Redis.from_url(
                url, socket_connect_timeout=5.0, socket_timeout=10.0,
                retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 2),
                retry_on_error=[RedisConnectionError, RedisTimeoutError])
            self._redis.connection_pool.make_connection()  # checks the options, connects nothing
        except (TypeError, ValueError) as err:
            raise ValueError(f"bad redis media store URL or option: {err}") from None
        self._script_addref = self._redis.register_script(_LUA_ADDREF)
        self._script_put = self._redis.register_script(_LUA_PUT)
        self._script_release = self._redis.register_script(_LUA_RELEASE)
        self._script_read = self._redis.register_script(_LUA_READ)
        self._closed = False

    @classmethod
    def from_parsed_url(cls, parsed: urllib.parse.SplitResult, *, secret: bytes, **options: Any) -> RedisMediaStore:
        kwargs, rest = _options(parsed, cls.OPTIONS, options, passthrough=True)
        url = urllib.parse.urlunsplit(parsed._replace(query=urllib.parse.urlencode(rest)))
        return cls(url, secret=secret, **kwargs)

    def __repr__(self) -> str:  # never the password
        return f"<RedisMediaStore {self._where} prefix={self.prefix!r}>"

    def _keys(self, media_id: str, okey: str) -> list[str]:
        base = f"{self.prefix}{{{media_id}}}"
        return [f"{base}:data", f"{base}:meta", f"{base}:owners", f"{self.prefix}owner:{okey}"]

    @property
    def _ttl_ms(self) -> int:
        return max(1, round(self.owner_ttl * 1000)) if self.owner_ttl else 0

    @property
    def _grace_ms(self) -> int:
        return max(1, round(self.grace * 1000)) if self.grace else 0

    async def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self._closed:
            raise MediaStoreError("the media store is closed")
        try:
            return await fn(*args, **kwargs)
        except self._response_error as err:
            if isinstance(err, self._oom_error) or str(err).startswith("OOM"):
                raise MediaTooLarge("the media store is full (redis is out of memory)") from err
            raise MediaStoreError("the media store (redis) refused the request") from err
        except self._errors as err:
            raise MediaStoreError(f"the media store (redis at {self._where}) is unreachable") from err

    async def put(self, data: bytes, mimetype: str, *, owner: str, filename: str | None = None) -> MediaInfo:
        data, mimetype, filename = _as_bytes(data), clean_mimetype(mimetype), _check_filename(filename)
        owner = _check_owner(owner)
        return await self._store(await _sha256(data), data, mimetype, filename, owner)

    async def put_stream(self, chunks: AsyncIterator[bytes], mimetype: str, *, owner: str,
                         filename: str | None, max_size: int) -> MediaInfo:
        mimetype, owner, filename = clean_mimetype(mimetype), _check_owner(owner), _check_filename(filename)
        hasher, parts, size = hashlib.sha256(), [], 0
        async for chunk in chunks:
            chunk = _as_bytes(chunk)
            size += len(chunk)
            if size > max_size:
                raise _too_large(max_size)
            hasher.update(chunk)
            parts.append(chunk)
        return await self._store(hasher.digest(), b"".join(parts), mimetype, filename, owner)

    async def _store(self, digest: bytes, data: bytes, mimetype: str, filename: str | None, owner: str) -> MediaInfo:
        media_id = _media_id(self._secret, digest, mimetype, filename)
        okey = _owner_key(owner)
        keys = self._keys(media_id, okey)
        args: list[Any] = [media_id, okey, self._ttl_ms]
        if not await self._call(self._script_addref, keys=keys, args=args):
            args += [data, mimetype, len(data)]
            if filename is not None:
                args.append(filename.encode("utf-8", "surrogatepass"))
            await self._call(self._script_put, keys=keys, args=args)
        return MediaInfo(media_id, mimetype, len(data), filename, media_id)

    async def info(self, media_id: str) -> MediaInfo | None:
        if not is_media_id(media_id):
            return None
        meta = await self._call(self._redis.hgetall, self._keys(media_id, "")[1])
        try:
            mimetype = meta[b"mimetype"].decode("ascii")
            size = int(meta[b"size"])
            raw_name = meta.get(b"filename")
            filename = None if raw_name is None else raw_name.decode("utf-8", "surrogatepass")
        except (KeyError, ValueError, AttributeError):
            return None  # unknown, expired, or not ours
        return MediaInfo(media_id, mimetype, size, filename, media_id)

    async def read(self, media_id: str, start: int = 0, end: int | None = None) -> bytes | None:
        _check_range(start, end)
        if not is_media_id(media_id):
            return None
        return await self._call(self._script_read, keys=[self._keys(media_id, "")[0]],
                                args=[start, "" if end is None else end])

    async def release(self, owner: str, keep: Collection[str] = ()) -> None:
        okey = _owner_key(_check_owner(owner))
        index = f"{self.prefix}owner:{okey}"
        members = await self._call(self._redis.smembers, index)
        keep = set(keep)
        drop = [i for i in (m.decode("ascii", "replace") for m in members) if is_media_id(i) and i not in keep]
        for i in range(0, len(drop), 500):
            pipe = self._redis.pipeline(transaction=False)
            for media_id in drop[i:i + 500]:
                await self._script_release(keys=self._keys(media_id, okey), args=[media_id, okey, self._grace_ms],
                                           client=pipe)
            await self._call(pipe.execute)

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await self._redis.aclose()


_BUILTIN: dict[str, type[MediaStore]] = {
    "memory": MemoryMediaStore,
    "file": DirectoryMediaStore,
    "redis": RedisMediaStore,
    "rediss": RedisMediaStore,
}

__all__ = [
    "ENTRY_POINT_GROUP", "DirectoryMediaStore", "MediaInfo", "MediaStore", "MediaStoreError", "MediaTooLarge",
    "MemoryMediaStore", "RedisMediaStore", "clean_mimetype", "is_media_id",
]
