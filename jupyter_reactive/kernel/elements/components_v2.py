"""``components.v2``: components declared with inline HTML, CSS and an ES-module script (Streamlit
1.5x's second custom-component API), mounted by calling them (script thread; the value checks
also run on the subshell thread).

``component(name, html=, css=, js=)`` records a definition; calling what it returns draws one
instance: a widget whose control is the definition run in a sandboxed frame of the page (the
``component_v2`` chunk, ``labextension/app/chunks/component_v2.ts``). Its script's default export
is called there with ``{name, key, data, parentElement, setStateValue, setTriggerValue}``, as in
Streamlit, but it runs with an opaque origin: it cannot reach the page, its cookies or its socket
(Streamlit runs it in the page itself).

An instance is two widgets: its *state* (``setStateValue``; every state value in one object that
persists across runs under the instance's key, wire form :class:`~...schema.ComponentV2State`)
and its *trigger* (``setTriggerValue``; one event that the next run alone sees, wire form
:class:`~...schema.ComponentV2Trigger`, under ``<state id>__events``). ``on_<name>_change``
callbacks run before that run for each state value that changed and for the trigger that fired.

``data`` travels as JSON, bytes as media, a table as one Arrow IPC stream (media); a dict whose
first-level values are tables sends each as its own stream with a placeholder in the JSON, like
Streamlit's "mixed" data.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import StreamlitAPIException, StreamlitInvalidParameterTypeError
from ..fragments import widget_fragment
from ..media import MediaBlob
from ..params import laid_out
from ..state import WidgetDef, WidgetValueError
from .components import _arrow_bytes, _is_bytes, _is_table
from .media import MediaMixin
from .widget_base import WidgetBase, widget_id

_log = logging.getLogger("jupyter_reactive")

#: joins an instance's id and ``events``: the id of its trigger widget (Streamlit's delimiter)
EVENT_DELIM = "__"
#: the placeholder of a table inside mixed data (Streamlit's key, read by the frame's code)
ARROW_REF_KEY = "__streamlit_arrow_ref__"
ARROW_MIME = "application/vnd.apache.arrow.stream"
#: the most state values one instance may hold, and the longest name of one
MAX_STATE_KEYS = 1000
MAX_NAME_CHARS = 256
#: the most a state or trigger may weigh as JSON text (the server refuses frames over 1 MiB)
MAX_VALUE_CHARS = 900 * 1024


@dataclass(frozen=True)
class Definition:
    """What ``component()`` recorded under a name."""

    name: str
    html: str | None
    css: str | None
    js: str | None
    isolate_styles: bool

    def source(self) -> bytes:
        """The frame's code, as one JSON document (sent once as media, cached by its hash)."""
        return json.dumps({"html": self.html or "", "css": self.css or "", "js": self.js or ""}).encode()


_registry: dict[str, Definition] = {}


def _looks_like_path(value: str) -> bool:
    """Streamlit's test for a file-backed ``css``/``js`` (asset_dir-relative path or glob)."""
    s = value.strip()
    if "\n" in s or "\r" in s:
        return False
    if any(c in s for c in "*?[]") or s.startswith(("./", "/", "\\")) or "/" in s or "\\" in s:
        return True
    return s.lower().endswith((".js", ".css", ".mjs", ".cjs"))


def register(name: str, html: str | None, css: str | None, js: str | None, isolate_styles: bool) -> Definition:
    """Record a definition (the last one under a name wins, with a warning in the log, as in
    Streamlit). Raises StreamlitAPIException for a bad name or argument."""
    if not isinstance(name, str) or not name.strip():
        raise StreamlitAPIException("components.v2.component needs a name: a non-empty string")
    if html is not None and not isinstance(html, str):
        raise StreamlitInvalidParameterTypeError(f"html must be a string or None, not {type(html).__name__}")
    for what, value in (("css", css), ("js", js)):
        if value is None:
            continue
        if not isinstance(value, str):
            raise StreamlitInvalidParameterTypeError(
                f"{what} must be a string or None, not {type(value).__name__}. Pass a string path or glob."
            )
        if _looks_like_path(value):
            # Streamlit resolves these against the asset_dir of a component declared in an
            # installed package's pyproject.toml; without one it raises this same error
            raise StreamlitAPIException(
                f"Component '{name}' must be declared in pyproject.toml with asset_dir to use file-backed {what}. "
                f"(jupyter_reactive takes {what} as inline text only.)"
            )
    definition = Definition(name, html, css, js, bool(isolate_styles))
    old = _registry.get(name)
    if old is not None and old != definition:
        _log.warning("components.v2: a component named %r was registered again; the last one is used", name)
    _registry[name] = definition
    return definition


def latest(name: str, definition: Definition) -> Definition:
    """The definition a mount uses: the last one registered under its name."""
    return _registry.get(name, definition)


class ComponentResult(dict):
    """What mounting a component returns: its trigger and state values, by key and as attributes
    (``result.clicked``); a trigger value is None except in the run it fired."""

    def __init__(self, state: dict[str, Any] | None = None, triggers: dict[str, Any] | None = None) -> None:
        super().__init__({**(triggers or {}), **(state or {})})

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"'ComponentResult' object has no attribute '{key}'") from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value


class StateView(dict):
    """``session_state[key]`` of a mounted component, as Streamlit 1.67 shows it: the trigger
    values that fired for this run, then the state values over them, by key and as attributes
    (a missing name reads None). Setting or
    deleting a name writes the component's state through (before the component is drawn in
    this run; after, StreamlitAPIException); a name with no ``on_<name>_change`` callback is
    ignored on a write, as in Streamlit, when the component has callbacks."""

    def __init__(self, flat: dict[str, Any], base: dict[str, Any], mount: _Mount) -> None:
        super().__init__(flat)
        object.__setattr__(self, "_base", dict(base))
        object.__setattr__(self, "_mount", mount)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    def __delattr__(self, name: str) -> None:
        del self[name]

    def __setitem__(self, name: str, value: Any) -> None:
        self._mount.check(name)
        if self._mount.allowed is not None and name not in self._mount.allowed:
            return
        super().__setitem__(name, value)
        self._base[name] = value
        self._mount.store(self._base)

    def __delitem__(self, name: str) -> None:
        self._mount.check(name)
        super().__delitem__(name)
        self._base.pop(name, None)
        self._mount.store(self._base)

    def __reduce__(self) -> Any:  # a copy or a pickle is a plain dict of what it shows
        return (dict, (dict(self),))

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:  # a view of the state (as Streamlit's)
        memo[id(self)] = self
        return self


@dataclass
class _Mount:
    """What a component instance's ``session_state`` view needs of it."""

    state: Any  # the session's SessionState
    wid: str
    trigger_id: str
    key: str | None
    allowed: frozenset[str] | None

    def check(self, name: str) -> None:
        if self.state.instantiated(self.wid):
            raise StreamlitAPIException(
                f"`st.session_state.{self.key}.{name}` cannot be modified after the component with key "
                f"`{self.key}` is instantiated."
            )

    def store(self, base: dict[str, Any]) -> None:
        if self.key is not None:
            self.state[self.key] = dict(base)

    def present(self, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        fired = self.state.trigger_value(self.trigger_id)
        flat = dict(fired) if isinstance(fired, dict) else {}
        flat.update(value)
        return StateView(flat, value, self)


# -- the wire values ------------------------------------------------------------------------------


def _name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= MAX_NAME_CHARS:
        raise WidgetValueError(f"{what} must be a name of 1 to {MAX_NAME_CHARS} characters")
    return value


def _json_copy(value: Any, what: str) -> Any:
    try:
        text = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        raise WidgetValueError(f"{what} must be JSON") from None
    if len(text) > MAX_VALUE_CHARS:
        raise WidgetValueError(f"{what} is too large")
    return json.loads(text)


def state_deserializer(default: dict[str, Any]) -> Callable[[Any], dict[str, Any]]:
    """The state widget's check: ``{"state": {name: JSON}}`` -> the state, ``default`` filling
    the names the frame has not set. Raises WidgetValueError."""

    def deserialize(wire: Any) -> dict[str, Any]:
        if wire is None:
            return dict(default)
        if not isinstance(wire, dict) or set(wire) != {"state"} or not isinstance(wire["state"], dict):
            raise WidgetValueError('a component state is {"state": {name: value}}')
        state = wire["state"]
        if len(state) > MAX_STATE_KEYS:
            raise WidgetValueError(f"a component state holds at most {MAX_STATE_KEYS} values")
        for name in state:
            _name(name, "a state value's name")
        return {**default, **_json_copy(state, "a component state")}

    return deserialize


def serialize_state(value: Any) -> dict[str, Any]:
    return {"state": value if isinstance(value, dict) else {}}


def deserialize_trigger(wire: Any) -> dict[str, Any] | None:
    """The trigger widget's check: ``{"event": name, "value": JSON}`` -> ``{name: value}``."""
    if wire is None:
        return None
    if not isinstance(wire, dict) or set(wire) != {"event", "value"}:
        raise WidgetValueError('a component trigger is {"event": name, "value": value}')
    event = _name(wire["event"], "a trigger's event")
    return {event: _json_copy(wire["value"], "a trigger's value")}


def _serialize_trigger(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((event, v),) = value.items()
        return {"event": event, "value": v}
    return None


# -- data -----------------------------------------------------------------------------------------


def _arrow_stream(data: Any) -> bytes:
    from ..frames import to_frame

    df, _styler = to_frame(data)
    return _arrow_bytes(df)


def _json_text(value: Any) -> str:
    try:
        return json.dumps(value, allow_nan=False, sort_keys=True)
    except ValueError:
        raise StreamlitAPIException("The `data` of a component cannot hold NaN or infinite numbers.") from None
    except TypeError:
        try:  # Streamlit's own fallback: the value's text
            return json.dumps(str(value))
        except Exception:
            raise StreamlitAPIException(
                "The `data` provided to the bidirectional component could not be serialized. Please ensure the "
                "data is JSON-serializable, or is a supported data structure like a pandas DataFrame."
            ) from None


def _is_table_like(value: Any) -> bool:
    if _is_table(value):
        return True
    from ...dataframe_util import DataFormat, determine_data_format

    return not isinstance(value, (Mapping, list, tuple, str)) and determine_data_format(value) != DataFormat.UNKNOWN


def split_data(data: Any) -> tuple[dict[str, Any], str]:
    """The element fields that carry ``data`` (its bytes and tables as blobs, to become media
    references) and a digest of it all for the instance's identity."""
    if data is None:
        return {}, ""
    if _is_bytes(data):
        blob = MediaBlob(bytes(data), "application/octet-stream")
        return {"data_bytes": blob}, "b" + blob.sha
    if isinstance(data, dict):
        tables: dict[str, MediaBlob] = {}
        plain: dict[Any, Any] = {}
        for k, v in data.items():
            if _is_table_like(v):
                blob = MediaBlob(_arrow_stream(v), ARROW_MIME)
                tables[blob.sha] = blob
                plain[k] = {ARROW_REF_KEY: blob.sha}
            else:
                plain[k] = v
        text = _json_text(plain)
        fields: dict[str, Any] = {"data": json.loads(text)}
        if tables:
            fields["data_tables"] = tables
        return fields, "j" + hashlib.sha256(text.encode()).hexdigest()
    if not isinstance(data, (list, tuple, str, int, float, bool)) and _is_table_like(data):
        blob = MediaBlob(_arrow_stream(data), ARROW_MIME)
        return {"data_table": blob}, "t" + blob.sha
    text = _json_text(data)
    return {"data": json.loads(text)}, "j" + hashlib.sha256(text.encode()).hexdigest()


# -- drawing --------------------------------------------------------------------------------------


def _callbacks(kwargs: dict[str, Any]) -> dict[str, Callable[[], Any]]:
    """``on_<name>_change`` callables by name; anything else is refused (Streamlit ignores it
    silently; here a misspelt parameter is an error rather than a silent no-op)."""
    found: dict[str, Callable[[], Any]] = {}
    for arg, value in kwargs.items():
        if not (arg.startswith("on_") and arg.endswith("_change")):
            raise StreamlitAPIException(
                f"A component's mounting command takes key, data, default, width, height and "
                f"on_<name>_change callbacks, not {arg!r}."
            )
        name = arg[3:-7]
        if not name or name == "_" or EVENT_DELIM in name:
            raise StreamlitAPIException(
                f"The callback name `'{arg}'` is not allowed. Callback names must follow the pattern "
                "`on_{event_name}_change` where `event_name` is not empty."
            )
        if value is None:
            continue
        if not callable(value):
            raise StreamlitAPIException(f"{arg} must be a callable or None")
        found[name] = value
    return found


class ComponentsV2Mixin(MediaMixin, WidgetBase):
    """``components.v2``: mounting a component (its public name lives in
    ``jupyter_reactive.components.v2``, bound to the current container)."""

    @laid_out("width", "height")
    def _bidi_component(
        self,
        definition: Definition,
        *,
        key: str | int | None = None,
        data: Any = None,
        default: dict[str, Any] | None = None,
        width: int | Literal["stretch", "content"] = "stretch",
        height: int | Literal["stretch", "content"] = "content",
        callbacks: dict[str, Any] | None = None,
    ) -> ComponentResult:
        """Draw one instance of ``definition``; return its state and trigger values."""
        on = _callbacks(callbacks or {})
        if default is not None:
            if not isinstance(default, dict):
                raise StreamlitAPIException("default must be a dict of state names -> values")
            for name in default:
                if name not in on:
                    raise StreamlitAPIException(
                        f"Key `'{name}'` in `default` is not a valid state name. Valid state names are those "
                        f"with corresponding `on_{{state_name}}_change` callbacks. Available state names: "
                        f"`{sorted(on) or 'none'}`"
                    )
            try:
                default = json.loads(json.dumps(default, allow_nan=False))
            except (TypeError, ValueError):
                raise StreamlitAPIException("default must hold JSON values") from None
        defaults: dict[str, Any] = dict(default or {})
        if key is not None:
            key = str(key)
        fields, digest = split_data(data)
        refs: dict[str, Any] = {}
        sent: list[MediaBlob] = []
        for field_name, value in fields.items():
            if isinstance(value, MediaBlob):
                refs[field_name], more = self._media_ref(value)
                sent += more
            elif field_name == "data_tables":
                refs[field_name] = {}
                for sha, blob in value.items():
                    refs[field_name][sha], more = self._media_ref(blob)
                    sent += more
            else:
                refs[field_name] = value
        source = MediaBlob(definition.source(), "application/json")
        source_ref, more = self._media_ref(source)
        sent += more

        form_id, _clears = self._form()
        parts = (definition.isolate_styles, repr(width), repr(height), digest, json.dumps(defaults, sort_keys=True))
        wid = widget_id("component_v2", definition.name, key, parts, form_id)
        trigger_id = f"{wid}{EVENT_DELIM}events"
        state_seen: dict[str, Any] = {}
        ctx = self._run_context()

        def state_changed() -> None:
            """Before the run: the callback of each state value that changed since the last run."""
            now = ctx.state.widget_value(wid) if ctx is not None else None
            now = now if isinstance(now, dict) else {}
            for name, callback in on.items():
                if name in now or name in state_seen:
                    if name not in now or name not in state_seen or now[name] != state_seen[name]:
                        callback()

        def triggered() -> None:
            """Before the run: the callback of the trigger that fired."""
            fired = ctx.state.widget_value(trigger_id) if ctx is not None else None
            for name in fired if isinstance(fired, dict) else ():
                if name in on:
                    on[name]()

        mount = _Mount(ctx.state, wid, trigger_id, key, frozenset(on) if on else None) if ctx is not None else None
        extra: dict[str, Any] = {
            "component": definition.name,
            "trigger_id": trigger_id,
            "isolate_styles": definition.isolate_styles,
            "source": source_ref,
            **refs,
        }
        state = self._widget(
            "component_v2",
            definition.name,
            defaults,
            state_deserializer(defaults),
            serialize_state,
            key=key,
            help=None,
            on_change=state_changed if on else None,
            args=None,
            kwargs=None,
            disabled=False,
            label_visibility="collapsed",
            parts=parts,
            extra=extra,
            media=sent,
            present=None if mount is None else mount.present,
        )
        state_seen.update(state if isinstance(state, dict) else {})
        fired = None
        if ctx is not None:
            fired = ctx.state.register(
                WidgetDef(
                    trigger_id,
                    "component_v2_trigger",
                    definition.name,
                    None,
                    deserialize_trigger,
                    _serialize_trigger,
                    None,
                    True,
                    triggered if on else None,
                    (),
                    {},
                    form_id,
                    widget_fragment(self._here()),
                )
            )
        fired = fired if isinstance(fired, dict) else {}
        triggers = {name: fired.get(name) for name in on}
        return ComponentResult(dict(state) if isinstance(state, dict) else {}, triggers)
