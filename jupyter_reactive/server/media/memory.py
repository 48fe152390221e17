"""``memory://``: :class:`MemoryMediaStore`, media in this process's memory (server loop)."""

from __future__ import annotations

import math
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from typing import Any

from .base import (
    DEFAULT_GRACE,
    DEFAULT_OWNER_TTL,
    DEFAULT_SWEEP_INTERVAL,
    MediaInfo,
    MediaTooLarge,
    _as_bytes,
    _check_filename,
    _check_owner,
    _check_range,
    _gather,
    _human,
    _media_id,
    _sha256,
    _Sweeping,
    clean_mimetype,
    is_media_id,
)
from .options import _options, _positive_int, _positive_seconds, _seconds

DEFAULT_MAX_BYTES = 512 * 1024 * 1024


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

    process_local = True

    OPTIONS: Mapping[str, Callable[[Any], Any]] = {
        "max_bytes": _positive_int,
        "grace": _seconds,
        "owner_ttl": _seconds,
        "sweep_interval": _positive_seconds,
    }

    def __init__(
        self,
        *,
        secret: bytes,
        max_bytes: int = DEFAULT_MAX_BYTES,
        grace: float = DEFAULT_GRACE,
        owner_ttl: float = DEFAULT_OWNER_TTL,
        sweep_interval: float = DEFAULT_SWEEP_INTERVAL,
    ):
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

    async def put_stream(
        self, chunks: AsyncIterator[bytes], mimetype: str, *, owner: str, filename: str | None, max_size: int
    ) -> MediaInfo:
        self._open()
        mimetype, owner, filename = clean_mimetype(mimetype), _check_owner(owner), _check_filename(filename)
        digest, data = await _gather(chunks, max_size, self.max_bytes)
        self._open()
        return self._add(digest, data, mimetype, filename, owner)

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
            raise MediaTooLarge(
                f"a medium of {_human(size)} is larger than the media store's limit of {_human(self.max_bytes)}",
                self.max_bytes,
            )
        if self._used + size <= self.max_bytes:
            return
        self._sweep_now(now)
        unowned = sorted((e.expires or math.inf, i) for i, e in self._entries.items() if not e.owners)
        for _, media_id in unowned:
            if self._used + size <= self.max_bytes:
                break
            self._drop(media_id)
        if self._used + size > self.max_bytes:
            raise MediaTooLarge(
                f"the media store is full ({_human(self._used)} of {_human(self.max_bytes)} in use by "
                f"media on show); a medium of {_human(size)} does not fit",
                self.max_bytes,
            )

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
