"""CacheService: what the server does with a kernel's ``cache`` frames (server loop).

A kernel's ``cache_data`` asks its session (a ``cache`` frame on the out comm) and gets its answer
as a ``cache`` command on the inbound comm, handled on the kernel's subshell thread while the
script thread waits. The service:

* puts every entry in the app's namespace (:func:`~.base.app_namespace` of the app's path):
  a kernel names a function and a key, never an app, so it cannot reach another app's entries;
* computes each missing key once: the first ``get`` that misses is answered ``miss`` and holds a
  *lease* until its ``put`` (or ``abandon``, or its session ends); another session's ``get`` of
  that key meanwhile is answered ``busy``, and its ``get`` with ``wait`` is answered when the
  lease ends (with the result, or ``miss`` to compute it itself). With Redis the lease is also
  taken in the store (``SET NX``, expiring after ``wait_timeout``), and a replica whose session
  waits looks for the result every ``poll_interval`` seconds; replicas sharing a directory do not
  share leases and may compute the same key at once;
* keeps the app running when the store is down: the first failure is logged, and for
  ``retry_after`` seconds every request is answered ``error`` at once without trying the store
  (the kernel computes, and warns its viewer once);
* tells the other sessions of the app (``on_clear``) when one clears a function, so their
  kernels drop what they hold in memory -- on every replica sharing the store, through the
  store's announcements (Redis pub/sub), listened to from the first request on (a server
  whose kernels never asked holds nothing to drop).
"""

from __future__ import annotations

import asyncio
import logging
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .base import CacheStore, CacheStoreError, CacheTooLarge, app_namespace, is_key

#: Seconds a store that failed is left alone before it is tried again.
RETRY_AFTER = 30.0


@dataclass
class CacheAnswer:
    """What to send back: a ``cache`` command to the kernel (with the value as its buffer) and/or
    a notice for the session's page."""

    reply: dict[str, Any] | None = None
    value: bytes | None = None
    notice: str | None = None


class CacheService:
    """Cached results of every app this server serves. Server loop only.

    ``store`` holds entries; ``persist_store`` those of functions with ``persist="disk"`` (the
    same store when an operator chose one by URL). ``wait_timeout``: seconds a ``get`` with
    ``wait`` waits for another session's computation before computing itself.
    ``by_relative_path``: apps are told apart by their path under the server's root (the same on
    every replica: for a store replicas share) rather than by their absolute path (for the
    default stores, which servers of different roots on one machine may share).
    """

    def __init__(
        self,
        store: CacheStore,
        persist_store: CacheStore | None = None,
        *,
        wait_timeout: float = 300.0,
        retry_after: float = RETRY_AFTER,
        on_clear: Callable[[str, str | None, str | None, str], None] | None = None,
        by_relative_path: bool = True,
        log: Any = None,
    ):
        self.store = store
        self.persist_store = persist_store or store
        self.wait_timeout = wait_timeout
        self.retry_after = retry_after
        self.on_clear = on_clear
        self.by_relative_path = by_relative_path
        self.log = log or logging.getLogger("jupyter_reactive")
        self._down_until = 0.0
        self._origin = secrets.token_hex(8)  # this server, in announcements and store leases
        self.poll_interval = 0.2  # seconds between looks at a key another replica computes
        self._tasks: set[asyncio.Future[Any]] = set()
        self._listening = False
        self._leases: dict[tuple[int, str, str, str], tuple[str, asyncio.Future[None]]] = {}

    async def handle(self, app: str, owner: str, header: dict[str, Any], payload: bytes) -> CacheAnswer:
        """One ``cache`` frame from the kernel of session ``owner`` running ``app``. Never raises:
        a malformed request is logged and, if it expects an answer, answered ``error``."""
        rid = header.get("id")
        if not self._listening:
            self._listening = True
            for store in self._stores():
                await store.listen(self._announced)
        try:
            op = header.get("op")
            if op == "clear":
                fn, key = header.get("fn"), header.get("key")
                if (fn is not None and not is_key(fn)) or (key is not None and not (fn and is_key(key))):
                    raise ValueError("bad function or call key")
                return await self._clear(app, owner, fn, key)
            fn, key = header.get("fn"), header.get("key")
            if not (isinstance(fn, str) and isinstance(key, str) and is_key(fn) and is_key(key)):
                raise ValueError("bad function or call key")
            store = self.persist_store if header.get("persist") is True else self.store
            ns = app_namespace(app)
            if op == "get":
                if not isinstance(rid, int) or isinstance(rid, bool):
                    raise ValueError("a get needs an integer id")
                return await self._get(store, ns, fn, key, owner, rid, header.get("wait") is True)
            if op == "put":
                return await self._put(store, ns, fn, key, payload, header)
            if op == "abandon":
                self._end_lease(store, ns, fn, key)
                return CacheAnswer()
            raise ValueError("unknown op")
        except (ValueError, TypeError, KeyError) as err:
            self.log.warning("jupyter_reactive: refused a malformed cache request from session %s: %s", owner, err)
            reply = None
            if isinstance(rid, int):
                reply = {"kind": "cache", "id": rid, "status": "error", "message": "malformed cache request"}
            return CacheAnswer(reply)

    # -- operations ----------------------------------------------------------------------------

    async def _get(
        self, store: CacheStore, ns: str, fn: str, key: str, owner: str, rid: int, wait: bool
    ) -> CacheAnswer:
        """A hit, or ``miss`` with the lease (this server's, and the store's for replicas), or
        ``busy`` while another session or replica has it; with ``wait``, wait for that one."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.wait_timeout
        lease_key = (id(store), ns, fn, key)
        while True:
            lease = self._leases.get(lease_key)
            if lease is not None and lease[0] != owner and not lease[1].done():
                if not wait:
                    return CacheAnswer({"kind": "cache", "id": rid, "status": "busy"})
                try:
                    await asyncio.wait_for(asyncio.shield(lease[1]), max(0.0, deadline - loop.time()))
                except asyncio.TimeoutError:
                    pass
            entry, error = await self._guard(store.get(ns, fn, key))
            if error is not None:
                return CacheAnswer({"kind": "cache", "id": rid, "status": "error", "message": error})
            if entry is not None:
                expires_in = entry.expires_in()
                return CacheAnswer({"kind": "cache", "id": rid, "status": "hit", "expires_in": expires_in}, entry.value)
            lease = self._leases.get(lease_key)
            if lease is not None and lease[0] != owner and not lease[1].done() and loop.time() < deadline:
                continue  # another session of this server took it meanwhile
            taken, failed = await self._guard(store.lease(ns, fn, key, self._origin, self.wait_timeout))
            if taken or failed is not None or loop.time() >= deadline:
                if lease_key not in self._leases or self._leases[lease_key][1].done():
                    self._leases[lease_key] = (owner, loop.create_future())
                return CacheAnswer({"kind": "cache", "id": rid, "status": "miss"})
            if not wait:  # another replica computes it
                return CacheAnswer({"kind": "cache", "id": rid, "status": "busy"})
            await asyncio.sleep(self.poll_interval)

    async def _put(
        self, store: CacheStore, ns: str, fn: str, key: str, value: bytes, header: dict[str, Any]
    ) -> CacheAnswer:
        ttl, most = header.get("ttl"), header.get("max_entries")
        if ttl is not None and (
            isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or not math.isfinite(ttl) or ttl < 0
        ):
            raise ValueError("bad ttl")
        if most is not None and (isinstance(most, bool) or not isinstance(most, int) or most < 1):
            raise ValueError("bad max_entries")
        name = str(header.get("name") or "a function")[:200]
        try:
            _, error = await self._guard(store.put(ns, fn, key, value, ttl=ttl, max_entries=most))
        except CacheTooLarge as err:
            return CacheAnswer(notice=f"{name}(): {err}; it is cached in this session only.")
        finally:
            self._end_lease(store, ns, fn, key)
        return CacheAnswer(notice=None if error is None else f"{name}() was not shared: {error}")

    async def _clear(self, app: str, owner: str, fn: str | None, key: str | None) -> CacheAnswer:
        ns = app_namespace(app)
        error = None
        for store in self._stores():
            _, failed = await self._guard(store.clear(ns, fn, key))
            if failed is None:
                message = {"origin": self._origin, "app": app, "fn": fn, "key": key}
                _, failed = await self._guard(store.announce(message))
            error = error or failed
        if self.on_clear is not None:
            self.on_clear(app, fn, key, owner)
        return CacheAnswer(notice=None if error is None else f"The shared cache was not cleared: {error}")

    def _end_lease(self, store: CacheStore, ns: str, fn: str, key: str) -> None:
        lease = self._leases.pop((id(store), ns, fn, key), None)
        if lease is not None:
            self._free(store, ns, fn, key, lease[1])

    def _free(self, store: CacheStore, ns: str, fn: str, key: str, future: asyncio.Future[None]) -> None:
        """Wake this server's waiters and give the store's lease back (in the background)."""
        if not future.done():
            future.set_result(None)
        task = asyncio.ensure_future(self._guard(store.unlease(ns, fn, key, self._origin)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def release(self, owner: str) -> None:
        """Session ``owner`` ended: the keys it was computing are free for others."""
        stores = {id(s): s for s in self._stores()}
        for lease_key, (holder, future) in list(self._leases.items()):
            if holder == owner:
                del self._leases[lease_key]
                store_id, ns, fn, key = lease_key
                self._free(stores[store_id], ns, fn, key, future)

    async def _guard(self, work: Any) -> tuple[Any, str | None]:
        """``work``'s result, or (None, why) if the store failed or is resting after a failure.
        :class:`CacheTooLarge` is raised: it is about the value, not the store."""
        if time.monotonic() < self._down_until:
            work.close()
            return None, "the cache store is unavailable"
        try:
            return await work, None
        except CacheTooLarge:
            raise
        except CacheStoreError as err:
            self._down_until = time.monotonic() + self.retry_after
            self.log.warning(
                "jupyter_reactive: %s; cache_data computes without it for %.0f s", err, self.retry_after, exc_info=err
            )
            return None, "the cache store is unavailable"

    def _stores(self) -> list[CacheStore]:
        return list({id(self.store): self.store, id(self.persist_store): self.persist_store}.values())

    def _announced(self, message: dict[str, Any]) -> None:
        """Another replica's session cleared: this server's sessions of that app forget too."""
        if message.get("origin") == self._origin or self.on_clear is None:
            return
        app, fn, key = message.get("app"), message.get("fn"), message.get("key")
        if not isinstance(app, str) or (fn is not None and not is_key(fn)) or (key is not None and not is_key(key)):
            self.log.warning("jupyter_reactive: ignored a malformed cache announcement")
            return
        self.on_clear(app, fn, key, "")

    async def close(self) -> None:
        for store in self._stores():
            await store.close()
