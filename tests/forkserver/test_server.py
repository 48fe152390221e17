"""The fork server process: its command line, its refusal to fork unsafely, its socket, its
lifetime (it exits with the jupyter server; its kernels exit with it).
"""

from __future__ import annotations

import asyncio
import os
import selectors
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from jupyter_reactive.server import forking
from tests.forkserver.harness import TIMEOUT, dead, ppid, server_of, start, start_time_of

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork server and /proc: Linux"),
]


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


def _modules(folder: Path) -> dict[str, str]:
    """Test modules: one that starts a thread at import, one that fails, one that ends its
    process, and two plain ones."""
    modules = {
        "jr_threaded": "import threading, time\nthreading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n",
        "jr_failing": "raise RuntimeError('no')\n",
        "jr_exiting": "import os\nos._exit(4)\n",
        "jr_plain_a": "A = 1\n",
        "jr_plain_b": "B = 2\n",
    }
    for name, text in modules.items():
        (folder / f"{name}.py").write_text(text)
    return modules


def _handle(tmp_path: Path, preload: tuple[str, ...]) -> forking.ForkServerHandle:
    env = (("PYTHONPATH", os.pathsep.join([str(tmp_path), *sys.path])),)
    key = forking.ServerKey((sys.executable,), env, preload, ("--no-default-preload",))
    handle = forking.ForkServerHandle(key, start_timeout=TIMEOUT)
    handle.start()
    return handle


def test_a_preload_that_fails_or_starts_a_thread_is_skipped_and_reported(tmp_path: Path):
    """Each preload is imported first in a throwaway child of the fork server: one that would
    leave a thread behind (unsafe to fork), fails, or ends the process is skipped and named with
    its reason; the others are imported and the fork server serves, with one thread."""
    _modules(tmp_path)
    handle = _handle(tmp_path, ("jr_plain_a", "jr_threaded", "jr_failing", "jr_exiting", "jr_plain_b"))
    try:
        info = handle.request({"op": "ping"})
        assert info["preloaded"] == ["jr_plain_a", "jr_plain_b"]
        assert "started threads" in info["failed"]["jr_threaded"]
        assert "RuntimeError: no" in info["failed"]["jr_failing"]
        assert "ended the process" in info["failed"]["jr_exiting"]
        assert info["threads"] == 1
        # imports other than the fork server's own run with the collector on, then a young
        # collection (their cyclic garbage is collected, not frozen)
        assert info["gc_collections_at_start"][1] >= 1, info["gc_collections_at_start"]
    finally:
        handle.close()


def test_preloads_already_imported_leave_the_collector_off_until_the_freeze(tmp_path: Path):
    """An app's stdlib imports (``os``) reach the fork server as preloads: importing them again
    is no import, so its start still runs no collection before it freezes its objects."""
    handle = _handle(tmp_path, ("os", "sys"))
    try:
        info = handle.request({"op": "ping"})
        assert info["preloaded"] == ["os", "sys"] and info["gc_collections_at_start"] == [0, 0, 0], info
    finally:
        handle.close()


@pytest.mark.parametrize(
    "garbage",
    [
        {"op": "import"},
        {"op": "import", "modules": "jr_plain_a"},
        {"op": "import", "modules": [1]},
        {"op": "import", "modules": ["os; import x"]},
        {"op": "import", "modules": ["../x"]},
    ],
)
def test_an_import_request_with_garbage_is_refused_and_the_server_keeps_serving(tmp_path: Path, garbage):
    handle = _handle(tmp_path, ())
    try:
        with pytest.raises(forking.ForkServerError, match="module names"):
            handle.request(garbage)
        assert handle.request({"op": "ping"})["preloaded"] == []
    finally:
        handle.close()


def test_an_apps_modules_are_imported_by_the_running_fork_server(tmp_path: Path):
    """After start, ``import`` (what the provisioner sends for an app's imports) imports more
    modules in the fork server itself, with the same probing; each is asked for once."""
    _modules(tmp_path)
    handle = _handle(tmp_path, ())
    try:
        failed = handle.import_modules(("jr_plain_a", "jr_threaded"))
        assert list(failed) == ["jr_threaded"]
        assert handle.import_modules(("jr_plain_a", "jr_threaded")) == {}  # asked already: not again
        reply = handle.request({"op": "import", "modules": ["jr_plain_a", "jr_plain_b", "jr_threaded"]})
        assert reply["preloaded"] == ["jr_plain_a", "jr_plain_b"] and list(reply["failed"]) == ["jr_threaded"]
        info = handle.request({"op": "ping"})
        assert info["preloaded"] == ["jr_plain_a", "jr_plain_b"] and info["threads"] == 1
    finally:
        handle.close()


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
