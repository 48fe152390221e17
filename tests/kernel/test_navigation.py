"""Multipage apps in the kernel: the pages/ folder, navigation(), Page, switch_page, page_link."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive.kernel.navigation import Navigation
from tests.kernel.conftest import AppHarness

MAIN = """
import jupyter_reactive as jr
jr.session_state.setdefault("visits", 0)
jr.session_state.visits += 1
jr.write("main page")
"""


def _folder_app(tmp_path: Path, make_app: Any, page: str = "", query: str = "") -> AppHarness:
    (tmp_path / "app.py").write_text(textwrap.dedent(MAIN))
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "1_📈_Counter.py").write_text(
        "import jupyter_reactive as jr\n"
        "jr.session_state.visits = jr.session_state.get('visits', 0) + 1\n"
        "jr.write(f'counter {jr.session_state.visits}')\n"
        "jr.slider('level', 0, 10, 3)\n"
    )
    (pages / "2_Other.py").write_text("import jupyter_reactive as jr\njr.write('other')\n")
    return _with_nav(make_app(MAIN, str(tmp_path / "app.py")), page, query)


def _with_nav(app: AppHarness, page: str = "", query: str = "") -> AppHarness:
    app.ctx.nav = Navigation(app.runner.filename, page, query)
    return app


def _nav(run: Any) -> dict[str, Any]:
    navs = [m for m in run.messages if m["type"] == "navigation"]
    assert len(navs) == 1, run.messages
    return navs[0]


def _texts(app: AppHarness) -> list[str]:
    return [el.get("html", "") for el in app.page.values() if el.get("kind") == "markdown"]


def _notices(run: Any) -> list[str]:
    return [m["message"] for m in run.messages if m["type"] == "notice"]


def test_show_sidebar_navigation_off_hides_the_links(tmp_path: Path, make_app: Any) -> None:
    from jupyter_reactive.kernel.options import configure

    configure({"client.showSidebarNavigation": False})  # config.toml's [client], from the server
    try:
        nav = _nav(_folder_app(tmp_path, make_app).run())
    finally:
        configure({})
    assert nav["position"] == "hidden" and len(nav["pages"]) == 3


def test_pages_folder_runs_the_page_in_the_url_and_lists_all(tmp_path: Path, make_app: Any) -> None:
    app = _folder_app(tmp_path, make_app)
    run = app.run()
    assert run.status == "complete"
    nav = _nav(run)
    assert [(p["title"], p["url_path"], p.get("icon")) for p in nav["pages"]] == [
        ("app", "", None),
        ("Counter", "Counter", "📈"),
        ("Other", "Other", None),
    ]
    assert nav["current"] == "" and nav["position"] == "sidebar" and nav["title"] == "app"
    assert any("main page" in t for t in _texts(app))

    app.ctx.nav.post("Counter", "", 1)  # type: ignore[union-attr]
    run = app.run()
    nav = _nav(run)
    assert nav["current"] == "Counter" and nav["seq"] == 1 and nav["title"] == "Counter"
    texts = _texts(app)
    assert any("counter 2" in t for t in texts) and not any("main page" in t for t in texts)
    assert app.widget("level")["value"] == 3


def test_session_state_is_shared_and_widgets_of_a_page_left_are_forgotten(tmp_path: Path, make_app: Any) -> None:
    app = _folder_app(tmp_path, make_app, page="Counter")
    app.run()
    wid = app.widget("level")["id"]
    app.send({wid: 7})
    assert app.widget("level")["value"] == 7
    app.ctx.nav.post("", "", 1)  # type: ignore[union-attr]
    app.run()
    assert app.state["visits"] == 3  # one per run, on both pages
    assert not [el for el in app.page.values() if el.get("kind") == "widget"]
    app.ctx.nav.post("Counter", "", 2)  # type: ignore[union-attr]
    app.run()
    assert app.widget("level")["value"] == 3  # back to its default: Streamlit's cleanup


@pytest.mark.parametrize("asked", ["nope", "../app", "Counter/x", "%2e%2e", "x" * 5000, "..", "/"])
def test_unknown_page_shows_the_default_with_a_notice(tmp_path: Path, make_app: Any, asked: str) -> None:
    app = _folder_app(tmp_path, make_app, page=asked)
    run = app.run()
    nav = _nav(run)
    assert nav["current"] == ""
    assert any("main page" in t for t in _texts(app))
    if asked.strip("/"):
        assert any("Page not found" in n for n in _notices(run))
    # the session goes on: the next navigation works
    app.ctx.nav.post("Other", "", 1)  # type: ignore[union-attr]
    assert _nav(app.run())["current"] == "Other"


NAV_APP = """
import jupyter_reactive as jr

def home():
    jr.write("home page")
    if jr.button("go to b"):
        jr.switch_page(b)

def second():
    jr.write("second page")

a = jr.Page(home, title="Home", icon="🏠", default=True)
b = jr.Page(second, url_path="bee")
c = jr.Page("pages/3_files.py")
current = jr.navigation({"Main": [a, b], "More": [c]}, position="top", expanded=True)
jr.sidebar.write(f"on {current.title}")
current.run()
"""


def _nav_app(tmp_path: Path, make_app: Any, page: str = "") -> AppHarness:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "3_files.py").write_text("import jupyter_reactive as jr\njr.write('file page')\n")
    (tmp_path / "pages" / "9_ignored.py").write_text("raise SystemExit('must not run')\n")
    (tmp_path / "app.py").write_text(NAV_APP)
    return _with_nav(make_app(NAV_APP, str(tmp_path / "app.py")), page)


def test_navigation_sections_positions_and_page_run(tmp_path: Path, make_app: Any) -> None:
    app = _nav_app(tmp_path, make_app)
    nav = _nav(app.run())
    assert [(p["title"], p["url_path"], p.get("section")) for p in nav["pages"]] == [
        ("Home", "", "Main"),
        ("second", "bee", "Main"),
        ("files", "files", "More"),
    ]
    assert nav["position"] == "top" and nav["expanded"] == 0
    assert any("home page" in t for t in _texts(app))
    app.ctx.nav.post("files", "", 1)  # type: ignore[union-attr]
    app.run()
    texts = _texts(app)
    assert any("file page" in t for t in texts) and any("on files" in t for t in texts)


PLAIN_FUNCTIONS_APP = """
import jupyter_reactive as jr

def page1():
    jr.write(f"one: {jr.session_state.foo}")

def page_two():
    jr.write("two")

jr.sidebar.selectbox("Foo", ["A", "B"], key="foo")
jr.navigation([page1, page_two]).run()
"""


def test_navigation_takes_plain_functions(tmp_path: Path, make_app: Any) -> None:
    (tmp_path / "app.py").write_text(PLAIN_FUNCTIONS_APP)
    app = _with_nav(make_app(PLAIN_FUNCTIONS_APP, str(tmp_path / "app.py")))
    nav = _nav(app.run())
    assert [(p["title"], p["url_path"]) for p in nav["pages"]] == [("page1", ""), ("page two", "page_two")]
    assert any("one: A" in t for t in _texts(app))
    app.ctx.nav.post("page_two", "", 1)  # type: ignore[union-attr]
    app.run()
    assert any("two" in t for t in _texts(app)), _texts(app)


def test_switch_page_reruns_on_the_target_and_asks_for_a_new_history_entry(tmp_path: Path, make_app: Any) -> None:
    app = _nav_app(tmp_path, make_app)
    app.run()
    app.ctx.nav.query = {"a": ["1"]}  # type: ignore[union-attr]
    run = app.run(triggers=[app.widget("go to b")["id"]])
    assert run.status == "rerun"
    run = app.run_data(run.following)  # type: ignore[arg-type]
    nav = _nav(run)
    assert nav["current"] == "bee" and nav.get("push") is True and nav["query"] == ""
    assert any("second page" in t for t in _texts(app))
    assert "push" not in _nav(app.run())


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ("jr.navigation([])", "at least one page"),
        ("jr.navigation([jr.Page(f), jr.Page(g), jr.Page(g)])", "URL pathname"),
        ("jr.navigation([jr.Page(f, default=True), jr.Page(g, default=True)])", "default=True"),
        ("jr.navigation([jr.Page(f)], position='left')", "position"),
        ("jr.navigation('app.py')", "list of pages"),
        ("jr.navigation(f)", "list of pages"),
        ("jr.navigation({'Main': f})", "must be a list of pages"),
        ("jr.navigation([42])", "not a Page"),
        ("jr.Page('../outside.py')", "outside the app's folder"),
        ("jr.Page('/etc/passwd')", "outside the app's folder"),
        ("jr.Page('pages/missing.py')", "Page not found"),
        ("jr.Page(f, url_path='a/b')", "nested path"),
        ("jr.Page(f, url_path='')", "empty string"),
        ("jr.Page(f, title='  ')", "cannot be empty"),
        ("jr.Page(f, url_path='x' * 500)", "too long"),
        ("jr.switch_page('pages/nothere.py')", "Could not find page"),
        ("jr.Page(42)", "file path or a function"),
    ],
)
def test_misuse_is_a_clear_error(tmp_path: Path, make_app: Any, call: str, message: str) -> None:
    (tmp_path / "outside.py").write_text("pass\n")
    app_dir = tmp_path / "app"
    app_dir.mkdir()
    source = f"import jupyter_reactive as jr\ndef f(): pass\ndef g(): pass\n{call}\n"
    (app_dir / "app.py").write_text(source)
    app = _with_nav(make_app(source, str(app_dir / "app.py")))
    app.run()
    errors = [el for el in app.page.values() if el.get("kind") == "exception"]
    assert len(errors) == 1 and message in errors[0]["evalue"], errors


@pytest.mark.parametrize(
    "call",
    ["jr.switch_page('pages/nothere.py')", "jr.Page('pages/nothere.py')"],
)
def test_a_missing_page_is_streamlits_page_not_found_error(tmp_path: Path, make_app: Any, call: str) -> None:
    """Streamlit's class for it (release-demos' st.switch_page demo, run as its own app), which a
    script can catch as ``st.errors.StreamlitPageNotFoundError`` or as a StreamlitAPIException."""
    source = (
        "import jupyter_reactive as jr\n"
        "try:\n"
        f"    {call}\n"
        "except jr.errors.StreamlitAPIException as err:\n"
        "    jr.write(f'caught {type(err).__name__}')\n"
        f"{call}\n"
    )
    (tmp_path / "app.py").write_text(source)
    app = _with_nav(make_app(source, str(tmp_path / "app.py")))
    app.run()
    assert any("caught StreamlitPageNotFoundError" in t for t in _texts(app))
    errors = [el for el in app.page.values() if el.get("kind") == "exception"]
    assert [e["ename"] for e in errors] == ["StreamlitPageNotFoundError"], errors


def test_the_default_page_may_have_an_empty_url_path(tmp_path: Path, make_app: Any) -> None:
    """Streamlit's mpa-v2 demo: ``url_path=""`` is refused for a page, but not for the default
    one, whose URL is the app's own; a blank one is empty too."""
    source = (
        "import jupyter_reactive as jr\n"
        "def home(): jr.write('home page')\n"
        "def other(): jr.write('other page')\n"
        "jr.navigation([jr.Page(home, default=True, url_path=''), jr.Page(other, url_path='other')]).run()\n"
        "jr.Page(other, url_path='  ')\n"
    )
    (tmp_path / "app.py").write_text(source)
    app = _with_nav(make_app(source, str(tmp_path / "app.py")))
    run = app.run()
    assert [p["url_path"] for p in _nav(run)["pages"]] == ["", "other"]
    assert any("home page" in t for t in _texts(app))
    errors = [el for el in app.page.values() if el.get("kind") == "exception"]
    assert len(errors) == 1 and "empty string" in errors[0]["evalue"], errors


def test_a_page_file_sees_itself_as_main_and_its_edits(tmp_path: Path, make_app: Any) -> None:
    app = _folder_app(tmp_path, make_app, page="Other")
    app.run()
    other = tmp_path / "pages" / "2_Other.py"
    other.write_text("import jupyter_reactive as jr\njr.write('other v2 ' + __file__.rsplit('/', 1)[-1])\n")
    import os

    os.utime(other, ns=(1, 1))  # a different version even within the clock's resolution
    app.run()
    assert any("other v2 2_Other.py" in t for t in _texts(app))


def test_set_page_config_title_wins_over_the_page_title(tmp_path: Path, make_app: Any) -> None:
    source = NAV_APP.replace(
        "import jupyter_reactive as jr\n", "import jupyter_reactive as jr\njr.set_page_config(page_title='Mine')\n", 1
    )
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "3_files.py").write_text("pass\n")
    app = _with_nav(make_app(source, str(tmp_path / "app.py")))
    assert "title" not in _nav(app.run())


def test_page_link_to_a_page_of_the_app(tmp_path: Path, make_app: Any) -> None:
    source = NAV_APP + "\njr.page_link(c)\njr.page_link('pages/3_files.py', label='again')\njr.page_link(a)\n"
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "3_files.py").write_text("pass\n")
    app = _with_nav(make_app(source, str(tmp_path / "app.py")))
    app.run()
    links = [el for el in app.page.values() if el.get("kind") == "page_link"]
    assert [(el["page"], el["url"]) for el in links] == [("files", "files"), ("files", "files"), ("", "")]


def test_hidden_pages_help_expanded_and_switch_page_query_params(tmp_path: Path, make_app: Any) -> None:
    source = """
import jupyter_reactive as jr

def one():
    if jr.button("secret"):
        jr.switch_page(secret, query_params={"k": ["1", "2"], "z": 3})

def hidden():
    jr.write("hidden page " + str(jr.query_params.get_all("k")))

secret = jr.Page(hidden, visibility="hidden", help="not listed")
current = jr.navigation([jr.Page(one, help="the first"), secret], expanded=5)
current.run()
"""
    (tmp_path / "app.py").write_text(source)
    app = _with_nav(make_app(source, str(tmp_path / "app.py")))
    nav = _nav(app.run())
    assert nav["expanded"] == 5
    assert nav["pages"] == [
        {"url_path": "", "title": "one", "help": "the first"},
        {"url_path": "hidden", "title": "hidden", "hidden": True, "help": "not listed"},
    ]
    run = app.run(triggers=[app.widget("secret")["id"]])
    nav = _nav(app.run_data(run.following))  # type: ignore[arg-type]
    assert nav["current"] == "hidden" and nav["query"] == "k=1&k=2&z=3" and nav["push"] is True
    assert any("hidden page [&#x27;1&#x27;, &#x27;2&#x27;]" in t or "hidden page ['1', '2']" in t for t in _texts(app))


@pytest.mark.parametrize(
    "call",
    [
        "jr.navigation([jr.Page(f)], expanded=0)",
        "jr.navigation([jr.Page(f)], expanded='yes')",
        "jr.Page(f, visibility='secret')",
        "jr.switch_page(jr.navigation([jr.Page(f)]), query_params='a=1')",
        "jr.switch_page(jr.navigation([jr.Page(f)]), query_params={'a': {'b': 1}})",
        "jr.switch_page(jr.navigation([jr.Page(f)]), query_params=[('a',)])",
    ],
)
def test_more_misuse_is_a_clear_error(tmp_path: Path, make_app: Any, call: str) -> None:
    source = f"import jupyter_reactive as jr\ndef f(): pass\n{call}\n"
    (tmp_path / "app.py").write_text(source)
    app = _with_nav(make_app(source, str(tmp_path / "app.py")))
    app.run()
    errors = [el for el in app.page.values() if el.get("kind") == "exception"]
    assert len(errors) == 1 and errors[0]["ename"] == "StreamlitAPIException", errors


def test_pages_folder_links_and_switches_by_file_path(tmp_path: Path, make_app: Any) -> None:
    app = _folder_app(tmp_path, make_app, page="Other")
    (tmp_path / "pages" / "2_Other.py").write_text(
        "import jupyter_reactive as jr\n"
        "jr.page_link('app.py')\n"
        "jr.page_link('pages/1_📈_Counter.py', query_params={'a': 1})\n"
        "if jr.button('home'):\n"
        "    jr.switch_page('app.py')\n"
    )
    app.run()
    links = [el for el in app.page.values() if el.get("kind") == "page_link"]
    assert [(el["page"], el["url"]) for el in links] == [("", ""), ("Counter", "Counter?a=1")]
    run = app.run(triggers=[app.widget("home")["id"]])
    nav = _nav(app.run_data(run.following))  # type: ignore[arg-type]
    assert nav["current"] == "" and nav["push"] is True
    assert any("main page" in t for t in _texts(app))


def test_switch_page_and_a_query_write_make_one_history_entry(tmp_path: Path, make_app: Any) -> None:
    """The run switch_page starts pushes its page's URL once; the target page's jr.query_params
    write in that run rewrites that entry in place; the next run's write asks for an entry
    again (the page adds one only when the URL changes)."""
    source = NAV_APP.replace(
        '    jr.write("second page")', '    jr.query_params["s"] = "1"\n    jr.write("second page")'
    )
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "3_files.py").write_text("import jupyter_reactive as jr\n")
    (tmp_path / "app.py").write_text(source)
    app = _with_nav(make_app(source, str(tmp_path / "app.py")), "")
    app.run()
    run = app.run_data(app.run(triggers=[app.widget("go to b")["id"]]).following)  # type: ignore[arg-type]
    pushes = [(m["type"], m.get("push", False)) for m in run.messages if m["type"] in ("navigation", "query_params")]
    assert pushes == [("navigation", True), ("query_params", False)]
    run = app.run()
    assert [m.get("push", False) for m in run.messages if m["type"] == "query_params"] == [True]


def _calls_navigation_parsed(source: str) -> bool:
    """The answer by parsing alone (what ``_calls_navigation`` answered before its shortcut)."""
    import ast

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    return any(
        isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "navigation")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "navigation")
        )
        for node in ast.walk(tree)
    )


@pytest.mark.parametrize(
    ("source", "calls"),
    [
        ("import jupyter_reactive as jr\njr.navigation([a, b]).run()\n", True),
        ("import streamlit as st\npg = st.navigation({'x': [a]})\n", True),
        ("from jupyter_reactive import navigation\nnavigation([a])\n", True),
        ("import jupyter_reactive as jr\njr.\uff4eavigation([a])\n", True),  # full-width n: NFKC
        ("import jupyter_reactive as jr\n\U0001d427avigation([a])\n", True),  # mathematical bold n
        ("import jupyter_reactive as jr\njr.write('no navigation here')\n", False),
        ("navigation = 1\n", False),
        ("import jupyter_reactive as jr\njr.navigatio\u0301n([a])\n", False),  # a combining accent: another name
        ('"""\u2014 navigation"""\njr.navigation([a])\n', True),
        ("import jupyter_reactive as jr\njr.write('caf\u00e9')\n", False),
        ("import jupyter_reactive as jr\njr.title('Bench')\n", False),
        ("def f(:\n  navigation(", False),
        ("", False),
    ],
)
def test_navigation_calls_are_found_with_or_without_parsing(source: str, calls: bool) -> None:
    from jupyter_reactive.kernel.navigation import _calls_navigation

    assert _calls_navigation(source) is calls
    assert _calls_navigation_parsed(source) is calls


def test_scripts_without_the_word_are_answered_without_parsing(monkeypatch: Any) -> None:
    from jupyter_reactive.kernel import navigation

    def no_parse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("parsed")

    monkeypatch.setattr(navigation.ast, "parse", no_parse)
    assert not navigation._calls_navigation('"""An app \u2014 with a dash."""\njr.title("Caf\u00e9 \U0001f4c8")\n')
    with pytest.raises(AssertionError):
        navigation._calls_navigation("jr.write('navigation')\n")


def test_a_pages_folder_made_after_the_first_run_is_found_by_the_next(tmp_path: Path, make_app: Any) -> None:
    (tmp_path / "app.py").write_text(textwrap.dedent(MAIN))
    app = _with_nav(make_app(MAIN, str(tmp_path / "app.py")))
    run = app.run()
    assert not [m for m in run.messages if m["type"] == "navigation"]
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "2_Other.py").write_text("import jupyter_reactive as jr\njr.write('other')\n")
    nav = _nav(app.run())
    assert [p["url_path"] for p in nav["pages"]] == ["", "Other"]
