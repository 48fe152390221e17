"""The page looks like Streamlit 1.67's in Debian's Chromium: the 704 px reading column, the
44/36/28 px headings with Streamlit's weights, 40 px bordered fields with 14 px text, the 8 px blue
progress bar, the palette of its default theme (read from its front-end bundle and measured on a
Streamlit page), and no gradient decoration above the header (Streamlit 1.67 draws none)."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def jr_look():
    served = Served(ROOT / "tests" / "apps" / "look_app.py")
    yield served
    served.stop(wait=False)


async def _style(locator: Any, prop: str) -> str:
    return str(await locator.evaluate(f"e => getComputedStyle(e).{prop}"))


async def _open(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_role("textbox", name="Name")).to_be_visible()


async def test_column_headings_fields_and_palette_match_streamlit(jr_look):
    async with chromium() as (page,):
        await _open(page, jr_look)
        root = page.locator(".jr-main > .jr-root")
        box = await root.bounding_box()
        assert box is not None and box["width"] == 704
        for text, size, weight, pad in [
            ("Look", "44px", "700", "20px"),
            ("Header", "36px", "600", "16px"),
            ("Subheader", "28px", "600", "12px"),
        ]:
            heading = page.get_by_role("heading", name=text, exact=True)
            assert await _style(heading, "fontSize") == size, text
            assert await _style(heading, "fontWeight") == weight, text
            assert await _style(heading, "paddingTop") == pad, text
        # the title's text starts where Streamlit's does: 96 px down, then its 20 px padding
        title = await page.get_by_role("heading", name="Look", exact=True).bounding_box()
        assert title is not None and title["y"] == 96
        name = page.get_by_role("textbox", name="Name")
        field = await name.bounding_box()
        assert field is not None and field["height"] == 40
        await expect(name).to_have_css("font-size", "14px")
        await expect(name).to_have_css("border-top-color", "rgb(220, 216, 212)")
        await expect(name).to_have_css("background-color", "rgb(248, 248, 247)")
        track = await page.locator(".jr-progress-track").bounding_box()
        assert track is not None and track["height"] == 8
        await expect(page.locator(".jr-progress-text")).to_have_css("font-size", "14px")
        await expect(page.locator(".jr-progress-bar")).to_have_css("background-color", "rgb(28, 131, 225)")
        go = page.get_by_role("button", name="Go")
        await expect(go).to_have_css("background-color", "rgb(197, 57, 72)")
        await expect(go).to_have_css("font-size", "14px")
        await expect(page.locator("body")).to_have_css("color", "rgb(47, 45, 43)")
        await expect(page.locator("body")).to_have_css("background-color", "rgb(255, 255, 255)")
        await expect(page.locator(".jr-deco")).to_have_count(0)


async def test_slider_shows_min_and_max_only_on_hover(jr_look):
    async with chromium() as (page,):
        await _open(page, jr_look)
        ticks = page.locator(".jr-ticks")
        await expect(ticks).to_have_text("010")
        # Streamlit's 12 px thumb on a 4 px track
        await expect(page.locator(".jr-range")).to_have_css("height", "12px")
        await expect(page.locator(".jr-track")).to_have_css("height", "4px")
        # compact like Streamlit's: the value just above the thumb, min/max just below
        await expect(page.locator(".jr-slider")).to_have_css("height", "26px")
        await expect(ticks).to_have_css("line-height", "14.4px")
        await page.mouse.move(0, 0)
        await expect(ticks).to_have_css("opacity", "0")
        await page.get_by_role("slider", name="Level").hover()
        await expect(ticks).to_have_css("opacity", "1")


async def test_dark_palette_is_streamlits(jr_look):
    async with chromium() as (page,):
        await page.emulate_media(color_scheme="dark")
        await _open(page, jr_look)
        await expect(page.locator("body")).to_have_css("background-color", "rgb(23, 22, 20)")
        await expect(page.locator("body")).to_have_css("color", "rgb(237, 235, 232)")
        field = page.get_by_role("textbox", name="Name")
        await expect(field).to_have_css("background-color", "rgb(45, 43, 39)")
        await expect(field).to_have_css("border-top-color", "rgb(74, 71, 66)")
        await expect(page.get_by_role("button", name="Go")).to_have_css("background-color", "rgb(207, 66, 80)")


async def test_radio_options_are_markdown_and_inert(jr_look):
    async with chromium() as (page,):
        await _open(page, jr_look)
        group = page.get_by_role("radiogroup", name="Pick")
        await expect(group.get_by_role("radio", name="bold one", exact=True)).to_be_checked()
        await expect(group.locator("strong")).to_have_text("bold")
        # an option holding HTML shows as its text: nothing runs, no element is made of it
        shown = group.get_by_text("<script>window.__pwned = 1</script>", exact=True)
        await expect(shown).to_be_visible()
        await expect(group.locator("script")).to_have_count(0)
        assert await page.evaluate("window.__pwned") is None
        await expect(group.get_by_role("radio", name="plain", exact=True)).to_be_visible()
        # Streamlit's compact list: an option every 24 px
        tops = [(await o.bounding_box() or {"y": 0})["y"] for o in await group.locator(".jr-radio").all()]
        assert [b - a for a, b in itertools.pairwise(tops)] == [24, 24], tops


async def test_widget_labels_are_markdown_and_inert(jr_look):
    async with chromium() as (page,):
        await _open(page, jr_look)
        # the accessible name stays the label's text; the markdown is drawn as Streamlit draws it
        box = page.get_by_role("checkbox", name="Agree to terms")
        await expect(box).not_to_be_checked()
        await expect(page.locator(".jr-w-checkbox strong")).to_have_text("terms")
        field = page.locator(".jr-w-number_input .jr-label")
        await expect(field.locator("code")).to_have_text("EUR")
        await expect(field).to_have_text("Amount in EUR <i>raw</i>")
        await expect(field.locator("i")).to_have_count(0)
        # a plain label is plain text
        await expect(page.locator(".jr-w-text_input .jr-label")).to_have_text("Name")
        await expect(page.locator(".jr-w-text_input .jr-label *")).to_have_count(0)
        await box.check()
        await expect(box).to_be_checked()


async def test_table_write_columns_text_and_chart_as_in_streamlit(jr_look):
    async with chromium() as (page,):
        await _open(page, jr_look)
        # st.table hides a default RangeIndex
        await expect(page.locator("table.jr-table thead th")).to_have_text(["a", "b"])
        await expect(page.locator("table.jr-table tbody tr").first.locator("th, td")).to_have_count(2)
        # as wide as the column, in a rounded box with light lines between the cells
        box = page.locator(".jr-table-box")
        await expect(box).to_have_css("border-radius", "8px")
        await expect(box).to_have_css("border-top-color", "rgb(232, 229, 226)")
        table = await page.locator("table.jr-table").bounding_box()
        assert table is not None and table["width"] == 702
        first = page.locator("table.jr-table thead th").first
        await expect(first).to_have_css("border-right-width", "1px")
        await expect(page.locator("table.jr-table thead th").last).to_have_css("border-right-width", "0px")
        # write("label:", 5) is one line, the number as inline code in the text's colour
        line = page.locator(".jr-md p", has_text="label:")
        await expect(line).to_have_text("label: 5")
        code = line.locator("code")
        await expect(code).to_have_text("5")
        await expect(code).to_have_css("color", "rgb(47, 45, 43)")
        await expect(code).to_have_css("font-size", "12px")
        # columns of equal width, 16 px apart, whatever they hold
        cols = page.locator(".jr-b-columns").first.locator(":scope > .jr-b-column")
        await expect(cols).to_have_count(2)
        a, b = [await cols.nth(i).bounding_box() for i in range(2)]
        assert a is not None and b is not None
        assert a["width"] == b["width"] == 344 and b["x"] - (a["x"] + a["width"]) == 16
        # st.text in the body font
        body_font = await _style(page.locator("body"), "fontFamily")
        assert await _style(page.get_by_text("plain text", exact=True), "fontFamily") == body_font
        # an open expander: Streamlit's 14 px header on a tint, ruled off from a 16 px padded body
        summary = page.locator(".jr-expander > summary", has_text="More")
        await expect(summary).to_have_css("font-size", "14px")
        await expect(summary).to_have_css("background-color", "rgb(252, 252, 251)")
        await expect(summary).to_have_css("border-bottom-color", "rgb(220, 216, 212)")
        await expect(page.locator(".jr-exp-body").filter(has_text="inside")).to_have_css("padding-top", "16px")
        # its chevron is left of the label and points down while open (right while closed)
        chevron = "s => { const c = getComputedStyle(s, '::before'); return [c.content, c.transform]; }"
        assert await summary.evaluate(chevron) == ['""', "matrix(0.707107, 0.707107, -0.707107, 0.707107, 0, 0)"]
        await summary.click()
        await expect(summary.locator("xpath=..")).not_to_have_attribute("open", "")
        assert (await summary.evaluate(chevron))[1] == "matrix(0.707107, -0.707107, 0.707107, 0.707107, 0, 0)"
        # code: Streamlit's 14 px monospace on 22.4 px lines
        code = page.locator(".jr-code pre").first
        await expect(code).to_have_css("font-size", "14px")
        await expect(code).to_have_css("line-height", "22.4px")
        # a built-in chart is 350 px tall, axes and legend included
        chart = page.locator(".jr-vega")
        await expect(chart.locator("svg, canvas").first).to_be_visible(timeout=30_000)
        box = await chart.bounding_box()
        assert box is not None and box["height"] == 350 and box["width"] == 704


async def test_heading_dividers_and_numbered_code_as_streamlits(jr_look):
    async with chromium() as (page,):
        await _open(page, jr_look)
        # Streamlit 1.67's divider: a rounded 2 px line 8 px under the heading; divider=True takes
        # the run's next colour (blue first), "rainbow" its six colours left to right
        cycled = page.locator(".jr-el", has=page.get_by_role("heading", name="Cycled rule")).locator("hr")
        await expect(cycled).to_have_css("background-color", "rgb(59, 130, 246)")
        await expect(cycled).to_have_css("height", "2px")
        await expect(cycled).to_have_css("margin-top", "8px")
        await expect(cycled).to_have_css("border-top-width", "0px")
        rainbow = page.locator(".jr-el", has=page.get_by_role("heading", name="Rainbow rule")).locator("hr")
        image = await _style(rainbow, "backgroundImage")
        assert image.startswith("linear-gradient(to right, rgb(217, 74, 87), rgb(224, 104, 43)"), image
        # st.divider: a 1 px rule 48 px under the element above, 32 px over the next
        gaps = await page.locator(".jr-hr").evaluate(
            "hr => { const el = hr.closest('.jr-el'), r = hr.getBoundingClientRect();"
            " return [r.top - el.previousElementSibling.getBoundingClientRect().bottom,"
            " el.nextElementSibling.getBoundingClientRect().top - r.bottom, r.height]; }"
        )
        assert gaps == [48, 32, 1], gaps
        # numbered code: an empty line keeps its own row, so the numbers stay one a line
        lines = page.locator(".jr-code", has_text="third").locator(".jr-line")
        number = "l => { const c = getComputedStyle(l, '::before'); return [c.fontSize, c.opacity, c.width]; }"
        assert await lines.first.evaluate(number) == ["12px", "0.4", "20px"]
        await expect(lines.first).to_have_css("padding-left", "32px")
        await expect(lines).to_have_count(3)
        tops = [(await lines.nth(i).bounding_box() or {})["y"] for i in range(3)]
        assert tops[1] - tops[0] == pytest.approx(22.4, abs=0.6) and tops[2] - tops[1] == pytest.approx(22.4, abs=0.6)


async def test_exception_shows_its_frames_under_traceback_as_streamlits(jr_look):
    async with chromium() as (page,):
        await _open(page, jr_look)
        box = page.locator(".jr-exc")
        await expect(box.locator(".jr-exc-head")).to_have_text(
            "ValueError: invalid literal for int() with base 10: 'not a number'"
        )
        await expect(box.locator(".jr-exc-label")).to_have_text("Traceback:")
        # only the frames, dedented, in a bordered 14 px monospace box 16 px in
        frames = box.locator("pre.jr-exc-tb")
        text = await frames.inner_text()
        assert text.startswith('File "') and 'int("not a number")' in text, text
        assert "most recent call last" not in text and "invalid literal" not in text, text
        await expect(frames).to_have_css("border-top-width", "1px")
        await expect(frames).to_have_css("border-top-color", "rgb(220, 216, 212)")
        await expect(frames).to_have_css("border-radius", "8px")
        await expect(frames).to_have_css("padding-left", "16px")
        await expect(frames).to_have_css("font-size", "14px")
        # 16 px from the message to "Traceback:", 8 px from it to the frames (read at once: the
        # chart above may still be growing the page)
        gaps = await box.evaluate(
            "b => { const [m, l, f] = [...b.children].map(c => c.getBoundingClientRect()); return [l.top - m.bottom, f.top - l.bottom]; }"
        )
        assert gaps == [16, 8]
        # on a page served from this machine, Streamlit's "Copy", "Ask Google" and "Ask ChatGPT"
        # row: 14 px, at the box's right, 16 px under the frames, the links opening a new tab
        row = box.locator(".jr-exc-links")
        await expect(row.locator("button, a")).to_have_text(["Copy", "Ask Google", "Ask ChatGPT"])
        await expect(row).to_have_css("font-size", "14px")
        google = await row.get_by_role("link", name="Ask Google").get_attribute("href") or ""
        assert google.startswith("https://www.google.com/search?q=ValueError%3A%20invalid%20literal"), google
        chatgpt = await row.get_by_role("link", name="Ask ChatGPT").get_attribute("href") or ""
        assert "int(%22not%20a%20number%22)" in chatgpt and chatgpt.startswith("https://chatgpt.com/?q=ValueError"), (
            chatgpt
        )
        assert await row.get_by_role("link", name="Ask ChatGPT").get_attribute("target") == "_blank"
        place = await row.evaluate(
            "r => { const b = r.parentElement.getBoundingClientRect(), f = r.previousElementSibling.getBoundingClientRect(),"
            " l = r.lastElementChild.getBoundingClientRect(), s = getComputedStyle(r.parentElement);"
            " return [r.getBoundingClientRect().top - f.bottom, b.right - parseFloat(s.paddingRight) - l.right]; }"
        )
        assert place == [16, 0], place


async def test_json_is_drawn_as_streamlits(jr_look):
    # react-json-view as Streamlit configures it: `"key" : value` without commas, a list's
    # indices as keys, rjv-default's colours, NULL as a badge, expanded=1 opening one level and
    # drawing the closed ones as {...}; a click opens one
    async with chromium() as (page,):
        await _open(page, jr_look)
        tree = page.locator(".jr-json")
        await expect(tree).to_be_visible()
        rows = tree.locator(".jr-j-body").first.locator(":scope > .jr-j-row, :scope > details > summary")
        await expect(rows).to_have_text(
            ['"name":"Ada"', '"langs":[...]', '"n":36', '"x":1.5', '"ok":true', '"none":NULL', '"deep":{...}']
        )
        assert "," not in await tree.inner_text()
        colours = await tree.evaluate(
            "t => ['.jr-j-key', '.jr-j-string', '.jr-j-integer', '.jr-j-float', '.jr-j-boolean', '.jr-j-null', '.jr-j-dots']"
            ".map(s => getComputedStyle(t.querySelector(s)).color)"
        )
        assert colours == [
            "rgb(0, 43, 54)",
            "rgb(203, 75, 22)",
            "rgb(38, 139, 210)",
            "rgb(133, 153, 0)",
            "rgb(42, 161, 152)",
            "rgb(220, 50, 47)",
            "rgb(203, 75, 22)",
        ]
        colon = tree.locator(".jr-j-colon").first
        await expect(colon).to_have_css("margin-left", "5px")
        await expect(colon).to_have_css("margin-right", "5px")
        await expect(tree).to_have_css("font-size", "14px")
        await expect(tree.locator(".jr-j-body").first).to_have_css("border-left-color", "rgb(235, 235, 235)")
        summary = tree.locator("summary", has_text='"langs"')
        await summary.click()
        langs = summary.locator("..")
        await expect(langs.locator(".jr-j-body")).to_have_text('0:"en"')
        await expect(langs.locator(".jr-j-idx")).to_have_css("color", "rgb(108, 113, 196)")


async def test_json_shows_streamlits_copy_icon_on_hover(jr_look):
    # react-json-view's clipboard icon as Streamlit shows it: only while the pointer is over a
    # value (a node's after its closing brace, or after {...} while closed), 14 px in the
    # integers' blue; a click copies that value as indented JSON and opens or closes nothing
    async with chromium() as (page,):
        await page.add_init_script(
            'window.__copied = null; Object.defineProperty(navigator, "clipboard", {value: {writeText: (t) =>'
            " { window.__copied = t; return Promise.resolve(); }}});"
        )
        await _open(page, jr_look)
        tree = page.locator(".jr-json")
        row = tree.locator(".jr-j-row", has_text='"n"')
        copy = row.get_by_role("button", name="Copy to clipboard")
        await expect(copy).to_be_hidden()
        await row.hover()
        await expect(copy).to_be_visible()
        await expect(copy).to_have_css("background-color", "rgb(38, 139, 210)")
        await expect(copy).to_have_css("width", "14px")
        root_copy = tree.locator(":scope > details > .jr-j-close > .jr-j-copy")
        await expect(root_copy).to_be_visible()  # the pointer is inside the root object too
        await expect(tree.locator(".jr-j-row", has_text='"x"').locator(".jr-j-copy")).to_be_hidden()
        await copy.click()
        assert await page.evaluate("window.__copied") == "36"
        await expect(copy).to_have_class(re.compile("jr-copied"))
        summary = tree.locator("summary", has_text='"deep"')
        deep = summary.locator("..")
        await summary.hover()
        await summary.locator(".jr-j-copy").click()
        assert await page.evaluate("window.__copied") == '{\n  "a": {}\n}'
        assert await deep.evaluate("d => d.open") is False


async def test_help_marks_sit_where_streamlits_do(jr_look):
    # a field's "?" at the right end of its label row; a radio's just after its label
    async with chromium() as (page,):
        await _open(page, jr_look)
        where = "r => { const row = r.getBoundingClientRect(), l = r.querySelector('.jr-label').getBoundingClientRect(), q = r.querySelector('.jr-help').getBoundingClientRect(); return [row.right - q.right, q.left - l.right, q.width]; }"
        name = await page.locator(".jr-w-text_input .jr-label-row").first.evaluate(where)
        assert name[0] == 0 and name[1] > 500 and name[2] == 16, name
        pick = await page.locator(".jr-w-radio .jr-label-row").first.evaluate(where)
        assert 0 < pick[1] <= 8 and pick[0] > 500, pick


async def test_chat_input_is_streamlits_bordered_box_above_the_bottom(jr_look):
    async with chromium() as (page,):
        await _open(page, jr_look)
        box = page.locator(".jr-chat-box")
        await expect(box).to_be_visible()
        await expect(box).to_have_css("border-top-color", "rgb(220, 216, 212)")
        await expect(box).to_have_css("border-radius", "8px")
        await expect(box).to_have_css("background-color", "rgb(248, 248, 247)")
        await expect(page.get_by_role("textbox", name="Say")).to_have_css("font-size", "14px")
        shape = await box.bounding_box()
        assert shape is not None and shape["height"] == 58 and shape["width"] == 704
        assert 900 - (shape["y"] + shape["height"]) == 56  # Streamlit's 3.5 rem below it


async def test_a_named_authors_avatar_is_streamlits_bordered_initial(jr_look):
    async with chromium() as (page,):
        await _open(page, jr_look)
        message = page.get_by_role("article", name="Chat message from Bob")
        avatar = message.locator(".jr-avatar")
        await expect(avatar).to_have_text("B")
        await expect(avatar).to_have_css("border-top-color", "rgb(213, 218, 229)")
        await expect(avatar).to_have_css("background-color", "rgb(255, 255, 255)")
        await expect(avatar).to_have_css("color", "rgb(38, 39, 48)")
        # the text starts 8 px after the 32 px avatar, as in Streamlit
        a, body = await avatar.bounding_box(), await message.locator(".jr-chat-body").bounding_box()
        assert a is not None and body is not None and body["x"] - (a["x"] + a["width"]) == 8
        await page.emulate_media(color_scheme="dark")
        await expect(avatar).to_have_css("border-top-color", "rgb(49, 51, 63)")
        await expect(avatar).to_have_css("background-color", "rgb(14, 17, 23)")


async def test_bordered_columns_pad_as_streamlits_and_keep_their_own_gap(jr_look):
    async with chromium() as (page,):
        await _open(page, jr_look)
        column = page.locator(".jr-b-column", has_text="first in column")
        # Streamlit's bordered block: 15 px padding inside its 1 px border
        await expect(column).to_have_css("padding-top", "15px")
        # columns(gap="large") spaces the columns, not the elements inside each one
        await expect(column).to_have_css("row-gap", "16px")
        first = page.get_by_text("first in column")
        second = page.get_by_text("second in column")
        await expect(second).to_be_visible()
        # both boxes read in one task of the page: the chart above draws when its chunk has
        # loaded, and moves everything under it; two reads could straddle that
        space = await page.evaluate(
            "([a, b]) => b.getBoundingClientRect().top - a.getBoundingClientRect().bottom",
            [await first.element_handle(), await second.element_handle()],
        )
        assert space == 16, space


async def test_weighted_columns_with_a_gap_are_as_wide_as_streamlits(jr_look):
    # Streamlit gives each column flex: 1 1 calc(share - gap), so the gaps' leftover is split
    # evenly rather than by weight: population-dashboard's columns((1.5, 4.5, 2), gap="medium")
    # measured 132/440/184 px there in an 820 px row (141.75/425.25/189 by weight)
    async with chromium() as (page,):
        await _open(page, jr_look)
        row = page.locator(".jr-b-columns", has_text="donuts")
        await expect(row.locator("> .jr-b-column")).to_have_count(3)
        # the row's width and its columns' in one task of the page: a scroll bar that comes
        # as the page grows (the chart's chunk, the rest of the run) narrows them all
        row_width, *widths = await row.evaluate(
            """r => [r, ...r.querySelectorAll(":scope > .jr-b-column")].map(
                e => e.getBoundingClientRect().width)"""
        )
        gap = 32  # medium
        for share, width in zip((1.5 / 8, 4.5 / 8, 2 / 8), widths, strict=True):
            assert abs(width - (share * row_width - gap + gap / 3)) < 0.5, (row_width, widths)
