"""Streamlit's ``[theme]`` in Chromium: an app's .streamlit/config.toml (and a serve flag over it)
reaches the computed style of the page, its primary button, its sidebar and its kernel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, Served, chromium

pytestmark = pytest.mark.timeout(180)

APP = """
import jupyter_reactive as jr
jr.title("Themed")
jr.button("Go", type="primary")
jr.sidebar.write("In the sidebar")
jr.sidebar.text_input("Find")
jr.write(f"primary {jr.get_option('theme.primaryColor')} scheme {jr.context.theme.type}")
"""

CONFIG = """
[theme]
base = "light"
primaryColor = "#7c3aed"
backgroundColor = "#fdf6e3"
textColor = "#112233"
font = "serif"
headingFont = "monospace"

[theme.sidebar]
backgroundColor = "#e0f2fe"
"""


@pytest.fixture(scope="module")
def themed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("themed")


@pytest.fixture(scope="module")
def jr_themed(themed_folder: Path) -> Iterator[Served]:
    folder = themed_folder
    (folder / "themed_app.py").write_text(APP)
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "config.toml").write_text(CONFIG)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("HOME", str(folder / "home"))  # the developer's own ~/.streamlit stays out
        served = Served(folder / "themed_app.py", "--theme.textColor=#0b3d2e")
    yield served
    served.stop(wait=False)


def _rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


async def test_config_toml_theme_reaches_the_computed_style(jr_themed: Served, themed_folder: Path) -> None:
    async with chromium() as (page,):
        # a viewer who prefers dark: theme.base = "light" wins
        await page.emulate_media(color_scheme="dark")
        await page.goto(f"{jr_themed.url}/")
        await expect(page.get_by_text("primary #7c3aed scheme light")).to_be_visible()
        style = await page.evaluate(
            """() => {
              const s = (el) => getComputedStyle(el);
              const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Go');
              const heading = document.querySelector('h1');
              return {
                body: s(document.body).backgroundColor,
                text: s(document.body).color,
                font: s(document.body).fontFamily,
                heading: s(heading).fontFamily,
                button: s(button).backgroundColor,
                buttonBorder: s(button).borderTopColor,
                sidebar: s(document.querySelector('.jr-sidebar')).backgroundColor,
                scheme: document.documentElement.dataset.jrTheme,
              };
            }"""
        )
        assert style["body"] == _rgb("#fdf6e3")
        assert style["text"] == _rgb("#0b3d2e")  # the serve flag over the file
        assert style["button"] == _rgb("#7c3aed") and style["buttonBorder"] == _rgb("#7c3aed")
        assert "Georgia" in style["font"] or "serif" in style["font"]
        assert "mono" in style["heading"].lower() or "Menlo" in style["heading"]
        assert style["sidebar"] == _rgb("#e0f2fe")
        assert style["scheme"] == "light"
        await page.screenshot(path=str(RESULTS / "theme-config.png"), full_page=True)

        # an edited config.toml counts from the next page load: now dark, for a viewer who
        # prefers light (the stylesheet's own dark colours, and the app sees "dark")
        (themed_folder / ".streamlit" / "config.toml").write_text('[theme]\nbase = "dark"\n')
        await page.emulate_media(color_scheme="light")
        await page.reload()
        await expect(page.get_by_text("primary None scheme dark")).to_be_visible()
        dark = await page.evaluate(
            "() => [getComputedStyle(document.body).backgroundColor, document.documentElement.dataset.jrTheme]"
        )
        channels = [int(c) for c in dark[0][4:-1].split(",")]
        assert dark[1] == "dark" and sum(channels) < 150, dark  # style.css's dark background
        # the page's own inline script switches the scheme before app.js runs (no light flash)
        await page.route("**/app.js*", lambda route: route.abort())
        await page.reload()
        early = await page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert early == dark[0], early
        await page.unroute("**/app.js*")

        # [theme.light] and [theme.dark]: each in its scheme, following the viewer's changes
        (themed_folder / ".streamlit" / "config.toml").write_text(
            '[theme.light]\nbackgroundColor = "#fdf6e3"\n[theme.dark]\nbackgroundColor = "#002b36"\n'
        )
        await page.emulate_media(color_scheme="dark")
        await page.reload()
        await expect(page.get_by_text("primary None scheme dark")).to_be_visible()
        body = "() => getComputedStyle(document.body).backgroundColor"
        assert await page.evaluate(body) == _rgb("#002b36")
        await page.emulate_media(color_scheme="light")
        assert await page.evaluate(body) == _rgb("#fdf6e3")


async def test_a_themed_sidebar_fields_take_the_page_background(jr_themed: Served, themed_folder: Path) -> None:
    # dashboard-kit's dark theme: Streamlit swaps the two backgrounds in the sidebar, so the panel
    # is secondaryBackgroundColor and its fields backgroundColor (they stayed light here, and
    # dashboard-kit's white text on them unreadable)
    config = themed_folder / ".streamlit" / "config.toml"
    was = config.read_text()
    config.write_text(
        '[theme]\nprimaryColor = "#F63366"\nbackgroundColor = "#191e24"\n'
        'secondaryBackgroundColor = "black"\ntextColor = "#FFFFFF"\n'
    )
    try:
        async with chromium() as (page,):
            await page.goto(f"{jr_themed.url}/")
            field = page.locator(".jr-sidebar").get_by_role("textbox", name="Find")
            await expect(field).to_have_css("background-color", _rgb("#191e24"))
            await expect(page.locator(".jr-sidebar")).to_have_css("background-color", _rgb("#000000"))
    finally:
        config.write_text(was)
