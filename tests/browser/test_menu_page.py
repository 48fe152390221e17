"""The app menu (the header's ⋮) in Chromium: its entries by toolbar mode, keyboard use, the
Settings (theme and wide mode, remembered across a reload), Clear cache, About, Print, and a
`:material/…:` page icon drawn as the tab's icon."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)

APP = """
import jupyter_reactive as jr
jr.set_page_config(
    page_icon=":material/rocket_launch:",
    menu_items={
        "Get help": "https://example.org/help",
        "Report a bug": "mailto:bugs@example.org",
        "About": "# Rocket app\\n**Made** for the menu test <img src=x onerror=alert(1)>",
    },
)

@jr.cache_data
def computed():
    import uuid
    return uuid.uuid4().hex[:12]  # a new one each time the function runs

jr.title("Menu test")
jr.write(f"computed {computed()}")
jr.caption(f"scheme {jr.context.theme.type}")
jr.session_state.runs = jr.session_state.get("runs", 0) + 1
jr.caption(f"runs {jr.session_state.runs}")
jr.sidebar.write("Side")
"""


@pytest.fixture(scope="module")
def jr_menu(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder: Path = tmp_path_factory.mktemp("menu")
    (folder / "menu_app.py").write_text(APP)
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "config.toml").write_text('[client]\ntoolbarMode = "developer"\n[theme]\nbase = "light"\n')
    with pytest.MonkeyPatch.context() as env:
        env.setenv("HOME", str(folder / "home"))
        served = Served(folder / "menu_app.py")
    yield served
    served.stop(wait=False)


async def _names(page) -> list[str]:
    return [n.strip() for n in await page.locator(".jr-amenu .jr-amenu-label").all_inner_texts()]


async def test_the_menu_by_keyboard_its_links_about_and_print(jr_menu):
    async with chromium() as (page,):
        await page.goto(f"{jr_menu.url}/")
        await expect(page.get_by_text("computed")).to_be_visible()
        button = page.get_by_role("button", name="Main menu")
        await button.focus()
        await page.keyboard.press("Enter")
        menu = page.get_by_role("menu", name="Main menu")
        await expect(menu).to_be_visible()
        # Streamlit 1.67's order for a developer (Wide mode is this page's own)
        assert await _names(page) == [
            "System",
            "Light",
            "Dark",
            "Wide mode",
            "Rerun",
            "Auto rerun",
            "Clear cache",
            "Print",
            "About",
            "Report a bug",
            "Get help",
        ]
        await expect(menu).to_contain_text("Made with jupyter_reactive v")
        assert await page.get_by_role("menuitem", name="Get help").get_attribute("href") == "https://example.org/help"
        assert (
            await page.get_by_role("menuitem", name="Report a bug").get_attribute("href") == "mailto:bugs@example.org"
        )
        # arrows move through the items (wrapping), Escape closes and gives the focus back
        await expect(page.get_by_role("menuitemradio", name="System")).to_be_focused()
        # until the viewer chooses, the app's theme.base is the theme
        await expect(page.get_by_role("menuitemradio", name="Light")).to_have_attribute("aria-checked", "true")
        await page.keyboard.press("ArrowUp")
        await expect(page.get_by_role("menuitem", name="Get help")).to_be_focused()
        await page.keyboard.press("Home")
        await page.keyboard.press("ArrowDown")
        await expect(page.get_by_role("menuitemradio", name="Light")).to_be_focused()
        await page.screenshot(path=str(RESULTS / "menu-open.png"))
        await page.keyboard.press("Escape")
        await expect(menu).to_have_count(0)
        await expect(button).to_be_focused()
        await expect(button).to_have_attribute("aria-expanded", "false")

        # About: the app's markdown, its raw HTML shown as text, never run
        await button.click()
        await page.get_by_role("menuitem", name="About").click()
        about = page.get_by_role("dialog", name="About")
        await expect(about.get_by_role("heading", name="Rocket app")).to_be_visible()
        await expect(about.locator("strong")).to_have_text("Made")
        assert await about.locator("img").count() == 0
        await expect(about).to_contain_text("<img src=x")
        await page.keyboard.press("Escape")
        await expect(about).to_have_count(0)
        await expect(button).to_be_focused()

        # the material page icon, drawn into a PNG with the icon font
        icon = page.locator('link[rel="icon"]')
        await expect(icon).to_have_attribute("href", re.compile(r"^data:image/png;base64,.{200,}"))
        # black, as Streamlit's (Google's Material Symbols SVG has no fill), not a theme grey
        solid, brightest = await icon.evaluate(
            """l => new Promise(done => { const i = new Image(); i.onload = () => {
                const c = document.createElement('canvas'); c.width = i.width; c.height = i.height;
                const g = c.getContext('2d'); g.drawImage(i, 0, 0);
                const d = g.getImageData(0, 0, c.width, c.height).data; let n = 0, m = 0;
                for (let k = 0; k < d.length; k += 4) if (d[k + 3] === 255) { n++; m = Math.max(m, d[k], d[k + 1], d[k + 2]); }
                done([n, m]); }; i.src = l.href; })"""
        )
        assert solid > 100 and brightest == 0, (solid, brightest)
        # print: the header, the sidebar's control and the menu are not printed; the app is
        await page.emulate_media(media="print")
        await expect(page.locator(".jr-header")).to_be_hidden()
        await expect(page.get_by_role("heading", name="Menu test")).to_be_visible()


async def test_theme_and_wide_mode_switch_live_and_stay_after_a_reload(jr_menu):
    # a browser that prefers dark, an app whose theme.base is light
    async with chromium(color_scheme="dark") as (page,):
        await page.goto(f"{jr_menu.url}/")
        await expect(page.get_by_text("computed")).to_be_visible()
        background = "getComputedStyle(document.body).backgroundColor"
        width = "document.querySelector('.jr-main > .jr-root').getBoundingClientRect().width"
        light, narrow = await page.evaluate(background), await page.evaluate(width)
        assert narrow <= 736
        button = page.get_by_role("button", name="Main menu")
        await button.click()
        # a developer has Auto rerun: the session's rerun-on-save, off
        await expect(page.get_by_role("menuitemcheckbox", name="Auto rerun")).to_have_attribute("aria-checked", "false")
        await page.get_by_role("menuitemradio", name="Dark").click()
        dark = await page.evaluate(background)
        assert light == "rgb(255, 255, 255)" and sum(map(int, re.findall(r"\d+", dark))) < 150
        # a setting leaves the menu open, showing the choice
        await expect(page.get_by_role("menuitemradio", name="Dark")).to_have_attribute("aria-checked", "true")
        await page.get_by_role("menuitemcheckbox", name="Wide mode").click()
        assert await page.evaluate(width) > 760
        await expect(page.get_by_role("menuitemcheckbox", name="Wide mode")).to_have_attribute("aria-checked", "true")
        await page.screenshot(path=str(RESULTS / "menu-dark-wide.png"))
        await page.keyboard.press("Escape")

        await page.reload()
        await expect(page.get_by_text("computed")).to_be_visible()
        assert await page.evaluate(background) == dark
        await expect(page.get_by_text("scheme dark")).to_be_visible()  # jr.context.theme of the new session
        assert await page.evaluate(width) > 760
        await button.click()
        await expect(page.get_by_role("menuitemradio", name="Dark")).to_have_attribute("aria-checked", "true")
        await page.get_by_role("menuitemradio", name="Light").click()
        assert await page.evaluate(background) == light
        await page.get_by_role("menuitemradio", name="System").click()  # the browser's preference: dark
        assert await page.evaluate(background) == dark
        await page.get_by_role("menuitemcheckbox", name="Auto rerun").click()
        await page.keyboard.press("Escape")
        # the session's rerun-on-save was turned on: the menu shows it next time
        await button.click()
        await expect(page.get_by_role("menuitemcheckbox", name="Auto rerun")).to_have_attribute("aria-checked", "true")


async def test_a_theme_switch_reaches_the_script_at_its_next_run(jr_menu):
    # Streamlit 1.67: the switch reruns nothing; the next run sees the new jr.context.theme
    async with chromium() as (page,):
        await page.goto(f"{jr_menu.url}/")
        await expect(page.get_by_text("scheme light")).to_be_visible()
        await expect(page.get_by_text("runs 1")).to_be_visible()
        await page.get_by_role("button", name="Main menu").click()
        await page.get_by_role("menuitemradio", name="Dark").click()
        await page.keyboard.press("Escape")
        await page.keyboard.press("r")
        await expect(page.get_by_text("scheme dark")).to_be_visible()
        await expect(page.get_by_text("runs 2")).to_be_visible()  # the switch itself ran nothing
        await page.get_by_role("button", name="Main menu").click()
        await page.get_by_role("menuitemradio", name="Light").click()
        await page.keyboard.press("Escape")
        await page.keyboard.press("r")
        await expect(page.get_by_text("scheme light")).to_be_visible()
        await expect(page.get_by_text("runs 3")).to_be_visible()


async def test_clear_cache_from_the_menu_and_the_c_key(jr_menu):
    async with chromium() as (page,):
        await page.goto(f"{jr_menu.url}/")
        shown = page.get_by_text(re.compile(r"^computed \w+$"))
        first = await shown.inner_text()
        await page.get_by_role("button", name="Main menu").click()
        await page.get_by_role("menuitem", name="Clear cache").click()
        confirm = page.get_by_role("dialog", name="Clear caches")
        await confirm.get_by_role("button", name="Clear caches").click()
        await expect(page.get_by_text("Caches cleared.")).to_be_visible()
        await page.keyboard.press("r")
        await expect(shown).not_to_have_text(first)
        second = await shown.inner_text()
        # C asks too; Enter is Cancel (focused, as in Streamlit), which clears nothing
        await page.keyboard.press("c")
        await expect(confirm.get_by_role("button", name="Cancel")).to_be_focused()
        await page.keyboard.press("Enter")
        await expect(confirm).to_have_count(0)
        await page.get_by_role("button", name="Rerun").click()
        await expect(page.locator(".jr-running")).to_have_count(0)
        await expect(shown).to_have_text(second)
        await page.keyboard.press("c")
        await confirm.get_by_role("button", name="Clear caches").click()
        await expect(confirm).to_have_count(0)
        await page.keyboard.press("r")
        await expect(shown).not_to_have_text(second)


async def test_a_served_apps_viewer_gets_no_developer_options(jr_hello):
    async with chromium() as (page,):
        await page.goto(f"{jr_hello.url}/")
        await expect(page.locator(".jr-main .jr-root > *").first).to_be_visible()
        await page.get_by_role("button", name="Main menu").click()
        await expect(page.get_by_role("menu", name="Main menu")).to_be_visible()  # its chunk loads first
        assert await _names(page) == ["System", "Light", "Dark", "Wide mode", "Print"]
        await page.keyboard.press("Escape")
        await page.keyboard.press("c")  # not a viewer's key
        await expect(page.get_by_role("dialog")).to_have_count(0)


def test_app_js_carries_only_the_menus_button() -> None:
    static = ROOT / "jupyter_reactive" / "static"
    app_js = (static / "app.js").read_text()
    chunk = (static / "chunks" / "menu.js").read_text()
    for marker in ("Clear caches", "Auto rerun", "Made with jupyter_reactive", "menuitemradio"):
        assert marker in chunk and marker not in app_js, marker
