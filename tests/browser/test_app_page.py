"""The demo app in Debian's Chromium: widgets found by role and label, the page reacts, tabs
are independent sessions, a lost connection is shown and recovered."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, chromium

pytestmark = pytest.mark.timeout(180)


async def _open(page, served):
    await page.goto(f"{served.url}/")  # serve mode redirects / to the app
    await expect(page.get_by_text("value: 25")).to_be_visible()


async def test_slider_button_text_and_checkbox_drive_the_page(jr_hello):
    async with chromium() as (page,):
        await _open(page, jr_hello)
        assert "/reactive/app/hello.py" in page.url
        await page.get_by_role("slider", name="n").focus()
        for _ in range(5):
            await page.keyboard.press("ArrowRight")
        await expect(page.get_by_text("value: 30")).to_be_visible()
        await expect(page.get_by_text("n squared is 900")).to_be_visible()

        await page.get_by_role("button", name="inc").click()
        await expect(page.get_by_text("clicks: 1")).to_be_visible()
        await page.get_by_role("button", name="inc").click()
        await expect(page.get_by_text("clicks: 2")).to_be_visible()

        name = page.get_by_role("textbox", name="name")
        await name.fill("Ada")
        await name.press("Enter")
        await expect(page.get_by_text("Hello, Ada!")).to_be_visible()

        await page.get_by_role("checkbox", name="show greeting").uncheck()
        await expect(page.get_by_text("Hello, Ada!")).to_have_count(0)

        await page.get_by_role("combobox", name="flavour").select_option(label="chocolate")
        await page.get_by_role("radio", name="large").check()
        await expect(page.get_by_text("One large chocolate, coming up.")).to_be_visible()
        await expect(page.get_by_text("clicks: 2")).to_be_visible()  # session_state survived every rerun

        await page.get_by_role("button", name="Rerun").click()  # the rerun control: same values
        await expect(page.get_by_text("One large chocolate, coming up.")).to_be_visible()
        await expect(page.get_by_text("clicks: 2")).to_be_visible()


async def test_two_tabs_are_independent_sessions(jr_hello):
    async with chromium(pages=2) as (one, two):
        await _open(one, jr_hello)
        await _open(two, jr_hello)
        await one.get_by_role("slider", name="n").fill("70")
        await expect(one.get_by_text("value: 70")).to_be_visible()
        await two.get_by_role("button", name="inc").click()
        await expect(two.get_by_text("clicks: 1")).to_be_visible()
        await expect(two.get_by_text("value: 25")).to_be_visible()
        await expect(one.get_by_text("clicks: 0")).to_be_visible()


async def test_lost_connection_is_shown_and_the_session_resumes(jr_hello):
    async with chromium() as (page,):
        sockets = []

        async def through(ws):  # a transparent hop between page and server that we can cut
            ws.connect_to_server()
            sockets.append(ws)

        await page.route_web_socket(re.compile(r".*/reactive/ws/.*"), through)
        await _open(page, jr_hello)
        await page.get_by_role("slider", name="n").fill("40")
        await expect(page.get_by_text("value: 40")).to_be_visible()
        await sockets[-1].close(code=1001, reason="network dropped")
        await expect(page.get_by_text("Connection lost — reconnecting…")).to_be_visible()
        await expect(page.get_by_text("Connection lost — reconnecting…")).to_be_hidden()
        assert len(sockets) == 2  # it reconnected by itself
        await expect(page.get_by_text("value: 40")).to_be_visible()  # same session: the value is kept
        await page.get_by_role("slider", name="n").fill("41")
        await expect(page.get_by_text("value: 41")).to_be_visible()


async def test_screenshot_of_the_demo(jr_hello):
    async with chromium() as (page,):
        await _open(page, jr_hello)
        await page.get_by_role("button", name="inc").click()
        await expect(page.get_by_text("clicks: 1")).to_be_visible()
        await page.get_by_text("How does this work?").click()
        await expect(page.get_by_text("The script runs top to bottom")).to_be_visible()
        RESULTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(RESULTS / "hello.png"), full_page=True)
        assert (RESULTS / "hello.png").stat().st_size > 10_000
