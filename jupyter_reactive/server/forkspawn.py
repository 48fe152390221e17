"""Spawning a fork server process: its command line and environment (server process; stdlib
only, so that ``jupyter reactive serve`` can spawn one before it imports jupyter-server and
jupyter_client — :func:`spawn_ahead`). :mod:`.forking` owns fork servers once spawned: it
spawns its own through :func:`spawn` and adopts the one spawned ahead (:func:`take_ahead`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from ..forkserver import client as forkserver_client
from ..forkserver.client import SOCKET_DIR_PREFIX

# Environment the interpreter (or a preloaded module) reads once, at startup or import: a kernel
# whose values differ gets a fork server of its own, started with its values. Everything else is
# applied in the forked child.
IMPORT_TIME_ENV_PREFIXES = ("PYTHON", "LD_", "LC_", "MALLOC_", "PYDEVD_")
IMPORT_TIME_ENV = frozenset(
    {
        "LANG",
        "PYZMQ_BACKEND",
        "TORNADO_EXTENSION",
        "TORNADO_NO_EXTENSION",
        "JUPYTER_ALLOW_INSECURE_WRITES",
        "IPYTHON_SUPPRESS_CONFIG_ERRORS",
        "TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR",
        "IPY_TEST_SIMPLE_PROMPT",
        "MPLBACKEND",
    }
)
# what app kernels get besides their kernel spec's command line (ReactiveApp.kernel_arguments)
DEFAULT_KERNEL_ARGUMENTS = ("--HistoryManager.enabled=False",)


def server_flags(
    *,
    gc_freeze: bool = True,
    share_module_scan: bool = True,
    prepare: bool = True,
    pack_code: bool = True,
    fill_heap_holes: bool = True,
    merge_pages: bool = True,
    page_file: bool = True,
    debugger: bool = False,
) -> tuple[str, ...]:
    """The fork server's command-line flags for these settings (ForkingProvisioner's traits of
    the same names, whose defaults these are; a test holds the two together)."""
    return tuple(
        flag
        for on, flag in (
            (gc_freeze, "--no-gc-freeze"),
            (share_module_scan, "--no-shared-module-scan"),
            (prepare, "--no-prepare"),
            (pack_code, "--no-pack-code"),
            (fill_heap_holes, "--no-heap-fill"),
            (merge_pages, "--no-merge-pages"),
            (not page_file, "--page-file"),
            (not debugger, "--debugger"),
        )
        if not on
    )


# the provisioner's defaults: a fork server spawned ahead must be the one the first kernel asks for
DEFAULT_FLAGS = server_flags()


def import_time(name: str) -> bool:
    return name in IMPORT_TIME_ENV or name.startswith(IMPORT_TIME_ENV_PREFIXES)


def spawn(
    interpreter: tuple[str, ...],
    env: tuple[tuple[str, str], ...],
    flags: tuple[str, ...],
    preload: list[str],
    kernel_args: list[str] | None,
    socket_path: str,
) -> subprocess.Popen[bytes]:
    """Start a fork server serving on ``socket_path`` (whose folder should be private), without
    waiting for it. ``env``: its import-time environment (the rest is this process's)."""
    environ = {k: v for k, v in os.environ.items() if not import_time(k)}
    environ.update(env)
    cmd = [
        *interpreter,
        "-m",
        forkserver_client.MODULE,
        "--socket",
        socket_path,
        "--parent-pid",
        str(os.getpid()),
    ]
    if preload:
        cmd += ["--preload", *preload]
    if kernel_args is not None:
        cmd += ["--kernel-args", json.dumps(kernel_args)]
    cmd += flags
    # its own session: a Ctrl-C at the server's terminal is not an interrupt for every kernel
    return subprocess.Popen(cmd, env=environ, cwd="/", stdin=subprocess.DEVNULL, start_new_session=True)


@dataclass
class Ahead:
    """A fork server spawned ahead, not yet adopted by :mod:`.forking`."""

    interpreter: tuple[str, ...]
    env: tuple[tuple[str, str], ...]
    preload: tuple[str, ...]
    kernel_args: list[str]
    app_imports: tuple[str, ...]
    flags: tuple[str, ...]
    folder: str
    process: subprocess.Popen[bytes]
    spawned_at: float


_ahead: Ahead | None = None


def spawn_ahead(
    preload: list[str] | tuple[str, ...] = (),
    kernel_arguments: list[str] | tuple[str, ...] = DEFAULT_KERNEL_ARGUMENTS,
    app_imports: tuple[str, ...] = (),
    flags: tuple[str, ...] = DEFAULT_FLAGS,
) -> Ahead | None:
    """Spawn the fork server an app session's first kernel is expected to ask for: the
    ``python3`` kernel spec of this interpreter (``python -m ipykernel_launcher -f
    {connection_file}``) with ``kernel_arguments``, the fork server's ``flags`` (the
    provisioner's defaults unless given: :func:`server_flags`), ``preload`` (module names,
    checked) and the app's installed ``app_imports``.
    Nothing on systems where kernels are not forked, or if one was spawned ahead already.
    :func:`jupyter_reactive.server.forking.get_fork_server` adopts it if it fits the kernel."""
    global _ahead
    if _ahead is not None or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return None
    env = tuple(sorted((k, v) for k, v in os.environ.items() if import_time(k)))
    kernel_args = ["-f", "{connection_file}", *kernel_arguments]
    folder = tempfile.mkdtemp(prefix=SOCKET_DIR_PREFIX)  # 0700
    try:
        process = spawn(
            (sys.executable,),
            env,
            flags,
            list(dict.fromkeys([*preload, *app_imports])),
            kernel_args,
            os.path.join(folder, "fork.sock"),
        )
    except (OSError, subprocess.SubprocessError):
        shutil.rmtree(folder, ignore_errors=True)
        return None
    _ahead = Ahead(
        (sys.executable,),
        env,
        tuple(preload),
        kernel_args,
        app_imports,
        flags,
        folder,
        process,
        time.monotonic(),
    )
    return _ahead


def take_ahead() -> Ahead | None:
    """The fork server spawned ahead, now the caller's (:mod:`.forking`) to own."""
    global _ahead
    ahead, _ahead = _ahead, None
    return ahead


def kill_ahead() -> None:
    """Kill the fork server spawned ahead, if nobody took it: SIGKILL, no waiting, no lock (a
    signal handler calls it)."""
    ahead = take_ahead()
    if ahead is not None:
        try:
            ahead.process.kill()
        except OSError:
            pass
        shutil.rmtree(ahead.folder, ignore_errors=True)
