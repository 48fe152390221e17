"""What ``cache_data`` and ``cache_resource`` key and keep results by (script thread; the
entries are also read by the subshell thread when another session clears): Streamlit's ``ttl``
and ``max_size`` forms, a call's key (the function's identity and code, its arguments), the
errors for what cannot be hashed or copied, and one function's entries in a kernel's memory
(:class:`Entries`: LRU with caps and deadlines). No state of its own."""

from __future__ import annotations

import datetime
import hashlib
import inspect
import logging
import pickle
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from .errors import StreamlitAPIException

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def ttl_seconds(ttl: float | datetime.timedelta | str | None) -> float | None:
    """Seconds from Streamlit's ``ttl`` forms: a number, a timedelta, or text like ``"1h 30m"``."""
    if ttl is None:
        return None
    if isinstance(ttl, datetime.timedelta):
        return ttl.total_seconds()
    if isinstance(ttl, bool):
        raise TypeError("ttl must be seconds, a timedelta or a string such as '1h'")
    if isinstance(ttl, (int, float)):
        if ttl < 0:
            raise ValueError("ttl must not be negative")
        return float(ttl)
    if isinstance(ttl, str):
        text = ttl.strip().lower()
        if not re.fullmatch(r"(\d+(\.\d+)?\s*[a-z]+\s*)+", text):
            raise ValueError(f"ttl {ttl!r}: use a number of seconds or text such as '30s', '10m', '1h', '2d'")
        total = 0.0
        for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]+)", text):
            if unit[0] not in _UNITS or unit.startswith(("ms", "mo")):
                raise ValueError(f"ttl {ttl!r}: unknown unit {unit!r} (use s, m, h, d or w)")
            total += float(number) * _UNITS[unit[0]]
        return total
    raise TypeError("ttl must be seconds, a timedelta or a string such as '1h'")


class CacheError(TypeError):
    """An argument that cannot be hashed, or a result that cannot be copied."""


class CachedFunctionReturnedAwaitableError(StreamlitAPIException):
    """A cached plain (not ``async def``) function returned an awaitable: what would be cached is
    the operation, not its result (Streamlit's name and message)."""

    def __init__(self, decorator: str, func: Callable[..., Any], value: Any):
        name = getattr(func, "__name__", "function")
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        super().__init__(
            f"`{name}()` is a synchronous function decorated with `st.{decorator}`, but it returned an "
            f"awaitable of type `{kind}`. The function may have returned an asynchronous operation "
            "without awaiting it, or the returned object may itself be awaitable.\n\n"
            "Return a non-awaitable value instead. Prefer defining the cached function with `async def` "
            'and `await` the operation; note that `async def` cached functions require `refresh_mode="foreground"`.'
        )


class UnserializableReturnValueError(CacheError):
    """A ``cache_data`` function returned something pickle cannot serialize (Streamlit's name)."""

    def __init__(self, func: Callable[..., Any], value: Any):
        super().__init__(
            f"Cannot serialize the return value (of type `{type(value).__module__}.{type(value).__qualname__}`) "
            f"in `{getattr(func, '__name__', 'function')}()`. `cache_data` uses pickle to serialize the "
            "function's return value and safely store it in the cache without mutating the original object. "
            "Please convert the return value to a pickle-serializable type. If you want to cache "
            "unserializable objects such as database connections or Tensorflow sessions, use "
            "`cache_resource` instead."
        )


def function_key(func: Callable[..., Any]) -> bytes:
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        source = getattr(getattr(func, "__code__", None), "co_code", b"").hex()
    ident = f"{func.__module__}.{func.__qualname__}\n{source}"
    return hashlib.sha256(ident.encode()).digest()


def args_key(func: Callable[..., Any], hash_funcs: dict[Any, Callable[[Any], Any]], args: tuple, kwargs: dict) -> bytes:
    sig = inspect.signature(func)
    bound = sig.bind(*args, **kwargs)  # a wrong call fails as the function itself would
    bound.apply_defaults()
    h = hashlib.sha256()
    for name, value in bound.arguments.items():
        if name.startswith("_"):
            continue
        h.update(name.encode() + b"\0")
        h.update(_value_hash(name, value, hash_funcs))
    return h.digest()


def _value_hash(name: str, value: Any, hash_funcs: dict[Any, Callable[[Any], Any]]) -> bytes:
    for kind, fn in hash_funcs.items():
        if (isinstance(kind, type) and isinstance(value, kind)) or (
            isinstance(kind, str) and f"{type(value).__module__}.{type(value).__qualname__}" == kind
        ):
            try:
                replaced = fn(value)
            except Exception as err:
                raise CacheError(
                    f"hash_funcs[{kind if isinstance(kind, str) else kind.__name__}] raised "
                    f"{type(err).__name__}: {err} while hashing argument {name!r}"
                ) from err
            return _value_hash(name, replaced, {})
    try:
        return hashlib.sha256(pickle.dumps(value, protocol=5)).digest()
    except Exception as err:
        raise CacheError(
            f"cannot hash argument {name!r} (of type {type(value).__name__}): {err}. Name the parameter "
            f"_{name} to leave it out of the cache key, or pass hash_funcs={{{type(value).__name__}: ...}}."
        ) from None


_SIZE_UNITS = {"": 1, "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "kib": 1024, "mib": 1024**2, "gib": 1024**3}


def size_bytes(size: int | str | None) -> int | None:
    """Bytes from Streamlit's ``max_size``: a number of bytes or text such as ``"100MB"``."""
    if size is None:
        return None
    if isinstance(size, int) and not isinstance(size, bool) and size > 0:
        return size
    if isinstance(size, str):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", size.lower())
        if m and m.group(2) in _SIZE_UNITS and float(m.group(1)) > 0:
            return int(float(m.group(1)) * _SIZE_UNITS[m.group(2)])
    raise ValueError(f"max_size {size!r}: use a positive number of bytes or text such as '100MB'")


class Entries:
    """One function's cached results: LRU with optional caps (count, bytes) and time-to-live.
    ``on_release`` is called with each value the cache lets go of."""

    def __init__(
        self,
        max_entries: int | None,
        ttl: float | None,
        max_size: int | None = None,
        on_release: Callable[[Any], Any] | None = None,
    ):
        self.max_entries = max_entries
        self.ttl = ttl
        self.max_size = max_size
        self.on_release = on_release
        #: seconds at the end of an entry's life in which it is stale (0: never)
        self.grace = 0.0
        # key -> (monotonic deadline or None, value)
        self.items: OrderedDict[bytes, tuple[float | None, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: bytes) -> tuple[bool, Any]:
        hit, value, _stale = self.lookup(key)
        return hit, value

    def lookup(self, key: bytes) -> tuple[bool, Any, bool]:
        """``(hit, value, stale)``: stale once the entry is in the last ``grace`` seconds of its
        life (``refresh_mode="background"``: served while a new value is made)."""
        with self.lock:
            hit = self.items.get(key)
            if hit is None:
                return False, None, False
            deadline, value = hit
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                self._release([self.items.pop(key)[1]])
                return False, None, False
            self.items.move_to_end(key)
            return True, value, bool(self.grace) and deadline is not None and now >= deadline - self.grace

    def put(self, key: bytes, value: Any, expires_in: float | None = None) -> None:
        """Keep ``value`` for ``expires_in`` seconds (None: this function's ttl)."""
        life = self.ttl if expires_in is None else expires_in
        with self.lock:
            old = self.items.pop(key, None)
            self.items[key] = (None if life is None else time.monotonic() + life, value)
            gone = [] if old is None else [old[1]]
            while self.max_entries is not None and len(self.items) > self.max_entries:
                gone.append(self.items.popitem(last=False)[1][1])
            if self.max_size is not None:
                total = sum(len(v) for _t, v in self.items.values())
                while total > self.max_size and len(self.items) > 1:
                    _t, v = self.items.popitem(last=False)[1]
                    total -= len(v)
                    gone.append(v)
            self._release(gone)

    def drop(self, key: bytes | None = None) -> None:
        """Forget one entry, or all of them."""
        with self.lock:
            if key is None:
                gone = [v for _t, v in self.items.values()]
                self.items.clear()
            else:
                hit = self.items.pop(key, None)
                gone = [] if hit is None else [hit[1]]
            self._release(gone)

    def _release(self, values: list[Any]) -> None:
        if self.on_release is None:
            return
        for value in values:
            try:
                self.on_release(value)
            except Exception:  # a failing clean-up must not break the call that evicted
                logging.getLogger("jupyter_reactive.kernel").exception("on_release failed")
