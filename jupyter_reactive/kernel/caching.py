"""``cache_data`` and ``cache_resource``: memoize slow functions across reruns and sessions
(script thread; answers from the server arrive on the subshell thread).

Streamlit keeps both caches in its one server process, so every viewer shares them. Here every
session is its own kernel, so:

* ``cache_data`` results are shared by every session of an app (and by replicas that share a
  store) through the server's cache store (``server/cache/``), reached over the session's comm by
  :class:`~.cache_store.StoreClient`; each kernel keeps the results it used in memory in front of
  it, so a hit in the same session costs nothing. Without a server (a kernel outside an app), the
  memory layer is the whole cache. A missing key is computed by one session of a server while
  the others wait for it (see ``server/cache/service.py``).
* ``cache_resource`` objects are one per kernel; a zero-argument function decorated with
  ``fork_server=True`` in a module the fork server imports (``--ReactiveApp.preload``) is built
  once there, before any kernel is forked, and every forked kernel finds the same object in its
  memory, shared copy-on-write (:meth:`CacheResource.build_for_fork_server`).

A call's key is a SHA-256 of the function's identity (module, qualified name and source code, so
editing the function misses the old entries) and of its arguments, pickled; parameters whose name
starts with ``_`` are left out of the key, as in Streamlit. The server adds the app. ``cache_data``
stores the pickled result and returns a fresh copy on every call (a caller that mutates its frame
cannot corrupt the cache); ``cache_resource`` returns the same object every time.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import inspect
import logging
import math
import pickle
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, overload

from .cache_keys import (
    CachedFunctionReturnedAwaitableError,
    CacheError,
    Entries,
    UnserializableReturnValueError,
    args_key,
    function_key,
    size_bytes,
    ttl_seconds,
)
from .cache_store import StoreClient
from .errors import (
    StreamlitAPIException,
    StreamlitIncompatibleParametersError,
    StreamlitMissingRequiredParameterError,
    StreamlitValueError,
)

__all__ = [
    "CacheData",
    "CacheError",
    "CacheResource",
    "CachedFunctionReturnedAwaitableError",
    "UnserializableReturnValueError",
    "cache_data",
    "cache_resource",
    "size_bytes",
    "ttl_seconds",
]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class _Function:
    """One decorated function and its options, as a miss needs them."""

    func: Callable[..., Any]
    key: bytes  # the function's identity (see _function_key)
    entries: Entries
    show_spinner: bool | str
    spinner_text: str
    ttl: float | None  # a result's whole life (refresh_mode="background": the hard expiry)
    max_entries: int | None
    persist: bool
    shared: bool  # cache_data: through the server's store (scope="global"), else this kernel only
    show_time: bool = False

    @property
    def fn(self) -> str:
        return self.key.hex()

    def spinner(self) -> contextlib.AbstractContextManager[None]:
        if not self.show_spinner:
            return contextlib.nullcontext()
        text = self.show_spinner if isinstance(self.show_spinner, str) else self.spinner_text
        return _spinner(text, self.show_time)


class _Cache:
    """What ``cache_data`` and ``cache_resource`` share: keys, entries, spinner, ``.clear()``."""

    name = "cache"
    spinner_text = "Running {name}(...)."

    def __init__(self) -> None:
        self._functions: dict[bytes, Entries] = {}
        self._lock = threading.Lock()
        self._refreshing: set[tuple[bytes, bytes]] = set()  # (function, call) refreshed now

    def clear(self) -> None:
        """Forget every cached result of every function."""
        self._forget(None, None)

    def _forget(self, fn: bytes | None, key: bytes | None) -> None:
        """Drop this kernel's entries: one call's, one function's, or all (None)."""
        with self._lock:
            every = list(self._functions.values()) if fn is None else [self._functions.get(fn)]
        for entries in every:
            if entries is not None:
                entries.drop(key)

    def _decorate(self, func: Any, **options: Any) -> Any:
        if func is None:
            return lambda f: self._wrap(f, **options)
        return self._wrap(func, **options)

    def _common(self, scope: str, refresh_mode: str, ttl: Any, persist: bool = False) -> None:
        """The checks both decorators make, with Streamlit's errors."""
        if scope not in ("global", "session"):
            raise StreamlitValueError("Invalid `scope` value. Supported values: 'global', 'session'.")
        if refresh_mode not in ("foreground", "background"):
            raise StreamlitValueError("Invalid `refresh_mode` value. Supported values: foreground, background.")
        if refresh_mode == "background":
            seconds = ttl_seconds(ttl)
            if seconds is None:
                raise StreamlitMissingRequiredParameterError(
                    'The `ttl` parameter is required. Set a positive `ttl` (for example `ttl="1h"`) '
                    'or use `refresh_mode="foreground"`.'
                )
            if seconds <= 0:
                raise StreamlitValueError(
                    "Invalid `ttl` value. Supported values: a positive duration. Background refresh "
                    'requires a positive `ttl` (for example `ttl="1h"`) or `refresh_mode="foreground"`.'
                )
            if persist:
                raise StreamlitIncompatibleParametersError(
                    "`refresh_mode='background'` and `persist='disk'` cannot be used together. Persisted "
                    "(disk) caches do not support TTL-based expiration, which background refresh "
                    'requires. Use `persist=None` with `refresh_mode="background"`, or use '
                    '`refresh_mode="foreground"`.'
                )

    def _wrap(
        self,
        func: Callable[..., Any],
        *,
        ttl: float | datetime.timedelta | str | None = None,
        max_entries: int | None = None,
        max_size: int | None = None,
        show_spinner: bool | str = True,
        hash_funcs: dict[Any, Callable[[Any], Any]] | None = None,
        on_release: Callable[[Any], Any] | None = None,
        persist: bool = False,
        shared: bool = True,
        show_time: bool = False,
        refresh_mode: str = "foreground",
    ) -> Any:
        if not callable(func):
            raise TypeError(f"{self.name} decorates a function, not a {type(func).__name__}")
        if inspect.isasyncgenfunction(func):
            raise StreamlitAPIException(
                "Async-generator functions cannot be cached. Async generators produce streams that are "
                "one-shot iterators, rather than a single cacheable result. Consume the async generator "
                "and return a materialized result from an ordinary coroutine function if appropriate."
            )
        if inspect.iscoroutinefunction(func) and refresh_mode == "background":
            raise StreamlitValueError(
                'Invalid `refresh_mode` value. Supported values: "foreground". Background refresh is not '
                'supported for coroutine functions (`async def`). Use `refresh_mode="foreground"` instead.'
            )
        if max_entries is not None and (
            isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1
        ):
            raise ValueError("max_entries must be a positive whole number or None")
        if on_release is not None and not callable(on_release):
            raise TypeError("on_release must be a function of the released object")
        if hash_funcs is not None and not isinstance(hash_funcs, dict):
            raise TypeError("hash_funcs must be a dict of {type or 'module.Type': function}")
        seconds = ttl_seconds(ttl)
        grace = 0.0
        if refresh_mode == "background" and seconds:
            # fresh for ttl; then served stale while a new value is made, up to the hard expiry
            life = seconds * background_ttl_multiplier()
            seconds, grace = life, life - seconds
        funcs = dict(hash_funcs or {})
        fkey = function_key(func)
        with self._lock:
            entries = self._functions.get(fkey)
            if entries is None:
                entries = self._functions[fkey] = Entries(max_entries, seconds, max_size, on_release)
                entries.grace = grace
        spinner_text = self.spinner_text.format(name=getattr(func, "__name__", "function"))
        this = _Function(
            func, fkey, entries, show_spinner, spinner_text, seconds, max_entries, persist, shared, show_time
        )
        cache = self

        @functools.wraps(func)
        def cached(*args: Any, **kwargs: Any) -> Any:
            key = args_key(func, funcs, args, kwargs)
            hit, stored, stale = entries.lookup(key)
            if hit:
                if stale:
                    cache._refresh_later(this, key, args, kwargs)
                return cache._out(stored)
            return cache._miss(this, key, args, kwargs)

        @functools.wraps(func)
        async def cached_async(*args: Any, **kwargs: Any) -> Any:
            """An ``async def`` function's: awaiting it looks up, and on a miss awaits the
            function and keeps what it returns (as Streamlit 1.67 caches coroutines)."""
            key = args_key(func, funcs, args, kwargs)
            hit, stored, _stale = entries.lookup(key)  # never stale: no background refresh
            if hit:
                return cache._out(stored)
            found, value, lookup = cache._fetch(this, key, args, kwargs)
            if found:
                return value
            try:
                with this.spinner():
                    value = await func(*args, **kwargs)
                return cache._keep(this, key, value, lookup)
            except BaseException:
                cache._abandon(this, key, lookup)
                raise

        def clear(*args: Any, **kwargs: Any) -> None:
            """Forget this function's results (all of them, or those of these arguments)."""
            cache._clear_function(this, args_key(func, funcs, args, kwargs) if args or kwargs else None)

        wrapper: Any = cached_async if inspect.iscoroutinefunction(func) else cached
        wrapper.clear = clear
        return wrapper

    def _miss(self, this: _Function, key: bytes, args: tuple, kwargs: dict) -> Any:
        """Not in this kernel's memory: found elsewhere (:meth:`_fetch`), or computed under the
        spinner and kept (:meth:`_keep`)."""
        found, value, lookup = self._fetch(this, key, args, kwargs)
        if found:
            return value
        try:
            with this.spinner():
                value = this.func(*args, **kwargs)
            if inspect.isawaitable(value):
                if inspect.iscoroutine(value) and inspect.getcoroutinestate(value) == inspect.CORO_CREATED:
                    value.close()  # never awaited: no "was never awaited" warning
                raise CachedFunctionReturnedAwaitableError(self.name, this.func, value)
            return self._keep(this, key, value, lookup)
        except BaseException:
            self._abandon(this, key, lookup)
            raise

    def _fetch(self, this: _Function, key: bytes, args: tuple, kwargs: dict) -> tuple[bool, Any, Any]:
        """Before computing a call missing from memory: ``(True, value, None)`` if it can be
        had elsewhere, else ``(False, None, lookup)`` for :meth:`_keep` / :meth:`_abandon`."""
        return False, None, None

    def _keep(self, this: _Function, key: bytes, value: Any, lookup: Any) -> Any:
        """A computed result: kept in memory (and elsewhere), returned as a hit would be."""
        stored = self._in(this.func, value)
        this.entries.put(key, stored)
        return self._out(stored)

    def _abandon(self, this: _Function, key: bytes, lookup: Any) -> None:
        """The computation failed (or was cut short)."""

    def _refresh_later(self, this: _Function, key: bytes, args: tuple, kwargs: dict) -> None:
        """A stale result was served: make a new one on a thread of its own, unless one is being
        made already or :data:`REFRESH_WORKERS` are busy (the stale one is served meanwhile,
        up to its hard expiry; then a call computes in the foreground, as in Streamlit)."""
        job = (this.key, key)
        with self._lock:
            if job in self._refreshing or not _refresh_slots.acquire(blocking=False):
                return
            self._refreshing.add(job)

        def refresh() -> None:
            try:
                self._refresh(this, key, args, kwargs)
            except Exception as err:  # the stale result stays until its hard expiry
                logging.getLogger("jupyter_reactive.kernel").warning(
                    "jupyter_reactive: refreshing %s(...) in the background failed: %s: %s",
                    getattr(this.func, "__name__", "function"),
                    type(err).__name__,
                    err,
                )
            finally:
                with self._lock:
                    self._refreshing.discard(job)
                _refresh_slots.release()

        # ours (OWN_THREAD_PREFIX): the function's jupyter_reactive calls draw nothing there, as
        # Streamlit replays nothing of a background refresh
        threading.Thread(target=refresh, name="jupyter-reactive-cache-refresh", daemon=True).start()

    def _refresh(self, this: _Function, key: bytes, args: tuple, kwargs: dict) -> None:
        """Background thread: compute the call again and keep the new result."""
        this.entries.put(key, self._in(this.func, this.func(*args, **kwargs)))

    def _clear_function(self, this: _Function, key: bytes | None) -> None:
        this.entries.drop(key)

    def _in(self, func: Callable[..., Any], value: Any) -> Any:
        return value

    def _out(self, stored: Any) -> Any:
        return stored


class CacheData(_Cache):
    """``@jr.cache_data``: run a function once per distinct arguments; later calls return a copy
    of its result (which must be picklable). Results are shared by every session of the app
    through the server's store (see the module docstring). ``jr.cache_data.clear()`` forgets
    everything, ``f.clear()`` one function's results (``f.clear(*args)``: one call's), in the
    store and in every session of the app. With ``scope="session"`` a function's results stay in
    this session (kernel) only."""

    name = "cache_data"

    def __init__(self) -> None:
        super().__init__()
        self.store: StoreClient | None = None

    def connect(self, store: StoreClient | None) -> None:
        """Bridge: this kernel's session reaches the server's store through ``store`` (None:
        memory only). Clears by other sessions then reach this kernel's memory."""
        self.store = store
        if store is not None:
            store.on_cleared = self._cleared_elsewhere

    def _cleared_elsewhere(self, fn: str | None, key: str | None) -> None:
        try:
            self._forget(None if fn is None else bytes.fromhex(fn), None if key is None else bytes.fromhex(key))
        except ValueError:
            logging.getLogger("jupyter_reactive.kernel").warning(
                "jupyter_reactive: a malformed cache clear was ignored"
            )

    def clear(self) -> None:
        """Forget every cached result of every function, in every session of the app."""
        super().clear()
        if self.store is not None:
            self.store.clear()

    def _clear_function(self, this: _Function, key: bytes | None) -> None:
        this.entries.drop(key)
        if self.store is not None and this.shared:
            self.store.clear(this.fn, None if key is None else key.hex())

    def _fetch(self, this: _Function, key: bytes, args: tuple, kwargs: dict) -> tuple[bool, Any, Any]:
        """Ask the store (waiting, under the spinner, for a session that computes it already);
        a miss there is computed here and put there (:meth:`_keep`)."""
        store = self.store if this.shared else None
        if store is None:
            return False, None, None
        lookup = store.get(this.fn, key.hex(), persist=this.persist)
        if lookup.status == "busy":
            with this.spinner():
                lookup = store.get(this.fn, key.hex(), persist=this.persist, wait=True)
        if lookup.status == "hit" and lookup.value is not None:
            try:
                value = pickle.loads(lookup.value)
            except Exception as err:  # unpicklable here (a class this kernel lacks): compute
                logging.getLogger("jupyter_reactive.kernel").warning("jupyter_reactive: a shared result: %s", err)
            else:
                this.entries.put(key, lookup.value, lookup.expires_in)
                if this.entries.grace and lookup.expires_in is not None and lookup.expires_in <= this.entries.grace:
                    self._refresh_later(this, key, args, kwargs)  # stale in the store too
                return True, value, None
        return False, None, lookup

    def _keep(self, this: _Function, key: bytes, value: Any, lookup: Any) -> Any:
        stored = self._in(this.func, value)
        this.entries.put(key, stored)
        if lookup is not None and lookup.status != "error" and self.store is not None:
            name = getattr(this.func, "__name__", "function")
            self.store.put(
                this.fn,
                key.hex(),
                stored,
                persist=this.persist,
                ttl=this.ttl,
                max_entries=this.max_entries,
                name=name,
            )
        return self._out(stored)

    def _abandon(self, this: _Function, key: bytes, lookup: Any) -> None:
        if lookup is not None and lookup.status == "miss" and self.store is not None:
            self.store.abandon(this.fn, key.hex(), persist=this.persist)

    def _refresh(self, this: _Function, key: bytes, args: tuple, kwargs: dict) -> None:
        """Background thread: a result another session refreshed already is taken from the store;
        else the call is computed here and put there too."""
        store = self.store if this.shared else None
        if store is None:
            return super()._refresh(this, key, args, kwargs)
        lookup = store.get(this.fn, key.hex(), persist=False)
        fresh = lookup.expires_in is None or lookup.expires_in > this.entries.grace
        if lookup.status == "hit" and lookup.value is not None and fresh:
            this.entries.put(key, lookup.value, lookup.expires_in)
            return None
        if lookup.status == "busy":
            return None  # another session is making it: the next stale call takes it from the store
        try:
            stored = self._in(this.func, this.func(*args, **kwargs))
        except BaseException:
            if lookup.status == "miss":
                store.abandon(this.fn, key.hex(), persist=False)
            raise
        this.entries.put(key, stored)
        if lookup.status != "error":
            name = getattr(this.func, "__name__", "function")
            store.put(this.fn, key.hex(), stored, persist=False, ttl=this.ttl, max_entries=this.max_entries, name=name)
        return None

    @overload
    def __call__(self, func: F, /) -> F: ...
    @overload
    def __call__(
        self,
        func: None = None,
        *,
        ttl: float | datetime.timedelta | str | None = None,
        max_entries: int | None = None,
        max_size: int | str | None = None,
        show_spinner: bool | str = True,
        show_time: bool = False,
        persist: Literal["disk"] | bool | None = None,
        hash_funcs: dict[Any, Callable[[Any], Any]] | None = None,
        scope: Literal["global", "session"] = "global",
        refresh_mode: Literal["foreground", "background"] = "foreground",
    ) -> Callable[[F], F]: ...

    def __call__(
        self,
        func: Any = None,
        *,
        ttl: float | datetime.timedelta | str | None = None,
        max_entries: int | None = None,
        max_size: int | str | None = None,
        show_spinner: bool | str = True,
        show_time: bool = False,
        persist: Literal["disk"] | bool | None = None,
        hash_funcs: dict[Any, Callable[[Any], Any]] | None = None,
        scope: Literal["global", "session"] = "global",
        refresh_mode: Literal["foreground", "background"] = "foreground",
    ) -> Any:
        """Decorate ``func`` (or, called with options only, return the decorator).

        Args:
            ttl: forget a result after this long (seconds, a timedelta, or "10m", "1h", "2d").
            max_entries: keep at most this many results (least recently used go first).
            max_size: keep at most this many bytes of (pickled) results, e.g. ``"100MB"``.
            show_spinner: show a spinner while the function runs (True, False, or its text).
            show_time: show the time elapsed beside the spinner's text (to 0.1 s).
            persist: ``"disk"`` (or True): results go to the store that outlives a server
                restart (Jupyter's data directory) rather than the server's own; with a store
                chosen by ``cache_store_url`` every result outlives restarts anyway.
            hash_funcs: ``{type or "module.Type": function}``: how to key arguments of a type.
            scope: ``"global"`` (shared by the app's sessions) or ``"session"`` (kept in this
                session's kernel only, never sent to the store).
            refresh_mode: ``"foreground"``: a result past its ``ttl`` is computed again by the
                call that finds it so. ``"background"`` (needs a ``ttl``, not with ``persist``):
                that call gets the old result at once and a new one is made on a thread of its
                own; the old one is served for ``ttl`` × (``runner.
                cacheBackgroundRefreshTTLMultiplier`` − 1) more (one more ``ttl`` by default),
                then a call waits for a new one. What the function draws on that thread is not
                shown.
        """
        if persist not in (None, False, True, "disk"):
            raise ValueError('persist must be None, False, True or "disk"')
        self._common(scope, refresh_mode, ttl, bool(persist))
        return self._decorate(
            func,
            ttl=ttl,
            max_entries=max_entries,
            max_size=size_bytes(max_size),
            show_spinner=show_spinner,
            hash_funcs=hash_funcs,
            persist=bool(persist),
            shared=scope == "global",
            show_time=bool(show_time),
            refresh_mode=refresh_mode,
        )

    def _in(self, func: Callable[..., Any], value: Any) -> Any:
        try:
            return pickle.dumps(value, protocol=5)
        except Exception as err:
            raise UnserializableReturnValueError(func, value) from err

    def _out(self, stored: Any) -> Any:
        return pickle.loads(stored)


class CacheResource(_Cache):
    """``@jr.cache_resource``: build an object once per distinct arguments (a model, a database
    connection) and return that same object on every call. One per session (kernel): kernels
    are processes, so an object cannot be shared between them, except copy-on-write: with
    ``fork_server=True``, a zero-argument function in a module the fork server imports is built
    there once and every forked kernel starts with it (see :meth:`build_for_fork_server`)."""

    name = "cache_resource"

    def __init__(self) -> None:
        super().__init__()
        self._for_fork_server: list[Callable[[], Any]] = []

    @overload
    def __call__(self, func: F, /) -> F: ...
    @overload
    def __call__(
        self,
        func: None = None,
        *,
        ttl: float | datetime.timedelta | str | None = None,
        max_entries: int | None = None,
        show_spinner: bool | str = True,
        show_time: bool = False,
        validate: Callable[[Any], bool] | None = None,
        hash_funcs: dict[Any, Callable[[Any], Any]] | None = None,
        on_release: Callable[[Any], Any] | None = None,
        scope: Literal["global", "session"] = "global",
        refresh_mode: Literal["foreground", "background"] = "foreground",
        fork_server: bool = False,
    ) -> Callable[[F], F]: ...

    def __call__(
        self,
        func: Any = None,
        *,
        ttl: float | datetime.timedelta | str | None = None,
        max_entries: int | None = None,
        show_spinner: bool | str = True,
        show_time: bool = False,
        validate: Callable[[Any], bool] | None = None,
        hash_funcs: dict[Any, Callable[[Any], Any]] | None = None,
        on_release: Callable[[Any], Any] | None = None,
        scope: Literal["global", "session"] = "global",
        refresh_mode: Literal["foreground", "background"] = "foreground",
        fork_server: bool = False,
    ) -> Any:
        """Decorate ``func`` (or, called with options only, return the decorator).

        Args:
            ttl: forget the object after this long (seconds, a timedelta, or "10m", "1h").
            max_entries: keep at most this many objects (least recently used go first).
            show_spinner: show a spinner while the function runs (True, False, or its text).
            show_time: show the time elapsed beside the spinner's text (to 0.1 s).
            validate: called with the cached object on each call; False rebuilds it.
            hash_funcs: ``{type or "module.Type": function}``: how to key arguments of a type.
            on_release: called with an object the cache lets go of (evicted, expired, cleared).
            scope: ``"global"`` or ``"session"``; both are per session (kernel) here.
            refresh_mode: as ``cache_data``'s: ``"background"`` returns the old object past its
                ``ttl`` while a new one is built on a thread of its own (``on_release`` is then
                called with the old one).
            fork_server: build it once in the fork server, before kernels are forked, so that
                every forked kernel shares it copy-on-write (not a Streamlit parameter). Only
                for a function that takes no arguments, in a module the fork server imports
                (``--ReactiveApp.preload``); elsewhere it is built on first call as usual.
        """
        if validate is not None and not callable(validate):
            raise TypeError("validate must be a function of the cached object")
        if not isinstance(fork_server, bool):
            raise TypeError("fork_server must be True or False")
        self._common(scope, refresh_mode, ttl)
        options: dict[str, Any] = dict(
            ttl=ttl,
            max_entries=max_entries,
            show_spinner=show_spinner,
            hash_funcs=hash_funcs,
            on_release=on_release,
            show_time=bool(show_time),
            refresh_mode=refresh_mode,
        )

        def decorate(f: Callable[..., Any]) -> Any:
            return self._wrap(f, **options) if validate is None else self._validated(f, options, validate)

        if fork_server:

            def for_fork_server(f: Callable[..., Any]) -> Any:
                try:
                    inspect.signature(f).bind()
                except TypeError:
                    raise TypeError(
                        f"cache_resource(fork_server=True) builds {getattr(f, '__name__', f)}() with no "
                        "arguments, so it must take none"
                    ) from None
                wrapped = decorate(f)
                self._for_fork_server.append(wrapped)
                return wrapped

            return for_fork_server if func is None else for_fork_server(func)
        return decorate if func is None else decorate(func)

    def build_for_fork_server(self) -> dict[str, str]:
        """Fork server, after its imports: call each ``fork_server=True`` function not built yet,
        so that kernels forked from now on find its object in their memory. Returns the failures
        (qualified name -> error); a failed one is built by each kernel on its first call."""
        failed: dict[str, str] = {}
        pending, self._for_fork_server = self._for_fork_server, []
        for wrapped in pending:
            try:
                wrapped()
            except Exception as err:
                failed[f"{wrapped.__module__}.{wrapped.__qualname__}"] = f"{type(err).__name__}: {err}"
        return failed

    def _validated(self, f: Callable[..., Any], options: dict[str, Any], validate: Callable[[Any], bool]) -> Any:
        """``f`` cached, and rebuilt when ``validate`` says its object went bad."""
        inner = self._wrap(f, **options)

        @functools.wraps(f)
        def checked(*args: Any, **kwargs: Any) -> Any:
            value = inner(*args, **kwargs)
            if validate(value):
                return value
            inner.clear(*args, **kwargs)
            return inner(*args, **kwargs)

        @functools.wraps(f)
        async def checked_async(*args: Any, **kwargs: Any) -> Any:
            value = await inner(*args, **kwargs)
            if validate(value):
                return value
            inner.clear(*args, **kwargs)
            return await inner(*args, **kwargs)

        wrapper: Any = checked_async if inspect.iscoroutinefunction(f) else checked
        wrapper.clear = inner.clear
        return wrapper


@contextlib.contextmanager
def _spinner(text: str, show_time: bool = False) -> Iterator[None]:
    """The run's spinner while a cached function computes; nothing outside an app."""
    from .api import main
    from .delta import get_context

    if get_context() is None:
        yield
        return
    with main.spinner(text, show_time=show_time):
        yield


#: background refreshes running at once in this kernel (Streamlit's
#: ``runner.cacheBackgroundRefreshMaxWorkers`` default); more are skipped, not queued
REFRESH_WORKERS = 4
_refresh_slots = threading.BoundedSemaphore(REFRESH_WORKERS)


_warned_multipliers: set[str] = set()


def background_ttl_multiplier() -> float:
    """``runner.cacheBackgroundRefreshTTLMultiplier``: a background-refreshed result's hard
    expiry in ttls. Not a finite number above 1: the default, 2, with a warning once per value
    (Streamlit's rule: the hard expiry can never come before the freshness ends)."""
    from .options import get_option

    configured = get_option("runner.cacheBackgroundRefreshTTLMultiplier")
    try:
        value = float(configured)
    except (TypeError, ValueError, OverflowError):
        value = math.nan
    if not math.isfinite(value) or value <= 1.0:
        if repr(configured) in _warned_multipliers:  # scripts re-decorate on every rerun
            return 2.0
        _warned_multipliers.add(repr(configured))
        logging.getLogger("jupyter_reactive.kernel").warning(
            "jupyter_reactive: ignoring runner.cacheBackgroundRefreshTTLMultiplier=%r: it must be a "
            "finite number greater than 1.0; using 2.0",
            configured,
        )
        return 2.0
    return value


cache_data = CacheData()
cache_resource = CacheResource()
