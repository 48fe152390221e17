"""Value pickers: ``date_input``, ``time_input``, ``select_slider``, ``color_picker``, and the
date/time flavour of ``slider`` (script thread; the ``deserialize`` closures also run on the
subshell thread, see :mod:`.widget_base`).

Wire values (docs/protocol.md): dates as ISO strings ``"YYYY-MM-DD"``, times as ``"HH:MM"`` or
``"HH:MM:SS"``, colours as ``"#rrggbb"``, select_slider positions as option *indices*, and a
date/time slider's values as whole milliseconds (since 1970-01-01 for dates and datetimes, read
as UTC wall-clock time; since midnight for times), so the page's slider stays a number slider.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Literal, overload

from ..params import BindOption, PersistStateOption, Width, WidthWithoutContent, laid_out, persists
from ..state import WidgetValueError
from .widget_base import (
    Callback,
    LabelVisibility,
    WidgetBase,
    in_range,
    index,
    number,
    option_list,
    position,
    required_field,
)

DATE_FORMATS = (
    "YYYY/MM/DD",
    "DD/MM/YYYY",
    "MM/DD/YYYY",
    "YYYY.MM.DD",
    "DD.MM.YYYY",
    "MM.DD.YYYY",
    "YYYY-MM-DD",
    "DD-MM-YYYY",
    "MM-DD-YYYY",
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"(\d{2}):(\d{2})(?::(\d{2}))?")
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_DAY_MS = 86_400_000


def _years(d: date, years: int) -> date:
    """``d`` moved by whole years, clamped to the calendar's ends (29 February -> 28)."""
    y = d.year + years
    if y > date.max.year:
        return date.max
    if y < date.min.year:
        return date.min
    try:
        return d.replace(year=y)
    except ValueError:
        return d.replace(year=y, day=28)


def to_date(value: Any, what: str = "value") -> date:
    """A script's date-like argument: a date, a datetime (its date), ``"today"`` or ISO text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value == "today":
        return date.today()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            try:
                return datetime.fromisoformat(value).date()
            except ValueError:
                pass
    raise TypeError(f"{what} must be a date, a datetime, an ISO date string or 'today', not {value!r}")


def to_time(value: Any) -> time:
    """A script's time-like argument: a time, a datetime (its time), ``"now"`` or ISO text."""
    if value == "now":
        return datetime.now().time().replace(microsecond=0)
    if isinstance(value, str):
        try:
            return time.fromisoformat(value).replace(microsecond=0)
        except ValueError:
            try:
                return datetime.fromisoformat(value).time().replace(microsecond=0)
            except ValueError:
                pass
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0, tzinfo=None)
    if isinstance(value, time):
        return value
    raise TypeError(f"value must be a time, a datetime, an ISO time string or 'now', not {value!r}")


def wire_date(wire: Any) -> date:
    if not isinstance(wire, str) or not _ISO_DATE.fullmatch(wire):
        raise WidgetValueError("a date must be text as YYYY-MM-DD")
    try:
        return date.fromisoformat(wire)
    except ValueError:
        raise WidgetValueError("not a calendar date") from None


def _held_dates(ctx: Any, key: str | None) -> frozenset[date]:
    """The dates ``session_state[key]`` holds before a date_input registers (a date, or a
    range's dates); empty without a key or a run."""
    if key is None or ctx is None:
        return frozenset()
    held = ctx.state.get(str(key))
    dates = held if isinstance(held, (list, tuple)) else [held]
    return frozenset(d.date() if isinstance(d, datetime) else d for d in dates if isinstance(d, date))


def iso(d: date) -> str:
    # four-digit years even before 1000 (strftime does not pad them on every platform)
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _time_text(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}" + (f":{t.second:02d}" if t.second else "")


def to_datetime(value: Any, what: str = "value") -> datetime:
    """A script's datetime-like argument, naive as Streamlit makes it: a datetime (its zone
    dropped), a date (at 00:00), a time (today at it), ``"now"`` or ISO text of any of these."""
    if value == "now":
        return datetime.now().replace(microsecond=0)
    if isinstance(value, str):
        for parse in (datetime.fromisoformat, date.fromisoformat, time.fromisoformat):
            try:
                return to_datetime(parse(value), what)
            except ValueError:
                continue
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, time):
        return datetime.combine(date.today(), value.replace(tzinfo=None, microsecond=0))
    raise TypeError(f"{what} must be a datetime, a date, a time, an ISO string or 'now', not {value!r}")


def _datetime_text(d: datetime) -> str:
    return f"{iso(d.date())}T{d.hour:02d}:{d.minute:02d}" + (f":{d.second:02d}" if d.second else "")


def _step_seconds(step: Any) -> int:
    if isinstance(step, timedelta):
        step = int(step.total_seconds())
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= 23 * 3600:
        raise ValueError("step must be between 1 second and 23 hours")
    return step


# -- date/time sliders -----------------------------------------------------------------------

TimeKind = Literal["date", "datetime", "time"]


def time_kind(value: Any) -> TimeKind | None:
    """Which date/time flavour a slider argument is, or None for a number."""
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, time):
        return "time"
    return None


def _to_ms(v: Any, kind: TimeKind) -> int:
    if kind == "time":
        return ((v.hour * 60 + v.minute) * 60 + v.second) * 1000 + v.microsecond // 1000
    if kind == "date":
        return (v - date(1970, 1, 1)).days * _DAY_MS
    delta = v.replace(tzinfo=timezone.utc) - _EPOCH  # wall-clock time, whatever its zone
    return delta // timedelta(milliseconds=1)


def _from_ms(ms: int, kind: TimeKind, tz: tzinfo | None) -> Any:
    if kind == "time":
        return (datetime(2000, 1, 1) + timedelta(milliseconds=ms)).time().replace(tzinfo=tz)
    moment = _EPOCH + timedelta(milliseconds=ms)
    if kind == "date":
        return moment.date()
    return moment.replace(tzinfo=tz)


# Streamlit's defaults (a datetime shows its date only unless `format` says more)
TIME_SLIDER_FORMATS: dict[str, str] = {"date": "YYYY-MM-DD", "datetime": "YYYY-MM-DD", "time": "HH:mm"}


def time_slider(
    container: WidgetBase,
    label: str,
    min_value: Any,
    max_value: Any,
    value: Any,
    step: Any,
    format: str | None,
    common: dict[str, Any],
) -> Any:
    """``slider`` over dates, times or datetimes (Streamlit's defaults: ±14 days around the value
    for dates and datetimes, the whole day for times; a step of one day, or 15 minutes for
    times and for datetimes spanning less than a day)."""
    is_range = isinstance(value, (list, tuple))
    given = list(value) if is_range else [value]
    samples = [v for v in (min_value, max_value, *given) if v is not None]
    kinds = {time_kind(v) for v in samples}
    if len(kinds) != 1 or None in kinds:
        raise TypeError("a slider's min_value, max_value and value must all be of one type")
    kind: TimeKind = kinds.pop()  # type: ignore[assignment]
    tz = next((v.tzinfo for v in samples if kind != "date" and v.tzinfo is not None), None)
    anchor = given[0] if given and given[0] is not None else samples[0]
    if kind == "time":
        lo = min_value if min_value is not None else time.min.replace(tzinfo=tz)
        hi = max_value if max_value is not None else time(23, 59, 59, 999000, tzinfo=tz)
    else:
        lo = min_value if min_value is not None else anchor - timedelta(days=14)
        hi = max_value if max_value is not None else anchor + timedelta(days=14)
    lo_ms, hi_ms = _to_ms(lo, kind), _to_ms(hi, kind)
    if lo_ms > hi_ms:
        raise ValueError("min_value must be less than or equal to max_value")
    if step is None:
        short = kind == "time" or (kind == "datetime" and hi_ms - lo_ms < _DAY_MS)
        step = timedelta(minutes=15) if short else timedelta(days=1)
    if not isinstance(step, timedelta):
        raise TypeError("a date/time slider's step must be a timedelta")
    step_ms = step // timedelta(milliseconds=1)
    if step_ms <= 0:
        raise ValueError("step must be positive")
    values = [lo, hi] if is_range and not given else [lo] if value is None else given
    if is_range and len(values) != 2:
        raise ValueError("a range slider's value must have two items")
    default_ms = [_to_ms(v, kind) for v in values]
    for ms in default_ms:
        in_range(ms, lo_ms, hi_ms)

    def back(ms: int) -> Any:
        return _from_ms(ms, kind, tz)

    def one(wire: Any) -> int:
        v = number(wire)
        if isinstance(v, float):
            if not v.is_integer():
                raise WidgetValueError("value must be whole milliseconds")
            v = int(v)
        in_range(v, lo_ms, hi_ms)
        return v

    def deserialize(wire: Any) -> Any:
        if is_range:
            if not isinstance(wire, list) or len(wire) != 2:
                raise WidgetValueError("a range slider takes [start, end]")
            a, b = one(wire[0]), one(wire[1])
            if a > b:
                raise WidgetValueError("start must not exceed end")
            return (back(a), back(b))
        return back(one(wire))

    def serialize(v: Any) -> Any:
        return [_to_ms(v[0], kind), _to_ms(v[1], kind)] if is_range else _to_ms(v, kind)

    default = tuple(back(ms) for ms in default_ms) if is_range else back(default_ms[0])
    extra: dict[str, Any] = {
        "min": lo_ms,
        "max": hi_ms,
        "step": step_ms,
        "range": is_range,
        "format": "int",
        "time": kind,
        "time_format": format if isinstance(format, str) and format else TIME_SLIDER_FORMATS[kind],
    }
    return container._widget(
        "slider",
        label,
        default,
        deserialize,
        serialize,
        parts=(lo_ms, hi_ms, step_ms, tuple(default_ms), kind),
        keyed=(lo_ms, hi_ms, step_ms),
        extra=extra,
        **common,
    )


class PickersMixin(WidgetBase):
    """Dates, times, colours and sliders over a list of options."""

    @overload
    def date_input(
        self,
        label: str,
        value: date | str = "today",
        min_value: Any = None,
        max_value: Any = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        format: str = "YYYY/MM/DD",
        disabled: bool = False,
        required: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> date: ...

    @overload
    def date_input(
        self,
        label: str,
        value: None,
        min_value: Any = None,
        max_value: Any = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        format: str = "YYYY/MM/DD",
        disabled: bool = False,
        required: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> date | None: ...

    @overload
    def date_input(
        self,
        label: str,
        value: tuple[Any, ...] | list[Any],
        min_value: Any = None,
        max_value: Any = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        format: str = "YYYY/MM/DD",
        disabled: bool = False,
        required: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> tuple[date, ...]: ...

    @persists
    @laid_out("width", content=False)
    def date_input(
        self,
        label: str,
        value: Any = "today",
        min_value: Any = None,
        max_value: Any = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        format: str = "YYYY/MM/DD",
        disabled: bool = False,
        required: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> Any:
        """Show a date field with a calendar; returns a ``datetime.date`` (None while empty when
        ``value=None``), or for a range a tuple of 0, 1 or 2 dates (partly picked ranges are
        returned as they are).

        Args:
            label: the text above the field.
            value: ``"today"``, a date, a datetime, an ISO string, None (empty), or a list/tuple
                of up to two of those for a range.
            min_value: the earliest date (default ten years before the value, or before today).
            max_value: the latest date (default ten years after the value, or after today).
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            format: how the date is shown and typed: ``"YYYY/MM/DD"``, ``"DD/MM/YYYY"`` or
                ``"MM/DD/YYYY"``, with ``/``, ``-`` or ``.`` as the separator.
            disabled: show it greyed out and unchangeable.
            required: the label says "(required)"; an empty value is not applied (outside a
                form the last one is kept) and a form is not submitted; checked by the page only.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
        """
        if not isinstance(format, str) or format not in DATE_FORMATS:
            raise ValueError(f"format must be one of {', '.join(DATE_FORMATS)}; got {format!r}")
        is_range = isinstance(value, (list, tuple))
        given = [] if value is None else list(value) if is_range else [value]
        if len(given) > 2:
            raise TypeError("a date range's value holds at most two dates")
        dates = [to_date(v) for v in given]
        lo = (
            to_date(min_value, "min_value")
            if min_value is not None
            else _years(dates[0] if dates else date.today(), -10)
        )
        hi = (
            to_date(max_value, "max_value")
            if max_value is not None
            else _years(dates[-1] if dates else date.today(), 10)
        )
        if lo > hi:
            raise ValueError("min_value must be less than or equal to max_value")
        if value == "today":  # clamped into [min_value, max_value], as Streamlit does
            dates = [min(max(dates[0], lo), hi)]
        for d in dates:
            if not lo <= d <= hi:
                raise ValueError(f"the value {d} is outside [{lo}, {hi}]")
        if is_range and len(dates) == 2 and dates[0] > dates[1]:
            raise ValueError("a date range must start before it ends")
        nullable = value is None
        # Streamlit returns a date the script set through session_state[key] even outside
        # [min_value, max_value] (its date_input(value=None) e2e app relies on it: the bounds
        # are then today's +-10 years); only dates from the page are held to the bounds
        held = _held_dates(self._run_context(), key)

        def one(wire: Any) -> date:
            d = wire_date(wire)
            if d not in held and not lo <= d <= hi:
                raise WidgetValueError(f"date out of range [{iso(lo)}, {iso(hi)}]")
            return d

        def deserialize(wire: Any) -> Any:
            if is_range:
                if not isinstance(wire, list) or len(wire) > 2:
                    raise WidgetValueError("a date range is a list of up to two dates")
                picked = tuple(one(w) for w in wire)
                if len(picked) == 2 and picked[0] > picked[1]:
                    raise WidgetValueError("a date range must start before it ends")
                return picked
            if wire is None and nullable:
                return None
            return one(wire)

        def serialize(v: Any) -> Any:
            if is_range:
                return [iso(d) for d in v]
            return None if v is None else iso(v)

        default: Any = tuple(dates) if is_range else (dates[0] if dates else None)
        return self._widget(
            "date_input",
            label,
            default,
            deserialize,
            serialize,
            key=key,
            bind=bind,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(serialize(default) if value != "today" else None, iso(lo), iso(hi), is_range, format),
            keyed=(format,),
            extra={
                "min": iso(lo),
                "max": iso(hi),
                "range": is_range,
                "format": format,
                "default": serialize(default),
                **required_field(required),
            },
            value_given=value is not None and value != "today",
        )

    @overload
    def time_input(
        self,
        label: str,
        value: time | datetime | str = "now",
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        required: bool = False,
        label_visibility: LabelVisibility = "visible",
        step: int | timedelta = timedelta(minutes=15),
        format: Literal["12h", "24h", "localized"] = "24h",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> time: ...

    @overload
    def time_input(
        self,
        label: str,
        value: None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        required: bool = False,
        label_visibility: LabelVisibility = "visible",
        step: int | timedelta = timedelta(minutes=15),
        format: Literal["12h", "24h", "localized"] = "24h",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> time | None: ...

    @persists
    @laid_out("width", content=False)
    def time_input(
        self,
        label: str,
        value: Any = "now",
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        required: bool = False,
        label_visibility: LabelVisibility = "visible",
        step: int | timedelta = timedelta(minutes=15),
        format: Literal["12h", "24h", "localized"] = "24h",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> time | None:
        """Show a time field with a list of times; returns a ``datetime.time`` (None while empty
        when ``value=None``).

        Args:
            label: the text above the field.
            value: ``"now"``, a time, a datetime (its time), an ISO string, or None (empty).
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unchangeable.
            required: the label says "(required)"; an empty value is not applied (outside a
                form the last one is kept) and a form is not submitted; checked by the page only.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
            step: the distance between the listed times, in seconds or a timedelta (1 second to
                23 hours; default 15 minutes). Whole minutes drop the seconds from the value.
            format: ``"24h"`` (14:30), ``"12h"`` (2:30 PM) or ``"localized"`` (the browser's).
        """
        step = _step_seconds(step)
        if format not in ("12h", "24h", "localized"):
            raise ValueError("format must be '12h', '24h' or 'localized'")
        default = None if value is None else to_time(value)
        if default is not None and step % 60 == 0:
            default = default.replace(second=0, microsecond=0)
        tz = default.tzinfo if default is not None else None

        def deserialize(wire: Any) -> time | None:
            if wire is None and value is None:
                return None
            m = _ISO_TIME.fullmatch(wire) if isinstance(wire, str) else None
            if m is None:
                raise WidgetValueError("a time must be text as HH:MM or HH:MM:SS")
            h, mi, s = int(m[1]), int(m[2]), int(m[3] or 0)
            if h > 23 or mi > 59 or s > 59:
                raise WidgetValueError("not a time of day")
            return time(h, mi, 0 if step % 60 == 0 else s, tzinfo=tz)

        def serialize(v: time | None) -> str | None:
            return None if v is None else _time_text(v)

        return self._widget(
            "time_input",
            label,
            default,
            deserialize,
            serialize,
            key=key,
            bind=bind,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(None if value == "now" else serialize(default), step, format),
            keyed=(step,),
            extra={"step": step, "format": format, "default": serialize(default), **required_field(required)},
            value_given=value is not None and value != "now",
        )

    @overload
    def datetime_input(
        self,
        label: str,
        value: datetime | date | time | str = "now",
        min_value: datetime | date | time | str | None = None,
        max_value: datetime | date | time | str | None = None,
        *,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        format: str = "YYYY/MM/DD",
        step: int | timedelta = timedelta(minutes=15),
        disabled: bool = False,
        required: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> datetime: ...

    @overload
    def datetime_input(
        self,
        label: str,
        value: None,
        min_value: datetime | date | time | str | None = None,
        max_value: datetime | date | time | str | None = None,
        *,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        format: str = "YYYY/MM/DD",
        step: int | timedelta = timedelta(minutes=15),
        disabled: bool = False,
        required: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> datetime | None: ...

    @persists
    @laid_out("width", content=False)
    def datetime_input(
        self,
        label: str,
        value: Any = "now",
        min_value: Any = None,
        max_value: Any = None,
        *,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        format: str = "YYYY/MM/DD",
        step: int | timedelta = timedelta(minutes=15),
        disabled: bool = False,
        required: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> datetime | None:
        """Show a date field with a calendar beside a time field; returns a naive
        ``datetime.datetime`` (None while empty when ``value=None``).

        Args:
            label: the text above the fields.
            value: ``"now"``, a datetime (its time zone dropped), a date (at 00:00), a time
                (today at it), ISO text of any of these, or None (empty).
            min_value: the earliest datetime, in any of those forms (default ten years before
                the value, or before today at 00:00).
            max_value: the latest datetime (default ten years after the value, or after today
                at 23:59).
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            format: how the date is shown and typed, as for ``date_input``.
            step: the distance between the listed times (1 second to 23 hours; default 15
                minutes). Whole minutes drop the seconds from the value.
            disabled: show it greyed out and unchangeable.
            required: the label says "(required)"; an empty value is not applied (outside a
                form the last one is kept) and a form is not submitted; checked by the page only.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.

        Raises:
            ValueError: a bad format or step, min after max, or a value outside them.
            TypeError: a value, min or max that is none of the forms above.
        """
        if not isinstance(format, str) or format not in DATE_FORMATS:
            raise ValueError(f"format must be one of {', '.join(DATE_FORMATS)}; got {format!r}")
        step = _step_seconds(step)
        default = None if value is None else to_datetime(value)
        if default is not None and step % 60 == 0:
            default = default.replace(second=0)
        base = default or datetime.combine(date.today(), time())
        lo = (
            to_datetime(min_value, "min_value")
            if min_value is not None
            else datetime.combine(_years(base.date(), -10), time())
        )
        hi = (
            to_datetime(max_value, "max_value")
            if max_value is not None
            else datetime.combine(_years(base.date(), 10), time(23, 59))
        )
        if lo > hi:
            raise ValueError("min_value must be less than or equal to max_value")
        if value == "now" and default is not None:  # clamped into [min_value, max_value]
            default = min(max(default, lo), hi)
        if default is not None and not lo <= default <= hi:
            raise ValueError(f"the value {default} is outside [{lo}, {hi}]")

        def deserialize(wire: Any) -> datetime | None:
            if wire is None and value is None:
                return None
            if not isinstance(wire, str) or "T" not in wire:
                raise WidgetValueError("a datetime must be text as YYYY-MM-DDTHH:MM[:SS]")
            day, _t, clock = wire.partition("T")
            m = _ISO_TIME.fullmatch(clock)
            if m is None:
                raise WidgetValueError("a datetime must be text as YYYY-MM-DDTHH:MM[:SS]")
            h, mi, sec = int(m[1]), int(m[2]), int(m[3] or 0)
            if h > 23 or mi > 59 or sec > 59:
                raise WidgetValueError("not a time of day")
            got = datetime.combine(wire_date(day), time(h, mi, 0 if step % 60 == 0 else sec))
            if not lo <= got <= hi:
                raise WidgetValueError(f"datetime out of range [{_datetime_text(lo)}, {_datetime_text(hi)}]")
            return got

        def serialize(v: datetime | None) -> str | None:
            return None if v is None else _datetime_text(v)

        return self._widget(
            "datetime_input",
            label,
            default,
            deserialize,
            serialize,
            key=key,
            bind=bind,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(serialize(default) if value != "now" else None, serialize(lo), serialize(hi), step, format),
            keyed=(format, step),
            extra={
                "min": serialize(lo),
                "max": serialize(hi),
                "step": step,
                "format": format,
                **required_field(required),
            },
            value_given=value != "now",
        )

    @persists
    @laid_out("width")
    def color_picker(
        self,
        label: str,
        value: str | None = None,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: Width = "content",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> str:
        """Show a colour swatch that opens a colour chooser; returns the colour as ``"#rrggbb"``.

        Args:
            label: the text beside the swatch.
            value: the starting colour, ``"#rrggbb"`` or ``"#rgb"`` (default black).
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unchangeable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
        """
        default = "#000000" if value is None else value
        if not isinstance(default, str) or not re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", default):
            raise ValueError(f"color_picker's value must be a hex colour like '#ff0000', not {value!r}")

        def deserialize(wire: Any) -> str:
            if not isinstance(wire, str) or not _HEX.fullmatch(wire):
                raise WidgetValueError("a colour must be text as #rrggbb")
            return wire.lower()

        def serialize(v: str) -> str:
            if len(v) == 4:  # "#abc": the page's colour input wants six digits
                v = "#" + "".join(c * 2 for c in v[1:])
            return v.lower()

        return str(
            self._widget(
                "color_picker",
                label,
                default,
                deserialize,
                serialize,
                key=key,
                bind=bind,
                help=help,
                on_change=on_change,
                args=args,
                kwargs=kwargs,
                disabled=disabled,
                label_visibility=label_visibility,
                parts=(default,),
                value_given=value is not None,
            )
        )

    @persists
    @laid_out("width", content=False)
    def select_slider(
        self,
        label: str,
        options: Iterable[Any] = (),
        value: Any = None,
        format_func: Callable[[Any], Any] = str,
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
        """Show a slider over a list of options; returns the chosen option, or a ``(start, end)``
        tuple of options for a range (when ``value`` is a pair).

        Args:
            label: the text above the slider.
            options: the options, in order (any objects; shown through ``format_func``).
            value: the starting option (default the first), or a pair of options for a range.
            format_func: how an option is shown (default ``str``).
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unchangeable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
        """
        opts = option_list(options)
        if not opts:
            raise ValueError("The `options` argument needs to be non-empty")
        labels = [str(format_func(o)) for o in opts]
        is_range = isinstance(value, (list, tuple)) and len(value) == 2
        if isinstance(value, (list, tuple)) and not is_range and not any(o == value for o in opts):
            raise ValueError("a select_slider range value must be a pair of options")
        if is_range:
            chosen: Any = tuple(sorted(position(opts, v) for v in value))
        else:
            chosen = 0 if value is None else position(opts, value)
        n = len(opts)

        def deserialize(wire: Any) -> Any:
            if is_range:
                if not isinstance(wire, list) or len(wire) != 2:
                    raise WidgetValueError("a range takes [start, end]")
                a, b = index(wire[0], n), index(wire[1], n)
                if a > b:
                    raise WidgetValueError("start must not exceed end")
                return (opts[a], opts[b])
            return opts[index(wire, n)]

        def serialize(v: Any) -> Any:
            if is_range:
                return [position(opts, v[0]), position(opts, v[1])]
            return position(opts, v)

        default = (opts[chosen[0]], opts[chosen[1]]) if is_range else opts[chosen]
        return self._widget(
            "select_slider",
            label,
            default,
            deserialize,
            serialize,
            key=key,
            bind=bind,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(tuple(labels), chosen),
            extra={"options": labels, "range": is_range},
            value_given=value is not None,
        )
