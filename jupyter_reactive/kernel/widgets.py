"""Input widgets (``jr.slider``, ``jr.button``, ``jr.selectbox`` ...), Streamlit's names and rules.

Script thread for drawing; each widget also leaves a :class:`~.state.WidgetDef` whose
``deserialize`` is what the subshell thread uses to validate values from the page. Wire values
(docs/protocol.md): numbers, bools, strings, and option *indices* for choice widgets, so options
can be any Python objects and a page can never inject a value that is not an option.
"""

from __future__ import annotations

import hashlib
import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

from .state import WidgetDef, WidgetValueError

Callback = Callable[..., Any] | None


def widget_id(kind: str, label: str, key: str | None, parts: Sequence[Any], form_id: str | None) -> str:
    """Stable across runs: from ``key`` when given (so a changed label keeps the value), else
    from the label and the parameters that define the widget."""
    basis = repr((kind, key)) if key is not None else repr((kind, label, tuple(parts), form_id))
    return kind[:2] + "-" + hashlib.sha1(basis.encode()).hexdigest()[:16]


def _number(value: Any, what: str = "value") -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WidgetValueError(f"{what} must be a number")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int too large for a float (JSON allows 400-digit numbers)
        finite = False
    if not finite:
        raise WidgetValueError(f"{what} must be finite")
    return value


def _in_range(value: float | int, lo: float | int | None, hi: float | int | None) -> None:
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise WidgetValueError(f"value out of range [{lo}, {hi}]")


def _as_kind(value: float | int, integer: bool) -> float | int:
    if integer:
        if isinstance(value, float) and not value.is_integer():
            raise WidgetValueError("value must be a whole number")
        return int(value)
    return float(value)


def _index(value: Any, n: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < n:
        raise WidgetValueError("not one of the options")
    return value


def _label(label: Any) -> str:
    if not isinstance(label, str):
        raise TypeError("a widget label must be a string")
    return label


class WidgetsMixin:
    _ctx: Any
    _form_id: str | None

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
        media: Sequence[Any] = (),
    ) -> Any:
        label = _label(label)
        if key is not None and not isinstance(key, str):
            key = str(key)
        self._yield_point()
        wid = widget_id(kind, label, key, parts, self._form_id)
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
        )
        value = self._ctx.state.register(wdef) if self._ctx is not None else default
        el = {
            "kind": "widget",
            "widget": kind,
            "id": wid,
            "label": label,
            "value": None if trigger else serialize(value),
            "disabled": bool(disabled),
            "help": help,
            "label_visibility": label_visibility,
            "form_id": self._form_id,
        }
        if extra:
            el.update(extra)
        self._emit(el, check=False, media=media)
        return value

    # -- buttons -----------------------------------------------------------------------------

    def button(
        self,
        label: str,
        key: str | None = None,
        help: str | None = None,
        on_click: Callback = None,
        args: Any = None,
        kwargs: Any = None,
        *,
        type: str = "secondary",
        disabled: bool = False,
        use_container_width: bool = False,
    ) -> bool:
        if self._form_id is not None:
            raise RuntimeError("jr.button() can't be used in a form; use jr.form_submit_button()")
        return self._widget(
            "button",
            label,
            False,
            _trigger,
            bool,
            key=key,
            help=help,
            on_change=on_click,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            trigger=True,
            extra={"button_type": type},
        )

    def form_submit_button(
        self,
        label: str = "Submit",
        help: str | None = None,
        on_click: Callback = None,
        args: Any = None,
        kwargs: Any = None,
        *,
        type: str = "secondary",
        disabled: bool = False,
        use_container_width: bool = False,
    ) -> bool:
        # outside an app `with jr.form()` has no stack to enter, so there is nothing to check
        if self._form_id is None and self._ctx is not None:
            raise RuntimeError("jr.form_submit_button() must be used inside a jr.form()")
        return self._widget(
            "form_submit_button",
            label,
            False,
            _trigger,
            bool,
            key=None,
            help=help,
            on_change=on_click,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            trigger=True,
            extra={"button_type": type},
        )

    # -- booleans ----------------------------------------------------------------------------

    def checkbox(
        self,
        label: str,
        value: bool = False,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: Any = None,
        kwargs: Any = None,
        *,
        disabled: bool = False,
        label_visibility: str = "visible",
    ) -> bool:
        return self._widget(
            "checkbox",
            label,
            bool(value),
            _bool,
            bool,
            key=key,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(bool(value),),
        )

    def toggle(
        self,
        label: str,
        value: bool = False,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: Any = None,
        kwargs: Any = None,
        *,
        disabled: bool = False,
        label_visibility: str = "visible",
    ) -> bool:
        return self._widget(
            "toggle",
            label,
            bool(value),
            _bool,
            bool,
            key=key,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(bool(value),),
        )

    # -- numbers -----------------------------------------------------------------------------

    def slider(
        self,
        label: str,
        min_value: Any = None,
        max_value: Any = None,
        value: Any = None,
        step: Any = None,
        format: str | None = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: Any = None,
        kwargs: Any = None,
        *,
        disabled: bool = False,
        label_visibility: str = "visible",
    ) -> Any:
        is_range = isinstance(value, (list, tuple))
        samples = [v for v in (min_value, max_value, step, *(value if is_range else [value])) if v is not None]
        for v in samples:
            if isinstance(v, bool) or not isinstance(v, numbers.Real):
                raise TypeError("jr.slider supports int and float values")
        integer = all(isinstance(v, numbers.Integral) for v in samples)
        lo = min_value if min_value is not None else (0 if integer else 0.0)
        hi = max_value if max_value is not None else (100 if integer else 1.0)
        if lo > hi:
            raise ValueError("min_value must be less than or equal to max_value")
        step = step if step is not None else (1 if integer else 0.01)
        if step <= 0:
            raise ValueError("step must be positive")
        default: Any = (
            [lo, hi] if is_range and not value else list(value) if is_range else (lo if value is None else value)
        )
        cast = int if integer else float
        if is_range:
            if len(default) != 2:
                raise ValueError("a range slider's value must have two items")
            default = (cast(default[0]), cast(default[1]))
            for v in default:
                _in_range(v, lo, hi)
        else:
            default = cast(default)
            _in_range(default, lo, hi)

        def deserialize(wire: Any) -> Any:
            if is_range:
                if not isinstance(wire, list) or len(wire) != 2:
                    raise WidgetValueError("a range slider takes [start, end]")
                a, b = (_as_kind(_number(w), integer) for w in wire)
                _in_range(a, lo, hi)
                _in_range(b, lo, hi)
                if a > b:
                    raise WidgetValueError("start must not exceed end")
                return (a, b)
            v = _as_kind(_number(wire), integer)
            _in_range(v, lo, hi)
            return v

        serialize = (lambda v: [v[0], v[1]]) if is_range else (lambda v: v)
        return self._widget(
            "slider",
            label,
            default,
            deserialize,
            serialize,
            key=key,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(lo, hi, step, default),
            extra={"min": lo, "max": hi, "step": step, "range": is_range, "format": "int" if integer else "float"},
        )

    def number_input(
        self,
        label: str,
        min_value: Any = None,
        max_value: Any = None,
        value: Any = "min",
        step: Any = None,
        format: str | None = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: Any = None,
        kwargs: Any = None,
        *,
        placeholder: str | None = None,
        disabled: bool = False,
        label_visibility: str = "visible",
    ) -> Any:
        given = [v for v in (min_value, max_value, step, None if value in ("min", None) else value) if v is not None]
        for v in given:
            if isinstance(v, bool) or not isinstance(v, numbers.Real):
                raise TypeError("jr.number_input supports int and float values")
        if min_value is not None and max_value is not None and min_value > max_value:
            raise ValueError("min_value must be less than or equal to max_value")
        integer = bool(given) and all(isinstance(v, numbers.Integral) for v in given)
        if value == "min":
            value = min_value if min_value is not None else (0 if integer else 0.0)
        step = step if step is not None else (1 if integer else 0.01)
        cast = int if integer else float
        default = None if value is None else cast(value)
        if default is not None:
            _in_range(default, min_value, max_value)

        def deserialize(wire: Any) -> Any:
            if wire is None and default is None:
                return None
            v = _as_kind(_number(wire), integer)
            _in_range(v, min_value, max_value)
            return v

        return self._widget(
            "number_input",
            label,
            default,
            deserialize,
            lambda v: v,
            key=key,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(min_value, max_value, step, default),
            extra={
                "min": min_value,
                "max": max_value,
                "step": step,
                "format": "int" if integer else "float",
                "placeholder": placeholder,
            },
        )

    # -- text --------------------------------------------------------------------------------

    def _text_widget(
        self, kind: str, label: str, value: Any, max_chars: int | None, extra: dict[str, Any], **common: Any
    ) -> str:
        default = "" if value is None else str(value)
        if max_chars is not None and len(default) > max_chars:
            raise ValueError("the default value is longer than max_chars")

        def deserialize(wire: Any) -> str:
            if not isinstance(wire, str):
                raise WidgetValueError("value must be text")
            if max_chars is not None and len(wire) > max_chars:
                raise WidgetValueError(f"text longer than {max_chars} characters")
            return wire

        return self._widget(
            kind,
            label,
            default,
            deserialize,
            str,
            parts=(default, max_chars),
            extra={"max_chars": max_chars, **extra},
            **common,
        )

    def text_input(
        self,
        label: str,
        value: Any = "",
        max_chars: int | None = None,
        key: str | None = None,
        type: str = "default",
        help: str | None = None,
        autocomplete: str | None = None,
        on_change: Callback = None,
        args: Any = None,
        kwargs: Any = None,
        *,
        placeholder: str | None = None,
        disabled: bool = False,
        label_visibility: str = "visible",
    ) -> str:
        return self._text_widget(
            "text_input",
            label,
            value,
            max_chars,
            {"placeholder": placeholder, "password": type == "password"},
            key=key,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
        )

    def text_area(
        self,
        label: str,
        value: Any = "",
        height: int | None = None,
        max_chars: int | None = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: Any = None,
        kwargs: Any = None,
        *,
        placeholder: str | None = None,
        disabled: bool = False,
        label_visibility: str = "visible",
    ) -> str:
        return self._text_widget(
            "text_area",
            label,
            value,
            max_chars,
            {"placeholder": placeholder, "height": height},
            key=key,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
        )

    # -- choices -----------------------------------------------------------------------------

    def _choice(
        self,
        kind: str,
        label: str,
        options: Any,
        index: int | None,
        format_func: Callable[[Any], Any],
        extra: dict[str, Any],
        **common: Any,
    ) -> Any:
        opts = list(options)
        labels = [str(format_func(o)) for o in opts]
        if index is not None and (
            isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < max(len(opts), 1)
        ):
            raise ValueError(f"index {index!r} is out of range for {len(opts)} options")
        default = opts[index] if index is not None and opts else None
        allow_none = index is None or not opts

        def deserialize(wire: Any) -> Any:
            if wire is None and allow_none:
                return None
            return opts[_index(wire, len(opts))]

        def serialize(value: Any) -> int | None:
            if value is None:
                if allow_none:
                    return None
                raise ValueError("no option selected")
            return _position(opts, value)

        return self._widget(
            kind,
            label,
            default,
            deserialize,
            serialize,
            parts=(tuple(labels), index),
            extra={"options": labels, **extra},
            **common,
        )

    def selectbox(
        self,
        label: str,
        options: Any,
        index: int | None = 0,
        format_func: Callable[[Any], Any] = str,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: Any = None,
        kwargs: Any = None,
        *,
        placeholder: str | None = None,
        disabled: bool = False,
        label_visibility: str = "visible",
    ) -> Any:
        return self._choice(
            "selectbox",
            label,
            options,
            index,
            format_func,
            {"placeholder": placeholder},
            key=key,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
        )

    def radio(
        self,
        label: str,
        options: Any,
        index: int | None = 0,
        format_func: Callable[[Any], Any] = str,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: Any = None,
        kwargs: Any = None,
        *,
        disabled: bool = False,
        horizontal: bool = False,
        captions: Any = None,
        label_visibility: str = "visible",
    ) -> Any:
        return self._choice(
            "radio",
            label,
            options,
            index,
            format_func,
            {"horizontal": bool(horizontal)},
            key=key,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
        )

    def multiselect(
        self,
        label: str,
        options: Any,
        default: Any = None,
        format_func: Callable[[Any], Any] = str,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: Any = None,
        kwargs: Any = None,
        *,
        max_selections: int | None = None,
        placeholder: str = "Choose an option",
        disabled: bool = False,
        label_visibility: str = "visible",
    ) -> list[Any]:
        opts = list(options)
        labels = [str(format_func(o)) for o in opts]
        if default is None:
            chosen: list[Any] = []
        elif isinstance(default, (list, tuple, set)):
            chosen = list(default)
        else:
            chosen = [default]
        for item in chosen:
            _position(opts, item)  # raises ValueError for a default that is not an option
        if max_selections is not None and len(chosen) > max_selections:
            raise ValueError("more defaults than max_selections")

        def deserialize(wire: Any) -> list[Any]:
            if not isinstance(wire, list):
                raise WidgetValueError("value must be a list of options")
            idx = [_index(w, len(opts)) for w in wire]
            if len(set(idx)) != len(idx):
                raise WidgetValueError("an option was chosen twice")
            if max_selections is not None and len(idx) > max_selections:
                raise WidgetValueError(f"at most {max_selections} options may be chosen")
            return [opts[i] for i in idx]

        def serialize(value: Any) -> list[int]:
            return [_position(opts, v) for v in value]

        return self._widget(
            "multiselect",
            label,
            chosen,
            deserialize,
            serialize,
            key=key,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(tuple(labels), tuple(serialize(chosen))),
            extra={"options": labels, "max_selections": max_selections, "placeholder": placeholder},
        )


def _position(options: list[Any], value: Any) -> int:
    for i, option in enumerate(options):
        try:
            if option is value or bool(option == value):
                return i
        except Exception:
            continue
    raise ValueError(f"{value!r} is not one of the options")


def _trigger(wire: Any) -> bool:
    if wire is not True:
        raise WidgetValueError("a button only sends true")
    return True


def _bool(wire: Any) -> bool:
    if not isinstance(wire, bool):
        raise WidgetValueError("value must be true or false")
    return wire
