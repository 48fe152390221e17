"""server/scripts.py: which paths are apps (nothing outside the root, ever), notebook sources,
and the app listing."""

from __future__ import annotations

import json
import os
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive.server.scripts import AppNotFound, AppScript, SourceError, list_apps, resolve_app


def _notebook(cells: list[dict], minor: int = 5, with_ids: bool = True) -> str:
    out = []
    for i, cell in enumerate(cells):
        cell = {"metadata": {}, **cell}
        if cell["cell_type"] == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
        if with_ids:
            cell["id"] = f"cell-{i}"
        out.append(cell)
    return json.dumps({"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": minor})


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An app root with apps, non-apps, hidden files and a sibling directory outside it."""
    base = tmp_path / "root"
    (base / "sub").mkdir(parents=True)
    (base / "app.py").write_text("import jupyter_reactive as jr\njr.text('hi')\n")
    (base / "sub" / "deep.py").write_text("x = 1\n")
    (base / "nb.ipynb").write_text(_notebook([{"cell_type": "code", "source": "x = 1"}]))
    (base / "notes.txt").write_text("not an app")
    (base / "data.pyc").write_bytes(b"\x00")
    (base / ".hidden.py").write_text("x = 1\n")
    (base / ".hiddendir").mkdir()
    (base / ".hiddendir" / "inner.py").write_text("x = 1\n")
    (base / "_private.py").write_text("x = 1\n")
    (base / "folder.py").mkdir()  # a directory with an app's suffix
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("SECRET = 1\n")
    return base


# -- resolve_app ----------------------------------------------------------------------------


def test_python_file_under_the_root_resolves(root: Path) -> None:
    app = resolve_app(root, "app.py")
    assert app == AppScript("app.py", (root / "app.py").resolve())
    assert app.title == "app" and app.source() == "import jupyter_reactive as jr\njr.text('hi')\n"
    st = (root / "app.py").stat()
    assert app.signature() == (st.st_mtime_ns, st.st_size, st.st_ino, st.st_mode >> 12)


def test_notebook_and_nested_files_resolve(root: Path) -> None:
    assert resolve_app(root, "nb.ipynb").rel_path == "nb.ipynb"
    assert resolve_app(str(root), "sub/deep.py").file == (root / "sub" / "deep.py").resolve()
    assert resolve_app(root, "./sub//deep.py").rel_path == "sub/deep.py"  # normalised


def test_symlink_inside_the_root_resolves_to_its_target(root: Path) -> None:
    (root / "alias.py").symlink_to(root / "sub" / "deep.py")
    assert resolve_app(root, "alias.py").rel_path == "sub/deep.py"


def test_root_given_through_a_symlink_works(root: Path, tmp_path: Path) -> None:
    link = tmp_path / "root-link"
    link.symlink_to(root, target_is_directory=True)
    assert resolve_app(link, "app.py").rel_path == "app.py"


@pytest.mark.parametrize(
    "rel",
    [
        "",
        "/etc/passwd",
        "/app.py",
        "../outside/secret.py",
        "sub/../../outside/secret.py",
        "sub/../app.py",  # `..` is refused even when it stays inside
        "..",
        "C:/x.py",
        "C:\\x.py",
        "c:x.py",
        "\\\\server\\share\\x.py",
        "//server/share/x.py",
        "\\app.py",
        "sub\\deep.py",
        "app.py\x00",
        "app\x00.py",
        ".hidden.py",
        ".hiddendir/inner.py",
        "sub/.hidden.py",
        "notes.txt",
        "data.pyc",
        "app",
        "folder.py",
        "sub",
        "missing.py",
        "sub/missing.py",
    ],
)
def test_refused_paths(root: Path, rel: str) -> None:
    with pytest.raises(AppNotFound) as info:
        resolve_app(root, rel)
    assert str(info.value) == "no such app"  # safe to show: never echoes the path


def test_absolute_path_to_a_file_inside_the_root_is_refused(root: Path) -> None:
    with pytest.raises(AppNotFound):
        resolve_app(root, str(root / "app.py"))


def test_symlink_pointing_outside_the_root_is_refused(root: Path, tmp_path: Path) -> None:
    (root / "escape.py").symlink_to(tmp_path / "outside" / "secret.py")
    (root / "escape_dir").symlink_to(tmp_path / "outside", target_is_directory=True)
    with pytest.raises(AppNotFound):
        resolve_app(root, "escape.py")
    with pytest.raises(AppNotFound):
        resolve_app(root, "escape_dir/secret.py")


def test_dangling_symlink_is_refused(root: Path) -> None:
    (root / "dangling.py").symlink_to(root / "nowhere.py")
    with pytest.raises(AppNotFound):
        resolve_app(root, "dangling.py")


def test_paths_not_in_allowed_are_refused(root: Path) -> None:
    allowed = frozenset({"app.py"})
    assert resolve_app(root, "app.py", allowed).rel_path == "app.py"
    for rel in ("nb.ipynb", "sub/deep.py"):
        with pytest.raises(AppNotFound):
            resolve_app(root, rel, allowed)
    with pytest.raises(AppNotFound):
        resolve_app(root, "anything.py", frozenset())


def test_allowed_is_checked_against_the_resolved_path(root: Path) -> None:
    (root / "alias.py").symlink_to(root / "sub" / "deep.py")
    with pytest.raises(AppNotFound):
        resolve_app(root, "alias.py", frozenset({"alias.py"}))
    assert resolve_app(root, "alias.py", frozenset({"sub/deep.py"})).rel_path == "sub/deep.py"


# -- notebook sources -----------------------------------------------------------------------


def test_notebook_source_joins_code_cells_and_comments_out_magics(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(
        _notebook(
            [
                {"cell_type": "markdown", "source": "# Title\n%not code"},
                {"cell_type": "code", "source": "import jupyter_reactive as jr\n%matplotlib inline\njr.title('T')"},
                {"cell_type": "raw", "source": "raw = 1"},
                {"cell_type": "code", "source": ["x = 2\n", "  !pip install thing\n", "%%time\n", "y = x"]},
            ]
        )
    )
    source = AppScript("nb.ipynb", path).source()
    assert source == (
        "__import__(\"jupyter_reactive\").markdown('# Title\\n%not code')"
        "\n\n"
        "import jupyter_reactive as jr\n# %matplotlib inline\njr.title('T')"
        "\n\n"
        "x = 2\n#   !pip install thing\n# %%time\ny = x\n"
    )
    compile(source, "nb.ipynb", "exec")


def test_notebook_source_keeps_python_lines_that_start_with_percent_or_bang(tmp_path: Path) -> None:
    code = (
        'msg = (\n    "hello %s"\n    % name\n)\n'
        "if (\n    a\n    != b\n):\n    pass\n"
        's = """\n%not a magic\n!nor this\n"""\n'
        "total = 7 \\\n    % 3\n"
        "%who"
    )
    path = tmp_path / "nb.ipynb"
    path.write_text(_notebook([{"cell_type": "code", "source": code}]))
    source = AppScript("nb.ipynb", path).source()
    assert source == code.replace("%who", "# %who") + "\n"
    compile(source, "nb.ipynb", "exec")


RESULT = '__import__("jupyter_reactive").kernel.api.show_cell_result('


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("%%bash\necho hi\nls -l | wc", "# %%bash\n# echo hi\n# ls -l | wc"),
        ("\n%%html\n<b>bold</b>", "\n# %%html\n# <b>bold</b>"),
        ("%%writefile out.py\nimport os\nos.remove('x')", "# %%writefile out.py\n# import os\n# os.remove('x')"),
        ("%%\nnot python", "# %%\n# not python"),
        ("%%time\nx = sum(range(10))\n%who", "# %%time\nx = sum(range(10))\n# %who"),  # Python body: it runs
        ("%%capture out\nprint(1)", f"# %%capture out\n{RESULT}print(1))"),
        ("x = 1\n%%bash\necho", f"x = 1\n# %%bash\n{RESULT}echo)"),  # %% after the first line is no cell magic
    ],
    ids=["bash", "html-after-blank", "writefile", "bare", "time", "capture", "not-first-line"],
)
def test_notebook_cell_magics_run_their_python_body_or_nothing(tmp_path: Path, cell: str, expected: str) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(_notebook([{"cell_type": "code", "source": cell}, {"cell_type": "code", "source": "z = 3"}]))
    source = AppScript("nb.ipynb", path).source()
    assert source == expected + "\n\nz = 3\n"
    compile(source, "nb.ipynb", "exec")


def test_notebook_magic_after_an_unbalanced_shell_line_is_still_commented(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(_notebook([{"cell_type": "code", "source": "!echo (\n%time x\ny = 1"}]))
    assert AppScript("nb.ipynb", path).source() == "# !echo (\n# %time x\ny = 1\n"


@pytest.mark.parametrize("minor", [4, 5])
def test_notebook_without_cell_ids_is_tolerated(tmp_path: Path, minor: int) -> None:
    path = tmp_path / "old.ipynb"
    path.write_text(
        _notebook(
            [{"cell_type": "code", "source": "a = 1"}, {"cell_type": "code", "source": "b = 2"}],
            minor=minor,
            with_ids=False,
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert AppScript("old.ipynb", path).source() == "a = 1\n\nb = 2\n"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("x = 2\nx * 21", f"x = 2\n{RESULT}x * 21)"),
        ("df.head(\n    3\n)  # first rows", f"{RESULT}df.head(\n    3\n))  # first rows"),
        ("fig;", "fig;"),  # a trailing ';' hides the value, as in a notebook
        ("fig ;  # quiet", "fig ;  # quiet"),
        ("x = 1", "x = 1"),
        ("for i in range(3):\n    i", "for i in range(3):\n    i"),  # only a top-level last statement
        ("'just a docstring'", "'just a docstring'"),
        ("a = 1\n'a string result'", f"a = 1\n{RESULT}'a string result')"),
        ("jr.slider('v')", "jr.slider('v')"),  # the API draws its widget; its value is not shown again
        ("jr.sidebar.button('b')", "jr.sidebar.button('b')"),
        ("jr.columns(2)[0].write('x')", "jr.columns(2)[0].write('x')"),
        ("slider('w')", "slider('w')"),  # from jupyter_reactive import slider
        ("other.slider('w')", f"{RESULT}other.slider('w'))"),
        ("café = 'é'; café", f"café = 'é'; {RESULT}café)"),  # offsets are UTF-8 bytes
        ("def broken(:\n    1", "def broken(:\n    1"),  # a syntax error is left for the run to report
        ("await thing()", "await thing()"),
        ("a = 1\r\na", f"a = 1\n{RESULT}a)"),  # line breaks come out as "\n"
        ("a = 1\ra\rb", f"a = 1\na\n{RESULT}b)"),
    ],
    ids=[
        "simple",
        "multi-line",
        "semicolon",
        "semicolon-comment",
        "assignment",
        "nested",
        "docstring",
        "string-result",
        "api-call",
        "api-attribute",
        "api-chain",
        "api-from-import",
        "not-api",
        "non-ascii",
        "syntax-error",
        "await",
        "crlf",
        "lone-cr",
    ],
)
def test_a_code_cell_shows_its_trailing_expression(tmp_path: Path, cell: str, expected: str) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(
        _notebook(
            [
                {
                    "cell_type": "code",
                    "source": "import jupyter_reactive as jr\nfrom jupyter_reactive import slider\nNone",
                },
                {"cell_type": "code", "source": cell},
            ]
        ),
        encoding="utf-8",
    )
    source = AppScript("nb.ipynb", path).source()
    head = f"import jupyter_reactive as jr\nfrom jupyter_reactive import slider\n{RESULT}None)\n\n"
    assert source == head + expected + "\n"
    if "broken" not in cell and "await" not in cell:
        compile(source, "nb.ipynb", "exec")
    assert len(source.splitlines()) == len(head.splitlines()) + len(cell.splitlines())  # lines do not move


def test_markdown_cells_become_markdown_and_empty_or_raw_cells_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    text = "# Title\n\nSome *text* with 'quotes', \"double\" and a \\ backslash\n"
    path.write_text(
        _notebook(
            [
                {"cell_type": "markdown", "source": text},
                {"cell_type": "markdown", "source": "  \n"},
                {"cell_type": "raw", "source": "raw text"},
                {"cell_type": "code", "source": "y = 1"},
            ]
        )
    )
    source = AppScript("nb.ipynb", path).source()
    assert source == f'__import__("jupyter_reactive").markdown({text!r})\n\ny = 1\n'
    assert len(source.splitlines()) == 3  # a markdown cell is one line, whatever its length


def test_a_notebook_is_read_once_per_version_of_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nbformat

    reads: list[str] = []
    real_read = nbformat.read
    monkeypatch.setattr(nbformat, "read", lambda path, **kw: reads.append(path) or real_read(path, **kw))
    path = tmp_path / "nb.ipynb"
    path.write_text(_notebook([{"cell_type": "code", "source": "a = 1"}]))
    app = AppScript("nb.ipynb", path)
    assert app.source() == app.source() == AppScript("nb.ipynb", path).source() == "a = 1\n"
    assert len(reads) == 1  # every session asks; the file is read and converted once
    path.write_text(_notebook([{"cell_type": "code", "source": "a = 22"}]))
    os.utime(path, ns=(time.time_ns() + 10**9,) * 2)  # a new mtime even on a coarse clock
    assert app.source() == "a = 22\n" and len(reads) == 2  # an edited notebook is read again


def test_fixture_notebook_app(tmp_path: Path) -> None:
    fixture = Path(__file__).parent.parent / "apps" / "notebook_app.ipynb"
    source = AppScript("notebook_app.ipynb", fixture).source()
    assert "# %matplotlib inline" in source and "jr.title('From a notebook')" in source
    assert "markdown('# A notebook app')" in source
    compile(source, "notebook_app.ipynb", "exec")


def test_python_source_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "u.py"
    path.write_bytes("s = 'é\u2603'\n%not stripped in .py files\n".encode())
    assert AppScript("u.py", path).source() == "s = 'é\u2603'\n%not stripped in .py files\n"


# -- list_apps ------------------------------------------------------------------------------


def test_list_apps_lists_only_app_files(root: Path) -> None:
    assert list_apps(root) == ["app.py", "nb.ipynb"]
    assert list_apps(root, "sub") == ["sub/deep.py"]


def test_list_apps_skips_symlinks_escaping_the_root(root: Path, tmp_path: Path) -> None:
    (root / "escape.py").symlink_to(tmp_path / "outside" / "secret.py")
    (root / "dangling.py").symlink_to(root / "nowhere.py")
    assert list_apps(root) == ["app.py", "nb.ipynb"]


def test_list_apps_refuses_folders_outside_the_root(root: Path, tmp_path: Path) -> None:
    (root / "escape_dir").symlink_to(tmp_path / "outside", target_is_directory=True)
    assert list_apps(root, "..") == []
    assert list_apps(root, "../outside") == []
    assert list_apps(root, "escape_dir") == []
    assert list_apps(root, str(tmp_path / "outside")) == []
    assert list_apps(root, "missing") == []
    assert list_apps(root, "app.py") == []


def test_every_listed_app_resolves(root: Path) -> None:
    for folder in ("", "sub"):
        for rel in list_apps(root, folder):
            assert resolve_app(root, rel).rel_path == rel


def test_list_apps_on_an_unreadable_root_is_empty(tmp_path: Path) -> None:
    assert list_apps(tmp_path / "does-not-exist") == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_files_are_not_apps(root: Path) -> None:
    os.mkfifo(root / "pipe.py")
    with pytest.raises(AppNotFound):
        resolve_app(root, "pipe.py")
    assert "pipe.py" not in list_apps(root)


# -- the source as it is now ----------------------------------------------------------------


def test_source_follows_the_file(root: Path) -> None:
    app = resolve_app(root, "app.py")
    before = app.signature()
    (root / "app.py").write_text("x = 'a longer text than before'\n")
    assert app.source() == "x = 'a longer text than before'\n" and app.signature() != before


def test_source_honours_a_coding_line(root: Path) -> None:
    (root / "latin.py").write_bytes("# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n".encode("latin-1"))
    assert "caf\xe9" in resolve_app(root, "latin.py").source()


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda p: p.unlink(), "app.py was deleted or renamed"),
        (lambda p: (p.unlink(), p.mkdir()), "app.py is a folder now"),
        (lambda p: p.write_bytes(b"x = '\xff\xfe'\n"), "app.py is not UTF-8 text"),
        (lambda p: p.write_bytes(b"# coding: no-such-codec\nx = 1\n"), "app.py is not UTF-8 text"),
    ],
)
def test_an_unreadable_app_file_is_a_clear_source_error(root: Path, damage: Any, says: str) -> None:
    app = resolve_app(root, "app.py")
    damage(root / "app.py")
    with pytest.raises(SourceError) as info:
        app.source()
    assert str(info.value).startswith(says) and str(root) not in str(info.value)
    assert app.top_level_imports() == ()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_app_file_without_read_permission_is_a_source_error(root: Path) -> None:
    app = resolve_app(root, "app.py")
    (root / "app.py").chmod(0)
    with pytest.raises(SourceError, match="permission denied"):
        app.source()


@pytest.mark.parametrize("text", ['{"cells": [', "[]", '{"nbformat": 4}', "\xff"])
def test_a_notebook_caught_half_written_is_a_clear_source_error(root: Path, text: str) -> None:
    app = resolve_app(root, "nb.ipynb")
    (root / "nb.ipynb").write_bytes(text.encode("latin-1"))
    with pytest.raises(SourceError) as info:
        app.source()
    assert "nb.ipynb" in str(info.value) and text not in str(info.value)


def test_an_apps_imports_and_which_of_them_another_process_may_import(tmp_path: Path) -> None:
    """Top-level imports, with the submodules a `from` import brings (`from PIL import Image` is
    PIL.Image; `from numpy import array` is an attribute); of them, those the app's folder does
    not provide (its kernel finds `helpers` there first) may be imported by the fork server."""
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "__init__.py").write_text("")
    (tmp_path / "helpers" / "plots.py").write_text("")
    (tmp_path / "json.py").write_text("")  # shadows the stdlib's for this app
    (tmp_path / "data").mkdir()  # a bare folder (namespace package) shadows nothing installed
    app = tmp_path / "app.py"
    app.write_text(
        "from __future__ import annotations\nimport email.mime as m, json\nfrom email import message, nothing_here\n"
        "from helpers import plots\nfrom os import path\nfrom . import sibling\nfrom email import *\n"
        "import data\nif True:\n    import wave\n"
    )
    script = AppScript("app.py", app)
    imports = script.top_level_imports()
    assert imports == ("email.mime", "json", "email", "email.message", "helpers", "helpers.plots", "os", "data")
    assert script.installed(imports) == ("email.mime", "email", "email.message", "os", "data")


def test_the_imports_of_an_app_that_does_not_parse_are_none(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text("import numpy\nthis is not python (\n")
    assert AppScript("app.py", app).top_level_imports() == ()
