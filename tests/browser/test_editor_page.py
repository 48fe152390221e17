"""``jr.data_editor`` in Debian's Chromium: a typed cell edit, a row added with the "+" row, a
row deleted, a range pasted from the clipboard and a checkbox ticked all reach the script (which
writes back what it got), and a 100,000-row editor pages its rows from the kernel and takes an
edit on its last row."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(240)

SHOTS = Path("/tmp/shots-editor")


@pytest.fixture(scope="module")
def jr_editor():
    served = Served(ROOT / "tests" / "apps" / "editor_app.py")
    yield served
    served.stop(wait=False)


SPY = """
(() => {
  window.__sent = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    try { window.__sent.push(JSON.parse(data)); } catch (e) {}
    return send.call(this, data);
  };
})();
"""


async def _open(page: Any, served: Served) -> Any:
    await page.add_init_script(SPY)
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("big: 100000 rows")).to_be_visible(timeout=60_000)
    return page.get_by_role("grid", name="Fruit")


def _rows(page: Any, text: str) -> Any:
    return page.get_by_text("rows: " + text, exact=True)


async def test_the_editor_code_is_in_the_grid_chunk_only() -> None:
    app_js = (ROOT / "jupyter_reactive" / "static" / "app.js").read_text()
    grid_js = (ROOT / "jupyter_reactive" / "static" / "chunks" / "grid.js").read_text()
    assert "Add row" not in app_js and "jr-g-plus" not in app_js
    assert "Add row" in grid_js


async def test_typing_into_a_cell_reaches_the_script(jr_editor) -> None:
    async with chromium() as (page,):
        fruit = await _open(page, jr_editor)
        await fruit.get_by_role("gridcell", name="pear", exact=True).dblclick()
        editor = page.get_by_role("textbox", name="Edit name")
        await editor.fill("kiwi")
        await editor.press("Enter")
        await expect(
            _rows(page, "apple,3,True,S,2024-01-01 | kiwi,5,False,M,2024-02-01 | plum,7,True,L,2024-03-01")
        ).to_be_visible()
        await expect(
            page.get_by_text("state: {'edited_rows': {1: {'name': 'kiwi'}}, 'added_rows': [], 'deleted_rows': []}")
        ).to_be_visible()
        # Enter moved the focus down; typing starts an edit of the number there
        await page.keyboard.press("ArrowRight")
        await page.keyboard.type("42")
        await page.keyboard.press("Enter")
        await expect(
            _rows(page, "apple,3,True,S,2024-01-01 | kiwi,5,False,M,2024-02-01 | plum,42,True,L,2024-03-01")
        ).to_be_visible()
        # a value the column refuses stays in the editor, marked, and is never sent
        await fruit.get_by_role("gridcell", name="3", exact=True).dblclick()
        qty = page.get_by_role("textbox", name="Edit Qty")
        await qty.fill("500")
        await qty.press("Enter")
        await expect(qty).to_have_attribute("aria-invalid", "true")
        await expect(fruit.locator(".jr-g-err")).to_contain_text("highest value is 100")
        await qty.press("Escape")
        await expect(qty).to_have_count(0)
        # a checkbox ticks at once; a select box offers the category's values
        await fruit.get_by_role("checkbox", name="false").click()
        await expect(
            _rows(page, "apple,3,True,S,2024-01-01 | kiwi,5,True,M,2024-02-01 | plum,42,True,L,2024-03-01")
        ).to_be_visible()
        await fruit.get_by_role("gridcell", name="L", exact=True).dblclick()
        await page.get_by_role("combobox", name="Edit size").select_option("S")
        await expect(
            _rows(page, "apple,3,True,S,2024-01-01 | kiwi,5,True,M,2024-02-01 | plum,42,True,S,2024-03-01")
        ).to_be_visible()
        sent = [m for m in await page.evaluate("window.__sent") if m.get("type") == "widget_values"]
        assert len(sent) == 4, sent  # one message per edit, none for the refused value
        SHOTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(SHOTS / "editor-light.png"))


async def test_adding_and_deleting_rows_reach_the_script(jr_editor) -> None:
    async with chromium() as (page,):
        fruit = await _open(page, jr_editor)
        await fruit.get_by_text("+ Add row").click()
        # the new row needs a name (required): it stays in the page until it has one
        name = fruit.locator(".jr-g-missing")
        await expect(name).to_have_count(1)
        await name.dblclick()
        editor = page.get_by_role("textbox", name="Edit name")
        await editor.fill("fig")
        await editor.press("Tab")
        # a missing number makes the column floats, as pandas grows it
        await expect(
            _rows(
                page,
                "apple,3.0,True,S,2024-01-01 | pear,5.0,False,M,2024-02-01 | plum,7.0,True,L,2024-03-01 | fig,nan,None,nan,None",
            )
        ).to_be_visible()
        await page.keyboard.type("9")
        await page.keyboard.press("Enter")
        await expect(
            _rows(
                page,
                "apple,3,True,S,2024-01-01 | pear,5,False,M,2024-02-01 | plum,7,True,L,2024-03-01 | fig,9,None,nan,None",
            )
        ).to_be_visible()
        await fruit.get_by_role("checkbox", name="Select row 1 to delete").check()
        await fruit.get_by_role("button", name="Delete row").click()
        await expect(
            _rows(page, "pear,5,False,M,2024-02-01 | plum,7,True,L,2024-03-01 | fig,9,None,nan,None")
        ).to_be_visible()
        await expect(
            page.get_by_text(
                "state: {'edited_rows': {}, 'added_rows': [{'name': 'fig', 'qty': 9}], 'deleted_rows': [0]}"
            )
        ).to_be_visible()
        await expect(fruit.get_by_role("gridcell", name="apple", exact=True)).to_have_count(0)


async def test_pasting_a_range_fills_cells_and_adds_rows(jr_editor) -> None:
    async with chromium() as (page,):
        fruit = await _open(page, jr_editor)
        await fruit.get_by_role("gridcell", name="plum", exact=True).click()
        # what a spreadsheet puts on the clipboard: tab-separated cells, one line per row
        await fruit.locator(".jr-g-scroll").evaluate(
            """s => {
                const data = new DataTransfer();
                data.setData("text/plain", "lime\\t11\\nmango\\t12\\n");
                s.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
            }"""
        )
        await expect(
            _rows(
                page,
                "apple,3,True,S,2024-01-01 | pear,5,False,M,2024-02-01 | lime,11,True,L,2024-03-01 | mango,12,None,nan,None",
            )
        ).to_be_visible()


async def test_a_large_editor_pages_rows_and_edits_its_last_row(jr_editor) -> None:
    async with chromium() as (page,):
        await _open(page, jr_editor)
        big = page.get_by_role("grid", name="Big editor")
        await big.locator(".jr-g-scroll").evaluate("s => { s.scrollTop = s.scrollHeight; }")
        last = big.get_by_role("gridcell", name="item 99999", exact=True)
        await expect(last).to_be_visible()
        asked = [m for m in await page.evaluate("window.__sent") if m.get("type") == "data_request"]
        assert asked and sum(m["stop"] - m["start"] for m in asked) < 2000  # pages, never the whole frame
        await big.get_by_role("gridcell", name="99999", exact=True).last.dblclick()
        editor = page.get_by_role("textbox", name="Edit n")
        await editor.fill("-1")
        await editor.press("Enter")
        await expect(page.get_by_text("big: 100000 rows, n[99999]=-1, label[5]=item 5")).to_be_visible()
        await expect(big.get_by_role("gridcell", name="-1", exact=True)).to_be_visible()


async def test_an_editor_in_a_form_sends_its_edits_with_the_submit(jr_editor) -> None:
    async with chromium() as (page,):
        await _open(page, jr_editor)
        order = page.get_by_role("grid", name="Order")
        await expect(page.get_by_text("order: tea=1, cake=2", exact=True)).to_be_visible()
        await order.get_by_role("gridcell", name="2", exact=True).dblclick()
        editor = page.get_by_role("textbox", name="Edit count")
        await editor.fill("5")
        await editor.press("Enter")
        await expect(order.get_by_role("gridcell", name="5", exact=True)).to_be_visible()
        sent = [m for m in await page.evaluate("window.__sent") if m.get("type") == "widget_values"]
        assert sent == []  # held until the form is submitted
        await page.get_by_role("button", name="Send order").click()
        await expect(page.get_by_text("order: tea=1, cake=5", exact=True)).to_be_visible()
        await expect(order.get_by_role("gridcell", name="5", exact=True)).to_be_visible()


async def test_a_styler_s_formats_and_colours_show_in_the_grid(jr_editor) -> None:
    async with chromium() as (page,):
        await _open(page, jr_editor)
        prices = page.get_by_role("grid", name="Styled prices")
        neg = prices.get_by_role("gridcell", name="€-1.00", exact=True)
        await expect(neg).to_be_visible()
        await expect(neg).to_have_css("color", "rgb(255, 0, 0)")
        await expect(prices.get_by_role("gridcell", name="€2.50", exact=True)).to_be_visible()
        await expect(prices.get_by_role("gridcell", name="30", exact=True)).to_have_css(
            "background-color", "rgb(255, 224, 102)"
        )
        await expect(prices.get_by_role("gridcell", name="10", exact=True)).not_to_have_css(
            "background-color", "rgb(255, 224, 102)"
        )
        await prices.scroll_into_view_if_needed()
        await prices.screenshot(path=str(SHOTS / "styler-light.png"))


async def test_a_pinned_column_comes_first_and_stays_in_view(jr_editor) -> None:
    async with chromium() as (page,):
        await _open(page, jr_editor)
        wide = page.get_by_role("grid", name="Wide")
        await expect(wide.get_by_role("columnheader", name="col19")).to_have_count(1)
        heads = await wide.get_by_role("columnheader").all_text_contents()
        assert heads[:2] == ["col7", "id"]
        await wide.scroll_into_view_if_needed()
        pinned = wide.get_by_role("row").nth(3).get_by_role("gridcell").first  # col7 of the third row
        await expect(pinned).to_have_text("14")
        scroller = wide.locator(".jr-g-scroll")
        x0 = (await pinned.bounding_box())["x"]
        await scroller.evaluate("s => { s.scrollLeft = s.scrollWidth; }")
        await expect(wide.get_by_role("columnheader", name="col19")).to_be_in_viewport()
        await expect(pinned).to_have_attribute("style", re.compile(r"translateX\(\d"))
        assert abs((await pinned.bounding_box())["x"] - x0) < 1  # it did not move
        await wide.screenshot(path=str(SHOTS / "pinned-light.png"))


async def test_copying_a_cell_puts_its_value_on_the_clipboard(jr_editor) -> None:
    async with chromium() as (page,):
        fruit = await _open(page, jr_editor)
        await fruit.get_by_role("gridcell", name="pear", exact=True).click()
        copied = await fruit.locator(".jr-g-scroll").evaluate(
            """s => {
                const data = new DataTransfer();
                s.dispatchEvent(new ClipboardEvent("copy", { clipboardData: data, bubbles: true, cancelable: true }));
                return data.getData("text/plain");
            }"""
        )
        assert copied == "pear"
