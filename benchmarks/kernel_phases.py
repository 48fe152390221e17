"""Where one forked kernel's memory appears: its PSS and USS at each phase of its life.

    python benchmarks/kernel_phases.py [--kernels 3] [--settle 3] [--app PATH] [--mappings]

Starts the fork server (one throw-away kernel, as ``kernel_memory.py`` does), then ``--kernels``
kernels one after another, each exactly as ``kernel_memory.py --session`` starts it, and reads
``/proc/PID/smaps_rollup`` of the kernel at each phase that can be told apart from outside:

* ``forked``: as soon as ``start_kernel`` returns (the child exists; ipykernel is still starting);
* ``ipykernel up``: the kernel answered ``kernel_info`` (``wait_for_ready``);
* ``bridge installed``: the pool's warm-up code ran (jupyter_reactive's kernel side imported and
  hooked in) and a subshell exists — what ``ReactiveKernel.warm_up`` does;
* ``app run once``: an app session opened and its first run finished (``--app``, default the
  numpy/pandas/PIL app of issue 16);
* ``idle``: after ``--settle`` seconds of nothing;
* ``after gc.collect()``: a full collection on the subshell, then one second.

Prints a markdown table: the median over the kernels of each phase's PSS and USS and the step
from the phase before; with ``--mappings`` a second one: the private memory at each phase by kind
of mapping (C heap, pymalloc's and other anonymous memory, thread stacks, glibc's per-thread
arenas, libpython's and extension modules' data; :func:`mappings`). The first kernel is left out when there are more than one: the fork server
packs the code it ran for the kernels after it (``hotcode.py``), so the first is not typical.
Everything started is stopped in ``finally``. Timings on a loaded machine move the figures by a
few hundred kB; compare phases within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager

from benchmarks.kernel_memory import (
    KERNEL_ARGUMENTS,
    MB,
    Kernel,
    app_imports,
    collect,
    open_session,
    smaps_rollup,
    start_kernel,
    stop_kernel,
)
from jupyter_reactive.forkserver.client import APP_IMPORTS_ENV
from jupyter_reactive.server.forking import fork_servers, forking_kernel_name, shutdown_fork_servers
from jupyter_reactive.server.kernels import PoolKey, ReactiveKernel, start_channels

HEAVY_APP = ROOT / "benchmarks" / "apps" / "bench_reactive_heavy.py"
PHASES = ("forked", "ipykernel up", "bridge installed", "app run once", "idle", "after gc.collect()")


def mappings(pid: int) -> dict[str, float]:
    """Private pages (clean + dirty, MB) of ``pid`` by kind of mapping, from ``/proc/PID/smaps``:
    ``[heap]`` (glibc's main arena), ``thread stacks`` (anonymous, 8 MiB above a guard page, the
    default ``pthread`` stack), ``malloc arenas`` (anonymous, inside glibc's 64 MiB reservations of
    the threads' arenas), ``anonymous`` (the rest: pymalloc arenas, large objects, mmapped buffers),
    ``libpython``, ``extension modules`` (``.so`` of site-packages and lib-dynload), ``other
    libraries`` and ``other``. {} if it is gone."""
    out: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/smaps") as f:
            text = f.read()
    except OSError:
        return out
    regions: list[tuple[int, int, str, str, int]] = []  # start, end, perms, path, private kB
    for line in text.splitlines():
        head = line.split(None, 5)
        if head and "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):
            start, end = (int(x, 16) for x in head[0].split("-"))
            regions.append((start, end, head[1], head[5].strip() if len(head) > 5 else "", 0))
        elif head and head[0] in ("Private_Clean:", "Private_Dirty:") and regions:
            start, end, perms, path, private = regions[-1]
            regions[-1] = (start, end, perms, path, private + int(head[1]))
    for i, (start, end, _perms, path, private) in enumerate(regions):
        if not private:
            continue
        if path == "[heap]":
            kind = "[heap]"
        elif path == "[stack]":
            kind = "main thread stack"
        elif not path:
            before = regions[i - 1] if i else None
            after = regions[i + 1] if i + 1 < len(regions) else None
            if end - start in (8 << 20, (8 << 20) - 4096) and before and before[2] == "---p" and before[1] == start:
                kind = "thread stacks"
            elif after and after[2] == "---p" and after[0] == end and start % (64 << 20) == 0:
                kind = "malloc arenas"
            else:
                kind = "anonymous"
        elif "libpython" in path:
            kind = "libpython"
        elif path.endswith(".so") or ".so." in path or ".cpython-" in path:
            kind = "extension modules" if ("site-packages" in path or "lib-dynload" in path) else "other libraries"
        else:
            kind = "other"
        out[kind] = out.get(kind, 0.0) + private / MB
    return out


def sample(pid: int) -> tuple[float, float]:
    roll = smaps_rollup(pid)
    if not roll:
        raise RuntimeError(f"kernel {pid} is gone")
    return roll.get("Pss", 0) / MB, (roll.get("Private_Clean", 0) + roll.get("Private_Dirty", 0)) / MB


async def phases_of_one(
    name: str,
    ksm: KernelSpecManager,
    app: Path,
    settle: float,
    timeout: float,
    look: Callable[[int], dict[str, float]] | None = None,
) -> tuple[dict[str, tuple[float, float]], dict[str, dict[str, float]], Kernel]:
    """One kernel through the phases: PSS and USS at each, and ``look(pid)`` (default
    :func:`mappings`) at each."""
    look = look or mappings
    out: dict[str, tuple[float, float]] = {}
    kinds: dict[str, dict[str, float]] = {}
    km = AsyncKernelManager(kernel_name=name, kernel_spec_manager=ksm)
    kwargs: dict[str, Any] = {}
    imports = app_imports(app)
    if imports:
        kwargs["env"] = {**os.environ, APP_IMPORTS_ENV: " ".join(imports)}
    await km.start_kernel(cwd=str(ROOT), extra_arguments=KERNEL_ARGUMENTS, **kwargs)
    client = km.client()
    start_channels(client)
    rk = ReactiveKernel(uuid.uuid4().hex, client, key=PoolKey(name, str(ROOT), ()))
    kernel = Kernel(km, rk, 0.0)
    try:
        out["forked"] = sample(kernel.pid)
        kinds["forked"] = look(kernel.pid)
        await client.wait_for_ready(timeout=timeout)
        out["ipykernel up"] = sample(kernel.pid)
        kinds["ipykernel up"] = look(kernel.pid)
        await rk.warm_up(timeout)  # waits for ready again (at once), then the warm-up and subshell
        out["bridge installed"] = sample(kernel.pid)
        kinds["bridge installed"] = look(kernel.pid)
        await open_session(rk, timeout, app)
        out["app run once"] = sample(kernel.pid)
        kinds["app run once"] = look(kernel.pid)
        await asyncio.sleep(settle)  # let it go idle (a benchmark, not a test)
        out["idle"] = sample(kernel.pid)
        kinds["idle"] = look(kernel.pid)
        await collect([kernel], timeout)
        await asyncio.sleep(1.0)
        out["after gc.collect()"] = sample(kernel.pid)
        kinds["after gc.collect()"] = look(kernel.pid)
    except BaseException:
        await stop_kernel(kernel)
        raise
    return out, kinds, kernel


def table(runs: list[dict[str, tuple[float, float]]], server_pss: float) -> str:
    lines = [
        "| phase | PSS (median) | step | USS (median) | step |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    before = (0.0, 0.0)
    for phase in PHASES:
        pss = statistics.median(r[phase][0] for r in runs)
        uss = statistics.median(r[phase][1] for r in runs)
        lines.append(f"| {phase} | {pss:.1f} MB | {pss - before[0]:+.1f} | {uss:.1f} MB | {uss - before[1]:+.1f} |")
        before = (pss, uss)
    lines.append(f"\nFork server PSS at the end: {server_pss:.1f} MB; kernels measured: {len(runs)}.")
    return "\n".join(lines)


def mapping_table(runs: list[dict[str, dict[str, float]]]) -> str:
    """Private MB by kind of mapping (:func:`mappings`) at each phase, medians over the kernels."""
    kinds = sorted({k for r in runs for phase in r.values() for k in phase})
    lines = ["| phase | " + " | ".join(kinds) + " |", "| --- |" + " ---: |" * len(kinds)]
    for phase in PHASES:
        cells = [f"{statistics.median(r[phase].get(k, 0.0) for r in runs):.2f}" for k in kinds]
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kernels", type=int, default=3)
    parser.add_argument("--settle", type=float, default=3.0)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--app", type=Path, default=HEAVY_APP)
    parser.add_argument("--mappings", action="store_true", help="also private MB by kind of mapping")
    args = parser.parse_args(argv)
    if args.kernels < 1:
        parser.error("--kernels must be at least 1")
    ksm = KernelSpecManager()
    name = forking_kernel_name(ksm, "python3", name="python3-phases", fallback=False)
    kernels: list[Kernel] = []
    runs: list[dict[str, tuple[float, float]]] = []
    by_kind: list[dict[str, dict[str, float]]] = []
    try:
        first = await start_kernel(name, ksm, str(ROOT), False, args.timeout, args.app)  # the fork server's start
        await stop_kernel(first)
        for _ in range(args.kernels):
            started = time.perf_counter()
            phases, kinds, kernel = await phases_of_one(name, ksm, args.app, args.settle, args.timeout)
            kernels.append(kernel)
            runs.append(phases)
            by_kind.append(kinds)
            print(f"kernel {kernel.pid}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        server_pss = sum(smaps_rollup(s.pid).get("Pss", 0) for s in fork_servers() if s.pid) / MB
        print(table(runs[1:] if len(runs) > 1 else runs, server_pss))
        if args.mappings:
            print("\nPrivate memory (MB) by kind of mapping:\n")
            print(mapping_table(by_kind[1:] if len(by_kind) > 1 else by_kind))
    finally:
        await asyncio.gather(*(stop_kernel(k) for k in kernels), return_exceptions=True)
        shutdown_fork_servers()


if __name__ == "__main__":
    asyncio.run(main())
