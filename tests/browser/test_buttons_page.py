"""Pills, segmented controls, feedback, buttons with icons, link buttons, page links and a
microphone recording in Debian's Chromium, found by ARIA role and name as a screen reader would."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, ROOT, Served, chromium, chromium_with_devices

pytestmark = pytest.mark.timeout(180)

APPS = ROOT / "tests" / "apps"
APP_JS = ROOT / "jupyter_reactive" / "static" / "app.js"


@pytest.fixture(scope="module")
def jr_buttons():
    served = Served(APPS / "buttons_app.py")
    yield served
    served.stop(wait=False)


async def test_pills_and_segmented_controls_reach_the_script(jr_buttons):
    async with chromium() as (page,):
        await page.goto(jr_buttons.url + "/")
        direction = page.get_by_role("group", name="Direction")
        east = direction.get_by_role("button", name="East")
        await expect(east).to_have_attribute("aria-pressed", "false")
        await east.click()
        await expect(page.get_by_text("pills single: East")).to_be_visible()
        await expect(east).to_have_attribute("aria-pressed", "true")
        await east.click()  # clicked again: deselected
        await expect(page.get_by_text("pills single: None")).to_be_visible()

        toppings = page.get_by_role("group", name="Toppings")
        await expect(toppings.get_by_role("button", name="Olives")).to_have_attribute("aria-pressed", "true")
        await toppings.get_by_role("button", name="Basil").click()
        await expect(page.get_by_text("pills multi: ['Olives', ':material/eco: Basil']")).to_be_visible()
        await toppings.get_by_role("button", name="Olives").click()
        await expect(page.get_by_text("pills multi: [':material/eco: Basil']")).to_be_visible()

        size = page.get_by_role("group", name="Size")
        await expect(size.get_by_role("button", name="M")).to_have_attribute("aria-pressed", "true")
        # Streamlit 1.67's segments: 32 px tall, 14 px text, 16 px to each side
        box = await size.get_by_role("button", name="M").bounding_box()
        assert box is not None and box["height"] == 32
        await expect(size.get_by_role("button", name="M")).to_have_css("font-size", "14px")
        await expect(size.get_by_role("button", name="M")).to_have_css("padding-left", "16px")
        await size.get_by_role("button", name="L").click()
        await expect(page.get_by_text("segmented single: L")).to_be_visible()
        await expect(size.get_by_role("button", name="M")).to_have_attribute("aria-pressed", "false")

        zoom = page.get_by_role("group", name="Zoom")
        # icon-only options are named by their icon
        await zoom.get_by_role("button", name="zoom out").click()
        await expect(page.get_by_text("segmented multi: [1]")).to_be_visible()
        await zoom.get_by_role("button", name="Fit").click()
        await expect(page.get_by_text("segmented multi: [1, 2]")).to_be_visible()
        # the icon font came with the icons chunk and draws the ligature (not the word)
        icon = zoom.locator(".jr-icon").first
        await expect(icon).to_have_css("font-family", '"Material Symbols Rounded"')
        await page.wait_for_function("document.fonts.check('24px \"Material Symbols Rounded\"', 'zoom_in')")


async def test_feedback_clicks_reach_the_script(jr_buttons):
    async with chromium() as (page,):
        await page.goto(jr_buttons.url + "/")
        thumbs = page.get_by_role("group", name="Thumbs feedback")
        await thumbs.get_by_role("button", name="Thumbs up").click()
        await expect(page.get_by_text("thumbs: 1")).to_be_visible()
        await thumbs.get_by_role("button", name="Thumbs down").click()
        await expect(page.get_by_text("thumbs: 0")).to_be_visible()
        await thumbs.get_by_role("button", name="Thumbs down").click()
        await expect(page.get_by_text("thumbs: None")).to_be_visible()

        await page.get_by_role("group", name="Faces feedback").get_by_role("button", name="Neutral").click()
        await expect(page.get_by_text("faces: 2")).to_be_visible()

        stars = page.get_by_role("group", name="Star rating")
        await expect(stars.get_by_role("button", name="3 stars")).to_have_attribute("aria-pressed", "true")
        # Streamlit 1.67's 24 px feedback buttons, one every 26 px
        boxes = await stars.get_by_role("button").evaluate_all("bs => bs.map(b => b.getBoundingClientRect().toJSON())")
        assert [(b["width"], b["height"]) for b in boxes] == [(24, 24)] * 5
        assert [b["x"] - a["x"] for a, b in itertools.pairwise(boxes)] == [26] * 4
        await stars.get_by_role("button", name="5 stars").click()
        await expect(page.get_by_text("stars: 4")).to_be_visible()
        # every star up to the chosen one is filled
        filled = await stars.locator("button.jr-on").count()
        assert filled == 5


async def test_buttons_links_and_page_links(jr_buttons):
    async with chromium() as (page,):
        await page.goto(jr_buttons.url + "/")
        launch = page.get_by_role("button", name="Launch")
        await expect(launch).to_have_class(re.compile(r"\bjr-primary\b"))
        await expect(page.get_by_role("button", name="Quiet")).to_have_class(re.compile(r"\bjr-tertiary\b"))
        await launch.click()
        await expect(page.get_by_text("launched: True")).to_be_visible()

        docs = page.get_by_role("link", name="Docs")
        assert await docs.get_attribute("href") == "https://example.org/docs"
        assert await docs.get_attribute("target") == "_blank"
        assert "noopener" in (await docs.get_attribute("rel") or "")
        assert await docs.get_attribute("title") == "the docs"

        here = page.get_by_role("link", name="This page")
        # page links one after another are 36 px apart, as in Streamlit 1.67 (a 28 px link)
        first = await here.bounding_box()
        second = await page.get_by_role("link", name="Example").bounding_box()
        assert first and second and first["height"] == 28 and second["y"] - first["y"] == 36
        href = await here.evaluate("a => a.href")
        assert href == jr_buttons.url + "/reactive/app/buttons_app.py"
        assert await here.get_attribute("target") is None
        await here.click()
        await expect(page.get_by_role("heading", name="Buttons")).to_be_visible()
        assert page.url.split("?")[0] == href

        # a link button with on_click: opens its tab and reruns the script; its label is markdown
        tracked = page.get_by_role("link", name="Tracked link")
        await expect(tracked.locator("strong")).to_have_text("link")
        await page.context.route("https://example.org/**", lambda route: route.fulfill(body="elsewhere"))
        async with page.context.expect_page() as opened:
            await tracked.click()
        assert (await opened.value).url == "https://example.org/tracked"
        await expect(page.get_by_text("tracked: True")).to_be_visible()

        example = page.get_by_role("link", name="Example")
        assert await example.get_attribute("href") == "https://example.org"
        assert await example.get_attribute("target") == "_blank"
        RESULTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(RESULTS / "buttons.png"), full_page=True)


def test_app_js_holds_no_recorder():
    js = APP_JS.read_text()
    assert "WAVEfmt" not in js and "OfflineAudioContext" not in js
    assert "WAVEfmt" in (APP_JS.parent / "chunks" / "recorder.js").read_text()


async def test_audio_recording_reaches_the_script():
    served = Served(APPS / "audio_input_app.py")
    try:
        async with chromium_with_devices(served.url, "microphone") as page:
            chunks: list[str] = []
            page.on("request", lambda r: chunks.append(r.url) if "/chunks/" in r.url else None)
            await page.goto(served.url + "/")
            await expect(page.get_by_text("nothing recorded")).to_be_visible(timeout=20_000)
            assert not [u for u in chunks if "recorder" in u]
            await page.get_by_role("button", name="Record: Voice note").click()
            stop = page.get_by_role("button", name="Stop recording: Voice note")
            await expect(stop).to_be_visible()
            await expect(page.get_by_role("status").filter(has_text="Recording 0:01")).to_be_visible(timeout=20_000)
            await stop.click()
            done = page.get_by_text(re.compile(r"recorded: 8000 Hz, 1 channel, \d+ frames, audio/wav"))
            await expect(done).to_be_visible(timeout=30_000)
            frames = int(re.search(r"(\d+) frames", await done.inner_text()).group(1))  # type: ignore[union-attr]
            assert frames > 4000  # over half a second at 8 kHz
            assert [u for u in chunks if "recorder" in u]
            await page.get_by_role("button", name="Clear recording: Voice note").click()
            await expect(page.get_by_text("nothing recorded")).to_be_visible()
    finally:
        served.stop(wait=False)
