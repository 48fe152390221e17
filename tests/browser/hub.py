"""A real JupyterHub on loopback for the hub tests: PyPI's jupyterhub, npm's
configurable-http-proxy (``./scripts/test`` installs it into a cache folder), the simple
local-process spawner and the dummy authenticator, with its database, cookie secret and users'
homes in a temporary folder. It publishes ``hub_app.py`` as the managed service ``gallery``, which
the group ``analysts`` (alice) may use and bob may not, and can start each user's
``jupyterhub-singleuser`` with the extension loaded as installed, or a named server ``app``
that runs ``jupyter reactive serve hub_app.py`` instead."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import RESULTS, _free_port

APP = Path(__file__).resolve().parents[1] / "apps" / "hub_app.py"
# where ./scripts/test puts configurable-http-proxy when it is not on the PATH
CHP_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jupyter-reactive-test" / "chp"


def find_proxy() -> str:
    found = shutil.which("configurable-http-proxy") or shutil.which(
        "configurable-http-proxy", path=str(CHP_CACHE / "node_modules" / ".bin")
    )
    if not found:
        pytest.fail(
            "configurable-http-proxy not found: ./scripts/test installs it "
            f"(npm install --prefix {CHP_CACHE} configurable-http-proxy)"
        )
    return found


CONFIG = """
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {folder!r} + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + {folder!r} + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {folder!r} + "/cookie_secret"
c.JupyterHub.pid_file = {folder!r} + "/hub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {{"alice", "bob"}}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {folder!r} + "/home/{{username}}"
c.Spawner.cmd = [{python!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = ["--allow-root"]  # the tests run as root in CI's container
c.Spawner.default_url = "/reactive/"
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.JupyterHub.allow_named_servers = True


# a named server called "app" runs `jupyter reactive serve` instead of the whole server
def _serve_the_app(spawner):
    if spawner.name == "app":
        spawner.cmd = [{python!r}, "-m", "jupyter_reactive", "serve", "hub_app.py"]


c.Spawner.pre_spawn_hook = _serve_the_app
c.JupyterHub.load_groups = {{"analysts": {{"users": ["alice"]}}}}
c.JupyterHub.services = [
    {{
        "name": "gallery",
        "url": "http://127.0.0.1:{service_port}",
        "command": [{python!r}, "-m", "jupyter_reactive", "serve", {app!r}],
        "oauth_no_confirm": True,
    }},
    {{"name": "tester", "api_token": {token!r}}},
]
c.JupyterHub.load_roles = [
    {{"name": "gallery-viewers", "groups": ["analysts"], "scopes": ["access:services!service=gallery"]}},
    {{"name": "tester", "services": ["tester"], "scopes": ["admin:users", "admin:servers", "tokens", "read:users"]}},
]
"""


class Hub:
    """``jupyterhub`` with :data:`CONFIG` in a folder of its own; :meth:`api` as the ``tester``
    service (admin of users and servers)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.service_port = _free_port()
        self.token = secrets.token_hex(16)
        for user in ("alice", "bob"):
            home = folder / "home" / user
            home.mkdir(parents=True)
            shutil.copy(APP, home / APP.name)
        gallery = folder / "gallery"
        gallery.mkdir()
        shutil.copy(APP, gallery / APP.name)
        (folder / "jupyterhub_config.py").write_text(
            textwrap.dedent(
                CONFIG.format(
                    port=self.port,
                    hub_port=_free_port(),
                    proxy_api_port=_free_port(),
                    service_port=self.service_port,
                    proxy=find_proxy(),
                    folder=str(folder),
                    python=sys.executable,
                    app=str(gallery / APP.name),
                    token=self.token,
                )
            )
        )
        RESULTS.mkdir(exist_ok=True)
        self.log_path = RESULTS / f"jupyterhub-{self.port}.log"
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(folder / "jupyterhub_config.py")],
            cwd=folder,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait(lambda: self.api("GET", "/users/alice") is not None, "the hub to answer")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text()

    def wait(self, ready: Any, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if ready():
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"waited in vain for {what}:\n{self.log()[-6000:]}")
            time.sleep(0.2)

    def api(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {token or self.token}"},
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            text = response.read()
        return json.loads(text) if text else {}

    def start_servers(self, *servers: str) -> None:
        """Start ``user`` or ``user/name`` servers, all at once, and wait until each is ready."""

        def start(server: str) -> None:
            user, _, name = server.partition("/")
            self.api("POST", f"/users/{user}/servers/{name}" if name else f"/users/{user}/server")

        with ThreadPoolExecutor(len(servers)) as pool:  # a POST can wait for its server a while
            list(pool.map(start, servers))
        for server in servers:
            user, _, name = server.partition("/")
            self.wait(lambda u=user, n=name: self.api("GET", f"/users/{u}")["servers"][n]["ready"], f"server {server}")

    def user_token(self, user: str) -> str:
        return self.api("POST", f"/users/{user}/tokens", {"note": "test"})["token"]

    def get(
        self, path: str, token: str | None = None, headers: dict[str, str] | None = None, data: bytes | None = None
    ) -> tuple[int, str, str]:
        """``GET`` (``POST`` with ``data``) through the hub's proxy without following redirects:
        (status, Location, body)."""
        request = urllib.request.Request(f"{self.url}{path}", headers=dict(headers or {}), data=data)
        if token:
            request.add_header("Authorization", f"token {token}")
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=20) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode(errors="replace")
        except urllib.error.HTTPError as err:
            return err.code, err.headers.get("Location", ""), err.read().decode(errors="replace")

    def stop(self) -> None:
        self.proc.terminate()  # the hub stops its services and (cleanup_servers) users' servers
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            self.proc.wait(10)
        self._log.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
