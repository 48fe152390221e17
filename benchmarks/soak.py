"""Soak test: many sessions moving widgets for minutes, then all closing (loopback only).

    python benchmarks/soak.py [--sessions 50] [--duration 300] [--interval 0.3] [--out FILE]

Starts `jupyter reactive serve benchmarks/apps/bench_reactive.py` on a free loopback port (with
an operator token, so the sessions API can be read), opens ``--sessions`` WebSocket sessions the
way the page does, and has each move the slider every ``--interval`` seconds (jittered) for
``--duration`` seconds, timing each interaction from the frame sent to the ``run_finished`` of
the run that took the new value in. Then every session closes and, after the reconnect window
(set short here), it measures again. It reports:

* errors: `error` frames, error notices, sockets closed by the server, interactions that timed
  out (target 0);
* interaction latency p50 / p95 / p99 (ms);
* memory before the sessions and after they closed: the server's RSS, and the PSS of every
  process it started (fork server, kernels) — no growth once sessions close;
* what is left after closing: live sessions (sessions API), kernels (the kernels API: the warm
  pool's one is expected), child processes (no leaked kernels or fork-server children).

The report is markdown on stdout, and JSON with every sample in ``--out`` if given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "benchmarks" / "apps" / "bench_reactive.py"
TOKEN = "soak-operator-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def api(url: str) -> Any:
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.loads(r.read())


def memory(pid: int) -> dict[str, Any]:
    """The server's RSS and the PSS of each process it started (MB)."""
    server = psutil.Process(pid)
    children = server.children(recursive=True)
    pss = 0
    for child in children:
        try:
            pss += child.memory_full_info().pss
        except psutil.Error:
            pass
    return {
        "server_rss_mb": server.memory_info().rss / 1e6,
        "children": len(children),
        "children_pss_mb": pss / 1e6,
    }


def decode(raw: str | bytes) -> dict[str, Any]:
    if isinstance(raw, bytes):
        (size,) = struct.unpack(">I", raw[:4])
        return json.loads(raw[4 : 4 + size])
    return json.loads(raw)


class Session:
    """One tab: a socket, the slider's id, the latencies it measured and the errors it saw."""

    def __init__(self, url: str):
        self.url = url
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.slider = ""
        self.ws: Any = None

    async def open(self) -> None:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        base = self.url.replace("http", "ws")
        self.ws = await websocket_connect(
            HTTPRequest(f"{base}/reactive/ws/{APP.name}?hello=1", headers={"Origin": self.url})
        )
        while True:
            msg = await self.recv()
            for item in msg.get("items", ()):
                el = item["el"]
                if el.get("kind") == "widget" and el.get("widget") == "slider":
                    self.slider = el["id"]
            if msg["type"] == "run_finished" and self.slider:
                return

    async def recv(self, timeout: float = 60) -> dict[str, Any]:
        raw = await asyncio.wait_for(self.ws.read_message(), timeout)
        if raw is None:
            raise ConnectionError(f"closed by the server: {self.ws.close_code}")
        msg = decode(raw)
        if msg["type"] == "error" or (msg["type"] == "notice" and msg.get("level") == "error"):
            self.errors.append(msg.get("message", ""))
        return msg

    async def move(self, value: int) -> None:
        started = time.perf_counter()
        await self.ws.write_message(json.dumps({"type": "widget_values", "values": {self.slider: value}}))
        run = None  # the run that took the value in; done when it finishes
        while True:
            msg = await self.recv(30)
            if msg["type"] == "run_started" and msg["widgets"].get(self.slider) == value:
                run = msg["run"]
            elif msg["type"] == "run_finished" and msg["run"] == run and msg["status"] != "rerun":
                self.latencies.append((time.perf_counter() - started) * 1000)
                return

    async def soak(self, until: float, interval: float) -> None:
        value = 0
        while time.monotonic() < until:
            value = (value + random.randint(1, 50)) % 101
            try:
                await self.move(value)
            except (TimeoutError, asyncio.TimeoutError):
                self.errors.append("interaction timed out")
            except ConnectionError as err:
                self.errors.append(str(err))
                return
            await asyncio.sleep(interval * random.uniform(0.5, 1.5))


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    """`jupyter reactive serve` on a free loopback port, once its warm pool's kernel is up (that
    kernel stays after the sessions close: it is the pool, not a leak)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_reactive",
            "serve",
            str(APP),
            f"--port={port}",
            "--ip=127.0.0.1",
            "--no-browser",
            f"--IdentityProvider.token={TOKEN}",
            "--ReactiveApp.reconnect_window=2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            if api(f"{url}/api/kernels"):
                return proc, url
        except OSError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("the server did not start")
        time.sleep(0.2)


async def run(args: argparse.Namespace, url: str, pid: int) -> dict[str, Any]:
    await asyncio.sleep(args.settle)
    before = memory(pid)
    sessions = [Session(url) for _ in range(args.sessions)]
    for session in sessions:  # opened one after another, as tabs arriving
        await session.open()
    opened = memory(pid)
    until = time.monotonic() + args.duration
    await asyncio.gather(*(s.soak(until, args.interval) for s in sessions))
    for session in sessions:
        session.ws.close()
    await asyncio.sleep(2 + args.settle)  # the reconnect window, then the kernels' shutdown
    after = memory(pid)
    left = {"sessions": len(api(f"{url}/reactive/api/sessions")), "kernels": len(api(f"{url}/api/kernels"))}
    latencies = [x for s in sessions for x in s.latencies]
    return {
        "sessions": args.sessions,
        "duration_s": args.duration,
        "interactions": len(latencies),
        "errors": [e for s in sessions for e in s.errors],
        "p50_ms": pct(latencies, 50),
        "p95_ms": pct(latencies, 95),
        "p99_ms": pct(latencies, 99),
        "memory_before": before,
        "memory_open": opened,
        "memory_after": after,
        "left_after_close": left,
        "latencies_ms": latencies,
    }


def report(result: dict[str, Any]) -> str:
    b, o, a = result["memory_before"], result["memory_open"], result["memory_after"]
    return "\n".join(
        [
            f"## Soak: {result['sessions']} sessions, {result['duration_s']} s",
            "",
            "| measure | value |",
            "| --- | --- |",
            f"| interactions | {result['interactions']} |",
            f"| errors | {len(result['errors'])} {sorted(set(result['errors']))[:5] if result['errors'] else ''} |",
            f"| latency p50 / p95 / p99 | {result['p50_ms']:.0f} / {result['p95_ms']:.0f} / {result['p99_ms']:.0f} ms |",
            f"| server RSS before / open / after | {b['server_rss_mb']:.0f} / {o['server_rss_mb']:.0f} / "
            f"{a['server_rss_mb']:.0f} MB |",
            f"| child processes before / open / after | {b['children']} / {o['children']} / {a['children']} |",
            f"| children PSS before / open / after | {b['children_pss_mb']:.0f} / {o['children_pss_mb']:.0f} / "
            f"{a['children_pss_mb']:.0f} MB |",
            f"| left after closing | {result['left_after_close']['sessions']} sessions, "
            f"{result['left_after_close']['kernels']} kernels |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of widget moves")
    parser.add_argument("--interval", type=float, default=0.3, help="seconds between one session's moves")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to let the server settle")
    parser.add_argument("--out", type=Path, help="write the JSON result here")
    args = parser.parse_args()
    proc, url = start_server()
    try:
        result = asyncio.run(run(args, url, proc.pid))
    finally:
        proc.terminate()
        proc.wait(30)
    print(report(result))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
