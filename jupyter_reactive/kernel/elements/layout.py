"""Containers: ``container``, ``columns``, ``expander``, ``tabs``, ``form``, ``empty`` (script
thread).

A container is a ``block`` element plus a child cursor; ``with`` makes it the target of the
module-level calls (``jr.write``), and methods on it write into it directly (``col.write``),
exactly like Streamlit's DeltaGenerator.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from ..delta import BaseContainer
from ..params import BindOption, Height, Width, WidthWithoutContent, unsupported
from .widget_base import Callback

if TYPE_CHECKING:
    from ..container import Container

_GAPS = ("small", "medium", "large")


class LayoutMixin(BaseContainer):
    """Layout containers; each returns the :class:`~..container.Container` (or list of them) to
    write into."""

    @unsupported(
        "key", "width", "horizontal", "wrap", "horizontal_alignment", "vertical_alignment", "gap", "autoscroll"
    )
    def container(
        self,
        *,
        border: bool = False,
        height: int | None = None,
        key: str | None = None,
        width: Width = "stretch",
        horizontal: bool = False,
        wrap: bool = True,
        horizontal_alignment: Literal["left", "center", "right", "distribute"] = "left",
        vertical_alignment: Literal["top", "center", "bottom", "distribute"] = "top",
        gap: str | int | None = "small",
        autoscroll: bool | None = None,
    ) -> Container:
        """Add a container that elements can be written into later, out of order.

        Args:
            border: draw a border around it.
            height: a fixed height in pixels; the content scrolls inside it.
        """
        path = self._emit({"kind": "block", "layout": "vertical", "border": bool(border), "height": height})
        return self._child(path)

    @unsupported("border", "width", "wrap")
    def columns(
        self,
        spec: int | Sequence[float],
        *,
        gap: Literal["small", "medium", "large"] = "small",
        vertical_alignment: Literal["top", "center", "bottom"] = "top",
        border: bool = False,
        width: WidthWithoutContent = "stretch",
        wrap: bool = True,
    ) -> list[Container]:
        """Add side-by-side columns; returns one container per column.

        Args:
            spec: the number of equal columns, or their relative widths (``[2, 1]``).
            gap: the space between columns.
            vertical_alignment: how the columns' contents line up vertically.
        """
        if isinstance(spec, numbers.Integral) and not isinstance(spec, bool):
            if spec < 1:
                raise ValueError("columns needs a positive number of columns")
            weights: list[float] = [1.0] * int(spec)
        else:
            weights = [float(w) for w in spec]  # type: ignore[union-attr]
            if not weights or any(w <= 0 for w in weights):
                raise ValueError("column weights must be positive numbers")
        if gap not in _GAPS:
            raise ValueError(f"gap must be one of {_GAPS}")
        path = self._emit({"kind": "block", "layout": "columns", "gap": gap, "align": vertical_alignment})
        row = self._child(path)
        return [self._child(row._emit({"kind": "block", "layout": "column", "weight": weight})) for weight in weights]

    @unsupported("icon", "key", "type", "width", "on_change", "args", "kwargs", "bind")
    def expander(
        self,
        label: str,
        expanded: bool = False,
        *,
        icon: str | None = None,
        key: str | None = None,
        type: Literal["default", "compact", "step"] = "default",
        width: WidthWithoutContent = "stretch",
        on_change: Callback | Literal["ignore", "rerun"] = "ignore",
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        bind: BindOption = None,
    ) -> Container:
        """Add a collapsible section with a header; returns the container inside it.

        Args:
            label: the header's text, inline markdown.
            expanded: whether it starts open.
            icon: an icon before the label (not supported yet: warns).
        """
        path = self._emit({"kind": "block", "layout": "expander", "label": str(label), "expanded": bool(expanded)})
        return self._child(path)

    @unsupported("width", "height", "default", "key", "on_change", "args", "kwargs", "bind")
    def tabs(
        self,
        tabs: Sequence[str],
        *,
        width: WidthWithoutContent = "stretch",
        height: Height = "content",
        default: str | None = None,
        key: str | None = None,
        on_change: Callback | Literal["ignore", "rerun"] = "ignore",
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        bind: BindOption = None,
    ) -> list[Container]:
        """Add a row of tabs; returns one container per tab.

        Args:
            tabs: the tabs' labels.
        """
        labels = [str(t) for t in tabs]
        if not labels:
            raise ValueError("tabs needs at least one label")
        path = self._emit({"kind": "block", "layout": "tabs", "labels": labels})
        strip = self._child(path)
        return [self._child(strip._emit({"kind": "block", "layout": "tab", "label": label})) for label in labels]

    @unsupported("enter_to_submit", "width", "height")
    def form(
        self,
        key: str,
        clear_on_submit: bool = False,
        *,
        border: bool = True,
        enter_to_submit: bool = True,
        width: Width = "stretch",
        height: Height = "content",
    ) -> Container:
        """Add a form: its widgets send their values together, when its
        ``form_submit_button`` is pressed. Returns the container inside it.

        Args:
            key: the form's unique key.
            clear_on_submit: after a submit, reset the form's widgets to their defaults (the
                run the submit starts still gets the submitted values).
            border: draw a border around the form.
        """
        if self._form()[0] is not None:
            raise RuntimeError("forms cannot be nested")
        form_id = f"form-{key}"
        path = self._emit(
            {
                "kind": "block",
                "layout": "form",
                "form_id": form_id,
                "border": bool(border),
                "clear_on_submit": bool(clear_on_submit),
            }
        )
        return self._child(path, form_id=form_id, clears=bool(clear_on_submit))

    def empty(self) -> Container:
        """Add a single-element placeholder: each write into it replaces its content, and
        ``.empty()`` on it clears it."""
        return self._placeholder()
