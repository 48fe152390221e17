"""Helpers for the fork server's tests with real kernels: start a kernel through jupyter_client's
``AsyncKernelManager`` (a kernel spec that selects the forking provisioner, made in memory by
``forking_kernel_name``), run code in it, find its fork server, open an app session in it.

Runs in the pytest process; the kernels and fork servers are processes of their own.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager

from jupyter_reactive import protocol
from jupyter_reactive.server import forking
from jupyter_reactive.server.forking import fork_servers
from jupyter_reactive.server.kernels import SERVE_CODE

APP = Path(__file__).parent.parent / "apps" / "counter.py"
TIMEOUT = 60.0
PREPARED_ARGS = ["--HistoryManager.enabled=False"]  # as ReactiveApp.kernel_arguments (history would be a thread)


class Kernel:
    """A started kernel: its manager and a client, torn down by ``stop``."""

    def __init__(self, km: AsyncKernelManager):
        self.km = km
        self.kc = km.client()
        self.kc.start_channels()

    @property
    def provisioner(self) -> Any:
        return self.km.provisioner

    @property
    def pid(self) -> int:
        return int(self.km.provisioner.pid)  # type: ignore[union-attr]

    async def run(self, code: str, timeout: float = 30.0, subshell_id: str | None = None) -> tuple[dict[str, Any], str]:
        """Execute ``code``; returns the reply content and everything printed or returned."""
        msg = self.kc.session.msg(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": False,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": False,
            },
        )
        if subshell_id is not None:
            msg["header"]["subshell_id"] = subshell_id
        self.kc.shell_channel.send(msg)
        msg_id = msg["header"]["msg_id"]
        out: list[str] = []
        deadline = time.monotonic() + timeout
        reply = None
        idle = False
        while reply is None or not idle:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no reply to {code!r} in {timeout} s")
            if reply is None:
                try:
                    got = await self.kc.get_shell_msg(timeout=min(remaining, 0.1))
                except Exception:
                    got = None
                if got is not None and got["parent_header"].get("msg_id") == msg_id:
                    reply = got["content"]
            while True:
                try:
                    io = await self.kc.get_iopub_msg(timeout=0.01)
                except Exception:
                    break
                if io["parent_header"].get("msg_id") != msg_id:
                    continue
                if io["msg_type"] == "stream":
                    out.append(io["content"]["text"])
                elif io["msg_type"] == "execute_result":
                    out.append(io["content"]["data"]["text/plain"])
                elif io["msg_type"] == "status" and io["content"]["execution_state"] == "idle":
                    idle = True
        return reply, "".join(out)

    async def value(self, expression: str) -> str:
        reply, out = await self.run(expression)
        assert reply["status"] == "ok", reply
        return out.strip()

    async def stop(self) -> None:
        self.kc.stop_channels()
        if self.km.has_kernel:
            await self.km.shutdown_kernel(now=True)


async def start(ksm: KernelSpecManager, name: str, **kwargs: Any) -> Kernel:
    km = AsyncKernelManager(kernel_name=name, kernel_spec_manager=ksm)
    await km.start_kernel(**kwargs)
    kernel = Kernel(km)
    try:
        await kernel.kc.wait_for_ready(timeout=TIMEOUT)
    except BaseException:
        await kernel.stop()
        raise
    return kernel


def ppid(pid: int) -> int:
    stat_ = Path(f"/proc/{pid}/stat").read_bytes()
    return int(stat_[stat_.rindex(b")") + 2 :].split()[1])


def reaped(pid: int, start_time: int | None) -> bool:
    """The process is gone, zombie included (a reused pid has another start time)."""
    try:
        stat_ = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return True
    return int(stat_[stat_.rindex(b")") + 2 :].split()[19]) != start_time


def start_time_of(pid: int) -> int:
    stat_ = Path(f"/proc/{pid}/stat").read_bytes()
    return int(stat_[stat_.rindex(b")") + 2 :].split()[19])


def dead(pid: int, start_time: int) -> bool:
    """Not running: gone, a zombie (its reaper is gone too), or the pid was reused."""
    try:
        stat_ = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return True
    fields = stat_[stat_.rindex(b")") + 2 :].split()
    return fields[0] in (b"Z", b"X") or int(fields[19]) != start_time


def server_of(pid: int) -> forking.ForkServerHandle:
    """The fork server that forked kernel ``pid`` (its parent)."""
    parent = ppid(pid)
    found = [s for s in fork_servers() if s.pid == parent]
    assert found, f"kernel {pid}'s parent {parent} is not a fork server"
    return found[0]


async def open_app_session(kernel: Kernel, app: Path = APP, comm_id: str | None = None) -> dict[str, Any]:
    """Open an app session as AppSession does (kernel warmed up); its first run's run_finished.
    ``comm_id``: the session's comm (to send it messages after: :func:`session_message`)."""
    config = {
        "source": app.read_text(),
        "filename": str(app),
        "out_comm_id": uuid.uuid4().hex,
        "widget_values": {},
        "session_id": uuid.uuid4().hex,
    }
    kernel.kc.shell_channel.send(
        kernel.kc.session.msg(
            "comm_open", {"comm_id": comm_id or uuid.uuid4().hex, "target_name": protocol.COMM_TARGET, "data": config}
        )
    )
    kernel.kc.execute(SERVE_CODE)
    return await _run_finished(kernel)


async def session_messages(
    kernel: Kernel, comm_id: str, messages: list[dict[str, Any]], subshell_id: str
) -> tuple[dict[str, Any], bytes]:
    """Send the app session on ``comm_id`` messages (``{"kind": "rerun"}``, ...) on the kernel's
    subshell ``subshell_id`` (its main thread serves the session); the run_finished of the run
    they start, and that run's frames (headers as JSON, then payloads)."""
    for data in messages:
        msg = kernel.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
        msg["header"]["subshell_id"] = subshell_id
        kernel.kc.shell_channel.send(msg)
    payloads: list[bytes] = []
    finished = await _run_finished(kernel, payloads)
    return finished, b"".join(payloads)


async def _run_finished(kernel: Kernel, payloads: list[bytes] | None = None) -> dict[str, Any]:
    headers: list[dict[str, Any]] = []
    deadline = time.monotonic() + 30
    while not any(h.get("type") == protocol.RUN_FINISHED for h in headers):
        assert time.monotonic() < deadline, f"no run_finished; saw {headers}"
        io = await kernel.kc.get_iopub_msg(timeout=30)
        if io["msg_type"] == "comm_msg":
            frames = [protocol.decode_frame(bytes(b)) for b in io.get("buffers", [])]
            headers += [header for header, _payload in frames]
            if payloads is not None:
                payloads += [json.dumps(header).encode() + bytes(payload) for header, payload in frames]
    (finished,) = [h for h in headers if h.get("type") == protocol.RUN_FINISHED]
    return finished
