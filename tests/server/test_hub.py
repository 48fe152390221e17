"""Serve started by JupyterHub (server/hub.py) and the identity a session hands its kernel
(auth.viewer_identity), without a hub: the environment JupyterHub gives, the refusals of an
environment that cannot work, the authorizer with jupyterhub's own identity provider, and jr.user
as a real session's kernel shows it to an anonymous viewer and to a token user.
(tests/browser/test_hub.py runs a real hub.)"""

from __future__ import annotations

import json
import re
import socket
import sys
from pathlib import Path
from typing import Any

import pytest
from jupyter_server.auth.identity import User
from jupyterhub.singleuser.extension import JupyterHubIdentityProvider, JupyterHubUser
from tornado.websocket import websocket_connect

from jupyter_reactive import cli
from jupyter_reactive.server import hub
from jupyter_reactive.server.auth import VIEWER_USERNAME, viewer_identity
from tests.browser.conftest import _free_port
from tests.conftest import AppClient, serve_mode_config

pytestmark = pytest.mark.timeout(120)

PORT = _free_port()
ENV = {
    "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{PORT}",
    "JUPYTERHUB_SERVICE_PREFIX": "/services/gallery/",
    "JUPYTERHUB_SERVICE_NAME": "gallery",
    "JUPYTERHUB_API_URL": "http://127.0.0.1:1/hub/api",
    "JUPYTERHUB_API_TOKEN": "secret-token",
    "JUPYTERHUB_CLIENT_ID": "service-gallery",
    "JUPYTERHUB_OAUTH_ACCESS_SCOPES": json.dumps(["access:services!service=gallery"]),
}


def test_serve_listens_where_the_hub_says_under_its_prefix_with_hub_oauth(tmp_path: Path) -> None:
    assert hub.in_hub(ENV) and not hub.in_hub({})
    settings = hub.serve_settings(ENV)
    assert "--ServerApp.ip=127.0.0.1" in settings and f"--ServerApp.port={PORT}" in settings
    assert "--ServerApp.port_retries=0" in settings
    assert "--ServerApp.base_url=/services/gallery/" in settings
    assert "--ServerApp.identity_provider_class=jupyterhub.singleuser.extension.JupyterHubIdentityProvider" in settings
    assert "--ServerApp.authorizer_class=jupyter_reactive.server.hub.HubViewerAuthorizer" in settings
    # the anonymous viewer's identity gives way; the user's own options still come last
    (tmp_path / "app.py").write_text("")
    argv = cli.serve_argv([str(tmp_path / "app.py"), "--ReactiveApp.pool_size=0"], hub=settings)
    assert not any("ViewerIdentityProvider" in a for a in argv)
    assert argv[-1] == "--ReactiveApp.pool_size=0"
    # traitlets refuses a setting given twice: the hub's browser setting is the only one
    assert [a.partition("=")[0] for a in argv].count("--ServerApp.open_browser") == 1
    https = hub.serve_settings({**ENV, "JUPYTERHUB_SERVICE_URL": "https://127.0.0.1/"})
    assert "--ServerApp.port=443" in https


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"JUPYTERHUB_SERVICE_URL": "gopher://x"}, "is not an http(s)://host:port URL"),
        ({"JUPYTERHUB_SERVICE_URL": "http://"}, "is not an http(s)://host:port URL"),
        ({"JUPYTERHUB_SERVICE_URL": "http://h:99999999"}, "has a bad port"),
        ({"JUPYTERHUB_API_TOKEN": ""}, "$JUPYTERHUB_API_TOKEN is empty"),
        ({"JUPYTERHUB_API_URL": ""}, "$JUPYTERHUB_API_URL is empty"),
        ({"JUPYTERHUB_CLIENT_ID": ""}, "$JUPYTERHUB_CLIENT_ID is empty"),
    ],
)
def test_an_environment_that_cannot_work_is_refused(change: dict[str, str], says: str) -> None:
    with pytest.raises(hub.HubSetupError, match=re.escape(says)):
        hub.serve_settings({**ENV, **change})


def test_serve_inside_a_hub_servers_terminal_says_the_address_is_taken() -> None:
    """A terminal of a hub user's server inherits that server's JUPYTERHUB_SERVICE_URL."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        taken = f"http://127.0.0.1:{server.getsockname()[1]}/user/alice/"
        with pytest.raises(hub.HubSetupError, match=r"is in use .* unset JUPYTERHUB_SERVICE_URL"):
            hub.serve_settings({**ENV, "JUPYTERHUB_SERVICE_URL": taken})


def test_without_jupyterhub_installed_serve_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jupyterhub.singleuser.extension", None)  # import fails
    with pytest.raises(hub.HubSetupError, match=r"pip install jupyter_reactive\[hub\]"):
        hub.serve_settings(ENV)


def test_an_unreachable_hub_is_one_line() -> None:
    with pytest.raises(hub.HubSetupError, match="cannot reach the hub at"):
        hub.check_token(ENV, timeout=2)


@pytest.mark.parametrize("unset", ["JUPYTERHUB_API_TOKEN", "JUPYTERHUB_CLIENT_ID"])
def test_serve_exits_with_one_line_on_a_missing_hub_variable(
    unset: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = tmp_path / "app.py"
    app.write_text("import jupyter_reactive as jr\n")
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(unset)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["serve", str(app)])
    assert stopped.value.code == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("jupyter reactive: started by JupyterHub") and f"${unset} is empty" in line


@pytest.fixture
def hub_provider(monkeypatch: pytest.MonkeyPatch) -> JupyterHubIdentityProvider:
    """jupyterhub's own identity provider, configured from a service's environment."""
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    return JupyterHubIdentityProvider()


def _hub_user(name: str, scopes: list[str], **model: Any) -> JupyterHubUser:
    return JupyterHubUser({"name": name, "kind": "user", "scopes": scopes, **model})


@pytest.mark.parametrize(
    ("user", "resource", "allowed"),
    [
        (_hub_user("alice", ["access:services!service=gallery"]), "reactive:apps", True),
        (_hub_user("alice", ["access:services!service=gallery"]), "reactive:uploads", True),
        (_hub_user("alice", ["access:services!service=gallery"]), "reactive:media", True),
        (_hub_user("alice", ["access:services"]), "reactive:apps", True),  # every service
        # Jupyter's own APIs and the session list: never, whatever the hub grants
        (_hub_user("alice", ["access:services!service=gallery"]), "kernels", False),
        (_hub_user("alice", ["access:services!service=gallery"]), "contents", False),
        (_hub_user("alice", ["access:services!service=gallery"]), "reactive:sessions", False),
        (_hub_user("admin", ["admin:servers", "access:servers"]), "kernels", False),
        # no access scope for this service
        (_hub_user("bob", ["access:services!service=other"]), "reactive:apps", False),
        (_hub_user("bob", []), "reactive:apps", False),
        # not a hub user at all
        (User(username="alice"), "reactive:apps", False),
        (None, "reactive:apps", False),
    ],
)
def test_the_hub_authorizer_lets_scope_holders_reach_the_app_only(
    hub_provider: JupyterHubIdentityProvider, user: Any, resource: str, allowed: bool
) -> None:
    authorizer = hub.HubViewerAuthorizer(identity_provider=hub_provider)
    assert authorizer.is_authorized(None, user, "execute", resource) is allowed


def test_the_identity_a_kernel_gets() -> None:
    assert viewer_identity(None) == {"is_logged_in": False}
    assert viewer_identity(User(username=VIEWER_USERNAME, name="Viewer")) == {"is_logged_in": False}
    assert viewer_identity(User(username="u1", name="Ann Lee", display_name="Ann")) == {
        "is_logged_in": True,
        "username": "u1",
        "name": "Ann",
        "groups": [],
    }
    alice = JupyterHubUser(
        {
            "name": "alice",
            "scopes": [],
            "groups": ["zeta", "analysts"],
            "user_info": {"name": "Alice A.", "email": "alice@example.org"},
        }
    )
    assert viewer_identity(alice) == {
        "is_logged_in": True,
        "username": "alice",
        "name": "Alice A.",
        "groups": ["analysts", "zeta"],
        "email": "alice@example.org",
    }
    # a hub model with odd shapes: no groups, no email
    odd = JupyterHubUser({"name": "bob", "scopes": [], "groups": "analysts", "user_info": ["x"]})
    assert viewer_identity(odd) == {"is_logged_in": True, "username": "bob", "name": "bob", "groups": []}


async def test_jr_user_in_a_token_users_session(jr_connect: Any) -> None:
    """The server's token user (as inside JupyterLab; serve mode with a token is the same)."""
    app = await jr_connect("hub_app.py")
    await app.hello()
    await app.run()
    assert app.has_text("logged in: True")
    assert not app.has_text("username: nobody")


@pytest.fixture
def jr_config() -> dict[str, Any]:
    return serve_mode_config("hub_app.py")


async def test_jr_user_is_nobody_for_an_anonymous_serve_viewer(
    http_server_client: Any, jp_http_port: int, jp_base_url: str, jr_apps: Path
) -> None:
    ws = await websocket_connect(f"ws://127.0.0.1:{jp_http_port}{jp_base_url}reactive/ws/hub_app.py")
    app = AppClient(ws)
    try:
        # whatever the page claims about itself is not an identity
        await app.hello(user={"is_logged_in": True, "username": "admin"})
        await app.run()
        assert app.has_text("logged in: False") and app.has_text("username: nobody")
    finally:
        app.close()
