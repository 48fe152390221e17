"""Data elements: ``json`` (later ``dataframe``, ``table``, ``metric``) (script thread)."""

from __future__ import annotations

import json as _json

from ..delta import BaseContainer


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
