"""JupyterHub, for real: a hub on loopback with configurable-http-proxy, two users' single-user
servers with the extension, and the same app published as the hub-managed service ``gallery``
for the group ``analysts`` (tests/browser/hub.py).

alice logs in in Chromium and drives the app on her own server and on the service, uploads a
file through the proxy (XSRF and the authorizer in force), and sees herself in ``jr.user``; bob
is refused both (403); anonymous, forged-cookie and bad-OAuth-state requests are never served.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import expect
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from jupyter_reactive import cli
from tests.browser.conftest import chromium
from tests.browser.hub import Hub

pytestmark = pytest.mark.timeout(240)

APP_PATH = "reactive/app/hub_app.py"
# ms: a page behind the hub waits for the OAuth round trip and, the first time, a fresh fork
# server and kernel on a machine that is also running three Jupyter servers and a hub
WAIT = 60_000


@pytest.fixture(scope="module")
def jr_hub() -> Iterator[Hub]:
    # a short folder: kernels' Unix sockets live under the users' homes
    folder = Path(tempfile.mkdtemp(prefix="jrhub-"))
    hub = Hub(folder)
    try:
        hub.start_servers("alice", "bob", "alice/app")
        hub.alice, hub.bob = hub.user_token("alice"), hub.user_token("bob")  # type: ignore[attr-defined]
        yield hub
    finally:
        hub.stop()
        shutil.rmtree(folder, ignore_errors=True)


async def _login(page, hub: Hub, user: str, next_path: str) -> None:
    await page.goto(f"{hub.url}/hub/login?next={next_path}")
    await page.fill("#username_input", user)
    await page.fill("#password_input", "any")
    await page.click("#login_submit")


async def _drive(page, upload: Path | None = None) -> None:
    """The app reacts to its slider (a rerun in the session's kernel) and takes an upload."""
    await expect(page.get_by_text("double: 6")).to_be_visible(timeout=WAIT)
    await page.get_by_role("slider", name="n").fill("7")
    await expect(page.get_by_text("double: 14")).to_be_visible(timeout=WAIT)
    if upload is not None:
        await page.get_by_label("upload").set_input_files(str(upload))
        await expect(page.get_by_text(f"uploaded {upload.name}: {upload.stat().st_size} bytes")).to_be_visible(
            timeout=WAIT
        )


async def test_alice_drives_her_app_and_the_service_and_bob_is_refused(jr_hub: Hub, tmp_path: Path) -> None:
    data = tmp_path / "numbers.csv"
    data.write_bytes(b"a,b\n" + b"1,2\n" * 5000)
    async with chromium() as (page,):
        page.context.set_default_timeout(WAIT)
        # her own server: hub login, then the OAuth round trip to /user/alice/, then the app
        await _login(page, jr_hub, "alice", f"/user/alice/{APP_PATH}")
        await expect(page.get_by_text("username: alice")).to_be_visible(timeout=WAIT)
        await expect(page.get_by_text("logged in: True")).to_be_visible(timeout=WAIT)
        await expect(page.get_by_text("groups: analysts")).to_be_visible(timeout=WAIT)
        assert page.url == f"{jr_hub.url}/user/alice/{APP_PATH}"
        await _drive(page, data)
        # the service: alice is in analysts, whose role grants access:services!service=gallery
        await page.goto(f"{jr_hub.url}/services/gallery/")
        await expect(page.get_by_text("username: alice")).to_be_visible(timeout=WAIT)
        await expect(page.get_by_text("groups: analysts")).to_be_visible(timeout=WAIT)
        assert page.url == f"{jr_hub.url}/services/gallery/{APP_PATH}"
        await _drive(page, data)
        # her named server "app" runs `jupyter reactive serve hub_app.py` behind the same OAuth
        await page.goto(f"{jr_hub.url}/user/alice/app/")
        await expect(page.get_by_text("username: alice")).to_be_visible(timeout=WAIT)
        assert page.url == f"{jr_hub.url}/user/alice/app/{APP_PATH}"
        await _drive(page)
        # a forged copy of her server's cookie is nobody: sent to log in, not served
        cookies = await page.context.cookies()
        (real,) = [c for c in cookies if c["name"] == "jupyterhub-user-alice"]
        forged = real["value"][:-6] + ("AAAAAA" if not real["value"].endswith("AAAAAA") else "BBBBBB")
        status, location, _ = jr_hub.get(
            f"/user/alice/{APP_PATH}", headers={"Cookie": f"jupyterhub-user-alice={forged}"}
        )
        assert status == 302 and "/hub/api/oauth2/authorize" in location

    async with chromium() as (page,):
        page.context.set_default_timeout(WAIT)
        await _login(page, jr_hub, "bob", "/hub/home")
        response = await page.goto(f"{jr_hub.url}/services/gallery/{APP_PATH}")
        assert response is not None and response.status == 403
        assert "username:" not in await page.content()
        for prefix in ("/user/alice/", "/user/alice/app/"):
            response = await page.goto(f"{jr_hub.url}{prefix}{APP_PATH}")
            assert response is not None and response.status == 403
        # his own server is his
        await page.goto(f"{jr_hub.url}/user/bob/{APP_PATH}")
        await expect(page.get_by_text("username: bob")).to_be_visible(timeout=WAIT)
        await expect(page.get_by_text("groups: none")).to_be_visible(timeout=WAIT)
    # the app's socket is no "insecure request" to the hub's cookie check (Chromium sends no
    # Sec-Fetch-Mode on a WebSocket handshake): the servers' logs stay quiet about it
    assert "Skipping XSRF check for insecure request GET" not in jr_hub.log()


@pytest.mark.parametrize("prefix", ["/user/alice/", "/services/gallery/", "/user/alice/app/"])
def test_anonymous_and_other_users_are_not_served(jr_hub: Hub, prefix: str) -> None:
    # anonymous: sent to the hub's OAuth, which sends it to log in
    status, location, body = jr_hub.get(prefix + APP_PATH)
    assert status == 302 and location.startswith("/hub/api/oauth2/authorize?")
    assert "jupyter-reactive-config" not in body
    status, location, _ = jr_hub.get(location)
    assert status == 302 and location.startswith("/hub/login?")
    # bob (not alice, not an analyst): 403 on the page, the upload route and the API
    for path in (APP_PATH, "reactive/api/sessions"):
        assert jr_hub.get(prefix + path, token=jr_hub.bob)[0] == 403, path  # type: ignore[attr-defined]
    assert jr_hub.get(prefix + "reactive/upload/x/y", token=jr_hub.bob, data=b"x")[0] == 403  # type: ignore[attr-defined]
    # alice with her token: the page
    assert jr_hub.get(prefix + APP_PATH, token=jr_hub.alice)[0] == 200  # type: ignore[attr-defined]
    # OAuth callbacks: a state this browser was never given, no state, no code (HubOAuth's checks)
    assert jr_hub.get(prefix + "oauth_callback?code=forged&state=forged")[0] == 403
    assert jr_hub.get(prefix + "oauth_callback?code=forged")[0] == 400
    assert jr_hub.get(prefix + "oauth_callback?state=forged")[0] == 400


@pytest.mark.parametrize("prefix", ["/services/gallery/", "/user/alice/app/"])
def test_served_apps_give_their_viewers_the_app_and_nothing_else(jr_hub: Hub, prefix: str) -> None:
    for path in ("api/kernels", "api/contents", "api/sessions", "api/kernelspecs", "reactive/api/sessions"):
        assert jr_hub.get(prefix + path, token=jr_hub.alice)[0] == 403, path  # type: ignore[attr-defined]
    # on her own server alice is its owner: Jupyter's APIs are hers
    assert jr_hub.get("/user/alice/api/contents", token=jr_hub.alice)[0] == 200  # type: ignore[attr-defined]


def test_serve_under_the_hub_prints_its_url_without_a_token(jr_hub: Hub) -> None:
    """No hub user types the server's token (the hub's login lets them in): serve's start
    lines give the app's URL without one (jupyterhub-singleuser's own lines are not serve's)."""
    urls = [line.split("] ", 1)[1] for line in jr_hub.log().splitlines() if "ServerApp] http" in line]
    served = [url for url in urls if "/reactive/app/hub_app.py" in url]
    assert any("/services/gallery/reactive/app/hub_app.py" in url for url in served), urls
    assert any("/user/alice/app/reactive/app/hub_app.py" in url for url in served), urls
    assert not any("token=" in url for url in served), served


@pytest.mark.parametrize("prefix", ["/user/alice/", "/services/gallery/", "/user/alice/app/"])
async def test_the_app_socket_needs_the_right_hub_user(jr_hub: Hub, prefix: str) -> None:
    url = jr_hub.url.replace("http", "ws", 1) + prefix + "reactive/ws/hub_app.py"
    for token in (None, jr_hub.bob, "forged-token"):  # type: ignore[attr-defined]
        headers = {"Authorization": f"token {token}"} if token else {}
        with pytest.raises(HTTPClientError) as refused:
            await websocket_connect(HTTPRequest(url, headers=headers))
        assert refused.value.code == 403, token
    ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {jr_hub.alice}"}))  # type: ignore[attr-defined]
    ws.close()


def test_serve_with_a_wrong_hub_token_exits_with_one_line(
    jr_hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = tmp_path / "app.py"
    app.write_text("import jupyter_reactive as jr\njr.write('hi')\n")
    for name, value in {
        "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:1/",
        "JUPYTERHUB_SERVICE_PREFIX": "/services/x/",
        "JUPYTERHUB_API_URL": f"{jr_hub.url}/hub/api",
        "JUPYTERHUB_CLIENT_ID": "service-x",
        "JUPYTERHUB_API_TOKEN": "not-a-token",
    }.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["serve", str(app)])
    assert stopped.value.code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"jupyter reactive: the hub at {jr_hub.url}/hub/api refuses $JUPYTERHUB_API_TOKEN (HTTP 403): "
        "start serve from the hub (it sets the token) or give it the service's api_token"
    ]
