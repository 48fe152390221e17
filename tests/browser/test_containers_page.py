"""Containers, status and notices as a user sees them in Debian's Chromium, found by ARIA role
and label: a popover opens and closes (Escape, outside click) and stays open across reruns; a
status updates in place and keeps its content; a toast appears and goes, and is not shown again
by an unrelated rerun; balloons come and go; a fixed-height container scrolls; echo shows its
source above its output; help shows a signature. The notices chunk loads only when needed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(240)

SHOTS = "/tmp/shots-containers"


@pytest.fixture(scope="module")
def jr_containers():
    served = Served(ROOT / "tests" / "apps" / "containers_app.py")
    yield served
    served.stop(wait=False)


async def _open(page: Any, served: Served) -> None:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("x is 42")).to_be_visible()


async def _run_count(page: Any) -> int:
    text = await page.get_by_text(re.compile(r"^run \d+$")).inner_text()
    return int(text.split()[-1])


async def _loaded_chunks(page: Any) -> list[str]:
    return await page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/chunks/'))"
    )


async def test_popover_opens_closes_and_stays_open_across_reruns(jr_containers):
    async with chromium() as (page,):
        await _open(page, jr_containers)
        button = page.get_by_role("button", name="Open settings")
        dialog = page.get_by_role("dialog", name="Open settings")
        await expect(button).to_have_attribute("aria-expanded", "false")
        await expect(button).to_have_attribute("title", "Settings for the page")
        await expect(dialog).to_be_hidden()
        await button.click()
        await expect(dialog).to_be_visible()
        await expect(dialog.get_by_text("Inside the popover")).to_be_visible()
        await expect(button).to_have_attribute("aria-expanded", "true")
        # Streamlit 1.67's panel: at least 320 px wide, 24 px to its content, 12 px corners
        await expect(dialog).to_have_css("padding-top", "23px")
        await expect(dialog).to_have_css("border-top-left-radius", "12px")
        assert (await dialog.bounding_box() or {})["width"] >= 320
        await expect(button).to_have_css("background-color", "rgba(187, 187, 165, 0.25)")
        await expect(button).to_have_css("border-top-color", "rgb(220, 216, 212)")
        # a widget inside it reruns the script; the popover stays open
        await dialog.get_by_role("checkbox", name="Loud").check()
        await expect(page.get_by_text("loud: True")).to_be_visible()
        await expect(dialog).to_be_visible()
        await page.keyboard.press("Escape")
        await expect(dialog).to_be_hidden()
        await expect(button).to_be_focused()
        await button.click()
        await expect(dialog).to_be_visible()
        await page.get_by_role("heading", name="Containers").click()  # outside
        await expect(dialog).to_be_hidden()


@pytest.mark.parametrize("label", ["Side menu", "In the box"])
async def test_a_popover_in_a_scrolling_container_is_not_clipped(jr_containers, label):
    async with chromium() as (page,):
        await _open(page, jr_containers)
        button = page.get_by_role("button", name=label)
        await button.scroll_into_view_if_needed()
        await button.click()
        dialog = page.get_by_role("dialog", name=label)
        await expect(dialog).to_be_visible()
        await expect(dialog.get_by_text(re.compile("side menu|not clipped"))).to_be_in_viewport(ratio=1)
        box, at = await dialog.bounding_box(), await button.bounding_box()
        assert box and at and box["width"] >= 240 and abs(box["y"] - (at["y"] + at["height"] + 4)) < 2
        assert 0 <= box["x"] and box["x"] + box["width"] <= 1280
        # the panel stays under its button when the page scrolls
        await page.mouse.wheel(0, 120)
        await expect(dialog).to_be_visible()
        box, at = await dialog.bounding_box(), await button.bounding_box()
        assert box and at and abs(box["y"] - (at["y"] + at["height"] + 4)) < 2


async def test_status_updates_in_place_and_keeps_its_content(jr_containers):
    async with chromium() as (page,):
        await _open(page, jr_containers)
        status = page.locator("details.jr-stbox")
        await expect(status.get_by_role("img", name="running")).to_be_visible()
        await expect(status.locator("summary")).to_have_text("Crunching numbers")
        await expect(status.get_by_text("step one done")).to_be_visible()  # expanded
        await page.get_by_role("button", name="Finish").click()
        done = status.get_by_role("img", name="complete")
        await expect(done).to_be_visible()
        # Streamlit 1.67's line icon: a thin check in the text's colour, not a green one
        check = "e => { const c = getComputedStyle(e, '::before'); return [c.borderRightColor, c.borderRightWidth]; }"
        color, width = await done.evaluate(check)
        assert color == "rgb(47, 45, 43)" and float(width[:-2]) < 2, (color, width)
        await expect(status.locator("summary")).to_have_text("Numbers crunched")
        await expect(status).not_to_have_attribute("open", "")  # expanded=False closed it
        await status.locator("summary").click()
        await expect(status.get_by_text("step one done")).to_be_visible()  # still there


async def test_toast_appears_goes_and_is_not_repeated_by_a_rerun(jr_containers):
    async with chromium() as (page,):
        await _open(page, jr_containers)
        assert not [n for n in await _loaded_chunks(page) if "notices" in n]  # not needed yet
        app_js = (ROOT / "jupyter_reactive" / "static" / "app.js").read_text()
        assert "jr-atoasts" not in app_js and "jr-balloon" not in app_js  # the chunk's own code
        toasts = page.get_by_role("region", name="Notifications").get_by_role("status")
        await page.get_by_role("button", name="Toast me").click()
        await expect(toasts).to_have_count(1)
        await expect(toasts.first).to_contain_text("Saved the file")
        await expect(toasts.first.locator("strong")).to_have_text("the")
        assert [n for n in await _loaded_chunks(page) if "notices.js" in n]
        await expect(toasts).to_have_count(0, timeout=10_000)  # its 2 seconds are up


async def test_a_toast_called_on_every_run_is_shown_once(jr_containers):
    async with chromium() as (page,):
        await _open(page, jr_containers)
        region = page.get_by_role("region", name="Notifications")
        await page.get_by_role("checkbox", name="Keep toasting").check()
        await expect(region.get_by_role("status")).to_have_count(1)
        for _n in range(2):  # other widgets rerun the script, which calls toast again each time
            before = await _run_count(page)
            await page.get_by_role("button", name="Poke").click()
            await expect(page.get_by_text(f"run {before + 1}", exact=True)).to_be_visible()
            await expect(region.get_by_role("status")).to_have_count(1)
            await expect(region.get_by_role("status")).to_contain_text("Toasting every run")
        await region.get_by_role("button", name="Close").click()
        await expect(region.get_by_role("status")).to_have_count(0)
        before = await _run_count(page)
        await page.get_by_role("button", name="Poke").click()
        await expect(page.get_by_text(f"run {before + 1}", exact=True)).to_be_visible()
        await expect(region.get_by_role("status")).to_have_count(0)  # closed stays closed


async def test_a_toast_closes_with_its_button(jr_containers):
    async with chromium() as (page,):
        await _open(page, jr_containers)
        region = page.get_by_role("region", name="Notifications")
        await page.get_by_role("button", name="Toast me").click()
        await region.get_by_role("button", name="Close").click()
        await expect(region.get_by_role("status")).to_have_count(0)


async def test_an_expander_keeps_its_icon_and_markdown_when_its_label_changes(jr_containers):
    async with chromium() as (page,):
        await _open(page, jr_containers)
        summary = page.locator("details.jr-expander > summary").filter(has_text="Pokes:")
        await expect(summary.locator(".jr-exp-label")).to_have_text("Pokes: 0")
        await expect(summary.locator(".jr-exp-icon")).to_have_text("bolt")
        await page.get_by_role("button", name="Poke").click()
        await expect(summary.locator(".jr-exp-label")).to_have_text("Pokes: 1")
        await expect(summary.locator(".jr-exp-label strong")).to_have_text("Pokes")  # markdown drawn
        await expect(summary.locator(".jr-exp-icon")).to_have_text("bolt")
        await expect(summary.locator(".jr-exp-icon .jr-icon")).to_have_css("font-family", '"Material Symbols Rounded"')


async def test_balloons_come_and_go(jr_containers):
    async with chromium() as (page,):
        await _open(page, jr_containers)
        await page.get_by_role("button", name="Celebrate").click()
        layer = page.locator(".jr-celebrate")
        await expect(layer).to_have_count(1)
        assert await layer.locator(".jr-balloon").count() > 10
        await expect(layer).to_have_count(0, timeout=15_000)


async def test_fixed_height_container_scrolls(jr_containers):
    async with chromium() as (page,):
        await _open(page, jr_containers)
        box = page.locator(".jr-b-vertical").filter(has_text="line 29").last
        await expect(box).to_have_css("overflow-y", "auto")
        await expect(box).to_have_css("border-top-width", "1px")
        sizes = await box.evaluate("e => [e.clientHeight, e.scrollHeight]")
        assert 140 <= sizes[0] <= 152 and sizes[1] > 3 * sizes[0]
        await expect(box.get_by_text("line 29")).not_to_be_in_viewport()
        await box.get_by_text("line 29").scroll_into_view_if_needed()
        assert await box.evaluate("e => e.scrollTop") > 0


async def test_echo_shows_its_source_above_its_output_and_help_its_signature(jr_containers):
    async with chromium() as (page,):
        await _open(page, jr_containers)
        code = page.locator(".jr-code").filter(has_text="x = 6 * 7")
        await expect(code).to_contain_text('jr.text(f"x is {x}")')
        out = page.get_by_text("x is 42")
        code_box, out_box = await code.bounding_box(), await out.bounding_box()
        assert code_box and out_box and code_box["y"] < out_box["y"]
        await page.get_by_role("checkbox", name="Show help").check()
        help_group = page.get_by_role("group", name="Help: greet")
        await expect(help_group).to_contain_text("greet(name: str, punct: str = '!') -> str")
        await expect(help_group).to_contain_text("Say hello to someone.")


async def test_layout_screenshot(jr_containers):
    async with chromium() as (page,):
        await page.emulate_media(color_scheme="light")
        await _open(page, jr_containers)
        await page.get_by_role("checkbox", name="Show help").check()
        await expect(page.get_by_role("group", name="Help: greet")).to_be_visible()
        await page.get_by_role("button", name="Open settings").click()
        await expect(page.get_by_role("dialog", name="Open settings")).to_be_visible()
        await expect(page.locator(".jr-expander summary .jr-exp-icon").last).to_have_text("🔥")
        await expect(page.locator(".jr-badge")).to_contain_text("Beta")
        await page.screenshot(path=f"{SHOTS}/containers-light.png", full_page=True)
