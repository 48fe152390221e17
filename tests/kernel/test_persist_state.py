"""Widgets' ``persist_state`` (Streamlit 1.67): a keyed widget's value outlives runs that do not
draw it, for the page (``"page"``) or the session (``"session"``); kernel/state.py keeps it."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive.kernel.navigation import Navigation
from tests.kernel.conftest import AppHarness

# the script hides the widget while session_state["show"] is False and writes what it reads
HIDE = """
import jupyter_reactive as jr
if jr.session_state.get("show", True):
    jr.write(f"value {{jr.slider('level', 0, 10, 3, key='lv'{scope})!r}}")
jr.write(f"reads {{jr.session_state.get('lv', 'nothing')!r}} in={{'lv' in jr.session_state}}")
"""


def _app(make_app: Any, scope: str | None) -> AppHarness:
    arg = "" if scope is None else f", persist_state={scope!r}"
    return make_app(HIDE.format(scope=arg))


def _errors(app: AppHarness) -> list[str]:
    return [
        str(el.get("evalue", "")) + str(el.get("etype", ""))
        for el in app.page.values()
        if el.get("kind") == "exception"
    ]


def _hide(app: AppHarness, hidden: bool) -> None:
    app.state["show"] = not hidden
    app.run()


@pytest.mark.parametrize(("scope", "kept"), [(None, False), ("page", True), ("session", True)])
def test_a_widget_hidden_for_a_run_keeps_its_value_when_persisted(make_app: Any, scope: str | None, kept: bool) -> None:
    app = _app(make_app, scope)
    app.run()
    app.send({app.widget("level")["id"]: 8})
    assert app.has_text("value 8")
    _hide(app, True)
    assert app.has_text("reads 8 in=True")  # the run that stops drawing it still reads it
    _hide(app, True)  # the next one reads what that run's end kept
    assert app.has_text("reads 8 in=True" if kept else "reads 'nothing' in=False")
    _hide(app, False)
    assert app.widget("level")["value"] == (8 if kept else 3)  # the page is told the value it comes back with
    assert app.has_text("value 8" if kept else "value 3")


def test_session_state_reads_writes_and_deletes_a_kept_value(make_app: Any) -> None:
    app = _app(make_app, "session")
    app.run()
    app.send({app.widget("level")["id"]: 8})
    _hide(app, True)
    assert dict(app.state)["lv"] == 8 and "lv" in list(app.state)
    app.state["lv"] = 5  # a write while hidden replaces the kept value
    _hide(app, True)
    assert app.has_text("reads 5 in=True")
    _hide(app, False)
    assert app.has_text("value 5") and app.widget("level")["value"] == 5
    _hide(app, True)
    del app.state["lv"]
    assert "lv" not in app.state
    _hide(app, False)
    assert app.has_text("value 3")


def test_no_warning_for_a_value_and_a_restored_one(make_app: Any) -> None:
    """A restored value is not a session_state write (Streamlit warns only for those)."""
    app = make_app(
        """
        import jupyter_reactive as jr
        if jr.session_state.get("show", True):
            jr.number_input("n", value=4, key="n", persist_state="session")
        """
    )
    app.run()
    app.send({app.widget("n")["id"]: 9})
    _hide(app, True)
    start = len(app.messages)
    _hide(app, False)
    assert app.widget("n")["value"] == 9
    assert not [m for m in app.messages[start:] if m["type"] == "notice"]


NAV = """
import jupyter_reactive as jr
def first():
    jr.text_input("name", key="name", persist_state={scope!r})
    jr.write("first page")
def second():
    jr.write(f"second reads {{jr.session_state.get('name', 'nothing')!r}}")
jr.navigation([jr.Page(first, url_path="first", default=True), jr.Page(second, url_path="second")]).run()
"""


def _go(app: AppHarness, page: str) -> None:
    """The viewer moves to ``page``, and the page runs once more (a run reads the values the
    previous run's end left, as in Streamlit)."""
    assert app.ctx.nav is not None
    app.ctx.nav.post(page, "", app.ctx.nav.seq + 1)
    app.run()
    app.run()


def _nav_app(make_app: Any, tmp_path: Path, source: str) -> AppHarness:
    (tmp_path / "app.py").write_text(textwrap.dedent(source))
    app = make_app(source, str(tmp_path / "app.py"))
    app.ctx.nav = Navigation(app.runner.filename, "")
    return app


@pytest.mark.parametrize(("scope", "kept"), [(None, False), ("page", False), ("session", True)])
def test_navigation_page_switch_drops_page_values_and_keeps_session_ones(
    make_app: Any, tmp_path: Path, scope: str | None, kept: bool
) -> None:
    app = _nav_app(make_app, tmp_path, NAV.format(scope=scope))
    app.run()
    app.send({app.widget("name")["id"]: "ada"})
    _go(app, "second")
    assert app.has_text("second reads 'ada'" if kept else "second reads 'nothing'")
    _go(app, "first")
    assert app.widget("name")["value"] == ("ada" if kept else "")


HIDDEN_ON_PAGE = """
import jupyter_reactive as jr
def first():
    if jr.session_state.get("show", True):
        jr.checkbox("tick", key="tick", persist_state={scope!r})
    jr.write(f"first reads {{jr.session_state.get('tick', 'nothing')!r}}")
def second():
    jr.write(f"second reads {{jr.session_state.get('tick', 'nothing')!r}}")
jr.navigation([jr.Page(first, url_path="first", default=True), jr.Page(second, url_path="second")]).run()
"""


@pytest.mark.parametrize(("scope", "kept"), [("page", False), ("session", True)])
def test_a_value_kept_while_hidden_on_its_page_and_a_page_switch(
    make_app: Any, tmp_path: Path, scope: str, kept: bool
) -> None:
    app = _nav_app(make_app, tmp_path, HIDDEN_ON_PAGE.format(scope=scope))
    app.run()
    app.send({app.widget("tick")["id"]: True})
    _hide(app, True)
    assert app.has_text("first reads True")  # both scopes: kept while the viewer stays
    _go(app, "second")
    assert app.has_text("second reads True" if kept else "second reads 'nothing'")
    app.state["show"] = True
    _go(app, "first")
    assert app.widget("tick")["value"] is kept and app.has_text(f"first reads {kept}")


def test_a_page_value_is_not_taken_back_on_another_page(make_app: Any, tmp_path: Path) -> None:
    """One key on two pages: the value "page" kept on the first is not the second's."""
    app = _nav_app(
        make_app,
        tmp_path,
        """
        import jupyter_reactive as jr
        def first():
            jr.slider("level", 0, 10, 3, key="lv", persist_state="page")
        def second():
            jr.slider("level", 0, 10, 3, key="lv", persist_state="page")
        jr.navigation([jr.Page(first, url_path="first", default=True), jr.Page(second, url_path="second")]).run()
        """,
    )
    app.run()
    app.send({app.widget("level")["id"]: 9})
    _go(app, "second")
    assert app.widget("level")["value"] == 3


def test_a_main_script_widget_drawn_on_every_page_keeps_its_page_value(make_app: Any, tmp_path: Path) -> None:
    """The main script runs on every page: its widget is one widget for all of them (Streamlit's
    ids name the script that draws it), never stale, so a page switch does not drop it."""
    app = _nav_app(
        make_app,
        tmp_path,
        """
        import jupyter_reactive as jr
        jr.sidebar.slider("level", 0, 10, 3, key="lv", persist_state="page")
        jr.navigation([jr.Page(lambda: None, url_path="first", default=True), jr.Page(lambda: None, url_path="second")]).run()
        """,
    )
    app.run()
    app.send({app.widget("level")["id"]: 9})
    _go(app, "second")
    assert app.widget("level")["value"] == 9


def test_pages_folder_switch_with_both_scopes(make_app: Any, tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "1_Form.py").write_text(
        "import datetime as dt\n"
        "import jupyter_reactive as jr\n"
        "jr.selectbox('colour', ['red', 'green', 'blue'], key='colour', persist_state='session')\n"
        "jr.date_input('day', dt.date(2026, 1, 1), key='day', persist_state='page')\n"
    )
    main = "import jupyter_reactive as jr\njr.write(f\"main reads {jr.session_state.get('colour')!r} {jr.session_state.get('day')!r}\")\n"
    app = _nav_app(make_app, tmp_path, main)
    app.ctx.nav = Navigation(app.runner.filename, "Form")
    app.run()
    app.send({app.widget("colour")["id"]: 2, app.widget("day")["id"]: app.widget("day")["value"]})
    day_wire = app.widget("day")["value"]
    _go(app, "")
    assert app.has_text("main reads 'blue' None")
    _go(app, "Form")
    assert app.widget("colour")["value"] == 2
    assert app.widget("day")["value"] == day_wire  # the default again (page scope dropped on the switch)
    assert app.state["day"] == dt.date(2026, 1, 1)


def test_bind_takes_precedence_over_page_scope(make_app: Any, tmp_path: Path) -> None:
    source = NAV.format(scope="page").replace('key="name", ', 'key="name", bind="query-params", ')
    assert "bind=" in source and "persist_state='page'" in source
    app = _nav_app(make_app, tmp_path, source)
    app.run()
    app.send({app.widget("name")["id"]: "ada"})
    _go(app, "second")
    assert app.has_text("second reads 'ada'")
    _go(app, "first")
    assert app.widget("name")["value"] == "ada"
    assert app.ctx.nav is not None and app.ctx.nav.query.get("name") == ["ada"]  # back in the URL


@pytest.mark.parametrize(
    ("call", "error"),
    [
        ("jr.checkbox('c', key='c', persist_state='pages')", "Invalid `persist_state` value"),
        ("jr.checkbox('c', key='c', persist_state=True)", "Invalid `persist_state` value"),
        ("jr.slider('s', key='s', persist_state=1)", "Invalid `persist_state` value"),
        ("jr.slider('s', key='s', persist_state=['page'])", "Invalid `persist_state` value"),
        ("jr.text_input('t', persist_state='session')", "The `key` parameter is required"),
        ("jr.pills('p', ['a'], persist_state='page')", "The `key` parameter is required"),
        ("jr.toggle('t', bind='url', persist_state='x')", "Invalid `bind` value"),  # bind is checked first
    ],
)
def test_refusals_are_streamlits(make_app: Any, call: str, error: str) -> None:
    app = make_app(f"import jupyter_reactive as jr\n{call}\n")
    run = app.run()
    assert run.status == "error"
    assert any(error in e for e in _errors(app)), _errors(app)


# every widget with persist_state: (its call with key="k", a value set through session_state)
WIDGETS = [
    ("jr.checkbox('w', key='k'{p})", True),
    ("jr.toggle('w', key='k'{p})", True),
    ("jr.color_picker('w', key='k'{p})", "#123456"),
    ("jr.date_input('w', dt.date(2026, 1, 1), key='k'{p})", dt.date(2026, 2, 3)),
    ("jr.datetime_input('w', dt.datetime(2026, 1, 1, 9), key='k'{p})", dt.datetime(2026, 2, 3, 10, 15)),
    ("jr.time_input('w', dt.time(9), key='k'{p})", dt.time(10, 30)),
    ("jr.feedback('stars', key='k'{p})", 3),
    ("jr.multiselect('w', ['a', 'b', 'c'], key='k'{p})", ["b", "c"]),
    ("jr.number_input('w', key='k'{p})", 4.5),
    ("jr.pagination(9, key='k'{p})", 4),
    ("jr.pills('w', ['a', 'b'], key='k'{p})", "b"),
    ("jr.radio('w', ['a', 'b'], key='k'{p})", "b"),
    ("jr.segmented_control('w', ['a', 'b'], key='k'{p})", "b"),
    ("jr.select_slider('w', ['a', 'b', 'c'], key='k'{p})", "c"),
    ("jr.selectbox('w', ['a', 'b'], key='k'{p})", "b"),
    ("jr.slider('w', 0, 10, key='k'{p})", 7),
    ("jr.text_area('w', key='k'{p})", "two\nlines"),
    ("jr.text_input('w', key='k'{p})", "hello"),
]


def test_the_table_names_every_widget_with_the_parameter() -> None:
    import inspect

    from jupyter_reactive.kernel.container import Container

    having = {n for n in dir(Container) if not n.startswith("_") and "persist_state" in _params(Container, n, inspect)}
    assert having == {call.split("(")[0].removeprefix("jr.") for call, _v in WIDGETS}


def _params(cls: Any, name: str, inspect: Any) -> set[str]:
    attr = getattr(cls, name)
    return set(inspect.signature(attr).parameters) if callable(attr) else set()


@pytest.mark.parametrize(("call", "value"), WIDGETS, ids=[c.split("(")[0] for c, _v in WIDGETS])
@pytest.mark.parametrize("scope", [None, "session"])
def test_every_widget_persists(make_app: Any, call: str, value: Any, scope: str | None) -> None:
    p = "" if scope is None else f", persist_state={scope!r}"
    app = make_app(
        "import datetime as dt\nimport jupyter_reactive as jr\n"
        "if jr.session_state.get('show', True):\n"
        f"    v = {call.format(p=p)}\n"
        "    jr.session_state.seen = v\n"
    )
    app.run()
    default = app.state["seen"]
    app.state["k"] = value
    app.run()
    assert app.state["seen"] == value
    _hide(app, True)
    assert app.state.get("k", "gone") == (value if scope else "gone")
    _hide(app, False)
    assert app.state["seen"] == (value if scope else default)
    assert not _errors(app)


@pytest.mark.parametrize(("scope", "kept"), [(None, False), ("session", True)])
def test_a_fragment_run_that_hides_a_persisted_widget_keeps_its_value(
    make_app: Any, scope: str | None, kept: bool
) -> None:
    arg = "" if scope is None else f", persist_state={scope!r}"
    app = make_app(
        f"""
        import jupyter_reactive as jr
        @jr.fragment
        def part():
            if jr.toggle("show", True):
                jr.slider("level", 0, 10, 3, key="lv"{arg})
        part()
        """
    )
    app.run()
    show = app.widget("show")["id"]
    run = app.send({app.widget("level")["id"]: 8})
    assert any(m.get("fragments") for m in run.messages if m["type"] == "run_started")  # a fragment run
    app.send({show: False})
    assert app.state.get("lv", "gone") == (8 if kept else "gone")
    app.send({show: True})
    assert app.widget("level")["value"] == (8 if kept else 3)
