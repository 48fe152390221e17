"""The page as the browser keeps it, shared by the in-process kernel harness and the WebSocket
client: apply deltas, snapshots and trims; look elements up the way a test reads a page."""

from __future__ import annotations

from typing import Any

Path = tuple[int, ...]


class PageModel:
    """Mixin: the host provides ``self.page: dict[Path, element]``."""

    page: dict[Path, dict[str, Any]]

    def apply_message(self, msg: dict[str, Any]) -> None:
        if msg["type"] == "deltas":
            for item in msg["items"]:
                path = tuple(item["path"])
                self._drop_below(path)
                self.page[path] = item["el"]
        elif msg["type"] == "snapshot":
            self.page = {tuple(i["path"]): i["el"] for i in msg["elements"]}
        elif msg["type"] == "add_rows":
            el = self.page.get(tuple(msg["path"]))
            if el is not None and el.get("kind") == "vega_lite":
                datasets = dict(el["datasets"])
                for name, new in msg["datasets"].items():
                    old = datasets[name]
                    assert old["columns"] == new["columns"], (old["columns"], new["columns"])
                    values = [a + b for a, b in zip(old["values"], new["values"], strict=True)]
                    datasets[name] = {"columns": old["columns"], "values": values}
                self.page[tuple(msg["path"])] = {**el, "datasets": datasets}
        elif msg["type"] in ("run_finished", "trim"):
            for trim in msg.get("trims", ()):
                container, keep = tuple(trim["path"]), trim["len"]
                d = len(container)
                for p in [p for p in self.page if len(p) > d and p[:d] == container and p[d] >= keep]:
                    del self.page[p]

    def _drop_below(self, path: Path) -> None:
        d = len(path)
        for p in [p for p in self.page if len(p) > d and p[:d] == path]:
            del self.page[p]

    def widget(self, label: str) -> dict[str, Any]:
        found = [el for el in self.page.values() if el.get("kind") == "widget" and el.get("label") == label]
        assert len(found) == 1, f"{len(found)} widgets labelled {label!r} on the page"
        return found[0]

    def texts(self) -> list[str]:
        return [str(el[key]) for _p, el in sorted(self.page.items()) for key in ("html", "text", "evalue") if key in el]

    def has_text(self, needle: str) -> bool:
        return any(needle in t for t in self.texts())

    def kinds(self) -> list[str]:
        return [el["kind"] for _p, el in sorted(self.page.items())]
