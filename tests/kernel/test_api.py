"""The public API is one list with real signatures: every ``jr.*`` function is a bound method of
one Container, with a signature and a docstring; no parameter is silently ignored."""

from __future__ import annotations
import __future__

import ast
import inspect
import textwrap
import types
from typing import Any

import pytest

import jupyter_reactive as jr
from jupyter_reactive.kernel.container import Container
from jupyter_reactive.kernel.params import DECLARED, LAID_OUT, PERSISTS

NOT_FUNCTIONS = {
    "Container",
    "UploadedFile",
    "__version__",
    "session_state",
    "sidebar",
    "bottom",
    "column_config",
    "user",
    "context",
    "query_params",
    "secrets",
    "connections",
    "components",
}
FUNCTIONS = sorted(set(jr.__all__) - NOT_FUNCTIONS)


def _public_methods() -> set[str]:
    return {name for name, value in vars_of(Container).items() if not name.startswith("_") and callable(value)}


def vars_of(cls: type) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if klass is not object:
            out.update(vars(klass))
    return out


@pytest.mark.parametrize("name", FUNCTIONS)
def test_public_function_has_a_real_signature_and_a_docstring(name: str) -> None:
    func = getattr(jr, name)
    params = inspect.signature(func).parameters.values()
    kinds = {p.kind for p in params}
    assert not {inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD} <= kinds, (
        f"jr.{name} is (*args, **kwargs)"
    )
    assert "self" not in inspect.signature(func).parameters
    assert (inspect.getdoc(func) or "").strip(), f"jr.{name} has no docstring"


def test_all_lists_exactly_the_public_names() -> None:
    """The API is defined in ``_api.py`` and bound lazily by the package: ``__all__`` names
    exactly its public names, and each resolves on the package to the same object."""
    from jupyter_reactive import _api

    skip = (types.ModuleType, __future__._Feature)  # submodules, `from __future__ import annotations`
    public = {n for n, v in vars(_api).items() if not n.startswith("_") and not isinstance(v, skip)}
    # modules by design: jr.column_config.NumberColumn, jr.connections.BaseConnection
    public |= {"__version__", "column_config", "connections", "components"}
    assert sorted(jr.__all__) == sorted(public)
    assert len(jr.__all__) == len(set(jr.__all__))
    assert all(getattr(jr, name) is getattr(_api, name) for name in jr.__all__)
    with pytest.raises(AttributeError, match="no_such_element"):
        jr.no_such_element  # noqa: B018


def test_a_name_streamlit_removed_says_what_replaced_it(make_app: Any) -> None:
    """Old apps still call ``st.experimental_get_query_params`` or ``st.beta_columns``: the page
    names the successor (as Streamlit 1.67 does), a typo gets close names, other names do not."""
    app = make_app("import jupyter_reactive as jr\njr.title('before')\nparams = jr.experimental_get_query_params()\n")
    app.run()
    (error,) = [el for el in app.page.values() if el.get("kind") == "exception"]
    assert error["ename"] == "AttributeError"
    assert "Streamlit removed it; use query_params instead" in error["evalue"]
    assert app.has_text("before")
    for name, words in (
        ("beta_columns", "use columns instead"),
        ("cache", "use cache_data or cache_resource instead"),
        ("sldier", "did you mean slider?"),
        ("chat_inptu", "did you mean chat_input?"),
    ):
        with pytest.raises(AttributeError, match=words) as caught:
            getattr(jr, name)
        assert caught.value.name == name and caught.value.obj is jr
    for garbage in ("zzzz", "_private", "", "x" * 500, "9 lives"):
        with pytest.raises(AttributeError) as caught:
            getattr(jr, garbage)
        assert str(caught.value) == f"module 'jupyter_reactive' has no attribute {garbage!r}"
    # hasattr and ``from ... import`` still answer plainly
    assert not hasattr(jr, "experimental_rerun") and hasattr(jr, "rerun")
    with pytest.raises(ImportError, match="experimental_memo"):
        from jupyter_reactive import experimental_memo  # noqa: F401


def test_importing_the_package_does_not_import_the_kernel_api() -> None:
    """The server and the CLI import the package; the scripting API (and what it imports) is
    bound on first use only, so they do not pay for it."""
    import subprocess
    import sys

    code = (
        "import sys, jupyter_reactive as jr\n"
        "print(sorted(m for m in sys.modules if m.startswith('jupyter_reactive')))\n"
        "assert jr.errors.StreamlitAPIException and jr.runtime.exists() is False\n"
        "jr.title\n"
        "print('jupyter_reactive._api' in sys.modules, 'jupyter_reactive.kernel.api' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    before, after = out.splitlines()
    assert before == "['jupyter_reactive', 'jupyter_reactive._version']"
    assert after == "True True"


@pytest.mark.parametrize(
    "source",
    [
        "import jupyter_reactive as jr\n\njr.title('t')\nn = jr.slider('n', 0, 9, 3)\njr.write(n)\n",
        "from jupyter_reactive import title, write\n\ntitle('t')\nwrite(1)\n",
        # importlib's frozen bootstrap as a fresh virtual environment has it at an app's first line
        # (nothing has imported the importlib package, which renames it to importlib._bootstrap)
        "import sys\nsys.modules['_frozen_importlib'].__name__ = '_frozen_importlib'\n"
        "from jupyter_reactive import title, write\n\ntitle('t')\nwrite(1)\n",
    ],
)
def test_python_app_py_says_in_one_line_how_to_see_it(tmp_path: Any, source: str) -> None:
    """``python app.py`` (the Streamlit newcomer's first try) runs with defaults and says, once,
    that nothing is drawn and which command serves it; importing the app (its tests) or
    ``python -c`` stays silent."""
    import subprocess
    import sys

    (tmp_path / "app.py").write_text(source)
    run = subprocess.run([sys.executable, "app.py"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout == ""
    assert run.stderr.splitlines() == [
        "jupyter_reactive: app.py ran as plain Python, which draws nothing; "
        "to see it as an app, run: jupyter reactive serve app.py"
    ]
    # a kernel's run: the app as a __main__ module without a spec, under the kernel's argv
    as_a_kernel_runs_it = (
        "import sys, types; sys.argv[0] = 'kernel_launcher.py'; m = types.ModuleType('__main__'); "
        "m.__file__ = 'app.py'; sys.modules['__main__'] = m; exec(open('app.py').read(), m.__dict__)"
    )
    for quiet in (
        ["-c", "import app"],
        ["-c", "import jupyter_reactive as jr; jr.title('t')"],
        ["-c", as_a_kernel_runs_it],
    ):
        run = subprocess.run([sys.executable, *quiet], cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert (run.returncode, run.stderr) == (0, ""), quiet


def test_every_container_method_is_bound_in_the_package() -> None:
    missing = sorted(_public_methods() - set(jr.__all__))
    assert missing == [], f"Container methods without a jr.* binding: {missing}"
    for name in _public_methods():
        assert getattr(jr, name).__func__ is getattr(Container, name), name


def test_sidebar_and_columns_share_the_functions() -> None:
    col = Container(None, (0, 3))
    for name in _public_methods():
        assert getattr(jr.sidebar, name).__func__ is getattr(jr, name).__func__, name
        assert getattr(col, name).__func__ is getattr(jr, name).__func__, name


def test_outside_an_app_elements_draw_nothing_and_widgets_return_defaults() -> None:
    jr.title("hello")
    assert jr.slider("x", 0, 10, 3) == 3
    assert jr.button("go") is False
    with jr.sidebar:
        assert jr.text_input("name", "ann") == "ann"
    a, b = jr.columns(2)
    with a:
        assert jr.checkbox("c", True) is True
    assert b.selectbox("s", ["p", "q"], 1) == "q"


# -- no parameter silently ignored ------------------------------------------------------------


def _function_defs() -> dict[str, tuple[ast.FunctionDef, tuple[str, ...], tuple[str, ...]]]:
    """Each public method's definition (as parsed from its module), its declared-unsupported
    parameters and the layout parameters ``params.laid_out`` implements for it."""
    out = {}
    for name in _public_methods():
        func = getattr(Container, name)
        declared = tuple(getattr(func, DECLARED, ()))
        laid = tuple(getattr(func, LAID_OUT, ())) + tuple(getattr(func, PERSISTS, ()))
        source = textwrap.dedent(inspect.getsource(inspect.unwrap(func)))
        (node,) = ast.parse(source).body
        assert isinstance(node, ast.FunctionDef), name
        out[name] = (node, declared, laid)
    return out


@pytest.mark.parametrize("name", sorted(_public_methods()))
def test_every_parameter_is_read_or_declared_unsupported(name: str) -> None:
    node, declared, laid = _function_defs()[name]
    args = node.args
    params = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    params += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    params = [p for p in params if p != "self"]
    body = ast.Module(body=node.body, type_ignores=[])
    read = {n.id for n in ast.walk(body) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    read |= set(laid)  # read by the decorator
    assert not set(laid) & set(declared), f"jr.{name}: a layout parameter both implemented and declared unsupported"
    for p in params:
        if p in declared:
            assert p not in read, f"jr.{name}({p}=) is read but still declared unsupported"
        else:
            assert p in read, f"jr.{name}({p}=) is accepted and silently ignored: use it or declare it @unsupported"
    assert set(declared) <= set(params)


def test_unsupported_parameter_warns_once_per_session(make_app: Any) -> None:
    app = make_app(
        "import jupyter_reactive as jr\n"
        "from jupyter_reactive.kernel.params import unsupported\n"
        "@unsupported('loud')\n"  # (every Streamlit parameter of ours does something now)
        "def shout(self, text, loud=False):\n"
        "    self.text(text)\n"
        "shout(jr.container(), 'a', loud=True)\n"
        "shout(jr.container(), 'b', True)\n"
        "jr.expander('e')\n"
    )
    notices = [m for m in app.run().messages if m["type"] == "notice"]
    assert [(n["level"], n["message"]) for n in notices] == [
        ("warning", "jr.shout(loud=…) is not supported yet and was ignored."),
    ]
    again = app.run()
    assert again.status == "complete" and [m for m in again.messages if m["type"] == "notice"] == []


def test_unsupported_parameter_at_its_default_or_positional_does_not_warn(make_app: Any) -> None:
    app = make_app(
        "import jupyter_reactive as jr\njr.fragment(parallel=False)(lambda: None)()\nwith jr.spinner('s', show_time=False):\n    pass\n"
    )
    run = app.run()
    assert run.status == "complete" and [m for m in run.messages if m["type"] == "notice"] == []
