"""``text_input(validate=, required=, live=)`` and ``text_area(required=)`` in Chromium, as
Streamlit 1.67's behave: a text that fails is not applied and the field says why (an alert, the
mark's title); a form with such a field is not submitted; ``live`` applies after a pause."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium


@pytest.fixture(scope="module")
def jr_text_rules():
    served = Served(ROOT / "tests" / "apps" / "text_rules_app.py")
    yield served
    served.stop(wait=False)


async def _open(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("order is None None False", exact=True)).to_be_visible()


def _field(page: Any, label: str) -> Any:
    return page.locator(".jr-widget", has=page.get_by_text(label, exact=True))


async def _apply(page: Any, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    await box.fill(text)
    await box.press("Enter")


async def test_a_text_failing_validate_is_not_applied_and_the_field_says_why(jr_text_rules):
    async with chromium() as (page,):
        await _open(page, jr_text_rules)
        box = page.get_by_label("Zip", exact=True)
        await _apply(page, "Zip", "1234")
        await expect(box).to_have_attribute("aria-invalid", "true")
        await expect(_field(page, "Zip").get_by_role("alert")).to_have_text("Five digits, please.")
        await expect(_field(page, "Zip").locator(".jr-err-mark")).to_have_attribute("title", "Five digits, please.")
        await box.blur()  # leaving the field does not apply it either
        await page.get_by_label("Code", exact=True).fill("ab")
        await page.get_by_label("Code", exact=True).blur()
        pattern = "Invalid input. Must match pattern: /^[A-Z]{3}$/su"
        await expect(_field(page, "Code").get_by_role("alert")).to_have_text(pattern)
        await expect(page.get_by_text("zip is '10115'", exact=True)).to_be_visible()
        await expect(page.get_by_text("code is ''", exact=True)).to_be_visible()
        await box.press("End")
        await box.press_sequentially("5")  # typing clears the error
        await expect(box).not_to_have_attribute("aria-invalid", "true")
        await box.press("Enter")
        await expect(page.get_by_text("zip is '12345'", exact=True)).to_be_visible()
        await _apply(page, "Zip", "")  # an empty text skips the rule
        await expect(page.get_by_text("zip is ''", exact=True)).to_be_visible()


async def test_the_email_types_rule_and_validate_empty_turning_it_off(jr_text_rules):
    async with chromium() as (page,):
        await _open(page, jr_text_rules)
        await _apply(page, "Email", "ada@localhost")
        await expect(_field(page, "Email").get_by_role("alert")).to_have_text("Enter a valid email address.")
        await _apply(page, "Loose email", "ada@localhost")
        await expect(page.get_by_text("loose is 'ada@localhost'", exact=True)).to_be_visible()
        await _apply(page, "Email", "ada@example.org")
        await expect(page.get_by_text("email is 'ada@example.org'", exact=True)).to_be_visible()
        await expect(_field(page, "Email").get_by_role("alert")).to_have_count(0)  # no error: no alert


async def test_a_required_field_keeps_its_last_text_when_emptied(jr_text_rules):
    async with chromium() as (page,):
        await _open(page, jr_text_rules)
        await expect(_field(page, "Name").locator(".jr-required")).to_have_text("(required)")
        box = page.get_by_label("Name", exact=True)
        await expect(box).to_have_attribute("aria-required", "true")
        await _apply(page, "Name", "   ")
        await expect(_field(page, "Name").get_by_role("alert")).to_have_text("This field is required.")
        await _apply(page, "Name", "Grace")
        await expect(page.get_by_text("name is 'Grace'", exact=True)).to_be_visible()
        notes = page.get_by_label("Notes", exact=True)
        await notes.fill("")
        await notes.blur()
        await expect(_field(page, "Notes").get_by_role("alert")).to_have_text("This field is required.")
        await expect(page.get_by_text("notes is 'n'", exact=True)).to_be_visible()


async def test_a_form_with_a_failing_field_is_not_submitted(jr_text_rules):
    async with chromium() as (page,):
        await _open(page, jr_text_rules)
        submit = page.get_by_role("button", name="Sign up")
        await page.get_by_label("Pin", exact=True).fill("12")
        await submit.click()
        await expect(_field(page, "Who").get_by_role("alert")).to_have_text("This field is required.")
        await expect(_field(page, "Pin").get_by_role("alert")).to_have_text("Four digits.")
        await page.get_by_label("Who", exact=True).fill("Ada")
        await page.get_by_label("Pin", exact=True).fill("1234")
        await page.get_by_label("Pin", exact=True).press("Enter")  # Enter submits the form
        await expect(page.get_by_text("form is 'Ada' '1234' True", exact=True)).to_be_visible()


async def test_live_applies_after_a_pause_in_typing(jr_text_rules):
    async with chromium() as (page,):
        await _open(page, jr_text_rules)
        box = page.get_by_label("Live", exact=True)
        await box.press_sequentially("kiwi")
        await expect(_field(page, "Live").locator(".jr-hint")).to_have_text("")  # no Enter to press
        await expect(page.get_by_text("live is 'kiwi'", exact=True)).to_be_visible()
        await expect(box).to_be_focused()  # applied while the viewer is still in the field
        await box.press_sequentially("s")
        await expect(page.get_by_text("live is 'kiwis'", exact=True)).to_be_visible()
        await expect(box).to_have_value("kiwis")


async def test_required_number_and_select_fields(jr_text_rules):
    async with chromium() as (page,):
        await _open(page, jr_text_rules)
        for label in ("Age", "Size", "Qty", "Plan"):
            await expect(_field(page, label).locator(".jr-required")).to_have_text("(required)")
        age = page.get_by_role("spinbutton", name="Age")
        await age.fill("42")
        await age.press("Enter")
        await expect(page.get_by_text("age is 42", exact=True)).to_be_visible()
        await age.fill("")
        await age.press("Enter")  # an emptied required field is not applied
        await expect(_field(page, "Age").get_by_role("alert")).to_have_text("This field is required.")
        await age.fill("7")  # typing clears the error
        await expect(_field(page, "Age").get_by_role("alert")).to_have_count(0)
        await age.press("Enter")
        await expect(page.get_by_text("age is 7", exact=True)).to_be_visible()
        size = page.get_by_role("combobox", name="Size")
        await size.click()
        await page.get_by_role("option", name="M").click()
        await expect(page.get_by_text("size is M", exact=True)).to_be_visible()
        await expect(_field(page, "Size").get_by_role("button", name="Clear value")).to_be_hidden()
        await size.press("Escape")  # a required box cannot be cleared
        await size.press("Escape")
        await expect(size).to_have_value("M")
        # a form with an empty required number or select is not submitted
        order = page.get_by_role("button", name="Order")
        await order.click()
        await expect(_field(page, "Qty").get_by_role("alert")).to_have_text("This field is required.")
        await expect(_field(page, "Plan").get_by_role("alert")).to_have_text("This field is required.")
        await page.get_by_role("spinbutton", name="Qty").fill("3")
        await page.get_by_role("combobox", name="Plan").click()
        await page.get_by_role("option", name="pro").click()
        await expect(_field(page, "Plan").get_by_role("alert")).to_have_count(0)
        await order.click()
        await expect(page.get_by_text("order is 3 pro True", exact=True)).to_be_visible()
