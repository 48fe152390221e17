"""What a forked child becomes: a kernel that looks, from inside and out, like a launched one.

Every test that wants a forked kernel sets ``fallback=False``, so a kernel that silently started
the ordinary way fails the test.
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from jupyter_reactive.server.forking import ForkingProvisioner, forking_kernel_name, shutdown_fork_servers
from jupyter_reactive.server.kernels import PoolKey, ReactiveKernel
from tests.forkserver.harness import TIMEOUT, open_app_session, server_of, start

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork server and /proc: Linux"),
]


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
    # (order: as the C environ; importing debugpy sets PYDEVD_USE_FRAME_EVAL, and app kernels
    # have no debugger: see ForkingProvisioner.debugger)
    "sorted((k, v) for k, v in os.environ.items() if k not in ('JPY_PARENT_PID', 'PYDEVD_USE_FRAME_EVAL'))",
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


# the files of the modules that only ipykernel's debugger imports (debugpy, pydevd and what they
# use), then those only jedi imports (IPython's completer's, deferred to a kernel's first
# completion), then those only IPython's terminal front end imports (prompt_toolkit...), with
# everything else a forked kernel has imported first; and whether IPython took the stand-ins for
# jedi and for its terminal (IPython 8; 9.19 defers both itself: jedi to its completer's first
# completion, the terminal to its package's own ``__getattr__``)
DEFERRED_ONLY = (
    "import json, sys\n"
    "from jupyter_reactive.forkserver import memory\n"
    "from jupyter_reactive.forkserver.memory import DEBUGGER_MODULE, DEFAULT_PRELOAD, EMBED_MODULE, JEDI_NAMES\n"
    "from jupyter_reactive.forkserver.memory import DeferredJedi, jedi_deferred, terminal_deferred\n"
    "with jedi_deferred(), terminal_deferred():\n"
    "    for name in DEFAULT_PRELOAD:\n"
    "        if name != DEBUGGER_MODULE:\n"
    "            __import__(name)\n"
    "out = [isinstance(vars(sys.modules['IPython.core.completer']).get('jedi'), DeferredJedi),\n"
    "       vars(sys.modules['IPython']).get('__getattr__') is memory._ipython_getattr]\n"
    "for names in ([DEBUGGER_MODULE], JEDI_NAMES, [EMBED_MODULE]):\n"
    "    before = set(sys.modules)\n"
    "    for name in names:\n"
    "        __import__(name)\n"
    "    out.append([getattr(sys.modules[m], '__file__', None) for m in set(sys.modules) - before])\n"
    "print(json.dumps(out))\n"
)
#: under the stand-in, jedi is found as installed (IPython 9's completer asks
#: ``importlib.util.find_spec("jedi")`` at its import; a module without a spec makes that raise)
JEDI_FOUND = (
    "import importlib.util, json, sys\n"
    "from jupyter_reactive.forkserver.memory import DeferredJedi, jedi_deferred\n"
    "with jedi_deferred():\n"
    "    stand_in = isinstance(sys.modules.get('jedi'), DeferredJedi)\n"
    "    spec = importlib.util.find_spec('jedi')\n"
    "print(json.dumps([stand_in, spec.name, bool(spec.origin)]))\n"
)
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
    # plus what the fork server preloaded, but for debugpy's (an app kernel has no debugger:
    # ForkingProvisioner.debugger, its fork server never imports them), jedi's (imported at the
    # kernel's first completion) and the terminal front end's (at the first IPython.embed)
    launched, forked = set(seen["python3 modules"]), set(seen[fork_name + " modules"])
    command = [sys.executable, "-c", DEFERRED_ONLY]
    out = await asyncio.to_thread(subprocess.run, command, capture_output=True, text=True, check=True)
    jedi_stand_in, terminal_stand_in, *deferred_files = json.loads(out.stdout)
    debugger_only, jedi_only, terminal_only = (set(files) for files in deferred_files)
    assert any(f"{os.sep}debugpy{os.sep}" in f for f in debugger_only & launched)
    # a launched kernel imports jedi (and parso), and IPython's terminal, at its start where IPython
    # takes the fork server's stand-ins, and only on first use where IPython defers them itself
    assert any(f"{os.sep}parso{os.sep}" in f for f in jedi_only)
    assert any(f"{os.sep}parso{os.sep}" in f for f in jedi_only & launched) == jedi_stand_in
    assert any(f"{os.sep}prompt_toolkit{os.sep}" in f for f in terminal_only)
    assert any(f"{os.sep}prompt_toolkit{os.sep}" in f for f in terminal_only & launched) == terminal_stand_in
    deferred = debugger_only | jedi_only | terminal_only
    assert not deferred & forked
    assert launched - deferred <= forked and all(os.path.isabs(f) for f in forked)
    assert any(f.endswith("ipykernel_launcher.py") for f in forked)
    differ = {expr: (a, b) for expr, a, b in zip(SAME, seen["python3"], seen[fork_name], strict=True) if a != b}
    # the fork server pre-imported the bridge; a launched kernel imports it at warm-up
    assert differ == {"'jupyter_reactive.kernel.bridge' in sys.modules": ("False", "True")}


def test_jedi_is_found_installed_while_its_stand_in_is_in_place() -> None:
    out = subprocess.run([sys.executable, "-c", JEDI_FOUND], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [True, "jedi", True]


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
