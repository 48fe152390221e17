"""Stopping on time, whatever the server is doing (server process).

jupyter-server stops on SIGTERM by scheduling its clean-up on the event loop: extensions stop
(here: sessions are told and closed, kernels and fork servers stopped), then the kernel manager
shuts what is left, then the loop ends. If that never completes — the loop is still busy
starting, a kernel ignores its shutdown because it is stuck in C code, a hook hangs — the process
would run until someone sends SIGKILL, and kernels started in sessions of their own would outlive
it. :class:`StopDeadline` bounds that: the first stop signal starts the clean-up and a timer of
``shutdown_timeout`` seconds; when the timer fires, or a second stop signal arrives, every process
this server started (kernels, fork servers and their children; not a browser it opened) is
killed and the process exits with status 1. :func:`end_descendants` is the same sweep, run once
more after a normal stop, so that no kernel survives its server.

Threads: the signal handler runs on the main thread (Python runs handlers there), between two
bytecodes of whatever it was doing; it only schedules the stop on the loop and starts the timer.
The timer runs on a thread of its own, so it fires even when the loop never runs again.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from typing import Any

import psutil


def _is_ours(proc: psutil.Process) -> bool:
    """A kernel (any kernel spec's command line names its connection file) or a fork server —
    not, say, the browser `serve` opened for the user, which is a child of this process too."""
    try:
        args = proc.cmdline()
    except psutil.Error:
        return False
    return any("jupyter_reactive.forkserver" in a or (a.endswith(".json") and "kernel-" in a) for a in args)


def end_descendants(grace: float = 1.0) -> list[int]:
    """Terminate, then kill after ``grace`` seconds, every kernel and fork server this process
    started, and whatever they started (kernels in sessions of their own are still
    descendants). Returns their pids. Safe to call when there are none."""
    try:
        roots = [p for p in psutil.Process().children(recursive=True) if _is_ours(p)]
    except psutil.Error:
        return []
    found: dict[int, psutil.Process] = {}
    for root in roots:
        found[root.pid] = root
        try:
            found.update((c.pid, c) for c in root.children(recursive=True))
        except psutil.Error:
            pass
    children = list(found.values())
    for child in children:
        try:
            child.terminate()
        except psutil.Error:
            pass
    _gone, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        try:
            child.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(alive, timeout=grace)
    return [c.pid for c in children]


#: jupyter-server's start line about Control-C, and what it says where Control-C stops at once
_CONFIRMATION = " (twice to skip confirmation)"
_WITHOUT_CONFIRMATION = " (again to stop at once)"


def _sigint_line_without_confirmation(record: logging.LogRecord) -> bool:
    """A log filter: the start line "Use Control-C to stop this server ... (twice to skip
    confirmation)" as it is true when Control-C stops without asking (see StopDeadline)."""
    if isinstance(record.msg, str) and record.msg.startswith("Use Control-C") and _CONFIRMATION in record.msg:
        record.msg = record.msg.replace(_CONFIRMATION, _WITHOUT_CONFIRMATION)
    return True


class StopDeadline:
    """SIGTERM (and, when ``sigint_stops``, SIGINT) stop the server within ``timeout`` seconds.

    Installed by the command that owns the process (``jupyter reactive``), never inside another
    application's server (``jupyter lab`` keeps its own handlers)."""

    def __init__(self, serverapp: Any, timeout: float, log: logging.Logger, sigint_stops: bool):
        self.serverapp = serverapp
        self.timeout = timeout
        self.log = log
        self.sigint_stops = sigint_stops
        self._timer: threading.Timer | None = None

    def install(self) -> bool:
        """Take over the stop signals (main thread only: elsewhere nothing changes). True if
        installed."""
        if threading.current_thread() is not threading.main_thread():
            return False
        signal.signal(signal.SIGTERM, self._on_signal)
        if self.sigint_stops:
            signal.signal(signal.SIGINT, self._on_signal)
            # jupyter-server's start line promises a confirmation this process does not ask for
            self.serverapp.log.addFilter(_sigint_line_without_confirmation)
        return True

    @property
    def stopping(self) -> bool:
        return self._timer is not None

    def _on_signal(self, signum: int, frame: Any) -> None:
        name = signal.Signals(signum).name
        if self._timer is not None:
            self.log.critical("jupyter_reactive: %s again: stopping now", name)
            self._force()
            return
        self.log.critical("jupyter_reactive: %s: stopping (at most %g s)", name, self.timeout)
        self._timer = threading.Timer(self.timeout, self._overdue)
        self._timer.daemon = True
        self._timer.start()
        # Jupyter's own SIGINT handler asks first: the second ^C must still end it
        signal.signal(signal.SIGINT, self._on_signal)
        self.serverapp.stop(from_signal=True)

    def _overdue(self) -> None:
        self.log.error(
            "jupyter_reactive: the server did not stop within %g s (ReactiveApp.shutdown_timeout): "
            "ending its processes",
            self.timeout,
        )
        self._force()

    def _force(self) -> None:
        try:
            end_descendants(grace=0.5)
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            os._exit(1)
