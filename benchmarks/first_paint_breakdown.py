"""Where a new session's first paint goes, for jupyter_reactive and the floor: navigation →
response end → WebSocket created (jupyter_reactive: by the inline boot script, before app.js) →
DOMContentLoaded → WebSocket open (the event, which waits for the page's main thread) → first server frame → first binary (kernel)
frame → title and ``value: 0`` visible. Medians of in-page ``performance.now()`` stamps (the
first sample, a warm-up, is dropped). Each visitor comes in one of three ways (``--mode``): a new
browser context (empty cache, a new renderer: what run.py's "first paint" measures), a new tab
of one context (assets cached), or the same tab navigated again (the browser fully warm: the
floor paints in ~40 ms here, so this mode shows the framework's own cost largest).

    python3 benchmarks/first_paint_breakdown.py [--samples 8] [--mode same-tab] [--pause 1]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.measure import page_script, settle
from benchmarks.run import CHROMIUM, FLAGS, RESULTS
from benchmarks.systems import INITIAL_TEXT, TITLE, Floor, JupyterReactive, launch

# wraps the page's WebSocket to stamp its open, first message and first binary message
WRAP = r"""
(() => {
  const T = window.__fp = {};
  const Orig = window.WebSocket;
  function Stamped(...args) {
    const ws = new Orig(...args);
    T.created ??= performance.now();
    ws.addEventListener("open", () => { T.open ??= performance.now(); });
    ws.addEventListener("message", (e) => {
      T.first ??= performance.now();
      if (typeof e.data !== "string") T.binary ??= performance.now();
    });
    return ws;
  }
  Stamped.prototype = Orig.prototype;
  Object.assign(Stamped, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Stamped;
})();
"""
STEPS = [
    "response end",
    "WebSocket created",
    "DOMContentLoaded",
    "WebSocket open",
    "first frame",
    "first binary frame",
    "text visible",
]


async def main(samples: int, mode: str, pause: float = 0.0, pool_size: int | None = None) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            print("| ms after navigation start | " + " | ".join(STEPS) + " |")
            print("|---" * (len(STEPS) + 1) + "|")
            for system in (JupyterReactive(pool_size=pool_size), Floor()):
                server = await launch(system, "fast", RESULTS / "logs" / "breakdown")
                try:
                    rows = []
                    shared = None
                    if mode != "new-context":
                        shared = await browser.new_context()
                        await shared.add_init_script(WRAP + page_script(TITLE, INITIAL_TEXT))
                    tab = None
                    for _ in range(samples + 1):
                        if shared is None:
                            ctx = await browser.new_context()
                            await ctx.add_init_script(WRAP + page_script(TITLE, INITIAL_TEXT))
                            page = await ctx.new_page()
                        elif mode == "new-tab" or tab is None:
                            page = tab = await shared.new_page()
                        else:
                            page = tab
                        await page.goto(server.app_url(), wait_until="commit")
                        visible = await page.evaluate("window.__bench.firstPaint")
                        nav = await page.evaluate(
                            "(() => { const n = performance.getEntriesByType('navigation')[0];"
                            " return [n.responseEnd, n.domContentLoadedEventEnd]; })()"
                        )
                        ws = await page.evaluate("window.__fp")
                        rows.append(
                            [
                                nav[0],
                                ws.get("created"),
                                nav[1],
                                ws.get("open"),
                                ws.get("first"),
                                ws.get("binary"),
                                visible,
                            ]
                        )
                        if shared is None:
                            await ctx.close()
                        elif mode == "new-tab":
                            await page.close()
                        await settle(server.pid)
                        await asyncio.sleep(pause)
                    cells = []
                    for k in range(len(STEPS)):
                        values = [r[k] for r in rows[1:] if r[k] is not None]
                        cells.append(f"{statistics.median(values):.0f}" if values else "–")
                    print(f"| {system.label} | " + " | ".join(cells) + " |")
                finally:
                    if shared is not None:
                        await shared.close()
                    await asyncio.to_thread(server.stop)
        finally:
            await browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=8)
    parser.add_argument(
        "--mode",
        choices=["new-context", "new-tab", "same-tab"],
        default="new-context",
        help="a new browser context per visitor (empty cache, the default), a new tab in one context "
        "(cached assets, the browser warm), or the same tab navigated again",
    )
    parser.add_argument("--pause", type=float, default=0.0, help="seconds between visitors, after the server is idle")
    parser.add_argument("--pool-size", type=int, default=None, help="jupyter_reactive's ReactiveApp.pool_size")
    args = parser.parse_args()
    asyncio.run(main(args.samples, args.mode, args.pause, args.pool_size))
