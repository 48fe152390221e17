"""Which store a URL names: the built-in schemes, then the ``jupyter_reactive.media_stores``
entry points of third-party stores."""

from __future__ import annotations

import urllib.parse
from importlib import metadata
from typing import Any

from .base import MediaStore
from .directory import DirectoryMediaStore
from .memory import MemoryMediaStore
from .redis import RedisMediaStore

#: Entry-point group for third-party stores: name = URL scheme, value = a MediaStore subclass.
ENTRY_POINT_GROUP = "jupyter_reactive.media_stores"


_BUILTIN: dict[str, type[MediaStore]] = {
    "memory": MemoryMediaStore,
    "file": DirectoryMediaStore,
    "redis": RedisMediaStore,
    "rediss": RedisMediaStore,
}


def from_url(url: str, *, secret: bytes, **options: Any) -> MediaStore:
    """What :meth:`MediaStore.from_url` does (documented there)."""
    if not isinstance(url, str):
        raise TypeError("the media store URL must be a str")
    parsed = urllib.parse.urlsplit(url.strip())
    scheme = parsed.scheme.lower()
    store_cls = _BUILTIN.get(scheme) or _plugin(scheme)
    if store_cls is None:
        known = sorted(set(_BUILTIN) | {ep.name for ep in _entry_points()})
        raise ValueError(f"unknown media store URL scheme {scheme or '(none)'!r}; known schemes: {', '.join(known)}")
    store = store_cls.from_parsed_url(parsed, secret=secret, **options)
    if not isinstance(store, MediaStore):
        raise TypeError(f"media store for {scheme}:// is not a MediaStore")
    return store


def _entry_points() -> list[metadata.EntryPoint]:
    return list(metadata.entry_points(group=ENTRY_POINT_GROUP))


def _plugin(scheme: str) -> type[MediaStore] | None:
    for ep in _entry_points():
        if ep.name.lower() == scheme:
            try:
                store_cls = ep.load()
            except Exception as err:
                raise ValueError(f"the media store for {scheme}:// could not be loaded: {err}") from err
            if not (isinstance(store_cls, type) and issubclass(store_cls, MediaStore)):
                raise TypeError(f"entry point {scheme!r} in {ENTRY_POINT_GROUP} is not a MediaStore subclass")
            return store_cls
    return None
