"""``set_page_config`` in Chromium: the tab's title and icon, the wide layout, and the sidebar's
initial state, which yields to the viewer's own toggling on later runs."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def jr_page_config():
    served = Served(ROOT / "tests" / "apps" / "page_config_app.py")
    yield served
    served.stop(wait=False)


async def test_title_icon_wide_layout_and_collapsed_sidebar(jr_page_config):
    async with chromium() as (page,):
        await page.goto(f"{jr_page_config.url}/")
        await expect(page.get_by_role("heading", name="Wide dashboard")).to_be_visible()
        await expect(page).to_have_title("Sales board")
        icon = await page.locator('link[rel="icon"]').get_attribute("href")
        assert icon and icon.startswith("data:image/svg+xml,") and "%F0%9F%93%88" in icon  # 📈
        # wide: the column spans the window, not the 736 px reading column
        width = await page.locator(".jr-main > .jr-root").evaluate("e => e.getBoundingClientRect().width")
        assert width > 1000
        # the 1280 px window would open the sidebar; the script asked for it collapsed
        toggle = page.get_by_role("button", name="Sidebar")
        await expect(toggle).to_have_attribute("aria-expanded", "false")
        await expect(page.get_by_text("Filters")).not_to_be_visible()
        await page.screenshot(path=str(RESULTS / "page-config.png"))

        # the viewer opens it; the next run's set_page_config does not close it again
        await toggle.click()
        await expect(page.get_by_text("Filters")).to_be_visible()
        await page.get_by_role("button", name="Again").click()
        await expect(page.get_by_text("run 2")).to_be_visible()
        await expect(page.get_by_text("Filters")).to_be_visible()
        await expect(toggle).to_have_attribute("aria-expanded", "true")


async def test_a_plain_app_keeps_the_centered_column_and_its_file_name_title(jr_hello):
    async with chromium() as (page,):
        await page.goto(f"{jr_hello.url}/")
        await expect(page.locator(".jr-main .jr-root > *").first).to_be_visible()
        width = await page.locator(".jr-main > .jr-root").evaluate("e => e.getBoundingClientRect().width")
        assert width <= 736
        # no page_icon: jupyter-server's icon, under the server's base URL (not the host's root)
        assert await page.locator('link[rel="icon"]').get_attribute("href") == "/static/favicon.ico"
