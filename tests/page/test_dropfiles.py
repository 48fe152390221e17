"""The files under a drop (labextension/app/dropfiles.ts), under node with fake entries
(tests/page/node.py): folders walked to the bottom, a reader's batches read until an empty one,
order kept, an error passed on. Without node or the page's node_modules the test is skipped."""

from __future__ import annotations

import json
from pathlib import Path

from .node import bundle, run_script

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
    out = bundle(tmp_path, "dropfiles")
    assert run_script(DRIVER % json.dumps(str(out))) == {
        "flat": ["a", "b"],
        "tree": ["1", "2", "3", "4", "5", "z"],
        "odd": ["x"],
        "failing": "error: unreadable bad",
    }
