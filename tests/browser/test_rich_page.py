"""Rich display in Debian's Chromium: HTML from the app (an object's ``_repr_html_``, ``jr.html``,
``unsafe_allow_html`` markdown, IPython's ``display``) shows without running any of its script;
math is typeset by KaTeX; colours, badges, emoji and Material icons show; and each heavy library
(sanitizer, KaTeX, icon font) is fetched only when the page first needs it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, ROOT, Served, chromium

pytestmark = pytest.mark.timeout(180)

# every image with src="x" has failed once a fresh one has (same URL, same failed fetch), so
# an onerror handler that survived sanitizing would have run by then
SETTLED = """() => new Promise((done) => {
  const img = new Image();
  img.onerror = img.onload = () => requestAnimationFrame(() => requestAnimationFrame(() => done(window.__pwned ?? null)));
  img.src = "x";
})"""


@pytest.fixture(scope="module")
def jr_rich():
    served = Served(ROOT / "tests" / "apps" / "rich_app.py")
    yield served
    served.stop(wait=False)


def _chunks(requests: list[str]) -> set[str]:
    return {u.split("/chunks/")[1].split("?")[0] for u in requests if "/chunks/" in u}


async def _open(page: Any, served: Served) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    await page.goto(f"{served.url}/")
    await expect(page.get_by_role("heading", name="Rich display")).to_be_visible()
    return requests


async def test_html_from_the_app_shows_but_cannot_run_script(jr_rich):
    async with chromium() as (page,):
        requests = await _open(page, jr_rich)
        assert _chunks(requests) == set()  # a page without HTML, math or icons loads no chunk
        await page.get_by_role("checkbox", name="Show rich").check()
        await expect(page.get_by_text("repr cell")).to_be_visible()
        await expect(page.locator("#from-html")).to_have_text("html kept")
        await expect(page.locator("#from-md")).to_have_text("md kept")
        await expect(page.locator("#from-display")).to_have_text("display kept")
        await expect(page.locator(".jr-md .jr-c-red")).to_have_text("red")  # extras beside raw HTML
        assert await page.evaluate(SETTLED) is None
        # what could run is gone; the rest of the HTML is there
        html = page.locator(".jr-html, .jr-md")
        assert await html.locator("script, iframe").count() == 0
        assert await html.locator("[onerror], [onmouseover], [srcdoc]").count() == 0
        links = page.locator("a.js")
        await expect(links).to_have_count(4)
        for i in range(4):
            assert await links.nth(i).get_attribute("href") is None
            await links.nth(i).click()
        await page.locator("#from-html").hover()
        assert await page.evaluate(SETTLED) is None
        # an object's <style> applies inside its own element only
        await expect(page.get_by_text("repr cell")).to_have_css("color", "rgb(200, 0, 0)")
        await expect(page.locator("#from-html")).not_to_have_css("color", "rgb(0, 200, 0)")
        # pandas Styler keeps its cell styles
        await expect(page.locator(".jr-html td", has_text="-1")).to_have_css("color", "rgb(0, 0, 210)")
        await expect(page.locator(".jr-html td", has_text="1").first).not_to_have_css("color", "rgb(0, 0, 210)")
        assert _chunks(requests) == {"sanitize.js"}


async def test_math_is_typeset_by_katex_loaded_on_first_use(jr_rich):
    async with chromium() as (page,):
        requests = await _open(page, jr_rich)
        await page.get_by_role("checkbox", name="Show math").check()
        inline = page.locator(".jr-md .jr-math:not(.jr-math-d)")
        await expect(inline.locator(".katex")).to_have_count(1)
        await expect(page.locator(".jr-math-d .katex-display")).to_have_count(1)
        # KaTeX drew it: the TeX source is no longer the visible text, its fonts are served
        assert "\\int" not in await page.locator(".jr-math-d .katex-html").inner_text()
        await expect(page.get_by_text("costs $5 and $6.")).to_be_visible()
        await page.evaluate("document.fonts.ready")
        assert await page.evaluate("document.fonts.check('16px KaTeX_Main')")
        chunks = _chunks(requests)
        assert {"katex.js", "katex.css"} <= chunks and "sanitize.js" not in chunks
        assert any(c.startswith("KaTeX_Main-Regular") and c.endswith(".woff2") for c in chunks)


async def test_colours_badges_emoji_and_material_icons(jr_rich):
    async with chromium() as (page,):
        requests = await _open(page, jr_rich)
        await page.get_by_role("checkbox", name="Show extras").check()
        await expect(page.locator(".jr-icon")).to_have_count(4)
        await expect(page.locator(".jr-alert-icon .jr-icon")).to_have_text("info")
        # Streamlit 1.67's info alert: a pale blue with its blue text; deep blue with light blue dark
        alert = page.locator(".jr-alert.jr-l-info").first
        await expect(alert).to_have_css("background-color", "rgb(237, 245, 255)")
        await expect(alert).to_have_css("color", "rgb(36, 79, 180)")
        await page.emulate_media(color_scheme="dark")
        await expect(alert).to_have_css("background-color", "rgb(30, 42, 61)")
        await expect(alert).to_have_css("color", "rgb(133, 184, 248)")
        await page.emulate_media(color_scheme="light")
        await expect(page.locator("span.jr-c-red").first).to_have_css("color", "rgb(158, 48, 59)")
        await expect(page.locator("span.jr-c-blue").first).to_have_css("color", "rgb(36, 79, 180)")
        await expect(page.locator("span.jr-bg-green").first).to_have_css("background-color", "rgb(241, 251, 246)")
        await expect(page.locator("span.jr-badge", has_text="badge")).to_have_css("color", "rgb(36, 79, 180)")
        await expect(page.get_by_text("😄 🚀 🎉")).to_be_visible()
        # the icon font draws each name as one glyph (a ligature), not as its letters
        await page.evaluate("document.fonts.ready")
        assert await page.evaluate("document.fonts.check('24px \"Material Symbols Rounded\"')")
        widths = await page.evaluate("""() => [...document.querySelectorAll('.jr-icon')].map((e) => {
            const probe = e.cloneNode(true);
            probe.style.width = 'auto';
            e.after(probe);
            const w = probe.getBoundingClientRect().width / parseFloat(getComputedStyle(probe).fontSize);
            probe.remove();
            return w;
        })""")
        assert all(0.8 < w < 1.2 for w in widths), widths
        assert {"icons.js", "icons.css"} <= _chunks(requests)
        assert any(c.startswith("material-symbols-rounded") for c in _chunks(requests))
        for box in ("Show rich", "Show math"):
            await page.get_by_role("checkbox", name=box).check()
        await expect(page.locator(".jr-math-d .katex-display")).to_have_count(1)
        await expect(page.get_by_text("repr cell")).to_be_visible()
        await page.evaluate("document.fonts.ready")
        RESULTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(RESULTS / "rich.png"), full_page=True)


def test_the_libraries_are_not_in_app_js():
    static = ROOT / "jupyter_reactive" / "static"
    app = (static / "app.js").read_text()
    for marker in ("DOMPurify", "ALLOWED_TAGS", "KaTeX", "katex-display", "Material Symbols"):
        assert marker not in app, marker
    chunks = static / "chunks"
    assert "ALLOWED_TAGS" in (chunks / "sanitize.js").read_text()
    assert "katex-display" in (chunks / "katex.js").read_text()
    # only woff2 fonts ship, beside the stylesheets that name them
    fonts = {p.suffix for p in chunks.iterdir() if p.suffix not in (".js", ".css")}
    assert fonts == {".woff2"}
    assert ".woff)" not in (chunks / "katex.css").read_text()
