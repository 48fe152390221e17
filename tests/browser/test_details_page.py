"""Parameters that only warned before, drawn and working in Debian's Chromium (tests/apps/
details_app.py): GFM autolinks in markdown and their targets, alert titles, a spinner's elapsed
time, a linked image, compact and step expanders and statuses, an autoscrolling container and a
dialog's icon."""

from __future__ import annotations

import re

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


async def test_alert_titles_sit_above_the_text_beside_the_icon(jr_details):
    async with chromium() as (page,):
        await page.goto(jr_details.url + "/")
        oops = page.locator(".jr-alert", has_text="The upload failed.")
        await expect(oops.locator(".jr-alert-title")).to_have_text("Oops")
        heads = page.locator(".jr-alert", has_text="Quota nearly used.")
        await expect(heads.locator(".jr-alert-title em")).to_have_text("Heads")
        icon = await heads.locator(".jr-alert-head > .jr-alert-icon").bounding_box()
        title = await heads.locator(".jr-alert-title").bounding_box()
        body = await heads.locator(".jr-alert-body").bounding_box()
        assert icon and title and body
        assert icon["x"] < title["x"] and abs((icon["y"] + icon["height"] / 2) - (title["y"] + title["height"] / 2)) < 3
        assert body["y"] >= title["y"] + title["height"] and abs(body["x"] - icon["x"]) < 2  # under both
        weight = await heads.locator(".jr-alert-title").evaluate("e => getComputedStyle(e).fontWeight")
        assert weight == "700"


async def test_spinner_shows_the_time_elapsed(jr_details):
    async with chromium() as (page,):
        await page.goto(jr_details.url + "/?work=3")
        await page.get_by_role("button", name="Work").click()
        time = page.locator(".jr-spinner .jr-spin-time")
        await expect(page.locator(".jr-spinner [role=status] strong")).to_have_text("Working")  # markdown
        await expect(time).to_have_text(re.compile(r"^\(0\.\d seconds\)$"))
        await expect(time).to_have_text(re.compile(r"^\([12]\.\d seconds\)$"))  # it counts
        await expect(page.get_by_text("worked")).to_be_visible()
        await expect(time).to_have_count(0)  # gone with its block


async def test_a_linked_image_opens_its_link_in_a_new_tab(jr_details):
    async with chromium() as (page,):
        await page.context.route("https://example.com/**", lambda route: route.fulfill(body="<p>picture page</p>"))
        await page.goto(jr_details.url + "/")
        link = page.locator("figure a.jr-image-link")
        await expect(link).to_have_attribute("href", "https://example.com/picture")
        await expect(link).to_have_attribute("target", "_blank")
        await expect(link).to_have_attribute("rel", "noreferrer")
        async with page.expect_popup() as opened:
            await link.locator("img").click()
        popup = await opened.value
        await popup.wait_for_load_state()
        assert popup.url == "https://example.com/picture"
        assert await popup.evaluate("window.opener === null")  # noreferrer: no handle on the app
        assert page.url.startswith(jr_details.url)  # the app stays where it was


async def test_compact_and_step_expanders(jr_details):
    async with chromium() as (page,):
        await page.goto(jr_details.url + "/")
        compact = page.locator(".jr-xt-compact", has_text="Compact details")
        summary = compact.locator("summary")
        assert await summary.evaluate("s => getComputedStyle(s).opacity") == "0.6"
        assert await compact.locator("details").evaluate("d => getComputedStyle(d).borderTopStyle") == "none"
        await summary.click()
        await expect(page.get_by_text("inside the compact expander")).to_be_visible()

        steps = page.locator(".jr-xt-step")
        await expect(steps).to_have_count(4)  # three expanders and a status
        line = (
            "e => { const s = getComputedStyle(e, '::after'); return s.content === 'none' ? 0 : parseFloat(s.height) }"
        )
        first, second, last, status = [await steps.nth(i).evaluate(line) for i in range(4)]
        assert first > 10 and second > 10  # joined to the next step
        assert last == 0  # an empty step ends the timeline
        assert status == 0  # closed, and no step after it
        await expect(steps.nth(0).locator(".jr-exp-icon .jr-icon")).to_have_text("circle")
        await expect(steps.nth(1).locator(".jr-exp-icon .jr-icon")).to_have_text("search")
        await expect(steps.nth(3).locator(".jr-st-icon .jr-icon")).to_have_text("check_circle")
        await steps.nth(0).locator("summary").click()
        await expect(page.get_by_text("first step")).to_be_visible()
        assert await steps.nth(2).locator("summary").evaluate("s => getComputedStyle(s).pointerEvents") == "none"


async def test_an_autoscroll_container_follows_new_content(jr_details):
    async with chromium() as (page,):
        await page.goto(jr_details.url + "/")
        feed = page.locator(".st-key-feed")
        at_bottom = "e => e.scrollHeight - e.scrollTop - e.clientHeight < 2"
        await expect(feed.get_by_text("line 19", exact=True)).to_be_visible()
        await page.wait_for_function(f"({at_bottom})(document.querySelector('.st-key-feed'))")
        await page.get_by_role("button", name="More lines").click()
        await expect(feed.get_by_text("line 24", exact=True)).to_be_in_viewport()
        await page.wait_for_function(f"({at_bottom})(document.querySelector('.st-key-feed'))")
        # scrolled up by the viewer: new lines do not pull the view down
        await feed.evaluate("e => { e.scrollTop = 0; e.dispatchEvent(new Event('scroll')) }")
        await page.get_by_role("button", name="More lines").click()
        await expect(feed.get_by_text("line 29", exact=True)).to_be_attached()
        assert await feed.evaluate("e => e.scrollTop") == 0
        await expect(feed.get_by_text("line 0", exact=True)).to_be_in_viewport()


async def test_a_dialogs_icon_sits_before_its_title(jr_details):
    async with chromium() as (page,):
        await page.goto(jr_details.url + "/")
        await page.get_by_role("button", name="Open dialog").click()
        dialog = page.get_by_role("dialog", name="Settings")
        await expect(dialog).to_be_visible()
        icon = dialog.locator(".jr-dlg-title .jr-dlg-icon .jr-icon")
        await expect(icon).to_have_text("settings")
        title = await dialog.locator(".jr-dlg-title > span:last-child").bounding_box()
        box = await icon.bounding_box()
        assert box and title and box["x"] + box["width"] <= title["x"]
