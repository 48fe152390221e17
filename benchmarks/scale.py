"""Many sessions on one server: N app sessions opened by a small protocol client over real
WebSockets (not N browser tabs), one more driven in Chromium, and what gives out first.

    python3 benchmarks/scale.py [--sessions 500] [--checkpoints 1,100,250,500] [--concurrency 8]
                                [--budget 900] [--samples 20]

Serves ``apps/bench_reactive.py`` with ``jupyter reactive serve`` (loopback, a free port) and
opens sessions ``--concurrency`` at a time: each is a WebSocket that sends the page's hello and
waits for its first run to finish, then stays open and idle (answering the server's pings, as a
tab would). At each checkpoint, once the server tree is idle, it records the server tree's PSS,
the server process's file descriptors and threads, and the sessions opened per second since the
previous checkpoint, then times ``--samples`` slider moves (ArrowRight → ``value: v``, in-page
stamps as in run.py) in one Chromium tab of the same server. Bounded: at most ``--sessions``
sessions and ``--budget`` seconds in all (it stops opening and reports where it got to); every
socket and the server's whole process tree are closed in a ``finally``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tornado.websocket import websocket_connect

from benchmarks.measure import Figure, page_script, pss_by_process, settle, timed
from benchmarks.run import CHROMIUM, FLAGS, RESULTS
from benchmarks.systems import INITIAL_TEXT, TITLE, JupyterReactive, launch


def _frame_type(message: str | bytes) -> str:
    if isinstance(message, bytes):
        size = int.from_bytes(message[:4], "big")
        return str(json.loads(message[4 : 4 + size]).get("type"))
    return str(json.loads(message).get("type"))


async def open_session(ws_url: str, timeout: float) -> Any:
    """One session: connect, hello (in the URL, as the page's boot script does), first run done."""
    ws = await websocket_connect(ws_url + "?hello=1", ping_interval=None)
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            ws.close()
            raise TimeoutError("first run not finished in time")
        message = await asyncio.wait_for(ws.read_message(), left)
        if message is None:
            raise ConnectionError(f"closed: {ws.close_code} {ws.close_reason}")
        kind = _frame_type(message)
        if kind == "run_finished":
            return ws
        if kind == "notice" and "could not start" in str(message):
            ws.close()
            raise RuntimeError(str(message)[:200])


async def drain(ws: Any) -> None:
    """Keep reading an idle session's socket (pings are answered by tornado) until it closes."""
    while await ws.read_message() is not None:
        pass


def server_stats(pid: int) -> dict[str, Any]:
    by_pid = pss_by_process(pid)
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    threads = len(os.listdir(f"/proc/{pid}/task"))
    return {
        "pss_mb": round(sum(by_pid.values()), 1),
        "processes": len(by_pid),
        "server_fds": fds,
        "server_threads": threads,
    }


async def slider_samples(browser: Any, url: str, n: int) -> Figure:
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        await ctx.add_init_script(page_script(TITLE, INITIAL_TEXT))
        page = await ctx.new_page()
        await page.goto(url, wait_until="commit")
        await page.evaluate("() => window.__bench.firstPaint")
        slider = JupyterReactive().slider(page)
        samples = []
        for v in range(1, n + 1):
            await slider.focus()
            samples.append(
                await timed(page, "text", f"value: {v}", lambda: page.keyboard.press("ArrowRight"), "keydown")
            )
        return Figure(samples)
    finally:
        await ctx.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--checkpoints", default="1,100,250,500")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--budget", type=float, default=900.0, help="seconds for the whole run, at most")
    parser.add_argument("--samples", type=int, default=20, help="slider moves timed at each checkpoint")
    parser.add_argument("--jr-option", action="append", default=[], help="another `jupyter reactive serve` option")
    args = parser.parse_args()
    checkpoints = sorted({int(c) for c in args.checkpoints.split(",") if c.strip()} | {args.sessions})
    checkpoints = [c for c in checkpoints if 0 < c <= args.sessions]
    started = time.monotonic()
    log_dir = RESULTS / "logs" / time.strftime("scale-%Y%m%d-%H%M%S")
    system = JupyterReactive(options=args.jr_option)
    server = await launch(system, "fast", log_dir)
    sockets: list[Any] = []
    readers: list[asyncio.Task] = []
    report: dict[str, Any] = {"command": " ".join(sys.argv), "checkpoints": [], "errors": []}
    from playwright.async_api import async_playwright

    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            ws_url = server.url.replace("http", "ws", 1) + "/reactive/ws/bench_reactive.py"
            sem = asyncio.Semaphore(args.concurrency)

            async def one() -> None:
                async with sem:
                    try:
                        ws = await open_session(ws_url, timeout=120)
                    except Exception as err:  # recorded; the run goes on
                        report["errors"].append(f"{type(err).__name__}: {str(err)[:200]}")
                        return
                    sockets.append(ws)
                    readers.append(asyncio.ensure_future(drain(ws)))

            last_t, last_n = time.monotonic(), 0
            for checkpoint in checkpoints:
                todo = checkpoint - len(sockets)
                batch = [asyncio.ensure_future(one()) for _ in range(todo)]
                left = args.budget - (time.monotonic() - started)
                _done, pending = await asyncio.wait(batch, timeout=max(1.0, left)) if batch else (set(), set())
                for task in pending:
                    task.cancel()
                now = time.monotonic()
                rate = (len(sockets) - last_n) / (now - last_t) if now > last_t else 0.0
                last_t, last_n = now, len(sockets)
                await settle(server.pid, timeout=60)
                entry = {"target": checkpoint, "sessions": len(sockets), "opened_per_s": round(rate, 2)}
                entry.update(server_stats(server.pid))
                fig = await slider_samples(browser, server.app_url(), args.samples)
                entry.update(slider_median_ms=round(fig.median, 1), slider_p95_ms=round(fig.p95, 1))
                report["checkpoints"].append(entry)
                print(json.dumps(entry), flush=True)
                if pending or len(report["errors"]) > max(5, checkpoint // 20):
                    print(f"stopping at {len(sockets)} sessions: budget or errors ({report['errors'][:3]})")
                    break
            await browser.close()
    finally:
        for ws in sockets:
            ws.close()
        for task in readers:
            task.cancel()
        await asyncio.to_thread(server.stop)
        out = RESULTS / time.strftime("scale-%Y%m%d-%H%M%S.json")
        RESULTS.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=1))
        print(f"wrote {out}; server log in {log_dir}")


if __name__ == "__main__":
    asyncio.run(main())
