"""`jupyter reactive serve` as a user types it: a real process on a free port."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import Served

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
        (["serve", "README.md"], "must be a .py file"),
    ],
)
def test_bad_arguments_explain_themselves(args, message):
    out = subprocess.run(
        [sys.executable, "-m", "jupyter_reactive", *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.returncode != 0 and message in (out.stderr + out.stdout)


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
from jupyter_reactive.cli import defer_slow_imports
defer_slow_imports()
import jupyter_server.serverapp  # what `jupyter reactive` imports on its way to serving
built_at_start = "rfc3987_syntax.syntax_helpers" in sys.modules
import jsonschema
fc = jsonschema.FormatChecker()
checks = [fc.conforms("https://example.org/\u00fcn\u00efcode?q=1", "iri"), fc.conforms("no spaces allowed", "iri")]
print(json.dumps({"built_at_start": built_at_start, "checks": checks,
                  "real": "rfc3987_syntax.syntax_helpers" in sys.modules}))
"""


@pytest.mark.skipif(importlib.util.find_spec("rfc3987_syntax") is None, reason="rfc3987_syntax is not installed")
def test_the_slow_iri_grammar_is_built_on_first_use_not_at_start():
    out = subprocess.run([sys.executable, "-c", DEFERRED_CHECK], capture_output=True, text=True, check=True, timeout=60)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"built_at_start": False, "checks": [True, False], "real": True}


def test_python_m_and_the_console_script_use_the_same_entry_point():
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["jupyter-reactive"] == "jupyter_reactive.cli:main"
    assert "from jupyter_reactive.cli import main" in (ROOT / "jupyter_reactive" / "__main__.py").read_text()
