"""``text_input``'s Streamlit 1.67 parameters: ``type`` with its smart defaults (icon,
placeholder, autocomplete; each overridable, ``""`` turning it off), and ``icon`` on
``text_input``, ``number_input`` and ``selectbox`` checked as Streamlit checks it."""

from __future__ import annotations

from typing import Any

import pytest


def _el(make_app: Any, call: str) -> dict[str, Any]:
    run = make_app(f"import jupyter_reactive as jr\njr.text(repr({call}))\n").run()
    assert run.status == "complete", run.messages
    notices = [m["message"] for m in run.messages if m["type"] == "notice"]
    assert notices == [], notices
    (el,) = run.of_kind("widget")
    return el


def _error(make_app: Any, call: str) -> dict[str, Any]:
    run = make_app(f"import jupyter_reactive as jr\n{call}\n").run()
    (exc,) = run.of_kind("exception")
    return exc


@pytest.mark.parametrize(
    ("type", "icon", "placeholder", "autocomplete"),
    [
        ("default", None, None, ""),
        ("password", None, None, "new-password"),
        ("email", ":material/mail:", "you@example.com", "email"),
        ("url", ":material/link:", "https://example.com", "url"),
        ("phone", ":material/call:", "+1 234 567 8900", "tel"),
        ("search", ":material/search:", "Search", "off"),
    ],
)
def test_each_type_brings_streamlits_defaults(
    make_app: Any, type: str, icon: str | None, placeholder: str | None, autocomplete: str
) -> None:
    el = _el(make_app, f'jr.text_input("Field", type="{type}")')
    assert el["input_type"] == type and el["password"] is (type == "password")
    assert el.get("icon") == icon and el["placeholder"] == placeholder
    assert el["autocomplete"] == autocomplete


def test_explicit_values_replace_the_types_defaults_and_empty_turns_them_off(make_app: Any) -> None:
    el = _el(make_app, 'jr.text_input("Mail", type="email", icon="🚨", placeholder="me", autocomplete="work email")')
    assert (el["icon"], el["placeholder"], el["autocomplete"]) == ("🚨", "me", "work email")
    el = _el(make_app, 'jr.text_input("Mail", type="email", icon="", placeholder="", autocomplete="")')
    assert "icon" not in el and el["placeholder"] == "" and el["autocomplete"] == ""
    el = _el(make_app, 'jr.text_input("Plain", icon=":material/thumb_up:")')
    assert el["icon"] == ":material/thumb_up:" and el["input_type"] == "default"


def test_each_type_keeps_the_text_it_is_sent(make_app: Any) -> None:
    app = make_app('import jupyter_reactive as jr\njr.text(repr(jr.text_input("Find", type="search")))\n')
    (el,) = app.run().of_kind("widget")
    app.send({el["id"]: "apples"})
    assert [t["text"] for t in app.page.values() if t.get("kind") == "text"] == ["'apples'"]
    for garbage in (5, True, ["a"], {"a": 1}):
        assert app.refused(el["id"], garbage)


@pytest.mark.parametrize("type", ["'text'", "'number'", "'PASSWORD'", "None", "3"])
def test_a_type_streamlit_refuses_raises_its_exception(make_app: Any, type: str) -> None:
    exc = _error(make_app, f'jr.text_input("x", type={type})')
    assert exc["ename"] == "StreamlitValueError", exc
    assert (
        "Invalid `type` value. Supported values: 'default', 'password', 'email', 'url', 'phone', 'search'."
        in (exc["evalue"])
    )


@pytest.mark.parametrize(
    "call",
    [
        'jr.text_input("t", icon={icon})',
        'jr.number_input("n", icon={icon})',
        'jr.selectbox("s", ["a", "b"], icon={icon})',
    ],
)
def test_icon_is_drawn_by_text_number_and_select_fields(make_app: Any, call: str) -> None:
    for icon, sent in [("'🔥'", "🔥"), ("' :material/search: '", ":material/search:"), ("'spinner'", "spinner")]:
        assert _el(make_app, call.format(icon=icon))["icon"] == sent
    for none in ("None", "''", "'   '"):
        assert "icon" not in _el(make_app, call.format(icon=none))


@pytest.mark.parametrize("function", ['text_input("t"', 'number_input("n"', 'selectbox("s", ["a"]'])
@pytest.mark.parametrize(
    ("icon", "ename"),
    [
        ("'fire'", "StreamlitAPIException"),
        ("':fire:'", "StreamlitAPIException"),
        ("':material/Thumb Up:'", "StreamlitAPIException"),
        ("'<b>x</b>'", "StreamlitAPIException"),
        ("5", "StreamlitInvalidParameterTypeError"),
        ("['🔥']", "StreamlitInvalidParameterTypeError"),
    ],
)
def test_an_icon_streamlit_refuses_raises(make_app: Any, function: str, icon: str, ename: str) -> None:
    exc = _error(make_app, f"jr.{function}, icon={icon})")
    assert exc["ename"] == ename, exc
    assert "icon" in exc["evalue"]
