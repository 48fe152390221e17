"""KernelPool: warm kernels for new app sessions, over ``serverapp.kernel_manager`` (server loop).

Kernels are started by the server's own kernel manager, so kernel provisioners and
``--gateway-url`` remote kernels work unchanged. A pooled kernel is *warm*: ipykernel is ready,
the bridge's comm target is registered, a subshell for widget events exists, and the app's
preload imports are done. A session takes one and owns it until it ends; kernels are never
handed to a second session.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from jupyter_core.utils import ensure_async
from traitlets import Float, Integer, List, Unicode
from traitlets.config import LoggingConfigurable

WARM_UP_CODE = "import jupyter_reactive.kernel.bridge as _jr_bridge_module\n_jr_bridge = _jr_bridge_module.install()\n"
SERVE_CODE = "_jr_bridge.serve()"


class KernelStartError(RuntimeError):
    """A kernel could not be started or warmed up; the text is safe to show."""


@dataclass
class ReactiveKernel:
    """One warm kernel: its id in the kernel manager, a client, and the subshell for events."""

    kernel_id: str
    client: Any
    subshell_id: str | None = None
    key: tuple[str, str] = ("", "")
    extra: dict[str, Any] = field(default_factory=dict)

    async def request(self, channel: str, msg_type: str, content: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request on ``shell`` or ``control`` and wait for its reply."""
        msg = self.client.session.msg(msg_type, content)
        getattr(self.client, f"{channel}_channel").send(msg)
        get = getattr(self.client, f"get_{channel}_msg")
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise KernelStartError(f"kernel did not answer {msg_type}")
            try:
                reply = await get(timeout=remaining)
            except Exception as err:  # queue.Empty from jupyter_client
                raise KernelStartError(f"kernel did not answer {msg_type}") from err
            if reply.get("parent_header", {}).get("msg_id") == msg["header"]["msg_id"]:
                return reply

    async def warm_up(self, preload: str, timeout: float) -> None:
        """Make a fresh (or restarted) kernel ready for a session."""
        try:
            await self.client.wait_for_ready(timeout=timeout)
        except Exception as err:
            raise KernelStartError("kernel did not become ready") from err
        info = await self.request("shell", "kernel_info_request", {}, timeout)
        features = info["content"].get("supported_features", [])
        reply = await self.request("shell", "execute_request", {
            "code": WARM_UP_CODE + preload, "silent": True, "store_history": False,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}, timeout)
        if reply["content"].get("status") != "ok":
            raise KernelStartError(f"warm-up failed in the kernel: {reply['content'].get('ename', '')}")
        if "kernel subshells" not in features:
            raise KernelStartError("this kernel does not support subshells (ipykernel >= 7 is required)")
        sub = await self.request("control", "create_subshell_request", {}, timeout)
        self.subshell_id = sub["content"]["subshell_id"]


class KernelPool(LoggingConfigurable):
    """Pre-started, pre-warmed kernels, kept topped up per (kernel name, working directory)."""

    pool_size = Integer(1, config=True, help="""Warm kernels kept ready per app folder and kernel
        spec. A new session takes one instead of waiting for a kernel start (about a second); each
        costs one idle kernel's memory. 0 starts a kernel per session on demand.""")
    kernel_name = Unicode("python3", config=True, help="Kernel spec app sessions run in.")
    preload = List(Unicode(), config=True, help="""Modules imported in pooled kernels before a
        viewer arrives (e.g. ["pandas", "numpy"]), so the first run does not pay for them.""")
    start_timeout = Float(60.0, config=True, help="Seconds a kernel may take to start and warm up.")

    def __init__(self, kernel_manager: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.kernel_manager = kernel_manager
        self._ready: dict[tuple[str, str], list[ReactiveKernel]] = {}
        self._filling: dict[tuple[str, str], asyncio.Task] = {}
        self._closed = False

    def preload_code(self) -> str:
        return "".join(f"import {name}\n" for name in self.preload)

    async def start_kernel(self, cwd: str, kernel_name: str | None = None) -> ReactiveKernel:
        """Start and warm one kernel now (no pool)."""
        name = kernel_name or self.kernel_name
        kernel_id = await self.kernel_manager.start_kernel(kernel_name=name, path=cwd)
        client = self.kernel_manager.get_kernel(kernel_id).client()
        client.start_channels()
        kernel = ReactiveKernel(kernel_id, client, key=(name, cwd))
        try:
            await kernel.warm_up(self.preload_code(), self.start_timeout)
        except BaseException:
            await self.shutdown(kernel)
            raise
        return kernel

    async def acquire(self, cwd: str, kernel_name: str | None = None) -> ReactiveKernel:
        """A warm kernel for a new session: from the pool when one is ready, else started now.
        Schedules a refill either way."""
        key = (kernel_name or self.kernel_name, cwd)
        ready = self._ready.get(key)
        kernel = ready.pop(0) if ready else None
        if kernel is not None and not await self._alive(kernel):
            await self.shutdown(kernel)
            kernel = None
        self.refill(key)
        if kernel is None:
            kernel = await self.start_kernel(cwd, kernel_name)
        return kernel

    def refill(self, key: tuple[str, str]) -> None:
        """Top the pool up in the background (one kernel at a time, so a refill never competes
        with several starts)."""
        if self._closed or self.pool_size <= 0:
            return
        task = self._filling.get(key)
        if task is None or task.done():
            self._filling[key] = asyncio.ensure_future(self._fill(key))

    async def _fill(self, key: tuple[str, str]) -> None:
        ready = self._ready.setdefault(key, [])
        while not self._closed and len(ready) < self.pool_size:
            try:
                kernel = await self.start_kernel(key[1], key[0])
            except Exception:
                self.log.exception("jupyter_reactive: could not pre-start a kernel")
                return
            if self._closed:
                await self.shutdown(kernel)
                return
            ready.append(kernel)

    async def rewarm(self, kernel: ReactiveKernel) -> None:
        """After the kernel manager restarted this kernel (its process died): wait for the new
        process, connect a new client (the ports may have changed) and warm it up again.

        Raises:
            KernelStartError: if the kernel does not come back within ``start_timeout``.
        """
        km = self.kernel_manager.get_kernel(kernel.kernel_id)
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
        kernel.client = km.client()
        kernel.client.start_channels()
        await kernel.warm_up(self.preload_code(), self.start_timeout)

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
                await self.kernel_manager.shutdown_kernel(kernel.kernel_id, now=True)
            except Exception:
                self.log.warning("jupyter_reactive: kernel %s did not shut down cleanly", kernel.kernel_id)

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
