"""The forking kernel provisioner and its fork server, with real kernels.

Kernels are started through jupyter_client's ``AsyncKernelManager`` (a kernel spec that selects
the provisioner, made in memory by ``forking_kernel_name``) and through a pytest-jupyter server's
``kernel_manager`` (config selecting the provisioner). Every test that wants a forked kernel sets
``fallback=False``, so a kernel that silently started the ordinary way fails the test.
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import selectors
import signal
import stat
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.factory import KernelProvisionerFactory

from jupyter_reactive import forkserver, protocol
from jupyter_reactive.server import forking
from jupyter_reactive.server.forking import (
    PROVISIONER_NAME,
    ForkingProvisioner,
    fork_servers,
    forking_kernel_name,
    process_start_time,
    shutdown_fork_servers,
)
from jupyter_reactive.server.kernels import (
    SERVE_CODE,
    KernelPool,
    PoolKey,
    ReactiveKernel,
)
from tests.conftest import wait_for

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork server and /proc: Linux"),
]

APP = Path(__file__).parent.parent / "apps" / "counter.py"
TIMEOUT = 60.0


@pytest.fixture(scope="module", autouse=True)
def _stop_fork_servers():
    """One fork server serves the whole module (it starts once, like a server's); stopped at the end."""
    yield
    servers = fork_servers()
    shutdown_fork_servers()
    for server in servers:
        assert server.process is not None and server.process.poll() is not None


@pytest.fixture
def ksm() -> KernelSpecManager:
    return KernelSpecManager()


@pytest.fixture
def fork_name(ksm: KernelSpecManager) -> str:
    return forking_kernel_name(ksm, "python3", fallback=False)


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


def server_of(pid: int) -> forking.ForkServerHandle:
    """The fork server that forked kernel ``pid`` (its parent)."""
    parent = ppid(pid)
    found = [s for s in fork_servers() if s.pid == parent]
    assert found, f"kernel {pid}'s parent {parent} is not a fork server"
    return found[0]


# ---- a forked kernel is a kernel ----


async def test_forked_kernel_answers_and_runs_as_a_launched_one_would(
    ksm: KernelSpecManager, fork_name: str, tmp_path: Path
):
    env = {**os.environ, "JR_FORK_TEST": "from the request"}
    kernel = await start(ksm, fork_name, cwd=str(tmp_path), env=env)
    try:
        prov = kernel.provisioner
        assert isinstance(prov, ForkingProvisioner) and prov.forked and prov.has_process
        server = server_of(kernel.pid)  # the fork server's child, not ours
        assert server.info["threads"] == 1 and server.info["failed"] == {} and server.info["gc_frozen"] > 0

        info = await kernel.kc.kernel_info(reply=True, timeout=TIMEOUT)
        assert info["content"]["status"] == "ok"
        assert "kernel subshells" in info["content"].get("supported_features", [])
        assert await kernel.value("6 * 7") == "42"

        assert await kernel.value("import os; os.getpid()") == str(kernel.pid)
        assert await kernel.value("os.getcwd()") == repr(str(tmp_path))
        assert await kernel.value("os.environ['JR_FORK_TEST']") == repr("from the request")
        # its parent poller watches the fork server, which exits with the jupyter server
        assert await kernel.value("os.environ['JPY_PARENT_PID']") == repr(str(server.pid))
        assert await kernel.value(
            "from ipykernel.kernelapp import IPKernelApp; IPKernelApp.instance().parent_handle"
        ) == str(server.pid)
        assert await kernel.value("os.getsid(0) == os.getpid() == os.getpgid(0)") == "True"
        # stdin is /dev/null, as for a launched kernel (whose stdin pipe is closed)
        assert await kernel.value("os.path.realpath(f'/proc/self/fd/0')") == "'/dev/null'"
    finally:
        await kernel.stop()


# what the code in a kernel can see of how it was started: the same, forked or launched
SAME = [
    "__name__",
    "type(sys.modules['__main__']).__name__",
    "sys.argv[0]",
    "sys.argv[1] == '-f'",
    "sys.path",
    "sys.flags",
    "sys.executable",
    "os.getcwd()",
    "os.environ.get('JR_FORK_TEST')",
    "sorted((k, v) for k, v in os.environ.items() if k != 'JPY_PARENT_PID')",  # (order: as the C environ)
    "sorted(re.sub(r'-[0-9]+', '', t.name) for t in threading.enumerate())",  # numbering may differ
    "type(sys.stdout).__name__",
    "signal.getsignal(signal.SIGTERM)",
    "signal.getsignal(signal.SIGCHLD)",
    "signal.getsignal(signal.SIGPIPE)",
    "os.getsid(0) == os.getpid() == os.getpgid(0)",
    "sys.getrecursionlimit()",
    "get_ipython().__class__.__name__",
    "'jupyter_reactive.kernel.bridge' in sys.modules",
    "__import__('ipykernel.ipkernel').ipkernel.sys is sys",  # the shared module walk is undone
    # what a kernel prepared in the fork server must have made its own
    "get_ipython().kernel is get_ipython().parent is get_ipython().kernel.shell.kernel",
    "get_ipython().starting_dir == os.getcwd()",
    "[str(d) for d in _dh] == [os.getcwd()]",
    "type(_dh[0]).__name__",
    "get_ipython().profile_dir is get_ipython().kernel.profile_dir",
    "get_ipython()._orig_sys_module_state['stdout'] is sys.stdout",
    "get_ipython().history_manager.enabled",
    "os.environ['TERM'], os.environ['PAGER']",
    "get_ipython().kernel.session.pid == os.getpid()",
    "(lambda app: app.connection_file == app.config.IPKernelApp.connection_file != '{connection_file}')"
    "(__import__('ipykernel.kernelapp').kernelapp.IPKernelApp.instance())",
    "sys.excepthook.__class__.__name__",
    "get_ipython().execution_count",
]
KERNEL_MODULES = "import json; print(json.dumps(sorted(set(get_ipython().kernel._kernel_modules))))"


@pytest.mark.parametrize("prepared", [True, False], ids=["prepared", "from-scratch"])
async def test_a_forked_kernel_looks_like_a_launched_one_from_inside(
    ksm: KernelSpecManager, fork_name: str, tmp_path: Path, prepared: bool
):
    # prepared: a kernel of the command line and environment the fork server prepared for (as
    # the pool starts them); from scratch: another environment, so the prepared objects are not
    # used and the kernel initializes as a launched one does
    shutdown_fork_servers()  # a fork server prepared for this test's command line
    args = ["--HistoryManager.enabled=False"]
    env = {**os.environ} if prepared else {**os.environ, "JR_FORK_TEST": "from the request"}
    setup = "import os, re, sys, signal, threading"
    seen: dict[str, list[str]] = {}
    for name in ("python3", fork_name):
        kernel = await start(ksm, name, cwd=str(tmp_path), env=env, extra_arguments=args)
        try:
            assert getattr(kernel.provisioner, "forked", False) == (name == fork_name)
            assert getattr(kernel.provisioner, "prepared", False) == (name == fork_name and prepared)
            await kernel.value(setup)
            seen[name] = [await kernel.value(expr) for expr in SAME]
            seen[name + " modules"] = json.loads(await kernel.value(KERNEL_MODULES))
        finally:
            await kernel.stop()
    # ipykernel's list of the modules loaded when the kernel started (the debugger's "not my
    # code"), which the fork server answers from its own walk: all a launched kernel lists,
    # plus what the fork server preloaded
    launched, forked = set(seen["python3 modules"]), set(seen[fork_name + " modules"])
    assert launched <= forked and all(os.path.isabs(f) for f in forked)
    assert any(f.endswith("ipykernel_launcher.py") for f in forked)
    differ = {expr: (a, b) for expr, a, b in zip(SAME, seen["python3"], seen[fork_name], strict=True) if a != b}
    # the fork server pre-imported the bridge; a launched kernel imports it at warm-up
    assert differ == {"'jupyter_reactive.kernel.bridge' in sys.modules": ("False", "True")}


ENVIRONMENT = (
    "import os, subprocess\n"
    "c_env = subprocess.run(['env', '-0'], capture_output=True, text=True).stdout\n"
    "c_env = dict(item.split('=', 1) for item in c_env.split('\\0') if item)\n"
)


async def test_a_forked_kernel_has_exactly_the_environment_it_was_started_with(
    ksm: KernelSpecManager, fork_name: str, monkeypatch: pytest.MonkeyPatch
):
    # the child applies only what differs from the fork server's own environment: a variable
    # the fork server has and the request lacks is unset, one that differs is replaced, in
    # Python's os.environ and in the C environment that subprocesses inherit
    shutdown_fork_servers()  # the next fork server starts with this test's environment
    monkeypatch.setenv("JR_FORK_SERVER_ONLY", "only the fork server has it")
    monkeypatch.setenv("JR_FORK_CHANGED", "the fork server's value")
    env = {k: v for k, v in os.environ.items() if k != "JR_FORK_SERVER_ONLY"}
    env["JR_FORK_CHANGED"] = "the kernel's value"
    env["JR_FORK_NEW"] = "new"
    kernel = await start(ksm, fork_name, env=env)
    try:
        server = server_of(kernel.pid)
        assert b"\0JR_FORK_SERVER_ONLY=" in b"\0" + Path(f"/proc/{server.pid}/environ").read_bytes()
        await kernel.value(ENVIRONMENT)
        assert await kernel.value("os.environ.get('JR_FORK_SERVER_ONLY', 'unset')") == "'unset'"
        assert await kernel.value("os.environ['JR_FORK_CHANGED'], os.environ['JR_FORK_NEW']") == repr(
            ("the kernel's value", "new")
        )
        assert await kernel.value("c_env == dict(os.environ)") == "True"
        seen = json.loads(ast.literal_eval(await kernel.value("__import__('json').dumps(dict(os.environ))")))
        shell_sets = {"TERM", "CLICOLOR", "PAGER", "GIT_PAGER"}  # set by IPython's shell in every kernel
        expected = {k: v for k, v in env.items() if k not in {"JPY_PARENT_PID", *shell_sets}}
        assert {k: v for k, v in seen.items() if k in expected} == expected
    finally:
        await kernel.stop()
        shutdown_fork_servers()  # it has this test's environment


# ---- the application and shell prepared in the fork server ----

PREPARED_ARGS = ["--HistoryManager.enabled=False"]  # as ReactiveApp.kernel_arguments (history would be a thread)
KERNEL_CONFIG = 'c.IPKernelApp.exec_lines = ["jr_config_seen = {value!r}"]\nc.InteractiveShell.cache_size = {size}\n'


async def test_a_prepared_kernel_reads_the_ipython_configuration_and_a_changed_file_again(
    ksm: KernelSpecManager, fork_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    shutdown_fork_servers()  # the next one starts with this test's IPYTHONDIR
    profile = tmp_path / "ipython" / "profile_default"
    profile.mkdir(parents=True)
    config = profile / "ipython_kernel_config.py"
    config.write_text(KERNEL_CONFIG.format(value="first", size=1111))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    try:
        first = await start(ksm, fork_name, extra_arguments=PREPARED_ARGS, env=dict(os.environ))
        try:
            assert first.provisioner.prepared
            assert server_of(first.pid).info["prepared"] is True
            assert await first.value("jr_config_seen, get_ipython().cache_size") == "('first', 1111)"
        finally:
            await first.stop()
        # the user edits their configuration while the server runs: the next kernel reads it
        config.write_text(KERNEL_CONFIG.format(value="second", size=2222))
        os.utime(config, ns=(time.time_ns() + 10**9,) * 2)  # a new mtime even on a coarse clock
        second = await start(ksm, fork_name, extra_arguments=PREPARED_ARGS, env=dict(os.environ))
        try:
            assert not second.provisioner.prepared
            assert await second.value("jr_config_seen, get_ipython().cache_size") == "('second', 2222)"
        finally:
            await second.stop()
    finally:
        shutdown_fork_servers()


async def test_kernels_of_another_command_line_or_environment_start_from_scratch(
    ksm: KernelSpecManager, fork_name: str
):
    shutdown_fork_servers()
    env = dict(os.environ)
    kernels = [
        await start(ksm, fork_name, extra_arguments=PREPARED_ARGS, env=env),
        await start(ksm, fork_name, extra_arguments=PREPARED_ARGS, env=env),
        await start(ksm, fork_name, extra_arguments=[*PREPARED_ARGS, "--IPKernelApp.exec_lines=jr_other = 1"], env=env),
        await start(ksm, fork_name, extra_arguments=PREPARED_ARGS, env={**env, "JR_FORK_OTHER": "1"}),
    ]
    try:
        assert [k.provisioner.prepared for k in kernels] == [True, True, False, False]
        assert await kernels[2].value("jr_other") == "1"
        assert await kernels[0].value("'jr_other' in globals()") == "False"
        # each prepared kernel is a kernel of its own: its own message session, pid and namespace
        ids = [await k.value("get_ipython().kernel.session.session") for k in kernels]
        assert len(set(ids)) == 4
        await kernels[0].value("jr_mine = 0")
        assert await kernels[1].value("'jr_mine' in globals()") == "False"
    finally:
        for kernel in kernels:
            await kernel.stop()


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["--HistoryManager.enabled=False"], "no -f connection file"),
        (["-f", "{connection_file}"], "IPython history is on"),
        (
            ["-f", "{connection_file}", "--HistoryManager.enabled=False", "--IPythonKernel.shell_class=x.Y"],
            "another kernel or shell",
        ),
        (
            [
                "-f",
                "{connection_file}",
                "--HistoryManager.enabled=False",
                "--IPKernelApp.kernel_class=ipykernel.kernelbase.Kernel",
            ],
            "another kernel or shell",
        ),
        (["-f", "{connection_file}", "--HistoryManager.enabled=False", "--IPKernelApp.kernel_class=x.Y"], "SystemExit"),
    ],
    ids=["no-connection-file", "history-on", "shell-class", "kernel-class", "bad-option"],
)
def test_a_command_line_that_cannot_be_prepared_says_why(args: list[str], why: str):
    # in a process of its own: preparing makes the (process-wide) application and shell
    code = (
        "import json, sys; from jupyter_reactive.forkserver import PreparedKernel; p = PreparedKernel(); "
        "print(json.dumps([p.prepare(json.loads(sys.argv[1])), p.shell is None]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    reason, nothing_kept = json.loads(proc.stdout.strip().splitlines()[-1])
    assert why in reason and nothing_kept


@pytest.mark.parametrize("value", ["not json", '{"a": 1}', "[1, 2]", '"-f"'])
def test_the_fork_server_refuses_kernel_args_that_are_not_a_json_list_of_strings(tmp_path: Path, value: str):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter_reactive.forkserver",
            "--socket",
            str(tmp_path / "s"),
            "--no-default-preload",
            "--kernel-args",
            value,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2 and "--kernel-args" in proc.stderr, proc.stderr
    assert not (tmp_path / "s").exists()


async def test_two_forked_kernels_are_separate_processes_with_separate_state(ksm: KernelSpecManager, fork_name: str):
    one = await start(ksm, fork_name)
    try:
        two = await start(ksm, fork_name)
        try:
            assert one.pid != two.pid
            assert server_of(one.pid) is server_of(two.pid)
            assert await one.value("x = 1; import json; json.jr_marker = 'one'; x") == "1"
            reply, _ = await two.run("x")
            assert reply["status"] == "error" and reply["ename"] == "NameError"
            assert await two.value("import json; 'jr_marker' in vars(json)") == "False"
            # the random module is reseeded after fork: no two sessions share a sequence
            first = await one.value("import random; random.getrandbits(64)")
            second = await two.value("import random; random.getrandbits(64)")
            assert first != second
        finally:
            await two.stop()
    finally:
        await one.stop()


async def test_numpy_preloaded_in_the_fork_server_draws_different_numbers_in_each_kernel(ksm: KernelSpecManager):
    """numpy's global generator is seeded when numpy is imported (here: once, in the fork
    server) and, unlike Python's random, does not reseed itself in a forked child."""
    name = forking_kernel_name(ksm, "python3", name="python3-jr-fork-numpy", preload=["numpy.random"], fallback=False)
    one = await start(ksm, name)
    try:
        two = await start(ksm, name)
        try:
            assert await one.value("import sys; 'numpy.random' in sys.modules") == "True"  # came with the fork
            draws = [await k.value("import numpy; numpy.random.randint(1 << 62)") for k in (one, two)]
            assert draws[0] != draws[1]
        finally:
            await two.stop()
    finally:
        await one.stop()


async def test_interrupt_stops_a_long_sleep_with_keyboard_interrupt(ksm: KernelSpecManager, fork_name: str):
    kernel = await start(ksm, fork_name)
    try:
        assert kernel.provisioner.forked
        msg_id = kernel.kc.execute("import time\nprint('sleeping', flush=True)\ntime.sleep(60)")
        deadline = time.monotonic() + 30
        while True:  # the sleep has started once 'sleeping' is out
            assert time.monotonic() < deadline, "the code never started"
            io = await kernel.kc.get_iopub_msg(timeout=30)
            if io["parent_header"].get("msg_id") == msg_id and io["msg_type"] == "stream":
                break
        started = time.monotonic()
        await kernel.km.interrupt_kernel()
        reply = await kernel.kc.get_shell_msg(timeout=30)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
        assert time.monotonic() - started < 30
        # and the kernel goes on (ipykernel aborts requests queued just after an error: retry)
        for _ in range(20):
            reply, out = await kernel.run("1 + 1")
            if reply["status"] != "aborted":
                break
        assert reply["status"] == "ok" and out.strip() == "2"
    finally:
        await kernel.stop()


# ---- process lifetime ----


@pytest.mark.parametrize("now", [True, False], ids=["kill", "shutdown-request"])
async def test_shutdown_reaps_the_process(ksm: KernelSpecManager, fork_name: str, now: bool):
    kernel = await start(ksm, fork_name)
    pid = kernel.pid
    started = start_time_of(pid)
    server = server_of(pid)
    assert pid in server.request({"op": "ping"})["children"]
    kernel.kc.stop_channels()
    await kernel.km.shutdown_kernel(now=now)
    assert not kernel.km.has_kernel
    await wait_for(lambda: reaped(pid, started), timeout=30)  # no zombie left
    assert pid not in server.request({"op": "ping"})["children"]
    status = server.request({"op": "status", "pids": [pid]})["status"][str(pid)]
    assert status["known"] and not status["running"]
    assert status["returncode"] == (-signal.SIGKILL if now else 0)


@pytest.mark.parametrize("how", ["exit", "sigkill"])
async def test_a_kernel_that_dies_is_seen_by_poll(ksm: KernelSpecManager, fork_name: str, how: str):
    kernel = await start(ksm, fork_name)
    try:
        assert await kernel.km.is_alive()
        assert await kernel.provisioner.poll() is None
        if how == "exit":
            kernel.kc.execute("import os; os._exit(3)")
            expected = 3
        else:
            os.kill(kernel.pid, signal.SIGKILL)
            expected = -signal.SIGKILL
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while await kernel.km.is_alive():
            assert loop.time() < deadline, "poll() never saw the kernel die"
            await asyncio.sleep(0.05)
        assert await kernel.provisioner.poll() == expected
    finally:
        await kernel.stop()


async def test_restart_forks_a_new_process(ksm: KernelSpecManager, fork_name: str):
    kernel = await start(ksm, fork_name)
    try:
        old, old_start = kernel.pid, start_time_of(kernel.pid)
        await kernel.value("x = 1")
        await kernel.km.restart_kernel(now=True)
        await kernel.kc.wait_for_ready(timeout=TIMEOUT)
        assert kernel.provisioner.forked and kernel.pid != old
        reply, _ = await kernel.run("x")
        assert reply["ename"] == "NameError"
        await wait_for(lambda: reaped(old, old_start), timeout=30)
    finally:
        await kernel.stop()


async def test_kernels_die_with_the_fork_server_and_the_next_start_makes_a_new_one(
    ksm: KernelSpecManager, fork_name: str
):
    kernel = await start(ksm, fork_name)
    try:
        server = server_of(kernel.pid)
        os.kill(server.pid, signal.SIGKILL)  # type: ignore[arg-type]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while await kernel.km.is_alive():  # the kernel's parent poller notices within a second or two
            assert loop.time() < deadline, "the kernel outlived its fork server"
            await asyncio.sleep(0.1)
        replacement = await start(ksm, fork_name)
        try:
            assert replacement.provisioner.forked
            assert server_of(replacement.pid).pid != server.pid
            assert await replacement.value("1") == "1"
        finally:
            await replacement.stop()
    finally:
        await kernel.stop()


def dead(pid: int, start_time: int) -> bool:
    """Not running: gone, a zombie (its reaper is gone too), or the pid was reused."""
    try:
        stat_ = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return True
    fields = stat_[stat_.rindex(b")") + 2 :].split()
    return fields[0] in (b"Z", b"X") or int(fields[19]) != start_time


JUPYTER_SERVER = """
import asyncio
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from jupyter_reactive.server.forking import fork_servers, forking_kernel_name

async def main():
    ksm = KernelSpecManager()
    km = AsyncKernelManager(kernel_name=forking_kernel_name(ksm, fallback=False), kernel_spec_manager=ksm)
    await km.start_kernel()
    print(km.provisioner.pid, fork_servers()[0].pid, fork_servers()[0].dir, flush=True)
    await asyncio.sleep(120)

asyncio.run(main())
"""


def test_the_fork_server_and_its_kernels_exit_when_the_jupyter_server_is_killed():
    proc = subprocess.Popen([sys.executable, "-c", JUPYTER_SERVER], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            assert sel.select(timeout=TIMEOUT), "the stand-in server did not start a kernel"
        kernel, server, socket_dir = proc.stdout.readline().split()
        kernel_pid, server_pid = int(kernel), int(server)
        kernel_start, server_start = start_time_of(kernel_pid), start_time_of(server_pid)
        assert ppid(kernel_pid) == server_pid and ppid(server_pid) == proc.pid
    finally:
        proc.kill()  # no cleanup runs: as if the jupyter server crashed
        proc.wait()
    deadline = time.monotonic() + 30
    while not (dead(kernel_pid, kernel_start) and dead(server_pid, server_start)):
        assert time.monotonic() < deadline, "a fork server or kernel outlived its jupyter server"
        time.sleep(0.05)
    assert not Path(socket_dir).exists()  # the fork server removed its socket's private folder


# ---- jupyter_reactive in a forked kernel ----


async def test_the_pool_warm_up_subshells_and_an_app_session_work(ksm: KernelSpecManager, fork_name: str):
    kernel = await start(ksm, fork_name)
    try:
        assert kernel.provisioner.forked
        rk = ReactiveKernel(uuid.uuid4().hex, kernel.kc, key=PoolKey(fork_name, "", ()))
        await rk.warm_up(TIMEOUT)  # KernelPool's own warm-up: bridge installed, subshell created
        assert rk.subshell_id
        reply, out = await kernel.run(
            "import threading; print(threading.current_thread() is threading.main_thread())", subshell_id=rk.subshell_id
        )
        assert reply["status"] == "ok" and out.strip() == "False"  # ran on the subshell's thread
        # a session, as AppSession opens it: the app's first run finishes
        finished = await open_app_session(kernel)
        assert finished["status"] == "complete", finished
    finally:
        await kernel.stop()


async def open_app_session(kernel: Kernel) -> dict[str, Any]:
    """Open an app session as AppSession does (kernel warmed up); its first run's run_finished."""
    config = {
        "source": APP.read_text(),
        "filename": str(APP),
        "out_comm_id": uuid.uuid4().hex,
        "widget_values": {},
        "session_id": uuid.uuid4().hex,
    }
    kernel.kc.shell_channel.send(
        kernel.kc.session.msg(
            "comm_open", {"comm_id": uuid.uuid4().hex, "target_name": protocol.COMM_TARGET, "data": config}
        )
    )
    kernel.kc.execute(SERVE_CODE)
    headers: list[dict[str, Any]] = []
    deadline = time.monotonic() + 30
    while not any(h.get("type") == protocol.RUN_FINISHED for h in headers):
        assert time.monotonic() < deadline, f"no run_finished; saw {headers}"
        io = await kernel.kc.get_iopub_msg(timeout=30)
        if io["msg_type"] == "comm_msg":
            headers += [protocol.decode_frame(bytes(b))[0] for b in io.get("buffers", [])]
    (finished,) = [h for h in headers if h.get("type") == protocol.RUN_FINISHED]
    return finished


# what a kernel's subshell answers about the code of a function that runs in every app session
# (the runner's run_once) and of one that does not (set_source): the index's original, or a copy
CODE_PROBE = """
from jupyter_reactive import hotcode as _h
from jupyter_reactive.kernel.runner import ScriptRunner as _R
print(_h.INDEX.packed is not None, _h.INDEX.reported,
      any(c is _R.run_once.__code__ for c in _h.INDEX.codes), any(c is _R.set_source.__code__ for c in _h.INDEX.codes))
"""


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="code is packed on CPython 3.11 only")
async def test_the_first_app_session_gets_the_code_it_ran_packed_for_the_kernels_after_it(
    ksm: KernelSpecManager, fork_name: str
):
    shutdown_fork_servers()  # a fork server that has not packed yet
    first = await start(ksm, fork_name, extra_arguments=PREPARED_ARGS)  # as the pool starts kernels
    second = None
    try:
        server = server_of(first.pid)
        ping = server.request({"op": "ping"})
        assert ping["code_indexed"] > 5000 and ping["code_packed"] is None
        # the holes of its C heap were taken before the first fork
        assert ping["heap_fill_allocations"] > 0 and ping["heap_holes_after"] < ping["heap_holes_before"]
        # garbage from a client is refused and packs nothing
        for indices in ("0", [-1], [10**9], ["3"], [True], None):
            with pytest.raises(forking.ForkServerError, match="indices must be a list of integers"):
                server.request({"op": "pack-code", "indices": indices})
        assert server.request({"op": "ping"})["code_packed"] is None

        rk = ReactiveKernel(uuid.uuid4().hex, first.kc, key=PoolKey(fork_name, "", ()))
        await rk.warm_up(TIMEOUT)
        assert (await open_app_session(first))["status"] == "complete"
        # the kernel reports right after its first run; the fork server packs once
        await wait_for(lambda: server.request({"op": "ping"})["code_packed"] is not None, timeout=20)
        assert server.request({"op": "ping"})["code_packed"] > 200

        second = await start(ksm, fork_name, extra_arguments=PREPARED_ARGS)
        assert server_of(second.pid) is server and second.provisioner.prepared
        rk2 = ReactiveKernel(uuid.uuid4().hex, second.kc, key=PoolKey(fork_name, "", ()))
        await rk2.warm_up(TIMEOUT)
        # the later kernel has the packed copy of what ran and the original of what did not
        reply, out = await second.run(CODE_PROBE, subshell_id=rk2.subshell_id)
        assert reply["status"] == "ok" and out.split() == ["True", "False", "False", "True"], (reply, out)
        # and works as the first one did; it has nothing to report
        assert (await open_app_session(second))["status"] == "complete"
        reply, out = await second.run(
            "from jupyter_reactive import hotcode as _h; print(_h.report())", subshell_id=rk2.subshell_id
        )
        assert out.strip() == "0"
        reply, out = await first.run(CODE_PROBE, subshell_id=rk.subshell_id)
        assert out.split()[:2] == ["False", "True"]  # the first kernel reported (and kept its own code)
    finally:
        await first.stop()
        if second is not None:
            await second.stop()


async def test_with_pack_code_and_heap_fill_off_nothing_is_indexed_or_filled(ksm: KernelSpecManager):
    name = forking_kernel_name(
        ksm, "python3", name="python3-jr-nopack", fallback=False, pack_code=False, fill_heap_holes=False
    )
    kernel = await start(ksm, name)
    try:
        ping = server_of(kernel.pid).request({"op": "ping"})
        assert ping["code_indexed"] == 0 and ping["code_packed"] is None
        assert "heap_fill_allocations" not in ping
        assert await kernel.value("1 + 1") == "2"
    finally:
        await kernel.stop()


HEAP_FILL_PROBE = """
import ctypes, json
from jupyter_reactive import forkserver as fs
libc = ctypes.CDLL(None)
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.mallinfo2.restype = fs._MallInfo2
chunks = [libc.malloc(200 + 16 * (i % 40)) for i in range(4000)]
for chunk in chunks[::2]:
    libc.free(chunk)  # holes between live chunks, in the heap and in the thread's cache
result = fs.fill_heap_holes()
top = libc.mallinfo2().keepcost
libc.malloc(300)
print(json.dumps({**result, "from_top": libc.mallinfo2().keepcost < top}))
"""


class _AllocatorMallinfoDoesNotDescribe:
    """A libc whose mallinfo2 never changes whatever malloc does (as with a preloaded jemalloc)."""

    def __init__(self, holes: int):
        self.requested = 0

        def mallinfo2() -> Any:
            return forkserver._MallInfo2(arena=10 << 20, fordblks=holes + 4096, keepcost=4096)

        def malloc(size: int) -> int:
            self.requested += size
            return 0x10000 + self.requested

        self.mallinfo2, self.malloc = mallinfo2, malloc


def test_filling_the_heap_holes_takes_a_bounded_amount_when_mallinfo_does_not_describe_malloc():
    libc = _AllocatorMallinfoDoesNotDescribe(holes=100_000)
    result = forkserver.fill_heap_holes(libc=libc)
    assert 0 < libc.requested <= 2 * 100_000 + (1 << 20)
    assert result["heap_holes_after"] == 100_000 and result["heap_fill_allocations"] > 0
    # nothing to fill: nothing taken
    empty = _AllocatorMallinfoDoesNotDescribe(holes=0)
    assert forkserver.fill_heap_holes(libc=empty)["heap_fill_allocations"] == 0 and empty.requested == 0


def test_filling_the_heap_holes_makes_new_allocations_come_from_the_top():
    proc = subprocess.run(
        [sys.executable, "-c", HEAP_FILL_PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["heap_holes_before"] > 2000 * 200  # the freed chunks, at least
    assert result["heap_holes_after"] == 0 and result["from_top"], result
    assert 2000 <= result["heap_fill_allocations"] < 50_000


# ---- what is not forked ----


async def test_a_command_line_that_cannot_be_forked_is_launched_normally(ksm: KernelSpecManager):
    base = ksm.get_kernel_spec("python3")
    code = "from ipykernel.kernelapp import launch_new_instance; launch_new_instance()"
    spec = forking.forking_kernel_spec(base)
    spec.argv = [sys.executable, "-c", code, "-f", "{connection_file}"]
    km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=ksm)
    km._kernel_spec = spec  # this manager only (no spec on disk)
    await km.start_kernel()
    kernel = Kernel(km)
    try:
        await kernel.kc.wait_for_ready(timeout=TIMEOUT)
        assert isinstance(kernel.provisioner, ForkingProvisioner)
        assert not kernel.provisioner.forked and kernel.provisioner.process is not None
        assert await kernel.value("2 + 2") == "4"
    finally:
        await kernel.stop()

    spec = forking.forking_kernel_spec(base, fallback=False)
    spec.argv = [sys.executable, "-c", code, "-f", "{connection_file}"]
    km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=ksm)
    km._kernel_spec = spec
    with pytest.raises(RuntimeError, match="cannot be forked"):
        await km.start_kernel()
    await km.cleanup_resources()


async def test_kernels_are_launched_normally_off_linux(
    ksm: KernelSpecManager, fork_name: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(forking.sys, "platform", "darwin")
    kernel = await start(ksm, forking_kernel_name(ksm, "python3", name="python3-jr-fork-fallback"))  # fallback on
    try:
        assert isinstance(kernel.provisioner, ForkingProvisioner)
        assert not kernel.provisioner.forked and kernel.provisioner.process is not None
        assert await kernel.value("1 + 1") == "2"
    finally:
        await kernel.stop()
    km = AsyncKernelManager(kernel_name=fork_name, kernel_spec_manager=ksm)  # fallback off: said why
    with pytest.raises(RuntimeError, match="Linux only"):
        await km.start_kernel()
    await km.cleanup_resources()


def test_a_kernel_spec_installed_after_the_name_was_made_is_found_then(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The server makes the forking name at start; the base spec may be installed later (or
    never: then starting it fails as it would without forking)."""
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    ksm = KernelSpecManager()
    name = forking_kernel_name(ksm, "later", fallback=False)
    assert name == "later" + forking.FORK_SUFFIX
    with pytest.raises(NoSuchKernel):
        ksm.get_kernel_spec(name)
    spec_dir = tmp_path / "kernels" / "later"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "later",
                "language": "python",
            }
        )
    )
    spec = ksm.get_kernel_spec(name)
    assert spec.metadata["kernel_provisioner"]["provisioner_name"] == forking.PROVISIONER_NAME
    # a spec with a provisioner of its own keeps it
    (spec_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "later",
                "language": "python",
                "metadata": {"kernel_provisioner": {"provisioner_name": "local-provisioner"}},
            }
        )
    )
    assert ksm.get_kernel_spec(name).metadata["kernel_provisioner"]["provisioner_name"] == "local-provisioner"


def test_the_fork_server_refuses_to_serve_after_a_preload_started_a_thread(tmp_path: Path):
    (tmp_path / "jr_threaded.py").write_text(
        "import threading, time\nthreading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter_reactive.forkserver",
            "--socket",
            str(tmp_path / "s"),
            "--no-default-preload",
            "--preload",
            "jr_threaded",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 3, proc.stderr
    assert "started threads" in proc.stderr
    assert not (tmp_path / "s").exists()


async def test_the_socket_is_private(ksm: KernelSpecManager, fork_name: str):
    kernel = await start(ksm, fork_name)
    try:
        server = server_of(kernel.pid)
        assert stat.S_IMODE(os.stat(server.dir).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(server.path).st_mode) == 0o600
        with pytest.raises(forking.ForkServerError, match="not an ipykernel command line"):
            server.request({"op": "fork", "argv": ["/bin/sh", "-c", "true"], "env": {}, "cwd": "/"})
    finally:
        await kernel.stop()


# ---- through a jupyter server's kernel manager ----


@pytest.fixture
def jp_server_config() -> dict[str, Any]:
    """A plain server (the extension is not needed here) whose *default* provisioner is the
    forking one, without fallback: how a deployment would select it by config."""
    return {
        "KernelProvisionerFactory": {"default_provisioner_name": PROVISIONER_NAME},
        "ForkingProvisioner": {"fallback": False},
    }


@pytest.fixture
def _fresh_provisioner_factory():
    """The factory is a process-wide singleton; give this server's config a fresh one."""
    forking.register_provisioner()  # the package's entry point may not be installed
    KernelProvisionerFactory.clear_instance()
    yield
    KernelProvisionerFactory.clear_instance()


@pytest.mark.parametrize("select", ["config", "kernel-name"])
async def test_a_jupyter_server_pool_gets_forked_warm_kernels(
    _fresh_provisioner_factory, jp_serverapp: Any, select: str, caplog: pytest.LogCaptureFixture
):
    mkm = jp_serverapp.kernel_manager
    if select == "config":
        name = "python3"  # every kernel without a provisioner of its own is forked
    else:
        name = forking_kernel_name(jp_serverapp.kernel_spec_manager, "python3", fallback=False)
    shutdown_fork_servers()  # one started by this server: prepared for its pool's kernels
    pool = KernelPool(mkm, pool_size=0, kernel_name=name, start_timeout=TIMEOUT, kernel_arguments=PREPARED_ARGS)
    kernel = await pool.start_kernel(pool.key(""))
    try:
        km = mkm.get_kernel(kernel.kernel_id)
        assert isinstance(km.provisioner, ForkingProvisioner) and km.provisioner.forked
        assert km.provisioner.prepared  # the server's environment is the fork server's
        ready = [r.getMessage() for r in caplog.records if "fork server (pid" in r.getMessage()]
        assert len(ready) == 1 and "kernels prepared ahead" in ready[0], ready  # once, in the server's log
        assert kernel.subshell_id
        pid = int(km.provisioner.pid)  # type: ignore[arg-type]
        started = start_time_of(pid)
        server_of(pid)

        # a kernel that dies is restarted by the server (its restarter polls the provisioner),
        # and the pool warms the new process up again, as a session does
        os.kill(pid, signal.SIGKILL)
        await pool.rewarm(kernel)
        assert km.provisioner.forked and km.provisioner.pid != pid and km.provisioner.prepared
        await wait_for(lambda: reaped(pid, started), timeout=30)

        # interrupt through the server's kernel manager
        msg_id = kernel.client.execute("import time\nprint('sleeping', flush=True)\ntime.sleep(60)")
        deadline = time.monotonic() + 30
        while True:
            assert time.monotonic() < deadline
            io = await kernel.client.get_iopub_msg(timeout=30)
            if io["parent_header"].get("msg_id") == msg_id and io["msg_type"] == "stream":
                break
        await mkm.interrupt_kernel(kernel.kernel_id)
        while True:
            reply = await kernel.client.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        assert reply["content"]["ename"] == "KeyboardInterrupt"
    finally:
        last = mkm.get_kernel(kernel.kernel_id).provisioner.pid if kernel.kernel_id in mkm else None
        last_start = process_start_time(last) if last else None
        await pool.shutdown(kernel)
    assert kernel.kernel_id not in mkm
    if last:
        await wait_for(lambda: reaped(last, last_start), timeout=30)
