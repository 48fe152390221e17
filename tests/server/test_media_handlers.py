"""reactive/media and reactive/upload through a real server, real kernel, real socket, as a
viewer in serve mode (no token: XSRF and the upload signature are what protect uploads)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import AsyncHTTPClient
from tornado.websocket import websocket_connect

from tests.conftest import AppClient, serve_mode_config

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def jr_config() -> dict[str, Any]:
    return serve_mode_config("media_app.py", max_upload_size=6 * 1024 * 1024)


class Viewer:
    """A browser without the browser: the page's cookies and XSRF token, its socket, and HTTP."""

    def __init__(self, base: str):
        self.base = base
        self.http = AsyncHTTPClient()
        self.cookies: dict[str, str] = {}
        self.xsrf = ""
        self.app: AppClient | None = None
        self.media: dict[str, str] = {}

    async def open(self, app: str = "media_app.py") -> AppClient:
        r = await self.fetch(f"reactive/app/{app}")
        self.xsrf = json.loads(re.search(rb'type="application/json">(.*?)</script>', r.body).group(1))["xsrfToken"]
        ws = await websocket_connect(self.base.replace("http", "ws") + f"reactive/ws/{app}")
        self.app = AppClient(ws)
        await self.app.hello()
        await self.app.run()
        self.collect()
        return self.app

    def collect(self) -> None:
        for m in self.app.log:
            if m["type"] == "media":
                self.media[m["sha"]] = m["url"]

    def url_of(self, ref: Any) -> str:
        self.collect()
        return self.media[ref["media"]]

    async def fetch(self, path: str, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if path.startswith("http"):
            url = path
        elif path.startswith("/"):  # an absolute path from the server (already has base_url)
            url = re.match(r"https?://[^/]+", self.base).group(0) + path
        else:
            url = self.base + path
        r = await self.http.fetch(url, headers=headers, raise_error=False, follow_redirects=False, **kwargs)
        for cookie in r.headers.get_list("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return r

    async def upload(
        self,
        widget_label: str,
        data: bytes,
        name: str,
        mimetype: str = "application/octet-stream",
        token: str | None = None,
        session_id: str | None = None,
        xsrf: bool = True,
    ) -> Any:
        widget = self.app.widget(widget_label)
        sid = session_id or self.app.session["session_id"]
        headers = {
            "Content-Type": mimetype,
            "X-File-Name": __import__("urllib.parse").parse.quote(name),
            "X-Reactive-Upload-Token": token or self.app.session["upload_token"],
        }
        if xsrf:
            headers["X-XSRFToken"] = self.xsrf
        return await self.fetch(f"reactive/upload/{sid}/{widget['id']}", method="POST", body=data, headers=headers)


@pytest.fixture
def viewer(jp_serverapp, http_server_client, jp_http_port, jp_base_url, jp_root_dir):
    Path(jp_root_dir, "media_app.py").write_text((Path(__file__).parents[1] / "apps" / "media_app.py").read_text())
    v = Viewer(f"http://127.0.0.1:{jp_http_port}{jp_base_url}")
    yield v
    if v.app:
        v.app.close()


def _el(app: AppClient, kind: str, **match: Any) -> dict[str, Any]:
    found = [el for el in app.page.values() if el.get("kind") == kind and all(el.get(k) == v for k, v in match.items())]
    assert found, (kind, match)
    return found[0]


async def test_image_is_served_with_caching_range_and_etag(viewer):
    app = await viewer.open()
    await app.set("show image", True)
    await app.run()
    image = next(el for el in app.page.values() if el.get("kind") == "image" and el["images"][0]["caption"] == "noise")
    url = viewer.url_of(image["images"][0]["src"])
    r = await viewer.fetch(url)
    assert r.code == 200 and r.headers["Content-Type"] == "image/png" and r.body.startswith(b"\x89PNG")
    assert int(r.headers["Content-Length"]) == len(r.body) > 1000
    assert r.headers["X-Content-Type-Options"] == "nosniff" and "immutable" in r.headers["Cache-Control"]
    etag = r.headers["Etag"]
    assert (await viewer.fetch(url, headers={"If-None-Match": etag})).code == 304
    part = await viewer.fetch(url, headers={"Range": "bytes=0-9"})
    assert part.code == 206 and part.body == r.body[:10]
    assert part.headers["Content-Range"] == f"bytes 0-9/{len(r.body)}"
    tail = await viewer.fetch(url, headers={"Range": "bytes=-5"})
    assert tail.code == 206 and tail.body == r.body[-5:]
    multi = await viewer.fetch(url, headers={"Range": "bytes=0-1,10-11"})
    assert multi.code == 206 and multi.headers["Content-Type"].startswith("multipart/byteranges")
    assert r.body[0:2] in multi.body and r.body[10:12] in multi.body
    bad = await viewer.fetch(url, headers={"Range": f"bytes={len(r.body) + 10}-"})
    assert bad.code == 416 and bad.headers["Content-Range"] == f"bytes */{len(r.body)}"
    head = await viewer.fetch(url, method="HEAD")
    assert head.code == 200 and head.body == b""


async def test_small_media_go_inline(viewer):
    app = await viewer.open()
    tiny = next(el for el in app.page.values() if el.get("kind") == "image" and el["images"][0]["caption"] == "tiny")
    assert tiny["images"][0]["src"].startswith("data:image/png;base64,")


@pytest.mark.parametrize("media_id", ["0" * 64, "nope", "../../etc/passwd", "f" * 500])
async def test_unknown_media_is_a_404_with_a_short_json_message(viewer, media_id):
    r = await viewer.fetch(f"reactive/media/{media_id}")
    assert r.code == 404 and b"root:" not in (r.body or b"")
    if "/" not in media_id:  # a path with slashes never reaches the media route at all
        body = json.loads(r.body)
        assert body["message"] and media_id not in body["message"]


async def test_downloads_carry_a_safe_file_name_and_active_types_never_render(viewer):
    app = await viewer.open()
    csv = _el(app, "widget", widget="download_button", label="get csv")
    r = await viewer.fetch(viewer.url_of(csv["src"]))
    assert r.code == 200 and r.body == b"a,b\n1,2\n" and r.headers["Content-Type"].startswith("text/csv")
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "/" not in disposition.split("filename=")[1].split(";")[0]
    assert "filename*=UTF-8''n%C3%A4me.csv" in disposition
    page = _el(app, "widget", widget="download_button", label="get page")
    r = await viewer.fetch(viewer.url_of(page["src"]))
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert r.headers["Content-Security-Policy"] == "sandbox"


async def test_upload_reaches_the_kernel_and_the_app_sees_it(viewer):
    app = await viewer.open()
    payload = b"\x89PNG" + bytes(range(256)) * 20480  # about 5 MB
    r = await viewer.upload("upload", payload, "big.bin")
    assert r.code == 200, r.body
    ref = json.loads(r.body)
    assert ref["size"] == len(payload) and ref["name"] == "big.bin" and ref["receipt"]
    await app.set("upload", [ref])
    await app.run()
    assert app.has_text(f"size: {len(payload)} name: big.bin type: application/octet-stream head: b'\\x89PNG'")


@pytest.mark.parametrize("name", ["../../etc/passwd", "a\x00b.txt", "x" * 1000, "ünï/cødé\\\"q'.txt"])
async def test_hostile_file_names_are_kept_as_data(viewer, name):
    app = await viewer.open()
    r = await viewer.upload("upload", b"hello", name)
    assert r.code == 200
    ref = json.loads(r.body)
    await app.set("upload", [ref])
    await app.run()
    assert app.has_text("size: 5")


async def test_type_filter_is_enforced_on_the_server_side(viewer):
    app = await viewer.open()
    ref = json.loads((await viewer.upload("csv only", b"MZ\x90\x00", "evil.exe")).body)
    await app.set("csv only", [ref])
    notice = await app.expect("notice")
    assert "file type not allowed" in notice["message"]
    ref = json.loads((await viewer.upload("csv only", b"a,b\n1,2\n", "ok.csv", "text/csv")).body)
    await app.set("csv only", [ref])
    await app.run()
    assert app.has_text("csv rows: 2")


async def test_upload_too_large_is_refused_before_the_body(viewer):
    await viewer.open()
    r = await viewer.upload("upload", b"x" * (6 * 1024 * 1024 + 1), "huge.bin")
    assert r.code == 413 and "limit" in json.loads(r.body)["message"]


async def test_upload_without_xsrf_is_refused(viewer):
    await viewer.open()
    r = await viewer.upload("upload", b"hello", "a.txt", xsrf=False)
    assert r.code == 403


async def test_upload_to_another_session_is_refused(viewer, jp_http_port, jp_base_url):
    app = await viewer.open()
    other = Viewer(viewer.base)
    other_app = await other.open()
    # my token, their session id -> refused
    r = await viewer.upload("upload", b"hello", "a.txt", session_id=other_app.session["session_id"])
    assert r.code == 403
    # their receipt in my widget value -> refused with a notice, nothing runs
    theirs = json.loads((await other.upload("upload", b"secret", "s.txt")).body)
    await app.set("upload", [theirs])
    notice = await app.expect("notice")
    assert "not uploaded for this widget" in notice["message"]
    other_app.close()


def test_store_url_comes_from_the_environment(monkeypatch):
    from jupyter_reactive.server.app import ReactiveApp

    monkeypatch.setenv("JUPYTER_REACTIVE_MEDIA_STORE_URL", "redis://127.0.0.1:1/0")
    assert ReactiveApp().media_store_url == "redis://127.0.0.1:1/0"
    monkeypatch.delenv("JUPYTER_REACTIVE_MEDIA_STORE_URL")
    assert ReactiveApp().media_store_url == "memory://"


class TestStoreDown:
    @pytest.fixture
    def jr_config(self) -> Iterator[dict[str, Any]]:
        from tests.server.redis_fixture import refusing_port

        with refusing_port() as port:  # held for the whole test: refused, never taken by another
            yield serve_mode_config("media_app.py", media_store_url=f"redis://127.0.0.1:{port}/0")

    async def test_media_and_uploads_answer_503_with_retry_after(self, viewer):
        r = await viewer.fetch("reactive/media/" + "0" * 64)
        assert r.code == 503 and r.headers["Retry-After"] and json.loads(r.body)["message"]
        app = await viewer.open()
        r = await viewer.upload("upload", b"hello", "a.txt")
        assert r.code == 503 and r.headers["Retry-After"]
        await app.set("show image", True)  # the session keeps running, and says what went wrong
        notice = await app.expect("notice", timeout=30)
        assert "could not be shown" in notice["message"]
        await app.run()
