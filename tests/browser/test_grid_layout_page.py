"""``jr.grid`` in Debian's Chromium (tests/apps/grid_layout_app.py): the column counts Streamlit
1.67's page shows at three viewport widths (measured beside it: the same counts and cell widths),
a fixed count that scrolls sideways, spans, an empty cell filled later, borders, a fixed row
height that scrolls, a rerun with fewer cells, and a grid in a tab shown later."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, ROOT, Served, chromium

pytestmark = pytest.mark.timeout(240)

# grid key -> its column count at each viewport width, as Streamlit 1.67 draws this app
COUNTS = {
    420: {"metrics": 1, "featured": 1, "gallery": 1, "nowrap": 3, "spans": 1, "rows": 1},
    760: {"metrics": 3, "featured": 3, "gallery": 3, "nowrap": 3, "spans": 3, "rows": 2},
    1280: {"metrics": 3, "featured": 3, "gallery": 3, "nowrap": 3, "spans": 3, "rows": 2},
}


@pytest.fixture(scope="module")
def jr_grid_layout():
    served = Served(ROOT / "tests" / "apps" / "grid_layout_app.py")
    yield served
    served.stop(wait=False)


def _grid(page: Any, key: str) -> Any:
    return page.locator(f".st-key-{key} > .jr-cells")


async def _open(page: Any, served: Served, width: int) -> None:
    await page.set_viewport_size({"width": width, "height": 900})
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("Cell 5", exact=True)).to_be_visible(timeout=60_000)


async def _widths(grid: Any) -> list[int]:
    return await grid.evaluate(
        "g => [...g.children].filter(c => getComputedStyle(c).display !== 'none')"
        ".map(c => Math.round(c.getBoundingClientRect().width))"
    )


@pytest.mark.parametrize("width", sorted(COUNTS))
async def test_column_counts_follow_the_width_as_streamlits(jr_grid_layout, width: int) -> None:
    async with chromium() as (page,):
        await _open(page, jr_grid_layout, width)
        for key, count in COUNTS[width].items():
            await expect(_grid(page, key)).to_have_attribute("data-columns", str(count))
        cells = await _widths(_grid(page, "gallery"))
        assert len(cells) == 7 and len(set(cells)) == 1, cells
        await page.screenshot(path=str(RESULTS / f"grid_layout_{width}.png"), full_page=True)


async def test_a_fixed_count_scrolls_sideways_and_spans_shrink(jr_grid_layout) -> None:
    async with chromium() as (page,):
        await _open(page, jr_grid_layout, 420)
        nowrap = _grid(page, "nowrap")
        # three columns of at least 12.5rem kept: the grid scrolls instead of wrapping
        assert await _widths(nowrap) == [200, 200, 200]
        assert await nowrap.evaluate("g => g.scrollWidth > g.clientWidth + 100")
        # and, as Streamlit's, keeps room above its cells (38 px there too); not when it fits
        top = "g => Math.round(g.children[0].getBoundingClientRect().top - g.getBoundingClientRect().top)"
        assert await nowrap.evaluate(top) == 38
        # one column: "Two wide" and "Four wide" span just that one
        spans = _grid(page, "spans")
        assert len(set(await _widths(spans))) == 1
        await page.set_viewport_size({"width": 1280, "height": 900})
        await expect(spans).to_have_attribute("data-columns", "3")
        assert await nowrap.evaluate(top) == 0
        two, filled, third, four = await _widths(spans)
        # (row_gap, column_gap) = ("xsmall", 24): the spanning cell covers two tracks and a gap
        assert (
            third == filled
            and abs(two - (2 * filled + 24)) <= 1
            and four == await spans.evaluate("g => Math.round(g.clientWidth)")
        )
        gaps = await spans.evaluate("g => [getComputedStyle(g).rowGap, getComputedStyle(g).columnGap]")
        assert gaps == ["8px", "24px"]
        featured = _grid(page, "featured")
        full, card = await _widths(featured)
        assert full == await featured.evaluate("g => Math.round(g.clientWidth)") and card < full / 2


async def test_an_empty_cell_keeps_its_place_and_borders_frame_each_cell(jr_grid_layout) -> None:
    async with chromium() as (page,):
        await _open(page, jr_grid_layout, 1280)
        spans = _grid(page, "spans")
        texts = await spans.evaluate("g => [...g.children].map(c => c.innerText.trim())")
        assert texts == ["Two wide", "Filled later", "Third", "Four wide"]
        borders = await spans.evaluate("g => [...g.children].map(c => getComputedStyle(c).borderTopWidth)")
        assert borders == ["1px"] * 4
        flow = await _grid(page, "gallery").evaluate("g => getComputedStyle(g).gridAutoFlow")
        assert flow in ("dense", "row dense")  # Chromium writes it short
        assert await spans.evaluate("g => getComputedStyle(g).gridAutoFlow") == "row"
        plain = await _grid(page, "featured").evaluate(
            "g => [...g.children].map(c => getComputedStyle(c).borderTopWidth)"
        )
        assert plain == ["0px", "0px"]


async def test_a_fixed_row_height_scrolls_inside_the_cell(jr_grid_layout) -> None:
    async with chromium() as (page,):
        await _open(page, jr_grid_layout, 1280)
        rows = _grid(page, "rows")
        sizes = await rows.evaluate(
            "g => [...g.children].map(c => [Math.round(c.getBoundingClientRect().height), c.scrollHeight > c.clientHeight])"
        )
        assert sizes == [[120, True], [120, False]]
        # a bordered cell scrolls inside its 1rem padding, as Streamlit's: 120 px less 2 x 16
        assert await rows.evaluate("g => g.children[0].clientHeight") == 88
        # vertical_alignment="center": the short text sits mid-cell
        cell = page.get_by_text("Short, centred")
        box = await cell.bounding_box()
        frame = await rows.evaluate(
            "g => { const r = g.children[1].getBoundingClientRect(); return [r.top, r.bottom]; }"
        )
        assert abs((box["y"] + box["height"] / 2) - sum(frame) / 2) < 3


async def test_a_rerun_with_fewer_cells_leaves_no_stale_ones(jr_grid_layout) -> None:
    async with chromium() as (page,):
        await _open(page, jr_grid_layout, 1280)
        dynamic = _grid(page, "dynamic")
        await expect(dynamic.locator(":scope > *")).to_have_count(5)
        field = page.get_by_role("spinbutton", name="Cells")
        await field.fill("2")
        await field.press("Enter")
        await expect(dynamic.locator(":scope > *")).to_have_count(2)
        await expect(page.get_by_text("Cell 3", exact=True)).to_have_count(0)
        await field.fill("7")
        await field.press("Enter")
        await expect(page.get_by_text("Cell 7", exact=True)).to_be_visible()
        assert await dynamic.locator(":scope > *").count() == 7


async def test_a_grid_in_a_hidden_tab_counts_its_columns_when_shown(jr_grid_layout) -> None:
    async with chromium() as (page,):
        # (measured while hidden, it would have the page's full width: three columns)
        await _open(page, jr_grid_layout, 420)
        await page.get_by_role("tab", name="Second").click()
        intab = _grid(page, "intab")
        await expect(page.get_by_text("Tab cell 4")).to_be_visible()
        await expect(intab).to_have_attribute("data-columns", "1")
        await page.set_viewport_size({"width": 1280, "height": 900})
        await expect(intab).to_have_attribute("data-columns", "3")
        assert len(set(await _widths(intab))) == 1


async def test_a_stretched_chart_fills_its_fixed_row(jr_grid_layout) -> None:
    async with chromium() as (page,):
        await _open(page, jr_grid_layout, 1280)
        cells = _grid(page, "stretch").locator(":scope > *")
        await expect(cells.nth(0).locator("svg")).to_be_visible()
        await expect(cells.nth(1).locator("svg")).to_be_visible()
        heights = await _grid(page, "stretch").evaluate(
            "g => [...g.children].map(c => Math.round(c.querySelector('svg').getBoundingClientRect().height))"
        )
        # height="stretch" fills the 200 px row; a chart of 120 px keeps its own height
        assert 185 <= heights[0] <= 200 and heights[1] < 160, heights


async def test_a_grid_of_fixed_height_scrolls_and_keeps_its_rows(jr_grid_layout) -> None:
    async with chromium() as (page,):
        await _open(page, jr_grid_layout, 1280)
        boxed = _grid(page, "boxed")
        await expect(page.get_by_text("Boxed 6")).to_be_attached()
        heights = await boxed.evaluate("g => [...g.children].map(c => Math.round(c.getBoundingClientRect().height))")
        # three rows of their content's height (a bordered paragraph), not squeezed into 150 px
        assert len(set(heights)) == 1 and heights[0] > 45, heights
        outer = await page.locator(".st-key-boxed").evaluate("w => Math.round(w.getBoundingClientRect().height)")
        assert outer == 150
        assert await boxed.evaluate("g => g.scrollHeight > g.clientHeight")
