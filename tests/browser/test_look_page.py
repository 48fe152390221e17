"""The page looks like Streamlit 1.67's in Debian's Chromium: the 704 px reading column, the
44/36/28 px headings with Streamlit's weights, 40 px fields, the 8 px progress bar, the palette,
and no gradient decoration above the header (Streamlit 1.67 draws none)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def jr_look():
    served = Served(ROOT / "tests" / "apps" / "look_app.py")
    yield served
    served.stop()


async def _style(locator: Any, prop: str) -> str:
    return str(await locator.evaluate(f"e => getComputedStyle(e).{prop}"))


async def _open(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_role("textbox", name="Name")).to_be_visible()


async def test_column_headings_fields_and_palette_match_streamlit(jr_look):
    async with chromium() as (page,):
        await _open(page, jr_look)
        root = page.locator(".jr-main > .jr-root")
        box = await root.bounding_box()
        assert box is not None and box["width"] == 704
        for text, size, weight in [("Look", "44px", "700"), ("Header", "36px", "600"), ("Subheader", "28px", "600")]:
            heading = page.get_by_role("heading", name=text, exact=True)
            assert await _style(heading, "fontSize") == size, text
            assert await _style(heading, "fontWeight") == weight, text
        field = await page.get_by_role("textbox", name="Name").bounding_box()
        assert field is not None and field["height"] == 40
        track = await page.locator(".jr-progress-track").bounding_box()
        assert track is not None and track["height"] == 8
        await expect(page.get_by_role("button", name="Go")).to_have_css("background-color", "rgb(255, 75, 75)")
        await expect(page.locator("body")).to_have_css("color", "rgb(49, 51, 63)")
        await expect(page.locator("body")).to_have_css("background-color", "rgb(255, 255, 255)")
        await expect(page.locator(".jr-deco")).to_have_count(0)


async def test_slider_shows_min_and_max_only_on_hover(jr_look):
    async with chromium() as (page,):
        await _open(page, jr_look)
        ticks = page.locator(".jr-ticks")
        await expect(ticks).to_have_text("010")
        await page.mouse.move(0, 0)
        await expect(ticks).to_have_css("opacity", "0")
        await page.get_by_role("slider", name="Level").hover()
        await expect(ticks).to_have_css("opacity", "1")


async def test_dark_palette_is_streamlits(jr_look):
    async with chromium() as (page,):
        await page.emulate_media(color_scheme="dark")
        await _open(page, jr_look)
        await expect(page.locator("body")).to_have_css("background-color", "rgb(14, 17, 23)")
        await expect(page.locator("body")).to_have_css("color", "rgb(250, 250, 250)")
        field = page.get_by_role("textbox", name="Name")
        await expect(field).to_have_css("background-color", "rgb(38, 39, 48)")
        await expect(page.get_by_role("button", name="Go")).to_have_css("background-color", "rgb(255, 75, 75)")
