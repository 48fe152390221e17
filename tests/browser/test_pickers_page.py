"""Value pickers as a user meets them in Debian's Chromium, found by role and label: a date typed
and picked in the calendar, a range picked, a time typed, select sliders moved by keyboard and
dragged, a colour chosen, multiselect chips added, refused past max_selections and removed, a new
option typed, a password shown; and the calendar is a chunk loaded only when it opens."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, choose, chromium

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def jr_pickers():
    served = Served(ROOT / "tests" / "apps" / "pickers_app.py")
    yield served
    served.stop(wait=False)


async def _open(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("price is 9.5")).to_be_visible()


async def test_a_date_typed_in_the_scripts_format(jr_pickers):
    async with chromium() as (page,):
        await _open(page, jr_pickers)
        await expect(page.get_by_text("birthday is 2024-01-15")).to_be_visible()
        day = page.get_by_role("textbox", name="Birthday")
        await expect(day).to_have_value("2024/01/15")
        await day.fill("2025/02/03")
        await day.press("Enter")
        await expect(page.get_by_text("birthday is 2025-02-03")).to_be_visible()
        # not a date, or outside min/max: refused on the page, the value stays
        for bad in ("2025/02/30", "1999/01/01", "soon"):
            await day.fill(bad)
            await day.press("Enter")
            await expect(page.get_by_text(re.compile("Enter a date as YYYY/MM/DD"))).to_be_visible()
            await expect(day).to_have_value("2025/02/03")
        trip = page.get_by_role("textbox", name="Trip")
        await expect(trip).to_have_value("01.03.2024 – 05.03.2024")
        await trip.fill("02.03.2024 – 04.03.2024")
        await trip.press("Enter")
        await expect(page.get_by_text("trip is 2024-03-02 to 2024-03-04 (2 dates)")).to_be_visible()


async def test_a_date_picked_in_the_calendar_which_loads_only_then(jr_pickers):
    async with chromium() as (page,):
        chunks: list[str] = []
        page.on("request", lambda r: chunks.append(r.url) if "/chunks/" in r.url else None)
        await _open(page, jr_pickers)
        assert not any("calendar" in u for u in chunks)
        opener = page.get_by_role("button", name="Open calendar").first
        await opener.click()
        calendar = page.get_by_role("dialog", name="Calendar")
        await expect(calendar).to_be_visible()
        assert any("calendar.js" in u for u in chunks)
        await expect(calendar.get_by_text("January 2024")).to_be_visible()
        await expect(calendar.get_by_role("button", name="Monday, January 15, 2024")).to_have_attribute(
            "aria-pressed", "true"
        )
        await calendar.get_by_role("button", name="Next month").click()
        await expect(calendar.get_by_text("February 2024")).to_be_visible()
        await calendar.get_by_role("button", name="Thursday, February 29, 2024").click()
        await expect(calendar).to_be_hidden()
        await expect(page.get_by_text("birthday is 2024-02-29")).to_be_visible()
        await expect(page.get_by_role("textbox", name="Birthday")).to_have_value("2024/02/29")
        # the keyboard: arrows move by day, Enter picks, Escape closes
        await opener.click()
        await expect(calendar.get_by_role("button", name="Thursday, February 29, 2024")).to_be_focused()
        await page.keyboard.press("ArrowRight")
        await page.keyboard.press("ArrowDown")
        await page.keyboard.press("Enter")
        await expect(page.get_by_text("birthday is 2024-03-08")).to_be_visible()
        await opener.click()
        await page.keyboard.press("Escape")
        await expect(calendar).to_be_hidden()


async def test_a_date_range_picked_start_then_end(jr_pickers):
    async with chromium() as (page,):
        await _open(page, jr_pickers)
        await page.get_by_role("button", name="Open calendar").nth(1).click()
        calendar = page.get_by_role("dialog", name="Calendar")
        await calendar.get_by_role("button", name="Sunday, March 10, 2024").click()
        await expect(page.get_by_text("trip is 2024-03-10 (1 dates)")).to_be_visible()
        await expect(calendar).to_be_visible()
        await calendar.get_by_role("button", name="Tuesday, March 19, 2024").click()
        await expect(page.get_by_text("trip is 2024-03-10 to 2024-03-19 (2 dates)")).to_be_visible()
        await expect(calendar).to_be_hidden()
        await expect(page.get_by_role("textbox", name="Trip")).to_have_value("10.03.2024 – 19.03.2024")


async def test_a_time_typed(jr_pickers):
    async with chromium() as (page,):
        await _open(page, jr_pickers)
        alarm = page.get_by_role("combobox", name="Alarm")
        await expect(alarm).to_have_value("07:30")
        await alarm.fill("14:45")
        await alarm.press("Enter")
        await expect(page.get_by_text("alarm at 14:45:00")).to_be_visible()
        await alarm.fill("2:05 pm")
        await alarm.press("Enter")
        await expect(page.get_by_text("alarm at 14:05:00")).to_be_visible()
        await expect(alarm).to_have_value("14:05")
        await alarm.fill("25:00")
        await alarm.press("Enter")
        await expect(page.get_by_text("Enter a time as HH:MM.")).to_be_visible()
        await expect(alarm).to_have_value("14:05")
        # the listed times, every 15 minutes
        listed = await alarm.get_attribute("list")
        await expect(page.locator(f"datalist#{listed} option")).to_have_count(96)


async def test_an_empty_time_field_shows_streamlits_placeholder(jr_pickers):
    async with chromium() as (page,):
        await _open(page, jr_pickers)
        await expect(page.get_by_role("combobox", name="Empty time", exact=True)).to_have_attribute(
            "placeholder", "HH:mm"
        )
        await expect(page.get_by_role("combobox", name="Empty time, seconds")).to_have_attribute(
            "placeholder", "HH:mm:ss"
        )
        await expect(page.get_by_role("combobox", name="Empty time, 12h")).to_have_attribute("placeholder", "hh:mm AM")
        alarm = page.get_by_role("combobox", name="Alarm")
        await expect(alarm).to_have_attribute("placeholder", "HH:mm")  # not seen while it holds a time
        await expect(alarm).to_have_value("07:30")


async def test_select_sliders_by_keyboard_and_drag(jr_pickers):
    async with chromium() as (page,):
        await _open(page, jr_pickers)
        size = page.get_by_role("slider", name="Size")
        await expect(size).to_have_attribute("aria-valuetext", "M")
        await size.focus()
        await page.keyboard.press("ArrowRight")
        await expect(page.get_by_text("size is L")).to_be_visible()
        await expect(size).to_have_attribute("aria-valuetext", "L")
        end = page.get_by_role("slider", name="Band end")
        box = await end.bounding_box()
        assert box is not None
        # drag the end thumb to the far right: "blue"
        y = box["y"] + box["height"] / 2
        thumb_x = box["x"] + box["width"] * 3 / 4
        await page.mouse.move(thumb_x, y)
        await page.mouse.down()
        await page.mouse.move(box["x"] + box["width"] + 20, y, steps=5)
        await page.mouse.up()
        await expect(page.get_by_text("band is orange to blue")).to_be_visible()
        when = page.get_by_role("slider", name="When")
        await expect(when).to_have_attribute("aria-valuetext", "01/06/2024")
        await when.focus()
        await page.keyboard.press("ArrowLeft")
        await expect(page.get_by_text("when is 2024-05-31")).to_be_visible()
        await expect(when).to_have_attribute("aria-valuetext", "31/05/2024")
        start = page.get_by_role("slider", name="Start", exact=True)
        await expect(start).to_have_attribute("aria-valuetext", "Mon 6 May at 9:30 am")
        await start.focus()
        await page.keyboard.press("ArrowRight")  # a span under a day: 15-minute steps
        await expect(page.get_by_text("start is 2024-05-06 09:45:00")).to_be_visible()
        await expect(start).to_have_attribute("aria-valuetext", "Mon 6 May at 9:45 am")


async def test_a_colour_chosen(jr_pickers):
    async with chromium() as (page,):
        await _open(page, jr_pickers)
        colour = page.get_by_label("Colour")
        await expect(colour).to_have_value("#1f77b4")
        # Streamlit 1.67's 40 px swatch with a 1 px border, and no hex text beside it
        box = await colour.bounding_box()
        assert box is not None and box["width"] == box["height"] == 40
        await expect(colour).to_have_css("border-top-width", "1px")
        await expect(page.locator(".jr-w-color_picker")).not_to_contain_text("#")
        await colour.fill("#ff8800")
        await expect(page.get_by_text("colour is #ff8800")).to_be_visible()


async def test_multiselect_chips_added_refused_removed_and_typed(jr_pickers):
    async with chromium() as (page,):
        await _open(page, jr_pickers)
        await expect(page.get_by_text("toppings are ['ham']")).to_be_visible()
        combo = page.get_by_role("combobox", name="Toppings")
        # Streamlit 1.67's controls: a 16 px filled clear circle, then a chevron at the right end
        clear = page.get_by_role("button", name="Clear all")
        box = await clear.bounding_box()
        assert box is not None and box["width"] == box["height"] == 16
        await expect(clear).to_have_css("border-radius", "50%")
        chevron = await page.locator(".jr-ms").first.evaluate(
            "m => { const c = getComputedStyle(m, '::after'); return [c.content, c.width, c.borderRightStyle]; }"
        )
        assert chevron == ['""', "7px", "solid"]
        await combo.click()
        await expect(combo).to_have_attribute("aria-expanded", "true")
        listbox = page.get_by_role("listbox")
        # Streamlit 1.67's "Select all" first (its select_all defaults to 1000)
        await expect(listbox.get_by_role("option")).to_have_text(["Select all", "cheese", "olives", "basil"])
        await listbox.get_by_role("option", name="olives").click()
        await expect(page.get_by_text("toppings are ['ham', 'olives']")).to_be_visible()
        # two chosen: max_selections says no more
        await expect(listbox).to_contain_text("You can only select up to 2 options")
        await expect(listbox.get_by_role("option")).to_have_count(0)
        await page.get_by_role("button", name="Remove ham").click()
        await expect(page.get_by_text("toppings are ['olives']")).to_be_visible()
        await expect(page.get_by_role("button", name="Remove ham")).to_have_count(0)
        # a typed new option (accept_new_options)
        await combo.fill("anchovy")
        await expect(listbox.get_by_role("option")).to_have_text(["Add: anchovy"])
        await combo.press("Enter")
        await expect(page.get_by_text("toppings are ['olives', 'anchovy']")).to_be_visible()
        await expect(page.get_by_role("button", name="Remove anchovy")).to_be_visible()
        # the keyboard: Backspace in the empty field removes the last chip
        await combo.press("Backspace")
        await expect(page.get_by_text("toppings are ['olives']")).to_be_visible()
        await page.get_by_role("button", name="Clear all").click()
        await expect(page.get_by_text("toppings are []")).to_be_visible()
        await expect(combo).to_have_attribute("placeholder", "Choose or add options")


async def test_password_shown_and_hidden_and_selectbox_placeholder(jr_pickers):
    async with chromium() as (page,):
        await _open(page, jr_pickers)
        secret = page.get_by_label("Secret")
        await expect(secret).to_have_attribute("type", "password")
        await expect(secret).to_have_attribute("maxlength", "20")
        show = page.get_by_role("button", name="Show password")
        await show.click()
        await expect(secret).to_have_attribute("type", "text")
        await expect(show).to_have_attribute("aria-pressed", "true")
        await show.click()
        await expect(secret).to_have_attribute("type", "password")
        await expect(page.get_by_text("pet is None")).to_be_visible()
        pet = page.get_by_role("combobox", name="Pet")
        await expect(pet).to_have_attribute("placeholder", "Pick a pet")
        await expect(pet).to_have_value("")
        await choose(pet, "dog")
        await expect(pet).to_have_value("dog")
        await expect(page.get_by_text("pet is dog")).to_be_visible()
        # an option labelled "" is chosen and shows the placeholder, as Streamlit shows it
        await expect(page.get_by_text("food is ''")).to_be_visible()
        food = page.get_by_role("combobox", name="Food")
        await expect(food).to_have_value("")
        await expect(food).to_have_attribute("placeholder", "Choose an option")
        await choose(food, "Pizza")
        await expect(page.get_by_text("food is 'Pizza'")).to_be_visible()
        price = page.get_by_role("spinbutton", name="Price")
        await expect(price).to_have_value("9.50")


def test_app_js_does_not_carry_the_calendar():
    static = ROOT / "jupyter_reactive" / "static"
    assert "Previous month" not in (static / "app.js").read_text()
    assert "Previous month" in (static / "chunks" / "calendar.js").read_text()


async def test_a_calendar_that_cannot_load_says_so_and_typing_still_works(jr_pickers):
    async with chromium() as (page,):
        await page.route(re.compile(r"/chunks/calendar\.js"), lambda route: route.abort())
        await _open(page, jr_pickers)
        await page.get_by_role("button", name="Open calendar").first.click()
        await expect(page.get_by_text("The calendar could not be loaded; type the date instead.")).to_be_visible()
        day = page.get_by_role("textbox", name="Birthday")
        await day.fill("2026/07/04")
        await day.press("Enter")
        await expect(page.get_by_text("birthday is 2026-07-04")).to_be_visible()


async def test_pickers_in_a_form_send_on_submit(jr_pickers):
    async with chromium() as (page,):
        await _open(page, jr_pickers)
        await expect(page.get_by_text("saved due 2024-01-01 labels [] at 09:00:00")).to_be_visible()
        await page.get_by_role("combobox", name="Labels").click()
        await page.get_by_role("option", name="urgent").click()
        await page.get_by_role("combobox", name="At").fill("10:15")
        await expect(page.get_by_text("saved due 2024-01-01 labels [] at 09:00:00")).to_be_visible()
        due = page.get_by_role("textbox", name="Due")
        await due.fill("2024/02/02")
        await due.press("Enter")  # applies the date and submits the form, with the others
        await expect(page.get_by_text("saved due 2024-02-02 labels ['urgent'] at 10:15:00")).to_be_visible()


@pytest.fixture(scope="module")
def jr_datetimes():
    served = Served(ROOT / "tests" / "apps" / "datetime_app.py")
    yield served
    served.stop(wait=False)


async def test_datetime_input_date_typed_picked_and_time_typed(jr_datetimes):
    async with chromium() as (page,):
        await page.goto(f"{jr_datetimes.url}/")
        await expect(page.get_by_text("meeting: datetime.datetime(2025, 3, 14, 9, 30)")).to_be_visible()
        time_box = page.get_by_role("combobox", name="Meeting (time)")
        await expect(time_box).to_have_value("09:30")
        await time_box.fill("14:45")
        await time_box.press("Enter")
        await expect(page.get_by_text("meeting: datetime.datetime(2025, 3, 14, 14, 45)")).to_be_visible()
        await time_box.fill("27:00")  # not a time: refused on the page, the value stays
        await time_box.press("Enter")
        await expect(page.get_by_text("Enter a time as HH:MM.")).to_be_visible()
        await expect(time_box).to_have_value("14:45")
        # the calendar picks the day and keeps the time
        await page.get_by_role("button", name="Open calendar").first.click()
        await page.get_by_role("dialog", name="Calendar").get_by_role("button", name="Thursday, March 20, 2025").click()
        await expect(page.get_by_text("meeting: datetime.datetime(2025, 3, 20, 14, 45)")).to_be_visible()
        # an empty one (value=None) takes a typed date at 00:00, in its own format
        deadline = page.get_by_role("textbox", name="Deadline")
        await deadline.fill("01.02.2026")
        await deadline.press("Enter")
        await expect(page.get_by_text("deadline: datetime.datetime(2026, 2, 1, 0, 0)")).to_be_visible()
        # then a time typed straight into its time field (clicked, no Enter before): it replaces
        # the 00:00 the date brought, not appended to it
        deadline_time = page.get_by_role("combobox", name="Deadline (time)")
        await deadline_time.click()
        await page.keyboard.type("13:00")
        await expect(deadline_time).to_have_value("13:00")
        await page.keyboard.press("Tab")
        await expect(page.get_by_text("deadline: datetime.datetime(2026, 2, 1, 13, 0)")).to_be_visible()
