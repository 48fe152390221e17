"""``jr.dataframe`` and ``jr.table`` in Debian's Chromium: a million-row frame scrolls to its last
row while only the rows on screen are fetched, header clicks sort the whole frame in the kernel,
row, column and cell selections rerun the script with positions in the frame as given and
column names (sorting through the column menu keeps them; Escape clears them), and hide_index /
column_order / column_config show what they say."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Runs, Served, chromium

pytestmark = pytest.mark.timeout(240)

SHOTS = Path("/tmp/shots-grid")


@pytest.fixture(scope="module")
def jr_grid():
    served = Served(ROOT / "tests" / "apps" / "grid_app.py")
    yield served
    served.stop(wait=False)


def grid(page: Any, name: str) -> Any:
    return page.get_by_role("grid", name=name, exact=True)


#: the "Big" frame's rows for the tests that are not about its size: they rerun the script many
#: times, and each run builds the frame and hashes it (seconds for a million rows under load)
FEW = 1000


async def _open(page: Any, served: Served, rows: int | None = None) -> None:
    """The app, with a million rows in its "Big" frame, or ``rows``."""
    await page.goto(f"{served.url}/" + (f"?rows={rows}" if rows else ""))
    await expect(page.get_by_text("picked: []")).to_be_visible(timeout=60_000)
    await expect(grid(page, "Big frame")).to_be_visible()


async def _data_requests(page: Any) -> list[dict[str, Any]]:
    return await page.evaluate("window.__sent || []")


SPY = """
(() => {
  window.__sent = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    try { const m = JSON.parse(data); if (m.type === "data_request") window.__sent.push(m); } catch (e) {}
    return send.call(this, data);
  };
})();
"""


async def test_the_grid_chunk_loads_only_with_a_dataframe(jr_grid):
    app_js = (ROOT / "jupyter_reactive" / "static" / "app.js").read_text()
    assert "jr-g-rsz" not in app_js and "col-resize" not in app_js  # the grid's code is in its chunk
    async with chromium() as (page,):
        loaded = []
        page.on("request", lambda r: loaded.append(r.url))
        await _open(page, jr_grid, FEW)
        assert any("/chunks/grid.js" in u for u in loaded)
        assert any("/chunks/grid.css" in u for u in loaded)


async def test_a_million_rows_scroll_to_the_last_without_fetching_them_all(jr_grid):
    async with chromium() as (page,):
        await page.add_init_script(SPY)
        await _open(page, jr_grid)
        big = grid(page, "Big frame")
        await expect(big).to_have_attribute("aria-rowcount", "1000001")
        await expect(big.get_by_role("gridcell", name="row 0", exact=True)).to_be_visible()
        # only the visible rows are in the DOM
        assert await big.get_by_role("row").count() < 20
        scroller = big.locator(".jr-g-scroll")
        await scroller.evaluate("s => { s.scrollTop = s.scrollHeight; }")
        await expect(big.get_by_role("gridcell", name="row 999999", exact=True)).to_be_visible()
        await expect(big.get_by_role("gridcell", name="999999", exact=True).first).to_be_visible()
        # and the middle
        await scroller.evaluate("s => { s.scrollTop = (s.scrollHeight - s.clientHeight) / 2; }")
        await expect(big.get_by_role("gridcell", name=re.compile(r"^row 4999\d\d$")).first).to_be_visible()
        received = int(await big.get_attribute("data-received") or "0")
        sent = await _data_requests(page)
        assert 0 < received <= 1000, received
        assert 0 < len(sent) <= 10 and all(m["stop"] - m["start"] <= 100 for m in sent), sent


async def test_clicking_a_header_sorts_the_whole_frame(jr_grid):
    async with chromium() as (page,):
        await _open(page, jr_grid)
        big = grid(page, "Big frame")
        header = big.get_by_role("columnheader", name="sq")
        await header.click()
        await expect(header).to_have_attribute("aria-sort", "ascending")
        # sq = n % 977: ascending, the first rows are n = 0, 977, 1954 ...
        first = big.get_by_role("row").nth(1)
        await expect(first.get_by_role("gridcell").nth(1)).to_have_text("0")
        await expect(big.get_by_role("row").nth(2).get_by_role("gridcell").nth(1)).to_have_text("977")
        await header.click()
        await expect(header).to_have_attribute("aria-sort", "descending")
        await expect(big.get_by_role("row").nth(1).get_by_role("gridcell").nth(2)).to_have_text("976")
        await header.click()
        await expect(header).to_have_attribute("aria-sort", "none")
        await expect(big.get_by_role("row").nth(1).get_by_role("gridcell").nth(1)).to_have_text("0")
        await expect(big.get_by_role("row").nth(2).get_by_role("gridcell").nth(1)).to_have_text("1")


async def test_selecting_rows_reruns_with_positions_in_the_original_frame(jr_grid):
    async with chromium() as (page,):
        runs = Runs(page)  # each selection reruns the script (seconds on a loaded machine):
        await _open(page, jr_grid, FEW)  # wait for that run to end
        pick = grid(page, "Pick frame")
        await pick.get_by_role("columnheader", name="v").click()  # sorted: 10, 20, 30, 40
        await expect(pick.get_by_role("row").nth(1).get_by_role("gridcell").nth(1)).to_have_text("10")
        seen = runs.finished
        await pick.get_by_role("checkbox", name="Select row 1").check()  # 10: position 1
        await runs.after(seen)
        await expect(page.get_by_text("picked: [1]")).to_be_visible()
        seen = runs.finished
        await pick.get_by_role("checkbox", name="Select row 4").check()  # 40: position 3
        await runs.after(seen)
        await expect(page.get_by_text("picked: [1, 3]")).to_be_visible()
        # the grid was updated in place: still sorted, both boxes checked
        await expect(pick.get_by_role("columnheader", name="v")).to_have_attribute("aria-sort", "ascending")
        await expect(pick.get_by_role("checkbox", name="Select row 1")).to_be_checked()
        seen = runs.finished
        await pick.get_by_role("checkbox", name="Select row 1").uncheck()
        await runs.after(seen)
        await expect(page.get_by_text("picked: [3]")).to_be_visible()


async def _shows(page: Any, text: str) -> None:
    """Until the text is on the page: each selection reruns the script (seconds on a loaded
    machine)."""
    await expect(page.get_by_text(text, exact=True)).to_be_visible(timeout=60_000)


async def test_column_selection_survives_sorting_and_escape_clears(jr_grid):
    async with chromium() as (page,):
        await _open(page, jr_grid, FEW)
        frame = grid(page, "Column frame")
        a = frame.get_by_role("columnheader", name="a", exact=True)
        c = frame.get_by_role("columnheader", name="c", exact=True)
        await a.click()  # multi-column: each click toggles its column
        await _shows(page, "cols: [] ['a']")
        await c.click()
        await _shows(page, "cols: [] ['a', 'c']")
        await a.click()
        await _shows(page, "cols: [] ['c']")
        await expect(c).to_have_attribute("aria-selected", "true")
        await expect(c).to_have_css("background-color", "rgb(197, 57, 72)")  # Streamlit 1.67's primary
        # the index's header selects nothing; rows and columns combine
        await frame.get_by_role("columnheader", name="key").click()
        await frame.get_by_role("checkbox", name="Select row 2").check()
        await _shows(page, "cols: [1] ['c']")
        box = frame.get_by_role("checkbox", name="Select row 2")
        await expect(box).to_have_css("background-color", "rgb(197, 57, 72)")  # ticked in the primary colour
        # a header click selects: sorting is in the column's menu, and keeps the selection
        await a.hover()
        await frame.get_by_role("button", name="a column menu").click()
        await frame.get_by_role("button", name="Sort ascending").click()
        await expect(a).to_have_attribute("aria-sort", "ascending")
        await expect(frame.get_by_role("row").nth(1).get_by_role("gridcell").nth(2)).to_have_text("1")
        await expect(frame.get_by_role("checkbox", name="Select row 1")).to_be_checked()  # y: position 1
        await expect(c).to_have_attribute("aria-selected", "true")
        await expect(frame.get_by_role("row").nth(1).get_by_role("gridcell").nth(4)).to_have_class(
            re.compile("jr-g-csel")
        )
        await page.keyboard.press("Escape")
        await _shows(page, "cols: [] []")
        await expect(c).to_have_attribute("aria-selected", "false")
        # multi-row: the header's box selects every row
        await frame.get_by_role("checkbox", name="Select all rows").check()
        await _shows(page, "cols: [0, 1, 2] []")
        await frame.get_by_role("checkbox", name="Select all rows").uncheck()
        await _shows(page, "cols: [] []")


async def test_cells_selected_by_click_drag_and_session_state(jr_grid):
    async with chromium() as (page,):
        await _open(page, jr_grid, FEW)
        frame = grid(page, "Cell frame")
        rows = frame.get_by_role("row")
        start = rows.nth(1).get_by_role("gridcell").nth(0)  # (0, a)
        end = rows.nth(2).get_by_role("gridcell").nth(1)  # (1, b)
        await start.scroll_into_view_if_needed()
        one, two = await start.bounding_box(), await end.bounding_box()
        await page.mouse.move(one["x"] + 5, one["y"] + 5)
        await page.mouse.down()
        await page.mouse.move(two["x"] + 5, two["y"] + 5, steps=3)
        await page.mouse.up()
        await _shows(page, "cells: [(0, 'a'), (0, 'b'), (1, 'a'), (1, 'b')]")
        await expect(end).to_have_attribute("aria-selected", "true")
        await expect(end).to_have_class(re.compile("jr-g-csel"))
        await expect(rows.nth(3).get_by_role("gridcell").nth(0)).not_to_have_attribute("aria-selected", "true")
        # sorted (3, 1, 2 -> 1, 2, 3): a click on the first shown row's b is the cell of position 1
        await frame.get_by_role("columnheader", name="a", exact=True).click()
        await expect(rows.nth(1).get_by_role("gridcell").nth(0)).to_have_text("1")
        await rows.nth(1).get_by_role("gridcell").nth(1).click()
        await _shows(page, "cells: [(1, 'b')]")
        await page.keyboard.press("Escape")
        await _shows(page, "cells: []")
        # single-cell, set through session_state by a button, then by a click
        lone = grid(page, "One-cell frame")
        await page.get_by_role("button", name="Pick z").click()
        await _shows(page, "one: [(2, 'b')]")
        z = lone.get_by_role("row").nth(3).get_by_role("gridcell").nth(2)
        await expect(z).to_have_attribute("aria-selected", "true")
        await expect(z).to_have_class(re.compile("jr-g-lone"))  # ringed, not filled, as Streamlit's
        await expect(lone.get_by_role("columnheader", name="b")).to_have_class(re.compile("jr-g-hfocus"))
        await lone.get_by_role("row").nth(1).get_by_role("gridcell").nth(1).click()
        await _shows(page, "one: [(0, 'a')]")
        await expect(lone.locator("[aria-selected=true]")).to_have_count(1)


async def test_hide_index_column_order_and_column_config(jr_grid):
    async with chromium() as (page,):
        await _open(page, jr_grid, FEW)
        ordered = grid(page, "Ordered frame")
        await expect(ordered.get_by_role("columnheader")).to_have_text(["score", "city"])
        small = grid(page, "Small frame")
        await expect(small.get_by_role("columnheader")).to_have_text(
            ["key", "city", "Temperature?", "ok", "Score", "Trend", "Link"]
        )
        await expect(small.get_by_role("columnheader", name="Temperature")).to_have_attribute("title", "Celsius")
        row = small.get_by_role("row").nth(1)
        await expect(row.get_by_role("gridcell").nth(2)).to_have_text("21.5 °C")
        await expect(row.get_by_role("gridcell").nth(2)).to_have_css("justify-content", "flex-end")
        await expect(row.get_by_role("gridcell").nth(4)).to_have_text("70")
        assert await row.locator(".jr-g-fill").evaluate("e => e.style.width") == "70%"
        # Streamlit's progress cell: a 7 px track on the secondary background, 12 px text
        bar = row.locator(".jr-g-bar")
        await expect(bar).to_have_css("height", "7px")
        await expect(bar).to_have_css("background-color", "rgb(248, 248, 247)")
        await expect(row.locator(".jr-g-pct")).to_have_css("font-size", "12px")
        assert await row.locator("svg.jr-g-spark path").count() == 1
        await expect(row.get_by_role("link", name="open")).to_have_attribute("href", "https://example.org/paris")
        await expect(row.get_by_role("checkbox")).to_be_checked()
        table = page.locator("table.jr-table")
        await expect(table.locator("tbody tr")).to_have_count(5)
        await expect(table.locator("thead th")).to_have_text(["key", "city", "temp", "ok"])
        SHOTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(SHOTS / "grid_page.png"), full_page=True)


async def test_grid_lines_header_and_widths_as_streamlits(jr_grid):
    async with chromium() as (page,):
        await _open(page, jr_grid)
        big = grid(page, "Big frame")
        # Streamlit's light lines, its header on the secondary background
        await expect(big.locator(".jr-g-scroll")).to_have_css("border-top-color", "rgb(232, 229, 226)")
        await expect(big.locator(".jr-g-head")).to_have_css("background-color", "rgb(248, 248, 247)")
        cell = big.get_by_role("row").nth(1).get_by_role("gridcell").first
        await expect(cell).to_have_css("border-right-color", "rgb(232, 229, 226)")
        # the data columns fill the width to the box's border; the index keeps its own width
        heads = big.get_by_role("columnheader")
        widths = [(await heads.nth(i).bounding_box() or {"width": 0})["width"] for i in range(4)]
        inner = await big.locator(".jr-g-scroll").evaluate("e => e.clientWidth")
        assert sum(widths) == inner and widths[0] < min(widths[1:]), widths
        await expect(heads.last).to_have_css("border-right-width", "0px")
        # check marks in the text's grey, not the browser's blue
        box = grid(page, "Small frame").get_by_role("checkbox").first
        assert await box.evaluate("e => getComputedStyle(e).accentColor") not in ("auto", "")


async def test_date_columns_show_their_column_config_format(jr_grid):
    async with chromium() as (page,):
        await _open(page, jr_grid, FEW)
        row = grid(page, "Dates frame").get_by_role("row").nth(1)
        await expect(row.get_by_role("gridcell")).to_have_text(
            ["Tue 5 Mar 2024", "2024/03/05 14:07", "2:07 PM", "2024-03-05"]
        )


async def test_dragging_a_header_edge_resizes_the_column(jr_grid):
    async with chromium() as (page,):
        await _open(page, jr_grid, FEW)
        ordered = grid(page, "Ordered frame")
        header = ordered.get_by_role("columnheader", name="city")
        await header.scroll_into_view_if_needed()
        before = (await header.bounding_box())["width"]
        grip = header.locator(".jr-g-rsz")
        box = await grip.bounding_box()
        await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        await page.mouse.down()
        await page.mouse.move(box["x"] + 80, box["y"] + box["height"] / 2, steps=4)
        await page.mouse.up()
        after = (await header.bounding_box())["width"]
        assert after > before + 40, (before, after)
        cell = ordered.get_by_role("row").nth(1).get_by_role("gridcell").nth(1)
        assert abs((await cell.bounding_box())["width"] - after) < 2
        # the drag did not sort
        await expect(header).to_have_attribute("aria-sort", "none")


async def test_a_frame_sent_whole_scrolls_without_asking_for_rows():
    """dataframe(lazy=False): the rows came with the grid, past 1000 of them: scrolling to the
    last asks the kernel for nothing."""
    served = Served(ROOT / "tests" / "apps" / "grid_eager_app.py")
    try:
        async with chromium() as (page,):
            await page.add_init_script(SPY)
            await page.goto(f"{served.url}/")
            await expect(page.get_by_text("drawn")).to_be_visible(timeout=60_000)
            eager = grid(page, "Eager frame")
            await expect(eager).to_have_attribute("aria-rowcount", "2501")
            scroller = eager.locator(".jr-g-scroll")
            await scroller.evaluate("s => { s.scrollTop = s.scrollHeight / 2; }")
            await expect(eager.get_by_role("gridcell", name=re.compile(r"^row 12\d\d$")).first).to_be_visible()
            await scroller.evaluate("s => { s.scrollTop = s.scrollHeight; }")
            await expect(eager.get_by_role("gridcell", name="row 2499", exact=True)).to_be_visible()
            assert await _data_requests(page) == []
    finally:
        served.stop(wait=False)
