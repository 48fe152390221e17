"""``download_button(data=a function)`` in Debian's Chromium: the click makes the file in the
kernel, the browser saves it under its name; a failing function is a toast, and the page goes on."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def jr_downloads():
    served = Served(ROOT / "tests" / "apps" / "deferred_download_app.py")
    yield served
    served.stop(wait=False)


async def test_deferred_download_is_made_on_click(jr_downloads: Served, tmp_path) -> None:
    async with chromium() as (page,):
        await page.goto(f"{jr_downloads.url}/")
        await expect(page.get_by_text("reports made: 0")).to_be_visible()
        button = page.get_by_role("button", name="Download report")
        async with page.expect_download() as info:
            await button.click()
        download = await info.value
        assert download.suggested_filename == "report.csv"
        saved = tmp_path / "report.csv"
        await download.save_as(saved)
        assert saved.read_text() == "col1,col2\n1,1\n"
        # made once, by the click (a rerun, on_click's default, does not make it again)
        await page.get_by_role("button", name="Rerun", exact=True).click()
        await expect(page.get_by_text("reports made: 1")).to_be_visible()
        await expect(button).not_to_have_attribute("aria-busy", "true")

        # a function that fails: the viewer is told, nothing is saved, the page goes on
        await page.get_by_role("button", name="Broken download").click()
        await expect(page.get_by_text("RuntimeError: no data today")).to_be_visible()
        async with page.expect_download() as again:
            await button.click()
        await (await again.value).save_as(tmp_path / "second.csv")
        assert (tmp_path / "second.csv").read_text() == "col1,col2\n1,2\n"
