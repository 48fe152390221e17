"""Caching across sessions: memory per session with a 200 MB resource, and what a cache_data
hit costs in another session.

    python benchmarks/cache_memory.py [--parts resource,hits] [--sessions 1,3,6] [--mb 200]
                                      [--sizes 1000,1000000,10000000,100000000] [--repeat 5]

**Resource.** For each mode, serves an app (``jupyter reactive serve``, forked kernels, pool 0)
whose module ``bench_resource`` (preloaded: ``--ReactiveApp.preload=bench_resource``) holds a
``cache_resource`` function returning a 200 MB numpy array of random numbers (a stand-in for a
loaded model), opens sessions one by one over the app WebSocket and, at each checkpoint of the
session count, lets them idle for ``--settle`` seconds and reads ``/proc/PID/smaps_rollup``:

* ``in each kernel`` -- ``@jr.cache_resource``: every kernel builds its own copy;
* ``in the fork server`` -- ``@jr.cache_resource(fork_server=True)``: built once before the
  first fork, shared copy-on-write by every forked kernel.

Reported: PSS per kernel (median), the total PSS of the kernels plus the fork server divided by
the sessions (what one session costs, the fork server's share included), RSS per kernel, and the
first run of a session (median, ms: the build, or finding it).

**cache_data hit.** One app whose ``cache_data`` function returns ``bytes`` of each ``--sizes``:
session A computes it (timed inside the script), then each new session B's first call is a hit
in the shared store (reached over the session's comm, from the default directory store), and
B's next call a hit in its own memory. Reported: median of ``--repeat`` sessions, in ms.

Everything started is stopped in ``finally``. Prints markdown tables.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MB = 1024.0

RESOURCE = """
import numpy as np
import jupyter_reactive as jr

@jr.cache_resource({options})
def model():
    return np.random.default_rng(0).random({mb} * 1024 * 1024 // 8)  # {mb} MB of float64
"""

RESOURCE_APP = """
import os, time
t = time.perf_counter()
import bench_resource
m = bench_resource.model()
import jupyter_reactive as jr
jr.write(f"pid {os.getpid()} ms {(time.perf_counter() - t) * 1000:.1f} n {m.size}")
"""

HIT_APP = """
import time
import jupyter_reactive as jr

@jr.cache_data(show_spinner=False)
def blob(size):
    return bytes(size)

size = {size}
out = []
for _ in range(2):
    t = time.perf_counter()
    blob(int(size))
    out.append(f"{{(time.perf_counter() - t) * 1000:.3f}}")
jr.write("ms " + " ".join(out))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def smaps(pid: int) -> dict[str, int]:
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


def ppid(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


class Server:
    """`jupyter reactive serve APP` on a free port, in a process group of its own."""

    def __init__(self, app: Path, *options: str, env: dict[str, str]):
        self.port = free_port()
        self.log = open(app.with_suffix(".log"), "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyter_reactive", "serve", str(app), f"--port={self.port}", "--ip=127.0.0.1"]
            + ["--no-browser", "--ReactiveApp.pool_size=0", *options],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/reactive/api/health", timeout=2):
                    return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: see {self.log.name}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


class Session:
    """One tab without a browser: hello, then the text of the first complete run."""

    def __init__(self, ws: Any):
        self.ws = ws
        self.texts: list[str] = []

    @classmethod
    async def open(cls, port: int, app: str) -> Session:
        from tornado.websocket import websocket_connect

        session = cls(await websocket_connect(f"ws://127.0.0.1:{port}/reactive/ws/{app}", max_message_size=1 << 30))
        await session.ws.write_message(json.dumps({"type": "hello", "protocol": 1}))
        await session.finished()
        return session

    async def finished(self) -> None:
        self.texts = []
        while True:
            raw = await asyncio.wait_for(self.ws.read_message(), 300)
            if raw is None:
                raise ConnectionError("socket closed")
            if isinstance(raw, bytes):
                (n,) = struct.unpack(">I", raw[:4])
                msg = json.loads(raw[4 : 4 + n])
            else:
                msg = json.loads(raw)
            for item in msg.get("items", []) if msg.get("type") == "deltas" else []:
                el = item["el"]
                if el.get("kind") == "markdown":
                    self.texts.append(re.sub(r"<[^>]+>", "", el.get("html", el.get("body", ""))))
            if msg.get("type") == "run_finished" and msg.get("status") == "complete":
                return

    def find(self, pattern: str) -> re.Match[str]:
        for text in self.texts:
            match = re.search(pattern, text)
            if match:
                return match
        raise LookupError(f"{pattern!r} not in {self.texts}")


async def resource_mode(folder: Path, options: str, counts: list[int], mb: int, settle: float) -> list[dict[str, Any]]:
    (folder / "bench_resource.py").write_text(textwrap.dedent(RESOURCE.format(options=options, mb=mb)))
    (folder / "resource_app.py").write_text(textwrap.dedent(RESOURCE_APP))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    server = Server(folder / "resource_app.py", "--ReactiveApp.preload=bench_resource", env=env)
    sessions: list[Session] = []
    rows = []
    try:
        pids: list[int] = []
        first_ms: list[float] = []
        for count in counts:
            while len(sessions) < count:
                s = await Session.open(server.port, "resource_app.py")
                sessions.append(s)
                match = s.find(r"pid (\d+) ms ([\d.]+)")
                pids.append(int(match[1]))
                first_ms.append(float(match[2]))
            await asyncio.sleep(settle)
            forkserver = {ppid(p) for p in pids} - {server.proc.pid}
            kernels = [smaps(p) for p in pids]
            total = sum(k.get("Pss", 0) for k in kernels) + sum(smaps(f).get("Pss", 0) for f in forkserver)
            rows.append(
                {
                    "sessions": count,
                    "pss_kernel_mb": statistics.median(k.get("Pss", 0) for k in kernels) / MB,
                    "pss_per_session_mb": total / count / MB,
                    "rss_kernel_mb": statistics.median(k.get("Rss", 0) for k in kernels) / MB,
                    "total_mb": total / MB,
                    "first_run_ms": statistics.median(first_ms),
                }
            )
    finally:
        for s in sessions:
            s.ws.close()
        server.stop()
    return rows


async def hit_costs(folder: Path, sizes: list[int], repeat: int) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        (folder / "hit_app.py").write_text(textwrap.dedent(HIT_APP.format(size=size)))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        server = Server(folder / "hit_app.py", env=env)
        try:
            computed, shared, memory = [], [], []
            for _ in range(repeat + 1):
                s = await Session.open(server.port, "hit_app.py")
                first, second = (float(x) for x in s.find(r"ms ([\d.]+) ([\d.]+)").groups())
                s.ws.close()
                if not computed:
                    computed.append(first)
                else:
                    shared.append(first)
                memory.append(second)
            rows.append(
                {
                    "bytes": size,
                    "computed_ms": computed[0],
                    "store_hit_ms": statistics.median(shared),
                    "memory_hit_ms": statistics.median(memory),
                }
            )
        finally:
            server.stop()
    return rows


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parts", default="resource,hits", help="resource, hits or both")
    parser.add_argument("--sessions", default="1,3,6")
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--settle", type=float, default=3.0)
    parser.add_argument("--sizes", default="1000,1000000,10000000,100000000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    counts = sorted(int(c) for c in args.sessions.split(","))
    folder = Path(tempfile.mkdtemp(prefix="jr-bench-cache-"))
    parts = set(args.parts.split(","))
    try:
        if "resource" in parts:
            await print_resource(folder, counts, args)
        if "hits" in parts:
            await print_hits(folder, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def print_resource(folder: Path, counts: list[int], args: Any) -> None:
    print(f"## Memory per session with a {args.mb} MB resource\n")
    print(
        "| built | sessions | PSS per kernel (MB) | PSS per session, fork server included (MB) | RSS per kernel (MB) | total PSS (MB) | first run (ms) |"
    )
    print("| --- | --: | --: | --: | --: | --: | --: |")
    for label, options in (("in each kernel", ""), ("in the fork server", "fork_server=True")):
        for r in await resource_mode(folder, options, counts, args.mb, args.settle):
            print(
                f"| {label} | {r['sessions']} | {r['pss_kernel_mb']:.1f} | {r['pss_per_session_mb']:.1f} | "
                f"{r['rss_kernel_mb']:.1f} | {r['total_mb']:.1f} | {r['first_run_ms']:.0f} |",
                flush=True,
            )


async def print_hits(folder: Path, args: Any) -> None:
    print("\n## A cache_data result found by another session\n")
    print("| result | computed (ms) | another session: store hit (ms) | same session: memory hit (ms) |")
    print("| --: | --: | --: | --: |")
    for r in await hit_costs(folder, [int(s) for s in args.sizes.split(",")], args.repeat):
        print(
            f"| {r['bytes']:,} B | {r['computed_ms']:.2f} | {r['store_hit_ms']:.2f} | {r['memory_hit_ms']:.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    asyncio.run(main())
