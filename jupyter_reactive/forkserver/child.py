"""What a forked child does to become a kernel: read its request, set up its process, run ipykernel.

Runs in each child the fork server forks (:meth:`.server.ForkServer.fork`), on its only thread,
from the fork until the kernel exits: the child reads its fork request, becomes the process the
request describes (its own session, working directory, environment, standard streams, random
seeds), answers, and runs the kernel exactly as ``python -m ipykernel_launcher ARGS`` would, but
with the fork server's imports (and, when it fits, its prepared kernel: :mod:`.prepared`) already
done. It exits with the kernel's exit code; it never returns to the fork server's loop.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import signal
import socket
import sys
import threading
import time
import traceback
from typing import Any

from .client import kernel_args
from .memory import shared_module_scan
from .prepared import PREPARED
from .wire import close_all, recv_message, send_message

IMPORT_ENV: dict[str, str] = {}  # environment variables the preloads set (see server.main)


def child_main(conn: socket.socket, close: list[int]) -> None:
    """In the forked child: read the request, become the kernel process it describes, answer
    ``{"ok": true, "pid": ...}`` (or an error) and exit with the kernel's exit code."""
    code = 1
    try:
        fds: list[int] = []
        try:
            request, fds = recv_message(conn)
            argv = [str(a) for a in request["argv"]]
            env = {str(k): str(v) for k, v in dict(request.get("env") or {}).items()}
            cwd = request.get("cwd") or None
            stdio = request.get("stdio", "fds" if fds else "devnull")
            if kernel_args(argv) is None:
                raise ValueError("not an ipykernel command line (… -m ipykernel_launcher …)")
            if cwd is not None and not os.path.isdir(cwd):
                raise ValueError(f"working directory does not exist: {cwd}")
            if stdio == "fds" and len(fds) < 2:
                raise ValueError("stdio 'fds' needs two file descriptors (stdout, stderr)")
            _child_setup(env, cwd, stdio, request.get("log"), fds, close)
            unprepared = PREPARED.unfit(kernel_args(argv) or [])
        except BaseException as err:
            try:
                send_message(conn, {"ok": False, "error": f"kernel process setup failed: {type(err).__name__}: {err}"})
            finally:
                os._exit(1)
        send_message(conn, {"ok": True, "pid": os.getpid(), "prepared": not unprepared, "unprepared": unprepared})
        conn.close()
        code = _run_kernel(argv, prepared=not unprepared)
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        try:
            _finalize()
        finally:
            os._exit(code)


def _child_setup(
    env: dict[str, str], cwd: str | None, stdio: str, log: str | None, fds: list[int], close: list[int]
) -> None:
    # the server's signal handling is not the kernel's
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.setsid()  # own session and process group: interrupts reach the kernel and its children only
    for fd in close:
        try:
            os.close(fd)
        except OSError:
            pass
    # stdio: stdin from /dev/null, stdout/stderr where the caller said
    devnull = os.open(os.devnull, os.O_RDWR)
    if stdio == "fds":
        out, err = fds[0], fds[1]
    elif stdio == "log":
        if not log:
            raise ValueError("stdio 'log' needs a log file")
        out = err = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    else:
        out = err = devnull
    os.dup2(devnull, 0)
    os.dup2(out, 1)
    os.dup2(err, 2)
    close_all(sorted({devnull, out, err, *fds} - {0, 1, 2}))
    for stream, fd in ((sys.stdout, 1), (sys.stderr, 2)):
        try:  # buffering as the interpreter decides it at startup
            stream.reconfigure(  # type: ignore[union-attr]
                line_buffering=fd == 2 or os.isatty(fd),
                write_through=bool(env.get("PYTHONUNBUFFERED")),
            )
        except (AttributeError, ValueError, OSError):
            pass
    if cwd:
        os.chdir(cwd)
    target = dict(env)
    for key, value in IMPORT_ENV.items():
        target.setdefault(key, value)
    if "JPY_PARENT_PID" in env:
        # the kernel's parent is this fork server, not the jupyter server: the kernel's parent
        # poller must watch us (we exit when the jupyter server does)
        target["JPY_PARENT_PID"] = str(os.getppid())
    _set_environment(target)
    if hasattr(time, "tzset"):
        time.tzset()  # TZ may differ from the server's
    _reseed_random_generators()


def _set_environment(target: dict[str, str]) -> None:
    """Make ``os.environ`` (and the C environment: subprocesses, ``getenv``) exactly ``target``,
    touching only the variables that differ. A kernel's environment is mostly the fork server's
    own; clearing and re-setting all of it would make glibc rebuild its environment array and
    string table, writing (and so copying) ~0.7 MB of memory the kernel otherwise shares."""
    environ = os.environ
    for key in [key for key in environ if key not in target]:
        del environ[key]
    for key, value in target.items():
        if environ.get(key) != value:
            environ[key] = value


def _reseed_random_generators() -> None:
    """Python's ``random`` reseeds itself in a forked child; numpy's global generator (seeded
    when ``numpy.random`` is imported, here once for every kernel) does not: without this every
    kernel forked from a server that preloaded it would draw the same ``np.random`` numbers."""
    np_random = sys.modules.get("numpy.random")
    if np_random is not None:
        try:
            np_random.seed()  # fresh entropy from the OS
        except Exception:
            pass


def _run_kernel(argv: list[str], prepared: bool = False) -> int:
    """What ``python -m ipykernel_launcher ARGS`` does, minus the imports (done already) and,
    when ``prepared``, minus what the fork server did ahead (see :class:`PreparedKernel`)."""
    args = kernel_args(argv)
    assert args is not None
    from ipykernel import kernelapp

    sys.argv = [launcher_path(), *args]  # as -m sets argv[0]
    # ipykernel reads JPY_PARENT_PID into a trait default when kernelapp is *imported* (here,
    # in the fork server, before any kernel's environment existed): hand it the kernel's value.
    parent_handle = int(os.environ.get("JPY_PARENT_PID") or 0)
    if prepared:
        app = PREPARED.adopt(args, parent_handle)
    else:
        PREPARED.discard()
        # IPKernelApp.launch_instance(argv=args, **overrides), with the module walk shared
        app = kernelapp.IPKernelApp.instance(parent_handle=parent_handle)
    with shared_module_scan(), PREPARED.initializing(prepared):
        app.initialize(args)
    app.start()
    return 0


@functools.cache
def launcher_path() -> str:
    spec = importlib.util.find_spec("ipykernel_launcher")
    return spec.origin if spec and spec.origin else "ipykernel_launcher"


def _exit_code(code: Any) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _finalize() -> None:
    """What the interpreter does at exit that ``os._exit`` skips: wait for non-daemon threads,
    run ``atexit`` callbacks (IPython's history, ipykernel's cleanup), flush stdio."""
    try:
        threading._shutdown()  # type: ignore[attr-defined]
    except Exception:
        pass
    try:
        import atexit

        atexit._run_exitfuncs()
    except Exception:
        pass
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass
