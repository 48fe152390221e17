"""``required`` on date_input, time_input and datetime_input, and ``multiselect(select_all=)``,
in Chromium, as Streamlit 1.67's behave: "(required)" after the label, no clearing, an emptied
field not applied and saying why, a form not submitted; a "Select all" entry first."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def jr_required():
    served = Served(ROOT / "tests" / "apps" / "required_pickers_app.py")
    yield served
    served.stop(wait=False)


def _field(page: Any, label: str) -> Any:
    return page.locator(".jr-widget", has=page.get_by_text(label, exact=True))


async def _open(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("due is 2026-01-05 start is None at is None when is None")).to_be_visible()


async def test_required_pickers_refuse_empty_values(jr_required):
    async with chromium() as (page,):
        await _open(page, jr_required)
        for label in ("Due", "Start", "At", "When", "Form date", "Form time"):
            await expect(_field(page, label).locator(".jr-required")).to_have_text("(required)")
        # a date: applied; emptied, not applied (the last one is kept) and the field says why
        start = page.get_by_label("Start", exact=True)
        await start.fill("2026/03/04")
        await start.press("Enter")
        await expect(page.get_by_text("start is 2026-03-04")).to_be_visible()
        await expect(_field(page, "Start").get_by_role("button", name="Clear")).to_be_hidden()
        await start.fill("")
        await start.press("Enter")
        await expect(_field(page, "Start").get_by_role("alert")).to_have_text("This field is required.")
        await start.press("Escape")  # no clearing by Escape either
        await expect(page.get_by_text("start is 2026-03-04")).to_be_visible()
        await start.fill("2026/03/05")
        await expect(_field(page, "Start").get_by_role("alert")).to_have_count(0)  # typing clears it
        await start.press("Enter")
        await expect(page.get_by_text("start is 2026-03-05")).to_be_visible()
        # a time, the same
        at = page.get_by_label("At", exact=True)
        await at.fill("09:30")
        await at.press("Enter")
        await expect(page.get_by_text("at is 09:30:00")).to_be_visible()
        await expect(_field(page, "At").get_by_role("button", name="Clear")).to_be_hidden()
        await at.fill("")
        await at.press("Enter")
        await expect(_field(page, "At").get_by_role("alert")).to_have_text("This field is required.")
        await expect(page.get_by_text("at is 09:30:00")).to_be_visible()
        # a datetime: both parts, then its date emptied
        await page.get_by_label("When", exact=True).fill("2026/04/01")
        await page.get_by_label("When", exact=True).press("Enter")
        await expect(page.get_by_text("when is 2026-04-01 00:00:00")).to_be_visible()
        await page.get_by_label("When (time)").fill("10:00")
        await page.get_by_label("When (time)").press("Enter")
        await expect(page.get_by_text("when is 2026-04-01 10:00:00")).to_be_visible()
        await page.get_by_label("When", exact=True).fill("")
        await page.get_by_label("When", exact=True).press("Enter")
        await expect(_field(page, "When").get_by_role("alert")).to_have_text("This field is required.")
        await expect(page.get_by_text("when is 2026-04-01 10:00:00")).to_be_visible()

        # a form with an empty required date or time is not submitted
        send = page.get_by_role("button", name="Send")
        await send.click()
        await expect(_field(page, "Form date").get_by_role("alert")).to_have_text("This field is required.")
        await expect(_field(page, "Form time").get_by_role("alert")).to_have_text("This field is required.")
        await expect(page.get_by_text("form is None None False")).to_be_visible()
        await page.get_by_label("Form date", exact=True).fill("2026/05/06")
        await page.get_by_label("Form time", exact=True).fill("08:15")
        await send.click()
        await expect(page.get_by_text("form is 2026-05-06 08:15:00 True")).to_be_visible()


async def test_multiselect_select_all(jr_required):
    async with chromium() as (page,):
        await _open(page, jr_required)
        fruits = page.get_by_role("combobox", name="Fruits")
        await fruits.click()
        options = page.get_by_role("option")
        await expect(options).to_have_text(["Select all", "apple", "banana", "cherry", "date", "elderberry"])
        await fruits.press_sequentially("an")  # one match (banana): no entry, as in Streamlit
        await expect(options.first).not_to_have_text("Select all")
        await fruits.fill("a")
        await expect(options.first).to_have_text("Select 3 matches")
        await options.first.click()  # the offered ones, in the list's order
        await expect(page.get_by_text("fruits are apple, banana, date")).to_be_visible()
        await fruits.fill("")
        # two more offered, room for one (max_selections=4): the entry still shows, and takes one
        await expect(options).to_have_text(["Select all", "cherry", "elderberry"])
        await fruits.press("Enter")  # Enter on the first entry: select all
        await expect(page.get_by_text("fruits are apple, banana, date, cherry")).to_be_visible()
        # select_all=False: never
        few = page.get_by_role("combobox", name="Few")
        await few.click()
        await expect(options).to_have_text(["x", "y", "z"])
