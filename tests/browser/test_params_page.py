"""The optional parameters Streamlit users pass (help, anchors, line numbers, number formats,
full-width buttons, radio captions, media end times, autocomplete) as a user sees them in
Debian's Chromium; and malformed ones reaching the page (rewritten on the socket) leave it working."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.async_api import expect

from jupyter_reactive import protocol
from tests.browser.conftest import RESULTS, ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)

CAPTURE_COPY = """
window.__copied = null;
Object.defineProperty(navigator, "clipboard", {
  value: { writeText: (t) => { window.__copied = t; return Promise.resolve(); } },
});
"""


@pytest.fixture(scope="module")
def jr_params():
    served = Served(ROOT / "tests" / "apps" / "params_app.py")
    yield served
    served.stop(wait=False)


async def _open(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("plan is Free")).to_be_visible()


async def _width(locator: Any) -> float:
    box = await locator.bounding_box()
    assert box is not None
    return box["width"]


async def test_help_marks_describe_headings_text_and_are_reachable_by_keyboard(jr_params):
    async with chromium() as (page,):
        await _open(page, jr_params)
        title = page.get_by_role("heading", name="Prices")
        await expect(title).to_have_accessible_description("What things cost")
        await expect(page.locator(".jr-md", has_text="Some body text")).to_have_accessible_description("Body help")
        await expect(page.locator(".jr-md", has_text="A caption")).to_have_accessible_description("Caption help")
        await expect(page.locator("pre.jr-text")).to_have_accessible_description("Text help")

        marks = page.get_by_role("button", name="Help", exact=True)
        await expect(marks).to_have_count(4)
        first = marks.first
        await expect(first).to_have_attribute("title", "What things cost")
        await expect(first).to_have_accessible_description("What things cost")
        tip = page.get_by_role("tooltip").first
        assert await _width(tip) <= 1  # only for screen readers until the mark has keyboard focus
        await first.focus()
        await page.keyboard.press("Shift+Tab")
        await page.keyboard.press("Tab")
        await expect(first).to_be_focused()
        await expect(tip).to_have_text("What things cost")
        assert await _width(tip) > 50


async def test_headings_get_anchors_unless_told_not_to(jr_params):
    async with chromium() as (page,):
        await _open(page, jr_params)
        await expect(page.get_by_role("heading", name="Prices")).to_have_attribute("id", "prices")
        await expect(page.get_by_role("heading", name="Set up")).to_have_attribute("id", "setup")
        links = page.get_by_role("link", name="Link to this heading")
        await expect(links).to_have_count(2)
        await expect(links.nth(1)).to_have_attribute("href", "#setup")
        plain = page.get_by_role("heading", name="No anchor here")
        assert await plain.get_attribute("id") is None
        await page.get_by_role("heading", name="Set up").hover()
        await expect(links.nth(1)).to_have_css("opacity", "1")


async def test_line_numbers_are_shown_but_never_copied_and_long_lines_wrap(jr_params):
    async with chromium() as (page,):
        await page.add_init_script(CAPTURE_COPY)
        await _open(page, jr_params)
        numbered = page.locator(".jr-code").first
        lines = numbered.locator(".jr-line")
        await expect(lines).to_have_count(4)
        gutter = await lines.evaluate_all("ls => ls.map(l => getComputedStyle(l, '::before').content)")
        assert all("counter(jr-ln)" in g for g in gutter), gutter
        await expect(lines.nth(2)).to_have_text("    string'''")  # a docstring split over lines
        await numbered.hover()
        await numbered.get_by_role("button", name="Copy code").click()
        await expect(numbered.get_by_role("button", name="Copy code")).to_have_text("Copied ✓")
        assert await page.evaluate("window.__copied") == "def f(x):\n    '''doc\n    string'''\n    return x\n"

        wrapped = page.locator(".jr-code.jr-wrap pre")
        assert await wrapped.evaluate("p => p.scrollWidth <= p.clientWidth")
        assert await wrapped.evaluate("p => p.clientHeight > 60")  # on several rows


async def test_number_formats_show_on_sliders_and_number_inputs(jr_params):
    async with chromium() as (page,):
        await _open(page, jr_params)
        price = page.get_by_role("slider", name="Price")
        slider = page.locator(".jr-w-slider", has=price)
        await expect(slider.locator(".jr-bubble")).to_have_text("$12.50")
        await expect(slider.locator(".jr-ticks")).to_have_text("$0.00$100.00")
        await expect(price).to_have_attribute("aria-valuetext", "$12.50")
        await price.focus()
        await page.keyboard.press("ArrowRight")
        await expect(slider.locator(".jr-bubble")).to_have_text("$12.51")
        await expect(page.get_by_text("price is 12.51")).to_be_visible()
        count = page.locator(".jr-w-slider", has=page.get_by_role("slider", name="Count"))
        await expect(count.locator(".jr-bubble")).to_have_text("42 items")
        await expect(count.locator(".jr-ticks")).to_have_text("0 items1000 items")

        amount = page.get_by_role("spinbutton", name="Amount")
        shown = page.locator(".jr-num", has=amount).locator(".jr-num-shown")
        await expect(shown).to_have_text("01234.50")
        await expect(shown).to_be_visible()
        await expect(amount).to_have_value("1234.50")  # the raw number, under the formatted one
        await expect(amount).to_have_attribute("aria-valuetext", "01234.50")
        await amount.click()
        await expect(shown).to_be_hidden()  # editing shows the raw value
        await amount.fill("99")
        await amount.press("Enter")
        await expect(page.get_by_text("amount is 99.0")).to_be_visible()
        await amount.blur()
        await expect(shown).to_have_text("00099.00")
        await expect(shown).to_be_visible()
        plain = page.locator(".jr-num", has=page.get_by_role("spinbutton", name="Plain"))
        await expect(plain.locator(".jr-num-shown")).to_be_hidden()


async def test_full_width_buttons_span_their_container(jr_params):
    async with chromium() as (page,):
        await _open(page, jr_params)
        column = page.locator(".jr-b-column").first
        wide = page.get_by_role("button", name="Wide", exact=True)
        download = page.get_by_role("button", name="Wide download")
        narrow = page.get_by_role("button", name="Narrow")
        col = await _width(column)
        assert await _width(wide) == pytest.approx(col, abs=0.5)
        assert await _width(download) == pytest.approx(col, abs=0.5)
        assert await _width(narrow) < col / 2
        send = page.get_by_role("button", name="Send")
        form = page.locator("form, .jr-b-form").filter(has=send).last
        pad = "f => { const s = getComputedStyle(f); return f.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); }"
        inner = await form.evaluate(pad)
        assert await _width(send) == pytest.approx(inner, abs=0.5)


async def test_radio_captions_sit_under_their_options_and_describe_them(jr_params):
    async with chromium() as (page,):
        await _open(page, jr_params)
        free = page.get_by_role("radio", name="Free", exact=True)
        pro = page.get_by_role("radio", name="Pro", exact=True)
        await expect(free).to_have_accessible_description("No cost")
        await expect(pro).to_have_accessible_description("Everything, monthly")
        caption = page.locator(".jr-radio-cap", has_text="monthly")
        await expect(caption.locator("em")).to_have_text("Everything")  # inline markdown
        label = await page.locator("label.jr-radio", has=pro).bounding_box()
        under = await caption.bounding_box()
        assert under["y"] >= label["y"] + label["height"] - 1
        assert under["x"] > label["x"]  # indented under the option's text, past the circle
        await pro.check()
        await expect(page.get_by_text("plan is Pro")).to_be_visible()


async def test_media_end_time_and_text_input_autocomplete(jr_params):
    async with chromium() as (page,):
        await _open(page, jr_params)
        assert (await page.locator("audio source").get_attribute("src")).endswith("#t=1,2.5")
        assert (await page.locator("video source").get_attribute("src")).endswith("#t=0,3")
        await expect(page.get_by_role("textbox", name="Email")).to_have_attribute("autocomplete", "email")
        # Streamlit 1.67: the default type's autocomplete is "", the browser's own behaviour
        assert await page.get_by_role("textbox", name="Nickname").get_attribute("autocomplete") is None


def _spoil(el: dict[str, Any]) -> None:
    """Malformed optional fields, as a buggy or hostile kernel could send them."""
    if el.get("widget") == "slider" and el.get("label") == "Count":
        el["number_format"] = "%q items"
    elif el.get("widget") == "number_input" and el.get("label") == "Amount":
        el["number_format"] = {"not": "a string"}
    elif el.get("widget") == "radio":
        el["captions"] = 42
    elif el.get("widget") == "button" and el.get("label") == "Wide":
        el["use_container_width"] = "yes"
        el["sizing"] = {"width": "yes"}  # the layout model's field, where the width now comes from
    elif el.get("kind") == "markdown" and el.get("variant") == "title":
        el["help"] = ["not", "text"]
        el["anchor"] = 7
    elif el.get("kind") == "code":
        el["line_numbers"] = "many"
    elif el.get("kind") == "audio":
        el["end_time"] = "soon"
    elif el.get("widget") == "text_input" and el.get("label") == "Email":
        el.update(input_type="constructor", icon={"x": 1}, validate="^a$", live_ms="soon", required="yes")
    elif el.get("widget") == "text_input" and el.get("label") == "Nickname":
        el.update(input_type=7, icon=["🔥"], validate=[5, None], live_ms=-3, required=1)


def _rewrite(message: str | bytes) -> str | bytes:
    if isinstance(message, str):
        msg, payload = json.loads(message), None
    else:
        msg, payload = protocol.decode_frame(message)
        if msg.get("type") == protocol.BATCH:  # a run's frames in one message: each rewritten
            frames = [_rewrite(f) for f in protocol.split_batch(msg, payload)]
            return protocol.encode_batch([f for f in frames if isinstance(f, bytes)])
    items = msg.get("items") or msg.get("elements") or []
    for item in items:
        _spoil(item["el"])
    return json.dumps(msg) if payload is None else protocol.encode_frame(msg, payload)


async def test_malformed_fields_reaching_the_page_are_shown_raw_or_ignored(jr_params):
    async with chromium() as (page,):
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))

        async def spoil(ws):
            server = ws.connect_to_server()
            server.on_message(lambda m: ws.send(_rewrite(m)))

        await page.route_web_socket(re.compile(r".*/reactive/ws/.*"), spoil)
        await _open(page, jr_params)
        count = page.locator(".jr-w-slider", has=page.get_by_role("slider", name="Count"))
        await expect(count.locator(".jr-bubble")).to_have_text("42")
        amount = page.get_by_role("spinbutton", name="Amount")
        await expect(amount).to_have_value("1234.50")
        await expect(page.locator(".jr-num", has=amount).locator(".jr-num-shown")).to_be_hidden()
        await expect(page.locator(".jr-radio-cap:visible")).to_have_count(0)
        await expect(page.get_by_role("radio", name="Pro", exact=True)).to_be_visible()
        narrow = await _width(page.get_by_role("button", name="Wide", exact=True))
        assert narrow < await _width(page.locator(".jr-b-column").first) / 2
        title = page.get_by_role("heading", name="Prices")
        await expect(title).to_have_attribute("id", "prices")  # a made-up anchor: derived from the text
        await expect(page.get_by_role("button", name="Help", exact=True)).to_have_count(3)
        await expect(page.locator(".jr-line")).to_have_count(0)
        assert (await page.locator("audio source").get_attribute("src")).endswith("#t=1")
        for name in ("Email", "Nickname"):  # a plain text field: no icon, rule or "(required)"
            box = page.get_by_role("textbox", name=name, exact=True)
            await expect(box).to_have_attribute("type", "text")
            field = page.locator(".jr-w-text_input", has=box)
            await expect(field.locator(".jr-ficon")).to_have_count(0)
            await expect(field.locator(".jr-required")).to_be_hidden()
            await box.fill("b")
            await box.press("Enter")
            await expect(box).not_to_have_attribute("aria-invalid", "true")
        # the page still works: a change goes through and the whole app is drawn again
        await page.get_by_role("radio", name="Pro", exact=True).check()
        await expect(page.get_by_text("plan is Pro")).to_be_visible()
        assert errors == []


async def test_screenshot_of_the_params_app(jr_params):
    async with chromium() as (page,):
        await _open(page, jr_params)
        RESULTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(RESULTS / "params.png"), full_page=True)
        await page.get_by_role("heading", name="Set up").hover()
        amount = page.get_by_role("spinbutton", name="Amount")
        await page.get_by_role("button", name="Help", exact=True).first.focus()
        await page.keyboard.press("Shift+Tab")
        await page.keyboard.press("Tab")
        await page.screenshot(path=str(RESULTS / "params-top.png"))
        await amount.scroll_into_view_if_needed()
        await page.screenshot(path=str(RESULTS / "params-widgets.png"))
        assert (RESULTS / "params.png").stat().st_size > 10_000
