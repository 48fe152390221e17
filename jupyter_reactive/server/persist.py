"""Session state that outlives a replica (server process, server loop).

With a media store that replicas share (``redis://``, ``file:///shared/dir``; ``MediaStore.shared``),
every session saves, after each finished run, what it takes to start again elsewhere: the app,
its widget values (wire form, from the page mirror), the page it is on, its "Always rerun"
choice, and the kernel's serializable ``session_state`` (pickled by the kernel, opaque here; see
``kernel/persist.py``). A tab whose replica stopped reconnects with its resume token to
another replica, which takes the entry and starts a session with it before its first run.

Where and how (one place for the format, :class:`StateKeeper`):

* **Key**: ``sha256("jupyter_reactive.state" NUL resume_token)`` in hex -- never the token, which
  only the tab holds (the store can be read by whoever runs it, not by a page).
* **Entry**: ``JRS1 | HMAC-SHA256 (32) | u32 header length | header JSON | session_state``.
  The HMAC key derives from the cookie secret every replica shares (``Signer.key("state")``)
  and covers the key and everything after the MAC: an entry written by anyone without the
  secret, damaged, or copied to another key is refused before the kernel unpickles a byte of
  it. The header holds the app, widget values, page, query string and run-on-save flag.
* **Expiry**: ``ReactiveApp.persist_state_ttl`` seconds after the last save (refreshed by a
  save at least every half of it while runs happen); an entry is deleted when its session ends
  for good (tab gone past the reconnect window, idle, ended), and kept when the server stops.
* **Size**: at most ``ReactiveApp.persist_state_max_bytes`` per session; a larger entry is not
  written (the page is told once), and a larger entry read back is refused.
* **Single owner**: restoring *takes* the entry (read and delete in one atomic step), so of two
  replicas that see the same token at once exactly one restores it. The restored session gets
  a new id and a new token; the old replica's session, if it still runs (a network split
  rather than a stop), is detached with a token no tab holds any more: it can only be reaped
  at the end of its reconnect window, and its later saves go to a key nobody will present.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import struct
from dataclasses import dataclass, field
from typing import Any

from .media import MediaStore
from .tokens import Signer

#: default cap of one session's saved state, in bytes (``ReactiveApp.persist_state_max_bytes``)
DEFAULT_MAX_BYTES = 1 << 20
#: default seconds a saved state stays restorable after its last save (``persist_state_ttl``)
DEFAULT_TTL = 3600.0

_MAGIC = b"JRS1"
_MAC = 32
_LEN = struct.Struct(">I")
_VERSION = 1


class BadEntry(ValueError):
    """A stored entry that is not a session state this server wrote (damaged, foreign, too
    large, or for another key). The text says which, without echoing the entry."""


class StateTooLarge(ValueError):
    """The session's state is larger than the cap: it is not saved."""

    def __init__(self, size: int, limit: int):
        super().__init__(f"{size} bytes, over the cap of {limit}")
        self.size = size
        self.limit = limit


@dataclass
class SavedState:
    """What a session needs to start again on another replica."""

    #: the app's path under the server's root (it must be the app the tab reconnects to)
    app: str
    #: widget values in wire form, by widget id (seeded before the first run)
    widget_values: dict[str, Any] = field(default_factory=dict)
    #: the kernel's session_state payload (``kernel/persist.py``); b"" when empty
    session_state: bytes = b""
    #: the page of a multipage app and the query string the tab was on
    page: str = ""
    query: str = ""
    #: the viewer's "Always rerun" choice
    run_on_save: bool = False


def state_key(token: str) -> str:
    """The store key of a resume token: a SHA-256 of it, never the token itself."""
    return hashlib.sha256(b"jupyter_reactive.state\0" + token.encode("utf-8", "surrogatepass")).hexdigest()


class StateKeeper:
    """Saves, takes and forgets sessions' states in the shared media store (see the module)."""

    def __init__(
        self,
        store: MediaStore,
        signer: Signer,
        *,
        ttl: float = DEFAULT_TTL,
        max_bytes: int = DEFAULT_MAX_BYTES,
        log: logging.Logger | None = None,
    ):
        self.store = store
        self.ttl = float(ttl)
        self.max_bytes = int(max_bytes)
        self._key = signer.key("state")
        self.log = log or logging.getLogger("jupyter_reactive")

    # -- the entry format ----------------------------------------------------------------------

    def encode(self, key: str, saved: SavedState) -> bytes:
        """The stored bytes for ``saved`` under ``key``. Raises :class:`StateTooLarge`."""
        header = json.dumps(
            {
                "v": _VERSION,
                "app": saved.app,
                "widgets": saved.widget_values,
                "page": saved.page,
                "query": saved.query,
                "run_on_save": saved.run_on_save,
            },
            separators=(",", ":"),
            ensure_ascii=True,
        ).encode()
        body = _LEN.pack(len(header)) + header + saved.session_state
        size = len(_MAGIC) + _MAC + len(body)
        if size > self.max_bytes:
            raise StateTooLarge(size, self.max_bytes)
        return _MAGIC + self._mac(key, body) + body

    def decode(self, key: str, data: bytes) -> SavedState:
        """The state in ``data`` as stored under ``key``. Raises :class:`BadEntry`."""
        if not isinstance(data, bytes):
            raise BadEntry("not bytes")
        if len(data) > self.max_bytes:
            raise BadEntry(f"{len(data)} bytes, over the cap of {self.max_bytes} (ReactiveApp.persist_state_max_bytes)")
        if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + _MAC + _LEN.size:
            raise BadEntry("not a session-state entry")
        mac, body = data[len(_MAGIC) : len(_MAGIC) + _MAC], data[len(_MAGIC) + _MAC :]
        if not hmac.compare_digest(mac, self._mac(key, body)):
            raise BadEntry("its signature does not match (damaged, or written with another cookie secret)")
        (length,) = _LEN.unpack_from(body)
        try:
            header = json.loads(body[_LEN.size : _LEN.size + length])
        except (ValueError, UnicodeDecodeError):
            raise BadEntry("its header is not JSON") from None
        if not isinstance(header, dict) or header.get("v") != _VERSION:
            raise BadEntry("an unknown version")
        app, widgets = header.get("app"), header.get("widgets")
        page, query, run_on_save = header.get("page", ""), header.get("query", ""), header.get("run_on_save", False)
        if not (
            isinstance(app, str)
            and isinstance(widgets, dict)
            and all(isinstance(k, str) for k in widgets)
            and isinstance(page, str)
            and isinstance(query, str)
            and isinstance(run_on_save, bool)
        ):
            raise BadEntry("a header of the wrong shape")
        return SavedState(app, widgets, body[_LEN.size + length :], page, query, run_on_save)

    def _mac(self, key: str, body: bytes) -> bytes:
        return hmac.new(self._key, key.encode("ascii") + b"\0" + body, hashlib.sha256).digest()

    # -- the store -----------------------------------------------------------------------------

    async def save(self, token: str, saved: SavedState) -> None:
        """Write ``saved`` for the tab holding ``token``. Raises :class:`StateTooLarge`, or
        ``MediaStoreError`` when the store is unreachable or full."""
        key = state_key(token)
        await self.write(key, self.encode(key, saved))

    async def write(self, key: str, entry: bytes) -> None:
        """Write an entry :meth:`encode` made for ``key``. Raises ``MediaStoreError``."""
        await self.store.put_state(key, entry, self.ttl)

    async def take(self, token: str, app: str) -> SavedState | None:
        """The state saved for ``token``, removed from the store, if it is a good entry for
        ``app``; None otherwise. A bad entry, or a store that is down, is logged: the tab gets
        a fresh session, never an error. Raises nothing."""
        key = state_key(token)
        try:
            data = await self.store.take_state(key)
        except Exception as err:  # the store is down: a fresh session rather than none
            self.log.warning("jupyter_reactive: saved session state not read (%s); a fresh session starts", err)
            return None
        if data is None:
            return None
        try:
            saved = self.decode(key, data)
        except BadEntry as err:
            self.log.warning("jupyter_reactive: saved session state %s… refused: %s", key[:12], err)
            return None
        if saved.app != app:
            self.log.warning("jupyter_reactive: saved session state %s… is for another app; not restored", key[:12])
            return None
        return saved

    async def put_back(self, token: str, saved: SavedState) -> None:
        """A state taken for a tab whose socket closed before its session started: kept for
        its next attempt. Raises nothing."""
        try:
            await self.save(token, saved)
        except Exception as err:
            self.log.warning("jupyter_reactive: saved session state lost: %s", err)

    async def forget(self, token: str) -> None:
        """The session ended for good: its saved state goes. Raises nothing."""
        try:
            await self.store.delete_state(state_key(token))
        except Exception as err:
            self.log.warning("jupyter_reactive: saved session state not deleted (it expires): %s", err)
