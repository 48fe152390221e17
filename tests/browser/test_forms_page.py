"""Forms in Debian's Chromium: a form with ``clear_on_submit=True`` hands the app what was typed
and shows its fields empty again."""

from __future__ import annotations

import textwrap

import pytest
from playwright.async_api import expect

from tests.browser.conftest import Served, chromium

pytestmark = pytest.mark.timeout(180)

APP = """
import jupyter_reactive as jr

with jr.form("chat", clear_on_submit=True):
    message = jr.text_input("message")
    sent = jr.form_submit_button("Send")
if sent:
    jr.session_state.setdefault("log", []).append(message)
jr.text("log: " + " / ".join(jr.session_state.get("log", [])))
"""


async def test_clear_on_submit_sends_the_message_and_empties_the_field(tmp_path):
    path = tmp_path / "chat.py"
    path.write_text(textwrap.dedent(APP))
    served = Served(path)
    try:
        async with chromium() as (page,):
            await page.goto(f"{served.url}/")
            field = page.get_by_role("textbox", name="message")
            await expect(page.get_by_text("log:")).to_be_visible()
            await field.fill("hello")
            await page.get_by_role("button", name="Send").click()
            await expect(page.get_by_text("log: hello")).to_be_visible()
            await expect(field).to_have_value("")
            # the next message is new text, not "hello" again (submitted with the button: the
            # page leaves a focused control as the viewer has it, so Enter would keep the text)
            await field.fill("again")
            await page.get_by_role("button", name="Send").click()
            await expect(page.get_by_text("log: hello / again")).to_be_visible()
            await expect(field).to_have_value("")
    finally:
        served.stop(wait=False)


async def test_enter_in_a_clear_on_submit_form_empties_the_focused_field(tmp_path):
    """Enter submits from a field that keeps the focus: the page still shows it cleared, and a
    second Enter on the empty field sends the empty text, never the previous message again."""
    path = tmp_path / "chat.py"
    path.write_text(textwrap.dedent(APP))
    served = Served(path)
    try:
        async with chromium() as (page,):
            await page.goto(f"{served.url}/")
            field = page.get_by_role("textbox", name="message")
            await expect(page.get_by_text("log:")).to_be_visible()
            await field.fill("hello")
            await field.press("Enter")
            await expect(page.get_by_text("log: hello")).to_be_visible()
            await expect(field).to_have_value("")
            await expect(field).to_be_focused()
            await field.fill("again")
            await field.press("Enter")
            await expect(page.get_by_text("log: hello / again")).to_be_visible()
            await expect(field).to_have_value("")
            await field.press("Enter")  # empty: the app logs an empty message, not "again"
            await expect(page.get_by_text("log: hello / again / ", exact=True)).to_be_visible()
            # typing after a submit is not overwritten by later runs of other widgets' values
            await field.fill("draft")
            await page.keyboard.press("r")  # inside the field: types, does not rerun
            await expect(field).to_have_value("draftr")
    finally:
        served.stop(wait=False)
