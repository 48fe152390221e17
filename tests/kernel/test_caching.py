"""``cache_data`` / ``cache_resource``: memoized across a session's reruns, copies vs the same
object, keys, options and their bad values (in process)."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest

import jupyter_reactive as jr
from jupyter_reactive.kernel.caching import (
    CacheData,
    CacheError,
    CacheResource,
    UnserializableReturnValueError,
    size_bytes,
    ttl_seconds,
)


@pytest.fixture
def caches() -> tuple[CacheData, CacheResource]:
    return CacheData(), CacheResource()


def test_a_slow_load_runs_once_across_reruns_with_a_spinner_the_first_time(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        calls = jr.session_state.setdefault("calls", [])

        @jr.cache_data
        def load(n):
            calls.append(n)
            return list(range(n))

        data = load(3)
        data.append("mutated")  # a copy: the cache keeps its own
        jr.write(f"{load(3)} calls={len(calls)}")
        """
    )
    first = app.run()
    assert first.status == "complete"
    assert [el["html"] for el in first.of_kind("spinner")] == ["<p>Running load(...).</p>\n"]
    assert "[0, 1, 2] calls=1" in str(app.page)
    second = app.run()
    assert second.of_kind("spinner") == []
    assert "[0, 1, 2] calls=1" in str(app.page)


def test_cache_data_keys_on_arguments_but_not_underscored_ones(caches: Any) -> None:
    data, _ = caches
    calls: list[Any] = []

    @data(show_spinner=False)
    def f(x: Any, _conn: Any = None, *, y: int = 0) -> Any:
        calls.append((x, y))
        return {"x": x}

    assert f(1, object()) == f(1, object()) == {"x": 1}
    f(1, y=2)
    f([1, 2])
    f([1, 2])
    assert calls == [(1, 0), (1, 2), ([1, 2], 0)]
    f.clear()
    f(1)
    f([1, 2])
    assert len(calls) == 5
    f.clear(1)  # one entry
    f([1, 2])
    assert len(calls) == 5
    f(1)
    assert len(calls) == 6


def test_cache_data_returns_a_fresh_copy_and_cache_resource_the_same_object(caches: Any) -> None:
    data, resource = caches

    @data
    def frame() -> list[int]:
        return [1]

    @resource
    def model() -> Any:
        return threading.Lock()  # not picklable: resources need not be

    a, b = frame(), frame()
    assert a == b and a is not b
    assert model() is model()


def test_an_unpicklable_result_or_argument_is_a_clear_error(caches: Any) -> None:
    data, _ = caches

    @data
    def lock() -> Any:
        return threading.Lock()

    with pytest.raises(
        UnserializableReturnValueError, match=r"Cannot serialize the return value .* use `cache_resource` instead"
    ):
        lock()

    @data
    def takes(x: Any) -> int:
        return 1

    with pytest.raises(CacheError, match=r"cannot hash argument 'x'.*_x"):
        takes(threading.Lock())


def test_hash_funcs_decide_how_an_argument_is_keyed(caches: Any) -> None:
    data, _ = caches
    calls = []

    @data(hash_funcs={type(threading.Lock()): lambda _lock: "any lock"})
    def f(lock: Any) -> int:
        calls.append(1)
        return 1

    f(threading.Lock())
    f(threading.Lock())
    assert len(calls) == 1


def test_max_entries_evicts_the_least_recently_used(caches: Any) -> None:
    data, _ = caches
    calls: list[int] = []

    @data(max_entries=2)
    def f(x: int) -> int:
        calls.append(x)
        return x

    for x in (1, 2, 1, 3, 1, 2):
        f(x)
    assert calls == [1, 2, 3, 2]


def test_ttl_expires_entries(caches: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    data, _ = caches
    now = [1000.0]
    monkeypatch.setattr("jupyter_reactive.kernel.cache_keys.time.monotonic", lambda: now[0])
    calls: list[int] = []

    @data(ttl="1m")
    def f() -> int:
        calls.append(1)
        return 1

    f()
    now[0] += 59
    f()
    now[0] += 2
    f()
    assert len(calls) == 2


def test_clear_all_and_validate(caches: Any) -> None:
    _data, resource = caches
    built: list[int] = []

    @resource(validate=lambda conn: conn["open"])
    def connect() -> dict[str, bool]:
        built.append(1)
        return {"open": True}

    conn = connect()
    assert connect() is conn
    conn["open"] = False
    assert connect() is not conn and len(built) == 2
    resource.clear()
    connect()
    assert len(built) == 3


@pytest.mark.parametrize(
    ("ttl", "seconds"),
    [
        (None, None),
        (5, 5.0),
        (0.5, 0.5),
        (datetime.timedelta(minutes=2), 120.0),
        ("1h 30m", 5400.0),
        ("2d", 172800.0),
        ("10 seconds", 10.0),
    ],
)
def test_ttl_forms(ttl: Any, seconds: Any) -> None:
    assert ttl_seconds(ttl) == seconds


@pytest.mark.parametrize("ttl", ["soon", "5", "1 month", "3ms", -1, True, [1]])
def test_bad_ttl_is_refused(ttl: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        ttl_seconds(ttl)


@pytest.mark.parametrize(
    "options",
    [
        {"max_entries": 0},
        {"max_entries": "3"},
        {"ttl": "later"},
        {"persist": "memory"},
        {"colour": "red"},
        {"max_size": "lots"},
        {"max_size": -1},
        {"scope": "user"},
        {"refresh_mode": "never"},
    ],
)
def test_bad_options_are_refused_when_decorating(options: dict[str, Any]) -> None:
    with pytest.raises((TypeError, ValueError)):
        jr.cache_data(**options)(lambda: 1)


def test_bad_validate_and_decorating_a_non_function() -> None:
    with pytest.raises(TypeError):
        jr.cache_resource(validate=3)(lambda: 1)
    with pytest.raises(TypeError, match="decorates a function"):
        jr.cache_data(3)


def test_persist_scope_and_show_time_are_supported_without_a_notice(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.cache_data(persist="disk")
        def f():
            return 1

        @jr.cache_data(scope="session", show_time=True)
        def g():
            return 2

        @jr.cache_resource(show_time=True, show_spinner="Building")
        def h():
            return 3

        f(), g(), h()
        """
    )
    run = app.run()
    assert run.status == "complete"
    assert not [m for m in run.messages if m["type"] == "notice"]
    spinners = {el["html"]: el for el in run.of_kind("spinner")}  # the text as markdown
    shown = {
        text: el
        for text in ("Running f(...).", "Running g(...).", "Building")
        for html, el in spinners.items()
        if text in html
    }
    assert shown["Running g(...)."]["show_time"] is True and shown["Building"]["show_time"] is True
    assert "show_time" not in shown["Running f(...)."]


def test_max_size_evicts_by_pickled_bytes(caches: Any) -> None:
    data, _ = caches
    calls: list[int] = []

    @data(max_size="2500B")
    def blob(x: int) -> bytes:
        calls.append(x)
        return bytes(1000)

    for x in (1, 2, 3, 1):  # three ~1 kB results do not fit in 2.5 kB: 1 went first
        blob(x)
    assert calls == [1, 2, 3, 1]
    assert size_bytes("100MB") == 100_000_000 and size_bytes("1 KiB") == 1024 and size_bytes(10) == 10


def test_on_release_sees_evicted_and_cleared_objects(caches: Any) -> None:
    _, resource = caches
    released: list[str] = []

    @resource(max_entries=1, on_release=released.append)
    def conn(name: str) -> str:
        return f"conn-{name}"

    conn("a")
    conn("b")
    assert released == ["conn-a"]
    conn.clear()
    assert released == ["conn-a", "conn-b"]


class Clock:
    """``time.monotonic`` for the cache's entries, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    from jupyter_reactive.kernel import cache_keys

    clock = Clock()
    monkeypatch.setattr(cache_keys.time, "monotonic", clock)
    return clock


def wait_refreshed(cache: Any) -> None:
    """Until no background refresh of ``cache`` is running."""
    import time

    deadline = time.time() + 10
    while cache._refreshing:
        assert time.time() < deadline, "the background refresh did not end"
        time.sleep(0.01)


@pytest.mark.parametrize("kind", ["data", "resource"])
def test_background_refresh_serves_the_stale_result_then_the_new_one(caches: Any, clock: Clock, kind: str) -> None:
    data, resource = caches
    cache = data if kind == "data" else resource
    calls: list[str] = []
    release = threading.Event()
    released: list[Any] = []
    options: dict[str, Any] = {"on_release": released.append} if kind == "resource" else {}

    @cache(ttl=10, refresh_mode="background", show_spinner=False, **options)
    def load(x: int) -> dict[str, Any]:
        calls.append(threading.current_thread().name)
        if len(calls) > 1:
            release.wait(10)
        return {"x": x, "version": len(calls)}

    assert load(1)["version"] == 1 and calls == ["MainThread"]
    clock.now += 9
    assert load(1)["version"] == 1 and len(calls) == 1  # fresh
    clock.now += 2  # past ttl, within the hard expiry (2 x ttl): the old one, a refresh started
    assert load(1)["version"] == 1
    assert load(1)["version"] == 1  # stale again, the refresh still running: not a second one
    release.set()
    wait_refreshed(cache)
    assert calls == ["MainThread", "jupyter-reactive-cache-refresh"]
    assert load(1)["version"] == 2 and len(calls) == 2
    if kind == "resource":
        assert released == [{"x": 1, "version": 1}]
    clock.now += 25  # past the new one's hard expiry: the call computes, in the foreground
    assert load(1)["version"] == 3 and calls[-1] == "MainThread"


def test_a_failed_background_refresh_keeps_the_stale_result(caches: Any, clock: Clock, caplog: Any) -> None:
    data, _ = caches
    calls: list[int] = []

    @data(ttl=10, refresh_mode="background", show_spinner=False)
    def load() -> int:
        calls.append(1)
        if len(calls) == 2:
            raise OSError("the source is down")
        return len(calls)

    assert load() == 1
    clock.now += 15
    with caplog.at_level("WARNING", logger="jupyter_reactive.kernel"):
        assert load() == 1
        wait_refreshed(data)
    assert "OSError: the source is down" in caplog.text
    assert load() == 1  # still stale: a new refresh, which works
    wait_refreshed(data)
    assert load() == 3 and len(calls) == 3


def test_the_ttl_multiplier_option_sets_the_hard_expiry(caches: Any, clock: Clock, caplog: Any) -> None:
    from jupyter_reactive.kernel import options

    data, _ = caches
    try:
        options.configure({"runner.cacheBackgroundRefreshTTLMultiplier": 3.0})
        calls: list[int] = []

        @data(ttl=10, refresh_mode="background", show_spinner=False)
        def three() -> int:
            calls.append(1)
            return len(calls)

        three()
        clock.now += 29  # stale for two more ttls
        assert three() == 1
        wait_refreshed(data)
        assert three() == 2
        for garbage in (1.0, 0.5, "lots", float("inf"), None):
            options.configure({"runner.cacheBackgroundRefreshTTLMultiplier": garbage})
            with caplog.at_level("WARNING", logger="jupyter_reactive.kernel"):

                @data(ttl=7, refresh_mode="background")
                def default() -> int:
                    return 1

            assert "must be a finite number greater than 1.0" in caplog.text
            caplog.clear()
            with caplog.at_level("WARNING", logger="jupyter_reactive.kernel"):
                data(ttl=7, refresh_mode="background")(default)  # a rerun decorates it again
            assert "finite number" not in caplog.text  # once per value
    finally:
        options.configure({})


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"refresh_mode": "later"}, "StreamlitValueError", "Invalid `refresh_mode` value"),
        ({"refresh_mode": "background"}, "StreamlitMissingRequiredParameterError", "The `ttl` parameter is required"),
        ({"refresh_mode": "background", "ttl": 0}, "StreamlitValueError", "a positive duration"),
        (
            {"refresh_mode": "background", "ttl": 5, "persist": "disk"},
            "StreamlitIncompatibleParametersError",
            "cannot be used together",
        ),
        ({"scope": "tab"}, "StreamlitValueError", "Invalid `scope` value"),
    ],
)
def test_refresh_mode_is_checked_as_streamlit_checks_it(options: dict[str, Any], error: str, message: str) -> None:
    with pytest.raises(jr.errors.StreamlitAPIException, match=message) as caught:
        jr.cache_data(**options)(lambda: 1)
    assert type(caught.value).__name__ == error
    if "persist" not in options:
        with pytest.raises(type(caught.value)):
            jr.cache_resource(**options)(lambda: 1)


def test_async_functions_are_awaited_once_and_their_results_kept(make_app: Any) -> None:
    app = make_app(
        """
        import asyncio
        import jupyter_reactive as jr
        calls = jr.session_state.setdefault("calls", [])

        @jr.cache_data
        async def double(x):
            calls.append(x)
            await asyncio.sleep(0)
            return [x * 2]

        @jr.cache_resource(validate=lambda r: r["ok"])
        async def resource():
            calls.append("resource")
            return {"ok": True}

        async def main():
            first, again = await double(3), await double(3)
            first.append("mutated")  # a copy
            same = (await resource()) is (await resource())
            jr.write(f"double {again} same={same} calls={calls}")

        asyncio.run(main())
        """
    )
    run = app.run()
    assert run.status == "complete", app.page
    assert "double [6] same=True calls=[3, 'resource']" in str(app.page)
    assert [el["html"] for el in run.of_kind("spinner")] == [
        "<p>Running double(...).</p>\n",
        "<p>Running resource(...).</p>\n",
    ]
    app.run()
    assert "calls=[3, 'resource']" in str(app.page)


def test_async_functions_are_refused_where_streamlit_refuses_them(caches: Any) -> None:
    import asyncio

    data, resource = caches

    async def agen() -> Any:
        yield 1

    async def coro() -> int:
        return 1

    for cache in (data, resource):
        with pytest.raises(jr.errors.StreamlitAPIException, match="Async-generator functions cannot be cached"):
            cache(agen)
        with pytest.raises(jr.errors.StreamlitValueError, match="not supported for coroutine functions"):
            cache(ttl=5, refresh_mode="background")(coro)

    @data(show_spinner=False)
    def forgot_to_await() -> Any:
        return coro()

    with pytest.raises(jr.errors.StreamlitAPIException, match=r"returned an awaitable of type `builtins\.coroutine`"):
        forgot_to_await()
    assert asyncio.run(data(show_spinner=False)(coro)()) == 1
