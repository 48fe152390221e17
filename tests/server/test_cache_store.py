"""The cache_data stores (server/cache/): a real directory and a real redis-server, the same
contract for both; bad entries, caps, a store that is down, and the service's handling of a
kernel's requests (single flight, garbage)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive.server.cache import (
    CacheService,
    CacheTooLarge,
    DirectoryCacheStore,
    RedisCacheStore,
    app_namespace,
    open_stores,
    store_from_url,
)
from jupyter_reactive.server.cache.base import encode_entry
from tests.server.redis_fixture import RedisServer, free_port, start_redis

NS = app_namespace("app.py")
FN = hashlib.sha256(b"load").hexdigest()


def key(i: Any) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    with start_redis() as server:
        yield server


@pytest.fixture(params=["directory", "redis"])
def make(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """``make(max_bytes=...)``: a fresh store of each kind (each test closes it)."""

    def build(**options: Any) -> Any:
        if request.param == "directory":
            store = store_from_url((tmp_path / "cache").as_uri(), **options)
        else:
            server = request.getfixturevalue("redis_server")
            store = store_from_url(f"{server.url}?prefix=jrtest-{uuid.uuid4().hex}:", **options)
        return store

    return build


async def test_put_get_round_trip_and_apps_apart(make: Any) -> None:
    store = make()
    assert await store.get(NS, FN, key(1)) is None
    await store.put(NS, FN, key(1), b"value", ttl=None, max_entries=None)
    entry = await store.get(NS, FN, key(1))
    assert entry.value == b"value" and entry.expires is None
    assert await store.get(app_namespace("other.py"), FN, key(1)) is None  # another app's: absent
    await store.put(NS, FN, key(1), b"replaced", ttl=None, max_entries=None)
    assert (await store.get(NS, FN, key(1))).value == b"replaced"
    await store.close()


async def test_ttl_expires(make: Any) -> None:
    store = make()
    await store.put(NS, FN, key(1), b"v", ttl=0.2, max_entries=None)
    entry = await store.get(NS, FN, key(1))
    assert entry is not None and 0 < entry.expires_in() <= 0.2
    await asyncio.sleep(0.3)
    assert await store.get(NS, FN, key(1)) is None
    await store.close()


async def test_max_entries_keeps_a_functions_most_recently_used(make: Any) -> None:
    store = make()
    for i in range(3):
        await store.put(NS, FN, key(i), b"v", ttl=None, max_entries=None)
        await asyncio.sleep(0.01)  # distinct mtimes for the directory store
    await store.get(NS, FN, key(0))  # used: now the most recent
    await asyncio.sleep(0.01)
    await store.put(NS, FN, key(3), b"v", ttl=None, max_entries=2)
    present = [i for i in range(4) if await store.get(NS, FN, key(i)) is not None]
    assert present == [0, 3]
    await store.close()


async def test_the_cap_evicts_least_recently_used_across_functions(make: Any) -> None:
    entry_size = len(encode_entry(NS, FN, key(0), bytes(1000), None))
    store = make(max_bytes=3 * entry_size + 10)
    other = hashlib.sha256(b"other").hexdigest()
    for i, fn in enumerate((FN, other, FN)):
        await store.put(NS, fn, key(i), bytes(1000), ttl=None, max_entries=None)
        await asyncio.sleep(0.01)
    await store.get(NS, FN, key(0))  # used: the oldest is now key(1)
    await asyncio.sleep(0.01)
    await store.put(NS, FN, key(3), bytes(1000), ttl=None, max_entries=None)
    assert await store.get(NS, other, key(1)) is None
    assert all([await store.get(NS, FN, key(i)) for i in (0, 2, 3)])
    with pytest.raises(CacheTooLarge, match="over the cache store's cap"):
        await store.put(NS, FN, key(9), bytes(4 * entry_size), ttl=None, max_entries=None)
    assert await store.get(NS, FN, key(9)) is None
    await store.close()


async def test_clear_one_call_one_function_or_the_app(make: Any) -> None:
    store = make()
    other = hashlib.sha256(b"other").hexdigest()
    for fn in (FN, other):
        for i in range(2):
            await store.put(NS, fn, key(i), b"v", ttl=None, max_entries=None)
    await store.put(app_namespace("b.py"), FN, key(0), b"v", ttl=None, max_entries=None)
    await store.clear(NS, FN, key(0))
    assert await store.get(NS, FN, key(0)) is None and await store.get(NS, FN, key(1)) is not None
    await store.clear(NS, FN)
    assert await store.get(NS, FN, key(1)) is None and await store.get(NS, other, key(0)) is not None
    await store.clear(NS)
    assert await store.get(NS, other, key(1)) is None
    assert await store.get(app_namespace("b.py"), FN, key(0)) is not None  # other apps untouched
    await store.clear(NS, FN)  # nothing left: a no-op
    await store.close()


# --- bad entries --------------------------------------------------------------------------------


async def _corrupt(store: Any, transform: Any) -> None:
    """Rewrite the stored bytes of (NS, FN, key(1)) through ``transform``."""
    if isinstance(store, DirectoryCacheStore):
        path = Path(store.root, NS, FN, key(1))
        path.write_bytes(transform(path.read_bytes()))
    else:
        name = f"{store.prefix}{NS}:{FN}:{key(1)}"
        await store._redis.set(name, transform(await store._redis.get(name)))


@pytest.mark.parametrize(
    "transform",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-1] + bytes([b[-1] ^ 1]),  # a flipped bit in the value
        lambda b: b"garbage",
        lambda b: b"JRC1\xff\xff\xff\xff{",  # a header length past the end
        lambda b: b"",
    ],
    ids=["truncated", "flipped", "garbage", "bad-length", "empty"],
)
async def test_a_corrupt_entry_reads_as_absent_and_is_dropped(make: Any, transform: Any) -> None:
    store = make()
    await store.put(NS, FN, key(1), b"a value of some length", ttl=None, max_entries=None)
    await _corrupt(store, transform)
    assert await store.get(NS, FN, key(1)) is None
    await store.put(NS, FN, key(1), b"again", ttl=None, max_entries=None)  # and can be stored again
    assert (await store.get(NS, FN, key(1))).value == b"again"
    await store.close()


async def test_an_entry_copied_from_another_app_is_not_served(make: Any) -> None:
    store = make()
    foreign = encode_entry(app_namespace("other.py"), FN, key(1), b"theirs", None)
    await store.put(NS, FN, key(1), b"ours", ttl=None, max_entries=None)
    await _corrupt(store, lambda _b: foreign)
    assert await store.get(NS, FN, key(1)) is None
    await store.close()


# --- URLs, defaults -----------------------------------------------------------------------------


def test_urls_and_their_options(tmp_path: Path) -> None:
    store = store_from_url(f"{(tmp_path / 'c').as_uri()}?max_bytes=1000")
    assert isinstance(store, DirectoryCacheStore) and store.max_bytes == 1000
    redis_store = store_from_url("redis://:secret@localhost:1/0?prefix=x:&max_bytes=5")
    assert isinstance(redis_store, RedisCacheStore) and redis_store.max_bytes == 5
    assert "secret" not in repr(redis_store)
    for bad, match in [
        ("memory://", "unknown cache store URL scheme"),
        ("nothing", "unknown cache store URL scheme"),
        ("file://host/dir", "local path"),
        ("file:///d?max_bytes=-1", "max_bytes"),
        ("file:///d?color=red", "unknown cache store option 'color'"),
        ("redis://localhost/0?max_bytes=x", "max_bytes"),
    ]:
        with pytest.raises(ValueError, match=match):
            store_from_url(bad)


def test_default_stores_are_the_servers_own_and_a_persistent_one(tmp_path: Path) -> None:
    store, persist = open_stores("", max_bytes=100, runtime_dir=str(tmp_path / "rt"), data_dir=str(tmp_path / "data"))
    assert store.root.startswith(str(tmp_path / "rt")) and str(os.getpid()) in store.root
    assert persist.root == str(tmp_path / "data" / "jupyter_reactive" / "cache")
    again, _ = open_stores("", max_bytes=100, runtime_dir=str(tmp_path / "rt"), data_dir=str(tmp_path / "data"))
    assert again.root != store.root  # two servers never share the default
    one, same = open_stores(f"{(tmp_path / 'x').as_uri()}?max_bytes=7", max_bytes=100, runtime_dir="/r", data_dir="/d")
    assert one is same and one.max_bytes == 7


# --- the service: what the server does with a kernel's requests --------------------------------


async def until_true(check: Any, why: str, timeout: float = 20.0) -> None:
    """Await ``check()`` until it is true (fails after ``timeout`` s): what a test waits for,
    rather than a fixed sleep that a loaded machine can outlast."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, why
        await asyncio.sleep(0.05)


async def subscribers(service: Any, channel: str) -> bool:
    """Whether a client is subscribed to ``channel`` on the service's Redis."""
    ((_name, count),) = await service.store._redis.pubsub_numsub(channel)
    return count >= 1


def get(rid: int, k: Any = 1, **extra: Any) -> dict[str, Any]:
    return {"type": "cache", "op": "get", "id": rid, "fn": FN, "key": key(k), **extra}


def put(k: Any = 1, **extra: Any) -> dict[str, Any]:
    return {"type": "cache", "op": "put", "fn": FN, "key": key(k), "ttl": None, "max_entries": None, **extra}


async def test_a_missing_key_is_computed_by_one_session_while_others_wait(tmp_path: Path) -> None:
    service = CacheService(DirectoryCacheStore(str(tmp_path / "c")))
    first = await service.handle("app.py", "s1", get(1), b"")
    assert first.reply == {"kind": "cache", "id": 1, "status": "miss"}
    busy = await service.handle("app.py", "s2", get(2), b"")
    assert busy.reply["status"] == "busy"
    waiting = asyncio.ensure_future(service.handle("app.py", "s2", get(3, wait=True), b""))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    await service.handle("app.py", "s1", put(name="load"), b"result")
    answer = await waiting
    assert answer.reply["status"] == "hit" and answer.value == b"result"
    # another app's session asking the same function and key: its own namespace, a miss
    assert (await service.handle("b.py", "s3", get(4), b"")).reply["status"] == "miss"


async def test_a_lease_ends_when_its_session_fails_or_ends(tmp_path: Path) -> None:
    service = CacheService(DirectoryCacheStore(str(tmp_path / "c")))
    await service.handle("app.py", "s1", get(1), b"")
    waiting = asyncio.ensure_future(service.handle("app.py", "s2", get(2, wait=True), b""))
    await asyncio.sleep(0.05)
    await service.handle("app.py", "s1", {"type": "cache", "op": "abandon", "fn": FN, "key": key(1)}, b"")
    assert (await waiting).reply["status"] == "miss"  # now s2 computes
    waiting = asyncio.ensure_future(service.handle("app.py", "s3", get(3, wait=True), b""))
    await asyncio.sleep(0.05)
    service.release("s2")  # s2's kernel died mid-computation
    assert (await waiting).reply["status"] == "miss"


@pytest.mark.parametrize(
    "header",
    [
        {},
        {"type": "cache", "op": "nope", "id": 1, "fn": FN, "key": key(1)},
        {"type": "cache", "op": "get", "id": 1, "fn": "../../etc", "key": key(1)},
        {"type": "cache", "op": "get", "id": 1, "fn": FN, "key": "A" * 64},
        {"type": "cache", "op": "get", "id": 1, "fn": FN},
        {"type": "cache", "op": "get", "id": "1", "fn": FN, "key": key(1)},
        {"type": "cache", "op": "get", "id": True, "fn": FN, "key": key(1)},
        {"type": "cache", "op": "put", "id": 1, "fn": FN, "key": key(1), "ttl": "1h"},
        {"type": "cache", "op": "put", "id": 1, "fn": FN, "key": key(1), "ttl": float("nan")},
        {"type": "cache", "op": "put", "id": 1, "fn": FN, "key": key(1), "ttl": -1},
        {"type": "cache", "op": "put", "id": 1, "fn": FN, "key": key(1), "max_entries": 0},
        {"type": "cache", "op": "clear", "id": 1, "fn": 3},
        {"type": "cache", "op": "clear", "id": 1, "fn": None, "key": key(1)},
        {"type": "cache", "op": "clear", "id": 1, "fn": FN, "key": [1]},
    ],
)
async def test_a_malformed_request_is_answered_error_and_changes_nothing(tmp_path: Path, header: Any) -> None:
    store = DirectoryCacheStore(str(tmp_path / "c"))
    service = CacheService(store)
    await store.put(NS, FN, key(1), b"kept", ttl=None, max_entries=None)
    answer = await service.handle("app.py", "s1", header, b"payload")
    if "id" in header and isinstance(header["id"], int):
        assert answer.reply["status"] == "error" and "malformed" in answer.reply["message"]
    assert (await store.get(NS, FN, key(1))).value == b"kept"


async def test_a_result_over_the_cap_is_refused_with_a_notice(tmp_path: Path) -> None:
    service = CacheService(DirectoryCacheStore(str(tmp_path / "c"), max_bytes=1000))
    await service.handle("app.py", "s1", get(1), b"")
    answer = await service.handle("app.py", "s1", put(name="big"), bytes(5000))
    assert "big()" in answer.notice and "cap" in answer.notice and "this session only" in answer.notice
    assert (await service.handle("app.py", "s2", get(2), b"")).reply["status"] == "miss"  # lease ended


async def test_redis_down_is_answered_at_once_and_logged_once(caplog: Any) -> None:
    store = RedisCacheStore(f"redis://127.0.0.1:{free_port()}/0?socket_connect_timeout=0.5")
    service = CacheService(store, retry_after=30)
    first = await service.handle("app.py", "s1", get(1), b"")
    assert first.reply["status"] == "error" and first.reply["message"] == "the cache store is unavailable"
    assert "127.0.0.1" not in first.reply["message"]
    loop = asyncio.get_running_loop()
    started = loop.time()
    for i in range(5):
        assert (await service.handle("app.py", "s1", get(i + 2), b"")).reply["status"] == "error"
    assert loop.time() - started < 0.5  # resting: the store is not tried again
    put_answer = await service.handle("app.py", "s1", put(), b"v")
    assert "not shared" in put_answer.notice
    assert len([r for r in caplog.records if "computes without it" in r.getMessage()]) == 1
    await store.close()


async def test_redis_back_after_a_restart_is_used_again() -> None:
    port = free_port()
    with start_redis(port=port) as server:
        store = RedisCacheStore(f"{server.url}?socket_connect_timeout=0.5")
        service = CacheService(store, retry_after=0)
        await service.handle("app.py", "s1", get(1), b"")
        await service.handle("app.py", "s1", put(), b"v")
        server.stop()
        assert (await service.handle("app.py", "s2", get(2), b"")).reply["status"] == "error"
    with start_redis(port=port):
        assert (await service.handle("app.py", "s2", get(3), b"")).reply["status"] == "miss"  # a fresh redis
    await store.close()


async def test_a_clear_is_announced_to_the_other_replicas_through_redis(redis_server: RedisServer) -> None:
    prefix = f"jrtest-{uuid.uuid4().hex}:"
    heard: list[tuple[Any, ...]] = []
    from_one = asyncio.Event()

    def on_clear(*args: Any) -> None:
        heard.append(args)
        if args[3] == "":
            from_one.set()

    one = CacheService(store_from_url(f"{redis_server.url}?prefix={prefix}"))
    two = CacheService(store_from_url(f"{redis_server.url}?prefix={prefix}"), on_clear=on_clear)
    await two.handle("app.py", "s2", get(1), b"")  # two listens from its first request on
    await until_true(lambda: subscribers(two, f"{prefix}announce"), "two never subscribed")
    await one.handle("app.py", "s1", {"type": "cache", "op": "clear", "fn": FN}, b"")
    # garbage on the channel is ignored, and so are one's own announcements (by two's origin)
    await two.store._redis.publish(f"{prefix}announce", b"not json")
    await two.store._redis.publish(f"{prefix}announce", b'{"app": 3}')
    await two.handle("app.py", "s2", {"type": "cache", "op": "clear", "fn": None}, b"")
    await asyncio.wait_for(from_one.wait(), 5)
    await asyncio.sleep(0.2)  # the garbage (published after) has been read too
    assert [h for h in heard if h[3] == ""] == [("app.py", FN, None, "")]  # from one, once
    assert ("app.py", None, None, "s2") in heard  # two's own clear: told locally, not twice
    await one.close()
    await two.close()


async def test_replicas_sharing_redis_compute_a_missing_key_once(redis_server: RedisServer) -> None:
    prefix = f"jrtest-{uuid.uuid4().hex}:"
    one = CacheService(store_from_url(f"{redis_server.url}?prefix={prefix}"), wait_timeout=10)
    two = CacheService(store_from_url(f"{redis_server.url}?prefix={prefix}"), wait_timeout=10)
    assert (await one.handle("app.py", "s1", get(1), b"")).reply["status"] == "miss"
    assert (await two.handle("app.py", "s2", get(2), b"")).reply["status"] == "busy"  # one computes
    waiting = asyncio.ensure_future(two.handle("app.py", "s2", get(3, wait=True), b""))
    await asyncio.sleep(0.5)
    assert not waiting.done()
    await one.handle("app.py", "s1", put(), b"from one")
    answer = await asyncio.wait_for(waiting, 5)
    assert answer.reply["status"] == "hit" and answer.value == b"from one"
    # a replica whose session ended mid-computation gives its lease back
    assert (await one.handle("app.py", "s1", get(4, k=2), b"")).reply["status"] == "miss"
    one.release("s1")  # gives it back in a task of its own: two is told "busy" until then

    async def two_may_compute() -> bool:
        status = (await two.handle("app.py", "s2", get(5, k=2), b"")).reply["status"]
        assert status in ("busy", "miss")
        return status == "miss"

    await until_true(two_may_compute, "the released lease was never free")
    await one.close()
    await two.close()
