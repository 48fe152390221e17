"""The first run after a pause, with and without the page file (docs/performance.md, "Page file:
the race and the first run after a pause").

For each mode, a fork server of its own; an app session (default: the numpy/pandas/PIL app) in
its first kernel (the fork server imported the app's libraries, as for a served app; the first
session packs the code), then, after a settle, one in its second kernel: the one measured. Its session is sent a ``rerun``
every ``--gap`` seconds (longer than the second after which the kernel reclaims), and the time
from the send to its ``run_finished`` is taken, with the kernel's minor page faults
(``/proc/PID/stat``) over it. The kernel's own memory (USS and PSS, ``smaps_rollup``) is read
after its first run and after ``--runs`` runs, ``--settle`` seconds after each; with ``--deep``
also after the deep reclaim (``pagefile.IDLE_AFTER``). Modes: ``off``; ``on`` (the default
policy: a page dropped once and copied again is kept until the deep reclaim); ``redrop`` (every
reclaim compares and drops every page again, as before that policy). The modes alternate over
``--rounds``.

    python3 benchmarks/pause_latency.py --rounds 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
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

from benchmarks.kernel_memory import APP_IMPORTS_ENV, app_imports
from jupyter_reactive.server.forking import forking_kernel_name, shutdown_fork_servers
from jupyter_reactive.server.kernels import PoolKey, ReactiveKernel
from tests.forkserver.harness import PREPARED_ARGS, TIMEOUT, open_app_session, session_messages, start

HEAVY = ROOT / "benchmarks" / "apps" / "bench_reactive_heavy.py"
REDROP = "from jupyter_reactive.forkserver import pagefile as _p\n_p.idle = lambda stage: _p.reclaim(deep=True)\n"
STATS = "from jupyter_reactive.forkserver import pagefile as _p; import json as _j; print(_j.dumps(_p.stats()))"


def minor_faults(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_bytes()
    return int(stat[stat.rindex(b")") + 2 :].split()[7])


def threads(pid: int) -> list[str]:
    """The process's threads: name and blocked signals' mask."""
    out = []
    for task in sorted(Path(f"/proc/{pid}/task").iterdir()):
        status = dict(line.split(":", 1) for line in (task / "status").read_text().splitlines() if ":" in line)
        out.append(f"{status['Name'].strip()} {status['SigBlk'].strip()}")
    return out


def memory(pid: int) -> dict[str, float]:
    """The process's USS and PSS in MB (smaps_rollup)."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    uss = fields["Private_Clean"] + fields["Private_Dirty"]
    return {"uss": round(uss / 1024, 2), "pss": round(fields["Pss"] / 1024, 2)}


async def one(ksm: KernelSpecManager, mode: str, args: argparse.Namespace) -> dict[str, Any]:
    name = forking_kernel_name(
        ksm, "python3", name=f"python3-jr-pause-{mode}-{uuid.uuid4().hex[:6]}", fallback=False, page_file=mode != "off"
    )
    kernels = []
    try:
        env = {**os.environ, APP_IMPORTS_ENV: " ".join(app_imports(args.app))}  # as a served app's
        for _ in range(2):
            kernels.append(await start(ksm, name, extra_arguments=PREPARED_ARGS, env=env))
        first = kernels[0]
        await ReactiveKernel(uuid.uuid4().hex, first.kc, key=PoolKey(name, "", ())).warm_up(TIMEOUT)
        assert (await open_app_session(first, app=args.app))["status"] == "complete"
        await asyncio.sleep(args.settle)
        kernel = kernels[1]
        rk = ReactiveKernel(uuid.uuid4().hex, kernel.kc, key=PoolKey(name, "", ()))
        await rk.warm_up(TIMEOUT)
        if mode == "redrop":
            reply, _ = await kernel.run(REDROP, subshell_id=rk.subshell_id)
            assert reply["status"] == "ok", reply
        comm_id = uuid.uuid4().hex
        assert (await open_app_session(kernel, app=args.app, comm_id=comm_id))["status"] == "complete"
        await asyncio.sleep(args.settle)
        out: dict[str, Any] = {"mode": mode, "after_first": memory(kernel.pid), "ms": [], "faults": []}
        for _ in range(args.runs):
            await asyncio.sleep(args.gap)
            faults = minor_faults(kernel.pid)
            t0 = time.perf_counter()
            finished, _frames = await session_messages(kernel, comm_id, [{"kind": "rerun"}], rk.subshell_id)
            out["ms"].append(round((time.perf_counter() - t0) * 1000, 2))
            out["faults"].append(minor_faults(kernel.pid) - faults)
            assert finished["status"] == "complete", finished
        await asyncio.sleep(args.settle)
        out["after_runs"] = memory(kernel.pid)
        if args.deep and mode != "off":
            from jupyter_reactive.forkserver import pagefile

            await asyncio.sleep(max(pagefile.IDLE_AFTER) + 1 - args.settle)
            out["after_deep"] = memory(kernel.pid)
        if mode != "off":
            reply, text = await kernel.run(STATS, subshell_id=rk.subshell_id)
            out["stats"] = json.loads(text)
        if args.threads:
            out["threads"] = threads(kernel.pid)
        return out
    finally:
        for k in kernels:
            await k.stop()
        shutdown_fork_servers()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", default="off,on,redrop")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--gap", type=float, default=1.6)
    parser.add_argument("--settle", type=float, default=3.0)
    parser.add_argument("--deep", action="store_true", help="also the memory after the deep reclaim")
    parser.add_argument("--app", type=Path, default=HEAVY)
    parser.add_argument("--threads", action="store_true", help="list the kernel's threads (name, SigBlk)")
    args = parser.parse_args()
    ksm = KernelSpecManager()
    modes = args.modes.split(",")
    rows = []
    for r in range(args.rounds):
        for mode in modes if r % 2 == 0 else modes[::-1]:
            row = await one(ksm, mode, args)
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\nmode: run ms (median of each round's, then all) | faults (median) | USS after 1 run / runs MB")
    for mode in modes:
        mine = [r for r in rows if r["mode"] == mode]
        # the first rerun follows the first run's reclaim; the rest follow one another's
        ms = [statistics.median(r["ms"]) for r in mine]
        every = [m for r in mine for m in r["ms"]]
        faults = statistics.median(f for r in mine for f in r["faults"])
        uss1 = [r["after_first"]["uss"] for r in mine]
        ussn = [r["after_runs"]["uss"] for r in mine]
        deep = [r["after_deep"]["uss"] for r in mine if "after_deep" in r]
        print(
            f"{mode}: {ms} / {statistics.median(every):.1f} ms (p90 {statistics.quantiles(every, n=10)[-1]:.1f})"
            f" | {faults} faults | USS {uss1} / {ussn}" + (f" / deep {deep}" if deep else "")
        )


if __name__ == "__main__":
    asyncio.run(main())
