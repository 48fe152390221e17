"""What `jupyter reactive serve` keeps off its start-up path (docs/performance.md, cold start):
IPython in the server process, and a fork server started only after the port listens."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from jupyter_reactive.server import forking, forkspawn
from jupyter_reactive.server.kernels import default_kernel_dirs, give_kernel_dirs

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def jr_keep_fork_servers() -> bool:
    return False  # these tests look at which fork servers this process holds: each server its own, as in production


ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60.0

# serve in this process; a thread waits for the first warm kernel, then reports what the server
# process holds and stops it (SIGTERM, as an operator would)
SERVE_AND_REPORT = r"""
import json, os, signal, sys, threading, time

from jupyter_reactive import cli
from jupyter_reactive.server import forking, forkspawn


def report():
    from jupyter_server.serverapp import ServerApp

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        time.sleep(0.05)
        server = ServerApp._instance
        manager = getattr(server, "extension_manager", None)
        apps = manager.extension_apps.get("jupyter_reactive", ()) if manager else ()
        pools = [app.pool for app in apps if hasattr(app, "pool")]
        if pools and pools[0].pooled():
            break
    handles = forking.fork_servers()
    out = {
        "warm": bool(pools and pools[0].pooled()),
        "ipython": sorted(m for m in sys.modules if m == "IPython" or m.startswith("IPython.")),
        "fork_servers": [h.started_ahead for h in handles],
        "flags": [list(h.key.flags) for h in handles],
        "early_left": forking._early is not None or forkspawn._ahead is not None,
    }
    print("REPORT " + json.dumps(out), flush=True)
    os.kill(os.getpid(), signal.SIGTERM)


threading.Thread(target=report, daemon=True).start()
cli.main(sys.argv[1:])
"""


def _serve_and_report(*args: str, env: dict[str, str] | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", SERVE_AND_REPORT, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=110,
        env={**os.environ, **(env or {})},
    )
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("REPORT ")]
    assert lines, out.stdout[-3000:] + out.stderr[-3000:]
    return {**json.loads(lines[-1][len("REPORT ") :]), "log": out.stderr}


def test_serve_forks_its_first_kernel_from_a_fork_server_started_ahead_without_ipython():
    """The fork server the first kernel comes from was spawned by the command line before
    jupyter-server was set up (and adopted: one fork server, no other started), and the
    server process never imported IPython (its kernel folders are given, not looked up
    through IPython)."""
    report = _serve_and_report("serve", "notebooks/hello.py", "--port=0", "--ip=127.0.0.1", "--no-browser")
    assert report["warm"], report["log"][-3000:]
    assert report["fork_servers"] == [True], report["log"][-3000:]
    assert not report["early_left"]
    assert report["ipython"] == [], report["ipython"][:5]
    assert "started with the server" in report["log"]
    assert "does not fit" not in report["log"]


@pytest.mark.parametrize("where", ["command-line", "config-file"])
def test_serve_with_other_fork_server_settings_starts_one_fork_server_ahead_with_them(tmp_path: Path, where: str):
    """Fork-server settings given on the command line or in a JSON config file are read before
    the fork server is spawned ahead: it gets the flags the first kernel asks for, and is the
    only fork server started (none stopped as not fitting, no second one)."""
    args = ["serve", "notebooks/hello.py", "--port=0", "--ip=127.0.0.1", "--no-browser"]
    if where == "command-line":
        args += ["--ReactiveApp.page_file=False", "--ReactiveApp.merge_pages", "false"]
        settings = {"page_file": False, "merge_pages": False}
    else:  # (serve's command line takes no ForkingProvisioner options; its config files do)
        config = {"ReactiveApp": {"page_file": False}, "ForkingProvisioner": {"debugger": True}}
        (tmp_path / "jupyter_server_config.json").write_text(json.dumps(config))
        settings = {"page_file": False, "debugger": True}
    report = _serve_and_report(*args, env={"JUPYTER_CONFIG_DIR": str(tmp_path)})
    assert report["warm"], report["log"][-3000:]
    assert report["fork_servers"] == [True], report["log"][-3000:]
    flags = list(forkspawn.server_flags(**settings))
    assert report["flags"] == [flags] and flags != list(forkspawn.DEFAULT_FLAGS)
    assert "does not fit" not in report["log"] and not report["early_left"]


def test_a_fork_server_started_ahead_that_the_settings_do_not_fit_is_stopped(tmp_path: Path):
    """--ReactiveApp.fork_kernels=False set in a Python config file in a way serve does not see
    ahead (it reads JSON config files, and runs no Python one twice): the fork server started
    ahead is stopped once the settings are known, and kernels are launched, not forked."""
    (tmp_path / "jupyter_server_config.py").write_text('setattr(c.ReactiveApp, "fork" + "_kernels", False)\n')
    report = _serve_and_report(
        "serve",
        "notebooks/hello.py",
        "--port=0",
        "--ip=127.0.0.1",
        "--no-browser",
        env={"JUPYTER_CONFIG_DIR": str(tmp_path)},
    )
    assert report["warm"], report["log"][-3000:]
    assert report["fork_servers"] == [] and not report["early_left"], report
    # launched kernels talk over Unix sockets too: ipykernel has no TCP warning to give
    assert "without encryption" not in report["log"], report["log"][-3000:]


def _key(tmp_path: Path, preload: tuple[str, ...] = ()) -> forking.ServerKey:
    env = (("PYTHONPATH", os.pathsep.join([str(tmp_path), *sys.path])),)
    return forking.ServerKey((sys.executable,), env, preload, ("--no-default-preload",))


def _gone(process: subprocess.Popen) -> bool:
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        return False
    return True


def test_the_fork_server_spawned_ahead_has_the_provisioners_default_flags():
    """serve spawns its fork server before the provisioner exists: its flags are the ones the
    provisioner's default traits give, or the first kernel would start a second fork server."""
    traits = forking.ForkingProvisioner.class_traits()
    names = list(inspect.signature(forkspawn.server_flags).parameters)
    defaults = {name: traits[name].default_value for name in names}
    assert forkspawn.DEFAULT_FLAGS == forkspawn.server_flags(**defaults)
    assert forkspawn.server_flags(page_file=False) == ()
    assert forkspawn.server_flags(gc_freeze=False, merge_pages=False) == (
        "--no-gc-freeze",
        "--no-merge-pages",
        "--page-file",
    )


def test_get_fork_server_adopts_the_one_started_ahead_when_it_fits(tmp_path: Path):
    key = _key(tmp_path)
    try:
        early = forking.start_early(key, ["-f", "{connection_file}", "--x=1"], start_timeout=TIMEOUT)
        assert early is not None and early.started_ahead
        assert forking.start_early(key, None) is None  # one at a time
        # the real kernel's command line names its own connection file
        server = forking.get_fork_server(key, TIMEOUT, ["-f", "/run/kernel-1.json", "--x=1"])
        assert server is early and server.alive() and server.info
        assert forking.fork_servers() == [early] and forking._early is None
    finally:
        forking.shutdown_fork_servers()
    assert early.process is not None and _gone(early.process)


@pytest.mark.parametrize("differs", ["key", "kernel command"])
def test_get_fork_server_stops_the_one_started_ahead_when_it_does_not_fit(tmp_path: Path, differs: str):
    key = _key(tmp_path)
    try:
        early = forking.start_early(key, ["-f", "{connection_file}"], start_timeout=TIMEOUT)
        assert early is not None and early.process is not None
        if differs == "key":
            server = forking.get_fork_server(_key(tmp_path, ("colorsys",)), TIMEOUT, ["-f", "k.json"])
        else:
            server = forking.get_fork_server(key, TIMEOUT, ["-f", "k.json", "--HistoryManager.enabled=True"])
        assert server is not early and server.alive() and not server.started_ahead
        assert _gone(early.process) and not os.path.exists(early.dir)
    finally:
        forking.shutdown_fork_servers()


def test_discard_and_shutdown_stop_a_fork_server_nobody_took(tmp_path: Path):
    early = forking.start_early(_key(tmp_path), None, start_timeout=TIMEOUT)
    assert early is not None and early.process is not None
    forking.discard_early()
    assert _gone(early.process) and forking._early is None
    forking.discard_early()  # nothing left: a no-op
    again = forking.start_early(_key(tmp_path), None, start_timeout=TIMEOUT)
    assert again is not None and again.process is not None
    forking.shutdown_fork_servers()
    assert _gone(again.process) and forking._early is None


def test_get_fork_server_starts_another_when_the_one_started_ahead_fails(tmp_path: Path):
    """The fork server started ahead died before the first kernel asked for it (killed, or it
    crashed while importing): the first kernel gets a new one, started the usual way, not a
    launched kernel and not a minute of refusals."""
    key = _key(tmp_path)
    try:
        early = forking.start_early(key, ["-f", "{connection_file}"], start_timeout=TIMEOUT)
        assert early is not None and early.process is not None
        early.process.kill()
        assert _gone(early.process)
        server = forking.get_fork_server(key, TIMEOUT, ["-f", "k.json"])
        assert server is not early and server.alive() and not server.started_ahead and server.info
        assert forking.fork_servers() == [server] and forking._early is None
        assert not os.path.exists(early.dir)
    finally:
        forking.shutdown_fork_servers()


# serve fails after its fork server was spawned ahead; reports that fork server's pid and
# whether a process of that pid is still a fork server once serve has ended
SERVE_FAILS_CHECK = r"""
import json, sys
import psutil
from jupyter_reactive.server import forkspawn

spawned = []
real = forkspawn.spawn_ahead


def spy(*args, **kwargs):
    handle = real(*args, **kwargs)
    spawned.append(handle.process.pid if handle is not None else None)
    return handle


forkspawn.spawn_ahead = spy
from jupyter_reactive import cli

code = None
try:
    cli.main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
pid = spawned[0] if spawned else None
alive = False
if pid is not None:
    try:
        proc = psutil.Process(pid)
        alive = proc.status() != psutil.STATUS_ZOMBIE and any(
            "jupyter_reactive.forkserver" in a for a in proc.cmdline()
        )
    except psutil.NoSuchProcess:
        pass
print(json.dumps({"code": code, "pid": pid, "alive": alive}))
"""


@pytest.mark.parametrize("failure", ["port in use", "bad setting", "exception while loading"])
def test_serve_that_fails_to_start_leaves_no_fork_server(tmp_path: Path, failure: str):
    """The fork server spawned ahead of jupyter-server is stopped when the server then fails to
    start (read from the live process table once serve has ended, not from our objects)."""
    args = ["serve", "notebooks/hello.py", "--ip=127.0.0.1", "--no-browser"]
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        if failure == "port in use":
            args.append(f"--port={busy.getsockname()[1]}")
        else:
            args.append("--port=0")
        if failure == "bad setting":
            args.append("--ReactiveApp.media_store_url=bogus://x")
        if failure == "exception while loading":
            config = tmp_path / "boom_config.py"
            config.write_text(
                "from jupyter_reactive.server.app import ReactiveApp\n"
                "def boom(self):\n    raise RuntimeError('handlers broke')\n"
                "ReactiveApp.initialize_handlers = boom\n"
            )
            args.append(f"--config={config}")
        out = subprocess.run(
            [sys.executable, "-c", SERVE_FAILS_CHECK, *args], capture_output=True, text=True, cwd=ROOT, timeout=90
        )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 1, out.stderr[-3000:]
    assert result["pid"] is not None, out.stderr[-3000:]  # one was started ahead
    assert not result["alive"], result
    assert out.stderr.strip().splitlines()[-1].startswith("jupyter reactive: "), out.stderr[-3000:]


BAD_OPTION_CHECK = r"""
import json, sys
from jupyter_reactive.server import forkspawn

started = []
loaded = []
real = forkspawn.spawn_ahead


def spy(*args, **kwargs):
    loaded.extend(m for m in ("jupyter_client", "jupyter_server") if m in sys.modules)
    handle = real(*args, **kwargs)
    started.append(handle)
    return handle


forkspawn.spawn_ahead = spy
from jupyter_reactive import cli

try:
    cli.main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
handle = started[0] if started else None
print(json.dumps({"code": code, "started": handle is not None, "loaded_before": loaded,
                  "stopped": handle is not None and handle.process.poll() is not None}))
"""


@pytest.mark.parametrize(
    "args, starts",
    [
        (["serve", "notebooks/hello.py", "--prot=1"], True),  # checked after the start: then stopped
        (["serve", "notebooks/hello.py", "--ReactiveApp.kernel_name=other", "--prot=1"], False),
        (["serve", "notebooks/hello.py", "--ForkingProvisioner.gc_freeze=False", "--prot=1"], True),  # read ahead
        (["serve", "notebooks/hello.py", "--ForkingProvisioner.gc_freeze=maybe", "--prot=1"], False),
        (["serve", "notebooks/hello.py", "--ForkingProvisioner.preload=numpy", "--prot=1"], False),
        (["serve", "notebooks/hello.py", "--ReactiveApp.page_file", "--prot=1"], False),  # no value
        (["serve", "notebooks/hello.py", "--ReactiveApp.preload=not a module", "--prot=1"], False),
        (["serve", "notebooks/hello.py", "--ReactiveApp.preload", "--prot=1"], False),  # no value
        (["serve", "notebooks/hello.py", "--ReactiveApp.preload", "colorsys", "--prot=1"], True),
        (["serve", "--ReactiveApp.preload"], False),  # garbage: no PATH, an option without value
    ],
)
def test_a_command_line_that_fails_its_checks_leaves_no_fork_server(args, starts):
    """Bad options stop serve with its usual one line; a fork server started ahead of the
    checks is stopped with it, and none is started for settings it could not fit."""
    out = subprocess.run([sys.executable, "-c", BAD_OPTION_CHECK, *args], capture_output=True, text=True, cwd=ROOT)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 2, out.stderr
    assert result["started"] is starts and result["stopped"] is starts, out.stderr
    # spawned before jupyter_client and jupyter-server are imported (a second or more of imports)
    assert result["loaded_before"] == [], result
    assert len(out.stderr.strip().splitlines()) == 2, out.stderr


KERNEL_DIRS_CHECK = r"""
import json, sys
from jupyter_reactive.server.kernels import default_kernel_dirs
ours = default_kernel_dirs()
imported = "IPython" in sys.modules
from jupyter_client.kernelspec import KernelSpecManager
print(json.dumps({"ours": ours, "theirs": KernelSpecManager().kernel_dirs, "imported": imported}))
"""


def _kernel_dirs(home: Path, **env: str) -> dict:
    environ = {k: v for k, v in os.environ.items() if k not in ("IPYTHONDIR", "IPYTHON_DIR", "XDG_CONFIG_HOME")}
    environ.update(HOME=str(home), **env)
    out = subprocess.run(
        [sys.executable, "-c", KERNEL_DIRS_CHECK], capture_output=True, text=True, env=environ, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", ["~/.ipython", "no ~/.ipython yet", "IPYTHONDIR", "IPYTHONDIR not made yet"])
def test_kernel_folders_are_jupyter_clients_without_importing_ipython(tmp_path: Path, case: str):
    home = tmp_path / "home"
    home.mkdir()
    env = {}
    if case == "~/.ipython":
        (home / ".ipython").mkdir()
    elif case == "IPYTHONDIR":
        (tmp_path / "ipy").mkdir()
        env["IPYTHONDIR"] = str(tmp_path / "ipy")
    elif case == "IPYTHONDIR not made yet":
        env["IPYTHONDIR"] = str(tmp_path / "later" / "ipy")
        (tmp_path / "later").mkdir()
    result = _kernel_dirs(home, **env)
    assert result["ours"] == result["theirs"]
    assert not result["imported"]


@pytest.mark.parametrize("case", ["IPython 1's ~/.config/ipython", "read-only IPYTHONDIR", "IPYTHONDIR=''"])
def test_kernel_folders_in_the_unusual_cases_are_ipythons_own(tmp_path: Path, case: str):
    """Where IPython's answer is not plain (its old folder, a folder it cannot write, which
    makes it use a temporary one), IPython is asked: the same folders as jupyter_client's
    (a temporary folder is new each time: the same but for its name)."""
    if case == "read-only IPYTHONDIR" and os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    home = tmp_path / "home"
    home.mkdir()
    env = {}
    if case.startswith("IPython 1"):
        (home / ".config" / "ipython").mkdir(parents=True)
    elif case == "read-only IPYTHONDIR":
        (tmp_path / "ro").mkdir(mode=0o500)
        env["IPYTHONDIR"] = str(tmp_path / "ro")
    else:
        env["IPYTHONDIR"] = ""
    result = _kernel_dirs(home, **env)
    if case == "read-only IPYTHONDIR":
        assert result["ours"][:-1] == result["theirs"][:-1] and result["ours"][-1] != str(tmp_path / "ro" / "kernels")
    else:
        assert result["ours"] == result["theirs"]


def test_given_kernel_folders_are_kept():
    from jupyter_client.kernelspec import KernelSpecManager

    given = KernelSpecManager(kernel_dirs=["/nowhere/kernels"])
    give_kernel_dirs(given)
    assert given.kernel_dirs == ["/nowhere/kernels"]

    class OwnWay(KernelSpecManager):
        def _kernel_dirs_default(self) -> list[str]:
            return ["/own/kernels"]

    own = OwnWay()
    give_kernel_dirs(own)
    assert own.kernel_dirs == ["/own/kernels"]

    plain = KernelSpecManager()
    give_kernel_dirs(plain)
    assert plain.kernel_dirs == default_kernel_dirs()
    give_kernel_dirs(object())  # not a kernel spec manager at all (a gateway's is its own): left alone


# -- the first viewer arrives while the pool is still starting its kernel -------------------------


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 1}}])
async def test_a_session_takes_the_kernel_being_started_instead_of_starting_another(jr_sessions, jp_serverapp):
    pool = jr_sessions.pool
    key = pool.key("")
    pool.refill(key)  # what serve does at start
    first, second = await asyncio.gather(pool.acquire(key, refill=False), pool.acquire(key, refill=False))
    try:
        # one took the kernel the fill was starting, the other started its own: two in all
        assert first.kernel_id != second.kernel_id
        assert sorted(jp_serverapp.kernel_manager.list_kernel_ids()) == sorted([first.kernel_id, second.kernel_id])
        assert pool.pooled() == 0 and not pool._waiters  # refill=False: topping up is left to the caller
    finally:
        await pool.shutdown(first)
        await pool.shutdown(second)


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 1}}])
async def test_a_session_waiting_for_a_fill_that_fails_gets_the_error_not_a_hang(jr_sessions):
    pool = jr_sessions.pool
    key = pool.key("")._replace(kernel_name="no-such-kernel-spec")
    pool.refill(key)
    with pytest.raises(Exception, match=r"no-such-kernel-spec|No such kernel"):
        await asyncio.wait_for(pool.acquire(key, refill=False), 60)
    assert not pool._waiters
