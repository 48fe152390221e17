"""Script selection through the public URLs: only app files under the served folder run; every
trick to name another file is a plain 404 that says nothing about the file system."""

from __future__ import annotations

import asyncio

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from tests.adversarial.conftest import SECRET, open_tab

pytestmark = pytest.mark.timeout(120)

REFUSED = [
    "../outside/secret.py",  # dot-dot
    "%2e%2e/outside/secret.py",  # encoded dots
    "..%2foutside%2fsecret.py",  # encoded slashes
    "%2E%2E%2Foutside%2Fsecret.py",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "....//counter.py",
    "/etc/passwd",  # absolute (two slashes on the wire)
    "%2Fetc%2Fpasswd",
    "C:%5Cwindows%5Cwin.ini",  # drive
    "%5C%5Cserver%5Cshare%5Cx.py",  # UNC
    "sub%5C..%5Ccounter.py",  # backslashes
    "escape.py",  # a symlink out of the root
    "linkdir/secret.py",  # through a symlinked folder
    "counter.py%00.txt",  # NUL
    ".hidden.py",
    "notes.txt",  # not an app
    "no_such.py",
    "a/" * 300 + "x.py",
]


@pytest.mark.parametrize("path", REFUSED)
def test_app_page_refuses(raw, path):
    code, headers, body = raw.get("/reactive/app/" + path)
    assert code == 404, (code, body[:200])
    assert SECRET.encode() not in body and b"/" not in body.replace(b"</", b"")[:200]
    assert body == b"404: Not Found" or headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["caf%E9.py", "%ff%fe.py"])
def test_a_name_that_is_not_utf8_is_a_bad_request(raw, path):
    code, _h, body = raw.get("/reactive/app/" + path)
    assert code == 400 and SECRET.encode() not in body


@pytest.mark.parametrize("path", REFUSED[:14])
async def test_app_socket_refuses(server, path):
    url = server.url.replace("http", "ws") + "/reactive/ws/" + path
    with pytest.raises(HTTPClientError) as err:
        await websocket_connect(HTTPRequest(url, headers={"Origin": server.url}))
    assert err.value.code == 404


def test_the_index_lists_apps_and_skips_what_no_url_can_name(raw):
    code, _h, body = raw.get("/reactive/")
    assert code == 200, body[:300]  # a non-UTF-8 file name in the folder does not break it
    page = body.decode()
    for app in ("counter.py", "faults.py", "uploads.py"):
        assert f"/reactive/app/{app}" in page
    for hidden in ("escape.py", "secret.py", ".hidden.py", "notes.txt", "caf"):
        assert hidden not in page


def test_an_encoded_slash_still_names_a_file_inside_the_root(raw):
    assert raw.get("/reactive/app/sub%2finner.py")[0] == 200
    assert raw.get("/reactive/app/sub/inner.py")[0] == 200


async def test_a_refused_path_leaves_open_sessions_working(server, raw):
    tab = await open_tab(server, "counter.py")
    await tab.run(60)
    for path in REFUSED[:6]:
        assert (await asyncio.to_thread(raw.get, "/reactive/app/" + path))[0] == 404
    await tab.set("n", 33)
    await tab.run(60)
    assert tab.has_text("value: 33")
    tab.close()
