"""CacheStore: where ``cache_data`` results live, shared by every session of an app (server
process, server loop).

Every session is a kernel of its own, so the results a script caches are kept by the server and
reach kernels over their comms (the kernel holds its own recent results in memory in front: a hit
in the same session costs nothing). Chosen by one URL, ``ReactiveApp.cache_store_url``:

* empty (the default) -- a :class:`DirectoryCacheStore` in Jupyter's runtime directory, private
  to this server and removed when it stops; entries of ``persist="disk"`` functions go to one in
  Jupyter's data directory instead, and outlive restarts;
* ``file:///abs/dir`` -- a directory, possibly shared by replicas (every entry persists);
* ``redis://host:6379/0`` (and ``rediss://``) -- :class:`RedisCacheStore`, one Redis for every
  replica (every entry lives as long as Redis keeps it).

Each store has a size cap (``max_bytes``, least recently used entries go first). Modules:
:mod:`.base` (contract, errors, entry format), :mod:`.directory`, :mod:`.redis`, :mod:`.service`
(what the server does with a kernel's requests), and :func:`open_stores` here.
"""

from __future__ import annotations

import os
import secrets
import urllib.parse
from typing import Any

from .base import CacheEntry, CacheStore, CacheStoreError, CacheTooLarge, app_namespace, is_key
from .directory import DirectoryCacheStore
from .redis import RedisCacheStore
from .service import CacheAnswer, CacheService

__all__ = [
    "CacheAnswer",
    "CacheEntry",
    "CacheService",
    "CacheStore",
    "CacheStoreError",
    "CacheTooLarge",
    "DirectoryCacheStore",
    "RedisCacheStore",
    "app_namespace",
    "is_key",
    "open_stores",
    "store_from_url",
]


def store_from_url(url: str, **options: Any) -> CacheStore:
    """The store a URL names (``file:///abs/dir`` or ``redis://...``); options as keywords or in
    the URL's query (``max_bytes``; ``prefix`` for Redis), keywords winning.

    Raises:
        ValueError: an unknown scheme or a bad option (the message never repeats the URL).
        ImportError: ``redis://`` without the redis package.
    """
    if not isinstance(url, str):
        raise TypeError("the cache store URL must be a str")
    parsed = urllib.parse.urlsplit(url.strip())
    scheme = parsed.scheme.lower()
    if scheme == "file":
        return DirectoryCacheStore.from_parsed_url(parsed, **options)
    if scheme in ("redis", "rediss"):
        return RedisCacheStore.from_parsed_url(parsed, **options)
    raise ValueError(
        f"unknown cache store URL scheme {scheme or '(none)'!r}; use file:///abs/dir or redis://host:6379/0"
    )


def open_stores(url: str, *, max_bytes: int, runtime_dir: str, data_dir: str) -> tuple[CacheStore, CacheStore]:
    """(store, persist store) for ``ReactiveApp.cache_store_url``: both the one ``url`` names (its
    ``?max_bytes=`` wins over ``max_bytes``), or,
    with no URL, a fresh directory of this server's own under ``runtime_dir`` (removed when the
    server stops: see :meth:`DirectoryCacheStore.remove`) and ``data_dir``'s for ``persist``."""
    if url:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url.strip()).query)
        store = store_from_url(url) if "max_bytes" in query else store_from_url(url, max_bytes=max_bytes)
        return store, store
    own = os.path.join(runtime_dir, "jupyter_reactive", f"cache-{os.getpid()}-{secrets.token_hex(4)}")
    persist = os.path.join(data_dir, "jupyter_reactive", "cache")
    return DirectoryCacheStore(own, max_bytes=max_bytes), DirectoryCacheStore(persist, max_bytes=max_bytes)
