"""The page's shortcut parser and badge (labextension/app/shortcuts.ts) under node: the
kernel's normalized shortcuts shown as Streamlit 1.67 shows them (Mac and other platforms),
and whatever else reaches the page -- garbage in an element's ``shortcut`` -- ignored without
an exception. Bundled with the page's own esbuild; skipped without node or node_modules."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
LABEXT = ROOT / "labextension"
ESBUILD = LABEXT / "node_modules" / ".bin" / "esbuild"

SHOWN = {
    "k": ("K", "K"),
    "4": ("4", "4"),
    "f11": ("F11", "F11"),
    "enter": ("Enter", "Enter"),
    "escape": ("Esc", "Esc"),
    "space": ("Space", "Space"),
    "left": ("←", "←"),
    "pagedown": ("PageDown", "PageDown"),
    "ctrl+k": ("Ctrl + K", "⌘ + K"),
    "cmd+k": ("Ctrl + K", "⌘ + K"),
    "ctrl+cmd+k": ("Ctrl + K", "⌘ + K"),
    "alt+shift+f1": ("Alt + Shift + F1", "⌥ + Shift + F1"),
    "ctrl+alt+shift+backspace": ("Ctrl + Alt + Shift + Backspace", "⌘ + ⌥ + Shift + Backspace"),
    "é": ("É", "É"),
}
GARBAGE: list[Any] = [
    None,
    3,
    True,
    [],
    {},
    ["k"],
    {"k": 1},
    "",
    "+",
    "ctrl",
    "ctrl+shift",
    "k+j",
    "enterx",
    "ctrl+..",
    "x" * 10_000,
    "ctrl+" * 1000 + "k",
    "<img src=x onerror=alert(1)>",
    "\u0000",
    "f999",
    "k+ctrl+j",
]


@pytest.fixture(scope="module")
def run_shortcuts(tmp_path_factory: pytest.TempPathFactory) -> Any:
    node = shutil.which("node")
    if node is None or not ESBUILD.exists():
        pytest.skip("needs node and labextension/node_modules (npm ci)")
    out = tmp_path_factory.mktemp("shortcuts") / "shortcuts.cjs"
    subprocess.run(
        [
            str(ESBUILD),
            str(LABEXT / "app" / "shortcuts.ts"),
            "--bundle",
            "--format=cjs",
            "--log-level=error",
            f"--outfile={out}",
        ],
        check=True,
    )
    driver = (
        f"const s = require({json.dumps(str(out))});"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(cases.map((c) => [s.shortcutLabel(c, false), s.shortcutLabel(c, true),"
        " s.parseShortcut(c) !== null])));"
    )

    def run(cases: list[Any]) -> list[list[Any]]:
        done = subprocess.run([node, "-e", driver], input=json.dumps(cases), capture_output=True, text=True, check=True)
        return json.loads(done.stdout)

    return run


def test_badges_read_as_streamlits(run_shortcuts: Any) -> None:
    got = run_shortcuts(list(SHOWN))
    assert {k: (a, b) for k, (a, b, _ok) in zip(SHOWN, got, strict=True)} == SHOWN


def test_garbage_shortcuts_are_ignored(run_shortcuts: Any) -> None:
    for case, (label, mac, usable) in zip(GARBAGE, run_shortcuts(GARBAGE), strict=True):
        assert (label, mac, usable) == ("", "", False), case
