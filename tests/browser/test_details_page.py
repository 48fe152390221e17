"""Parameters that only warned before, drawn and working in Debian's Chromium (tests/apps/
details_app.py): GFM autolinks in markdown and their targets, alert titles, a spinner's elapsed
time, a linked image, compact and step expanders and statuses, an autoscrolling container and a
dialog's icon."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def jr_details():
    served = Served(ROOT / "tests" / "apps" / "details_app.py")
    yield served
    served.stop(wait=False)


async def test_bare_urls_and_emails_are_links_that_open_a_new_tab(jr_details):
    async with chromium() as (page,):
        await page.goto(jr_details.url + "/")
        para = page.locator(".jr-md", has_text="Autolinks:")
        links = para.locator("a")
        await expect(links).to_have_count(4)
        hrefs = [await links.nth(i).get_attribute("href") for i in range(4)]
        assert hrefs == [
            "https://example.com/a_(b)",
            "http://www.example.org",
            "mailto:me@example.com",
            "https://example.net/",
        ]
        for i in range(4):
            assert await links.nth(i).get_attribute("target") == "_blank"
            assert await links.nth(i).get_attribute("rel") == "noopener noreferrer"
        await expect(para.locator("code")).to_have_text("https://in.code")  # code stays code
        # the app's own <a> (unsafe_allow_html) opens a new tab too; a #fragment link stays
        raw = page.get_by_role("link", name="a raw link")
        await expect(raw).to_have_attribute("target", "_blank")
        await expect(raw).to_have_attribute("rel", "noopener noreferrer")
        top = page.get_by_role("link", name="the top")
        await expect(top).to_have_attribute("href", "#top")
        assert await top.get_attribute("target") is None
