"""The app menu's server side, end to end (a real server, real kernels, a real WebSocket): "Clear
cache" makes cached functions run again, only where the toolbar mode offers it; the page gets
the mode and the session's rerun-on-save it shows in Settings."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive.server.streamlit_config import toolbar_mode

APP = """
import jupyter_reactive as jr

@jr.cache_data
def data():
    jr.session_state.data = jr.session_state.get("data", 0) + 1
    return "d"

@jr.cache_resource
def resource():
    jr.session_state.res = jr.session_state.get("res", 0) + 1
    return object()

data(); resource()
jr.write(f"data ran {jr.session_state.get('data', 0)} resource ran {jr.session_state.get('res', 0)}")
"""


@pytest.fixture
def jr_config() -> dict[str, Any]:
    return {"ReactiveApp": {"pool_size": 0}}


def _text(app: Any) -> str:
    return " ".join(str(el.get("html", "")) for el in app.page.values())


async def _started(jr_connect: Any, root: Path, mode: str | None) -> Any:
    (root / "cached.py").write_text(APP)
    if mode is not None:
        (root / ".streamlit").mkdir(exist_ok=True)
        (root / ".streamlit" / "config.toml").write_text(f'[client]\ntoolbarMode = "{mode}"\n')
    app = await jr_connect("cached.py")
    await app.hello()
    assert (await app.run())["status"] == "complete"
    return app


async def test_clear_cache_runs_cached_functions_again(jr_connect, jp_root_dir):
    # inside Jupyter the app's author is the viewer: "auto" offers the developer's options
    app = await _started(jr_connect, jp_root_dir, None)
    assert app.session["run_on_save"] is False
    assert "data ran 1 resource ran 1" in _text(app)
    await app.send({"type": "rerun"})
    await app.run()
    assert "data ran 1 resource ran 1" in _text(app)
    await app.send({"type": "clear_cache"})
    notice = await app.expect("notice")
    assert notice["level"] == "info" and notice["message"] == "Caches cleared."
    await app.send({"type": "rerun"})
    await app.run()
    assert "data ran 2 resource ran 2" in _text(app)


@pytest.mark.parametrize("mode", ["viewer", "minimal"])
async def test_clear_cache_is_refused_where_the_menu_does_not_offer_it(jr_connect, jp_root_dir, mode):
    app = await _started(jr_connect, jp_root_dir, mode)
    await app.send({"type": "clear_cache"})
    notice = await app.expect("notice")
    assert notice["level"] == "error" and "not offered to viewers" in notice["message"]
    await app.send({"type": "rerun"})
    await app.run()
    assert "data ran 1 resource ran 1" in _text(app)


@pytest.mark.parametrize(
    "garbage",
    [
        {"type": "clear_cache", "fn": "x"},
        {"type": "clear_cache", "all": True},
        {"type": "clear_cache", "type2": None},
        '{"type": "clear_cache"',
    ],
)
async def test_garbage_clear_cache_is_refused_and_the_session_goes_on(jr_connect, jp_root_dir, garbage):
    app = await _started(jr_connect, jp_root_dir, None)
    await app.send(garbage)
    refused = await app.expect("error")
    assert refused["error"] == "bad_message"
    await app.send({"type": "rerun"})
    await app.run()
    assert "data ran 1 resource ran 1" in _text(app)


async def test_the_page_is_told_its_toolbar_mode(jp_fetch, jp_root_dir):
    (jp_root_dir / "cached.py").write_text(APP)
    (jp_root_dir / ".streamlit").mkdir()
    config = jp_root_dir / ".streamlit" / "config.toml"
    for written, shown in (('"minimal"', "minimal"), ('"auto"', "developer"), ('"sideways"', "developer")):
        config.write_text(f"[client]\ntoolbarMode = {written}\n")
        page = (await jp_fetch("reactive", "app", "cached.py")).body.decode()
        found = re.search(r'<script id="jupyter-reactive-config" type="application/json">(.*?)</script>', page)
        assert found is not None
        cfg = json.loads(found.group(1))
        assert cfg["toolbar"] == shown and cfg["version"]


@pytest.mark.parametrize(
    ("value", "viewers", "mode"),
    [
        ("auto", False, "developer"),
        ("auto", True, "viewer"),
        ("developer", True, "developer"),
        ("viewer", False, "viewer"),
        ("minimal", True, "minimal"),
        (None, True, "viewer"),
        (3, False, "developer"),
    ],
)
def test_toolbar_mode_resolves_auto_by_who_may_reach_the_server(value, viewers, mode):
    assert toolbar_mode(value, viewers) == mode
