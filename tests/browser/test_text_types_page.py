"""Streamlit 1.67's text-input types in Chromium: each draws its native input, icon,
placeholder and autocomplete hint; the search type's clear button empties the field and applies
that; ``icon`` is drawn inside text, number and select fields at the left."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium


@pytest.fixture(scope="module")
def jr_text_types():
    served = Served(ROOT / "tests" / "apps" / "text_types_app.py")
    yield served
    served.stop(wait=False)


async def _open(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("fruit is apple", exact=True)).to_be_visible()


def _icon(page: Any, label: str) -> Any:
    """The icon drawn inside the field labelled ``label``."""
    return page.locator(".jr-widget", has=page.get_by_text(label, exact=True)).locator(".jr-ficon")


async def test_each_type_draws_its_native_input_icon_placeholder_and_autocomplete(jr_text_types):
    async with chromium() as (page,):
        await _open(page, jr_text_types)
        for label, native, icon, placeholder, autocomplete in [
            ("Plain", "text", None, None, None),
            ("Secret", "password", None, None, "new-password"),
            ("Email", "email", "mail", "you@example.com", "email"),
            ("Website", "url", "link", "https://example.com", "url"),
            ("Phone", "tel", "call", "+1 234 567 8900", "tel"),
            ("Search", "search", "search", "Search", "off"),
            ("Bare email", "email", None, None, None),
        ]:
            box = page.get_by_label(label, exact=True)
            await expect(box).to_have_attribute("type", native)
            for name, want in (("placeholder", placeholder), ("autocomplete", autocomplete)):
                if want is None:
                    await expect(box).not_to_have_attribute(name, "")  # absent, or at least not ""
                    assert await box.get_attribute(name) is None, (label, name)
                else:
                    await expect(box).to_have_attribute(name, want)
            if icon is None:
                await expect(_icon(page, label)).to_have_count(0)
            else:
                await expect(_icon(page, label)).to_have_text(icon)
        await expect(_icon(page, "Hot")).to_have_text("🔥")


async def test_search_clear_button_empties_the_field_and_applies_it(jr_text_types):
    async with chromium() as (page,):
        await _open(page, jr_text_types)
        search = page.get_by_label("Search", exact=True)
        clear = page.get_by_role("button", name="Clear")
        await expect(search).to_have_value("apples")
        await expect(search).to_have_attribute("enterkeyhint", "search")
        await clear.click()
        await expect(page.get_by_text("query is ''", exact=True)).to_be_visible()
        await expect(search).to_have_value("")
        await expect(search).to_be_focused()
        await expect(clear).to_be_hidden()  # nothing to clear
        await search.fill("pears")
        await expect(clear).to_be_visible()
        await search.press("Enter")
        await expect(page.get_by_text("query is 'pears'", exact=True)).to_be_visible()


async def test_typed_email_and_url_are_applied(jr_text_types):
    async with chromium() as (page,):
        await _open(page, jr_text_types)
        await page.get_by_label("Email", exact=True).fill("ada@example.org")
        await page.get_by_label("Email", exact=True).press("Enter")
        await expect(page.get_by_text("email is 'ada@example.org'", exact=True)).to_be_visible()


async def test_number_and_select_fields_draw_their_icons_inside_at_the_left(jr_text_types):
    async with chromium() as (page,):
        await _open(page, jr_text_types)
        await expect(_icon(page, "Count")).to_have_text("tag")
        await expect(_icon(page, "Fruit")).to_have_text("🍎")
        for label, frame in (("Count", ".jr-num"), ("Fruit", ".jr-ms"), ("Email", "input")):
            field = page.locator(".jr-widget", has=page.get_by_text(label, exact=True))
            icon = await _icon(page, label).bounding_box()
            box = await field.locator(frame).first.bounding_box()
            text_starts = await field.locator("input").first.evaluate(
                "e => e.getBoundingClientRect().left + parseFloat(getComputedStyle(e).paddingLeft)"
            )
            assert icon and box, label
            # inside the field's frame, at its left, vertically centred, the text after it
            assert box["x"] + 4 <= icon["x"] <= box["x"] + 20, (label, icon, box)
            assert icon["x"] + icon["width"] <= text_starts, (label, icon, text_starts)
            middle = icon["y"] + icon["height"] / 2 - (box["y"] + box["height"] / 2)
            assert abs(middle) <= 3, (label, icon, box)
