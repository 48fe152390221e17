"""Uploads and media against a real serve: limits, hostile names and types, other sessions'
URLs and ids, every Range edge case, and active content that must never run on the origin."""

from __future__ import annotations

import asyncio
import json
import urllib.parse

import pytest

from tests.adversarial.conftest import Http, Tab, open_tab

pytestmark = pytest.mark.timeout(120)

PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)


async def _uploads(server) -> Tab:
    tab = await open_tab(server, "uploads.py")
    await tab.run(60)
    return tab


def _media_urls(tab: Tab) -> dict[str, str]:
    return {m["sha"]: m["url"] for m in tab.log if m["type"] == "media"}


async def test_an_oversize_upload_is_refused_before_its_body(server):
    tab = await _uploads(server)
    url = tab.session["upload_url"] + "/" + tab.widget("anything")["id"]
    headers = {"X-Reactive-Upload-Token": tab.session["upload_token"], "Content-Length": "1000000000", **tab.xsrf}
    # no body is sent at all: the answer comes from the headers alone
    status, _h, body = await asyncio.to_thread(Http(server).request, "POST", url, b"", headers)
    assert status == 413 and "limit" in json.loads(body)["message"]
    status, answer = await tab.post_file("anything", b"x" * 100_001)
    assert status == 413 and "limit" in answer["message"]
    tab.close()


async def test_a_zero_byte_upload_reaches_the_app(server):
    tab = await _uploads(server)
    status, ref = await tab.post_file("anything", b"", "empty.txt", "text/plain")
    assert status == 200 and ref["size"] == 0
    await tab.set("anything", [ref])
    await tab.run(60)
    assert tab.has_text("any: ('empty.txt', 0, b'')")
    tab.close()


async def test_a_wrong_type_is_refused_by_the_server_not_only_the_page(server):
    tab = await _uploads(server)
    status, ref = await tab.post_file("pictures", b"MZ\x90\x00", "evil.exe", "application/x-msdownload")
    assert status == 200  # stored, but the widget refuses it
    await tab.set("pictures", [ref])
    notice = await tab.expect("notice", 30)
    assert notice["level"] == "error" and "type" in notice["message"]
    status, ref = await tab.post_file("pictures", PNG, "ok.png", "image/png")
    await tab.set("pictures", [ref])
    await tab.run(60)
    assert tab.has_text(f"files: [('ok.png', {len(PNG)})]")
    tab.close()


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..%2F..%2Fx",
        "<script>alert(1)</script>.png",
        "a\r\nSet-Cookie: x=1",
        "\u202etxt.exe",
        "x" * 2000,
    ],
    ids=["dotdot", "encoded", "html", "header-injection", "rtl-override", "long"],
)
async def test_hostile_file_names_stay_data(server, name):
    tab = await _uploads(server)
    status, ref = await tab.post_file("anything", b"hello", urllib.parse.quote(name))
    assert status == 200 and len(ref["name"]) <= 1000
    await tab.set("anything", [ref])
    await tab.run(60)
    assert tab.has_text("b'hello'")
    tab.close()


async def test_another_sessions_upload_url_and_files_are_refused(server):
    mine, theirs = await _uploads(server), await _uploads(server)
    # their upload URL with my token
    url = theirs.session["upload_url"] + "/" + theirs.widget("anything")["id"]
    headers = {"X-Reactive-Upload-Token": mine.session["upload_token"], **mine.xsrf}
    status, _h, _b = await asyncio.to_thread(Http(server).request, "POST", url, b"hi", headers)
    assert status == 403
    # their file's reference in my widget
    _s, ref = await theirs.post_file("anything", b"their secret", "s.txt")
    await mine.set("anything", [ref])
    notice = await mine.expect("notice", 30)
    assert notice["level"] == "error" and not mine.has_text("their secret")
    # without XSRF
    headers = {"X-Reactive-Upload-Token": mine.session["upload_token"]}
    url = mine.session["upload_url"] + "/" + mine.widget("anything")["id"]
    assert (await asyncio.to_thread(Http(server).request, "POST", url, b"hi", headers))[0] == 403
    mine.close()
    theirs.close()


async def test_an_upload_for_a_session_that_ended_is_refused_not_kept(server):
    """Its token still verifies, but a file stored for an ended session would stay owned for a
    day (nothing releases it): with the process's own store it is a 404, before the body."""
    tab = await _uploads(server)
    status, _ref = await tab.post_file("anything", b"while open", "open.txt")
    assert status == 200
    tab.close()
    # the session ends once the reconnect window (1 s here) has passed; until then, the tab
    # may still come back and its uploads are taken
    deadline = asyncio.get_running_loop().time() + 30
    while True:
        status, answer = await tab.post_file("anything", b"x" * 5000, "late.bin")
        if status != 200 or asyncio.get_running_loop().time() > deadline:
            break
        await asyncio.sleep(0.2)
    assert status == 404 and answer == {"error": 404, "message": "this session has ended; reload the page"}
    other = await _uploads(server)  # other sessions' uploads are untouched
    status, ref = await other.post_file("anything", b"still fine", "ok.txt")
    assert status == 200
    await other.set("anything", [ref])
    await other.run(60)
    assert other.has_text("b'still fine'")
    other.close()


async def test_expired_and_made_up_ids_are_refused(server, raw):
    tab = await _uploads(server)
    fake = {"id": "0" * 32, "name": "x", "size": 1, "type": "text/plain", "receipt": "forged"}
    await tab.set("anything", [fake])
    assert (await tab.expect("notice", 30))["level"] == "error"
    for media_id in ("0" * 32, "nope", "..%2f..%2fetc%2fpasswd", "%00"):
        code, headers, body = raw.get(f"/reactive/media/{media_id}")
        assert code in (400, 404) and headers["content-type"].startswith(("application/json", "text/")), body
        assert b"Traceback" not in body and b"/etc" not in body
    tab.close()


RANGES = [
    ("bytes=0-0", 206, "bytes 0-0/16384", 1),
    ("bytes=0-", 206, "bytes 0-16383/16384", 16384),
    ("bytes=-1", 206, "bytes 16383-16383/16384", 1),
    ("bytes=-0", 416, "bytes */16384", None),
    ("bytes=16383-99999", 206, "bytes 16383-16383/16384", 1),
    ("bytes=16384-", 416, "bytes */16384", None),
    ("bytes=5-2", 200, None, 16384),  # invalid (last < first): the header is ignored (RFC 9110)
    ("bytes=abc", 200, None, 16384),  # unparseable: the whole file
    ("items=0-1", 200, None, 16384),
    ("bytes=0-1,4-5", 206, None, None),  # multipart/byteranges
    ("bytes=" + ",".join(f"{i}-{i}" for i in range(300)), 200, None, None),  # too many ranges
]


@pytest.mark.parametrize("header,status,content_range,length", RANGES, ids=[r[0][:20] for r in RANGES])
async def test_range_edge_cases(server, raw, header, status, content_range, length):
    tab = await _uploads(server)
    image = next(el for el in tab.page.values() if el.get("kind") == "image")
    src = image["images"][0]["src"] if "images" in image else image["src"]
    url = _media_urls(tab)[src["media"]]
    code, headers, body = await asyncio.to_thread(raw.get, url, Range=header)
    tab.close()
    if status == 200 and header.startswith("bytes=0-0,"):
        assert code in (200, 416)
        return
    assert code == status, (code, headers)
    if content_range:
        assert headers["content-range"] == content_range
    if length is not None:
        assert len(body) == length
    if header == "bytes=0-1,4-5":
        assert headers["content-type"].startswith("multipart/byteranges") and body.count(b"Content-Range") == 2


@pytest.mark.parametrize("label", ["svg", "html"])
async def test_active_content_is_an_attachment_in_a_sandbox(server, raw, label):
    tab = await _uploads(server)
    button = tab.widget(label)
    ref = button.get("data") or button.get("url") or button.get("src")
    url = _media_urls(tab)[ref["media"]] if isinstance(ref, dict) else ref
    code, headers, body = await asyncio.to_thread(raw.get, url)
    assert code == 200 and b"<script>" in body
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == "sandbox"
    disposition = headers["content-disposition"]
    assert disposition.startswith("attachment") and "/" not in disposition.split("filename")[1]
    tab.close()
