"""What an idle kernel costs: started normally vs forked from the fork server.

    python benchmarks/kernel_memory.py [--counts 1,5,10] [--modes normal,forked,forked-nofreeze]
                                       [--settle 3] [--session] [--app PATH]

For each mode, starts kernels one at a time up to the largest count, each through
``jupyter_client``'s ``AsyncKernelManager`` and warmed up exactly as ``KernelPool`` does
(``ReactiveKernel.warm_up``: ready, kernel_info, the jupyter_reactive warm-up code, a subshell),
with the pool's default ``ReactiveApp.kernel_arguments``.
With ``--session`` each kernel also runs an app session (``tests/apps/counter.py``: comm open,
``serve()``, first run finished) — a *live* idle session; ``--app PATH`` runs that app instead
(``benchmarks/apps/bench_reactive_heavy.py``: numpy, pandas and PIL used on every run), and its
installed top-level imports reach the fork server as a served app's do. When the kernel count reaches a checkpoint
the kernels are left idle for ``--settle`` seconds and measured:

* start → ready: wall time from ``start_kernel`` to the end of the warm-up (median, and max);
* PSS (proportional set size, ``/proc/PID/smaps_rollup``): shared pages divided among the
  processes sharing them, so the sum over a set of processes is what that set costs. Totals
  include the fork server for forked modes;
* marginal PSS: (total at this checkpoint - total at the previous one) / kernels added — what one
  more idle kernel costs (the first checkpoint compares with the fork server alone, or nothing;
  the previous total is taken after that checkpoint's ``gc.collect()``, below);
* RSS and USS (private pages) per kernel, for comparison (RSS counts every shared page in full,
  in every process);
* the same marginal PSS after a full ``gc.collect()`` in every kernel (sent to its subshell): a
  long-lived kernel's collector eventually walks every object it can see, and an object's GC
  header is written when walked — unless the fork server ``gc.freeze()``-ed it.

Modes: ``normal`` (LocalProvisioner: a new interpreter per kernel), ``forked``
(ForkingProvisioner, defaults: the page file on, as by default since 2026-12-07), ``forked-nofreeze`` (no gc.freeze() in the fork server),
``forked-noscan`` (each kernel walks sys.modules itself: ``share_module_scan=False``),
``forked-unprepared`` (each kernel makes ipykernel's application and IPython shell itself:
``prepare=False``), ``forked-unpacked`` (the code the first kernel ran is not packed for the
kernels after it: ``pack_code=False``; see ``jupyter_reactive/forkserver/hotcode.py``), ``forked-nofill`` (the
fork server leaves the holes in its C heap: ``fill_heap_holes=False``), ``forked-nomerge`` (the fork
server and its kernels are not opted in to same-page merging: ``merge_pages=False``),
``forked-nopagefile`` (the fork server's heap stays anonymous memory: ``page_file=False``; with
the page file, the default, it is moved into a memory file that idle kernels drop their unchanged
copies back to, see ``jupyter_reactive/forkserver/pagefile.py``), ``forked-pagefile`` (the same
as ``forked``, kept for older command lines). The
memory file's pages that no process maps are in nobody's PSS: the table after the main one says
how much of it is in memory; it is a constant of the fork server, and kernels mapping more of
it over time moves it into their PSS, so the marginals can only be overstated by it.

Same-page merging (KSM) happens only while ksmd runs (``/sys/kernel/mm/ksm/run`` = 1, set by the
administrator, not by this script). When it runs, each checkpoint also waits (``--ksm-wait``
seconds at most) until ksmd has made two more full scans and ``pages_sharing`` stopped growing,
so the figures are its steady state; the table then says how many pages were merged
(``pages_sharing``, machine-wide) and the CPU ksmd used during the mode. Merged pages count in
PSS divided among every process that maps them (as any shared page).
Prints a markdown table. Everything started is stopped in ``finally``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager

from jupyter_reactive import protocol
from jupyter_reactive.forkserver.client import APP_IMPORTS_ENV
from jupyter_reactive.server.app import ReactiveApp
from jupyter_reactive.server.forking import (
    fork_servers,
    forking_kernel_name,
    shutdown_fork_servers,
)
from jupyter_reactive.server.kernels import SERVE_CODE, PoolKey, ReactiveKernel, start_channels
from jupyter_reactive.server.scripts import AppScript

APP = ROOT / "tests" / "apps" / "counter.py"
KERNEL_ARGUMENTS = list(ReactiveApp.class_traits()["kernel_arguments"].default())  # as the pool starts app kernels
MB = 1024.0
PAGE = 4096


def smaps_rollup(pid: int) -> dict[str, int]:
    """kB values of /proc/PID/smaps_rollup (Pss, Rss, Private_Dirty, ...); {} if it is gone."""
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3 and parts[-1] == "kB":
                    out[parts[0].rstrip(":")] = int(parts[1])
    except OSError:
        pass
    return out


class Kernel:
    def __init__(self, km: AsyncKernelManager, rk: ReactiveKernel, seconds: float):
        self.km, self.rk, self.seconds = km, rk, seconds

    async def on_subshell(self, code: str, timeout: float) -> dict[str, Any]:
        """Execute ``code`` on the kernel's subshell; its reply's content."""
        client = self.rk.client
        msg = client.session.msg(
            "execute_request",
            {
                "code": code,
                "silent": True,
                "store_history": False,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        msg["header"]["subshell_id"] = self.rk.subshell_id
        client.shell_channel.send(msg)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = await client.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                return reply["content"]
        raise RuntimeError("no reply from the subshell")

    @property
    def pid(self) -> int:
        return int(self.km.provisioner.pid)  # type: ignore[union-attr]


def app_imports(app: Path) -> tuple[str, ...]:
    """The app's installed top-level imports: what a served app's session asks its fork server
    to import (``SessionManager.pool_key``)."""
    script = AppScript(app.name, app)
    return script.installed(script.top_level_imports())


async def start_kernel(
    kernel_name: str, ksm: KernelSpecManager, cwd: str, session: bool, timeout: float, app: Path = APP
) -> Kernel:
    started = time.perf_counter()
    km = AsyncKernelManager(kernel_name=kernel_name, kernel_spec_manager=ksm)
    kwargs: dict[str, Any] = {}
    imports = app_imports(app)
    if imports:
        kwargs["env"] = {**os.environ, APP_IMPORTS_ENV: " ".join(imports)}
    await km.start_kernel(cwd=cwd, extra_arguments=KERNEL_ARGUMENTS, **kwargs)
    client = km.client()
    start_channels(client)  # as the pool does
    rk = ReactiveKernel(uuid.uuid4().hex, client, key=PoolKey(kernel_name, cwd, ()))
    kernel = Kernel(km, rk, 0.0)
    try:
        await rk.warm_up(timeout)
    except BaseException:
        await stop_kernel(kernel)
        raise
    kernel.seconds = time.perf_counter() - started
    if session:
        await open_session(rk, timeout, app)
    return kernel


async def open_session(rk: ReactiveKernel, timeout: float, app: Path = APP) -> None:
    """Open an app session as AppSession does and wait for its first run to finish."""
    client = rk.client
    config = {
        "source": app.read_text(),
        "filename": str(app),
        "out_comm_id": uuid.uuid4().hex,
        "widget_values": {},
        "session_id": uuid.uuid4().hex,
    }
    client.shell_channel.send(
        client.session.msg(
            "comm_open", {"comm_id": uuid.uuid4().hex, "target_name": protocol.COMM_TARGET, "data": config}
        )
    )
    client.shell_channel.send(
        client.session.msg(
            "execute_request",
            {
                "code": SERVE_CODE,
                "silent": False,
                "store_history": False,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": False,
            },
        )
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = await client.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        except Exception:
            break
        if msg["msg_type"] == "comm_msg":
            for buf in msg.get("buffers", []):
                header, _payload = protocol.decode_frame(bytes(buf))
                if header.get("type") == protocol.RUN_FINISHED:
                    return
    raise RuntimeError("the app session's first run did not finish")


async def collect(kernels: list[Kernel], timeout: float) -> None:
    """A full gc.collect() in each kernel, on its subshell (the main thread may be serving)."""
    for kernel in kernels:
        reply = await kernel.on_subshell("import gc as _jr_gc; _jr_gc.collect()", timeout)
        if reply.get("status") != "ok":
            raise RuntimeError(f"gc.collect() failed in a kernel: {reply}")


async def stop_kernel(kernel: Kernel) -> None:
    try:
        kernel.rk.client.stop_channels()
    except Exception:
        pass
    try:
        await kernel.km.shutdown_kernel(now=True)
    except Exception:
        pass


KSM = Path("/sys/kernel/mm/ksm")


def ksm_value(name: str) -> int:
    try:
        return int((KSM / name).read_text())
    except (OSError, ValueError):
        return 0


def ksmd_cpu_seconds() -> float:
    """utime + stime of the ksmd kernel thread (0 if there is none)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if text[text.index("(") + 1 : text.rindex(")")] == "ksmd":
            fields = text[text.rindex(")") + 2 :].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


async def ksm_steady(limit: float) -> None:
    """If ksmd runs: wait (``limit`` seconds at most) for two more full scans after which
    pages_sharing no longer grows."""
    if ksm_value("run") != 1:
        return
    deadline = time.monotonic() + limit
    start = ksm_value("full_scans")
    sharing = -1
    while time.monotonic() < deadline:
        scans = ksm_value("full_scans")
        if scans >= start + 2:
            now = ksm_value("pages_sharing")
            if now <= sharing:
                return
            sharing, start = now, scans - 1  # one more scan, and look again
        await asyncio.sleep(0.5)


def measure(kernels: list[Kernel], extra_pids: list[int]) -> dict[str, float]:
    rolls = [smaps_rollup(k.pid) for k in kernels]
    extra = [smaps_rollup(p) for p in extra_pids]
    return {
        "pss": sum(r.get("Pss", 0) for r in rolls + extra) / MB,
        "kernel_pss": sum(r.get("Pss", 0) for r in rolls) / MB,
        "server_pss": sum(r.get("Pss", 0) for r in extra) / MB,
        "rss_each": statistics.mean(r.get("Rss", 0) for r in rolls) / MB if rolls else 0.0,
        "uss_each": statistics.mean(r.get("Private_Clean", 0) + r.get("Private_Dirty", 0) for r in rolls) / MB
        if rolls
        else 0.0,
    }


async def run_mode(
    mode: str, counts: list[int], settle: float, session: bool, timeout: float, app: Path = APP, ksm_wait: float = 0.0
) -> list[dict[str, Any]]:
    ksm = KernelSpecManager()
    if mode == "normal":
        name = "python3"
    else:
        name = forking_kernel_name(
            ksm,
            "python3",
            name=f"python3-{mode}",
            fallback=False,
            gc_freeze=(mode != "forked-nofreeze"),
            share_module_scan=(mode != "forked-noscan"),
            prepare=(mode != "forked-unprepared"),
            pack_code=(mode != "forked-unpacked"),
            fill_heap_holes=(mode != "forked-nofill"),
            merge_pages=(mode != "forked-nomerge"),
            # "forked" takes ForkingProvisioner.page_file's default (on), as a served app does
            **({"page_file": mode == "forked-pagefile"} if mode in ("forked-pagefile", "forked-nopagefile") else {}),
        )
    cwd = str(ROOT)
    kernels: list[Kernel] = []
    rows: list[dict[str, Any]] = []
    ksmd_before, wall_before = ksmd_cpu_seconds(), time.monotonic()
    try:
        previous_n, previous_gc = 0, 0.0
        if mode != "normal":
            # the fork server's own start is a one-off, not a kernel start: do it first, and
            # measure it alone as the baseline of the first marginal
            first = await start_kernel(name, ksm, cwd, False, timeout, app)
            await stop_kernel(first)
            await asyncio.sleep(settle)
            await ksm_steady(ksm_wait)
            previous_gc = measure([], [s.pid for s in fork_servers() if s.pid])["pss"]
        for n in range(1, max(counts) + 1):
            kernels.append(await start_kernel(name, ksm, cwd, session, timeout, app))
            if n in counts:
                await asyncio.sleep(settle)  # let the kernels go idle (not a test assertion)
                await ksm_steady(ksm_wait)
                servers = [s.pid for s in fork_servers() if s.pid] if mode != "normal" else []
                m = measure(kernels, servers)
                await collect(kernels, timeout)
                await asyncio.sleep(1.0)
                after_gc = measure(kernels, servers)["pss"]
                times = [k.seconds * 1000 for k in kernels]
                # the kernels of earlier checkpoints were collected there: both marginals count
                # from the collected total (an idle marginal from the idle total would charge
                # the new kernels with the old ones' collection)
                rows.append(
                    {
                        "mode": mode,
                        "n": n,
                        "start_ms": statistics.median(times),
                        "start_max_ms": max(times),
                        "marginal": (m["pss"] - previous_gc) / (n - previous_n),
                        "marginal_gc": (after_gc - previous_gc) / (n - previous_n),
                        "ksm_sharing": ksm_value("pages_sharing") if ksm_value("run") == 1 else None,
                        "page_file": page_file_figures() if mode != "normal" else None,
                        **m,
                    }
                )
                previous_n, previous_gc = n, after_gc
    finally:
        await asyncio.gather(*(stop_kernel(k) for k in kernels), return_exceptions=True)
        shutdown_fork_servers()
    for row in rows:
        row["ksmd_cpu"] = ksmd_cpu_seconds() - ksmd_before
        row["mode_seconds"] = time.monotonic() - wall_before
    return rows


def page_file_figures() -> dict[str, Any]:
    """The fork server's page file: its bytes in memory (MB), its arenas, what moving them again
    did (file size, arenas moved again, retired and punched MB), and, as root, its pages in memory
    that no process maps (MB: memory all the same, in nobody's PSS); the fork server's count
    of mappings, of them the page file's (each kernel has as many and more; every fork copies
    them), and its forks' median duration (ms). {} with the page file off."""
    for server in fork_servers():
        ping = server.request({"op": "ping"})
        if not ping.get("page_file"):
            return {}
        forks = ping.get("fork_ms") or [0.0]
        return {
            "file_mappings": ping.get("page_file_mappings", 0),
            "fork_ms": statistics.median(forks),
            "fork_max_ms": max(forks),
            "resident": ping.get("page_file_resident", 0) / MB / MB,
            "arenas": ping.get("page_file_arenas", 0),
            "why_not": ping.get("page_file_why_not", ""),
            "size": ping.get("page_file_size", 0) / MB / MB,
            "moved_again": ping.get("page_file_arenas_moved_again", 0),
            "retired": ping.get("page_file_retired_bytes", 0) / MB / MB,
            "punched": ping.get("page_file_punched_bytes", 0) / MB / MB,
            "unmapped": unmapped_file_pages(int(ping["pid"])),
            "mappings": len(Path(f"/proc/{ping['pid']}/maps").read_text().splitlines()),
        }
    return {}


def unmapped_file_pages(server_pid: int) -> float | None:
    """MB of the fork server's page file in memory that no process maps (None unless root: it
    reads /proc/kpagecount). The file is mapped here read-only; only its resident pages are
    touched (mincore first: touching a hole would allocate it), and a page mapped by this
    mapping alone counts."""
    if os.geteuid() != 0:
        return None
    import ctypes
    import struct

    fd_dir = Path(f"/proc/{server_pid}/fd")
    path = next((f for f in fd_dir.iterdir() if "memfd:jupyter-reactive-heap" in os.readlink(f)), None)
    if path is None:
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        if not size:
            return 0.0
        address = libc.mmap(None, size, 1, 1, fd, 0)  # PROT_READ, MAP_SHARED
    finally:
        os.close(fd)
    if address in (None, ctypes.c_void_p(-1).value):
        return None
    try:
        pages = size // PAGE
        vec = (ctypes.c_ubyte * pages)()
        if libc.mincore(address, size, vec) != 0:
            return None
        resident = [i for i in range(pages) if vec[i] & 1]
        for i in resident:
            ctypes.string_at(address + i * PAGE, 1)  # map the page here (a read: no copy)
        alone = 0
        with open("/proc/self/pagemap", "rb") as pagemap, open("/proc/kpagecount", "rb") as counts:
            for i in resident:
                pagemap.seek((address // PAGE + i) * 8)
                (entry,) = struct.unpack("<Q", pagemap.read(8))
                if not entry >> 63:
                    continue
                counts.seek((entry & ((1 << 55) - 1)) * 8)
                (mapped,) = struct.unpack("<Q", counts.read(8))
                alone += mapped <= 1
        return alone * PAGE / MB / MB
    finally:
        libc.munmap(address, size)


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        (
            "| mode | kernels | start → ready, median (max) | total PSS | PSS / kernel | marginal PSS / kernel "
            "| … after gc.collect() | fork server PSS | RSS / kernel | USS / kernel |"
        ),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        server = f"{r['server_pss']:.1f} MB" if r["mode"] != "normal" else "–"
        lines.append(
            f"| {r['mode']} | {r['n']} | {r['start_ms']:.0f} ms ({r['start_max_ms']:.0f}) | {r['pss']:.1f} MB "
            f"| {r['pss'] / r['n']:.1f} MB | **{r['marginal']:.1f} MB** | {r['marginal_gc']:.1f} MB | {server} "
            f"| {r['rss_each']:.1f} MB | {r['uss_each']:.1f} MB |"
        )
    if any(r.get("page_file") for r in rows):
        lines += [
            "",
            "| mode | kernels | page file in memory (mapped or not) | … mapped by no process | file size "
            "| file-backed arenas | arenas moved again | retired, not punched | punched | fork server's mappings "
            "(the file's) | fork, median (max) | off because |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for r in rows:
            if r.get("page_file"):
                f = r["page_file"]
                unmapped = "–" if f["unmapped"] is None else f"{f['unmapped']:.1f} MB"
                lines.append(
                    f"| {r['mode']} | {r['n']} | {f['resident']:.1f} MB | {unmapped} | {f['size']:.1f} MB "
                    f"| {f['arenas']} | {f['moved_again']} | {f['retired']:.1f} MB | {f['punched']:.1f} MB "
                    f"| {f['mappings']} ({f['file_mappings']}) | {f['fork_ms']:.1f} ms ({f['fork_max_ms']:.0f}) "
                    f"| {f['why_not'] or '–'} |"
                )
    if any(r.get("ksm_sharing") is not None for r in rows):
        lines += [
            "",
            "| mode | kernels | KSM pages_sharing (machine) | ksmd CPU during the mode |",
            "| --- | ---: | ---: | ---: |",
        ]
        for r in rows:
            lines.append(
                f"| {r['mode']} | {r['n']} | {r['ksm_sharing']} | {r['ksmd_cpu']:.1f} s of {r['mode_seconds']:.0f} s |"
            )
    return "\n".join(lines)


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default="1,5,10", help="kernel counts to measure at (default 1,5,10)")
    parser.add_argument(
        "--modes",
        default="normal,forked,forked-nofreeze,forked-noscan,forked-unprepared,forked-unpacked,forked-nofill,forked-nomerge",
    )
    parser.add_argument("--settle", type=float, default=3.0, help="idle seconds before measuring (default 3)")
    parser.add_argument("--session", action="store_true", help="also run an app session in each kernel")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one kernel may take to start")
    parser.add_argument("--app", type=Path, default=APP, help="the app --session runs (default tests/apps/counter.py)")
    parser.add_argument(
        "--ksm-wait",
        type=float,
        default=300.0,
        help="while ksmd runs: seconds a checkpoint may wait for its merging to settle (default 300)",
    )
    args = parser.parse_args(argv)
    counts = sorted({int(c) for c in args.counts.split(",")})
    if not os.path.exists("/proc/self/smaps_rollup"):
        raise SystemExit("needs Linux's /proc/PID/smaps_rollup")
    rows: list[dict[str, Any]] = []
    for mode in args.modes.split(","):
        if mode not in (
            "normal",
            "forked",
            "forked-nofreeze",
            "forked-noscan",
            "forked-unprepared",
            "forked-unpacked",
            "forked-nofill",
            "forked-nomerge",
            "forked-pagefile",
            "forked-nopagefile",
        ):
            raise SystemExit(f"unknown mode {mode}")
        rows += await run_mode(mode, counts, args.settle, args.session, args.timeout, args.app.resolve(), args.ksm_wait)
    state = f"a live app session ({args.app.name}), idle" if args.session else "warmed up (KernelPool's warm-up), idle"
    if ksm_value("run") == 1:
        state += f", ksmd running ({ksm_value('pages_to_scan')} pages per {ksm_value('sleep_millisecs')} ms)"
    print(f"Kernels {state} {args.settle:g} s; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs.\n")
    print(table(rows))


if __name__ == "__main__":
    asyncio.run(main())
