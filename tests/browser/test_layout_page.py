"""Streamlit's layout model in Debian's Chromium: buttons side by side in a horizontal container,
width "content" vs "stretch" vs pixels measured by bounding boxes, text alignment."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def jr_layout():
    served = Served(ROOT / "tests" / "apps" / "layout_app.py")
    yield served
    served.stop(wait=False)


async def test_buttons_sit_side_by_side_and_widths_follow_the_script(jr_layout):
    async with chromium() as (page,):
        await page.set_viewport_size({"width": 1000, "height": 1000})
        await page.goto(jr_layout.url + "/")
        save = page.get_by_role("button", name="Save")
        await expect(page.get_by_text("Centered text")).to_be_visible()
        boxes = [await page.get_by_role("button", name=n).bounding_box() for n in ("Save", "Cancel", "Delete")]
        assert all(boxes)
        # one row: the same top, left to right, each as wide as its label, 1rem apart
        assert len({round(b["y"]) for b in boxes}) == 1, boxes
        assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
        assert 14 <= boxes[1]["x"] - (boxes[0]["x"] + boxes[0]["width"]) <= 18
        assert all(b["width"] < 120 for b in boxes)

        main = await save.evaluate("b => b.closest('.jr-el.jr-block').parentElement.getBoundingClientRect().width")
        stretched = await page.get_by_role("button", name="Stretched").bounding_box()
        fixed = await page.get_by_role("button", name="Fixed 300").bounding_box()
        content = await page.get_by_role("button", name="Content").bounding_box()
        assert abs(stretched["width"] - main) < 1
        assert abs(fixed["width"] - 300) < 1
        assert content["width"] < 120

        # a row mixing widths: content buttons keep theirs, a text input and a stretch button share the rest
        go = await page.get_by_role("button", name="Go").bounding_box()
        search = await page.get_by_role("textbox", name="Search").bounding_box()
        wide = await page.get_by_role("button", name="Wide").bounding_box()
        assert go["width"] < 80 and search["width"] > 200 and wide["width"] > 200
        assert go["x"] < search["x"] < wide["x"]
        assert abs((wide["x"] + wide["width"]) - (go["x"] + main)) < 2  # the row is filled

        # horizontal_alignment="right": the row's buttons end at the container's right edge
        two = await page.get_by_role("button", name="Right two").bounding_box()
        one = await page.get_by_role("button", name="Right one").bounding_box()
        assert abs((two["x"] + two["width"]) - (go["x"] + main)) < 2 and one["x"] < two["x"]

        # jr.space in a row is room across it: "large" is 4.25rem, plus the row's two 1rem gaps
        before = await page.get_by_role("button", name="Before space").bounding_box()
        after = await page.get_by_role("button", name="After space").bounding_box()
        assert abs(after["y"] - before["y"]) < 1
        assert abs(after["x"] - (before["x"] + before["width"]) - 100) < 2


async def test_a_row_starts_each_kind_from_streamlits_basis(jr_layout):
    """Streamlit 1.67's flex basis per kind: four bordered metrics (their content's width) and
    four text inputs (8rem each) share one row of the 704 px main column, where a 14rem minimum
    for every kind had wrapped them (agent-skills' feature-usage dashboard)."""
    async with chromium() as (page,):
        await page.set_viewport_size({"width": 1000, "height": 1000})
        await page.goto(jr_layout.url + "/")
        await expect(page.get_by_role("textbox", name="Fourth")).to_be_visible()
        metrics = page.locator(".jr-hbox .jr-metric")
        await expect(metrics).to_have_count(4)
        tops = {round((await metrics.nth(i).bounding_box())["y"]) for i in range(4)}
        assert len(tops) == 1, tops
        inputs = [
            await page.get_by_role("textbox", name=n).bounding_box() for n in ("First", "Second", "Third", "Fourth")
        ]
        assert len({round(b["y"]) for b in inputs}) == 1, inputs
        assert max(b["width"] for b in inputs) - min(b["width"] for b in inputs) < 2  # equal shares


async def test_text_alignment_width_and_height(jr_layout):
    async with chromium() as (page,):
        await page.set_viewport_size({"width": 1000, "height": 1000})
        await page.goto(jr_layout.url + "/")
        centered = page.get_by_text("Centered text")
        await expect(centered).to_be_visible()
        await expect(centered).to_have_css("text-align", "center")
        await expect(page.get_by_text("Right text")).to_have_css("text-align", "right")
        title = page.get_by_role("heading", name="Layout")
        tb = await title.evaluate(
            "h => { const r = document.createRange(); r.selectNodeContents(h); return r.getBoundingClientRect().toJSON(); }"
        )
        hb = await title.bounding_box()
        # the heading's text is in the middle of its full-width box
        assert abs((tb["x"] + tb["width"] / 2) - (hb["x"] + hb["width"] / 2)) < 30
        narrow = await page.get_by_text("A narrow text box").evaluate(
            "e => e.closest('.jr-el').getBoundingClientRect().width"
        )
        assert abs(narrow - 160) < 1
        code = await page.locator(".jr-code").first.bounding_box()
        assert abs(code["height"] - 120) < 1  # height=120: scrolls inside
        scrolls = await page.locator(".jr-code").first.evaluate("e => e.scrollHeight > e.clientHeight")
        assert scrolls
        bar = await page.get_by_role("progressbar").bounding_box()
        assert abs(bar["width"] - 250) < 1
        # wrap=False: one line, cut off
        cap = page.get_by_text("a caption that is cut off", exact=False)
        height = await cap.evaluate("e => e.getBoundingClientRect().height")
        assert height < 30
        # jr.space in a column: room down it (40px, plus the column's two 1rem gaps)
        above = await page.get_by_text("above space").evaluate(
            "e => e.closest('.jr-el').getBoundingClientRect().toJSON()"
        )
        below = await page.get_by_text("below space").evaluate(
            "e => e.closest('.jr-el').getBoundingClientRect().toJSON()"
        )
        assert abs(below["y"] - (above["y"] + above["height"]) - 72) < 2


@pytest.fixture(scope="module")
def jr_documents():
    served = Served(ROOT / "tests" / "apps" / "documents_app.py")
    yield served
    served.stop(wait=False)


async def test_a_pdf_is_shown_by_the_browsers_viewer_from_the_media_store(jr_documents):
    async with chromium() as (page,):
        await page.goto(jr_documents.url + "/")
        frame = page.get_by_title("Hello report")
        await expect(frame).to_be_visible()
        box = await frame.bounding_box()
        assert abs(box["height"] - 320) < 1
        src = await frame.evaluate("f => f.src")
        assert src and not src.startswith("data:")
        sandbox = await frame.get_attribute("sandbox")
        assert sandbox is None  # Chromium shows no PDF in a sandboxed frame; the media store serves it inline
        answer = await page.request.get(src)
        assert answer.ok and answer.headers["content-type"] == "application/pdf"
        assert "attachment" not in answer.headers.get("content-disposition", "")
        assert (await answer.body()).startswith(b"%PDF-")
        # HTML given to iframe runs in a sandboxed frame
        html = page.get_by_role("figure", name="inline frame").locator("iframe")
        assert "allow-same-origin" not in (await html.get_attribute("sandbox") or "allow-same-origin")


async def test_a_keyed_pdf_keeps_its_frame_when_its_height_changes(jr_documents):
    async with chromium() as (page,):
        await page.goto(jr_documents.url + "/")
        frame = page.get_by_title("Keyed report")
        await expect(frame).to_have_css("height", "200px")
        await frame.evaluate("f => { f.dataset.mark = 'same' }")
        await page.get_by_text("Tall viewer").click()
        await expect(frame).to_have_css("height", "400px")
        assert await frame.get_attribute("data-mark") == "same"  # not a new frame


@pytest.fixture(scope="module")
def jr_newer():
    served = Served(ROOT / "tests" / "apps" / "newer_app.py")
    yield served
    served.stop(wait=False)


async def test_pagination_menu_button_logo_and_skeleton(jr_newer):
    async with chromium() as (page,):
        await page.goto(jr_newer.url + "/")
        nav = page.get_by_role("navigation", name="Pagination")
        await expect(nav.get_by_role("button", name="Page 2", exact=True)).to_have_attribute("aria-current", "page")
        # 7 items at most, the ellipsis included, as Streamlit counts them
        await expect(nav.get_by_role("button", name=re.compile(r"^Page \d+$"))).to_have_count(6)
        await nav.get_by_role("button", name="Next page").click()
        await expect(page.get_by_text("page 3", exact=True)).to_be_visible()
        await nav.get_by_role("button", name="Page 20", exact=True).click()
        await expect(page.get_by_text("page 20", exact=True)).to_be_visible()
        await expect(nav.get_by_role("button", name="Next page")).to_be_disabled()

        export = page.get_by_role("button", name="Export")
        await expect(export).to_have_attribute("aria-expanded", "false")
        await export.click()
        menu = page.get_by_role("menu")
        await expect(menu).to_be_visible()
        await page.keyboard.press("ArrowDown")
        await expect(menu.get_by_role("menuitem", name="JSON")).to_be_focused()
        await page.keyboard.press("Enter")
        await expect(page.get_by_text("exported JSON")).to_be_visible()
        await expect(menu).to_be_hidden()
        # the next run (any widget) sees None: the choice was for one run
        await nav.get_by_role("button", name="Page 1", exact=True).click()
        await expect(page.get_by_text("exported None")).to_be_visible()

        logo = page.get_by_role("link").filter(has=page.get_by_role("img", name="Logo"))
        await expect(logo).to_have_attribute("href", "https://example.com/")
        box = await logo.bounding_box()
        assert box["x"] < 60 and box["y"] < 60
        await expect(page.get_by_role("status", name="Loading")).to_be_visible()
        pinned = page.get_by_role("button", name="Pinned at the bottom")
        box = await pinned.bounding_box()
        height = await page.evaluate("innerHeight")
        assert height - 60 < box["y"] + box["height"] <= height  # jr.bottom: at the viewport's bottom


async def test_columns_stack_on_a_narrow_screen_unless_wrap_is_false(jr_layout):
    async with chromium() as (page,):
        await page.set_viewport_size({"width": 500, "height": 900})
        await page.goto(jr_layout.url + "/")
        await expect(page.get_by_role("button", name="Stacked bottom")).to_be_visible()
        left = await page.get_by_role("button", name="Left col").bounding_box()
        right = await page.get_by_role("button", name="Right col").bounding_box()
        assert abs(left["y"] - right["y"]) < 1 and left["x"] < right["x"]
        top = await page.get_by_role("button", name="Stacked top").bounding_box()
        under = await page.get_by_role("button", name="Stacked bottom").bounding_box()
        assert under["y"] > top["y"] + top["height"]
