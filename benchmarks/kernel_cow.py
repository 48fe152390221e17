"""Where a forked kernel's private memory comes from: which of the fork server's pages it copied,
and what it wrote to them. Linux, as root (reads other processes' ``/proc/PID/pagemap`` and
``/proc/PID/mem``).

    sudo python benchmarks/kernel_cow.py [--app PATH] [--by-phase]

Starts two forked kernels exactly as ``kernel_memory.py --session`` does (warm-up, an app session,
its first run finished) — the first so that the fork server packs the code it ran, as it does
for every kernel after the first — lets the second idle, then:

1. lists the kernel's writable pages and compares each with the fork server's page at the same
   address (``/proc/PID/pagemap`` frame numbers): *shared* (same frame), *copied* (the fork server
   has the page, the kernel a copy of its own: copy-on-write) or *new* (only the kernel has it);
2. saves the copied pages' contents;
3. asks the kernel (on its subshell) for the address, size and type of every object it can reach
   (from ``gc.get_objects()`` and their referents), and attributes each 8-byte word that differs
   from the fork server's copy to the object it falls in (``GC`` = the collector's header in front
   of a tracked object, ``?`` = memory that holds no reachable object: allocator metadata, free
   blocks, dict and list storage).

Storage an object allocates apart from itself (a dict's keys table, a list's items, a set's
table) is attributed as such; a changed word in a pymalloc pool's header as ``pymalloc pool
header``; anything else as ``?`` with the kind of mapping it lies in. Copied pages whose bytes
are all the fork server's again (written and restored: a reference count taken and dropped, a
block allocated and freed) are counted apart, with what they hold by object type.

Prints the page counts and the changed words by object type and by field (``refcnt``: the
reference count, the object's first word; ``code`` beyond its header: bytecode, which CPython
3.11 rewrites as it warms up ("quickening"), and warm-up counters).
"""

from __future__ import annotations

import asyncio
import bisect
import collections
import json
import struct
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jupyter_client.kernelspec import KernelSpecManager

from benchmarks.kernel_memory import APP, start_kernel, stop_kernel
from benchmarks.kernel_memory import ROOT as _ROOT
from jupyter_reactive.server.forking import fork_servers, forking_kernel_name, shutdown_fork_servers

PAGE = 4096
POOL = 16384  # pymalloc's pool (CPython 3.11, 64-bit); its header comes first
POOL_HEADER = 48
STRING_REFS: list[tuple[str, int]] = []  # (text, reference count now - at the fork) of shared strings
ON_UNCHANGED: collections.Counter = collections.Counter()  # bytes by object type on copied, unchanged pages

# runs in the kernel: every reachable object's (address, size, type, gc-tracked)
OBJECT_MAP = """
import gc as _g, sys as _s, json as _j
_g.unfreeze()
_seen = {}
_extra = []  # storage allocated apart from its object: dict keys tables, list items, set tables
import ctypes as _c
def _word(a, kind=_c.c_ssize_t):
    return kind.from_address(a).value
def _storage(o):
    t = type(o)
    try:
        if t is dict:
            k = _word(id(o) + 32, _c.c_void_p)
            if k:
                log2_index, general = _word(k + 9, _c.c_uint8), _word(k + 10, _c.c_uint8) == 0
                usable = ((1 << _word(k + 8, _c.c_uint8)) * 2) // 3
                _extra.append((k, 32 + (1 << log2_index) + usable * (24 if general else 16), "dict keys", False))
        elif t is list:
            items, allocated = _word(id(o) + 24, _c.c_void_p), _word(id(o) + 32)
            if items and allocated > 0:
                _extra.append((items, allocated * 8, "list items", False))
        elif t in (set, frozenset):
            mask, table = _word(id(o) + 32), _word(id(o) + 40, _c.c_void_p)
            if table and not (id(o) <= table < id(o) + _s.getsizeof(o)):
                _extra.append((table, (mask + 1) * 16, "set table", False))
    except Exception:
        pass
_todo = _g.get_objects()
_tracked = {id(o) for o in _todo}
while _todo:
    _o = _todo.pop()
    if id(_o) in _seen:
        continue
    try:
        _n = _s.getsizeof(_o)
    except Exception:
        _n = 16
    _seen[id(_o)] = (_n, type(_o).__name__, id(_o) in _tracked)
    _storage(_o)
    try:
        _todo.extend(r for r in _g.get_referents(_o) if id(r) not in _seen)
    except Exception:
        pass
_j.dump([(a, n, t, tr) for a, (n, t, tr) in _seen.items()] + _extra, open(%r, "w"))
"""


def writable_maps(pid: int) -> list[tuple[int, int, str]]:
    out = []
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        parts = line.split()
        start, end = (int(x, 16) for x in parts[0].split("-"))
        if "w" in parts[1]:
            out.append((start, end, parts[5] if len(parts) > 5 else "anon"))
    return out


def frames(pid: int, start: int, end: int) -> list[tuple[int, bool] | None]:
    """Physical frame per page and whether only this process maps it (None: not present)."""
    with open(f"/proc/{pid}/pagemap", "rb") as f:
        f.seek(start // PAGE * 8)
        raw = f.read((end - start) // PAGE * 8)
    out: list[tuple[int, bool] | None] = []
    for (entry,) in struct.iter_unpack("<Q", raw):
        out.append((entry & ((1 << 55) - 1), bool(entry >> 56 & 1)) if entry >> 63 else None)
    return out


def classify_pages(kernel: int, server: int) -> tuple[collections.Counter, list[int], dict[int, str]]:
    server_maps = writable_maps(server)
    counts: collections.Counter = collections.Counter()
    copied: list[int] = []
    kinds: dict[int, str] = {}
    for start, end, name in writable_maps(kernel):
        kind = name if name.startswith("[") or name == "anon" else "file"
        theirs = next(((s, e) for s, e, _n in server_maps if s <= start and end <= e), None)
        mine = frames(kernel, start, end)
        other = frames(server, start, end) if theirs else [None] * len(mine)
        for i, frame in enumerate(mine):
            if frame is None:
                continue
            theirs_frame = other[i]
            if theirs_frame is None:
                counts[(kind, "new")] += 1
            elif theirs_frame[0] == frame[0]:
                counts[(kind, "shared")] += 1
            elif not frame[1]:
                # the fork server wrote the page after this kernel's fork: the kernel still shares
                # its old copy with kernels forked before that write; not the kernel's own page
                counts[(kind, "server wrote")] += 1
            else:
                counts[(kind, "copied")] += 1
                copied.append(start // PAGE + i)
                kinds[start // PAGE + i] = kind
    return counts, copied, kinds


def read_pages(pid: int, pages: list[int]) -> dict[int, bytes]:
    out = {}
    with open(f"/proc/{pid}/mem", "rb") as f:
        for page in pages:
            try:
                f.seek(page * PAGE)
                out[page] = f.read(PAGE)
            except OSError:
                pass
    return out


def _word(page: bytes, off: int) -> int:
    return int(struct.unpack_from("<q", page, off)[0])


def _ascii_text(page: bytes, off: int) -> str:
    """The text of the compact ASCII string whose header starts at ``off`` (CPython 3.11: length
    at +16, state at +32, text at +48), if it lies on the page; else "?"."""
    if off + 48 > PAGE:
        return "?"
    length, state = _word(page, off + 16), page[off + 32]
    if not (state >> 5 & 1 and state >> 6 & 1) or not 0 <= length <= 60 or off + 48 + length > PAGE:  # compact ASCII
        return "?"
    return page[off + 48 : off + 48 + length].decode("ascii", "replace")


def attribute(
    mine: dict[int, bytes], theirs: dict[int, bytes], objects: list[Any], heap_or_anon: dict[int, str]
) -> tuple[collections.Counter, collections.Counter, collections.Counter]:
    spans = []
    for address, size, kind, tracked in objects:
        spans.append((address, max(size, 8), kind))
        if tracked:
            spans.append((address - 16, 16, "GC"))
    spans.sort()
    starts = [s[0] for s in spans]
    words: collections.Counter = collections.Counter()
    fields: collections.Counter = collections.Counter()
    pages_by: collections.Counter = collections.Counter()
    for page, data in mine.items():
        other = theirs.get(page)
        if other is None:
            continue
        kinds = set()
        if data == other:
            pages_by[f"(no word changed: {heap_or_anon.get(page, 'file')})"] += 1
            # what lies on such a page: bytes by object type
            base = page * PAGE
            j = max(0, bisect.bisect_right(starts, base) - 1)
            while j < len(spans) and spans[j][0] < base + PAGE:
                lo, hi = max(base, spans[j][0]), min(base + PAGE, spans[j][0] + spans[j][1])
                if hi > lo:
                    ON_UNCHANGED[spans[j][2]] += hi - lo
                j += 1
            continue
        for off in range(0, PAGE, 8):
            if data[off : off + 8] == other[off : off + 8]:
                continue
            address = page * PAGE + off
            j = bisect.bisect_right(starts, address) - 1
            if j >= 0 and address < spans[j][0] + spans[j][1]:
                kind = spans[j][2]
                rel = address - spans[j][0]
                field = (
                    "refcnt"
                    if rel == 0 and kind != "GC"
                    else (
                        "header" if kind == "GC" else "bytecode/counters" if kind == "code" and rel >= 48 else "other"
                    )
                )
            elif heap_or_anon.get(page) == "anon" and address % POOL < POOL_HEADER:
                kind, field = "pymalloc pool header", "-"
            else:
                kind, field = f"? ({heap_or_anon.get(page, 'file')})", "-"
            if kind == "str" and field == "refcnt":
                STRING_REFS.append((_ascii_text(data, off), _word(data, off) - _word(other, off)))
            words[kind] += 1
            fields[(kind, field)] += 1
            kinds.add(kind)
        for kind in kinds:
            pages_by[kind] += 1
    return words, fields, pages_by


async def settled(timeout: float = 60.0) -> None:
    """Until the fork server has packed the first kernel's code and imported what it reported
    (its ping unchanged for two seconds): what it writes after a later kernel's fork would show
    as that kernel's copies."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last: dict[str, Any] = {}
    while loop.time() < deadline:
        server = next(s for s in fork_servers() if s.pid)
        ping = server.request({"op": "ping"})
        now = {k: ping.get(k) for k in ("code_packed", "preloaded", "failed", "types_tagged", "modules_noted")}
        if now == last and now["code_packed"] is not None:
            return
        last = now
        await asyncio.sleep(2.0)
    raise RuntimeError("the fork server did not settle")


def copied_and_restored(kernel: int, server: int) -> dict[str, float]:
    """MB of the kernel's own copies of the fork server's pages, and of those whose bytes are the
    fork server's again (see the module's docstring)."""
    _counts, copied, _kinds = classify_pages(kernel, server)
    mine, theirs = read_pages(kernel, copied), read_pages(server, copied)
    restored = sum(1 for page, data in mine.items() if theirs.get(page) == data)
    return {"copied": len(copied) * PAGE / 2**20, "restored": restored * PAGE / 2**20}


async def by_phase(name: str, ksm: KernelSpecManager, app: Path) -> None:
    """``--by-phase``: the kernel's copied and restored pages at each phase of
    ``kernel_phases.py``, for one kernel started after the first kernel's report was handled."""
    from benchmarks.kernel_phases import PHASES, mapping_table, phases_of_one

    first = await start_kernel(name, ksm, str(_ROOT), True, 60, app)
    kernel = None
    try:
        await settled()
        server = next(s.pid for s in fork_servers() if s.pid)
        _out, seen, kernel = await phases_of_one(
            name, ksm, app, 2.0, 60, look=lambda pid: copied_and_restored(pid, server)
        )
        print(f"MB of the kernel's own copies at each phase ({', '.join(PHASES)}):\n")
        print(mapping_table([seen]))
    finally:
        if kernel is not None:
            await stop_kernel(kernel)
        await stop_kernel(first)
        shutdown_fork_servers()


async def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", type=Path, default=APP, help="the app each kernel's session runs")
    parser.add_argument("--by-phase", action="store_true", help="copied and restored MB at each phase only")
    args = parser.parse_args(argv)
    app = args.app.resolve()
    ksm = KernelSpecManager()
    if args.by_phase:
        await by_phase(forking_kernel_name(ksm, "python3", fallback=False), ksm, app)
        return
    name = forking_kernel_name(ksm, "python3", fallback=False)
    # the first kernel's session makes the fork server pack the code it ran (jupyter_reactive/forkserver/hotcode.py);
    # the kernel measured is the next one, as every kernel after the first pool kernel is
    first = await start_kernel(name, ksm, str(_ROOT), True, 60, app)
    await settled()  # the first kernel's reports handled: the fork server writes nothing after the next fork
    kernel = await start_kernel(name, ksm, str(_ROOT), True, 60, app)
    try:
        await asyncio.sleep(3)
        server = next(s.pid for s in fork_servers() if s.pid)
        counts, copied, page_kinds = classify_pages(kernel.pid, server)
        mine = read_pages(kernel.pid, copied)  # before the object walk writes more
        theirs = read_pages(server, copied)
        dump = Path("/tmp") / f"jr-objects-{kernel.pid}.json"
        reply = await kernel.on_subshell(OBJECT_MAP % str(dump), 120)
        if reply.get("status") != "ok":
            raise RuntimeError(f"object map failed in the kernel: {reply}")
        objects = json.loads(dump.read_text())
        dump.unlink()
        words, fields, pages_by = attribute(mine, theirs, objects, page_kinds)
    finally:
        await stop_kernel(kernel)
        await stop_kernel(first)
        shutdown_fork_servers()
    print(f"Forked kernel with a live app session, Python {sys.version.split()[0]}.\n")
    print(
        "| pages | shared with the fork server | copied on write (the kernel's own) "
        "| written by the fork server after the fork (shared with other kernels) | new |\n"
        "| --- | ---: | ---: | ---: | ---: |"
    )
    for kind in ("anon", "[heap]", "[stack]", "file"):
        row = [counts[(kind, k)] * PAGE / 2**20 for k in ("shared", "copied", "server wrote", "new")]
        print(f"| {kind} | " + " | ".join(f"{v:.1f} MB" for v in row) + " |")
    total_changed = sum(words.values())
    print(
        f"\nChanged 8-byte words in the {len(copied)} copied pages, by the object they fall in "
        f"({total_changed} words; pages: pages holding at least one):\n"
    )
    for kind, n in pages_by.items():
        if kind.startswith("(no word"):
            print(f"Copied pages whose bytes are the fork server's again {kind[17:-1]}: {n}")
    total = sum(ON_UNCHANGED.values()) or 1
    print(
        "What those pages hold (share of their bytes that lie in a reachable object, by type): "
        + ", ".join(f"{kind} {n / total:.0%}" for kind, n in ON_UNCHANGED.most_common(12))
    )
    print()
    print("| object type | words | pages | of which |\n| --- | ---: | ---: | --- |")
    for kind, n in words.most_common(20):
        detail = ", ".join(f"{f} {c}" for (k, f), c in fields.most_common() if k == kind)
        print(f"| {kind} | {n} | {pages_by[kind]} | {detail} |")
    deltas = collections.Counter(d for _t, d in STRING_REFS)
    print(
        f"\nShared strings whose reference count changed: {len(STRING_REFS)}; by change: "
        + ", ".join(f"{d:+d}: {n}" for d, n in sorted(deltas.items(), key=lambda x: -x[1])[:8])
    )
    sample = [t for t, _d in STRING_REFS if t != "?"]
    print(
        f"Their text (compact ASCII ones, {len(sample)}; every 25th): " + ", ".join(repr(t) for t in sample[::25][:60])
    )


if __name__ == "__main__":
    asyncio.run(main())
