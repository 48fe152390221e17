"""jupyter_reactive vs Streamlit vs Voilà vs a framework-free floor, driven by Debian's Chromium.

    python3 benchmarks/run.py            # full run (~15 min on 2 cores)
    python3 benchmarks/run.py --quick    # smoke run (~3-4 min)

Prints a markdown table and writes benchmarks/results/<timestamp>.json (and .md). See
benchmarks/README.md for what each figure is and how it is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import shlex
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import report
from benchmarks.measure import loadavg, machine
from benchmarks.scenarios import PHASES, Benchmark, Plan
from benchmarks.systems import make

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = Path(__file__).resolve().parent / "results"
ALL = ["jupyter_reactive", "streamlit", "voila", "floor"]


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="smoke run: a few samples each, 2 and 4 sessions")
    p.add_argument(
        "--repeat",
        type=int,
        default=30,
        help="slider/button samples; other figures scale from it "
        "(cold starts repeat/8, first paints repeat/4 per variant, media repeat/5, mid-run repeat/6, "
        "concurrent slider moves repeat/2 per level). Default 30",
    )
    p.add_argument("--systems", default=",".join(ALL), help=f"comma-separated subset of {','.join(ALL)}")
    p.add_argument("--levels", help="concurrent sessions to measure, e.g. 10,25,50 (default; --quick: 2,4)")
    p.add_argument("--pool-size", type=int, help="jupyter_reactive's --ReactiveApp.pool_size (default: as shipped)")
    p.add_argument(
        "--jr-option",
        action="append",
        default=[],
        metavar="--Class.trait=VALUE",
        help="extra option for `jupyter reactive serve` (repeatable), e.g. "
        "--jr-option=--ReactiveApp.fork_kernels=False",
    )
    p.add_argument("--out", type=Path, default=RESULTS, help="results folder (default benchmarks/results)")
    p.add_argument(
        "--phases",
        default=",".join(PHASES),
        help=f"comma-separated subset of {','.join(PHASES)} (default: all). paint: the data and chart apps",
    )
    return p.parse_args(argv)


def log(msg: str) -> None:
    print(msg, flush=True)


async def main(argv: list[str]) -> int:
    args = parse(argv)
    plan = Plan.sized(args.repeat, args.quick)
    phases = [x.strip() for x in args.phases.split(",") if x.strip()]
    if unknown := [x for x in phases if x not in PHASES]:
        raise SystemExit(f"unknown phase(s): {', '.join(unknown)}; choose from {', '.join(PHASES)}")
    if args.levels:
        plan.levels = sorted({int(x) for x in args.levels.split(",")})
    systems = make([s.strip() for s in args.systems.split(",") if s.strip()], args.pool_size, args.jr_option)
    started = dt.datetime.now()
    stamp = started.strftime("%Y%m%d-%H%M%S")
    log_dir = args.out / "logs" / stamp
    meta = {
        "started": started.isoformat(timespec="seconds"),
        "command": shlex.join(["python3", *sys.argv]),
        "machine": machine(),
        "loadavg_start": loadavg(),
        "plan": {
            **plan.to_json(),
            "quick": args.quick,
            "repeat": args.repeat,
            "pool_size": args.pool_size,
            "jr_options": args.jr_option,
            "phases": phases,
        },
        "versions": {},
        "notes": {},
        "concurrency_client": "Chromium tabs (Playwright pages) in one browser context",
    }
    if meta["loadavg_start"][0] > 0.5 * (os.cpu_count() or 1):
        log(f"[warning] the machine is busy (load average {meta['loadavg_start']}): figures will be inflated")
    for s in systems:
        log(f"[prepare] {s.label}")
        meta["versions"][s.label] = s.prepare()

    from importlib.metadata import version

    from playwright.async_api import async_playwright

    t_start = time.monotonic()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            meta["versions"]["browser"] = {
                "chromium": browser.version,
                "playwright": version("playwright"),
                "python": platform.python_version(),
            }
            bench = Benchmark(systems, browser, plan, log_dir, log)
            await bench.run(phases)
            results = {b.key: b.figures for b in bench.benches}
            meta["notes"] = {b.key: b.notes for b in bench.benches if b.notes}
            meta["phase_seconds"] = bench.timings
            meta["loadavg_end"] = loadavg()
        finally:
            await browser.close()
    meta["duration_s"] = round(time.monotonic() - t_start)
    labels = {s.key: s.label for s in systems}
    md = report.table(results, labels, plan.levels)
    text = f"{md}\n\n{report.context_lines(meta)}\n"
    args.out.mkdir(parents=True, exist_ok=True)
    out = {
        **meta,
        "results": {k: {name: f.to_json() for name, f in figs.items()} for k, figs in results.items()},
        "table_markdown": md,
    }
    (args.out / f"{stamp}.json").write_text(json.dumps(out, indent=1))
    (args.out / f"{stamp}.md").write_text(text)
    print()
    print(text)
    log(f"wrote {args.out / (stamp + '.json')} and .md in {meta['duration_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
