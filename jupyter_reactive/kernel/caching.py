"""``cache_data`` and ``cache_resource``: memoize slow functions across reruns (script thread).

Streamlit keeps both caches in its one server process, so every viewer shares them. Here every
session is its own kernel, so today both caches live in the kernel's memory: they last across the
session's reruns (the common case: a slow load runs once, not on every widget change) but are not
shared between sessions yet. docs/compatibility.md says so.

A call's key is a SHA-256 of the function's identity (module, qualified name and source code, so
editing the function misses the old entries) and of its arguments, pickled; parameters whose name
starts with ``_`` are left out of the key, as in Streamlit. ``cache_data`` stores the pickled
result and returns a fresh copy on every call (a caller that mutates its frame cannot corrupt the
cache); ``cache_resource`` returns the same object every time.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import inspect
import pickle
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, overload

F = TypeVar("F", bound=Callable[..., Any])

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


def _function_key(func: Callable[..., Any]) -> bytes:
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        source = getattr(getattr(func, "__code__", None), "co_code", b"").hex()
    ident = f"{func.__module__}.{func.__qualname__}\n{source}"
    return hashlib.sha256(ident.encode()).digest()


def _args_key(
    func: Callable[..., Any], hash_funcs: dict[Any, Callable[[Any], Any]], args: tuple, kwargs: dict
) -> bytes:
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
            return _value_hash(name, fn(value), {})
    try:
        return hashlib.sha256(pickle.dumps(value, protocol=5)).digest()
    except Exception as err:
        raise CacheError(
            f"cannot hash argument {name!r} (of type {type(value).__name__}): {err}. Name the parameter "
            f"_{name} to leave it out of the cache key, or pass hash_funcs={{{type(value).__name__}: ...}}."
        ) from None


class _Entries:
    """One function's cached results: LRU with an optional size cap and time-to-live."""

    def __init__(self, max_entries: int | None, ttl: float | None):
        self.max_entries = max_entries
        self.ttl = ttl
        self.items: OrderedDict[bytes, tuple[float, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: bytes) -> tuple[bool, Any]:
        with self.lock:
            hit = self.items.get(key)
            if hit is None:
                return False, None
            stored, value = hit
            if self.ttl is not None and time.monotonic() - stored > self.ttl:
                del self.items[key]
                return False, None
            self.items.move_to_end(key)
            return True, value

    def put(self, key: bytes, value: Any) -> None:
        with self.lock:
            self.items[key] = (time.monotonic(), value)
            self.items.move_to_end(key)
            while self.max_entries is not None and len(self.items) > self.max_entries:
                self.items.popitem(last=False)


class _Cache:
    """``cache_data`` / ``cache_resource``: a decorator, with or without arguments, and ``.clear()``."""

    spinner_text = "Running {name}(...)."

    def __init__(self) -> None:
        self._functions: dict[bytes, _Entries] = {}
        self._lock = threading.Lock()

    @overload
    def __call__(self, func: F, /) -> F: ...
    @overload
    def __call__(self, func: None = None, /, **options: Any) -> Callable[[F], F]: ...

    def __call__(self, func: Any = None, /, **options: Any) -> Any:
        if func is None:
            return lambda f: self._wrap(f, **options)
        return self._wrap(func, **options)

    def clear(self) -> None:
        """Forget every cached result of every function."""
        with self._lock:
            for entries in self._functions.values():
                with entries.lock:
                    entries.items.clear()

    def _entries(self, func: Callable[..., Any], max_entries: int | None, ttl: float | None) -> _Entries:
        key = _function_key(func)
        with self._lock:
            entries = self._functions.get(key)
            if entries is None:
                entries = self._functions[key] = _Entries(max_entries, ttl)
            return entries

    def _wrap(
        self,
        func: Callable[..., Any],
        *,
        ttl: float | datetime.timedelta | str | None = None,
        max_entries: int | None = None,
        show_spinner: bool | str = True,
        hash_funcs: dict[Any, Callable[[Any], Any]] | None = None,
        **extra: Any,
    ) -> Any:
        if not callable(func):
            raise TypeError(f"{self.name} decorates a function, not a {type(func).__name__}")
        if max_entries is not None and (
            isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1
        ):
            raise ValueError("max_entries must be a positive whole number or None")
        seconds = ttl_seconds(ttl)
        funcs = dict(hash_funcs or {})
        self._check_extra(extra)
        entries = self._entries(func, max_entries, seconds)
        cache = self

        @functools.wraps(func)
        def cached(*args: Any, **kwargs: Any) -> Any:
            key = _args_key(func, funcs, args, kwargs)
            hit, stored = entries.get(key)
            if hit:
                return cache._out(stored)
            if show_spinner:
                text = show_spinner if isinstance(show_spinner, str) else cache.spinner_text.format(name=func.__name__)
                with _spinner(text):
                    value = func(*args, **kwargs)
            else:
                value = func(*args, **kwargs)
            stored = cache._in(func, value, extra)
            entries.put(key, stored)
            return cache._out(stored)

        def clear(*args: Any, **kwargs: Any) -> None:
            """Forget this function's results (all of them, or those of these arguments)."""
            if not args and not kwargs:
                with entries.lock:
                    entries.items.clear()
                return
            key = _args_key(func, funcs, args, kwargs)
            with entries.lock:
                entries.items.pop(key, None)

        cached.clear = clear  # type: ignore[attr-defined]
        return cached

    name = "cache"

    def _check_extra(self, extra: dict[str, Any]) -> None:
        if extra:
            raise TypeError(f"{self.name}() got unexpected options: {', '.join(sorted(extra))}")

    def _in(self, func: Callable[..., Any], value: Any, extra: dict[str, Any]) -> Any:
        return value

    def _out(self, stored: Any) -> Any:
        return stored


class CacheData(_Cache):
    """``@jr.cache_data``: run a function once per distinct arguments; later calls return a copy
    of its result (which must be picklable). Options: ``ttl`` (seconds, timedelta or "1h"),
    ``max_entries``, ``show_spinner`` (True, False or the text), ``hash_funcs`` ({type: fn}),
    ``persist`` (not supported yet: warns). ``jr.cache_data.clear()`` forgets everything,
    ``f.clear()`` one function's results. Kept per session (kernel) for now."""

    name = "cache_data"

    def _check_extra(self, extra: dict[str, Any]) -> None:
        persist = extra.pop("persist", None)
        super()._check_extra(extra)
        if persist not in (None, False, "disk"):
            raise ValueError('persist must be None, False or "disk"')
        if persist:
            _warn(self.name, "persist")

    def _in(self, func: Callable[..., Any], value: Any, extra: dict[str, Any]) -> Any:
        try:
            return pickle.dumps(value, protocol=5)
        except Exception as err:
            raise CacheError(
                f"{func.__name__}() returned a {type(value).__name__}, which cache_data cannot copy ({err}); "
                "use cache_resource for objects that cannot be pickled"
            ) from None

    def _out(self, stored: Any) -> Any:
        return pickle.loads(stored)


class CacheResource(_Cache):
    """``@jr.cache_resource``: build an object once per distinct arguments (a model, a database
    connection) and return that same object on every call. Options: ``ttl``, ``max_entries``,
    ``show_spinner``, ``hash_funcs``, ``validate`` (a function of the object; False rebuilds it).
    Kept per session (kernel) for now."""

    name = "cache_resource"

    def _wrap(self, func: Callable[..., Any], *, validate: Callable[[Any], bool] | None = None, **options: Any) -> Any:
        cached = super()._wrap(func, **options)
        if validate is None:
            return cached
        if not callable(validate):
            raise TypeError("validate must be a function of the cached object")
        inner = cached

        @functools.wraps(func)
        def checked(*args: Any, **kwargs: Any) -> Any:
            value = inner(*args, **kwargs)
            if validate(value):
                return value
            inner.clear(*args, **kwargs)
            return inner(*args, **kwargs)

        checked.clear = inner.clear  # type: ignore[attr-defined]
        return checked


@contextlib.contextmanager
def _spinner(text: str) -> Iterator[None]:
    """The run's spinner while a cached function computes; nothing outside an app."""
    from .api import main
    from .delta import get_context

    if get_context() is None:
        yield
        return
    with main.spinner(text):
        yield


def _warn(function: str, parameter: str) -> None:
    from .api import main
    from .params import warn

    warn(main, function, parameter)


cache_data = CacheData()
cache_resource = CacheResource()
