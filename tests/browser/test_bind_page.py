"""Widgets bound to the URL (``bind="query-params"``) in Debian's Chromium: the URL's values
show in the widgets, a change rewrites the URL in place, a reload keeps the values, and a value
the widget refuses gives its default and a warning."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def jr_bind():
    served = Served(ROOT / "tests" / "apps" / "bind_app.py")
    yield served
    served.stop(wait=False)


def _base(served: Served) -> str:
    return f"{served.url}/reactive/app/bind_app.py"


async def test_the_url_sets_the_widgets_a_change_rewrites_it_and_reload_keeps_it(jr_bind):
    base = _base(jr_bind)
    async with chromium() as (page,):
        await page.goto(f"{base}?amount=7&fruit=banana&tags=blue&tags=red&extra=TRUE&other=x")
        await expect(
            page.get_by_text("Amount is 7; fruit is banana; tags are blue, red; extra is True.")
        ).to_be_visible()
        await expect(page.get_by_role("checkbox", name="Extra")).to_be_checked()
        await expect(page.get_by_role("slider", name="Amount")).to_have_value("7")
        # the URL in its canonical form (true, not TRUE), other keys kept
        await expect(page).to_have_url(f"{base}?amount=7&fruit=banana&tags=blue&tags=red&extra=true&other=x")
        entries = await page.evaluate("history.length")

        # a change: the URL follows in place; back at the default, the key leaves the URL
        await page.get_by_role("checkbox", name="Extra").click()
        await expect(page.get_by_text("extra is False.")).to_be_visible()
        await expect(page).to_have_url(f"{base}?amount=7&fruit=banana&tags=blue&tags=red&other=x")
        slider = page.get_by_role("slider", name="Amount")
        await slider.focus()
        await page.keyboard.press("ArrowRight")
        await expect(page.get_by_text("Amount is 8;")).to_be_visible()
        await expect(page).to_have_url(f"{base}?amount=8&fruit=banana&tags=blue&tags=red&other=x")
        assert await page.evaluate("history.length") == entries  # replaceState: no new entry
        await expect(
            page.get_by_text("Query: [('amount', '8'), ('fruit', 'banana'), ('other', 'x'), ('tags', 'red')]")
        ).to_be_visible()

        # a reload (a new session) opens at the written URL: the same values
        await page.reload()
        await expect(
            page.get_by_text("Amount is 8; fruit is banana; tags are blue, red; extra is False.")
        ).to_be_visible()
        await expect(page.get_by_role("slider", name="Amount")).to_have_value("8")
        await expect(page).to_have_url(f"{base}?amount=8&fruit=banana&tags=blue&tags=red&other=x")


async def test_a_value_the_widget_refuses_gives_its_default_and_a_warning(jr_bind):
    base = _base(jr_bind)
    async with chromium() as (page,):
        await page.goto(f"{base}?amount=99&fruit=kiwi&extra=true")
        await expect(page.get_by_text("Amount is 3; fruit is apple; tags are none; extra is True.")).to_be_visible()
        await expect(page.get_by_text("query parameter 'amount'")).to_be_visible()
        await expect(page.get_by_text("query parameter 'fruit'")).to_be_visible()
        await expect(page).to_have_url(f"{base}?extra=true")


async def test_back_and_forward_move_the_widgets_with_the_url(jr_bind):
    """Bound widgets rewrite their history entry in place (as Streamlit's page does); a
    jr.query_params write is a new entry. Back and forward restore a URL, and the bound widgets
    and the page follow it without a reload."""
    base = _base(jr_bind)
    async with chromium() as (page,):
        await page.goto(f"{base}?amount=5")
        await expect(page.get_by_text("Amount is 5;")).to_be_visible()
        await page.get_by_role("button", name="Details").click()
        await expect(page).to_have_url(f"{base}?amount=5&view=details")
        slider = page.get_by_role("slider", name="Amount")
        for shown in (6, 7):  # two changes of the bound slider
            await slider.focus()
            await page.keyboard.press("ArrowRight")
            await expect(page.get_by_text(f"Amount is {shown};")).to_be_visible()
            await expect(page).to_have_url(f"{base}?amount={shown}&view=details")
        await page.evaluate("window.jrSameDocument = true")

        await page.go_back()
        await expect(page).to_have_url(f"{base}?amount=5")
        await expect(page.get_by_text("Amount is 5; fruit is apple")).to_be_visible()
        await expect(slider).to_have_value("5")
        await expect(page.get_by_text("Query: [('amount', '5')]")).to_be_visible()

        await page.go_forward()
        await expect(page).to_have_url(f"{base}?amount=7&view=details")
        await expect(page.get_by_text("Amount is 7; fruit is apple")).to_be_visible()
        await expect(slider).to_have_value("7")
        await expect(page.get_by_text("Query: [('amount', '7'), ('view', 'details')]")).to_be_visible()
        assert await page.evaluate("window.jrSameDocument === true")  # no reload on the way
