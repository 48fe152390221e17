"""What every input widget shares: the ``_widget`` call that registers a widget and draws it,
its stable id, and the validators of wire values (script thread for drawing; the
``deserialize`` functions also run on the subshell thread, via :meth:`~..state.SessionState.validate`).

Wire values (docs/protocol.md): numbers, bools, strings, and option *indices* for choice widgets,
so options can be any Python objects and a page can never inject a value that is not an option.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import textwrap
from collections.abc import Callable, Sequence
from html import escape
from typing import Any, Literal

from ..delta import BaseContainer
from ..display import markdown_html
from ..errors import (
    StreamlitAPIException,
    StreamlitInvalidParameterTypeError,
    StreamlitMissingRequiredParameterError,
    StreamlitValueError,
)
from ..fragments import widget_fragment
from ..media import MediaBlob
from ..query_params import bind_key, seed_from_url, write_back
from ..state import WidgetDef, WidgetValueError

_log = logging.getLogger("jupyter_reactive")

Callback = Callable[..., Any] | None
"""``on_change`` / ``on_click``: called with ``args`` and ``kwargs`` before the next run."""
LabelVisibility = Literal["visible", "hidden", "collapsed"]
ButtonType = Literal["primary", "secondary", "tertiary"]


def widget_id(
    kind: str,
    label: str,
    key: str | None,
    parts: Sequence[Any],
    form_id: str | None,
    keyed: Sequence[Any] | None = None,
    root: int = 0,
) -> str:
    """Stable across runs: from ``key`` when given (so a changed label keeps the value) and the
    parameters that stay part of a keyed widget's identity in Streamlit 1.67 (``keyed``: the
    values of its ``key_as_main_identity`` set, e.g. a slider's bounds; a change resets the
    value), else from the label and the parameters that define the widget, and the page's root
    it is drawn in (``root``: the first index of its path, so that one widget can be in the main
    area and the sidebar at once, as in Streamlit, whose id holds the root container; the main
    area's ids are those of before)."""
    if key is None:
        basis = repr((kind, label, tuple(parts), form_id) + ((root,) if root else ()))
    else:
        basis = repr((kind, key)) if keyed is None else repr((kind, key, tuple(keyed)))
    return kind[:2] + "-" + hashlib.sha1(basis.encode()).hexdigest()[:16]


def _root(here: Any) -> int:
    """The root a container writes into (``protocol.MAIN``, ``protocol.SIDEBAR`` ...)."""
    path = getattr(here, "_path", None)
    return path[0] if path else 0


def number(value: Any, what: str = "value") -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WidgetValueError(f"{what} must be a number")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int too large for a float (JSON allows 400-digit numbers)
        finite = False
    if not finite:
        raise WidgetValueError(f"{what} must be finite")
    return value


def in_range(value: float | int, lo: float | int | None, hi: float | int | None) -> None:
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise WidgetValueError(f"value out of range [{lo}, {hi}]")


def as_kind(value: float | int, integer: bool) -> float | int:
    if integer:
        if isinstance(value, float) and not value.is_integer():
            raise WidgetValueError("value must be a whole number")
        return int(value)
    return float(value)


def index(value: Any, n: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < n:
        raise WidgetValueError("not one of the options")
    return value


def position(options: list[Any], value: Any) -> int:
    for i, option in enumerate(options):
        try:
            if option is value or bool(option == value):
                return i
        except Exception:
            continue
    raise ValueError(f"{value!r} is not one of the options")


def option_list(options: Any) -> list[Any]:
    """A choice widget's options as a list, as Streamlit reads them: a DataFrame's first column,
    a Series' or an array's values, a dict's keys, any other iterable's items."""
    if hasattr(options, "columns") and hasattr(options, "iloc"):  # a pandas DataFrame
        return list(options.iloc[:, 0]) if len(options.columns) else []
    if hasattr(options, "tolist") and callable(options.tolist):  # a Series, an Index, an array
        flat = options.tolist()
        return flat if isinstance(flat, list) else [flat]
    return list(options)


def default_list(default: Any) -> list[Any]:
    """A multi-choice widget's ``default`` as a list, as Streamlit reads it: None is nothing, a
    list, tuple or set its items, an array, Series or Index its values (``default=df.year.unique()``),
    anything else (a string too) one value."""
    if default is None:
        return []
    if isinstance(default, (list, tuple, set, frozenset)):
        return list(default)
    if hasattr(default, "tolist") and callable(default.tolist) and getattr(default, "ndim", 1) != 0:
        return option_list(default)
    return [default]


def trigger(wire: Any) -> bool:
    if wire is not True:
        raise WidgetValueError("a button only sends true")
    return True


def boolean(wire: Any) -> bool:
    if not isinstance(wire, bool):
        raise WidgetValueError("value must be true or false")
    return wire


def number_format(format: str | None, integer: bool) -> str | None:
    """A printf-style format for the shown value (``"%d"``, ``"%.2f"``, ``"%e"``, ``"$%.2f"``),
    checked with Python's ``%`` on a sample value of the widget's type."""
    if format is None:
        return None
    try:
        if not isinstance(format, str):
            raise TypeError
        format % (7 if integer else 7.5)
    except (TypeError, ValueError):
        raise ValueError(
            f"format {format!r} is not a printf-style format for one {'int' if integer else 'float'}"
        ) from None
    return format


def field_icon(icon: Any) -> str | None:
    """The ``icon=`` of a text, number or select field (drawn inside it, at the left), checked as
    Streamlit checks it: None or blank is no icon; an emoji, ``":material/name:"`` or
    ``"spinner"``; anything else raises StreamlitAPIException."""
    from .buttons import icon_value

    if icon is None or (isinstance(icon, str) and not icon.strip()):
        return None
    if not isinstance(icon, str):
        raise StreamlitInvalidParameterTypeError(
            f"Invalid `icon` type. Expected one of: str, None. Provided type: {type(icon).__name__}."
        )
    try:
        return icon_value(icon)
    except ValueError as e:
        raise StreamlitAPIException(str(e)) from None


def required_field(required: Any) -> dict[str, Any]:
    """A field's ``required`` on the wire: ``"(required)"`` after its label, and an empty value
    not applied (a form not submitted); checked by the page only, as in Streamlit 1.67, whose
    docstrings say the browser's check can be bypassed."""
    return {"required": True} if required else {}


def session_state_duplicate_warning(ctx: Any, key: str) -> None:
    """Streamlit's warning for a widget given both a starting value and a value through
    ``session_state[key]`` (the session_state value wins). Like Streamlit it goes to the log
    (the terminal of ``jupyter reactive serve``), not the page, once per session."""
    if ("session_state", "default") in ctx.warned:
        return
    ctx.warned.add(("session_state", "default"))
    _log.warning(
        'The widget with key "%s" was created with a default value but also had its value set via the Session '
        "State API.",
        key,
    )


@functools.lru_cache(maxsize=1024)
def label_html(label: str) -> str | None:
    """A widget's label as inline-markdown HTML (Streamlit draws ``**bold**``, ``*italic*``,
    inline code, links, emoji and ``:material/…:`` in labels), or None when it is plain text.
    Cached: a script draws the same labels on every run."""
    out = markdown_html(label, inline=True)
    return None if out == escape(label, quote=False) else out


def _label(label: Any) -> str:
    if not isinstance(label, str):
        raise TypeError("a widget label must be a string")
    return label


def tracks_state(on_change: Any) -> bool:
    """Does an expander, popover or tabs with this ``on_change`` keep a value (Streamlit 1.67)?
    ``"ignore"`` (the default) or None: no; ``"rerun"`` or a callable: yes."""
    if on_change is None or on_change == "ignore":
        return False
    if on_change == "rerun" or callable(on_change):
        return True
    raise StreamlitAPIException(f'on_change must be "ignore", "rerun" or a callable, not {on_change!r}')


def track_container(
    here: BaseContainer,
    kind: str,
    label: str,
    default: Any,
    deserialize: Callable[[Any], Any],
    *,
    key: Any,
    on_change: Any,
    args: Any,
    kwargs: Any,
    parts: Sequence[Any] = (),
    bind: Any = None,
) -> tuple[str, Any]:
    """Register an expander's, popover's or tabs' open state as a widget value (no element of
    its own: the block carries ``id`` and ``value``); returns (widget id, the value the script
    sees). Its changes rerun the app (or the fragment that draws it), after a callable
    ``on_change``; ``session_state[key]`` reads and sets it. Never part of a form. ``bind``:
    as a widget's (the URL keeps the state under ``key``)."""
    if key is not None and not isinstance(key, str):
        key = str(key)
    bound = bind_key(bind, key)
    here._yield_point()
    wid = widget_id(kind, label, key, parts, None, root=_root(here))
    wdef = WidgetDef(
        wid,
        kind,
        label,
        default,
        deserialize,
        lambda v: v,
        key,
        False,
        on_change if callable(on_change) else None,
        tuple(args or ()),
        dict(kwargs or {}),
        None,
        widget_fragment(here._here()),
    )
    ctx = here._run_context()
    if ctx is None:
        return wid, default
    form = {"options": list(parts)} if kind == "tabs" else {}
    if bound:
        seed_from_url(ctx, wdef, form)
    value = ctx.state.register(wdef)
    if bound:
        write_back(ctx, wdef, form, value)
    return wid, value


def open_flag(value: Any) -> bool:
    """The wire value of an expander's or popover's state: a bool."""
    if not isinstance(value, bool):
        raise WidgetValueError("an open state must be true or false")
    return value


class WidgetBase(BaseContainer):
    """The machinery of input widgets; the widget families subclass it."""

    def _selection_widget(
        self,
        kind: str,
        label: str,
        empty: Any,
        deserialize: Callable[[Any], Any],
        serialize: Callable[[Any], Any],
        *,
        key: str | None,
        on_select: Any,
        parts: Sequence[Any],
        extra: dict[str, Any],
    ) -> Any:
        """A chart whose value is the viewer's selection (``on_select`` set): no label, never
        disabled, and a callable ``on_select`` is its ``on_change``."""
        return self._widget(
            kind,
            label,
            empty,
            deserialize,
            serialize,
            key=key,
            help=None,
            on_change=on_select if callable(on_select) else None,
            args=None,
            kwargs=None,
            disabled=False,
            label_visibility="collapsed",
            parts=parts,
            extra=extra,
        )

    def _persist_scope(self, key: str | None, bound: bool) -> str | None:
        """The ``persist_state`` of the widget being drawn (params.persists), taken once and
        checked as Streamlit checks it; bound to the URL, the value persists for the session
        whatever the scope, and without one (Streamlit 1.67 keeps a bound widget's value under
        its key while no run draws it, and the URL takes it back when it is drawn again)."""
        ctx = self._here()._ctx
        if ctx is None:
            return None
        if ctx.persist is None:
            return "session" if bound else None
        scope, ctx.persist = ctx.persist, None
        if not isinstance(scope, str) or scope not in ("page", "session"):
            raise StreamlitValueError("Invalid `persist_state` value. Supported values: 'page', 'session', None.")
        if key is None:
            raise StreamlitMissingRequiredParameterError(
                "The `key` parameter is required. When using persist_state, the widget must have a unique 'key' "
                "parameter specified so its value can be preserved across reruns and page switches."
            )
        return "session" if bound else scope

    def _widget(
        self,
        kind: str,
        label: str,
        default: Any,
        deserialize: Callable[[Any], Any],
        serialize: Callable[[Any], Any],
        *,
        key: str | None,
        help: str | None,
        on_change: Callback,
        args: Any,
        kwargs: Any,
        disabled: bool,
        label_visibility: str = "visible",
        trigger: bool = False,
        parts: Sequence[Any] = (),
        extra: dict[str, Any] | None = None,
        media: Sequence[MediaBlob] = (),
        value_given: bool = False,
        bind: Any = None,
        url_options: Sequence[str] | None = None,
        present: Callable[[Any], Any] | None = None,
        vet: Callable[[Any], None] | None = None,
        keyed: Sequence[Any] | None = None,
    ) -> Any:
        """Register the widget, draw it, and return the value the script sees. ``value_given``:
        the script passed a starting value of its own (Streamlit then warns when session_state
        also sets one through the widget's key). ``bind="query-params"``: the URL's parameter
        ``key`` holds the value (kernel/query_params.py); ``url_options``: the options' plain
        labels the URL names them by, when ``extra["options"]`` is not that. ``present``: what
        ``session_state[key]`` shows for a value, if not the value itself. ``vet``: raises for a
        value set through ``session_state[key]`` that Streamlit refuses (:class:`~..state.WidgetDef`).
        ``keyed``: what stays part of the widget's identity when it has a key (:func:`widget_id`)."""
        label = _label(label)
        if key is not None and not isinstance(key, str):
            key = str(key)
        bound = bind_key(bind, key)
        persist = self._persist_scope(key, bound)
        self._yield_point()
        form_id, form_clears = self._form()
        fragment_id = widget_fragment(self._here())
        wid = widget_id(kind, label, key, parts, form_id, keyed, root=_root(self._here()))
        wdef = WidgetDef(
            wid,
            kind,
            label,
            default,
            deserialize,
            serialize,
            key,
            trigger,
            on_change,
            tuple(args or ()),
            dict(kwargs or {}),
            form_id,
            fragment_id,
            present,
            vet,
            persist,
        )
        ctx = self._run_context()
        if ctx is not None and value_given and key is not None and ctx.state.has_user_value(key):
            session_state_duplicate_warning(ctx, key)
        form = {**(extra or {}), **({"options": list(url_options)} if url_options is not None else {})}
        if bound and ctx is not None:
            seed_from_url(ctx, wdef, form)
        if ctx is None:
            value = default
        else:
            page = ctx.nav.page_id() if persist and ctx.nav is not None else ""
            value = ctx.state.register(wdef, page, ctx.in_page)
        if bound and ctx is not None:
            write_back(ctx, wdef, form, value)
        el = {
            "kind": "widget",
            "widget": kind,
            "id": wid,
            "label": label,
            "value": None if trigger else serialize(value),
            "disabled": bool(disabled),
            # as Streamlit 1.67's to_help_str: text, dedented (a triple-quoted help keeps no indent)
            "help": None if help is None else textwrap.dedent(str(help)),
            "label_visibility": label_visibility,
            "form_id": form_id,
        }
        if extra:
            el.update(extra)
        if "label_html" not in el:
            shown = label_html(label)
            if shown is not None:
                el["label_html"] = shown
        was = None
        if form_clears and not trigger and ctx is not None and ctx.state.form_submitted(form_id):
            # form(clear_on_submit=True): the script gets what was submitted; the page and the
            # next run get the default. The page's control shows the submitted value, which
            # the writer never sent, so it is told that first (write_over).
            ctx.state.clear_after_run(wid)
            was, el = el, {**el, "value": serialize(default)}
        self._emit(el, check=False, media=media, was=was)
        return value
