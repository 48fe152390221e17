"""Charts as a user sees them in Debian's Chromium: every chart kind draws its marks, the vega
chunk is fetched only by a page that shows a chart, the dark scheme gives a dark chart,
add_rows grows the drawn chart in place, Streamlit's animation demo streams, and point and
interval selections rerun the script with what was chosen."""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def jr_charts():
    served = Served(ROOT / "tests" / "apps" / "charts_app.py")
    yield served
    served.stop(wait=False)


def _chart(page: Any, name: str) -> Any:
    return page.get_by_role("figure", name=name, exact=True)


async def _lines_drawn(path: Any, want: int) -> int:
    """The line segments of a drawn line path: up to 10 s for ``want`` of them, then how many."""
    return await path.evaluate(
        """(p, want) => new Promise(ok => {
            const n = () => (p.getAttribute('d') || '').split('L').length - 1, end = Date.now() + 10000;
            const t = () => (n() >= want || Date.now() > end ? ok(n()) : setTimeout(t, 50));
            t();
        })""",
        want,
    )


def _frames_received(page: Any) -> list[bytes]:
    """The frames the page's WebSocket receives from now on, as bytes (a list that grows)."""
    frames: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())),
    )
    return frames


async def _open(page: Any, served: Served) -> None:
    """Load the app and wait for its run to draw (the kernel imports pandas and altair first)."""
    await page.goto(f"{served.url}/")
    await expect(page.get_by_role("button", name="Add rows")).to_be_visible(timeout=60_000)


async def _luminance(locator: Any) -> tuple[float, float]:
    """(mean luminance 0-255, standard deviation) of the element's pixels."""
    from PIL import Image, ImageStat

    shot = Image.open(io.BytesIO(await locator.screenshot())).convert("L")
    stat = ImageStat.Stat(shot)
    return stat.mean[0], stat.stddev[0]


@pytest.mark.parametrize(
    ("name", "marks"),
    [
        ("line chart", "g.mark-line path"),
        ("area chart", "g.mark-area path"),
        ("bar chart", "g.mark-rect path"),
        ("horizontal bar chart", "g.mark-rect path"),
        ("scatter chart", "g.mark-symbol path"),
        ("vega-lite chart", "g.mark-symbol path"),
        ("altair chart", "g.mark-rect path"),
    ],
)
async def test_each_chart_kind_draws_its_marks(jr_charts, name, marks):
    async with chromium() as (page,):
        await _open(page, jr_charts)
        chart = _chart(page, name)
        await expect(chart.locator(marks).first).to_be_attached()
        count = await chart.locator(marks).count()
        assert count >= (3 if "line" in name or "area" in name else 2)
        d = await chart.locator(marks).first.get_attribute("d")
        assert d and len(d) > 10
        box = await chart.bounding_box()
        assert box is not None and box["height"] > 100


async def test_unstacked_bars_stand_side_by_side_as_streamlits(jr_charts):
    # stack=False: each category's three series are three bars next to each other from the
    # same baseline (Streamlit's grouped bars), not one stacked or overlapping column
    async with chromium() as (page,):
        await _open(page, jr_charts)
        bars = _chart(page, "grouped bar chart").locator("g.mark-rect path")
        await expect(bars).to_have_count(12)
        boxes = await bars.evaluate_all(
            "ps => ps.map(p => { const r = p.getBoundingClientRect(); return [r.left, r.right, r.bottom]; })"
        )
        boxes.sort()
        assert all(a[1] <= b[0] + 0.5 for a, b in itertools.pairwise(boxes)), boxes
        assert max(b[2] for b in boxes) - min(b[2] for b in boxes) < 1


async def test_big_data_draws_on_a_canvas_that_is_not_blank(jr_charts):
    async with chromium() as (page,):
        await _open(page, jr_charts)
        canvas = _chart(page, "ten thousand points").locator("canvas")
        await expect(canvas).to_be_visible()
        await canvas.scroll_into_view_if_needed()
        _mean, spread = await _luminance(canvas)
        assert spread > 10  # a drawn line and axes, not a blank box


async def test_the_vega_chunk_loads_only_on_a_page_with_a_chart(jr_charts):
    plain = Served(ROOT / "tests" / "apps" / "metric_app.py")
    try:
        async with chromium() as (page,):
            fetched: list[str] = []
            page.on("request", lambda r: fetched.append(r.url))
            await page.goto(f"{plain.url}/")
            await expect(page.get_by_role("group", name="Clicks", exact=True)).to_be_visible()
            await page.wait_for_load_state("networkidle")
            assert not [u for u in fetched if "chunks/vega" in u]
            fetched.clear()
            await _open(page, jr_charts)
            await expect(_chart(page, "line chart").locator("svg")).to_be_attached()
            assert [u for u in fetched if "/chunks/vega.js" in u]
        app_js = (ROOT / "jupyter_reactive" / "static" / "app.js").read_text()
        assert "vega-lite" not in app_js and "vegaEmbed" not in app_js
    finally:
        plain.stop(wait=False)


@pytest.mark.parametrize(("scheme", "dark"), [("dark", True), ("light", False)])
async def test_the_chart_follows_the_colour_scheme(jr_charts, scheme, dark):
    async with chromium(timeout=30_000, color_scheme=scheme) as (page,):
        await _open(page, jr_charts)
        chart = _chart(page, "bar chart")
        await expect(chart.locator("g.mark-rect path").first).to_be_attached()
        mean, _spread = await _luminance(chart)
        assert (mean < 90) if dark else (mean > 170), mean
        # Streamlit's fixed greys for axis labels: gray30 on a dark page, gray70 on a light one
        label = chart.locator("g.role-axis-label text").first
        fill = await label.evaluate("e => getComputedStyle(e).fill")
        assert fill == ("rgb(230, 234, 241)" if dark else "rgb(128, 132, 149)"), fill


async def test_axes_and_legends_look_as_streamlits(jr_charts):
    # Streamlit 1.67's chart config: category labels of a bar chart stand upright, 12 px axis
    # labels without ticks or axis lines, bars 85 % of their band, the legend's 14 px text under
    # the plot, and a date index drawn on a time axis with Vega's own labels ("Wed 03")
    async with chromium() as (page,):
        await _open(page, jr_charts)
        bar = _chart(page, "bar chart")
        await expect(bar.locator("g.mark-rect path").first).to_be_attached()
        x_labels = bar.locator('g.role-axis[aria-label^="X-axis"]').locator("g.role-axis-label text")
        await expect(x_labels).to_have_count(8)
        turns = await x_labels.evaluate_all("ts => ts.map(t => t.getAttribute('transform') || '')")
        assert all(re.search(r"rotate\((270|-90)\)", t) for t in turns), turns
        size = await x_labels.first.evaluate("e => getComputedStyle(e).fontSize")
        assert size == "12px"
        assert await bar.locator("g.role-axis-domain, g.role-axis-tick").count() == 0
        # the first category's bars (stacked: one left edge) and the second's
        lefts = await bar.locator("g.mark-rect path").evaluate_all(
            "ps => ps.map(p => { const r = p.getBoundingClientRect(); return [r.left, r.width]; })"
        )
        edges = sorted({round(left, 1) for left, _ in lefts})
        width = max(w for _, w in lefts)
        assert 0.72 < width / (edges[1] - edges[0]) < 0.8, (width, edges[:2])
        legend = bar.locator("g.role-legend")
        plot = await bar.locator("g.mark-rect").bounding_box()
        below = await legend.bounding_box()
        assert plot and below and below["y"] >= plot["y"] + plot["height"]
        assert (
            await legend.locator("g.role-legend-label text").first.evaluate("e => getComputedStyle(e).fontSize")
            == "14px"
        )

        dated = _chart(page, "dated line chart")
        await dated.scroll_into_view_if_needed()
        labels = dated.locator('g.role-axis[aria-label^="X-axis"]').locator("g.role-axis-label text")
        await expect(labels.first).to_have_text("2024")
        texts = await labels.all_text_contents()
        assert any(re.fullmatch(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d", t) for t in texts), texts
        assert await labels.first.get_attribute("text-anchor") == "start"  # flush with the plot's start


async def test_add_rows_grows_the_drawn_chart_in_place(jr_charts):
    async with chromium() as (page,):
        sockets: list[Any] = []
        snapshots: list[dict[str, Any]] = []
        snapshot_in = asyncio.Event()

        async def through(ws: Any) -> None:  # a hop we can cut, reading what the server sends
            server = ws.connect_to_server()

            def down(message: Any) -> None:
                if isinstance(message, str) and '"snapshot"' in message:
                    snapshots.append(json.loads(message))
                    snapshot_in.set()
                ws.send(message)

            server.on_message(down)
            sockets.append(ws)

        await page.route_web_socket(re.compile(r".*/reactive/ws/.*"), through)
        await _open(page, jr_charts)
        chart = _chart(page, "growing chart")
        line = chart.locator("g.mark-line path")
        await expect(line).to_be_attached()
        await chart.evaluate("e => { e.querySelector('svg').dataset.mark = 'first' }")
        before = await line.get_attribute("d")
        await page.get_by_role("button", name="Add rows").click()
        await expect(line).not_to_have_attribute("d", before or "")
        # the same drawing, with the new rows inserted: not a fresh chart
        assert await chart.evaluate("e => e.querySelector('svg').dataset.mark") == "first"
        grown = await line.get_attribute("d") or ""
        assert grown.count("L") > (before or "").count("L")
        # the rows were sent alone; a tab that reconnects gets them from the server's mirror
        snapshot_in.clear()
        await sockets[-1].close(code=1001, reason="network dropped")
        await asyncio.wait_for(snapshot_in.wait(), 30)
        assert len(sockets) == 2
        charts = [i["el"] for i in snapshots[-1]["elements"] if i["el"].get("alt") == "growing chart"]
        assert [c["datasets"]["data"]["values"][1] for c in charts] == [[1.0, 2.0, 3.0, 4.0, 5.0]]
        await expect(line).to_have_attribute("d", grown)
        assert await chart.evaluate("e => e.querySelector('svg').dataset.mark") == "first"


async def test_the_animation_demo_streams_into_one_chart():
    served = Served(ROOT / "tests" / "apps" / "charts_animation.py")
    try:
        async with chromium() as (page,):
            frames = _frames_received(page)
            await page.goto(f"{served.url}/")
            chart = _chart(page, "animated chart")
            await expect(chart.locator("g.mark-line path")).to_be_attached()
            await chart.evaluate(
                """e => {
                    window.__jrDraws = 0;
                    window.__jrSvg = e.querySelector('svg');
                    new MutationObserver(() => window.__jrDraws++).observe(e, {subtree: true, attributes: true});
                }"""
            )
            await expect(page.get_by_role("button", name="Re-run")).to_be_visible(timeout=60_000)
            assert await _lines_drawn(chart.locator("g.mark-line path"), 500) == 500  # 1 + 100 * 5 points
            assert await page.evaluate("window.__jrDraws") >= 5  # grew step by step
            assert await chart.evaluate("e => e.querySelector('svg') === window.__jrSvg")
            # the steps travelled as rows alone: the chart element itself was sent once or twice
            # (a first add_rows may join the chart's own delta before it leaves)
            assert sum(f.count(b'"type":"add_rows"') for f in frames) >= 10
            assert sum(f.count(b'"kind":"vega_lite"') for f in frames) <= 2
    finally:
        served.stop(wait=False)


async def test_selections_rerun_with_the_chosen_points_and_range():
    served = Served(ROOT / "tests" / "apps" / "charts_select.py")
    try:
        async with chromium() as (page,):
            await page.goto(f"{served.url}/")
            picked = page.get_by_text("picked:")
            await expect(picked).to_have_text("picked: {}", timeout=60_000)
            points = _chart(page, "point chart").locator("g.mark-symbol path")
            await expect(points).to_have_count(3)
            # the point at a=2, b=1 is the lowest: click the one whose centre is lowest
            boxes = [await points.nth(i).bounding_box() for i in range(3)]
            lowest = max(range(3), key=lambda i: boxes[i]["y"])  # type: ignore[index]
            await points.nth(lowest).click()
            await expect(picked).to_have_text('picked: [{"name": "y"}]')
            brushed = page.get_by_text("brushed:")
            await expect(brushed).to_have_text("brushed: {}")
            chart = _chart(page, "brush chart")
            await chart.scroll_into_view_if_needed()
            box = await chart.locator("g.mark-symbol").bounding_box()
            assert box is not None
            y = box["y"] + box["height"] / 2
            await page.mouse.move(box["x"] - 5, y)
            await page.mouse.down()
            await page.mouse.move(box["x"] + box["width"] / 2, y, steps=5)
            await page.mouse.up()
            await expect(brushed).to_have_text(re.compile(r'brushed: \{"a": \[[0-9.]+, [0-9.]+\]\}'))
            # the rerun drew the chart again only if it changed: the brush is still there
            await expect(chart.locator("g.mark-rect path").first).to_be_attached()
    finally:
        served.stop(wait=False)


async def test_rows_added_in_one_burst_are_all_drawn():
    """Several add_rows handled in one task of the page (one socket message): Vega keeps only the
    last changeset given to a dataset before its next run, so each must carry the rows of the
    ones not yet run — every step's point is on the line."""
    served = Served(ROOT / "tests" / "apps" / "charts_burst.py")
    try:
        async with chromium() as (page,):
            frames = _frames_received(page)
            await page.goto(f"{served.url}/")
            line = _chart(page, "burst chart").locator("g.mark-line path")
            await expect(line).to_be_attached(timeout=60_000)  # drawn before the rows come
            await page.get_by_role("button", name="Burst").click()
            await expect(page.get_by_text("done", exact=True)).to_be_visible()
            assert await _lines_drawn(line, 60) == 60  # 61 points: a move, then a line to each
            # the steps travelled as rows alone, several in one socket message
            steps = [f.count(b'"type":"add_rows"') for f in frames]
            assert sum(steps) >= 2 and max(steps) >= 2, steps
    finally:
        served.stop(wait=False)


async def test_a_line_chart_marks_the_nearest_x_on_hover(jr_charts):
    # Streamlit 1.67's line charts: a filled point on each line at the x nearest the pointer
    # (with its tooltip), gone when the pointer leaves the chart
    shown = (
        "c => Array.from(c.querySelectorAll('g.mark-symbol.role-mark path')).filter(p =>"
        " getComputedStyle(p).opacity !== '0' && p.getAttribute('opacity') !== '0'"
        " && p.getAttribute('fill') !== 'transparent' && (p.getAttribute('fill-opacity') ?? '1') !== '0').length"
    )
    async with chromium() as (page,):
        await _open(page, jr_charts)
        chart = _chart(page, "line chart")
        await expect(chart.locator("g.mark-line path").first).to_be_attached()
        assert await chart.evaluate(shown) == 0
        box = await chart.locator("svg").bounding_box()
        assert box is not None
        await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        await page.mouse.move(box["x"] + box["width"] / 2 + 3, box["y"] + box["height"] / 2)
        series = await chart.locator("g.mark-line path").count()
        handle = await chart.element_handle()
        count_is = f"([c, n]) => ({shown})(c) === n"
        await page.wait_for_function(count_is, arg=[handle, series])  # one point on each line
        await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] + 200)
        await page.wait_for_function(count_is, arg=[handle, 0])
