"""The kernel's outgoing queue: element deltas coalesced by path, batched into few comm messages.

Threads: the script thread calls :meth:`Outbox.delta` / :meth:`Outbox.message`; a daemon flusher
thread sends what is queued ``batch_interval`` seconds after the first item arrives, so a long
run streams its output while a short run (the common case after a widget change) leaves as one
message when it finishes (:meth:`flush` is called at run end). One lock guards the queue; sends
are serialised by a second lock so frames never reorder.

Wire shape: every item becomes part of a binary frame made by :func:`protocol.encode_frame`-
compatible code; consecutive deltas share one ``deltas`` frame whose JSON is assembled from the
element JSON already encoded once by the delta writer (no re-encoding).
"""

from __future__ import annotations

import json
import struct
import threading
from collections.abc import Callable, Sequence
from typing import Any

from .. import protocol

_U32 = struct.Struct(">I")

Send = Callable[[list[bytes]], None]


def _frame_from_json(head: str) -> bytes:
    data = head.encode()
    return _U32.pack(len(data)) + data


class Outbox:
    """Coalesces deltas by element path until the next flush (a progress bar updated a hundred
    times between flushes sends its last value only)."""

    def __init__(self, send: Send, batch_interval: float = 0.015):
        self._send = send
        self._interval = batch_interval
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        # ["delta", path_json, el_json, media_refs_json] | ["msg", header] | ["media", header, payload]
        self._items: list[list[Any]] = []
        self._pending: dict[str, int] = {}  # path_json -> index in _items since the last message
        self._run = 0
        self._wake = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._flusher, name="jupyter-reactive-outbox", daemon=True)
        self._thread.start()

    def set_run(self, run: int) -> None:
        self._run = run

    def delta(self, path: Sequence[int], el_json: str, media: Sequence[str] = ()) -> None:
        """Queue an element; ``media`` lists the content hashes it refers to (the server keeps
        those media alive while the element is shown)."""
        key = json.dumps(list(path), separators=(",", ":"))
        refs = f',"media":{json.dumps(list(media))}' if media else ""
        with self._lock:
            index = self._pending.get(key)
            if index is None:
                self._pending[key] = len(self._items)
                self._items.append(["delta", key, el_json, refs])
            else:
                self._items[index][2:4] = [el_json, refs]
                # the page rebuilds a replaced element: deltas queued below the old one are stale
                # (they would land after the new element and resurrect what it replaced)
                below = key[:-1] + ","
                for stale in [k for k in self._pending if k.startswith(below)]:
                    self._items[self._pending.pop(stale)][0] = "dropped"
        self._wake.set()

    def pending(self, path: Sequence[int]) -> bool:
        """Is a delta for ``path`` queued and still open to be replaced (nothing sent since)?"""
        key = json.dumps(list(path), separators=(",", ":"))
        with self._lock:
            return key in self._pending

    def add_rows(self, path: Sequence[int], datasets: dict[str, Any]) -> None:
        """Rows appended to a chart: joined to the ``add_rows`` message queued last when it is for
        the same chart (a loop adding rows faster than the flushes sends one message per flush)."""
        with self._lock:
            last = self._items[-1] if self._items else None
            head = last[1] if last is not None and last[0] == "msg" else None
            if (
                head is not None
                and head.get("type") == protocol.ADD_ROWS
                and head["path"] == list(path)
                and all(
                    n not in head["datasets"] or head["datasets"][n]["columns"] == d["columns"]
                    for n, d in datasets.items()
                )
            ):
                for name, d in datasets.items():
                    old = head["datasets"].get(name)
                    head["datasets"][name] = (
                        d
                        if old is None
                        else {
                            "columns": old["columns"],
                            "values": [a + b for a, b in zip(old["values"], d["values"], strict=True)],
                        }
                    )
            else:
                self._items.append(["msg", {"type": protocol.ADD_ROWS, "path": list(path), "datasets": dict(datasets)}])
                self._pending = {}
        self._wake.set()

    def media(self, header: dict[str, Any], payload: bytes) -> None:
        """Media bytes, sent as a frame payload before the element that refers to them."""
        with self._lock:
            self._items.append(["media", header, payload])
            self._pending = {}
        self._wake.set()

    def frame(self, header: dict[str, Any], payload: bytes) -> None:
        """A frame with a binary payload for the server (a ``state`` frame), in order with the
        rest of the queue."""
        self.media(header, payload)

    def stream(self, name: str, text: str) -> None:
        """Text the app wrote to stdout/stderr (``name``), in order with the elements around it;
        joined to the ``stream`` message queued last when it is the same stream's (a loop of
        prints leaves as one message per flush)."""
        with self._lock:
            last = self._items[-1] if self._items else None
            head = last[1] if last is not None and last[0] == "msg" else None
            if head is not None and head.get("type") == protocol.STREAM and head["name"] == name:
                head["text"] += text
            else:
                self._items.append(["msg", {"type": protocol.STREAM, "name": name, "text": text}])
                self._pending = {}  # an element drawn after the print is not moved before it
        self._wake.set()

    def message(self, header: dict[str, Any]) -> None:
        with self._lock:
            self._items.append(["msg", header])
            # deltas after a message must not be folded into ones before it
            self._pending = {}
        self._wake.set()

    def notice(self, level: str, message: str) -> None:
        """A banner/toast for the page (``notice``: ``info``, ``warning`` or ``error``), sent now."""
        self.message(protocol.notice_header(level, message))
        self.flush()

    def flush(self) -> None:
        """Any thread: send everything queued now, as one comm message."""
        with self._send_lock:
            with self._lock:
                items = self._items
                self._items, self._pending = [], {}
            frames = self._frames(items)
            if frames:
                self._send(frames)

    def send_now(self, header: dict[str, Any], payload: bytes = b"") -> None:
        """Any thread: one frame of its own, now, outside the queue (a ``data_page`` answering
        the page while a run streams its deltas; the page matches it to its request; a
        ``cache`` request to the server)."""
        frame = protocol.encode_frame(header, payload)
        with self._send_lock:
            self._send([frame])

    def close(self) -> None:
        self._closed = True
        self._wake.set()

    def _frames(self, items: list[list[Any]]) -> list[bytes]:
        frames: list[bytes] = []
        group: list[str] = []
        for item in items:
            if item[0] == "dropped":
                continue
            if item[0] == "delta":
                group.append(f'{{"path":{item[1]},"el":{item[2]}{item[3]}}}')
                continue
            if group:
                frames.append(self._deltas_frame(group))
                group = []
            frames.append(protocol.encode_frame(item[1], item[2] if item[0] == "media" else b""))
        if group:
            frames.append(self._deltas_frame(group))
        return frames

    def _deltas_frame(self, group: list[str]) -> bytes:
        return _frame_from_json(f'{{"type":"{protocol.DELTAS}","run":{self._run},"items":[{",".join(group)}]}}')

    def _flusher(self) -> None:
        while not self._closed:
            self._wake.wait()
            if self._closed:
                break
            # let a burst accumulate; a run that ends first flushes on its own
            threading.Event().wait(self._interval)
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # a dead iopub must not kill the flusher
                pass
