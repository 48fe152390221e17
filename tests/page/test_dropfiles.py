"""The files under a drop (labextension/app/dropfiles.ts), under node with fake entries: folders
walked to the bottom, a reader's batches read until an empty one, order kept, an error passed on.
Without node or the page's node_modules the test is skipped."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LABEXT = ROOT / "labextension"
ESBUILD = LABEXT / "node_modules" / ".bin" / "esbuild"

DRIVER = """
const { filesOf } = require(%s);
const file = (name, fail) => ({ isFile: true, isDirectory: false, name,
  file: (ok, bad) => setTimeout(() => (fail ? bad(new Error("unreadable " + name)) : ok({ name }))) });
// a folder whose reader gives its entries two at a time, then an empty batch, as Chromium's does
const folder = (name, kids) => ({ isFile: false, isDirectory: true, name, createReader() {
  let at = 0;
  return { readEntries: (ok) => setTimeout(() => { ok(kids.slice(at, at + 2)); at += 2; }) };
} });
const odd = { isFile: false, isDirectory: false, name: "neither" };
const cases = {
  flat: [file("a"), file("b")],
  tree: [folder("top", [file("1"), folder("sub", [file("2"), folder("empty", []), file("3")]), file("4"), file("5")]), file("z")],
  odd: [odd, file("x")],
  failing: [folder("top", [file("ok"), file("bad", true)])],
};
(async () => {
  const out = {};
  for (const [k, entries] of Object.entries(cases)) {
    try { out[k] = (await filesOf(entries)).map((f) => f.name); } catch (e) { out[k] = "error: " + e.message; }
  }
  process.stdout.write(JSON.stringify(out));
})();
"""


def test_files_of_dropped_entries(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None or not ESBUILD.exists():
        pytest.skip("needs node and labextension/node_modules (npm ci)")
    out = tmp_path / "dropfiles.cjs"
    subprocess.run(
        [
            str(ESBUILD),
            str(LABEXT / "app" / "dropfiles.ts"),
            "--bundle",
            "--format=cjs",
            "--log-level=error",
            f"--outfile={out}",
        ],
        check=True,
    )
    done = subprocess.run([node, "-e", DRIVER % json.dumps(str(out))], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == {
        "flat": ["a", "b"],
        "tree": ["1", "2", "3", "4", "5", "z"],
        "odd": ["x"],
        "failing": "error: unreadable bad",
    }
