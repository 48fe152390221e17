"""The grid's cell helpers under node (no browser): which media URLs a cell may play
(labextension/app/chunks/gridcells/cells.ts), a progress number shown to its step, and the list /
multiselect text a viewer types or pastes (chunks/gridedit/state.ts) — garbage included. Bundled
with the page's own esbuild (tests/page/node.py); skipped without node."""

from __future__ import annotations

from typing import Any

import pytest

from .node import caller


@pytest.fixture(scope="module")
def call(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return caller(
        tmp_path_factory.mktemp("gridcells"),
        "chunks/gridcells/cells",
        "chunks/gridedit/state",
        prelude="globalThis.document = {}; globalThis.window = globalThis;",
    )


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
