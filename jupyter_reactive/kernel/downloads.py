"""``download_button(data=callable)``: the file made when the viewer clicks, not at every run.

Threads: the script thread registers each deferred button as it draws it and prunes those a
complete run did not draw (as :mod:`.datapages` does for dataframes); the subshell thread takes
the page's ``download_request`` and starts a worker thread that calls the function (it may take
seconds: neither the subshell nor the script waits for it), then sends the bytes as a media
frame and a ``download_ready`` (or its ``error``) the page matches by ``id`` and ``seq``. Like
Streamlit, the function takes no arguments and its ``jr.*`` calls draw nothing (the worker has
no run context).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import protocol
from .media import download_blob

if TYPE_CHECKING:
    from .outbox import Outbox

log = logging.getLogger("jupyter_reactive")


@dataclass(frozen=True)
class Deferred:
    make: Callable[[], Any]
    file_name: str | None
    mime: str | None


class DeferredDownloads:
    """The deferred download buttons the page shows, by widget id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buttons: dict[str, Deferred] = {}
        self._drawn: set[str] = set()

    def begin_run(self) -> None:
        with self._lock:
            self._drawn = set()

    def add(self, widget_id: str, deferred: Deferred) -> None:
        with self._lock:
            self._buttons[widget_id] = deferred
            self._drawn.add(widget_id)

    def end_run(self, complete: bool) -> None:
        if not complete:
            return
        with self._lock:
            for gone in [k for k in self._buttons if k not in self._drawn]:
                del self._buttons[gone]

    def get(self, widget_id: str) -> Deferred | None:
        with self._lock:
            return self._buttons.get(widget_id)


def answer(downloads: DeferredDownloads, outbox: Outbox, data: dict[str, Any]) -> threading.Thread | None:
    """Start making the file a ``download_request`` asks for (subshell thread; never raises).
    A request for a button no longer shown is answered with an error at once."""
    widget_id = str(data.get("id", ""))
    seq = data.get("seq")
    reply: dict[str, Any] = {
        "type": protocol.DOWNLOAD_READY,
        "id": widget_id,
        "seq": seq if isinstance(seq, int) else 0,
    }
    deferred = downloads.get(widget_id)
    if deferred is None:
        outbox.send_now({**reply, "error": "this download button is no longer shown; rerun the app"})
        return None

    def make() -> None:
        try:
            blob = download_blob(deferred.make(), deferred.file_name, deferred.mime)
        except Exception as err:  # the app's function failed: the viewer sees why
            log.warning("jupyter_reactive: a download's data function failed", exc_info=True)
            outbox.send_now({**reply, "error": f"the download could not be made: {type(err).__name__}: {err}"[:500]})
            return
        # the bytes first (the server stores them and tells the page their URL), then the answer
        outbox.media(blob.header(), blob.data)
        outbox.message({**reply, "src": {"media": blob.sha}, "file_name": blob.filename, "mimetype": blob.mimetype})
        outbox.flush()

    worker = threading.Thread(target=make, name="jupyter-reactive-download", daemon=True)
    worker.start()
    return worker
