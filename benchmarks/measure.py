"""Measuring tools shared by every system: in-page timestamps, statistics, process-tree memory
and CPU, and "wait until the server is idle".

Timing method. Every latency is taken *inside the page* with ``performance.now()``:

* ``PAGE_JS`` is installed as a Playwright init script, so it runs in every document before the
  page's own scripts. It stamps the first ``keydown``/``click``/``input``/``change`` event after
  the harness *arms* a wait (capture-phase listeners on ``window``; file inputs that are never
  attached to the document, like ipywidgets' FileUpload, get the same listeners on the element).
* The armed wait is a ``MutationObserver`` (plus capture-phase ``load`` events, for images) that
  checks its condition — a visible text node whose trimmed text equals the target, or a decoded
  image at least N pixels wide — on every DOM change and records ``performance.now()`` the first
  time it holds. That is when the DOM shows the result; the paint follows within one frame
  (the same for every system).
* Python arms the wait (one round trip, before the input), performs the input through Playwright,
  then collects ``{t1, stamps}`` (one round trip, after). Latency = ``t1 - stamp(input)``, so no
  Playwright round trip is inside a figure.
* First paint: the init script arms "title and initial text visible" at document start;
  ``performance.now()`` counts from the navigation's time origin, so first paint = that stamp.
* Cold start needs the process spawn, which only Python sees: spawn → health 200 is Python's
  wall clock; spawn → first page usable compares ``performance.timeOrigin + t`` (epoch ms) with
  the spawn's ``time.time()`` (same machine clock).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAGE_JS = r"""
(() => {
  if (window.__bench) return;
  const cfg = window.__benchConfig || {};
  const B = window.__bench = {stamps: {}, armed: false, pending: null};
  const stamp = (e) => { if (B.armed && !(e.type in B.stamps)) B.stamps[e.type] = performance.now(); };
  for (const t of ["keydown", "mousedown", "click", "input", "change"]) window.addEventListener(t, stamp, true);
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    if (this instanceof HTMLInputElement && !this.__benchStamp) {  // inputs never attached to the document
      this.__benchStamp = true;
      add.call(this, "input", stamp, true);
      add.call(this, "change", stamp, true);
    }
    return add.call(this, type, fn, opts);
  };
  const shown = (el) => !!el && el.isConnected && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== "hidden";
  const hasText = (target) => {
    const w = document.createTreeWalker(document, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      if (n.nodeValue.trim() === target && shown(n.parentElement)) return true;
    }
    return false;
  };
  const hasImage = (minWidth) => Array.from(document.images).some(
    (i) => i.complete && i.naturalWidth >= minWidth && shown(i));
  const noImage = (minWidth) => !Array.from(document.images).some((i) => i.isConnected && i.naturalWidth >= minWidth);
  const until = (check, timeout) => new Promise((resolve, reject) => {
    let mo = null, timer = null;
    const cleanup = () => { if (mo) mo.disconnect(); document.removeEventListener("load", done, true); clearTimeout(timer); };
    function done() {
      if (!check()) return false;
      cleanup();
      resolve(performance.now());
      return true;
    }
    if (done()) return;
    mo = new MutationObserver(done);
    mo.observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
    document.addEventListener("load", done, true);
    timer = setTimeout(() => { cleanup(); reject(new Error("timed out")); }, timeout);
  });
  const conditions = {text: hasText, image: hasImage, noimage: noImage};
  B.arm = (kind, arg, timeout) => {
    B.stamps = {};
    B.armed = true;
    const t0 = performance.now();
    B.pending = until(() => conditions[kind](arg), timeout).then(
      (t1) => ({t1, t0, stamps: B.stamps}), (e) => ({error: String(e), t0, stamps: B.stamps}));
  };
  B.result = () => B.pending.finally(() => { B.armed = false; });
  if (cfg.title) {
    B.firstPaint = until(() => hasText(cfg.title) && hasText(cfg.text), cfg.timeout || 60000);
    B.firstPaint.catch(() => {});
  }
})();
"""


def page_script(title: str, text: str, timeout_ms: int = 60_000) -> str:
    """The init script for pages of an app whose first paint is ``title`` + ``text`` visible."""
    return f"window.__benchConfig = {json.dumps({'title': title, 'text': text, 'timeout': timeout_ms})};\n{PAGE_JS}"


class SampleError(RuntimeError):
    """One measurement failed (timeout, condition held before the input, ...)."""


async def timed(
    page: Any,
    kind: str,
    arg: Any,
    action: Callable[[], Awaitable[Any]],
    stamp: str | tuple[str, ...],
    timeout_ms: int = 30_000,
) -> float:
    """Arm a wait for ``kind``/``arg`` in the page, run ``action`` (the input), and return the
    in-page milliseconds from the first ``stamp`` event to the condition."""
    await page.evaluate("([k, a, t]) => window.__bench.arm(k, a, t)", [kind, arg, timeout_ms])
    await action()
    res = await page.evaluate("() => window.__bench.result()")
    if "error" in res:
        raise SampleError(f"{kind} {arg!r}: {res['error']}")
    stamps = res["stamps"]
    names = (stamp,) if isinstance(stamp, str) else stamp
    t0 = min((stamps[n] for n in names if n in stamps), default=None)
    if t0 is None:
        raise SampleError(f"no {'/'.join(names)} event reached the page (stamps: {sorted(stamps)})")
    if res["t1"] < t0:
        raise SampleError(f"{kind} {arg!r} held before the input")
    return res["t1"] - t0


async def first_paint(page: Any, url: str) -> float:
    """Navigate and return ms from the navigation's time origin to title + initial text visible."""
    await page.goto(url, wait_until="commit")
    return await page.evaluate("() => window.__bench.firstPaint")


async def first_paint_epoch(page: Any, url: str) -> float:
    """Navigate and return the epoch time (s) at which title + initial text became visible."""
    await page.goto(url, wait_until="commit")
    return await page.evaluate("() => window.__bench.firstPaint.then((t) => performance.timeOrigin + t)") / 1000


# -- statistics ----------------------------------------------------------------------------------


def percentile(values: Iterable[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(values)
    if not xs:
        return math.nan
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


@dataclass
class Figure:
    """Samples of one figure for one system (or why there are none)."""

    samples: list[float]
    unit: str = "ms"
    errors: list[str] | None = None
    na: str | None = None  # reason the figure does not apply

    @property
    def median(self) -> float:
        return percentile(self.samples, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"unit": self.unit}
        if self.na:
            out["na"] = self.na
        else:
            out.update(
                n=len(self.samples), median=self.median, p95=self.p95, samples=[round(x, 3) for x in self.samples]
            )
        if self.errors:
            out["errors"] = self.errors
        return out


def linear_slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y over x."""
    n = len(points)
    if n < 2:
        return math.nan
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else math.nan


# -- processes -----------------------------------------------------------------------------------


def _stat(pid: int) -> tuple[int, int, int] | None:
    """(ppid, utime+stime ticks, starttime) of a live process, or None."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[19])


def process_tree(root: int) -> dict[int, int]:
    """{pid: starttime} of ``root`` and all its live descendants."""
    children: dict[int, list[int]] = {}
    info: dict[int, tuple[int, int, int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None:
                info[int(entry)] = st
                children.setdefault(st[0], []).append(int(entry))
    if root not in info:
        return {}
    tree, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in info:
            tree[pid] = info[pid][2]
            todo.extend(children.get(pid, []))
    return tree


def pss_mb(root: int) -> tuple[float, int]:
    """Total PSS (MB) of ``root``'s process tree from /proc/<pid>/smaps_rollup, and process count."""
    by_pid = pss_by_process(root)
    return sum(by_pid.values()), len(by_pid)


def pss_by_process(root: int) -> dict[int, float]:
    """PSS (MB) of each live process in ``root``'s tree (``root`` included)."""
    out: dict[int, float] = {}
    for pid in process_tree(root):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    out[pid] = int(line.split()[1]) / 1024
                    break
        except OSError:
            pass  # exited meanwhile
    return out


def cpu_ticks(roots: Iterable[int]) -> int:
    """CPU ticks used so far by the process trees of ``roots``."""
    pids: set[int] = set()
    for root in roots:
        pids.update(process_tree(root))
    return sum((_stat(pid) or (0, 0, 0))[1] for pid in pids)


async def settle(
    roots: int | Iterable[int], window: float = 0.15, busy_share: float = 0.1, timeout: float = 15.0
) -> float:
    """Wait until the process trees of ``roots`` together used less than ``busy_share`` of one
    core during one ``window`` (a pool refill, a kernel shutdown, a rerun in flight are over);
    bounded by ``timeout``. Returns seconds waited."""
    roots = [roots] if isinstance(roots, int) else list(roots)
    hz = os.sysconf("SC_CLK_TCK")
    start = time.monotonic()
    before = cpu_ticks(roots)
    while time.monotonic() - start < timeout:
        await asyncio.sleep(window)
        now = cpu_ticks(roots)
        if (now - before) / hz < busy_share * window:
            break
        before = now
    return time.monotonic() - start


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"nproc": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()
        info["memory_gib"] = round(int(mem[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    info["kernel"] = " ".join(os.uname()[2:3])
    return info


def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
