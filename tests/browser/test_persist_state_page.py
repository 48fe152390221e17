"""persist_state in Debian's Chromium (tests/apps/persist_app.py): a persisted widget hidden for
a run comes back with its value; after a page switch a "session" value comes back and a "page"
value is gone."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def jr_persist():
    served = Served(ROOT / "tests" / "apps" / "persist_app.py")
    yield served
    served.stop(wait=False)


async def test_hidden_widgets_come_back_and_a_page_switch_keeps_session_values(jr_persist):
    async with chromium() as (page,):
        await page.goto(f"{jr_persist.url}/reactive/app/persist_app.py")
        name, count = page.get_by_label("Name"), page.get_by_label("Count")
        await name.fill("Ada")
        await name.press("Enter")
        await expect(page.get_by_text("Form reads name='Ada' count=0")).to_be_visible()
        await count.fill("5")
        await count.press("Enter")
        await expect(page.get_by_text("Form reads name='Ada' count=5")).to_be_visible()

        # hidden for runs: the values stay readable, and the widgets come back with them
        await page.get_by_text("Show fields").click()
        await expect(name).to_have_count(0)
        await page.get_by_text("Show fields").click()
        await expect(name).to_have_value("Ada")
        await expect(count).to_have_value("5")
        await expect(page.get_by_text("Form reads name='Ada' count=5")).to_be_visible()

        # another page: the session's name is there, the page's count is not
        nav = page.get_by_role("navigation", name="Pages")
        await nav.get_by_role("link", name="Other").click()
        # (the run that leaves a widget behind still reads it; its end drops the page's count)
        await expect(page.get_by_text("Other reads name='Ada' count=5")).to_be_visible()
        await nav.get_by_role("link", name="Form").click()
        await expect(name).to_have_value("Ada")
        await expect(count).to_have_value("0")
        await expect(page.get_by_text("Form reads name='Ada' count=0")).to_be_visible()
