"""The fork server process: its start (``main``), its request loop, its children.

``python -m jupyter_reactive.forkserver --socket PATH [--preload MOD ...]`` (:mod:`.__main__`)
imports ipykernel's kernel application, IPython, the jupyter_reactive kernel side (and what its
warm-up uses: markdown-it, pygments) and any ``--preload`` modules, *without* creating a zmq
context, a thread or an event loop, freezes the garbage collector's view of those objects
(``gc.freeze``), and then serves requests (:mod:`.wire`) on a Unix socket. A ``fork`` request
makes a child that turns into the kernel (:mod:`.child`) exactly as ``python -m
ipykernel_launcher -f ...`` would, but with all those imports already done and their memory
shared copy-on-write with every other kernel forked from here (:mod:`.memory`).

With ``--kernel-args JSON`` (the kernel command line's arguments, ``-f {connection_file}`` among
them) the fork server also makes ipykernel's application (command line parsed, IPython
configuration loaded) and the IPython shell ahead, for every kernel started with that command
line, environment and configuration (:mod:`.prepared`); any other kernel starts from scratch, and
so does every kernel when the installed ipykernel or IPython is not one this was tested with
(:mod:`.internals`).

Runs in a process of its own, on one thread: the loop waits on the socket and on a wake-up pipe
that signal handlers write to (SIGCHLD: reap; SIGTERM, SIGHUP, SIGINT: stop). The server also
exits (the same way) when its parent process — the jupyter server — goes away. A kernel it
forked is told (``JPY_PARENT_PID``) that the fork server is its parent, so the kernel exits when
the fork server does, as a normal kernel exits when its jupyter server does.
"""

from __future__ import annotations

import argparse
import array
import collections
import contextlib
import functools
import gc
import json
import logging
import os
import selectors
import signal
import socket
import struct
import sys
import threading
import time
import types
from pathlib import Path
from typing import Any

from . import hotcode, internals, pagefile
from .child import IMPORT_ENV, child_main, launcher_path
from .client import MODULE, SOCKET_DIR_PREFIX, request, valid_module_name
from .memory import (
    DEBUGGER_MODULE,
    DEFAULT_PRELOAD,
    MAIN_AT_FORK,
    build_shared_resources,
    fill_heap_holes,
    fork_hazards,
    import_environment,
    import_safely,
    is_class,
    jedi_deferred,
    jedi_state,
    keep_debugger_out,
    merge_pages,
    native_threads,
    note_inherited_modules,
    preload,
    prepare_module_scan,
    tag_types,
    terminal_deferred,
    terminal_state,
    warm_caches,
    warm_libraries,
)
from .prepared import PREPARED
from .wire import CONTROL, FORK, close_all, recv_message, send_message

MAX_EXITED = 4096  # exit codes remembered for status requests
FORK_TIMES = 64  # forks whose duration the ping reports


class ForkServer:
    """The request loop (:meth:`serve`) and the children it forked. One per process, used on the
    process's only thread; the signal handlers only set a flag and wake the loop."""

    def __init__(
        self, path: str, parent_pid: int, info: dict[str, Any], *, gc_freeze: bool = True, heap_fill: bool = True
    ):
        self.path = path
        self.parent_pid = parent_pid
        self.info = info
        self.gc_freeze = gc_freeze
        self.heap_fill = heap_fill
        self.unsafe = ""  # set if forking stopped being safe: fork requests are refused then
        self.running: set[int] = set()
        # each running kernel's page file generation at its fork (the retired ranges it may map)
        self.generations: dict[int, int] = {}
        # how long the last forks took (seconds, a ring written in place: no new object per fork);
        # a fork copies each of the process's mappings, so more mappings make it longer
        self.fork_seconds = array.array("d", bytes(8 * FORK_TIMES))
        self.forks = 0
        self.exited: collections.OrderedDict[int, int] = collections.OrderedDict()
        self.stopping = False
        self.listener: socket.socket | None = None
        self._wake_r = self._wake_w = -1
        self._server_fds: list[int] = []

    # -- lifecycle --

    def serve(self) -> int:
        # bound and listening under another name, then renamed: a client that sees the path
        # can connect (bound but not yet listening, a connection is refused)
        binding = self.path + ".new"
        old_umask = os.umask(0o077)
        try:
            self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.listener.bind(binding)
        finally:
            os.umask(old_umask)
        os.chmod(binding, 0o600)
        self.listener.listen(64)
        os.rename(binding, self.path)
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
        reaped = False
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            except InterruptedError:
                continue
            if pid == 0:
                break
            if self.generations.pop(pid, None) is not None:
                reaped = True
            self.running.discard(pid)
            self.exited[pid] = os.waitstatus_to_exitcode(status)
            while len(self.exited) > MAX_EXITED:
                self.exited.popitem(last=False)
        if reaped:
            self.punch()

    def punch(self) -> None:
        """The page file's retired ranges that no kernel maps any more, out of the file."""
        pagefile.punch(list(self.generations.values()))

    def epoch(self) -> None:
        """After writes of the fork server to its moved heap (an import, packed code): the arenas
        it wrote to moved again, so that the kernels forked next map what they will restore."""
        if pagefile.STATE.on:
            pagefile.remove(pagefile.EPOCH_MIN_PRIVATE)
            self.punch()

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
                if kind == FORK and self.unsafe:
                    send_message(conn, {"ok": False, "error": f"not forking: {self.unsafe}"})
                elif kind == FORK:
                    self.fork(conn)
                elif kind == CONTROL:
                    request, fds = recv_message(conn)
                    close_all(fds)
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
                "forks": self.forks,
                "fork_ms": [round(t * 1000, 3) for t in self.fork_seconds[: self.forks]],
                **self.info,
                **pagefile.info(),
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
        if op == "import":
            return self.import_modules(request.get("modules"))
        if op == "pack-code":
            try:
                packed = hotcode.INDEX.pack(request.get("indices"))
            except ValueError as err:
                return {"ok": False, "error": f"pack-code: {err}"}
            self.epoch()
            return {"ok": True, "packed": packed}
        return {"ok": False, "error": f"unknown op {op!r}"}

    def import_modules(self, modules: Any) -> dict[str, Any]:
        """Import an app's modules here, for the kernels forked after this (each probed first in a
        throwaway child: one that fails or would make forking unsafe is skipped and reported).
        Their objects are then frozen and the heap's new holes taken, ipykernel's module walk
        answered for them and the kernel side told about them, as for those imported at start;
        the code they bring is not packed (the index was built before the first fork)."""
        if not isinstance(modules, list) or not all(isinstance(m, str) and valid_module_name(m) for m in modules):
            return {"ok": False, "error": "import: modules must be a list of module names"}
        new = [m for m in dict.fromkeys(modules) if m not in self.info["preloaded"] and m not in self.info["failed"]]
        if new:
            with import_environment():
                done, failed = import_safely(new)
            self.info["preloaded"].extend(done)
            self.info["failed"].update(failed)
            self.info.setdefault("warm_up_failed", {}).update(warm_libraries())
            self.unsafe = fork_hazards()  # a probe passed, the real import did not: stop forking
            # ---- an app's preloads are imported (those of the command line: see main) ----
            for name, error in build_shared_resources().items():
                self.info["failed"][name] = error
            if self.info.get("shared_module_scan"):
                prepare_module_scan(launcher_path())  # the new modules too
            self.info["modules_noted"] = note_inherited_modules()
            self.info["types_tagged"] = self.info.get("types_tagged", 0) + tag_types()
            if self.heap_fill:
                fill_heap_holes()
            if self.gc_freeze:
                gc.freeze()
            pagefile.migrate()  # the new modules' arenas too (a no-op without --page-file)
            self.epoch()  # and the moved arenas the imports wrote to
        return {
            "ok": True,
            "preloaded": [m for m in modules if m in self.info["preloaded"]],
            "failed": {m: self.info["failed"][m] for m in modules if m in self.info["failed"]},
        }

    def fork(self, conn: socket.socket) -> None:
        """Fork at once; the child reads the request, sets itself up and answers. The server
        itself does as little as possible per kernel: every page it writes after a fork is a
        page its earlier children no longer share with it."""
        sys.stdout.flush()
        sys.stderr.flush()
        pagefile.migrate()  # arenas made since the last fork into the file (a no-op without --page-file)
        generation = pagefile.generation()
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            child_main(conn, close=self._server_fds)
        self.fork_seconds[self.forks % FORK_TIMES] = time.perf_counter() - started
        self.forks += 1
        self.running.add(pid)
        if pagefile.STATE.on:
            self.generations[pid] = generation


def _send_executed_code(path: str, indices: list[int]) -> None:
    """In a kernel (``hotcode.report``): tell the fork server at ``path`` what this kernel ran."""
    request(path, {"op": "pack-code", "indices": indices}, timeout=5.0)


def _send_imported_modules(path: str, modules: list[str]) -> None:
    """In a kernel (``hotcode.IMPORTS``): ask the fork server at ``path`` to import the modules
    this kernel's first run imported (it probes each first; the reply is not waited for long)."""
    request(path, {"op": "import", "modules": modules}, timeout=120.0)


def _functions_and_classes() -> tuple[list[types.FunctionType], list[type]]:
    """The functions and the classes among the objects the garbage collector tracks, in its order."""
    functions: list[types.FunctionType] = []
    classes: list[type] = []
    function_type = types.FunctionType
    for obj in gc.get_objects():
        kind = type(obj)
        if kind is function_type:
            functions.append(obj)
        elif is_class(obj):
            classes.append(obj)
    return functions, classes


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {MODULE}",
        description='Fork server ("zygote") for kernels: import ipykernel once, fork it per kernel.',
    )
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
        "--no-merge-pages",
        action="store_true",
        help="do not opt this process and its kernels in to Linux's same-page merging (KSM; "
        "merging happens only where the administrator runs ksmd)",
    )
    parser.add_argument(
        "--page-file",
        action="store_true",
        help="move this process's Python heap (pymalloc's arenas) into a memory file before each "
        "kernel fork, so that idle kernels give back the pages they copied and left unchanged "
        "(Linux, CPython; needs the library built at install: see the ping reply's page_file_why_not)",
    )
    parser.add_argument(
        "--debugger",
        action="store_true",
        help="let kernels offer ipykernel's debugger (imports debugpy here); without it they answer "
        "as where debugpy is not installed",
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

    # first: every page from here on is mergeable (the opt-in is inherited by each fork)
    why_not_merged = "--no-merge-pages" if args.no_merge_pages else merge_pages()
    if why_not_merged and not args.no_merge_pages:
        logging.getLogger(MODULE).debug("pages not opted in to same-page merging: %s", why_not_merged)

    started = time.perf_counter()
    env_before = dict(os.environ)
    # No automatic collection while only our own imports and preparation run: they make ~210
    # young, ~20 middle and one full collection (~70 ms of CPU, a tenth of the start before the
    # first fork) and leave ~2,000 objects of cyclic garbage (~0.25 MB), which is frozen with
    # the rest below instead: shared by every kernel, never touched. The operator's and the
    # app's imports run with the collector on (theirs can leave megabytes: 5.5 MB for pandas,
    # altair and matplotlib), and then the young collection below runs as well.
    gc.disable()
    collected_before = [generation["collections"] for generation in gc.get_stats()]
    # before any import: without a debugger, debugpy and pydevd are never imported
    why_no_stand_in = "--debugger" if args.debugger else keep_debugger_out()
    if why_no_stand_in and not args.debugger:
        logging.getLogger(MODULE).debug("kernels get ipykernel's debugger (debugpy imported): %s", why_no_stand_in)
    ours = [] if args.no_default_preload else list(DEFAULT_PRELOAD)
    if not why_no_stand_in and DEBUGGER_MODULE in ours:
        ours.remove(DEBUGGER_MODULE)
    with import_environment():
        # ours, known to be safe to fork (jedi deferred to a kernel's first completion, IPython
        # without its terminal front end); then the operator's and the app's, each probed first
        with jedi_deferred(), terminal_deferred():
            done, failed = preload(ours)
        extra = [m for m in dict.fromkeys(args.preload) if m not in done]
        if args.no_gc_freeze or any(m not in sys.modules for m in extra):  # (an app's `os` is no import)
            gc.enable()
        more, failed_more = import_safely(extra)
        done += more
        failed.update(failed_more)
        # ---- preloads are imported (an app's later ones: ForkServer.import_modules) ----
        warm_caches()
        warm_failed = warm_libraries()
        for name, error in warm_failed.items():
            print(f"jupyter_reactive.forkserver: warning: {name} not warmed up: {error}", file=sys.stderr)
        for name, error in build_shared_resources().items():
            failed[name] = error
            print(f"jupyter_reactive.forkserver: warning: cache_resource {name} not built: {error}", file=sys.stderr)
    # what the imports put in the environment (debugpy: PYDEVD_USE_FRAME_EVAL=NO unless set):
    # each kernel gets it too, unless its own environment says otherwise
    import_env = {k: v for k, v in os.environ.items() if env_before.get(k) != v}
    IMPORT_ENV.update(import_env)
    # the prepared kernel and the shared module walk reach into ipykernel and IPython: only with
    # the versions they were tested with (otherwise kernels start from scratch, as launched)
    prepare = prepare_args is not None and not args.no_prepare
    unsupported = internals.unsupported() if prepare or not args.no_shared_module_scan else ""
    if unsupported:
        PREPARED.why_not = unsupported
        print(
            f"jupyter_reactive.forkserver: warning: {unsupported}; kernels are forked but not prepared ahead",
            file=sys.stderr,
        )
    elif prepare:
        assert prepare_args is not None
        PREPARED.prepare(prepare_args)
    shared_scan = not args.no_shared_module_scan and not unsupported
    if shared_scan:
        prepare_module_scan(launcher_path())
    MAIN_AT_FORK[0] = sys.modules.get("__main__")
    noted = note_inherited_modules()
    # with the collector on (other imports than ours ran): a young collection only, for what
    # the preparation just left (~160 objects, ~1.5 ms): the imports' own collections leave next
    # to nothing for a full one (0-62 objects; with pandas, altair and matplotlib 0), which cost
    # 45 ms of CPU (180 ms with those) on the way to the first fork, and would be frozen with
    # the rest, shared and never collected. Off (ours only): none at all, see above.
    if gc.isenabled():
        gc.collect(1)
    # one walk of the collector's objects for the classes to tag and the functions to index
    # (~160,000 objects, all still tracked: each walk and filter was 20-30 ms of CPU)
    functions, classes = _functions_and_classes()
    tagged = tag_types(classes)
    indexed = 0
    if not args.no_pack_code:
        indexed = hotcode.INDEX.build(functions)
        hotcode.INDEX.reporter = functools.partial(_send_executed_code, args.socket)
    del functions, classes
    hotcode.IMPORTS.reporter = functools.partial(_send_imported_modules, args.socket)
    hotcode.IMPORTS.pid = os.getpid()
    # collections per generation since the imports began (ours alone: none)
    collections = [g["collections"] - n for g, n in zip(gc.get_stats(), collected_before, strict=True)]
    heap = {} if args.no_heap_fill else fill_heap_holes()  # last: nothing allocates after it but the freeze
    gc.enable()  # the kernels' own collector (only now: every object so far is still young)
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
        "gc_collections_at_start": collections,
        "code_indexed": indexed,
        "shared_module_scan": shared_scan,
        "warm_up_failed": warm_failed,
        "modules_noted": noted,
        "types_tagged": tagged,
        # what its kernels will say (the stand-in: False; --debugger: whether debugpy imported)
        "debugger": bool(getattr(sys.modules.get(DEBUGGER_MODULE), "_is_debugpy_available", False)),
        "jedi": jedi_state(),  # "deferred": not imported until a kernel's first completion
        "ipython_terminal": terminal_state(),  # "deferred": IPython without prompt_toolkit & co.
        "merge_pages": not why_not_merged,
        "merge_pages_why_not": why_not_merged,
        **heap,
        **PREPARED.info(),
    }

    unsafe = fork_hazards()
    if unsafe:
        print(f"jupyter_reactive.forkserver: {unsafe}; forking is unsafe, exiting", file=sys.stderr)
        return 3
    # Native threads here are a C library's pool (OpenBLAS's, started by `import numpy`): not a
    # hazard, such libraries re-create their pool in a forked child (probe_imports says why), so
    # the count goes in the ping reply for diagnosis and is not printed as a warning at every start.
    info["native_threads_at_start"] = native_threads()
    if args.page_file:
        # last before the first fork: the heap as every kernel starts with it goes into the file
        why_not_paged = pagefile.migrate()
        if why_not_paged and pagefile.STATE.on:
            print(f"jupyter_reactive.forkserver: warning: page file: {why_not_paged}", file=sys.stderr)
        elif why_not_paged:
            # not available here (no compiler at install, another Python, not Linux): the page file
            # is on by default and only saves memory, so its absence is the ping reply's
            # `page_file_why_not` and a debug line, not a warning at every start
            logging.getLogger(MODULE).debug("page file off: %s", why_not_paged)

    parent = os.getppid() if args.parent_pid is None else args.parent_pid
    server = ForkServer(args.socket, parent, info, gc_freeze=not args.no_gc_freeze, heap_fill=not args.no_heap_fill)
    return server.serve()
