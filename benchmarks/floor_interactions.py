"""Where a click, a checkbox toggle or a choice goes, to a tenth of a millisecond, in
jupyter_reactive, Voilà and the floor, interleaved in one run.

    python3 benchmarks/floor_interactions.py [--samples 40] [--systems jupyter_reactive,voila,floor]

The main benchmark's button and checkbox figures sit at ~13 ms for every system, the floor
included, while the slider and the selectbox sit at 3–4 ms on the floor. This script takes, in
the page (``performance.now()``; the main benchmark's init script plus the stamps below), per
sample:

* the input's own events: ``pointerdown``/``mousedown``, ``pointerup``/``mouseup``, ``click``
  (or ``keydown``, ``input``, ``change``);
* the page's first ``WebSocket.send`` after the input and the first message back;
* the expected text in the DOM (the main benchmark's ``MutationObserver``: its ``t1``);
* the next paint after it: the first ``requestAnimationFrame`` callback after the DOM change,
  then a ``MessageChannel`` task posted from it (runs once the frame's style, layout and paint
  are done on the main thread).

Each row is a median to 0.1 ms, and the interaction's event → DOM (what each system controls)
beside the main benchmark's figure (from ``click``/``input`` to the DOM). Rounds interleave
the systems; each sample waits for every server to be idle first, as the main benchmark does.
The first two samples of each system and scenario are warm-up and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.measure import first_paint, page_script, percentile, process_tree, settle
from benchmarks.run import CHROMIUM, FLAGS, RESULTS
from benchmarks.scenarios import CHOICES
from benchmarks.systems import INITIAL_TEXT, TITLE, JupyterReactive, System, launch, make

# the input's events, the page's sends and arrivals, and the next paint after the DOM condition
STAMPS = r"""
(() => {
  const T = window.__fi = {ev: {}, sends: [], msgs: [], armed: false};
  const mark = (e) => {
    if (!T.armed || e.type in T.ev) return;
    T.ev[e.type] = [performance.now(), e.timeStamp];
  };
  for (const t of ["pointerdown", "mousedown", "pointerup", "mouseup", "click", "keydown", "input", "change"]) {
    window.addEventListener(t, mark, true);
  }
  const Orig = window.WebSocket;
  const send = Orig.prototype.send;
  Orig.prototype.send = function (data) {
    if (T.armed) T.sends.push(performance.now());
    return send.call(this, data);
  };
  function Stamped(...args) {
    const ws = new Orig(...args);
    ws.addEventListener("message", () => { if (T.armed) T.msgs.push(performance.now()); });
    return ws;
  }
  Stamped.prototype = Orig.prototype;
  Object.assign(Stamped, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Stamped;
  T.arm = () => { T.ev = {}; T.sends = []; T.msgs = []; T.armed = true; };
  // after the main benchmark's condition held: the next frame and the task after its paint
  T.collect = async () => {
    const res = await window.__bench.result();
    T.armed = false;
    const raf = await new Promise((r) => requestAnimationFrame(() => {
      const a = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => r([a, performance.now()]);
      ch.port2.postMessage(null);
    }));
    return {res, ev: T.ev, sends: T.sends, msgs: T.msgs, raf: raf[0], painted: raf[1]};
  };
})();
"""

SCENARIOS = ("button", "button-script", "checkbox", "checkbox-script", "selectbox")
# the main benchmark's t0 per scenario (scenarios.py)
FIGURE_T0 = {
    "button": ("click",),
    "button-script": ("click",),
    "checkbox": ("click",),
    "checkbox-script": ("click",),
    "selectbox": ("mousedown", "input", "change"),  # mousedown: jupyter_reactive's option, by script
}


def minor_faults(root: int) -> int:
    """Minor page faults so far of ``root``'s process tree (a forked kernel copying a page of
    the fork server's, or faulting one back in after a reclaim, is one)."""
    total = 0
    for pid in process_tree(root):
        try:
            raw = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        total += int(raw[raw.rindex(")") + 2 :].split()[7])
    return total


class Probe:
    def __init__(self, system: System, page: Any, pid: int):
        self.system, self.page, self.pid = system, page, pid
        self.clicks, self.flag, self.choice = 0, False, 0
        self.rows: dict[str, list[dict[str, float]]] = {s: [] for s in SCENARIOS}

    async def sample(self, scenario: str) -> dict[str, float]:
        page = self.page
        if scenario == "button":
            self.clicks += 1
            target, act = f"clicks: {self.clicks}", self.system.button(page).click
        elif scenario == "button-script":
            self.clicks += 1
            target, act = f"clicks: {self.clicks}", lambda: self.system.button(page).evaluate("(e) => e.click()")
        elif scenario == "checkbox":
            self.flag = not self.flag
            target, act = f"flag: {self.flag}", lambda: self.system.toggle_flag(page)
        elif scenario == "checkbox-script":
            self.flag = not self.flag
            target, act = (
                f"flag: {self.flag}",
                lambda: page.get_by_role("checkbox", name="flag", exact=True).evaluate("(e) => e.click()"),
            )
        else:
            self.choice = (self.choice + 1) % len(CHOICES)
            label = CHOICES[self.choice]
            await self.system.open_choices(page)
            target, act = f"choice: {label}", lambda: self.system.choose(page, label)
        await page.evaluate("([t]) => { window.__fi.arm(); window.__bench.arm('text', t, 30000); }", [target])
        faults = minor_faults(self.pid)
        await act()
        out = await page.evaluate("() => window.__fi.collect()")
        faults = minor_faults(self.pid) - faults
        if "error" in out["res"]:
            raise RuntimeError(f"{self.system.key} {scenario}: {out['res']['error']}")
        ev = {k: v[0] for k, v in out["ev"].items()}
        t0 = min(ev[n] for n in FIGURE_T0[scenario] if n in ev)
        first = min(ev.values())  # the input's first event (pointerdown, or input for a <select>)
        dom = out["res"]["t1"]
        row = {
            "first_event": first,
            "figure_t0": t0,
            "send": out["sends"][0] if out["sends"] else float("nan"),
            "reply": next((m for m in out["msgs"] if out["sends"] and m > out["sends"][0]), float("nan")),
            "dom": dom,
            "raf": out["raf"],
            "painted": out["painted"],
        }
        for k, v in ev.items():
            row[f"ev.{k}"] = v
        row = {k: float(v) - first for k, v in row.items()}
        row["faults"] = float(faults)  # not a time: the server tree's minor faults in the sample
        # the event's own timestamp (when the browser created it) against when it was dispatched
        for k, v in out["ev"].items():
            row[f"lag.{k}"] = float(v[0]) - float(v[1])
        return row


def med(xs: list[float]) -> float:
    xs = [x for x in xs if x == x]
    return statistics.median(xs) if xs else float("nan")


def report(probes: list[Probe]) -> str:
    lines = []
    for scenario in SCENARIOS:
        lines.append(f"\n### {scenario} (ms from the input's first event; medians, p95 in brackets)\n")
        keys: list[str] = []
        for p in probes:
            for r in p.rows[scenario]:
                keys += [k for k in r if k not in keys and not k.startswith("lag.") and k != "faults"]
        order = sorted(keys, key=lambda k: med([r.get(k, float("nan")) for p in probes for r in p.rows[scenario]]))
        lines.append("| stamp | " + " | ".join(p.system.key for p in probes) + " |")
        lines.append("|---|" + "---|" * len(probes))
        for k in order:
            cells = []
            for p in probes:
                xs = [r[k] for r in p.rows[scenario] if k in r and r[k] == r[k]]
                cells.append(f"{med(xs):.1f} [{percentile(xs, 95):.1f}]" if xs else "–")
            lines.append(f"| {k} | " + " | ".join(cells) + " |")
        derived = {
            "figure (figure t0 → DOM)": lambda r: r["dom"] - r["figure_t0"],
            "send → reply": lambda r: r["reply"] - r["send"],
            "reply → DOM": lambda r: r["dom"] - r["reply"],
            "figure t0 → send": lambda r: r["send"] - r["figure_t0"],
            "DOM → painted": lambda r: r["painted"] - r["dom"],
        }
        for name, f in derived.items():
            cells = []
            for p in probes:
                xs = [f(r) for r in p.rows[scenario]]
                xs = [x for x in xs if x == x]
                cells.append(f"{med(xs):.1f} [{percentile(xs, 95):.1f}]" if xs else "–")
            lines.append(f"| **{name}** | " + " | ".join(cells) + " |")
        # the slowest tenth against the rest: where their time went, and the faults they took
        cells = []
        for p in probes:
            rows = sorted(p.rows[scenario], key=lambda r: r["dom"] - r["figure_t0"])
            cut = max(1, len(rows) // 10)
            slow, rest = rows[-cut:], rows[:-cut]
            if not rest:
                cells.append("–")
                continue
            cells.append(
                f"faults {med([r['faults'] for r in slow]):.0f} vs {med([r['faults'] for r in rest]):.0f}; "
                f"send → reply {med([r['reply'] - r['send'] for r in slow]):.1f} vs "
                f"{med([r['reply'] - r['send'] for r in rest]):.1f}"
            )
        lines.append("| slowest tenth vs the rest (medians) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


async def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", type=int, default=40)
    ap.add_argument("--systems", default="jupyter_reactive,voila,floor")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument(
        "--pause", type=float, default=0.0, help="seconds of idle before each sample (beyond the idle wait)"
    )
    ap.add_argument(
        "--jr-variant",
        action="append",
        default=[],
        metavar="OPTION",
        help="one more jupyter_reactive server with this `serve` option, beside the default (repeatable)",
    )
    args = ap.parse_args(argv)
    from playwright.async_api import async_playwright

    systems = make(args.systems.split(","))
    for option in args.jr_variant:
        variant = JupyterReactive(options=[option])
        variant.key = variant.label = f"jupyter_reactive {option}"
        systems.append(variant)
    for s in systems:
        s.prepare()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    log_dir = RESULTS / "logs" / f"floor-{stamp}"
    servers = []
    try:
        for s in systems:
            servers.append(await launch(s, "fast", log_dir))
        pids = [srv.pid for srv in servers]  # every server idle before each sample
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            probes = []
            for s, srv in zip(systems, servers, strict=True):
                ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
                await ctx.add_init_script(STAMPS + "\n" + page_script(TITLE, INITIAL_TEXT))
                page = await ctx.new_page()
                await first_paint(page, srv.app_url())
                probes.append(Probe(s, page, srv.pid))
            scenarios = args.scenarios.split(",")
            for i in range(args.samples + 2):
                for scenario in scenarios:
                    for pr in probes:
                        await pr.page.bring_to_front()
                        await settle(pids)
                        if args.pause:
                            await asyncio.sleep(args.pause)
                        row = await pr.sample(scenario)
                        if i >= 2:
                            pr.rows[scenario].append(row)
            await browser.close()
    finally:
        for srv in servers:
            await asyncio.to_thread(srv.stop)
    text = report(probes)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"floor-interactions-{stamp}.json"
    out.write_text(json.dumps({p.system.key: p.rows for p in probes}, indent=1))
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
