"""Fragments and dialogs as a viewer meets them in Debian's Chromium: a fragment's widgets rerun
only it (a counter of full runs outside stays), run_every updates on its own, a modal dialog
opens, keeps the focus, takes input and closes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Runs, Served, chromium

pytestmark = pytest.mark.timeout(180)
SHOTS = "/tmp/shots-fragments"


@pytest.fixture(scope="module")
def jr_fragments():
    served = Served(ROOT / "tests" / "apps" / "fragments_app.py")
    yield served
    served.stop(wait=False)


async def _open(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("Full runs: 1", exact=True)).to_be_visible()
    await expect(page.locator(".jr-running")).to_have_count(0)


async def test_a_fragment_widget_leaves_the_counter_outside_unchanged(jr_fragments):
    async with chromium() as (page,):
        await _open(page, jr_fragments)
        await page.get_by_role("button", name="Fragment click").click()
        await expect(page.get_by_text("Fragment clicks: 1", exact=True)).to_be_visible()
        await page.get_by_role("button", name="Fragment click").click()
        await expect(page.get_by_text("Fragment clicks: 2", exact=True)).to_be_visible()
        name = page.get_by_role("textbox", name="Name inside")
        await name.fill("Ann")
        await name.press("Enter")
        await expect(page.get_by_text("Hello Ann", exact=True)).to_be_visible()
        await expect(page.locator(".jr-running")).to_have_count(0)
        # three fragment runs, and the script outside never ran again
        await expect(page.get_by_text("Full runs: 1", exact=True)).to_be_visible()
        await page.get_by_role("button", name="Full rerun").click()
        await expect(page.get_by_text("Full runs: 2", exact=True)).to_be_visible()
        await expect(page.get_by_text("Fragment clicks: 2", exact=True)).to_be_visible()
        await expect(name).to_have_value("Ann")


async def test_a_fragment_run_dims_only_the_fragment(jr_fragments):
    async with chromium() as (page,):
        await _open(page, jr_fragments)
        await page.get_by_role("button", name="Slow fragment").click()
        stale = page.locator(".jr-stale")
        await expect(stale.filter(has_text="Inside slow")).to_have_count(1)
        await expect(stale.filter(has_text="Full runs")).to_have_count(0)
        await expect(stale.filter(has_text="Fragment clicks")).to_have_count(0)
        await expect(page.locator(".jr-running")).to_have_count(0)
        await expect(stale).to_have_count(0)
        await expect(page.get_by_text("Full runs: 1", exact=True)).to_be_visible()


async def test_run_every_updates_the_fragment_alone(jr_fragments):
    async with chromium() as (page,):
        await _open(page, jr_fragments)
        await page.get_by_text("Tick", exact=True).click()
        await expect(page.get_by_text("Full runs: 2", exact=True)).to_be_visible()
        # at least two timer runs (the text changes faster than expect polls: match a range)
        await expect(page.get_by_text(re.compile(r"^Ticks: (?:[3-9]|\d{2,})$"))).to_be_visible()
        await expect(page.get_by_text("Full runs: 2", exact=True)).to_be_visible()
        # the page marked only the fragment as being redrawn: the counter outside never faded
        assert await page.get_by_text("Full runs: 2", exact=True).evaluate("e => !e.closest('.jr-stale')")
        await page.get_by_text("Tick", exact=True).click()
        await expect(page.get_by_text("Full runs: 3", exact=True)).to_be_visible()
        await expect(page.get_by_text("Ticks:", exact=False)).to_have_count(0)


async def _focus_inside(page: Any, dialog: Any) -> bool:
    return await dialog.evaluate("d => d.contains(document.activeElement)")


async def test_a_dialog_opens_takes_input_and_closes(jr_fragments):
    async with chromium() as (page,):
        await _open(page, jr_fragments)
        await page.get_by_role("button", name="Vote for A").click()
        dialog = page.get_by_role("dialog", name="Cast your vote")
        await expect(dialog).to_be_visible()
        await expect(dialog).to_have_attribute("aria-modal", "true")
        await expect(dialog.get_by_text("Why is A your favorite?")).to_be_visible()
        assert await _focus_inside(page, dialog)
        for _ in range(6):  # the focus cycles inside the modal
            await page.keyboard.press("Tab")
            assert await _focus_inside(page, dialog) or await page.evaluate("document.activeElement === document.body")
        await page.screenshot(path=f"{SHOTS}/dialog.png")
        reason = dialog.get_by_role("textbox", name="Because...")
        await reason.fill("it is red")
        await reason.press("Enter")
        await expect(page.locator(".jr-running")).to_have_count(0)
        # the dialog's body is a fragment: typing in it did not rerun the app
        await expect(page.get_by_text("Full runs: 2", exact=True)).to_be_visible()
        await expect(dialog).to_be_visible()
        await dialog.get_by_role("button", name="Submit").click()
        await expect(page.get_by_text("You voted for A because it is red", exact=True)).to_be_visible()
        await expect(page.get_by_role("dialog")).to_have_count(0)
        await expect(page.get_by_role("button", name="Vote for A")).to_have_count(0)


async def test_escape_and_close_button_dismiss_a_dialog_and_it_opens_again(jr_fragments):
    async with chromium() as (page,):
        await _open(page, jr_fragments)
        opener = page.get_by_role("button", name="Open settings")
        await opener.click()
        dialog = page.get_by_role("dialog", name="Settings")
        await expect(dialog).to_be_visible()
        box = await dialog.bounding_box()
        assert box is not None and 700 <= box["width"] <= 760  # medium: 750 px
        await page.keyboard.press("Escape")
        await expect(page.get_by_role("dialog")).to_have_count(0)
        # on_dismiss: the callback ran, then the app
        await expect(page.get_by_text("Dismissals: 1", exact=True)).to_be_visible()
        await opener.click()
        await expect(dialog).to_be_visible()
        await expect(dialog.get_by_text("Dismissed 1 times")).to_be_visible()
        await dialog.get_by_role("button", name="Close").click()
        await expect(page.get_by_text("Dismissals: 2", exact=True)).to_be_visible()
        await expect(page.get_by_role("dialog")).to_have_count(0)


@pytest.fixture(scope="module")
def jr_keyed():
    served = Served(ROOT / "tests" / "apps" / "fragments_keyed.py")
    yield served
    served.stop(wait=False)


async def test_a_callback_reruns_the_charts_fragment_by_its_key(jr_keyed):
    """Streamlit 1.67's ``rerun`` example: the button's callback reruns only "charts"."""
    async with chromium() as (page,):
        runs = Runs(page)
        await page.goto(f"{jr_keyed.url}/")
        await expect(page.get_by_text("Charts drawn: 1", exact=True)).to_be_visible()
        line = page.locator(".jr-k-vega_lite g.mark-line path").first
        await expect(line).to_be_visible()
        before = await line.get_attribute("d")
        outside = page.get_by_text("Full runs: 1", exact=True)
        await outside.evaluate("e => (e.dataset.kept = 'yes')")  # the same node afterwards
        seen = runs.finished
        await page.get_by_role("button", name="Refresh charts").click()
        await runs.after(seen)
        await expect(page.get_by_text("Charts drawn: 2", exact=True)).to_be_visible()
        await expect(line).not_to_have_attribute("d", before or "")
        await expect(page.locator(".jr-running")).to_have_count(0)
        await expect(page.locator(".jr-stale")).to_have_count(0)
        assert await outside.evaluate("e => e.dataset.kept") == "yes"
        await page.screenshot(path=f"{SHOTS}/keyed.png")
        seen = runs.finished
        await page.get_by_role("button", name="Rerun all").click()
        await runs.after(seen)
        await expect(page.get_by_text("Full runs: 2", exact=True)).to_be_visible()
        await expect(page.get_by_text("Charts drawn: 3", exact=True)).to_be_visible()
