"""Every demo app in notebooks/ runs to completion in a real kernel, with no error element."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import AppClient

pytestmark = pytest.mark.timeout(120)

DEMOS = sorted(
    p for p in (Path(__file__).resolve().parents[2] / "notebooks").iterdir() if p.suffix in (".py", ".ipynb")
)


@pytest.mark.parametrize("demo", DEMOS, ids=lambda p: p.name)
async def test_demo_runs_cleanly(demo, jp_root_dir, jp_ws_fetch):
    shutil.copy(demo, jp_root_dir / demo.name)
    app = AppClient(await jp_ws_fetch("reactive", "ws", demo.name))
    try:
        await app.hello()
        finished = await app.run()
        assert finished["status"] == "complete", app.texts()
        assert "exception" not in app.kinds()
        assert any(el["kind"] == "widget" for el in app.page.values())
    finally:
        app.close()


def test_readme_demo_exists():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "jupyter reactive serve notebooks/hello.py" in readme
    assert (Path(__file__).resolve().parents[2] / "notebooks" / "hello.py").exists()
