"""The fork server's own start: CPU time and wall time from its spawn to the moment its socket
accepts connections, the step a cold start's first kernel waits for.

    python3 benchmarks/forkserver_start.py [--samples 10] [--baseline OTHER_CHECKOUT] [--imports]

Each sample spawns ``python -m jupyter_reactive.forkserver`` with the flags and kernel arguments
that ``serve`` gives the fork server it spawns ahead (``forkspawn.DEFAULT_FLAGS``), waits for its
socket to appear (it is renamed into place once it listens), reads the process's CPU time from
``/proc/PID/stat`` at that moment (10 ms ticks) and stops it. ``--baseline DIR`` runs another
checkout's fork server in the same rounds, alternating which goes first (the only comparison a
loaded machine allows). ``--imports`` adds one run of each under ``python -X importtime``: the
largest top-level packages by cumulative import time. Bytecode is written for each checkout first
(``systems.compile_bytecode``). Linux only.
"""

from __future__ import annotations

import argparse
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

from benchmarks.systems import compile_bytecode

HERE = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")
KERNEL_ARGS = ["-f", "{connection_file}", "--HistoryManager.enabled=False"]


def flags(checkout: Path) -> list[str]:
    """The flags ``serve`` spawns its fork server with, as that checkout defines them."""
    code = (
        "from jupyter_reactive.server import forkspawn; import json; print(json.dumps(list(forkspawn.DEFAULT_FLAGS)))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=_env(checkout), capture_output=True, text=True, check=True)
    return list(json.loads(out.stdout))


def _env(checkout: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(checkout)}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def one_start(checkout: Path, server_flags: list[str], python_flags: tuple[str, ...] = ()) -> tuple[float, float, str]:
    """Spawn a fork server of ``checkout``; (CPU seconds, wall seconds) to listening, and stderr."""
    folder = tempfile.mkdtemp(prefix="jr-fs-bench-")
    sock = os.path.join(folder, "fork.sock")
    err_path = os.path.join(folder, "stderr")
    cmd = [sys.executable, *python_flags, "-m", "jupyter_reactive.forkserver", "--socket", sock, "--parent-pid", "0"]
    cmd += ["--kernel-args", json.dumps(KERNEL_ARGS), *server_flags]
    try:
        with open(err_path, "wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(cmd, env=_env(checkout), cwd="/", stdin=subprocess.DEVNULL, stderr=err)
            try:
                while not os.path.exists(sock):
                    if proc.poll() is not None:
                        raise RuntimeError(
                            f"fork server exited with {proc.returncode}: {Path(err_path).read_text()[-2000:]}"
                        )
                    time.sleep(0.002)
                wall = time.perf_counter() - started
                cpu = cpu_seconds(proc.pid)
            finally:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        return cpu, wall, Path(err_path).read_text(errors="replace")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def import_times(stderr: str) -> dict[str, int]:
    """Cumulative import time (µs) by top-level package, from ``-X importtime`` output."""
    out: dict[str, int] = defaultdict(int)
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            out[m.group(4).split(".")[0]] += int(m.group(1))  # self time, summed per package
    return dict(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout, interleaved")
    parser.add_argument("--imports", action="store_true", help="one -X importtime run of each: packages by self time")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    checkouts = {"this": HERE}
    if args.baseline is not None:
        checkouts["baseline"] = args.baseline.resolve()
    server_flags = {name: flags(path) for name, path in checkouts.items()}
    for path in checkouts.values():
        compile_bytecode(path / "jupyter_reactive")
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in checkouts}
    names = list(checkouts)
    for i in range(args.samples):
        order = names if i % 2 == 0 else names[::-1]
        for name in order:
            cpu, wall, _ = one_start(checkouts[name], server_flags[name])
            results[name].append((cpu, wall))
        load = os.getloadavg()[0]
        print(
            f"round {i + 1}: "
            + ", ".join(
                f"{n} cpu {results[n][-1][0] * 1000:.0f} ms wall {results[n][-1][1] * 1000:.0f} ms" for n in names
            )
            + f" (load {load:.1f})",
            flush=True,
        )
    for name in names:
        cpus = [c * 1000 for c, _ in results[name]]
        walls = [w * 1000 for _, w in results[name]]
        print(
            f"{name}: CPU to listening median {statistics.median(cpus):.0f} ms (range {min(cpus):.0f}-{max(cpus):.0f}); wall median {statistics.median(walls):.0f} ms"
        )
    if args.imports:
        for name in names:
            _cpu, _wall, stderr = one_start(checkouts[name], server_flags[name], ("-X", "importtime"))
            times = import_times(stderr)
            total = sum(times.values())
            print(
                f"\n{name}: imports {total / 1000:.0f} ms (self time, -X importtime), {len(times)} packages; largest:"
            )
            for pkg, us in sorted(times.items(), key=lambda kv: -kv[1])[: args.top]:
                print(f"  {pkg:30s} {us / 1000:7.1f} ms")


if __name__ == "__main__":
    main()
