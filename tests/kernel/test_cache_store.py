"""A kernel's cache_data through :class:`StoreClient` to a real :class:`CacheService` and
directory store, run on an event loop thread as the server's (in process: the comm is replaced by
direct calls, frames by their headers). Two CacheData instances stand for two kernels."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive.kernel.cache_store import StoreClient
from jupyter_reactive.kernel.caching import CacheData, CacheError, CacheResource
from jupyter_reactive.server.cache import CacheService, DirectoryCacheStore


class Server:
    """The server side on a loop thread; ``kernel()`` makes a CacheData connected to it."""

    def __init__(self, root: Path):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.service = CacheService(DirectoryCacheStore(str(root)), wait_timeout=10)
        self.service.on_clear = self._cleared
        self.clients: dict[str, StoreClient] = {}
        self.notices: dict[str, list[str]] = {}
        self.drop = False  # the server stops answering
        self.sent: list[Any] = []

    def kernel(self, session: str) -> CacheData:
        data = CacheData()
        notices = self.notices.setdefault(session, [])

        def send(header: dict[str, Any], payload: bytes) -> None:
            if not self.drop:
                self.sent.append(asyncio.run_coroutine_threadsafe(self._handle(session, header, payload), self.loop))

        client = StoreClient(send, lambda level, text: notices.append(text), timeout=1.0, wait_timeout=5.0)
        self.clients[session] = client
        data.connect(client)
        return data

    async def _handle(self, session: str, header: dict[str, Any], payload: bytes) -> None:
        answer = await self.service.handle("app.py", session, header, payload)
        if answer.reply is not None:
            self.clients[session].on_message(answer.reply, [] if answer.value is None else [answer.value])
        if answer.notice:
            self.notices[session].append(answer.notice)

    def settle(self) -> None:
        """Wait until the server has handled every request sent so far (puts and clears are
        not answered: a kernel never waits for them)."""
        for future in list(self.sent):
            future.result(5)

    def _cleared(self, app: str, fn: Any, key: Any, by: str) -> None:
        for session, client in self.clients.items():
            if session != by:
                message = {"kind": "cache", "status": "cleared", "fn": fn}
                if key is not None:
                    message["key"] = key
                client.on_message(message, [])

    def close(self) -> None:
        """Cancel what is still pending (a kernel that stopped waiting), then stop the loop."""

        async def cancel_all() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.service.close()

        asyncio.run_coroutine_threadsafe(cancel_all(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    made = Server(tmp_path / "cache")
    yield made
    made.close()


def shared(data: CacheData, log: list[Any], **options: Any) -> Any:
    @data(show_spinner=False, **options)
    def load(n: int) -> list[int]:
        log.append(n)
        return list(range(n))

    return load


def test_two_kernels_share_results_and_clears(server: Server) -> None:
    log: list[int] = []
    one, two = shared(server.kernel("a"), log), shared(server.kernel("b"), log)
    assert one(3) == [0, 1, 2] and log == [3]
    mine = two(3)
    assert mine == [0, 1, 2] and log == [3]  # found in the store
    mine.append("x")
    assert two(3) == [0, 1, 2]  # a copy, from b's memory
    one.clear(3)  # one call, in the store and in b's memory
    server.settle()
    assert two(3) == [0, 1, 2] and log == [3, 3]
    server.settle()
    assert one(3) == [0, 1, 2] and log == [3, 3]
    data_c = server.kernel("c")  # a kernel's clear-all reaches the others
    data_c.clear()
    server.settle()
    assert two(3) == [0, 1, 2] and log == [3, 3, 3]


def test_session_scoped_results_and_persist_choose_their_store(server: Server, tmp_path: Path) -> None:
    log: list[int] = []
    one, two = server.kernel("a"), server.kernel("b")
    mine, theirs = shared(one, log, scope="session"), shared(two, log, scope="session")
    assert mine(1) == theirs(1) == [0] and log == [1, 1]  # each session computes its own
    server.settle()
    assert not (tmp_path / "cache").exists()  # nothing went to the store
    persist = CacheService(DirectoryCacheStore(str(tmp_path / "a")), DirectoryCacheStore(str(tmp_path / "p")))
    server.service.store, server.service.persist_store = persist.store, persist.persist_store
    kept = shared(one, log, persist="disk")
    kept(5)
    server.settle()
    assert list((tmp_path / "p").rglob("*")) and not (tmp_path / "a").exists()


def test_a_server_that_does_not_answer_means_computing_here_with_one_warning(server: Server) -> None:
    log: list[int] = []
    load = shared(server.kernel("a"), log)
    server.drop = True
    assert load(1) == [0] and load(2) == [0, 1] and load(1) == [0]
    assert log == [1, 2]
    assert len(server.notices["a"]) == 1 and "did not answer in time" in server.notices["a"][0]


def test_a_failing_computation_frees_the_key_for_a_waiting_kernel(server: Server) -> None:
    calls: list[str] = []
    gate = threading.Event()

    def make(data: CacheData, who: str) -> Any:
        @data(show_spinner=False)
        def flaky() -> str:
            calls.append(who)
            if who == "a":
                gate.wait(5)
                raise RuntimeError("boom")
            return "ok"

        return flaky

    first, second = make(server.kernel("a"), "a"), make(server.kernel("b"), "b")
    failed: list[BaseException] = []

    def run_first() -> None:
        try:
            first()
        except RuntimeError as err:
            failed.append(err)

    t = threading.Thread(target=run_first)
    t.start()
    while not calls:
        threading.Event().wait(0.01)
    got: list[str] = []
    waiter = threading.Thread(target=lambda: got.append(second()))
    waiter.start()
    threading.Event().wait(0.2)
    assert got == []  # b waits for a's computation
    gate.set()
    t.join(5)
    waiter.join(5)
    assert failed and got == ["ok"] and calls == ["a", "b"]


def test_a_shared_value_this_kernel_cannot_unpickle_is_computed_here(server: Server, tmp_path: Path) -> None:
    log: list[int] = []
    load = shared(server.kernel("a"), log)
    client = server.clients["a"]
    original = client.on_message

    def corrupting(data: dict[str, Any], buffers: list[Any]) -> None:
        original(data, [b"\x80\x05not a pickle"] if data.get("status") == "hit" else buffers)

    load(2)
    server.settle()
    client.on_message = corrupting  # type: ignore[method-assign]
    other = shared(server.kernel("b"), log)
    server.clients["b"].on_message = corrupting  # type: ignore[method-assign]
    assert other(2) == [0, 1] and log == [2, 2]


def test_garbage_from_the_server_is_ignored(server: Server) -> None:
    load = shared(server.kernel("a"), [])
    client = server.clients["a"]
    for bad in (
        {},
        {"kind": "cache", "id": 999, "status": "hit"},
        {"kind": "cache", "id": "x"},
        {"kind": "cache", "status": "cleared", "fn": "zz"},
        {"kind": "cache", "status": "cleared", "fn": 3, "key": ["x"]},
    ):
        client.on_message(bad, [b"junk"])
    assert load(2) == [0, 1]


def test_the_decorator_works_on_methods_and_closures(server: Server) -> None:
    data = server.kernel("a")
    calls: list[Any] = []

    class Connection:
        def __init__(self, name: str):
            self.name = name

        def query(self, sql: str, ttl: float | None = None) -> list[str]:
            @data(ttl=ttl, show_spinner=False)
            def run(sql: str, _conn: Connection = self) -> list[str]:
                calls.append((self.name, sql))
                return [sql]

            return run(sql)

        def method(self, x: int) -> int:
            calls.append(x)
            return x * 2

    conn = Connection("db")
    assert conn.query("select 1", ttl=60) == conn.query("select 1", ttl=60) == ["select 1"]
    assert calls == [("db", "select 1")]
    cached_method = data(ttl="1h", show_spinner=False)(conn.method)  # a bound method, plainly
    assert cached_method(2) == cached_method(2) == 4 and calls.count(2) == 1


def test_hash_funcs_that_raise_are_a_clear_error() -> None:
    data = CacheData()

    class Conn:
        pass

    def bad_hash(_conn: Conn) -> Any:
        raise RuntimeError("no")

    @data(hash_funcs={Conn: bad_hash}, show_spinner=False)
    def query(conn: Conn) -> int:
        return 1

    with pytest.raises(CacheError, match=r"hash_funcs\[Conn\] raised RuntimeError: no while hashing argument 'conn'"):
        query(Conn())
    with pytest.raises(TypeError, match="hash_funcs must be a dict"):
        data(hash_funcs=[1])(lambda: 1)  # type: ignore[arg-type]


def test_fork_server_resources_are_built_by_build_for_fork_server() -> None:
    resource = CacheResource()
    built: list[str] = []

    @resource(fork_server=True)
    def model() -> dict[str, int]:
        built.append("model")
        return {"weights": 1}

    @resource(fork_server=True, validate=lambda m: True)
    def broken() -> None:
        raise ValueError("no file")

    assert list(resource.build_for_fork_server().items()) == [
        (f"{__name__}.{broken.__qualname__}", "ValueError: no file")
    ]
    assert built == ["model"]
    first = model()
    assert model() is first and built == ["model"]  # the forked kernel's first call finds it
    assert resource.build_for_fork_server() == {}  # built once
    with pytest.raises(TypeError, match="must take none"):
        resource(fork_server=True)(lambda x: x)
    with pytest.raises(TypeError, match="fork_server must be True or False"):
        resource(fork_server="yes")  # type: ignore[arg-type]
