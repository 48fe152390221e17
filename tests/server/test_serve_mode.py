"""Serve mode's lock-down: viewers reach the app and nothing else (real server, real kernel)."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from jupyter_server.utils import url_path_join
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from tornado.routing import PathMatches, Rule
from tornado.websocket import websocket_connect

import jupyter_reactive
from jupyter_reactive.server.auth import login_pages
from tests.conftest import AppClient, serve_mode_config

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def jr_config() -> dict[str, Any]:
    return serve_mode_config("counter.py")


@pytest.fixture
def anon(jp_serverapp: Any, http_server_client: Any, jp_http_port: int, jp_base_url: str, jr_apps: Path) -> Any:
    """GET as an anonymous browser would: no token, no cookie, no redirects followed."""
    client = AsyncHTTPClient()

    async def fetch(path: str, **kwargs: Any) -> tuple[int, Any]:
        prefix = "" if path.startswith("/") else jp_base_url  # absolute: outside base_url
        url = f"http://127.0.0.1:{jp_http_port}{prefix}{path}"
        try:
            r = await client.fetch(url, follow_redirects=False, raise_error=False, **kwargs)
        except HTTPClientError as err:  # a handler that fails before answering closes the stream
            return err.code, None
        return r.code, r

    return fetch


async def test_viewer_gets_the_app_page_and_its_socket(anon, jp_http_port, jp_base_url):
    code, response = await anon("reactive/app/counter.py")
    assert code == 200 and b"jupyter-reactive-config" in response.body
    ws = await websocket_connect(f"ws://127.0.0.1:{jp_http_port}{jp_base_url}reactive/ws/counter.py")
    app = AppClient(ws)
    await app.hello()
    await app.run()
    assert app.has_text("value: 10")
    app.close()


async def test_the_app_page_opens_its_socket_before_loading_anything(anon):
    """The built boot script is inlined in <head>, ahead of the stylesheet (an inline script after
    a pending stylesheet waits for it) and of app.js."""
    _, response = await anon("reactive/app/counter.py")
    page = response.body.decode()
    boot = (Path(jupyter_reactive.__file__).parent / "static" / "boot.js").read_text()
    start = page.index(f"<script>{boot}</script>")
    assert start < page.index('rel="stylesheet"') < page.index("app.js")
    assert page.index("jupyter-reactive-config") < start  # it reads the config
    # the bundle asks V8 to compile all of it as it streams in, off the main thread, not each
    # function at its first call (a new tab's first render); the hint must open the file
    bundle = (Path(jupyter_reactive.__file__).parent / "static" / "app.js").read_text()
    assert bundle.startswith("//# allFunctionsCalledOnLoad\n")


@pytest.mark.parametrize(
    "path",
    [
        "api/kernels",
        "api/contents",
        "api/sessions",
        "api/terminals",
        "lab",
        "metrics",
        "api/me",
        "api/kernelspecs",
        "files/counter.py",
        "reactive/api/sessions",
    ],
)
async def test_jupyter_apis_refuse_viewers(anon, path):
    code, response = await anon(path)
    to_login = code == 302 and "/login" in response.headers.get("Location", "")
    assert code in (403, 404) or to_login, (path, code)


async def test_viewer_cannot_start_a_kernel(anon):
    code, _ = await anon("api/kernels", method="POST", body="{}")
    assert code == 403


@pytest.mark.parametrize(
    "path",
    [
        "reactive/app/fails.py",
        "reactive/app/../counter.py",
        "reactive/app/%2e%2e/x.py",
        "reactive/app//etc/passwd",
        "reactive/app/C:/x.py",
        "reactive/app/nope.py",
    ],
)
async def test_only_the_served_script_runs(anon, path):
    code, _ = await anon(path)
    assert code == 404, (path, code)


async def test_socket_for_another_script_is_refused(http_server_client, jp_http_port, jp_base_url, jr_apps):
    with pytest.raises(HTTPClientError) as err:
        await websocket_connect(f"ws://127.0.0.1:{jp_http_port}{jp_base_url}reactive/ws/fails.py")
    assert err.value.code == 404


async def test_a_wrong_app_url_logs_its_404_once(anon, jp_serverapp, jp_http_port, jp_base_url, caplog):
    """One warning line per wrong URL (the access log's), for the page and for its socket."""
    (extension,) = jp_serverapp.extension_manager.extension_apps["jupyter_reactive"]
    extension.log.addHandler(caplog.handler)  # the access log's logger does not propagate
    try:
        with caplog.at_level(logging.WARNING):
            assert (await anon("reactive/app/nope.py"))[0] == 404
            with pytest.raises(HTTPClientError):
                await websocket_connect(f"ws://127.0.0.1:{jp_http_port}{jp_base_url}reactive/ws/nope.py")
    finally:
        extension.log.removeHandler(caplog.handler)
    for path in ("reactive/app/nope.py", "reactive/ws/nope.py"):
        lines = [r.getMessage() for r in caplog.records if path in r.getMessage()]
        assert len(lines) == 1 and lines[0].startswith("404 GET"), lines


async def test_the_pages_icon_is_under_the_servers_base_url(anon, jp_base_url):
    """Behind a proxy's path prefix the browser's default /favicon.ico is the proxy's root: the
    page and the index link an icon under the server's base URL, which a viewer may fetch."""
    for path in ("reactive/app/counter.py", "reactive/"):
        _, response = await anon(path)
        (icon,) = re.findall(r'<link rel="icon" href="([^"]+)">', response.body.decode())
        assert icon == f"{jp_base_url}static/favicon.ico" and jp_base_url != "/", icon
        code, answer = await anon(icon)
        assert code == 200 and answer.headers["Content-Type"].startswith("image/"), code


async def test_index_lists_only_the_served_app(anon):
    code, response = await anon("reactive/")
    assert code == 200
    body = response.body.decode()
    assert "counter.py" in body and "fails.py" not in body


# -- route inventory ------------------------------------------------------------------------

#: routes a viewer may get a non-error answer from, and why
VIEWER_ROUTES = {
    r"reactive/?": "the index of served apps",
    r"reactive/app/(.+)": "the app page",
    r"reactive/app/((?:[^?]*/)?)app/static/(.+)": "an app's static/ files, when its config.toml enables them",
    r"reactive/ws/(.+)": "the app socket (400 here: not a WebSocket upgrade)",
    r"reactive/api/health": "health for load balancers",
    r"reactive/component/(?P<session_id>[^/]+)/(?P<token>[^/]+)/(?P<component>[^/]+)/(?P<rel>.*)": (
        "a session's custom-component files: its signed URL is the credential (the component's "
        "sandboxed frame sends no cookies); 404 here: no such session"
    ),
    r"static/jupyter_reactive/(.*)": "the page's bundle",
    r"static/(.*)": "jupyter-server's static assets (no data)",
    r"api": "jupyter-server's version string",
    r"(.*)": "base redirects (/ -> the app)",
    r"?": "the server root: redirects to the app",
    r"login": "the login form (no account can log in)",
    r"logout": "logging out is harmless",
    r"custom/(.*)": "static custom.css",
    r"/(robots\.txt)": "robots.txt (outside base_url)",
    r"/(favicon\.ico)": "the favicon (outside base_url)",
}


def _rules(router: Any) -> list[Rule]:
    out = []
    for rule in getattr(router, "rules", []):
        out.append(rule)
        out.extend(_rules(rule.target))
    return out


def _generate(tree: Any) -> str:
    """A short string matched by a parsed regex (enough of the syntax for URL routes)."""
    from re import _constants as c  # the stdlib regex parser's node names

    out = []
    for op, arg in tree:
        if op is c.LITERAL:
            out.append(chr(arg))
        elif op is c.NOT_LITERAL or op is c.ANY:
            out.append("x" if (op is c.ANY or arg != ord("x")) else "y")
        elif op is c.IN:
            out.append(_class_member(arg, c))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = arg
            out.append(_generate(sub) * max(low, 1))
        elif op is c.SUBPATTERN:
            out.append(_generate(arg[-1]))
        elif op is c.BRANCH:
            out.append(next((g for g in map(_generate, arg[1]) if g), ""))
        # AT (anchors) and look-arounds add nothing
    return "".join(out)


def _class_member(items: Any, c: Any) -> str:
    negate = any(op is c.NEGATE for op, _ in items)
    if negate:
        excluded = {chr(a) for op, a in items if op is c.LITERAL}
        return next(ch for ch in "xyz1" if ch not in excluded)
    for op, arg in items:
        if op is c.LITERAL:
            return chr(arg)
        if op is c.RANGE:
            return chr(arg[0])
        if op is c.CATEGORY:
            return "1" if "DIGIT" in str(arg) else "x"
    return "x"


def _sample(regex: str) -> str | None:
    from re import _parser

    path = _generate(_parser.parse(regex))
    return path if re.fullmatch(regex, path) else None


async def test_every_route_has_an_auth_decision(jp_serverapp, anon, jp_base_url):
    """Request every registered route anonymously; only the allow-listed ones may answer
    anything but 403/404/405 (or a redirect to the login page)."""
    base = jp_base_url
    seen, violations, to_login = [], [], []
    for rule in _rules(jp_serverapp.web_app.default_router):
        if not isinstance(rule.matcher, PathMatches):
            continue
        regex = rule.matcher.regex.pattern
        relative = regex[len(base) :] if regex.startswith(base) else regex
        sample = _sample(regex)
        assert sample is not None, f"cannot build a sample URL for route {regex}"
        code, response = await anon("/" + sample.lstrip("/"))
        seen.append((relative, sample, code))
        allowed = relative.rstrip("$") in VIEWER_ROUTES
        if code in (400, 403, 404, 405, 500, 599) and not allowed:
            # refused, or a jupyter-server handler that fails before serving anything (599:
            # it raised in initialize() for a GET it does not support) -- no content either way
            continue
        if code in (301, 302, 303):
            # a redirect to another route of this server: that route is checked in its own turn
            location = response.headers.get("Location", "")
            assert location.startswith("/") and not location.startswith("//"), (relative, location)
            if location.startswith(jp_base_url + "login"):
                to_login.append(regex)
            continue
        if not allowed:
            violations.append(f"route {relative!r} answered {code} to an anonymous viewer")
    assert not violations, "\n".join(violations)
    assert len(seen) > 20  # the whole jupyter-server route table was walked
    # this server has a token, so a login page; without one (a plain `serve`), each page that
    # sends viewers to it is shadowed by a plain 404 (tests/adversarial/test_jupyter_apis.py)
    shadowed = {url_path_join(base, p) for p in login_pages(jp_serverapp)}
    assert to_login and {r.rstrip("$") for r in to_login} <= shadowed, (to_login, shadowed)
    routes = {r for r, _s, _c in seen}
    assert {"reactive/app/(.+)$", "api/kernels$"} <= routes or any("api/kernels" in r for r in routes)


async def test_raw_jupyter_message_on_the_app_socket_is_refused(
    http_server_client, jp_http_port, jp_base_url, jr_apps, tmp_path
):
    ws = await websocket_connect(f"ws://127.0.0.1:{jp_http_port}{jp_base_url}reactive/ws/counter.py")
    app = AppClient(ws)
    await app.hello()
    await app.run()
    marker = tmp_path / "pwned"
    execute = {
        "header": {"msg_type": "execute_request", "msg_id": "1", "session": "s", "username": "u", "version": "5.3"},
        "parent_header": {},
        "metadata": {},
        "channel": "shell",
        "content": {"code": f"open({str(marker)!r}, 'w').write('x')", "silent": False},
    }
    await app.send(execute)
    err = await app.expect("error")
    assert err["error"] == "bad_message"
    await app.send({"type": "execute_request", "code": f"open({str(marker)!r}, 'w')"})
    err = await app.expect("error")
    assert err["message"] == "unknown message type"
    await app.set("n", 11)  # the session still works
    await app.run()
    assert app.has_text("value: 11") and not marker.exists()
    assert json.dumps(err).find(str(marker)) == -1  # input is never echoed
    app.close()
