"""Fixtures for the "Run as app" extension: a real ``jupyter lab`` (or ``jupyter notebook``)
process with the extension as installed (``pip install``, or ``jupyter labextension develop``
for the editable install ./scripts/test makes), a temporary root dir holding the demo apps, a
token, isolated configuration, settings and workspaces, on a free loopback port."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tests.browser.conftest as browser_conftest

# jp_asyncio_loop and jr_package_loop: one event loop and one Chromium for the package's tests,
# as in tests/browser
from tests.browser.conftest import (  # noqa: F401
    RESULTS,
    ROOT,
    _free_port,
    jp_asyncio_loop,
    jr_expect_timeout,
    jr_package_loop,
    jr_retired_servers,
    wait_until_up,
)

TOKEN = "jr-lab-test-token"
HUB_CSP = "frame-ancestors 'none'"  # what every JupyterHub >= 4.1 single-user server sends


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "tests/lab" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


class Lab:
    """``jupyter lab`` (``app="jupyterlab"``) or ``jupyter notebook`` (``app="notebook"``)."""

    def __init__(self, tmp: Path, app: str = "jupyterlab", base_url: str = "/", hub_csp: bool = False):
        self.port = _free_port()
        self.base_url = base_url
        self.url = f"http://127.0.0.1:{self.port}{base_url}"
        self.root = tmp / "root"
        self.root.mkdir()
        for demo in ("hello.py", "notebook_app.ipynb"):
            shutil.copy(ROOT / "notebooks" / demo, self.root / demo)
        config_dir, settings = tmp / "config", tmp / "settings"
        config_dir.mkdir()
        server: dict[str, Any] = {"jpserver_extensions": {"jupyter_reactive": True}}
        if hub_csp:
            server["tornado_settings"] = {"headers": {"Content-Security-Policy": HUB_CSP}}
        (config_dir / "jupyter_server_config.json").write_text(
            json.dumps({"ServerApp": server, "ReactiveApp": {"pool_size": 0}})
        )
        # no news or update checks (a toast over the page), the light theme to start with
        notification = settings / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(config_dir),
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
        }
        RESULTS.mkdir(exist_ok=True)
        self.log_path = RESULTS / f"{app}-{self.port}.log"
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                app,
                "--no-browser",
                "--allow-root",  # CI runs as root in a container
                "--ip=127.0.0.1",
                f"--port={self.port}",
                f"--ServerApp.base_url={base_url}",
                f"--IdentityProvider.token={TOKEN}",
                f"--ServerApp.root_dir={self.root}",
                "--LabApp.news_url=",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.expose_app_in_browser=True",
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        wait_until_up(f"{self.url}reactive/api/health", self.proc, self.log_path, app, 90)

    def page_url(self, path: str) -> str:
        """``path`` under the base URL, with the token (the browser then keeps the cookie)."""
        return f"{self.url}{path}{'&' if '?' in path else '?'}token={TOKEN}"

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text()

    def stop(self, wait: bool = True) -> None:
        """SIGTERM, then wait for the lab to end; ``wait=False``: its end is awaited at the
        package's end (``jr_retired_servers``), as for a browser test's ``Served``."""
        self.proc.terminate()
        if not wait and browser_conftest._retiring is not None:
            browser_conftest._retiring.append(self)
            return
        self._end()

    def _end(self) -> None:
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self._log.close()


@pytest.fixture(scope="module")
def jr_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    lab = Lab(tmp_path_factory.mktemp("lab"))
    yield lab
    lab.stop(wait=False)


@pytest.fixture
def jr_fresh_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A lab of its own, for a test that the module's earlier tests must not leave state to
    (the files they saved, the settings and workspaces they changed)."""
    lab = Lab(tmp_path_factory.mktemp("lab"))
    yield lab
    lab.stop(wait=False)
