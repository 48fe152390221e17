"""``session_state`` and the widget registry: the only state that outlives a run.

Threads: the script thread registers widgets and reads values during a run; the subshell thread
validates incoming widget values against the registered definitions (:meth:`SessionState.validate`)
while a run may be in flight. One re-entrant lock guards the tables.

Streamlit's rules, kept here in one place:

* a widget's value survives reruns as long as the widget is drawn in every run; a widget absent
  from a *complete* run forgets its value;
* a widget with ``key=`` exposes its value as ``session_state[key]``; assigning that key before
  the widget is drawn sets its value;
* buttons are triggers: True for exactly the run that follows the click; a chat input is a
  trigger that carries a value (the message), then None;
* ``on_change`` / ``on_click`` callbacks run before the script, in the order the values arrived;
* a form with ``clear_on_submit=True``: the run its submit starts sees the submitted values, and
  after that run its widgets hold their defaults again;
* a widget drawn by a fragment belongs to it: its changes rerun that fragment only, and a
  fragment run forgets only that fragment's widgets it did not draw again;
* ``persist_state`` (a keyed widget, Streamlit 1.67): a run that does not draw the widget keeps
  its value under its key (``session_state[key]`` reads it, a write replaces it) and the widget
  takes it back when it is drawn again. ``"session"``: for as long as the session lives;
  ``"page"``: while the viewer stays on the page the widget was last drawn on (a complete run on
  another page drops it, and a value kept on another page is not taken back).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from .errors import DuplicateWidgetID, StreamlitValueAssignmentNotAllowedError
from .requests import RerunData


class WidgetValueError(ValueError):
    """A value from the page that the widget's definition refuses; the text is safe to show."""


class DuplicateWidgetError(DuplicateWidgetID):
    """Two widgets with the same key or parameters (``except st.errors.DuplicateWidgetID``
    catches it, as in Streamlit)."""


class WidgetAlreadyInstantiatedError(Exception):
    """``session_state[key] = ...`` for a widget the running script has drawn already
    (Streamlit's ``StreamlitWidgetAlreadyInstantiatedError``, with its message)."""

    def __init__(self, key: str) -> None:
        item = f"`st.session_state[{key!r}]`"
        super().__init__(
            f"{item} cannot be modified after the widget with that key is instantiated. Assign "
            f"{item} before creating the widget, or update it from an `on_change` or `on_click` "
            "callback, which runs before the widget is instantiated."
        )


@dataclass
class WidgetDef:
    """What a widget accepts. ``deserialize`` maps a wire value to the Python value (raising
    WidgetValueError), ``serialize`` the reverse; ``coerce`` keeps a remembered value valid when
    the definition changes between runs (an option removed, a smaller max)."""

    id: str
    kind: str
    label: str
    default: Any
    deserialize: Callable[[Any], Any]
    serialize: Callable[[Any], Any]
    key: str | None = None
    trigger: bool = False
    on_change: Callable[..., Any] | None = None
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    form_id: str | None = None
    fragment_id: str | None = None  # the fragment that draws it (its changes rerun only that)
    #: what ``session_state[key]`` shows for the value, if not the value itself
    present: Callable[[Any], Any] | None = None
    #: raises (a StreamlitAPIException, shown as the run's error) for a value set through
    #: ``session_state[key]`` that Streamlit refuses rather than replaces with the default
    vet: Callable[[Any], None] | None = None
    #: ``persist_state``: None, ``"page"`` or ``"session"`` (a widget bound to the URL: ``"session"``)
    persist: str | None = None

    def coerce(self, value: Any) -> Any:
        try:
            return self.deserialize(self.serialize(value))
        except (WidgetValueError, ValueError, TypeError, IndexError, KeyError, AttributeError):
            return self.default


class SessionState(MutableMapping):
    """``jr.session_state``: item and attribute access, like Streamlit's."""

    def __init__(self) -> None:
        object.__setattr__(self, "_lock", threading.RLock())
        object.__setattr__(self, "_user", {})
        object.__setattr__(self, "_defs", {})
        object.__setattr__(self, "_values", {})
        object.__setattr__(self, "_keys", {})
        object.__setattr__(self, "_active", set())
        object.__setattr__(self, "_triggers", frozenset())
        object.__setattr__(self, "_seeds", {})
        object.__setattr__(self, "_files", {})
        object.__setattr__(self, "_carried", frozenset())
        object.__setattr__(self, "_clearing", set())  # widgets to reset to their default after this run
        object.__setattr__(self, "_running", False)  # the script body runs (callbacks are done)
        object.__setattr__(self, "_trigger_values", {})  # this run's triggers that carry a value
        # persist_state: key -> the value of a persisted widget no run draws now
        object.__setattr__(self, "_kept", {})
        object.__setattr__(self, "_pages", {})  # persisted widget id -> the page it was last drawn on

    def add_files(self, files: dict[str, bytes]) -> None:
        """Uploaded files' bytes, by file id, handed over by the server with a widget value."""
        with self._lock:
            self._files.update(files)
            if len(self._files) > 256:  # bounded: oldest first (dicts keep insertion order)
                for fid in list(self._files)[: len(self._files) - 256]:
                    del self._files[fid]

    def file_bytes(self, file_id: str) -> bytes | None:
        with self._lock:
            return self._files.get(file_id)

    def seed(self, wire_values: dict[str, Any]) -> None:
        """Values to restore (wire form, e.g. after a kernel was replaced): each is validated by
        its widget's definition when the widget is first drawn, and dropped if refused."""
        with self._lock:
            self._seeds.update(wire_values)

    # -- the page's side (subshell thread) ----------------------------------------------------

    def validate(self, values: dict[str, Any]) -> tuple[RerunData, list[str]]:
        """Wire values -> a RerunData of Python values, plus the refusals (one message each)."""
        good: dict[str, Any] = {}
        wire_ok: dict[str, Any] = {}
        triggers: set[str] = set()
        trigger_values: dict[str, Any] = {}
        errors: list[str] = []
        scopes: list[str | None] = []
        with self._lock:
            for wid, wire in values.items():
                wdef = self._defs.get(wid)
                if wdef is None:
                    errors.append("value for an unknown widget refused")
                    continue
                try:
                    value = wdef.deserialize(wire)
                except (WidgetValueError, ValueError, TypeError, IndexError, KeyError) as err:
                    msg = str(err) if isinstance(err, WidgetValueError) else "invalid value"
                    errors.append(f"{wdef.kind} '{wdef.label}': {msg}")
                    continue
                if wdef.trigger:
                    if value is not None and value is not False:
                        triggers.add(wid)
                        if value is not True:
                            trigger_values[wid] = value
                else:
                    good[wid] = value
                    wire_ok[wid] = wire
                if wdef.fragment_id not in scopes:
                    scopes.append(wdef.fragment_id)
        # only the fragments of the widgets that changed rerun, unless one is not in a fragment
        fragments = () if None in scopes else tuple(f for f in scopes if f is not None)
        # runner.fastReruns = false (config.toml): the change waits for the run in flight to end
        from .options import get_option

        patient = get_option("runner.fastReruns") is False
        return RerunData(
            good, frozenset(triggers), wire_ok, fragments, trigger_values=trigger_values, patient=patient
        ), errors

    def changes_anything(self, data: RerunData) -> bool:
        """Whether a run with ``data`` could differ from the last one: a trigger fired, or a
        value differs from the widget's current one."""
        if data.triggers:
            return True
        with self._lock:
            return any(not _same(self._values.get(wid), value) for wid, value in data.values.items())

    # -- the script's side (script thread) ---------------------------------------------------

    def begin_run(self, data: RerunData) -> list[WidgetDef]:
        """Apply a run's values; return the definitions whose callbacks must run first."""
        with self._lock:
            self._active.clear()  # the widgets drawn by this run (a fragment run: by its fragments)
            object.__setattr__(self, "_running", True)
            object.__setattr__(self, "_triggers", data.triggers | self._carried)
            carried_values = {w: v for w, v in self._trigger_values.items() if w in self._carried}
            object.__setattr__(self, "_trigger_values", {**carried_values, **data.trigger_values})
            object.__setattr__(self, "_carried", frozenset())
            for wid, value in self._trigger_values.items():
                if wid in self._defs:  # its callback reads session_state[key]: the message
                    self._values[wid] = value
            callbacks = []
            for wid, value in data.values.items():
                wdef = self._defs.get(wid)
                if wdef is None:
                    continue
                if not _same(self._values.get(wid, wdef.default), value):
                    self._values[wid] = value
                    if wdef.on_change is not None:
                        callbacks.append(wdef)
            # several clicks in one run (one came while the run of another was starting): their
            # callbacks in the page's order, as Streamlit's widget states have them -- not a
            # set's, whose order changes from kernel to kernel with the hash seed
            order = {wid: i for i, wid in enumerate(self._defs)} if len(data.triggers) > 1 else {}
            for wid in sorted(data.triggers, key=lambda w: order.get(w, len(order))):
                wdef = self._defs.get(wid)
                if wdef is not None and wdef.on_change is not None:
                    callbacks.append(wdef)
            return callbacks

    def register(self, wdef: WidgetDef, page: str = "", in_page: bool = False) -> Any:
        """Called by every widget during a run; returns the value the script sees. ``page``: the
        page this run shows (for a value ``persist_state="page"`` kept); ``in_page``: the page's
        own script draws the widget, not the main script that runs on every page."""
        with self._lock:
            if wdef.key is not None and (wdef.id in self._active or self._keys.get(wdef.key, wdef.id) in self._active):
                raise DuplicateWidgetError(
                    f"There are multiple widgets with the same key '{wdef.key}'. Give each widget a unique key= argument."
                )
            if wdef.id in self._active:
                raise DuplicateWidgetError(
                    f"There are multiple {wdef.kind} widgets with the same label '{wdef.label}' "
                    "and parameters. Give each a unique key= argument."
                )
            self._active.add(wdef.id)
            self._defs[wdef.id] = wdef
            if wdef.key is not None:
                self._keys[wdef.key] = wdef.id
            if wdef.trigger:
                value = self._trigger_values.get(wdef.id, True) if wdef.id in self._triggers else wdef.default
            elif wdef.key is not None and wdef.key in self._user:
                self._kept.pop(wdef.key, None)
                if wdef.vet is not None:
                    wdef.vet(self._user[wdef.key])
                value = wdef.coerce(self._user.pop(wdef.key))
            elif wdef.key is not None and wdef.key in self._kept and wdef.id not in self._values:
                kept = self._kept.pop(wdef.key)
                # a value kept for one page is not taken back on another (Streamlit's rule)
                value = wdef.default if kept.page is not None and kept.page != page else wdef.coerce(kept.value)
            elif in_page and wdef.persist == "page" and self._pages.get(wdef.id, page) != page:
                # one key on two pages: two widgets in Streamlit (its ids name the page's script)
                value = wdef.default
            elif wdef.id in self._values:
                if wdef.vet is not None:
                    wdef.vet(self._values[wdef.id])
                value = wdef.coerce(self._values[wdef.id])
            elif wdef.id in self._seeds:
                try:
                    value = wdef.deserialize(self._seeds.pop(wdef.id))
                except (WidgetValueError, ValueError, TypeError, IndexError, KeyError):
                    value = wdef.default
            else:
                value = wdef.default
            self._values[wdef.id] = value
            return value

    def form_submitted(self, form_id: str | None) -> bool:
        """Whether this run was started by the submit button of form ``form_id``."""
        with self._lock:
            return any(
                wdef.form_id == form_id and wdef.kind == "form_submit_button"
                for wdef in (self._defs.get(t) for t in self._triggers)
                if wdef is not None
            )

    def clear_after_run(self, wid: str) -> None:
        """A widget of a form that clears on submit: it returned the submitted value in this run,
        and holds its default once the run is over."""
        with self._lock:
            self._clearing.add(wid)

    def carry_unread_triggers(self) -> None:
        """A run cut short by a rerun: its triggers whose widget the script has not drawn yet
        hold for the next run too (a click is never lost to a later event); their callbacks
        already ran and do not run again."""
        with self._lock:
            object.__setattr__(self, "_carried", frozenset(t for t in self._triggers if t not in self._active))

    def end_run(
        self, complete: bool, cut_short: bool = False, fragments: set[str] | None = None, page: str = ""
    ) -> None:
        """After a complete run, forget widgets that were not drawn (a persisted one's value is
        kept under its key); triggers always reset. Cleared form widgets take their defaults
        unless a rerun cut the run short (then the submit may carry over, and the next run must
        still see the submitted values). A run of ``fragments`` only forgets the widgets of
        those fragments. ``page``: the page the run showed."""
        with self._lock:
            object.__setattr__(self, "_running", False)
            object.__setattr__(self, "_triggers", frozenset())
            for wid in self._trigger_values:  # a message is the value of one run only
                if wid in self._defs:
                    self._values[wid] = self._defs[wid].default
            for wid in () if cut_short else self._clearing:
                wdef = self._defs.get(wid)
                if wdef is not None:
                    self._values[wid] = wdef.default
            self._clearing.clear()
            for wid in self._active:
                wdef = self._defs.get(wid)
                if wdef is not None and wdef.persist is not None:
                    self._pages[wid] = page
            if not complete:
                return
            for wid in [
                w
                for w, d in self._defs.items()
                if w not in self._active and (fragments is None or d.fragment_id in fragments)
            ]:
                wdef = self._defs.pop(wid)
                drawn_on = self._pages.pop(wid, None)
                if wdef.key is not None and self._keys.get(wdef.key) == wid:
                    del self._keys[wdef.key]
                    if wid in self._values and (
                        wdef.persist == "session" or (wdef.persist == "page" and drawn_on == page)
                    ):
                        self._kept[wdef.key] = _Kept(
                            self._values[wid], None if wdef.persist == "session" else drawn_on, wdef.present
                        )
                self._values.pop(wid, None)
            if fragments is None:  # a page switch drops what "page" kept for the page left
                for key in [k for k, kept in self._kept.items() if kept.page is not None and kept.page != page]:
                    del self._kept[key]

    def wire_values(self) -> dict[str, Any]:
        """Current values of drawn widgets in wire form (to re-seed a replacement kernel)."""
        with self._lock:
            out = {}
            for wid, wdef in self._defs.items():
                if not wdef.trigger and wid in self._values:
                    try:
                        out[wid] = wdef.serialize(self._values[wid])
                    except Exception:
                        pass
            return out

    def user_items(self) -> list[tuple[Any, Any]]:
        """``session_state``'s own entries, without widget values (a widget's value is kept by
        its widget id, :meth:`wire_values`): what a saved session keeps (kernel/persist.py)."""
        with self._lock:
            return list(self._user.items())

    def has_user_value(self, key: str) -> bool:
        """Whether ``session_state[key]`` was assigned and no widget has taken it yet."""
        with self._lock:
            return key in self._user

    def set_widget_value(self, wdef: WidgetDef, value: Any) -> None:
        """Before ``wdef`` registers in this run: its value from now on (a widget bound to the
        URL taking the URL's value); it wins over a ``session_state[key]`` set earlier."""
        with self._lock:
            if wdef.key is not None:
                self._user.pop(wdef.key, None)
            self._values[wdef.id] = value

    def is_defined(self, wid: str) -> bool:
        """Whether the widget is still known (drawn by the last complete run, or in this one)."""
        with self._lock:
            return wid in self._defs

    def widget_value(self, wid: str) -> Any:
        with self._lock:
            return self._values.get(wid)

    # -- mapping protocol --------------------------------------------------------------------

    def take_text(self, key: str) -> str | None:
        """The text the script set through ``session_state[key]`` for the chat input of that
        key, taken (the key then reads as the widget's value again), or None."""
        with self._lock:
            if isinstance(self._user.get(key), str):
                return self._user.pop(key)
            return None

    def trigger_value(self, wid: str) -> Any:
        """A trigger widget's value in this run (its default unless it fired), before or after
        it registers."""
        with self._lock:
            if wid in self._triggers:
                return self._trigger_values.get(wid, True)
            wdef = self._defs.get(wid)
            return None if wdef is None else wdef.default

    def instantiated(self, wid: str) -> bool:
        """Whether the running script has drawn the widget in this run already."""
        with self._lock:
            return wid in self._active and self._running

    def __getitem__(self, key: str) -> Any:
        with self._lock:
            wid = self._keys.get(key)
            if wid is not None and wid in self._values:
                value = self._values[wid]
                wdef = self._defs.get(wid)
                present = None if wdef is None else wdef.present
            elif key in self._user:
                return self._user[key]
            elif key in self._kept:
                value, present = self._kept[key].value, self._kept[key].present
            else:
                raise KeyError(key)
        return value if present is None else present(value)

    def __setitem__(self, key: str, value: Any) -> None:
        with self._lock:
            wid = self._keys.get(key)
            if wid is not None and wid in self._defs:
                if self._defs[wid].kind == "chat_input" and isinstance(value, str):
                    # Streamlit's way to fill a chat input's box: the text is shown, unsent,
                    # and the widget's value stays None until the viewer sends it
                    self._user[key] = value
                    return
                if self._defs[wid].trigger:
                    raise StreamlitValueAssignmentNotAllowedError(
                        f"the value of button '{key}' cannot be set through session_state"
                    )
                if wid in self._active and self._running:
                    raise WidgetAlreadyInstantiatedError(key)
                self._values[wid] = value
            else:
                self._kept.pop(key, None)
                self._user[key] = value

    def __delitem__(self, key: str) -> None:
        with self._lock:
            wid = self._keys.pop(key, None)
            kept = self._kept.pop(key, None)
            if wid is not None:
                self._values.pop(wid, None)
            elif key in self._user:
                del self._user[key]
            elif kept is None:
                raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            keys = list(self._user) + [k for k, w in self._keys.items() if w in self._values]
            keys += [k for k in self._kept if k not in self._user and k not in self._keys]
        return iter(keys)

    def __len__(self) -> int:
        return len(list(iter(self)))

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"session_state has no key '{key}'. Did you forget to initialise it?") from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del self[key]
        except KeyError:
            raise AttributeError(key) from None

    def to_dict(self) -> dict[str, Any]:
        """Every key and its value, as a plain dict (Streamlit's ``session_state.to_dict()``)."""
        return dict(self.items())

    def __repr__(self) -> str:
        return f"SessionState({self.to_dict()!r})"


@dataclass(frozen=True)
class _Kept:
    """A persisted widget's value while no run draws it; ``page``: the page it is kept for
    (``persist_state="page"``), None for the whole session."""

    value: Any
    page: str | None
    present: Callable[[Any], Any] | None


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return a is b
