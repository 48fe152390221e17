"""``@fragment`` and ``@dialog``: parts of the page that rerun on their own.

Threads: everything here runs on the script thread (the kernel's main thread), except the
``run_every`` ticker, a daemon thread that only posts rerun requests (:mod:`.requests`), and
``parallel=True`` fragments during a full run, each on a thread of its own (:class:`ParallelPool`).

A fragment is a function whose elements go into a container of its own, placed where it is
called. The runner can rerun just that function (:meth:`~.runner.ScriptRunner.run_once` with a
``RerunData`` whose ``fragments`` name it): the call is replayed with the same arguments, inside
the same ``with`` blocks, into the same container, and only that container's children are sent
and trimmed; the rest of the page, and the rest of the script, are left as they are. A widget
drawn by a fragment remembers it (``WidgetDef.fragment_id``), so its changes ask for that
fragment's rerun (:meth:`~.state.SessionState.validate`). The registry below knows the fragments
the last complete full run drew; a fragment not drawn again is dropped with its timer.

Streamlit's rules kept here: a fragment that raises shows the error in its own container and
ends the run; a fragment may write elements (not widgets) into containers outside itself, which
accumulate until the next full run; ``rerun(scope="fragment")`` is only for fragment reruns; one
dialog per run, never nested. A dialog is a ``dialog`` block at the end of the main column whose
body is a fragment.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from .. import protocol
from .delta import Path, RunContext, get_context
from .errors import (
    StreamlitAPIException,
    StreamlitDuplicateElementKey,
    StreamlitInvalidLayoutContextError,
    StreamlitInvalidParameterTypeError,
    StreamlitValueError,
)
from .params import DECLARED
from .requests import RerunData, RerunException, ScriptControl, StopException

if TYPE_CHECKING:
    from .container import Container

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)

DialogWidth = Literal["small", "medium", "large"] | int
DialogPosition = Literal["left", "center", "right"]


class FragmentError(StreamlitAPIException, RuntimeError):
    """A fragment or dialog used against Streamlit's rules (what Streamlit raises a
    ``StreamlitAPIException`` for, so ``except st.errors.StreamlitAPIException`` catches it);
    the message says what to change."""


class FragmentHandled(Exception):
    """A fragment's own error, already shown in its container: the run ends, nothing more is
    shown. An ``Exception`` (as Streamlit's), so ``try: frag() except Exception`` catches it."""

    def __init__(self, error: BaseException):
        super().__init__(str(error))
        self.error = error


@dataclass
class Fragment:
    """One fragment call site, as drawn by the last run that called it."""

    id: str
    path: Path  # its container
    parent: str | None  # the fragment whose run called it (nested fragments)
    redraw: Callable[[], Any]  # replay the call: same arguments, same `with` blocks, same container
    run_every: float | None = None
    name: str = ""  # the function's qualified name (for messages)
    key: str | None = None  # ``@fragment(key=...)``: ``rerun(key)`` from a callback reruns it


@dataclass
class _Tick:
    interval: float
    due: float


@dataclass
class FragmentRegistry:
    """The session's fragments, by id (script thread), and their ``run_every`` timers."""

    live: dict[str, Fragment] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)
    _ticks: dict[str, _Tick] = field(default_factory=dict)
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _ticker: threading.Thread | None = None
    _claimed: tuple[int, dict[str, str]] = (0, {})  # (run, key -> the function holding it)

    def claim(self, key: str, definition: str, run: int) -> None:
        """A keyed fragment is drawn in run ``run``: its key is its function's for the run
        (every call site of one function shares it); another function's is Streamlit's error."""
        if self._claimed[0] != run:
            self._claimed = (run, {})
        if self._claimed[1].setdefault(key, definition) != definition:
            raise StreamlitDuplicateElementKey(key)

    def resolve(self, keys: list[str]) -> tuple[str, ...]:
        """The ids of the fragments drawn with these keys (every call site of each), in order;
        Streamlit's error for a key no fragment drawn has."""
        found: dict[str, None] = {}
        for key in keys:
            ids = [f.id for f in self.live.values() if f.key == key]
            if not ids:
                raise StreamlitAPIException(
                    f"No fragment found for target '{key}'. Pass the same `key` you set on "
                    "`@st.fragment(key=...)`, and make sure that fragment has rendered at least once."
                )
            found.update(dict.fromkeys(ids))
        return tuple(found)

    def begin_run(self) -> None:
        """A full run starts: it redraws every fragment it still calls."""
        self._seen = set()

    def add(self, frag: Fragment, ctx: RunContext) -> None:
        self.live[frag.id] = frag
        self._seen.add(frag.id)
        with self._cond:
            tick = self._ticks.get(frag.id)
            if frag.run_every is None:
                self._ticks.pop(frag.id, None)
            elif tick is None or tick.interval != frag.run_every:
                self._ticks[frag.id] = _Tick(frag.run_every, time.monotonic() + frag.run_every)
                self._cond.notify_all()
        if frag.run_every is not None and self._ticker is None:
            self._ticker = threading.Thread(
                target=self._tick_forever, args=(ctx,), name="jupyter-reactive-run-every", daemon=True
            )
            self._ticker.start()

    def end_run(self, complete: bool) -> None:
        """After a full run: only a complete one says which fragments are gone (as for widgets)."""
        if not complete:
            return
        for gone in [f for f in self.live if f not in self._seen]:
            del self.live[gone]
        with self._cond:
            for gone in [f for f in self._ticks if f not in self.live]:
                del self._ticks[gone]

    def plan(self, ids: tuple[str, ...]) -> list[Fragment]:
        """The fragments to rerun for ``ids``: those still drawn, without the ones inside
        another of them (rerunning the outer one redraws them)."""
        chosen = [self.live[f] for f in dict.fromkeys(ids) if f in self.live]
        chosen_ids = {f.id for f in chosen}
        return [f for f in chosen if not (self._ancestors(f) & chosen_ids)]

    def family(self, frags: list[Fragment]) -> set[str]:
        """The ids of ``frags`` and of every fragment drawn inside them."""
        roots = {f.id for f in frags}
        return {f.id for f in self.live.values() if f.id in roots or self._ancestors(f) & roots}

    def _ancestors(self, frag: Fragment) -> set[str]:
        out: set[str] = set()
        parent = frag.parent
        while parent is not None and parent not in out and parent in self.live:
            out.add(parent)
            parent = self.live[parent].parent
        return out

    def _tick_forever(self, ctx: RunContext) -> None:
        """Ticker thread: post a rerun of each ``run_every`` fragment when it is due. A request
        already pending for it absorbs the tick (requests merge), so ticks never pile up."""
        requests = ctx.requests
        with self._cond:
            while not requests.shut_down:
                now = time.monotonic()
                due = [fid for fid, t in self._ticks.items() if t.due <= now]
                for fid in due:
                    tick = self._ticks[fid]
                    tick.due = max(tick.due + tick.interval, now + tick.interval / 2)
                    requests.request_rerun(RerunData(fragments=(fid,)))
                wait = min((t.due for t in self._ticks.values()), default=now + 1.0) - now
                self._cond.wait(timeout=min(max(wait, 0.01), 1.0))


def run_every_seconds(run_every: int | float | timedelta | str | None) -> float | None:
    """``run_every`` as seconds: a number, a ``timedelta``, or a string such as ``"2s"``,
    ``"500ms"``, ``"1m"`` or ``"1h23s"`` (anything pandas' ``Timedelta`` reads)."""
    if run_every is None:
        return None
    if isinstance(run_every, bool):
        raise FragmentError("run_every must be a number of seconds, a timedelta or a string like '2s'")
    if isinstance(run_every, timedelta):
        seconds = run_every.total_seconds()
    elif isinstance(run_every, (int, float)):
        seconds = float(run_every)
    elif isinstance(run_every, str):
        seconds = parse_duration(run_every)
    else:
        raise FragmentError("run_every must be a number of seconds, a timedelta or a string like '2s'")
    if not seconds > 0:
        raise FragmentError(f"run_every must be a positive duration, got {run_every!r}")
    return seconds


_UNITS = {"ms": 0.001, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str) -> float:
    """Seconds in a duration string as Streamlit reads one (``"2s"``, ``"500ms"``, ``"1h23s"``, or
    anything pandas' ``Timedelta`` reads); FragmentError when it is none."""
    parts = re.findall(r"\s*(\d+(?:\.\d*)?)\s*(ms|sec|min|s|m|h|d)", text.strip().lower())
    if parts and "".join(f"{n}{u}" for n, u in parts) == re.sub(r"\s+", "", text.strip().lower()):
        return sum(float(n) * _UNITS[u] for n, u in parts)
    try:
        import pandas as pd

        return float(pd.Timedelta(text).total_seconds())
    except Exception:
        raise FragmentError(f"run_every {text!r} is not a duration (e.g. '2s', '1m', '1h23s')") from None


# -- the decorators ------------------------------------------------------------------------------


@overload
def fragment(
    func: F, *, run_every: int | float | timedelta | str | None = None, parallel: bool = False, key: Any = None
) -> F: ...


@overload
def fragment(
    func: None = None,
    *,
    run_every: int | float | timedelta | str | None = None,
    parallel: bool = False,
    key: Any = None,
) -> Callable[[F], F]: ...


def fragment(
    func: F | None = None,
    *,
    run_every: int | float | timedelta | str | None = None,
    parallel: bool = False,
    key: Any = None,
) -> F | Callable[[F], F]:
    """Turn a function into a fragment: its elements go into a container of their own where it
    is called, and a change to one of its widgets reruns only the function (with the same
    arguments), leaving the rest of the page as it is and the rest of the script unrun. Widgets
    outside it, and ``session_state``, are read as usual. A change to a widget outside reruns
    the whole app, fragments included.

    ``run_every``: also rerun it on a timer, every so many seconds (a number, a ``timedelta``,
    or a string like ``"2s"``), for as long as full runs still draw it.
    ``jr.rerun(scope="fragment")`` inside it reruns just it; ``jr.rerun()`` the whole app.

    ``key``: a name (a str, or anything else as its ``str``) a widget callback can rerun it by:
    ``jr.rerun("key")`` or ``jr.rerun(["key", "other"])`` rerun just those fragments (every call
    site of each) instead of what the interaction would have rerun. One function per key in a
    run; ``"app"`` and ``"fragment"`` are reserved.

    ``parallel``: during a full run, run it on a thread of its own, at the same time as the rest
    of the script and the other parallel fragments; its elements go into its own container, and
    the run ends when all have. Its later reruns (its widgets, ``run_every``, a key) run on the
    script thread as any fragment's. On such a thread (Streamlit's rules) it may not open a
    dialog, switch pages, or write outside its own container (the sidebar and ``jr.bottom``
    included); share mutable things between parallel fragments only with a lock."""
    every = run_every_seconds(run_every)
    name_key = fragment_key(key)

    def decorate(f: F) -> F:
        @functools.wraps(f)
        def wrap(*args: Any, **kwargs: Any) -> Any:
            ctx = get_context()
            if ctx is None:  # plain `python app.py`: just call it
                return f(*args, **kwargs)
            return _call(ctx, f, args, kwargs, every, "", key=name_key, parallel=bool(parallel))

        return wrap  # type: ignore[return-value]

    return decorate if func is None else decorate(func)


# the Streamlit parameters accepted and warned about (docs/compatibility.md's "warns")
setattr(fragment, DECLARED, ())

_RESERVED_KEYS = frozenset({"app", "fragment"})  # rerun(scope=...) reads them as levels


def fragment_key(key: Any) -> str | None:
    """``@fragment(key=...)`` as Streamlit 1.67 takes it: ``str(key)``, not empty, not one of
    its generated ids' prefix, not a level name of ``rerun(scope=...)``."""
    if key is None:
        return None
    key = str(key)
    if key == "":
        raise StreamlitValueError("Invalid `key` value. Supported values: a non-empty string.")
    if key.startswith("$$ID"):
        raise StreamlitAPIException("Keys beginning with $$ID are reserved.")
    if key in _RESERVED_KEYS:
        raise StreamlitAPIException(
            f"`{key}` is a reserved name and cannot be used as a fragment key, because "
            "`st.rerun(scope=...)` reads it as a rerun level. Choose a different key for "
            "`@st.fragment(key=...)`."
        )
    return key


def dialog(
    title: str,
    *,
    width: DialogWidth = "small",
    position: DialogPosition = "center",
    dismissible: bool = True,
    icon: str | None = None,
    on_dismiss: Literal["ignore", "rerun"] | Callable[..., Any] = "ignore",
) -> Callable[[F], F]:
    """Turn a function into a dialog: calling it opens a modal window titled ``title`` that
    holds its elements. The dialog's body is a fragment (its widgets rerun only it); call
    ``jr.rerun()`` in it to close it (the app reruns without calling it). Only one dialog may
    be opened per run, and dialogs do not nest.

    ``width``: ``"small"`` (500 px), ``"medium"`` (750 px), ``"large"`` (1280 px) or pixels.
    ``position``: ``"center"``, ``"left"`` or ``"right"``. ``dismissible``: the viewer may
    close it with Escape, × or a click outside (else only ``rerun()`` closes it).
    ``on_dismiss``: what the viewer's closing does: ``"ignore"`` nothing, ``"rerun"`` rerun the
    app, or a function called before that rerun.
    ``icon``: an emoji, ``":material/name:"`` or ``"spinner"`` before the title (checked when
    the dialog opens, as Streamlit checks it)."""
    if callable(title) or not isinstance(title, str) or not title:
        raise FragmentError('dialog needs a title, for example: `@jr.dialog("Example Title")`.')
    if not (width in ("small", "medium", "large") or (isinstance(width, int) and not isinstance(width, bool))):
        raise FragmentError(f"dialog width must be 'small', 'medium', 'large' or pixels, got {width!r}")
    if isinstance(width, int) and width <= 0:
        raise FragmentError(f"dialog width must be positive, got {width}")
    if position not in ("left", "center", "right"):
        raise FragmentError(f"dialog position must be 'left', 'center' or 'right', got {position!r}")
    if not (on_dismiss in ("ignore", "rerun") or callable(on_dismiss)):
        raise FragmentError("on_dismiss must be 'ignore', 'rerun' or a function")

    def decorate(f: F) -> F:
        @functools.wraps(f)
        def wrap(*args: Any, **kwargs: Any) -> None:
            ctx = get_context()
            if ctx is None:
                f(*args, **kwargs)
                return
            check_not_parallel_worker(ctx, "@st.dialog")
            shown_icon = _dialog_icon(icon)
            if any(getattr(c, "_jr_dialog", False) for c in ctx.stack):
                # Streamlit's name for both, shown on the page before the message
                raise StreamlitInvalidLayoutContextError("Dialogs may not be nested inside other dialogs.")
            if ctx.dialog_opened:
                raise StreamlitInvalidLayoutContextError(
                    "Only one dialog is allowed to be opened at the same time. Please make sure to "
                    "not call a dialog-decorated function more than once in a script run."
                )
            ctx.dialog_opened = True
            el: dict[str, Any] = {
                "kind": "block",
                "layout": "dialog",
                "title": title,
                "width": width,
                "dismissible": bool(dismissible),
                # every call opens it again, even if the viewer closed it since the last one
                "opened": ctx.run,
            }
            if position != "center":
                el["position"] = position
            if shown_icon:
                el["icon"] = shown_icon
            if on_dismiss != "ignore" and dismissible:
                el["id"] = _dismiss_widget(ctx, f, title, on_dismiss)
            root = ctx.roots[protocol.MAIN]
            if ctx.fragment_run and ctx.dialog_path is not None:
                # opened again by a fragment run: it replaces the one opened since the full run
                path = ctx.dialog_path
                root._rewrite(path, el)
            else:
                path = root._emit(el)
            ctx.dialog_path = path
            box = root._child(path)
            box._jr_dialog = True  # type: ignore[attr-defined]
            with box:
                # the body is a fragment of its own, not inside the one that opened it: the
                # dialog stays when its opener reruns, until a full run no longer calls it
                _call(ctx, f, args, kwargs, None, f"dialog:{_name(f)}", parent=None)

        return wrap  # type: ignore[return-value]

    return decorate


def _dialog_icon(icon: object) -> str | None:
    """A dialog's icon as Streamlit 1.67 takes it: None or blank for none, ``"spinner"``, else
    an emoji or ``":material/name:"``."""
    if icon is None or (isinstance(icon, str) and not icon.strip()):
        return None
    if not isinstance(icon, str):
        raise StreamlitInvalidParameterTypeError(
            f"Invalid `icon` type. Expected one of: str, None. Provided type: {type(icon).__name__}."
        )
    if icon.strip() == "spinner":
        return "spinner"
    from .elements.layout import check_icon

    return check_icon(icon)


# -- inside ----------------------------------------------------------------------------------------

_UNSET = object()


def _call(
    ctx: RunContext,
    func: Callable[..., Any],
    args: tuple,
    kwargs: dict,
    every: float | None,
    salt: str,
    parent: Any = _UNSET,
    key: str | None = None,
    parallel: bool = False,
) -> Any:
    """A fragment called by the script (or by the fragment around it): place its container,
    register it, draw it."""
    name = _name(func)
    if key is not None:
        ctx.fragments.claim(key, name + salt, ctx.run)
    holder = ctx.current()
    stack = list(ctx.stack)
    path = holder._emit({"kind": "block", "layout": "vertical", "border": False, "height": None})
    fid = hashlib.sha1(f"{name}{list(path)}{salt}".encode()).hexdigest()[:16]
    if parent is _UNSET:
        parent = ctx.fragment.id if ctx.fragment is not None else None

    def redraw() -> Any:
        return _draw(ctx, frag, holder, stack, func, args, kwargs)

    frag = Fragment(fid, path, parent, redraw, every, name, key)
    ctx.fragments.add(frag, ctx)
    if parallel and not ctx.fragment_run:
        if ctx.pool is None:
            ctx.pool = ParallelPool(ctx)
        ctx.pool.submit(frag, redraw)
        return None
    return redraw()


def _draw(
    ctx: RunContext,
    frag: Fragment,
    holder: Container,
    stack: list[Container],
    func: Callable[..., Any],
    args: tuple,
    kwargs: dict,
) -> Any:
    """Run the fragment's function into its container, inside the ``with`` blocks it was first
    called in. Its own error is shown in its container and ends the run (Streamlit's rule)."""
    box = holder._child(frag.path)
    saved = ctx.stack, ctx.fragment
    ctx.stack = [*stack, box]
    ctx.fragment = frag
    try:
        return func(*args, **kwargs)
    except (ScriptControl, FragmentHandled):
        raise
    except Exception as err:
        from .display import exception_element

        box._emit(exception_element(err, hide_package=__name__.split(".")[0]), check=False)
        raise FragmentHandled(err) from err
    finally:
        ctx.stack, ctx.fragment = saved


def widget_fragment(container: Container) -> str | None:
    """The fragment a widget drawn into ``container`` now belongs to (None: the app). A fragment
    may not put widgets outside its own container (Streamlit's rule): on a fragment rerun they
    would have no place."""
    ctx = container._ctx
    frag = ctx.fragment if ctx is not None else None
    if frag is None:
        return None
    if container._path[: len(frag.path)] != frag.path:
        raise FragmentError("Fragments cannot write widgets to outside containers.")
    return frag.id


def rerun_data(ctx: RunContext, scope: str | list[str]) -> RerunData:
    """What ``rerun(scope=…)`` asks for (``scope`` checked and normalized already: "app",
    "fragment", a key, or a list of keys)."""
    if scope == "app":
        return RerunData()
    if scope != "fragment":
        if ctx.callback is None:
            raise StreamlitAPIException(
                "Passing a fragment key to `st.rerun()` is only allowed from a widget callback (e.g. "
                "`on_change` / `on_click`). Calling it from the main script body or a fragment body would "
                "abort the current run. If you meant to rerun the whole app or the current fragment, use "
                "`scope='app'` or `scope='fragment'`."
            )
        return RerunData(fragments=ctx.fragments.resolve([scope] if isinstance(scope, str) else scope), scoped=True)
    # the fragment running now, or the one whose widget's callback runs (during its fragment run)
    if ctx.callback is not None:
        fid = ctx.callback[0]
        running = fid is not None and fid in ctx.fragments_this_run
    else:
        fid = ctx.fragment.id if ctx.fragment is not None else None
        running = fid is not None and ctx.fragment_run
    if not running or fid is None:
        raise FragmentError(
            'scope="fragment" can only be specified from `@st.fragment`-decorated functions during fragment reruns.'
        )
    return RerunData(fragments=(fid,), scoped=True)


def _dismiss_widget(ctx: RunContext, func: Callable[..., Any], title: str, on_dismiss: Any) -> str:
    """A dialog whose closing reruns the app: a trigger the page fires when the viewer closes it."""
    from .elements.widget_base import trigger, widget_id
    from .state import DuplicateWidgetError, WidgetDef

    wid = widget_id("dialog", title, None, (_name(func),), None)
    callback = on_dismiss if callable(on_dismiss) else None
    try:
        ctx.state.register(WidgetDef(wid, "dialog", title, False, trigger, bool, trigger=True, on_change=callback))
    except DuplicateWidgetError:
        pass  # opened again by a fragment run since the last full run: the trigger stands
    return wid


def _name(func: Callable[..., Any]) -> str:
    return f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', repr(func))}"


# -- parallel fragments ---------------------------------------------------------------------------


def check_not_parallel_worker(ctx: RunContext, api_name: str) -> None:
    """Streamlit's refusal of a call not safe on a parallel fragment's thread."""
    if ctx.worker:
        raise StreamlitInvalidLayoutContextError(
            f"`{api_name}` cannot be called from a parallel fragment during the initial page load, because "
            f"parallel fragments run concurrently on separate threads where `{api_name}` is not safe.\n\n"
            "To fix this, gate the call behind a widget interaction (e.g., `if st.button(...):`) so it runs "
            "during a sequential fragment rerun instead."
        )


_OUTSIDE = (
    "Writing to a container created outside a parallel fragment, including `st.sidebar` and `st.bottom`, "
    "is not supported on a full app run or a later fragment rerun.\n\nTo fix this, move the element "
    "inside the fragment body."
)


class _Preempted(StopException):
    """A parallel fragment's thread ends: its run is cut (or about to be, by a pending request)."""


class ParallelPool:
    """One full run's parallel fragments, each on a thread of its own (at most as many at once
    as Streamlit's pool has: ``min(32, cpus + 4)``).

    The script thread at its yield points takes the session's requests as ever, and raises what
    a fragment's ``rerun()`` or ``stop()`` asked for; at the script's end it waits for them
    (:meth:`join`), still taking requests. A run that ends otherwise (cut by a rerun, stopped, an
    error) drains them (:meth:`drain`): ``cancelled`` is set under the writer's lock, so from then on
    their writes raise (nothing of the cut run is drawn after the cut), and the run waits for
    their threads to reach a yield point and end before the next run starts, as Streamlit
    does. A fragment's own error is shown in its container and does not end the run."""

    def __init__(self, ctx: RunContext):
        self._ctx = ctx
        self._cond = threading.Condition()
        self._outstanding = 0
        self._slots = threading.BoundedSemaphore(min(32, (os.cpu_count() or 1) + 4))
        self.cancelled = False
        self.stored: ScriptControl | None = None  # a fragment's rerun() or stop(): the run's end

    def submit(self, frag: Fragment, redraw: Callable[[], Any]) -> None:
        """Run ``redraw`` on a thread of its own (any thread: nested parallel fragments)."""
        ctx = self._ctx
        ctx.go_threaded()  # (a no-op from a fragment's thread: the first submit did it)
        captured = contextvars.copy_context()
        with self._cond:
            self._outstanding += 1
        with ctx.writer.lock:  # counted before it starts, so no write goes unlocked meanwhile
            ctx.threads += 1
            ctx.writer.threads += 1
        thread = threading.Thread(
            target=captured.run, args=(self._work, frag, redraw), name=f"jr-parallel-{frag.name}", daemon=True
        )
        thread.start()

    def _work(self, frag: Fragment, redraw: Callable[[], Any]) -> None:
        from .delta import WORKER, set_context

        WORKER.pool = self
        set_context(self._ctx)  # (in this thread's copy of the script thread's context)
        self._ctx.worker = True
        try:
            with self._slots:
                if not self.cancelled:
                    redraw()
        except (FragmentHandled, _Preempted):
            pass  # shown in its container, the rest of the run goes on (Streamlit's rule); or cut
        except (RerunException, StopException) as control:
            if not self.cancelled:
                self._store(control)
        except BaseException as err:  # SystemExit and the like: the run stops
            log.debug("jupyter_reactive: a parallel fragment ended with %r", err)
            if not self.cancelled:
                self._store(StopException())
        finally:
            WORKER.pool = None
            with self._ctx.writer.lock:
                self._ctx.threads -= 1
                self._ctx.writer.threads -= 1
            with self._cond:
                self._outstanding -= 1
                self._cond.notify_all()

    def _store(self, control: ScriptControl) -> None:
        with self._ctx.writer.lock:
            if self.stored is None:
                self.stored = control
            self.cancelled = True  # the other fragments end too
        with self._cond:
            self._cond.notify_all()

    def refuse(self) -> None:
        """A write on a fragment's thread after the run was cut (under the writer's lock)."""
        raise _Preempted()

    def worker_yield(self, ctx: RunContext) -> None:
        """An element call on a fragment's thread: end it if its run is over or about to be."""
        if self.cancelled or ctx.requests.preempting():
            raise _Preempted()

    def script_yield(self, ctx: RunContext) -> None:
        """An element call on the script thread: take the session's requests (as ever) and what
        a fragment's ``rerun()`` or ``stop()`` asked for."""
        ctx.requests.check()
        if self.stored is not None:
            raise self.stored

    def check_place(self, ctx: RunContext, path: Path) -> None:
        """A parallel fragment writes only into its own container (Streamlit's rule)."""
        frag = ctx.fragment
        if frag is not None and path[: len(frag.path)] != frag.path:
            raise StreamlitInvalidLayoutContextError(_OUTSIDE)

    def join(self) -> None:
        """Script thread, after the script: wait for every fragment, taking requests meanwhile."""
        requests = self._ctx.requests
        while True:
            with self._cond:
                if self._outstanding == 0:
                    break
                self._cond.wait(timeout=0.05)
            requests.check()
            if self.stored is not None:
                raise self.stored
        if self.stored is not None:
            raise self.stored

    def drain(self) -> None:
        """Script thread, the run ending otherwise: stop every fragment and wait for its thread.
        An interrupt (a fragment stuck in one call) stops the waiting, not the refusal."""
        with self._ctx.writer.lock:
            self.cancelled = True
        try:
            with self._cond:
                while self._outstanding:
                    self._cond.wait(timeout=0.1)
        except KeyboardInterrupt:
            log.warning("jupyter_reactive: a parallel fragment is still running after its run ended")
