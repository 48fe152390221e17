"""Soak test: many sessions moving widgets for minutes, then all closing (loopback only).

    python benchmarks/soak.py [--sessions 50] [--duration 300] [--interval 0.3] [--rounds 1] [--out FILE]

Starts `jupyter reactive serve benchmarks/apps/bench_reactive.py` on a free loopback port (with
an operator token, so the sessions API can be read, and a ``file://`` media store in a temporary
folder with a short grace, so media and uploads left behind can be counted on disk), opens
``--sessions`` WebSocket sessions the way the page does, and has each act every ``--interval``
seconds (jittered) for ``--duration`` seconds: mostly a slider move, sometimes showing or hiding
a 1 MB image (a medium put in the store, released when hidden) or uploading a file and handing
it to the uploader (an upload the session owns). Each slider move is timed from the frame sent to
the ``run_finished`` of the run that took the new value in. Then every session closes and, after
the reconnect window and the store's grace (both set short here), it measures again. It reports:

* errors: `error` frames, error notices, sockets closed by the server, interactions that timed
  out, uploads refused (target 0);
* slider latency p50 / p95 / p99 (ms);
* memory before the sessions and after they closed: the server's RSS, and the PSS of every
  process it started (fork server, kernels) — no growth once sessions close;
* what is left after closing, each compared with before the sessions: live sessions (sessions
  API), kernels (the kernels API: the warm pool's one is expected), child processes (leaked
  kernels or fork-server children), media and uploads in the store, open file descriptors of
  the server and of its fork server, and the server's TCP connections (a leaked socket or
  handler keeps its connection). Any growth is listed under ``leaks`` (target: none).

With ``--rounds N`` the sessions open, soak and close N times on one server, and the memory left
after each round is listed: an allocator keeps some of the memory the first round used, a leak
grows round after round.

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
import tempfile
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
    """The server's RSS and the PSS of each process it started (MB); open file descriptors of
    the server and of its fork server, and the server's TCP connections."""
    server = psutil.Process(pid)
    children = server.children(recursive=True)
    pss = 0
    for child in children:
        try:
            pss += child.memory_full_info().pss
        except psutil.Error:
            pass
    forkservers = [c for c in server.children() if FORKSERVER in " ".join(_cmdline(c))]
    return {
        "server_rss_mb": server.memory_info().rss / 1e6,
        "children": len(children),
        "children_pss_mb": pss / 1e6,
        "server_fds": server.num_fds(),
        "forkserver_fds": sum(_fds(c) for c in forkservers),
        "server_tcp": len(server.net_connections(kind="tcp")),
    }


FORKSERVER = "jupyter_reactive.forkserver"


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _fds(process: psutil.Process) -> int:
    try:
        return process.num_fds()
    except psutil.Error:
        return 0


def store_counts(folder: Path) -> dict[str, int]:
    """Media and uploads in the ``file://`` store: contents (one file per medium, named by its
    id) and owners' index entries (one per medium a session still holds)."""
    media = [p for p in folder.iterdir() if p.is_file() and "." not in p.name and not p.name.startswith(".")]
    owned = sum(1 for _ in (folder / "owners").rglob("*") if _.is_file()) if (folder / "owners").exists() else 0
    return {"media": len(media), "owned": owned}


def decode(raw: str | bytes) -> dict[str, Any]:
    if isinstance(raw, bytes):
        (size,) = struct.unpack(">I", raw[:4])
        return json.loads(raw[4 : 4 + size])
    return json.loads(raw)


class Session:
    """One tab: a socket, its widgets' ids, the latencies it measured and the errors it saw."""

    def __init__(self, url: str):
        self.url = url
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.widgets: dict[str, str] = {}  # label -> id
        self.hello: dict[str, Any] = {}
        self.counts = {"slider": 0, "image": 0, "upload": 0}
        self.show = False
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
            if msg["type"] == "session":
                self.hello = msg
            for item in msg.get("items", ()):
                el = item["el"]
                if el.get("kind") == "widget" and el.get("label"):
                    self.widgets[el["label"]] = el["id"]
            if msg["type"] == "run_finished" and {"value", "show image", "upload"} <= set(self.widgets):
                return

    async def recv(self, timeout: float = 60) -> dict[str, Any]:
        raw = await asyncio.wait_for(self.ws.read_message(), timeout)
        if raw is None:
            raise ConnectionError(f"closed by the server: {self.ws.close_code}")
        msg = decode(raw)
        if msg["type"] == "error" or (msg["type"] == "notice" and msg.get("level") == "error"):
            self.errors.append(msg.get("message", ""))
        return msg

    async def change(self, label: str, value: Any, echo: Any = None) -> float:
        """Send one widget value; returns the ms until the run that took it in finished (the
        run whose ``run_started`` echoes the value as the kernel got it: ``echo`` if given)."""
        wid = self.widgets[label]
        echo = value if echo is None else echo
        started = time.perf_counter()
        await self.ws.write_message(json.dumps({"type": "widget_values", "values": {wid: value}}))
        run = None  # the run that took the value in; done when it finishes
        while True:
            msg = await self.recv(30)
            if msg["type"] == "run_started" and msg["widgets"].get(wid) == echo:
                run = msg["run"]
            elif msg["type"] == "run_finished" and msg["run"] == run and msg["status"] != "rerun":
                return (time.perf_counter() - started) * 1000

    async def upload(self) -> None:
        """A small file through the upload route, then handed to the uploader widget."""
        from tornado.httpclient import AsyncHTTPClient

        body = random.randbytes(random.randint(1000, 50_000))
        response = await AsyncHTTPClient().fetch(
            f"{self.url}{self.hello['upload_url']}/{self.widgets['upload']}",
            method="POST",
            body=body,
            raise_error=False,
            headers={
                "X-Reactive-Upload-Token": self.hello["upload_token"],
                "X-File-Name": "soak.bin",
                "Content-Type": "application/octet-stream",
                "X-XSRFToken": "soak",
                "Cookie": "_xsrf=soak",
            },
        )
        if response.code != 200:
            self.errors.append(f"upload refused: {response.code}")
            return
        ref = json.loads(response.body)
        await self.change("upload", [ref], [{k: v for k, v in ref.items() if k != "receipt"}])

    async def soak(self, until: float, interval: float) -> None:
        value = 0
        while time.monotonic() < until:
            roll = random.random()
            try:
                if roll < 0.06:
                    self.show = not self.show
                    await self.change("show image", self.show)
                    self.counts["image"] += 1
                elif roll < 0.09:
                    await self.upload()
                    self.counts["upload"] += 1
                else:
                    value = (value + random.randint(1, 50)) % 101
                    self.latencies.append(await self.change("value", value))
                    self.counts["slider"] += 1
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


#: seconds the store keeps a medium no page shows any more, and between its sweeps (short here,
#: so that "after" can be measured a few seconds after the sessions close)
GRACE, SWEEP = 2, 1


def start_server(store: Path) -> tuple[subprocess.Popen[bytes], str]:
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
            f"--ReactiveApp.media_store_url={store.as_uri()}?grace={GRACE}&sweep_interval={SWEEP}",
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


def measure(url: str, pid: int, store: Path) -> dict[str, Any]:
    return {
        **memory(pid),
        **store_counts(store),
        "sessions": len(api(f"{url}/reactive/api/sessions")),
        "kernels": len(api(f"{url}/api/kernels")),
    }


#: what must not grow once the sessions closed (RSS and PSS are reported, judged by the reader:
#: an allocator keeps some of what it once used)
COUNTED = ("sessions", "kernels", "children", "media", "owned", "server_fds", "forkserver_fds", "server_tcp")


async def run(args: argparse.Namespace, url: str, pid: int, store: Path) -> dict[str, Any]:
    await asyncio.sleep(args.settle)
    before = measure(url, pid, store)
    sessions: list[Session] = []
    rounds: list[dict[str, Any]] = []  # what is left after each round's sessions closed
    for _ in range(args.rounds):  # more than one: whether what a round leaves grows round by round
        group = [Session(url) for _ in range(args.sessions)]
        sessions += group
        for session in group:  # opened one after another, as tabs arriving
            await session.open()
        opened = measure(url, pid, store)
        until = time.monotonic() + args.duration
        await asyncio.gather(*(s.soak(until, args.interval) for s in group))
        during = measure(url, pid, store)
        for session in group:
            session.ws.close()
        # the reconnect window, the kernels' shutdown, the store's grace and a sweep
        await asyncio.sleep(2 + GRACE + 2 * SWEEP + args.settle)
        rounds.append(measure(url, pid, store))
    after = rounds[-1]
    latencies = [x for s in sessions for x in s.latencies]
    return {
        "sessions": args.sessions,
        "duration_s": args.duration,
        "rounds": rounds,
        "interactions": {k: sum(s.counts[k] for s in sessions) for k in ("slider", "image", "upload")},
        "errors": [e for s in sessions for e in s.errors],
        "p50_ms": pct(latencies, 50),
        "p95_ms": pct(latencies, 95),
        "p99_ms": pct(latencies, 99),
        "before": before,
        "open": opened,
        "end": during,
        "after": after,
        "leaks": {k: [before[k], after[k]] for k in COUNTED if after[k] > before[k]},
        "latencies_ms": latencies,
    }


def report(result: dict[str, Any]) -> str:
    b, o, e, a = result["before"], result["open"], result["end"], result["after"]

    def row(name: str, key: str, fmt: str = "{:.0f}", unit: str = "") -> str:
        values = " / ".join(fmt.format(m[key]) for m in (b, o, e, a))
        return f"| {name} | {values}{unit} |"

    n = result["interactions"]
    errors = result["errors"]
    leaks = result["leaks"]
    return "\n".join(
        [
            f"## Soak: {result['sessions']} sessions, {result['duration_s']:.0f} s"
            + (f", {len(result['rounds'])} rounds" if len(result["rounds"]) > 1 else ""),
            "",
            "| measure | value |",
            "| --- | --- |",
            f"| interactions | {sum(n.values())} ({n['slider']} slider moves, {n['image']} image toggles, "
            f"{n['upload']} uploads) |",
            f"| errors | {len(errors)} {sorted(set(errors))[:5] if errors else ''} |",
            f"| slider latency p50 / p95 / p99 | {result['p50_ms']:.0f} / {result['p95_ms']:.0f} / "
            f"{result['p99_ms']:.0f} ms |",
            "| **before / open / end of soak / after closing** | |",
            row("server RSS", "server_rss_mb", unit=" MB"),
            row("children PSS (fork server, kernels)", "children_pss_mb", unit=" MB"),
            row("child processes", "children"),
            row("sessions (sessions API)", "sessions"),
            row("kernels (kernels API; 1 = the warm pool)", "kernels"),
            row("media and uploads in the store", "media"),
            row("media held by a session", "owned"),
            row("server file descriptors", "server_fds"),
            row("fork-server file descriptors", "forkserver_fds"),
            row("server TCP connections", "server_tcp"),
            f"| leaks (grew from before to after) | {leaks or 'none'} |",
            *(
                [
                    "| server RSS / children PSS after each round | "
                    + ", ".join(f"{r['server_rss_mb']:.0f} / {r['children_pss_mb']:.0f}" for r in result["rounds"])
                    + " MB |"
                ]
                if len(result["rounds"]) > 1
                else []
            ),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of widget moves")
    parser.add_argument("--interval", type=float, default=0.3, help="seconds between one session's moves")
    parser.add_argument("--rounds", type=int, default=1, help="open, soak and close this many times")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to let the server settle")
    parser.add_argument("--out", type=Path, help="write the JSON result here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="soak-media-") as folder:
        store = Path(folder)
        proc, url = start_server(store)
        try:
            result = asyncio.run(run(args, url, proc.pid, store))
        finally:
            proc.terminate()
            proc.wait(30)
    print(report(result))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
