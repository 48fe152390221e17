"""FileWatcher: tells app sessions that a served file changed on disk (server loop).

What is watched is small: each app's script and the module files its kernels imported from the
app's folder (they report them in ``watch`` frames) — a handful of files per app, each watched
once however many sessions show it. So this is a stat poll on the server's event loop, one
``os.stat`` per file every ``interval`` seconds, running only while some file is watched, rather
than an OS notification library: it needs no thread and no dependency, it sees changes on the
network and container file systems where inotify is silent, and it follows editors' atomic
saves (a new file renamed over the old one), which a watch on the old inode would miss.

Debounce: a change is reported once the file has stayed the same for one further poll, so an
editor that writes a file in several steps, or a viewer who saves twice in quick succession,
causes one notification (one rerun), never a run of a half-written file.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .scripts import Signature, file_signature

#: called with the files that changed (each watched file at most once per call)
Callback = Callable[[list[Path]], None]


@dataclass
class _Watched:
    signature: Signature
    subscribers: dict[Callback, int] = field(default_factory=dict)  # callback -> subscriptions
    settling: bool = False  # changed at the last poll: reported once a poll sees it unchanged


class FileWatcher:
    """Polls the files sessions subscribe to; one entry per file however many subscribe.
    Server loop only. ``interval`` <= 0 turns polling off (:meth:`check` still works)."""

    def __init__(self, interval: float = 0.3, log: Any = None):
        self.interval = interval
        self.log = log or logging.getLogger("jupyter_reactive")
        self._files: dict[Path, _Watched] = {}
        self._task: asyncio.Task[None] | None = None

    def watch(self, path: Path, callback: Callback) -> None:
        """Call ``callback`` when ``path`` changes. Subscribing twice needs two unwatches. The
        first subscription starts the poll."""
        entry = self._files.get(path)
        if entry is None:
            entry = self._files[path] = _Watched(file_signature(path))
        entry.subscribers[callback] = entry.subscribers.get(callback, 0) + 1
        if self._task is None and self.interval > 0:
            self._task = asyncio.ensure_future(self._poll_forever())

    def unwatch(self, path: Path, callback: Callback) -> None:
        """Undo one :meth:`watch` (unknown pairs are a no-op); the last one stops the poll."""
        entry = self._files.get(path)
        if entry is None or callback not in entry.subscribers:
            return
        entry.subscribers[callback] -= 1
        if entry.subscribers[callback] <= 0:
            del entry.subscribers[callback]
        if not entry.subscribers:
            del self._files[path]
        if not self._files and self._task is not None:
            self._task.cancel()
            self._task = None

    def watched(self) -> list[Path]:
        return list(self._files)

    def close(self) -> None:
        self._files.clear()
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def poll(self) -> None:
        """One pass over every watched file: report those that changed and then stayed put."""
        ready: dict[Callback, list[Path]] = {}
        for path, entry in list(self._files.items()):
            now = file_signature(path)
            if now != entry.signature:
                entry.signature = now
                entry.settling = True
            elif entry.settling:
                entry.settling = False
                for callback in entry.subscribers:
                    ready.setdefault(callback, []).append(path)
        for callback, paths in ready.items():
            try:
                callback(paths)
            except Exception:
                self.log.exception("jupyter_reactive: a file-change callback failed")

    async def _poll_forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            self.poll()
