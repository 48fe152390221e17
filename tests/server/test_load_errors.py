"""A serve path that is not an app stops the extension with one line (in-process server: it is
logged once and the server carries on)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def jr_config() -> dict[str, Any]:
    return {"ReactiveApp": {"pool_size": 0, "serve_path": "notes.txt"}}


@pytest.fixture
def not_an_app(jp_root_dir: Path) -> Path:
    (jp_root_dir / "notes.txt").write_text("not an app")
    return jp_root_dir / "notes.txt"


async def test_a_serve_path_that_is_not_an_app_is_one_logged_line(not_an_app, capfd, jp_serverapp, jp_fetch):
    assert (await jp_fetch("api", "status")).code == 200
    assert "jupyter_reactive_sessions" not in jp_serverapp.web_app.settings
    log = capfd.readouterr().err
    lines = [ln for ln in log.splitlines() if ln.startswith(("[W", "[E", "[C"))]
    assert len(lines) == 1 and "--ReactiveApp.serve_path='notes.txt': is not an app" in lines[0], log
    assert "Traceback" not in log
