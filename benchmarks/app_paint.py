"""The data and chart figures: a new session's time from navigation to a heavy element drawn,
measured in the page the same way for jupyter_reactive and Streamlit (runs in the benchmark's
Python process; the detectors run in Chromium).

Each scenario is one app per system (``apps/bench_<scenario>_reactive.py`` and
``apps/bench_<scenario>_streamlit.py``, only the import differs) and one detector, installed as an
init script in a new browser context (empty HTTP cache, a first-time visitor). The detector polls
on every animation frame from the document's start and resolves ``window.__benchPaint`` with the
``performance.now()`` (ms after navigation start) of the first frame at which its condition holds:

* ``frame`` — a 100,000-row, 10-column frame: its first rows visible. Either DOM cells whose
  trimmed texts are ``item-0`` and ``item-1`` (jupyter_reactive's grid keeps the visible rows in
  the DOM), or a ``data-grid-canvas`` (Streamlit's canvas grid) whose first rows' band, below the
  header, holds text pixels.
* ``chart`` — a line chart of 10,000 points: the line drawn (an SVG line path longer than 1,000
  characters, or a canvas holding the line's blue pixels; axes are grey).
* ``anim`` — Streamlit 1.67's animation demo without its sleeps (a progress bar and a line chart
  in a placeholder, drawn again with 5 more rows at each of 100 steps): the text ``step 100``,
  written after the last step, visible, and a line drawn.
* ``addrows`` — the same through ``add_rows`` (the demo's shape before Streamlit removed
  ``add_rows``; jupyter_reactive only): same condition.
"""

from __future__ import annotations

from typing import Any

#: scenario -> (app file for jupyter_reactive, for Streamlit)
SCENARIOS: dict[str, tuple[str, str | None]] = {
    "frame": ("bench_frame_reactive.py", "bench_frame_streamlit.py"),
    "chart": ("bench_chart_reactive.py", "bench_chart_streamlit.py"),
    "anim": ("bench_anim_reactive.py", "bench_anim_streamlit.py"),
    "addrows": ("bench_addrows_reactive.py", None),  # Streamlit 1.67 has no add_rows
}

_DETECT = r"""
(() => {
  if (window.__benchPaint) return;
  const KIND = "%KIND%";
  const shown = (el) => !!el && el.isConnected && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== "hidden";
  const texts = (wanted) => {
    const left = new Set(wanted);
    const w = document.createTreeWalker(document.body || document, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n && left.size; n = w.nextNode()) {
      const t = n.nodeValue.trim();
      if (left.has(t) && shown(n.parentElement)) left.delete(t);
    }
    return left.size === 0;
  };
  const pixels = (c, test, y0, y1) => {
    if (!c.width || !c.height || !shown(c)) return 0;
    const top = Math.min(c.height, Math.round(y0)), bottom = Math.min(c.height, Math.round(y1));
    if (bottom <= top) return 0;
    let d;
    try { d = c.getContext("2d").getImageData(0, top, c.width, bottom - top).data; } catch (e) { return 0; }
    let n = 0;
    for (let i = 0; i < d.length; i += 16) if (test(d[i], d[i + 1], d[i + 2], d[i + 3])) n++;
    return n;
  };
  const blue = (r, g, b, a) => a > 0 && b - r > 60;
  const ink = (r, g, b, a) => a > 200 && r < 140 && g < 140 && b < 140;
  const line = () =>
    [...document.querySelectorAll("g.mark-line path")].some((p) => (p.getAttribute("d") || "").length > 40) ||
    [...document.querySelectorAll("canvas")].some((c) => pixels(c, blue, 0, c.height) > 50);
  const conditions = {
    frame: () => texts(["item-0", "item-1"]) || [...document.querySelectorAll('canvas[data-testid="data-grid-canvas"]')]
      .some((c) => { const k = devicePixelRatio || 1; return pixels(c, ink, 40 * k, 150 * k) > 100; }),
    chart: () =>
      [...document.querySelectorAll("g.mark-line path")].some((p) => (p.getAttribute("d") || "").length > 1000) ||
      [...document.querySelectorAll("canvas")].some((c) => pixels(c, blue, 0, c.height) > 50),
    anim: () => texts(["step 100"]) && line(),
    addrows: () => texts(["step 100"]) && line(),
  };
  const check = conditions[KIND];
  window.__benchPaint = new Promise((resolve, reject) => {
    const t0 = performance.now();
    const tick = () => {
      if (document.body && check()) return resolve(performance.now());
      if (performance.now() - t0 > %TIMEOUT%) return reject(new Error(KIND + ": not drawn in %TIMEOUT% ms"));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  window.__benchPaint.catch(() => {});
})();
"""


def detector(kind: str, timeout_ms: int = 90_000) -> str:
    """The init script that resolves ``window.__benchPaint`` when ``kind`` is drawn."""
    if kind not in SCENARIOS:
        raise ValueError(f"unknown scenario {kind!r}")
    return _DETECT.replace("%KIND%", kind).replace("%TIMEOUT%", str(timeout_ms))


async def paint(browser: Any, url: str, kind: str) -> float:
    """One sample: a new context (empty HTTP cache), navigation → ``kind`` drawn, in ms."""
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        ctx.set_default_timeout(120_000)
        await ctx.add_init_script(detector(kind))
        page = await ctx.new_page()
        await page.goto(url, wait_until="commit")
        return float(await page.evaluate("window.__benchPaint"))
    finally:
        await ctx.close()
