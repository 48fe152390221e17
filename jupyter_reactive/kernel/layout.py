"""Containers: ``columns``, ``container``, ``expander``, ``tabs``, ``form``, ``empty``.

Script thread. A container is a ``block`` element plus a child cursor; ``with`` makes it the
target of module-level calls (``jr.write``), and methods on it write into it directly
(``col.write``), exactly like Streamlit's DeltaGenerator.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

_GAPS = ("small", "medium", "large")


class LayoutMixin:
    _ctx: Any
    _form_id: str | None

    def container(self, *, border: bool = False, height: int | None = None) -> Any:
        path = self._emit({"kind": "block", "layout": "vertical", "border": bool(border), "height": height})
        return self._child(path)

    def columns(self, spec: int | Sequence[float], *, gap: str = "small", vertical_alignment: str = "top") -> list[Any]:
        if isinstance(spec, numbers.Integral) and not isinstance(spec, bool):
            if spec < 1:
                raise ValueError("columns needs a positive number of columns")
            weights: list[float] = [1.0] * int(spec)
        else:
            weights = [float(w) for w in spec]
            if not weights or any(w <= 0 for w in weights):
                raise ValueError("column weights must be positive numbers")
        if gap not in _GAPS:
            raise ValueError(f"gap must be one of {_GAPS}")
        path = self._emit({"kind": "block", "layout": "columns", "gap": gap, "align": vertical_alignment})
        row = self._child(path)
        cols = []
        for weight in weights:
            col_path = row._emit({"kind": "block", "layout": "column", "weight": weight})
            cols.append(self._child(col_path))
        return cols

    def expander(self, label: str, expanded: bool = False) -> Any:
        path = self._emit({"kind": "block", "layout": "expander", "label": str(label), "expanded": bool(expanded)})
        return self._child(path)

    def tabs(self, tabs: Sequence[str]) -> list[Any]:
        labels = [str(t) for t in tabs]
        if not labels:
            raise ValueError("tabs needs at least one label")
        path = self._emit({"kind": "block", "layout": "tabs", "labels": labels})
        strip = self._child(path)
        return [self._child(strip._emit({"kind": "block", "layout": "tab", "label": label})) for label in labels]

    def form(self, key: str, clear_on_submit: bool = False, *, border: bool = True) -> Any:
        if self._form_id is not None:
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
        return self._child(path, form_id=form_id)

    def empty(self) -> Any:
        """A single-slot placeholder: each write replaces its content; ``.empty()`` clears it."""
        path = self._emit({"kind": "block", "layout": "empty"})
        return self._child(path, single_slot=True)
