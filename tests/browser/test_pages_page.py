"""Multipage apps in Chromium (notebooks/multipage): sidebar navigation, a URL per page that
survives reload and works in a new tab, back/forward without reload, session state shared
across pages, switch_page and page_link, query_params read from and written to the URL."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, choose, chromium

pytestmark = pytest.mark.timeout(240)

SHOTS = ROOT / "test-results"


@pytest.fixture(scope="module")
def jr_multipage():
    served = Served(ROOT / "notebooks" / "multipage" / "app.py")
    yield served
    served.stop(wait=False)


@pytest.fixture(scope="module")
def jr_multipage_nav():
    served = Served(ROOT / "notebooks" / "multipage" / "nav_app.py")
    yield served
    served.stop(wait=False)


async def _loaded_marker(page) -> None:
    """A mark on the window: gone after a reload, kept by in-page navigation."""
    await page.evaluate("window.__jrMark = 1")


async def _same_document(page) -> bool:
    return await page.evaluate("window.__jrMark === 1")


async def test_sidebar_navigation_urls_reload_back_forward_and_shared_state(jr_multipage):
    async with chromium() as (page,):
        await page.goto(f"{jr_multipage.url}/")
        await expect(page.get_by_role("heading", name="🏠 Home")).to_be_visible()
        app_url = page.url
        assert app_url.endswith("/reactive/app/app.py")
        nav = page.get_by_role("navigation", name="Pages")
        await expect(nav.get_by_role("link")).to_have_text(["app", "📈Counter", "🔗Query params", "Context"])
        await expect(nav.get_by_role("link", name="app")).to_have_attribute("aria-current", "page")
        await expect(page).to_have_title("app")
        await _loaded_marker(page)
        await page.get_by_label("Your name").fill("Ada")
        await page.get_by_label("Your name").press("Enter")
        await expect(page.get_by_text("Hello Ada!")).to_be_visible()

        # a click on a link: new URL, no reload, the page's title, shared session state
        await nav.get_by_role("link", name="Counter").click()
        await expect(page.get_by_role("heading", name="📈 Counter")).to_be_visible()
        assert page.url == app_url + "/Counter"
        await expect(page).to_have_title("Counter")
        await expect(page.get_by_text("Counting for Ada.")).to_be_visible()
        await page.get_by_role("button", name="Increment").click()
        await page.get_by_role("button", name="Increment").click()
        await expect(page.get_by_test_id("stMetricValue").or_(page.locator(".jr-metric-value"))).to_have_text("2")
        await page.screenshot(path=str(SHOTS / "pages-counter.png"))
        assert await _same_document(page)

        # back and forward move between pages without a reload
        await page.go_back()
        await expect(page.get_by_role("heading", name="🏠 Home")).to_be_visible()
        assert page.url == app_url
        await expect(page.get_by_text("is at 2")).to_be_visible()  # the counter of the other page
        await page.go_forward()
        await expect(page.get_by_role("heading", name="📈 Counter")).to_be_visible()
        assert page.url == app_url + "/Counter"
        assert await _same_document(page)

        # switch_page from a button: a new history entry
        await page.get_by_role("button", name="Show the query parameters").click()
        await expect(page.get_by_role("heading", name="🔗 Query parameters")).to_be_visible()
        await expect(page).to_have_url(app_url + "/Query_params?colour=red")
        await page.go_back()
        await expect(page.get_by_role("heading", name="📈 Counter")).to_be_visible()

        # a reload keeps the page (a new session: the counter starts over, as in Streamlit)
        await page.reload()
        await expect(page.get_by_role("heading", name="📈 Counter")).to_be_visible()
        await expect(nav.get_by_role("link", name="Counter")).to_have_attribute("aria-current", "page")

        # a page_link moves within the app
        await nav.get_by_role("link", name="app").click()
        await _loaded_marker(page)
        await page.get_by_role("link", name="Go count").click()
        await expect(page.get_by_role("heading", name="📈 Counter")).to_be_visible()
        assert page.url == app_url + "/Counter" and await _same_document(page)


async def test_page_url_in_a_new_tab_unknown_page_and_query_params(jr_multipage):
    async with chromium(pages=2) as (page, other):
        base = f"{jr_multipage.url}/reactive/app/app.py"
        await page.goto(f"{base}/{quote('Query_params')}?colour=blue&x=1&x=2")
        await expect(page.get_by_role("heading", name="🔗 Query parameters")).to_be_visible()
        await expect(page.get_by_text("Colour: blue")).to_be_visible()
        await expect(page.get_by_text('"x"')).to_be_visible()
        await _loaded_marker(page)
        entries = await page.evaluate("history.length")
        # a write is a new history entry (as in Streamlit 1.67), without a reload
        await choose(page.get_by_role("combobox", name="Colour"), "green")
        await expect(page.get_by_text("Colour: green")).to_be_visible()
        await expect(page).to_have_url(f"{base}/Query_params?colour=green&x=1&x=2")
        assert await _same_document(page)
        assert await page.evaluate("history.length") == entries + 1
        # back to ?colour=blue: the selectbox is the same widget (as in Streamlit) and keeps
        # green; the run answering back rewrites that entry in place, so forward stays
        await page.go_back()
        await expect(page).to_have_url(f"{base}/Query_params?colour=green&x=1&x=2")
        await expect(page.get_by_text("Colour: green")).to_be_visible()
        assert await page.evaluate("history.length") == entries + 1
        await page.go_forward()
        await expect(page.get_by_text("Colour: green")).to_be_visible()
        await expect(page).to_have_url(f"{base}/Query_params?colour=green&x=1&x=2")
        # back/forward across pages restores each page's query parameters
        await page.get_by_role("navigation", name="Pages").get_by_role("link", name="Context").click()
        await expect(page.get_by_role("heading", name="Context")).to_be_visible()
        await expect(page).to_have_url(f"{base}/Context")
        await page.go_back()
        await expect(page.get_by_text("Colour: green")).to_be_visible()
        await expect(page).to_have_url(f"{base}/Query_params?colour=green&x=1&x=2")
        assert await _same_document(page)

        # a page the app does not have: the default page, a notice, and the URL corrected
        await other.goto(f"{base}/no_such_page")
        await expect(other.get_by_role("heading", name="🏠 Home")).to_be_visible()
        await expect(other.get_by_text("Page not found")).to_be_visible()
        await expect(other).to_have_url(base)


async def test_context_values(jr_multipage):
    async with chromium() as (page,):
        await page.goto(f"{jr_multipage.url}/reactive/app/app.py/Context?embed=true")
        await expect(page.get_by_role("heading", name="Context")).to_be_visible()
        await expect(page.get_by_text("Locale: en-US")).to_be_visible()
        await expect(page.get_by_text("embedded: True")).to_be_visible()
        await expect(page.get_by_text("IP address: None")).to_be_visible()  # localhost, as Streamlit
        await expect(page.get_by_text("User agent: ")).to_contain_text("Chrome")
        text = await page.locator(".jr-main").inner_text()
        assert "_xsrf" not in text and "username-" not in text


async def test_navigation_variant_sections_and_top_position(jr_multipage_nav):
    async with chromium() as (page,):
        await page.goto(f"{jr_multipage_nav.url}/")
        await expect(page.get_by_role("heading", name="🏠 Home")).to_be_visible()
        nav = page.get_by_role("navigation", name="Pages")
        await expect(nav.get_by_text("Details")).to_be_visible()
        await expect(nav.get_by_role("link")).to_have_text(["🏠Home", "📈Counter", "🔗Query params", "Context"])
        await page.screenshot(path=str(SHOTS / "pages-nav-sections.png"))
        await page.get_by_role("button", name="Open the counter").click()
        await expect(page.get_by_role("heading", name="📈 Counter")).to_be_visible()
        await expect(page).to_have_url(f"{jr_multipage_nav.url}/reactive/app/nav_app.py/counter")
        await page.goto(f"{jr_multipage_nav.url}/reactive/app/nav_app.py/query?nav=top")
        top = page.locator("header").get_by_role("navigation", name="Pages")
        await expect(top.get_by_role("link", name="Context")).to_be_visible()
        await expect(page.locator("#jr-sidebar")).to_be_hidden()
        # Streamlit's top links: in a 60 px header, 16 px from its top and left, the current one
        # on a warm tint; the content 128 px down
        await expect(page.locator("header")).to_have_css("height", "60px")
        first = await top.get_by_role("link").first.bounding_box()
        assert first is not None and (first["y"], first["height"]) == (16, 28), first
        assert (await top.bounding_box() or {})["x"] == 16
        await expect(top.locator("[aria-current=page]")).to_have_css("background-color", "rgba(187, 187, 165, 0.25)")
        root = await page.locator(".jr-main > .jr-root").bounding_box()
        assert root is not None and root["y"] == 128
        await page.screenshot(path=str(SHOTS / "pages-nav-top.png"))


@pytest.fixture(scope="module")
def jr_many_pages():
    served = Served(ROOT / "tests" / "apps" / "many_pages_app.py")
    yield served
    served.stop(wait=False)


async def test_a_long_navigation_folds_and_hidden_pages_have_no_link(jr_many_pages):
    async with chromium() as (page,):
        await page.goto(f"{jr_many_pages.url}/reactive/app/many_pages_app.py/page_99")
        await expect(page.get_by_role("heading", name="Page number 99")).to_be_visible()
        await expect(page).to_have_title("Secret")
        nav = page.get_by_role("navigation", name="Pages")
        await expect(nav.get_by_role("link")).to_have_count(10)
        await nav.get_by_role("button", name="View 2 more").click()
        await expect(nav.get_by_role("link")).to_have_count(12)
        await expect(nav.get_by_role("link", name="Secret")).to_have_count(0)
        await expect(page.get_by_text("sidebar text")).to_be_visible()
        await page.screenshot(path=str(SHOTS / "pages-many.png"))
        await nav.get_by_role("link", name="Page 12").click()
        await expect(page.get_by_role("heading", name="Page number 12")).to_be_visible()
        await expect(page).to_have_url(f"{jr_many_pages.url}/reactive/app/many_pages_app.py/page_12")


async def test_sidebar_links_headings_and_fields_look_like_streamlits(jr_many_pages):
    async with chromium() as (page,):
        await page.goto(f"{jr_many_pages.url}/reactive/app/many_pages_app.py/page_1")
        await expect(page.get_by_role("heading", name="Page number 1")).to_be_visible()
        nav = page.get_by_role("navigation", name="Pages")
        # Streamlit 1.67's links: 28 px rows of 14 px text, the current one bold on a grey tint
        current = nav.get_by_role("link", name="Page 1", exact=True)
        await expect(current).to_have_css("font-size", "14px")
        await expect(current).to_have_css("font-weight", "600")
        await expect(current).to_have_css("background-color", "rgba(169, 169, 162, 0.25)")
        await expect(nav.get_by_role("link", name="Page 2", exact=True)).to_have_css("font-weight", "400")
        box = await current.bounding_box()
        assert box is not None and (box["x"], box["y"], box["width"], box["height"]) == (30, 78, 240, 28)
        await expect(nav).to_have_css("border-bottom-color", "rgb(215, 211, 207)")
        # the sidebar's title is 24 px, and its fields are a shade darker than the sidebar
        await expect(page.locator(".jr-sidebar").get_by_role("heading", name="Side")).to_have_css("font-size", "24px")
        field = page.get_by_role("textbox", name="Side field")
        await expect(field).to_have_css("background-color", "rgb(241, 240, 238)")
        await expect(field).to_have_css("border-top-color", "rgb(215, 211, 207)")
        await expect(page.locator(".jr-sidebar")).to_have_css("background-color", "rgb(248, 248, 247)")
        await page.emulate_media(color_scheme="dark")
        await expect(page.locator(".jr-sidebar")).to_have_css("background-color", "rgb(33, 32, 29)")
        await expect(field).to_have_css("background-color", "rgb(45, 43, 39)")
        await expect(field).to_have_css("border-top-color", "rgb(74, 71, 66)")
        # Streamlit's sidebar control: a 28 px button in the open sidebar's top right corner...
        toggle = page.get_by_role("button", name="Sidebar")
        box = await toggle.bounding_box()
        assert box is not None and (box["x"], box["y"], box["width"], box["height"]) == (240, 16, 28, 28)
        # on a phone the sidebar starts closed, opens over the page, and the page keeps Streamlit's
        # 96 px above its content and 16 px at its sides
        await page.set_viewport_size({"width": 400, "height": 800})
        await page.reload()
        heading = page.get_by_role("heading", name="Page number 1")
        await expect(heading).to_be_visible()
        assert (await heading.bounding_box() or {})["y"] == 96
        assert (await heading.bounding_box() or {})["x"] == 16
        await expect(page.locator(".jr-sidebar")).to_be_hidden()
        box = await toggle.bounding_box()  # ...and 16 px down, 18 px right of the app's logo, while closed
        icon = await page.locator(".jr-logo").bounding_box()
        assert box is not None and icon is not None and box["y"] == 16
        assert abs(box["x"] - (icon["x"] + icon["width"] + 18)) < 1, (box, icon)
        await toggle.click()
        await expect(page.locator(".jr-sidebar")).to_have_css("transform", "none")  # slid in
        assert (await field.bounding_box() or {})["x"] == 30


async def test_the_logo_shows_over_the_open_sidebar_and_its_icon_when_closed(jr_many_pages):
    # dashboard-kit's st.logo(image, icon_image=...): Streamlit draws the image in the open
    # sidebar's corner (it was hidden under the sidebar here) and the icon once it is closed
    async with chromium() as (page,):
        await page.goto(f"{jr_many_pages.url}/")
        await expect(page.get_by_role("heading", name="Page number 1")).to_be_visible()
        logo = page.get_by_role("img", name="Logo")
        await expect(logo).to_have_text("🚀")
        box = await logo.bounding_box()
        assert box is not None and box["x"] < 60 and box["y"] < 60
        on_top = "([x, y]) => !!document.elementFromPoint(x, y)?.closest('.jr-logo')"
        assert await page.evaluate(on_top, [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        await page.get_by_role("button", name="Sidebar").click()
        await expect(page.locator(".jr-sidebar")).to_be_hidden()
        await expect(logo).to_have_text("🌙")
        # closed: as Streamlit 1.67 at a phone's width, the logo 16 px from the left and the
        # sidebar's control 18 px right of it (it lay over the logo)
        icon = await page.locator(".jr-logo").bounding_box()
        await expect(page.get_by_role("button", name="Sidebar")).to_be_visible()
        toggle = await page.get_by_role("button", name="Sidebar").bounding_box()
        assert icon is not None and toggle is not None and icon["x"] == 16
        assert abs(toggle["x"] - (icon["x"] + icon["width"] + 18)) < 1, (icon, toggle)
