"""ScriptRequests: the coalescing state machine between the comm thread and the script thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from jupyter_reactive.kernel.requests import (
    RequestType,
    RerunData,
    RerunException,
    ScriptControl,
    ScriptRequests,
    StopException,
)

TIMEOUT = 10.0


class _SignallingCondition(threading.Condition):
    """A Condition that tells the test when a thread is blocked in ``wait``."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = threading.Event()

    def wait(self, timeout: float | None = None) -> bool:
        self.waiting.set()
        return super().wait(timeout)


def _requests_with_signal() -> tuple[ScriptRequests, _SignallingCondition]:
    requests = ScriptRequests()
    cond = _SignallingCondition()
    requests._cond = cond  # the one lock guarding all state
    return requests, cond


def _waiter(requests: ScriptRequests) -> tuple[threading.Thread, dict[str, Any], threading.Event]:
    result: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        result["data"] = requests.wait()
        done.set()

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, result, done


def test_rerun_data_merged_newest_value_wins_and_triggers_union() -> None:
    old = RerunData({"a": 1, "b": 2}, frozenset({"btn1"}))
    new = RerunData({"b": 3, "c": 4}, frozenset({"btn2"}))
    merged = old.merged(new)
    assert dict(merged.values) == {"a": 1, "b": 3, "c": 4}
    assert merged.triggers == {"btn1", "btn2"}


def test_coalescing_merges_values_newest_wins() -> None:
    requests = ScriptRequests()
    requests.request_rerun(RerunData({"slider": 1, "text": "a"}))
    requests.request_rerun(RerunData({"slider": 2}))
    requests.request_rerun(RerunData({"slider": 3, "check": True}))
    data = requests.wait()
    assert data is not None
    assert dict(data.values) == {"slider": 3, "text": "a", "check": True}
    assert data.triggers == frozenset()


def test_coalescing_keeps_button_trigger_across_later_value_changes() -> None:
    requests = ScriptRequests()
    requests.request_rerun(RerunData({}, frozenset({"button"})))
    requests.request_rerun(RerunData({"slider": 5}))
    requests.request_rerun(RerunData({"slider": 6}, frozenset({"other"})))
    data = requests.wait()
    assert data is not None
    assert data.triggers == {"button", "other"}
    assert dict(data.values) == {"slider": 6}


def test_wait_consumes_the_request() -> None:
    requests, cond = _requests_with_signal()
    requests.request_rerun(RerunData({"x": 1}, frozenset({"b"})))
    assert requests.wait() == RerunData({"x": 1}, frozenset({"b"}))
    # nothing pending any more: check() is a no-op and a second wait() blocks
    requests.check()
    thread, result, done = _waiter(requests)
    assert cond.waiting.wait(TIMEOUT)
    assert not done.is_set()
    requests.request_shutdown()
    thread.join(TIMEOUT)
    assert done.is_set() and result["data"] is None


def test_check_raises_rerun_with_pending_data_and_consumes_it() -> None:
    requests = ScriptRequests()
    requests.request_rerun(RerunData({"x": 1}))
    requests.request_rerun(RerunData({"x": 2}, frozenset({"b"})))
    with pytest.raises(RerunException) as info:
        requests.check()
    assert info.value.data == RerunData({"x": 2}, frozenset({"b"}))
    requests.check()  # consumed: nothing pending


def test_check_is_a_noop_when_nothing_is_pending() -> None:
    requests = ScriptRequests()
    for _ in range(3):
        assert requests.check() is None
    assert requests.take_pending() is None
    assert not requests.shut_down


def test_stop_raises_stop_exception_once() -> None:
    requests = ScriptRequests()
    requests.request_stop()
    with pytest.raises(StopException):
        requests.check()
    requests.check()  # consumed


def test_stop_drops_a_pending_rerun() -> None:
    requests = ScriptRequests()
    requests.request_rerun(RerunData({"x": 1}, frozenset({"b"})))
    requests.request_stop()
    with pytest.raises(StopException):
        requests.check()
    assert requests.take_pending() is None


def test_stop_with_no_run_in_flight_does_not_wake_a_run() -> None:
    requests, cond = _requests_with_signal()
    requests.request_stop()
    thread, result, done = _waiter(requests)
    assert cond.waiting.wait(TIMEOUT)  # the stop was swallowed; wait() is blocking
    assert not done.is_set()
    requests.request_rerun(RerunData({"x": 7}))
    thread.join(TIMEOUT)
    assert result["data"] == RerunData({"x": 7})


def test_rerun_after_stop_replaces_the_stop() -> None:
    requests = ScriptRequests()
    requests.request_rerun(RerunData({"x": 1}))
    requests.request_stop()
    requests.request_rerun(RerunData({"y": 2}))
    with pytest.raises(RerunException) as info:
        requests.check()
    # the rerun dropped by the stop does not come back
    assert info.value.data == RerunData({"y": 2})


def test_shutdown_makes_wait_return_none_and_check_raise_stop() -> None:
    requests = ScriptRequests()
    requests.request_rerun(RerunData({"x": 1}))
    requests.request_shutdown()
    assert requests.shut_down
    assert requests.wait() is None
    assert requests.wait() is None  # stays shut down
    with pytest.raises(StopException):
        requests.check()
    with pytest.raises(StopException):
        requests.check()


def test_requests_after_shutdown_are_ignored() -> None:
    requests = ScriptRequests()
    requests.request_shutdown()
    requests.request_rerun(RerunData({"x": 1}))
    requests.request_stop()
    assert requests.shut_down
    assert requests.wait() is None
    assert requests.take_pending() is None


def test_wait_blocks_until_a_rerun_arrives_from_another_thread() -> None:
    requests, cond = _requests_with_signal()
    thread, result, done = _waiter(requests)
    assert cond.waiting.wait(TIMEOUT), "wait() never blocked"
    assert not done.is_set()
    sender = threading.Thread(target=requests.request_rerun, args=(RerunData({"s": 3}, frozenset({"b"})),))
    sender.start()
    sender.join(TIMEOUT)
    thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert result["data"] == RerunData({"s": 3}, frozenset({"b"}))


def test_wait_returns_none_when_shut_down_from_another_thread() -> None:
    requests, cond = _requests_with_signal()
    thread, result, done = _waiter(requests)
    assert cond.waiting.wait(TIMEOUT)
    threading.Thread(target=requests.request_shutdown).start()
    thread.join(TIMEOUT)
    assert done.is_set() and result["data"] is None


def test_take_pending_returns_rerun_and_clears_stop() -> None:
    requests = ScriptRequests()
    requests.request_rerun(RerunData({"x": 1}))
    assert requests.take_pending() == RerunData({"x": 1})
    assert requests.take_pending() is None
    requests.request_stop()
    assert requests.take_pending() is None
    requests.check()  # the stop was consumed too


def test_script_control_is_not_an_exception() -> None:
    # a script's `except Exception:` must not swallow a rerun or a stop
    assert not issubclass(ScriptControl, Exception)
    assert issubclass(RerunException, ScriptControl) and issubclass(StopException, ScriptControl)


def test_concurrent_requests_coalesce_into_one_rerun_with_every_trigger() -> None:
    requests = ScriptRequests()
    start = threading.Barrier(8)

    def click(i: int) -> None:
        start.wait(TIMEOUT)
        for j in range(50):
            requests.request_rerun(RerunData({f"w{i}": j}, frozenset({f"b{i}"}) if j == 0 else frozenset()))

    threads = [threading.Thread(target=click, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    data = requests.wait()
    assert data is not None
    assert dict(data.values) == {f"w{i}": 49 for i in range(8)}
    assert data.triggers == {f"b{i}" for i in range(8)}
    requests.check()  # exactly one pending rerun, now consumed


def test_idle_work_runs_once_after_each_run_when_nothing_is_pending_and_never_breaks_the_loop() -> None:
    requests = ScriptRequests()
    requests.idle_after = (0.01, 0.03)
    calls: list[int] = []
    done = threading.Event()

    def work(stage: int) -> None:
        calls.append(stage)
        if stage == 1:
            done.set()
        raise RuntimeError("idle work failing is logged, not raised")

    requests.idle_work = work
    results: list[Any] = []

    def serve() -> None:
        while True:
            data = requests.wait()
            results.append(data)
            if data is None:
                return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    requests.request_rerun(RerunData(values={"a": 1}))  # a run: idle work due once it is over
    assert done.wait(TIMEOUT)
    done.clear()
    requests.request_rerun(RerunData(values={"a": 2}))
    assert done.wait(TIMEOUT)
    requests.request_shutdown()
    thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert calls == [0, 1, 0, 1]  # each stage once per run, in order, not at every timeout after it
    assert [r.values if r else r for r in results] == [{"a": 1}, {"a": 2}, None]


def test_a_run_between_idle_stages_starts_them_over() -> None:
    requests = ScriptRequests()
    requests.idle_after = (0.01, 5.0)  # the second stage far off: never reached here
    calls: list[int] = []
    first = threading.Event()

    def work(stage: int) -> None:
        calls.append(stage)
        first.set()

    requests.idle_work = work

    def serve() -> None:
        while requests.wait() is not None:
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    requests.request_rerun(RerunData(values={"a": 1}))
    assert first.wait(TIMEOUT)
    first.clear()
    requests.request_rerun(RerunData(values={"a": 2}))  # before the second stage was due
    assert first.wait(TIMEOUT)
    requests.request_shutdown()
    thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert calls == [0, 0]  # the second stage of the first run never came; the new run began at 0


def test_an_idle_script_thread_sleeps_until_a_request_once_its_idle_work_is_done() -> None:
    """Between runs the script thread waits with a timeout only while an idle stage is due;
    after the last (or with none) it waits for a request alone: an idle kernel's thread is not
    woken every second for nothing (fifty sessions open were fifty wake-ups a second)."""
    requests = ScriptRequests()
    requests.idle_after = (1.0, 30.0)
    stages: list[int] = []
    requests.idle_work = stages.append
    timeouts: list[float | None] = []

    def recorded(timeout: float | None = None) -> bool:
        """The condition's wait, its time passing at once; a request comes when the thread
        sleeps with no timeout (or, failing, after a dozen timed waits: shut down)."""
        timeouts.append(timeout)
        if timeout is not None and len(timeouts) < 12:
            return False
        if timeout is None:
            requests._state, requests._data = RequestType.RERUN, RerunData(values={"a": 2})
        else:
            requests._state = RequestType.SHUTDOWN
        return True

    requests.request_rerun(RerunData(values={"a": 1}))
    assert requests.wait() is not None  # run 1 taken: its idle stages are due after it
    requests._cond.wait = recorded  # type: ignore[method-assign]
    data = requests.wait()
    assert stages == [0, 1]
    assert timeouts == [1.0, 29.0, None]
    assert data is not None and dict(data.values) == {"a": 2}
    # with no idle work at all (no page file), the first wait is already untimed
    plain = ScriptRequests()
    plain.idle_after = ()
    timeouts.clear()
    requests = plain
    plain._cond.wait = recorded  # type: ignore[method-assign]
    assert plain.wait() is not None
    assert timeouts == [None]
