"""PageMirror: what a session's page shows, kept by the server (server loop).

The kernel's frames pass through the server unchanged; the server reads their headers to keep
this mirror, so that a tab that reconnects gets the whole page at once (``snapshot``) without
asking the kernel (which may be busy running), and a replacement kernel can be given the widget
values the viewer had.
"""

from __future__ import annotations

import json
from typing import Any

from .. import protocol

#: widgets whose value is a trigger (true, or a chat message, for one run)
TRIGGER_WIDGETS = frozenset({"button", "form_submit_button", "download_button", "link_button", "chat_input"})

Path = tuple[int, ...]


class PageMirror:
    """Applies kernel frame headers in order; not thread-safe (server loop only)."""

    def __init__(self) -> None:
        self._elements: dict[Path, dict[str, Any]] = {}
        self._media: dict[Path, list[str]] = {}  # path -> content hashes its element shows
        self.running = False
        self.run = 0
        self.page_config: dict[str, Any] = {}  # the sum of the kernel's page_config frames
        self.navigation: dict[str, Any] | None = None  # a multipage app's last navigation frame
        self.query: str | None = None  # the page URL's query string as the app last set it

    def apply(self, header: dict[str, Any]) -> None:
        kind = header.get("type")
        if kind == protocol.DELTAS:
            for item in header.get("items", ()):
                path = tuple(item["path"])
                if path in self._elements:
                    self._drop_below(path)
                self._elements[path] = item["el"]
                if item.get("media"):
                    self._media[path] = list(item["media"])
                else:
                    self._media.pop(path, None)
        elif kind == protocol.RUN_STARTED:
            self.running = True
            self.run = int(header.get("run", 0))
        elif kind == protocol.RUN_FINISHED:
            self.running = header.get("status") == "rerun"
            self._trim(header.get("trims", ()))
        elif kind == protocol.TRIM:
            self._trim(header.get("trims", ()))
        elif kind == protocol.PAGE_CONFIG:
            self.page_config.update({k: v for k, v in header.items() if k != "type"})
        elif kind == protocol.ADD_ROWS:
            self._add_rows(header)
        elif kind == protocol.NAVIGATION:
            self.navigation = header if header.get("pages") else None
            self.query = str(header.get("query", ""))
        elif kind == protocol.QUERY_PARAMS:
            self.query = str(header.get("query", ""))

    def clear(self) -> None:
        self._elements.clear()
        self._media.clear()
        self.running = False

    def media_shas(self) -> set[str]:
        """Content hashes of the media the page shows now."""
        return {sha for shas in self._media.values() for sha in shas}

    def snapshot(self, media_urls: dict[str, str] | None = None) -> str:
        """The whole page as one ``snapshot`` message (JSON text), with the URLs of its media."""
        items = [{"path": list(p), "el": el} for p, el in sorted(self._elements.items())]
        msg: dict[str, Any] = {
            "type": protocol.SNAPSHOT,
            "elements": items,
            "running": self.running,
            "media": media_urls or {},
        }
        if self.page_config:
            msg["page_config"] = {"type": protocol.PAGE_CONFIG, **self.page_config}
        if self.navigation:
            # replayed: not a new history entry
            msg["navigation"] = {k: v for k, v in self.navigation.items() if k != "push"}
            msg["navigation"]["query"] = self.query or ""
        return json.dumps(msg)

    def trigger_ids(self) -> set[str]:
        """Ids of the widgets on the page whose events are triggers (true for one run: buttons,
        a chat input's message): two events of one must not merge into one."""
        return {
            el["id"]
            for el in self._elements.values()
            if el.get("kind") == "widget" and el.get("widget") in TRIGGER_WIDGETS and "id" in el
        }

    def widget_values(self) -> dict[str, Any]:
        """Wire values of the widgets on the page (buttons excluded: they are triggers), and the
        selected rows of selectable dataframes."""
        values = {
            el["id"]: el["value"]
            for el in self._elements.values()
            if el.get("kind") == "widget" and el.get("value") is not None and "id" in el
        }
        for el in self._elements.values():
            selection = el.get("selection") if el.get("kind") == "dataframe" else None
            if isinstance(selection, dict) and "id" in selection:
                values[selection["id"]] = selection.get("value") or {"rows": [], "columns": [], "cells": []}
        return values

    def __len__(self) -> int:
        return len(self._elements)

    def _trim(self, trims: Any) -> None:
        for trim in trims:
            container, keep = tuple(trim["path"]), int(trim["len"])
            depth = len(container)
            for path in [p for p in self._elements if len(p) > depth and p[:depth] == container and p[depth] >= keep]:
                del self._elements[path]
                self._media.pop(path, None)

    def _add_rows(self, header: dict[str, Any]) -> None:
        """Append a chart's new rows to its datasets (the element dicts are this mirror's own,
        parsed from the kernel's frames, so they grow in place: no copy of the rows shown)."""
        try:
            el = self._elements.get(tuple(header["path"]))
            datasets = el.get("datasets") if el is not None and el.get("kind") == "vega_lite" else None
            if not isinstance(datasets, dict):
                return
            for name, new in header["datasets"].items():
                old = datasets.get(name)
                if not isinstance(old, dict) or old.get("columns") != new["columns"]:
                    continue
                if len(old["values"]) != len(new["values"]):
                    continue
                for column, rows in zip(old["values"], new["values"], strict=True):
                    column.extend(rows)
        except (KeyError, TypeError, AttributeError):  # the kernel's own frames: never expected
            return

    def _drop_below(self, path: Path) -> None:
        depth = len(path)
        for p in [p for p in self._elements if len(p) > depth and p[:depth] == path]:
            del self._elements[p]
            self._media.pop(p, None)
