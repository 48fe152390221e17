"""``redis://`` and ``rediss://``: :class:`RedisMediaStore`, media in one Redis for every replica
(server loop). The redis package is imported when a store is made: it is an optional dependency."""

from __future__ import annotations

import urllib.parse
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from typing import Any

from .base import (
    DEFAULT_GRACE,
    DEFAULT_OWNER_TTL,
    MediaInfo,
    MediaStore,
    MediaStoreError,
    MediaTooLarge,
    _as_bytes,
    _check_filename,
    _check_owner,
    _check_range,
    _check_secret,
    _check_state_key,
    _gather,
    _media_id,
    _owner_key,
    _sha256,
    clean_mimetype,
    is_media_id,
)
from .options import _options, _seconds, _text

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
_LUA_ADDREF = (
    """
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
"""
    + _LUA_REF
    + """
return 1
"""
)

# ARGV 4..: data, mimetype, size, filename (absent = None)
_LUA_PUT = (
    """
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[1], ARGV[4])
  redis.call('DEL', KEYS[2])
  if #ARGV >= 7 then
    redis.call('HSET', KEYS[2], 'mimetype', ARGV[5], 'size', ARGV[6], 'filename', ARGV[7])
  else
    redis.call('HSET', KEYS[2], 'mimetype', ARGV[5], 'size', ARGV[6])
  end
end
"""
    + _LUA_REF
    + """
return 1
"""
)

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


# KEYS: one session-state key. Its value, removed in the same step (GETDEL needs Redis 6.2).
_LUA_TAKE = """
local value = redis.call('GET', KEYS[1])
if value then redis.call('DEL', KEYS[1]) end
return value
"""


def redis_client(
    url: str, what: str
) -> tuple[Any, tuple[type[BaseException], ...], type[BaseException], type[BaseException]]:
    """A ``redis.asyncio`` client for ``url`` with the defaults every Redis-backed store here uses
    (``socket_connect_timeout=5``, ``socket_timeout=10``, two quick retries on connection errors;
    query parameters of the URL go to redis-py), and the exceptions to catch: (client, errors
    meaning "unreachable", ``ResponseError``, ``OutOfMemoryError``). Connects nothing yet.

    Raises:
        ImportError: the redis package is missing (the message says how to install it).
        ValueError: a bad URL or option (the message never repeats the URL).
    """
    try:
        import redis.asyncio as aioredis
        from redis.asyncio.retry import Retry
        from redis.backoff import ExponentialBackoff
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import OutOfMemoryError, RedisError, ResponseError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError as err:
        raise ImportError(f"a redis:// {what} needs the redis package: pip install 'jupyter_reactive[redis]'") from err
    try:
        client = aioredis.Redis.from_url(
            url,
            socket_connect_timeout=5.0,
            socket_timeout=10.0,
            retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 2),
            retry_on_error=[RedisConnectionError, RedisTimeoutError],
        )
        client.connection_pool.make_connection()  # checks the options, connects nothing
    except (TypeError, ValueError) as err:
        raise ValueError(f"bad redis {what} URL or option: {err}") from None
    return client, (RedisError, OSError), ResponseError, OutOfMemoryError


def redis_where(url: str) -> str:
    """``host:port/db`` of a Redis URL, for messages: never its password."""
    parsed = urllib.parse.urlsplit(url)
    return f"{parsed.hostname or 'localhost'}:{parsed.port or 6379}{parsed.path or ''}"


class RedisMediaStore(MediaStore):
    """Media in Redis, shared by every replica that uses the same server, database and prefix.

    Keys (``{...}`` is a Redis Cluster hash tag: a medium's keys share a slot)::

        <prefix>{<id>}:data      string: the bytes (ranges are served with GETRANGE)
        <prefix>{<id>}:meta      hash: mimetype, size, filename (absent for None)
        <prefix>{<id>}:owners    set: owner keys referencing the medium
        <prefix>owner:<owner>    set: ids one owner references
        <prefix>state:<key>      string: one session's saved state (``SET ... PX``; see persist.py)

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
    shared = True

    def __init__(
        self,
        url: str = "redis://localhost:6379/0",
        *,
        secret: bytes,
        grace: float = DEFAULT_GRACE,
        owner_ttl: float = DEFAULT_OWNER_TTL,
        prefix: str = "jr:media:",
    ):
        self._secret = _check_secret(secret)
        self.grace = _seconds(grace)
        self.owner_ttl = _seconds(owner_ttl)
        self.prefix = _text(prefix)
        self._redis, self._errors, self._response_error, self._oom_error = redis_client(url, "media store")
        self._where = redis_where(url)
        self._script_addref = self._redis.register_script(_LUA_ADDREF)
        self._script_put = self._redis.register_script(_LUA_PUT)
        self._script_release = self._redis.register_script(_LUA_RELEASE)
        self._script_read = self._redis.register_script(_LUA_READ)
        self._script_take = self._redis.register_script(_LUA_TAKE)
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

    async def put_stream(
        self, chunks: AsyncIterator[bytes], mimetype: str, *, owner: str, filename: str | None, max_size: int
    ) -> MediaInfo:
        mimetype, owner, filename = clean_mimetype(mimetype), _check_owner(owner), _check_filename(filename)
        digest, data = await _gather(chunks, max_size)
        return await self._store(digest, data, mimetype, filename, owner)

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
        return await self._call(
            self._script_read, keys=[self._keys(media_id, "")[0]], args=[start, "" if end is None else end]
        )

    async def release(self, owner: str, keep: Collection[str] = ()) -> None:
        okey = _owner_key(_check_owner(owner))
        index = f"{self.prefix}owner:{okey}"
        members = await self._call(self._redis.smembers, index)
        keep = set(keep)
        drop = [i for i in (m.decode("ascii", "replace") for m in members) if is_media_id(i) and i not in keep]
        for i in range(0, len(drop), 500):
            pipe = self._redis.pipeline(transaction=False)
            for media_id in drop[i : i + 500]:
                await self._script_release(
                    keys=self._keys(media_id, okey), args=[media_id, okey, self._grace_ms], client=pipe
                )
            await self._call(pipe.execute)

    def _state_key(self, key: str) -> str:
        return f"{self.prefix}state:{_check_state_key(key)}"

    async def put_state(self, key: str, data: bytes, ttl: float) -> None:
        ttl_ms = max(1, round(_seconds(ttl) * 1000))
        await self._call(self._redis.set, self._state_key(key), _as_bytes(data), px=ttl_ms)

    async def take_state(self, key: str) -> bytes | None:
        value = await self._call(self._script_take, keys=[self._state_key(key)], args=[])
        return None if value is None else bytes(value)

    async def delete_state(self, key: str) -> None:
        await self._call(self._redis.delete, self._state_key(key))

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await self._redis.aclose()
