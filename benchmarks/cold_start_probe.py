"""Run ``jupyter reactive`` with time stamps at each step of its start-up (for
``cold_start_breakdown.py``; stdlib only, so that it changes nothing it measures).

    python3 benchmarks/cold_start_probe.py serve app.py --port=... [options]

Writes one JSON line per event — ``{"event": ..., "t": epoch seconds}`` — to
``$JR_COLD_STAMPS/<pid>.jsonl``. Methods are wrapped as their modules finish importing (an import
hook), never imported ahead: the order and cost of every import stay what ``serve`` does alone.
Each wrapped call is stamped the first time only (``<label> begin`` and ``<label> end``).
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import inspect
import json
import os
import runpy
import sys
import threading
import time
from typing import Any

_OUT = None
_LOCK = threading.Lock()
_SEEN: set[str] = set()


def stamp(event: str) -> None:
    """Record ``event`` now, once."""
    with _LOCK:
        if event in _SEEN or _OUT is None:
            return
        _SEEN.add(event)
        _OUT.write(json.dumps({"event": event, "t": time.time()}) + "\n")
        _OUT.flush()


def _wrap(owner: Any, name: str, label: str) -> None:
    original = owner.__dict__.get(name)
    if original is None:
        return
    func = original.__func__ if isinstance(original, (staticmethod, classmethod)) else original
    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            stamp(f"{label} begin")
            try:
                return await func(*args, **kwargs)
            finally:
                stamp(f"{label} end")

    else:

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
            stamp(f"{label} begin")
            try:
                return func(*args, **kwargs)
            finally:
                stamp(f"{label} end")

    if isinstance(original, staticmethod):
        setattr(owner, name, staticmethod(wrapper))
    elif isinstance(original, classmethod):
        setattr(owner, name, classmethod(wrapper))
    else:
        setattr(owner, name, wrapper)


# module -> [(class name or "" for the module, function, label)]
WRAPS: dict[str, list[tuple[str, str, str]]] = {
    "jupyter_reactive.cli": [
        ("", "_start_fork_server_ahead", "cli: spawn the fork server ahead"),
        ("", "_launch", "cli: launch the server"),
    ],
    "jupyter_server.serverapp": [
        ("ServerApp", "initialize", "ServerApp.initialize"),
        ("ServerApp", "init_server_extensions", "server: link extensions"),
        ("ServerApp", "init_configurables", "server: kernel/contents/session managers"),
        ("ServerApp", "init_webapp", "server: web app"),
        ("ServerApp", "load_server_extensions", "server: load extensions"),
        ("ServerApp", "init_httpserver", "server: bind the port"),
        ("ServerApp", "start_app", "server: start"),
    ],
    "jupyter_client.kernelspec": [("KernelSpecManager", "get_kernel_spec", "kernel spec lookup")],
    "jupyter_reactive.server.app": [
        ("ReactiveApp", "initialize_settings", "extension: settings"),
        ("ReactiveApp", "_start_jupyter_server_extension", "extension: start (prewarm)"),
    ],
    "jupyter_reactive.server.forking": [
        ("ForkServerHandle", "start", "fork server: start → ready"),
        ("", "get_fork_server", "first kernel: wait for the fork server"),
        ("ForkingProvisioner", "launch_kernel", "first kernel: launch (fork)"),
    ],
    "jupyter_reactive.server.kernels": [
        ("KernelPool", "start_kernel", "first kernel: start → warm"),
        ("KernelPool", "_client", "first kernel: connect its channels"),
        ("ReactiveKernel", "warm_up", "first kernel: warm-up"),
        ("ReactiveKernel", "wait_ready", "first kernel: kernel_info answered"),
    ],
    "jupyter_reactive.server.websocket": [("AppWebSocketHandler", "open", "first app WebSocket open")],
}
# imports whose start and end are stamped (the first time each is imported)
TIMED_IMPORTS = {
    "jupyter_reactive",
    "jupyter_reactive.cli",
    "jupyter_server.serverapp",
    "jupyter_events",
    "jsonschema",
    "prometheus_client",
    "IPython",
    "jupyter_reactive.server.app",
    "jupyter_reactive.server.forking",
    "zmq",
    "tornado.web",
    "jupyter_client",
}


class _Loader(importlib.abc.Loader):
    def __init__(self, inner: Any, name: str):
        self.inner = inner
        self.name = name

    def create_module(self, spec: Any) -> Any:
        return self.inner.create_module(spec)

    def exec_module(self, module: Any) -> None:
        if self.name in TIMED_IMPORTS:
            stamp(f"import {self.name} begin")
        try:
            self.inner.exec_module(module)
        finally:
            if self.name in TIMED_IMPORTS:
                stamp(f"import {self.name} end")
        for cls_name, func, label in WRAPS.get(self.name, ()):
            owner = getattr(module, cls_name) if cls_name else module
            _wrap(owner, func, label)

    def __getattr__(self, attr: str) -> Any:  # get_code, get_filename, is_package ... for runpy
        return getattr(self.inner, attr)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname not in WRAPS and fullname not in TIMED_IMPORTS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _Loader(spec.loader, fullname)
                return spec
        return None


def main(argv: list[str]) -> None:
    global _OUT
    folder = os.environ.get("JR_COLD_STAMPS")
    if folder:
        _OUT = open(os.path.join(folder, f"{os.getpid()}.jsonl"), "a")  # open for the process's life
    stamp("probe: interpreter ready")
    sys.meta_path.insert(0, _Finder())
    sys.argv = ["jupyter-reactive", *argv]
    runpy.run_module("jupyter_reactive", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    sys.path.pop(0)  # this folder: the server must import what it would import alone
    main(sys.argv[1:])
