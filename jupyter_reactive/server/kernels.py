"""KernelPool: warm kernels for new app sessions, over ``serverapp.kernel_manager`` (server loop).

Kernels are started by the server's own kernel manager, so kernel provisioners and
``--gateway-url`` remote kernels work unchanged. A pooled kernel is *warm*: ipykernel is ready,
the bridge's comm target is registered, a subshell for widget events exists, and the app's
preload imports are done. A session takes one and owns it until it ends; kernels are never
handed to a second session.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import sys
from dataclasses import dataclass
from typing import Any, NamedTuple

import zmq.asyncio
from jupyter_core.utils import ensure_async

from ..forkserver.client import APP_IMPORTS_ENV
from .gateway import GatewayChannels, GatewayError, gateway_enabled, open_channels

WARM_UP_CODE = "import jupyter_reactive.kernel.bridge as _jr_bridge_module\n_jr_bridge = _jr_bridge_module.install()\n"
SERVE_CODE = "_jr_bridge.serve()"


def default_kernel_dirs() -> list[str]:
    """jupyter_client's default ``KernelSpecManager.kernel_dirs`` — Jupyter's ``kernels``
    folders, then IPython's — without importing IPython for the last one: jupyter_client asks
    ``IPython.paths.get_ipython_dir``, and IPython is a fifth of a server's start-up (0.2 s
    here) that `serve` needs nowhere else in its process (its kernels import it). IPython's
    folder is found as IPython finds it in the usual cases ($IPYTHONDIR, else ~/.ipython; as
    jupyter_client, none when IPython is not installed); in the others IPython itself is asked."""
    from jupyter_core.paths import jupyter_path

    dirs = jupyter_path("kernels")
    if importlib.util.find_spec("IPython") is not None:
        dirs.append(os.path.join(_ipython_dir(), "kernels"))
    return dirs


def give_kernel_dirs(kernel_spec_manager: Any) -> None:
    """Set a kernel spec manager's ``kernel_dirs`` to :func:`default_kernel_dirs` before its
    first lookup would compute them with IPython — unless they are set already or its class
    finds them its own way."""
    from jupyter_client.kernelspec import KernelSpecManager

    own = getattr(type(kernel_spec_manager), "_kernel_dirs_default", None)
    if (
        isinstance(kernel_spec_manager, KernelSpecManager)
        and own is KernelSpecManager._kernel_dirs_default
        and not kernel_spec_manager.trait_has_value("kernel_dirs")
    ):
        kernel_spec_manager.kernel_dirs = default_kernel_dirs()


def launch_over_ipc(server: Any) -> bool:
    """Let the kernels ``serve`` launches (not forked: ``--ReactiveApp.fork_kernels=False``)
    talk to it over Unix sockets next to their connection files (the runtime folder, 0700), as
    forked kernels do: over TCP to localhost any local user can reach a kernel's ports, and
    ipykernel 7 warns so on every kernel start ("running over TCP without encryption"). Left
    alone: a transport or address the operator chose, kernels elsewhere (a gateway), a folder
    whose socket paths would not fit a Unix socket address. Only for a server this package owns
    (``serve``: every kernel is an app's). Returns whether kernels will use IPC."""
    from traitlets.utils.importstring import import_item

    manager = server.kernel_manager
    folder = getattr(manager, "connection_dir", "")
    if os.name != "posix" or gateway_enabled(manager) or not folder or len(folder) > 100 - len(_IPC_NAME):
        return False
    kernel_class = getattr(manager, "kernel_manager_class", None)
    if isinstance(kernel_class, str) and kernel_class:
        kernel_class = import_item(kernel_class)
    if not isinstance(kernel_class, type):
        return False
    config = server.config
    for cls in kernel_class.__mro__:
        section = config.get(cls.__name__) if cls.__name__ in config else None
        if section and ("transport" in section or "ip" in section):
            return False
    config.KernelManager.transport = "ipc"  # read by each KernelManager when it is made
    return True


#: a launched kernel's socket name in its connection folder (jupyter_client's, the longest)
_IPC_NAME = "/kernel-00000000-0000-0000-0000-000000000000-ipc-5"


def _ipython_dir() -> str:
    """``IPython.paths.get_ipython_dir()``, without importing IPython where the answer is plain."""
    env = os.environ
    ipdir = env.get("IPYTHONDIR", env.get("IPYTHON_DIR"))
    plain = os.name == "posix" and "IPython.paths" not in sys.modules
    if plain and ipdir is None:
        home = os.path.realpath(os.path.expanduser("~"))
        xdg = env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
        plain = not os.path.isdir(os.path.join(xdg, "ipython"))  # IPython 1's folder: IPython decides
        ipdir = os.path.join(home, ".ipython")
    if plain and ipdir is not None:
        ipdir = os.path.normpath(os.path.expanduser(ipdir))
        # where IPython would use a temporary folder instead (nothing to find there), it decides
        place = ipdir if os.path.exists(ipdir) else os.path.dirname(ipdir)
        if os.path.isdir(place) and os.access(place, os.W_OK):
            return ipdir
    from IPython.paths import get_ipython_dir

    return str(get_ipython_dir())


# the pool's client sockets: first retry of a connection the kernel was not yet listening for
# (ms), doubling up to libzmq's default interval (a kernel that went away is not polled faster)
RECONNECT_IVL_MS = 10
RECONNECT_IVL_MAX_MS = 100
# seconds a kernel that answered kernel_info gets to publish its status on iopub before it is
# asked again (each request makes a new status; a late subscription misses the first ones)
IOPUB_REASK_AFTER = 0.2


class KernelStartError(RuntimeError):
    """A kernel could not be started or warmed up; the text is safe to show."""


class PoolKey(NamedTuple):
    kernel_name: str
    cwd: str
    preload: tuple[str, ...]
    # of those, the app's own imports its fork server may import before forking its kernels
    # (installed modules, not the app folder's): they are then shared, not imported per kernel
    shared: tuple[str, ...] = ()

    def warm_up_code(self) -> str:
        """Register the bridge, then import the preloads; one that fails is skipped (the app's
        own run will report it where the viewer sees it)."""
        lines = [WARM_UP_CODE]
        if self.preload:
            lines.append(
                f"for _jr_module in {list(self.preload)!r}:\n    try:\n        __import__(_jr_module)\n"
                "    except Exception:\n        pass\n"
            )
        # their files' versions now: an edit before the session starts reloads them
        lines.append("_jr_bridge.track_modules()\n")
        return "".join(lines)


def start_channels(client: Any) -> None:
    """The channels an app session uses: shell and iopub, and control for subshells. No stdin
    (apps never ask for input) and no heartbeat: the kernel manager already knows whether the
    kernel is alive, and jupyter_client's heartbeat is a thread per kernel in this process."""
    client.start_channels(shell=True, iopub=True, stdin=False, hb=False, control=True)


@dataclass
class ReactiveKernel:
    """One warm kernel: its id in the kernel manager, a client, and the subshell for events."""

    kernel_id: str
    client: Any
    key: PoolKey
    subshell_id: str | None = None

    async def request(self, channel: str, msg_type: str, content: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request on ``shell`` or ``control`` and wait for its reply."""
        msg = self.client.session.msg(msg_type, content)
        getattr(self.client, f"{channel}_channel").send(msg)
        reply = await self._reply_to(channel, msg, timeout)
        if reply is None:
            raise KernelStartError(f"kernel did not answer {msg_type}")
        return reply

    async def wait_ready(self, timeout: float) -> dict[str, Any]:
        """Until the kernel answers a ``kernel_info_request`` and iopub has delivered one
        message (its busy/idle for that request: the subscription is up); returns the reply.

        jupyter_client's ``wait_for_ready`` does the same and then waits for iopub to stay
        quiet for 0.2 s, which is most of a forked kernel's warm-up. A request whose reply does
        not come within a second is asked again (the kernel may not have bound its sockets
        yet); once a reply came, one whose iopub message does not come within
        :data:`IOPUB_REASK_AFTER` (the subscription was made after the kernel published the
        status: a cold start's tail of a second). A gateway's client has its own wait, over its
        WebSocket.
        """
        if isinstance(self.client, GatewayChannels):
            await self.client.wait_for_ready(timeout=timeout)
            return await self.request("shell", "kernel_info_request", {}, timeout)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        reply: dict[str, Any] | None = None
        while True:
            if loop.time() >= deadline:
                raise KernelStartError("kernel did not become ready")
            msg = self.client.session.msg("kernel_info_request", {})
            self.client.shell_channel.send(msg)
            if reply is None:
                reply = await self._reply_to("shell", msg, min(1.0, deadline - loop.time()))
                if reply is None:
                    continue  # ask again
            try:
                wait = IOPUB_REASK_AFTER  # the kernel is up: its status follows at once if subscribed
                await self.client.get_iopub_msg(timeout=max(0.0, min(wait, deadline - loop.time())))
            except Exception:  # queue.Empty: the subscription missed it; ask again
                continue
            return reply

    async def _reply_to(self, channel: str, msg: dict[str, Any], timeout: float) -> dict[str, Any] | None:
        """The reply to ``msg`` on ``channel`` within ``timeout`` seconds (other replies, to
        requests asked before, are passed over), or None."""
        get = getattr(self.client, f"get_{channel}_msg")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return None
            try:
                reply = await get(timeout=remaining)
            except Exception:  # queue.Empty from jupyter_client
                return None
            if reply.get("parent_header", {}).get("msg_id") == msg["header"]["msg_id"]:
                return reply

    async def warm_up(self, timeout: float) -> None:
        """Make a fresh (or restarted) kernel ready for a session: the bridge installed and
        the subshell for events created, both asked at once (shell and control are served
        side by side)."""
        try:
            info = await self.wait_ready(timeout)
        except KernelStartError:
            raise
        except Exception as err:
            raise KernelStartError("kernel did not become ready") from err
        features = info["content"].get("supported_features", [])
        if "kernel subshells" not in features:
            raise KernelStartError("this kernel does not support subshells (ipykernel >= 7 is required)")
        reply, sub = await asyncio.gather(
            self.request(
                "shell",
                "execute_request",
                {
                    "code": self.key.warm_up_code(),
                    "silent": True,
                    "store_history": False,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                timeout,
            ),
            self.request("control", "create_subshell_request", {}, timeout),
        )
        if reply["content"].get("status") != "ok":
            raise KernelStartError(f"warm-up failed in the kernel: {reply['content'].get('ename', '')}")
        self.subshell_id = sub["content"]["subshell_id"]


def _open_files_limit() -> int:
    try:
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        return int(soft) if soft != resource.RLIM_INFINITY else 65536
    except (ImportError, OSError, ValueError):
        return 1024


class KernelPool:
    """Pre-started, pre-warmed kernels, kept topped up per (kernel name, working directory,
    preload). Server loop only. Options come from ``ReactiveApp`` (see its help)."""

    def __init__(
        self,
        kernel_manager: Any,
        *,
        pool_size: int = 1,
        kernel_name: str = "python3",
        preload: list[str] | tuple[str, ...] = (),
        start_timeout: float = 60.0,
        kernel_arguments: list[str] | tuple[str, ...] = (),
        start_attempts: int = 3,
        log: Any = None,
    ):
        self.kernel_manager = kernel_manager
        self.pool_size = pool_size
        self.kernel_name = kernel_name
        self.preload = list(preload)
        self.start_timeout = start_timeout
        self.kernel_arguments = list(kernel_arguments)
        self.start_attempts = max(1, start_attempts)
        self.log = log or logging.getLogger("jupyter_reactive")
        self._zmq: zmq.asyncio.Context | None = None
        self._ready: dict[PoolKey, list[ReactiveKernel]] = {}
        self._filling: dict[PoolKey, asyncio.Task] = {}
        # sessions waiting for the kernel a fill is starting (see _in_flight)
        self._waiters: dict[PoolKey, list[asyncio.Future]] = {}
        self._closed = False

    def key(self, cwd: str, app_imports: tuple[str, ...] = (), shared: tuple[str, ...] = ()) -> PoolKey:
        """The pool a session draws from: kernel spec, working directory (relative to the
        server's root) and the modules imported ahead; ``shared``: those of ``app_imports`` a
        fork server may import for the app's kernels (see :class:`PoolKey`)."""
        preload = tuple(dict.fromkeys([*self.preload, *app_imports]))
        return PoolKey(self.kernel_name, cwd, preload, tuple(shared))

    async def start_kernel(self, key: PoolKey) -> ReactiveKernel:
        """Start and warm one kernel now (no pool).

        A kernel process that dies while starting is replaced by a new one, up to
        ``start_attempts`` in all: with several kernels starting at once, one can lose a port
        race (jupyter_client picks free ports before the kernel binds them) and exit with
        "Address already in use"; a new start gets new ports. A kernel that is alive but does
        not warm up in time is not retried (it would only fail again, slower).
        """
        for attempt in range(1, self.start_attempts + 1):
            kernel_id = await self.kernel_manager.start_kernel(
                kernel_name=key.kernel_name, path=key.cwd, **self._start_kwargs(key)
            )
            try:
                client = await self._client(kernel_id)
            except BaseException:
                await self._shutdown_kernel(kernel_id)
                raise
            kernel = ReactiveKernel(kernel_id, client, key=key)
            try:
                await kernel.warm_up(self.start_timeout)
            except KernelStartError as err:
                died = not await self._alive(kernel)
                await self.shutdown(kernel)
                if not died or attempt == self.start_attempts:
                    raise
                self.log.warning(
                    "jupyter_reactive: kernel %s exited while starting (%s); starting another (%d/%d)",
                    kernel_id,
                    err,
                    attempt + 1,
                    self.start_attempts,
                )
                continue
            except BaseException:
                await self.shutdown(kernel)
                raise
            return kernel
        raise AssertionError("unreachable")

    async def _client(self, kernel_id: str) -> Any:
        """A connected client for a kernel the kernel manager started: for a kernel on a
        gateway, :class:`~.gateway.GatewayChannels`; for a local one, jupyter_client's, on the
        one zmq context all of them share. Left to itself, each client makes a context of its
        own — two threads (zmq's I/O thread and reaper) and about ten file descriptors in this
        process per session, which is what a server with hundreds of sessions runs out of
        first. The shared context's socket limit is raised from zmq's 1023 (three channels per
        session: 341 sessions) to the process's file limit, which is then the real bound; its
        sockets retry a connection after :data:`RECONNECT_IVL_MS`, backing off to zmq's
        default."""
        if gateway_enabled(self.kernel_manager):
            try:
                return await open_channels(kernel_id, self.log)
            except GatewayError as err:
                raise KernelStartError(str(err)) from err
        if self._zmq is None:
            self._zmq = zmq.asyncio.Context()
            self._zmq.set(zmq.MAX_SOCKETS, max(1024, _open_files_limit()))
            # a new kernel's client connects before the kernel has bound its sockets (it was
            # forked a few ms ago), and libzmq tries again after RECONNECT_IVL: 100 ms by default,
            # which was most of a forked kernel's wait for its kernel_info reply
            self._zmq.setsockopt(zmq.RECONNECT_IVL, RECONNECT_IVL_MS)
            self._zmq.setsockopt(zmq.RECONNECT_IVL_MAX, RECONNECT_IVL_MAX_MS)
        client = self.kernel_manager.get_kernel(kernel_id).client(context=self._zmq)
        start_channels(client)
        return client

    def _start_kwargs(self, key: PoolKey) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"extra_arguments": list(self.kernel_arguments)} if self.kernel_arguments else {}
        if key.shared and not gateway_enabled(self.kernel_manager):
            # read (and removed from the kernel's environment) by the forking provisioner; any
            # other local provisioner passes it on, harmlessly (never to a gateway: it would get
            # this server's whole environment)
            kwargs["env"] = {**os.environ, APP_IMPORTS_ENV: " ".join(key.shared)}
        return kwargs

    async def acquire(self, key: PoolKey, refill: bool = True) -> ReactiveKernel:
        """A warm kernel for a new session: from the pool when one is ready, else started now.
        ``refill=False`` leaves topping up to the caller, who can wait until its page has
        loaded: a kernel start costs a core for about a second."""
        ready = self._ready.get(key)
        kernel = ready.pop(0) if ready else await self._in_flight(key)
        if kernel is not None and not await self._alive(kernel):
            await self.shutdown(kernel)
            kernel = None
        if refill:
            self.refill(key)
        if kernel is None:
            kernel = await self.start_kernel(key)
        return kernel

    async def _in_flight(self, key: PoolKey) -> ReactiveKernel | None:
        """The kernel the pool is starting for ``key`` right now, once it is warm; None when
        none is being started or the start fails. A session that arrives while its pool is
        still filling — the first viewer of a server that has just started — takes that kernel
        instead of starting a second one beside it: the two would share the cores, and the
        viewer would wait for a whole start of its own rather than the rest of one."""
        task = self._filling.get(key)
        if task is None or task.done():
            return None
        waiter: asyncio.Future[ReactiveKernel | None] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(key, []).append(waiter)
        try:
            return await waiter
        finally:
            if waiter in self._waiters.get(key, ()):
                self._waiters[key].remove(waiter)

    def _hand_off(self, key: PoolKey) -> bool:
        """Give the pool's newest kernel to the first session waiting for it, if any."""
        ready = self._ready.get(key)
        waiters = self._waiters.get(key, [])
        while ready and waiters:
            waiter = waiters.pop(0)
            if not waiter.done():
                waiter.set_result(ready.pop())
                return True
        return False

    def _release_waiters(self, key: PoolKey) -> None:
        """The fill is over: sessions still waiting start kernels of their own."""
        for waiter in self._waiters.pop(key, []):
            if not waiter.done():
                waiter.set_result(None)

    def refill(self, key: PoolKey) -> None:
        """Top the pool up in the background (one kernel at a time, so a refill never competes
        with several starts)."""
        if self._closed or self.pool_size <= 0:
            return
        task = self._filling.get(key)
        if task is None or task.done():
            self._filling[key] = asyncio.ensure_future(self._fill(key))

    async def _fill(self, key: PoolKey) -> None:
        ready = self._ready.setdefault(key, [])
        try:
            while not self._closed and len(ready) < self.pool_size:
                try:
                    kernel = await self.start_kernel(key)
                except Exception:
                    self.log.exception("jupyter_reactive: could not pre-start a kernel")
                    return
                if self._closed:
                    await self.shutdown(kernel)
                    return
                ready.append(kernel)
                if self._hand_off(key):
                    return  # a session took it: topping up again is its call (acquire's refill)
        finally:
            self._release_waiters(key)

    async def retire(self, key: PoolKey) -> None:
        """No session will ask for ``key`` again (its app's imports changed): stop topping it
        up and shut its warm kernels down. Unknown keys are a no-op."""
        task = self._filling.pop(key, None)
        if task is not None:
            task.cancel()
        kernels = self._ready.pop(key, [])
        await asyncio.gather(*(self.shutdown(k) for k in kernels), return_exceptions=True)

    async def rewarm(self, kernel: ReactiveKernel) -> None:
        """After the kernel manager restarted this kernel (its process died): wait for the new
        process, connect a new client (the ports may have changed) and warm it up again.

        Raises:
            KernelStartError: if the kernel does not come back within ``start_timeout``.
        """
        self.kernel_manager.get_kernel(kernel.kernel_id)  # KeyError: it is gone
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.start_timeout
        await asyncio.sleep(0.1)  # the restarter fires its callback before it restarts
        while not await self._alive(kernel):
            if loop.time() > deadline:
                raise KernelStartError("the kernel did not come back after a restart")
            await asyncio.sleep(0.1)
        try:
            kernel.client.stop_channels()
        except Exception:
            pass
        kernel.client = await self._client(kernel.kernel_id)
        await kernel.warm_up(self.start_timeout)

    async def _alive(self, kernel: ReactiveKernel) -> bool:
        try:
            km = self.kernel_manager.get_kernel(kernel.kernel_id)
        except KeyError:
            return False
        try:
            return bool(await ensure_async(km.is_alive()))
        except Exception:
            return False

    async def shutdown(self, kernel: ReactiveKernel) -> None:
        """Stop a kernel for good (idempotent)."""
        try:
            kernel.client.stop_channels()
        except Exception:
            pass
        if kernel.kernel_id in self.kernel_manager:
            try:
                await self._shutdown_kernel(kernel.kernel_id)
            except Exception:
                self.log.warning("jupyter_reactive: kernel %s did not shut down cleanly", kernel.kernel_id)

    async def _shutdown_kernel(self, kernel_id: str) -> None:
        """The kernel manager's shutdown, after its iopub activity stream is stopped reading.

        jupyter-server closes that stream (a ZMQStream) inside ``shutdown_kernel``. When messages
        were waiting on it, pyzmq has already queued a read, which then finds the stream
        closed and logs "Got events for closed stream": a warning in serve's log on a busy
        kernel's shutdown. Not reading any more, and one pass of the loop for the queued read,
        end it quietly (the kernel is going: its activity no longer matters).
        """
        stream = getattr(self.kernel_manager.get_kernel(kernel_id), "_activity_stream", None)
        if stream is not None and not stream.closed():
            stream.stop_on_recv()
            await asyncio.sleep(0)
        await self.kernel_manager.shutdown_kernel(kernel_id, now=True)

    async def close(self) -> None:
        """Server stopping: cancel refills, shut down every pooled kernel."""
        self._closed = True
        for task in self._filling.values():
            task.cancel()
        kernels = [k for ready in self._ready.values() for k in ready]
        self._ready.clear()
        await asyncio.gather(*(self.shutdown(k) for k in kernels), return_exceptions=True)

    def pooled(self) -> int:
        return sum(len(v) for v in self._ready.values())
