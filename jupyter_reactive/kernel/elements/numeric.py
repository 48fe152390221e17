"""Number widgets: ``slider`` and ``number_input`` (script thread; see :mod:`.widget_base`).

Both keep the type the script used: all-int arguments give an int widget, any float a float
one (``format`` on the wire says which, ``number_format`` how the page shows the value).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any, overload

from ..params import BindOption, PersistStateOption, WidthWithoutContent, laid_out, persists
from ..state import WidgetValueError
from .pickers import time_kind, time_slider
from .widget_base import (
    Callback,
    LabelVisibility,
    WidgetBase,
    as_kind,
    field_icon,
    in_range,
    number,
    number_format,
)

Number = int | float


class NumericMixin(WidgetBase):
    """Sliders and number inputs."""

    @overload
    def slider(
        self,
        label: str,
        min_value: int | None = None,
        max_value: int | None = None,
        value: int | None = ...,
        step: int | None = None,
        format: str | None = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> int: ...

    @overload
    def slider(
        self,
        label: str,
        min_value: float | None = None,
        max_value: float | None = None,
        value: float | None = ...,
        step: float | None = None,
        format: str | None = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> float: ...

    @overload
    def slider(
        self,
        label: str,
        min_value: int | None = None,
        max_value: int | None = None,
        value: tuple[int, int] | list[int] = ...,
        step: int | None = None,
        format: str | None = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> tuple[int, int]: ...

    @overload
    def slider(
        self,
        label: str,
        min_value: float | None = None,
        max_value: float | None = None,
        value: tuple[float, float] | list[float] = ...,
        step: float | None = None,
        format: str | None = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> tuple[float, float]: ...

    @persists
    @laid_out("width", content=False)
    def slider(
        self,
        label: str,
        min_value: Number | None = None,
        max_value: Number | None = None,
        value: Number | Sequence[Number] | None = None,
        step: Number | None = None,
        format: str | None = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> Any:
        """Show a slider; returns its number, or a ``(start, end)`` tuple for a range slider.
        Dates, times and datetimes work too (``format`` is then a moment.js-style pattern such
        as ``"YYYY-MM-DD"`` or ``"HH:mm"``, ``step`` a ``timedelta``; values are kept to the
        millisecond).

        Args:
            label: the text above the slider.
            min_value: the smallest value (default 0, or 0.0 for floats).
            max_value: the largest value (default 100, or 1.0 for floats).
            value: the starting value (default ``min_value``); a pair of numbers makes a range
                slider.
            step: the distance between values (default 1, or 0.01 for floats).
            format: how the page shows the value, printf-style (``"%d"``, ``"%.1f"``, ``"%.0f%%"``).
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unchangeable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
        """
        is_range = isinstance(value, (list, tuple))
        given: list[Any] = list(value) if isinstance(value, (list, tuple)) else [value]
        if any(time_kind(v) for v in (min_value, max_value, *given)):
            return time_slider(
                self,
                label,
                min_value,
                max_value,
                value,
                step,
                format,
                dict(
                    key=key,
                    bind=bind,
                    help=help,
                    on_change=on_change,
                    args=args,
                    kwargs=kwargs,
                    disabled=disabled,
                    label_visibility=label_visibility,
                    value_given=value is not None,
                ),
            )
        samples = [v for v in (min_value, max_value, step, *given) if v is not None]
        for v in samples:
            if isinstance(v, bool) or not isinstance(v, numbers.Real):
                raise TypeError("jr.slider supports int and float values")
        integer = all(isinstance(v, numbers.Integral) for v in samples)
        lo: Any = min_value if min_value is not None else (0 if integer else 0.0)
        hi: Any = max_value if max_value is not None else (100 if integer else 1.0)
        step = step if step is not None else (1 if integer else 0.01)
        if step <= 0:
            raise ValueError("step must be positive")
        shown_format = number_format(format, integer)
        default: Any = [lo, hi] if is_range and not value else given if is_range else (lo if value is None else value)
        # as Streamlit 1.67: bounds given reversed are swapped (the value still defaults to the
        # min_value given), and the bounds widen to take a value outside them (an app's
        # `slider("Year", 1986, 2006, (2000, 2016))` runs there)
        if lo > hi:
            lo, hi = hi, lo
        cast = int if integer else float
        if is_range:
            if len(default) != 2:
                raise ValueError("a range slider's value must have two items")
            default = tuple(sorted((cast(default[0]), cast(default[1]))))
        else:
            default = (cast(default),)
        for v in default:
            number(v, "a slider's value")
        lo, hi = min(lo, *default), max(hi, *default)
        if not is_range:
            (default,) = default

        def deserialize(wire: Any) -> Any:
            if is_range:
                if not isinstance(wire, list) or len(wire) != 2:
                    raise WidgetValueError("a range slider takes [start, end]")
                a, b = (as_kind(number(w), integer) for w in wire)
                in_range(a, lo, hi)
                in_range(b, lo, hi)
                if a > b:
                    raise WidgetValueError("start must not exceed end")
                return (a, b)
            v = as_kind(number(wire), integer)
            in_range(v, lo, hi)
            return v

        extra: dict[str, Any] = {
            "min": lo,
            "max": hi,
            "step": step,
            "range": is_range,
            "format": "int" if integer else "float",
        }
        if shown_format is not None:
            extra["number_format"] = shown_format
        return self._widget(
            "slider",
            label,
            default,
            deserialize,
            (lambda v: [v[0], v[1]]) if is_range else (lambda v: v),
            key=key,
            bind=bind,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(lo, hi, step, default),
            keyed=(lo, hi, step),
            extra=extra,
            value_given=value is not None,
        )

    @persists
    @laid_out("width", content=False)
    def number_input(
        self,
        label: str,
        min_value: Number | None = None,
        max_value: Number | None = None,
        value: Number | str | None = "min",
        step: Number | None = None,
        format: str | None = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        placeholder: str | None = None,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        required: bool = False,
        icon: str | None = None,
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> Any:
        """Show a number field with -/+ steppers; returns its number (None while empty, when
        ``value=None``).

        Args:
            label: the text above the field.
            min_value: the smallest value accepted (none by default).
            max_value: the largest value accepted (none by default).
            value: the starting value: ``"min"`` (``min_value``, or 0), a number, or None for an
                empty field.
            step: the stepper's increment (default 1, or 0.01 for floats).
            format: how the page shows the value when the field is not focused, printf-style
                (``"%d"``, ``"%.3f"``, ``"%e"``).
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            placeholder: grey text shown while the field is empty.
            disabled: show it greyed out and unchangeable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
            icon: an emoji, ``":material/icon_name:"`` or ``"spinner"`` inside the field at the
                left.
            required: an emptied field (``value=None``) is not applied: outside a form the last
                number is kept, a form is not submitted; the label says "(required)".
        """
        shown_icon = field_icon(icon)
        given = [v for v in (min_value, max_value, step, None if value in ("min", None) else value) if v is not None]
        for v in given:
            if isinstance(v, bool) or not isinstance(v, numbers.Real):
                raise TypeError("jr.number_input supports int and float values")
        if min_value is not None and max_value is not None and min_value > max_value:
            raise ValueError("min_value must be less than or equal to max_value")
        integer = bool(given) and all(isinstance(v, numbers.Integral) for v in given)
        shown_format = number_format(format, integer)
        if value == "min":
            value = min_value if min_value is not None else (0 if integer else 0.0)
        step = step if step is not None else (1 if integer else 0.01)
        cast = int if integer else float
        default = None if value is None else cast(value)
        if default is not None:
            in_range(default, min_value, max_value)

        def deserialize(wire: Any) -> Any:
            if wire is None and default is None:
                return None
            v = as_kind(number(wire), integer)
            in_range(v, min_value, max_value)
            return v

        extra: dict[str, Any] = {
            "min": min_value,
            "max": max_value,
            "step": step,
            "format": "int" if integer else "float",
            "placeholder": placeholder,
        }
        if shown_format is not None:
            extra["number_format"] = shown_format
        if shown_icon is not None:
            extra["icon"] = shown_icon
        if required:
            extra["required"] = True
        if value is None:  # the page may empty it (Escape), also once session_state filled it
            extra["clearable"] = True
        return self._widget(
            "number_input",
            label,
            default,
            deserialize,
            lambda v: v,
            key=key,
            bind=bind,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(min_value, max_value, step, default),
            extra=extra,
            value_given=value != "min",
        )
