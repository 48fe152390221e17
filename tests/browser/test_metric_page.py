"""``jr.metric`` as a user sees it in Debian's Chromium: large value under a small label, the
delta in a coloured pill with its arrow, boxes, help marks, and updates in place."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)

GREEN, RED, GRAY = "rgb(12, 90, 68)", "rgb(158, 48, 59)", "rgb(104, 98, 85)"


@pytest.fixture(scope="module")
def jr_metric():
    served = Served(ROOT / "tests" / "apps" / "metric_app.py")
    yield served
    served.stop(wait=False)


def _metric(page: Any, label: str) -> Any:
    return page.get_by_role("group", name=label, exact=True)


async def _open(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(_metric(page, "Clicks")).to_be_visible()


async def _font_px(locator: Any) -> float:
    return float((await locator.evaluate("e => getComputedStyle(e).fontSize")).removesuffix("px"))


async def test_value_label_and_delta_with_arrow_and_colour(jr_metric):
    async with chromium() as (page,):
        await _open(page, jr_metric)
        cases = [
            ("Temperature", "70 °F", "1.2 °F", "up", GREEN),
            ("Wind", "9 mph", "-8%", "down", RED),
            ("Gas price", "4", "-0.5", "down", GREEN),  # inverse: down is good
            ("Active developers", "123", "123", "up", GRAY),  # off
            ("Unknown", "—", "0", None, GRAY),  # zero: no arrow
        ]
        for label, value, delta, arrow, colour in cases:
            metric = _metric(page, label)
            await expect(metric.locator(".jr-label")).to_have_text(label)
            await expect(metric.locator(".jr-metric-value")).to_have_text(value)
            pill = metric.locator(".jr-metric-delta")
            await expect(pill).to_have_text(f"{arrow} {delta}" if arrow else delta)  # the arrow is also said
            await expect(pill).to_have_css("color", colour)
            await expect(pill.locator(f"svg.jr-{arrow}")).to_have_count(1 if arrow else 0)
            assert await _font_px(metric.locator(".jr-metric-value")) > 2 * await _font_px(metric.locator(".jr-label"))
        await expect(_metric(page, "Wind").locator("svg.jr-down")).to_have_css(
            "transform", "matrix(-1, 0, 0, -1, 0, 0)"
        )


async def test_border_help_and_collapsed_label(jr_metric):
    async with chromium() as (page,):
        await _open(page, jr_metric)
        await expect(_metric(page, "Pressure")).to_have_css("border-top-width", "1px")
        await expect(_metric(page, "Temperature")).to_have_css("border-top-width", "0px")
        humidity = _metric(page, "Humidity")
        await expect(humidity.get_by_role("button", name="Help")).to_have_attribute("title", "Relative humidity")
        await expect(humidity.locator(".jr-metric-value")).to_have_accessible_description("Relative humidity")
        row = _metric(page, "Clicks").locator(".jr-label-row")
        box = await row.bounding_box()
        assert box is not None and box["width"] <= 1  # collapsed: for screen readers only


async def test_a_metric_updates_in_place(jr_metric):
    async with chromium() as (page,):
        await _open(page, jr_metric)
        clicks = _metric(page, "Clicks")
        await expect(clicks.locator(".jr-metric-value")).to_have_text("0")
        await expect(clicks.locator(".jr-metric-delta")).to_have_count(0)
        await page.get_by_role("button", name="Add").click()
        await expect(clicks.locator(".jr-metric-value")).to_have_text("1")
        await expect(clicks.locator(".jr-metric-delta")).to_have_text("up 1")


async def test_screenshot_of_the_metric_app(jr_metric):
    async with chromium() as (page,):
        await _open(page, jr_metric)
        await page.screenshot(path=str(RESULTS / "metric.png"), full_page=True)


async def test_a_long_value_in_a_narrow_column_keeps_one_line_with_an_ellipsis(jr_metric):
    # Streamlit truncates the value rather than wrapping it (a dashboard's four bordered
    # metrics in a row): one line as tall as a short value's, its end cut with an ellipsis
    async with chromium() as (page,):
        await _open(page, jr_metric)
        long, short = (
            _metric(page, "Views").locator(".jr-metric-value"),
            _metric(page, "Wind").locator(".jr-metric-value"),
        )
        await expect(long).to_have_text("10,935,596")
        await expect(long).to_have_css("text-overflow", "ellipsis")
        await expect(long).to_have_css("white-space", "nowrap")
        box, one_line = await long.bounding_box(), await short.bounding_box()
        assert box and one_line and abs(box["height"] - one_line["height"]) < 1
        assert await long.evaluate("e => e.scrollWidth > e.clientWidth")  # cut, not squeezed


# -- Streamlit 1.67's additions: sparklines, icons, number formats, delta descriptions ----------

DV_GREEN, DV_RED, DV_VIOLET, DV_GRAY = "rgb(7, 148, 100)", "rgb(217, 74, 87)", "rgb(155, 93, 229)", "rgb(107, 114, 128)"


@pytest.fixture(scope="module")
def jr_metric_chart():
    served = Served(ROOT / "tests" / "apps" / "metric_chart_app.py")
    yield served
    served.stop(wait=False)


async def _open_charts(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(_metric(page, "Label")).to_be_visible()
    # drawn once the box has its width
    await expect(_metric(page, "Many points").locator("path.jr-spark-line")).to_have_count(1)


async def _vertices(path: Any) -> list[list[tuple[float, float]]]:
    """A path's runs of vertices ("M x,y L x,y ..." split at each M)."""
    d = await path.get_attribute("d")
    runs = []
    for part in d.split("M")[1:]:
        runs.append([tuple(float(n) for n in xy.split(",")) for xy in part.rstrip("Z").split("L")])
    return runs


async def test_each_chart_type_draws_its_points_in_the_deltas_colour(jr_metric_chart):
    async with chromium() as (page,):
        await _open_charts(page, jr_metric_chart)
        line = _metric(page, "Line").locator(".jr-spark")
        await expect(line).to_have_attribute("data-type", "line")
        (run,) = await _vertices(line.locator("path.jr-spark-line"))
        assert len(run) == 12  # every point
        assert run[0][1] > run[-1][1]  # 0.0 first, near the bottom; 3.4 last, near the top
        await expect(line.locator("path.jr-spark-line")).to_have_css("stroke", DV_GREEN)
        await expect(line.locator("rect, path.jr-spark-area")).to_have_count(0)
        area = _metric(page, "Area").locator(".jr-spark")
        await expect(area.locator("path.jr-spark-line")).to_have_css("stroke", DV_RED)  # a negative delta: red
        await expect(area.locator("path.jr-spark-area")).to_have_css("fill", "rgb(255, 241, 242)")
        (shade,) = await _vertices(area.locator("path.jr-spark-area"))
        assert len(shade) == 12 + 2  # the line and down to the baseline at both ends
        bars = _metric(page, "Bar").locator(".jr-spark rect")
        await expect(bars).to_have_count(12)
        await expect(bars.nth(11)).to_have_css("fill", DV_GREEN)
        assert float(await bars.nth(0).get_attribute("height")) == 0  # the lowest, 0: zero tall
        violet = _metric(page, "Bars").locator(".jr-spark rect")  # delta_color names the colour
        await expect(violet).to_have_count(6)
        await expect(violet.first).to_have_css("fill", DV_VIOLET)
        heights = [float(await violet.nth(i).get_attribute("height")) for i in range(6)]
        ratio = heights[2] / heights[3]  # bars rise from zero: 8 is four times 2
        assert 3.9 < ratio < 4.1
        plain = _metric(page, "Plain line").locator("path.jr-spark-line")  # no delta: grey
        await expect(plain).to_have_css("stroke", DV_GRAY)


async def test_gaps_one_point_equal_points_and_thousands(jr_metric_chart):
    async with chromium() as (page,):
        await _open_charts(page, jr_metric_chart)
        gaps = _metric(page, "Gaps").locator(".jr-spark")
        assert [len(r) for r in await _vertices(gaps.locator("path.jr-spark-line"))] == [2, 2, 1]
        await expect(gaps.locator("circle.jr-spark-dot")).to_have_count(1)  # the lone last point
        one = _metric(page, "One point").locator(".jr-spark")
        ((a, b),) = await _vertices(one.locator("path.jr-spark-line"))
        box = await one.bounding_box()
        assert box and a[1] == b[1] and abs(a[1] - box["height"] / 2) < 1 and b[0] - a[0] > box["width"] - 4
        flat = _metric(page, "Flat").locator(".jr-spark")
        (run,) = await _vertices(flat.locator("path.jr-spark-line"))
        assert len(run) == 4 and len({y for _, y in run}) == 1
        many = _metric(page, "Many points").locator("path.jr-spark-line")
        (run,) = await _vertices(many)
        assert 900 <= len(run) <= 1000  # 5,000 points thinned by the kernel, outline kept


async def test_the_sparkline_keeps_its_height_and_follows_the_width(jr_metric_chart):
    async with chromium() as (page,):
        await _open_charts(page, jr_metric_chart)
        chart = _metric(page, "Many points").locator(".jr-spark")
        box = await chart.bounding_box()
        assert box and box["height"] == 56  # 3.5rem
        (run,) = await _vertices(chart.locator("path.jr-spark-line"))
        assert abs(run[-1][0] - (box["width"] - 1)) < 1  # 1 px in from the right
        await page.set_viewport_size({"width": 500, "height": 900})
        # redrawn at the new width: the last point follows the right edge
        handle = await chart.element_handle()
        await page.wait_for_function(
            """([box, before]) => { const d = box.querySelector("path.jr-spark-line").getAttribute("d");
                        const w = box.getBoundingClientRect().width;
                        return w < before - 50 && Math.abs(+d.split("L").pop().split(",")[0] - (w - 1)) < 1; }""",
            arg=[handle, box["width"]],
        )
        await expect(chart).to_have_css("height", "56px")


async def test_hovering_marks_the_nearest_point_and_shows_its_value(jr_metric_chart):
    async with chromium() as (page,):
        await _open_charts(page, jr_metric_chart)
        chart = _metric(page, "Bars").locator(".jr-spark")
        box = await chart.bounding_box()
        assert box is not None
        tallest = chart.locator("rect").nth(2)  # 8, the third of six
        bar = await tallest.bounding_box()
        assert bar is not None
        await page.mouse.move(bar["x"] + 4, box["y"] + box["height"] - 2)
        await expect(chart.locator(".jr-spark-tip")).to_have_text("8")
        mark = chart.locator("circle.jr-spark-hover")
        await expect(mark).to_have_css("fill", DV_VIOLET)
        assert abs(float(await mark.get_attribute("cy")) - (bar["y"] - box["y"])) < 1  # on the bar's top
        await page.mouse.move(box["x"] + box["width"] - 1, box["y"] + 20)
        await expect(chart.locator(".jr-spark-tip")).to_have_text("4")  # the last
        await page.mouse.move(box["x"], box["y"] - 40)  # away
        await expect(chart.locator(".jr-spark-tip, .jr-spark-hover")).to_have_count(0)


async def test_icon_format_and_delta_description(jr_metric_chart):
    async with chromium() as (page,):
        await _open_charts(page, jr_metric_chart)
        temp = _metric(page, "Temperature")
        await expect(temp.locator(".jr-label-row > .jr-bicon .jr-icon")).to_have_text("thermostat")
        icon, label = await temp.locator(".jr-bicon").bounding_box(), await temp.locator(".jr-label").bounding_box()
        assert icon and label and icon["x"] < label["x"]  # before the label
        await expect(_metric(page, "Fire").locator(".jr-bicon")).to_have_text("🔥")
        revenue = _metric(page, "Revenue")
        await expect(revenue.locator(".jr-metric-value")).to_have_text("$1,234.50")
        await expect(revenue.locator(".jr-metric-delta")).to_have_text("down -$56.25")
        note = revenue.locator(".jr-metric-note")
        await expect(note).to_have_text("month over month")
        await expect(revenue.locator(".jr-metric-delta")).to_have_accessible_description("month over month")
        await expect(note).to_have_css("font-size", "14px")
        nb, pb = await note.bounding_box(), await revenue.locator(".jr-metric-delta").bounding_box()
        assert (
            nb
            and pb
            and nb["x"] > pb["x"] + pb["width"]
            and abs(nb["y"] + nb["height"] / 2 - pb["y"] - pb["height"] / 2) < 2
        )
        share = _metric(page, "Share")
        await expect(share.locator(".jr-metric-value")).to_have_text("25.6%")
        await expect(share.locator(".jr-metric-delta")).to_have_text("up 1.3%")
        await expect(_metric(page, "Count").locator(".jr-metric-value")).to_have_text("12,345")  # "%,d" of a string
        label_metric = _metric(page, "Label")
        await expect(label_metric.locator(".jr-metric-value")).to_have_text("n/a")  # not a number: as given
        await expect(label_metric.locator(".jr-metric-delta")).to_have_text("up 5")
        await expect(label_metric.locator(".jr-metric-note")).to_have_text("no change")


async def test_markdown_in_label_value_delta_and_description(jr_metric_chart):
    async with chromium() as (page,):
        await _open_charts(page, jr_metric_chart)
        metric = _metric(page, "Bold label")  # the accessible name is the label as shown
        await expect(metric.locator(".jr-label strong")).to_have_text("Bold")
        await expect(metric.locator(".jr-metric-value code")).to_have_text("code")
        pill = metric.locator(".jr-metric-delta")
        await expect(pill.locator("em")).to_have_text("up")
        await expect(pill.locator("svg.jr-up")).to_have_count(1)  # the arrow kept beside the markup
        await expect(metric.locator(".jr-metric-note a")).to_have_attribute("href", "https://example.com")


async def test_the_sparkline_chunk_loads_only_with_a_sparkline_and_vega_never(jr_metric, jr_metric_chart):
    async with chromium() as (page,):
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        await _open(page, jr_metric)
        await page.wait_for_load_state("networkidle")
        assert not [u for u in fetched if "/chunks/sparkline" in u]
        fetched.clear()
        await _open_charts(page, jr_metric_chart)
        await page.wait_for_load_state("networkidle")
        assert [u for u in fetched if "/chunks/sparkline.js" in u]
        assert not [u for u in fetched if "/chunks/vega" in u]


async def test_the_sparklines_room_is_there_before_its_chunk(jr_metric_chart):
    # first paint holds the box at its height, so nothing moves when the drawing arrives; a chunk
    # that cannot load leaves the box empty and the metric whole
    async with chromium() as (page,):
        await page.route("**/chunks/sparkline.js*", lambda route: route.abort())
        await page.goto(f"{jr_metric_chart.url}/")
        line = _metric(page, "Line")
        await expect(line.locator(".jr-metric-value")).to_have_text("10")
        await expect(line.locator(".jr-spark")).to_have_css("height", "56px")
        await expect(line.locator(".jr-metric-delta")).to_have_text("up 0.6")
        await expect(page.locator(".jr-spark svg")).to_have_count(0)


async def test_the_sparkline_drawer_takes_garbage_without_breaking(jr_metric_chart):
    # what the chunk does with points and types the kernel never sends: draws what is a number
    async with chromium() as (page,):
        await _open_charts(page, jr_metric_chart)
        shapes = await page.evaluate(
            """async () => {
                const { attach } = window.__jrChunks.sparkline;
                const cases = [
                    { type: "pie", points: [1, 2, 3] }, { type: null, points: "123" }, { points: null },
                    { type: "bar", points: [null, "7", {}, [], true, 2, 1e308, -1e308] },
                    { type: "area", points: [NaN, Infinity] }, {}, { type: "line", points: [5] },
                ];
                const out = [];
                for (const chart of cases) {
                    const box = document.createElement("div");
                    box.className = "jr-spark";
                    box.style.width = "200px";
                    document.body.append(box);
                    attach(box, chart);
                    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
                    out.push([...box.querySelectorAll("svg > *")].map((e) => e.tagName).join(" "));
                    box.remove();
                }
                return out;
            }"""
        )
        assert shapes == ["path", "", "", "rect rect rect", "", "", "path"]


async def test_screenshot_of_the_sparklines(jr_metric_chart):
    async with chromium() as (page,):
        await _open_charts(page, jr_metric_chart)
        await page.screenshot(path=str(RESULTS / "metric_charts.png"), full_page=True)
