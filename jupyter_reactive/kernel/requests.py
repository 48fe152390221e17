"""Run requests between the comm thread and the script thread, coalesced (thread-safe).

Threads: widget events arrive on the kernel subshell's thread (see :mod:`.bridge`) and call
``request_*``; the script runs on the kernel's main thread, which blocks in :meth:`wait` between
runs and calls :meth:`check` at every element call (the yield points). One lock guards all state.

Coalescing: however many events arrive while a run is in flight, there is at most one pending
rerun; its widget values are merged (the newest value of each widget wins) and button triggers
are kept, so a click is never lost to a later slider move.

Scopes: a rerun is of the whole app (``fragments`` empty) or of some fragments (their ids, in
the order asked). An app rerun absorbs any fragment rerun it meets (it redraws them anyway);
fragment reruns merge into one queue. A fragment rerun asked by a widget never cuts the run in
flight short (that run may be drawing elsewhere on the page): it waits for the run to end, as in
Streamlit. Only ``rerun(scope="fragment")`` (``scoped``) and app reruns preempt.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


class RequestType(enum.Enum):
    NONE = "none"
    RERUN = "rerun"
    STOP = "stop"
    SHUTDOWN = "shutdown"


@dataclass(frozen=True)
class RerunData:
    """What the next run starts from: widget values (already validated), fired triggers, and
    the page's wire form of those values (echoed in ``run_started`` so the page knows which of
    its changes a run has taken in)."""

    values: Mapping[str, Any] = field(default_factory=dict)
    triggers: frozenset[str] = frozenset()
    wire: Mapping[str, Any] = field(default_factory=dict)
    fragments: tuple[str, ...] = ()  # the fragments to rerun; empty: the whole app
    scoped: bool = False  # asked by ``rerun(scope="fragment")``: may cut the run in flight short
    #: triggers that carry a value (a chat message) rather than a bare true, by widget id
    trigger_values: Mapping[str, Any] = field(default_factory=dict)
    #: lets the run in flight finish first: a widget change under ``runner.fastReruns = false``
    patient: bool = False

    def merged(self, newer: RerunData) -> RerunData:
        if self.fragments and newer.fragments:
            fragments = self.fragments + tuple(f for f in newer.fragments if f not in self.fragments)
        else:
            fragments = ()  # an app rerun supersedes fragment reruns: it redraws them
        return RerunData(
            {**self.values, **newer.values},
            self.triggers | newer.triggers,
            {**self.wire, **newer.wire},
            fragments,
            bool(fragments) and (self.scoped or newer.scoped),
            {**self.trigger_values, **newer.trigger_values},
            self.patient and newer.patient,
        )

    @property
    def waits(self) -> bool:
        """A rerun that lets the run in flight finish first: a fragment's, or any widget change's
        when the app's ``runner.fastReruns`` is false."""
        return (bool(self.fragments) and not self.scoped) or self.patient


class ScriptControl(BaseException):
    """Raised at a yield point to end the script's run early. BaseException on purpose: a
    script's ``except Exception`` must not swallow it."""


class RerunException(ScriptControl):
    def __init__(self, data: RerunData):
        super().__init__("rerun")
        self.data = data


class StopException(ScriptControl):
    pass


class ScriptRequests:
    """The state machine between "idle", "rerun pending", "stop pending" and "shut down"."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._state = RequestType.NONE
        self._data = RerunData()
        self._waiting = False  # the script thread is between runs with nothing pending
        # done on the script thread after a run, once per stage: stage i when idle_after[i]
        # seconds passed with nothing pending (the page file's reclaims: forkserver/pagefile.py);
        # called with the stage's index; a request waits until it returns
        self.idle_work: Callable[[int], Any] | None = None
        self.idle_after: tuple[float, ...] = (1.0,)  # seconds after the run, increasing
        self._idle_stage = -1  # the next stage due, or -1: none

    @property
    def idle(self) -> bool:
        """No run in flight and none pending (a value equal to the current one changes nothing)."""
        return self._waiting and self._state is RequestType.NONE

    def request_rerun(self, data: RerunData) -> None:
        """Any thread. Queue a rerun, merging into one already pending. Ignored after shutdown;
        a pending stop turns into a rerun (the viewer changed something after pressing stop)."""
        with self._cond:
            if self._state is RequestType.SHUTDOWN:
                return
            if self._state is RequestType.RERUN:
                self._data = self._data.merged(data)
            else:
                self._data = data
            self._state = RequestType.RERUN
            self._cond.notify_all()

    def request_stop(self) -> None:
        """Any thread. Stop the run in flight at its next yield point; drops a pending rerun."""
        with self._cond:
            if self._state is not RequestType.SHUTDOWN:
                self._state = RequestType.STOP
                self._data = RerunData()
                self._cond.notify_all()

    def request_shutdown(self) -> None:
        """Any thread. The loop in :meth:`wait` returns None from now on."""
        with self._cond:
            self._state = RequestType.SHUTDOWN
            self._cond.notify_all()

    def wait(self) -> RerunData | None:
        """Script thread, between runs: block until a rerun is requested (returned and consumed)
        or the session shuts down (None). A stop with no run in flight is a no-op."""
        with self._cond:
            try:
                while True:
                    if self._state is RequestType.SHUTDOWN:
                        return None
                    if self._state is RequestType.RERUN:
                        return self._take()
                    self._state = RequestType.NONE
                    self._waiting = True
                    stage = self._idle_stage
                    due = 0 <= stage < len(self.idle_after)
                    # no idle work due: sleep until a request comes (a timed wait woke each idle
                    # kernel once a second for nothing; a signal still interrupts this one)
                    timeout = (
                        max(self.idle_after[stage] - (self.idle_after[stage - 1] if stage else 0.0), 0.0)
                        if due
                        else None
                    )
                    if not self._cond.wait(timeout=timeout) and due and self._state is RequestType.NONE:
                        self._idle_stage = stage + 1
                        self._idle(stage)
            finally:
                self._waiting = False

    def _idle(self, stage: int) -> None:
        work = self.idle_work
        if work is not None:
            try:
                work(stage)
            except Exception:  # idle work never breaks the session
                log.debug("jupyter_reactive: idle work failed", exc_info=True)

    def check(self) -> None:
        """Script thread, at a yield point. Raises RerunException or StopException (consuming
        the request), or returns at once when nothing is pending. Cheap when nothing is."""
        if self._state is RequestType.NONE or (self._state is RequestType.RERUN and self._data.waits):
            return  # (read without the lock: a change is seen at the next yield point)
        with self._cond:
            state = self._state
            if state is RequestType.RERUN:
                if self._data.waits:
                    return
                raise RerunException(self._take())
            if state is RequestType.STOP:
                self._state = RequestType.NONE
                raise StopException()
            if state is RequestType.SHUTDOWN:
                raise StopException()

    def preempting(self) -> bool:
        """Any thread: a request is pending that the script thread's next yield point takes and
        ends the run for (a parallel fragment's thread stops at once, leaving it to that)."""
        state = self._state  # (read without the lock, as check's first test)
        return (
            state is RequestType.STOP
            or state is RequestType.SHUTDOWN
            or (state is RequestType.RERUN and not self._data.waits)
        )

    def take_pending(self) -> RerunData | None:
        """Script thread, after an interrupt: the pending rerun if any (consumed)."""
        with self._cond:
            if self._state is RequestType.RERUN:
                return self._take()
            if self._state is RequestType.STOP:
                self._state = RequestType.NONE
            return None

    @property
    def shut_down(self) -> bool:
        return self._state is RequestType.SHUTDOWN

    def _take(self) -> RerunData:
        data, self._data, self._state = self._data, RerunData(), RequestType.NONE
        self._idle_stage = 0  # a run starts: the idle work is due once it is over
        return data
