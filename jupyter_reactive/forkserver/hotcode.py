"""Packing the code forked kernels run, guided by what the first kernel ran (CPython 3.11); and
the modules a kernel's first run imported, imported by the fork server for the kernels after it
(:class:`ImportReport`, any version). Both travel in a kernel's one report to its fork server.

Why: a forked kernel shares the fork server's memory until it writes to a page, and CPython
writes to a code object each time its function runs: the reference count and, in 3.11, a warm-up
counter and then the bytecode itself ("quickening"). The ~1,000 functions a kernel runs on its
way to an idle app session lie among ~20,000 it never runs, on ~750 pages, and every kernel
copies every one of those pages.

How: before its first fork, the fork server indexes every code object reachable from a function,
with its warm-up counter (:meth:`CodeIndex.build`). The first kernel whose app session finishes a
run tells it which of them it ran (:meth:`CodeIndex.executed`, sent by
:func:`report_in_background`): those whose counter moved, and — since a counter that was already
0 (code the fork server had run eight times or more) does not move — those whose page the kernel
copied (``/proc/self/pagemap``; a few neighbours of code that ran come along). The fork server
gives those functions copies of their code made one after another, so that they lie together,
and keeps the old ones alive so that their memory is not reused (:meth:`CodeIndex.pack`).
Kernels forked after that write to a few pages of copies instead of hundreds of shared pages. A
copy is the original made again (``code.replace()``): same bytecode, names, file and line numbers.

Cost: when it packs, the fork server writes to the pages of the functions it gives copies to, so
the kernels forked before that (the first pool kernel) stop sharing those pages with it: ~4 MB
each, once. Measured (``benchmarks/kernel_memory.py --session --modes forked,forked-unpacked``):
~1.3 MB less per later kernel with a live app session; the warm code's part of it 0.3 MB.

Only on CPython 3.11, the one version whose code objects carry that counter (its place is checked
on a fresh function before anything is read, :func:`warmup_offset`); elsewhere nothing is indexed
and :func:`report` does nothing. Once per fork server.

Where it runs: the index is built and the packing done in the fork server process, on its only
thread (:mod:`.server`); the report is made in a forked kernel, on a thread of its own
(:func:`report_in_background`, started by :mod:`jupyter_reactive.kernel.bridge` after the first
run), through the reporter the fork server set (a :func:`.client.request`). This module imports
nothing from the rest of the package, so the kernel side can import it alone.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
import threading
import types
from array import array
from collections.abc import Callable
from typing import Any

# CPython 3.11's PyCodeObject: PyObject_VAR_HEAD, co_consts, co_names, co_exceptiontable (6 words),
# int co_flags, then short co_warmup: -8 when made, +1 per call or loop jump, 0 once quickened
_WARMUP_OFFSET_311 = 52
_WARMUP_START = -8
MAX_INDICES = 1_000_000


def warmup_offset() -> int | None:
    """Where a code object's warm-up counter lies, checked on a function made for the purpose:
    -8 before its first call, -7 after it, 0 after eight. None if not so (not CPython 3.11)."""
    if sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11):
        return None
    namespace: dict[str, Any] = {}
    exec(compile("def probe():\n    return 1\n", "<jupyter_reactive.forkserver.hotcode>", "exec"), namespace)
    probe = namespace["probe"]
    counter = ctypes.c_int16.from_address(id(probe.__code__) + _WARMUP_OFFSET_311)
    seen = [counter.value]
    probe()
    seen.append(counter.value)
    for _ in range(7):
        probe()
    seen.append(counter.value)
    return _WARMUP_OFFSET_311 if seen == [_WARMUP_START, _WARMUP_START + 1, 0] else None


class CodeIndex:
    """The fork server's code objects, their warm-up counters at fork time, and the packing."""

    def __init__(self) -> None:
        self.offset: int | None = None
        self.codes: list[types.CodeType] = []  # also keeps every indexed code object alive
        self.addresses = array("Q")
        self.counters = array("h")
        self.functions: list[types.FunctionType] = []
        self.function_code = array("I")  # per function, the index of its code
        self.packed: int | None = None  # code objects packed, once done
        self.reporter: Callable[[list[int]], Any] | None = None  # set by the fork server
        self.reported = False
        self.pid = 0  # the process that built the index: the fork server

    def build(self, functions: list[types.FunctionType] | None = None) -> int:
        """Index every code object of ``functions`` (default: every function the collector
        knows) and the code nested in them. Returns how many; 0 where unsupported."""
        self.offset = warmup_offset()
        if self.offset is None:
            return 0
        if functions is None:
            functions = [o for o in gc.get_objects() if type(o) is types.FunctionType]
        # on the fork server's way to its first fork: plain loops, no generator per code object
        code_type = types.CodeType
        codes: dict[int, types.CodeType] = {}
        todo = [f.__code__ for f in functions]
        pop, push = todo.pop, todo.append
        while todo:
            code = pop()
            if id(code) not in codes:
                codes[id(code)] = code
                for const in code.co_consts:
                    if type(const) is code_type:
                        push(const)
        self.codes = list(codes.values())
        self.addresses = array("Q", codes)
        at, offset = ctypes.c_int16.from_address, self.offset
        self.counters = array("h", [at(address + offset).value for address in self.addresses])
        position = {address: i for i, address in enumerate(codes)}
        self.functions = list(functions)
        self.function_code = array("I", [position[id(f.__code__)] for f in self.functions])
        self.packed = None
        self.pid = os.getpid()
        return len(self.codes)

    def _counter(self, address: int) -> int:
        assert self.offset is not None
        # read through ctypes: no reference to the code object is taken, so nothing is written to it
        return ctypes.c_int16.from_address(address + self.offset).value

    def executed(self) -> list[int]:
        """Indices of the code objects this process ran since :meth:`build`, as far as it can
        tell: those whose counter moved, and those that had warmed up already (counter 0 either
        way) and lie on a page this process has copied (Linux: ``/proc/self/pagemap``)."""
        if self.offset is None:
            return []
        counter = self._counter
        ran = [
            i
            for i, (address, before) in enumerate(zip(self.addresses, self.counters, strict=True))
            if before < 0 and counter(address) != before
        ]
        warm = [i for i, before in enumerate(self.counters) if before == 0]
        return sorted(
            ran
            + [i for i, copied in zip(warm, _pages_copied([self.addresses[i] for i in warm]), strict=True) if copied]
        )

    def pack(self, indices: Any) -> int:
        """Give the functions whose code has one of ``indices`` a copy of it, the copies made
        back to back. Once: later calls change nothing and return 0. Raises ValueError for
        anything but a list of valid indices."""
        if (
            not isinstance(indices, list)
            or len(indices) > MAX_INDICES
            or not all(type(i) is int and 0 <= i < len(self.codes) for i in indices)
        ):
            raise ValueError(f"indices must be a list of integers in [0, {len(self.codes)})")
        if self.packed is not None:
            return 0
        # touch only the chosen functions and code: every page the fork server writes is one its
        # earlier kernels stop sharing with it
        chosen = set(indices)
        users = [(i, j) for j, i in enumerate(self.function_code) if i in chosen]
        copies: dict[int, types.CodeType] = {}
        for i, _j in users:  # the copies, back to back
            if i not in copies:
                copies[i] = self.codes[i].replace()
        for i, j in users:
            self.functions[j].__code__ = copies[i]
        self.packed = len(copies)
        return self.packed


def _pages_copied(addresses: list[int]) -> list[bool]:
    """Whether the page of each address is this process's own now (a forked child's copy of a
    shared page once it wrote to it): bit 56 of ``/proc/self/pagemap``, "exclusively mapped"
    (Linux 4.2+, no privilege needed). All False where it cannot be read."""
    page = os.sysconf("SC_PAGE_SIZE")
    try:
        with open("/proc/self/pagemap", "rb", buffering=0) as pagemap:
            out = []
            for address in addresses:
                pagemap.seek(address // page * 8)
                entry = pagemap.read(8)
                out.append(len(entry) == 8 and bool(int.from_bytes(entry, "little") >> 56 & 1))
            return out
    except OSError:
        return [False] * len(addresses)


INDEX = CodeIndex()


def report() -> int:
    """In a forked kernel, once: tell the fork server which of its functions this kernel ran, so
    that it packs their code for the kernels it forks next. Returns how many; 0 when there is
    nothing to do (not a forked kernel, not supported, already packed, already reported). Never
    raises: this is an optimisation."""
    index = INDEX
    if not _to_report(index):
        return 0
    index.reported = True
    reporter = index.reporter
    try:
        executed = index.executed()
        if executed and reporter is not None:
            reporter(executed)
        return len(executed)
    except Exception:
        return 0


class ImportReport:
    """The other half of a forked kernel's report: the modules its first run imported that its
    fork server had not (a library's lazily imported parts: pandas imports
    ``pyarrow.pandas_compat`` at the first ``DataFrame``), so that the fork server imports them
    (each probed first, as an app's imports are) and the kernels forked after that share them
    instead of each importing its own copy. Every kernel reports once; the fork server imports a
    name at most once. Any CPython version."""

    def __init__(self) -> None:
        self.reporter: Callable[[list[str]], Any] | None = None  # set by the fork server
        self.reported = False
        self.pid = 0  # the fork server's

    def due(self) -> bool:
        return self.reporter is not None and not self.reported and os.getpid() != self.pid

    def report(self, modules: list[str]) -> int:
        """Send ``modules`` (once); how many were sent. Never raises: an optimisation."""
        if not self.due():
            return 0
        self.reported = True
        names = [m for m in modules if isinstance(m, str)][:MAX_MODULES]
        if not names or self.reporter is None:
            return 0
        try:
            self.reporter(names)
        except Exception:
            return 0
        return len(names)


MAX_MODULES = 1000
IMPORTS = ImportReport()


def report_in_background(modules: list[str] | None = None) -> threading.Thread | None:
    """:func:`report` (and the report of ``modules``, :class:`ImportReport`) on a thread of its
    own, so that the caller — the script's thread, right after the first run — is free at once
    for the viewer's next event (a value arriving while it reported would otherwise find the
    session busy and rerun instead of being acknowledged). None when there is nothing to report."""
    code = _to_report(INDEX)
    imports = bool(modules) and IMPORTS.due()
    if not code and not imports:
        return None

    def both() -> None:
        if code:
            report()
        if imports:
            IMPORTS.report(list(modules or ()))

    thread = threading.Thread(target=both, name="jupyter-reactive-hotcode", daemon=True)
    thread.start()
    return thread


def _to_report(index: CodeIndex) -> bool:
    return (
        index.reporter is not None
        and not index.reported
        and index.packed is None
        and index.offset is not None
        and os.getpid() != index.pid
    )
