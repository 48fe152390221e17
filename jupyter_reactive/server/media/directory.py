"""``file:///dir``: :class:`DirectoryMediaStore`, media in a directory that replicas share
(server loop; file work on worker threads)."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import json
import os
import secrets
import struct
import tempfile
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from typing import Any

from .base import (
    DEFAULT_GRACE,
    DEFAULT_OWNER_TTL,
    DEFAULT_SWEEP_INTERVAL,
    MAX_FILENAME,
    MediaInfo,
    MediaStoreError,
    MediaTooLarge,
    _as_bytes,
    _check_filename,
    _check_owner,
    _check_range,
    _check_state_key,
    _media_id,
    _owner_key,
    _sha256,
    _Sweeping,
    _too_large,
    clean_mimetype,
    is_media_id,
    is_state_key,
)
from .options import _options, _positive_seconds, _seconds

#: a session-state file starts with its deadline (epoch seconds, a big-endian double)
_DEADLINE = struct.Struct(">d")

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


def _slice(size: int, start: int, end: int | None) -> tuple[int, int]:
    """``[start, end)`` as Python slices read it (negatives count from the end), clipped."""
    first, last, _ = slice(start, end).indices(size)
    return first, max(first, last)


class DirectoryMediaStore(_Sweeping):
    """Media in a directory, shareable by replicas that mount it (a volume, NFS).

    Layout (every name derives from an id or a hash of an owner, never from user input)::

        <dir>/<id>                 the bytes, exactly `size` of them
        <dir>/<id>.meta            JSON {"mimetype", "size", "filename"}
        <dir>/<id>.refs/<owner>    one empty file per owner; its mtime is that owner's last put
        <dir>/<id>.expires         while no owner is left: the deadline (epoch seconds)
        <dir>/owners/<owner>/<id>  each owner's index of its media
        <dir>/state/<key>          one session's saved state: its deadline, then the bytes
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
        "grace": _seconds,
        "owner_ttl": _seconds,
        "sweep_interval": _positive_seconds,
    }
    shared = True

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        secret: bytes,
        grace: float = DEFAULT_GRACE,
        owner_ttl: float = DEFAULT_OWNER_TTL,
        sweep_interval: float = DEFAULT_SWEEP_INTERVAL,
    ):
        super().__init__(secret=secret, grace=grace, owner_ttl=owner_ttl, sweep_interval=sweep_interval)
        root = os.fspath(path)
        if not os.path.isabs(root):
            raise ValueError("the media directory must be an absolute path")
        self.root = os.path.normpath(root)
        self._owners = os.path.join(self.root, "owners")
        self._states = os.path.join(self.root, "state")
        try:
            os.makedirs(self._owners, mode=0o700, exist_ok=True)
            os.makedirs(self._states, mode=0o700, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise ValueError("the media directory path is not a directory") from None
        except OSError as err:
            raise MediaStoreError(f"cannot create the media directory: {err.strerror}") from err

    @classmethod
    def from_parsed_url(cls, parsed: urllib.parse.SplitResult, *, secret: bytes, **options: Any) -> DirectoryMediaStore:
        if parsed.netloc not in ("", "localhost"):
            raise ValueError(
                "a file:// media store URL needs an absolute path: file:///abs/dir "
                "(three slashes; a host is not supported)"
            )
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

    async def put_stream(
        self, chunks: AsyncIterator[bytes], mimetype: str, *, owner: str, filename: str | None, max_size: int
    ) -> MediaInfo:
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

    async def put_state(self, key: str, data: bytes, ttl: float) -> None:
        path = os.path.join(self._states, _check_state_key(key))
        record = _DEADLINE.pack(time.time() + _seconds(ttl)) + _as_bytes(data)
        await self._run(self._write_atomic, path, record)

    async def take_state(self, key: str) -> bytes | None:
        return await self._run(self._take_state_sync, os.path.join(self._states, _check_state_key(key)))

    async def delete_state(self, key: str) -> None:
        await self._run(_unlink, os.path.join(self._states, _check_state_key(key)))

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

    def _take_state_sync(self, path: str) -> bytes | None:
        # the rename is the atomic step: of two replicas taking the key, one finds it gone
        taken = os.path.join(self.root, f".dead-state-{secrets.token_hex(8)}")
        try:
            os.rename(path, taken)
        except FileNotFoundError:
            return None
        try:
            with open(taken, "rb") as file:
                record = file.read()
        finally:
            _unlink(taken)
        if len(record) < _DEADLINE.size or _DEADLINE.unpack_from(record)[0] <= time.time():
            return None  # expired (or cut short: not ours to read)
        return record[_DEADLINE.size :]

    def _sweep_states(self, now: float) -> int:
        removed = 0
        with contextlib.suppress(FileNotFoundError):
            for name in os.listdir(self._states):
                path = os.path.join(self._states, name)
                try:
                    with open(path, "rb") as file:
                        head = file.read(_DEADLINE.size)
                except (FileNotFoundError, IsADirectoryError):
                    continue
                if not is_state_key(name) or len(head) < _DEADLINE.size or _DEADLINE.unpack(head)[0] <= now:
                    _unlink(path)
                    removed += 1
        return removed

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

    def _put_sync(
        self,
        digest: bytes,
        size: int,
        mimetype: str,
        filename: str | None,
        owner: str,
        data: bytes | None,
        tmp: str | None,
    ) -> MediaInfo:
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

    def _commit_stream_sync(
        self, file: Any, tmp: str, hasher: Any, size: int, mimetype: str, filename: str | None, owner: str
    ) -> MediaInfo:
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
        if (
            not isinstance(meta, dict)
            or not isinstance(meta.get("mimetype"), str)
            or not isinstance(meta.get("size"), int)
            or not (meta.get("filename") is None or isinstance(meta.get("filename"), str))
        ):
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
                if (
                    is_media_id(media_id)
                    and mtime is not None
                    and mtime + _LEFTOVER_AGE <= now
                    and not os.path.exists(self._content(media_id))
                ):
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
        self._sweep_states(now)
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
