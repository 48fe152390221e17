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
