"""Buttons' ``shortcut`` and ``icon_position`` (kernel/elements/shortcuts.py), and
``form_submit_button(key=...)``: Streamlit 1.67's normalization and refusals (the exception
class and message its ``normalize_shortcut`` gives for each), the wire fields of every button
kind and of page links, through a real ScriptRunner."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_reactive.kernel.elements import shortcuts
from jupyter_reactive.kernel.elements.shortcuts import icon_position_value, shortcut_value
from jupyter_reactive.kernel.errors import (
    StreamlitAPIException,
    StreamlitInvalidParameterTypeError,
    StreamlitValueAssignmentNotAllowedError,
    StreamlitValueError,
)

# what Streamlit 1.67's normalize_shortcut returns for each (checked against it)
NORMALIZED = {
    "K": "k",
    "k": "k",
    "4": "4",
    "F11": "f11",
    "f1": "f1",
    "F24": "f24",
    "F": "f",
    "Enter": "enter",
    "return": "enter",
    "Esc": "escape",
    "escape": "escape",
    "Space": "space",
    "spacebar": "space",
    "Tab": "tab",
    "Backspace": "backspace",
    "Delete": "delete",
    "del": "delete",
    "Home": "home",
    "End": "end",
    "PageUp": "pageup",
    "PageDown": "pagedown",
    "Left": "left",
    "ArrowRight": "right",
    "Up": "up",
    "arrowdown": "down",
    "Ctrl+K": "ctrl+k",
    "Cmd+Shift+O": "cmd+shift+o",
    "Mod+Alt+Shift+F": "ctrl+alt+shift+f",
    "Meta+K": "cmd+k",
    "Command+K": "cmd+k",
    "Control+K": "ctrl+k",
    "Option+K": "alt+k",
    "Shift+Alt+Ctrl+Cmd+K": "ctrl+cmd+alt+shift+k",
    "ctrl+ctrl+k": "ctrl+k",
    " Ctrl + K ": "ctrl+k",
    "K+Ctrl": "ctrl+k",
    "Mod+K": "ctrl+k",
    "Ctrl+T": "ctrl+t",  # the browser's: allowed, logged
    "é": "é",  # any one letter or digit Python calls alphanumeric
}

EMPTY = "The `shortcut` must contain at least one key or modifier."
MODIFIERS_ONLY = "The `shortcut` must include a non-modifier key such as 'K' or 'Ctrl+K'."
TWO_KEYS = "The `shortcut` may only specify a single non-modifier key."
RESERVED = "The `shortcut` cannot use the keys 'C' or 'R', with or without modifiers."
UNKNOWN = "shortcut must include a single character or one of the supported keys (e.g. Enter, Space, Tab, Escape)."
REFUSED = {
    "": EMPTY,
    " ": EMPTY,
    "+": EMPTY,
    "++": EMPTY,
    "Ctrl": MODIFIERS_ONLY,
    "Ctrl+Shift": MODIFIERS_ONLY,
    "Ctrl+K+J": TWO_KEYS,
    "C": RESERVED,
    "Ctrl+C": RESERVED,
    "r": RESERVED,
    "Cmd+Shift+R": RESERVED,
    ".": UNKNOWN,
    ",": UNKNOWN,
    "Ctrl+.": UNKNOWN,
    "Ctrl+/": UNKNOWN,
    "Ctrl+-": UNKNOWN,
    "Fx": UNKNOWN,
    "KK": UNKNOWN,
    "Enterx": UNKNOWN,
    "Ctrl+Plus": UNKNOWN,
}
BUTTONS = {
    "button": "jr.button('B'{})",
    "download_button": "jr.download_button('B', lambda: b'x'{})",
    "link_button": "jr.link_button('B', 'https://example.org'{})",
    "link_button_widget": "jr.link_button('B', 'https://example.org', on_click='rerun'{})",
    "form_submit_button": "with jr.form('f'):\n    jr.form_submit_button('B'{})",
}


@pytest.mark.parametrize(("given", "normalized"), NORMALIZED.items())
def test_shortcuts_normalize_as_streamlit_does(given: str, normalized: str) -> None:
    assert shortcut_value(given) == normalized


@pytest.mark.parametrize(("given", "message"), REFUSED.items())
def test_shortcuts_streamlit_refuses_are_refused_with_its_message(given: str, message: str) -> None:
    with pytest.raises(StreamlitAPIException) as info:
        shortcut_value(given)
    assert str(info.value) == message
    assert not isinstance(info.value, StreamlitInvalidParameterTypeError)


@pytest.mark.parametrize("given", [3, 1.5, b"K", ["K"], ("Ctrl", "K"), True, object()])
def test_a_shortcut_that_is_not_text_is_a_type_error(given: Any) -> None:
    with pytest.raises(StreamlitInvalidParameterTypeError) as info:
        shortcut_value(given)
    assert str(info.value).startswith("Invalid `shortcut` type. Expected one of: str. Provided type: ")


def test_no_shortcut_is_none() -> None:
    assert shortcut_value(None) is None


def test_a_shortcut_the_browser_keeps_is_logged_once(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shortcuts, "_warned", set())
    with caplog.at_level("WARNING"):
        assert shortcut_value("Alt+F4") == "alt+f4"
        assert shortcut_value("alt + f4") == "alt+f4"
        assert shortcut_value("Alt+F5") == "alt+f5"
    assert [r.getMessage() for r in caplog.records if "reserved by the browser" in r.getMessage()] == [
        "The shortcut Alt+F4 is typically reserved by the browser or operating system and may never reach the app."
        " Consider choosing a different combination."
    ]


@pytest.mark.parametrize("given", ["Left", "RIGHT", "", "center", 1, 0, ["left"], b"left"])
def test_icon_position_refuses_what_streamlit_refuses(given: Any) -> None:
    with pytest.raises(StreamlitValueError) as info:
        icon_position_value(given)
    assert str(info.value) == "Invalid `icon_position` value. Supported values: 'left', 'right'."


def test_icon_position_none_is_left() -> None:
    assert [icon_position_value(x) for x in (None, "left", "right")] == ["left", "left", "right"]


# -- through the runner ----------------------------------------------------------------------------


def _run(make_app: Any, body: str) -> Any:
    app = make_app("import jupyter_reactive as jr\n" + body)
    return app, app.run()


def _button(run: Any) -> dict[str, Any]:
    (el,) = [el for el in run.of_kind("widget") + run.of_kind("link_button") if el.get("label") == "B"]
    return el


@pytest.mark.parametrize("kind", BUTTONS)
def test_every_button_kind_sends_its_shortcut_and_icon_position(make_app: Any, kind: str) -> None:
    _app, run = _run(
        make_app, BUTTONS[kind].format(", icon='🔥', icon_position='right', shortcut='Shift+Mod+K'") + "\n"
    )
    assert run.status == "complete", run.messages
    assert not [m for m in run.messages if m["type"] == "notice"], run.messages  # no "not supported" warning
    el = _button(run)
    assert el["icon"] == "🔥" and el["icon_position"] == "right" and el["shortcut"] == "ctrl+shift+k"


@pytest.mark.parametrize("kind", BUTTONS)
def test_every_button_kind_leaves_the_defaults_off_the_wire(make_app: Any, kind: str) -> None:
    _app, run = _run(make_app, BUTTONS[kind].format(", icon_position='left', shortcut=None") + "\n")
    assert run.status == "complete", run.messages
    el = _button(run)
    assert "icon_position" not in el and "shortcut" not in el


@pytest.mark.parametrize("kind", BUTTONS)
@pytest.mark.parametrize(
    ("arg", "ename"),
    [
        ("shortcut='Ctrl+C'", "StreamlitAPIException"),
        ("shortcut='.'", "StreamlitAPIException"),
        ("shortcut=3", "StreamlitInvalidParameterTypeError"),
        ("icon_position='middle'", "StreamlitValueError"),
    ],
)
def test_every_button_kind_raises_streamlits_errors(make_app: Any, kind: str, arg: str, ename: str) -> None:
    _app, run = _run(make_app, BUTTONS[kind].format(", " + arg) + "\n")
    assert run.status == "error", run.messages
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == ename, exc


def test_page_link_icon_position(make_app: Any) -> None:
    _app, run = _run(
        make_app,
        "jr.page_link('https://example.org', label='L', icon='🔥', icon_position='right')\n"
        "jr.page_link('https://example.org', label='M', icon='🔥')\n",
    )
    assert run.status == "complete" and not [m for m in run.messages if m["type"] == "notice"], run.messages
    right, left = run.of_kind("page_link")
    assert right["icon_position"] == "right" and "icon_position" not in left


def test_page_link_bad_icon_position_raises(make_app: Any) -> None:
    _app, run = _run(make_app, "jr.page_link('https://example.org', label='L', icon_position='up')\n")
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "StreamlitValueError" and "icon_position" in exc["evalue"]


def test_a_shortcut_is_part_of_an_unkeyed_buttons_identity(make_app: Any) -> None:
    """Two buttons with one label and different shortcuts are two widgets, as in Streamlit; the
    same label twice without one is still a duplicate."""
    _app, run = _run(make_app, "jr.button('Go', shortcut='J')\njr.button('Go', shortcut='K')\njr.button('Go')\n")
    assert run.status == "complete", run.messages
    assert len({el["id"] for el in run.of_kind("widget")}) == 3
    _app, run = _run(make_app, "jr.button('Go', shortcut='J')\njr.button('Go', shortcut='Shift+J')\n")
    assert run.status == "complete", run.messages
    _app, run = _run(make_app, "jr.button('Go', shortcut='J')\njr.button('Go', shortcut='j')\n")
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "DuplicateWidgetError"


# -- form_submit_button(key=...) ---------------------------------------------------------------------

KEYED = """
import jupyter_reactive as jr
with jr.form("f"):
    t = jr.text_input("t")
    a = jr.form_submit_button("Go", key="first")
    b = jr.form_submit_button("Go", key="second")
jr.text(f"{a} {b} {jr.session_state['first']} {jr.session_state['second']} {t!r}")
"""


def _text(app: Any) -> str:
    (text,) = [el["text"] for el in app.page.values() if el.get("kind") == "text"]
    return text


def test_form_submit_button_key_names_it_in_session_state(make_app: Any) -> None:
    """Streamlit 1.67 takes ``key`` as the submit button's identity (so two with one label can
    share a form) and shows its trigger in ``session_state[key]``."""
    app = make_app(KEYED)
    run = app.run()
    assert run.status == "complete", run.messages
    assert not [m for m in run.messages if m["type"] == "notice"], run.messages
    assert _text(app) == "False False False False ''"
    first, second = [el for el in run.of_kind("widget") if el["widget"] == "form_submit_button"]
    text = next(el for el in run.of_kind("widget") if el["widget"] == "text_input")
    app.send({text["id"]: "hi", second["id"]: True})
    assert _text(app) == "False True False True 'hi'"
    app.send({first["id"]: True})
    assert _text(app) == "True False True False 'hi'"
    app.run()
    assert _text(app) == "False False False False 'hi'"


def test_form_submit_button_key_is_its_identity(make_app: Any) -> None:
    """A changed label keeps a keyed submit button the same widget; two submit buttons with one
    label and no key collide, as in Streamlit."""
    app = make_app("import jupyter_reactive as jr\nwith jr.form('f'):\n    jr.form_submit_button('A', key='k')\n")
    (a,) = app.run().of_kind("widget")
    app2 = make_app("import jupyter_reactive as jr\nwith jr.form('f'):\n    jr.form_submit_button('B', key='k')\n")
    (b,) = app2.run().of_kind("widget")
    assert a["id"] == b["id"]
    app3 = make_app(
        "import jupyter_reactive as jr\nwith jr.form('f'):\n    jr.form_submit_button('A')\n    jr.form_submit_button('A')\n"
    )
    run = app3.run()
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "DuplicateWidgetError"


def test_form_submit_button_key_cannot_be_set_through_session_state(make_app: Any) -> None:
    """A keyed submit button is a button: its value is the viewer's click, never the script's."""
    app = make_app("import jupyter_reactive as jr\nwith jr.form('f'):\n    jr.form_submit_button('A', key='k')\n")
    assert app.run().status == "complete"
    with pytest.raises(StreamlitValueAssignmentNotAllowedError):
        app.state["k"] = True
    assert app.state["k"] is False
