"""``metric``: a number in large type, how it changed, and a sparkline of its history (script
thread).

Everything is decided here but the number format, which the page applies (as Streamlit's page
does: ``format`` reformats a value or delta whose text is a number, so ``"1234.5"`` given as a
string is formatted too). The sparkline's points travel as plain numbers, NaN and infinities as
null (a gap in the line); a long series is thinned here to the smallest and largest point of each
of :data:`CHART_BUCKETS` slices, which keeps its outline at any width a metric can have and keeps
the element small.
"""

from __future__ import annotations

import enum
import math
import numbers
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeAlias

from ..delta import BaseContainer, returns_handle
from ..errors import StreamlitAPIException, StreamlitInvalidParameterTypeError
from ..params import laid_out
from .widget_base import LabelVisibility, field_icon, label_html

#: a metric's value or delta: a number (int, float, Decimal, NumPy scalar), a string, or None
MetricValue: TypeAlias = float | int | numbers.Number | str | None
DeltaColor: TypeAlias = Literal[
    "normal", "inverse", "off", "red", "orange", "yellow", "green", "blue", "violet", "gray", "grey", "primary"
]
DeltaArrow: TypeAlias = Literal["auto", "up", "down", "off"]
ChartType: TypeAlias = Literal["line", "bar", "area"]

_PALETTE = ("red", "orange", "yellow", "green", "blue", "violet", "gray", "primary")
_DELTA_COLORS = ("normal", "inverse", "off", *_PALETTE, "grey")
_ARROWS = ("auto", "up", "down", "off")
_VISIBILITIES = ("visible", "hidden", "collapsed")
#: a sparkline longer than twice this is thinned to each slice's smallest and largest point
CHART_BUCKETS = 500


def _metric_text(value: Any, what: str) -> str:
    """A metric's value or delta as shown: strings as given (dedented), numbers as ``str``."""
    if isinstance(value, str):
        return textwrap.dedent(value)
    if isinstance(value, numbers.Number):
        return str(value)
    item = getattr(value, "item", None)  # NumPy scalars
    if callable(item):
        try:
            plain = item()
        except Exception:
            plain = None
        if isinstance(plain, numbers.Number):
            return str(plain)
    raise TypeError(f"metric {what} must be a number, a string or None, not {type(value).__name__}")


def _delta_look(delta: Any, delta_color: str, delta_arrow: str) -> tuple[str, str | None]:
    """(colour, arrow) of a delta as Streamlit picks them: zero (the number, or the string
    ``"0"``) is grey without an arrow; a negative number or a string starting with ``-`` points
    down; anything else up. ``normal`` colours up green and down red, ``inverse`` the other way,
    ``off`` grey, a palette name that colour whatever the sign."""
    shown = _metric_text(delta, "delta")
    if shown == "0" or (not isinstance(delta, str) and delta == 0):
        direction = None
    else:
        direction = "down" if shown.startswith("-") else "up"
    if delta_color in _PALETTE or delta_color == "grey":
        color = "gray" if delta_color == "grey" else delta_color
    elif direction is None or delta_color == "off":
        color = "gray"
    elif (direction == "down") == (delta_color == "normal"):
        color = "red"
    else:
        color = "green"
    if delta_arrow != "auto":
        direction = None if delta_arrow == "off" else delta_arrow
    return color, direction


def _chart_items(data: Any) -> list[Any]:
    """``chart_data`` as a list of items, read as Streamlit reads a sequence: a string, number or
    bool is one item, a dict its keys, an Enum class its values, a DataFrame or a 2-D array its
    first column, a Series, array or any other iterable its items."""
    if isinstance(data, (str, bytes, numbers.Number)):
        return [data]
    if isinstance(data, enum.EnumMeta):
        return [m.value for m in data]  # type: ignore[var-annotated]
    if isinstance(data, Mapping):
        return list(data.keys())
    columns = getattr(data, "columns", None)
    if columns is not None and hasattr(data, "iloc"):  # a pandas DataFrame
        return list(data.iloc[:, 0]) if len(columns) else []
    if columns is not None and callable(getattr(data, "to_series", None)):  # a polars DataFrame
        return list(data.to_series(0)) if len(columns) else []
    ndim = getattr(data, "ndim", None)
    if ndim == 0 and callable(getattr(data, "item", None)):
        return [data.item()]
    if ndim == 2 and callable(getattr(data, "tolist", None)):
        return [row[0] for row in data.tolist() if row]
    if isinstance(data, Iterable):
        return list(data)
    raise StreamlitAPIException(
        f"chart_data must be a sequence of numbers (a list, a Series, a one-column frame...), not {type(data).__name__}"
    )


def chart_points(data: Any) -> list[float | None]:
    """The sparkline's points: each item as ``float`` (Streamlit's rule: what ``float()`` refuses
    is an error; ``"2.5"`` and True are numbers), NaN and infinities as None (a gap), thinned when
    longer than ``2 * CHART_BUCKETS``."""
    points: list[float | None] = []
    for item in _chart_items(data):
        try:
            x = float(item)
        except Exception:
            raise StreamlitAPIException(
                f"Only numeric values are supported for chart data sequence. The value {item!r} is of "
                f"type {type(item).__name__} and cannot be converted to float."
            ) from None
        points.append(x if math.isfinite(x) else None)
    return _thin(points) if len(points) > 2 * CHART_BUCKETS else points


def _thin(points: list[float | None]) -> list[float | None]:
    """The smallest and largest point of each of CHART_BUCKETS equal slices, in their order (one
    None for a slice of gaps): drawn evenly spaced, the outline of the whole line, and the top
    of every bar group, stay where they were."""
    out: list[float | None] = []
    n = len(points)
    for b in range(CHART_BUCKETS):
        part = points[b * n // CHART_BUCKETS : (b + 1) * n // CHART_BUCKETS]
        known = [(x, i) for i, x in enumerate(part) if x is not None]
        if not known:
            out.append(None)
            continue
        lo, hi = min(known), max(known)
        out.extend(x for x, _ in sorted({lo, hi}, key=lambda p: p[1]))
    return out


def _text_param(value: Any, name: str) -> str | None:
    """A string parameter (``format``, ``delta_description``): None or empty is none."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise StreamlitInvalidParameterTypeError(
            f"Invalid `{name}` type. Expected one of: str, None. Provided type: {type(value).__name__}."
        )
    return value or None


class MetricMixin(BaseContainer):
    """``metric``."""

    @laid_out("width", "height")
    @returns_handle
    def metric(
        self,
        label: str,
        value: MetricValue,
        delta: MetricValue = None,
        delta_color: DeltaColor = "normal",
        *,
        help: str | None = None,
        icon: str | None = None,
        label_visibility: LabelVisibility = "visible",
        border: bool = False,
        width: int | Literal["stretch", "content"] = "stretch",
        height: int | Literal["stretch", "content"] = "content",
        chart_data: Iterable[Any] | None = None,
        chart_type: ChartType = "line",
        delta_arrow: DeltaArrow = "auto",
        format: str | None = None,
        delta_description: str | None = None,
    ) -> None:
        """Show a number in large type, with a small label above it and, optionally, how it
        changed below it (an arrow and a coloured delta in a pill) and a sparkline. Label, value
        and delta may hold inline markdown (bold, italics, code, links, ``:material/…:``).

        Args:
            label: the text above the value.
            value: the metric, shown as given (a number as ``str`` gives it); None shows "—".
            delta: the change, shown as given: a negative number or a string starting with "-"
                gets a down arrow, zero (or "0") none, anything else an up arrow. None or "":
                no delta.
            delta_color: ``"normal"`` (up green, down red), ``"inverse"`` (up red, down green),
                ``"off"`` (grey), or a colour for any sign: ``"red"``, ``"orange"``,
                ``"yellow"``, ``"green"``, ``"blue"``, ``"violet"``, ``"gray"``/``"grey"``,
                ``"primary"``. A zero delta is grey unless a colour is named. The sparkline
                takes the delta's colour (grey without a delta).
            help: a tooltip: a "?" mark after the label.
            icon: an emoji, ``":material/name:"`` or ``"spinner"``, drawn before the label.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
            border: draw a box around the metric.
            width: ``"stretch"`` (the container's width), ``"content"`` or pixels.
            height: ``"content"``, ``"stretch"`` or pixels.
            chart_data: numbers for a sparkline under the value: a list, set, Series, array, or
                a frame (its first column). Each is converted with ``float``; NaN is a gap.
                None or empty: no sparkline.
            chart_type: ``"line"``, ``"area"`` (shaded down to the lowest point, or to zero when
                the line crosses it) or ``"bar"``; anything else draws a line, as in Streamlit.
            delta_arrow: ``"auto"`` (from the delta's sign), ``"up"``, ``"down"`` or ``"off"``.
            format: how the page shows the value and delta when their text is a number: a
                printf-style format (``"%.2f"``, ``"%,d"`` for thousands separators) or
                ``"plain"``, ``"localized"``, ``"percent"``, ``"dollar"``, ``"euro"``,
                ``"yen"``, ``"accounting"``, ``"bytes"``, ``"compact"``, ``"scientific"``,
                ``"engineering"``. Text that is not a number is shown as given.
            delta_description: short muted text beside the delta ("month over month"), inline
                markdown allowed; shown even without a delta.

        Raises:
            ValueError: an unknown ``delta_color``, ``delta_arrow`` or ``label_visibility``.
            TypeError: a label that is not a string; a value or delta that is not a number,
                a string or None; a ``format`` or ``delta_description`` that is not a string.
            StreamlitAPIException: ``chart_data`` holding something ``float`` refuses, or that
                is not a sequence; an ``icon`` that is not an emoji or a Material icon.
        """
        if not isinstance(label, str):
            raise TypeError("a metric label must be a string")
        if delta_color not in _DELTA_COLORS:
            raise ValueError(f"delta_color must be one of {', '.join(map(repr, _DELTA_COLORS))}, not {delta_color!r}")
        if delta_arrow not in _ARROWS:
            raise ValueError(f"delta_arrow must be one of {', '.join(map(repr, _ARROWS))}, not {delta_arrow!r}")
        if label_visibility not in _VISIBILITIES:
            raise ValueError(
                f"label_visibility must be one of {', '.join(map(repr, _VISIBILITIES))}, not {label_visibility!r}"
            )
        el: dict[str, Any] = {
            "kind": "metric",
            "label": label,
            "value": "—" if value is None else _metric_text(value, "value"),
            "label_visibility": label_visibility,
            "border": bool(border),
        }
        if delta is not None and delta != "":
            color, arrow = _delta_look(delta, delta_color, delta_arrow)
            el.update(delta=_metric_text(delta, "delta"), delta_color=color)
            if arrow is not None:
                el["delta_arrow"] = arrow
        if help is not None:
            el["help"] = str(help)
        for field in ("label", "value", "delta"):
            # Streamlit draws inline markdown in all three (bold, code, links, :material/…:)
            html = label_html(el[field]) if el.get(field) else None
            if html is not None:
                el[f"{field}_html"] = html
        el.update(self._metric_extras(icon, chart_data, chart_type, format, delta_description))
        self._emit(el)

    @staticmethod
    def _metric_extras(icon: Any, chart_data: Any, chart_type: Any, format: Any, description: Any) -> dict[str, Any]:
        """The fields of Streamlit 1.67's additions, each only when it shows something."""
        extra: dict[str, Any] = {}
        shown_icon = field_icon(icon)
        if shown_icon:
            extra["icon"] = shown_icon
        if chart_data is not None:
            points = chart_points(chart_data)
            if points:
                kind = chart_type if chart_type in ("bar", "area") else "line"
                extra["chart"] = {"type": kind, "points": points}
        shown_format = _text_param(format, "format")
        if shown_format:
            extra["format"] = shown_format
        text = _text_param(description, "delta_description")
        if text:
            extra["delta_description"] = text
            html = label_html(text)
            if html is not None:
                extra["delta_description_html"] = html
        return extra
