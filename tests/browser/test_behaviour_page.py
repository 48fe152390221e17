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

from tests.browser.conftest import Served, choose, chromium

pytestmark = pytest.mark.timeout(180)

APP = """
from datetime import date, time

import jupyter_reactive as jr

jr.session_state.setdefault("clicks", 0)
if jr.button("count"):
    jr.session_state.clicks += 1
jr.write(f"clicks: {jr.session_state.clicks}")

v4 = jr.text_input("text input 4 (value=None)", None)
jr.write("value 4:", v4)
a4 = jr.text_area("text area 4 (value=None)", None)
jr.write("area 4:", a4)

n11 = jr.number_input("number input 11 (value=None)", value=None, placeholder="Type a number...")
jr.write("number 11:", n11)
jr.session_state.setdefault("n12", 7.0)
n12 = jr.number_input("number input 12 (value=None, from state)", value=None, key="n12")
jr.write("number 12:", n12)
s9 = jr.selectbox("selectbox 9 (empty selection)", ["male", "female"], index=None)
jr.write("select 9:", s9)
s1 = jr.selectbox("selectbox 1 (default)", ["male", "female"])
jr.write("select 1:", s1)
m2 = jr.multiselect("multiselect 2", ["male", "female"], format_func=lambda x: x.capitalize())
jr.text(f"multi 2: {m2}")

d1 = jr.date_input("date input 1", date(1970, 1, 1), min_value=date(1970, 1, 1))
jr.write("date 1:", d1)
d13 = jr.date_input("date input 13 (value=None)", value=None)
jr.write("date 13:", d13)
jr.session_state.setdefault("d14", date(1970, 2, 3))
d14 = jr.date_input("date input 14 (from state)", value=None, key="d14")
jr.write("date 14:", d14)
t1 = jr.time_input("time input 1", time(8, 45))
jr.write("time 1:", t1)
jr.session_state.setdefault("t9", time(8, 50))
t9 = jr.time_input("time input 9 (from state)", value=None, key="t9")
jr.write("time 9:", t9)

colours = ["red", "orange", "yellow", "green", "blue", "indigo", "violet"]
ss1 = jr.select_slider("select slider 1", colours, value=("orange", "blue"), format_func=lambda c: f"Color: {c}")
jr.write("select slider 1:", ss1)
sl8 = jr.slider("slider 8", 0, 100, 25, on_change=lambda: jr.session_state.update(slid=True))
jr.write("slider 8:", sl8, jr.session_state.get("slid", False))

with jr.expander("Expander"):
    jr.select_slider("select slider 9", ["foo", "bar", "This is a very, very long option"], value="This is a very, very long option")

@jr.dialog("Dialog with headings")
def headings_dialog():
    jr.header("Dialog header", help="Some tooltip!")


if jr.button("Open headings Dialog"):
    headings_dialog()
jr.header("Main header")

with jr.form("form_6"):
    jr.text_input("Form 6 - Text Input")
    jr.number_input("Form 6 - Number Input", 0, 100, step=1)
    if jr.form_submit_button("Form 6 - First Submit"):
        jr.write("Form 6 submitted")
with jr.form("form_7"):
    jr.text_input("Form 7 - Text Input")
    first = jr.form_submit_button("Form 7 - Disables Submit on Enter", disabled=True)
    if jr.form_submit_button("Form 7 - Second Submit") or first:
        jr.write("Form 7 submitted")
with jr.form("form_8", enter_to_submit=False):
    jr.number_input("Form 8 - Number Input", 0, 100, step=1)
    jr.text_input("Form 8 - Text Input")
    if jr.form_submit_button("Form 8 - Submit"):
        jr.write("Form 8 submitted")
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


async def test_escape_clears_a_number_input_with_value_none(jr_behaviour):
    """st_number_input_test: 10 + Enter gives 10.0; Escape then Enter gives None again, also in a
    ``value=None`` field that ``session_state`` filled."""
    async with chromium() as (page,):
        await page.goto(f"{jr_behaviour.url}/")
        field = page.get_by_role("spinbutton", name="number input 11 (value=None)")
        await expect(page.get_by_text("number 11: None", exact=True)).to_be_visible()
        await field.fill("10")
        await field.press("Enter")
        await expect(page.get_by_text("number 11: 10.0", exact=True)).to_be_visible()
        await field.press("Escape")
        await expect(field).to_have_value("")
        await field.press("Enter")
        await expect(page.get_by_text("number 11: None", exact=True)).to_be_visible()
        # also when session_state filled it (the page knows the script's value=None)
        filled = page.get_by_role("spinbutton", name="number input 12 (value=None, from state)")
        await expect(page.get_by_text("number 12: 7.0", exact=True)).to_be_visible()
        await filled.press("Escape")
        await expect(filled).to_have_value("")
        await filled.press("Enter")
        await expect(page.get_by_text("number 12: None", exact=True)).to_be_visible()


async def test_a_selectbox_with_index_none_can_be_cleared_and_one_with_an_index_cannot(jr_behaviour):
    """st_selectbox_test: the empty selectbox takes "male", and Escape gives None again. A
    selectbox with an index has no empty choice and ignores Escape."""
    async with chromium() as (page,):
        await page.goto(f"{jr_behaviour.url}/")
        empty = page.get_by_role("combobox", name="selectbox 9 (empty selection)")
        await expect(page.get_by_text("select 9: None", exact=True)).to_be_visible()
        await choose(empty, "male")
        await expect(page.get_by_text("select 9: male", exact=True)).to_be_visible()
        await empty.focus()
        await empty.press("Escape")
        await expect(page.get_by_text("select 9: None", exact=True)).to_be_visible()
        await choose(empty, "female")
        await expect(page.get_by_text("select 9: female", exact=True)).to_be_visible()
        await page.get_by_role("button", name="Clear value").click()  # Streamlit's clear control
        await expect(page.get_by_text("select 9: None", exact=True)).to_be_visible()
        await expect(empty).to_have_value("")
        await expect(empty).to_have_attribute("placeholder", "Choose an option")
        chosen = page.get_by_role("combobox", name="selectbox 1 (default)")
        await chosen.focus()
        await chosen.press("Escape")
        await _click(page, 1)
        await expect(page.get_by_text("select 1: male", exact=True)).to_be_visible()
        await expect(chosen).to_have_value("male")
        await expect(page.get_by_role("button", name="Clear value")).to_be_hidden()  # none for a box with an index


async def test_a_multiselect_opens_again_on_a_click_after_escape(jr_behaviour):
    """st_multiselect_test's helper picks an option, presses Escape, and clicks the input again
    for the next: the list opens each time; two picks, then one removed."""
    async with chromium() as (page,):
        await page.goto(f"{jr_behaviour.url}/")
        box = page.get_by_role("combobox", name="multiselect 2")
        for option, shown in (("Female", "['female']"), ("Male", "['female', 'male']")):
            await box.click()
            await page.get_by_role("option", name=option, exact=True).click()
            await page.keyboard.press("Escape")
            await expect(page.get_by_text(f"multi 2: {shown}", exact=True)).to_be_visible()
        await page.get_by_role("button", name="Remove Female").click()
        await expect(page.get_by_text("multi 2: ['male']", exact=True)).to_be_visible()


async def test_enter_submits_a_form_only_by_its_enabled_first_button_and_not_when_told_not_to(jr_behaviour):
    """st_form_test: Enter in a field submits form 6 ("Press Enter to submit form"), from its
    number input too; not form 7, whose first submit button is disabled, nor form 8
    (``enter_to_submit=False``), which say nothing about Enter; their buttons still submit."""
    async with chromium() as (page,):
        await page.goto(f"{jr_behaviour.url}/")
        hint = page.locator(".jr-dirty .jr-hint")
        field6 = page.get_by_role("textbox", name="Form 6 - Text Input")
        await field6.fill("Test")
        await expect(hint).to_have_text("Press Enter to submit form")
        await field6.press("Enter")
        await expect(page.get_by_text("Form 6 submitted", exact=True)).to_be_visible()
        await _click(page, 1)  # a run that is no submit: the form's text is gone
        await expect(page.get_by_text("Form 6 submitted", exact=True)).to_have_count(0)
        number6 = page.get_by_role("spinbutton", name="Form 6 - Number Input")
        await number6.fill("42")
        await number6.press("Enter")
        await expect(page.get_by_text("Form 6 submitted", exact=True)).to_be_visible()
        for n, field in (
            (7, page.get_by_role("textbox", name="Form 7 - Text Input")),
            (8, page.get_by_role("textbox", name="Form 8 - Text Input")),
            (8, page.get_by_role("spinbutton", name="Form 8 - Number Input")),
        ):
            await field.fill("42")
            if n == 7 or await field.get_attribute("type") == "text":
                await expect(hint).to_have_text("")
            await field.press("Enter")
        await _click(page, 2)
        await expect(page.get_by_text("Form 7 submitted", exact=True)).to_have_count(0)
        await expect(page.get_by_text("Form 8 submitted", exact=True)).to_have_count(0)
        await page.get_by_role("button", name="Form 7 - Second Submit").click()
        await expect(page.get_by_text("Form 7 submitted", exact=True)).to_be_visible()
        await page.get_by_role("button", name="Form 8 - Submit").click()
        await expect(page.get_by_text("Form 8 submitted", exact=True)).to_be_visible()


async def test_a_date_input_opens_from_its_field_and_clears_as_streamlits(jr_behaviour):
    """st_date_input_test: a click on the field opens the calendar; a day picked; the field
    emptied takes the script's value back. A ``value=None`` field takes a typed date on Enter
    and Escape clears it, also when ``session_state`` filled it (1970-02-03, outside the default
    bounds, is kept as Streamlit keeps it)."""
    async with chromium() as (page,):
        await page.goto(f"{jr_behaviour.url}/")
        await expect(page.get_by_text("date 14: 1970-02-03", exact=True)).to_be_visible()
        first = page.get_by_role("textbox", name="date input 1", exact=True)
        await first.click()
        await page.get_by_role("button", name="Friday, January 2, 1970", exact=True).click()
        await expect(page.get_by_text("date 1: 1970-01-02", exact=True)).to_be_visible()
        await first.fill("")
        await page.get_by_text("date 1:").click()
        await expect(page.get_by_text("date 1: 1970-01-01", exact=True)).to_be_visible()
        empty = page.get_by_role("textbox", name="date input 13 (value=None)")
        await empty.type("2020/01/02")
        await empty.press("Enter")
        await expect(page.get_by_text("date 13: 2020-01-02", exact=True)).to_be_visible()
        await empty.press("Escape")
        await expect(page.get_by_text("date 13: None", exact=True)).to_be_visible()
        filled = page.get_by_role("textbox", name="date input 14 (from state)")
        await filled.focus()
        await filled.press("Escape")
        await expect(page.get_by_text("date 14: None", exact=True)).to_be_visible()
        await expect(filled).to_have_value("")


async def test_typing_in_a_time_input_replaces_its_time_and_escape_clears_value_none(jr_behaviour):
    """st_time_input_test: "00:15" typed and Enter, then "00:16": each is the value (the text
    typed replaces the time shown). A ``value=None`` field filled from ``session_state`` is
    cleared by Escape."""
    async with chromium() as (page,):
        await page.goto(f"{jr_behaviour.url}/")
        field = page.get_by_role("combobox", name="time input 1")
        for typed in ("00:15", "00:16"):
            await field.type(typed)
            await field.press("Enter")
            await expect(page.get_by_text(f"time 1: {typed}:00", exact=True)).to_be_visible()
        await expect(page.get_by_text("time 9: 08:50:00", exact=True)).to_be_visible()
        filled = page.get_by_role("combobox", name="time input 9 (from state)")
        await filled.focus()
        await filled.press("Escape")
        await expect(page.get_by_text("time 9: None", exact=True)).to_be_visible()


async def test_a_press_beside_a_sliders_thumbs_moves_the_nearest_one_and_drags_it(jr_behaviour):
    """st_select_slider_test / st_slider_test: a press at the slider's centre (not on a thumb)
    moves the nearest thumb there ("green", between "orange" and "blue"); moved on to x=500
    it is "yellow"; a press then arrow keys move that thumb. A single slider pressed at its
    centre takes 50 and calls ``on_change``."""
    async with chromium() as (page,):
        await page.goto(f"{jr_behaviour.url}/")
        box = page.locator(".jr-w-slider").filter(has=page.get_by_text("select slider 1", exact=True))
        await expect(page.get_by_text("select slider 1: ('orange', 'blue')", exact=True)).to_be_visible()
        await box.hover()
        await page.mouse.down()
        await expect(page.get_by_text("select slider 1: ('orange', 'green')", exact=True)).to_be_visible()
        await page.mouse.move(500, 0)
        await page.mouse.up()
        await expect(page.get_by_text("select slider 1: ('orange', 'yellow')", exact=True)).to_be_visible()
        await box.hover()
        await page.mouse.down()
        await page.keyboard.press("ArrowRight")
        await page.mouse.up()
        await expect(page.get_by_text("select slider 1: ('orange', 'blue')", exact=True)).to_be_visible()
        await page.keyboard.press("ArrowLeft")
        await expect(page.get_by_text("select slider 1: ('orange', 'green')", exact=True)).to_be_visible()
        await expect(page.get_by_text("slider 8: 25 False", exact=True)).to_be_visible()
        await page.locator(".jr-w-slider").filter(has=page.get_by_text("slider 8", exact=True)).hover()
        await page.mouse.down()
        await page.mouse.up()
        await expect(page.get_by_text("slider 8: 50 True", exact=True)).to_be_visible()


async def test_a_heading_in_a_dialog_has_its_help_but_no_link(jr_behaviour):
    """st_dialog_test: a dialog's heading shows its help mark and no link to itself (Streamlit
    leaves the link out in dialogs and the sidebar); a heading on the page keeps its link."""
    async with chromium() as (page,):
        await page.goto(f"{jr_behaviour.url}/")
        await page.get_by_role("button", name="Open headings Dialog").click()
        dialog = page.get_by_role("dialog", name="Dialog with headings")
        await expect(dialog.get_by_role("heading", name="Dialog header")).to_be_visible()
        await expect(dialog.get_by_role("button", name="Help")).to_be_visible()
        await expect(dialog.get_by_role("link", name="Link to this heading")).to_be_hidden()
        await page.keyboard.press("Escape")
        await expect(page.get_by_role("dialog")).to_have_count(0)
        main = page.locator(".jr-hrow").filter(has=page.get_by_role("heading", name="Main header"))
        await main.hover()
        await expect(main.get_by_role("link", name="Link to this heading")).to_be_visible()


async def test_a_sliders_value_stays_inside_the_slider_at_its_end(jr_behaviour):
    """st_select_slider_test: a long value at the slider's end is drawn ending at the slider's
    right edge (Streamlit realigns it), also when the slider was drawn in a closed expander
    (no room to measure) and the expander is opened."""
    inside = """w => {
        const box = w.querySelector(".jr-slider").getBoundingClientRect();
        const value = w.querySelector(".jr-bubble").getBoundingClientRect();
        return value.width > 0 && value.right <= box.right + 1 && value.left >= box.left - 1;
    }"""
    async with chromium() as (page,):
        await page.goto(f"{jr_behaviour.url}/")
        widget = page.locator(".jr-w-slider").filter(has=page.get_by_text("select slider 9", exact=True))
        bubble = widget.locator(".jr-bubble")
        await expect(bubble).to_have_text("This is a very, very long option")
        await expect(bubble).to_be_hidden()
        await page.locator("summary", has_text="Expander").click()
        await expect(bubble).to_be_visible()
        await page.wait_for_function(inside, arg=await widget.element_handle())


async def test_clearable_date_and_time_fields_have_a_clear_button(jr_behaviour):
    """st_time_input_test clicks the × (``stTimeInputClearButton``) of a ``value=None`` field;
    Streamlit's clearable date field has one too. Only those fields show it, while they hold a
    value: here both filled through ``session_state``."""
    async with chromium() as (page,):
        await page.goto(f"{jr_behaviour.url}/")
        for label, shown, empty in (
            ("date input 14 (from state)", "date 14: 1970-02-03", "date 14: None"),
            ("time input 9 (from state)", "time 9: 08:50:00", "time 9: None"),
        ):
            widget = page.locator(".jr-widget").filter(has=page.get_by_label(label, exact=True))
            clear = widget.get_by_role("button", name="Clear")
            await expect(page.get_by_text(shown, exact=True)).to_be_visible()
            await clear.click()
            await expect(page.get_by_text(empty, exact=True)).to_be_visible()
            await expect(clear).to_be_hidden()
            await expect(page.get_by_label(label, exact=True)).to_have_value("")
        for label in ("date input 1", "time input 1"):
            widget = page.locator(".jr-widget").filter(has=page.get_by_label(label, exact=True))
            await expect(widget).to_have_count(1)
            await expect(widget.get_by_role("button", name="Clear")).to_be_hidden()
