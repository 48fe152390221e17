"""Streamlit's "magic" (kernel/magic.py) through a real ScriptRunner: which bare expressions are
shown and which are skipped, as Streamlit 1.67 decides; the options; line numbers in errors."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from jupyter_reactive import get_option, set_option
from jupyter_reactive.kernel.errors import StreamlitAPIException
from jupyter_reactive.kernel.options import configure


def _shown(app: Any) -> list[str]:
    """What the page shows, in order: a markdown's HTML, a json's value, else the kind."""
    out = []
    for _path, el in sorted(app.page.items()):
        if el["kind"] == "markdown":
            out.append(el["html"].strip())
        elif el["kind"] == "json":
            out.append(repr(el["value"]))
        else:
            out.append(el["kind"])
    return out


def _run(make_app: Any, source: str) -> Any:
    app = make_app(source)
    run = app.run()
    assert run.status == "complete", run.of_kind("exception")
    return app


def test_strings_are_markdown_and_values_are_written(make_app: Any) -> None:
    # (a first line "# Title" would be the module's docstring: see the docstring tests)
    app = _run(make_app, 'x = 3\n"# Title"\nx\n"some *text*"\n[1, 2]\n{"a": 1}\n')
    assert _shown(app) == ["<h1>Title</h1>", "<p><code>3</code></p>", "<p>some <em>text</em></p>", "[1, 2]", "{'a': 1}"]


def test_a_tuple_is_written_as_several_arguments(make_app: Any) -> None:
    app = _run(make_app, 'a = 1\n"total:", a\n[1],\n')
    # write("total:", 1) joins them in one paragraph; `[1],` writes [1] itself
    assert _shown(app) == ["<p>total: <code>1</code></p>", "[1]"]


def test_calls_yield_and_await_are_not_shown(make_app: Any) -> None:
    app = _run(
        make_app,
        """
        import asyncio
        def f():
            return "returned"
        def gen():
            yield "yielded"
            yield from ["from"]
        async def co():
            await asyncio.sleep(0)
        list(gen())
        asyncio.run(co())
        f()
        """,
    )
    assert _shown(app) == []


def test_attribute_subscript_and_operators_are_shown(make_app: Any) -> None:
    app = _run(make_app, 'd = {"k": "v"}\nd["k"]\n"a" + "b"\n-1\nNone\n')
    assert _shown(app) == ["<p>v</p>", "<p>ab</p>", "<p><code>-1</code></p>", "<p><code>None</code></p>"]


def test_docstrings_are_skipped_but_a_later_string_is_shown(make_app: Any) -> None:
    app = _run(
        make_app,
        '''
        """The module's docstring."""
        import sys
        def f():
            """f's docstring."""
            "in f"
        class C:
            "class body: not magic"
            def m(self):
                """m's docstring."""
                "in m"
        f()
        C().m()
        assert __doc__ == "The module's docstring."
        ''',
    )
    assert _shown(app) == ["<p>in f</p>", "<p>in m</p>"]


def test_nested_bodies_as_streamlit_handles_them(make_app: Any) -> None:
    app = _run(
        make_app,
        """
        import contextlib
        with contextlib.nullcontext():
            "with"
        for i in range(2):
            i
        else:
            "for-else"
        n = 0
        while n < 1:
            n += 1
            "while"
        if n == 5:
            "no"
        elif n == 1:
            "elif"
        else:
            "no"
        try:
            "try"
            raise ValueError
        except ValueError:
            "except"
        else:
            "no"
        finally:
            "finally"
        match n:
            case 1:
                "case"
        if ("not in a condition"):
            pass
        """,
    )
    assert _shown(app) == [
        "<p>with</p>",
        "<p><code>0</code></p>",
        "<p><code>1</code></p>",
        "<p>for-else</p>",
        "<p>while</p>",
        "<p>elif</p>",
        "<p>try</p>",
        "<p>except</p>",
        "<p>finally</p>",
        "<p>case</p>",
    ]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="except* is Python 3.11+")
def test_except_star_bodies(make_app: Any) -> None:
    app = _run(make_app, 'try:\n    raise ExceptionGroup("g", [ValueError()])\nexcept* ValueError:\n    "star"\n')
    assert _shown(app) == ["<p>star</p>"]


def test_a_function_shows_its_expressions_when_called_later(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        def show(v):
            v
        jr.text("first")
        jr.button("go", on_click=show, args=("from the callback",))
        show("from the script")
        """
    )
    app.run()
    assert _shown(app) == ["text", "widget", "<p>from the script</p>"]
    run = app.send({app.widget("go")["id"]: True})
    assert run.status == "complete"
    # a callback writes above the script's elements, as in Streamlit
    assert "<p>from the callback</p>" in _shown(app)


def test_the_expression_keeps_its_value(make_app: Any) -> None:
    # a walrus inside the shown expression still binds; the value is the expression's own
    app = _run(make_app, 'import jupyter_reactive as jr\n(y := "walrus")\njr.text(y)\n')
    assert _shown(app) == ["<p>walrus</p>", "text"]


def test_a_notebook_shows_a_trailing_expression_once(make_app: Any) -> None:
    import json

    nb_source = 'x = 41\nx + 1\n"a middle string"\nx'
    from jupyter_reactive.server.scripts import notebook_source

    class Cell:
        cell_type = "code"
        source = nb_source

    app = make_app(notebook_source([Cell()]), filename="/srv/apps/nb.ipynb")
    run = app.run()
    assert run.status == "complete"
    # only the cell's result, as Jupyter shows it (not the middle expressions, not twice)
    assert len(app.page) == 1, app.page
    assert json.dumps(list(app.page.values())).count("41") == 1


# -- the options ------------------------------------------------------------------------------


def test_options_have_streamlits_defaults_and_are_not_settable(make_app: Any) -> None:
    assert get_option("runner.magicEnabled") is True
    assert get_option("magic.displayRootDocString") is False
    assert get_option("magic.displayLastExprIfNoSemicolon") is False
    with pytest.raises(StreamlitAPIException, match="cannot be set on the fly"):
        set_option("runner.magicEnabled", False)


@pytest.fixture
def options() -> Iterator[Callable[[dict[str, Any]], None]]:
    """Set the app's configured options as the server hands them over; cleared afterwards."""
    yield configure
    configure({})


def test_magic_off(make_app: Any, options: Any) -> None:
    options({"runner.magicEnabled": False})
    app = _run(make_app, 'pass\n"# Title"\n1\n')
    assert _shown(app) == []
    # the option is read per run: back on, the same source is compiled again with magic
    options({"runner.magicEnabled": True})
    assert app.run().status == "complete"
    assert _shown(app) == ["<h1>Title</h1>", "<p><code>1</code></p>"]


def test_root_docstring_option(make_app: Any, options: Any) -> None:
    options({"magic.displayRootDocString": True})
    app = _run(make_app, '"""# Doc"""\ndef f():\n    "not root"\nf()\n')
    assert _shown(app) == ["<h1>Doc</h1>"]


def test_last_call_option(make_app: Any, options: Any) -> None:
    options({"magic.displayLastExprIfNoSemicolon": True})
    app = _run(make_app, 'str(1)\nstr("last")\n')
    assert _shown(app) == ["<p>last</p>"]
    app.runner.set_source('str(1)\nstr("last");\n')
    assert app.run().status == "complete"
    assert _shown(app) == []
    app.runner.set_source('if True:\n    str("nested")\n')
    assert app.run().status == "complete"
    assert _shown(app) == []


def test_garbage_options_are_refused_or_left_out(options: Any) -> None:
    # the server checks every value's type (tests/server/test_streamlit_config.py); here, what
    # is not an object is refused and keys this kernel does not know are left out
    with pytest.raises(ValueError, match="options must be an object"):
        options(["runner.magicEnabled"])
    options({"no.suchOption": 1, "runner.magicEnabled": False})
    assert get_option("runner.magicEnabled") is False
    with pytest.raises(RuntimeError, match="not defined"):
        get_option("no.suchOption")


# -- line numbers and errors --------------------------------------------------------------------


def test_syntax_error_still_points_at_its_line(make_app: Any) -> None:
    app = make_app('"fine"\nx = 1\nx +\n')
    run = app.run()
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "SyntaxError" and 'File "app.py", line 3' in exc["traceback"]


def test_traceback_line_numbers_unchanged(make_app: Any) -> None:
    source = '"""doc"""\nfrom __future__ import annotations\n"shown"\n\ndef f():\n    "doc"\n    1 / 0\nf()\n'
    app = make_app(source, filename="/srv/apps/magic.py")
    run = app.run()
    assert run.status == "error"
    tb = run.of_kind("exception")[0]["traceback"]
    assert 'File "/srv/apps/magic.py", line 8, in <module>' in tb
    assert 'File "/srv/apps/magic.py", line 7, in f' in tb and "1 / 0" in tb
    assert _shown(app)[0] == "<p>shown</p>"


def test_an_error_inside_a_shown_expression_points_at_its_line(make_app: Any) -> None:
    app = make_app("x = 1\n\n(x,\n 1 / 0)\n", filename="/srv/apps/m.py")
    tb = app.run().of_kind("exception")[0]["traceback"]
    assert 'File "/srv/apps/m.py", line 4, in <module>' in tb


def test_an_object_whose_repr_raises_is_a_clear_error(make_app: Any) -> None:
    app = make_app(
        """
        class Bad:
            def __repr__(self):
                raise RuntimeError("no repr for you")
        "before"
        bad = Bad()
        bad
        """
    )
    run = app.run()
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "RuntimeError" and exc["evalue"] == "no repr for you"
    assert "line 7, in <module>" in exc["traceback"] and "    bad\n" in exc["traceback"]
    assert _shown(app)[0] == "<p>before</p>"


def test_a_huge_expression_is_shown_or_refused_clearly(make_app: Any) -> None:
    many = ", ".join(str(i) for i in range(5000))
    app = _run(make_app, f"[{many}]\n")
    assert _shown(app) == [repr(list(range(5000)))]
    deep = "(" * 300 + "1" + ")" * 300
    app = make_app(f"{deep}\n")
    run = app.run()
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] in ("SyntaxError", "RecursionError", "MemoryError")


def test_reruns_reuse_the_compiled_code(make_app: Any) -> None:
    app = _run(make_app, 'pass\n"a"\n')
    code = app.runner._code
    assert app.run().status == "complete"
    assert app.runner._code is code
    assert _shown(app) == ["<p>a</p>"]


def test_a_page_file_of_a_multipage_app_gets_magic(tmp_path: Any, make_app: Any) -> None:
    from tests.kernel.test_navigation import _folder_app, _texts

    app = _folder_app(tmp_path, make_app, page="Other")
    other = tmp_path / "pages" / "2_Other.py"
    other.write_text("import jupyter_reactive as jr\nlabel = 'magic on a page'\nlabel\n")
    app.run()
    assert any("magic on a page" in t for t in _texts(app))
