"""Plots as a user sees them in Debian's Chromium: a matplotlib figure as a sharp 2x <img>, Plotly
charts drawn by plotly.js (loaded only once a Plotly chart is on the page), a box selection that
reruns the script with the selected points, and a Bokeh figure in its sandboxed frame."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(240)

SHOTS = Path("/tmp/shots-plots")


@pytest.fixture(scope="module")
def jr_plots():
    served = Served(ROOT / "tests" / "apps" / "plots_app.py")
    yield served
    served.stop(wait=False)


async def _open(page: Any, served: Served) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    await page.goto(f"{served.url}/")
    await expect(page.get_by_role("checkbox", name="Show Plotly")).to_be_visible(timeout=30_000)
    return requests


async def test_matplotlib_figure_is_a_2x_png_shown_at_1x(jr_plots):
    async with chromium() as (page,):
        await _open(page, jr_plots)
        img = page.locator(".jr-k-image img").first
        await expect(img).to_be_visible(timeout=30_000)
        await page.wait_for_function(
            "() => { const i = document.querySelector('.jr-k-image img'); return i && i.complete && i.naturalWidth > 0 }"
        )
        natural, css = await img.evaluate("i => [i.naturalWidth, i.getBoundingClientRect().width]")
        assert 300 < css < 420, css  # a 4 in figure at 100 dpi, cropped tight
        assert abs(natural - 2 * css) <= 2, (natural, css)
        # it is a picture of the plot: not one flat colour
        colours = await img.evaluate(
            """i => { const c = document.createElement('canvas'); c.width = i.naturalWidth; c.height = i.naturalHeight;
                      const g = c.getContext('2d'); g.drawImage(i, 0, 0);
                      const d = g.getImageData(0, 0, c.width, c.height).data; const s = new Set();
                      for (let k = 0; k < d.length; k += 4 * 97) s.add(d[k] + ',' + d[k+1] + ',' + d[k+2]);
                      return s.size }"""
        )
        assert colours > 3


async def test_plotly_chunk_loads_only_with_a_plotly_chart_and_draws(jr_plots):
    async with chromium() as (page,):
        requests = await _open(page, jr_plots)
        await expect(page.locator(".jr-k-image img")).to_be_visible()
        assert not [u for u in requests if "/chunks/plotly" in u], requests
        assert await page.evaluate("() => !!(window.__jrChunks && window.__jrChunks.plotly)") is False
        await page.get_by_role("checkbox", name="Show Plotly").check()
        charts = page.locator(".js-plotly-plot")
        await expect(charts).to_have_count(2, timeout=60_000)  # 4.8 MB of plotly.js on a busy machine
        assert [u for u in requests if "/chunks/plotly.js" in u]
        # drawn: SVG traces with their marks
        await expect(charts.nth(0).locator("svg.main-svg .scatterlayer .trace .point")).to_have_count(5)
        await expect(charts.nth(1).locator("svg.main-svg .barlayer .trace .point path")).to_have_count(3)
        # the figure's own width (not stretched), and the bar chart stretched to the column
        w0 = await charts.nth(0).evaluate("d => d.getBoundingClientRect().width")
        w1 = await charts.nth(1).evaluate("d => d.getBoundingClientRect().width")
        col = await page.locator(".jr-k-image").evaluate("e => e.parentElement.getBoundingClientRect().width")
        assert abs(w0 - 600) <= 1 and abs(w1 - col) <= 2, (w0, w1, col)
        SHOTS.mkdir(exist_ok=True)
        await page.get_by_role("checkbox", name="Show Bokeh").check()
        await expect(page.frame_locator("iframe.jr-bokeh").first.locator("canvas").first).to_be_visible(timeout=30_000)
        await page.screenshot(path=str(SHOTS / "plots-light.png"), full_page=True)


def test_app_js_does_not_carry_plotly() -> None:
    static = ROOT / "jupyter_reactive" / "static"
    app_js = (static / "app.js").read_text()
    chunk = (static / "chunks" / "plotly.js").read_text()
    for marker in ("newPlot", "plotly_selected", "Share chart"):
        assert marker in chunk and marker not in app_js, marker


async def test_a_chunk_that_cannot_load_shows_an_error_in_place(jr_plots):
    async with chromium() as (page,):
        await page.route("**/chunks/plotly.js*", lambda route: route.abort())
        await _open(page, jr_plots)
        await page.get_by_role("checkbox", name="Show Plotly").check()
        errors = page.locator(".jr-plotly .jr-unsupported")
        await expect(errors).to_have_count(2, timeout=30_000)
        await expect(errors.first).to_contain_text("Could not draw the Plotly chart")
        await expect(page.get_by_text("selected: []")).to_be_visible(timeout=30_000)  # the rest of the page is there


async def test_box_selection_reruns_with_the_selected_points(jr_plots):
    async with chromium() as (page,):
        await _open(page, jr_plots)
        await page.get_by_role("checkbox", name="Show Plotly").check()
        chart = page.locator(".js-plotly-plot").first
        await expect(chart.locator(".scatterlayer .trace .point")).to_have_count(5, timeout=60_000)
        await expect(page.get_by_text("selected: []")).to_be_visible(timeout=30_000)
        # page coordinates of data points (1.5, 4.15) and (4.5, 1.5), inside the axes: a box round points 1, 2, 3
        (x0, y0), (x1, y1) = await chart.evaluate(
            """d => { const L = d._fullLayout, r = d.getBoundingClientRect();
                      const at = (x, y) => [r.left + L._size.l + L.xaxis.l2p(x), r.top + L._size.t + L.yaxis.l2p(y)];
                      return [at(1.5, 4.15), at(4.5, 1.5)] }"""
        )
        await page.mouse.move(x0, y0)
        await page.mouse.down()
        await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=5)
        await page.mouse.move(x1, y1, steps=5)
        await page.mouse.up()
        await expect(page.get_by_text("selected: [1, 2, 3]")).to_be_visible(timeout=30_000)
        # the chart was not redrawn by the rerun: the selection is still shown on it
        await expect(
            chart.locator(".selectionlayer path, .outline-controllers, .select-outline").first
        ).to_be_attached()


async def test_bokeh_draws_a_canvas_in_a_sandboxed_frame(jr_plots):
    async with chromium() as (page,):
        await _open(page, jr_plots)
        await page.get_by_role("checkbox", name="Show Bokeh").check()
        frame = page.locator("iframe.jr-bokeh").first
        await expect(frame).to_have_attribute("sandbox", "allow-scripts")
        canvas = page.frame_locator("iframe.jr-bokeh").first.locator("canvas").first
        await expect(canvas).to_be_visible(timeout=30_000)
        # use_container_width: the first stretched to the column, the second as wide as its figure
        stretched, own = page.locator("iframe.jr-bokeh").nth(0), page.locator("iframe.jr-bokeh").nth(1)
        column = await page.locator(".jr-main").first.evaluate("m => m.getBoundingClientRect().width")
        assert (await stretched.bounding_box())["width"] > 600 and (await own.bounding_box())["width"] == 416, column
        wide = page.frame_locator("iframe.jr-bokeh").nth(0).locator("canvas").first
        await expect(wide).to_be_visible(timeout=30_000)
        assert (await wide.bounding_box())["width"] > 500  # the figure itself stretched
        # the frame has an opaque origin: its scripts cannot reach the page
        inner = next(f for f in page.frames if f is not page.main_frame and f.url in ("about:srcdoc", ""))
        assert (
            await inner.evaluate("() => { try { return !!window.parent.document } catch (e) { return false } }")
            is False
        )
