"""Expanders, tabs and popovers that track their state (``on_change``/``key``/``.open``), as a
viewer uses them in Debian's Chromium: opening reruns the app and draws what a closed one
skipped; a tab chosen by a click or by the script (``session_state``) is the one shown."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, ROOT, Served, chromium

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def jr_tracked():
    served = Served(ROOT / "tests" / "apps" / "tracked_app.py")
    yield served
    served.stop(wait=False)


async def _open(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("runs: 1")).to_be_visible()


async def test_tracked_expander_tabs_and_popover(jr_tracked: Served) -> None:
    async with chromium() as (page,):
        await _open(page, jr_tracked)
        await expect(page.get_by_text("expander open: False")).to_be_visible()
        await expect(page.get_by_text("The summary, drawn only when open")).to_have_count(0)
        await page.get_by_text("Summary", exact=True).click()
        await expect(page.get_by_text("The summary, drawn only when open")).to_be_visible()
        await expect(page.get_by_text("expander open: True")).to_be_visible()

        # the default tab, then a click
        await expect(page.get_by_role("tab", name="Dog")).to_have_attribute("aria-selected", "true")
        await expect(page.get_by_text("This is the dog")).to_be_visible()
        await expect(page.get_by_role("tab", name="Owl").locator("strong")).to_have_text("Owl")  # markdown
        await page.get_by_role("tab", name="Owl").click()
        await expect(page.get_by_text("tab: Owl")).to_be_visible()  # its value is "**Owl**", written
        await expect(page.get_by_text("This is the owl")).to_be_visible()
        await expect(page.get_by_text("This is the dog")).to_have_count(0)
        # the script selects a tab through session_state
        await page.get_by_role("button", name="Show the cat").click()
        await expect(page.get_by_text("tab: Cat")).to_be_visible()
        await expect(page.get_by_role("tab", name="Cat")).to_have_attribute("aria-selected", "true")
        await expect(page.get_by_text("This is the cat")).to_be_visible()

        # the popover: open and closed are reruns the script sees
        await page.get_by_role("button", name="Drawer").click()
        await expect(page.get_by_text("popover is open")).to_be_visible()
        await expect(page.get_by_role("dialog", name="Drawer").get_by_text("In the drawer")).to_be_visible()
        await page.keyboard.press("Escape")
        await expect(page.get_by_text("popover is closed")).to_be_visible()
        RESULTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(RESULTS / "tracked-containers.png"), full_page=True)
        # the expander stays as the viewer left it
        await expect(page.get_by_text("The summary, drawn only when open")).to_be_visible()
