"""Element paths, containers and the per-run delta writer; every element call is a yield point.

Threads: everything here runs on the script thread (the kernel's main thread), and on the
threads of ``parallel=True`` fragments during a full run (:mod:`.fragments`). The writer's lock
makes each write whole; a worker's write after its run was cut is refused under that lock, so
nothing of a cut run reaches the page after the cut. The run context's ``with`` stack, innermost
fragment and per-call fields are per thread.

A page is a tree. The roots are the main column (``[0]``) and the sidebar (``[1]``); a container
element (``block``) holds children at ``path + [i]``. During a run each container has a cursor:
the n-th element written into it lands at index n. The writer remembers what the browser shows
(``_shown``: path -> element JSON) and sends an element only when its JSON differs, so a rerun
that changes one number sends one small delta. When a run completes, containers that now hold
fewer children than the browser shows are trimmed (``run_finished.trims``).

:class:`BaseContainer` is the typed plumbing every element family (``kernel/elements/``) builds
on: ``_emit`` / ``_rewrite`` write elements, ``_child`` makes a nested container, ``_here`` says
which container a call writes into (itself; the module-level ``jr`` functions and ``jr.sidebar``
resolve it per call, see :mod:`.api`).
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import json
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar, cast

from .. import protocol
from .datapages import FrameRegistry
from .downloads import DeferredDownloads

if TYPE_CHECKING:
    from .container import Container
    from .fragments import Fragment
    from .media import MediaBlob
    from .navigation import Navigation
    from .outbox import Outbox
    from .requests import ScriptRequests
    from .state import SessionState

Path = tuple[int, ...]
S = TypeVar("S", bound="BaseContainer")
P = ParamSpec("P")


def trim_entry(container: Path, length: int) -> dict[str, Any]:
    """One entry of a ``trims`` list: the container at ``container`` keeps its first ``length``
    children (docs/protocol.md)."""
    return {"path": list(container), "len": length}


# one encoder for every element: ``json.dumps`` with options builds a new one per call, and every
# element of every run is encoded (to compare it with what the page shows)
_ENCODER = json.JSONEncoder(separators=(",", ":"), allow_nan=False, default=str)


def dumps(el: dict[str, Any]) -> str:
    """Element JSON, encoded once: compact, no NaN (invalid for the browser's JSON.parse)."""
    return _ENCODER.encode(el)


class _Worker(threading.local):
    """On a parallel fragment's thread: its run's pool (a write after the run was cut is
    refused). None on the script thread."""

    pool: Any = None


WORKER = _Worker()


def _gate() -> None:
    """Under the writer's lock: a parallel fragment whose run was cut writes nothing more."""
    pool = WORKER.pool
    if pool is not None and pool.cancelled:
        pool.refuse()


class Writer:
    """Knows what the browser shows and sends the difference. One per session."""

    def __init__(self, outbox: Outbox):
        self.outbox = outbox
        # one write at a time while parallel fragments' threads live (``threads``: how many)
        self.lock = threading.RLock()
        self.threads = 0
        self._shown: dict[Path, str] = {}
        self._counts: dict[Path, int] = {}  # containers written this run -> children count
        self._refs: dict[Path, list[str]] = {}  # path -> media hashes of the element sent there
        self._grown = 0  # add_rows calls so far (tokens of grown charts)

    def begin_run(self) -> None:
        self._counts = {(protocol.MAIN,): 0, (protocol.SIDEBAR,): 0}

    def begin_fragment_run(self, containers: Sequence[Path]) -> None:
        """A run that redraws only these fragment containers: only their children are trimmed
        at its end (what it writes outside them is appended, and stays until a full run)."""
        self._counts = {path: 0 for path in containers}

    def write(self, path: Path, el: dict[str, Any], media: Sequence[MediaBlob] = ()) -> None:
        """Send the element if the page does not show exactly it already; its media bytes go
        first, and only then (an unchanged image is not sent again)."""
        encoded = dumps(el)
        if not self.threads:  # the script thread alone: no lock to take
            self._write(path, el, encoded, media)
            return
        with self.lock:
            _gate()
            self._write(path, el, encoded, media)

    def _write(self, path: Path, el: dict[str, Any], encoded: str, media: Sequence[MediaBlob]) -> None:
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
            if media:
                self._refs[path] = [b.sha for b in media]
            else:
                self._refs.pop(path, None)

    def write_over(self, path: Path, was: dict[str, Any], el: dict[str, Any], media: Sequence[MediaBlob] = ()) -> None:
        """Send ``el`` where the page's control shows ``was`` although the page was last sent
        ``el`` (a form field the viewer filled, cleared on submit). The page skips an element
        identical to the one it holds, so it gets ``was`` first, in a frame of its own."""
        with self.lock:
            self.write(path, was, media)
            self.outbox.flush()
            self.write(path, el, media)

    def rewrite_block(self, path: Path, el: dict[str, Any]) -> None:
        """Change a container's own fields (a status's label) and keep its children. The page
        drops the children of a replaced block unless they are sent again, so they are re-sent
        as they are (the page leaves an identical element alone); the run's count of children
        written into it stays."""
        encoded = dumps(el)
        with self.lock:
            _gate()
            self._rewrite_block(path, encoded)

    def _rewrite_block(self, path: Path, encoded: str) -> None:
        if self._shown.get(path) in (None, encoded):
            return
        self._shown[path] = encoded
        self.outbox.delta(path, encoded)
        depth = len(path)
        for p in sorted(p for p in self._shown if len(p) > depth and p[:depth] == path):
            self.outbox.delta(p, self._shown[p], self._refs.get(p, ()))

    def add_rows(self, path: Path, shown: str | None, rows: dict[str, Any], el: dict[str, Any]) -> str | None:
        """Rows appended to the datasets of the chart at ``path``: when the page shows what the
        caller last wrote there (``shown``, the token this returned or :meth:`shown`), send only
        the new rows (an ``add_rows`` message; the page and the server's mirror append them);
        otherwise the whole ``el``. Returns the token of what the page now shows."""
        with self.lock:
            _gate()
            return self._add_rows(path, shown, rows, el)

    def _add_rows(self, path: Path, shown: str | None, rows: dict[str, Any], el: dict[str, Any]) -> str | None:
        if shown is None or self._shown.get(path) != shown or self.outbox.pending(path):
            # not the page's element, or its delta not sent yet: (re)write it whole, in that delta
            self.write(path, el)
            return self._shown.get(path)
        # never equal to an element's JSON: the next write at this path is always sent whole,
        # without encoding the grown element on every call
        self._grown += 1
        token = f"\x00grown {self._grown}"
        self._shown[path] = token
        self.outbox.add_rows(path, rows)
        return token

    def shown(self, path: Path) -> str | None:
        """What the page was last sent at ``path`` (a token for :meth:`add_rows`)."""
        return self._shown.get(path)

    def clear_slot(self, container: Path) -> None:
        """Empty a single-slot container now (``placeholder.empty()``, a finished spinner)."""
        with self.lock:
            _gate()
            self._counts[container] = 0
            if any(p[: len(container)] == container and len(p) > len(container) for p in self._shown):
                self._forget_below(container)
                self.outbox.message({"type": protocol.TRIM, "trims": [trim_entry(container, 0)]})

    def note_child(self, container: Path, count: int) -> None:
        if not self.threads:
            self._counts[container] = max(self._counts.get(container, 0), count)
            return
        with self.lock:
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
                trims.append(trim_entry(container, count))
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
        self.stack: list[Container] = []  # the ``with`` containers, innermost last
        self.fragment: Fragment | None = None  # the innermost fragment running now
        self.laid: dict[str, Any] | None = None  # sizing/alt of the element being written (params.laid_out)
        self.persist: Any = None  # persist_state of the widget being drawn (params.persists)
        self.worker = False  # this thread runs a parallel fragment (ThreadedRunContext)
        self.pool: Any = None  # fragments.ParallelPool: the full run's parallel fragments, if any
        self.threads = 0  # parallel fragments' threads alive (while any is: ThreadedRunContext)
        self.roots: dict[int, Container] = {}
        self.run = 0
        self.inline_threshold = 8192  # media up to this many bytes go inline as data: URIs
        self.max_upload_size = 200 * 1024 * 1024  # the server's limit on one upload, in bytes
        self.warned: set[tuple[str, str]] = set()  # (function, parameter) told unsupported already
        self.frames = FrameRegistry()  # the rows behind the page's dataframes (data_request)
        self.downloads = DeferredDownloads()  # download buttons whose file is made on click
        from .fragments import FragmentRegistry

        self.fragments = FragmentRegistry()  # the fragments the page shows, by id
        self.fragment_run = False  # this run reruns fragments only (not the whole script)
        self.fragments_this_run: tuple[str, ...] = ()  # the fragment ids this fragment run was asked for
        # a widget callback runs (before the script): (the fragment its widget belongs to,)
        self.callback: tuple[str | None] | None = None
        self.dialog_opened = False  # a dialog was opened in this run (one per run)
        self.dividers = 0  # headings drawn with divider=True in this run: the next one's colour
        self.dialog_path: Path | None = None  # the dialog opened since the last full run
        self.user: dict[str, Any] = {"is_logged_in": False}  # jr.user: set by the server (kernel/user.py)
        self.nav: Navigation | None = None  # the app's pages and query parameters (navigation.py)
        self.bound_params: dict[str, Any] = {}  # key -> query_params.Binding: widgets bound to the URL
        self.client: dict[str, Any] = {}  # what the tab told about itself: jr.context (context.py)
        self.secrets: Any = None  # secrets.SecretsHolder: what the server gave this session
        self.components: dict[str, str] = {}  # declared component -> build folder the server was told
        self.bottom: tuple[Container, Container] | None = None  # (the run's main root, its jr.bottom)
        self.in_page = False  # a page of a multipage app runs (app_page.Page.run), not the main script
        self.element_keys: tuple[int, set[str]] = (0, set())  # (run, the keys its keyed grids took)

    def current(self) -> Container:
        return self.stack[-1] if self.stack else self.roots[protocol.MAIN]

    def go_threaded(self) -> None:
        """Script thread, before a parallel fragment's thread starts: from now on the per-thread
        fields (:class:`ThreadedRunContext`) are each thread's own; the script thread's keep
        their values."""
        if type(self) is RunContext:
            own = _PerThread()
            own.stack, own.fragment, own.laid, own.persist = self.stack, self.fragment, self.laid, self.persist
            self.__dict__["_own"] = own
            self.__class__ = ThreadedRunContext

    def go_plain(self) -> None:
        """Script thread, after a run: once no parallel fragment's thread lives, the per-thread
        fields are plain attributes again (an element call pays nothing for them)."""
        if type(self) is ThreadedRunContext and not self.threads:
            own = self.__dict__.pop("_own")
            self.__class__ = RunContext  # type: ignore[assignment]  # (narrowed above)
            self.stack, self.fragment, self.laid, self.persist = own.stack, own.fragment, own.laid, own.persist
            self.worker = False

    @property
    def current_fragment_id(self) -> str | None:
        """The id of the fragment (or dialog) running now, None in a full run (Streamlit's name)."""
        return None if self.fragment is None else self.fragment.id


class _PerThread(threading.local):
    """The run context's fields each thread has its own of while parallel fragments run."""

    def __init__(self) -> None:
        self.stack: list[Container] = []
        self.fragment: Fragment | None = None
        self.laid: dict[str, Any] | None = None
        self.persist: Any = None
        self.worker = False


def _per_thread(name: str) -> Any:
    def get(self: ThreadedRunContext) -> Any:
        return getattr(self.__dict__["_own"], name)

    def put(self: ThreadedRunContext, value: Any) -> None:
        setattr(self.__dict__["_own"], name, value)

    return property(get, put)


class ThreadedRunContext(RunContext):
    """A :class:`RunContext` while parallel fragments' threads live (:meth:`RunContext.go_threaded`
    switches an instance to it and back): its ``with`` stack, innermost fragment and per-call
    fields are per thread. (Properties on this class only, so the usual run pays no lookup.)"""

    stack = _per_thread("stack")
    fragment = _per_thread("fragment")
    laid = _per_thread("laid")
    persist = _per_thread("persist")
    worker = _per_thread("worker")


_context: contextvars.ContextVar[RunContext | None] = contextvars.ContextVar("jupyter_reactive_run", default=None)


def get_context() -> RunContext | None:
    """The running session's context, or None outside an app (plain ``python app.py``).

    A thread the script started has none of its own: it gets the run's through
    ``add_script_run_ctx(thread, ctx)`` (runtime/scriptrunner_utils), which this reads only when
    the context variable is unset, so the script thread's lookup stays one ``ContextVar.get``."""
    ctx = _context.get()
    if ctx is None:
        return getattr(threading.current_thread(), THREAD_CTX_ATTR, None)
    return ctx


# the attribute add_script_run_ctx puts the run context on a thread under
THREAD_CTX_ATTR = "_jupyter_reactive_run_ctx"
# the last context set: a drawing call on a thread without one warns while an app runs
_last_set: RunContext | None = None
_warned_threads: set[int] = set()
# the kernel's own threads are named so (downloads, outbox, direct channel ...): they never warn
OWN_THREAD_PREFIX = "jupyter-reactive-"


def set_context(ctx: RunContext | None) -> contextvars.Token:
    global _last_set
    if ctx is not None:
        _last_set = ctx
    return _context.set(ctx)


def warn_missing_context() -> None:
    """Once per thread: a drawing call from a thread the script started without the run's context
    draws nothing, as in Streamlit, which says so ("missing ScriptRunContext")."""
    thread = threading.current_thread()
    if _last_set is None or thread is threading.main_thread() or thread.ident in _warned_threads:
        return
    if thread.name.startswith(OWN_THREAD_PREFIX):  # ours (a deferred download's maker ...), not the script's
        return
    _warned_threads.add(thread.ident or 0)
    warnings.warn(
        f"Thread {thread.name!r}: missing ScriptRunContext; its jupyter_reactive calls draw nothing. "
        "Give it the run's context before starting it: "
        "add_script_run_ctx(thread, get_script_run_ctx()) "
        "(from jupyter_reactive.runtime.scriptrunner).",
        stacklevel=4,
    )


def reset_context(token: contextvars.Token) -> None:
    _context.reset(token)


def returns_handle(fn: Callable[Concatenate[S, P], None]) -> Callable[Concatenate[S, P], Container]:
    """An element function that returns the element's handle, as Streamlit's return their
    DeltaGenerator: ``msg = jr.text("loading"); ...; msg.text("done")`` replaces it in place and
    ``msg.empty()`` clears it. (A call that writes several elements hands back the last.)"""

    @functools.wraps(fn)
    def call(self: S, *args: P.args, **kwargs: P.kwargs) -> Container:
        here = self._here()
        here._last = None
        fn(self, *args, **kwargs)
        return here if here._last is None else here._handle(here._last)

    call.__signature__ = inspect.signature(fn).replace(return_annotation="Container")  # type: ignore[attr-defined]
    return call


class BaseContainer:
    """A place elements are written to; the scripting API's methods live on the element families
    that subclass it (``kernel/elements/``), composed in :class:`~.container.Container`.
    ``single_slot`` containers (``jr.empty()``) hold one element that each write replaces;
    containers made inside a form carry its id (and whether it clears on submit)."""

    def __init__(
        self,
        ctx: RunContext | None,
        path: Path,
        form_id: str | None = None,
        single_slot: bool = False,
        form_clears: bool = False,
        in_place: bool = False,
    ):
        self._ctx = ctx
        self._path = path
        self._cursor = 0
        self._form_id = form_id
        self._single = single_slot
        self._form_clears = form_clears
        self._in_place = in_place  # an element's handle: a write replaces the element at `path`
        self._last: Path | None = None  # where the latest element written into this one went
        self._horizontal = False  # children side by side: each element says its width (params.laid_out)

    def _here(self) -> Container:
        """The container this object's calls write into: itself. (The objects behind the
        module-level functions and ``jr.sidebar`` answer the current run's container instead.)"""
        return cast("Container", self)

    # -- element plumbing used by the element families ----------------------------------------

    def _run_context(self) -> RunContext | None:
        """The session's run context, or None outside an app (draw nothing, return defaults)."""
        return self._here()._ctx

    def _form(self) -> tuple[str | None, bool]:
        """(the id of the form this container is in, or None; whether that form clears on submit)."""
        here = self._here()
        return here._form_id, here._form_clears

    def _yield_point(self) -> None:
        ctx = self._here()._ctx
        if ctx is not None:
            if not ctx.threads:
                ctx.requests.check()
                return
            own = WORKER.pool
            if own is not None:  # on a parallel fragment's thread: its own run's pool decides
                own.worker_yield(ctx)
            elif ctx.pool is None:
                ctx.requests.check()
            else:  # parallel fragments run (fragments.ParallelPool)
                ctx.pool.script_yield(ctx)

    def _next_path(self) -> Path:
        here = self._here()
        if here._in_place:
            return here._path
        if here._single:
            return here._path + (0,)
        path = here._path + (here._cursor,)
        here._cursor += 1
        return path

    def _emit(
        self,
        el: dict[str, Any],
        check: bool = True,
        media: Sequence[MediaBlob] = (),
        was: dict[str, Any] | None = None,
    ) -> Path:
        """Write one element at the next position; a yield point unless ``check`` is False
        (the runner's own error element). ``media``: blobs the element refers to; ``was``: what
        the page shows there instead of what it was last sent (see :meth:`Writer.write_over`).
        Returns its path."""
        here = self._here()
        if check:
            here._yield_point()
        if here._ctx is not None and here._ctx.threads and WORKER.pool is not None:
            WORKER.pool.check_place(here._ctx, here._path)
        path = here._last = here._next_path()
        if here._ctx is not None and here._ctx.laid:
            # the layout parameters of the call writing this element (params.laid_out): its first element
            el = {**el, **here._ctx.laid}
            if was is not None:
                was = {**was, **here._ctx.laid}
            here._ctx.laid = None
        if here._ctx is not None and was is not None:
            here._ctx.writer.write_over(path, was, el, media)
        elif here._ctx is not None:
            here._ctx.writer.write(path, el, media)
            if not here._in_place:  # the parent counted the element when it was first written
                here._ctx.writer.note_child(here._path, path[-1] + 1)
        else:
            warn_missing_context()
        return path

    def _rewrite(self, path: Path, el: dict[str, Any], media: Sequence[MediaBlob] = ()) -> None:
        """Update an element already placed (progress bars, placeholders); ``media``: blobs the
        new element refers to."""
        here = self._here()
        here._yield_point()
        if here._ctx is not None:
            here._ctx.writer.write(path, el, media)

    def _child(
        self,
        path: Path,
        form_id: str | None = None,
        single_slot: bool = False,
        clears: bool = False,
        in_place: bool = False,
    ) -> Container:
        """The container for the block element at ``path``; it inherits this one's form.
        ``in_place``: the handle of the element at ``path`` (see :func:`returns_handle`)."""
        from .container import Container

        here = self._here()
        if form_id is None:
            form_id, clears = here._form_id, here._form_clears
        return Container(here._ctx, path, form_id, single_slot, clears, in_place)

    def _handle(self, path: Path) -> Container:
        """What an element call returns, as Streamlit's DeltaGenerator: calling an element on it
        replaces the element at ``path``; ``.empty()`` clears it."""
        handle = self._child(path, in_place=True)
        handle._horizontal = self._here()._horizontal  # it writes where the element is
        return handle

    def _clear_slot(self) -> bool:
        """If this is a single-slot placeholder or an element's handle, empty it now and say so."""
        here = self._here()
        if here._in_place:
            if here._ctx is not None:
                here._ctx.writer.write(here._path, {"kind": "block", "layout": "empty"})
            return True
        if not here._single:
            return False
        if here._ctx is not None:
            here._ctx.writer.clear_slot(here._path)
        return True

    def _placeholder(self) -> Container:
        """``empty()``: on a single-slot placeholder, clear it and return it; elsewhere, place a
        new one."""
        if self._clear_slot():
            return self._here()
        path = self._emit({"kind": "block", "layout": "empty"})
        return self._child(path, single_slot=True)

    def _flush(self) -> None:
        """Send what is queued now (a spinner must show before the slow block under it runs)."""
        ctx = self._here()._ctx
        if ctx is not None:
            ctx.writer.outbox.flush()

    # -- `with container:` ------------------------------------------------------------------

    def __enter__(self) -> Container:
        here = self._here()
        if here._ctx is not None:
            here._ctx.stack.append(here)
        return here

    def __exit__(self, *exc: object) -> None:
        here = self._here()
        ctx = here._ctx
        if ctx is not None and ctx.stack and ctx.stack[-1] is here:
            ctx.stack.pop()
