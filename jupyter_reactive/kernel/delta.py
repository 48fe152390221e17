"""Element paths, containers and the per-run delta writer; every element call is a yield point.

Thread: everything here runs on the script thread (the kernel's main thread).

A page is a tree. The roots are the main column (``[0]``) and the sidebar (``[1]``); a container
element (``block``) holds children at ``path + [i]``. During a run each container has a cursor:
the n-th element written into it lands at index n. The writer remembers what the browser shows
(``_shown``: path -> element JSON) and sends an element only when its JSON differs, so a rerun
that changes one number sends one small delta. When a run completes, containers that now hold
fewer children than the browser shows are trimmed (``run_finished.trims``).
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import protocol

if TYPE_CHECKING:
    from .media import MediaBlob
    from .outbox import Outbox
    from .requests import ScriptRequests
    from .state import SessionState

Path = tuple[int, ...]


def dumps(el: dict[str, Any]) -> str:
    """Element JSON, encoded once: compact, no NaN (invalid for the browser's JSON.parse)."""
    return json.dumps(el, separators=(",", ":"), allow_nan=False, default=str)


class Writer:
    """Knows what the browser shows and sends the difference. One per session."""

    def __init__(self, outbox: Outbox):
        self.outbox = outbox
        self._shown: dict[Path, str] = {}
        self._counts: dict[Path, int] = {}  # containers written this run -> children count

    def begin_run(self) -> None:
        self._counts = {(protocol.MAIN,): 0, (protocol.SIDEBAR,): 0}

    def write(self, path: Path, el: dict[str, Any], media: Sequence[MediaBlob] = ()) -> None:
        """Send the element if the page does not show exactly it already; its media bytes go
        first, and only then (an unchanged image is not sent again)."""
        encoded = dumps(el)
        if el.get("kind") == "block":
            self._counts[path] = 0
        old = self._shown.get(path)
        if old != encoded:
            if old is not None:
                # the page rebuilds a replaced element: whatever was below it is sent again
                self._forget_below(path)
            self._shown[path] = encoded
            for blob in media:
                self.outbox.media(blob.header(), blob.data)
            self.outbox.delta(path, encoded, [b.sha for b in media])

    def clear_slot(self, container: Path) -> None:
        """Empty a single-slot container now (``placeholder.empty()``, a finished spinner)."""
        self._counts[container] = 0
        if any(p[: len(container)] == container and len(p) > len(container) for p in self._shown):
            self._forget_below(container)
            self.outbox.message({"type": protocol.TRIM, "trims": [{"path": list(container), "len": 0}]})

    def note_child(self, container: Path, count: int) -> None:
        self._counts[container] = max(self._counts.get(container, 0), count)

    def finish_run(self) -> list[dict[str, Any]]:
        """After a complete run: the trims that make the browser match this run exactly."""
        trims = []
        for container, count in sorted(self._counts.items()):
            depth = len(container)
            stale = [p for p in self._shown if len(p) > depth and p[:depth] == container and p[depth] >= count]
            if stale:
                for p in stale:
                    del self._shown[p]
                trims.append({"path": list(container), "len": count})
        return trims

    def _forget_below(self, path: Path) -> None:
        depth = len(path)
        for p in [p for p in self._shown if len(p) > depth and p[:depth] == path]:
            del self._shown[p]


class RunContext:
    """Everything an element call needs during one session: the writer, the requests to check
    at yield points, the session state, and the stack of ``with`` containers."""

    def __init__(self, writer: Writer, requests: ScriptRequests, state: SessionState):
        self.writer = writer
        self.requests = requests
        self.state = state
        self.stack: list[Any] = []
        self.roots: dict[int, Any] = {}
        self.run = 0
        self.inline_threshold = 8192  # media up to this many bytes go inline as data: URIs

    def current(self) -> Any:
        return self.stack[-1] if self.stack else self.roots[protocol.MAIN]


_context: contextvars.ContextVar[RunContext | None] = contextvars.ContextVar("jupyter_reactive_run", default=None)


def get_context() -> RunContext | None:
    """The running session's context, or None outside an app (plain ``python app.py``)."""
    return _context.get()


def set_context(ctx: RunContext | None) -> contextvars.Token:
    return _context.set(ctx)


def reset_context(token: contextvars.Token) -> None:
    _context.reset(token)


class BaseContainer:
    """A place elements are written to; the scripting API's methods live on its subclasses
    (see :mod:`.api`). ``single_slot`` containers (``jr.empty()``) hold one element that each
    write replaces."""

    def __init__(self, ctx: RunContext | None, path: Path, form_id: str | None = None, single_slot: bool = False):
        self._ctx = ctx
        self._path = path
        self._cursor = 0
        self._form_id = form_id
        self._single = single_slot

    # -- element plumbing used by the API mixins --------------------------------------------

    def _yield_point(self) -> None:
        if self._ctx is not None:
            self._ctx.requests.check()

    def _next_path(self) -> Path:
        if self._single:
            return self._path + (0,)
        path = self._path + (self._cursor,)
        self._cursor += 1
        return path

    def _emit(self, el: dict[str, Any], check: bool = True, media: Sequence[MediaBlob] = ()) -> Path:
        """Write one element at the next position; a yield point unless ``check`` is False
        (the runner's own error element). ``media``: blobs the element refers to. Returns its path."""
        if check:
            self._yield_point()
        path = self._next_path()
        if self._ctx is not None:
            self._ctx.writer.write(path, el, media)
            self._ctx.writer.note_child(self._path, path[-1] + 1)
        return path

    def _rewrite(self, path: Path, el: dict[str, Any]) -> None:
        """Update an element already placed (progress bars, placeholders)."""
        self._yield_point()
        if self._ctx is not None:
            self._ctx.writer.write(path, el)

    def _child(self, path: Path, form_id: str | None = None, single_slot: bool = False) -> BaseContainer:
        return type(self)(self._ctx, path, form_id if form_id is not None else self._form_id, single_slot)

    # -- `with container:` ------------------------------------------------------------------

    def __enter__(self) -> BaseContainer:
        if self._ctx is not None:
            self._ctx.stack.append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._ctx is not None and self._ctx.stack and self._ctx.stack[-1] is self:
            self._ctx.stack.pop()
