"""The MediaStore contract, the same tests over every backend: memory, a directory, a real Redis.

No sleeps stand in for assertions: expiry is awaited by polling with a deadline, and "does not
expire" is shown against a control medium released at the same moment that does expire.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive.server.media import (
    DirectoryMediaStore,
    MediaInfo,
    MediaStore,
    MediaStoreError,
    MediaTooLarge,
    MemoryMediaStore,
    RedisMediaStore,
    base,
    factory,
)
from tests.server.redis_fixture import RedisServer, free_port, start_redis

pytestmark = pytest.mark.timeout(120)

SECRET = b"s" * 32
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
TINY_GRACE = 0.2


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:
    """Poll an async condition until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def gone(store: MediaStore, media_id: str) -> bool:
    return await store.info(media_id) is None


async def chunks_of(data: bytes, size: int, consumed: list[int] | None = None) -> AsyncIterator[bytes]:
    for offset in range(0, len(data), size):
        if consumed is not None:
            consumed.append(offset)
        yield data[offset : offset + size]


class Backend:
    """Makes stores of one backend; stores made by one Backend share their media (replicas),
    except memory stores, which are each their own process's."""

    def __init__(self, name: str, url: str, loop: asyncio.AbstractEventLoop, root: Path | None = None):
        self.name, self.url, self.loop, self.root = name, url, loop, root
        self.stores: list[MediaStore] = []

    def make(self, secret: bytes = SECRET, **options: Any) -> Any:
        store = MediaStore.from_url(self.url, secret=secret, **options)
        self.stores.append(store)
        return store

    async def leftovers(self, store: Any) -> list[str]:
        """Whatever the backend still holds (empty after everything expired or was refused)."""
        if self.name == "memory":
            return [*store._entries, *store._owned]
        if self.name == "directory":
            assert self.root is not None
            return sorted(
                str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.name not in ("owners", "state")
            )
        return sorted(k.decode() for k in await store._redis.keys(store.prefix + "*"))

    def close(self) -> None:
        for store in self.stores:
            self.loop.run_until_complete(store.close())


def _backend(request: pytest.FixtureRequest, tmp_path: Path, loop: asyncio.AbstractEventLoop) -> Backend:
    if request.param == "memory":
        return Backend("memory", "memory://", loop)
    if request.param == "directory":
        root = tmp_path / "media"
        return Backend("directory", root.as_uri(), loop, root)
    server: RedisServer = request.getfixturevalue("redis_server")
    return Backend("redis", f"{server.url}?prefix=jrtest-{uuid.uuid4().hex}:", loop)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One real redis-server for the whole run; tests keep apart by key prefix."""
    with start_redis() as server:
        yield server


@pytest.fixture(params=["memory", "directory", "redis"])
def backend(request: pytest.FixtureRequest, tmp_path: Path, jp_asyncio_loop: Any) -> Iterator[Backend]:
    made = _backend(request, tmp_path, jp_asyncio_loop)
    yield made
    made.close()


@pytest.fixture(params=["directory", "redis"])
def shared_backend(request: pytest.FixtureRequest, tmp_path: Path, jp_asyncio_loop: Any) -> Iterator[Backend]:
    """The backends replicas can share (memory:// is one process's)."""
    made = _backend(request, tmp_path, jp_asyncio_loop)
    yield made
    made.close()


@pytest.fixture
def store(backend: Backend) -> Any:
    return backend.make()


# --- put / info / read ----------------------------------------------------------------------------


async def test_put_info_read_round_trip(store):
    info = await store.put(PNG, "image/png", owner="s1", filename="plot.png")
    assert isinstance(info, MediaInfo)
    assert (info.mimetype, info.size, info.filename) == ("image/png", len(PNG), "plot.png")
    assert len(info.id) == 64 and all(c in "0123456789abcdef" for c in info.id)
    assert info.etag == info.id
    assert await store.info(info.id) == info
    assert await store.read(info.id) == PNG
    unnamed = await store.put(b"<svg/>", "image/svg+xml", owner="s1")
    assert (await store.info(unnamed.id)).filename is None


async def test_empty_medium(store):
    info = await store.put(b"", "text/plain", owner="s1")
    assert info.size == 0
    assert await store.info(info.id) == info
    assert await store.read(info.id) == b""
    assert await store.read(info.id, 0, 10) == b""


async def test_ranges_read_like_python_slices(store):
    data = bytes(range(200))
    info = await store.put(data, "application/octet-stream", owner="s1")
    for start, end in [
        (0, None),
        (0, 1),
        (10, 20),
        (150, 10_000),
        (199, None),
        (200, None),
        (200, 300),
        (500, None),
        (20, 10),
        (0, 0),
        (-10, None),
        (-500, 5),
        (5, -5),
        (0, 200),
    ]:
        assert await store.read(info.id, start, end) == data[start:end], (start, end)
    assert await store.read(info.id, start=199) == data[199:]
    assert await store.read(info.id, 10**30) == b""
    with pytest.raises(TypeError):
        await store.read(info.id, "0")
    with pytest.raises(TypeError):
        await store.read(info.id, 0, 1.5)


async def test_same_content_gives_the_same_id(store):
    first = await store.put(PNG, "image/png", owner="s1", filename="a.png")
    again = await store.put(bytearray(PNG), "image/png", owner="s1", filename="a.png")
    other_owner = await store.put(PNG, "image/png", owner="s2", filename="a.png")
    assert first == again == other_owner
    assert await store.read(first.id) == PNG


async def test_ids_are_keyed_by_the_secret(backend):
    one = backend.make(secret=b"1" * 32)
    two = backend.make(secret=b"2" * 32)
    a = await one.put(PNG, "image/png", owner="s1")
    b = await two.put(PNG, "image/png", owner="s1")
    assert a.id != b.id
    # the id is HMAC(secret, sha256(data) + type + name): not the bare content hash
    assert hashlib.sha256(PNG).hexdigest() not in (a.id, b.id)


async def test_mimetype_and_filename_are_part_of_the_id(store):
    ids = {
        (await store.put(PNG, "image/png", owner="s1")).id,
        (await store.put(PNG, "image/png", owner="s1", filename="")).id,
        (await store.put(PNG, "image/png", owner="s1", filename="a.png")).id,
        (await store.put(PNG, "image/png", owner="s1", filename="b.png")).id,
        (await store.put(PNG, "application/octet-stream", owner="s1", filename="a.png")).id,
        (await store.put(PNG + b"x", "image/png", owner="s1", filename="a.png")).id,
    }
    assert len(ids) == 6
    named = await store.put(PNG, "image/png", owner="s1", filename="")
    assert (await store.info(named.id)).filename == ""


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "../x",
        "..",
        "/etc/passwd",
        "0" * 31,
        "0" * 65,
        "A" * 64,
        "g" * 64,
        "0" * 64 + "\n",
        "0" * 63 + "/",
        "../" + "0" * 61,
        "0" * 10**6,
        "0" * 32 + ".meta",
        "owners",
        None,
        7,
        b"0" * 64,
    ],
    ids=lambda v: repr(v)[:20],
)
async def test_unknown_and_hostile_ids_are_simply_unknown(store, bad):
    await store.put(PNG, "image/png", owner="s1")
    assert await store.info(bad) is None
    assert await store.read(bad) is None
    assert await store.read(bad, 0, 10) is None


async def test_a_well_formed_unknown_id_is_unknown(store):
    for media_id in ["0" * 64, "f" * 32, hashlib.sha256(PNG).hexdigest()]:
        assert await store.info(media_id) is None
        assert await store.read(media_id) is None


async def test_a_malformed_mimetype_is_stored_as_octet_stream(store):
    for bad in ["text/html\r\nSet-Cookie: x=1", "", "image", "x" * 300 + "/png", "ïmage/png", None, "a/b\x00"]:
        info = await store.put(PNG, bad, owner="s1")
        assert info.mimetype == "application/octet-stream"
        assert (await store.info(info.id)).mimetype == "application/octet-stream"
    kept = await store.put(PNG, " text/csv; charset=utf-8 ", owner="s1")
    assert kept.mimetype == "text/csv; charset=utf-8"


async def test_file_names_are_data_never_paths(backend, store):
    hostile = ["../../evil", "/etc/passwd", "..\\..\\win.ini", "a\x00b", "x/" * 100, "\ud800.png", "owners"]
    for name in hostile:
        info = await store.put(PNG, "image/png", owner="s1", filename=name)
        assert (await store.info(info.id)).filename == name
    if backend.root is not None:  # nothing but id-named files, all inside the store's folder
        names = {p.name.partition(".")[0] for p in backend.root.iterdir()} - {"owners", "state"}
        assert names and all(base.is_media_id(n) for n in names)
        assert not (backend.root.parent / "evil").exists()


async def test_bad_arguments_are_refused(store):
    with pytest.raises(ValueError):
        await store.put(PNG, "image/png", owner="")
    with pytest.raises(ValueError):
        await store.put(PNG, "image/png", owner=None)
    with pytest.raises(TypeError):
        await store.put("text", "text/plain", owner="s1")
    with pytest.raises(TypeError):
        await store.put(PNG, "image/png", owner="s1", filename=3)
    with pytest.raises(MediaTooLarge) as err:
        await store.put(PNG, "image/png", owner="s1", filename="x" * (base.MAX_FILENAME + 1))
    assert "file name" in str(err.value)


async def test_concurrent_puts_of_one_medium(store):
    infos = await asyncio.gather(*(store.put(PNG, "image/png", owner=f"s{i % 3}") for i in range(20)))
    assert len({i.id for i in infos}) == 1
    assert await store.read(infos[0].id) == PNG


async def test_a_closed_store_refuses(backend):
    store = backend.make()
    info = await store.put(PNG, "image/png", owner="s1")
    await store.close()
    await store.close()  # idempotent
    for call in (
        store.info(info.id),
        store.read(info.id),
        store.put(PNG, "image/png", owner="s1"),
        store.release("s1"),
    ):
        with pytest.raises(MediaStoreError):
            await call


# --- uploads (put_stream) -------------------------------------------------------------------------


async def test_put_stream_hashes_as_put_does(store):
    data = os.urandom(300_000)
    streamed = await store.put_stream(
        chunks_of(data, 65536), "text/csv", owner="s1", filename="d.csv", max_size=len(data)
    )
    assert streamed.size == len(data)
    assert await store.read(streamed.id) == data
    put = await store.put(data, "text/csv", owner="s2", filename="d.csv")
    assert put.id == streamed.id


async def test_put_stream_over_max_size_stops_and_keeps_nothing(backend, store):
    consumed: list[int] = []
    data = os.urandom(100 * 10)
    with pytest.raises(MediaTooLarge) as err:
        await store.put_stream(
            chunks_of(data, 100, consumed), "text/plain", owner="s1", filename="big.txt", max_size=250
        )
    assert len(consumed) == 3  # the chunk that crossed the limit was the last one read
    assert "250" in str(err.value) and "big.txt" not in str(err.value)
    assert err.value.limit == 250
    assert await backend.leftovers(store) == []
    # the same bytes up to the limit are fine
    ok = await store.put_stream(chunks_of(data[:250], 100), "text/plain", owner="s1", filename="big.txt", max_size=250)
    assert await store.read(ok.id) == data[:250]


async def test_put_stream_of_nothing(store):
    async def nothing() -> AsyncIterator[bytes]:
        return
        yield b""  # pragma: no cover

    info = await store.put_stream(nothing(), "text/plain", owner="s1", filename="empty.txt", max_size=10)
    assert info.size == 0 and await store.read(info.id) == b""


async def test_a_failing_upload_stream_keeps_nothing(backend, store):
    async def broken() -> AsyncIterator[bytes]:
        yield b"x" * 1000
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        await store.put_stream(broken(), "text/plain", owner="s1", filename="a", max_size=10_000)
    assert await backend.leftovers(store) == []


async def test_a_cancelled_upload_keeps_nothing(backend, store):
    started = asyncio.Event()

    async def slow() -> AsyncIterator[bytes]:
        yield b"x" * 1000
        started.set()
        await asyncio.sleep(3600)
        yield b"never"

    task = asyncio.ensure_future(store.put_stream(slow(), "text/plain", owner="s1", filename="a", max_size=10_000))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    async def clean() -> bool:
        return await backend.leftovers(store) == []

    await eventually(clean)


# --- ownership and expiry -------------------------------------------------------------------------


async def test_release_keeps_what_the_page_still_shows(backend):
    store = backend.make(grace=TINY_GRACE)
    a = await store.put(b"a" * 10, "text/plain", owner="s1")
    b = await store.put(b"b" * 10, "text/plain", owner="s1")
    c = await store.put(b"c" * 10, "text/plain", owner="s1")
    await store.release("s1", keep=[b.id])
    await eventually(lambda: gone(store, a.id))
    await eventually(lambda: gone(store, c.id))
    assert await store.info(b.id) == b
    assert await store.read(b.id) == b"b" * 10


async def test_unowned_media_outlive_the_grace_period_then_expire(backend):
    store = backend.make(grace=1.0)
    info = await store.put(PNG, "image/png", owner="s1")
    released = time.monotonic()
    await store.release("s1")
    # a reloaded page still finds it...
    assert await store.info(info.id) == info
    assert await store.read(info.id) == PNG
    # ...until the grace period is over
    await eventually(lambda: gone(store, info.id))
    assert time.monotonic() - released >= 0.9
    assert await store.read(info.id) is None

    async def nothing_left() -> bool:
        if hasattr(store, "sweep"):
            await store.sweep()
        return await backend.leftovers(store) == []

    await eventually(nothing_left)


async def test_a_medium_with_two_owners_survives_one_release(backend):
    store = backend.make(grace=TINY_GRACE)
    shared = await store.put(PNG, "image/png", owner="s1")
    await store.put(PNG, "image/png", owner="s2")
    control = await store.put(b"control", "text/plain", owner="s1")
    await store.release("s1")
    await eventually(lambda: gone(store, control.id))  # released at the same moment: expired
    assert await store.info(shared.id) == shared  # still owned by s2
    await store.release("s2")
    await eventually(lambda: gone(store, shared.id))


async def test_a_put_during_the_grace_period_keeps_the_medium(backend):
    store = backend.make(grace=TINY_GRACE)
    info = await store.put(PNG, "image/png", owner="old-tab")
    control = await store.put(b"control", "text/plain", owner="old-tab")
    await store.release("old-tab")
    again = await store.put(PNG, "image/png", owner="reloaded-tab")
    assert again == info
    await eventually(lambda: gone(store, control.id))
    assert await store.read(info.id) == PNG


async def test_releasing_unknown_owners_and_ids_is_a_noop(store):
    info = await store.put(PNG, "image/png", owner="s1")
    await store.release("nobody")
    await store.release("nobody", keep=[info.id])
    await store.release("s1", keep=[info.id, "../x", "0" * 64, "", 12])
    await store.release("s1", keep=[info.id])
    assert await store.info(info.id) == info


async def test_owner_ttl_expires_media_of_owners_that_never_release(backend):
    store = backend.make(owner_ttl=0.5, grace=60)
    info = await store.put(PNG, "image/png", owner="crashed-replica")
    assert await store.info(info.id) == info
    await eventually(lambda: gone(store, info.id))
    # a new put brings it back, with a fresh owner
    assert await store.put(PNG, "image/png", owner="s2") == info
    assert await store.read(info.id) == PNG


async def test_replicas_share_media_and_owners(shared_backend):
    one = shared_backend.make(grace=TINY_GRACE)
    two = shared_backend.make(grace=TINY_GRACE)
    info = await one.put(PNG, "image/png", owner="tab-on-one", filename="p.png")
    assert await two.info(info.id) == info
    assert await two.read(info.id, 1, 4) == PNG[1:4]
    # an upload received by replica two is read by replica one (the session's replica)
    upload = await two.put_stream(
        chunks_of(b"csv,data\n" * 100, 64), "text/csv", owner="tab-on-one", filename="d.csv", max_size=10_000
    )
    assert await one.read(upload.id) == b"csv,data\n" * 100
    # ownership is shared too: one owner on each replica
    await two.put(PNG, "image/png", owner="tab-on-two", filename="p.png")
    control = await one.put(b"control", "text/plain", owner="tab-on-one")
    await one.release("tab-on-one")
    await eventually(lambda: gone(two, control.id))
    await eventually(lambda: gone(two, upload.id))
    assert await one.info(info.id) == info
    await two.release("tab-on-two")
    await eventually(lambda: gone(one, info.id))


# --- memory:// ------------------------------------------------------------------------------------


async def test_memory_cap_refuses_what_does_not_fit():
    store = MemoryMediaStore(secret=SECRET, max_bytes=1000)
    try:
        first = await store.put(b"a" * 600, "text/plain", owner="s1")
        with pytest.raises(MediaTooLarge) as err:
            await store.put(b"b" * 600, "text/plain", owner="s1")
        assert "full" in str(err.value) and err.value.limit == 1000
        assert await store.info(first.id) == first and store.used_bytes == 600
        with pytest.raises(MediaTooLarge) as err:
            await store.put(b"c" * 1001, "text/plain", owner="s1")
        assert "larger than the media store's limit" in str(err.value)
        with pytest.raises(MediaTooLarge):
            await store.put_stream(
                chunks_of(b"d" * 2000, 100), "text/plain", owner="s1", filename=None, max_size=10_000
            )
        # media no page shows any more make room, even in their grace period
        await store.release("s1")
        second = await store.put(b"b" * 600, "text/plain", owner="s1")
        assert await store.info(first.id) is None and await store.info(second.id) == second
        assert store.used_bytes == 600
    finally:
        await store.close()


async def test_memory_sweep_frees_expired_media():
    store = MemoryMediaStore(secret=SECRET, grace=TINY_GRACE, sweep_interval=0.05)
    try:
        await store.put(b"x" * 5000, "text/plain", owner="s1")
        await store.release("s1")
        assert store.used_bytes == 5000

        async def freed() -> bool:
            return store.used_bytes == 0 and not store._entries  # nothing read it: the sweep did

        await eventually(freed)
    finally:
        await store.close()


# --- file:///dir ----------------------------------------------------------------------------------


async def test_directory_layout(tmp_path):
    root = tmp_path / "m"
    store = DirectoryMediaStore(root, secret=SECRET)
    try:
        info = await store.put(PNG, "image/png", owner="s1", filename="../x.png")
        assert (root / info.id).read_bytes() == PNG
        assert (root / f"{info.id}.meta").exists()
        (ref,) = (root / f"{info.id}.refs").iterdir()
        assert (root / "owners" / ref.name / info.id).exists()
        assert not any(p.name.startswith(".tmp-") for p in root.iterdir())
        await store.release("s1")
        assert (root / f"{info.id}.expires").exists()
        assert not (root / "owners" / ref.name).exists()
    finally:
        await store.close()


async def test_directory_sweep_removes_expired_media_and_leftovers(tmp_path):
    root = tmp_path / "m"
    store = DirectoryMediaStore(root, secret=SECRET, grace=0)
    try:
        info = await store.put(PNG, "image/png", owner="s1")
        await store.release("s1")
        old = time.time() - 2 * 3600
        for name in (".tmp-crashed", ".dead-crashed", "0" * 64 + ".meta"):
            (root / name).write_bytes(b"x")
            os.utime(root / name, (old, old))
        (root / "foreign.txt").write_bytes(b"not ours")
        assert await store.sweep() == 1
        assert sorted(p.name for p in root.iterdir()) == ["foreign.txt", "owners", "state"]
        assert await store.info(info.id) is None
    finally:
        await store.close()


async def test_directory_media_with_no_owner_and_no_deadline_get_one(tmp_path):
    """A replica that crashed between dropping the last reference and writing the deadline."""
    root = tmp_path / "m"
    store = DirectoryMediaStore(root, secret=SECRET, grace=TINY_GRACE)
    try:
        info = await store.put(PNG, "image/png", owner="s1")
        for ref in (root / f"{info.id}.refs").iterdir():
            ref.unlink()
        assert await store.info(info.id) == info
        await store.sweep()
        assert (root / f"{info.id}.expires").exists()

        async def swept() -> bool:
            await store.sweep()
            return not (root / info.id).exists()

        await eventually(swept)
    finally:
        await store.close()


async def test_directory_torn_content_is_unknown_until_put_again(tmp_path):
    root = tmp_path / "m"
    store = DirectoryMediaStore(root, secret=SECRET)
    try:
        info = await store.put(PNG, "image/png", owner="s1")
        (root / info.id).write_bytes(PNG[:10])  # e.g. a crash on a filesystem without atomic rename
        assert await store.info(info.id) is None
        assert await store.read(info.id) is None
        assert await store.put(PNG, "image/png", owner="s1") == info
        assert await store.read(info.id) == PNG
        (root / f"{info.id}.meta").write_text("{not json")
        assert await store.info(info.id) is None
    finally:
        await store.close()


async def test_directory_expiry_by_one_replica_never_loses_anothers_put(tmp_path):
    """One replica puts and releases the same medium over and over (grace 0: each release makes
    it expirable at once) while another expires it all the time, by sweeping and by lazy expiry
    on reads: after every put, the medium is there."""
    root = tmp_path / "m"
    writer = DirectoryMediaStore(root, secret=SECRET, grace=0)
    expirer = DirectoryMediaStore(root, secret=SECRET, grace=0)
    stop = asyncio.Event()
    info = await writer.put(PNG, "image/png", owner="s1")

    async def sweep_all_the_time() -> int:
        removed = 0
        while not stop.is_set():
            removed += await expirer.sweep()
        return removed

    async def read_all_the_time() -> int:
        while not stop.is_set():
            await expirer.info(info.id)
        return 0

    tasks = [asyncio.ensure_future(sweep_all_the_time()), asyncio.ensure_future(read_all_the_time())]
    try:
        deadline = time.monotonic() + 2
        rounds = 0
        while time.monotonic() < deadline and rounds < 2000:
            assert await writer.put(PNG, "image/png", owner="s1") == info
            assert await writer.read(info.id) == PNG, f"lost after put in round {rounds}"
            await writer.release("s1")
            rounds += 1
        stop.set()
        removed, _ = await asyncio.gather(*tasks)
        assert removed > 0  # the race was really run
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await writer.close()
        await expirer.close()


async def test_directory_store_needs_an_absolute_path():
    with pytest.raises(ValueError):
        DirectoryMediaStore("relative/dir", secret=SECRET)


async def test_directory_that_is_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(ValueError):
        DirectoryMediaStore(tmp_path / "f", secret=SECRET)


# --- redis:// -------------------------------------------------------------------------------------


async def test_redis_keys_and_expiry(redis_server):
    prefix = f"jrtest-{uuid.uuid4().hex}:"
    store = RedisMediaStore(redis_server.url, secret=SECRET, prefix=prefix, grace=30, owner_ttl=0)
    try:
        info = await store.put(PNG, "image/png", owner="s1", filename="p.png")
        keys = {k.decode() for k in await store._redis.keys(prefix + "*")}
        tagged = f"{prefix}{{{info.id}}}"
        index = f"{prefix}owner:{base._owner_key('s1')}"
        assert keys == {f"{tagged}:data", f"{tagged}:meta", f"{tagged}:owners", index}
        assert await store._redis.smembers(index) == {info.id.encode()}
        assert await store._redis.get(f"{tagged}:data") == PNG
        assert await store._redis.hgetall(f"{tagged}:meta") == {
            b"mimetype": b"image/png",
            b"size": str(len(PNG)).encode(),
            b"filename": b"p.png",
        }
        assert all([await store._redis.pttl(k) == -1 for k in keys])  # owned, owner_ttl=0: no expiry
        await store.release("s1")
        for key in (f"{tagged}:data", f"{tagged}:meta"):
            assert 0 < await store._redis.pttl(key) <= 30_000
        assert await store._redis.keys(prefix + "*owner*") == []
        await store.put(PNG, "image/png", owner="s2", filename="p.png")  # re-owned: no expiry again
        assert await store._redis.pttl(f"{tagged}:data") == -1
    finally:
        await store.close()


async def test_redis_owner_ttl_is_refreshed_by_puts(redis_server):
    prefix = f"jrtest-{uuid.uuid4().hex}:"
    store = RedisMediaStore(redis_server.url, secret=SECRET, prefix=prefix, owner_ttl=1000)
    try:
        info = await store.put(PNG, "image/png", owner="s1")
        data_key = f"{prefix}{{{info.id}}}:data"
        assert 900_000 < await store._redis.pttl(data_key) <= 1_000_000
        await store._redis.pexpire(data_key, 5000)
        await store.put(PNG, "image/png", owner="s1")
        assert await store._redis.pttl(data_key) > 900_000
    finally:
        await store.close()


async def test_redis_unreachable_is_a_media_store_error():
    port = free_port()  # nothing listens there
    store = RedisMediaStore(f"redis://:hunter2@127.0.0.1:{port}/0", secret=SECRET)
    try:
        for call in (
            lambda: store.put(PNG, "image/png", owner="s1"),
            lambda: store.info("0" * 64),
            lambda: store.read("0" * 64),
            lambda: store.release("s1"),
            lambda: store.put_stream(chunks_of(PNG, 100), "image/png", owner="s1", filename=None, max_size=10**6),
        ):
            started = time.monotonic()
            with pytest.raises(MediaStoreError) as err:
                await call()
            assert time.monotonic() - started < 5
            assert "hunter2" not in str(err.value) and not isinstance(err.value, MediaTooLarge)
        assert await store.info("../x") is None  # bad ids never reach the backend
        assert "hunter2" not in repr(store)
    finally:
        await store.close()


async def test_redis_that_goes_down_and_comes_back():
    with start_redis() as server:
        store = RedisMediaStore(server.url, secret=SECRET)
        try:
            info = await store.put(PNG, "image/png", owner="s1")
            assert await store.info(info.id) == info
            server.stop()
            with pytest.raises(MediaStoreError):
                await store.info(info.id)
            with pytest.raises(MediaStoreError):
                await store.put(PNG, "image/png", owner="s1")
            with start_redis(port=server.port):  # a fresh, empty server on the same address
                assert await store.info(info.id) is None
                assert await store.put(PNG, "image/png", owner="s1") == info
                assert await store.read(info.id) == PNG
        finally:
            await store.close()


async def test_redis_out_of_memory_is_media_too_large():
    with start_redis("--maxmemory", "4mb", "--maxmemory-policy", "noeviction") as server:
        store = RedisMediaStore(server.url, secret=SECRET)
        try:
            with pytest.raises(MediaTooLarge) as err:
                for i in range(4):
                    await store.put(os.urandom(3 << 20), "application/octet-stream", owner=f"s{i}")
            assert "full" in str(err.value)
        finally:
            await store.close()


# --- from_url -------------------------------------------------------------------------------------


class PluginStore(MemoryMediaStore):
    """A third-party store, found through the entry point group."""

    @classmethod
    def from_parsed_url(cls, parsed, *, secret, **options):
        store = cls(secret=secret, **options)
        store.parsed = parsed
        return store


@pytest.fixture
def plugin_entry_point(monkeypatch):
    ep = metadata.EntryPoint(name="test", value=f"{__name__}:PluginStore", group=factory.ENTRY_POINT_GROUP)
    monkeypatch.setattr(factory, "_entry_points", lambda: [ep])


async def test_from_url_memory(jp_asyncio_loop):
    store = MediaStore.from_url("memory://?max_bytes=1000000&grace=5&sweep_interval=2.5", secret=SECRET)
    assert type(store) is MemoryMediaStore
    assert (store.max_bytes, store.grace, store.sweep_interval, store.owner_ttl) == (1_000_000, 5.0, 2.5, 86400.0)
    assert MediaStore.from_url("memory://?max_bytes=1000", secret=SECRET, max_bytes=2000).max_bytes == 2000
    default = MediaStore.from_url("memory://", secret=SECRET)
    assert (default.max_bytes, default.grace) == (512 * 1024 * 1024, 60.0)
    assert type(MediaStore.from_url("MEMORY://", secret=SECRET)) is MemoryMediaStore
    with pytest.raises(ValueError):
        MediaStore.from_url("memory://somehost", secret=SECRET)


async def test_from_url_file(tmp_path):
    root = tmp_path / "with space"
    store = MediaStore.from_url(root.as_uri() + "?grace=30&owner_ttl=0", secret=SECRET)
    assert type(store) is DirectoryMediaStore
    assert (store.root, store.grace, store.owner_ttl) == (str(root), 30.0, 0.0)
    assert root.is_dir()
    assert MediaStore.from_url(f"file://localhost{root}", secret=SECRET).root == str(root)
    for bad in ("file://relative/dir", "file:relative", "file://otherhost/abs"):
        with pytest.raises(ValueError, match="absolute path"):
            MediaStore.from_url(bad, secret=SECRET)


async def test_from_url_redis(redis_server):
    store = MediaStore.from_url(f"{redis_server.url}?grace=30&prefix=jrtest-url:&socket_timeout=3", secret=SECRET)
    try:
        assert type(store) is RedisMediaStore
        assert (store.grace, store.prefix) == (30.0, "jrtest-url:")
        assert store._redis.connection_pool.connection_kwargs["socket_timeout"] == 3.0
        info = await store.put(PNG, "image/png", owner="s1")
        assert await store.read(info.id) == PNG
    finally:
        await store.close()
    secure = MediaStore.from_url("rediss://:pw@127.0.0.1:6380/2", secret=SECRET)
    try:
        assert type(secure) is RedisMediaStore
        assert secure._redis.connection_pool.connection_class.__name__ == "SSLConnection"
        assert secure._redis.connection_pool.connection_kwargs["db"] == 2
        assert "pw" not in repr(secure)
    finally:
        await secure.close()


async def test_from_url_refuses_unknown_schemes_and_options(tmp_path):
    with pytest.raises(ValueError) as err:
        MediaStore.from_url("s3://bucket/media", secret=SECRET)
    assert "'s3'" in str(err.value)
    for known in ("file", "memory", "redis", "rediss"):
        assert known in str(err.value)
    with pytest.raises(ValueError, match="known schemes"):
        MediaStore.from_url("/just/a/path", secret=SECRET)
    bad = [
        ("memory://?colour=blue", {}),
        ("memory://", {"colour": "blue"}),
        ("memory://?grace=-1", {}),
        ("memory://?grace=abc", {}),
        ("memory://?max_bytes=1.5", {}),
        ("memory://?max_bytes=0", {}),
        ("memory://?grace=1&grace=2", {}),
        ("memory://?sweep_interval=0", {}),
        ("memory://?grace=nan", {}),
        (tmp_path.as_uri() + "?max_bytes=5", {}),
        ("redis://localhost/0?no_such_option=1", {}),
        ("redis://localhost/0", {"socket_timeout": 1}),
    ]
    for url, options in bad:
        with pytest.raises(ValueError):
            MediaStore.from_url(url, secret=SECRET, **options)
    with pytest.raises(ValueError, match="16 bytes"):
        MediaStore.from_url("memory://", secret=b"short")
    with pytest.raises(TypeError):
        MediaStore.from_url("memory://", secret="a text secret of 32 characters..")


async def test_from_url_finds_entry_point_schemes(plugin_entry_point):
    store = MediaStore.from_url("test://anything/here?x=1", secret=SECRET, grace=7)
    assert type(store) is PluginStore
    assert store.grace == 7 and store.parsed.netloc == "anything" and store.parsed.query == "x=1"
    with pytest.raises(ValueError) as err:
        MediaStore.from_url("nope://", secret=SECRET)
    assert "test" in str(err.value)
    # built-in schemes are found without entry points, and win over them
    assert type(MediaStore.from_url("memory://", secret=SECRET)) is MemoryMediaStore
