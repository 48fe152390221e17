"""A new session's start, server and kernel side, without a browser: a protocol client opens
sessions one after another on a served benchmark app and times each from the moment it starts
to connect.

    python3 benchmarks/session_start.py [--sessions 12] [--pause 1] [--rounds 3]
        [--checkout DIR ...] [--stamps [--site DIR]]

Each session is a WebSocket to ``reactive/ws/bench_reactive.py?hello=1&...`` (the hello in the
URL, as the page's boot script sends it), read until the first run's frames carry
``value: 0``, then closed; ``--pause`` seconds pass before the next one (the pool refills
meanwhile, as between two real visitors). Per session: the socket open, the first frame (the
server's hello answer), the first binary frame (the kernel's first frames) and the frame with
``value: 0``, in ms after the connect started. The first session of each server is a warm-up
and dropped; the table shows the medians (and p90) over the rest of every round.

``--checkout`` (repeatable) compares checkouts of this repository (e.g. a ``git worktree`` of
main beside your branch): each round starts one server per checkout, in turn, with that
checkout first on ``PYTHONPATH``, so old and new alternate under the same load. Default: this
checkout. Servers keep their bytecode caches (``PYTHONDONTWRITEBYTECODE`` is unset for them, and
each checkout's package is compiled first, as ``pip install`` would).

``--stamps`` also puts ``breakdown_site/`` first on the servers' ``PYTHONPATH`` (see its
docstring: the server, the fork server and the kernels stamp a few functions as they pass) and
prints, per checkout, the median time of each stamp after the connect started — where the
time between the hello and the first run's frames goes. Stamps add their own small cost.
``--site`` names another folder holding such a ``sitecustomize.py`` (one that stamps more);
``--stamps-dir`` keeps each server's stamp files in a folder of its own under it.
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE = HERE / "breakdown_site"
APP = "bench_reactive.py"
STEPS = ("open", "first frame", "first binary", "value: 0")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/reactive/api/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


class Server:
    """``jupyter reactive serve`` of the benchmark app from one checkout, in a process group of
    its own on a free loopback port."""

    def __init__(self, checkout: Path, stamps: str | None, site: Path = SITE):
        self.port = _free_port()
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        path = [str(checkout)]
        if stamps is not None:
            path.insert(0, str(site))
            env["JR_BREAKDOWN_STAMPS"] = stamps
        env["PYTHONPATH"] = os.pathsep.join(path)
        argv = [sys.executable, "-m", "jupyter_reactive", "serve", str(checkout / "benchmarks" / "apps" / APP)]
        argv += [f"--port={self.port}", "--ip=127.0.0.1", "--no-browser"]
        self.proc = subprocess.Popen(
            argv,
            env=env,
            cwd=str(checkout / "benchmarks" / "apps"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    async def ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not await asyncio.to_thread(_health, self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            await asyncio.sleep(0.05)

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)


async def one_session(port: int) -> tuple[int, dict[str, float]]:
    """Open one session, read to its first run's ``value: 0``, close it. Returns the connect's
    start (epoch ns) and each step's ms after it."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = f"ws://127.0.0.1:{port}/reactive/ws/{APP}?frames=batch&hello=1&page=&timezone_offset=0&theme=light"
    request = HTTPRequest(url, headers={"Origin": f"http://127.0.0.1:{port}"})
    t0 = time.time_ns()
    ws = await websocket_connect(request)
    marks = {"open": time.time_ns()}
    try:
        while True:
            msg = await asyncio.wait_for(ws.read_message(), 30)
            now = time.time_ns()
            if msg is None:
                raise RuntimeError("the server closed the session before its first run")
            marks.setdefault("first frame", now)
            if isinstance(msg, bytes):
                marks.setdefault("first binary", now)
                if b"value: 0" in msg:
                    marks["value: 0"] = now
                    break
    finally:
        ws.close()
    return t0, {k: (v - t0) / 1e6 for k, v in marks.items()}


def read_stamps(folder: str, starts: list[int]) -> dict[str, list[float]]:
    """Each stamp's first time after each session's connect start (and before the next's), ms."""
    events: list[tuple[int, str]] = []
    for path in glob.glob(os.path.join(folder, "*.tsv")):
        with open(path) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 3 and parts[1].isdigit():
                    events.append((int(parts[1]), parts[0]))
    events.sort()
    out: dict[str, list[float]] = {}
    bounds = [*starts[1:], 2**63]
    for t0, t1 in zip(starts, bounds, strict=True):
        seen: set[str] = set()
        for t, name in events:
            if t0 <= t < t1 and name not in seen:
                seen.add(name)
                out.setdefault(name, []).append((t - t0) / 1e6)
    return out


async def run_server(checkout: Path, args: argparse.Namespace) -> tuple[list[dict], dict]:
    sessions, pause = args.sessions, args.pause
    folder = None
    if args.stamps:
        folder = tempfile.mkdtemp(prefix="jr-session-start-", dir=args.stamps_dir)
    server = Server(checkout, folder, Path(args.site))
    try:
        await server.ready()
        await asyncio.sleep(max(pause, 2.0))  # the pool's first kernels warm up
        rows, starts = [], []
        for i in range(sessions + 1):
            t0, row = await one_session(server.port)
            if i:  # the first session is a warm-up
                rows.append(row)
                starts.append(t0)
            await asyncio.sleep(pause)
    finally:
        server.stop()
    stamp_rows = {}
    if folder is not None:
        stamp_rows = read_stamps(folder, starts)
        if args.stamps_dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    return rows, stamp_rows


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def main(args: argparse.Namespace) -> None:
    checkouts = [Path(c).resolve() for c in (args.checkout or [HERE.parent])]
    rows: dict[Path, list[dict]] = {c: [] for c in checkouts}
    stamps: dict[Path, dict[str, list[float]]] = {c: {} for c in checkouts}
    for r in range(args.rounds):
        for c in checkouts if r % 2 == 0 else checkouts[::-1]:
            got, st = await run_server(c, args)
            rows[c] += got
            for k, v in st.items():
                stamps[c].setdefault(k, []).extend(v)
            med = statistics.median(x["value: 0"] for x in got)
            print(f"round {r + 1}, {c.name}: value: 0 median {med:.1f} ms (load {os.getloadavg()[0]:.2f})")
    print()
    print("| checkout | n | " + " | ".join(f"{s} (median / p90)" for s in STEPS) + " |")
    print("|---" * (len(STEPS) + 2) + "|")
    for c in checkouts:
        cells = [
            f"{statistics.median(x[s] for x in rows[c]):.1f} / {_p([x[s] for x in rows[c]], 0.9):.1f}" for s in STEPS
        ]
        print(f"| {c.name} | {len(rows[c])} | " + " | ".join(cells) + " |")
    if args.stamps:
        for c in checkouts:
            print(f"\nstamps, {c.name} (median ms after the connect started, n):")
            for name, values in sorted(stamps[c].items(), key=lambda kv: statistics.median(kv[1])):
                print(f"{statistics.median(values):8.1f}  {name} ({len(values)})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=12, help="sessions per server (plus one warm-up)")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between two sessions")
    parser.add_argument("--rounds", type=int, default=3, help="servers started per checkout, in turn")
    parser.add_argument("--checkout", action="append", help="a checkout of this repository (repeatable)")
    parser.add_argument("--stamps", action="store_true", help="stamp the processes (breakdown_site/)")
    parser.add_argument("--site", default=str(SITE), help="the sitecustomize.py folder --stamps uses")
    parser.add_argument("--stamps-dir", help="keep the stamp files under this folder")
    args = parser.parse_args()
    for checkout in args.checkout or [HERE.parent]:  # bytecode, as an installed copy has it
        subprocess.run([sys.executable, "-m", "compileall", "-q", f"{checkout}/jupyter_reactive"], check=False)
    asyncio.run(main(args))
