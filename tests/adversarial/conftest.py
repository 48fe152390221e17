"""The adversarial suite's fixtures: one real `jupyter reactive serve` process per module, on a
folder of small apps built to be attacked, and clients that speak to it the way a hostile
browser would (raw HTTP paths that no client library normalizes, a real WebSocket)."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Served
from tests.conftest import APPS, AppClient

SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT"

FAULTS = """\
import ctypes, os, sys
import jupyter_reactive as jr

fault = jr.selectbox(
    "fault", ["none", "exception", "exit", "os_exit", "segfault", "loop", "memory", "print"]
)
n = jr.number_input("n", value=0)
jr.write(f"fault={fault} n={n}")
if fault == "exception":
    raise ValueError("boom from the app")
if fault == "exit":
    sys.exit(3)
if fault == "os_exit":
    os._exit(1)
if fault == "segfault":
    ctypes.string_at(0)
if fault == "loop":
    while True:
        pass
if fault == "memory":
    hog = []
    while True:
        hog.append(bytearray(16 << 20))
if fault == "print":
    line = "x" * (1 << 20)
    for _ in range(50):
        print(line)
jr.write("the end")
"""

UPLOADS = """\
import jupyter_reactive as jr

files = jr.file_uploader("pictures", type=["png"], accept_multiple_files=True)
jr.write(f"files: {[(f.name, f.size) for f in files or []]}")
any_file = jr.file_uploader("anything")
jr.write(f"any: {(any_file.name, any_file.size, any_file.read()[:20]) if any_file else None}")
svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
html = b"<html><script>alert(document.cookie)</script></html>"
jr.download_button("svg", svg, file_name="x.svg", mime="image/svg+xml")
jr.download_button("html", html, file_name="../../x.html", mime="text/html")
jr.image(bytes(range(256)) * 64, caption="blob")
"""


def build_root(root: Path, outside: Path) -> None:
    """The served folder: fixture apps, plus what an attacker would aim at."""
    root.mkdir()
    outside.mkdir()
    shutil.copy(APPS / "counter.py", root / "counter.py")
    (root / "faults.py").write_text(FAULTS)
    (root / "uploads.py").write_text(UPLOADS)
    (root / "dies.py").write_text("import os\nimport jupyter_reactive as jr\njr.write('dying')\nos._exit(1)\n")
    (root / "sub").mkdir()
    (root / "sub" / "inner.py").write_text("import jupyter_reactive as jr\njr.write('inner')\n")
    (root / ".hidden.py").write_text("import jupyter_reactive as jr\njr.write('hidden')\n")
    (root / "notes.txt").write_text("not an app")
    (outside / "secret.py").write_text(f"import jupyter_reactive as jr\njr.write({SECRET!r})\n")
    (root / "escape.py").symlink_to(outside / "secret.py")
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    # a file name that is not UTF-8 (Latin-1 "café.py"): listed and served without crashing
    fd = os.open(os.fsencode(root) + b"/caf\xe9.py", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"import jupyter_reactive as jr\njr.write('latin-1 name')\n")
    os.close(fd)


class Http:
    """Raw HTTP to the served process: the path goes on the wire exactly as given."""

    def __init__(self, served: Served):
        self.served = served

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.served.port, timeout=30)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for key, value in (headers or {}).items():
                conn.putheader(key, value)
            if body is not None and "Content-Length" not in (headers or {}):
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, headers=headers)


class Tab(AppClient):
    """One hostile or honest tab over a real socket; knows its server for uploads."""

    served: Served

    async def post_file(
        self, widget_label: str, body: bytes, name: str = "f.bin", mimetype: str = "application/octet-stream"
    ) -> tuple[int, dict[str, Any]]:
        """Upload as the page does; returns (status, JSON answer)."""
        url = self.session["upload_url"] + "/" + self.widget(widget_label)["id"]
        headers = {
            "X-Reactive-Upload-Token": self.session["upload_token"],
            "X-File-Name": name,
            "Content-Type": mimetype,
            **self.xsrf,
        }
        status, _h, raw = await asyncio.to_thread(Http(self.served).request, "POST", url, body, headers)
        return status, json.loads(raw or b"{}")

    @property
    def xsrf(self) -> dict[str, str]:
        return {"X-XSRFToken": "adversarial", "Cookie": "_xsrf=adversarial"}


async def open_tab(served: Served, app: str, hello: bool = True, **headers: str) -> Tab:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    request = HTTPRequest(
        served.url.replace("http", "ws") + f"/reactive/ws/{app}", headers={"Origin": served.url, **headers}
    )
    ws = await websocket_connect(request, max_message_size=256 << 20)
    tab = Tab(ws)
    tab.served = served
    if hello:
        await tab.hello()
    return tab


@pytest.fixture(scope="session")
def served_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("adversarial")
    build_root(base / "root", base / "outside")
    return base / "root"


@pytest.fixture(scope="session")
def server(served_root: Path) -> Iterator[Served]:
    """`jupyter reactive serve FOLDER` with small limits, shared by the whole suite (each test
    opens tabs of its own; a warm pool and a short reconnect window keep a test's kernels from
    outliving it by long)."""
    served = Served(
        served_root,
        "--ReactiveApp.interrupt_grace=1",
        "--ReactiveApp.max_upload_size=100000",
        "--ReactiveApp.kernel_memory_limit=1000000000",
        "--ReactiveApp.pool_size=2",
        "--ReactiveApp.reconnect_window=1",
    )
    yield served
    served.stop()


@pytest.fixture(scope="session")
def raw(server: Served) -> Http:
    return Http(server)
