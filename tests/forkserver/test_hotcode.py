"""jupyter_reactive.forkserver.hotcode in process: the code index, what it sees run, and the packing.

The fork server's use of it (a kernel reports, later kernels get the packed code) is tested with
real forked kernels in test_memory.py."""

from __future__ import annotations

import sys
import threading
import types
from typing import Any

import pytest

from jupyter_reactive.forkserver import hotcode

needs_311 = pytest.mark.skipif(
    sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11),
    reason="code objects carry a warm-up counter on CPython 3.11 only",
)

SOURCE = """
def plain(x, y=2, *, z=3):
    return x + y + z

def outer(n):
    def inner(k):
        return k * n
    return inner

def gen(n):
    yield from range(n)

def never():
    return "never"

class Thing:
    def method(self):
        return "method"
"""


def fresh_functions() -> tuple[dict[str, Any], list[types.FunctionType]]:
    """Functions made now, so none has run yet (their counters are at the start)."""
    namespace: dict[str, Any] = {}
    exec(compile(SOURCE, "<hotcode-test>", "exec"), namespace)
    functions = [namespace[n] for n in ("plain", "outer", "gen", "never")] + [namespace["Thing"].method]
    return namespace, functions


def indexed(
    monkeypatch: pytest.MonkeyPatch | None = None, forked: bool = False
) -> tuple[dict[str, Any], hotcode.CodeIndex]:
    """Fresh functions and an index of them; with ``monkeypatch``, installed as the process's
    index; ``forked``: as a kernel forked from the process that built it sees it."""
    ns, functions = fresh_functions()
    index = hotcode.CodeIndex()
    index.build(functions)
    if monkeypatch is not None:
        monkeypatch.setattr(hotcode, "INDEX", index)
    if forked:
        index.pid = -1
    return ns, index


@needs_311
def test_the_counter_is_found_on_cpython_311():
    assert hotcode.warmup_offset() == 52


@needs_311
def test_the_index_sees_exactly_the_functions_that_ran_nested_code_included():
    ns, functions = fresh_functions()
    index = hotcode.CodeIndex()
    assert index.build(functions) == 6  # five functions and the nested `inner`
    assert index.executed() == []
    assert ns["plain"](1) == 6
    assert ns["outer"](3)(2) == 6
    ran = {index.codes[i].co_name for i in index.executed()}
    assert ran == {"plain", "outer", "inner"}
    # a function that warms up fully (8 calls and more: quickened) is still seen
    for _ in range(20):
        ns["Thing"]().method()
    assert {index.codes[i].co_name for i in index.executed()} == {"plain", "outer", "inner", "method"}


@needs_311
def test_code_already_warm_when_indexed_counts_as_run_when_its_page_is_this_process_own():
    ns, functions = fresh_functions()
    for _ in range(10):
        ns["never"]()  # warm (quickened) before the index is made: its counter stays 0
    index = hotcode.CodeIndex()
    index.build(functions)
    warm = index.codes.index(ns["never"].__code__)
    assert index.counters[warm] == 0
    # this process was not forked: every page is its own, so warm code cannot be told apart
    assert warm in index.executed()
    assert hotcode._pages_copied([id(ns["never"].__code__)]) == [True]


@needs_311
def test_packing_gives_the_functions_that_ran_equal_copies_of_their_code_once():
    ns, index = indexed()
    before = {name: ns[name].__code__ for name in ("plain", "gen", "outer", "never")}
    before["method"] = ns["Thing"].method.__code__
    assert ns["plain"](1, z=10) == 13 and list(ns["gen"](3)) == [0, 1, 2] and ns["outer"](2)(5) == 10
    assert index.pack(index.executed()) == 3  # plain, gen, outer (inner has no function of its own yet)
    for name in ("plain", "gen", "outer"):
        new, old = ns[name].__code__, before[name]
        assert new is not old
        assert (new.co_code, new.co_consts, new.co_names, new.co_filename, new.co_firstlineno, new.co_qualname) == (
            old.co_code,
            old.co_consts,
            old.co_names,
            old.co_filename,
            old.co_firstlineno,
            old.co_qualname,
        )
        assert any(c is old for c in index.codes)  # the original is kept alive: its memory is not reused
    assert ns["never"].__code__ is before["never"] and ns["Thing"].method.__code__ is before["method"]
    # the copies behave as the originals did
    assert ns["plain"](1) == 6 and ns["plain"](1, 1, z=1) == 3 and list(ns["gen"](2)) == [0, 1]
    assert ns["outer"](4)(2) == 8 and ns["never"]() == "never"
    # once: a second report changes nothing
    assert index.pack([0, 1, 2]) == 0 and ns["never"].__code__ is before["never"]


@needs_311
@pytest.mark.parametrize("indices", ["0", None, {"a": 1}, [-1], [10**9], ["1"], [1.0], [True], [[1]]])
def test_packing_refuses_anything_but_a_list_of_valid_indices_and_changes_nothing(indices: Any):
    ns, index = indexed()
    code = ns["plain"].__code__
    with pytest.raises(ValueError, match="indices must be a list of integers"):
        index.pack(indices)
    assert index.packed is None and ns["plain"].__code__ is code
    assert index.pack([]) == 0 and index.packed == 0  # an empty report is a report


def test_where_the_counter_is_unknown_nothing_is_indexed_or_reported(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(hotcode, "warmup_offset", lambda: None)
    _ns, functions = fresh_functions()
    index = hotcode.CodeIndex()
    assert index.build(functions) == 0 and index.executed() == []
    monkeypatch.setattr(hotcode, "INDEX", index)
    sent: list[Any] = []
    index.reporter = sent.append
    assert hotcode.report() == 0 and sent == []


@needs_311
def test_report_runs_once_outside_the_process_that_built_the_index(monkeypatch: pytest.MonkeyPatch):
    ns, index = indexed(monkeypatch)
    sent: list[list[int]] = []
    ns["plain"](1)
    assert hotcode.report() == 0  # no reporter: not a forked kernel
    index.reporter = sent.append
    assert hotcode.report() == 0 and sent == []  # this process built the index: the fork server itself
    index.pid = -1  # as in a kernel forked from it
    assert hotcode.report() == 1 and sent == [[index.codes.index(ns["plain"].__code__)]]
    assert hotcode.report() == 0 and len(sent) == 1  # once


@needs_311
def test_the_report_in_the_background_leaves_the_caller_free_and_happens_once(monkeypatch: pytest.MonkeyPatch):
    ns, index = indexed(monkeypatch)
    assert hotcode.report_in_background() is None  # not a forked kernel: no thread
    index.pid = -1
    started, finish = threading.Event(), threading.Event()
    sent: list[list[int]] = []

    def slow_reporter(indices: list[int]) -> None:
        started.set()
        finish.wait(10)  # a report that takes until the test says so (not a timer it could outlast)
        sent.append(indices)

    index.reporter = slow_reporter
    assert list(ns["gen"](1)) == [0]
    thread = hotcode.report_in_background()
    assert thread is not None and thread.daemon
    assert started.wait(10) and sent == []  # the caller got back before the report was sent
    finish.set()
    thread.join(10)
    assert sent == [[index.codes.index(ns["gen"].__code__)]]
    assert hotcode.report_in_background() is None  # once


@needs_311
def test_a_reporter_that_fails_does_not_reach_the_kernel(monkeypatch: pytest.MonkeyPatch):
    ns, index = indexed(monkeypatch, forked=True)

    def gone(indices: list[int]) -> None:
        raise ConnectionRefusedError("the fork server is gone")

    index.reporter = gone
    ns["never"]()
    assert hotcode.report() == 0


@pytest.fixture
def imports(monkeypatch: pytest.MonkeyPatch) -> hotcode.ImportReport:
    """A fresh import report in place of the module's (none of the fork server's state leaks)."""
    report = hotcode.ImportReport()
    monkeypatch.setattr(hotcode, "IMPORTS", report)
    monkeypatch.setattr(hotcode, "INDEX", hotcode.CodeIndex())  # no code to report
    return report


def test_the_modules_a_kernel_imported_are_reported_once_and_only_by_a_forked_kernel(imports: Any):
    sent: list[list[str]] = []
    assert imports.report(["pkg.sub"]) == 0  # no reporter: not forked from a fork server
    imports.reporter, imports.pid = sent.append, hotcode.os.getpid()
    assert imports.report(["pkg.sub"]) == 0 and sent == []  # the fork server itself
    imports.pid = -1  # as in a kernel forked from it
    assert imports.report(["pkg.sub", 3, None, "pkg.other"]) == 2  # type: ignore[list-item]
    assert sent == [["pkg.sub", "pkg.other"]]
    assert imports.report(["pkg.third"]) == 0 and len(sent) == 1  # once


def test_a_module_report_that_fails_does_not_reach_the_kernel(imports: Any):
    def gone(names: list[str]) -> None:
        raise ConnectionRefusedError("the fork server is gone")

    imports.reporter, imports.pid = gone, -1
    assert imports.report(["pkg.sub"]) == 0


def test_the_module_report_runs_in_the_background_whatever_the_python(imports: Any):
    sent: list[list[str]] = []
    imports.reporter, imports.pid = sent.append, -1
    assert hotcode.report_in_background([]) is None  # nothing imported: no thread
    thread = hotcode.report_in_background(["pkg.sub"])
    assert thread is not None and thread.daemon
    thread.join(10)
    assert sent == [["pkg.sub"]]
    assert hotcode.report_in_background(["pkg.sub"]) is None  # once
