"""ECharts charts as a user sees them in Debian's Chromium: the echarts chunk loaded only once a
chart is on the page, a canvas and an SVG chart drawn at their sizes, a click selection that
reruns the script with the selected bar, new data drawn in place (same ECharts instance, none
leaked), and the light/dark switch re-theming a chart drawn in the page's colours."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def jr_echarts():
    served = Served(ROOT / "tests" / "apps" / "echarts_select_app.py")
    yield served
    served.stop(wait=False)


async def _open(page: Any, served: Served) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    await page.goto(f"{served.url}/")
    await expect(page.get_by_role("checkbox", name="Show charts")).to_be_visible(timeout=30_000)
    return requests


LIVE = "() => window.__jrChunks.echarts.live()"


async def _show(page: Any) -> Any:
    await page.get_by_role("checkbox", name="Show charts").check()
    charts = page.locator(".jr-echarts")
    await expect(charts).to_have_count(2, timeout=60_000)
    await expect(charts.nth(0).locator("canvas")).to_have_count(1, timeout=60_000)
    await expect(charts.nth(1).locator("svg")).to_have_count(1)
    return charts


async def test_the_chunk_loads_only_with_a_chart_and_draws_canvas_and_svg(jr_echarts):
    async with chromium() as (page,):
        requests = await _open(page, jr_echarts)
        assert not [u for u in requests if "/chunks/echarts" in u], requests
        charts = await _show(page)
        assert [u for u in requests if "/chunks/echarts.js" in u]
        # the canvas fills the box: the container's width, 350 px tall (height="content")
        box = await charts.nth(0).evaluate("e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height]")
        canvas = (
            await charts.nth(0)
            .locator("canvas")
            .evaluate("c => [c.getBoundingClientRect().width, c.getBoundingClientRect().height]")
        )
        col = await page.locator(".jr-k-widget").first.evaluate("e => e.parentElement.getBoundingClientRect().width")
        assert abs(box[0] - col) <= 2 and box[1] == 350 and canvas == box, (box, canvas, col)
        # the chart follows its container's width
        await page.set_viewport_size({"width": 500, "height": 900})
        await page.wait_for_function(
            "(was) => { const b = document.querySelector('.jr-echarts'); const c = b.querySelector('canvas');"
            " return b.getBoundingClientRect().width < was - 100"
            " && Math.abs(c.getBoundingClientRect().width - b.getBoundingClientRect().width) < 1 }",
            arg=box[0],
        )
        # pixels drawn: the bars in the first series colour
        painted = (
            await charts.nth(0)
            .locator("canvas")
            .evaluate(
                """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
                      for (let k = 0; k < d.length; k += 4 * 13) if (d[k] === 0 && d[k+1] === 104 && d[k+2] === 201) n++;
                      return n }"""
            )
        )
        assert painted > 100, painted
        # the SVG chart: 250 px, its bars of text and lines, named by its alt
        svg = charts.nth(1).locator("svg")
        assert await svg.evaluate("s => Math.round(s.getBoundingClientRect().height)") == 250
        assert await svg.locator("path").count() > 3
        await expect(charts.nth(1).locator("[aria-label='A line of counts']")).to_have_count(1)
        # a tooltip template's {@[0]} is filled from the hovered bar, as Streamlit fills it
        bars = await charts.nth(0).bounding_box()
        await page.mouse.move(bars["x"] + bars["width"] / 2, bars["y"] + bars["height"] / 2)
        await expect(charts.nth(0).get_by_text("B has 30 units")).to_be_visible(timeout=30_000)
        # its tooltip formats values with Streamlit's named number format ("dollar")
        line = await charts.nth(1).bounding_box()
        await page.mouse.move(line["x"] + line["width"] / 2, line["y"] + line["height"] / 2)
        await expect(charts.nth(1).get_by_text("$30.00")).to_be_visible(timeout=30_000)


async def test_a_click_selects_a_bar_and_reaches_the_script_and_new_data_redraws_in_place(jr_echarts):
    async with chromium() as (page,):
        await _open(page, jr_echarts)
        charts = await _show(page)
        await expect(page.get_by_text("selected: []")).to_be_visible()
        canvas = charts.nth(0).locator("canvas")
        await canvas.evaluate("c => { c.dataset.mark = 'first' }")
        # the middle of three full-height bars: the box's middle
        b = await canvas.bounding_box()
        await page.mouse.click(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
        await expect(page.get_by_text("selected: [1]")).to_be_visible(timeout=30_000)
        # another bar adds to the selection (selectedMode "multiple")
        await page.mouse.click(b["x"] + 8 + (b["width"] - 40) / 6, b["y"] + b["height"] / 2)
        await expect(page.get_by_text("selected: [0, 1]")).to_be_visible(timeout=30_000)
        # new data: the same canvas (the same ECharts instance), its description naming the new bar
        assert await page.evaluate(LIVE) == 2
        named = charts.nth(0).locator("[aria-label]")
        before = await named.get_attribute("aria-label")
        assert "30" in before and "12" not in before, before  # ECharts' description of the data
        await page.get_by_role("checkbox", name="More data").check()
        await expect(named).to_have_attribute("aria-label", re.compile("12"), timeout=30_000)
        assert await canvas.evaluate("c => c.dataset.mark") == "first"
        assert await page.evaluate(LIVE) == 2
        # the keyed selection survived the new spec
        await expect(page.get_by_text("selected: [0, 1]")).to_be_visible()
        # a double click clears it
        await page.mouse.dblclick(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
        await expect(page.get_by_text("selected: []")).to_be_visible(timeout=30_000)
        # charts taken off the page are disposed of
        await page.get_by_role("checkbox", name="Show charts").uncheck()
        await expect(charts).to_have_count(0)
        await page.wait_for_function(f"({LIVE})() === 0")


async def test_the_scheme_switch_rethemes_the_chart(jr_echarts):
    async with chromium(color_scheme="light") as (page,):
        await _open(page, jr_echarts)
        charts = await _show(page)
        label = charts.nth(1).locator("svg text").first
        await expect(label).to_be_attached()
        light = await label.evaluate("t => t.getAttribute('fill') || getComputedStyle(t).fill")
        await page.emulate_media(color_scheme="dark")
        await page.wait_for_function(
            "(was) => { const t = document.querySelectorAll('.jr-echarts')[1].querySelector('svg text');"
            " return t && (t.getAttribute('fill') || getComputedStyle(t).fill) !== was }",
            arg=light,
        )
        dark = (
            await charts.nth(1)
            .locator("svg text")
            .first.evaluate("t => t.getAttribute('fill') || getComputedStyle(t).fill")
        )
        assert (
            light.lower() in ("#808495", "rgb(128,132,149)", "rgb(128, 132, 149)") and dark.lower() != light.lower()
        ), (light, dark)
