"""Buttons' keyboard shortcuts and icon positions in Debian's Chromium (labextension/app/
shortcuts.ts): each kind of button pressed by its keys as by a click, the modifiers exact, text
fields keeping plain keys, a disabled button silent, two buttons with one shortcut both pressed,
and the badge Streamlit 1.67 shows (its Mac spelling with navigator.platform a Mac's)."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def jr_shortcuts():
    served = Served(ROOT / "tests" / "apps" / "shortcuts_app.py")
    yield served
    served.stop(wait=False)


async def _ready(page, url: str) -> None:
    await page.context.route(
        "https://example.org/**", lambda route: route.fulfill(body="away", content_type="text/plain")
    )
    await page.goto(url + "/")
    await expect(page.get_by_text("log: ", exact=True)).to_be_visible()
    # the keys work once the shortcuts chunk has come: it draws every badge in one go
    await expect(page.get_by_role("button", name="Plain").locator("kbd")).to_be_visible()


async def _log(page, text: str) -> None:
    await expect(page.get_by_text(f"log: {text}", exact=True)).to_be_visible()


async def test_shortcuts_press_their_buttons(jr_shortcuts):
    async with chromium() as (page,):
        await _ready(page, jr_shortcuts.url)
        await page.keyboard.press("k")
        await _log(page, "plain")
        await page.keyboard.press("Shift+K")  # not the shortcut: its modifiers must be exact
        await page.keyboard.press("Control+k")
        await page.keyboard.press("Control+Shift+J")
        await _log(page, "plain, mod")
        await page.keyboard.press("o")  # a disabled button does not fire
        await page.keyboard.press("t")  # two buttons with one shortcut: both, as in Streamlit
        await _log(page, "plain, mod, twin a, twin b")
        await page.keyboard.press("Escape")
        await page.keyboard.press("Shift+F2")
        await _log(page, "plain, mod, twin a, twin b, esc, f2")

        # a download downloads, then reruns with its on_click
        async with page.expect_download() as info:
            await page.keyboard.press("d")
        assert (await info.value).suggested_filename == "k.txt"
        await _log(page, "plain, mod, twin a, twin b, esc, f2, get")

        # a link button opens its link in a new tab
        async with page.context.expect_page() as opened:
            await page.keyboard.press("l")
        away = await opened.value
        await away.wait_for_load_state()
        assert away.url == "https://example.org/away"
        await away.close()
        # one with on_click opens its link and reruns
        async with page.context.expect_page() as opened:
            await page.keyboard.press("Alt+y")
        tracked = await opened.value
        await tracked.wait_for_load_state()
        assert tracked.url == "https://example.org/tracked"
        await tracked.close()
        await _log(page, "plain, mod, twin a, twin b, esc, f2, get, tracked")


async def test_text_fields_keep_plain_keys(jr_shortcuts):
    async with chromium() as (page,):
        await _ready(page, jr_shortcuts.url)
        notes = page.get_by_role("textbox", name="Notes")
        await notes.click()
        await page.keyboard.type("kt")  # typed, not pressed
        await expect(notes).to_have_value("kt")
        await page.keyboard.press("Shift+F2")  # Shift with a function key goes through
        await page.keyboard.press("Control+Shift+J")  # a system modifier goes through
        await page.keyboard.press("Escape")  # and Esc
        await _log(page, "f2, mod, esc")
        await expect(notes).to_have_value("kt")

        # the form's shortcut submits it, from its own field, with the field's text
        field = page.get_by_role("textbox", name="Name")
        await field.fill("Ann")
        await page.keyboard.press("Control+m")
        await expect(page.get_by_text("sent: True 'Ann'", exact=True)).to_be_visible()
        await page.keyboard.press("k")  # focus is still in the field: typed
        await expect(field).to_have_value("Annk")
        await _log(page, "f2, mod, esc")


async def test_badges_and_icon_positions(jr_shortcuts):
    async with chromium() as (page,):
        await _ready(page, jr_shortcuts.url)
        badges = await page.locator("kbd.jr-kbd").all_inner_texts()
        assert badges == ["K", "Ctrl + Shift + J", "O", "T", "T", "Esc", "Shift + F2", "D", "L", "Alt + Y", "Ctrl + M"]
        mod = page.get_by_role("button", name="Mod")
        # the icon after the label, then the badge
        parts = await mod.evaluate("b => [...b.children].map(c => c.tagName + (c.className ? '.' + c.className : ''))")
        assert parts == ["SPAN", "SPAN.jr-bicon", "KBD.jr-kbd"]
        await expect(mod.locator("kbd")).to_have_attribute("aria-label", "Shortcut Ctrl + Shift + J")
        await expect(mod.locator("kbd")).to_have_css("opacity", "0.6")
        link = page.get_by_role("link", name="Right link")
        order = await link.evaluate("a => [...a.children].map(c => c.className)")
        assert order == ["", "jr-bicon"]


async def test_a_mac_shows_and_takes_the_command_key(jr_shortcuts):
    async with chromium() as (page,):
        await page.add_init_script("Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' })")
        await _ready(page, jr_shortcuts.url)
        await expect(page.get_by_role("button", name="Mod").locator("kbd")).to_have_text("⌘ + Shift + J")
        await page.keyboard.press("Control+Shift+J")  # Ctrl is not the Mac's primary modifier
        await page.keyboard.press("Meta+Shift+J")
        await page.keyboard.press("k")
        await _log(page, "mod, plain")


async def test_a_page_without_shortcuts_loads_none_of_their_code(jr_hello, jr_shortcuts):
    """The badge and the key listener are the shortcuts chunk's: fetched by a page that draws a
    button with a shortcut, never by one without (its first paint is as before)."""
    async with chromium() as (page,):
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        await page.goto(f"{jr_hello.url}/")
        await expect(page.get_by_role("button", name="inc")).to_be_visible()
        await expect(page.get_by_text("value: 25")).to_be_visible()
        assert not [url for url in fetched if "/chunks/shortcuts" in url]
        assert await page.evaluate("() => !!(window.__jrChunks && window.__jrChunks.shortcuts)") is False
        await _ready(page, jr_shortcuts.url)
        await expect(page.get_by_role("button", name="Plain").locator("kbd")).to_have_text("K")
        assert [url for url in fetched if "/chunks/shortcuts.js" in url]
