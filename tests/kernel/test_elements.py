"""The optional element fields of this round (present only when the script sets them) and
``form(clear_on_submit=True)``, through a real ScriptRunner."""

from __future__ import annotations

from typing import Any

import pytest


def _els(make_app: Any, body: str) -> tuple[Any, Any]:
    app = make_app("import jupyter_reactive as jr\n" + body)
    run = app.run()
    return app, run


def _only(run: Any, kind: str) -> dict[str, Any]:
    (el,) = run.of_kind(kind)
    return el


# -- form(clear_on_submit=True) ---------------------------------------------------------------

CHAT = """
    import jupyter_reactive as jr
    with jr.form("chat", clear_on_submit=True):
        msg = jr.text_input("message")
        n = jr.slider("n", 0, 10, 2)
        sent = jr.form_submit_button("Send")
    if sent:
        jr.session_state.setdefault("log", []).append((msg, n))
    jr.text(repr(jr.session_state.get("log", [])))
    jr.text(f"now {msg!r} {n}")
"""


def _texts(app: Any) -> list[str]:
    return [el["text"] for _p, el in sorted(app.page.items()) if el.get("kind") == "text"]


def test_clear_on_submit_returns_the_submitted_values_once_and_shows_the_defaults(make_app: Any) -> None:
    app = make_app(CHAT)
    app.run()
    msg, n, send = app.widget("message"), app.widget("n"), app.widget("Send")
    run = app.send({msg["id"]: "hello", n["id"]: 7, send["id"]: True})
    assert _texts(app) == ["[('hello', 7)]", "now 'hello' 7"]
    # the page is told to show the defaults again; it skips an element identical to the one it
    # holds (the defaults it was sent first), so it gets the submitted values, then the defaults
    sent = [(el["label"], el["value"]) for el in run.of_kind("widget")]
    assert sent == [("message", "hello"), ("message", ""), ("n", 7), ("n", 2)]
    # the next run (any other event) sees the defaults, and the message is not sent twice
    app.run()
    assert _texts(app) == ["[('hello', 7)]", "now '' 2"]


def test_clear_on_submit_the_same_message_again_counts_as_new(make_app: Any) -> None:
    app = make_app(CHAT)
    app.run()
    ids = {label: app.widget(label)["id"] for label in ("message", "n", "Send")}
    for _ in range(2):
        app.send({ids["message"]: "hi", ids["n"]: 2, ids["Send"]: True})
    assert _texts(app)[0] == "[('hi', 2), ('hi', 2)]"
    assert app.state.widget_value(ids["message"]) == ""


def test_form_without_clear_on_submit_keeps_its_values(make_app: Any) -> None:
    app = make_app(CHAT.replace(", clear_on_submit=True", ""))
    app.run()
    msg, send = app.widget("message"), app.widget("Send")
    run = app.send({msg["id"]: "hello", send["id"]: True})
    assert {el["label"]: el["value"] for el in run.of_kind("widget")}["message"] == "hello"
    app.run()
    assert _texts(app)[1] == "now 'hello' 2"


def test_a_form_tells_the_page_when_enter_does_not_submit_it(make_app: Any) -> None:
    """``enter_to_submit=False`` (Streamlit's st_form e2e test, form 8) reaches the page on the
    form's block, without a warning; the default leaves the block as it was."""
    app = make_app("""
        import jupyter_reactive as jr
        with jr.form("a"):
            jr.form_submit_button("A")
        with jr.form("b", enter_to_submit=False):
            jr.form_submit_button("B")
    """)
    run = app.run()
    assert run.status == "complete", run.messages
    forms = [el for el in run.of_kind("block") if el.get("layout") == "form"]
    assert [f.get("enter_to_submit") for f in forms] == [None, False]
    assert not [m for m in run.messages if m["type"] == "notice"], run.messages


def test_clear_on_submit_leaves_other_forms_alone(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        with jr.form("a", clear_on_submit=True):
            a = jr.text_input("a")
            jr.form_submit_button("A")
        with jr.form("b", clear_on_submit=True):
            b = jr.text_input("b")
            jr.form_submit_button("B")
        jr.text(f"{a}|{b}")
    """)
    app.run()
    w = {label: app.widget(label)["id"] for label in ("a", "A", "b", "B")}
    app.send({w["b"]: "kept", w["B"]: True})
    app.send({w["a"]: "x", w["A"]: True})
    assert _texts(app) == ["x|"]
    app.run()
    assert _texts(app) == ["|"]


# -- text elements ------------------------------------------------------------------------------


def test_help_and_anchor_are_absent_unless_set(make_app: Any) -> None:
    _app, run = _els(make_app, "jr.title('T')\njr.header('H')\njr.markdown('m')\njr.caption('c')\njr.text('t')\n")
    for el in run.of_kind("markdown") + run.of_kind("text"):
        assert "help" not in el and "anchor" not in el


@pytest.mark.parametrize("call", ["title", "header", "subheader", "markdown", "caption", "text"])
def test_help_tooltip(make_app: Any, call: str) -> None:
    _app, run = _els(make_app, f"jr.{call}('body', help='a tip')\n")
    (el,) = run.of_kind("text") or run.of_kind("markdown")
    assert el["help"] == "a tip"


@pytest.mark.parametrize("anchor", ["my-id", False])
@pytest.mark.parametrize("call", ["title", "header", "subheader"])
def test_heading_anchor(make_app: Any, call: str, anchor: Any) -> None:
    _app, run = _els(make_app, f"jr.{call}('Body', anchor={anchor!r})\n")
    assert _only(run, "markdown")["anchor"] == anchor


def test_bad_anchor_refused(make_app: Any) -> None:
    _app, run = _els(make_app, "jr.header('Body', anchor='')\n")
    assert run.status == "error" and "anchor" in _only(run, "exception")["evalue"]


def test_heading_divider_colours(make_app: Any) -> None:
    # Streamlit's divider=True cycles blue, green, orange, red, violet, yellow over the run's
    # headings; a named colour (or "rainbow") is kept and does not advance the cycle
    body = "".join(f"jr.header('h{i}', divider=True)\n" for i in range(7))
    body += "jr.subheader('s', divider='grey')\njr.subheader('r', divider='rainbow')\njr.header('n')\n"
    body += "jr.subheader('next', divider=True)\n"
    app, run = _els(make_app, body)
    lines = [el.get("divider") for el in run.of_kind("markdown")]
    assert lines == ["blue", "green", "orange", "red", "violet", "yellow", "blue", "gray", "rainbow", None, "green"]
    # the next run starts the cycle again: the same colours, so no heading is sent anew
    assert app.run().of_kind("markdown") == []
    assert [el.get("divider") for _p, el in sorted(app.page.items())][:2] == ["blue", "green"]


@pytest.mark.parametrize("bad", ["'pink'", "1", "'True'"])
def test_bad_divider_refused(make_app: Any, bad: str) -> None:
    _app, run = _els(make_app, f"jr.header('Body', divider={bad})\n")
    assert run.status == "error" and "divider must be" in _only(run, "exception")["evalue"]


def test_code_line_numbers_and_wrap_lines(make_app: Any) -> None:
    _app, run = _els(make_app, "jr.code('x')\njr.code('y', line_numbers=True, wrap_lines=True)\n")
    plain, numbered = run.of_kind("code")
    assert "line_numbers" not in plain and "wrap_lines" not in plain
    assert numbered["line_numbers"] is True and numbered["wrap_lines"] is True


# -- widgets --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("jr.slider('s', 0, 10, format='%d items')", "%d items"),
        ("jr.slider('s', 0.0, 1.0, format='%.1f%%')", "%.1f%%"),
        ("jr.number_input('n', format='%e')", "%e"),
        ("jr.number_input('n', 0, 10, format='%x')", "%x"),
    ],
)
def test_number_format(make_app: Any, call: str, expected: str) -> None:
    _app, run = _els(make_app, call + "\n")
    assert run.status == "complete", run.messages
    assert _only(run, "widget")["number_format"] == expected


@pytest.mark.parametrize(
    "call",
    [
        "jr.slider('s', 0.0, 1.0, format='%x')",
        "jr.number_input('n', format='no format')",
        "jr.slider('s', format='%d %d')",
    ],
)
def test_bad_number_format_refused(make_app: Any, call: str) -> None:
    _app, run = _els(make_app, call + "\n")
    assert run.status == "error"
    exc = _only(run, "exception")
    assert exc["ename"] == "ValueError" and "format" in exc["evalue"]


def test_number_format_absent_unless_set(make_app: Any) -> None:
    _app, run = _els(make_app, "jr.slider('s')\njr.number_input('n')\n")
    assert all("number_format" not in el for el in run.of_kind("widget"))


def test_buttons_use_container_width(make_app: Any) -> None:
    _app, run = _els(
        make_app,
        "jr.button('a')\njr.button('b', use_container_width=True)\n"
        "with jr.form('f'):\n    jr.form_submit_button('s', use_container_width=True)\n",
    )
    widths = {el["label"]: el.get("use_container_width") for el in run.of_kind("widget")}
    assert widths == {"a": None, "b": True, "s": True}  # download_button: tests/kernel/test_media.py


def test_radio_captions(make_app: Any) -> None:
    _app, run = _els(make_app, "jr.radio('r', ['a', 'b'], captions=['**one**', 'two'])\n")
    assert _only(run, "widget")["captions"] == ["<strong>one</strong>", "two"]
    _app, run = _els(make_app, "jr.radio('r', ['a', 'b'])\n")
    assert "captions" not in _only(run, "widget")


def test_radio_captions_one_per_option(make_app: Any) -> None:
    _app, run = _els(make_app, "jr.radio('r', ['a', 'b'], captions=['only one'])\n")
    assert run.status == "error" and "captions" in _only(run, "exception")["evalue"]


def test_text_input_autocomplete(make_app: Any) -> None:
    _app, run = _els(make_app, "jr.text_input('e', autocomplete='email')\njr.text_input('f')\n")
    with_it, without = run.of_kind("widget")
    # Streamlit 1.67: the default type's autocomplete is "" (the browser's default behaviour)
    assert with_it["autocomplete"] == "email" and without["autocomplete"] == ""


# -- media ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["audio", "video"])
def test_end_time(make_app: Any, kind: str) -> None:
    _app, run = _els(
        make_app,
        f"jr.{kind}('https://example.com/m', start_time=1, end_time=2.5)\njr.{kind}('https://example.com/n')\n",
    )
    cut, whole = run.of_kind(kind)
    assert cut["end_time"] == 2.5 and "end_time" not in whole


@pytest.mark.parametrize("end", ["1", "0.5", "-1", "'2'"])
def test_end_time_must_follow_start_time(make_app: Any, end: str) -> None:
    _app, run = _els(make_app, f"jr.video('https://example.com/m', start_time=1, end_time={end})\n")
    assert run.status == "error" and "end_time" in _only(run, "exception")["evalue"]
