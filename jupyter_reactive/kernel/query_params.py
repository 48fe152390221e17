"""``jr.query_params``: the tab URL's query string as a dict of strings (script thread).

Read from the URL the tab opened (the session's config) and from the URL back/forward restores
(a ``navigate`` message; see :mod:`.navigation`). Each write sends the whole query string to the
page in a ``query_params`` message, and the page puts it in its URL without a reload. As in
Streamlit 1.67 a write through ``jr.query_params`` is a new history entry (``pushState``), so
back returns to the URL before it, except in a run that answers the viewer's own move (a link,
back/forward), which rewrites that entry; unlike Streamlit, one run adds one entry at most
however many writes it makes. A bound widget's value goes into the URL in place
(``replaceState``), as Streamlit's page writes it. Values are strings; a
key given several times in the URL reads as its last value, and :meth:`QueryParams.get_all`
gives them all. ``embed`` and ``embed_options`` belong to the page, as in Streamlit: they are not
listed, read or written here.

Widgets bound to the URL (``bind="query-params"``, Streamlit 1.5x) are kept here too, in one
place for every widget: :func:`bind_key` checks the parameters, :func:`seed_from_url` gives a
widget its value from the URL before it registers, and :func:`write_back` puts its value in the
URL after (removed again when the value is the default). A widget reads the URL when the URL
changed since this module last matched it -- a new session, back/forward, a link -- and
otherwise its own value wins and is written to the URL. :func:`to_wire` and :func:`to_url`
translate between the URL's text and a widget's wire value (docs/protocol.md), by widget kind:
options by label, numbers, ``true``/``false``, ISO dates and times (a date/time slider also
takes Streamlit's raw microseconds), repeated keys for lists.
A URL value the widget refuses leaves the widget at its default, removes the parameter and
warns on the page; it never fails the run.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from .. import protocol
from .delta import RunContext, get_context
from .errors import StreamlitAPIException, StreamlitMissingRequiredParameterError, StreamlitValueError
from .navigation import encode_query
from .state import WidgetDef, WidgetValueError

EMBED_KEYS = ("embed", "embed_options")


def _is_embed(key: str) -> bool:
    return key.lower() in EMBED_KEYS


def _values(key: str, value: Any) -> list[str]:
    if isinstance(value, Mapping):
        raise StreamlitAPIException(f"You cannot set a query params key to a dictionary ({key!r}).")
    if isinstance(value, (list, tuple, set, frozenset)) or (
        hasattr(value, "__iter__") and not isinstance(value, (str, bytes))
    ):
        return [str(v) for v in value]
    return [str(value)]


class QueryParams(MutableMapping[str, str]):
    """Streamlit's ``st.query_params``: item and attribute access, ``get_all``, ``to_dict``,
    ``from_dict``, ``update``, ``clear``, ``del``. Outside an app it is a private, empty dict."""

    _bare: dict[str, list[str]]

    def __init__(self) -> None:
        object.__setattr__(self, "_bare", {})

    def _params(self) -> dict[str, list[str]]:
        ctx = get_context()
        if ctx is None or ctx.nav is None:
            return self._bare
        return ctx.nav.query

    def _send(self, entry: bool = True) -> None:
        """The URL's new query string to the page: with ``entry`` (a write through this
        mapping) the first in a run that is not the viewer's own move is a new history entry."""
        ctx = get_context()
        if ctx is None or ctx.nav is None:
            return
        nav = ctx.nav
        if nav.push:
            return  # switch_page: this run's navigation message carries the query, a new entry
        msg: dict[str, Any] = {"type": protocol.QUERY_PARAMS, "query": encode_query(nav.query), "seq": nav.seq}
        if entry and nav.entry_run != ctx.run:
            nav.entry_run = ctx.run
            msg["push"] = True
        ctx.writer.outbox.message(msg)

    def _set(self, key: str, value: Any) -> None:
        if not isinstance(key, str):
            raise StreamlitAPIException("Query parameter keys are strings.")
        if _is_embed(key):
            raise StreamlitAPIException(
                "Query param embed and embed_options (case-insensitive) cannot be set programmatically."
            )
        _not_bound(key, "set")
        self._params()[key] = _values(key, value)

    # -- mapping ------------------------------------------------------------------------------

    def __getitem__(self, key: str) -> str:
        params = self._params()
        if not isinstance(key, str) or _is_embed(key) or key not in params:
            raise KeyError(key)
        values = params[key]
        return values[-1] if values else ""

    def __setitem__(self, key: str, value: Any) -> None:
        self._set(key, value)
        self._send()

    def __delitem__(self, key: str) -> None:
        params = self._params()
        if not isinstance(key, str) or _is_embed(key) or key not in params:
            raise KeyError(key)
        _not_bound(key, "delete")
        del params[key]
        self._send()

    def __iter__(self) -> Iterator[str]:
        return iter([k for k in self._params() if not _is_embed(k)])

    def __len__(self) -> int:
        return sum(1 for k in self._params() if not _is_embed(k))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and not _is_embed(key) and key in self._params()

    # -- attributes ---------------------------------------------------------------------------

    def __getattr__(self, key: str) -> str:
        if key.startswith("__"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"st.query_params has no key {key!r}.") from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del self[key]
        except KeyError:
            raise AttributeError(f"st.query_params has no key {key!r}.") from None

    # -- Streamlit's methods --------------------------------------------------------------------

    def get_all(self, key: str) -> list[str]:
        """Every value of ``key`` (a key repeated in the URL), or [] if it is absent."""
        if not isinstance(key, str) or _is_embed(key):
            return []
        return list(self._params().get(key, []))

    def to_dict(self) -> dict[str, str]:
        """The parameters as a dict, each key with its last value."""
        return {k: self[k] for k in self}

    def from_dict(self, params: Iterable[tuple[str, Any]] | Mapping[str, Any]) -> None:
        """Replace every parameter with ``params`` (one URL update)."""
        items = list(params.items() if isinstance(params, Mapping) else params)
        _none_bound(self._params())
        kept = {k: v for k, v in self._params().items() if _is_embed(k)}
        target = self._params()
        before = dict(target)
        target.clear()
        target.update(kept)
        try:
            for key, value in items:
                self._set(key, value)
        except Exception:
            target.clear()
            target.update(before)
            raise
        self._send()

    def update(self, other: Any = (), /, **kwds: Any) -> None:
        """Set several parameters at once (one URL update)."""
        items = list(other.items() if isinstance(other, Mapping) else other) + list(kwds.items())
        for key, _value in items:
            if isinstance(key, str):
                _not_bound(key, "set")
        for key, value in items:
            self._set(key, value)
        self._send()

    def clear(self) -> None:
        """Remove every parameter (the URL keeps ``embed`` options only)."""
        params = self._params()
        _none_bound(params)
        for key in [k for k in params if not _is_embed(k)]:
            del params[key]
        self._send()

    def _shown(self) -> dict[str, str | list[str]]:
        """What ``str``/``repr`` show, as Streamlit's do: a key given once as its text, a key
        given several times as the list of them all (``{'x': ['y', '1']}`` for ``?x=y&x=1``)."""
        return {k: v[0] if len(v) == 1 else list(v) for k, v in self._params().items() if not _is_embed(k)}

    def __repr__(self) -> str:
        return repr(self._shown())

    def __str__(self) -> str:
        return str(self._shown())


query_params = QueryParams()


# -- widgets bound to the URL (bind="query-params") -------------------------------------------

QUERY_PARAMS_BIND = "query-params"

#: text of a URL value shown in a warning, at most
_SHOWN = 80


@dataclass
class Binding:
    """A key bound to one widget, and the URL's values for it when this module last matched the
    URL to the widget (None: absent). A URL that differs from ``synced`` was changed by someone
    else (a new session, back/forward, a link), and the widget takes its value from it."""

    wid: str
    synced: list[str] | None


def _bound(ctx: RunContext | None) -> dict[str, Binding]:
    return {} if ctx is None else ctx.bound_params


def _not_bound(key: str, what: str) -> None:
    if key in _bound(get_context()):
        raise StreamlitAPIException(
            f"Cannot directly {what} query parameter '{key}' - it is bound to a widget. "
            "Modify the widget value instead."
        )


def _none_bound(params: Mapping[str, Any]) -> None:
    bound = [k for k in params if k in _bound(get_context())]
    if bound:
        raise StreamlitAPIException(
            f"Cannot clear query parameters - the following are bound to widgets: {', '.join(map(repr, bound))}. "
            "Modify the widget values instead, or remove the bind parameter."
        )


def bind_key(bind: Any, key: str | None) -> bool:
    """Check a widget's ``bind`` (Streamlit's errors); True when it binds ``key`` to the URL."""
    if bind is None:
        return False
    if bind != QUERY_PARAMS_BIND:
        raise StreamlitValueError("Invalid `bind` value. Supported values: 'query-params', None.")
    if key is None:
        raise StreamlitMissingRequiredParameterError(
            "The `key` parameter is required. When using bind='query-params', the widget must have a unique "
            "'key' parameter specified. This 'key' will be used as the name of the query parameter."
        )
    if _is_embed(key):
        raise StreamlitAPIException(
            f"Cannot bind to reserved query parameter '{key}'. 'embed' and 'embed_options' are used "
            "internally for the page's embed functionality."
        )
    return True


def _last(values: list[str]) -> str:
    return values[-1] if values else ""


def _items(values: list[str]) -> list[str]:
    """A list widget's URL values: ``?k=a&k=b``; an empty one (``?k=``) is the empty list."""
    return [v for v in values if v != ""]


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise WidgetValueError("not a number") from None


def _number_text(v: Any) -> str:
    if isinstance(v, float) and math.isfinite(v) and v.is_integer():
        return str(int(v))
    return str(v)


def _label_index(labels: Sequence[str], text: str, new_ok: bool = False) -> int | str:
    try:
        return list(labels).index(text)
    except ValueError:
        if new_ok:
            return text
        raise WidgetValueError(f"{text[:_SHOWN]!r} is not one of the options") from None


#: Streamlit's time sliders count microseconds from 2000-01-01 00:00 (its base date), ours
#: milliseconds from midnight
_TIME_BASE_MICROS = (datetime(2000, 1, 1) - datetime(1970, 1, 1)) // timedelta(microseconds=1)


def _micros_ms(text: str, kind: str) -> int | None:
    """A date/time slider's raw URL value as Streamlit writes it (microseconds since the epoch,
    since 2000-01-01 for a time; a float is read as Streamlit reads it) in this slider's
    milliseconds; None when ``text`` is not a number."""
    base = _TIME_BASE_MICROS if kind == "time" else 0
    try:
        return (int(text) - base) // 1000
    except ValueError:
        pass
    try:
        micros = float(text)
    except ValueError:
        return None
    if not math.isfinite(micros):
        raise WidgetValueError("not a finite number")
    return math.floor((micros - base) / 1000)


def _time_ms(text: str, kind: str) -> int:
    from .elements.pickers import _to_ms

    raw = _micros_ms(text, kind)
    if raw is not None:
        return raw
    try:
        if kind == "date":
            return _to_ms(date.fromisoformat(text), "date")
        if kind == "time":
            return _to_ms(time.fromisoformat(text), "time")
        got = datetime.fromisoformat(text)
    except ValueError:
        raise WidgetValueError(f"not an ISO {kind}") from None
    if kind == "datetime":
        return _to_ms(got, "datetime")
    raise WidgetValueError(f"not an ISO {kind}")  # pragma: no cover


def _time_text(ms: Any, kind: str) -> str:
    from .elements.pickers import _from_ms

    v = _from_ms(int(ms), kind, None)  # type: ignore[arg-type]
    if kind == "date":
        return str(v.isoformat())
    return str(v.isoformat(timespec="seconds" if v.second else "minutes"))


def _multi(kind: str, form: Mapping[str, Any]) -> bool:
    return kind == "multiselect" or bool(form.get("multi"))


def to_wire(kind: str, form: Mapping[str, Any], values: list[str]) -> Any:
    """A widget's wire value from the URL's values for its key (WidgetValueError if they cannot
    be one); ``form`` is the widget's element (its ``options`` the plain labels). The widget's
    own ``deserialize`` then checks it as it checks a value from the page."""
    text = _last(values)
    if kind in ("checkbox", "toggle", "expander"):
        if text.lower() not in ("true", "false"):
            raise WidgetValueError("not true or false")
        return text.lower() == "true"
    if kind in ("text_input", "text_area", "tabs"):
        return text
    if kind == "color_picker":
        return text if text.startswith("#") else "#" + text
    if kind in ("time_input", "datetime_input"):
        return text or None
    if kind in ("number_input", "feedback", "pagination"):
        return None if text == "" else _number(text)
    if kind == "date_input":
        if form.get("range"):
            return _items(values)
        return text or None
    if kind == "slider":
        items = _items(values)
        time_kind = form.get("time")
        wire = [_time_ms(t, time_kind) if time_kind else _number(t) for t in items]
        if form.get("format") == "int" and not time_kind:
            # Streamlit 1.67 checks the bounds, then truncates (3.5 -> 3; 10.5 > 10 is refused)
            lo, hi = form.get("min", -math.inf), form.get("max", math.inf)
            wire = [math.trunc(w) if isinstance(w, float) and math.isfinite(w) and lo <= w <= hi else w for w in wire]
        if form.get("range"):
            return wire
        if len(wire) != 1:
            raise WidgetValueError("not one value")
        return wire[0]
    labels = form.get("options")
    if isinstance(labels, list):
        new_ok = bool(form.get("accept_new_options"))
        if _multi(kind, form) or (kind == "select_slider" and form.get("range")):
            return [_label_index(labels, t, new_ok) for t in _items(values)]
        return None if text == "" else _label_index(labels, text)
    raise WidgetValueError(f"a {kind} cannot be bound to the URL")  # pragma: no cover


def to_url(kind: str, form: Mapping[str, Any], wire: Any) -> list[str]:
    """The inverse of :func:`to_wire`: the URL's values for a wire value."""
    if isinstance(wire, bool):
        return ["true" if wire else "false"]
    if wire is None:
        return [""]
    if kind == "slider" and form.get("time"):
        items = wire if isinstance(wire, list) else [wire]
        return [_time_text(ms, form["time"]) for ms in items] or [""]
    labels = form.get("options")
    if isinstance(labels, list):
        items = wire if isinstance(wire, list) else [wire]
        return [labels[w] if isinstance(w, int) else str(w) for w in items] or [""]
    if isinstance(wire, list):
        return [_number_text(w) for w in wire] or [""]
    return [_number_text(wire)]


def _warn(ctx: RunContext, wdef: WidgetDef, values: list[str], why: str) -> None:
    shown = _last(values) if len(values) == 1 else values
    text = repr(shown)
    if len(text) > _SHOWN:
        text = text[:_SHOWN] + "..."
    name = f"{wdef.kind} '{wdef.label}'" if wdef.label else wdef.kind
    ctx.writer.outbox.notice(
        "warning",
        f"The URL's query parameter {wdef.key!r} = {text} is not a value for the {name} ({why}); "
        "it shows its default value instead.",
    )


def seed_from_url(ctx: RunContext, wdef: WidgetDef, form: Mapping[str, Any]) -> None:
    """Before a bound widget registers: when the URL changed since the last match (or the
    widget is new), the URL's value for its key becomes its value (no ``on_change``); a key
    absent after back/forward gives the default. A value it refuses: the default, a warning."""
    if ctx.nav is None or wdef.key is None:
        return
    bound = _bound(ctx)
    key = wdef.key
    have = ctx.nav.query.get(key)
    was = bound.get(key)
    if was is not None and was.wid == wdef.id and was.synced == have:
        return  # the URL is as this module left it: the widget's own value stands
    bound[key] = Binding(wdef.id, None if have is None else list(have))
    if have is None:
        if was is None or was.wid != wdef.id:
            return  # a new widget, nothing in the URL: its usual value
        value = wdef.default  # back/forward to a URL without the key
    else:
        try:
            value = wdef.deserialize(to_wire(wdef.kind, form, have))
        except (WidgetValueError, ValueError, TypeError, IndexError, KeyError) as err:
            _warn(ctx, wdef, have, str(err) if isinstance(err, WidgetValueError) else "invalid value")
            value = wdef.default
    ctx.state.set_widget_value(wdef, value)


def write_back(ctx: RunContext, wdef: WidgetDef, form: Mapping[str, Any], value: Any) -> None:
    """After a bound widget registered: its value into the URL (the key removed at the default),
    one ``query_params`` message when that changes the URL."""
    if ctx.nav is None or wdef.key is None:
        return
    try:
        wire = wdef.serialize(value)
        want = None if wire == wdef.serialize(wdef.default) else to_url(wdef.kind, form, wire)
    except (ValueError, TypeError, IndexError, KeyError):
        return
    key = wdef.key
    params = ctx.nav.query
    if params.get(key) != want:
        if want is None:
            params.pop(key, None)
        else:
            params[key] = want
        query_params._send(entry=False)
    _bound(ctx)[key] = Binding(wdef.id, want)


def unbind_gone_widgets(ctx: RunContext) -> None:
    """After a complete run: a bound widget the run did not draw is gone, and its key leaves
    the URL (Streamlit's rule)."""
    bound = _bound(ctx)
    gone = [k for k, b in bound.items() if not ctx.state.is_defined(b.wid)]
    if not gone:
        return
    changed = False
    for key in gone:
        del bound[key]
        if ctx.nav is not None and key in ctx.nav.query:
            del ctx.nav.query[key]
            changed = True
    if changed:
        query_params._send(entry=False)
