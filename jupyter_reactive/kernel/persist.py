"""``session_state`` as bytes that another kernel can read back (script thread).

After each finished run the kernel hands the server its ``session_state`` (the server keeps it
in the shared store with the widget values, ``server/persist.py``); a session restored on
another replica gets it back before its first run. The kernel decides what can travel:

* each entry is pickled on its own and read back at once (``pickle.loads``) -- only what
  round-trips here is kept, so an object of a class the next kernel cannot import (one defined
  in the app script itself, whose ``__main__`` is gone after the run), an open file, a lock or
  a lambda are left out; so is an entry whose key is not a text;
* the largest entries are left out until the rest fits the per-session cap;
* what is left out is named in one notice on the page, once per key (not on every run).

The payload is a pickle of a ``{key: pickled value}`` dict of text and bytes only, read back
with an unpickler that refuses every global, then each value is unpickled on its own (a value
that no longer loads -- its class gone after an edit -- is left out with a notice). The store
is trusted server-side only: the server checks each entry's signature before a kernel sees it
(the same trust ``cache_data`` places in its shared store).
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from typing import Any

from .state import SessionState

#: names shown in one notice, at most
_SHOWN = 5


class _NoGlobals(pickle.Unpickler):
    """Reads the outer dict (text keys, bytes values): any class or function is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError("a saved session_state holds only text and bytes")


def _human(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB"):
        if n < 1024 or unit == "MiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"  # pragma: no cover


def _names(keys: list[str]) -> str:
    shown = ", ".join(repr(k) for k in keys[:_SHOWN])
    return shown + (f" and {len(keys) - _SHOWN} more" if len(keys) > _SHOWN else "")


class StateSaver:
    """One session's ``session_state`` to and from bytes. ``notice(level, text)`` tells the
    page; ``max_bytes`` caps the payload (``ReactiveApp.persist_state_max_bytes``)."""

    def __init__(self, state: SessionState, notice: Callable[[str, str], None], max_bytes: int):
        self.state = state
        self.notice = notice
        self.max_bytes = int(max_bytes)
        self._last: bytes | None = None
        self._checked: dict[str, bytes] = {}  # key -> its pickle, known to round-trip
        self._warned: set[str] = set()

    def payload(self) -> bytes | None:
        """After a finished run: the entries that can travel, as bytes; None when they are
        what the last call returned (nothing to save again)."""
        kept: dict[str, bytes] = {}
        unserializable: list[tuple[str, str]] = []
        checked: dict[str, bytes] = {}
        for key, value in self.state.user_items():
            if not isinstance(key, str):
                unserializable.append((repr(key), "its key is not a text"))
                continue
            try:
                data = pickle.dumps(value, protocol=5)
                if self._checked.get(key) != data:
                    pickle.loads(data)  # what does not load here will not load in the next kernel
            except Exception as err:  # pickle raises whatever the object's __reduce__ raises
                unserializable.append((key, _reason(err)))
                continue
            checked[key] = kept[key] = data
        self._checked = checked
        too_big: list[tuple[str, int]] = []
        budget = self.max_bytes - 64  # the outer dict's own bytes
        total = sum(len(k) + len(v) + 16 for k, v in kept.items())
        for key in sorted(kept, key=lambda k: len(kept[k]), reverse=True):
            if total <= budget:
                break
            total -= len(key) + len(kept[key]) + 16
            too_big.append((key, len(kept.pop(key))))
        self._warn(unserializable, too_big)
        payload = pickle.dumps(kept, protocol=5) if kept else b""
        if payload == self._last:
            return None
        self._last = payload
        return payload

    def _warn(self, unserializable: list[tuple[str, str]], too_big: list[tuple[str, int]]) -> None:
        new_bad = [(k, why) for k, why in unserializable if k not in self._warned]
        if new_bad:
            self._warned.update(k for k, _ in new_bad)
            reasons = "; ".join(f"{k!r}: {why}" for k, why in new_bad[:_SHOWN])
            self.notice(
                "warning",
                f"session_state {_names([k for k, _ in new_bad])} cannot be saved with this session, so a "
                f"restart of this server would lose it ({reasons}). Values that pickle and load "
                "back (numbers, text, lists, dicts, data frames, classes from importable modules) are saved.",
            )
        new_big = [(k, n) for k, n in too_big if k not in self._warned]
        if new_big:
            self._warned.update(k for k, _ in new_big)
            sizes = ", ".join(f"{k!r} ({_human(n)})" for k, n in new_big[:_SHOWN])
            self.notice(
                "warning",
                f"session_state {sizes} not saved with this session: over the cap of "
                f"{_human(self.max_bytes)} per session (ReactiveApp.persist_state_max_bytes), so a restart "
                "of this server would lose it.",
            )
        # a key that becomes savable again may be warned about again later
        self._warned.intersection_update({k for k, _ in unserializable} | {k for k, _ in too_big})

    def restore(self, payload: bytes) -> None:
        """Before the first run: put the saved entries back into ``session_state``; the ones
        that no longer load are named in a notice. A payload that is not ours is refused whole."""
        try:
            entries = _NoGlobals(io.BytesIO(payload)).load() if payload else {}
            if not isinstance(entries, dict) or not all(
                isinstance(k, str) and isinstance(v, bytes) for k, v in entries.items()
            ):
                raise pickle.UnpicklingError("not a dict of text and bytes")
        except Exception:
            self.notice("warning", "The saved session_state could not be read; the app starts without it.")
            return
        failed: list[str] = []
        for key, data in entries.items():
            try:
                self.state[key] = pickle.loads(data)
            except Exception:
                failed.append(key)
                continue
            self._checked[key] = data
        self._last = payload
        if failed:
            self.notice(
                "warning",
                f"session_state {_names(failed)} could not be restored (its type may have changed or gone); "
                "the app starts without it.",
            )


def _reason(err: BaseException) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text[:120]
