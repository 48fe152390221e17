"""``file:///dir``: :class:`DirectoryCacheStore`, cached results as files in a directory (server
loop; file work on worker threads). Also the default store, in Jupyter's runtime directory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import shutil
import time
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any

from ..media.options import _options, _positive_int
from .base import (
    DEFAULT_MAX_BYTES,
    CacheEntry,
    CacheStore,
    CacheStoreError,
    CacheTooLarge,
    decode_entry,
    encode_entry_async,
)

log = logging.getLogger(__name__)

#: Temp files of writers that crashed are removed by a scan once older than this (seconds).
_LEFTOVER_AGE = 3600.0
#: Puts between two scans of the whole directory (other replicas' writes are only seen by scans).
_RESCAN_EVERY = 200


class DirectoryCacheStore(CacheStore):
    """Entries as ``<root>/<app namespace>/<function key>/<call key>`` files, written to a temp
    file and renamed into place (readers never see half an entry), so several servers may share
    the directory (``file:///shared/dir`` on a network mount). A hit touches the file's mtime:
    least recently used = oldest mtime. The bytes in use are counted as entries are written and
    recounted by a scan of the directory every few hundred puts, when the count passes the cap
    (then the oldest files go first), and after a clear.

    Options (keywords or ``file:///dir?max_bytes=...``): ``max_bytes`` (default 1 GiB).
    """

    OPTIONS: Mapping[str, Callable[[Any], Any]] = {"max_bytes": _positive_int}

    def __init__(self, root: str, *, max_bytes: int = DEFAULT_MAX_BYTES):
        if not os.path.isabs(root):
            raise ValueError("the cache directory must be an absolute path")
        self.root = root
        self.max_bytes = _positive_int(max_bytes)
        self._used: int | None = None  # None: unknown, scan before trusting it
        self._puts = 0

    @classmethod
    def from_parsed_url(cls, parsed: urllib.parse.SplitResult, **options: Any) -> DirectoryCacheStore:
        if parsed.netloc not in ("", "localhost"):
            raise ValueError("file:// cache store URLs name a local path: file:///abs/dir")
        kwargs, _ = _options(parsed, cls.OPTIONS, options, what="cache store")
        return cls(urllib.parse.unquote(parsed.path), **kwargs)

    def __repr__(self) -> str:
        return f"<DirectoryCacheStore max_bytes={self.max_bytes}>"

    def _path(self, ns: str, fn: str, key: str | None = None) -> str:
        parts = [self.root, ns, fn] + ([key] if key else [])
        return os.path.join(*parts)

    async def _run(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return await asyncio.to_thread(fn, *args)
        except CacheStoreError:
            raise
        except OSError as err:
            raise CacheStoreError("the cache directory cannot be used (see the server log)") from err

    async def get(self, ns: str, fn: str, key: str) -> CacheEntry | None:
        return await self._run(self._get, ns, fn, key)

    def _get(self, ns: str, fn: str, key: str) -> CacheEntry | None:
        path = self._path(ns, fn, key)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            return None
        try:
            entry = decode_entry(data, ns, fn, key)
        except ValueError as err:
            log.warning("jupyter_reactive: dropped an unreadable cache entry (%s)", err)
            self._unlink(path)
            return None
        if entry.expires is not None and entry.expires <= time.time():
            self._unlink(path)
            return None
        with contextlib.suppress(FileNotFoundError):
            os.utime(path)  # least recently used goes first
        return entry

    def _unlink(self, path: str) -> None:
        try:
            size = os.stat(path).st_size
            os.unlink(path)
        except FileNotFoundError:
            return
        if self._used is not None:
            self._used -= size

    async def put(
        self, ns: str, fn: str, key: str, value: bytes, *, ttl: float | None, max_entries: int | None
    ) -> None:
        expires = None if ttl is None else time.time() + ttl
        data = await encode_entry_async(ns, fn, key, value, expires)
        if len(data) > self.max_bytes:
            raise CacheTooLarge(
                f"the result is {len(data)} bytes, over the cache store's cap of {self.max_bytes} bytes"
            )
        await self._run(self._put, ns, fn, key, data, max_entries)

    def _put(self, ns: str, fn: str, key: str, data: bytes, max_entries: int | None) -> None:
        folder = self._path(ns, fn)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        path = os.path.join(folder, key)
        tmp = os.path.join(folder, f".tmp-{secrets.token_hex(8)}")
        try:
            with open(tmp, "wb") as f:
                f.write(data)
            self._unlink(path)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if self._used is not None:
            self._used += len(data)
        if max_entries is not None:
            self._trim_function(folder, max_entries)
        self._puts += 1
        if self._used is None or self._used > self.max_bytes or self._puts % _RESCAN_EVERY == 0:
            self._evict()

    def _trim_function(self, folder: str, max_entries: int) -> None:
        files = []
        with os.scandir(folder) as it:
            for item in it:
                if not item.name.startswith("."):
                    with contextlib.suppress(FileNotFoundError):
                        files.append((item.stat().st_mtime_ns, item.path))
        files.sort()
        for _mtime, path in files[: max(0, len(files) - max_entries)]:
            self._unlink(path)

    def _scan(self) -> list[tuple[int, int, str]]:
        """Every entry as (mtime ns, size, path); crashed writers' temp files are removed."""
        found = []
        now = time.time()
        for dirpath, _dirs, names in os.walk(self.root):
            for name in names:
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    continue
                if name.startswith(".tmp-"):
                    if now - st.st_mtime > _LEFTOVER_AGE:
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(path)
                    continue
                found.append((st.st_mtime_ns, st.st_size, path))
        return found

    def _evict(self) -> None:
        """Recount the bytes in use and drop the least recently used entries beyond the cap."""
        files = sorted(self._scan())
        used = sum(size for _m, size, _p in files)
        for _mtime, size, path in files:
            if used <= self.max_bytes:
                break
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            used -= size
        self._used = used

    async def clear(self, ns: str, fn: str | None = None, key: str | None = None) -> None:
        if fn and key:
            await self._run(self._unlink, self._path(ns, fn, key))
            return
        path = self._path(ns, fn) if fn else os.path.join(self.root, ns)
        await self._run(shutil.rmtree, path, True)
        self._used = None

    async def lease(self, ns: str, fn: str, key: str, holder: str, seconds: float) -> bool:
        """Always granted: servers sharing a directory may compute the same entry at once."""
        return True

    async def unlease(self, ns: str, fn: str, key: str, holder: str) -> None:
        """Nothing to give back (see :meth:`lease`)."""

    async def announce(self, message: dict[str, Any]) -> None:
        """Nothing: replicas sharing a directory do not hear each other's clears (their sessions
        keep what they hold in memory until its ttl or their own clear)."""

    async def listen(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """Nothing to listen to (see :meth:`announce`)."""

    async def close(self) -> None:
        pass

    def remove(self) -> None:
        """Delete the whole directory (the default store's, when its server stops)."""
        shutil.rmtree(self.root, ignore_errors=True)
