"""``cache_resource(fork_server=True)``: built once in the fork server, shared copy-on-write by
the forked kernels of two real sessions (checked by who built it and by each kernel's PSS)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import APPS

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def jr_config() -> dict[str, Any]:
    return {"ReactiveApp": {"pool_size": 0, "preload": ["shared_table"]}}


@pytest.fixture
def shared_apps(jp_root_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("shared_table.py", "shared_app.py"):
        shutil.copy(APPS / "shared" / name, jp_root_dir / name)
    # the fork server imports preloads by name (it does not run in the app's folder)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(jp_root_dir), os.environ.get("PYTHONPATH", "")]))
    return jp_root_dir


def smaps(pid: int) -> dict[str, int]:
    """kB figures of /proc/<pid>/smaps_rollup."""
    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return {m[1]: int(m[2]) for m in re.finditer(r"^(\w+):\s+(\d+) kB", text, re.M)}


async def test_the_resource_is_built_once_and_shared_copy_on_write(
    jr_connect: Any, shared_apps: Path, jr_sessions: Any
) -> None:
    pids = []
    for _ in range(2):
        app = await jr_connect("shared_app.py")
        await app.hello()
        assert (await app.run(timeout=60))["status"] == "complete"
        (text,) = [t for t in app.texts() if "table:" in t]
        match = re.search(r"table: (\d+) bytes, pid (\d+)", text)
        assert match and int(match[1]) == 64 * 1024 * 1024
        pids.append(int(match[2]))
    built = (shared_apps / "built.log").read_text().split()
    assert len(built) == 1  # once, for both kernels
    assert int(built[0]) not in pids  # by the fork server, before either kernel existed
    for pid in pids:
        mem = smaps(pid)
        # the 64 MiB are resident in the kernel but shared: its proportional share is at most a
        # half of them (two kernels and the fork server share the pages)
        shared = mem["Shared_Clean"] + mem["Shared_Dirty"]
        assert shared > 64 * 1024, mem
        assert mem["Rss"] - mem["Pss"] > 32 * 1024, mem
