"""Data elements: ``json``, ``metric`` (later ``dataframe``, ``table``) (script thread)."""

from __future__ import annotations

import json as _json
import numbers
import textwrap
from collections.abc import Iterable
from typing import Any, Literal, TypeAlias

from ..delta import BaseContainer
from ..params import unsupported
from .widget_base import LabelVisibility

#: a metric's value or delta: a number (int, float, Decimal, NumPy scalar), a string, or None
MetricValue: TypeAlias = float | int | numbers.Number | str | None
DeltaColor: TypeAlias = Literal[
    "normal", "inverse", "off", "red", "orange", "yellow", "green", "blue", "violet", "gray", "grey", "primary"
]
DeltaArrow: TypeAlias = Literal["auto", "up", "down", "off"]

_PALETTE = ("red", "orange", "yellow", "green", "blue", "violet", "gray", "primary")
_DELTA_COLORS = ("normal", "inverse", "off", *_PALETTE, "grey")
_ARROWS = ("auto", "up", "down", "off")
_VISIBILITIES = ("visible", "hidden", "collapsed")


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


class DataMixin(BaseContainer):
    """Data elements."""

    def json(self, body: object, *, expanded: bool = True) -> None:
        """Show an object as a collapsible, pretty-printed JSON tree.

        Args:
            body: a JSON-serialisable object, or a string holding JSON (other objects inside are
                shown as their ``str``).
            expanded: whether the tree starts expanded.
        """
        if isinstance(body, str):
            try:
                body = _json.loads(body)
            except ValueError:
                pass
        value = _json.loads(_json.dumps(body, default=str))
        self._emit({"kind": "json", "value": value, "expanded": bool(expanded)})

    @unsupported("icon", "width", "height", "chart_data", "chart_type", "format", "delta_description")
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
        chart_type: Literal["line", "bar", "area"] = "line",
        delta_arrow: DeltaArrow = "auto",
        format: str | None = None,
        delta_description: str | None = None,
    ) -> None:
        """Show a number in large type, with a small label above it and, optionally, how it
        changed below it (an arrow and a coloured delta in a pill).

        Args:
            label: the text above the value.
            value: the metric, shown as given (a number as ``str`` gives it); None shows "—".
            delta: the change, shown as given: a negative number or a string starting with "-"
                gets a down arrow, zero (or "0") none, anything else an up arrow. None or "":
                no delta.
            delta_color: ``"normal"`` (up green, down red), ``"inverse"`` (up red, down green),
                ``"off"`` (grey), or a colour for any sign: ``"red"``, ``"orange"``,
                ``"yellow"``, ``"green"``, ``"blue"``, ``"violet"``, ``"gray"``/``"grey"``,
                ``"primary"``. A zero delta is grey unless a colour is named.
            help: a tooltip: a "?" mark after the label.
            icon: an emoji or icon before the label (not supported yet).
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
            border: draw a box around the metric.
            width: the element's width (not supported yet: it fills its container).
            height: the element's height (not supported yet: it fits its content).
            chart_data: numbers for a sparkline (not supported yet).
            chart_type: the sparkline's kind (not supported yet).
            delta_arrow: ``"auto"`` (from the delta's sign), ``"up"``, ``"down"`` or ``"off"``.
            format: a number format for value and delta (not supported yet).
            delta_description: text after the delta (not supported yet).

        Raises:
            ValueError: an unknown ``delta_color``, ``delta_arrow`` or ``label_visibility``.
            TypeError: a label that is not a string; a value or delta that is not a number,
                a string or None.
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
        self._emit(el)
