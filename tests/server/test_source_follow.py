"""Edit and rerun, end to end (a real server, real kernels, a real WebSocket): every run runs the
files as they are on disk, the page is told when they change, "Always rerun" and
``run_on_save`` rerun by themselves with widget values kept, and broken files are the app's error
until they are fixed, without touching other sessions."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.timeout(120)

APP = """
import jupyter_reactive as jr
import helper_mod
n = jr.slider("n", 0, 10, 1)
jr.write(f"{VERSION}: n={n} {helper_mod.WORD}")
"""


@pytest.fixture
def jr_config(request: Any) -> dict[str, Any]:
    return {"ReactiveApp": {"pool_size": 0, "watch_interval": 0.05, **getattr(request, "param", {})}}


def save(path: Path, text: str | bytes) -> None:
    """Write as an editor would, with the mtime moved on (two saves within the file system's
    clock granularity must still differ)."""
    st = path.stat() if path.exists() and path.is_file() else None
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    if st is not None:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


@pytest.fixture
def app_files(jp_root_dir: Path) -> Path:
    save(jp_root_dir / "helper_mod.py", "WORD = 'alpha'\n")
    save(jp_root_dir / "edited.py", "VERSION = 'v1'\n" + APP)
    return jp_root_dir


async def _started(jr_connect: Any, name: str = "edited.py") -> Any:
    app = await jr_connect(name)
    await app.hello()
    assert (await app.run())["status"] == "complete"
    return app


def _errors(app: Any) -> list[dict[str, Any]]:
    return [el for el in app.page.values() if el["kind"] == "exception"]


async def test_rerun_runs_the_file_as_it_is_now(jr_connect, app_files):
    app = await _started(jr_connect)
    assert app.has_text("v1: n=1 alpha")
    save(app_files / "edited.py", "VERSION = 'v2'\n" + APP)
    await app.send({"type": "rerun"})
    await app.run()
    assert app.has_text("v2: n=1 alpha")


async def test_a_widget_change_runs_the_file_as_it_is_now(jr_connect, app_files):
    app = await _started(jr_connect)
    save(app_files / "edited.py", "VERSION = 'v3'\n" + APP)
    await app.set("n", 4)
    await app.run()
    assert app.has_text("v3: n=4 alpha")


async def test_the_page_is_told_the_source_changed_and_rerun_shows_it(jr_connect, app_files):
    app = await _started(jr_connect)
    save(app_files / "edited.py", "VERSION = 'v4'\n" + APP)
    changed = await app.expect("source_changed")
    assert changed["files"] == ["edited.py"]
    assert app.has_text("v1: n=1 alpha")  # nothing reran by itself
    await app.send({"type": "rerun"})
    await app.run()
    assert app.has_text("v4: n=1 alpha")


async def test_an_edited_helper_module_is_announced_and_reloaded(jr_connect, app_files):
    app = await _started(jr_connect)
    save(app_files / "helper_mod.py", "WORD = 'beta'\n")
    changed = await app.expect("source_changed")
    assert changed["files"] == ["helper_mod.py"]
    await app.send({"type": "rerun"})
    await app.run()
    assert app.has_text("v1: n=1 beta")


async def test_always_rerun_reruns_by_itself_with_widget_values_kept(jr_connect, jr_sessions, app_files):
    app = await _started(jr_connect)
    await app.set("n", 6)
    await app.run()
    await app.send({"type": "run_on_save", "enabled": True})
    save(app_files / "edited.py", "VERSION = 'auto'\n" + APP)
    await app.run()
    assert app.has_text("auto: n=6 alpha")
    assert not [m for m in app.log if m["type"] == "source_changed"]
    save(app_files / "helper_mod.py", "WORD = 'gamma'\n")
    await app.run()
    assert app.has_text("auto: n=6 gamma")
    # per session: another tab of the same app is only told
    other = await _started(jr_connect)
    save(app_files / "edited.py", "VERSION = 'again'\n" + APP)
    await app.run()
    await other.expect("source_changed")
    assert app.has_text("again: n=6 gamma") and other.has_text("auto: n=1 gamma")
    # off again: told, not rerun
    await app.send({"type": "run_on_save", "enabled": False})
    session = jr_sessions.get(app.session["session_id"])
    await _until(lambda: not session.run_on_save)
    save(app_files / "edited.py", "VERSION = 'off'\n" + APP)
    await app.expect("source_changed")
    assert app.has_text("again: n=6 gamma")


async def _until(predicate: Any) -> None:
    from tests.conftest import wait_for

    await wait_for(predicate)


@pytest.mark.parametrize("jr_config", [{"run_on_save": True}], indirect=True)
async def test_run_on_save_reruns_every_open_session(jr_connect, app_files):
    one, two = await _started(jr_connect), await _started(jr_connect)
    await one.set("n", 2)
    await one.run()
    await two.set("n", 9)
    await two.run()
    save(app_files / "edited.py", "VERSION = 'saved'\n" + APP)
    await one.run()
    await two.run()
    assert one.has_text("saved: n=2 alpha") and two.has_text("saved: n=9 alpha")


async def test_a_syntax_error_quotes_the_current_text_and_its_fix_clears_it(jr_connect, app_files):
    app = await _started(jr_connect)
    save(app_files / "edited.py", "VERSION = 'v5'\n" + APP + "jr.write('broken' +)\n")
    await app.send({"type": "rerun"})
    assert (await app.run())["status"] == "error"
    (error,) = _errors(app)
    assert error["ename"] == "SyntaxError" and "jr.write('broken' +)" in error["traceback"]
    save(app_files / "edited.py", "VERSION = 'v5'\n" + APP + "jr.write('still broken' *)\n")
    await app.send({"type": "rerun"})
    await app.run()
    (error,) = _errors(app)
    assert "still broken" in error["traceback"] and "'broken' +" not in error["traceback"]
    save(app_files / "edited.py", "VERSION = 'v6'\n" + APP)
    await app.send({"type": "rerun"})
    assert (await app.run())["status"] == "complete"
    assert not _errors(app) and app.has_text("v6: n=1 alpha")


async def test_a_module_that_fails_to_reload_is_the_apps_error_until_fixed(jr_connect, app_files):
    app = await _started(jr_connect)
    save(app_files / "helper_mod.py", "WORD = \n")
    await app.send({"type": "rerun"})
    assert (await app.run())["status"] == "error"
    (error,) = _errors(app)
    assert error["ename"] == "SyntaxError" and "helper_mod.py" in error["traceback"]
    save(app_files / "helper_mod.py", "WORD = 'delta'\n")
    await app.send({"type": "rerun"})
    await app.run()
    assert not _errors(app) and app.has_text("v1: n=1 delta")


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda p: p.unlink(), "edited.py was deleted or renamed"),
        (lambda p: (p.unlink(), p.mkdir()), "edited.py is a folder now"),
        (lambda p: save(p, b"VERSION = '\xff'\n"), "edited.py is not UTF-8 text"),
    ],
)
async def test_a_broken_app_file_is_a_clear_error_and_other_sessions_are_untouched(jr_connect, app_files, damage, says):
    app = await _started(jr_connect)
    bystander = await _started(jr_connect, "counter.py")
    damage(app_files / "edited.py")
    await app.send({"type": "rerun"})
    assert (await app.run())["status"] == "error"
    (error,) = _errors(app)
    assert error["ename"] == "SourceError" and error["evalue"].startswith(says)
    assert str(app_files) not in json.dumps(error)
    # the server and the other session go on
    await bystander.set("n", 33)
    await bystander.run()
    assert bystander.has_text("value: 33")
    # restored: the next run clears the error
    target = app_files / "edited.py"
    if target.is_dir():
        target.rmdir()
    save(target, "VERSION = 'back'\n" + APP)
    await app.send({"type": "rerun"})
    assert (await app.run())["status"] == "complete"
    assert not _errors(app) and app.has_text("back: n=1 alpha")


async def test_a_notebook_app_follows_its_file(jr_connect, jp_root_dir):
    def notebook(text: str) -> str:
        cell = {"cell_type": "code", "source": text, "metadata": {}, "outputs": [], "execution_count": None}
        return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})

    save(jp_root_dir / "nb_edit.ipynb", notebook("import jupyter_reactive as jr\njr.text('cell one')"))
    app = await _started(jr_connect, "nb_edit.ipynb")
    assert app.has_text("cell one")
    save(jp_root_dir / "nb_edit.ipynb", '{"cells": [')  # caught half-written
    await app.send({"type": "rerun"})
    await app.run()
    (error,) = _errors(app)
    assert "nb_edit.ipynb is not a valid notebook" in error["evalue"]
    save(jp_root_dir / "nb_edit.ipynb", notebook("import jupyter_reactive as jr\njr.text('cell two')"))
    await app.send({"type": "rerun"})
    await app.run()
    assert app.has_text("cell two") and not _errors(app)


@pytest.mark.parametrize(
    "garbage",
    [
        {"type": "run_on_save"},
        {"type": "run_on_save", "enabled": "yes"},
        {"type": "run_on_save", "enabled": 1},
        {"type": "run_on_save", "enabled": None},
        {"type": "run_on_save", "enabled": True, "extra": 1},
    ],
)
async def test_garbage_run_on_save_is_refused_and_the_session_goes_on(jr_connect, jr_sessions, app_files, garbage):
    app = await _started(jr_connect)
    await app.send(garbage)
    refused = await app.expect("error")
    assert refused["error"] == "bad_message"
    assert jr_sessions.get(app.session["session_id"]).run_on_save is False
    await app.set("n", 3)
    await app.run()
    assert app.has_text("v1: n=3 alpha")


async def test_watching_stops_with_the_last_session(jr_connect, jr_sessions, app_files):
    one, two = await _started(jr_connect), await _started(jr_connect)
    watcher = jr_sessions.watcher
    assert (app_files / "edited.py").resolve() in watcher.watched()
    await _until(lambda: (app_files / "helper_mod.py").resolve() in watcher.watched())
    for app in (one, two):
        await jr_sessions.close(jr_sessions.get(app.session["session_id"]))
    assert watcher.watched() == [] and watcher._task is None


async def test_a_resumed_tab_gets_the_prompt_it_missed_and_its_always_rerun(jr_connect, jr_sessions, app_files):
    app = await _started(jr_connect)
    await app.send({"type": "run_on_save", "enabled": False})
    session = jr_sessions.get(app.session["session_id"])
    app.close()
    await _until(lambda: not session.attached)
    save(app_files / "edited.py", "VERSION = 'while away'\n" + APP)
    await _until(lambda: session._changed == ["edited.py"])
    back = await jr_connect("edited.py")
    await back.hello(session_id=app.session["session_id"], resume_token=app.session["resume_token"])
    await back.expect("snapshot")
    changed = await back.expect("source_changed")
    assert changed["files"] == ["edited.py"]
    # Always rerun set before a reconnect still holds after it
    await back.send({"type": "run_on_save", "enabled": True})
    await _until(lambda: session.run_on_save)
    back.close()
    await _until(lambda: not session.attached)
    again = await jr_connect("edited.py")
    await again.hello(session_id=app.session["session_id"], resume_token=app.session["resume_token"])
    await again.expect("snapshot")
    save(app_files / "edited.py", "VERSION = 'by itself'\n" + APP)
    await again.run()
    assert again.has_text("by itself: n=1 alpha")


@pytest.mark.parametrize(
    "files",
    [
        None,
        "not a list",
        {"a": 1},
        [1, None, ["x"], {"f": "g"}],
        ["relative/path.py", "", "bad\x00name.py"],
        ["/etc/passwd", "/"],
        ["/" + "x" * 5000],
        ["/tmp/" + "a/" * 300 + "loop.py"] * 1000,
    ],
)
async def test_a_garbage_watch_frame_changes_nothing_outside_the_app_folder(jr_connect, jr_sessions, app_files, files):
    app = await _started(jr_connect)
    session = jr_sessions.get(app.session["session_id"])
    helper = (app_files / "helper_mod.py").resolve()
    await _until(lambda: helper in session._watched)
    session._kernel_watch({"type": "watch", "files": files})
    assert session._watched <= {(app_files / "edited.py").resolve(), helper}
    assert (app_files / "edited.py").resolve() in session._watched
    await app.set("n", 2)  # the session goes on
    await app.run()
    assert app.has_text("v1: n=2 alpha")


@pytest.mark.parametrize("jr_config", [{"run_on_save": True}], indirect=True)
async def test_two_quick_saves_rerun_once(jr_connect, app_files):
    app = await _started(jr_connect)
    before = len(app.log)
    save(app_files / "edited.py", "VERSION = 'first'\n" + APP)
    save(app_files / "edited.py", "VERSION = 'second'\n" + APP)
    await app.run()
    assert app.has_text("second: n=1 alpha")
    # a later save is one more run: the burst before it was exactly one
    save(app_files / "edited.py", "VERSION = 'third'\n" + APP)
    await app.run()
    assert app.has_text("third: n=1 alpha")
    started = [m for m in app.log[before:] if m["type"] == "run_started"]
    assert len(started) == 2, started
