"""The grid's cell helpers under node (no browser): which media URLs a cell may play
(labextension/app/chunks/gridcells/cells.ts), a progress number shown to its step, and the list /
multiselect text a viewer types or pastes (chunks/gridedit/state.ts) — garbage included. Bundled
with the page's own esbuild, as tests/page/test_format.py does; skipped without node."""

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


@pytest.fixture(scope="module")
def call(tmp_path_factory: pytest.TempPathFactory) -> Any:
    node = shutil.which("node")
    if node is None or not ESBUILD.exists():
        pytest.skip("needs node and labextension/node_modules (npm ci)")
    folder = tmp_path_factory.mktemp("gridcells")
    entry = folder / "entry.ts"
    entry.write_text(
        f"export {{ safeMediaUrl, stepText, progressText }} from {json.dumps(str(LABEXT / 'app' / 'chunks' / 'gridcells' / 'cells'))};\n"
        f"export {{ parseCell, inputValue }} from {json.dumps(str(LABEXT / 'app' / 'chunks' / 'gridedit' / 'state'))};\n"
    )
    out = folder / "cells.cjs"
    subprocess.run(
        [str(ESBUILD), str(entry), "--bundle", "--format=cjs", "--log-level=error", f"--outfile={out}"], check=True
    )
    driver = (
        "globalThis.document = {}; globalThis.window = globalThis;"
        f"const m = require({json.dumps(str(out))});"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(cases.map(([f, args]) => m[f](...args))));"
    )

    def run(cases: list[tuple[str, list[Any]]]) -> list[Any]:
        done = subprocess.run([node, "-e", driver], input=json.dumps(cases), capture_output=True, text=True, check=True)
        return json.loads(done.stdout)

    return run


@pytest.mark.parametrize(
    ("url", "media", "ok"),
    [
        ("https://example.com/a.mp3", "audio", True),
        ("HTTP://example.com/a.mp4", "video", True),
        ("media/clip.mp4", "video", True),
        ("/static/x.ogg", "audio", True),
        ("data:audio/mp3;base64,AAAA", "audio", True),
        ("data:video/mp4;base64,AAAA", "audio", False),  # the wrong medium
        ("data:text/html,<script>alert(1)</script>", "video", False),
        ("javascript:alert(1)", "audio", False),
        (" JavaScript:alert(1)", "video", False),
        ("vbscript:x", "audio", False),
        ("file:///etc/passwd", "audio", False),
        ("java\tscript:alert(1)", "audio", False),
        ("", "audio", False),
    ],
)
def test_only_safe_media_urls_play(call: Any, url: str, media: str, ok: bool) -> None:
    assert call([("safeMediaUrl", [url, media])]) == [ok]


def test_progress_numbers_follow_their_step(call: Any) -> None:
    got = call([("stepText", [0.01, 0.25]), ("stepText", [1, 41.7]), ("stepText", [0.5, 3]), ("stepText", [1e-7, 0.1])])
    assert got == ["0.25", "42", "3.0", "0.1000000"]
    fraction = {"name": "p", "kind": "float", "type": "progress", "min": 0, "max": 1}
    got = call(
        [
            ("progressText", [fraction, 0.755]),
            ("progressText", [fraction, 0.1]),
            ("progressText", [{**fraction, "step": 0.001}, 0.7556]),
            ("progressText", [{**fraction, "max": 100}, 40]),
            ("progressText", [{**fraction, "max": 100, "step": 0.5}, 40]),
            ("progressText", [{**fraction, "format": "%.1f"}, 0.5]),
        ]
    )
    assert got == ["75.5%", "10%", "75.6%", None, "40.0", None]


MULTI = {"key": "c", "editor": "multiselect", "options": ["a", "b"]}
LIST = {"key": "t", "editor": "multiselect", "accept_new": True}


@pytest.mark.parametrize(
    ("col", "text", "want"),
    [
        (MULTI, "a, b", {"value": ["a", "b"]}),
        (MULTI, '["b"]', {"value": ["b"]}),
        (MULTI, "a, zz", {"error": "Not one of the options: zz"}),
        (MULTI, "", {"value": None}),
        ({**MULTI, "required": True}, "  ", {"error": "A value is required"}),
        (LIST, "x, y ,, z", {"value": ["x", "y", "z"]}),
        (LIST, "[1, true, null]", {"value": ["1", "true", "null"]}),
        (LIST, '{"k": 1}, 2', {"value": ['{"k": 1}', "2"]}),  # not a JSON list: comma-separated text
        (LIST, '[{"k": 1}, [2]]', {"value": ['{"k":1}', "[2]"]}),
        (LIST, "[not json", {"value": ["[not json"]}),
    ],
)
def test_typed_or_pasted_lists(call: Any, col: dict, text: str, want: dict) -> None:
    assert call([("parseCell", [col, text])]) == [want]


def test_a_list_cell_s_editable_text(call: Any) -> None:
    assert call([("inputValue", [LIST, ["a", "b"]]), ("inputValue", [LIST, None])]) == ["a, b", ""]
