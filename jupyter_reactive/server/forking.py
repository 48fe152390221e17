"""ForkingProvisioner: kernels forked from a pre-imported fork server.

A kernel provisioner (jupyter_client's extension point for *how* a kernel process is started)
that asks a fork server (:mod:`jupyter_reactive.forkserver`, one per server process and
interpreter, started lazily) for each kernel instead of starting a new interpreter. The forked
kernel shares the fork server's imported modules copy-on-write, so an idle kernel costs a
fraction of a fresh one's memory and starts in a fraction of the time; it is still a process of
its own (own pid, session, process group, working directory, environment, stdio).

The kernel process is the fork server's child, not ours: liveness comes from ``/proc`` (pid plus
start time, so a reused pid is never mistaken for the kernel) and the exit code from the fork
server, which reaps its children. Signals (interrupt = SIGINT, terminate, kill) go straight to
the kernel's process group, as :class:`LocalProvisioner` sends them.

Anything that cannot be forked faithfully is launched exactly as :class:`LocalProvisioner`
would (this class *is* one): a command line that is not ``PYTHON [opts] -m ipykernel_launcher``,
Popen options the fork server does not reproduce (pipes, ``preexec_fn``...), a fork server that
cannot start (e.g. jupyter_reactive is not importable in the kernel's Python). Set
``fallback = False`` to make those an error instead.

Selecting it, without a kernel spec on disk: :func:`forking_kernel_name` gives a kernel spec
manager an extra kernel name whose spec is the base spec plus
``metadata.kernel_provisioner = {"provisioner_name": "jupyter-reactive-forking"}``.
"""

from __future__ import annotations

import asyncio
import atexit
import copy
import inspect
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from importlib.metadata import EntryPoint
from typing import Any, NamedTuple

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.kernelspec import NoSuchKernel
from jupyter_client.provisioning import LocalProvisioner
from jupyter_client.provisioning.factory import KernelProvisionerFactory
from traitlets import Bool, Float, Integer, List, TraitError, Unicode, validate

from ..forkserver import client as forkserver_client
from ..forkserver.client import APP_IMPORTS_ENV, SOCKET_DIR_PREFIX, kernel_args, module_names
from .forkspawn import DEFAULT_KERNEL_ARGUMENTS as DEFAULT_KERNEL_ARGUMENTS
from .forkspawn import IMPORT_TIME_ENV as IMPORT_TIME_ENV
from .forkspawn import IMPORT_TIME_ENV_PREFIXES as IMPORT_TIME_ENV_PREFIXES
from .forkspawn import import_time as _import_time
from .forkspawn import server_flags, take_ahead
from .forkspawn import spawn as _spawn_process

PROVISIONER_NAME = "jupyter-reactive-forking"
ENTRY_POINT = "jupyter_reactive.server.forking:ForkingProvisioner"
FORK_SUFFIX = "-jr-fork"

log = logging.getLogger("jupyter_reactive.forking")

# Popen options LocalProvisioner would get that the fork server reproduces (others: fall back)
FORKABLE_KWARGS = frozenset({"env", "cwd", "independent", "stdin", "stdout", "stderr", "kernel_id", "extra_arguments"})


def register_provisioner() -> None:
    """Make ``jupyter-reactive-forking`` known to jupyter_client's provisioner factory in this
    process, whether or not the package's entry point is installed."""
    KernelProvisionerFactory.provisioners.setdefault(
        PROVISIONER_NAME, EntryPoint(PROVISIONER_NAME, ENTRY_POINT, KernelProvisionerFactory.GROUP_NAME)
    )


def forking_kernel_spec(base: Any, **config: Any) -> Any:
    """A copy of kernel spec ``base`` that selects the forking provisioner (``config`` becomes the
    provisioner's traits, e.g. ``preload=["pandas"]``)."""
    register_provisioner()
    spec = copy.deepcopy(base)
    spec.metadata = dict(spec.metadata or {})
    spec.metadata["kernel_provisioner"] = {"provisioner_name": PROVISIONER_NAME, "config": dict(config)}
    return spec


def forking_kernel_name(
    kernel_spec_manager: Any, base_name: str = "python3", *, name: str | None = None, **config: Any
) -> str:
    """Teach ``kernel_spec_manager`` (this instance only) one more kernel name (``name``, by
    default ``base_name + "-jr-fork"``) whose spec is ``base_name``'s with the forking provisioner
    selected and ``config`` as its traits. The name is not listed (``find_kernel_specs``), so it
    does not appear in a launcher. Returns the name.

    A base spec that already names a provisioner of its own, or a kernel spec manager that is not
    local (``--gateway-url``: kernels run elsewhere), is left alone: the name returned is then
    ``base_name`` itself."""
    if inspect.iscoroutinefunction(kernel_spec_manager.get_kernel_spec):
        log.warning(
            "jupyter_reactive: kernels are not local (%s); not forking them", type(kernel_spec_manager).__name__
        )
        return base_name
    try:
        base = kernel_spec_manager.get_kernel_spec(base_name)
    except NoSuchKernel:
        base = None  # not installed yet: looked up again when a kernel starts, as without forking
    if base is not None and _own_provisioner(base):
        log.warning("jupyter_reactive: kernel spec %r selects a provisioner already; not forking it", base_name)
        return base_name
    name = name or base_name + FORK_SUFFIX
    aliases: dict[str, tuple[str, dict[str, Any]]] = kernel_spec_manager.__dict__.setdefault("_jr_fork_aliases", {})
    aliases[name] = (base_name, dict(config))
    if "_jr_fork_original" not in kernel_spec_manager.__dict__:
        original = kernel_spec_manager.get_kernel_spec
        kernel_spec_manager.__dict__["_jr_fork_original"] = original

        def get_kernel_spec(kernel_name: str, *args: Any, **kwargs: Any) -> Any:
            alias = aliases.get(kernel_name)
            if alias is None:
                return original(kernel_name, *args, **kwargs)
            spec = original(alias[0], *args, **kwargs)
            return spec if _own_provisioner(spec) else forking_kernel_spec(spec, **alias[1])

        kernel_spec_manager.get_kernel_spec = get_kernel_spec
    register_provisioner()
    return name


def _log_failed_preloads(logger: Any, failed: dict[str, str], app_imports: Iterable[str] = ()) -> None:
    """One warning line for the modules a fork server did not import (kernels import them
    themselves, each paying its memory; the app's own run reports an import that fails). An
    app's own import of a module that is not installed at all is left out: the app's page shows
    its ModuleNotFoundError, and the server's log has nothing to add (a preload the operator
    asked for is always named)."""
    app_imports = set(app_imports)
    named = {n: why for n, why in failed.items() if n not in app_imports or not _not_installed(n, why)}
    if named:
        logger.warning(
            "jupyter_reactive: preload not imported in the fork server: %s",
            "; ".join(f"{name} ({why})" for name, why in sorted(named.items())),
        )


def _not_installed(name: str, why: str) -> bool:
    """Whether ``why`` (a fork server's reason) says ``name`` itself, or a package it is in, is
    not installed (not one of its own imports failing: that is worth a line)."""
    prefix = "ModuleNotFoundError: No module named "
    if not why.startswith(prefix):
        return False
    missing = why[len(prefix) :].strip().strip("'\"")
    return name == missing or name.startswith(missing + ".")


def _own_provisioner(spec: Any) -> bool:
    return bool((spec.metadata or {}).get("kernel_provisioner", {}).get("provisioner_name"))


# ---- fork servers (one per interpreter and import-time environment, per server process) ----


class ServerKey(NamedTuple):
    interpreter: tuple[str, ...]  # python and its options, up to "-m"
    env: tuple[tuple[str, str], ...]  # the import-time environment
    preload: tuple[str, ...]
    flags: tuple[str, ...]  # fork server options (--no-gc-freeze, ...)


SOCKET_POLL = 0.005  # seconds between looks for a starting fork server's socket


class ForkServerError(RuntimeError):
    """The fork server could not be started or did not answer."""


class ForkServerHandle:
    """One fork server process (our child) and how to talk to it. Thread-safe; blocking."""

    def __init__(
        self,
        key: ServerKey,
        start_timeout: float = 60.0,
        kernel_args: list[str] | None = None,
        app_imports: tuple[str, ...] = (),
        folder: str | None = None,
    ):
        self.key = key
        self.start_timeout = start_timeout
        self.kernel_args = kernel_args  # the kernel command line the fork server prepares for
        self.app_imports = app_imports  # the first kernel's app's: imported at start, with key.preload
        self.imports_asked: set[str] = set()  # modules it was asked to import (done or failed)
        self.imports_lock = threading.Lock()
        self.dir = folder or tempfile.mkdtemp(prefix=SOCKET_DIR_PREFIX)  # 0700
        self.path = os.path.join(self.dir, "fork.sock")
        self.process: subprocess.Popen[bytes] | None = None
        self.spawned_at = 0.0
        self.preload_asked: list[str] = []
        self.info: dict[str, Any] = {}
        self.announced = False  # its readiness logged
        self.started_ahead = False  # by start_early, before a kernel asked for it

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> None:
        """Start the process and wait until it answers (blocking)."""
        self.spawn()
        self.wait_ready()

    def spawn(self) -> None:
        """Start the process, without waiting for it (its imports take a second or more)."""
        preload = list(dict.fromkeys([*self.key.preload, *self.app_imports]))
        self.process = _spawn_process(
            self.key.interpreter, self.key.env, self.key.flags, preload, self.kernel_args, self.path
        )
        self.spawned_at = time.monotonic()
        self.preload_asked = preload

    def wait_ready(self) -> None:
        """Wait until the spawned process answers, for at most ``start_timeout`` seconds since
        its spawn; ForkServerError if it exits or does not answer in time."""
        assert self.process is not None, "spawn() first"
        preload = self.preload_asked
        deadline = self.spawned_at + self.start_timeout
        while True:
            code = self.process.poll()
            if code is not None:
                self.close()
                raise ForkServerError(f"the fork server exited with code {code} while starting")
            if os.path.exists(self.path):
                try:
                    self.info = self.request({"op": "ping"}, timeout=5.0)
                    self.imports_asked.update(preload)
                    return
                except OSError:
                    pass
            if time.monotonic() > deadline:
                self.close()
                raise ForkServerError("the fork server did not start in time")
            # its socket appears when it is ready: on a cold start the first kernel (and the
            # first page) waits for it: a 20 ms poll added 10 ms on average, this one 2.5
            time.sleep(SOCKET_POLL)

    def import_modules(self, modules: tuple[str, ...], timeout: float = 300.0) -> dict[str, str]:
        """Have the fork server import an app's ``modules`` (once each) before it forks that app's
        kernels; returns those that failed or were refused, with why (only the first time each
        is asked for). Blocking."""
        with self.imports_lock:
            new = [m for m in modules if m not in self.imports_asked]
            if not new:
                return {}
            reply = self.request({"op": "import", "modules": new}, timeout=timeout)
            self.imports_asked.update(new)
            failed: dict[str, str] = reply.get("failed", {})
            self.info.setdefault("preloaded", []).extend(reply.get("preloaded", []))
            self.info.setdefault("failed", {}).update(failed)
            return failed

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def request(
        self, message: dict[str, Any], fds: tuple[int, ...] | list[int] = (), timeout: float = 30.0
    ) -> dict[str, Any]:
        reply = forkserver_client.request(self.path, message, fds, timeout)
        if not reply.get("ok"):
            raise ForkServerError(str(reply.get("error", "request failed")))
        return reply

    def close(self, timeout: float = 5.0) -> None:
        """Stop the fork server (its remaining kernels get SIGTERM, then SIGKILL) and remove its
        socket directory."""
        if self.process is not None and self.process.poll() is None:
            try:
                self.request({"op": "stop"}, timeout=timeout)
            except (OSError, ForkServerError, ValueError):
                self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        shutil.rmtree(self.dir, ignore_errors=True)


_servers: dict[ServerKey, ForkServerHandle] = {}
_failed: dict[ServerKey, tuple[float, str]] = {}
_lock = threading.Lock()
_atexit_registered = False
RETRY_FAILED_AFTER = 60.0


def get_fork_server(
    key: ServerKey,
    start_timeout: float = 60.0,
    kernel_args: list[str] | None = None,
    app_imports: tuple[str, ...] = (),
) -> ForkServerHandle:
    """The running fork server for ``key``, started now if there is none (blocking: call it in a
    thread), prepared for kernels started with ``kernel_args`` (see
    :class:`jupyter_reactive.forkserver.prepared.PreparedKernel`; others still fork, from scratch)
    and, when started now, with ``app_imports`` imported with its own. The one started ahead
    (:func:`start_early`) is adopted if it fits; if it fails to start, another is started here.
    A server that failed to start here is not retried for a minute."""
    global _atexit_registered
    with _lock:
        server = _servers.get(key)
        if server is not None and server.alive():
            return server
        if server is not None:  # it died: its kernels died with it (their parent poller)
            log.warning("jupyter_reactive: the fork server (pid %s) died; starting a new one", server.pid)
            server.close()
            del _servers[key]
        failed = _failed.get(key)
        if failed and time.monotonic() - failed[0] < RETRY_FAILED_AFTER:
            raise ForkServerError(failed[1])
        server = _take_early(key, kernel_args)
        if server is not None:
            server.start_timeout = max(server.start_timeout, start_timeout)
            try:
                server.wait_ready()
            except ForkServerError as err:  # it is stopped and its folder gone: start one anew
                log.warning(
                    "jupyter_reactive: the fork server started with the server failed (%s); starting another", err
                )
                server = None
        if server is None:
            server = ForkServerHandle(key, start_timeout, kernel_args, app_imports)
            try:
                server.spawn()
                server.wait_ready()
            except Exception as err:
                _failed[key] = (time.monotonic(), str(err))
                raise
        _failed.pop(key, None)
        _servers[key] = server
        if not _atexit_registered:
            atexit.register(shutdown_fork_servers)
            _atexit_registered = True
        return server


# ---- a fork server started ahead, while the jupyter server itself is still starting ----

_early: ForkServerHandle | None = None


def start_early(
    key: ServerKey, kernel_args: list[str] | None, app_imports: tuple[str, ...] = (), start_timeout: float = 60.0
) -> ForkServerHandle | None:
    """Spawn the fork server that the first kernel is expected to ask for (``key`` and
    ``kernel_args`` as :meth:`ForkingProvisioner.launch_kernel` will compute them), without
    waiting for it: its imports (ipykernel, IPython, the app's) then run on another core while
    this process imports and sets up jupyter-server, instead of after it. The first
    :func:`get_fork_server` call whose key and kernel command line match adopts it; one that
    does not match stops it and starts its own (a wrong guess costs CPU, never a wrong kernel).
    Returns the handle, or None if one was started ahead already or the spawn failed."""
    global _early, _atexit_registered
    with _lock:
        _claim_ahead()
        if _early is not None or key in _servers:
            return None
        handle = ForkServerHandle(key, start_timeout, kernel_args, app_imports)
        try:
            handle.spawn()
        except (OSError, subprocess.SubprocessError) as err:
            log.debug("jupyter_reactive: could not start a fork server ahead: %s", err)
            handle.close()
            return None
        handle.started_ahead = True
        _early = handle
        if not _atexit_registered:
            atexit.register(shutdown_fork_servers)
            _atexit_registered = True
        return handle


def _claim_ahead() -> None:
    """Take over the fork server ``serve`` spawned ahead (:func:`.forkspawn.spawn_ahead`, before
    this module was imported) as the one started early. Call with ``_lock`` held."""
    global _early, _atexit_registered
    ahead = take_ahead()
    if ahead is None:
        return
    key = ServerKey(ahead.interpreter, ahead.env, ahead.preload, ahead.flags)
    handle = ForkServerHandle(key, 60.0, ahead.kernel_args, ahead.app_imports, folder=ahead.folder)
    handle.process = ahead.process
    handle.spawned_at = ahead.spawned_at
    handle.preload_asked = list(dict.fromkeys([*ahead.preload, *ahead.app_imports]))
    handle.started_ahead = True
    if _early is not None or key in _servers:  # one ahead already: this one is not needed
        handle.close()
        return
    _early = handle
    if not _atexit_registered:
        atexit.register(shutdown_fork_servers)
        _atexit_registered = True


def _kernel_template(args: list[str] | None) -> tuple[str, ...] | None:
    """A kernel's arguments but for its connection file (which differs for every kernel)."""
    if args is None:
        return None
    out = list(args)
    for i, arg in enumerate(out[:-1]):
        if arg in ("-f", "--f"):
            out[i + 1] = "{connection_file}"
    return tuple(out)


def _take_early(key: ServerKey, kernel_args: list[str] | None) -> ForkServerHandle | None:
    """The fork server started ahead if it fits ``key`` and ``kernel_args`` (it is then no
    longer "ahead"); else it is stopped. Call with ``_lock`` held."""
    global _early
    _claim_ahead()
    early, _early = _early, None
    if early is None:
        return None
    if early.key == key and _kernel_template(early.kernel_args) == _kernel_template(kernel_args):
        return early
    log.info("jupyter_reactive: the fork server started ahead does not fit the kernel's command; stopping it")
    early.close()
    return None


def discard_early() -> None:
    """Stop the fork server started ahead, if no kernel took it (kernels are not forked after
    all, or the server is stopping). Blocking."""
    global _early
    with _lock:
        _claim_ahead()
        early, _early = _early, None
    if early is not None:
        early.close()


def fork_servers() -> list[ForkServerHandle]:
    with _lock:
        return list(_servers.values())


def shutdown_fork_servers() -> None:
    """Stop every fork server this process started (blocking). Kernels still running in them are
    terminated: call it after the kernel manager has shut its kernels down."""
    global _early
    with _lock:
        _claim_ahead()
        servers = list(_servers.values())
        _servers.clear()
        _failed.clear()
        if _early is not None:
            servers.append(_early)
            _early = None
    for server in servers:
        try:
            server.close()
        except Exception:
            log.warning("jupyter_reactive: a fork server did not stop cleanly", exc_info=True)


async def ashutdown_fork_servers() -> None:
    await asyncio.to_thread(shutdown_fork_servers)


_IPC_DIR: str | None = None


def _ipc_dir() -> str:
    """This server process's directory for kernel sockets (0700, removed at exit)."""
    global _IPC_DIR
    if _IPC_DIR is None or not os.path.isdir(_IPC_DIR):
        _IPC_DIR = tempfile.mkdtemp(prefix="jr-ipc-")
        atexit.register(shutil.rmtree, _IPC_DIR, True)
    return _IPC_DIR


# ---- /proc ----


def process_start_time(pid: int) -> int | None:
    """The process's start time (clock ticks since boot) if it exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        if sys.platform.startswith("linux"):
            return None
        try:  # no /proc: existence only
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return 0
    fields = stat[stat.rindex(b")") + 2 :].split()
    if fields[0] in (b"Z", b"X"):
        return None
    return int(fields[19])


# ---- the provisioner ----


class ForkingProvisioner(LocalProvisioner):  # a KernelProvisionerBase
    """Kernels forked from a pre-imported fork server; see the module docstring."""

    preload = List(
        Unicode(),
        config=True,
        help="""Modules the fork server imports besides
        ipykernel, IPython and jupyter_reactive's kernel side (e.g. ["pandas", "numpy"]): forked
        kernels share them instead of importing them each.""",
    )

    @validate("preload")
    def _valid_preload(self, proposal: Any) -> list[str]:
        try:
            return module_names(proposal["value"])
        except ValueError as err:
            raise TraitError(f"ForkingProvisioner.preload: {err}") from None

    gc_freeze = Bool(
        True,
        config=True,
        help="""gc.freeze() the fork server's objects before forking,
        so a kernel's garbage collector never writes to (and so never copies) their pages.""",
    )
    ipc = Bool(
        True,
        config=True,
        help="""Connect to the kernel over Unix sockets in a
        directory only this server's user can open, instead of TCP ports on localhost: no port
        can be taken by another process between choosing and binding it, and no other local
        user can reach the kernel. False: TCP, as jupyter_client does by default.""",
    )
    fallback = Bool(
        True,
        config=True,
        help="""Launch a kernel the ordinary way (as LocalProvisioner)
        when it cannot be forked (not `python -m ipykernel_launcher`, unsupported launch options, the
        fork server cannot start). False: that is an error.""",
    )
    share_module_scan = Bool(
        True,
        config=True,
        help="""Answer ipykernel's walk over every loaded
        module (IPythonKernel.__init__, for the debugger) from a copy the fork server made once,
        instead of each kernel touching — and so copying — the memory of ~1000 shared modules
        (about 6 MB per kernel). The result the kernel sees is the same.""",
    )
    prepare = Bool(
        True,
        config=True,
        help="""Have the fork server make ipykernel's application (command
        line parsed, IPython configuration loaded) and IPython shell ahead, for kernels started with
        the command line of the kernel that started it: ~3 MB less private memory per kernel and a
        faster start. A kernel whose command line, environment or IPython configuration files
        differ from what was prepared starts from scratch instead.""",
    )
    fill_heap_holes = Bool(
        True,
        config=True,
        help="""Have the fork server take the free chunks left inside
        its C heap before forking, so that kernels allocate from fresh memory instead of filling
        holes among shared pages (~0.8 MB less private memory per kernel; glibc only).""",
    )
    pack_code = Bool(
        True,
        config=True,
        help="""Have the fork server pack the code of the functions its
        first kernel ran, so that the kernels forked after it share more memory with it (~1.3 MB less
        private memory per kernel; CPython 3.11 only, elsewhere this does nothing). See
        jupyter_reactive/forkserver/hotcode.py.""",
    )
    merge_pages = Bool(
        True,
        config=True,
        help="""Opt the fork server and its kernels in to Linux's same-page
        merging (KSM, Linux 6.4 and later): pages a kernel copied from the fork server whose bytes
        are equal again can be merged back. Merging happens only where the administrator runs
        ksmd (/sys/kernel/mm/ksm/run = 1; see docs/deployment.md); without it the opt-in costs
        nothing measurable. Elsewhere this does nothing.""",
    )
    page_file = Bool(
        True,
        config=True,
        help="""Have the fork server move its Python heap (pymalloc's
        arenas) into a memory file before it forks kernels, mapped privately, so that a kernel
        idle for a second after a run gives back the pages of it that it copied and left
        byte-for-byte unchanged, its other threads parked meanwhile (Linux, CPython; needs the
        small C library built when jupyter_reactive was installed, else the fork server's ping
        says why it is off). Figures and the safety argument: docs/performance.md, "Page file:
        the race and the first run after a pause". False: off.""",
    )
    debugger = Bool(
        False,
        config=True,
        help="""Let forked kernels offer ipykernel's debugger
        (the debug_request messages of JupyterLab's debugger panel): the fork server then imports
        debugpy, ~11% of its imports. Off, kernels answer as ipykernel does where debugpy is not
        installed (no "debugger" in kernel_info's supported features). App kernels are sent no
        debug requests: off by default.""",
    )
    fork_server_start_timeout = Float(60.0, config=True, help="Seconds the fork server may take to start.")
    max_fork_servers = Integer(
        4,
        config=True,
        help="""Fork servers per server process at most (one
        per interpreter and import-time environment); kernels beyond that are not forked.""",
    )

    forked_pid: int | None = None
    prepared = False  # the kernel took what the fork server prepared (PreparedKernel)
    forked_start_time: int | None = None
    returncode: int | None = None
    fork_server_socket: str | None = None

    @property
    def has_process(self) -> bool:
        return self.process is not None or self.forked_pid is not None

    @property
    def forked(self) -> bool:
        return self.forked_pid is not None

    # -- launch --

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        km = self.parent
        # before the connection file is written (in LocalProvisioner.pre_launch), which picks the
        # sockets: a restart keeps the transport and directory chosen here
        if self.ipc and km is not None and km.transport == "tcp" and km.ip in ("127.0.0.1", "localhost"):
            km.transport = "ipc"
            km.ip = os.path.join(_ipc_dir(), f"k-{self.kernel_id}")
        return await super().pre_launch(**kwargs)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        self.forked_pid = self.forked_start_time = self.returncode = None
        cmd = [os.path.expanduser(s) for s in cmd]  # noqa: ASYNC240 (reads $HOME, no file access)
        app_imports = self._take_app_imports(kwargs)
        key, why_not = self._server_key(cmd, kwargs)
        if key is not None:
            try:
                return await self._fork(key, cmd, kwargs, app_imports)
            except (ForkServerError, OSError, ValueError, subprocess.SubprocessError) as err:
                why_not = f"the fork server failed ({err})"
        if not self.fallback:
            raise RuntimeError(f"kernel cannot be forked: {why_not}")
        self.log.info("jupyter_reactive: launching kernel %s without forking: %s", self.kernel_id, why_not)
        return await super().launch_kernel(cmd, **kwargs)

    @staticmethod
    def _take_app_imports(kwargs: dict[str, Any]) -> tuple[str, ...]:
        """The app's modules its session asked the fork server to import (``APP_IMPORTS_ENV`` in
        the kernel's environment, taken out of it: the kernel never sees it)."""
        env = kwargs.get("env")
        if not env or APP_IMPORTS_ENV not in env:
            return ()
        env = kwargs["env"] = dict(env)
        try:
            return tuple(module_names(env.pop(APP_IMPORTS_ENV).split()))
        except ValueError:
            return ()  # not ours to judge here: the kernel's own import reports it

    async def _fork(
        self, key: ServerKey, cmd: list[str], kwargs: dict[str, Any], app_imports: tuple[str, ...] = ()
    ) -> KernelConnectionInfo:
        # (with prepare off, the key's --no-prepare flag makes the fork server ignore them)
        server = await asyncio.to_thread(
            get_fork_server, key, self.fork_server_start_timeout, kernel_args(cmd), app_imports
        )
        if not server.announced:  # once per fork server, in the jupyter server's log
            server.announced = True
            info = server.info
            failed = info.get("failed") or {}
            asked = [*key.preload, *server.app_imports]
            done = [m for m in dict.fromkeys(asked) if m in info.get("preloaded", ())]
            self.log.info(
                "jupyter_reactive: fork server (pid %s%s) ready in %.1f s, %s modules imported%s%s; %s",
                server.pid,
                ", started with the server" if server.started_ahead else "",
                info.get("import_seconds", 0.0),
                info.get("modules", "?"),
                f", preloaded: {', '.join(done)}" if done else "",
                f", not imported: {', '.join(sorted(failed))}" if failed else "",
                "kernels prepared ahead"
                if info.get("prepared")
                else f"kernels start from scratch: {info.get('unprepared')}",
            )
            _log_failed_preloads(self.log, failed, set(server.app_imports) - set(key.preload))
        if app_imports:
            failed = await asyncio.to_thread(server.import_modules, app_imports)
            _log_failed_preloads(self.log, failed, set(app_imports) - set(key.preload))
        env = dict(kwargs.get("env") or os.environ)
        if not kwargs.get("independent"):
            env["JPY_PARENT_PID"] = str(os.getpid())  # the child points it at the fork server
        fds = self._stdio_fds(kwargs)
        request: dict[str, Any] = {
            "op": "fork",
            "argv": cmd,
            "env": env,
            "cwd": str(kwargs.get("cwd") or os.getcwd()),
            "stdio": "fds" if fds else "devnull",
        }
        started = time.perf_counter()
        reply = await asyncio.to_thread(server.request, request, fds)
        pid = int(reply["pid"])
        self.prepared = bool(reply.get("prepared"))
        self.forked_pid = self.pid = self.pgid = pid  # the child called setsid()
        self.forked_start_time = process_start_time(pid)
        self.fork_server_socket = server.path
        self.cwd = kwargs.get("cwd", os.getcwd())
        # a kernel that does not fit what its fork server prepared is unusual (another
        # environment, an edited IPython config): say so where a user looks
        level = logging.INFO if not self.prepared and server.info.get("prepared") else logging.DEBUG
        self.log.log(
            level,
            "jupyter_reactive: forked kernel %s as pid %s in %.1f ms (%s)",
            self.kernel_id,
            pid,
            1000 * (time.perf_counter() - started),
            "prepared ahead" if self.prepared else f"from scratch: {reply.get('unprepared')}",
        )
        return self.connection_info

    def _server_key(self, cmd: list[str], kwargs: dict[str, Any]) -> tuple[ServerKey | None, str]:
        if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
            # macOS can fork, but system frameworks are not fork-safe (why CPython's
            # multiprocessing stopped forking there); liveness checks read /proc
            return None, "kernels are forked on Linux only"
        if kernel_args(cmd) is None:
            return None, "not an ipykernel command line (PYTHON [options] -m ipykernel_launcher ...)"
        unknown = set(kwargs) - FORKABLE_KWARGS
        if unknown:
            return None, f"launch options the fork server does not reproduce: {sorted(unknown)}"
        for stream in ("stdout", "stderr"):
            if kwargs.get(stream) == subprocess.PIPE:
                return None, f"{stream} is a pipe"
        interpreter = tuple(cmd[: cmd.index("-m", 1)])
        if not os.path.isabs(interpreter[0]):
            found = shutil.which(interpreter[0], path=(kwargs.get("env") or os.environ).get("PATH"))
            if not found:
                return None, f"{interpreter[0]} not found"
            interpreter = (found, *interpreter[1:])
        env = kwargs.get("env") or os.environ
        flags = server_flags(
            gc_freeze=self.gc_freeze,
            share_module_scan=self.share_module_scan,
            prepare=self.prepare,
            pack_code=self.pack_code,
            fill_heap_holes=self.fill_heap_holes,
            merge_pages=self.merge_pages,
            page_file=self.page_file,
            debugger=self.debugger,
        )
        key = ServerKey(
            interpreter, tuple(sorted((k, v) for k, v in env.items() if _import_time(k))), tuple(self.preload), flags
        )
        with _lock:
            if key not in _servers and len(_servers) >= self.max_fork_servers:
                return None, f"already {len(_servers)} fork servers (max_fork_servers)"
        return key, ""

    @staticmethod
    def _stdio_fds(kwargs: dict[str, Any]) -> list[int]:
        """stdout and stderr for the kernel: what the caller gave, else ours (as Popen inherits)."""
        out: list[int] = []
        for stream, default in (("stdout", 1), ("stderr", 2)):
            value = kwargs.get(stream)
            if stream == "stderr" and value == subprocess.STDOUT:
                fd = out[0]
            elif value is None:
                fd = default
            elif value == subprocess.DEVNULL:
                return []
            elif isinstance(value, int):
                fd = value
            else:
                fd = value.fileno()
            out.append(fd)
        return out

    # -- process lifetime --

    async def poll(self) -> int | None:
        if not self.forked:
            return await super().poll()
        if self.returncode is not None:
            return self.returncode
        assert self.forked_pid is not None
        now = process_start_time(self.forked_pid)
        if now is not None and (self.forked_start_time is None or now == self.forked_start_time):
            return None
        self.returncode = await self._exit_status()
        return self.returncode

    async def _exit_status(self) -> int:
        """The exit code of our (dead) kernel, from the fork server that reaped it."""
        server = self._server()
        if server is not None:
            for _ in range(50):  # the fork server reaps on SIGCHLD; a status request reaps too
                try:
                    reply = await asyncio.to_thread(
                        server.request, {"op": "status", "pids": [self.forked_pid]}, (), 5.0
                    )
                except (OSError, ForkServerError, ValueError):
                    break
                status = reply["status"][str(self.forked_pid)]
                if not status["known"]:
                    break
                if status["returncode"] is not None:
                    return int(status["returncode"])
                await asyncio.sleep(0.02)
        return -signal.SIGKILL  # unknown: the fork server is gone (and took its kernels with it)

    def _server(self) -> ForkServerHandle | None:
        for server in fork_servers():
            if server.path == self.fork_server_socket:
                return server
        return None

    async def wait(self) -> int | None:
        if not self.forked:
            return await super().wait()
        # a forked kernel is the fork server's child, not ours: nothing to await but its status
        while (ret := await self.poll()) is None:  # noqa: ASYNC110 (callers bound this with a timeout)
            await asyncio.sleep(0.05)
        self.forked_pid = None  # has_process is now False
        return ret

    async def send_signal(self, signum: int) -> None:
        if not self.forked:
            return await super().send_signal(signum)
        if await self.poll() is not None:
            return  # never signal a pid that may have been reused
        try:
            os.killpg(self.pgid or self.forked_pid, signum)  # type: ignore[arg-type]
            return
        except OSError:
            pass
        os.kill(self.forked_pid, signum)  # type: ignore[arg-type]

    async def kill(self, restart: bool = False) -> None:
        if not self.forked:
            return await super().kill(restart)
        try:
            await self.send_signal(signal.SIGKILL)
        except ProcessLookupError:
            pass

    async def terminate(self, restart: bool = False) -> None:
        if not self.forked:
            return await super().terminate(restart)
        try:
            await self.send_signal(signal.SIGTERM)
        except ProcessLookupError:
            pass

    # -- persistence --

    async def get_provisioner_info(self) -> dict[str, Any]:
        info = await super().get_provisioner_info()
        info.update(
            {
                "forked_pid": self.forked_pid,
                "forked_start_time": self.forked_start_time,
                "fork_server_socket": self.fork_server_socket,
            }
        )
        return info

    async def load_provisioner_info(self, provisioner_info: dict[str, Any]) -> None:
        await super().load_provisioner_info(provisioner_info)
        self.forked_pid = provisioner_info.get("forked_pid")
        self.forked_start_time = provisioner_info.get("forked_start_time")
        self.fork_server_socket = provisioner_info.get("fork_server_socket")
        self.returncode = None
