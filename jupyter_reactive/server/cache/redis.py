"""``redis://`` and ``rediss://``: :class:`RedisCacheStore`, cached results in one Redis for
every replica (server loop). Connection handling is the media store's (``media/redis.py``)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any

from ..media.options import _options, _positive_int, _text
from ..media.redis import redis_client, redis_where
from .base import (
    DEFAULT_MAX_BYTES,
    CacheEntry,
    CacheStore,
    CacheStoreError,
    CacheTooLarge,
    decode_entry_async,
    encode_entry_async,
)

log = logging.getLogger(__name__)

# Forget one entry and its bookkeeping. Entry keys end in ":<fn 64 hex>:<key 64 hex>"; a
# function's index is the entry key without ":<key>" plus ":idx".
_LUA_DROP_FN = """
local function drop(k, sizes, total, lru)
  redis.call('DEL', k)
  local s = redis.call('HGET', sizes, k)
  if s then
    redis.call('DECRBY', total, s)
    redis.call('HDEL', sizes, k)
  end
  redis.call('ZREM', lru, k)
  redis.call('ZREM', string.sub(k, 1, -66) .. ':idx', string.sub(k, -64))
end
"""

# KEYS: entry, lru, sizes, total, fn index; ARGV: value, ttl ms (0 none), now ms, cap,
# max entries (0 none), key
_LUA_PUT = (
    _LUA_DROP_FN
    + """
local size = string.len(ARGV[1])
local old = redis.call('HGET', KEYS[3], KEYS[1])
if old then redis.call('DECRBY', KEYS[4], old) end
if tonumber(ARGV[2]) > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[1])
end
redis.call('HSET', KEYS[3], KEYS[1], size)
redis.call('INCRBY', KEYS[4], size)
redis.call('ZADD', KEYS[2], ARGV[3], KEYS[1])
redis.call('ZADD', KEYS[5], ARGV[3], ARGV[6])
local most = tonumber(ARGV[5])
if most > 0 then
  local extra = redis.call('ZCARD', KEYS[5]) - most
  if extra > 0 then
    local prefix = string.sub(KEYS[5], 1, -5) .. ':'
    for _, victim in ipairs(redis.call('ZRANGE', KEYS[5], 0, extra - 1)) do
      drop(prefix .. victim, KEYS[3], KEYS[4], KEYS[2])
    end
  end
end
local cap = tonumber(ARGV[4])
while tonumber(redis.call('GET', KEYS[4]) or '0') > cap do
  local victim = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
  if not victim then break end
  drop(victim, KEYS[3], KEYS[4], KEYS[2])
end
return 1
"""
)

# KEYS: entry, lru, sizes, total, fn index; ARGV: now ms, key. The value, or nil (its
# bookkeeping dropped: it expired or was evicted).
_LUA_GET = (
    _LUA_DROP_FN
    + """
local v = redis.call('GET', KEYS[1])
if not v then
  drop(KEYS[1], KEYS[3], KEYS[4], KEYS[2])
  return false
end
redis.call('ZADD', KEYS[2], ARGV[1], KEYS[1])
redis.call('ZADD', KEYS[5], ARGV[1], ARGV[2])
return v
"""
)

# KEYS: entry, lru, sizes, total
_LUA_DROP = (
    _LUA_DROP_FN
    + """
drop(KEYS[1], KEYS[3], KEYS[4], KEYS[2])
return 1
"""
)


# KEYS: lease; ARGV: holder, ms. 1 if the holder has the lease now.
_LUA_LEASE = """
local got = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
if got then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"""

# KEYS: lease; ARGV: holder
_LUA_UNLEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
"""


def _glob_escape(text: str) -> str:
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


class RedisCacheStore(CacheStore):
    """Entries in Redis, shared by every replica that uses the same server, database and prefix.

    Keys::

        <prefix><ns>:<fn>:<key>    string: the entry (expires with the result's ttl)
        <prefix><ns>:<fn>:idx      sorted set: a function's keys by last use (for max_entries)
        <prefix>lru                sorted set: every entry key by last use (for the cap)
        <prefix>sizes, <prefix>total   hash: entry key -> bytes; their sum
        <prefix><ns>:<fn>:<key>:lease   string: the server computing it (expires)

    Each get and put is one Lua script, so the cap holds across replicas. A standalone Redis
    (scripts touch keys they compute, which Redis Cluster refuses). Options (keywords or
    ``redis://host:port/db?name=value``): ``max_bytes`` (default 1 GiB), ``prefix`` (default
    ``jr:cache:``); other query parameters go to redis-py. Unreachable: :class:`CacheStoreError`.
    """

    OPTIONS: Mapping[str, Callable[[Any], Any]] = {"max_bytes": _positive_int, "prefix": _text}

    def __init__(self, url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, prefix: str = "jr:cache:"):
        self.max_bytes = _positive_int(max_bytes)
        self.prefix = _text(prefix)
        self._redis, self._errors, self._response_error, _oom = redis_client(url, "cache store")
        self._where = redis_where(url)
        self._put = self._redis.register_script(_LUA_PUT)
        self._get = self._redis.register_script(_LUA_GET)
        self._drop = self._redis.register_script(_LUA_DROP)
        self._lease = self._redis.register_script(_LUA_LEASE)
        self._unlease = self._redis.register_script(_LUA_UNLEASE)
        self._closed = False
        self._listener: asyncio.Task[None] | None = None

    @classmethod
    def from_parsed_url(cls, parsed: urllib.parse.SplitResult, **options: Any) -> RedisCacheStore:
        kwargs, rest = _options(parsed, cls.OPTIONS, options, passthrough=True, what="cache store")
        url = urllib.parse.urlunsplit(parsed._replace(query=urllib.parse.urlencode(rest)))
        return cls(url, **kwargs)

    def __repr__(self) -> str:  # never the password
        return f"<RedisCacheStore {self._where} prefix={self.prefix!r}>"

    def _keys(self, ns: str, fn: str, key: str) -> list[str]:
        p = self.prefix
        return [f"{p}{ns}:{fn}:{key}", f"{p}lru", f"{p}sizes", f"{p}total", f"{p}{ns}:{fn}:idx"]

    async def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self._closed:
            raise CacheStoreError("the cache store is closed")
        try:
            return await fn(*args, **kwargs)
        except self._response_error as err:
            raise CacheStoreError("the cache store (redis) refused the request") from err
        except self._errors as err:
            raise CacheStoreError(f"the cache store (redis at {self._where}) is unreachable") from err

    async def get(self, ns: str, fn: str, key: str) -> CacheEntry | None:
        keys = self._keys(ns, fn, key)
        data = await self._call(self._get, keys=keys, args=[int(time.time() * 1000), key])
        if data is None:
            return None
        try:
            entry = await decode_entry_async(bytes(data), ns, fn, key)
        except ValueError:
            await self._call(self._drop, keys=keys[:4])
            return None
        if entry.expires is not None and entry.expires <= time.time():
            await self._call(self._drop, keys=keys[:4])
            return None
        return entry

    async def put(
        self, ns: str, fn: str, key: str, value: bytes, *, ttl: float | None, max_entries: int | None
    ) -> None:
        expires = None if ttl is None else time.time() + ttl
        data = await encode_entry_async(ns, fn, key, value, expires)
        if len(data) > self.max_bytes:
            raise CacheTooLarge(
                f"the result is {len(data)} bytes, over the cache store's cap of {self.max_bytes} bytes"
            )
        ttl_ms = 0 if ttl is None else max(1, round(ttl * 1000))
        args = [data, ttl_ms, int(time.time() * 1000), self.max_bytes, max_entries or 0, key]
        await self._call(self._put, keys=self._keys(ns, fn, key), args=args)

    async def clear(self, ns: str, fn: str | None = None, key: str | None = None) -> None:
        if fn and key:
            await self._call(self._drop, keys=self._keys(ns, fn, key)[:4])
            return
        pattern = _glob_escape(f"{self.prefix}{ns}:") + (_glob_escape(f"{fn}:") if fn else "") + "*"
        found = await self._call(self._scan, pattern)
        p = self.prefix
        pipe = self._redis.pipeline(transaction=False)
        for name in found:
            if name.endswith(":idx"):
                pipe.delete(name)
            else:
                await self._drop(keys=[name, f"{p}lru", f"{p}sizes", f"{p}total"], client=pipe)
        await self._call(pipe.execute)

    async def _scan(self, pattern: str) -> list[str]:
        found = []
        async for name in self._redis.scan_iter(match=pattern, count=500):
            found.append(name.decode() if isinstance(name, bytes) else name)
        return found

    async def lease(self, ns: str, fn: str, key: str, holder: str, seconds: float) -> bool:
        name = f"{self.prefix}{ns}:{fn}:{key}:lease"
        return bool(await self._call(self._lease, keys=[name], args=[holder, max(1, round(seconds * 1000))]))

    async def unlease(self, ns: str, fn: str, key: str, holder: str) -> None:
        await self._call(self._unlease, keys=[f"{self.prefix}{ns}:{fn}:{key}:lease"], args=[holder])

    @property
    def _channel(self) -> str:
        return f"{self.prefix}announce"

    async def announce(self, message: dict[str, Any]) -> None:
        await self._call(self._redis.publish, self._channel, json.dumps(message))

    async def listen(self, callback: Callable[[dict[str, Any]], None]) -> None:
        if self._listener is None and not self._closed:
            self._listener = asyncio.ensure_future(self._listen(callback))

    async def _listen(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """Subscribed to the announcements, resubscribing after Redis comes back."""
        while not self._closed:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self._channel)
                while True:
                    msg = await pubsub.get_message(timeout=5.0)
                    if msg is not None and msg.get("type") == "message":
                        try:
                            callback(json.loads(msg["data"]))
                        except Exception:
                            log.warning("jupyter_reactive: ignored a bad cache announcement", exc_info=True)
            except asyncio.CancelledError:
                raise
            except self._errors:
                await asyncio.sleep(2.0)  # redis is away: clears made meanwhile are not heard
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            if self._listener is not None:
                self._listener.cancel()
                try:
                    await self._listener
                except (asyncio.CancelledError, Exception):
                    pass
            await self._redis.aclose()
