"""``runner.fastReruns`` through a real server, kernel and socket: with the app's config.toml
setting it false, a widget change during a run lets that run finish (its last element drawn)
and then reruns with the change; by default the change cuts the run short."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.timeout(120)

APP = """
import time
import jupyter_reactive as jr
x = jr.slider("x", 0, 10, 0)
jr.text(f"start {x}")
if x == 0:
    for i in range(40):  # about 2 s, an element call (a yield point) each step
        time.sleep(0.05)
        jr.empty()
jr.text(f"end {x}")
"""


def _app(root: Path, name: str, fast: bool | None) -> str:
    folder = root / name
    (folder / ".streamlit").mkdir(parents=True)
    (folder / "app.py").write_text(APP)
    if fast is not None:
        (folder / ".streamlit" / "config.toml").write_text(f"[runner]\nfastReruns = {str(fast).lower()}\n")
    return f"{name}/app.py"


async def _change_mid_run(jr_connect: Any, path: str) -> list[dict[str, Any]]:
    app = await jr_connect(path)
    await app.hello()
    await app.expect("run_started")
    while not app.has_text("start 0"):
        await app.recv()
    await app.set("x", 5)
    finished = [await app.run()]
    assert app.has_text("end 0"), app.page  # the run the change came in finished
    finished.append(await app.run())
    assert app.has_text("end 5"), app.page
    return finished


async def test_fast_reruns_off_lets_the_run_finish(jr_connect: Any, jp_root_dir: Path) -> None:
    first, second = await _change_mid_run(jr_connect, _app(jp_root_dir, "patient", False))
    assert first["status"] == "complete" and second["status"] == "complete"


async def test_fast_reruns_on_cuts_the_run_short(jr_connect: Any, jp_root_dir: Path) -> None:
    app = await jr_connect(_app(jp_root_dir, "hasty", None))
    await app.hello()
    while not app.has_text("start 0"):
        await app.recv()
    await app.set("x", 5)
    cut = await app.expect("run_finished")
    assert cut["status"] == "rerun"
    await app.run()
    assert app.has_text("end 5") and not app.has_text("end 0")
