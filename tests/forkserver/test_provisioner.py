"""The forking kernel provisioner (jupyter_reactive/server/forking.py) over its fork server: a
forked kernel's lifetime as jupyter_client sees it, what is launched instead of forked, and
kernels through a pytest-jupyter server's ``kernel_manager`` (config selecting the provisioner).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.factory import KernelProvisionerFactory

from jupyter_reactive.server import forking
from jupyter_reactive.server.forking import (
    PROVISIONER_NAME,
    ForkingProvisioner,
    forking_kernel_name,
    process_start_time,
    shutdown_fork_servers,
)
from jupyter_reactive.server.kernels import KernelPool
from tests.conftest import wait_for
from tests.forkserver.harness import PREPARED_ARGS, TIMEOUT, Kernel, reaped, server_of, start, start_time_of

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork server and /proc: Linux"),
]


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


DEBUGGER_MODULES = "import sys\nsorted(m for m in sys.modules if m.partition('.')[0] in ('debugpy', '_pydevd_bundle'))"


async def _control(kernel: Kernel, msg_type: str, content: Any) -> dict[str, Any]:
    msg = kernel.kc.session.msg(msg_type, content)
    kernel.kc.control_channel.send(msg)
    while True:
        reply = await kernel.kc.get_control_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return reply


@pytest.mark.parametrize("debugger", [False, True], ids=["default", "debugger-on"])
async def test_forked_kernels_import_debugpy_only_with_the_debugger_on(
    ksm: KernelSpecManager, fork_name: str, debugger: bool
):
    """App kernels are sent no debug requests, so by default their fork server keeps debugpy and
    pydevd out of its imports and its kernels: they answer as ipykernel does where debugpy is not
    installed (no "debugger" feature; a debug request, garbage or not, gets an empty reply and
    the kernel goes on). ``ForkingProvisioner.debugger`` gives them ipykernel's debugger."""
    if debugger:
        fork_name = forking_kernel_name(ksm, "python3", name="python3-jr-debugger", fallback=False, debugger=True)
    kernel = await start(ksm, fork_name)
    try:
        assert server_of(kernel.pid).request({"op": "ping"})["debugger"] is debugger
        loaded = await kernel.value(DEBUGGER_MODULES)
        features = (await _control(kernel, "kernel_info_request", {}))["content"]["supported_features"]
        if debugger:
            assert "'debugpy'" in loaded and "debugger" in features
            return
        assert loaded == "[]" and "debugger" not in features
        initialize = {"type": "request", "seq": 1, "command": "initialize", "arguments": {"adapterID": "x"}}
        for content in (initialize, {"seq": "garbage"}, {}):
            reply = await _control(kernel, "debug_request", content)
            assert reply["msg_type"] == "debug_reply" and not reply["content"]
        assert await kernel.value("6 * 7") == "42"
        assert await kernel.value(DEBUGGER_MODULES) == "[]"
    finally:
        await kernel.stop()


JEDI_LOADED = "import sys\nsorted(m for m in ('jedi', 'parso') if m in sys.modules)"
# the completer module's own ``jedi`` (IPython 8: jedi, or the fork server's stand-in; IPython
# 9.19: none, it imports jedi at its first completion) and whether the completer uses jedi
COMPLETER_HAS = (
    "import sys\ntype(vars(sys.modules['IPython.core.completer']).get('jedi')).__name__, "
    "get_ipython().Completer.use_jedi"
)


async def _shell(kernel: Kernel, msg_type: str, content: Any) -> dict[str, Any]:
    msg = kernel.kc.session.msg(msg_type, content)
    kernel.kc.shell_channel.send(msg)
    while True:
        reply = await kernel.kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return reply


async def _complete_as_an_app(kernel: Kernel, app_imports_jedi: bool) -> list[str]:
    """An app's code and a completion through jedi in ``kernel``; what the app sees of it."""
    seen = [await kernel.value("import sys\nsys.getrecursionlimit()")]
    if app_imports_jedi:  # the real module, not the stand-in (no None left in sys.modules)
        await kernel.value("import jedi, jedi.api.classes")
        assert await kernel.value("callable(jedi.Interpreter), type(jedi).__name__") == "(True, 'module')"
    # garbage first (ipykernel answers some, logs an error for others); the shell channel is
    # ordered, so the real request's reply below comes after they were all handled
    for content in ({"code": 5, "cursor_pos": "x"}, {}, {"code": "abc", "cursor_pos": 10**6}, {"code": None}):
        kernel.kc.shell_channel.send(kernel.kc.session.msg("complete_request", content))
    seen.append(await kernel.value("sys.getrecursionlimit()"))
    await kernel.value("sys.setrecursionlimit(2500)")  # an app's own limit
    await kernel.value("class Thing:\n    attribute_for_jedi = 1\nthing = Thing()")
    code = "thing.attribute_f"
    reply = await _shell(kernel, "complete_request", {"code": code, "cursor_pos": len(code)})
    assert reply["content"]["status"] == "ok"
    assert "attribute_for_jedi" in [m.rpartition(".")[2] for m in reply["content"]["matches"]]
    origins = {c.get("type") for c in reply["content"]["metadata"].get("_jupyter_types_experimental", [])}
    assert origins and origins != {"<unknown>"}  # jedi's own completions carry their type
    assert await kernel.value(JEDI_LOADED) == "['jedi', 'parso']"
    assert await kernel.value("import jedi\njedi.settings.case_insensitive_completion") == "False"
    seen += [
        await kernel.value(COMPLETER_HAS),
        await kernel.value("sys.getrecursionlimit()"),  # jedi before 0.20.1 sets 3000 at its import
        await kernel.value("6 * 7"),
    ]
    return seen


@pytest.mark.parametrize("app_imports_jedi", [False, True], ids=["completion-first", "app-imports-jedi"])
async def test_forked_kernels_import_jedi_at_their_first_completion(
    ksm: KernelSpecManager, fork_name: str, app_imports_jedi: bool
):
    """IPython 8's completer imports jedi and parso at IPython's import; the fork server gives it a
    stand-in instead (IPython 9.19 defers jedi itself), so neither the fork server nor its kernels
    import them until a kernel completes something. The completer still uses jedi, the app can
    import the real jedi itself, garbage completion requests leave the kernel working, and the
    app sees what it sees in a launched kernel (its recursion limit among it)."""
    launched = await start(ksm, "python3")
    try:
        launched_before = await launched.value(COMPLETER_HAS)
        launched_seen = await _complete_as_an_app(launched, app_imports_jedi)
    finally:
        await launched.stop()
    kernel = await start(ksm, fork_name)
    try:
        assert getattr(kernel.provisioner, "forked", False)
        assert server_of(kernel.pid).request({"op": "ping"})["jedi"] == "deferred"
        assert await kernel.value(JEDI_LOADED) == "[]"
        # the stand-in where a launched kernel's completer has jedi itself
        assert launched_before in ("('module', True)", "('NoneType', True)")
        assert await kernel.value(COMPLETER_HAS) == launched_before.replace("'module'", "'DeferredJedi'")
        assert await _complete_as_an_app(kernel, app_imports_jedi) == launched_seen
    finally:
        await kernel.stop()


async def test_forked_kernels_complete_without_jedi_when_it_is_off(ksm: KernelSpecManager, fork_name: str):
    """``IPCompleter.use_jedi=False``: a forked kernel completes with IPython's own matchers and
    never imports jedi, the stand-in's or IPython's own deferral notwithstanding."""
    kernel = await start(ksm, fork_name, extra_arguments=["--IPCompleter.use_jedi=False"])
    try:
        assert getattr(kernel.provisioner, "forked", False)
        assert await kernel.value("get_ipython().Completer.use_jedi") == "False"
        await kernel.value("class Thing:\n    attribute_for_jedi = 1\nthing = Thing()")
        for content in ({"code": 5, "cursor_pos": "x"}, {"code": "thing.", "cursor_pos": -1}):  # garbage first
            kernel.kc.shell_channel.send(kernel.kc.session.msg("complete_request", content))
        code = "thing.attribute_f"
        reply = await _shell(kernel, "complete_request", {"code": code, "cursor_pos": len(code)})
        assert reply["content"]["status"] == "ok"
        assert [m.rpartition(".")[2] for m in reply["content"]["matches"]] == ["attribute_for_jedi"]
        assert await kernel.value(JEDI_LOADED) == "[]"
        assert await kernel.value("6 * 7") == "42"
    finally:
        await kernel.stop()


TERMINAL_LOADED = (
    "import sys\nsorted(m for m in ('prompt_toolkit', 'wcwidth', 'IPython.terminal.embed') if m in sys.modules)"
)


async def test_forked_kernels_import_ipythons_terminal_only_when_asked(ksm: KernelSpecManager, fork_name: str):
    """``import IPython`` imports its terminal front end (prompt_toolkit...) for ``IPython.embed``;
    the fork server imports IPython without it, and a kernel gets the real one on first use."""
    kernel = await start(ksm, fork_name)
    try:
        assert server_of(kernel.pid).request({"op": "ping"})["ipython_terminal"] == "deferred"
        assert await kernel.value(TERMINAL_LOADED) == "[]"
        reply, _ = await kernel.run("import IPython\nIPython.no_such_name")
        assert reply["ename"] == "AttributeError" and "no_such_name" in reply["evalue"]
        assert await kernel.value("from IPython import embed\nembed.__module__") == "'IPython.terminal.embed'"
        assert await kernel.value("IPython.embed is embed is sys.modules['IPython.terminal.embed'].embed") == "True"
        assert await kernel.value(TERMINAL_LOADED) == "['IPython.terminal.embed', 'prompt_toolkit', 'wcwidth']"
        code = (
            "from IPython.terminal.interactiveshell import TerminalInteractiveShell\nTerminalInteractiveShell.__name__"
        )
        assert await kernel.value(code) == "'TerminalInteractiveShell'"
    finally:
        await kernel.stop()


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


@pytest.mark.parametrize(
    ("value", "expected"),
    [("numpy pandas PIL.Image", ("numpy", "pandas", "PIL.Image")), ("", ()), ("os;rm -rf", ()), ("../x", ())],
)
def test_the_app_imports_are_taken_out_of_the_kernels_environment(value, expected):
    """The pool's request to a fork server travels in the kernel's start environment: the
    provisioner takes it out (the kernel never sees it) and garbage in it asks for nothing."""
    from jupyter_reactive.forkserver.client import APP_IMPORTS_ENV

    given = {"PATH": "/bin", APP_IMPORTS_ENV: value}
    kwargs: dict[str, Any] = {"env": given, "cwd": "/"}
    assert ForkingProvisioner._take_app_imports(kwargs) == expected
    assert kwargs["env"] == {"PATH": "/bin"} and APP_IMPORTS_ENV in given  # the caller's dict untouched
    assert ForkingProvisioner._take_app_imports({"env": {"PATH": "/bin"}}) == ()
