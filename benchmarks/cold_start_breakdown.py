"""Where a cold start of ``jupyter reactive serve`` goes, from the process's spawn to the first
usable page in Chromium (the benchmark's ``cold start → first page usable``).

    python3 benchmarks/cold_start_breakdown.py [--samples 5] [--streamlit] [--imports]

Each sample spawns the server through ``cold_start_probe.py`` (which stamps each start-up step
in the server process as it happens, changing nothing it measures), waits for its health URL
as the benchmark does, then opens the app in a new browser context and stamps the page's own
steps (response, scripts, WebSocket, first frame, text visible). Prints, for each step, the
median time after the spawn at which it began and ended. ``--streamlit`` measures Streamlit's
cold start in the same run, interleaved (the ratio is what to read on a loaded machine).
``--baseline DIR`` interleaves the cold start of another checkout (the code before a change).
``--imports`` adds one run under ``python -X importtime``: the server process's import time by
package (what a step above spends importing).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.first_paint_breakdown import WRAP
from benchmarks.measure import page_script
from benchmarks.run import CHROMIUM, FLAGS, RESULTS
from benchmarks.systems import (
    APPS,
    INITIAL_TEXT,
    TITLE,
    JupyterReactive,
    Server,
    Streamlit,
    compile_bytecode,
    free_port,
)

PROBE = Path(__file__).resolve().parent / "cold_start_probe.py"
LOGS = RESULTS / "logs" / "cold_breakdown"

PAGE_STEPS = """(() => {
  const n = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource')
    .filter((r) => /\\.(js|css)(\\?|$)/.test(r.name))
    .map((r) => [r.name.split('/').pop().split('?')[0], r.startTime, r.responseEnd]);
  return {origin: performance.timeOrigin, request: n.requestStart, response: n.responseEnd,
          dcl: n.domContentLoadedEventEnd, ws: window.__fp, res};
})()"""


class Probed(JupyterReactive):
    """jupyter_reactive's benchmark server, started through the probe."""

    def __init__(self, stamps: str, checkout: str | None = None):
        super().__init__()
        self.stamps = stamps
        self.checkout = checkout  # another checkout of jupyter_reactive to run (a baseline)

    def argv(self, variant: str, port: int) -> list[str]:
        argv = super().argv(variant, port)
        return [argv[0], str(PROBE), *argv[3:]]  # python PROBE serve APP ... (instead of -m jupyter_reactive)

    def env(self) -> dict[str, str]:
        if self.checkout is None:
            return {"JR_COLD_STAMPS": self.stamps}
        return {"JR_COLD_STAMPS": self.stamps, "PYTHONPATH": self.checkout}


async def sample(browser, system, stamps_dir: str | None) -> dict[str, tuple[float, float | None]]:
    """One cold start: {step: (ms after spawn at its start, at its end or None)}."""
    server = Server(system, "fast", LOGS)
    ctx = await browser.new_context()
    await ctx.add_init_script(WRAP + page_script(TITLE, INITIAL_TEXT))
    page = await ctx.new_page()
    steps: dict[str, tuple[float, float | None]] = {}
    try:
        t0 = server.start()
        health = await server.wait_http()
        steps["health URL answers (polled every 20 ms)"] = ((health - t0) * 1000, None)
        nav = time.time()
        await page.goto(server.app_url(), wait_until="commit")
        usable = await page.evaluate("window.__bench.firstPaint")
        info = await page.evaluate(PAGE_STEPS)
        origin = info["origin"] / 1000
        at = lambda t: (origin + t / 1000 - t0) * 1000  # noqa: E731 (page ms -> ms after spawn)
        steps["page: navigation → response"] = ((nav - t0) * 1000, at(info["response"]))
        for name, start, end in info["res"]:
            steps[f"page: load {name}"] = (at(start), at(end))
        steps["page: DOMContentLoaded"] = (at(info["dcl"]), None)
        ws = info["ws"] or {}
        if "created" in ws and "open" in ws:
            steps["page: WebSocket created → open"] = (at(ws["created"]), at(ws["open"]))
        if "open" in ws and "binary" in ws:
            steps["page: WebSocket open → first run's elements"] = (at(ws["open"]), at(ws["binary"]))
        steps["FIRST PAGE USABLE (title and text visible)"] = (at(usable), None)
        if stamps_dir is not None:
            steps.update(server_steps(Path(stamps_dir) / f"{server.pid}.jsonl", t0))
    finally:
        await ctx.close()
        await asyncio.to_thread(server.stop)
        await asyncio.sleep(0.5)
    return steps


def server_steps(path: Path, t0: float) -> dict[str, tuple[float, float | None]]:
    """The probe's stamps as steps: ``X begin`` + ``X end`` -> one step X."""
    events = {}
    for line in path.read_text().splitlines():
        row = json.loads(line)
        events[row["event"]] = (row["t"] - t0) * 1000
    steps: dict[str, tuple[float, float | None]] = {}
    for event, at in events.items():
        if event.endswith(" begin"):
            label = event[: -len(" begin")]
            steps[f"server: {label}"] = (at, events.get(label + " end"))
        elif not event.endswith(" end"):
            steps[f"server: {event}"] = (at, None)
    return steps


def import_breakdown(port: int) -> list[tuple[str, float]]:
    """One start under ``-X importtime``: the server process's import time (ms, cumulative at
    the top of each import tree), grouped by top-level package, largest first."""
    app = APPS / "bench_reactive.py"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-X", "importtime", "-m", "jupyter_reactive", "serve", str(app)]
            + [f"--port={port}", "--ip=127.0.0.1", "--no-browser"],
            cwd=APPS,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
        try:
            import urllib.request

            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/reactive/api/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.05)
            time.sleep(3)  # the first kernel's start, which may import more in the server
        finally:
            os.killpg(proc.pid, 15)
            proc.wait(20)
        err.seek(0)
        text = err.read().decode(errors="replace")
    groups: dict[str, float] = defaultdict(float)
    for line in text.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m[3]) == 1:  # a top-level import (one space of indent)
            groups[m[4].split(".")[0]] += int(m[2]) / 1000
    return sorted(groups.items(), key=lambda kv: -kv[1])


def fmt(x: float | None) -> str:
    return "" if x is None else f"{x:,.0f}"


async def main(args: argparse.Namespace) -> None:
    from playwright.async_api import async_playwright

    stamps = tempfile.mkdtemp(prefix="jr-cold-")
    jr = Probed(stamps)
    jr.prepare()  # its bytecode written, as an installed copy has it
    base = Probed(stamps, str(args.baseline.resolve())) if args.baseline else None
    if base is not None:
        compile_bytecode(args.baseline.resolve() / "jupyter_reactive")
    base_usable: list[float] = []
    st = Streamlit() if args.streamlit else None
    if st is not None:
        st.prepare()
    rows: list[dict[str, tuple[float, float | None]]] = []
    st_usable: list[float] = []
    jr_usable: list[float] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for i in range(args.samples + 1):  # the first, a warm-up (bytecode caches, disk), is dropped
                steps = await sample(browser, jr, stamps)
                usable = steps["FIRST PAGE USABLE (title and text visible)"][0]
                print(f"sample {i}: jupyter_reactive usable at {usable:,.0f} ms", file=sys.stderr)
                if i:
                    rows.append(steps)
                    jr_usable.append(usable)
                if base is not None:
                    b = await sample(browser, base, None)
                    u = b["FIRST PAGE USABLE (title and text visible)"][0]
                    print(f"sample {i}: baseline usable at {u:,.0f} ms", file=sys.stderr)
                    if i:
                        base_usable.append(u)
                if st is not None:
                    s = await sample(browser, st, None)
                    u = s["FIRST PAGE USABLE (title and text visible)"][0]
                    print(f"sample {i}: Streamlit usable at {u:,.0f} ms", file=sys.stderr)
                    if i:
                        st_usable.append(u)
        finally:
            await browser.close()
    names: list[str] = []
    for r in rows:
        names += [n for n in r if n not in names]
    table = []
    for name in names:
        starts = [r[name][0] for r in rows if name in r]
        ends = [r[name][1] for r in rows if name in r and r[name][1] is not None]
        start = statistics.median(starts)
        end = statistics.median(ends) if ends else None
        table.append((start, name, end))
    table.sort()
    print(f"\njupyter_reactive cold start, medians of {len(rows)} samples (ms after the process's spawn)\n")
    print("| step | begins | ends | takes |")
    print("|---|---:|---:|---:|")
    for start, name, end in table:
        took = None if end is None else end - start
        print(f"| {name} | {fmt(start)} | {fmt(end)} | {fmt(took)} |")
    if st_usable:
        a, b = statistics.median(jr_usable), statistics.median(st_usable)
        print(f"\nfirst page usable: jupyter_reactive {a:,.0f} ms, Streamlit {b:,.0f} ms: {a / b:.2f}× (same run)")
        if base_usable:
            c = statistics.median(base_usable)
            print(f"first page usable: baseline {c:,.0f} ms: {c / b:.2f}× Streamlit's (same run)")
    if args.imports:
        print("\nserver process imports by package (one run under -X importtime; ms, inflated by it)\n")
        print("| package | ms |")
        print("|---|---:|")
        total = 0.0
        for name, ms in import_breakdown(free_port()):
            total += ms
            if ms >= 5:
                print(f"| {name} | {ms:,.0f} |")
        print(f"| all | {total:,.0f} |")
    shutil.rmtree(stamps, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--streamlit", action="store_true", help="Streamlit's cold start too, interleaved")
    parser.add_argument("--imports", action="store_true", help="the server's imports by package")
    parser.add_argument(
        "--baseline", type=Path, help="another checkout of the project, measured interleaved (its usable time only)"
    )
    asyncio.run(main(parser.parse_args()))
