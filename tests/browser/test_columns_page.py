"""Streamlit 1.67's newer column types in Debian's Chromium (tests/apps/columns_app.py): JSON,
Markdown, multiselect chips, audio / video players, buttons whose clicks reach the script,
alignment, selectbox labels and progress percentages in a dataframe; list, multiselect and
Markdown cells edited in a data editor come back to the script as lists and text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(240)

SHOTS = Path("/tmp/shots-columns")


@pytest.fixture(scope="module")
def jr_columns():
    served = Served(ROOT / "tests" / "apps" / "columns_app.py")
    yield served
    served.stop(wait=False)


async def _open(page: Any, served: Served) -> tuple[Any, Any]:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("log: []")).to_be_visible(timeout=60_000)
    return page.get_by_role("grid", name="Read only"), page.get_by_role("grid", name="Editor")


async def test_json_markdown_chips_labels_and_alignment_draw(jr_columns) -> None:
    async with chromium() as (page,):
        grid, _ = await _open(page, jr_columns)
        json_cell = grid.get_by_role("gridcell", name='{"age":31,"tags":["a","b"]}', exact=True)
        await expect(json_cell).to_be_visible()
        await expect(grid.get_by_role("gridcell", name='{"age":42}', exact=True)).to_be_visible()
        # a click shows the whole value, indented
        await json_cell.click()
        pop = page.get_by_role("dialog", name="Cell content")
        await expect(pop).to_contain_text('"tags": [')
        await page.keyboard.press("Escape")
        await expect(pop).to_have_count(0)
        # markdown rendered inline, its raw text nowhere
        bio = grid.get_by_role("gridcell", name="bold and code")
        await expect(bio.locator("strong")).to_have_text("bold")
        await expect(bio.locator("code")).to_have_text("code")
        await expect(grid.get_by_role("link", name="site")).to_have_attribute("href", "https://example.com")
        # multiselect chips with their format_func labels and auto colours
        chip = grid.locator(".jr-g-chip", has_text="Exploration")
        await expect(chip).to_be_visible()
        # "auto": the chart colours as tints
        assert await chip.evaluate("c => getComputedStyle(c).backgroundColor") == "rgba(0, 104, 201, 0.3)"
        await expect(grid.locator(".jr-g-chip", has_text="Llm")).to_be_visible()
        # selectbox labels from format_func; a 0-1 progress as a percentage
        await expect(grid.get_by_role("gridcell", name="MM", exact=True)).to_be_visible()
        await expect(grid.get_by_role("gridcell", name="25%", exact=True)).to_be_visible()
        # alignment="center" on cells and header
        num = grid.get_by_role("gridcell", name="22", exact=True)
        assert await num.evaluate("c => getComputedStyle(c).justifyContent") == "center"
        head = grid.get_by_role("columnheader", name="Num")
        assert await head.evaluate("c => getComputedStyle(c).justifyContent") == "center"
        SHOTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(SHOTS / "columns_page.png"), full_page=True)


async def test_audio_and_video_cells_play_safe_urls_only(jr_columns) -> None:
    async with chromium() as (page,):
        grid, _ = await _open(page, jr_columns)
        plays = grid.get_by_role("button", name="Play audio")
        await expect(plays).to_have_count(1)  # the javascript: URL gets no player
        await expect(grid.get_by_role("img", name="unsupported URL")).to_have_count(1)
        await plays.click()
        audio = page.get_by_role("dialog", name="Cell content").locator("audio")
        await expect(audio).to_have_attribute("src", re.compile(r"^data:audio/wav;base64,"))
        assert await audio.evaluate("a => a.controls") is True
        await page.keyboard.press("Escape")
        await expect(grid.get_by_role("button", name="Play video")).to_have_count(2)
        await grid.get_by_role("button", name="Play video").last.click()
        video = page.get_by_role("dialog", name="Cell content").locator("video")
        await expect(video).to_have_attribute("src", "media/clip.mp4")
        await page.screenshot(path=str(SHOTS / "columns_video.png"))


async def test_a_button_click_reruns_with_the_row_and_label(jr_columns) -> None:
    async with chromium() as (page,):
        grid, _ = await _open(page, jr_columns)
        await expect(grid.get_by_role("button", name="View")).to_have_count(2)
        # a cell of several labels is a menu of them, as Streamlit's
        await expect(grid.get_by_role("button", name="Delete")).to_have_count(0)
        await grid.get_by_role("button", name="More actions").click()
        menu = page.get_by_role("menu")
        await expect(menu.get_by_role("menuitem")).to_have_text(["Edit", "Delete"])
        await menu.get_by_role("menuitem", name="Delete").click()
        await expect(menu).to_have_count(0)  # the menu closes on a choice
        await expect(page.get_by_text("click: (2, 'Delete')")).to_be_visible()
        await expect(page.get_by_text("log: [{'row': 2, 'label': 'Delete'}]")).to_be_visible()
        # a ":material/...:" label shows the icon (the font loaded by the page) before its text
        view = grid.get_by_role("button", name="View").first
        await expect(view.locator(".jr-icon")).to_have_text("visibility")
        await page.wait_for_function(
            "[...document.fonts].some(f => f.family.includes('Material Symbols') && f.status === 'loaded')"
        )
        await view.click()
        await expect(page.get_by_text("click: (0, ':material/visibility: View')")).to_be_visible()
        await expect(
            page.get_by_text("log: [{'row': 2, 'label': 'Delete'}, {'row': 0, 'label': ':material/visibility: View'}]")
        ).to_be_visible()


async def test_list_multiselect_and_markdown_cells_are_edited(jr_columns) -> None:
    async with chromium() as (page,):
        _, editor = await _open(page, jr_columns)
        # a list column: untick an item, type a new one
        await editor.get_by_role("gridcell", name="a b", exact=True).dblclick()
        panel = page.get_by_role("group", name="Edit Tags")
        await panel.get_by_role("checkbox", name="a", exact=True).uncheck()
        add = panel.get_by_role("textbox", name="Add an item")
        await add.fill("new")
        await add.press("Enter")
        await panel.get_by_role("button", name="Done").click()
        await expect(page.get_by_text("'tags': [['b', 'new'], ['c']]")).to_be_visible()
        await expect(page.get_by_text("types: ['list', 'list']")).to_be_visible()
        # a multiselect column: its options, by their labels
        await editor.get_by_role("gridcell", name="LLM", exact=True).dblclick()
        panel = page.get_by_role("group", name="Edit Cats")
        await expect(panel.get_by_role("textbox")).to_have_count(0)  # no new options
        await panel.get_by_role("checkbox", name="EXPLORATION").check()
        await page.screenshot(path=str(SHOTS / "columns_multiselect_editor.png"))
        await panel.press("Enter")
        await expect(page.get_by_text("'cats': [['llm', 'exploration'], []]")).to_be_visible()
        # a markdown column: edited as text, line breaks kept with Shift+Enter
        await editor.get_by_role("gridcell", name="plain", exact=True).dblclick()
        area = page.get_by_role("textbox", name="Edit Note")
        await area.fill("**x**")
        await area.press("Shift+Enter")
        await area.type("y")
        await area.press("Enter")
        await expect(page.get_by_text("'note': ['*hi*', '**x**\\ny']")).to_be_visible()
        # the edit is shown rendered, as the data's own cells are
        await expect(editor.get_by_role("gridcell", name="x y").locator("strong")).to_have_text("x")
