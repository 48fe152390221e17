"""The fork server's file-backed heap ("page file"): pymalloc's arenas in one memory file, so that
a forked kernel can give back the pages it copied from the fork server and left byte-for-byte
equal again (reference counts taken and dropped, blocks allocated and freed).

Linux can drop a process's own copy of a page of a private *file* mapping (``madvise
MADV_DONTNEED``): the page reads the file's page again, which every process mapping the file
shares. Anonymous memory cannot do that (it would read zeros). So, with ``--page-file``:

1. :func:`install`, first thing in the fork server process (:mod:`.__main__`, before the
   imports): CPython's arena allocator becomes the C library's (``_pagefile.c``, built at
   install by ``scripts/pagefile_hook.py``), which takes each arena from the allocator that was
   there before and notes it.
2. :func:`migrate`, in the fork server before a fork that makes a kernel (the first, and the
   first after an app's imports): each noted arena still anonymous is copied into a new range of
   one memory file (``memfd``) and replaced, same address, same bytes, by a private mapping of
   that range. The file only grows; a range once written is never changed. (No arena is ever a
   *shared* mapping: the fork server's import probes, forked before, write only to copies.)
3. :func:`reclaim`, in a forked kernel when its session is idle (:mod:`jupyter_reactive.kernel`'s
   script thread, after a run, with the GIL held): each page of those ranges the kernel has its
   own copy of (``/proc/self/pagemap``) whose bytes equal the file's is dropped. A page an
   earlier reclaim dropped and a run copied again is kept (the next run would copy it again:
   that copy is the first run after a pause's cost), except by a *deep* reclaim, after a longer
   idle (:data:`IDLE_AFTER`). docs/performance.md ("Page file: the race and the first run after a
   pause") has the figures.

Why no byte can change: a page is dropped only when its bytes equal the file's, and what the
process reads there afterwards is the file's page, those same bytes. The comparison and the drop
run in C, called with the GIL held (``ctypes.PyDLL``), so no Python code of any thread runs
between them; and every other thread of the process is parked in a signal handler meanwhile
(``_pagefile.c``'s ``pf_stop_world``), so no C code writing with the GIL released (another
thread's ``recv_into`` a small ``bytearray``) either. Threads that block the signal are
libzmq's own (left running: they write only zmq's buffers); any other one, a thread that does
not park within 50 ms, or the signal taken by someone else means no reclaim that time
(:func:`stats` counts them by reason), never a drop with a thread running.

Where the library was not built (no C compiler at install), on another system, or when
anything fails, the page file is off and everything else is as without it; :data:`STATE` says
why (the fork server's ``ping`` reply: ``page_file_why_not``).
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from pathlib import Path
from typing import Any

LIBRARY = Path(__file__).with_name("_pagefile.so")
# the CPython versions whose pymalloc this was tested with (forkserver/internals.py says what it
# relies on); elsewhere the page file stays off and says why
TESTED_PYTHONS = ((3, 11),)
log = logging.getLogger("jupyter_reactive.forkserver")
# what the library must export (one built from an older _pagefile.c may lack some)
SYMBOLS = (
    "pf_open",
    "pf_set_previous",
    "pf_alloc",
    "pf_free",
    "pf_migrate",
    "pf_ranges_info",
    "pf_range_at",
    "pf_stats",
    "pf_reclaim",
    "pf_fd_get",
    "pf_signal_install",
    "pf_signal_get",
    "pf_stop_probe",
)


class _ArenaAllocator(ctypes.Structure):  # CPython's PyObjectArenaAllocator
    _fields_ = [("ctx", ctypes.c_void_p), ("alloc", ctypes.c_void_p), ("free", ctypes.c_void_p)]


class _State:
    def __init__(self) -> None:
        self.lib: Any = None
        self.why_not = "not asked for (--page-file)"
        self.migrations = 0  # migrate() calls that moved arenas (the fork server)
        self.server_pid = 0  # the process that installed it: reclaim never runs there
        self.reclaims = 0
        self.pages_dropped = 0
        self.pages_differing = 0
        self.pages_kept = 0
        self.signal_why_not: str | None = None  # None until the first reclaim installs the handler
        self.not_stopped: dict[str, int] = {}  # reclaims given up on, by why

    @property
    def on(self) -> bool:
        return self.lib is not None


STATE = _State()


def load(path: Path = LIBRARY) -> tuple[Any, str]:
    """The C library, or (None, why not)."""
    if not sys.platform.startswith("linux"):
        return None, "Linux only"
    if sys.implementation.name != "cpython":
        return None, "CPython only"
    if sys.version_info[:2] not in TESTED_PYTHONS:
        return None, f"not tested with Python {sys.version_info[0]}.{sys.version_info[1]}"
    if not path.exists():
        return None, "not built (no C compiler when jupyter_reactive was installed?)"
    try:
        lib = ctypes.PyDLL(str(path))  # calls keep the GIL
    except OSError as err:
        return None, f"cannot load {path.name}: {err}"
    missing = [name for name in SYMBOLS if not hasattr(lib, name)]
    if missing:
        return None, f"{path.name} was built from an older source (no {missing[0]}): reinstall jupyter_reactive"
    u64p = ctypes.POINTER(ctypes.c_uint64)
    lib.pf_open.restype = ctypes.c_int
    lib.pf_open.argtypes = []
    lib.pf_set_previous.restype = None
    lib.pf_set_previous.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    lib.pf_migrate.restype = ctypes.c_long
    lib.pf_migrate.argtypes = []
    lib.pf_ranges_info.restype = ctypes.c_long
    lib.pf_ranges_info.argtypes = [u64p, u64p]
    lib.pf_range_at.restype = ctypes.c_int
    lib.pf_range_at.argtypes = [ctypes.c_size_t, u64p, u64p, ctypes.POINTER(ctypes.c_int64)]
    lib.pf_stats.restype = None
    lib.pf_stats.argtypes = [u64p, u64p, u64p]
    lib.pf_reclaim.restype = ctypes.c_int
    lib.pf_reclaim.argtypes = [u64p, ctypes.c_int]
    lib.pf_signal_install.restype = ctypes.c_int
    lib.pf_signal_install.argtypes = [ctypes.c_int]
    lib.pf_signal_get.restype = ctypes.c_int
    lib.pf_stop_probe.restype = ctypes.c_int
    lib.pf_stop_probe.argtypes = [u64p]
    lib.pf_fd_get.restype = ctypes.c_int
    return lib, ""


def install(path: Path = LIBRARY) -> str:
    """Make pymalloc's arenas come from the memory file from now on (this process). "" when
    done, else why not (nothing changed then)."""
    if STATE.on:
        return ""
    lib, why = load(path)
    if lib is None:
        STATE.why_not = why
        return why
    if not hasattr(ctypes.pythonapi, "PyObject_SetArenaAllocator"):
        STATE.why_not = "no PyObject_SetArenaAllocator in this Python"
        return STATE.why_not
    err = lib.pf_open()
    if err:
        STATE.why_not = f"memfd_create failed: {os.strerror(err)}"
        return STATE.why_not
    api = ctypes.pythonapi
    api.PyObject_GetArenaAllocator.argtypes = [ctypes.POINTER(_ArenaAllocator)]
    api.PyObject_GetArenaAllocator.restype = None
    api.PyObject_SetArenaAllocator.argtypes = [ctypes.POINTER(_ArenaAllocator)]
    api.PyObject_SetArenaAllocator.restype = None
    previous = _ArenaAllocator()
    api.PyObject_GetArenaAllocator(ctypes.byref(previous))
    if not previous.alloc or not previous.free:
        STATE.why_not = "no arena allocator to fall back on"
        return STATE.why_not
    lib.pf_set_previous(previous.ctx, previous.alloc, previous.free)
    ours = _ArenaAllocator(
        None,
        ctypes.cast(lib.pf_alloc, ctypes.c_void_p).value,
        ctypes.cast(lib.pf_free, ctypes.c_void_p).value,
    )
    api.PyObject_SetArenaAllocator(ctypes.byref(ours))  # copied by CPython
    STATE.lib, STATE.why_not, STATE.server_pid = lib, "", os.getpid()
    return ""


def migrate() -> str:
    """In the fork server, before a fork that makes a kernel: the arenas made since the last call
    are moved into the memory file (see the module's doc). "" when done, else why not (an arena
    that could not be moved stays anonymous, which is always safe; the page file stays on for
    those that were)."""
    if not STATE.on:
        return STATE.why_not
    if os.getpid() != STATE.server_pid:
        return "not the fork server"
    done = int(STATE.lib.pf_migrate())
    if done < 0:
        return f"an arena stayed anonymous: {os.strerror(-done)}"
    STATE.migrations += 1
    return ""


def ranges() -> list[tuple[int, int, int]]:
    """The noted arenas: (address, length, offset in the file or -1 if still anonymous)."""
    if not STATE.on:
        return []
    out = []
    a, n, o = ctypes.c_uint64(), ctypes.c_uint64(), ctypes.c_int64()
    i = 0
    while STATE.lib.pf_range_at(i, ctypes.byref(a), ctypes.byref(n), ctypes.byref(o)) == 0:
        out.append((a.value, n.value, o.value))
        i += 1
    return out


def file_resident() -> int:
    """Bytes of the memory file in memory (its pages, whether any process maps them or not:
    those no process maps are in nobody's PSS)."""
    if not STATE.on:
        return 0
    try:
        return os.fstat(STATE.lib.pf_fd_get()).st_blocks * 512
    except OSError:
        return 0


def info() -> dict[str, Any]:
    """For the fork server's ``ping``: on or why not, and the file-backed arenas."""
    out: dict[str, Any] = {"page_file": STATE.on, "page_file_why_not": STATE.why_not}
    if STATE.on:
        file_bytes, noted = ctypes.c_uint64(), ctypes.c_uint64()
        count = STATE.lib.pf_ranges_info(ctypes.byref(file_bytes), ctypes.byref(noted))
        moved, untracked, freed = ctypes.c_uint64(), ctypes.c_uint64(), ctypes.c_uint64()
        STATE.lib.pf_stats(ctypes.byref(moved), ctypes.byref(untracked), ctypes.byref(freed))
        out.update(
            page_file_arenas=int(count),
            page_file_arena_bytes=int(file_bytes.value),
            page_file_resident=file_resident(),
            page_file_anonymous_arenas=int(noted.value) - int(count),
            page_file_migrations=STATE.migrations,
        )
    return out


# why the other threads were not stopped (_pagefile.c's PF_STOP_*): no reclaim that time
NOT_STOPPED = {
    1: "the signal's handler is not ours",
    2: "a thread blocks the signal",
    3: "a thread did not park in time",
    4: "a thread appeared meanwhile",
    5: "too many threads",
}
DEEP = 1  # _pagefile.c's PF_DEEP
# seconds after a run with nothing pending: a reclaim, then a deep one (see the module's doc)
IDLE_AFTER = (1.0, 30.0)


def _signal_ready() -> str:
    """Install the parking signal's handler in this process once; "" or why not."""
    if STATE.signal_why_not is None:
        err = STATE.lib.pf_signal_install(0)
        STATE.signal_why_not = "" if not err else f"the parking signal's handler: {os.strerror(err)}"
    return STATE.signal_why_not


def reclaim(deep: bool = False) -> dict[str, Any] | None:
    """In a forked kernel: drop the pages of the file-backed arenas that this process copied and
    that equal the file again, its other threads parked meanwhile. ``deep``: compare again the
    pages an earlier reclaim dropped and a run copied again (else kept). Returns counts (pages
    looked at, dropped, differing, kept; threads parked, libzmq's left running) and
    ``not_stopped`` (why nothing was looked at, or ""), or None when there is nothing to do here
    (no page file, nothing moved into it, or the fork server)."""
    if not STATE.on or not STATE.migrations or os.getpid() == STATE.server_pid:
        return None
    why_signal = _signal_ready()
    if why_signal:
        STATE.not_stopped[why_signal] = STATE.not_stopped.get(why_signal, 0) + 1
        return {"private": 0, "dropped": 0, "differing": 0, "kept": 0, "error": 0, "not_stopped": why_signal}
    out = (ctypes.c_uint64 * 7)()
    err = STATE.lib.pf_reclaim(out, DEEP if deep else 0)
    why = NOT_STOPPED.get(int(out[6]), f"unknown ({int(out[6])})") if out[6] else ""
    result: dict[str, Any] = {
        "private": int(out[0]),
        "dropped": int(out[1]),
        "differing": int(out[2]),
        "kept": int(out[3]),
        "parked": int(out[4]),
        "zmq_running": int(out[5]),
        "error": int(err),
        "not_stopped": why,
    }
    if why:
        STATE.not_stopped[why] = STATE.not_stopped.get(why, 0) + 1
    else:
        STATE.reclaims += 1
        STATE.pages_dropped += int(out[1])
        STATE.pages_differing = int(out[2])
        STATE.pages_kept = int(out[3])
    log.debug("jupyter_reactive: page file: %s", result)
    return result


def idle(stage: int) -> dict[str, Any] | None:
    """The kernel's idle work (:data:`IDLE_AFTER`): a reclaim, then a deep one."""
    return reclaim(deep=stage > 0)


def stop_probe() -> tuple[str, int, int]:
    """In a forked kernel: stop its other threads and release them at once (what a reclaim does
    around its work): why not ("" when they stopped), threads parked, libzmq's left running."""
    if not STATE.on:
        return STATE.why_not, 0, 0
    why_signal = _signal_ready()
    if why_signal:
        return why_signal, 0, 0
    out = (ctypes.c_uint64 * 2)()
    why = int(STATE.lib.pf_stop_probe(out))
    return (NOT_STOPPED.get(why, f"unknown ({why})") if why else ""), int(out[0]), int(out[1])


def stats() -> dict[str, Any]:
    """In a forked kernel: the reclaims done so far, pages dropped in all, pages that differed
    and were kept at the last one, and the reclaims given up on, by why."""
    return {
        "reclaims": STATE.reclaims,
        "pages_dropped": STATE.pages_dropped,
        "pages_differing": STATE.pages_differing,
        "pages_kept": STATE.pages_kept,
        "not_stopped": dict(STATE.not_stopped),
    }
