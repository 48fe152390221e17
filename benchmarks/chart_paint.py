"""A new session's line chart of 10,000 points, jupyter_reactive beside Streamlit: navigation
start → the chart drawn (a canvas or SVG in the page with the line's coloured pixels or path),
the bytes the page fetched for it, and the size of app.js and the chart bundle. Medians of
in-page ``performance.now()`` stamps, one new browser context per sample (empty HTTP cache; the
first sample, a warm-up, is dropped).

    python3 benchmarks/chart_paint.py [--samples 6]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.measure import settle
from benchmarks.run import CHROMIUM, FLAGS, RESULTS
from benchmarks.systems import APPS, JupyterReactive, Streamlit, launch

# resolves window.__chart with the ms (after navigation start) at which a chart's line is drawn:
# an SVG path of a line mark, or a canvas with blue-ish pixels (the line; axes are grey)
DRAWN = r"""
(() => {
  const blue = (c) => {
    if (!c.width || !c.height) return false;
    let d;
    try { d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; } catch (e) { return false; }
    let n = 0;
    for (let i = 0; i < d.length; i += 16) if (d[i + 3] > 0 && d[i + 2] - d[i] > 60) n++;
    return n > 50;
  };
  const drawn = () =>
    [...document.querySelectorAll("g.mark-line path")].some((p) => (p.getAttribute("d") || "").length > 1000) ||
    [...document.querySelectorAll("canvas")].some(blue);
  window.__chart = new Promise((resolve, reject) => {
    const t0 = performance.now();
    const tick = () => {
      if (drawn()) return resolve(performance.now());
      if (performance.now() - t0 > 60000) return reject(new Error("no chart in 60 s"));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  window.__chart.catch(() => {});
})();
"""


class ChartReactive(JupyterReactive):
    def argv(self, variant: str, port: int) -> list[str]:
        argv = super().argv("fast", port)
        return [str(APPS / "bench_chart_reactive.py") if a.endswith("bench_reactive.py") else a for a in argv]

    def app_path(self, variant: str) -> str:
        return "/reactive/app/bench_chart_reactive.py"


class ChartStreamlit(Streamlit):
    def argv(self, variant: str, port: int) -> list[str]:
        argv = super().argv("fast", port)
        return [str(APPS / "bench_chart_streamlit.py") if a.endswith("bench_streamlit.py") else a for a in argv]


async def sample(browser: Any, url: str) -> tuple[float, int]:
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        await ctx.add_init_script(DRAWN)
        page = await ctx.new_page()
        await page.goto(url, wait_until="commit")
        t = await page.evaluate("window.__chart")
        fetched = await page.evaluate(
            "performance.getEntriesByType('resource').reduce((n, r) => n + (r.encodedBodySize || 0), 0)"
        )
        return t, int(fetched)
    finally:
        await ctx.close()


async def main(samples: int) -> None:
    from playwright.async_api import async_playwright

    static = Path(__file__).resolve().parent.parent / "jupyter_reactive" / "static"
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            print("| system | chart drawn, ms after navigation (median) | min | max | bytes fetched (encoded) |")
            print("|---|---|---|---|---|")
            for system in (ChartReactive(), ChartStreamlit()):
                system.prepare()
                server = await launch(system, "fast", RESULTS / "logs" / "chart")
                try:
                    url = server.app_url()
                    runs = []
                    for _ in range(samples + 1):
                        runs.append(await sample(browser, url))
                        await settle(server.pid)
                    times = [t for t, _b in runs[1:]]
                    size = statistics.median(b for _t, b in runs[1:])
                    print(
                        f"| {system.label} | {statistics.median(times):.0f} | {min(times):.0f} | {max(times):.0f}"
                        f" | {size / 1024:.0f} kB |"
                    )
                finally:
                    await asyncio.to_thread(server.stop)
        finally:
            await browser.close()
    for name in ("app.js", "chunks/vega.js"):
        f = static / name
        if f.exists():
            print(f"\n{name}: {f.stat().st_size / 1024:.0f} kB", end="")
    print()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", type=int, default=6)
    asyncio.run(main(ap.parse_args().samples))
