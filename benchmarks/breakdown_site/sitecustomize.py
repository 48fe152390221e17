"""In-process stamps for ``benchmarks/interaction_breakdown.py`` (benchmark only).

Put this folder first on ``PYTHONPATH`` with ``JR_BREAKDOWN_STAMPS=<folder>`` set, and every
Python that starts — the jupyter server, the fork server, the kernels forked from it — wraps a
few functions of jupyter_reactive (and ipykernel's iopub thread) to append
``<name>\\t<epoch ns>\\t<thread name>`` lines to ``<folder>/<pid>.tsv`` as the code passes them. Without
the variable it does nothing. Nothing of the product is changed on disk; the wrappers are
applied when the modules are first imported (an import hook), so processes forked later carry
them too.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import inspect
import os
import sys
import threading
import time
from typing import Any

_DIR = os.environ.get("JR_BREAKDOWN_STAMPS", "")
_files: dict[int, Any] = {}
_lock = threading.Lock()
# collector passes, noted by gc's callback (which must not take _lock: a collection can start
# inside stamp() itself) and written out by the next stamp
_gc_notes: list[tuple[str, int, str]] = []


def stamp(name: str) -> None:
    t = time.time_ns()
    pid = os.getpid()
    with _lock:
        f = _files.get(pid)
        if f is None:
            f = _files[pid] = open(os.path.join(_DIR, f"{pid}.tsv"), "a", buffering=1)
        while _gc_notes:
            note, nt, thread = _gc_notes.pop(0)
            f.write(f"{note}\t{nt}\t{thread}\n")
        f.write(f"{name}\t{t}\t{threading.current_thread().name}\n")


def _on_gc(phase: str, info: dict[str, Any]) -> None:
    _gc_notes.append((f"gc.{phase}.{info['generation']}", time.time_ns(), threading.current_thread().name))


def _wrap(owner: Any, attr: str, before: str | None, after: str | None) -> None:
    fn = getattr(owner, attr)
    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def awrapper(*args: Any, **kwargs: Any) -> Any:
            if before:
                stamp(before)
            try:
                return await fn(*args, **kwargs)
            finally:
                if after:
                    stamp(after)

        setattr(owner, attr, awrapper)
        return

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if before:
            stamp(before)
        try:
            return fn(*args, **kwargs)
        finally:
            if after:
                stamp(after)

    setattr(owner, attr, wrapper)


def _on_iopub(mod: Any) -> None:
    # the server read an iopub message (deserialised); name it by its type and frames
    cls = mod.AppSession
    fn = cls._on_iopub

    @functools.wraps(fn)
    async def on_iopub(self: Any, msg: dict[str, Any]) -> Any:
        kind = msg["header"]["msg_type"]
        if kind == "comm_msg":
            stamp("S.iopub_frames")
        else:
            stamp(f"S.iopub_{kind}")
        return await fn(self, msg)

    cls._on_iopub = on_iopub
    _wrap(cls, "_to_kernel", None, "S.comm_msg_sent")
    # frames from the kernel, either way (iopub's comm_msg or a direct channel record)
    _wrap(cls, "_from_kernel", "S.kernel_frames", None)


def _direct(mod: Any) -> None:
    # the direct channel (server/direct.py): a record about to be written to the kernel (stamped
    # before: the peer can read it before the write returns here)
    _wrap(mod.DirectConnection, "send", "S.direct_sent", None)


def _direct_kernel(mod: Any) -> None:
    _wrap(mod.DirectChannel, "send", "K.direct_sent", None)


def _websocket(mod: Any) -> None:
    cls = mod.AppWebSocketHandler
    _wrap(cls, "on_message", "S.ws_received", None)


def _bridge(mod: Any) -> None:
    cls = mod.KernelSession
    _wrap(cls, "_on_msg", "K.subshell_received", "K.subshell_posted")
    _wrap(cls, "_send", "K.frames_made", "K.comm_sent")


def _requests(mod: Any) -> None:
    _wrap(mod.ScriptRequests, "wait", None, "K.main_woke")


def _runner(mod: Any) -> None:
    _wrap(mod.ScriptRunner, "run_once", "K.run_once", None)
    _wrap(mod.ScriptRunner, "_execute", "K.script_start", "K.script_end")


def _outbox(mod: Any) -> None:
    _wrap(mod.Outbox, "flush", "K.flush", None)


def _channels(mod: Any) -> None:
    _wrap(mod.AsyncZMQSocketChannel, "_recv", "S.zmq_ready", None)


def _kernelbase(mod: Any) -> None:
    _wrap(mod.Kernel, "shell_channel_thread_main", "K.shell_channel_thread", None)
    _wrap(mod.Kernel, "shell_main", "K.subshell_thread", None)


def _iostream(mod: Any) -> None:
    _wrap(mod.IOPubThread, "_really_send", None, "K.iopub_sent")


def _tornado_iostream(mod: Any) -> None:
    _wrap(mod.BaseIOStream, "_handle_events", "S.readable", None)


def _tornado_websocket(mod: Any) -> None:
    # stamped as the write starts: the page can have the message before the write returns here
    _wrap(mod.WebSocketHandler, "write_message", "S.ws_written", None)


_PATCHES = {
    "tornado.iostream": _tornado_iostream,
    "tornado.websocket": _tornado_websocket,
    "jupyter_reactive.server.session": _on_iopub,
    "jupyter_reactive.server.websocket": _websocket,
    "jupyter_reactive.server.direct": _direct,
    "jupyter_reactive.kernel.direct": _direct_kernel,
    "jupyter_reactive.kernel.bridge": _bridge,
    "jupyter_reactive.kernel.requests": _requests,
    "jupyter_reactive.kernel.runner": _runner,
    "jupyter_reactive.kernel.outbox": _outbox,
    "ipykernel.iostream": _iostream,
    "ipykernel.kernelbase": _kernelbase,
    "jupyter_client.channels": _channels,
}


class _Loader(importlib.abc.Loader):
    def __init__(self, inner: importlib.abc.Loader, patch: Any):
        self.inner, self.patch = inner, patch

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        return self.inner.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self.inner.exec_module(module)  # type: ignore[attr-defined]
        self.patch(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        patch = _PATCHES.get(name)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self:
                continue
            spec = finder.find_spec(name, path, target)  # type: ignore[attr-defined]
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _Loader(spec.loader, patch)
                return spec
        return None


if _DIR:
    sys.meta_path.insert(0, _Finder())
    import gc

    gc.callbacks.append(_on_gc)
    os.register_at_fork(after_in_child=_gc_notes.clear)  # a forked kernel's notes are its own
    if os.environ.get("JR_BREAKDOWN_SWITCH"):  # an experiment: every process's GIL switch interval (s)
        sys.setswitchinterval(float(os.environ["JR_BREAKDOWN_SWITCH"]))


def _profile_server() -> None:
    """``JR_BREAKDOWN_PROFILE=<file>``: profile the jupyter server's main thread (cProfile), the
    statistics written to the file when it exits."""
    import atexit
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    atexit.register(lambda: (profiler.disable(), profiler.dump_stats(os.environ["JR_BREAKDOWN_PROFILE"])))


if _DIR and os.environ.get("JR_BREAKDOWN_PROFILE") and "serve" in sys.argv:
    _profile_server()
