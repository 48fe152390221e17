"""StoreClient: a kernel's way to the server's ``cache_data`` store (any thread asks; answers
arrive on the subshell thread).

The kernel never talks to the store itself (a Redis password never enters a kernel, and remote
kernels work as local ones): a request goes to the session as a ``cache`` frame on the out comm,
and the session answers a ``get`` with a ``cache`` command on the inbound comm, which ipykernel
hands to the subshell thread while the script thread waits for it here. ``put``, ``abandon`` and
``clear`` are not answered (a failure becomes a notice from the server). When the server does not
answer in time, or says the store is unavailable, the caller computes as if there were no store,
and the viewer is warned once per session.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import protocol

log = logging.getLogger("jupyter_reactive.kernel")


@dataclass
class _Pending:
    done: threading.Event = field(default_factory=threading.Event)
    reply: dict[str, Any] = field(default_factory=dict)
    value: bytes | None = None


@dataclass(frozen=True)
class Lookup:
    """A ``get``'s answer: ``hit`` (with ``value`` and ``expires_in``), ``miss`` (this session
    computes and puts), ``busy`` (another session computes: ask again with ``wait``) or ``error``
    (compute without the store)."""

    status: str
    value: bytes | None = None
    expires_in: float | None = None


class StoreClient:
    """Thread-safe. ``send(header, payload)`` sends one frame to the server now; ``notice(level,
    text)`` tells this session's viewer; ``timeout`` is how long a ``get`` waits for its answer
    (``wait_timeout`` for one that waits for another session's computation)."""

    def __init__(
        self,
        send: Callable[[dict[str, Any], bytes], None],
        notice: Callable[[str, str], None],
        *,
        timeout: float = 30.0,
        wait_timeout: float = 330.0,
    ):
        self._send = send
        self._notice = notice
        self.timeout = timeout
        self.wait_timeout = wait_timeout
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._lock = threading.Lock()
        self._warned = False
        #: called on the subshell thread with (function key, call key) another session cleared
        self.on_cleared: Callable[[str | None, str | None], None] | None = None

    def get(self, fn: str, key: str, *, persist: bool, wait: bool = False) -> Lookup:
        rid = next(self._ids)
        pending = _Pending()
        with self._lock:
            self._pending[rid] = pending
        try:
            header = {"type": protocol.CACHE, "op": "get", "id": rid, "fn": fn, "key": key, "persist": persist}
            if wait:
                header["wait"] = True
            self._send(header, b"")
            if not pending.done.wait(self.wait_timeout if wait else self.timeout):
                self.warn("the shared cache did not answer in time; this result was computed here")
                return Lookup("error")
        finally:
            with self._lock:
                self._pending.pop(rid, None)
        status = pending.reply.get("status")
        if status == "hit" and pending.value is not None:
            expires_in = pending.reply.get("expires_in")
            return Lookup("hit", pending.value, float(expires_in) if isinstance(expires_in, (int, float)) else None)
        if status in ("miss", "busy"):
            return Lookup(str(status))
        self.warn(str(pending.reply.get("message") or "the shared cache is unavailable"))
        return Lookup("error")

    def put(
        self, fn: str, key: str, value: bytes, *, persist: bool, ttl: float | None, max_entries: int | None, name: str
    ) -> None:
        header = {
            "type": protocol.CACHE,
            "op": "put",
            "fn": fn,
            "key": key,
            "persist": persist,
            "ttl": ttl,
            "max_entries": max_entries,
            "name": name,
        }
        self._send(header, value)

    def abandon(self, fn: str, key: str, *, persist: bool) -> None:
        """This session will not put the key it was told to compute (the function raised)."""
        self._send({"type": protocol.CACHE, "op": "abandon", "fn": fn, "key": key, "persist": persist}, b"")

    def clear(self, fn: str | None = None, key: str | None = None) -> None:
        """Forget a call's result, a function's results (``key`` None) or the app's (both None)."""
        header: dict[str, Any] = {"type": protocol.CACHE, "op": "clear", "fn": fn}
        if key is not None:
            header["key"] = key
        self._send(header, b"")

    def on_message(self, data: dict[str, Any], buffers: list[Any]) -> None:
        """Subshell thread: a ``cache`` command from the server."""
        if data.get("status") == "cleared":
            fn, key = data.get("fn"), data.get("key")
            if self.on_cleared is not None:
                self.on_cleared(fn if isinstance(fn, str) else None, key if isinstance(key, str) else None)
            return
        rid = data.get("id")
        with self._lock:
            pending = self._pending.get(rid) if isinstance(rid, int) else None
        if pending is None:
            return  # answered too late: its caller went on without it
        pending.reply = dict(data)
        pending.value = bytes(buffers[0]) if buffers else None
        pending.done.set()

    def warn(self, message: str) -> None:
        """Tell the viewer once per session that caching falls back to this kernel."""
        log.warning("jupyter_reactive: cache_data: %s", message)
        if not self._warned:
            self._warned = True
            self._notice("warning", f"cache_data: {message}. Results are cached in this session only for now.")
