"""Jupyter's own APIs in serve mode: refused to viewers with no credentials, with forged ones
and over the kernel-channels WebSocket; open to an operator's token when one is set."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from tests.adversarial.conftest import Http
from tests.browser.conftest import Served

pytestmark = pytest.mark.timeout(120)

TOKEN = "operator-s3cret-token"
APIS = ["/api/kernels", "/api/contents", "/api/sessions", "/api/kernelspecs", "/api/me", "/api/terminals", "/metrics"]
FORGED = {
    "no credentials": {},
    "wrong token header": {"Authorization": f"token {TOKEN}x"},
    "forged login cookie": {"Cookie": "username-127-0-0-1=2|1:0|10:1700000000|forged|abcdef"},
    "forged xsrf and cookie": {"Cookie": "_xsrf=x; username-127-0-0-1=x", "X-XSRFToken": "x"},
    "basic auth": {"Authorization": "Basic YWRtaW46YWRtaW4="},
}


@pytest.fixture(scope="module")
def with_token(served_root) -> Iterator[Served]:
    served = Served(served_root / "counter.py", f"--IdentityProvider.token={TOKEN}", "--ReactiveApp.pool_size=0")
    yield served
    served.stop()


@pytest.mark.parametrize("how", list(FORGED))
@pytest.mark.parametrize("api", APIS)
def test_viewers_are_refused_jupyters_apis(raw, api, how):
    code, _h, body = raw.get(api, **FORGED[how])
    assert code in (403, 404), (code, body[:200])
    assert b"kernel" not in body.lower() or code == 404


@pytest.mark.parametrize("how", list(FORGED))
def test_viewers_cannot_start_a_kernel(raw, how):
    headers = {"Content-Type": "application/json", **FORGED[how]}
    code, _h, _b = raw.request("POST", "/api/kernels", b'{"name": "python3"}', headers)
    assert code == 403


@pytest.mark.parametrize("how", ["no credentials", "wrong token header", "forged login cookie"])
async def test_the_kernel_channels_socket_is_refused(server, with_token, how):
    """A viewer cannot reach a kernel's channels, not even one whose id it learned."""
    kernels = json.loads(Http(with_token).get("/api/kernels", Authorization=f"token {TOKEN}")[2])
    kernel_id = kernels[0]["id"] if kernels else "00000000-0000-0000-0000-000000000000"
    for target in (server, with_token):
        url = target.url.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels"
        with pytest.raises(HTTPClientError) as err:
            await websocket_connect(HTTPRequest(url, headers={"Origin": target.url, **FORGED[how]}))
        assert err.value.code in (403, 404)


def test_the_operators_token_opens_the_apis_and_the_app_stays_public(with_token):
    raw = Http(with_token)
    assert raw.get("/api/kernels", Authorization=f"token {TOKEN}")[0] == 200
    assert raw.get("/api/kernels")[0] == 403  # no token: a viewer
    assert raw.get("/reactive/app/counter.py")[0] == 200  # viewers still get the app
    assert raw.get("/reactive/api/sessions", Authorization=f"token {TOKEN}")[0] == 200
    assert raw.get("/reactive/api/sessions")[0] in (302, 403)


#: Jupyter pages a viewer might try: jupyter-server's own (files, view, nbconvert, kernel-spec
#: resources) and those of the lab and the classic notebook (not loaded in serve mode)
PAGES = [
    "/files/counter.py",
    "/files/notes.txt",
    "/files/sub/inner.py",
    "/view/counter.py",
    "/nbconvert/html/counter.py",
    "/kernelspecs/python3/logo-64x64.png",
    "/tree",
    "/lab",
    "/lab/tree/counter.py",
    "/notebooks/x.ipynb",
    "/edit/counter.py",
    "/doc",
    "/terminals/1",
]


@pytest.mark.parametrize("how", list(FORGED))
@pytest.mark.parametrize("page", PAGES)
def test_jupyters_pages_are_a_plain_404_without_a_login_redirect(raw, page, how):
    """No token: there is no login page, so nothing may send a viewer to one."""
    for method in ("GET", "HEAD"):
        code, headers, body = raw.request(method, page, headers=FORGED[how])
        assert code == 404 and "location" not in headers, (method, code, headers)
        assert b"jupyter_reactive as jr" not in body and b"not an app" not in body


def test_with_a_token_jupyters_pages_keep_their_login(with_token):
    """An operator's token keeps Jupyter's own behaviour: its login page, and its pages open."""
    raw = Http(with_token)
    code, headers, _b = raw.get("/files/counter.py")
    assert code == 302 and headers["location"].startswith("/login?next=")
    assert raw.get("/login")[0] == 200
    code, _h, body = raw.get("/files/counter.py", Authorization=f"token {TOKEN}")
    assert code == 200 and b"jupyter_reactive" in body


def test_no_login_form_and_no_token_in_the_log(raw, server):
    assert raw.get("/login")[0] == 404
    assert "token=" not in server.log()
