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


# -- validate -------------------------------------------------------------------------------


def test_validate_rules_sent_to_the_page(make_app: Any) -> None:
    email = r"^[^\s@]+@[^\s@]+\.[^\s@]+$"
    assert _el(make_app, 'jr.text_input("m", type="email")')["validate"] == [email, "Enter a valid email address."]
    assert _el(make_app, 'jr.text_input("u", type="url")')["validate"][1] == "Enter a valid URL."
    for call in (
        'jr.text_input("m", type="email", validate="")',
        'jr.text_input("p", type="phone")',
        'jr.text_input("d")',
    ):
        assert "validate" not in _el(make_app, call), call
    assert _el(make_app, r'jr.text_input("z", validate=r"^\d{5}$")')["validate"] == [r"^\d{5}$", None]
    el = _el(make_app, r'jr.text_input("z", type="email", validate=(r"^\d{5}$", "Five digits."))')
    assert el["validate"] == [r"^\d{5}$", "Five digits."]


@pytest.mark.parametrize(
    ("validate", "ename"),
    [
        ("('a',)", "StreamlitValueError"),
        ("('a', 'b', 'c')", "StreamlitValueError"),
        ("('a', 5)", "StreamlitValueError"),
        ("['^a$', 'msg']", "StreamlitInvalidParameterTypeError"),
        ("5", "StreamlitInvalidParameterTypeError"),
    ],
)
def test_a_validate_streamlit_refuses_raises(make_app: Any, validate: str, ename: str) -> None:
    exc = _error(make_app, f'jr.text_input("x", validate={validate})')
    assert exc["ename"] == ename and "validate" in exc["evalue"], exc


def test_the_kernel_refuses_a_text_that_fails_the_rule(make_app: Any) -> None:
    app = make_app(
        "import jupyter_reactive as jr\n"
        'jr.text(repr(jr.text_input("Zip", validate=(r"^\\d{5}$", "Five digits."))))\n'
        'jr.text(repr(jr.text_input("Mail", type="email")))\n'
    )
    zip_el, mail_el = app.run().of_kind("widget")
    message = app.refused(zip_el["id"], "1234")
    assert message == "text_input 'Zip': text does not match the validate pattern (Five digits.)", message
    assert "MARK" not in app.refused(zip_el["id"], "MARK<i>")  # the text itself is never echoed
    assert app.refused(mail_el["id"], "ada@localhost").endswith("(Enter a valid email address.)")
    for ok in ("12345", ""):  # an empty text is never checked
        data, errors = app.state.validate({zip_el["id"]: ok})
        assert errors == [] and data.values[zip_el["id"]] == ok
    data, errors = app.state.validate({mail_el["id"]: "ada@example.org"})
    assert errors == []


def test_javascript_named_groups_are_read_and_javascript_only_syntax_is_left_to_the_page(make_app: Any) -> None:
    app = make_app(
        "import jupyter_reactive as jr\n"
        'jr.text_input("Named", validate=r"^(?<year>\\d{4})-\\k<year>$")\n'
        'jr.text_input("Script", validate=r"^\\p{L}+$")\n'
    )
    named, script = app.run().of_kind("widget")
    assert app.refused(named["id"], "2024")
    assert app.state.validate({named["id"]: "2024-2024"})[1] == []
    assert app.refused(named["id"], "2024-2025")
    assert app.state.validate({script["id"]: "1234"})[1] == []  # Python cannot read \p{L}: only the page checks


# -- required -------------------------------------------------------------------------------


@pytest.mark.parametrize("function", ["text_input", "text_area"])
def test_required_is_sent_and_blank_texts_are_refused(make_app: Any, function: str) -> None:
    app = make_app(f'import jupyter_reactive as jr\njr.text(repr(jr.{function}("Name", "ada", required=True)))\n')
    run = app.run()
    assert [m for m in run.messages if m["type"] == "notice"] == []
    (el,) = run.of_kind("widget")
    assert el["required"] is True
    for blank in ("", "   ", "\n\t"):
        assert app.refused(el["id"], blank) == f"{function} 'Name': a text is required"
    for garbage in (None, 5, ["a"]):
        assert app.refused(el["id"], garbage)
    assert app.state.validate({el["id"]: " bob "})[1] == []
    assert "required" not in _el(make_app, f'jr.{function}("Name")')


def test_a_required_field_may_still_hold_its_empty_default(make_app: Any) -> None:
    app = make_app('import jupyter_reactive as jr\njr.text(repr(jr.text_input("Name", required=True)))\n')
    (el,) = app.run().of_kind("widget")
    assert app.state.validate({el["id"]: ""})[1] == []  # a form submitted with the field untouched
    assert app.refused(el["id"], "  ")


# -- live -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("live", "ms"),
    [("True", 250), ("'250ms'", 250), ("'0.5s'", 500), ("'0ms'", 0), ("'0'", 0), ("'1m'", 60_000), ("'2 s'", 2000)],
)
def test_live_is_sent_in_milliseconds(make_app: Any, live: str, ms: int) -> None:
    assert _el(make_app, f'jr.text_input("q", live={live})')["live_ms"] == ms


def test_live_off_sends_nothing(make_app: Any) -> None:
    assert "live_ms" not in _el(make_app, 'jr.text_input("q", live=False)')


@pytest.mark.parametrize(
    ("live", "ename", "text"),
    [
        ("300", "StreamlitInvalidParameterTypeError", "is not milliseconds"),
        ("0.3", "StreamlitInvalidParameterTypeError", "duration string"),
        ("__import__('datetime').timedelta(seconds=1)", "StreamlitInvalidParameterTypeError", "timedelta"),
        ("None", "StreamlitInvalidParameterTypeError", "Invalid `live` type"),
        ("'soon'", "StreamlitAPIException", "Time string doesn't look right"),
        ("''", "StreamlitAPIException", "Time string doesn't look right"),
        ("'2m'", "StreamlitValueError", "outside the required range [0ms, 1m]"),
        ("'-1s'", "StreamlitAPIException", "Time string"),
    ],
)
def test_a_live_streamlit_refuses_raises(make_app: Any, live: str, ename: str, text: str) -> None:
    exc = _error(make_app, f'jr.text_input("q", live={live})')
    assert exc["ename"] == ename and text in exc["evalue"], exc


def test_required_number_and_select_boxes(make_app: Any) -> None:
    el = _el(make_app, 'jr.number_input("n", value=None, required=True)')
    assert el["required"] is True and el["value"] is None
    assert "required" not in _el(make_app, 'jr.number_input("n")')
    el = _el(make_app, 'jr.selectbox("s", ["a", "b"], index=None, required=True)')
    assert el["required"] is True and "clearable" not in el  # changed, never cleared
    assert _el(make_app, 'jr.selectbox("s", ["a", "b"], index=None)')["clearable"] is True


def test_a_password_cannot_be_bound_to_the_url(make_app: Any) -> None:
    exc = _error(make_app, 'jr.text_input("pw", type="password", key="pw", bind="query-params")')
    assert exc["ename"] == "StreamlitIncompatibleParametersError", exc
    assert "Password values must not appear in URLs." in exc["evalue"]
    assert _el(make_app, 'jr.text_input("q", type="search", key="q", bind="query-params")')["input_type"] == "search"
