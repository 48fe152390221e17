"""Parameters that only warned before (Streamlit 1.67): alert titles, a spinner's elapsed time,
a linked image, expander and status types, container autoscroll, a dialog's icon; accepted
values reach the page, bad ones raise what Streamlit raises."""

from __future__ import annotations

from typing import Any

import pytest


def notices(run: Any) -> list[str]:
    return [m["message"] for m in run.messages if m["type"] == "notice"]


def _run(make_app: Any, body: str) -> Any:
    return make_app("import jupyter_reactive as jr\n" + body).run()


def _error(run: Any) -> tuple[str, str]:
    (exc,) = run.of_kind("exception")
    return exc["ename"], exc["evalue"]


# -- alert titles --------------------------------------------------------------------------------


def test_alert_titles_are_inline_markdown_above_the_text(make_app: Any) -> None:
    run = _run(
        make_app,
        "jr.error('bad', title='Oops')\n"
        "jr.warning('w', title='*Heads* up', icon='⚠️')\n"
        "jr.info('i', title='   \\n  ')\n"  # blank after Streamlit's clean_text: no title
        "jr.success('s', title=42)\n"  # anything with a str, as Streamlit's SupportsStr
        "jr.info('plain')\n",
    )
    assert run.status == "complete" and notices(run) == []
    alerts = run.of_kind("alert")
    assert [a.get("title_html") for a in alerts] == ["Oops", "<em>Heads</em> up", None, "42", None]
    assert alerts[1]["icon"] == "⚠️" and alerts[0]["html"] == "<p>bad</p>\n"


def test_alert_title_markup_is_escaped(make_app: Any) -> None:
    run = _run(make_app, "jr.error('x', title='<img src=x onerror=alert(1)> www.a.io')\n")
    (alert,) = run.of_kind("alert")
    assert "<img" not in alert["title_html"] and "&lt;img" in alert["title_html"]
    assert '<a href="http://www.a.io"' in alert["title_html"]  # and it autolinks, as Streamlit's


def test_a_leading_icon_in_an_alert_body_moves_to_the_icon(make_app: Any) -> None:
    # Streamlit 1.67's extract_leading_icon, when no icon= is given
    run = _run(
        make_app,
        "jr.error('🚨 Alarm')\n"
        "jr.warning('  ⚠️ - careful  ')\n"  # cleaned first, then the separators after it
        "jr.info(':material/info: Note')\n"
        "jr.success('👨\u200d👩\u200d👧🔥 one family')\n"  # one emoji: the whole sequence only
        "jr.info('° not an emoji')\n"
        "jr.info('x 🚨 inside')\n"
        "jr.error('🚨 kept', icon='')\n"  # icon='' shows none and takes nothing
        "jr.error('🚨 kept', icon='🔥')\n"
        "jr.info('🇫🇷', title='T')\n",
    )
    assert run.status == "complete" and notices(run) == []
    got = [(a["icon"], a["html"]) for a in run.of_kind("alert")]
    assert got == [
        ("🚨", "<p>Alarm</p>\n"),
        ("⚠️", "<p>careful</p>\n"),
        (":material/info:", "<p>Note</p>\n"),
        ("👨\u200d👩\u200d👧", "<p>🔥 one family</p>\n"),
        (None, "<p>° not an emoji</p>\n"),
        (None, "<p>x 🚨 inside</p>\n"),
        (None, "<p>🚨 kept</p>\n"),
        ("🔥", "<p>🚨 kept</p>\n"),
        ("🇫🇷", ""),
    ]


@pytest.mark.parametrize("body", ["", "   ", "#", "1", "\ufe0f", "\u200d🚨", ":material/: x", ":material/x", 7, None])
def test_odd_alert_bodies_take_no_icon_and_do_not_fail(make_app: Any, body: object) -> None:
    run = _run(make_app, f"jr.warning({body!r})\n")
    (alert,) = run.of_kind("alert")
    assert run.status == "complete" and alert["icon"] is None


# -- spinner(show_time) ----------------------------------------------------------------------------


def test_spinner_show_time_reaches_the_page_only_when_set(make_app: Any) -> None:
    run = _run(
        make_app,
        "with jr.spinner('a', show_time=True):\n    jr.write('in a')\nwith jr.spinner('b'):\n    jr.write('in b')\n",
    )
    assert run.status == "complete" and notices(run) == []
    assert [s.get("show_time") for s in run.of_kind("spinner")] == [True, None]


@pytest.mark.parametrize("value", ["'yes'", "None", "2.5", "[True]"])
def test_spinner_show_time_refuses_what_streamlit_refuses(make_app: Any, value: str) -> None:
    run = _run(make_app, f"with jr.spinner('a', show_time={value}):\n    pass\n")
    ename, evalue = _error(run)
    assert ename == "TypeError" and "cannot be interpreted as an integer" in evalue


def test_spinner_text_is_markdown_with_its_html_escaped(make_app: Any) -> None:
    run = _run(
        make_app,
        "with jr.spinner('  **Loading** `data`  '):\n    pass\n"
        "with jr.spinner('<b>x</b> :red[hot]'):\n    pass\n"
        "with jr.spinner(42):\n    pass\n",
    )
    assert run.status == "complete" and notices(run) == []
    first, second, third = (s["html"] for s in run.of_kind("spinner"))
    assert first == "<p><strong>Loading</strong> <code>data</code></p>\n"
    assert "<b>" not in second and "&lt;b&gt;" in second and "hot" in second and "<p>" in second
    assert third == "<p>42</p>\n"


# -- image(link) -----------------------------------------------------------------------------------

PIXEL = "import numpy as np\npic = np.zeros((2, 2, 3), dtype=np.uint8)\n"


def test_image_link_reaches_the_page(make_app: Any) -> None:
    run = _run(
        make_app,
        PIXEL + "jr.image(pic, link='https://example.com/x')\njr.image(pic, link='/page')\n"
        "jr.image(pic, link=b'/bytes')\njr.image(pic, link='')\njr.image([pic, pic])\n",
    )
    assert run.status == "complete" and notices(run) == []
    assert [el.get("link") for el in run.of_kind("image")] == ["https://example.com/x", "/page", "/bytes", None, None]


@pytest.mark.parametrize(
    ("call", "ename", "message"),
    [
        (
            "jr.image([pic, pic], link='https://e.com')",
            "StreamlitAPIException",
            "The `link` parameter is only supported when displaying a single image. You passed 2 images.",
        ),
        ("jr.image(pic, link=5)", "TypeError", "bad argument type for built-in operation"),
        ("jr.image(pic, link=['https://e.com'])", "TypeError", "bad argument type for built-in operation"),
    ],
)
def test_image_link_refuses_what_streamlit_refuses(make_app: Any, call: str, ename: str, message: str) -> None:
    assert _error(_run(make_app, PIXEL + call + "\n")) == (ename, message)


# -- expander(type) and status(type) -------------------------------------------------------------


def test_expander_and_status_types_reach_the_page(make_app: Any) -> None:
    run = _run(
        make_app,
        "with jr.expander('a', type='compact'):\n    jr.write('x')\n"
        "with jr.expander('b', type='step', icon=':material/search:'):\n    jr.write('y')\n"
        "jr.expander('c', type='step')\n"
        "jr.expander('d', type='default')\n"
        "with jr.status('e', type='step', state='complete') as s:\n    jr.write('z')\n"
        "s.update(label='E')\n"
        "jr.status('f', type='compact')\n"
        "jr.status('g')\n",
    )
    assert run.status == "complete" and notices(run) == []
    blocks = {el["label"]: el for el in run.of_kind("block") if el["layout"] in ("expander", "status")}
    assert {k: v.get("type") for k, v in blocks.items()} == {
        "a": "compact", "b": "step", "c": "step", "d": None, "E": "step", "f": "compact", "g": None,
    }  # fmt: skip
    assert blocks["b"]["icon"] == ":material/search:"


@pytest.mark.parametrize(
    "call", ["jr.expander('x', type='timeline')", "jr.status('x', type=None)", "jr.status('x', type=1)"]
)
def test_a_bad_type_raises_streamlits_error(make_app: Any, call: str) -> None:
    assert _error(_run(make_app, call + "\n")) == (
        "StreamlitValueError",
        "Invalid `type` value. Supported values: 'default', 'compact', 'step'.",
    )


# -- container(autoscroll) -------------------------------------------------------------------------


def test_autoscroll_reaches_the_page_when_set(make_app: Any) -> None:
    run = _run(
        make_app,
        "jr.container(height=100, autoscroll=True)\njr.container(height=100, autoscroll=False)\n"
        "jr.container(height=100)\njr.container(autoscroll=1)\n",
    )
    assert run.status == "complete" and notices(run) == []
    blocks = [el for el in run.of_kind("block") if el["layout"] == "vertical"]
    assert [b.get("autoscroll", "absent") for b in blocks] == [True, False, "absent", True]


@pytest.mark.parametrize("value", ["'yes'", "2.0", "[True]"])
def test_autoscroll_refuses_what_streamlit_refuses(make_app: Any, value: str) -> None:
    ename, evalue = _error(_run(make_app, f"jr.container(height=100, autoscroll={value})\n"))
    assert ename == "TypeError" and "cannot be interpreted as an integer" in evalue


# -- dialog(icon) ----------------------------------------------------------------------------------


def _dialog_app(icon: str) -> str:
    return f"@jr.dialog('Settings', icon={icon})\ndef d():\n    jr.write('in')\n\nd()\n"


@pytest.mark.parametrize(
    ("icon", "shown"),
    [
        ("':material/settings:'", ":material/settings:"),
        ("'🔥'", "🔥"),
        ("'spinner'", "spinner"),
        ("'  '", None),
        ("None", None),
    ],
)
def test_dialog_icon_reaches_the_page(make_app: Any, icon: str, shown: str | None) -> None:
    run = _run(make_app, _dialog_app(icon))
    assert run.status == "complete" and notices(run) == []
    (dialog,) = [el for el in run.of_kind("block") if el["layout"] == "dialog"]
    assert dialog.get("icon") == shown


def test_dialog_icon_refuses_what_streamlit_refuses(make_app: Any) -> None:
    assert _error(_run(make_app, _dialog_app("5"))) == (
        "StreamlitInvalidParameterTypeError",
        "Invalid `icon` type. Expected one of: str, None. Provided type: int.",
    )
    ename, _ = _error(_run(make_app, _dialog_app("':material/Bad-Name:'")))
    assert ename == "StreamlitValueError"  # a StreamlitAPIException, as Streamlit's
