"""Where one slider move goes, hop by hop, in jupyter_reactive (and the floor's total beside it).

    python3 benchmarks/interaction_breakdown.py [--samples 30] [--back-to-back]

A served benchmark app (``apps/bench_reactive.py``) in Chromium; ``ArrowRight`` on the focused
slider, ``value: v+1`` awaited, as in the main benchmark's "slider → its text". Stamps:

* in the page (``performance.timeOrigin + performance.now()``): the ``keydown``; the page's
  ``WebSocket.send``; each frame's arrival (decoded after the sample); ``value: v+1`` in the DOM
  (the main benchmark's MutationObserver);
* in the server and the kernel (``time.time_ns()``), from ``breakdown_site/sitecustomize.py``,
  which wraps a few functions of the running processes when this script starts the server with
  it first on ``PYTHONPATH`` (nothing of the product changes on disk).

Both clocks are the machine's wall clock (the page's time origin is taken from it at navigation);
the script prints the offset it measured between them (±half a Playwright round trip) so that a
cross-process hop can be read with that in mind. Each sample waits for the server to be idle
first (as the main benchmark does), unless ``--back-to-back`` (each move as soon as the previous
one's text shows, at most 30 per second). The first two samples are warm-up and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.measure import first_paint, page_script, percentile, settle
from benchmarks.run import CHROMIUM, FLAGS, RESULTS
from benchmarks.systems import INITIAL_TEXT, TITLE, Floor, JupyterReactive, launch

SITE = Path(__file__).resolve().parent / "breakdown_site"

# wraps the page's WebSocket: every send and every message, stamped (frames decoded later)
WRAP = r"""
(() => {
  const T = window.__ib = {sends: [], msgs: [], handled: []};
  const Orig = window.WebSocket;
  const send = Orig.prototype.send;
  Orig.prototype.send = function (data) { T.sends.push(performance.now()); return send.call(this, data); };
  function Stamped(...args) {
    const ws = new Orig(...args);
    ws.addEventListener("message", (e) => { T.msgs.push([performance.now(), e.data]); });
    // the page's own handler, timed: [type index, start, end] per message
    const desc = Object.getOwnPropertyDescriptor(Orig.prototype, "onmessage");
    Object.defineProperty(ws, "onmessage", {
      get() { return desc.get.call(this); },
      set(f) {
        desc.set.call(this, f && function (e) {
          const a = performance.now();
          try { return f.call(this, e); } finally { T.handled.push([T.msgs.length - 1, a, performance.now()]); }
        });
      },
    });
    return ws;
  }
  Stamped.prototype = Orig.prototype;
  Object.assign(Stamped, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Stamped;
  T.reset = () => { T.sends = []; T.msgs = []; T.handled = []; };
  T.collect = () => ({
    origin: performance.timeOrigin,
    sends: T.sends,
    handled: T.handled,
    // [arrival, frame types] per socket message (a batch carries several frames)
    msgs: T.msgs.map(([t, d]) => {
      if (typeof d === "string") { try { return [t, [JSON.parse(d).type]]; } catch (e) { return [t, ["?"]]; } }
      const head = (buf, at) => {
        const n = new DataView(buf).getUint32(at);
        return [JSON.parse(new TextDecoder().decode(new Uint8Array(buf, at + 4, n))), at + 4 + n];
      };
      try {
        const [h, end] = head(d, 0);
        if (h.type !== "batch") return [t, [h.type]];
        let at = end;
        return [t, h.sizes.map((size) => { const inner = head(d, at)[0]; at += size; return inner.type; })];
      } catch (e) { return [t, ["?"]]; }
    }),
  });
})();
"""

# (label, stamp name); a stamp is the first of its name after the previous row's in the sample
HOPS = [
    ("keydown → page sends (WebSocket.send)", "P.send"),
    ("→ server's socket readable (Tornado)", "S.readable"),
    ("→ server has the frame (on_message)", "S.ws_received"),
    ("→ comm_msg sent to the kernel", "S.comm_msg_sent"),
    ("→ kernel's shell channel thread has it", "K.shell_channel_thread"),
    ("→ the subshell's thread has it", "K.subshell_thread"),
    ("→ our comm handler starts (deserialised, busy published)", "K.subshell_received"),
    ("→ rerun posted (validated)", "K.subshell_posted"),
    ("→ main thread wakes", "K.main_woke"),
    ("→ run starts (run_once)", "K.run_once"),
    ("→ script starts (exec)", "K.script_start"),
    ("script runs", "K.script_end"),
    ("→ frames made (run end, deltas serialised)", "K.frames_made"),
    ("→ comm.send returned", "K.comm_sent"),
    ("→ iopub thread sent it", "K.iopub_sent"),
    ("→ the server's iopub socket is ready (jupyter_client polled it)", "S.zmq_ready"),
    ("→ server has it (deserialised)", "S.iopub_frames"),
    ("→ server starts writing its first frame (run_started)", "S.ws_written"),
    ("→ page has run_started", "P.started"),
    ("→ page has the deltas frame (run_started handled)", "P.deltas"),
    ("→ text in the DOM", "P.dom"),
]

# the same move over the direct channel (server/direct.py, kernel/direct.py): no zmq, no ipykernel
DIRECT_HOPS = [
    ("keydown → page sends (WebSocket.send)", "P.send"),
    ("→ server's socket readable (Tornado)", "S.readable"),
    ("→ server has the frame (on_message)", "S.ws_received"),
    ("→ record to the kernel made (direct channel)", "S.direct_sent"),
    ("→ written, and the kernel's reader thread hands it on (handler starts)", "K.subshell_received"),
    ("→ rerun posted (validated)", "K.subshell_posted"),
    ("→ main thread wakes", "K.main_woke"),
    ("→ run starts (run_once)", "K.run_once"),
    ("→ script starts (exec)", "K.script_start"),
    ("script runs", "K.script_end"),
    ("→ frames made (run end, deltas serialised)", "K.frames_made"),
    ("→ record to the server made", "K.direct_sent"),
    ("→ written, and the server's loop has the frames", "S.kernel_frames"),
    ("→ server starts writing them to the page", "S.ws_written"),
    ("→ page has them", "P.deltas"),
    ("→ text in the DOM", "P.dom"),
]

FLOOR_HOPS = [
    ("keydown → page sends (WebSocket.send)", "P.send"),
    ("→ server's socket readable (Tornado)", "S.readable"),
    ("→ server starts writing the text", "S.ws_written*"),
    ("→ page has it", "P.deltas"),
    ("→ text in the DOM", "P.dom"),
]


#: stamp name -> samples that lacked it (the first missing stamp of each), for the report
MISSING: dict[str, int] = {}


async def calibrate(page: Any) -> tuple[float, float]:
    """(page clock − Python clock, ± half the best round trip), in ms."""
    best: tuple[float, float] | None = None
    for _ in range(15):
        a = time.time() * 1000
        t = await page.evaluate("performance.timeOrigin + performance.now()")
        b = time.time() * 1000
        if best is None or b - a < best[1] * 2:
            best = (t - (a + b) / 2, (b - a) / 2)
    assert best is not None
    return best


def read_stamps(folder: Path) -> list[tuple[float, str, str, str]]:
    """(epoch ms, name, thread, pid) of every stamp, in time order."""
    out = []
    for f in folder.glob("*.tsv"):
        for line in f.read_text().splitlines():
            name, ns, thread = line.split("\t")
            out.append((int(ns) / 1e6, name, thread, f.stem))
    out.sort()
    return out


def hops_of(
    sample: dict[str, Any], stamps: list[tuple[float, str, str, str]], hops: list[tuple[str, str]]
) -> dict[str, float] | None:
    """The sample's stamps (epoch ms), each the first of its name after the previous one."""
    t0, end = sample["t0"], sample["end"]
    window = [s for s in stamps if t0 - 1 <= s[0] < end]
    got: dict[str, float] = {"P.keydown": t0}
    prev = t0
    for _label, name in hops:
        if name.startswith("P."):
            t = sample[name]
        elif name.endswith("*"):  # the last of them before the page had the deltas
            xs = [s[0] for s in window if s[1] == name[:-1] and s[0] >= prev - 1 and s[0] <= sample["P.deltas"] + 1]
            t = xs[-1] if xs else None
        else:
            # main-thread steps must come from the main thread (the outbox flusher also flushes)
            xs = [s[0] for s in window if s[1] == name and s[0] >= prev]
            if name in ("K.frames_made", "K.comm_sent", "K.direct_sent"):
                xs = [s[0] for s in window if s[1] == name and s[2] == "MainThread" and s[0] >= prev]
            t = xs[0] if xs else None
        if t is None:
            MISSING[name] = MISSING.get(name, 0) + 1
            return None
        got[name] = t
        prev = t
    return got


async def open_idle(server: Any, n: int) -> list[Any]:  # sockets, then their readers
    """``n`` other sessions of the same server, opened by scale.py's protocol client (a hello and
    the first run, then idle, answering pings), as the concurrency rows' other tabs are."""
    from benchmarks.scale import drain, open_session

    url = server.url.replace("http", "ws", 1) + "/reactive/ws/bench_reactive.py"
    sem = asyncio.Semaphore(8)
    sockets: list[Any] = []
    readers: list[asyncio.Future[None]] = []  # end when their socket closes

    async def one() -> None:
        async with sem:
            ws = await open_session(url, timeout=120)
            sockets.append(ws)
            readers.append(asyncio.ensure_future(drain(ws)))

    await asyncio.gather(*(one() for _ in range(n)))
    return [*sockets, *readers]


async def run_system(
    browser: Any, system: Any, samples: int, back_to_back: bool, stamps_dir: Path | None, idle: int = 0
) -> Any:
    server = await launch(system, "fast", RESULTS / "logs" / "breakdown")
    others: list[Any] = []
    try:
        if idle:
            others = await open_idle(server, idle)
            await settle(server.pid, timeout=60)
        ctx = await browser.new_context()
        await ctx.add_init_script(WRAP + page_script(TITLE, INITIAL_TEXT))
        page = await ctx.new_page()
        await first_paint(page, server.app_url())
        await settle(server.pid)
        offset = await calibrate(page)
        slider = system.slider(page)
        await slider.focus()
        rows, totals = [], []
        value, last = 0, 0.0
        for i in range(samples + 2):
            if back_to_back:
                await asyncio.sleep(max(0.0, 0.033 - (time.monotonic() - last)))
            else:
                await settle(server.pid)
            step = 1 if value < 100 else -100
            value += step
            key = "ArrowRight" if step > 0 else "Home"
            await page.evaluate("window.__ib.reset()")
            await page.evaluate("([k, a, t]) => window.__bench.arm(k, a, t)", ["text", f"value: {value}", 30000])
            await page.keyboard.press(key)
            last = time.monotonic()
            res = await page.evaluate("window.__bench.result()")
            ib = await page.evaluate("window.__ib.collect()")
            if "error" in res or "keydown" not in res["stamps"] or i < 2:
                continue
            origin = ib["origin"]
            sample = {
                "t0": origin + res["stamps"]["keydown"],
                "P.dom": origin + res["t1"],
                "P.send": origin + ib["sends"][0] if ib["sends"] else None,
                # jupyter_reactive's deltas frame; the floor's only message
                "P.started": next((origin + t for t, kinds in ib["msgs"] if "run_started" in kinds), None),
                "P.deltas": next((origin + t for t, kinds in ib["msgs"] if "deltas" in kinds or None in kinds), None),
            }
            sample["end"] = sample["P.dom"] + 1
            handled = {k: (a, b) for k, a, b in ib["handled"]}
            de = next((k for k, (_t, kinds) in enumerate(ib["msgs"]) if "deltas" in kinds or None in kinds), None)
            if de is not None and de in handled:
                sample["page"] = {
                    "the message with the deltas: handler (ms)": handled[de][1] - handled[de][0],
                    "handler end → text in the DOM (observers, layout)": res["t1"] - handled[de][1],
                }
            totals.append(res["t1"] - res["stamps"]["keydown"])
            rows.append(sample)
        await ctx.close()
    finally:
        for ws in others:
            ws.cancel() if isinstance(ws, asyncio.Future) else ws.close()
        await asyncio.to_thread(server.stop)
    return rows, totals, offset


async def main(
    samples: int, back_to_back: bool, profile: str = "", options: list[str] | None = None, idle: int = 0
) -> None:
    from playwright.async_api import async_playwright

    stamps_dir = Path(tempfile.mkdtemp(prefix="jr-breakdown-"))
    floor_dir = Path(tempfile.mkdtemp(prefix="jr-breakdown-floor-"))

    def env(folder: Path) -> dict[str, str]:
        path = os.pathsep.join(p for p in (str(SITE), os.environ.get("PYTHONPATH", "")) if p)
        extra = {"JR_BREAKDOWN_PROFILE": profile} if profile and folder == stamps_dir else {}
        return {"PYTHONPATH": path, "JR_BREAKDOWN_STAMPS": str(folder), **extra}

    class Stamped(JupyterReactive):
        def env(self) -> dict[str, str]:
            return env(stamps_dir)

    class StampedFloor(Floor):
        def env(self) -> dict[str, str]:
            return {**super().env(), **env(floor_dir)}

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            rows, totals, offset = await run_system(
                browser, Stamped(options=options), samples, back_to_back, stamps_dir, idle
            )
            floor_rows, floor_totals, _ = await run_system(browser, StampedFloor(), samples, back_to_back, floor_dir)
        finally:
            await browser.close()
    mode = "back to back (≤ 30/s)" if back_to_back else "with the server idle before each"
    mode += f", {idle} other sessions open (jupyter_reactive)" if idle else ""
    print(f"\nslider → its text, {mode}; page clock − Python clock: {offset[0]:+.2f} ms (± {offset[1]:.2f})")
    for label, folder, hop_lists, sample_rows, total in (
        ("jupyter_reactive", stamps_dir, [DIRECT_HOPS, HOPS], rows, totals),
        ("floor", floor_dir, [FLOOR_HOPS], floor_rows, floor_totals),
    ):
        stamps = read_stamps(folder)
        report(label, stamps, hop_lists, sample_rows, total)


def report(
    label: str,
    stamps: list[tuple[float, str, str, str]],
    hop_lists: list[list[tuple[str, str]]],
    sample_rows: list[dict[str, Any]],
    total: list[float],
) -> None:
    """Each hop's distribution (median, p90, p95, max), where the slowest tenth of the samples
    lose their time (each hop's excess over its own median, averaged over them), and the
    collector passes that fell inside samples."""
    # the hop list whose stamps the samples carry (the direct channel's, else the comm path's)
    hop_list, hops = hop_lists[0], []
    for candidate in hop_lists:
        found = [h for h in (hops_of(r, stamps, candidate) for r in sample_rows) if h is not None]
        if len(found) > len(hops):
            hop_list, hops = candidate, found
    MISSING.clear()
    for r in sample_rows:
        hops_of(r, stamps, hop_list)
    lacking = ", ".join(f"{n} ({k})" for n, k in MISSING.items())
    print(
        f"\n{label}: {len(hops)} of {len(sample_rows)} samples fully stamped"
        + (f"; lacking {lacking}" if lacking else "")
    )
    print()
    if not hops:
        print(f"keydown → text: median {statistics.median(total):.2f} ms, p95 {percentile(total, 95):.2f} ms")
        return
    durations: dict[str, list[float]] = {}
    prev = "P.keydown"
    for _hop, name in hop_list:
        durations[name] = [h[name] - h[prev] for h in hops]
        prev = name
    totals = [h["P.dom"] - h["P.keydown"] for h in hops]
    cut = percentile(totals, 90)
    slow = [i for i, t in enumerate(totals) if t >= cut]
    print("| hop | median ms | p90 | p95 | max | slowest tenth: mean excess over the median |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for hop, name in hop_list:
        xs = durations[name]
        med = statistics.median(xs)
        excess = statistics.mean(xs[i] - med for i in slow)
        print(
            f"| {hop} | {med:.2f} | {percentile(xs, 90):.2f} | {percentile(xs, 95):.2f} | {max(xs):.2f} | {excess:+.2f} |"
        )
    print(
        f"| **keydown → text** | **{statistics.median(totals):.2f}** | {percentile(totals, 90):.2f} | "
        f"**{percentile(totals, 95):.2f}** | {max(totals):.2f} | {statistics.mean(totals[i] for i in slow) - statistics.median(totals):+.2f} |"
    )
    # collector passes inside a sample (keydown → text), by process role (S. or K. stamps)
    roles: dict[str, str] = {}
    for _t, name, _thread, pid in stamps:
        if name[:2] in ("S.", "K."):
            roles.setdefault(pid, name[0])
    hit: dict[str, list[float]] = {"S": [], "K": []}
    clean: list[float] = []
    for h, t in zip(hops, totals, strict=True):
        starts = [
            (roles.get(pid, "?"), float(n.split(".")[2]))
            for ts, n, _th, pid in stamps
            if n.startswith("gc.start") and h["P.keydown"] <= ts <= h["P.dom"]
        ]
        for role in {r for r, _g in starts if r in hit}:
            hit[role].append(t)
        if not starts:
            clean.append(t)
    for role, name in (("S", "server"), ("K", "kernel")):
        xs = hit[role]
        if xs:
            print(f"\nsamples with a {name} collector pass inside: {len(xs)}, median {statistics.median(xs):.2f} ms")
    if clean:
        print(
            f"samples with none: {len(clean)}, median {statistics.median(clean):.2f}, p95 {percentile(clean, 95):.2f} ms"
        )
    pages = [r["page"] for r in sample_rows if "page" in r]
    if pages:
        print("\nin the page, its own handlers (median, p95):\n")
        for key in pages[0]:
            xs = [p[key] for p in pages]
            print(f"| {key} | {statistics.median(xs):.2f} | {percentile(xs, 95):.2f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--back-to-back", action="store_true")
    parser.add_argument("--profile-server", default="", help="write cProfile statistics of the server here")
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        help="a ReactiveApp option for jupyter_reactive's server, e.g. --option=--ReactiveApp.direct_channel=False",
    )
    parser.add_argument(
        "--idle-sessions",
        type=int,
        default=0,
        help="open this many other sessions of jupyter_reactive's server first (protocol clients, idle)",
    )
    args = parser.parse_args()
    asyncio.run(main(args.samples, args.back_to_back, args.profile_server, args.option, args.idle_sessions))
