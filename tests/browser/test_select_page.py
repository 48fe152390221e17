"""The select box in Chromium, as Streamlit's behaves: a combobox whose typed text filters its
options (best fuzzy match first, or by prefix), chosen with the arrow keys and Enter or a click;
Escape or leaving the field puts the chosen option's text back; a typed option of the viewer's
own with ``accept_new_options``; no typing with ``filter_mode=None``."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, choose, chromium


@pytest.fixture(scope="module")
def jr_select():
    served = Served(ROOT / "tests" / "apps" / "select_app.py")
    yield served
    served.stop(wait=False)


async def _open(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("fruit is pineapple", exact=True)).to_be_visible()


def _offered(page: Any) -> Any:
    """The options the box's popup offers now, as a locator."""
    return page.locator(".jr-ms-list:not([hidden]) [role=option]")


async def test_typing_filters_the_options_best_match_first(jr_select):
    async with chromium() as (page,):
        await _open(page, jr_select)
        city = page.get_by_role("combobox", name="City")
        await expect(city).to_have_value("Amsterdam")
        await city.click()
        await expect(_offered(page)).to_have_text(["Amsterdam", "Berlin", "New York", "Newcastle", "Ankara", "Oslo"])
        await city.press_sequentially("o")  # the text was selected on focus: typing replaces it
        await expect(_offered(page)).to_have_text(["Oslo", "New York"])  # a match at the start first
        await city.press_sequentially("y")  # "oy": no option has an o then a y
        await expect(page.locator(".jr-ms-list:not([hidden]) .jr-ms-empty")).to_have_text("No results")
        await city.fill("nyk")  # letters in order, not together: New York only
        await expect(_offered(page)).to_have_text(["New York"])
        await city.press("Enter")
        await expect(page.get_by_text("city is New York", exact=True)).to_be_visible()
        await expect(city).to_have_value("New York")
        await expect(city).to_have_attribute("aria-expanded", "false")


async def test_arrow_keys_enter_escape_and_leaving_the_field(jr_select):
    async with chromium() as (page,):
        await _open(page, jr_select)
        city = page.get_by_role("combobox", name="City")
        await city.focus()
        await city.press("ArrowDown")  # opens on the chosen option
        await expect(city).to_have_attribute("aria-expanded", "true")
        active = page.locator(".jr-ms-list:not([hidden]) [aria-selected=true]")
        await expect(active).to_have_text("Amsterdam")
        await city.press("ArrowDown")
        await city.press("ArrowDown")
        await expect(active).to_have_text("New York")
        await city.press("ArrowUp")
        await city.press("Enter")
        await expect(page.get_by_text("city is Berlin", exact=True)).to_be_visible()
        # typed text that is not chosen goes away: with Escape, and when the field is left
        await city.press("ArrowDown")
        await city.fill("zzz")
        await city.press("Escape")
        await expect(city).to_have_value("Berlin")
        await expect(city).to_have_attribute("aria-expanded", "false")
        await city.fill("osl")
        await expect(_offered(page)).to_have_text(["Oslo"])
        await page.get_by_role("combobox", name="Size").focus()
        await expect(city).to_have_value("Berlin")
        await expect(page.get_by_text("city is Berlin", exact=True)).to_be_visible()


async def test_a_typed_option_of_the_viewers_own(jr_select):
    async with chromium() as (page,):
        await _open(page, jr_select)
        pet = page.get_by_role("combobox", name="Pet")
        await expect(pet).to_have_attribute("placeholder", "Choose or add an option")
        await pet.click()
        await pet.fill("parrot")
        await expect(_offered(page)).to_have_text(["Add: parrot"])
        await pet.press("Enter")
        await expect(page.get_by_text("pet is 'parrot'", exact=True)).to_be_visible()
        await expect(pet).to_have_value("parrot")
        await pet.fill("Dog")  # an option's text, in another case: the option, and no new one
        await expect(_offered(page)).to_have_text(["dog", "Add: Dog"])
        await pet.press("Enter")
        await expect(page.get_by_text("pet is 'dog'", exact=True)).to_be_visible()
        await choose(pet, "cat")
        await expect(page.get_by_text("pet is 'cat'", exact=True)).to_be_visible()


async def test_filter_mode_none_takes_no_typing_and_prefix_filters_by_prefix(jr_select):
    async with chromium() as (page,):
        await _open(page, jr_select)
        size = page.get_by_role("combobox", name="Size")
        await expect(size).to_have_attribute("readonly", "")
        await size.click()
        await expect(_offered(page)).to_have_text(["S", "M", "L"])
        await size.press("l")  # no typing: nothing filtered
        await expect(size).to_have_value("S")
        await expect(_offered(page)).to_have_text(["S", "M", "L"])
        await page.get_by_role("option", name="L", exact=True).click()
        await expect(page.get_by_text("size is L", exact=True)).to_be_visible()
        fruit = page.get_by_role("combobox", name="Fruit")
        await fruit.click()
        await fruit.fill("ap")
        await expect(_offered(page)).to_have_text(["apple", "apricot"])  # not pineapple
        await fruit.press("ArrowDown")
        await fruit.press("Enter")
        await expect(page.get_by_text("fruit is apricot", exact=True)).to_be_visible()
