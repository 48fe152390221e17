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
   that range. A range once written is never changed. (No arena is ever a *shared* mapping: the
   fork server's import probes, forked before, write only to copies.)
2b. :func:`remove`, in the fork server at an "epoch" (after an ``import`` request, after
   ``pack-code``): the fork server's writes after a move land in its own copies, which kernels
   forked later inherit and which the file does not hold, so a page such a kernel restores is
   not the file's and is never dropped. The pages it holds copies of are written into fresh
   pages of the file and mapped from there, with up to :data:`EPOCH_MAX_GAP` pages between two
   of them copied along so that each run is one mapping (every mapping is copied at each fork
   and described by the kernel in memory no PSS counts); their old pages are retired, with a
   generation number. :func:`punch`
   frees retired pages out of the file (``fallocate`` PUNCH_HOLE) once no living kernel forked
   before their retirement is left (the fork server forks and reaps them) *and* no process maps
   them (``/proc/*/maps``: a kernel's own children): punching a page a process maps and has not
   copied makes it read zeros at its next fault (a test shows it). Not before each fork: each
   request writes the same few dozen pages (pymalloc's pool headers), which kernels write too.
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
thread's ``recv_into`` a small ``bytearray``) either. Threads that block the signal and are
libzmq's or jemalloc's own, by name, are left running (they write only their library's
buffers); any other one, a thread that does
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
    "pf_move_again",
    "pf_generation_get",
    "pf_retired_at",
    "pf_punch",
    "pf_file_stats",
)


class _ArenaAllocator(ctypes.Structure):  # CPython's PyObjectArenaAllocator
    _fields_ = [("ctx", ctypes.c_void_p), ("alloc", ctypes.c_void_p), ("free", ctypes.c_void_p)]


class _State:
    def __init__(self) -> None:
        self.lib: Any = None
        self.why_not = "not asked for (--page-file)"
        self.migrations = 0  # migrate() calls that moved arenas, and the first (the fork server)
        self.server_pid = 0  # the process that installed it: reclaim never runs there
        self.reclaims = 0
        self.pages_dropped = 0
        self.pages_differing = 0
        self.pages_kept = 0
        self.signal_why_not: str | None = None  # None until the first reclaim installs the handler
        self.not_stopped: dict[str, int] = {}  # reclaims given up on, by why
        self.removes = 0  # remove() calls that moved arenas again
        self.last_remove: dict[str, int] = {}
        self.punch_held = ""  # why the last punch() left ranges in the file, if it did

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
    lib.pf_move_again.restype = ctypes.c_int
    lib.pf_move_again.argtypes = [ctypes.c_uint64, ctypes.c_uint64, u64p]
    lib.pf_generation_get.restype = ctypes.c_uint64
    lib.pf_generation_get.argtypes = []
    lib.pf_retired_at.restype = ctypes.c_int
    lib.pf_retired_at.argtypes = [ctypes.c_size_t, ctypes.POINTER(ctypes.c_int64), u64p, u64p]
    lib.pf_punch.restype = ctypes.c_long
    lib.pf_punch.argtypes = [ctypes.c_uint64, ctypes.c_uint64]
    lib.pf_file_stats.restype = None
    lib.pf_file_stats.argtypes = [u64p, u64p, u64p, u64p]
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
    if done or not STATE.migrations:
        STATE.migrations += 1
    return ""


# an epoch (import, pack-code) moves again every page of its own the fork server holds in an
# arena with at least this many
EPOCH_MIN_PRIVATE = 1
# and copies along up to this many pages between two of its own, so that they are one mapping
# (docs/performance.md, "Attempts, sixth pass")
EPOCH_MAX_GAP = 16


def _count(value: Any, name: str, least: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not least <= value < 1 << 63:
        raise ValueError(f"{name} must be an int of at least {least}, not {value!r}")
    return value


def remove(min_private: int, max_gap: int = EPOCH_MAX_GAP) -> dict[str, int]:
    """In the fork server: arenas made since the last move into the file (:func:`migrate`), then,
    in every file-backed arena holding at least ``min_private`` pages of this process's own, those
    pages moved into fresh pages of the file (the module's doc, 2b), with up to ``max_gap`` pages
    between two of them copied along so that they are one mapping. Counts: arenas looked at,
    arenas whose pages moved, own pages moved, own pages left (in arenas under the threshold),
    runs of pages mapped, gap pages copied along (not zeros), error (an errno value; what failed
    stays as it was, which is always safe). {} when off."""
    _count(min_private, "min_private", 1)
    _count(max_gap, "max_gap", 0)
    if not STATE.on or os.getpid() != STATE.server_pid or not STATE.migrations:
        return {}
    migrate()
    out = (ctypes.c_uint64 * 6)()
    err = int(STATE.lib.pf_move_again(min_private, max_gap, out))
    result = {"looked": int(out[0]), "arenas": int(out[1]), "pages": int(out[2]), "left": int(out[3])}
    result.update(runs=int(out[4]), copied=int(out[5]), error=err)
    if out[2]:
        STATE.removes += 1
    STATE.last_remove = result
    if err:
        log.debug("jupyter_reactive: page file: moving again stopped: %s", os.strerror(err))
    return result


def generation() -> int:
    """The fork server's count of retired ranges so far: a process forked now maps none of them,
    and maps every one retired later until it exits (the fork server notes it per kernel)."""
    return int(STATE.lib.pf_generation_get()) if STATE.on else 0


def retired() -> list[tuple[int, int, int]]:
    """The ranges of the file this process no longer maps, not yet punched: (offset, length,
    generation)."""
    if not STATE.on:
        return []
    return _rows(STATE.lib.pf_retired_at, ctypes.c_int64, ctypes.c_uint64, ctypes.c_uint64)


def _started(stat: str) -> int:
    """A process's start (clock ticks after boot) from its ``/proc/PID/stat`` text."""
    return int(stat[stat.rindex(")") + 2 :].split()[19])


def mapped_elsewhere(proc: Path = Path("/proc")) -> list[tuple[int, int]] | None:
    """The file's ranges (offset, end) that other processes map, from their ``/proc/PID/maps``;
    None when a process of this user started after this one cannot be read (it might map the
    file: punch nothing). Processes started before this one cannot have inherited the file."""
    if not STATE.on:
        return []
    ino = os.fstat(STATE.lib.pf_fd_get()).st_ino
    me, uid = os.getpid(), os.getuid()
    born = _started((proc / "self" / "stat").read_text())
    found: list[tuple[int, int]] = []
    for entry in os.scandir(proc):
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            if _started(Path(entry.path, "stat").read_text()) < born:
                continue
            text = Path(entry.path, "maps").read_text()
        except FileNotFoundError:
            continue  # exited meanwhile
        except (OSError, ValueError, IndexError):
            try:
                if entry.stat().st_uid == uid:
                    return None
            except OSError:
                pass
            continue
        for line in text.splitlines():
            if "memfd:jupyter-reactive-heap" not in line:
                continue
            fields = line.split()
            if len(fields) < 5 or not fields[4].isdigit() or int(fields[4]) != ino:
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            offset = int(fields[2], 16)
            found.append((offset, offset + end - start))
    return found


def punch(live_generations: list[int]) -> int:
    """In the fork server: free out of the file the retired ranges that no process can map any
    more: retired before every living kernel was forked (``live_generations``: :func:`generation`
    at each one's fork) and mapped by no process (:func:`mapped_elsewhere`). Returns the bytes
    punched (0 when none could be)."""
    if not STATE.on or os.getpid() != STATE.server_pid:
        return 0
    pending = retired()
    upto = min(live_generations, default=generation())
    if not any(gen <= upto for _off, _len, gen in pending):
        return 0
    elsewhere = mapped_elsewhere()
    if elsewhere is None:
        STATE.punch_held = "a process of this user whose maps cannot be read"
        return 0
    for off, length, gen in pending:
        if gen <= upto and any(start < off + length and off < end for start, end in elsewhere):
            upto = gen - 1  # mapped still (a kernel's own child, say): it and those after it wait
            STATE.punch_held = "mapped by a process the fork server did not fork"
    if upto <= 0:
        return 0
    done = int(STATE.lib.pf_punch(0, upto))
    if done < 0:
        STATE.punch_held = f"punch failed: {os.strerror(-done)}"
        return 0
    return done


def ranges() -> list[tuple[int, int, int]]:
    """The noted arenas: (address, length, offset in the file or -1 if still anonymous)."""
    if not STATE.on:
        return []
    return _rows(STATE.lib.pf_range_at, ctypes.c_uint64, ctypes.c_uint64, ctypes.c_int64)


def _rows(row_at: Any, *cells: type) -> list[tuple[int, int, int]]:
    """Every row of one of the library's tables, read through its ``*_at(i, out…)`` function
    (0 while row i exists)."""
    values = [cell() for cell in cells]
    out: list[tuple[int, int, int]] = []
    while row_at(len(out), *(ctypes.byref(v) for v in values)) == 0:
        a, b, c = (v.value for v in values)
        out.append((a, b, c))
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
        size, removed, punched, lost = (ctypes.c_uint64() for _ in range(4))
        STATE.lib.pf_file_stats(ctypes.byref(size), ctypes.byref(removed), ctypes.byref(punched), ctypes.byref(lost))
        pending = retired()
        out.update(
            page_file_size=int(size.value),
            page_file_removes=STATE.removes,
            page_file_arenas_moved_again=int(removed.value),  # counted at each epoch
            page_file_last_remove=dict(STATE.last_remove),
            page_file_generation=generation(),
            page_file_retired=len(pending) + int(lost.value),
            page_file_retired_bytes=sum(length for _off, length, _gen in pending),
            page_file_punched_bytes=int(punched.value),
            page_file_punch_held=STATE.punch_held,
            page_file_mappings=mappings(),
        )
    return out


def mappings(pid: int | str = "self") -> int:
    """How many mappings of the page file a process has (``/proc/PID/maps``): each run of moved
    pages, unless it touches another with the next offsets, is one, and every fork copies each."""
    try:
        text = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return 0
    return text.count("/memfd:jupyter-reactive-heap")


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
    looked at, dropped, differing, kept; threads parked, libzmq's and jemalloc's left running) and
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
        "library_running": int(out[5]),
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
    """The kernel's idle work (:data:`IDLE_AFTER`): a reclaim, then a deep one; tried once more
    when a thread did not park in time (a busy machine)."""
    result = reclaim(deep=stage > 0)
    if result is not None and result["not_stopped"] == NOT_STOPPED[3]:
        result = reclaim(deep=stage > 0)
    return result


def stop_probe() -> tuple[str, int, int]:
    """In a forked kernel: stop its other threads and release them at once (what a reclaim does
    around its work): why not ("" when they stopped), threads parked, libraries' left running."""
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
