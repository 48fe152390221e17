"""FileWatcher: one entry per file however many sessions watch it, changes reported once they
settle (a burst of saves is one report), deletions and replacements seen, the poll running only
while something is watched. Polls are driven by hand: no sleeps."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from jupyter_reactive.server.watch import FileWatcher


def _touch(path: Path, text: str) -> None:
    st = path.stat() if path.exists() else None
    path.write_text(text)
    if st is not None:  # two writes within the clock's granularity still differ
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


class Recorder:
    def __init__(self) -> None:
        self.calls: list[list[Path]] = []

    def __call__(self, paths: list[Path]) -> None:
        self.calls.append(sorted(paths))


async def test_a_change_is_reported_once_it_settles(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text("a = 1\n")
    watcher, seen = FileWatcher(interval=0), Recorder()
    watcher.watch(app, seen)
    watcher.poll()
    assert seen.calls == []
    _touch(app, "a = 2\n")
    watcher.poll()  # changed: wait for it to stay put
    assert seen.calls == []
    _touch(app, "a = 3\n")  # saved again quickly
    watcher.poll()
    assert seen.calls == []
    watcher.poll()  # unchanged since the last look: one report for both saves
    assert seen.calls == [[app]]
    watcher.poll()
    assert seen.calls == [[app]]


async def test_one_entry_per_file_shared_by_its_subscribers(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text("x")
    watcher, one, two = FileWatcher(interval=0), Recorder(), Recorder()
    watcher.watch(app, one)
    watcher.watch(app, two)
    assert watcher.watched() == [app]
    _touch(app, "y")
    watcher.poll()
    watcher.poll()
    assert one.calls == two.calls == [[app]]
    watcher.unwatch(app, one)
    _touch(app, "z")
    watcher.poll()
    watcher.poll()
    assert one.calls == [[app]] and two.calls == [[app], [app]]
    watcher.unwatch(app, two)
    assert watcher.watched() == []
    watcher.unwatch(app, two)  # unknown pair: a no-op


async def test_deleted_replaced_by_a_folder_and_atomic_saves_are_changes(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text("x")
    watcher, seen = FileWatcher(interval=0), Recorder()
    watcher.watch(app, seen)
    app.unlink()
    watcher.poll()
    watcher.poll()
    assert seen.calls == [[app]]
    app.mkdir()
    watcher.poll()
    watcher.poll()
    assert len(seen.calls) == 2
    app.rmdir()
    tmp = tmp_path / "app.py.tmp"
    tmp.write_text("x")  # same size as before, maybe the same mtime: the inode differs
    os.replace(tmp, app)
    watcher.poll()
    watcher.poll()
    assert len(seen.calls) == 3


async def test_a_missing_file_can_be_watched_and_appears(tmp_path: Path) -> None:
    page = tmp_path / "later.py"
    watcher, seen = FileWatcher(interval=0), Recorder()
    watcher.watch(page, seen)
    page.write_text("now here")
    watcher.poll()
    watcher.poll()
    assert seen.calls == [[page]]


async def test_a_failing_callback_does_not_stop_the_others(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text("x")
    watcher, seen = FileWatcher(interval=0), Recorder()

    def broken(paths: list[Path]) -> None:
        raise RuntimeError("subscriber bug")

    watcher.watch(app, broken)
    watcher.watch(app, seen)
    _touch(app, "y")
    watcher.poll()
    watcher.poll()
    assert seen.calls == [[app]]


async def test_the_poll_runs_only_while_something_is_watched(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text("x")
    watcher, seen = FileWatcher(interval=0.01), Recorder()
    reported = asyncio.Event()
    assert watcher._task is None
    watcher.watch(app, seen)
    watcher.watch(app, lambda paths: reported.set())
    task = watcher._task
    assert task is not None and not task.done()
    _touch(app, "y")
    await asyncio.wait_for(reported.wait(), 10)
    assert seen.calls == [[app]]
    watcher.close()
    assert watcher._task is None and watcher.watched() == []
    watcher.watch(app, seen)
    assert watcher._task is not None
    watcher.unwatch(app, seen)
    assert watcher._task is None
    await asyncio.sleep(0)
    assert task.cancelled() or task.done()
