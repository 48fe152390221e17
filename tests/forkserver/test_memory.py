"""What the fork server does to its memory before forking: the holes of its C heap filled, and the
code the first kernel ran packed for the kernels after it (with real forked kernels; the code
index itself is tested in process in test_hotcode.py).
"""

from __future__ import annotations

import ctypes
import errno as errno_module
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from jupyter_reactive.forkserver import memory
from jupyter_reactive.server import forking
from jupyter_reactive.server.forking import forking_kernel_name, shutdown_fork_servers
from jupyter_reactive.server.kernels import PoolKey, ReactiveKernel
from tests.conftest import wait_for
from tests.forkserver.harness import PREPARED_ARGS, TIMEOUT, open_app_session, server_of, session_messages, start

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork server and /proc: Linux"),
]


# what a kernel's subshell answers about the code of a function that runs in every app session
# (the runner's run_once) and of one that does not (set_source): the index's original, or a copy
CODE_PROBE = """
from jupyter_reactive.forkserver import hotcode as _h
from jupyter_reactive.kernel.runner import ScriptRunner as _R
print(_h.INDEX.packed is not None, _h.INDEX.reported,
      any(c is _R.run_once.__code__ for c in _h.INDEX.codes), any(c is _R.set_source.__code__ for c in _h.INDEX.codes))
"""


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="code is packed on CPython 3.11 only")
async def test_the_first_app_session_gets_the_code_it_ran_packed_for_the_kernels_after_it(
    ksm: KernelSpecManager, fork_name: str
):
    shutdown_fork_servers()  # a fork server that has not packed yet
    first = await start(ksm, fork_name, extra_arguments=PREPARED_ARGS)  # as the pool starts kernels
    second = None
    try:
        server = server_of(first.pid)
        ping = server.request({"op": "ping"})
        assert ping["code_indexed"] > 5000 and ping["code_packed"] is None
        # its own imports and preparation ran without a collection (none is needed: see above)
        assert ping["gc_collections_at_start"] == [0, 0, 0], ping["gc_collections_at_start"]
        # the holes of its C heap were taken before the first fork
        assert ping["heap_fill_allocations"] > 0 and ping["heap_holes_after"] < ping["heap_holes_before"]
        # garbage from a client is refused and packs nothing
        for indices in ("0", [-1], [10**9], ["3"], [True], None):
            with pytest.raises(forking.ForkServerError, match="indices must be a list of integers"):
                server.request({"op": "pack-code", "indices": indices})
        assert server.request({"op": "ping"})["code_packed"] is None

        rk = ReactiveKernel(uuid.uuid4().hex, first.kc, key=PoolKey(fork_name, "", ()))
        await rk.warm_up(TIMEOUT)
        assert (await open_app_session(first))["status"] == "complete"
        # the kernel reports right after its first run; the fork server packs once
        await wait_for(lambda: server.request({"op": "ping"})["code_packed"] is not None, timeout=20)
        assert server.request({"op": "ping"})["code_packed"] > 200

        second = await start(ksm, fork_name, extra_arguments=PREPARED_ARGS)
        assert server_of(second.pid) is server and second.provisioner.prepared
        rk2 = ReactiveKernel(uuid.uuid4().hex, second.kc, key=PoolKey(fork_name, "", ()))
        await rk2.warm_up(TIMEOUT)
        # the later kernel has the packed copy of what ran and the original of what did not
        reply, out = await second.run(CODE_PROBE, subshell_id=rk2.subshell_id)
        assert reply["status"] == "ok" and out.split() == ["True", "False", "False", "True"], (reply, out)
        # and works as the first one did; it has nothing to report
        assert (await open_app_session(second))["status"] == "complete"
        reply, out = await second.run(
            "from jupyter_reactive.forkserver import hotcode as _h; print(_h.report())", subshell_id=rk2.subshell_id
        )
        assert out.strip() == "0"
        reply, out = await first.run(CODE_PROBE, subshell_id=rk.subshell_id)
        assert out.split()[:2] == ["False", "True"]  # the first kernel reported (and kept its own code)
    finally:
        await first.stop()
        if second is not None:
            await second.stop()


async def test_with_pack_code_and_heap_fill_off_nothing_is_indexed_or_filled(ksm: KernelSpecManager):
    name = forking_kernel_name(
        ksm, "python3", name="python3-jr-nopack", fallback=False, pack_code=False, fill_heap_holes=False
    )
    kernel = await start(ksm, name)
    try:
        ping = server_of(kernel.pid).request({"op": "ping"})
        assert ping["code_indexed"] == 0 and ping["code_packed"] is None
        assert "heap_fill_allocations" not in ping
        assert await kernel.value("1 + 1") == "2"
    finally:
        await kernel.stop()


def _merge_any(pid: int) -> str:
    """What Linux says of a process's same-page merging opt-in ("yes"/"no"), from /proc."""
    for line in Path(f"/proc/{pid}/ksm_stat").read_text().splitlines():
        if line.startswith("ksm_merge_any:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no ksm_merge_any in /proc/{pid}/ksm_stat")


@pytest.mark.skipif(not os.path.exists("/proc/self/ksm_stat"), reason="Linux without KSM (or older than 6.4)")
async def test_a_forked_kernel_is_opted_in_to_same_page_merging_unless_turned_off(
    ksm: KernelSpecManager, fork_name: str
):
    on = await start(ksm, fork_name)
    off_name = forking_kernel_name(ksm, "python3", name="python3-jr-nomerge", fallback=False, merge_pages=False)
    off = await start(ksm, off_name)
    try:
        assert on.provisioner.forked and off.provisioner.forked
        on_server, off_server = server_of(on.pid), server_of(off.pid)
        assert on_server is not off_server
        assert on_server.request({"op": "ping"})["merge_pages"] is True
        assert _merge_any(on_server.pid) == "yes" and _merge_any(on.pid) == "yes"  # inherited by the fork
        ping = off_server.request({"op": "ping"})
        assert ping["merge_pages"] is False and ping["merge_pages_why_not"] == "--no-merge-pages"
        assert _merge_any(off_server.pid) == "no" and _merge_any(off.pid) == "no"
        assert await on.value("1 + 1") == "2" and await off.value("2 + 2") == "4"
    finally:
        await on.stop()
        await off.stop()


class _LibcWithPrctl:
    """A libc whose prctl fails as an older or a locked-down Linux's does (or is missing)."""

    def __init__(self, errno: int | None):
        if errno is not None:

            def prctl(*args: Any) -> int:
                self.calls.append(args)
                ctypes.set_errno(errno)
                return -1

            self.prctl = prctl
        self.calls: list[tuple[Any, ...]] = []


@pytest.mark.parametrize(
    ("errno", "why"),
    [(errno_module.EINVAL, "Invalid argument"), (errno_module.EPERM, "Operation not permitted"), (None, "no prctl")],
)
def test_a_kernel_that_refuses_same_page_merging_is_a_reason_not_an_error(errno: int | None, why: str):
    libc = _LibcWithPrctl(errno)
    result = memory.merge_pages(libc=libc)
    assert why in result
    assert libc.calls == ([] if errno is None else [(memory.PR_SET_MEMORY_MERGE, 1, 0, 0, 0)])


# the fork server's preparation up to its freeze (as main does it), then what a young collection
# (which main makes) and a full one (which it no longer makes) find
GARBAGE_PROBE = """
import gc, json, sys
gc.disable()  # as the fork server's start, with no preload but its own
from jupyter_reactive.forkserver import memory as m
from jupyter_reactive.forkserver.child import launcher_path
from jupyter_reactive.forkserver.prepared import PREPARED
with m.import_environment():
    m.preload(list(m.DEFAULT_PRELOAD))
    m.warm_caches()
    m.warm_libraries()
    m.build_shared_resources()
why_not = PREPARED.prepare(ARGS)
m.prepare_module_scan(launcher_path())
m.note_inherited_modules()
gc.set_debug(gc.DEBUG_SAVEALL)
found = gc.collect()
print(json.dumps({"why_not": why_not, "found": found, "bytes": sum(sys.getsizeof(o) for o in gc.garbage)}))
"""


def test_the_fork_server_freezes_the_little_garbage_its_own_start_leaves():
    """With no preload but its own, the fork server collects nothing before gc.freeze() (the
    imports' collections were a tenth of its CPU before the first fork): what its imports and
    preparation leave — the prepared kernel's configuration copies among it — is a few thousand
    objects, frozen and shared."""
    code = GARBAGE_PROBE.replace("ARGS", repr(["-m", "ipykernel_launcher", *PREPARED_ARGS, "-f", "{connection_file}"]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    found = json.loads(out.stdout.splitlines()[-1])
    assert found["why_not"] == "", found  # the prepared kernel's garbage is in the count
    assert 0 < found["found"] < 5000 and found["bytes"] < 1_000_000, found


HEAP_FILL_PROBE = """
import ctypes, json
from jupyter_reactive.forkserver import memory as fs
libc = ctypes.CDLL(None)
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.mallinfo2.restype = fs._MallInfo2
chunks = [libc.malloc(200 + 16 * (i % 40)) for i in range(4000)]
for chunk in chunks[::2]:
    libc.free(chunk)  # holes between live chunks, in the heap and in the thread's cache
result = fs.fill_heap_holes()
top = libc.mallinfo2().keepcost
libc.malloc(300)
print(json.dumps({**result, "from_top": libc.mallinfo2().keepcost < top}))
"""


class _AllocatorMallinfoDoesNotDescribe:
    """A libc whose mallinfo2 never changes whatever malloc does (as with a preloaded jemalloc)."""

    def __init__(self, holes: int):
        self.requested = 0

        def mallinfo2() -> Any:
            return memory._MallInfo2(arena=10 << 20, fordblks=holes + 4096, keepcost=4096)

        def malloc(size: int) -> int:
            self.requested += size
            return 0x10000 + self.requested

        self.mallinfo2, self.malloc = mallinfo2, malloc


def test_filling_the_heap_holes_takes_a_bounded_amount_when_mallinfo_does_not_describe_malloc():
    libc = _AllocatorMallinfoDoesNotDescribe(holes=100_000)
    result = memory.fill_heap_holes(libc=libc)
    assert 0 < libc.requested <= 2 * 100_000 + (1 << 20)
    assert result["heap_holes_after"] == 100_000 and result["heap_fill_allocations"] > 0
    # nothing to fill: nothing taken
    empty = _AllocatorMallinfoDoesNotDescribe(holes=0)
    assert memory.fill_heap_holes(libc=empty)["heap_fill_allocations"] == 0 and empty.requested == 0


def test_filling_the_heap_holes_makes_new_allocations_come_from_the_top():
    proc = subprocess.run(
        [sys.executable, "-c", HEAP_FILL_PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["heap_holes_before"] > 2000 * 200  # the freed chunks, at least
    assert result["heap_holes_after"] == 0 and result["from_top"], result
    assert 2000 <= result["heap_fill_allocations"] < 50_000


# a module that puts a module object into sys.modules which counts how often a process forked
# from the one that imported it reads its name or file: what a walk over sys.modules does to
# every module
SPY = """
import os, sys, types

class Spy(types.ModuleType):
    looked = 0
    owner = os.getpid()

    def __getattribute__(self, name):
        if name in ("__name__", "__file__", "__dict__") and os.getpid() != type(self).owner:
            type(self).looked += 1
        return super().__getattribute__(name)

sys.modules["jr_spied"] = Spy("jr_spied")
"""

TRACK_PROBE = """
import json as _j, sys as _s
from jupyter_reactive.kernel import reload as _r
_b = _jr_bridge  # the warm-up's, in the kernel's namespace
print(_j.dumps({"inherited": _r.INHERITED is not None, "looked": type(_s.modules["jr_spied"]).looked,
                "files": [f.rsplit("/", 1)[-1] for f in _b.modules.files()]}))
"""


async def test_a_forked_kernel_tracks_its_app_modules_without_walking_the_inherited_ones(
    ksm: KernelSpecManager, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A kernel tracks the modules of its app's folder (to reload them when their files change)
    by looking at those imported since its fork and at the inherited ones whose file is in that
    folder, never at the rest of what the fork server imported: reading every module's name and
    file copied ~5 MB of shared pages into every kernel."""
    app = tmp_path / "app"
    app.mkdir()
    (tmp_path / "jr_spy.py").write_text(SPY)
    (app / "jr_inherited_helper.py").write_text("X = 1\n")  # imported by the fork server
    (app / "jr_own_helper.py").write_text("Y = 2\n")  # imported by the kernel
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), str(app), os.environ.get("PYTHONPATH", "")]))
    name = forking_kernel_name(
        ksm, "python3", name="python3-jr-track", fallback=False, preload=["jr_spy", "jr_inherited_helper"]
    )
    kernel = await start(ksm, name, cwd=str(app), extra_arguments=PREPARED_ARGS)
    try:
        ping = server_of(kernel.pid).request({"op": "ping"})
        assert {"jr_spy", "jr_inherited_helper"} <= set(ping["preloaded"]) and ping["modules_noted"] > 100
        rk = ReactiveKernel(uuid.uuid4().hex, kernel.kc, key=PoolKey(name, str(app), ("jr_own_helper",)))
        await rk.warm_up(TIMEOUT)  # imports the preload, then tracks the app's modules
        reply, out = await kernel.run(TRACK_PROBE, subshell_id=rk.subshell_id)
        assert reply["status"] == "ok", reply
        seen = json.loads(out)
        assert seen["inherited"] and seen["looked"] == 0, seen
        assert seen["files"] == ["jr_inherited_helper.py", "jr_own_helper.py"], seen
    finally:
        await kernel.stop()


LAZY_LIB = {
    "__init__.py": (
        "import importlib\n\n\ndef use():\n"
        "    importlib.import_module('jr_lazy_lib.lazy')\n"
        "    importlib.import_module('jr_lazy_lib.threaded')\n"
        "    return 'used'\n"
    ),
    "lazy.py": "VALUE = 1\n",
    # unsafe in a fork server: a thread that forked kernels would not have
    "threaded.py": "import threading, time\nthreading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n",
}
LAZY_APP = "import jupyter_reactive as jr\nimport jr_lazy_lib\n\njr.write(jr_lazy_lib.use())\n"
LAZY_PROBE = """
import sys as _s
from jupyter_reactive.kernel import reload as _r
from jupyter_reactive.forkserver import memory as _m
print("jr_lazy_lib.lazy" in _s.modules, _r.INHERITED.modules.get("jr_lazy_lib.lazy") is _s.modules.get("jr_lazy_lib.lazy"),
      "jr_lazy_lib.threaded" in _s.modules, "jr_lazy_lib.lazy" in _m._SCAN)
"""


async def test_a_librarys_module_the_first_run_imported_is_imported_by_the_fork_server_for_later_kernels(
    ksm: KernelSpecManager, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A library's module that an app's first run imported lazily is reported by the kernel and
    imported by the fork server (probed first), so that the next kernels have it, shared; one
    whose import would make forking unsafe is refused and never imported there."""
    shutdown_fork_servers()
    lib, app = tmp_path / "lib", tmp_path / "app"
    (lib / "jr_lazy_lib").mkdir(parents=True)
    app.mkdir()
    for name, text in LAZY_LIB.items():
        (lib / "jr_lazy_lib" / name).write_text(text)
    (app / "app.py").write_text(LAZY_APP)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(lib), os.environ.get("PYTHONPATH", "")]))
    name = forking_kernel_name(ksm, "python3", name="python3-jr-lazy", fallback=False, preload=["jr_lazy_lib"])
    first = await start(ksm, name, cwd=str(app), extra_arguments=PREPARED_ARGS)
    second = None
    try:
        server = server_of(first.pid)
        assert "jr_lazy_lib" in server.request({"op": "ping"})["preloaded"]
        rk = ReactiveKernel(uuid.uuid4().hex, first.kc, key=PoolKey(name, str(app), ()))
        await rk.warm_up(TIMEOUT)
        assert (await open_app_session(first, app / "app.py"))["status"] == "complete"

        def reported() -> bool:
            ping = server.request({"op": "ping"})
            return "jr_lazy_lib.lazy" in ping["preloaded"] and "jr_lazy_lib.threaded" in ping["failed"]

        await wait_for(reported, timeout=60)
        ping = server.request({"op": "ping"})
        assert "started threads" in ping["failed"]["jr_lazy_lib.threaded"] and ping["threads"] == 1
        assert not any(m.startswith("jupyter_reactive.kernel.reload") for m in ping["failed"])

        second = await start(ksm, name, cwd=str(app), extra_arguments=PREPARED_ARGS)
        assert server_of(second.pid) is server
        rk2 = ReactiveKernel(uuid.uuid4().hex, second.kc, key=PoolKey(name, str(app), ()))
        await rk2.warm_up(TIMEOUT)
        # before its first run: the module is there, inherited (and answered in ipykernel's
        # module walk, which would otherwise touch it in every kernel); the unsafe one is not
        reply, out = await second.run(LAZY_PROBE, subshell_id=rk2.subshell_id)
        assert reply["status"] == "ok" and out.split() == ["True", "True", "False", "True"], (reply, out)
        assert (await open_app_session(second, app / "app.py"))["status"] == "complete"
    finally:
        await first.stop()
        if second is not None:
            await second.stop()


WARM_UP_SCRIPT = """
import json, sys, threading, time, types
from jupyter_reactive.forkserver import memory

done = []
for name in ("jr_ok_lib", "jr_failing_lib", "jr_threading_lib", "jr_exiting_lib", "jr_absent_lib"):
    memory.LIBRARY_WARM_UPS[name] = None
for name in ("jr_ok_lib", "jr_failing_lib", "jr_threading_lib", "jr_exiting_lib"):
    sys.modules[name] = types.ModuleType(name)


def fail(module):
    raise ValueError("bad input")


def thread(module):
    threading.Thread(target=time.sleep, args=(30,), daemon=True).start()


def exit_(module):
    import os
    os._exit(3)


memory.LIBRARY_WARM_UPS.update(
    jr_ok_lib=lambda module: done.append(module.__name__),
    jr_failing_lib=fail,
    jr_threading_lib=thread,
    jr_exiting_lib=exit_,
)
failed = memory.warm_libraries()
again = memory.warm_libraries()
print(json.dumps({"failed": failed, "again": again, "done": done, "threads": threading.active_count()}))
"""


def test_a_library_warm_up_that_fails_or_would_make_forking_unsafe_is_skipped_and_reported():
    """Each library warm-up runs first in a throwaway child: one that raises, starts a thread
    or ends the process is skipped (never run in the fork server) and named with why; one for a
    library that is not imported is not run; each is run once."""
    proc = subprocess.run(
        [sys.executable, "-c", WARM_UP_SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["done"] == ["jr_ok_lib"] and result["threads"] == 1 and result["again"] == {}
    failed = result["failed"]
    assert set(failed) == {"jr_failing_lib", "jr_threading_lib", "jr_exiting_lib"}, failed
    assert "ValueError: bad input" in failed["jr_failing_lib"]
    assert "started" in failed["jr_threading_lib"] and "threads" in failed["jr_threading_lib"]
    assert "ended the process" in failed["jr_exiting_lib"]


WARMED_PROBE = """
import sys as _s
from jupyter_reactive.forkserver import memory as _m
print(sorted(_m._WARMED), _s.modules["PIL.Image"]._initialized, "PIL.PngImagePlugin" in _s.modules)
"""


async def test_the_libraries_an_app_imports_are_warmed_up_in_the_fork_server(ksm: KernelSpecManager):
    """numpy, pandas and PIL's first-use work (PIL's plugin registry among it) is done in the fork
    server when they are preloaded, and kernels inherit it."""
    for module in ("numpy", "pandas", "PIL.Image"):
        pytest.importorskip(module)
    name = forking_kernel_name(
        ksm, "python3", name="python3-jr-warm", fallback=False, preload=["numpy", "pandas", "PIL.Image"]
    )
    kernel = await start(ksm, name, extra_arguments=PREPARED_ARGS)
    try:
        ping = server_of(kernel.pid).request({"op": "ping"})
        assert ping["warm_up_failed"] == {} and ping["threads"] == 1
        assert await kernel.value(WARMED_PROBE) == "['PIL.Image', 'numpy', 'pandas'] 2 True"
    finally:
        await kernel.stop()


async def test_a_forked_kernel_finds_the_scripting_api_imported_and_bound(ksm: KernelSpecManager, fork_name: str):
    """The package binds its API lazily (the server does not need it); the fork server imports
    and binds it ahead, so a kernel's first ``jr.*`` costs nothing."""
    kernel = await start(ksm, fork_name)
    try:
        reply, out = await kernel.run(
            "import sys\nmod = sys.modules['jupyter_reactive']\n"
            "print('jupyter_reactive._api' in sys.modules, 'title' in vars(mod), 'session_state' in vars(mod))"
        )
        assert reply["status"] == "ok" and out.split() == ["True", "True", "True"], (reply, out)
    finally:
        await kernel.stop()


SNAPSHOT_PROBE = """
import json as _j, sys as _s
from jupyter_reactive.forkserver import memory as _m
_k = get_ipython()._sys_modules_keys
print(_j.dumps([_k is _m.MODULE_NAMES[0], len(_k), _k <= set(_s.modules), "jr_snap_late" in _k]))
"""


async def test_a_forked_kernel_shares_the_module_names_snapshot_made_in_the_fork_server(
    ksm: KernelSpecManager, fork_name: str
):
    """IPython keeps the names of the modules loaded at its start; a forked kernel whose modules
    are still the fork server's gets the set made there instead of building its own."""
    shutdown_fork_servers()
    kernel = await start(ksm, fork_name, extra_arguments=PREPARED_ARGS)
    try:
        assert getattr(kernel.provisioner, "prepared", False)
        reply, out = await kernel.run(SNAPSHOT_PROBE)
        assert reply["status"] == "ok", reply
        shared, size, subset, late = json.loads(out)
        assert shared and size > 100 and subset and not late
    finally:
        await kernel.stop()


async def test_a_module_imported_before_ipythons_snapshot_in_a_forked_kernel_is_in_it(
    ksm: KernelSpecManager, fork_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A kernel that imports a module after the fork and before IPython takes its snapshot (its
    exec_lines run just before) has it in its snapshot: the set made ahead is not used."""
    (tmp_path / "jr_snap_late.py").write_text("Z = 3\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]))
    shutdown_fork_servers()
    args = [*PREPARED_ARGS, "--IPKernelApp.exec_lines=['import jr_snap_late']"]
    kernel = await start(ksm, fork_name, cwd=str(tmp_path), extra_arguments=args)
    try:
        reply, out = await kernel.run(SNAPSHOT_PROBE)
        assert reply["status"] == "ok", reply
        shared, size, subset, late = json.loads(out)
        assert not shared and size > 100 and subset and late
    finally:
        await kernel.stop()


# whether classes carry their attribute-cache version tag (Py_TPFLAGS_VALID_VERSION_TAG): two the
# fork server imports and a kernel's start never looks into, and one made in the kernel
TAG_PROBE = """
import json as _j, pexpect as _p, sqlite3 as _q
class _Fresh:
    pass
print(_j.dumps([bool(c.__flags__ & (1 << 19)) for c in (_p.spawn, _q.Row, _Fresh)]))
"""


async def test_a_forked_kernel_finds_every_class_of_the_fork_server_tagged_for_the_attribute_cache(
    ksm: KernelSpecManager, fork_name: str
):
    """The fork server gives every class its attribute-cache version tag before forking, so that
    a kernel's first lookup in a class does not write the tag into a shared page; kernels behave
    as before (an app session runs)."""
    shutdown_fork_servers()
    kernel = await start(ksm, fork_name, extra_arguments=PREPARED_ARGS)
    try:
        assert server_of(kernel.pid).request({"op": "ping"})["types_tagged"] > 1000
        reply, out = await kernel.run(TAG_PROBE)
        assert reply["status"] == "ok", reply
        assert json.loads(out) == [True, True, False]  # a class made after the fork: not yet
        rk = ReactiveKernel(uuid.uuid4().hex, kernel.kc, key=PoolKey(fork_name, "", ()))
        await rk.warm_up(TIMEOUT)
        assert (await open_app_session(kernel))["status"] == "complete"
    finally:
        await kernel.stop()


# ---- the file-backed heap (forkserver/pagefile.py, forkserver/_pagefile.c) ----

HOOK = Path(__file__).parent.parent.parent / "scripts" / "pagefile_hook.py"


def _hook() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("pagefile_hook", HOOK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pagefile_library() -> Path:
    """The library as an install builds it (scripts/pagefile_hook.py), built now if missing or
    older than its source (an editable checkout whose C file changed since the install)."""
    from jupyter_reactive.forkserver import pagefile

    source = pagefile.LIBRARY.with_name("_pagefile.c")
    if not pagefile.LIBRARY.exists() or pagefile.LIBRARY.stat().st_mtime < source.stat().st_mtime:
        built, why = _hook().build()
        if built is None:
            pytest.skip(f"the page file's library cannot be built here: {why}")
    return pagefile.LIBRARY


@pytest.mark.parametrize("cc", ["/bin/false", "/nonexistent/cc", ""])
def test_without_a_working_c_compiler_the_library_is_not_built_and_that_is_a_reason(tmp_path: Path, cc: str):
    target = tmp_path / "_pagefile.so"
    built, why = _hook().build(target=target, cc=cc)
    assert built is None and why and not target.exists()
    assert not list(tmp_path.iterdir())  # no partial file left behind
    from jupyter_reactive.forkserver import pagefile

    lib, why_not = pagefile.load(target)
    assert lib is None and "not built" in why_not


def test_the_library_builds_with_cc_and_loads(tmp_path: Path):
    built, why = _hook().build(target=tmp_path / "_pagefile.so")
    assert built is not None, why
    from jupyter_reactive.forkserver import pagefile

    lib, why_not = pagefile.load(built)
    assert lib is not None and why_not == ""
    assert lib.pf_migrate() < 0  # no memory file opened in this library: refused, nothing moved


def test_a_library_built_from_an_older_source_is_a_reason_not_an_error(tmp_path: Path):
    source = tmp_path / "_pagefile.c"
    source.write_text("int pf_open(void) { return 0; }\n")  # a library missing what came later
    built, why = _hook().build(source=source, target=tmp_path / "_pagefile.so")
    assert built is not None, why
    from jupyter_reactive.forkserver import pagefile

    lib, why_not = pagefile.load(built)
    assert lib is None and why_not.startswith("_pagefile.so was built from an older source"), why_not


# in a process of its own: install, import, move the heap into the file, fork; the child touches
# every object made before the fork, drops the pages it left equal, and checks every value
HEAP_CHILD = """
import json, os, sys, time
from jupyter_reactive.forkserver import pagefile
assert pagefile.install() == "", pagefile.STATE.why_not
import decimal, email.parser
objs = [{"a": i, "b": str(i), "c": [i] * (i % 7)} for i in range(100000)]
print(json.dumps(pagefile.info()))
assert pagefile.reclaim() is None  # the fork server itself never drops anything
assert pagefile.migrate() == ""
print(json.dumps(pagefile.info()))

def anonymous(ranges):
    starts, total, inside = {a for a, n, o in ranges if o >= 0}, 0, False
    for line in open("/proc/self/smaps"):
        head = line.split()
        if "-" in head[0] and not head[0].endswith(":"):
            inside = int(head[0].split("-")[0], 16) in starts
        elif inside and head[0] == "Anonymous:":
            total += int(head[1])
    return total

pid = os.fork()
if pid == 0:
    code = 1
    try:
        expected = sum(o["a"] + len(o["b"]) + len(o["c"]) for o in objs)
        churn = [bytes(200) for _ in range(50000)]; del churn  # blocks made and freed
        before = anonymous(pagefile.ranges())
        result = pagefile.reclaim()
        after = anonymous(pagefile.ranges())
        ok = sum(o["a"] + len(o["b"]) + len(o["c"]) for o in objs) == expected
        ok = ok and all(o["b"] == str(o["a"]) and o["c"] == [o["a"]] * (o["a"] % 7) for o in objs)
        # pages dropped and copied again (reference counts taken and dropped): kept, unless deep
        sum(o["a"] for o in objs)
        repeat = pagefile.reclaim()
        deep = pagefile.reclaim(deep=True)
        kept = {"repeat_kept": repeat["kept"], "repeat_dropped": repeat["dropped"], "deep": deep}
        # a thread (not libzmq's) that blocks the parking signal: no reclaim, and why; then one
        # whose handler was replaced (by Python's signal module here)
        import signal, threading
        hold, held = threading.Event(), threading.Event()
        def blocker():
            signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
            held.set()
            hold.wait()
        t = threading.Thread(target=blocker)
        t.start()
        held.wait()
        refused = pagefile.reclaim()["not_stopped"]
        hold.set()
        t.join()
        # join returns before the OS thread is gone from /proc/self/task: wait until it is
        for _ in range(5000):
            if not os.path.exists(f"/proc/self/task/{t.native_id}"):
                break
            time.sleep(0.001)
        again = pagefile.reclaim()["not_stopped"]
        signal.signal(pagefile.STATE.lib.pf_signal_get(), lambda *args: None)
        replaced = pagefile.reclaim()["not_stopped"]
        whys = {"refused": refused, "again": again, "replaced": replaced, "stats": pagefile.stats()["not_stopped"]}
        print(json.dumps({"before": before, "after": after, "ok": ok, **result, **whys, **kept}))
        code = 0
    finally:
        sys.stdout.flush()
        os._exit(code)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_a_forked_child_drops_the_heap_pages_it_left_equal_and_every_value_is_kept(pagefile_library: Path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HOOK.parent.parent), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", HEAP_CHILD], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    installed, moved, child = (json.loads(line) for line in done.stdout.splitlines())
    assert installed["page_file"] and installed["page_file_arenas"] == 0 and installed["page_file_anonymous_arenas"] > 5
    assert moved["page_file_arenas"] >= installed["page_file_anonymous_arenas"] and moved["page_file_migrations"] == 1
    # the file holds the heap's pages that are not all zeros, and not more than its arenas
    assert 0 < moved["page_file_resident"] <= moved["page_file_arena_bytes"]
    assert child["ok"] and child["error"] == 0
    assert child["dropped"] > 1000 and child["private"] == child["dropped"] + child["differing"]
    assert child["after"] < child["before"] / 4, child  # smaps: the child's own copies (kB) fell
    assert child["not_stopped"] == "" and child["parked"] == 0  # no other thread to park
    # a page dropped and copied again is kept by the next reclaim, dropped again by a deep one
    assert child["repeat_kept"] > 500 and child["repeat_dropped"] < child["repeat_kept"], child
    # (each kept page is compared again: dropped, or differing if the test's own code wrote to it
    # in between, which depends on where its objects land)
    deep = child["deep"]
    assert deep["kept"] == 0 and deep["dropped"] + deep["differing"] >= child["repeat_kept"], child
    assert deep["dropped"] > child["repeat_kept"] * 0.9, child
    assert (child["refused"], child["again"]) == ("a thread blocks the signal", ""), child
    assert child["replaced"] == "the signal's handler is not ours", child
    assert child["stats"] == {"a thread blocks the signal": 1, "the signal's handler is not ours": 1}, child


# in a process of its own, the fork server's part: a child forked after the move reads a page it
# never writes; the parent writes to the moved heap and moves it again (an epoch), then punches
# the old range out of the file: refused while the child maps it, and, forced, the child reads zeros
PUNCH_CHILD = """
import ctypes, json, os, sys
from jupyter_reactive.forkserver import pagefile
assert pagefile.install() == "", pagefile.STATE.why_not
blobs = [bytes([90]) * 400 for _ in range(20000)]  # pymalloc blocks, ~9 MB
page = id(blobs[10000]) // 4096 * 4096  # before the move: not written by this process after it
assert pagefile.migrate() == ""
reports, orders = os.pipe(), os.pipe()
pid = os.fork()
if pid == 0:  # a kernel forked before the epoch: it reads the page and never writes to it
    code = 1
    try:
        before = ctypes.string_at(page, 4096)
        for _ in range(2):
            os.write(reports[1], b"r")
            os.read(orders[0], 1)
            now = ctypes.string_at(page, 4096)
            os.write(reports[1], b"S" if now == before else b"Z" if not any(now) else b"?")
        code = 0
    finally:
        os._exit(code)
os.read(reports[0], 1)
touched = sum(len(b) for b in blobs)  # the fork server writes to the moved pages (reference counts)
moved = pagefile.remove(1)
held = pagefile.punch([])  # told no kernel is left: the child's maps still hold the old range
os.write(orders[1], b"g")
guarded = os.read(reports[0], 1).decode()
os.read(reports[0], 1)
forced = pagefile.STATE.lib.pf_punch(0, pagefile.generation())  # what the guard prevents
os.write(orders[1], b"g")
try:
    after_forced = os.read(reports[0], 1).decode() or "died"
except OSError:
    after_forced = "died"
_, status = os.waitpid(pid, 0)
freed = pagefile.punch([])
print(json.dumps({"moved": moved["pages"], "held": held, "why": pagefile.STATE.punch_held, "guarded": guarded,
                  "forced": forced, "after_forced": after_forced, "status": status, "retired_left": len(pagefile.retired())}))
"""


def test_a_range_moved_again_is_punched_only_once_no_process_maps_it(pagefile_library: Path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HOOK.parent.parent), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", PUNCH_CHILD], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["moved"] >= 1 and result["status"] == 0, result
    # told that no kernel it forked is left, the fork server still finds the child in /proc
    assert result["held"] == 0 and result["why"] == "mapped by a process the fork server did not fork", result
    assert result["guarded"] == "S", result  # the child reads its page as it was
    # the safety argument: punched while the child maps it, the page it had only read is zeros
    assert result["forced"] > 0 and result["after_forced"] == "Z", result
    assert result["retired_left"] == 0


def test_tagging_classes_skips_a_weak_proxy_to_a_class():
    import ctypes
    import gc
    import weakref

    from jupyter_reactive.forkserver.memory import is_class, tag_types

    class Tagged:
        pass

    proxy = weakref.proxy(Tagged)
    assert isinstance(proxy, type) and not is_class(proxy) and is_class(Tagged) and is_class(type)
    # looked up as a class, the proxy's neighbours would be read as a class's fields
    assert tag_types([Tagged, proxy]) == tag_types([Tagged])
    # where such proxies come from: ctypes keeps one per array type it makes, which the collector
    # tracks, so a walk of its objects finds them
    array_type = ctypes.c_uint64 * 37
    assert any(isinstance(o, type) and not is_class(o) and o == array_type for o in gc.get_objects())


# in a process of its own, the fork server's part across epochs: kernels forked in each epoch
# live through the next one, read every inherited value, write their own, drop pages; the parent
# writes clusters of its heap, moves its pages again with gaps copied along, punches what no
# kernel maps, reaps the older kernels, and checks its own heap after each epoch
EPOCHS_CHILD = """
import json, os, random, sys
from jupyter_reactive.forkserver import pagefile
assert pagefile.install() == "", pagefile.STATE.why_not
rng = random.Random(5)
cells = [[i, str(i), float(i)] for i in range(30000)]
expect = list(range(30000))
keep = []
def write(epoch):  # clusters of cells here and there (an import, packed code), and new arenas
    for start in rng.sample(range(0, len(cells), 20), 120):
        for i in range(start, min(start + rng.randrange(1, 12), len(cells))):
            cells[i][0] = expect[i] = i * 100 + epoch
    keep.append([str(i) * 3 for i in range(3000)])
def wrong():
    return sum(1 for i, c in enumerate(cells) if c[0] != expect[i] or c[1] != str(i) or c[2] != float(i))
def kernel(snapshot, mappings):
    if pagefile.mappings() != mappings:
        return 6  # a forked kernel has the fork server's mappings, as many
    own = [[i, 0] for i in range(3000)]
    for r in range(5):
        if any(c[0] != snapshot[i] or c[2] != float(i) for i, c in enumerate(cells)):
            return 3  # an inherited value changed (zeros, another page's bytes)
        for o in own:
            o[1] += 1
        result = pagefile.reclaim(deep=r % 2 == 1)
        if result["error"] or result["not_stopped"] or (r == 0 and not result["dropped"]):
            return 4
        if any(o[1] != r + 1 for o in own):
            return 5  # a write of its own lost
    return 0
assert pagefile.migrate() == ""
live, report = {}, []
for epoch in range(4):
    for _ in range(2):
        snapshot, mappings = list(expect), pagefile.mappings()
        pid = os.fork()
        if pid == 0:
            code = 9
            try:
                code = kernel(snapshot, mappings)
            finally:
                os._exit(code)
        live[pid] = pagefile.generation()
    write(epoch + 1)
    moved = pagefile.remove(1)
    exits = []
    for pid in list(live)[:-4]:  # the kernels of two epochs ago end
        exits.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
        del live[pid]
    punched = pagefile.punch(list(live.values()))
    report.append({**moved, "punched": punched, "wrong": wrong(), "mappings": pagefile.mappings(), "exits": exits})
exits = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in live]
print(json.dumps({"epochs": report, "exits": exits, "punched": pagefile.punch([]), "wrong": wrong(),
                  "retired": len(pagefile.retired()), "arenas": len(pagefile.ranges())}))
"""


def test_kernels_across_epochs_read_their_values_and_keep_their_writes_with_gaps_moved_along(
    pagefile_library: Path,
):
    from jupyter_reactive.forkserver import pagefile

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HOOK.parent.parent), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", EPOCHS_CHILD], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr  # the parent survived its own epochs (no SIGBUS)
    result = json.loads(done.stdout)
    epochs = result["epochs"]
    # every kernel read what it inherited and kept what it wrote, through reclaims and punches
    assert [e["exits"] for e in epochs] + [result["exits"]] == [[], [], [0, 0], [0, 0], [0] * 4], result
    assert all(e["error"] == 0 and e["wrong"] == 0 and e["pages"] > 0 for e in epochs), epochs
    assert result["wrong"] == 0 and result["retired"] == 0, result
    # the retired pages punched, once no kernel mapped them (a kernel's reclaim maps a view of the
    # whole file for a moment, which holds a punch until the next one: no count per epoch here)
    assert sum(e["punched"] for e in epochs) + result["punched"] > 0, result
    # pages between two moved ones were copied along, so each run is one mapping: at most two
    # per run (the run, and the rest of what it split) plus one per arena (arenas next to each
    # other in memory are next to each other in the file and merge); each kernel has as many
    assert sum(e["copied"] for e in epochs) > 0, epochs
    first = epochs[0]
    assert pagefile.EPOCH_MAX_GAP >= 1 and first["runs"] < first["pages"] / 4, first
    assert all(e["mappings"] <= result["arenas"] + 2 * e["runs"] for e in epochs), (result["arenas"], epochs)


@pytest.mark.parametrize("garbage", [0, -1, True, 1 << 64, 2.0, "3", None, [1]])
def test_moving_again_wants_a_positive_count_of_pages(garbage: Any):
    from jupyter_reactive.forkserver import pagefile

    with pytest.raises(ValueError, match="min_private must be an int of at least 1"):
        pagefile.remove(garbage)
    if garbage != 0:
        with pytest.raises(ValueError, match="max_gap must be an int of at least 0"):
            pagefile.remove(1, garbage)
    assert pagefile.remove(1) == {}  # off here: nothing to do
    assert pagefile.punch([]) == 0 and pagefile.generation() == 0 and pagefile.retired() == []


def _heap_file_anonymous(pid: int) -> tuple[int, int]:
    """A process's mappings of the page file, from /proc: how many, and the kB of its own
    (anonymous) copies in them."""
    mappings, anonymous, inside = 0, 0, False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split()
        if head and "-" in head[0] and not head[0].endswith(":"):
            inside = (
                line.rstrip().endswith("/memfd:jupyter-reactive-heap (deleted)")
                or "/memfd:jupyter-reactive-heap" in line
            )
            mappings += inside
        elif inside and head[0] == "Anonymous:":
            anonymous += int(head[1])
    return mappings, anonymous


# touches (reference counts) what every module the fork server imported names, and answers a sum
# that depends on all of it
TOUCH_INHERITED = """
import sys as _s
print(sum(len(k) + len(type(v).__name__) for m in list(_s.modules.values()) for k, v in list(getattr(m, "__dict__", {}).items())))
"""


# in a live kernel, while reclaims run back to back (from the subshell's thread): one thread
# receives into small bytearrays (recv_into, the GIL released: pymalloc blocks written by C code)
# and checks each at once, others sleep and select; answers what was lost or broken
HAMMER = """
import json as _j, select as _sel, socket as _so, threading as _t, time as _ti
from jupyter_reactive.forkserver import pagefile as _p
_bufs = [bytearray(48) for _ in range(3000)]
_last = [0] * len(_bufs)
_a, _b = _so.socketpair()
_r, _w = _so.socketpair()
_stop, _done = _t.Event(), _t.Event()
_errors, _counts = [], {"recv": 0, "sleep": 0, "select": 0}
def _loop(name, step):
    try:
        while not _stop.is_set():
            step()
            _counts[name] += 1
    except Exception as err:
        _errors.append(f"{name}: {err!r}")
def _feed():
    i = 0
    try:
        while not _done.is_set():
            i = i % 250 + 1
            _b.sendall(bytes([i]) * 48)
    except OSError:  # closed below
        pass
def _recv():
    i = _counts["recv"] % len(_bufs)
    _a.recv_into(_bufs[i], 48, _so.MSG_WAITALL)
    _last[i] = _bufs[i][0]
    if _bufs[i] != bytes([_last[i]]) * 48:
        _errors.append(f"recv {i}: torn")
_threads = [_t.Thread(target=_feed, daemon=True), _t.Thread(target=_loop, args=("recv", _recv)),
            _t.Thread(target=_loop, args=("sleep", lambda: _ti.sleep(0.0005))),
            _t.Thread(target=_loop, args=("select", lambda: _sel.select([_r], [], [], 0.002)))]
for _x in _threads: _x.start()
_results, _t0 = [], _ti.monotonic()
while _ti.monotonic() - _t0 < 2.0 or len(_results) < 5:
    _results.append(_p.reclaim(deep=True))
    _ti.sleep(0.01)
_stop.set()
for _x in _threads[1:]: _x.join(10)
_done.set(); _a.close(); _threads[0].join(10); _b.close()
print(_j.dumps({
    "errors": _errors, "counts": _counts, "alive": [_x.is_alive() for _x in _threads[1:]],
    "kept": all(_bufs[i] == bytes([_last[i]]) * 48 for i in range(len(_bufs))),
    "stopped": [r for r in _results if not r["not_stopped"]],
    "not_stopped": [r["not_stopped"] for r in _results if r["not_stopped"]],
    "probe": _p.stop_probe(),
}))
"""


async def test_a_kernel_forked_with_the_page_file_gives_back_unchanged_heap_pages_when_idle(
    ksm: KernelSpecManager, pagefile_library: Path
):
    name = forking_kernel_name(ksm, "python3", name="python3-jr-pagefile", fallback=False, page_file=True)
    kernel = await start(ksm, name, extra_arguments=PREPARED_ARGS)
    try:
        ping = server_of(kernel.pid).request({"op": "ping"})
        assert ping["page_file"] is True and ping["page_file_why_not"] == "", ping
        assert ping["page_file_arenas"] > 10 and ping["page_file_migrations"] >= 1
        assert ping["page_file_resident"] > 1 << 20
        # the kernel's heap is the file's, privately (arenas next to each other in memory are next
        # to each other in the file: one mapping for several, so no count of arenas here)
        assert _heap_file_anonymous(kernel.pid)[0] >= 1
        rk = ReactiveKernel(uuid.uuid4().hex, kernel.kc, key=PoolKey(name, "", ()))
        await rk.warm_up(TIMEOUT)
        comm_id = uuid.uuid4().hex
        assert (await open_app_session(kernel, comm_id=comm_id))["status"] == "complete"

        async def stats() -> dict[str, Any]:
            code = (
                "from jupyter_reactive.forkserver import pagefile as _p; import json as _j; print(_j.dumps(_p.stats()))"
            )
            reply, out = await kernel.run(code, subshell_id=rk.subshell_id)
            assert reply["status"] == "ok", reply
            return dict(json.loads(out))

        # a second after the run, the session's thread drops what it can
        done: list[dict[str, Any]] = []

        async def reclaimed() -> bool:
            done.append(await stats())
            return done[-1]["reclaims"] >= 1

        for _ in range(100):
            if await reclaimed():
                break
        assert done[-1]["reclaims"] >= 1 and done[-1]["pages_dropped"] > 0, done[-1]

        async def value(code: str) -> str:
            reply, out = await kernel.run(code, subshell_id=rk.subshell_id)  # the main thread serves the session
            assert reply["status"] == "ok", reply
            return out.strip()

        # copies made again, then dropped: fewer pages of its own, the same answer before and after
        before_sum = await value(TOUCH_INHERITED)
        _maps, before = _heap_file_anonymous(kernel.pid)
        reply, out = await kernel.run(
            "from jupyter_reactive.forkserver import pagefile as _p; print(_p.reclaim())", subshell_id=rk.subshell_id
        )
        assert reply["status"] == "ok" and "'dropped'" in out, (reply, out)
        _maps, after = _heap_file_anonymous(kernel.pid)
        assert after < before, (before, after)
        assert await value(TOUCH_INHERITED) == before_sum
        # a big churn of blocks made and freed, then the same app rerun in the same session
        assert await value("len([str(i) * 3 for i in range(300000)])") == "300000"
        source = "import jupyter_reactive as jr\njr.write(f'sum: {sum(len(str(i)) for i in range(100000))}')\n"
        messages = [{"kind": "source", "source": source}, {"kind": "rerun"}]
        finished, frames = await session_messages(kernel, comm_id, messages, rk.subshell_id)
        assert finished["status"] == "complete" and b"sum: 488890" in frames, frames[:2000]

        # the other threads are parked while pages are compared and dropped: nothing written
        # meanwhile is lost, and sleeping, select and socket reads go on (EINTR retried)
        reply, out = await kernel.run(HAMMER, subshell_id=rk.subshell_id)
        assert reply["status"] == "ok", reply
        hammer = json.loads(out)
        assert hammer["errors"] == [] and hammer["kept"] and not any(hammer["alive"]), hammer
        assert min(hammer["counts"].values()) > 10, hammer
        stopped = hammer["stopped"]
        assert len(stopped) >= len(hammer["not_stopped"]), hammer  # a timeout now and then, on a busy machine
        # the session's thread, the kernel's own and the four above parked; libzmq's left running
        assert min(r["parked"] for r in stopped) >= 5 and min(r["library_running"] for r in stopped) >= 1, stopped
        assert sum(r["dropped"] for r in stopped) > 0, stopped
        assert hammer["probe"][0] == "" and hammer["probe"][1] >= 2, hammer
        assert set(hammer["not_stopped"]) <= {"a thread did not park in time"}, hammer
        # and the kernel and its session keep working
        messages = [{"kind": "source", "source": source.replace("sum:", "again:")}, {"kind": "rerun"}]
        finished, frames = await session_messages(kernel, comm_id, messages, rk.subshell_id)
        assert finished["status"] == "complete" and b"again: 488890" in frames, frames[:2000]
        assert await value("1 + 1") == "2"
        # an epoch: an import request writes to the fork server's moved heap, which moves the
        # arenas it wrote to again; the old ranges stay in the file while this kernel lives
        server = server_of(kernel.pid)
        before_sum = await value(TOUCH_INHERITED)
        reply = server.request({"op": "import", "modules": ["xml.dom.minidom", "wave"]})
        assert reply["ok"] and reply["preloaded"] == ["xml.dom.minidom", "wave"], reply
        ping = server.request({"op": "ping"})
        assert ping["page_file_removes"] >= 1 and ping["page_file_arenas_moved_again"] >= 1, ping
        assert ping["page_file_retired"] >= 1 and ping["page_file_retired_bytes"] > 0, ping
        assert ping["page_file_size"] > ping["page_file_arena_bytes"], ping
        # the kernel forked before it reads the same values, its pages dropped again
        reply, out = await kernel.run(
            "from jupyter_reactive.forkserver import pagefile as _p; print(_p.reclaim())", subshell_id=rk.subshell_id
        )
        assert reply["status"] == "ok" and "'error': 0" in out, (reply, out)
        assert await value(TOUCH_INHERITED) == before_sum

        # a kernel forked after the epoch maps the new ranges: its copies equal them and are dropped
        later = await start(ksm, name, extra_arguments=PREPARED_ARGS)
        try:
            assert server_of(later.pid) is server
            reply, out = await later.run(
                "from jupyter_reactive.forkserver import pagefile as _p; import sys as _s; print('wave' in _s.modules)"
            )
            assert reply["status"] == "ok" and out.strip() == "True", (reply, out)
            reply, later_sum = await later.run(TOUCH_INHERITED)
            assert reply["status"] == "ok", reply
            _maps, copied = _heap_file_anonymous(later.pid)
            reply, out = await later.run("print(_p.reclaim())")
            assert reply["status"] == "ok" and "'error': 0" in out, (reply, out)
            _maps, kept = _heap_file_anonymous(later.pid)
            assert kept < copied, (copied, kept)
            # the first kernel gone, nothing maps the old ranges: punched out of the file
            first_pid = kernel.pid
            await kernel.stop()
            await wait_for(lambda: first_pid not in server.request({"op": "ping"})["children"], timeout=30)
            ping = server.request({"op": "ping"})
            assert ping["page_file_punched_bytes"] > 0 and ping["page_file_retired"] == 0, ping
            assert ping["page_file_punch_held"] == "", ping
            # and the later kernel reads the same as before, its pages dropped again or not
            reply, out = await later.run("print(_p.reclaim())")
            assert reply["status"] == "ok" and "'error': 0" in out, (reply, out)
            reply, again = await later.run(TOUCH_INHERITED)
            assert reply["status"] == "ok" and again == later_sum, (reply, again, later_sum)
        finally:
            await later.stop()
    finally:
        await kernel.stop()


def test_without_the_option_the_page_file_is_off_and_says_why():
    from jupyter_reactive.forkserver import pagefile

    assert pagefile.info() == {"page_file": False, "page_file_why_not": "not asked for (--page-file)"}
    assert pagefile.migrate() == "not asked for (--page-file)" and pagefile.reclaim() is None


def test_asked_for_without_the_library_the_page_file_is_off_and_says_why():
    """As on a machine that had no C compiler at install: nothing changes, and ping says why."""
    code = (
        "import json; from pathlib import Path; from jupyter_reactive.forkserver import pagefile as p\n"
        "why = p.install(Path('/nonexistent/_pagefile.so'))\n"
        "print(json.dumps([why, p.info(), p.migrate(), p.reclaim()]))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HOOK.parent.parent), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    why, info, migrated, reclaimed = json.loads(done.stdout)
    assert why.startswith("not built") and info == {"page_file": False, "page_file_why_not": why}
    assert migrated == why and reclaimed is None
