"""The page's shortcut parser and badge (labextension/app/shortcuts.ts) under node: the
kernel's normalized shortcuts shown as Streamlit 1.67 shows them (Mac and other platforms),
and whatever else reaches the page -- garbage in an element's ``shortcut`` -- ignored without
an exception. Bundled with the page's own esbuild; skipped without node or node_modules."""

from __future__ import annotations

from typing import Any

import pytest

from .node import caller

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
    """Each case -> [its badge elsewhere, its badge on a Mac, whether it parses]."""
    call = caller(tmp_path_factory.mktemp("shortcuts"), "shortcuts")

    def run(cases: list[Any]) -> list[list[Any]]:
        asks = [
            (f, a)
            for c in cases
            for f, a in (("shortcutLabel", [c, False]), ("shortcutLabel", [c, True]), ("parseShortcut", [c]))
        ]
        got = call(asks)
        return [[got[3 * i], got[3 * i + 1], got[3 * i + 2] is not None] for i in range(len(cases))]

    return run


def test_badges_read_as_streamlits(run_shortcuts: Any) -> None:
    got = run_shortcuts(list(SHOWN))
    assert {k: (a, b) for k, (a, b, _ok) in zip(SHOWN, got, strict=True)} == SHOWN


def test_garbage_shortcuts_are_ignored(run_shortcuts: Any) -> None:
    for case, (label, mac, usable) in zip(GARBAGE, run_shortcuts(GARBAGE), strict=True):
        assert (label, mac, usable) == ("", "", False), case
