"""Custom components' files: the kernel declares a build folder, the session serves files from
inside it only, with the right type, to whoever holds the session's signed URL (real server,
real kernel); and the declarations and paths the server refuses."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import AsyncHTTPClient

from jupyter_reactive.server.components import ComponentFolders, safe_relative
from tests.conftest import APPS

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize(
    "rel",
    ["", "/etc/passwd", "../x", "a/../../x", "a/./b", "C:/x", "c:x", "\\\\server\\share", "a\\b", "a\0b", "NUL:", "."],
)
def test_unsafe_relative_paths_are_refused(rel: str) -> None:
    assert not safe_relative(rel)


def test_safe_relative_paths() -> None:
    assert safe_relative("index.html") and safe_relative("static/js/main.1a2b.js")


def test_declarations_and_lookups(tmp_path: Path) -> None:
    build = tmp_path / "build"
    (build / "static").mkdir(parents=True)
    (build / "index.html").write_text("<html></html>")
    (build / "static" / "a.js").write_text("1")
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", build / "leak.txt")  # a link out of the folder
    os.symlink(build / "index.html", build / "alias.html")  # a link inside it
    folders = ComponentFolders()
    for name, path in [
        ("../x", str(build)),
        ("a/b", str(build)),
        ("", str(build)),
        (None, str(build)),
        ("x" * 300, str(build)),
        ("ok", "relative/path"),
        ("ok", str(tmp_path / "missing")),
        ("ok", str(tmp_path / "secret.txt")),
        ("ok", 42),
        ("ok", str(build) + "\0"),
    ]:
        assert folders.declare(name, path), (name, path)
    assert folders.file("ok", "index.html") is None  # nothing was declared
    assert folders.declare("mod.comp-1", str(build)) is None
    assert folders.file("mod.comp-1", "index.html") == build / "index.html"
    assert folders.file("mod.comp-1", "static/a.js") == build / "static" / "a.js"
    assert folders.file("mod.comp-1", "alias.html") == build / "index.html"
    for rel in ("leak.txt", "../secret.txt", "static", "nope.js", "static/../../secret.txt"):
        assert folders.file("mod.comp-1", rel) is None, rel
    assert folders.file("other", "index.html") is None


@pytest.fixture
def component_app(jr_apps: Path) -> Path:
    shutil.copytree(APPS / "components", jr_apps / "components")
    (jr_apps / "outside.txt").write_text("not a component file")
    os.symlink(jr_apps / "outside.txt", jr_apps / "components" / "leak.txt")
    return jr_apps


async def test_a_sessions_component_files_are_served_by_its_signed_url(
    component_app: Path, jr_connect: Any, jp_http_port: int
) -> None:
    app = await jr_connect("component_app.py")
    session = await app.hello()
    await app.run()
    widget = app.widget("component_app.counter")
    assert widget["component"] == "component_app.counter" and widget["args"]["name"] == "World"
    assert set(widget["dfs"]["table"]) == {"data", "index", "columns"}
    base = f"http://127.0.0.1:{jp_http_port}{session['component_url']}"
    assert str(component_app) not in str(app.log)  # the folder's path never reaches the page

    client = AsyncHTTPClient()  # no token, no cookie: the URL is the credential

    async def get(url: str, **kw: Any) -> Any:
        return await client.fetch(url, raise_error=False, follow_redirects=False, **kw)

    index = await get(f"{base}/component_app.counter/index.html")
    assert index.code == 200 and b"Add one" in index.body
    assert index.headers["Content-Type"].startswith("text/html")
    assert index.headers["X-Content-Type-Options"] == "nosniff"
    assert index.headers["Access-Control-Allow-Origin"] == "*"
    script = await get(f"{base}/component_app.counter/component.js")
    assert script.code == 200 and script.headers["Content-Type"].startswith("text/javascript")
    css = await get(f"{base}/component_app.counter/style.css")
    assert css.headers["Content-Type"].startswith("text/css")
    head = await get(f"{base}/component_app.counter/index.html", method="HEAD")
    assert head.code == 200 and int(head.headers["Content-Length"]) == len(index.body)
    default = await get(f"{base}/component_app.counter/")
    assert default.code == 200 and default.body == index.body

    session_id, token = session["component_url"].rstrip("/").split("/")[-2:]
    refused = [
        f"{base}/component_app.counter/leak.txt",
        f"{base}/component_app.counter/../outside.txt",
        f"{base}/component_app.counter/%2e%2e/outside.txt",
        f"{base}/component_app.counter/..%2foutside.txt",
        f"{base}/component_app.counter/%2fetc%2fpasswd",
        f"{base}/component_app.counter/nope.js",
        f"{base}/component_app.nothing/index.html",
        base.replace(token, "0" * len(token)) + "/component_app.counter/index.html",
        base.replace(session_id, "x" * len(session_id)) + "/component_app.counter/index.html",
    ]
    for url in refused:
        r = await get(url)
        assert r.code in (403, 404), (url, r.code)
        assert b"not a component file" not in (r.body or b"") and str(component_app).encode() not in (r.body or b"")


V2_APP = """
import jupyter_reactive as jr
pinger = jr.components.v2.component("pinger", js="export default function (c) {}")
r = pinger(key="p", on_ping_change=lambda: None, on_n_change=lambda: None)
jr.write(f"ping={r.ping!r} n={r.n!r}")
"""


async def test_components_v2_values_over_the_socket_refuse_garbage(jr_connect: Any, jr_apps: Path) -> None:
    """A v2 instance's state and trigger through a real socket and kernel: malformed ones are
    refused by the server's gate (an error frame), well-formed ones meant for the wrong widget or
    a component not on the page by the kernel (an error notice); the session keeps working."""
    (jr_apps / "v2_socket.py").write_text(V2_APP)
    app = await jr_connect("v2_socket.py")
    await app.hello()
    await app.run()
    (el,) = [e for e in app.page.values() if e.get("widget") == "component_v2"]
    sid, tid = el["id"], el["trigger_id"]
    for value in ({"state": 5}, {"state": {"": 1}}, {"event": 5, "value": 1}, {"event": "", "value": 1}):
        await app.send({"type": "widget_values", "values": {sid: value}})
        err = await app.expect("error")
        assert err["error"] == "bad_message", err
    await app.send(json.dumps({"type": "widget_values", "values": {sid: {"state": {"n": float("nan")}}}}))
    assert (await app.expect("error"))["error"] == "bad_message"
    for wid, value, why in (
        (tid, {"state": {"n": 1}}, "trigger"),  # a state sent as the trigger
        (sid, {"event": "ping", "value": 1}, "state"),  # a trigger sent as the state
        ("co-0000000000000000", {"state": {"n": 1}}, "unknown widget"),  # no such component
        ("co-0000000000000000__events", {"event": "ping", "value": 1}, "unknown widget"),
    ):
        await app.send({"type": "widget_values", "values": {wid: value}})
        notice = await app.expect("notice")
        assert notice["level"] == "error" and why in notice["message"], notice
    await app.send({"type": "widget_values", "values": {tid: {"event": "ping", "value": {"a": 1}}}})
    await app.run()
    assert app.has_text("ping={'a': 1} n=None")
    await app.send({"type": "widget_values", "values": {sid: {"state": {"n": 2}}}})
    await app.run()
    assert app.has_text("ping=None n=2")
