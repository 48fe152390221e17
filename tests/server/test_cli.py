"""`jupyter reactive serve` as a user types it: a real process on a free port."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import Served, _free_port, wait_until_up

pytestmark = pytest.mark.timeout(120)

ROOT = Path(__file__).resolve().parents[2]


def _get(url: str) -> tuple[int, str, dict]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as r:
            return r.status, r.read().decode(), dict(r.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace"), dict(err.headers)


def test_serve_a_script_prints_its_url_and_redirects_to_it():
    served = Served(ROOT / "notebooks" / "hello.py")
    try:
        code, _body, headers = _get(served.url + "/")
        assert code == 302 and headers["Location"].startswith("/reactive/app/hello.py")
        code, body, _ = _get(served.url + "/reactive/app/hello.py")
        assert code == 200 and "jupyter-reactive-config" in body
        assert f"http://127.0.0.1:{served.port}/reactive/app/hello.py" in served.log()
        assert "token=" not in served.log()  # viewers need no token
        for path in ("/api/kernels", "/api/contents", "/api/terminals", "/lab", "/reactive/api/sessions"):
            assert _get(served.url + path)[0] in (302, 403, 404), path
        code, body, _ = _get(served.url + "/reactive/api/health")
        assert code == 200 and json.loads(body)["status"] == "ok"
    finally:
        served.stop()


def test_serve_a_folder_lists_its_apps():
    served = Served(ROOT / "notebooks")
    try:
        code, _body, headers = _get(served.url + "/")
        assert code == 302 and headers["Location"].startswith("/reactive/")
        code, body, _ = _get(served.url + "/reactive/")
        assert code == 200 and "hello.py" in body and "notebook_app.ipynb" in body
        assert _get(served.url + "/reactive/app/notebook_app.ipynb")[0] == 200
    finally:
        served.stop()


@pytest.mark.parametrize(
    "args,message",
    [
        (["serve"], "usage"),
        (["serve", "no/such/app.py"], "does not exist"),
        (["serve", "README.md"], "README.md is not an app"),
        (["serve", "a.py", "b.py"], "serve takes one PATH"),
        (["run", "no/such/app.py"], "does not exist"),  # the Streamlit habit
        (["no/such/app.py"], "does not exist"),  # a path without a command is served
        (["blah"], "no command 'blah'"),
        (["help", "blah"], "no command 'blah'"),
        (["serve", "notebooks/hello.py", "--prot=1"], "unknown option --prot (did you mean --port?)"),
        (["serve", "notebooks/hello.py", "--no-browsr"], "(did you mean --no-browser?)"),
        # Streamlit's flags: a mistyped one stops serve, as `streamlit run` refuses it
        (["serve", "notebooks/hello.py", "--server.porrt", "8000"], "unknown option --server.porrt (did you"),
        (["serve", "notebooks/hello.py", "--theme.primaryColour=#f00"], "(did you mean --theme.primaryColor?)"),
        (["serve", "notebooks/hello.py", "--no-browser=1"], "--no-browser takes no value"),
        (["serve", "notebooks/hello.py", "--port"], "--port needs a value"),
        (
            ["serve", "notebooks/hello.py", "--ReactiveApp.pol_size=2"],
            "ReactiveApp has no setting pol_size (did you mean --ReactiveApp.pool_size?)",
        ),
        (["serve", "notebooks/hello.py", "--ReactivApp.pool_size=2"], "no class ReactivApp"),
        # a value of the wrong type, said in serve's words before anything starts
        (["serve", "notebooks/hello.py", "--port", "abc"], "--port=abc: expected a whole number"),
        (["serve", "notebooks/hello.py", "--ReactiveApp.pool_size=1.5"], "pool_size=1.5: expected a whole number"),
        (
            ["serve", "notebooks/hello.py", "--ReactiveApp.run_on_save=maybe"],
            "run_on_save=maybe: expected True or False",
        ),
        (["serve", "notebooks/hello.py", "--ReactiveApp.session_idle_timeout=soon"], "soon: expected a number"),
    ],
)
def test_bad_arguments_explain_themselves(args, message):
    out = subprocess.run(
        [sys.executable, "-m", "jupyter_reactive", *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.splitlines()) == 2, out.stderr


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["help"]])
def test_help_lists_the_commands(args):
    out = subprocess.run([sys.executable, "-m", "jupyter_reactive", *args], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for command in ("serve PATH", "run PATH", "help"):
        assert command in out.stdout


@pytest.mark.parametrize("args", [["serve", "--help"], ["run", "-h"], ["help", "serve"], ["serve", "app.py", "--help"]])
def test_serve_help_lists_the_common_options_one_line_each(args):
    out = subprocess.run([sys.executable, "-m", "jupyter_reactive", *args], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for option in (
        "--port=",
        "--ip=",
        "--no-browser",
        "base_url",
        "pool_size",
        "preload",
        "-- ARGS",
        "media_store_url",
        "max_upload_size",
        "session_idle_timeout",
        "run_on_save",
        "--theme.primaryColor=",
        "--server.maxUploadSize=",
        "--help-all",
    ):
        assert option in out.stdout, option


def test_serve_help_all_lists_every_setting():
    out = subprocess.run(
        [sys.executable, "-m", "jupyter_reactive", "serve", "--help-all"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0 and "reconnect_window" in out.stdout and "ServerApp.port" in out.stdout


@pytest.mark.parametrize(
    "setting", ["--ReactiveApp.media_store_url=bogus://x", "--ReactiveApp.media_store_url=redis://"]
)
def test_a_setting_that_stops_the_extension_ends_serve_with_one_line(setting, monkeypatch):
    if setting.endswith("redis://") and importlib.util.find_spec("redis") is not None:
        # the package is installed here: make it unimportable for the served process
        monkeypatch.setenv("PYTHONPATH", f"{ROOT / 'tests' / 'server' / 'no_redis'}")
    out = subprocess.run(
        [sys.executable, "-m", "jupyter_reactive", "serve", "notebooks/hello.py", "--port=0", "--no-browser", setting],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 1, out.stderr[-2000:]
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("jupyter reactive: --ReactiveApp.media_store_url="), last
    if setting.endswith("redis://"):  # the fix once, then the alternatives
        assert "pip install 'jupyter_reactive[redis]'; or use memory:// (one process)" in last, last
        assert last.count("pip install") == 1, last
    else:
        assert "Use memory://" in last, last
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "setting, says",
    [
        ("--ReactiveApp.cache_store_url=memory://", "unknown cache store URL scheme 'memory'"),
        ("--ReactiveApp.cache_store_url=file://host/dir", "file:// cache store URLs name a local path"),
        ("--ReactiveApp.cache_store_url=file:///tmp/jr-x?max_bytes=-1", "cache store option 'max_bytes'"),
        ("--ReactiveApp.cache_store_url=redis://h/0?max_bytes=lots", "cache store option 'max_bytes'"),
    ],
)
def test_a_bad_cache_store_url_ends_serve_with_one_line(setting, says):
    out = subprocess.run(
        [sys.executable, "-m", "jupyter_reactive", "serve", "notebooks/hello.py", "--port=0", "--no-browser", setting],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 1, out.stderr[-2000:]
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("jupyter reactive: --ReactiveApp.cache_store_url=") and says in last, last
    assert "Use file:///a/shared/dir or redis://host:6379/0" in last and "Traceback" not in out.stderr


def test_serve_is_quiet_keeps_kernels_off_tcp_and_ends_on_sigterm():
    served = Served(ROOT / "notebooks" / "hello.py")
    try:
        assert _get(served.url + "/login")[0] == 404  # no password form for viewers
        messages = asyncio.run(_first_run(served))
        assert any(m.get("type") == "run_finished" for m in messages), messages
        served.proc.send_signal(signal.SIGTERM)
        assert served.proc.wait(30) == 0
        log = served.log()
        noise = [
            ln
            for ln in log.splitlines()
            if ("WARN" in ln or "[W " in ln or "warning" in ln.lower()) and "404 GET /login" not in ln
        ]
        assert noise == [], log
        assert "over TCP" not in log
    finally:
        served.stop()


def test_serve_where_no_browser_can_open_says_nothing_about_it(tmp_path):
    """A server or a container has no browser: serve (without --no-browser, as the README types
    it) opens none and logs no "No web browser found" warning."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER")}
    probe = "import webbrowser\ntry:\n    webbrowser.get()\nexcept webbrowser.Error:\n    raise SystemExit(3)"
    if subprocess.run([sys.executable, "-c", probe], env=env).returncode != 3:
        pytest.skip("this machine has a browser webbrowser would open")
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        cmd = [
            sys.executable,
            "-m",
            "jupyter_reactive",
            "serve",
            str(ROOT / "notebooks" / "hello.py"),
            f"--port={port}",
        ]
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/reactive/api/health", proc, log, "server", 60)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(30) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
    text = log.read_text()
    assert "browser" not in text.lower() and "[W " not in text, text
    assert f"http://127.0.0.1:{port}/reactive/app/hello.py" in text


async def _first_run(served: Served) -> list[dict]:
    """Open a session the way the page does and read frames up to the first run's end."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    ws_url = served.url.replace("http", "ws") + "/reactive/ws/hello.py?hello=1"
    ws = await websocket_connect(HTTPRequest(ws_url, headers={"Origin": served.url}))
    messages: list[dict] = []
    try:
        while not any(m.get("type") == "run_finished" for m in messages):
            raw = await asyncio.wait_for(ws.read_message(), 60)
            assert raw is not None, messages
            messages.append(json.loads(raw if isinstance(raw, str) else raw[4 : 4 + int.from_bytes(raw[:4], "big")]))
    finally:
        ws.close()
    return messages


def test_help_lists_the_options():
    out = subprocess.run(
        [sys.executable, "-m", "jupyter_reactive", "--help-all"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0
    assert "reconnect_window" in out.stdout and "pool_size" in out.stdout


def test_jupyter_dispatches_the_reactive_subcommand():
    jupyter = Path(sys.executable).with_name("jupyter")
    out = subprocess.run(
        [str(jupyter) if jupyter.exists() else "jupyter", "reactive", "serve", "no/such/app.py"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode != 0 and "does not exist" in out.stderr + out.stdout


def test_installing_enables_the_server_extension():
    jupyter = Path(sys.executable).with_name("jupyter")
    out = subprocess.run(
        [str(jupyter) if jupyter.exists() else "jupyter", "server", "extension", "list"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    listing = out.stdout + out.stderr
    line = next((ln for ln in listing.splitlines() if "jupyter_reactive" in ln and "enabled" in ln), None)
    assert line is not None, listing


DEFERRED_CHECK = r"""
import json, sys
from jupyter_reactive.cli import DEFERRED, defer_slow_imports
defer_slow_imports()
import jupyter_server.serverapp  # what `jupyter reactive` imports on its way to serving
real = lambda: sorted(n for n in DEFERRED if n in sys.modules and type(sys.modules[n]).__name__ != "_Deferred")
at_start = real()
built_at_start = "rfc3987_syntax.syntax_helpers" in sys.modules
import jsonschema
fc = jsonschema.FormatChecker()
checks = {
    "iri": [fc.conforms("https://example.org/\u00fcn\u00efcode?q=1", "iri"), fc.conforms("no spaces allowed", "iri")],
    "uri": [fc.conforms("https://example.org/a?b=1", "uri"), fc.conforms("no scheme", "uri")],
    "date-time": [fc.conforms("2026-12-06T21:00:00Z", "date-time"), fc.conforms("yesterday", "date-time")],
    "color": [jsonschema.draft3_format_checker.conforms("red", "color"),
              jsonschema.draft3_format_checker.conforms("not a colour", "color")],
    "uri-template": [fc.conforms("https://example.org/{id}", "uri-template"), fc.conforms("a{b", "uri-template")],
    "hostname": [fc.conforms("example.org", "hostname"), fc.conforms("-bad-.org", "hostname")],
    # the second goes through arrow (isoduration's datetime form; jsonschema's answer is False)
    "duration": [fc.conforms("P1Y2M", "duration"), fc.conforms("P2003-02-01T12:00:00", "duration")],
}
print(json.dumps({"built_at_start": built_at_start, "at_start": at_start, "checks": checks, "real": real(),
                  "installed": sorted(n for n in DEFERRED if n in sys.modules)}))
"""

SUBMODULE_CHECK = r"""
import sys
from jupyter_reactive.cli import defer_slow_imports
defer_slow_imports()
import webcolors._definitions  # a submodule, imported through the stand-in
import webcolors
red = webcolors.name_to_hex("red")
print(type(sys.modules["webcolors"]).__name__, red)
"""


@pytest.mark.skipif(importlib.util.find_spec("rfc3987_syntax") is None, reason="rfc3987_syntax is not installed")
def test_the_slow_format_checkers_are_imported_on_first_use_not_at_start():
    """jupyter-server's imports do not import the libraries behind jsonschema's optional format
    checks (the IRI grammar among them); checking such a format gives the real answer."""
    out = subprocess.run([sys.executable, "-c", DEFERRED_CHECK], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["built_at_start"] is False and result["at_start"] == [], result
    assert all(checks == [True, False] for checks in result["checks"].values()), result["checks"]
    assert result["real"] == result["installed"] and "webcolors" in result["real"], result


@pytest.mark.skipif(importlib.util.find_spec("webcolors") is None, reason="webcolors is not installed")
def test_a_submodule_of_a_deferred_package_imports_the_real_package():
    out = subprocess.run([sys.executable, "-c", SUBMODULE_CHECK], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == ["module", "#ff0000"], out.stdout


CLI_DEFERRED_CHECK = r"""
import sys
import time
from jupyter_reactive import cli
try:
    cli.main(["serve", "no/such/app.py", "--port=1"])  # checks its options, then stops on the path
except SystemExit:
    pass
print("rfc3987_syntax.syntax_helpers" in sys.modules)
"""


@pytest.mark.skipif(importlib.util.find_spec("rfc3987_syntax") is None, reason="rfc3987_syntax is not installed")
def test_checking_serve_options_does_not_build_the_slow_grammar():
    out = subprocess.run(
        [sys.executable, "-c", CLI_DEFERRED_CHECK], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr


def test_python_m_and_the_console_script_use_the_same_entry_point():
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["jupyter-reactive"] == "jupyter_reactive.cli:main"
    assert "from jupyter_reactive.cli import main" in (ROOT / "jupyter_reactive" / "__main__.py").read_text()


def test_preloads_in_every_documented_form_reach_the_fork_server_and_failures_are_named(tmp_path):
    """`--ReactiveApp.preload=["wave"]` (as the shell delivers it: `[wave]`), repeated, and as a
    comma list; plus the app's own installed imports (not its folder's own module). The fork
    server's ready line lists what it imported and what it did not; one warning says why, for
    the preloads: an app's import of a module that is not installed is the page's to report
    (its ModuleNotFoundError), not a warning in the server's log."""
    (tmp_path / "jr_helper_mod.py").write_text("X = 1\n")
    (tmp_path / "app.py").write_text(
        "import colorsys\nimport jr_helper_mod\nimport jupyter_reactive as jr\n"
        "import no_such_app_module_jr\n\njr.write(f'x: {jr_helper_mod.X}')\n"
    )
    served = Served(
        tmp_path / "app.py",
        "--ReactiveApp.preload=[wave]",
        "--ReactiveApp.preload=netrc,no_such_module_jr",
        "--ReactiveApp.preload=sched",
    )
    try:
        deadline = time.monotonic() + 60
        while "fork server (pid" not in served.log() or "preload not imported" not in served.log():
            assert time.monotonic() < deadline, served.log()
            time.sleep(0.1)
        (ready,) = [line for line in served.log().splitlines() if "fork server (pid" in line]
        assert "preloaded: wave, netrc, sched, colorsys," in ready  # the three forms, then the app's
        assert "not imported: no_such_app_module_jr, no_such_module_jr" in ready and "jr_helper_mod" not in ready
        (warning,) = [line for line in served.log().splitlines() if "preload not imported" in line]
        assert "no_such_module_jr (ModuleNotFoundError" in warning
        assert "no_such_app_module_jr" not in warning
    finally:
        served.stop()


def test_an_app_import_that_fails_inside_an_installed_module_is_still_warned(caplog):
    """Only an app's import of a module that is not there at all is left to the page: one that
    is installed but fails (its own dependency missing) is worth the operator's attention."""
    import logging

    from jupyter_reactive.server.forking import _log_failed_preloads

    log = logging.getLogger("jr-test-preloads")
    failed = {
        "absent": "ModuleNotFoundError: No module named 'absent'",
        "absent.sub": "ModuleNotFoundError: No module named 'absent'",
        "broken": "ModuleNotFoundError: No module named 'its_dependency'",
        "raising": "RuntimeError: boom",
        "asked": "ModuleNotFoundError: No module named 'asked'",
    }
    with caplog.at_level(logging.WARNING, logger=log.name):
        _log_failed_preloads(log, failed, {"absent", "absent.sub", "broken", "raising"})
        _log_failed_preloads(log, {"absent": failed["absent"]}, {"absent"})
    (record,) = caplog.records
    assert record.getMessage() == (
        "jupyter_reactive: preload not imported in the fork server: asked (ModuleNotFoundError: No module "
        "named 'asked'); broken (ModuleNotFoundError: No module named 'its_dependency'); raising (RuntimeError: boom)"
    )


@pytest.mark.parametrize("value", ["os;rm", "../x", "a b"])
def test_a_preload_that_is_not_a_module_name_ends_serve_with_one_line(value):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter_reactive",
            "serve",
            "notebooks/hello.py",
            "--port=0",
            "--no-browser",
            f"--ReactiveApp.preload={value}",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 1, out.stderr[-2000:]
    last = out.stderr.strip().splitlines()[-1]
    assert last.endswith(f"--ReactiveApp.preload: {value!r} is not a module name")
    assert "Traceback" not in out.stderr


def test_arguments_after_a_double_dash_are_the_apps_argv(tmp_path):
    """`serve app.py [options] -- ARGS` (Streamlit's `streamlit run app.py -- ARGS`): ARGS reach
    the app's sys.argv exactly, quotes and brackets too, and --help after -- is the app's."""
    from tornado.websocket import websocket_connect

    from tests.conftest import AppClient

    (tmp_path / "app.py").write_text(
        "import argparse, sys\nimport jupyter_reactive as jr\n\n"
        "parser = argparse.ArgumentParser()\nparser.add_argument('--name')\nparser.add_argument('--rest', nargs='*')\n"
        "args = parser.parse_args()\njr.text(f'name={args.name!r} rest={args.rest!r} argv0={sys.argv[0]}')\n"
    )
    served = Served(tmp_path / "app.py", "--ReactiveApp.pool_size=0", "--", "--name", 'Ada "Q"', "--rest", "[1]", "")

    async def first_run() -> AppClient:
        app = AppClient(await websocket_connect(f"ws://127.0.0.1:{served.port}/reactive/ws/app.py"))
        await app.hello()
        assert (await app.run(timeout=60))["status"] == "complete"
        return app

    try:
        app = asyncio.run(first_run())
        assert app.has_text(f"name='Ada \"Q\"' rest=['[1]', ''] argv0={tmp_path / 'app.py'}"), app.texts()
    finally:
        served.stop()


def test_a_double_dash_ends_serves_own_options():
    from jupyter_reactive.cli import serve_argv

    argv = serve_argv(["notebooks/hello.py", "--port=0", "--", "--help", "--port=1", "x.py"])
    assert argv[-1] == '--ReactiveApp.script_args=["--help", "--port=1", "x.py"]'
    assert "--port=1" not in argv and argv.count("--port=0") == 1
    out = subprocess.run(
        [sys.executable, "-m", "jupyter_reactive", "serve", "no/such/app.py", "--", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 2 and "no/such/app.py does not exist" in out.stderr  # not serve's help
