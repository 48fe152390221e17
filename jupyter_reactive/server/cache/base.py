"""The CacheStore contract, its errors and the entry format every store shares (server process,
server loop)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import struct
import time
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Default size cap of a store, in bytes (``ReactiveApp.cache_max_bytes``).
DEFAULT_MAX_BYTES = 1 << 30

_HEX64 = re.compile(r"[0-9a-f]{64}")
_MAGIC = b"JRC1"
_LEN = struct.Struct(">I")


class CacheStoreError(Exception):
    """The store is unreachable or broken. The text is safe to log and to show (no URL, password
    or path); the cause is chained."""


class CacheTooLarge(CacheStoreError):
    """One result is larger than the store's whole cap: it is not stored."""


def is_key(value: object) -> bool:
    """True for a well-formed key: 64 lowercase hex digits (a SHA-256)."""
    return isinstance(value, str) and len(value) == 64 and _HEX64.fullmatch(value) is not None


def app_namespace(app: str) -> str:
    """The namespace of an app's entries: a hash of the app's identity -- its path under the
    server's root for a store replicas share (every replica serving the file agrees), its
    absolute path for the default stores -- so no app can name another's entries."""
    return hashlib.sha256(b"jupyter_reactive.cache\0" + app.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass(frozen=True)
class CacheEntry:
    """One cached result as a store returns it."""

    #: the pickled result, as the kernel sent it
    value: bytes
    #: wall-clock time (epoch seconds) it expires at; None = only evicted, never expired
    expires: float | None

    def expires_in(self, now: float | None = None) -> float | None:
        return None if self.expires is None else max(0.0, self.expires - (time.time() if now is None else now))


def encode_entry(ns: str, fn: str, key: str, value: bytes, expires: float | None) -> bytes:
    """What a store keeps for one result: ``JRC1 | u32 header length | header JSON | value``; the
    header names the app, function and key it belongs to and the value's size and CRC-32 (a
    check against damage, not an attacker: it is several times cheaper than a SHA-256 on a
    large value), so an entry that is truncated, corrupt or copied from elsewhere is
    recognised on read."""
    header = json.dumps(
        {
            "ns": ns,
            "fn": fn,
            "key": key,
            "expires": expires,
            "size": len(value),
            "crc32": zlib.crc32(value),
        },
        separators=(",", ":"),
    ).encode()
    return _MAGIC + _LEN.pack(len(header)) + header + value


#: Entries at least this large are encoded and checked on a worker thread, not on the loop.
THREAD_SIZE = 1 << 20


async def encode_entry_async(ns: str, fn: str, key: str, value: bytes, expires: float | None) -> bytes:
    """:func:`encode_entry`, on a worker thread for a large value (hashing and copying 100 MB
    would stall every session of the server for a fraction of a second)."""
    if len(value) >= THREAD_SIZE:
        return await asyncio.to_thread(encode_entry, ns, fn, key, value, expires)
    return encode_entry(ns, fn, key, value, expires)


async def decode_entry_async(data: bytes, ns: str, fn: str, key: str) -> CacheEntry:
    """:func:`decode_entry`, on a worker thread for a large entry."""
    if len(data) >= THREAD_SIZE:
        return await asyncio.to_thread(decode_entry, data, ns, fn, key)
    return decode_entry(data, ns, fn, key)


def decode_entry(data: bytes, ns: str, fn: str, key: str) -> CacheEntry:
    """The entry in ``data`` if it is intact and is this app's, function's and key's.

    Raises:
        ValueError: truncated, corrupt, or another app's (or function's, or key's) entry; the
            caller drops it and computes again.
    """
    if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + _LEN.size:
        raise ValueError("not a cache entry")
    (size,) = _LEN.unpack_from(data, len(_MAGIC))
    start = len(_MAGIC) + _LEN.size
    try:
        header = json.loads(data[start : start + size])
        value = data[start + size :]
        expires = header["expires"]
        ok = (
            header["ns"] == ns
            and header["fn"] == fn
            and header["key"] == key
            and header["size"] == len(value)
            and (expires is None or isinstance(expires, (int, float)))
        )
    except (ValueError, KeyError, TypeError):
        raise ValueError("corrupt cache entry header") from None
    if not ok:
        raise ValueError("cache entry of another app, function or key, or truncated")
    if zlib.crc32(value) != header.get("crc32"):
        raise ValueError("cache entry does not match its checksum")
    return CacheEntry(value, None if expires is None else float(expires))


class CacheStore(ABC):
    """``cache_data`` results of every session of every app, shared by the replicas that use the
    same backend. Entries are addressed by (app namespace, function key, call key); the caller
    (:class:`~.service.CacheService`) checks keys before calling.

    Size: at most ``max_bytes`` in all (entry headers included); storing more evicts the least
    recently used entries (a hit counts as a use). A function's ``max_entries`` evicts that
    function's least recently used entries beyond it. An expired entry reads as absent.

    Errors: :class:`CacheStoreError` when the backend is unreachable or broken,
    :class:`CacheTooLarge` for a single result over the cap. A corrupt, truncated or foreign
    entry is dropped and reads as absent (logged), never raised.

    Instances are bound to the server loop and are not thread-safe.
    """

    max_bytes: int

    @abstractmethod
    async def get(self, ns: str, fn: str, key: str) -> CacheEntry | None:
        """The entry, or None if absent, expired or unreadable (then it is dropped)."""

    @abstractmethod
    async def put(
        self, ns: str, fn: str, key: str, value: bytes, *, ttl: float | None, max_entries: int | None
    ) -> None:
        """Store (or replace) an entry that expires ``ttl`` seconds from now (None: never), then
        evict: this function's oldest beyond ``max_entries``, everyone's oldest beyond the cap.

        Raises:
            CacheTooLarge: the entry alone is larger than ``max_bytes`` (nothing is stored).
            CacheStoreError: the backend is unreachable.
        """

    @abstractmethod
    async def clear(self, ns: str, fn: str | None = None, key: str | None = None) -> None:
        """Drop one entry (``fn`` and ``key``), one function's entries of an app, or all of the
        app's; unknown ones: a no-op."""

    @abstractmethod
    async def lease(self, ns: str, fn: str, key: str, holder: str, seconds: float) -> bool:
        """Take the store-wide right to compute an entry for ``seconds`` (True), unless another
        ``holder`` (a server) has it (False). A store used by one server only says True."""

    @abstractmethod
    async def unlease(self, ns: str, fn: str, key: str, holder: str) -> None:
        """Give back a lease ``holder`` took (another holder's is left alone)."""

    @abstractmethod
    async def announce(self, message: dict[str, Any]) -> None:
        """Tell the other servers sharing this store (JSON-able ``message``); a store without a
        way to do so does nothing. Raises :class:`CacheStoreError`."""

    @abstractmethod
    async def listen(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """From now on, call ``callback`` (on the server loop) with every other server's
        announcement, including this one's own (the caller tells them apart). Called once."""

    @abstractmethod
    async def close(self) -> None:
        """Let go of connections (and stop listening); idempotent."""
