"""The kernel pool and kernel lifetimes, with real kernels."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import wait_for

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def jr_keep_fork_servers() -> bool:
    return False  # these tests check what a server's fork server imported and how it started: each server its own


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 1}}])
async def test_sessions_take_pooled_kernels_and_never_share_them(jr_connect, jr_sessions, jp_serverapp):
    pool = jr_sessions.pool
    one = await jr_connect("counter.py")
    first = await one.hello()
    await one.run()
    await wait_for(lambda: pool.pooled() == 1, timeout=60)  # refilled in the background
    (pooled,) = [k.kernel_id for ready in pool._ready.values() for k in ready]
    two = await jr_connect("counter.py")
    second = await two.hello()
    await two.run()
    k1 = jr_sessions.get(first["session_id"]).kernel.kernel_id
    k2 = jr_sessions.get(second["session_id"]).kernel.kernel_id
    assert k2 == pooled and k1 != k2  # the second session did not wait for a start
    await wait_for(lambda: pool.pooled() == 1, timeout=60)
    assert all(k.kernel_id not in (k1, k2) for ready in pool._ready.values() for k in ready)


async def test_kernel_channels_retry_a_connection_soon(jr_connect, jr_sessions):
    """A fresh kernel's channels connect before it listens (it was forked a few ms earlier);
    libzmq's default first retry, 100 ms later, was most of the wait for the kernel_info reply.
    Read from the live sockets of a session's kernel."""
    import zmq

    from jupyter_reactive.server.kernels import RECONNECT_IVL_MAX_MS, RECONNECT_IVL_MS

    app = await jr_connect("counter.py")
    session = await app.hello()
    await app.run()
    client = jr_sessions.get(session["session_id"]).kernel.client
    for channel in (client.shell_channel, client.iopub_channel, client.control_channel):
        assert channel.socket.getsockopt(zmq.RECONNECT_IVL) == RECONNECT_IVL_MS == 10
        assert channel.socket.getsockopt(zmq.RECONNECT_IVL_MAX) == RECONNECT_IVL_MAX_MS


@pytest.mark.parametrize(
    "jr_config",
    [
        {"ReactiveApp": {"pool_size": 0, "preload_app_imports": True}},
        {"ReactiveApp": {"pool_size": 0, "preload_app_imports": False}},
    ],
    ids=["preload", "no-preload"],
)
async def test_app_imports_are_done_before_the_first_run(jr_connect, jr_config):
    app = await jr_connect("preloads.py")
    await app.hello()
    await app.run()
    expected = jr_config["ReactiveApp"]["preload_app_imports"]
    assert app.has_text(f"preloaded: {expected}")


async def test_a_preload_that_fails_does_not_stop_the_app(jr_connect):
    app = await jr_connect("bad_import.py")
    await app.hello()
    finished = await app.run()
    assert finished["status"] == "error"
    (error,) = [el for el in app.page.values() if el["kind"] == "exception"]
    assert error["ename"] == "ModuleNotFoundError"


@pytest.mark.parametrize(
    "jr_config",
    [{"ReactiveApp": {"pool_size": 0}}, {"ReactiveApp": {"pool_size": 0, "kernel_arguments": []}}],
    ids=["default", "no-arguments"],
)
async def test_kernel_arguments_reach_app_kernels(jr_connect, jr_config):
    """By default app kernels keep no IPython history (no shared history.sqlite to lock)."""
    app = await jr_connect("kernel_info.py")
    await app.hello()
    await app.run()
    expected = "kernel_arguments" in jr_config["ReactiveApp"]  # [] = the kernel spec's own defaults
    assert app.has_text(f"history: {expected}")


FLAKY_LAUNCHER = """\
import os, runpy, sys
marker = sys.argv.pop(1)
if not os.path.exists(marker):  # the first start dies at once, as one that lost a port race
    open(marker, "w").close()
    sys.exit(1)
sys.argv[0] = "ipykernel_launcher"
runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)
"""


@pytest.fixture
def flaky_kernel(jp_data_dir: Path, tmp_path: Path) -> Path:
    """A kernel spec whose first kernel exits while starting; the marker file says it did."""
    launcher = tmp_path / "flaky_launcher.py"
    launcher.write_text(FLAKY_LAUNCHER)
    marker = tmp_path / "first-start-died"
    spec = jp_data_dir / "kernels" / "flaky"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, str(launcher), str(marker), "-f", "{connection_file}"],
                "display_name": "flaky",
                "language": "python",
            }
        )
    )
    return marker


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 0, "kernel_name": "flaky"}}])
async def test_a_kernel_that_dies_while_starting_is_replaced(flaky_kernel, jr_connect, jr_sessions, jp_serverapp):
    app = await jr_connect("counter.py")
    session = await app.hello()
    await app.run()
    assert flaky_kernel.exists()  # the first kernel did die
    assert app.has_text("value: 10")
    assert jr_sessions.get(session["session_id"]).kernel.kernel_id in jp_serverapp.kernel_manager
    assert len(jp_serverapp.kernel_manager.list_kernel_ids()) == 1  # the dead one is gone


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 0, "session_idle_timeout": 0.5}}])
async def test_idle_session_is_ended_and_its_kernel_shut_down(jr_connect, jr_sessions, jp_serverapp):
    app = await jr_connect("counter.py")
    session = await app.hello()
    await app.run()
    kernel_id = jr_sessions.get(session["session_id"]).kernel.kernel_id
    notice = await app.expect("notice", timeout=30)
    assert "Session ended" in notice["message"] and notice["sticky"] is True
    with pytest.raises(ConnectionError):
        while True:
            await app.recv(timeout=10)
    assert app.ws.close_code == 4002
    await wait_for(lambda: kernel_id not in jp_serverapp.kernel_manager)
    assert jr_sessions.get(session["session_id"]) is None


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 0, "session_idle_timeout": 0.5}}])
async def test_a_session_whose_kernel_is_slow_to_answer_is_not_idle(jr_connect, jr_sessions, jp_serverapp, monkeypatch):
    """Idleness starts when the first run has finished: a kernel that takes longer than the idle
    timeout between being taken and starting the run must not get its session ended."""
    from jupyter_reactive.server.session import AppSession

    opened = AppSession._open_app

    def slow_open(self, kernel, values, files=None):  # the kernel answers 1 s late
        asyncio.get_running_loop().call_later(1.0, opened, self, kernel, values, files)

    monkeypatch.setattr(AppSession, "_open_app", slow_open)
    app = await jr_connect("counter.py")
    session = await app.hello()
    assert jr_sessions.get(session["session_id"]).busy  # starting
    finished = await app.run()  # not ended meanwhile
    assert finished["status"] == "complete" and app.has_text("value: 10")
    kernel_id = jr_sessions.get(session["session_id"]).kernel.kernel_id
    notice = await app.expect("notice", timeout=30)  # and idle afterwards, as configured
    assert "Session ended" in notice["message"]
    await wait_for(lambda: kernel_id not in jp_serverapp.kernel_manager)


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 0, "preload": ["sched", "no_such_module_jr"]}}])
async def test_configured_preloads_are_imported_once_in_the_fork_server(jr_connect, jr_sessions, jp_serverapp):
    from jupyter_reactive.server.forking import fork_servers

    app = await jr_connect("counter.py")
    session = await app.hello()
    await app.run()
    kernel = jp_serverapp.kernel_manager.get_kernel(jr_sessions.get(session["session_id"]).kernel.kernel_id)
    (server,) = [s for s in fork_servers() if s.path == kernel.provisioner.fork_server_socket]
    info = server.request({"op": "ping"})
    assert "sched" in info["preloaded"]  # shared by every kernel forked from it
    assert "no_such_module_jr" in info["failed"]  # reported, not fatal: the app still ran
    assert app.has_text("value: 10")


@pytest.mark.parametrize(
    ("jr_config", "provisioner"),
    [
        ({"ReactiveApp": {"pool_size": 0}}, "ForkingProvisioner"),  # the default
        ({"ReactiveApp": {"pool_size": 0, "fork_kernels": False}}, "LocalProvisioner"),
    ],
    ids=["forked", "launched"],
)
async def test_sessions_run_in_forked_or_launched_kernels(jr_connect, jr_sessions, jp_serverapp, provisioner):
    app = await jr_connect("counter.py")
    session = await app.hello()
    await app.run()
    await app.set("n", 31)
    await app.run()
    assert app.has_text("value: 31")
    kernel = jp_serverapp.kernel_manager.get_kernel(jr_sessions.get(session["session_id"]).kernel.kernel_id)
    assert type(kernel.provisioner).__name__ == provisioner


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 1}}])
async def test_kernels_warmed_for_an_apps_old_imports_are_retired(jr_connect, jr_sessions, jp_root_dir):
    pool = jr_sessions.pool
    app_file = jp_root_dir / "imports_edit.py"
    app_file.write_text("import json\nimport jupyter_reactive as jr\njr.text('one')\n")
    one = await jr_connect("imports_edit.py")
    await one.hello()
    await one.run()
    await wait_for(lambda: pool.pooled() == 1, timeout=60)
    (old_key,) = pool._ready
    assert "json" in old_key.preload
    app_file.write_text("import csv\nimport jupyter_reactive as jr\njr.text('two')\n")
    two = await jr_connect("imports_edit.py")
    await two.hello()
    await two.run()
    assert two.has_text("two")
    # the kernel warmed for `json` is gone; the pool now holds one for `csv`
    await wait_for(lambda: old_key not in pool._ready and pool.pooled() == 1, timeout=60)
    (new_key,) = pool._ready
    assert "csv" in new_key.preload


async def test_an_apps_imports_are_read_once_per_version_of_its_file_and_folder(jr_sessions, tmp_path, monkeypatch):
    """Every new session asks which pool it draws from; the script is parsed (and its imports
    looked up on the path) again only after the file, or its folder, changed."""
    import os

    from jupyter_reactive.server.scripts import AppScript

    app_file = tmp_path / "app_imports.py"
    app_file.write_text("import json\nimport helpers_here\n")
    app = AppScript("app_imports.py", app_file)
    parsed = []
    real = AppScript.top_level_imports
    monkeypatch.setattr(AppScript, "top_level_imports", lambda self: parsed.append(1) or real(self))
    both = ("json", "helpers_here")
    assert jr_sessions._app_imports(app) == (both, both)  # helpers_here is no module of the folder
    assert jr_sessions._app_imports(AppScript("app_imports.py", app_file)) == (both, both)
    assert len(parsed) == 1

    def later(path: Path) -> None:  # a change a moment later (the clock's tick can be coarse)
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))

    (tmp_path / "helpers_here.py").write_text("")  # now the app's own module: not installed
    later(tmp_path)
    assert jr_sessions._app_imports(app) == (both, ("json",))
    app_file.write_text("import csv\n")
    later(app_file)
    assert jr_sessions._app_imports(app) == (("csv",), ("csv",))
    assert len(parsed) == 3
    app_file.unlink()  # a file that cannot be read has no imports (and is not cached as such)
    assert jr_sessions._app_imports(app) == ((), ())
    assert jr_sessions._app_imports(app) == ((), ())
    assert len(parsed) == 5


@pytest.mark.parametrize(
    ("jr_config", "transport"),
    [
        ({"ReactiveApp": {"pool_size": 0}}, "ipc"),  # the default: forked, Unix sockets
        ({"ReactiveApp": {"pool_size": 0}, "ForkingProvisioner": {"ipc": False}}, "tcp"),
        ({"ReactiveApp": {"pool_size": 0, "fork_kernels": False}}, "tcp"),
    ],
    ids=["forked-ipc", "forked-tcp", "launched"],
)
async def test_kernel_channels_send_without_waiting_for_acks(jr_connect, jr_sessions, jp_serverapp, transport):
    """Server <-> kernel: local kernels talk over Unix sockets (no Nagle there); over TCP every
    channel socket of this process to the kernel has Nagle off (libzmq sets TCP_NODELAY on every
    TCP connection), read from the live sockets after a run."""
    from tests.tcp import tcp_sockets

    app = await jr_connect("counter.py")
    session = await app.hello()
    await app.run()
    await app.set("n", 3)
    await app.run()
    kernel = jp_serverapp.kernel_manager.get_kernel(jr_sessions.get(session["session_id"]).kernel.kernel_id)
    info = kernel.get_connection_info()
    assert info["transport"] == transport
    ports = {info[f"{channel}_port"] for channel in ("shell", "iopub", "control")}
    to_kernel = [s for s in tcp_sockets() if s.remote_port in ports]
    if transport == "ipc":
        assert not to_kernel
    else:
        assert len(to_kernel) >= 3 and all(s.nodelay() for s in to_kernel)


@pytest.mark.parametrize(
    "jr_config",
    [
        {"ReactiveApp": {"pool_size": 0, "preload_app_imports": True}},
        {"ReactiveApp": {"pool_size": 0, "preload_app_imports": False}},
    ],
    ids=["preload", "no-preload"],
)
async def test_an_apps_installed_imports_are_imported_in_its_fork_server(
    jr_connect, jr_sessions, jp_serverapp, jr_config
):
    """With no setting, the modules an app imports at its top level are imported by the fork
    server before it forks the app's kernel, so every kernel of the app shares them."""
    from jupyter_reactive.server.forking import fork_servers

    app = await jr_connect("preloads.py")  # imports sched, not among the fork server's own
    session = await app.hello()
    await app.run()
    kernel = jr_sessions.get(session["session_id"]).kernel
    km = jp_serverapp.kernel_manager.get_kernel(kernel.kernel_id)
    (server,) = [s for s in fork_servers() if s.path == km.provisioner.fork_server_socket]
    info = server.request({"op": "ping"})
    expected = jr_config["ReactiveApp"]["preload_app_imports"]
    assert ("sched" in info["preloaded"]) is expected
    assert app.has_text(f"preloaded: {expected}")


async def test_app_kernel_clients_share_one_zmq_context(jr_connect, jr_sessions):
    """Each client with a context of its own costs this process two threads and ~10 file
    descriptors per session (what runs out first with hundreds of sessions, benchmarks/scale.py);
    the pool's clients share one, whose socket limit is not zmq's 1023 (341 sessions)."""
    import zmq

    apps = [await jr_connect("counter.py") for _ in range(2)]
    ids = [(await app.hello())["session_id"] for app in apps]
    for app in apps:
        await app.run()
    one, two = (jr_sessions.get(i).kernel.client for i in ids)
    assert one.context is two.context
    assert one.context.get(zmq.MAX_SOCKETS) > 1023
    await apps[0].set("n", 4)
    await apps[0].run()
    assert apps[0].has_text("value: 4")


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 0}}])
async def test_the_pools_own_readiness_wait_answers_with_kernel_info_and_a_live_iopub(jr_sessions):
    """Warm-up waits for the kernel_info reply and one iopub message, not for iopub to go
    quiet; the bridge and the subshell, asked together, are both there after it."""
    pool = jr_sessions.pool
    rk = await pool.start_kernel(pool.key("."))
    try:
        assert rk.subshell_id
        info = await rk.wait_ready(30)
        assert info["msg_type"] == "kernel_info_reply"
        assert "kernel subshells" in info["content"]["supported_features"]
        reply = await rk.request(
            "shell", "execute_request", {"code": "assert '_jr_bridge' in globals()", "silent": True}, 30
        )
        assert reply["content"]["status"] == "ok"
    finally:
        await pool.kernel_manager.shutdown_kernel(rk.kernel_id, now=True)


SILENT_LAUNCHER = "import time\ntime.sleep(60)\n"


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 0, "kernel_name": "silent"}}])
async def test_a_kernel_that_never_answers_is_not_taken_as_ready(jr_sessions, jp_data_dir: Path, tmp_path: Path):
    from jupyter_reactive.server.kernels import KernelStartError, ReactiveKernel

    launcher = tmp_path / "silent_launcher.py"
    launcher.write_text(SILENT_LAUNCHER)
    spec = jp_data_dir / "kernels" / "silent"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, str(launcher), "{connection_file}"],
                "display_name": "silent",
                "language": "python",
            }
        )
    )
    pool = jr_sessions.pool
    km = pool.kernel_manager
    kernel_id = await km.start_kernel(kernel_name="silent")
    try:
        client = km.get_kernel(kernel_id).client()
        client.start_channels(shell=True, iopub=True, stdin=False, hb=False, control=True)
        rk = ReactiveKernel(kernel_id, client, pool.key("."))
        with pytest.raises(KernelStartError, match="did not become ready"):
            await rk.wait_ready(1.5)
        client.stop_channels()
    finally:
        await km.shutdown_kernel(kernel_id, now=True)


@pytest.mark.parametrize(
    ("jr_config", "folder", "ipc"),
    [
        ({"ReactiveApp": {"pool_size": 0}}, "short", True),
        ({"ReactiveApp": {"pool_size": 0}, "KernelManager": {"transport": "tcp"}}, "short", False),
        ({"ReactiveApp": {"pool_size": 0}, "ServerKernelManager": {"ip": "127.0.0.2"}}, "short", False),
        ({"ReactiveApp": {"pool_size": 0}}, "long", False),  # pytest's runtime folder: sockets too long
    ],
    ids=["ipc", "transport-chosen", "ip-chosen", "path-too-long"],
)
async def test_serve_launches_kernels_over_ipc_unless_told_or_unable(jp_serverapp, folder, ipc):
    """What serve does with --ReactiveApp.fork_kernels=False: Unix sockets for launched kernels,
    unless the operator chose a transport or address, or the sockets' paths would be too long."""
    import shutil
    import tempfile

    from jupyter_reactive.server.kernels import launch_over_ipc

    km = jp_serverapp.kernel_manager
    short = tempfile.mkdtemp(prefix="jr-")
    try:
        if folder == "short":
            km.connection_dir = short
        assert launch_over_ipc(jp_serverapp) is ipc, km.connection_dir
        if ipc:
            kernel_id = await km.start_kernel(kernel_name="python3")
            try:
                assert km.get_kernel(kernel_id).get_connection_info()["transport"] == "ipc"
            finally:
                await km.shutdown_kernel(kernel_id, now=True)
    finally:
        shutil.rmtree(short, ignore_errors=True)


@pytest.mark.parametrize(
    "jr_config",
    [
        {"ReactiveApp": {"pool_size": 0, "keep_fork_servers": True}},
        {"ReactiveApp": {"pool_size": 0, "keep_fork_servers": False}},
    ],
    ids=["keep", "stop"],
)
async def test_keep_fork_servers_leaves_the_fork_server_running_after_its_server(
    jr_connect, jr_sessions, jp_serverapp, jr_config
):
    from jupyter_reactive.server.forking import fork_servers

    app = await jr_connect("counter.py")
    session = await app.hello()
    await app.run()
    kernel = jp_serverapp.kernel_manager.get_kernel(jr_sessions.get(session["session_id"]).kernel.kernel_id)
    (server,) = [s for s in fork_servers() if s.path == kernel.provisioner.fork_server_socket]
    await jp_serverapp.extension_manager.stop_all_extensions()  # what stopping the server does first
    assert not kernel.has_kernel  # the session's kernel is shut down either way
    if jr_config["ReactiveApp"]["keep_fork_servers"]:
        assert server.alive() and server in fork_servers()
        assert server.request({"op": "ping"})["ok"]  # and still answers, for the next server
    else:
        assert not server.alive() and fork_servers() == []


def test_keep_fork_servers_takes_only_a_boolean():
    from traitlets import TraitError

    from jupyter_reactive.server.app import ReactiveApp

    for garbage in ("maybe", [True], 2.5):
        with pytest.raises(TraitError):
            ReactiveApp(keep_fork_servers=garbage)


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 0}}])
async def test_a_busy_kernel_shuts_down_without_a_closed_stream_warning(jr_sessions):
    """jupyter-server watches each kernel's iopub through a ZMQStream and closes it when the
    kernel shuts down; with messages still waiting, pyzmq has a read queued that then finds
    the stream closed and logs "Got events for closed stream" (seen on serve's SIGTERM). The
    pool stops that stream reading and lets the queued read pass before the shutdown."""
    import logging
    import time

    seen: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
    log = logging.getLogger("tornado.general")  # jupyter-server parents it to its own log
    log.addHandler(handler)
    pool = jr_sessions.pool
    try:
        for _ in range(2):
            rk = await pool.start_kernel(pool.key("."))
            rk.client.execute("for i in range(100000):\n    print(i, flush=True)")
            await asyncio.sleep(0.2)  # the kernel floods iopub
            time.sleep(0.05)  # noqa: ASYNC251 -- the loop stalls: messages wait on the activity stream
            stream = pool.kernel_manager.get_kernel(rk.kernel_id)._activity_stream
            stream.on_recv(stream._recv_callback)  # as after each read: pyzmq queues the next
            await pool.shutdown(rk)
            await asyncio.sleep(0.1)
            assert rk.kernel_id not in pool.kernel_manager
    finally:
        log.removeHandler(handler)
    assert not [m for m in seen if "closed stream" in m], seen
