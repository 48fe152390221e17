"""Source following in the kernel, in process: every run runs the text it was last given, and
app-folder modules whose files changed are imported afresh (never site-packages); fragment runs
after a change become full runs; an unreadable source or a module that fails shows as the app's
error and its fix clears it; the files to watch are reported to the server."""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive import protocol
from jupyter_reactive.kernel import reload
from jupyter_reactive.kernel.reload import AppModules

APP = """
import jupyter_reactive as jr
import {mod}
jr.text({mod}.greet())
"""


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """An app folder on sys.path (as the kernel's working directory is); its modules are
    removed from sys.modules afterwards."""
    sys.path.insert(0, str(tmp_path))
    before = set(sys.modules)
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in set(sys.modules) - before:
        module = sys.modules.get(name)
        if str(getattr(module, "__file__", "") or "").startswith(str(tmp_path)):
            del sys.modules[name]


_counter = [0]


def _module(folder: Path, text: str, name: str | None = None) -> str:
    """A module in the app folder with a name no other test uses."""
    if name is None:
        _counter[0] += 1
        name = f"jr_helper_{os.getpid()}_{_counter[0]}"
    _write(folder / f"{name}.py", text)
    return name


def _write(path: Path, text: str | bytes) -> None:
    """Write and move the mtime on, so that two writes within the clock's granularity differ."""
    st = path.stat() if path.exists() else None
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    if st is not None:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def _app(make_app: Any, folder: Path, source: str) -> Any:
    app = make_app(source, str(folder / "app.py"))
    app.runner.modules = AppModules(str(folder))
    return app


def test_an_edited_app_module_is_imported_afresh_before_the_next_run(make_app: Any, folder: Path) -> None:
    mod = _module(folder, 'def greet():\n    return "hello"\n')
    app = _app(make_app, folder, APP.format(mod=mod))
    assert app.run().status == "complete" and app.has_text("hello")
    first = sys.modules[mod]
    _write(folder / f"{mod}.py", 'def greet():\n    return "bonjour"\n')
    assert app.run().status == "complete" and app.has_text("bonjour") and not app.has_text("hello")
    assert sys.modules[mod] is not first
    # unchanged: the module object stays (no reimport on every run)
    again = sys.modules[mod]
    app.run()
    assert sys.modules[mod] is again


def test_an_edit_of_the_same_size_within_the_same_second_is_not_the_old_bytecode(
    make_app: Any, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Python trusts a .pyc whose source size and whole-second mtime match: a quick save of the
    # same length (or a file sent to a kernel on a gateway) must still be imported afresh
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # as without PYTHONDONTWRITEBYTECODE
    second = 1_700_000_000 * 1_000_000_000
    mod = _module(folder, 'def greet():\n    return "one"\n')
    os.utime(folder / f"{mod}.py", ns=(second, second + 100_000_000))
    app = _app(make_app, folder, APP.format(mod=mod))
    assert app.run().status == "complete" and app.has_text("one")
    (folder / f"{mod}.py").write_text('def greet():\n    return "two"\n')
    os.utime(folder / f"{mod}.py", ns=(second, second + 200_000_000))
    assert app.run().status == "complete" and app.has_text("two")


def test_modules_that_refer_to_a_changed_one_are_reimported_too(make_app: Any, folder: Path) -> None:
    base = _module(folder, "WORD = 'one'\n")
    user = _module(folder, f"from {base} import WORD\n\ndef greet():\n    return WORD\n")
    app = _app(make_app, folder, APP.format(mod=user))
    app.run()
    assert app.has_text("one")
    _write(folder / f"{base}.py", "WORD = 'two'\n")
    app.run()
    assert app.has_text("two")


def test_a_package_in_a_sub_folder_is_followed(make_app: Any, folder: Path) -> None:
    pkg = folder / "jr_pkg_sub"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    _write(pkg / "util.py", 'def greet():\n    return "sub one"\n')
    app = _app(make_app, folder, APP.format(mod="jr_pkg_sub.util"))
    app.run()
    assert app.has_text("sub one")
    _write(pkg / "util.py", 'def greet():\n    return "sub two"\n')
    app.run()
    assert app.has_text("sub two")


def test_site_packages_inside_the_app_folder_are_never_reloaded(folder: Path) -> None:
    site = folder / ".venv" / "lib" / "site-packages"
    site.mkdir(parents=True)
    (site / "jr_vendored_mod.py").write_text("X = 1\n")
    sys.path.insert(0, str(site))
    try:
        import jr_vendored_mod  # type: ignore[import-not-found]  # noqa: F401

        modules = AppModules(str(folder))
        modules.track()
        assert not any("site-packages" in f for f in modules.files())
        _write(site / "jr_vendored_mod.py", "X = 2\n")
        assert "jr_vendored_mod" not in modules.reload_changed()
    finally:
        sys.path.remove(str(site))
        sys.modules.pop("jr_vendored_mod", None)


def test_a_module_outside_the_app_folder_is_not_the_apps(tmp_path: Path) -> None:
    modules = AppModules(str(tmp_path / "elsewhere"))
    modules.track()
    assert modules.files() == [] and modules.reload_changed() == []


class _Odd:
    """Not a module: its file cannot be read."""

    @property
    def __file__(self) -> str:
        raise RuntimeError("no file")


@pytest.fixture
def forked(folder: Path) -> Iterator[None]:
    """This process as a kernel forked from a fork server that noted its modules now (with an
    odd entry or two among them, as some libraries leave), restored afterwards."""
    sys.modules["jr_odd_entry"] = _Odd()  # type: ignore[assignment]
    sys.modules["jr_none_entry"] = None  # type: ignore[assignment]
    try:
        assert reload.remember_modules() == len(sys.modules)
        yield
    finally:
        reload.INHERITED = None
        sys.modules.pop("jr_odd_entry", None)
        sys.modules.pop("jr_none_entry", None)


def test_a_forked_kernel_tracks_the_same_app_modules_without_walking_the_inherited_ones(
    folder: Path, forked: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The inherited modules of the app's folder, those imported after, one dropped and
    imported again, one replaced in sys.modules: all tracked, and an edit reloads them."""
    before = _module(folder, "X = 1\n")
    replaced = _module(folder, "Z = 1\n")
    __import__(before)
    __import__(replaced)
    assert reload.remember_modules() == len(sys.modules)  # the fork server imported these two
    after = _module(folder, "Y = 1\n")
    __import__(after)
    sys.modules[replaced] = type(sys)(replaced)  # same place in sys.modules, another module
    sys.modules[replaced].__file__ = str(folder / f"{replaced}.py")
    modules = AppModules(str(folder))
    # the walk would read every module; in a forked kernel only these are looked at
    assert modules.track()
    assert [os.path.basename(f) for f in modules.files()] == sorted(f"{m}.py" for m in (before, after, replaced))
    _write(folder / f"{before}.py", "X = 2\n")
    assert modules.reload_changed() == [before]
    __import__(before)  # imported again: a new module at the end of sys.modules
    assert modules.track() and os.path.realpath(folder / f"{before}.py") in modules.files()
    assert not modules.track()  # nothing new


def test_a_forked_kernel_does_not_look_at_inherited_modules_elsewhere(
    folder: Path, forked: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked: set[str] = set()

    class Spy(type(sys)):  # type: ignore[misc]
        def __getattribute__(self, name: str) -> Any:
            looked.add(super().__getattribute__("__name__"))
            return super().__getattribute__(name)

    monkeypatch.setitem(sys.modules, "jr_spy_inherited", Spy("jr_spy_inherited"))
    reload.remember_modules()  # in the fork server, which looks at each module once
    monkeypatch.setitem(sys.modules, "jr_spy_new", Spy("jr_spy_new"))
    looked.clear()
    AppModules(str(folder)).track()
    assert looked == {"jr_spy_new"}
    reload.INHERITED = None  # a kernel not forked from a fork server walks them all
    AppModules(str(folder)).track()
    assert looked == {"jr_spy_new", "jr_spy_inherited"}


def test_a_forked_kernel_offers_its_fork_server_the_submodules_of_inherited_libraries(
    folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """What a kernel's first run imported that its fork server can import for the next kernels:
    submodules of a package the fork server has, not the app's own modules, not a new top-level
    module (an app module of that name would be shadowed), not names that are no module name."""
    lib = tmp_path_factory.mktemp("lib")
    (lib / "jr_lib_pkg").mkdir()
    (lib / "jr_lib_pkg" / "__init__.py").write_text("")
    (lib / "jr_lib_pkg" / "lazy.py").write_text("")
    (lib / "jr_lib_top.py").write_text("")
    app_pkg = folder / "jr_app_pkg"
    app_pkg.mkdir()
    (app_pkg / "__init__.py").write_text("")
    (app_pkg / "part.py").write_text("")
    sys.path.append(str(lib))
    try:
        import jr_app_pkg  # type: ignore[import-not-found]
        import jr_lib_pkg  # type: ignore[import-not-found]

        modules = AppModules(str(folder))
        assert modules.shareable_imports() == []  # not forked
        sys.modules["jr_odd_entry"] = _Odd()  # type: ignore[assignment]
        reload.remember_modules()  # as the fork server does, with both packages imported
        modules = AppModules(str(folder))
        import jr_app_pkg.part  # type: ignore[import-not-found]  # noqa: F401
        import jr_lib_pkg.lazy  # type: ignore[import-not-found]  # noqa: F401
        import jr_lib_top  # type: ignore[import-not-found]  # noqa: F401

        sys.modules["jr_lib_pkg.not-a-name"] = types.ModuleType("x")
        assert modules.shareable_imports() == ["jr_lib_pkg.lazy"]
    finally:
        reload.INHERITED = None
        sys.path.remove(str(lib))
        for name in [n for n in sys.modules if n.startswith(("jr_lib_", "jr_app_pkg", "jr_odd_entry"))]:
            del sys.modules[name]


def test_a_module_that_fails_to_reload_shows_its_error_and_its_fix_clears_it(make_app: Any, folder: Path) -> None:
    mod = _module(folder, 'def greet():\n    return "fine"\n')
    app = _app(make_app, folder, APP.format(mod=mod))
    app.run()
    _write(folder / f"{mod}.py", 'def greet(:\n    return "broken"\n')
    run = app.run()
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "SyntaxError" and "def greet(:" in exc["traceback"]
    _write(folder / f"{mod}.py", 'def greet():\n    return "mended"\n')
    run = app.run()
    assert run.status == "complete" and app.has_text("mended") and not run.of_kind("exception")
    assert not any(el.get("kind") == "exception" for el in app.page.values())


def test_a_deleted_module_fails_the_import_where_the_viewer_sees_it(make_app: Any, folder: Path) -> None:
    mod = _module(folder, 'def greet():\n    return "here"\n')
    app = _app(make_app, folder, APP.format(mod=mod))
    app.run()
    (folder / f"{mod}.py").unlink()
    run = app.run()
    assert run.status == "error" and run.of_kind("exception")[0]["ename"] == "ModuleNotFoundError"


def test_the_files_to_watch_travel_once_per_change(make_app: Any, folder: Path) -> None:
    mod = _module(folder, 'def greet():\n    return "w"\n')
    app = _app(make_app, folder, APP.format(mod=mod))
    first = app.run()
    (watch,) = [m for m in first.messages if m["type"] == protocol.WATCH]
    assert watch["files"] == [os.path.realpath(folder / f"{mod}.py")]
    # the frame comes before run_finished, so the server watches before the next event
    types = [m["type"] for m in first.messages]
    assert types.index(protocol.WATCH) < types.index(protocol.RUN_FINISHED)
    assert not [m for m in app.run().messages if m["type"] == protocol.WATCH]


def test_a_fragment_run_after_an_edit_is_a_full_run(make_app: Any, folder: Path) -> None:
    source = """
import jupyter_reactive as jr
jr.session_state.setdefault("full", 0)
jr.session_state.full += 1
jr.write(f"full runs: {jr.session_state.full}")

@jr.fragment
def part():
    n = jr.slider("n", 0, 10, 1)
    jr.write(f"{WORD} {n}")

part()
"""
    app = _app(make_app, folder, "WORD = 'old'\n" + source)
    app.run()
    slider = app.widget("n")["id"]
    run = app.send({slider: 2})
    assert any(m.get("fragments") for m in run.messages if m["type"] == protocol.RUN_STARTED)
    assert app.has_text("full runs: 1") and app.has_text("old 2")
    app.runner.set_source("WORD = 'new'\n" + source)
    run = app.send({slider: 3})
    (started,) = [m for m in run.messages if m["type"] == protocol.RUN_STARTED]
    assert "fragments" not in started
    assert app.has_text("full runs: 2") and app.has_text("new 3")
    # and after that full run, fragment runs are fragment runs again
    run = app.send({slider: 4})
    assert any(m.get("fragments") for m in run.messages if m["type"] == protocol.RUN_STARTED)


def test_a_fragment_run_after_a_module_edit_is_a_full_run(make_app: Any, folder: Path) -> None:
    mod = _module(folder, 'def greet():\n    return "m1"\n')
    source = f"""
import jupyter_reactive as jr
import {mod}

@jr.fragment
def part():
    n = jr.slider("n", 0, 10, 1)
    jr.write(f"{{{mod}.greet()}} {{n}}")

part()
"""
    app = _app(make_app, folder, source)
    app.run()
    _write(folder / f"{mod}.py", 'def greet():\n    return "m2"\n')
    run = app.send({app.widget("n")["id"]: 5})
    (started,) = [m for m in run.messages if m["type"] == protocol.RUN_STARTED]
    assert "fragments" not in started and app.has_text("m2 5")


def test_an_unreadable_source_is_the_apps_error_until_it_is_readable(make_app: Any) -> None:
    app = make_app('import jupyter_reactive as jr\njr.text("v1")\n')
    app.run()
    app.runner.set_source("", "app.py was deleted or renamed; restore it and rerun")
    run = app.run()
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "SourceError" and "app.py was deleted or renamed" in exc["evalue"]
    assert "runner.py" not in exc["traceback"]
    assert exc["traceback"] == ""  # no "jupyter_reactive.kernel.runner.SourceError: ..." repeat
    app.runner.set_source('import jupyter_reactive as jr\njr.text("v2")\n')
    assert app.run().status == "complete" and app.page == {(0, 0): {"kind": "text", "text": "v2"}}


def test_a_syntax_error_quotes_the_current_text_and_its_fix_clears_it(make_app: Any) -> None:
    app = make_app('import jupyter_reactive as jr\njr.text("ok")\n')
    app.run()
    app.runner.set_source('import jupyter_reactive as jr\njr.text("first" +)\n')
    (exc,) = app.run().of_kind("exception")
    assert 'jr.text("first" +)' in exc["traceback"]
    app.runner.set_source('import jupyter_reactive as jr\n\njr.text("second" *)\n')
    (exc,) = app.run().of_kind("exception")
    assert 'jr.text("second" *)' in exc["traceback"] and "first" not in exc["traceback"]
    assert "line 3" in exc["traceback"]
    app.runner.set_source('import jupyter_reactive as jr\njr.text("fixed")\n')
    assert app.run().status == "complete" and app.page == {(0, 0): {"kind": "text", "text": "fixed"}}


def test_a_runtime_error_quotes_the_line_that_ran(make_app: Any) -> None:
    app = make_app("x = 1\n")
    app.run()
    app.runner.set_source("y = 2\nraise ValueError('boom')\n")
    (exc,) = app.run().of_kind("exception")
    assert "raise ValueError('boom')" in exc["traceback"]
