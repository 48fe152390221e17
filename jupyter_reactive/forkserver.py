"""Fork server ("zygote") for kernels: import ipykernel once, fork it per kernel.

``python -m jupyter_reactive.forkserver --socket PATH [--preload MOD ...]`` imports ipykernel's
kernel application, IPython, the jupyter_reactive kernel side (and what its warm-up uses:
markdown-it, pygments) and any ``--preload`` modules, *without* creating a zmq context, a thread
or an event loop, freezes the garbage collector's view of those objects (``gc.freeze``), and then
serves requests on a Unix socket. A ``fork`` request makes a child that turns into the kernel
exactly as ``python -m ipykernel_launcher -f ...`` would, but with all those imports already
done and their memory shared copy-on-write with every other kernel forked from here.

With ``--kernel-args JSON`` (the kernel command line's arguments, ``-f {connection_file}`` among
them) the fork server also makes ipykernel's application (command line parsed, IPython
configuration loaded) and the IPython shell ahead, for every kernel started with that command
line, environment and configuration (:class:`PreparedKernel`); any other kernel starts from
scratch.

The caller is :class:`jupyter_reactive.server.forking.ForkingProvisioner`; this module runs in a
process of its own and imports nothing from the server side.

Protocol: one request per connection: one byte, ``F`` (fork) or ``C`` (control), then a message:
a 4-byte big-endian length and that many bytes of JSON. Only processes of this server's own user
may connect (the socket is mode 0600, in a directory the caller made private, and the peer's uid
is checked).

* ``F`` + ``{"op": "fork", "argv": [...], "env": {...}, "cwd": "...", "stdio": "fds"|"devnull"|"log",
  "log": "path"}`` (+ stdout and stderr as file descriptors, ``SCM_RIGHTS``, for "fds"): the
  server forks as soon as it reads the ``F``; the *child* reads the request, sets itself up
  (session, working directory, environment, stdio) and answers ``{"ok": true, "pid": N,
  "prepared": bool, "unprepared": "why not, or empty"}``, or
  ``{"ok": false, "error": "..."}`` and exits. The server writes as little memory as possible
  per fork: each page it writes afterwards is one its earlier children stop sharing with it.
* ``C`` + ``{"op": "ping"}`` -> ``{"ok": true, "pid", "python", "preloaded", "failed", "threads", ...}``
* ``C`` + ``{"op": "status", "pids": [N, ...]}`` -> ``{"ok": true, "status": {"N": {"known": bool,
  "running": bool, "returncode": int|null}}}`` (return codes as :class:`subprocess.Popen`'s:
  negative for a signal).
* ``C`` + ``{"op": "stop"}`` -> ``{"ok": true}``; then live children get SIGTERM (SIGKILL after
  2 s) and the server exits.
* ``C`` + ``{"op": "pack-code", "indices": [N, ...]}`` -> ``{"ok": true, "packed": N}``: sent by a
  kernel this server forked, once, with the functions it ran (:mod:`jupyter_reactive.hotcode`);
  their code is packed together for the kernels forked next. Once per server (later: 0).

The server also exits (the same way) when its parent process — the jupyter server — goes away.
A kernel it forked is told (``JPY_PARENT_PID``) that the fork server is its parent, so the
kernel exits when the fork server does, as a normal kernel exits when its jupyter server does.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import ctypes
import functools
import gc
import importlib.util
import json
import os
import selectors
import signal
import socket
import struct
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from jupyter_reactive import hotcode

# What a kernel imports on its way to "ready" plus what jupyter_reactive's warm-up and an app
# session import (checked: a forked kernel that has warmed up and run an app imports nothing
# else). Any that is missing is skipped and reported by ``ping``.
DEFAULT_PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.comm",
    "ipykernel.debugger",  # debugpy / pydevd: the kernel imports them at start
    "ipykernel.subshell_manager",
    "ipykernel.shellchannel",
    "ipykernel.iostream",
    "ipykernel.heartbeat",
    "ipykernel.eventloops",
    "IPython",
    "IPython.core.interactiveshell",
    "IPython.core.completer",
    "IPython.core.history",
    "IPython.core.completerlib",
    "jedi",
    "prompt_toolkit",
    "sqlite3",
    "pexpect",
    "jupyter_client.session",
    "jupyter_client.jsonutil",
    "zmq",
    "zmq.eventloop.zmqstream",
    "tornado.ioloop",
    "tornado.platform.asyncio",
    "asyncio",
    "faulthandler",
    "jupyter_reactive",
    "jupyter_reactive.kernel.bridge",
    "jupyter_reactive.kernel.display",
    "markdown_it",
    "pygments.lexers.python",
    "pygments.formatters.html",
)

MAX_MESSAGE = 16 * 1024 * 1024
_IMPORT_ENV: dict[str, str] = {}  # environment variables the preloads set (see main)
MAX_FDS = 4
MAX_EXITED = 4096  # exit codes remembered for status requests
KERNEL_MODULES = ("ipykernel_launcher", "ipykernel")
FORK, CONTROL = b"F", b"C"  # a request's first byte: fork (the child answers) or control
SOCKET_DIR_PREFIX = "jr-forkserver-"  # the private folder the caller makes for the socket


# ---- framing (shared with the client in jupyter_reactive/server/forking.py) ----


def send_message(sock: socket.socket, obj: Any, fds: list[int] | tuple[int, ...] = ()) -> None:
    data = json.dumps(obj).encode()
    data = struct.pack(">I", len(data)) + data
    if fds:
        sent = socket.send_fds(sock, [data], list(fds))
        data = data[sent:]
    if data:
        sock.sendall(data)


def recv_message(sock: socket.socket) -> tuple[Any, list[int]]:
    """One message and the file descriptors that came with it (the caller owns them)."""
    buf = b""
    fds: list[int] = []
    while len(buf) < 4:
        chunk, new_fds, _flags, _addr = socket.recv_fds(sock, 65536, MAX_FDS)
        fds.extend(new_fds)
        if not chunk:
            _close_all(fds)
            raise ConnectionError("connection closed before a message")
        buf += chunk
    (size,) = struct.unpack(">I", buf[:4])
    if size > MAX_MESSAGE:
        _close_all(fds)
        raise ValueError("message too large")
    while len(buf) < 4 + size:
        chunk = sock.recv(min(65536, 4 + size - len(buf)))
        if not chunk:
            _close_all(fds)
            raise ConnectionError("connection closed mid-message")
        buf += chunk
    try:
        return json.loads(buf[4 : 4 + size]), fds
    except ValueError:
        _close_all(fds)
        raise


def request(
    path: str, message: dict[str, Any], fds: list[int] | tuple[int, ...] = (), timeout: float = 30.0
) -> dict[str, Any]:
    """Client side: one request to the fork server at ``path`` and its reply (not checked)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(path)
        sock.sendall(FORK if message.get("op") == "fork" else CONTROL)
        send_message(sock, message, fds)
        reply, extra = recv_message(sock)
    _close_all(extra)
    return reply


def _close_all(fds: list[int]) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


# ---- the zygote's preparation ----


def preload(modules: list[str]) -> tuple[list[str], dict[str, str]]:
    """Import each module; one that fails is reported, not fatal."""
    done: list[str] = []
    failed: dict[str, str] = {}
    for name in modules:
        try:
            __import__(name)
            done.append(name)
        except BaseException as err:
            failed[name] = f"{type(err).__name__}: {err}"
    return done, failed


def warm_caches() -> None:
    """Pay jupyter_reactive's first-use costs (markdown parser, highlighter lookup) once, here,
    so each kernel's ``install()`` finds them done and shares the result."""
    display = sys.modules.get("jupyter_reactive.kernel.display")
    if display is None:
        return
    try:
        display.markdown_html("*warm*")
        display.code_html("x = 1", "python")
    except Exception:
        pass


class _MallInfo2(ctypes.Structure):  # glibc's struct mallinfo2 (2.33 and later)
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


_HEAP_FILLERS: list[Any] = []  # the chunks fill_heap_holes() took: never freed


def fill_heap_holes(max_allocations: int = 50_000, libc: Any = None) -> dict[str, int]:
    """Take every free chunk inside the C heap (glibc's main arena, and the main thread's cache
    of freed chunks) so that a kernel's own ``malloc`` calls — Python objects over 512 bytes,
    buffers, dict and list storage — are served from fresh memory at the top of the heap instead
    of the holes the imports left among shared data: each hole a kernel used cost it a copy of
    the whole page around it (measured: 0.8 MB per kernel). The chunks are kept, never written.

    For each size, from 64 KiB down to 16 bytes, allocate until an allocation comes from the top
    of the heap (glibc's ``keepcost``, the top chunk, shrinks) or the heap grows: then no hole of
    that size is left. At most twice the holes' size (plus 1 MiB) is taken in all, in case
    ``malloc`` is not the allocator ``mallinfo2`` describes (a preloaded jemalloc, say). Linux with
    glibc 2.33 or later (``mallinfo2``); elsewhere nothing is done. Returns the hole bytes before
    and after, and the allocations made."""
    try:
        libc = libc if libc is not None else ctypes.CDLL(None)
        mallinfo2, malloc = libc.mallinfo2, libc.malloc
    except (OSError, AttributeError):
        return {}
    mallinfo2.restype, mallinfo2.argtypes = _MallInfo2, []
    malloc.restype, malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]

    def holes(info: _MallInfo2) -> int:
        return int(info.fordblks - info.keepcost)

    info = mallinfo2()
    before = holes(info)
    done = {"heap_holes_before": before, "heap_holes_after": before, "heap_fill_allocations": 0}
    if before <= 0:
        return done
    # where the chunks' addresses go: made at its full size first (growing it would free, and
    # so make, holes while they are being filled)
    chunks = (ctypes.c_void_p * max_allocations)()
    _HEAP_FILLERS.append(chunks)
    budget, made = 2 * before + (1 << 20), 0
    for size in [1 << k for k in range(16, 10, -1)] + list(range(1024, 0, -16)):
        while made < max_allocations and budget >= size:
            pointer = malloc(size)
            if not pointer:
                break
            chunks[made] = pointer
            made += 1
            budget -= size
            after = mallinfo2()
            from_top = after.keepcost < info.keepcost or after.arena != info.arena or after.hblks != info.hblks
            info = after
            if from_top:
                break
    done.update(heap_holes_after=holes(info), heap_fill_allocations=made)
    return done


def native_threads() -> int:
    """Threads of this process as the kernel sees them (C libraries' too), Linux only."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return -1


def fork_hazards() -> str:
    """What would make a forked child unsafe: threads (their locks may be held, they will not
    exist in the child), a zmq context (its I/O thread and sockets), an asyncio event loop (its
    epoll and self-pipe would be shared by every kernel). Empty if none."""
    if threading.active_count() != 1:
        return f"a preload started threads {[t.name for t in threading.enumerate()]}"
    zmq = sys.modules.get("zmq")
    if zmq is not None and getattr(getattr(zmq, "Context", None), "_instance", None) is not None:
        return "a preload created the global zmq context"
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None:
        if asyncio.events._get_running_loop() is not None:
            return "an asyncio event loop is running"
        policy = asyncio.events._event_loop_policy  # not get_event_loop_policy(): that would make one
        local = getattr(policy, "_local", None)
        if getattr(local, "_loop", None) is not None:
            return "a preload created an asyncio event loop"
    return ""


# ---- the server ----


class ForkServer:
    def __init__(self, path: str, parent_pid: int, info: dict[str, Any]):
        self.path = path
        self.parent_pid = parent_pid
        self.info = info
        self.running: set[int] = set()
        self.exited: collections.OrderedDict[int, int] = collections.OrderedDict()
        self.stopping = False
        self.listener: socket.socket | None = None
        self._wake_r = self._wake_w = -1
        self._server_fds: list[int] = []

    # -- lifecycle --

    def serve(self) -> int:
        old_umask = os.umask(0o077)
        try:
            self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.listener.bind(self.path)
        finally:
            os.umask(old_umask)
        os.chmod(self.path, 0o600)
        self.listener.listen(64)
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._server_fds = [self.listener.fileno(), self._wake_r, self._wake_w]
        signal.set_wakeup_fd(self._wake_w, warn_on_full_buffer=False)
        signal.signal(signal.SIGCHLD, _ignore_signal)  # a handler (not SIG_IGN), so children can be reaped
        signal.signal(signal.SIGTERM, self._on_term)
        signal.signal(signal.SIGHUP, self._on_term)
        signal.signal(signal.SIGINT, self._on_term)
        sel = selectors.DefaultSelector()
        if hasattr(sel, "fileno"):
            self._server_fds.append(sel.fileno())  # epoll's fd: not the kernel's business
        sel.register(self.listener, selectors.EVENT_READ)
        sel.register(self._wake_r, selectors.EVENT_READ)
        try:
            while not self.stopping:
                events = sel.select(timeout=1.0)
                self._drain_wakeup()
                self.reap()
                if self.parent_pid and os.getppid() != self.parent_pid:
                    break  # the jupyter server is gone
                for key, _mask in events:
                    if key.fileobj is self.listener:
                        self._accept()
                        if self.stopping:
                            break
        finally:
            sel.close()
            self._stop_children()
            try:
                os.unlink(self.path)
            except OSError:
                pass
            # the private folder the server made for the socket: normally removed by the server,
            # but it cannot when it was killed (this exit is then ours); only if empty
            folder = os.path.dirname(self.path)
            if os.path.basename(folder).startswith(SOCKET_DIR_PREFIX):
                with contextlib.suppress(OSError):
                    os.rmdir(folder)
        return 0

    def _on_term(self, signum: int, frame: Any) -> None:
        self.stopping = True

    def _drain_wakeup(self) -> None:
        try:
            while os.read(self._wake_r, 4096):
                pass
        except (BlockingIOError, OSError):
            pass

    def reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            except InterruptedError:
                continue
            if pid == 0:
                return
            self.running.discard(pid)
            self.exited[pid] = os.waitstatus_to_exitcode(status)
            while len(self.exited) > MAX_EXITED:
                self.exited.popitem(last=False)

    def _stop_children(self) -> None:
        self.reap()
        for sig, grace in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 2.0)):
            if not self.running:
                return
            for pid in list(self.running):
                _signal_group(pid, sig)
            deadline = time.monotonic() + grace
            while self.running and time.monotonic() < deadline:
                time.sleep(0.02)
                self.reap()

    # -- requests --

    def _accept(self) -> None:
        assert self.listener is not None
        try:
            conn, _addr = self.listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        with conn:
            conn.settimeout(10.0)
            try:
                if not _same_user(conn):
                    send_message(conn, {"ok": False, "error": "refused: another user"})
                    return
                kind = conn.recv(1)
                if kind == FORK:
                    self.fork(conn)
                elif kind == CONTROL:
                    request, fds = recv_message(conn)
                    _close_all(fds)
                    send_message(conn, self.handle(request))
            except Exception as err:
                try:
                    send_message(conn, {"ok": False, "error": f"{type(err).__name__}: {err}"})
                except OSError:
                    pass

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        if op == "ping":
            self.reap()
            return {
                "ok": True,
                "pid": os.getpid(),
                "children": sorted(self.running),
                "threads": threading.active_count(),
                "native_threads": native_threads(),
                "code_packed": hotcode.INDEX.packed,
                **self.info,
            }
        if op == "status":
            self.reap()
            status: dict[str, dict[str, Any]] = {}
            for pid in request.get("pids", []):
                pid = int(pid)
                if pid in self.running:
                    status[str(pid)] = {"known": True, "running": True, "returncode": None}
                elif pid in self.exited:
                    status[str(pid)] = {"known": True, "running": False, "returncode": self.exited[pid]}
                else:
                    status[str(pid)] = {"known": False, "running": False, "returncode": None}
            return {"ok": True, "status": status}
        if op == "stop":
            self.stopping = True
            return {"ok": True}
        if op == "pack-code":
            try:
                return {"ok": True, "packed": hotcode.INDEX.pack(request.get("indices"))}
            except ValueError as err:
                return {"ok": False, "error": f"pack-code: {err}"}
        return {"ok": False, "error": f"unknown op {op!r}"}

    def fork(self, conn: socket.socket) -> None:
        """Fork at once; the child reads the request, sets itself up and answers. The server
        itself does as little as possible per kernel: every page it writes after a fork is a
        page its earlier children no longer share with it."""
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _child_main(conn, close=self._server_fds)
        self.running.add(pid)


def _send_executed_code(path: str, indices: list[int]) -> None:
    """In a kernel (``hotcode.report``): tell the fork server at ``path`` what this kernel ran."""
    request(path, {"op": "pack-code", "indices": indices}, timeout=5.0)


def _ignore_signal(signum: int, frame: Any) -> None:
    pass


def _same_user(conn: socket.socket) -> bool:
    if not hasattr(socket, "SO_PEERCRED"):
        return True  # not Linux: the socket's mode and private directory are the protection
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except OSError:
        try:
            os.kill(pid, sig)
        except OSError:
            pass


def kernel_args(argv: list[str]) -> list[str] | None:
    """The kernel application's arguments in ``python [opts] -m ipykernel_launcher ARGS``."""
    for i, arg in enumerate(argv[1:], 1):
        if arg == "-m":
            if i + 1 < len(argv) and argv[i + 1] in KERNEL_MODULES:
                return argv[i + 2 :]
            return None
    return None


# ---- the child ----


def _child_main(conn: socket.socket, close: list[int]) -> None:
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
            unprepared = _PREPARED.unfit(kernel_args(argv) or [])
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
    _close_all(sorted({devnull, out, err, *fds} - {0, 1, 2}))
    for stream, fd in ((sys.stdout, 1), (sys.stderr, 2)):
        try:  # buffering as the interpreter decides it at startup
            stream.reconfigure(
                line_buffering=fd == 2 or os.isatty(fd),  # type: ignore[union-attr]
                write_through=bool(env.get("PYTHONUNBUFFERED")),
            )
        except (AttributeError, ValueError, OSError):
            pass
    if cwd:
        os.chdir(cwd)
    target = dict(env)
    for key, value in _IMPORT_ENV.items():
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

    sys.argv = [_launcher_path(), *args]  # as -m sets argv[0]
    # ipykernel reads JPY_PARENT_PID into a trait default when kernelapp is *imported* (here,
    # in the fork server, before any kernel's environment existed): hand it the kernel's value.
    parent_handle = int(os.environ.get("JPY_PARENT_PID") or 0)
    if prepared:
        app = _PREPARED.adopt(args, parent_handle)
    else:
        _PREPARED.discard()
        # IPKernelApp.launch_instance(argv=args, **overrides), with the module walk shared
        app = kernelapp.IPKernelApp.instance(parent_handle=parent_handle)
    with _shared_module_scan(), _PREPARED.initializing(prepared):
        app.initialize(args)
    app.start()
    return 0


@functools.cache
def _launcher_path() -> str:
    spec = importlib.util.find_spec("ipykernel_launcher")
    return spec.origin if spec and spec.origin else "ipykernel_launcher"


# ---- a kernel prepared ahead ----
#
# Most of a forked kernel's private memory is pages it copies by running code: CPython 3.11
# writes the reference count of every object that running code touches. The fork server
# therefore does ahead, once, the part of ipykernel's start that depends only on the kernel's
# command line, environment and configuration files: the ``IPKernelApp`` object with its
# command line parsed and its IPython configuration loaded, and the ``ZMQInteractiveShell``
# (about 3 MB less per kernel). Each kernel then checks that its own command line (but for the
# connection file), environment and configuration files are those the fork server prepared
# with; if anything differs it discards the prepared objects and starts from scratch, as a
# launched kernel does. What depends on the kernel's connection (sockets, streams, threads, the
# kernel object) is always made in the kernel.

PLACEHOLDER = "{connection_file}"
CONFIG_NAMES = ("ipython_config", "ipython_kernel_config")


def _connection_file_at(args: list[str]) -> int | None:
    """Index of the connection file's value in ``args`` (``-f PATH``), or None."""
    for i, arg in enumerate(args):
        if arg in ("-f", "--f") and i + 1 < len(args):
            return i + 1
    return None


def _template(args: list[str]) -> tuple[str, ...] | None:
    at = _connection_file_at(args)
    if at is None:
        return None
    return (*args[:at], PLACEHOLDER, *args[at + 1 :])


def _comparable_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("JPY_")}


class PreparedKernel:
    """The kernel application and IPython shell made ahead in the fork server."""

    def __init__(self) -> None:
        self.template: tuple[str, ...] | None = None
        self.app: Any = None
        self.shell: Any = None
        self.environment: dict[str, str] = {}
        self.config_files: tuple[Any, ...] = ()
        self.why_not = "not prepared"

    # -- in the fork server --

    def prepare(self, args: list[str]) -> str:
        """Make the application and shell for a kernel started with ``args``; returns "" or
        why not. Never raises: a kernel that cannot be prepared is started from scratch."""
        template = _template(args)
        if template is None:
            self.why_not = "no -f connection file in the kernel's command line"
            return self.why_not
        try:
            self.why_not = self._prepare(template)
        except (Exception, SystemExit) as err:
            self.why_not = f"{type(err).__name__}: {err}"  # kernel reports it when it parses it itself)
        if self.why_not:
            self.discard()
        return self.why_not

    def _prepare(self, template: tuple[str, ...]) -> str:
        import atexit
        import copy

        from ipykernel.ipkernel import IPythonKernel
        from ipykernel.kernelapp import IPKernelApp

        environment = _comparable_environment()  # before the shell sets TERM, PAGER...
        app = IPKernelApp.instance()
        self.app = app
        app.parse_command_line(list(template))  # what BaseIPythonApplication.initialize does
        if app.subapp is not None:
            return "a subcommand"
        cl_config = copy.deepcopy(app.config)
        app.init_profile_dir()
        app.init_config_files()
        app.load_config_file()
        app.update_config(cl_config)
        if os.getcwd() in app.config_file_paths:
            return "IPython reads configuration from the working directory"
        if app.kernel_class is not IPythonKernel or (
            "IPythonKernel" in app.config
            and any(k in app.config.IPythonKernel for k in ("shell_class", "compiler_class", "user_module", "user_ns"))
        ):
            return "another kernel or shell class is configured"
        from IPython.core.history import HistoryManager

        history = app.config.get("HistoryManager", {}).get("enabled", True)
        if isinstance(history, str):  # from the command line: parsed by the trait that reads it
            history = HistoryManager.class_traits()["enabled"].from_string(history)
        if history is not False:
            return "IPython history is on (it starts a thread with the shell)"
        kernel_traits = IPythonKernel.class_traits()
        shell_class = kernel_traits["shell_class"].default_value
        compiler_class = kernel_traits["compiler_class"].default_value
        shell = shell_class.instance(
            parent=app,
            profile_dir=app.profile_dir,
            user_module=None,
            user_ns=None,
            kernel=None,
            compiler_class=compiler_class,
        )
        atexit.unregister(shell.atexit_operations)  # the kernel's, not the fork server's: see adopt
        self.shell = shell
        self.template = template
        self.environment = environment
        self.config_files = self._config_files()
        return ""

    def _config_files(self) -> tuple[Any, ...]:
        """The configuration files the kernel would read, as (path, mtime_ns, size) or (path,)."""
        app = self.app
        names = {*CONFIG_NAMES, app.config_file_name}
        paths = [
            os.path.join(d, n + ext) for d in app.config_file_paths for n in sorted(names) for ext in (".py", ".json")
        ]
        if app.extra_config_file:
            paths.append(app.extra_config_file)
        out: list[Any] = []
        for path in paths:
            try:
                st = os.stat(path)
                out.append((path, st.st_mtime_ns, st.st_size))
            except OSError:
                out.append((path,))
        return tuple(out)

    def info(self) -> dict[str, Any]:
        return {"prepared": self.shell is not None, "unprepared": self.why_not}

    # -- in the kernel --

    def unfit(self, args: list[str]) -> str:
        """ "" if this kernel can use what was prepared, else why not (its command line, its
        environment or a configuration file differs from the fork server's)."""
        if self.shell is None:
            return self.why_not
        if _template(args) != self.template:
            return "the kernel's command line differs from the one prepared for"
        if _comparable_environment() != self.environment:
            return "the kernel's environment differs from the fork server's"
        if self._config_files() != self.config_files:
            return "an IPython configuration file changed"
        return ""

    def adopt(self, args: list[str], parent_handle: int) -> Any:
        """The prepared application, made this kernel's."""
        app = self.app
        at = _connection_file_at(args)
        assert at is not None
        app.parent_handle = parent_handle
        app.connection_file = args[at]
        for section in app.config.values():  # where the command line put the placeholder
            if hasattr(section, "items"):
                for key, value in list(section.items()):
                    if value == PLACEHOLDER:
                        section[key] = args[at]
        return app

    def discard(self) -> None:
        """Forget the prepared objects (in a kernel that does not fit them, before it starts)."""
        if self.app is not None:
            from ipykernel.kernelapp import IPKernelApp
            from ipykernel.zmqshell import ZMQInteractiveShell

            IPKernelApp.clear_instance()
            ZMQInteractiveShell.clear_instance()
        self.app = self.shell = None

    @contextlib.contextmanager
    def initializing(self, prepared: bool) -> Any:
        """While ``IPKernelApp.initialize`` runs in a kernel that uses the prepared objects: its
        command line and configuration are loaded already (``BaseIPythonApplication.initialize``
        does only what is left: the crash handler), and ``IPythonKernel`` gets the prepared shell,
        given the kernel and what it was built without (this process's directory, environment,
        standard streams)."""
        if not prepared:
            yield
            return
        import atexit

        from IPython.core.application import BaseIPythonApplication
        from traitlets.config.configurable import SingletonConfigurable

        shell = self.shell
        shell_class = type(shell)
        configure = BaseIPythonApplication.initialize
        make_shell = shell_class.__dict__.get("instance")

        def configured(app: Any, argv: Any = None) -> None:
            app.init_crash_handler()

        def instance(cls: Any, *args: Any, **kwargs: Any) -> Any:
            kernel = kwargs.get("kernel")
            profile_dir = kwargs.get("profile_dir")
            if (
                args
                or kwargs.get("user_module") is not None
                or kwargs.get("user_ns") is not None
                or kwargs.get("compiler_class") is not type(shell.compile)
                or getattr(profile_dir, "location", None) != shell.profile_dir.location
            ):
                shell_class.clear_instance()  # not what was prepared: a fresh one, as usual
                return SingletonConfigurable.instance.__func__(cls, *args, **kwargs)  # type: ignore[attr-defined]
            shell.parent = kwargs.get("parent", kernel)
            shell.kernel = kernel
            shell.profile_dir = profile_dir
            shell.starting_dir = os.getcwd()
            history = shell.history_manager.dir_hist  # [Path.cwd()] at the shell's start
            history[:] = [type(d)(os.getcwd()) for d in history[:1]] or [os.getcwd()]
            shell.init_environment()  # TERM, PAGER... on top of this kernel's environment
            shell.save_sys_module_state()  # the kernel's streams, set up just before
            atexit.register(shell.atexit_operations)
            return shell

        BaseIPythonApplication.initialize = configured  # type: ignore[method-assign]
        shell_class.instance = classmethod(instance)  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            BaseIPythonApplication.initialize = configure  # type: ignore[method-assign]
            if make_shell is None:
                del shell_class.instance
            else:
                shell_class.instance = make_shell  # type: ignore[method-assign]


_PREPARED = PreparedKernel()


# ---- sharing the kernel's walk over sys.modules ----
#
# IPythonKernel.__init__ lists the file of every loaded module (for the debugger's "just my
# code"): ``[m.__file__ for m in sys.modules.copy().values() if hasattr(m, "__file__") ...]``.
# In a forked kernel that walk touches (reference counts) every module object, name and file
# string the fork server loaded — ~1000 objects spread over the heap — and so copies ~6 MB of
# shared pages into every kernel, a third of what an idle forked kernel costs. The fork server
# therefore computes the walk's answer once, into small objects laid out together, and
# ipykernel.ipkernel sees a ``sys`` whose ``modules.copy()`` returns those (plus the real module
# for anything imported since the fork) while the kernel initializes. The result — the list of
# file names — is the same as the walk's (``__main__`` included: ipykernel_launcher's file).


class _FileOnly:
    """What the walk reads of one module: ``__file__`` (absent when the module has none)."""

    __slots__ = ("__file__",)


_SCAN: dict[str, _FileOnly] = {}


def prepare_module_scan() -> None:
    """In the fork server, after the imports: the walk's answer, and the names of sys.modules
    re-made so that they sit together (the child still iterates them)."""
    for name in list(sys.modules):
        module = sys.modules.pop(name)
        sys.modules[_fresh(name)] = module
    for name, module in list(sys.modules.items()):
        entry = _FileOnly()
        if name == "__main__":
            entry.__file__ = _fresh(_launcher_path())  # type: ignore[attr-defined]
        else:
            try:
                if hasattr(module, "__file__") and module.__file__:
                    file = module.__file__
                    entry.__file__ = _fresh(file) if isinstance(file, str) else file  # type: ignore[attr-defined]
            except Exception:
                pass
        _SCAN[name] = entry


def _fresh(text: str) -> str:
    return (text + "\0")[:-1]  # an equal, new string object, allocated now


class _ModulesCopy:
    def copy(self) -> dict[str, Any]:
        live = sys.modules
        out: dict[str, Any] = {}
        for name in list(live):
            entry = _SCAN.get(name)
            if entry is None or (name == "__main__" and live.get(name) is not _MAIN_AT_FORK[0]):
                module = live.get(name)
                if module is not None:
                    out[name] = module
            else:
                out[name] = entry
        return out


class _SysView:
    """``sys`` for ipykernel.ipkernel while the kernel initializes: all of it, but ``modules``
    (which that module only uses for the walk)."""

    modules = _ModulesCopy()

    def __getattr__(self, name: str) -> Any:
        return getattr(sys, name)


_MAIN_AT_FORK: list[Any] = [None]


@contextlib.contextmanager
def _shared_module_scan() -> Any:
    ipkernel = sys.modules.get("ipykernel.ipkernel")
    if not _SCAN or ipkernel is None or getattr(ipkernel, "sys", None) is not sys:
        yield
        return
    ipkernel.sys = _SysView()  # type: ignore[attr-defined]
    try:
        yield
    finally:
        ipkernel.sys = sys  # type: ignore[attr-defined]


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


# ---- entry point ----


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jupyter_reactive.forkserver", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--socket", required=True, help="Unix socket path to serve on (its directory should be private)"
    )
    parser.add_argument(
        "--preload",
        nargs="*",
        action="extend",
        default=[],
        metavar="MODULE",
        help="modules to import besides the default set",
    )
    parser.add_argument("--no-default-preload", action="store_true", help="import only --preload modules")
    parser.add_argument("--no-gc-freeze", action="store_true", help="do not gc.freeze() the preloaded objects")
    parser.add_argument(
        "--no-shared-module-scan",
        action="store_true",
        help="let each kernel walk sys.modules itself (costs ~6 MB of copied pages per kernel)",
    )
    parser.add_argument(
        "--kernel-args",
        default=None,
        metavar="JSON",
        help="the kernel's command-line arguments (a JSON list, '-f {connection_file}' among them): "
        "prepare its application and IPython shell ahead for kernels started with them",
    )
    parser.add_argument("--no-prepare", action="store_true", help="prepare nothing ahead (--kernel-args is ignored)")
    parser.add_argument(
        "--no-heap-fill",
        action="store_true",
        help="leave the holes in the C heap for kernels to fill (and copy the pages around them)",
    )
    parser.add_argument(
        "--no-pack-code",
        action="store_true",
        help="do not pack the code the first kernel ran for the kernels after it (CPython 3.11)",
    )
    parser.add_argument(
        "--parent-pid",
        type=int,
        default=None,
        help="exit when this process is no longer our parent (default: our parent now; 0: never)",
    )
    args = parser.parse_args(argv)
    prepare_args = None
    if args.kernel_args is not None:
        try:
            prepare_args = json.loads(args.kernel_args)
        except ValueError:
            prepare_args = None
        if not (isinstance(prepare_args, list) and all(isinstance(a, str) for a in prepare_args)):
            parser.error("--kernel-args must be a JSON list of strings")

    # as ipykernel_launcher does: the working directory is not importable
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]

    started = time.perf_counter()
    env_before = dict(os.environ)
    modules = ([] if args.no_default_preload else list(DEFAULT_PRELOAD)) + list(args.preload)
    done, failed = preload(list(dict.fromkeys(modules)))
    warm_caches()
    # what the imports put in the environment (debugpy: PYDEVD_USE_FRAME_EVAL=NO unless set):
    # each kernel gets it too, unless its own environment says otherwise
    import_env = {k: v for k, v in os.environ.items() if env_before.get(k) != v}
    _IMPORT_ENV.update(import_env)
    if prepare_args is not None and not args.no_prepare:
        _PREPARED.prepare(prepare_args)
    if not args.no_shared_module_scan:
        prepare_module_scan()
    _MAIN_AT_FORK[0] = sys.modules.get("__main__")
    gc.collect()
    indexed = 0
    if not args.no_pack_code:
        indexed = hotcode.INDEX.build()
        hotcode.INDEX.reporter = functools.partial(_send_executed_code, args.socket)
    heap = {} if args.no_heap_fill else fill_heap_holes()  # last: nothing allocates after it but the freeze
    frozen = 0
    if not args.no_gc_freeze:
        gc.freeze()  # objects from here on are never scanned (or written) by a child's collector
        frozen = gc.get_freeze_count()
    info = {
        "python": sys.executable,
        "preloaded": done,
        "failed": failed,
        "modules": len(sys.modules),
        "import_env": import_env,
        "import_seconds": round(time.perf_counter() - started, 3),
        "gc_frozen": frozen,
        "code_indexed": indexed,
        **heap,
        **_PREPARED.info(),
    }

    unsafe = fork_hazards()
    if unsafe:
        print(f"jupyter_reactive.forkserver: {unsafe}; forking is unsafe, exiting", file=sys.stderr)
        return 3
    tasks = native_threads()
    if tasks > 1:
        info["warning"] = f"{tasks - 1} native thread(s) (a C library's pool?) will not exist in forked kernels"
        print(f"jupyter_reactive.forkserver: warning: {info['warning']}", file=sys.stderr)

    parent = os.getppid() if args.parent_pid is None else args.parent_pid
    return ForkServer(args.socket, parent, info).serve()


if __name__ == "__main__":
    sys.exit(main())
