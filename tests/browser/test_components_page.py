"""Custom components in Debian's Chromium: a component written in the tests (plain HTML + JS, no
npm) speaks Streamlit's protocol with the page — render with args, bytes and a DataFrame as
Arrow; a value set in the frame reruns the script; its height follows — while it cannot reach
the app page, garbage it posts is ignored, and another frame's messages are not taken."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(240)

SHOTS = Path("/tmp/shots-comps")


@pytest.fixture(scope="module")
def jr_components():
    served = Served(ROOT / "tests" / "apps" / "component_app.py")
    yield served
    served.stop(wait=False)


async def test_a_component_round_trips_values_and_stays_in_its_sandbox(jr_components):
    SHOTS.mkdir(exist_ok=True)
    async with chromium() as (page,):
        await page.goto(f"{jr_components.url}/")
        await expect(page.get_by_text("count is 0")).to_be_visible(timeout=30_000)
        frame_el = page.locator('iframe[title="component_app.counter"]')
        frame = page.frame_locator('iframe[title="component_app.counter"]')
        await expect(frame.get_by_role("heading", name="Hello, World!")).to_be_visible()
        await expect(frame.get_by_text("blob=1,2,3 table=arrow")).to_be_visible()
        await expect(frame.get_by_text("parent blocked")).to_be_visible()  # no access to the page
        sandbox = await frame_el.get_attribute("sandbox")
        assert "allow-scripts" in sandbox and "allow-same-origin" not in sandbox
        height = await frame_el.evaluate("f => f.getBoundingClientRect().height")
        assert 100 < height < 400, height  # setFrameHeight was applied

        await frame.get_by_role("button", name="Add one").click()
        await expect(page.get_by_text("count is 1")).to_be_visible()
        await frame.get_by_role("button", name="Add one").click()
        await expect(page.get_by_text("count is 2")).to_be_visible()
        await expect(page.get_by_text("state: {'count': 2}")).to_be_visible()
        await page.screenshot(path=str(SHOTS / "component.png"), full_page=True)

        # garbage values, a huge height and an unmarked message change nothing but the height,
        # which is clamped; the impostor frame's messages (sent all along) were never taken
        await frame.get_by_role("button", name="Grow huge").click()
        await page.wait_for_function(
            "() => document.querySelector('iframe[title=\"component_app.counter\"]').getBoundingClientRect().height > 1000"
        )
        height = await frame_el.evaluate("f => f.getBoundingClientRect().height")
        assert height == 20000, height
        await frame.get_by_role("button", name="Add one").click()
        await expect(page.get_by_text("count is 3")).to_be_visible()
        assert await page.get_by_text("666").count() == 0

        # bytes travel too
        await frame.get_by_role("button", name="Send bytes").click()
        await expect(page.get_by_text("bytes value: [104, 105, 0, 255]")).to_be_visible()

        # the html frame runs its script in a sandbox of its own
        html = page.locator('iframe[title="Embedded HTML"]')
        assert "allow-same-origin" not in (await html.get_attribute("sandbox"))
        await expect(page.frame_locator('iframe[title="Embedded HTML"]').get_by_text("an impostor")).to_be_visible()
        assert "Traceback" not in jr_components.log()


@pytest.fixture(scope="module")
def jr_ace():
    if importlib.util.find_spec("streamlit_ace") is None:
        pytest.skip("streamlit-ace is not installed (scripts/test installs it with --no-deps)")
    served = Served(ROOT / "tests" / "apps" / "ace_app.py")
    yield served
    served.stop(wait=False)


async def test_a_published_components_frontend_build_works(jr_ace):
    """streamlit-ace's own React build, from PyPI, offline: it renders the editor from the args
    and its typed text comes back to the script (Ctrl+Enter commits, as in Streamlit)."""
    async with chromium() as (page,):
        await page.goto(f"{jr_ace.url}/")
        await expect(page.get_by_text("editor holds: print('hi')")).to_be_visible(timeout=30_000)
        frame = page.frame_locator('iframe[title="ace_app.streamlit_ace"]')
        editor = frame.locator(".ace_content")
        await expect(editor).to_contain_text("print('hi')")
        await editor.click()
        await page.keyboard.press("End")
        await page.keyboard.type("\nx = 42")
        await page.keyboard.press("Control+Enter")
        await expect(page.get_by_text("editor holds: print('hi') x = 42")).to_be_visible()
        height = await page.locator('iframe[title="ace_app.streamlit_ace"]').evaluate(
            "f => f.getBoundingClientRect().height"
        )
        assert 150 < height < 400, height  # the component sized its frame
        await page.screenshot(path=str(SHOTS / "streamlit-ace.png"), full_page=True)


async def test_html_with_javascript_allowed_runs_in_a_frame_sized_to_its_content():
    """``jr.html(..., unsafe_allow_javascript=True)``: the script runs, in a frame that cannot
    reach the page, as tall as its content as it grows and shrinks, in the page's colours as the
    scheme changes; the same HTML without the flag is sanitized; heights posted as garbage, or by
    another frame, are not taken (a finite one from the frame itself is clamped)."""
    served = Served(ROOT / "tests" / "apps" / "html_script_app.py")
    try:
        async with chromium() as (page,):
            await page.emulate_media(color_scheme="light")
            await page.goto(f"{served.url}/")
            await expect(page.get_by_text("after the frames")).to_be_visible(timeout=30_000)
            el = page.locator("iframe.jr-html-frame")
            frame = page.frame_locator("iframe.jr-html-frame")
            await expect(frame.get_by_text("ran 42")).to_be_visible()
            await expect(frame.get_by_text("page blocked")).to_be_visible()
            assert "allow-same-origin" not in (await el.get_attribute("sandbox"))
            await expect(page.get_by_text("sanitized", exact=True)).to_be_visible()  # no flag: no script

            height = lambda: el.evaluate("f => f.getBoundingClientRect().height")  # noqa: E731
            inner = lambda: frame.locator("html").evaluate("d => d.getBoundingClientRect().height")  # noqa: E731
            start = await height()
            assert start > 40 and abs(start - await inner()) <= 1, (start, await inner())
            await frame.get_by_role("button", name="Grow").click()
            await expect(frame.get_by_text("row 9")).to_be_visible()
            await page.wait_for_function(
                f"() => document.querySelector('iframe.jr-html-frame').getBoundingClientRect().height > {start + 100}"
            )
            assert abs(await height() - await inner()) <= 1
            await page.screenshot(path=str(SHOTS / "html-script.png"), full_page=True)
            await frame.get_by_role("button", name="Shrink").click()
            await page.wait_for_function(
                f"() => document.querySelector('iframe.jr-html-frame').getBoundingClientRect().height <= {start + 1}"
            )
            # the impostor's 777 never applied; garbage from the frame itself: only 1e9 is a
            # height, clamped to the largest a frame may be
            assert await height() != 777
            await frame.get_by_role("button", name="Junk").click()
            await page.wait_for_function(
                "() => document.querySelector('iframe.jr-html-frame').getBoundingClientRect().height === 20000"
            )
            await frame.get_by_role("button", name="Shrink").click()  # the next resize reports again
            await frame.get_by_role("button", name="Grow").click()
            await page.wait_for_function(
                "() => document.querySelector('iframe.jr-html-frame').getBoundingClientRect().height < 1000"
            )

            color = lambda: frame.locator("body").evaluate("b => getComputedStyle(b).color")  # noqa: E731
            page_color = lambda: el.evaluate("f => getComputedStyle(f.parentElement).color")  # noqa: E731
            light = await color()
            assert light == await page_color()
            await page.emulate_media(color_scheme="dark")
            await page.wait_for_function(
                "c => getComputedStyle(document.querySelector('iframe.jr-html-frame').parentElement).color !== c",
                arg=light,
            )
            dark = await page_color()
            for _ in range(100):  # the frame is told by a message
                if await color() == dark:
                    break
                await page.wait_for_timeout(50)
            assert await color() == dark != light
            await page.screenshot(path=str(SHOTS / "html-script-dark.png"), full_page=True)
    finally:
        served.stop(wait=False)
