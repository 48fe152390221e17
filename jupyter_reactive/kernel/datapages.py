"""The frames behind the page's dataframe elements and the answers to its ``data_request``s.

Threads: the script thread registers frames as it draws (:meth:`FrameRegistry.add`) and prunes
them after a complete run; the subshell thread answers requests (:func:`answer`) while the script
may be running. One lock guards the table. No pandas import here: ``import jupyter_reactive``
stays light; the frames themselves come from :mod:`.frames`.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from .. import protocol

if TYPE_CHECKING:
    from .frames import FrameSource


class FrameRegistry:
    """The frames of the dataframe elements the page shows, by data id. The script registers
    them as it draws; a complete run drops those it did not draw; the subshell reads them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frames: dict[str, FrameSource] = {}
        self._drawn: set[str] = set()

    def begin_run(self) -> None:
        with self._lock:
            self._drawn = set()

    def add(self, source: FrameSource) -> None:
        with self._lock:
            self._frames[source.id] = source
            self._drawn.add(source.id)

    def replace(self, old_id: str, source: FrameSource) -> None:
        """An element updated in place (``add_rows``): its old rows are no longer shown."""
        with self._lock:
            if old_id != source.id:
                self._frames.pop(old_id, None)
                self._drawn.discard(old_id)
            self._frames[source.id] = source
            self._drawn.add(source.id)

    def end_run(self, complete: bool) -> None:
        if not complete:
            return
        with self._lock:
            for gone in [k for k in self._frames if k not in self._drawn]:
                del self._frames[gone]

    def get(self, data_id: str) -> FrameSource | None:
        with self._lock:
            return self._frames.get(data_id)

    def __len__(self) -> int:
        with self._lock:
            return len(self._frames)


def answer(registry: FrameRegistry, data: dict[str, Any]) -> dict[str, Any]:
    """The ``data_page`` header answering one ``data_request`` (never raises: a refused or
    failed request is answered with ``error``, so the page never waits)."""
    data_id = str(data.get("id", ""))
    seq = data.get("seq")
    reply: dict[str, Any] = {"type": protocol.DATA_PAGE, "id": data_id, "seq": seq if isinstance(seq, int) else 0}
    source = registry.get(data_id)
    if source is None:
        return {**reply, "rows": 0, "error": "this table is no longer shown; rerun the app"}
    reply["rows"] = source.rows
    try:
        start, stop = int(data["start"]), int(data["stop"])
        sort = [(int(c), bool(a)) for c, a in (data.get("sort") or [])]
        if not 0 <= start <= stop or stop - start > protocol.MAX_DATA_PAGE:
            raise ValueError("bad row range")
        reply["page"] = source.page(start, stop, sort)
    except (ValueError, TypeError, KeyError, IndexError) as err:
        reply["error"] = f"rows refused: {err}"
    return reply
