"""MediaStore: where media and uploads live, chosen by one URL (server process, server loop).

Every method is a coroutine meant for the server's asyncio loop (Tornado's); blocking work (disk,
hashing of large payloads) goes to the loop's default thread pool, so the loop never waits on a
disk or a network. Three built-in media:

* ``memory://`` -- :class:`MemoryMediaStore`, this process only (the default);
* ``file:///abs/dir`` -- :class:`DirectoryMediaStore`, a directory that every replica mounts;
* ``redis://host:6379/0`` (and ``rediss://``) -- :class:`RedisMediaStore`, one Redis for all.

Other schemes come from the ``jupyter_reactive.media_stores`` entry points (see
:meth:`MediaStore.from_url`). With a shared store, any replica serves any medium and accepts any
upload, so replicas behind a load balancer need no sticky sessions.

Ids are ``HMAC-SHA256(secret, sha256(data) + [mimetype, filename])`` in hex: content-addressed (the
same bytes, type and name give the same id, so reruns showing the same image store nothing new)
and unguessable without the secret (all replicas share it; it is derived from the server's
``cookie_secret``). Id strings are checked (``[0-9a-f]{32,64}``) before any backend is touched, so
``../x`` or a megabyte of garbage is simply unknown. File names are data, never paths.

Ownership and expiry: a medium is kept while an *owner* (a session id) references it. ``put``
adds a reference; ``release`` drops an owner's references except those it still shows. A medium
left with no owner expires ``grace`` seconds later (default 60), so a page reloaded meanwhile
still finds its images. As a safety net for owners that never release (a replica that crashed),
a medium also expires ``owner_ttl`` seconds (default one day; 0 = never) after its last ``put``.

Modules: :mod:`.base` (the contract, errors, ids, shared helpers), :mod:`.options` (options from
keywords or the URL's query), :mod:`.memory`, :mod:`.directory` and :mod:`.redis` (one store each),
:mod:`.factory` (which store a URL names, entry-point plug-ins).
"""

from .base import (
    MediaInfo,
    MediaStore,
    MediaStoreError,
    MediaTooLarge,
    clean_mimetype,
    is_media_id,
)
from .directory import DirectoryMediaStore
from .factory import ENTRY_POINT_GROUP
from .memory import MemoryMediaStore
from .redis import RedisMediaStore

__all__ = [
    "ENTRY_POINT_GROUP",
    "DirectoryMediaStore",
    "MediaInfo",
    "MediaStore",
    "MediaStoreError",
    "MediaTooLarge",
    "MemoryMediaStore",
    "RedisMediaStore",
    "clean_mimetype",
    "is_media_id",
]
