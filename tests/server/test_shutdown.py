"""Fail loudly, stop on time: `jupyter reactive serve` as a real process, its children counted
with psutil (no process it started may outlive it)."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.browser.conftest import Served
from tests.conftest import wait_for

pytestmark = pytest.mark.timeout(120)

ROOT = Path(__file__).resolve().parents[2]

STUCK_IN_C = """\
import ctypes, signal
import jupyter_reactive as jr
jr.title("stuck")
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
ctypes.CDLL(None).sleep(600)  # in C, deaf to the kernel's interrupt and to SIGTERM
"""

SLOW_RUN = """\
import time
import jupyter_reactive as jr
jr.title("running")
while True:
    time.sleep(0.05)
    jr.empty()
"""


def _serve_cmd(target: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "jupyter_reactive", "serve", str(target), "--no-browser", *options]


def _one_line_failure(out: subprocess.CompletedProcess[str], needle: str) -> str:
    assert out.returncode == 1, out.stderr[-3000:]
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("jupyter reactive: ") and needle in last, out.stderr[-3000:]
    assert "Traceback" not in out.stderr, out.stderr[-3000:]
    return last


def test_a_port_in_use_ends_serve_with_one_line():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out = subprocess.run(
            _serve_cmd(ROOT / "notebooks" / "hello.py", "--ip=127.0.0.1", f"--port={port}"),
            capture_output=True,
            text=True,
            timeout=60,
        )
    last = _one_line_failure(out, f"--port={port}: port {port} on 127.0.0.1 is in use")
    assert "--port=0" in last


def test_an_exception_while_loading_ends_serve_with_one_line_and_debug_shows_the_traceback(tmp_path):
    config = tmp_path / "boom_config.py"
    config.write_text(
        "from jupyter_reactive.server.app import ReactiveApp\n"
        "def boom(self):\n    raise RuntimeError('handlers broke')\n"
        "ReactiveApp.initialize_handlers = boom\n"
    )
    args = _serve_cmd(ROOT / "notebooks" / "hello.py", "--port=0", f"--config={config}")
    out = subprocess.run(args, capture_output=True, text=True, timeout=60)
    _one_line_failure(out, "jupyter_reactive could not load: RuntimeError: handlers broke. Run with --debug")
    debug = subprocess.run([*args, "--debug"], capture_output=True, text=True, timeout=60)
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "handlers broke" in debug.stderr


def test_a_missing_optional_package_names_the_package(tmp_path):
    config = tmp_path / "import_config.py"
    config.write_text(
        "from jupyter_reactive.server.app import ReactiveApp\n"
        "def needs(self):\n    import jr_no_such_package  # noqa\n"
        "ReactiveApp.initialize_handlers = needs\n"
    )
    out = subprocess.run(
        _serve_cmd(ROOT / "notebooks" / "hello.py", "--port=0", f"--config={config}"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    _one_line_failure(out, "needs the Python package 'jr_no_such_package'")


@pytest.mark.parametrize("option", ["--ServerApp.root_dir=/", "--ReactiveApp.serve_path=README.md", "--notebook-dir=/"])
def test_settings_serve_takes_from_its_path_are_refused(option):
    out = subprocess.run(
        _serve_cmd(ROOT / "notebooks" / "hello.py", option), capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.returncode == 2 and "serve takes it from PATH" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr


def test_a_root_dir_that_does_not_exist_is_one_line():
    out = subprocess.run(
        [sys.executable, "-m", "jupyter_reactive", "--no-browser", "--port=0", "--ServerApp.root_dir=/no/such/dir"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1 and "No such directory" in out.stderr, out.stderr[-2000:]
    assert "Traceback" not in out.stderr


async def _open_session(served: Served, app: str, until: str) -> Any:
    """A session the way the page opens one; returns the socket once a frame of type ``until``
    arrived (left open: the server must tell it when it stops)."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(
        HTTPRequest(served.url.replace("http", "ws") + f"/reactive/ws/{app}?hello=1", headers={"Origin": served.url})
    )
    while True:
        raw = await asyncio.wait_for(ws.read_message(), 60)
        assert raw is not None
        msg = json.loads(raw if isinstance(raw, str) else raw[4 : 4 + int.from_bytes(raw[:4], "big")])
        if msg.get("type") == until:
            return ws


async def _rest(ws: Any) -> list[dict[str, Any]]:
    """Every frame until the server closes the socket."""
    out = []
    while (raw := await asyncio.wait_for(ws.read_message(), 30)) is not None:
        out.append(json.loads(raw if isinstance(raw, str) else raw[4 : 4 + int.from_bytes(raw[:4], "big")]))
    out.append({"close_code": ws.close_code})
    return out


def _descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


def _assert_all_gone(procs: list[psutil.Process]) -> None:
    _gone, alive = psutil.wait_procs(procs, timeout=5)
    assert alive == [], [(p.pid, p.cmdline()) for p in alive]


@pytest.mark.parametrize("app,until", [(SLOW_RUN, "deltas"), (STUCK_IN_C, "deltas")], ids=["mid-run", "stuck-in-C"])
def test_sigterm_ends_serve_within_shutdown_timeout_and_leaves_no_process(tmp_path, app, until):
    script = tmp_path / "app.py"
    script.write_text(app)
    served = Served(script, "--ReactiveApp.shutdown_timeout=6", "--ReactiveApp.pool_size=1")
    try:

        async def scenario() -> list[dict[str, Any]]:
            ws = await _open_session(served, "app.py", until)
            children = _descendants(served.proc.pid)
            assert len(children) >= 2  # the fork server and the session's kernel (and a warm one)
            started = time.monotonic()
            served.proc.send_signal(signal.SIGTERM)
            frames = await _rest(ws)
            await asyncio.to_thread(served.proc.wait, 15)
            assert time.monotonic() - started < 6 + 3
            _assert_all_gone(children)
            return frames

        frames = asyncio.run(scenario())
        notices = [f for f in frames if f.get("type") == "notice"]
        assert any("stopping or restarting" in n["message"] for n in notices), frames
        assert frames[-1] == {"close_code": 1012}  # service restart: the page reconnects at once, elsewhere too
    finally:
        served.stop()


def test_sigterm_mid_start_still_ends_it_and_its_children(tmp_path):
    """SIGTERM while warm kernels are still being started (the health check is not up yet)."""
    script = tmp_path / "app.py"
    script.write_text("import jupyter_reactive as jr\njr.write('hi')\n")
    proc = subprocess.Popen(
        _serve_cmd(script, "--port=0", "--ReactiveApp.pool_size=3", "--ReactiveApp.shutdown_timeout=5"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not _descendants(proc.pid) and time.monotonic() < deadline:  # its first child: starting
            time.sleep(0.02)
        children = _descendants(proc.pid)
        assert children, "the server started no process"
        proc.send_signal(signal.SIGTERM)
        proc.wait(5 + 5)
        _assert_all_gone(children + _fresh(children))
    finally:
        if proc.poll() is None:
            proc.kill()


def test_serve_says_what_control_c_does_and_one_sigint_stops_it(tmp_path):
    """serve asks for no confirmation (no terminal needed), so its start line must not promise
    one: it says what a second Control-C does, and a single SIGINT ends it cleanly."""
    script = tmp_path / "app.py"
    script.write_text("import jupyter_reactive as jr\njr.write('hi')\n")
    served = Served(script, "--ReactiveApp.pool_size=1")
    try:
        log = served.log()
        line = next(x for x in log.splitlines() if "Control-C" in x)
        assert line.endswith("Use Control-C to stop this server and shut down all kernels (again to stop at once).")
        assert "confirmation" not in log
        children = _descendants(served.proc.pid)
        served.proc.send_signal(signal.SIGINT)
        assert served.proc.wait(15) == 0
        _assert_all_gone(children)
        assert "SIGINT: stopping" in served.log()
    finally:
        served.stop()


def _fresh(known: list[psutil.Process]) -> list[psutil.Process]:
    """Processes started by the known ones since (a fork server's kernels)."""
    out = []
    for p in known:
        try:
            out += p.children(recursive=True)
        except psutil.Error:
            pass
    return out


def test_a_second_sigint_ends_it_at_once_even_when_stopping_hangs(tmp_path):
    """First SIGINT: a clean stop begins (bounded by shutdown_timeout, long here); the second
    ends the process and its children now."""
    script = tmp_path / "app.py"
    script.write_text(STUCK_IN_C)
    served = Served(script, "--ReactiveApp.shutdown_timeout=60")
    try:

        async def scenario() -> None:
            ws = await _open_session(served, "app.py", "deltas")
            children = _descendants(served.proc.pid)
            served.proc.send_signal(signal.SIGINT)
            # the second once the first was handled (sent before, the two can arrive as one)
            await wait_for(lambda: "SIGINT: stopping (at most" in served.log(), 30)
            served.proc.send_signal(signal.SIGINT)
            await asyncio.to_thread(served.proc.wait, 10)
            _assert_all_gone(children)
            ws.close()

        asyncio.run(scenario())
    finally:
        served.stop()


@pytest.fixture
def jr_config() -> dict[str, Any]:
    return {"ReactiveApp": {"pool_size": 0, "media_store_url": "bogus://x"}}


async def test_inside_another_server_a_load_error_is_logged_once_and_the_server_works(capfd, jp_serverapp, jp_fetch):
    response = await jp_fetch("api", "status")
    assert response.code == 200  # the server (a lab) carries on
    assert "jupyter_reactive_sessions" not in jp_serverapp.web_app.settings
    with pytest.raises(Exception) as err:
        await jp_fetch("reactive", "api", "health")
    assert getattr(err.value, "code", None) == 404  # the extension is off, not half on
    log = capfd.readouterr().err  # what the server logged since before it loaded the extension
    lines = [ln for ln in log.splitlines() if ln.startswith(("[W", "[E", "[C")) and "404 GET" not in ln]
    assert len(lines) == 1 and "ReactiveApp] --ReactiveApp.media_store_url='bogus://x'" in lines[0], log
    assert "Traceback" not in log


def test_stopping_ends_kernels_but_not_the_browser_it_opened(tmp_path):
    """`serve` without --no-browser starts the viewer's browser as a child process: the final
    sweep ends kernels and fork servers only."""
    script = tmp_path / "app.py"
    script.write_text("import jupyter_reactive as jr\njr.write('hi')\n")
    marker = "jr-test-browser-stand-in"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_reactive",
            "serve",
            str(script),
            "--port=0",
            f"--ServerApp.browser={sys.executable} -c 'import time; time.sleep(60)' {marker} %s",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    browser: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            kids = _descendants(proc.pid)
            browser = [p for p in kids if marker in " ".join(_cmdline(p))]
            if browser and len(kids) >= 3:  # the browser, the fork server and a warm kernel
                break
            time.sleep(0.1)
        assert browser, "the browser stand-in did not start"
        kernels = [p for p in _descendants(proc.pid) if p not in browser]
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
        _assert_all_gone(kernels)
        assert browser[0].is_running()
    finally:
        for p in browser:
            p.kill()
        if proc.poll() is None:
            proc.kill()


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:
        return []
