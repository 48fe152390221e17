"""``components.v2`` in Debian's Chromium: a component of inline HTML, CSS and an ES module
renders its data (tables as Arrow tables) in a sandboxed frame; a state value it sets reaches Python and persists across
reruns; a trigger value is seen by one run and its callback runs once; the frame cannot read the
page, its cookies or leave its sandbox, and garbage it posts changes nothing. A plain page never
loads the component_v2 chunk."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium

pytestmark = pytest.mark.timeout(240)


#: the theme variables Streamlit 1.67's page sets on a v2 component (its BidiComponent chunk)
STREAMLIT_V2_THEME = [
    "--st-" + n
    for n in (
        "primary-color background-color secondary-background-color text-color link-color link-underline "
        "heading-font code-font base-radius button-radius base-font-size base-font-weight code-font-weight "
        "code-font-size heading-font-sizes heading-font-weights border-color dataframe-border-color "
        "dataframe-header-background-color dataframe-header-text-color code-background-color font "
        "chart-categorical-colors chart-sequential-colors chart-diverging-colors heading-color "
        "border-color-light code-text-color widget-border-color metric-value-font-size metric-value-font-weight"
    ).split()
    + [f"heading-font-{w}-{i}" for w in ("size", "weight") for i in range(1, 7)]
    + [
        f"{c}-{w}color"
        for c in "red orange yellow blue green violet gray".split()
        for w in ("", "text-", "background-")
    ]
]


@pytest.fixture(scope="module")
def jr_v2():
    served = Served(ROOT / "tests" / "apps" / "component_v2_app.py")
    yield served
    served.stop(wait=False)


async def test_a_v2_component_renders_sets_state_and_triggers_in_its_sandbox(jr_v2):
    async with chromium() as (page,):
        await page.goto(f"{jr_v2.url}/")
        await expect(page.get_by_text("count is 0")).to_be_visible(timeout=30_000)
        frame_el = page.locator('iframe[title="counter"]')
        frame = page.frame_locator('iframe[title="counter"]')
        await expect(frame.get_by_text("Hello, World! n=0")).to_be_visible()
        await expect(frame.get_by_text("parent blocked cookie blocked shadow key=ok")).to_be_visible()
        sandbox = await frame_el.get_attribute("sandbox")
        assert "allow-scripts" in sandbox and "allow-same-origin" not in sandbox
        height = await frame_el.evaluate("f => f.getBoundingClientRect().height")
        assert 50 < height < 600, height  # sized by its content
        colour = await frame.locator("h3").evaluate("h => getComputedStyle(h).color")
        assert colour not in ("rgb(0, 0, 0)", ""), colour  # the theme's --st-primary-color reached it
        # the whole theme, under every name Streamlit 1.67 gives a v2 component, from the page
        theme = await frame.locator("html").evaluate(
            "h => Object.fromEntries(Array.from(h.style).filter(n => n.startsWith('--st-'))"
            ".map(n => [n, h.style.getPropertyValue(n)]))"
        )
        assert sorted(theme) == sorted(STREAMLIT_V2_THEME), set(theme) ^ set(STREAMLIT_V2_THEME)
        assert all(v and v != "unset" for v in theme.values()), theme
        page_h1 = await page.locator("h1").first.evaluate("h => getComputedStyle(h).fontSize")
        assert theme["--st-heading-font-size-1"] == page_h1 == theme["--st-heading-font-sizes"].split(",")[0]
        assert theme["--st-primary-color"] == await page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--ac').trim()"
        )
        assert (
            theme["--st-link-underline"] in ("0", "1") and len(theme["--st-chart-categorical-colors"].split(",")) == 10
        )

        # tables reach the script as Arrow tables, alone or inside a dict
        tables = page.frame_locator('iframe[title="table_view"]')
        await expect(tables.first.get_by_text("mixed: rows=3 a=1,2,3")).to_be_visible()
        await expect(tables.last.get_by_text("top: rows=3 a=1,2,3")).to_be_visible()

        # a state value: Python sees it after the rerun, and it persists across reruns
        await frame.get_by_role("button", name="Add one").click()
        await expect(page.get_by_text("count is 1")).to_be_visible()
        await frame.get_by_role("button", name="Add one").click()
        await expect(page.get_by_text("count is 2")).to_be_visible()
        await expect(frame.get_by_text("Hello, World! n=2")).to_be_visible()  # new data re-rendered it
        await page.get_by_role("button", name="Run again").click()
        await expect(page.get_by_text("ping is None, callbacks 0")).to_be_visible()
        await expect(page.get_by_text("count is 2")).to_be_visible()

        # a trigger value: seen by one run, its callback once; the next run sees None again
        await frame.get_by_role("button", name="Ping").click()
        await expect(page.get_by_text("ping is {'at': 2}, callbacks 1")).to_be_visible()
        await page.get_by_role("button", name="Run again").click()
        await expect(page.get_by_text("ping is None, callbacks 1")).to_be_visible()

        # a "#" link (Streamlit's own examples use them) fires its handler and leaves the frame
        # in place: it resolves against the app page's URL, which must not load into the frame
        await frame.get_by_role("link", name="Anchor link").click()
        await expect(page.get_by_text("ping is 'link', callbacks 2")).to_be_visible()
        await expect(frame.get_by_text("Hello, World! n=2")).to_be_visible()

        # inside a form: a state value waits for the submit; triggers are not sent (as in
        # Streamlit); a fixed height is the frame's
        step_el = page.locator('iframe[title="stepper"]')
        assert await step_el.evaluate("f => Math.round(f.getBoundingClientRect().height)") == 80
        stepper = page.frame_locator('iframe[title="stepper"]')
        await stepper.get_by_role("button", name="Step").click()
        await stepper.get_by_role("button", name="Step").click()
        await page.wait_for_timeout(500)
        await expect(page.get_by_text("form n is None, stepped None")).to_be_visible()
        await page.get_by_role("button", name="Submit").click()
        await expect(page.get_by_text("form n is 2, stepped None")).to_be_visible()

        # garbage posted by the frame changes nothing; the component still works after it
        await frame.get_by_role("button", name="Junk").click()
        await frame.get_by_role("button", name="Add one").click()
        await expect(page.get_by_text("count is 3")).to_be_visible()
        assert await page.get_by_text("666").count() == 0
        assert "Traceback" not in jr_v2.log()


@pytest.fixture(scope="module")
def jr_plain():
    served = Served(ROOT / "tests" / "apps" / "counter.py")
    yield served
    served.stop(wait=False)


async def test_a_plain_page_does_not_load_the_v2_chunk(jr_plain):
    async with chromium() as (page,):
        await page.goto(f"{jr_plain.url}/")
        await expect(page.get_by_text("value: 10")).to_be_visible(timeout=30_000)
        loaded = await page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
        assert not [u for u in loaded if "/chunks/component" in u], loaded
