"""A keyed widget's identity, as Streamlit 1.67 computes it (``compute_and_register_element_id``
with each widget's ``key_as_main_identity``): with a key, a change to a parameter in the
widget's set (a slider's bounds, a text input's ``max_chars``, a time input's ``step``...)
makes it a new widget at its default; a change to any other parameter keeps its value."""

from __future__ import annotations

from typing import Any

import pytest

# (kind, the call with {alt}: an expression of the script's `alt` checkbox, the wire value
# given first, what the script sees then, whether turning `alt` on resets it, or what it is then)
CASES = [
    ("text_input", "jr.text_input('T', key='k', max_chars=10 if alt else 20)", "hey", "'hey'", True),
    ("text_input", "jr.text_input('T', key='k', validate='^h' if alt else None)", "hey", "'hey'", True),
    ("text_input", "jr.text_input('T', key='k', placeholder='a' if alt else 'b')", "hey", "'hey'", False),
    ("text_input", "jr.text_input('T' if alt else 'U', key='k')", "hey", "'hey'", False),
    ("text_area", "jr.text_area('T', key='k', max_chars=10 if alt else 20)", "hey", "'hey'", True),
    ("text_area", "jr.text_area('T', key='k', help='x' if alt else None)", "hey", "'hey'", False),
    ("slider", "jr.slider('S', 0, 100 if alt else 50, key='k')", 7, "7", True),
    ("slider", "jr.slider('S', 0, 50, step=2 if alt else 1, key='k')", 8, "8", True),
    ("slider", "jr.slider('S', 0, 50, key='k', format='%d x' if alt else '%d')", 7, "7", False),
    ("number_input", "jr.number_input('N', 0, 100 if alt else 50, key='k')", 7, "7", False),
    ("selectbox", "jr.selectbox('B', 'abc', key='k', accept_new_options=alt)", 2, "'c'", True),
    ("selectbox", "jr.selectbox('B', 'abc', key='k', placeholder='p' if alt else 'q')", 2, "'c'", False),
    ("multiselect", "jr.multiselect('M', 'abc', key='k', max_selections=2 if alt else 3)", [1], "['b']", True),
    ("multiselect", "jr.multiselect('M', 'abc', key='k', accept_new_options=alt)", [1], "['b']", True),
    ("multiselect", "jr.multiselect('M', 'abc', key='k', help='h' if alt else None)", [1], "['b']", False),
    ("pills", "jr.pills('P', ['a', 'b', 'c'], key='k', selection_mode='multi' if alt else 'single')", 1, "'b'", "[]"),
    ("pills", "jr.pills('P', ['a', 'b', 'c'], key='k', help='h' if alt else None)", 1, "'b'", False),
    (
        "segmented_control",
        "jr.segmented_control('G', ['a', 'b', 'c'], key='k', selection_mode='multi' if alt else 'single')",
        1,
        "'b'",
        "[]",
    ),
    ("radio", "jr.radio('R', 'abc' if alt else 'abcd', key='k')", 2, "'c'", False),
    ("feedback", "jr.feedback('faces' if alt else 'stars', key='k')", 1, "1", True),
    ("feedback", "jr.feedback('stars', key='k', disabled=alt)", 1, "1", False),
    (
        "time_input",
        "jr.time_input('T', time(9, 0), key='k', step=120 if alt else 60)",
        "10:14",
        "datetime.time(10, 14)",
        True,
    ),
    (
        "time_input",
        "jr.time_input('T', time(9, 0), key='k', help='h' if alt else None)",
        "10:15",
        "datetime.time(10, 15)",
        False,
    ),
    (
        "date_input",
        "jr.date_input('D', date(2024, 1, 1), key='k', format='DD/MM/YYYY' if alt else 'YYYY/MM/DD')",
        "2024-02-03",
        "datetime.date(2024, 2, 3)",
        True,
    ),
    (
        "date_input",
        "jr.date_input('D', date(2024, 1, 1), key='k', help='h' if alt else None)",
        "2024-02-03",
        "datetime.date(2024, 2, 3)",
        False,
    ),
    (
        "datetime_input",
        "jr.datetime_input('D', datetime(2024, 1, 1, 9), key='k', step=120 if alt else 60)",
        "2024-01-06T07:08",
        "datetime.datetime(2024, 1, 6, 7, 8)",
        True,
    ),
    (
        "datetime_input",
        "jr.datetime_input('D', datetime(2024, 1, 1, 9), key='k', format='DD/MM/YYYY' if alt else 'YYYY/MM/DD')",
        "2024-01-06T07:08",
        "datetime.datetime(2024, 1, 6, 7, 8)",
        True,
    ),
    (
        "datetime_input",
        "jr.datetime_input('D', datetime(2024, 1, 1, 9), key='k', help='h' if alt else None)",
        "2024-01-06T07:08",
        "datetime.datetime(2024, 1, 6, 7, 8)",
        False,
    ),
    ("color_picker", "jr.color_picker('C', key='k', help='h' if alt else None)", "#00ff00", "'#00ff00'", False),
    ("checkbox", "jr.checkbox('C' if alt else 'D', key='k')", True, "True", False),
]

HEAD = "import jupyter_reactive as jr\nfrom datetime import date, datetime, time\nalt = jr.checkbox('alt')\n"


def _the(app: Any, kind: str) -> dict[str, Any]:
    found = [el for el in app.page.values() if el.get("widget") == kind and el.get("label") != "alt"]
    assert len(found) == 1, found
    return found[0]


def _seen(app: Any) -> str:
    (text,) = [el["text"] for el in app.page.values() if el.get("kind") == "text"]
    return text


@pytest.mark.parametrize(("kind", "call", "wire", "seen", "resets"), CASES)
def test_a_keyed_widget_resets_only_when_its_identity_changes(
    make_app: Any, kind: str, call: str, wire: Any, seen: str, resets: bool | str
) -> None:
    app = make_app(HEAD + f"v = {call}\njr.text(repr(v))\n")
    run = app.run()
    assert run.status == "complete", run.messages
    default = _seen(app)
    app.send({_the(app, kind)["id"]: wire})
    assert _seen(app) == seen
    app.send({_alt(app): True})
    # a reset gives the new widget's default: the old one's, or the one given (a multi pills: [])
    assert _seen(app) == (resets if isinstance(resets, str) else default if resets else seen)


def _alt(app: Any) -> str:
    (el,) = [el for el in app.page.values() if el.get("label") == "alt"]
    return str(el["id"])


@pytest.mark.parametrize(
    ("call", "changes"),
    [
        ("jr.file_uploader('F', type='png' if alt else 'jpg', key='k')", True),
        ("jr.file_uploader('F', key='k', accept_multiple_files=alt)", True),
        ("jr.file_uploader('F', key='k', max_upload_size=5 if alt else 9)", True),
        ("jr.file_uploader('F', key='k', help='h' if alt else None)", False),
        ("jr.camera_input('F', key='k', help='h' if alt else None)", False),
    ],
)
def test_a_keyed_uploader_is_a_new_widget_when_its_files_rules_change(make_app: Any, call: str, changes: bool) -> None:
    app = make_app(HEAD + f"{call}\n")
    app.run()
    kind = call.split("(")[0].split(".")[1]
    before = _the(app, kind)["id"]
    app.send({_alt(app): True})
    assert (_the(app, kind)["id"] != before) is changes


@pytest.mark.parametrize(
    ("call", "changes"),
    [
        ("jr.chat_input('Say', key='k', max_chars=10 if alt else 20)", True),
        ("jr.chat_input('Say', key='k', accept_file=alt)", True),
        ("jr.chat_input('a' if alt else 'b', key='k')", False),
    ],
)
def test_a_keyed_chat_input_is_a_new_widget_when_its_rules_change(make_app: Any, call: str, changes: bool) -> None:
    app = make_app(HEAD + f"{call}\n")
    app.run()
    before = _the(app, "chat_input")["id"]
    app.send({_alt(app): True})
    assert (_the(app, "chat_input")["id"] != before) is changes


def test_without_a_key_every_parameter_is_the_identity(make_app: Any) -> None:
    app = make_app(HEAD + "v = jr.slider('S', 0, 50, format='%d x' if alt else '%d')\njr.text(repr(v))\n")
    app.run()
    app.send({_the(app, "slider")["id"]: 7})
    app.send({_alt(app): True})
    assert _seen(app) == "7"  # the format is not a parameter that defines it here (as before)


def test_one_unkeyed_widget_can_be_in_the_main_area_and_the_sidebar(make_app: Any) -> None:
    """Streamlit 1.67's unkeyed id holds the root container: ``jr.sidebar.button("Go")`` and
    ``jr.button("Go")`` are two widgets there (ours raised DuplicateWidgetError); two in the
    main area still clash. The main area's ids are unchanged (saved and URL-bound state)."""
    from jupyter_reactive.kernel.elements.widget_base import widget_id

    app = make_app(
        "import jupyter_reactive as jr\n"
        "a = jr.sidebar.slider('n', 0, 10, 3)\n"
        "b = jr.slider('n', 0, 10, 3)\n"
        "jr.sidebar.button('Go')\n"
        "jr.button('Go')\n"
        "jr.text(f'sidebar {a} main {b}')\n"
    )
    assert app.run().status == "complete", app.page
    by_root = {path[0]: el for path, el in app.page.items() if el.get("widget") == "slider"}
    assert set(by_root) == {0, 1} and by_root[0]["id"] != by_root[1]["id"]
    app.send({by_root[0]["id"]: 7})
    app.run()
    assert "sidebar 3 main 7" in str(app.page)
    assert widget_id("slider", "n", None, (1, 2), None) == widget_id("slider", "n", None, (1, 2), None, root=0)
    assert widget_id("slider", "n", None, (1, 2), None, root=1) != widget_id("slider", "n", None, (1, 2), None)
    clash = make_app("import jupyter_reactive as jr\njr.button('Go')\njr.button('Go')\n").run()
    assert clash.status == "error"


def test_clicks_that_share_a_run_call_back_in_the_page_order(make_app: Any) -> None:
    """Two presses can land in one run (the second came while the first's run was starting);
    their callbacks run in the page's order, not a set's (which differs per kernel process)."""
    app = make_app(
        "import jupyter_reactive as jr\n"
        "log = jr.session_state.setdefault('log', [])\n"
        "for name in 'abcdefgh':\n"
        "    jr.button(name, on_click=log.append, args=(name,))\n"
        "jr.text(f'log: {log}')\n"
    )
    app.run()
    ids = [el["id"] for el in app.page.values() if el.get("widget") == "button"]
    assert len(ids) == 8
    app.run(triggers=reversed(ids))
    assert "log: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']" in str(app.page)
