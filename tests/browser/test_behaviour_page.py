"""Widgets' values after the viewer's actions in Debian's Chromium, as Streamlit's own e2e tests
(``e2e_playwright/st_*_test.py``) state them: each test here does what one of theirs does to the
same kind of widget and expects the value shown that theirs expects. docs/compatibility.md
("Behaviour beside Streamlit's e2e tests") lists what was checked."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import expect

from tests.browser.conftest import Served, chromium

pytestmark = pytest.mark.timeout(180)

APP = """
import jupyter_reactive as jr

jr.session_state.setdefault("clicks", 0)
if jr.button("count"):
    jr.session_state.clicks += 1
jr.write(f"clicks: {jr.session_state.clicks}")

v4 = jr.text_input("text input 4 (value=None)", None)
jr.write("value 4:", v4)
a4 = jr.text_area("text area 4 (value=None)", None)
jr.write("area 4:", a4)
"""


@pytest.fixture(scope="module")
def jr_behaviour(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    path: Path = tmp_path_factory.mktemp("behaviour") / "behaviour.py"
    path.write_text(textwrap.dedent(APP))
    served = Served(path)
    yield served
    served.stop(wait=False)


async def _click(page, clicks: int) -> None:
    """Press "count" and wait for the run it starts: every value sent before it is in."""
    await page.get_by_role("button", name="count").click()
    await expect(page.get_by_text(f"clicks: {clicks}", exact=True)).to_be_visible()


@pytest.mark.parametrize(
    ("label", "shown"), [("text input 4 (value=None)", "value 4:"), ("text area 4 (value=None)", "area 4:")]
)
async def test_a_text_field_with_value_none_is_none_until_text_is_applied(jr_behaviour, label, shown):
    """st_text_input_test / st_text_area_test: "value 4: None" at first; a text applied; cleared,
    ``""`` (not None again). Entering and leaving the empty field sends nothing."""
    async with chromium() as (page,):
        await page.goto(f"{jr_behaviour.url}/")
        field = page.get_by_role("textbox", name=label)
        await expect(page.get_by_text(f"{shown} None", exact=True)).to_be_visible()
        await field.focus()
        await field.blur()
        await _click(page, 1)
        await expect(page.get_by_text(f"{shown} None", exact=True)).to_be_visible()
        await field.fill("hello world")
        await field.blur()
        await expect(page.get_by_text(f"{shown} hello world", exact=True)).to_be_visible()
        await field.fill("")
        await field.blur()
        await expect(page.get_by_text(shown, exact=True)).to_be_visible()
        await _click(page, 2)
        await expect(page.get_by_text(shown, exact=True)).to_be_visible()
