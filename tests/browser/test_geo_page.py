"""``jr.map``, ``jr.pydeck_chart``, ``jr.graphviz_chart`` and ``jr.mermaid_chart`` as a user sees
them in Debian's Chromium: points drawn by deck.gl on a canvas (offline: no tiles, a note says
so), a pydeck tooltip, Graphviz's SVG laid out by WebAssembly, Mermaid's SVG (an unreadable
diagram an error in its place), and their chunks loaded only when needed."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)

STATIC = ROOT / "jupyter_reactive" / "static"
# the first wait on a page: its chunks (~1 MB each) parse and Graphviz compiles its wasm first
LOAD = 30_000

# counts canvas pixels near an RGB colour, in the whole canvas and in a centred square of `r` px
COUNT = """([name, rgb, r]) => {
  const canvas = document.querySelector(`[role=img][aria-label="${name}"] canvas`);
  if (!canvas) return { all: 0 };
  const c = document.createElement("canvas");
  c.width = canvas.width; c.height = canvas.height;
  const g = c.getContext("2d");
  g.drawImage(canvas, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  const near = (i) => d[i + 3] > 100 && Math.abs(d[i] - rgb[0]) < 40 && Math.abs(d[i + 1] - rgb[1]) < 40 && Math.abs(d[i + 2] - rgb[2]) < 40;
  let all = 0, centre = 0, first = null;
  const cx = c.width / 2, cy = c.height / 2;
  for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) {
    if (!near((y * c.width + x) * 4)) continue;
    all++;
    if (!first) first = [x, y];
    if (Math.abs(x - cx) < r && Math.abs(y - cy) < r) centre++;
  }
  const corner = d[3];  // top-left pixel's alpha: no tiles, so the background shows through
  return { all, centre, first, corner, width: c.width, height: c.height, area: 4 * r * r };
}"""


@pytest.fixture(scope="module")
def jr_geo():
    served = Served(ROOT / "tests" / "apps" / "geo_app.py")
    yield served
    served.stop(wait=False)


def _deck(page: Any, name: str) -> Any:
    return page.get_by_role("img", name=name, exact=True)


async def _drawn(page: Any, name: str, rgb: list[int], r: int = 20) -> dict[str, Any]:
    # deck.gl draws on its next animation frames (and a rerun may replace the canvas): wait until
    # the colour appears on the element's current canvas
    await page.wait_for_function(f"([n, rgb, r]) => ({COUNT})([n, rgb, r]).all > 0", arg=[name, rgb, r], timeout=LOAD)
    return await page.evaluate(COUNT, [name, rgb, r])


async def test_a_map_of_1000_points_draws_them_offline_with_a_note(jr_geo):
    async with chromium() as (page,):
        await page.goto(f"{jr_geo.url}/")
        found = await _drawn(page, "random points", [197, 57, 72])
        # the points are centred: dense in the middle, and the tile-less corner is see-through
        assert found["centre"] > found["area"] / 3, found
        assert found["all"] > 5000 and found["corner"] == 0, found
        await expect(_deck(page, "random points").get_by_text("map tiles unavailable")).to_be_visible()
        box = await _deck(page, "random points").bounding_box()
        assert box is not None and box["height"] == 500


async def test_a_changed_map_is_drawn_again_in_place(jr_geo):
    async with chromium() as (page,):
        await page.goto(f"{jr_geo.url}/")
        await _drawn(page, "random points", [197, 57, 72])
        await page.get_by_text("blue points").click()
        found = await _drawn(page, "random points", [0, 104, 201])
        assert found["centre"] > found["area"] / 3, found
        # the old deck's canvas went with it: one per deck element
        await expect(page.locator(".jr-deck canvas")).to_have_count(2)


async def test_a_pydeck_scatterplot_draws_and_shows_its_tooltip(jr_geo):
    async with chromium() as (page,):
        await page.goto(f"{jr_geo.url}/")
        chart = _deck(page, "three cities")
        found = await _drawn(page, "three cities", [0, 104, 201])
        assert found["all"] > 500 and found["height"] == 300, found
        # hover a blue pixel: pydeck's tooltip template, filled from the city under the pointer
        box = await chart.bounding_box()
        assert box is not None
        x, y = found["first"]
        await page.mouse.move(box["x"] + x + 2, box["y"] + y + 2)
        tip = chart.locator(".deck-tooltip")
        await expect(tip).to_contain_text(":")
        text = await tip.inner_text()
        assert text.split(":")[0] in {"San Francisco", "Oakland", "San Jose"}


async def test_graphviz_lays_out_graphs_in_svg(jr_geo):
    async with chromium() as (page,):
        await page.goto(f"{jr_geo.url}/")
        states = page.get_by_role("img", name="process states")
        await expect(states.locator("g.node")).to_have_count(5, timeout=LOAD)
        await expect(states.locator("g.edge")).to_have_count(5)
        names = await states.locator("g.node text").all_text_contents()
        assert sorted(names) == ["intr", "kernel", "run", "runbl", "zombie"]
        abc = page.get_by_role("img", name="abc")
        await expect(abc.locator("g.node")).to_have_count(3)
        # use_container_width: the SVG fills the column; "content" keeps the graph's own size
        column = await page.locator(".jr-graphviz").first.bounding_box()
        wide = await abc.bounding_box()
        own = await states.bounding_box()
        assert (
            column and wide and own and abs(wide["width"] - column["width"]) < 2 and own["width"] < column["width"] / 2
        )
        # the graph's strokes follow the page's text colour (light scheme)
        await expect(states.locator("g.node ellipse").first).to_have_css("stroke", "rgb(47, 45, 43)")


async def test_a_dot_syntax_error_is_shown_in_place(jr_geo):
    async with chromium() as (page,):
        await page.goto(f"{jr_geo.url}/")
        err = page.get_by_role("alert").filter(has_text="Graphviz could not lay out this graph")
        await expect(err).to_contain_text("syntax error", timeout=LOAD)


async def test_mermaid_draws_a_flowchart_and_shows_an_error_for_a_broken_one(jr_geo):
    async with chromium() as (page,):
        await page.goto(f"{jr_geo.url}/")
        flow = page.get_by_role("img", name="decision flow", exact=True)
        await expect(flow.locator("g.node")).to_have_count(4, timeout=LOAD)
        assert await flow.evaluate("e => e.tagName") == "svg"
        labels = await flow.locator("g.node text").all_text_contents()
        assert sorted(t.strip() for t in labels) == ["Cancel", "Decision", "OK", "Start"]
        await expect(flow.locator("foreignObject")).to_have_count(0)  # no HTML labels
        # no alt: named by its diagram type; width="content": its box is the diagram's own width,
        # the default "stretch" the column's
        seq = page.get_by_role("img", name="Mermaid sequence", exact=True)
        await expect(seq.locator("text", has_text="Alice").first).to_be_visible()
        column = await page.locator(".jr-mermaid").first.bounding_box()
        own = await seq.bounding_box()
        box = await page.locator(".jr-mermaid", has=seq).bounding_box()
        assert column and own and box and abs(box["width"] - own["width"]) < 2 and own["width"] < column["width"] - 100
        wide = await flow.bounding_box()
        assert wide and abs(wide["width"] - column["width"]) < 2  # scaled to the column, as Streamlit's
        err = page.get_by_role("alert").filter(has_text="Mermaid diagram error")
        await expect(err).to_have_count(1)
        await expect(err).to_contain_text("Parse error")
        await expect(page.get_by_text("after the diagrams")).to_be_visible()
        # markup in a label is not markup, a javascript: click link is not a link
        hostile = page.get_by_role("img", name="hostile", exact=True)
        await expect(hostile.locator("g.node")).to_have_count(2)
        inert = ".jr-mermaid img, .jr-mermaid [onerror], .jr-mermaid a[href], .jr-mermaid a[*|href]"
        await expect(page.locator(inert)).to_have_count(0)
        await expect(hostile.locator("g.node text").first).to_contain_text("<img src")
        await expect(hostile.locator("foreignObject")).to_have_count(0)
        await hostile.locator("g.node").nth(1).click()
        assert await page.evaluate("window.pwned") is None
        # a ```mermaid fence in markdown (with HTML allowed too) is drawn, as in Streamlit 1.67
        # without alt the diagram's own accTitle names it, else its type (alt wins over accTitle)
        fence = page.get_by_role("img", name="fence title", exact=True)
        await expect(fence.locator("g.node text")).to_have_text(["Fence", "Drawn"])
        html = page.get_by_role("img", name="Mermaid flowchart", exact=True)
        await expect(html.locator("g.node text")).to_have_text(["Html", "Too"])  # unsafe_allow_html
        await expect(page.locator("code.language-mermaid")).to_have_count(0)
        # Mermaid's measuring nodes do not pile up in the page
        assert await page.locator("body > div[id^=djr-mermaid]").count() == 0
        # the light scheme: Mermaid's default theme (its pale node fill)
        fill = await flow.locator("g.node rect").first.evaluate("e => getComputedStyle(e).fill")
        await page.emulate_media(color_scheme="dark")
        await expect(flow.locator("g.node rect").first).not_to_have_css("fill", fill)


async def test_dark_scheme_graph_strokes_and_deck_background(jr_geo):
    async with chromium() as (page,):
        await page.emulate_media(color_scheme="dark")
        await page.goto(f"{jr_geo.url}/")
        states = page.get_by_role("img", name="process states")
        await expect(states.locator("g.node ellipse").first).to_have_css("stroke", "rgb(237, 235, 232)", timeout=LOAD)
        await expect(states.locator("g.node text").first).to_have_css("fill", "rgb(237, 235, 232)")
        await expect(_deck(page, "random points")).to_have_css("background-color", "rgb(45, 43, 39)")
        await page.screenshot(path=str(RESULTS / "geo-dark.png"), full_page=True)


async def test_a_chunk_that_cannot_load_leaves_an_error_not_a_blank_box(jr_geo):
    async with chromium() as (page,):
        await page.route("**/chunks/deck.js*", lambda route: route.abort())
        await page.goto(f"{jr_geo.url}/")
        await expect(page.get_by_role("alert").filter(has_text="could not load deck.js")).to_have_count(2, timeout=LOAD)
        await expect(page.get_by_role("img", name="process states").locator("g.node")).to_have_count(5, timeout=LOAD)


async def test_the_chunks_load_only_on_a_page_that_shows_them(jr_hello, jr_geo):
    assert "luma.gl" not in (STATIC / "app.js").read_text()  # deck.gl's WebGL layer
    assert "ScatterplotLayer" not in (STATIC / "app.js").read_text()
    assert "CGraphviz" not in (STATIC / "app.js").read_text()  # the wasm module's class
    assert "CGraphviz" in (STATIC / "chunks" / "graphviz.js").read_text()
    assert "flowchart-v2" not in (STATIC / "app.js").read_text()  # Mermaid's diagram registry
    assert "flowchart-v2" in (STATIC / "chunks" / "mermaid.js").read_text()
    async with chromium() as (page,):
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        await page.goto(f"{jr_hello.url}/")
        await expect(page.locator(".jr-k-markdown").first).to_be_visible()
        await page.wait_for_load_state("networkidle")
        assert not [u for u in requested if "/chunks/" in u], requested
        await page.goto(f"{jr_geo.url}/")
        await expect(page.get_by_role("img", name="process states").locator("g.node")).to_have_count(5, timeout=LOAD)
        chunks = sorted({u.split("/chunks/")[1].split("?")[0] for u in requested if "/chunks/" in u})
        # once each, though three graphs, five diagrams and two decks (sanitize: the markdown with HTML)
        assert chunks == ["deck.js", "graphviz.js", "mermaid.js", "sanitize.js"]


async def test_screenshot_of_the_geo_app(jr_geo):
    async with chromium() as (page,):
        await page.goto(f"{jr_geo.url}/")
        await _drawn(page, "random points", [197, 57, 72])
        await _drawn(page, "three cities", [0, 104, 201])
        await expect(page.get_by_role("img", name="abc").locator("g.node")).to_have_count(3, timeout=LOAD)
        await page.screenshot(path=str(RESULTS / "geo.png"), full_page=True)


# the centre of the pixels near an RGB colour on a deck's canvas, in page coordinates
SPOT = """([name, rgb]) => {
  const canvas = document.querySelector(`[role=img][aria-label="${name}"] canvas`);
  if (!canvas) return null;
  const c = document.createElement("canvas");
  c.width = canvas.width; c.height = canvas.height;
  const g = c.getContext("2d");
  g.drawImage(canvas, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let n = 0, sx = 0, sy = 0;
  for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) {
    const i = (y * c.width + x) * 4;
    if (d[i + 3] > 100 && Math.abs(d[i] - rgb[0]) < 40 && Math.abs(d[i + 1] - rgb[1]) < 40 && Math.abs(d[i + 2] - rgb[2]) < 40) { n++; sx += x; sy += y; }
  }
  if (n < 20) return null;
  const r = canvas.getBoundingClientRect();
  return [r.left + (sx / n) * r.width / c.width, r.top + (sy / n) * r.height / c.height];
}"""
RED, GREEN = [200, 30, 30], [30, 160, 30]


async def test_pydeck_selections_rerun_the_script():
    """on_select="rerun": a click on an object selects it (single-object: it alone, a second
    click or a click on the empty map clears it; multi-object: clicks add and remove objects);
    the script reads the layer's indices and the objects' rows."""
    served = Served(ROOT / "tests" / "apps" / "deck_select_app.py")
    try:
        async with chromium() as (page,):
            await page.goto(served.url + "/")
            await expect(page.get_by_text("one: {} []")).to_be_visible(timeout=LOAD)

            async def click(name: str, rgb: list[int]) -> None:
                await page.wait_for_function(f"a => ({SPOT})(a) !== null", arg=[name, rgb], timeout=LOAD)
                x, y = await page.evaluate(SPOT, [name, rgb])
                await page.mouse.click(x, y)

            await click("pick one", GREEN)
            await expect(page.get_by_text("one: {'one': [1]} ['east']")).to_be_visible()
            await click("pick one", RED)
            await expect(page.get_by_text("one: {'one': [0]} ['west']")).to_be_visible()
            await click("pick one", RED)  # the selected one again: none
            await expect(page.get_by_text("one: {} []")).to_be_visible()
            await click("pick one", GREEN)
            await expect(page.get_by_text("one: {'one': [1]} ['east']")).to_be_visible()
            box = await _deck(page, "pick one").bounding_box()
            await page.mouse.click(box["x"] + 10, box["y"] + 10)  # the empty map
            await expect(page.get_by_text("one: {} []")).to_be_visible()

            await click("pick many", RED)
            await expect(page.get_by_text("many: [0]")).to_be_visible()
            await click("pick many", GREEN)
            await expect(page.get_by_text("many: [0, 1]")).to_be_visible()
            await click("pick many", RED)
            await expect(page.get_by_text("many: [1]")).to_be_visible()
            await page.screenshot(path=str(RESULTS / "deck-select.png"), full_page=True)
    finally:
        served.stop(wait=False)
