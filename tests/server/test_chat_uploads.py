"""A chat message with attachments through a real server, kernel and socket: the receipts in
the `[text, file refs...]` value are checked item by item, the bytes reach the script, and a
receipt from another session is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import serve_mode_config
from tests.server.test_media_handlers import Viewer

pytestmark = pytest.mark.timeout(120)

APP = Path(__file__).parents[1] / "apps" / "chat_app.py"


@pytest.fixture
def jr_config() -> dict[str, Any]:
    return serve_mode_config("chat_app.py")


@pytest.fixture
def viewer(jp_serverapp, http_server_client, jp_http_port, jp_base_url, jp_root_dir):
    Path(jp_root_dir, "chat_app.py").write_text(APP.read_text())
    v = Viewer(f"http://127.0.0.1:{jp_http_port}{jp_base_url}")
    yield v
    if v.app:
        v.app.close()


async def test_a_message_with_files_reaches_the_script(viewer):
    app = await viewer.open("chat_app.py")
    refs = [
        json.loads((await viewer.upload("Attach here", data, name, "text/plain")).body)
        for data, name in ((b"one", "a.txt"), (b"two", "b.txt"))
    ]
    assert all(r["receipt"] for r in refs)
    await app.set("Attach here", ["see", *refs])
    await app.run()
    assert app.has_text("attached text='see' files=[('a.txt', 'one'), ('b.txt', 'two')]")


async def test_a_receipt_from_another_session_is_refused(viewer):
    app = await viewer.open("chat_app.py")
    other = Viewer(viewer.base)
    await other.open("chat_app.py")
    theirs = json.loads((await other.upload("Attach here", b"secret", "s.txt", "text/plain")).body)
    await app.set("Attach here", ["look", theirs])
    notice = await app.expect("notice")
    assert "not uploaded for this widget" in notice["message"]
    other.app.close()
