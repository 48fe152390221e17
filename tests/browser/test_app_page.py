"""The demo app in Debian's Chromium: widgets found by role and label, the page reacts, tabs
are independent sessions, a lost connection is shown and recovered."""

from __future__ import annotations

import asyncio
import re

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, ROOT, Served, choose, chromium
from tests.conftest import wait_for

pytestmark = pytest.mark.timeout(180)


async def _open(page, served):
    await page.goto(f"{served.url}/")  # serve mode redirects / to the app
    await expect(page.get_by_text("value: 25")).to_be_visible()


async def test_slider_button_text_and_checkbox_drive_the_page(jr_hello):
    async with chromium() as (page,):
        await _open(page, jr_hello)
        assert "/reactive/app/hello.py" in page.url
        await page.get_by_role("slider", name="n").focus()
        for _ in range(5):
            await page.keyboard.press("ArrowRight")
        await expect(page.get_by_text("value: 30")).to_be_visible()
        await expect(page.get_by_text("n squared is 900")).to_be_visible()

        await page.get_by_role("button", name="inc").click()
        await expect(page.get_by_text("clicks: 1")).to_be_visible()
        await page.get_by_role("button", name="inc").click()
        await expect(page.get_by_text("clicks: 2")).to_be_visible()

        name = page.get_by_role("textbox", name="name")
        await name.fill("Ada")
        await name.press("Enter")
        await expect(page.get_by_text("Hello, Ada!")).to_be_visible()

        await page.get_by_role("checkbox", name="show greeting").uncheck()
        await expect(page.get_by_text("Hello, Ada!")).to_have_count(0)

        await choose(page.get_by_role("combobox", name="flavour"), "chocolate")
        await page.get_by_role("radio", name="large").check()
        await expect(page.get_by_text("One large chocolate, coming up.")).to_be_visible()
        await expect(page.get_by_text("clicks: 2")).to_be_visible()  # session_state survived every rerun

        await page.get_by_role("button", name="Rerun").click()  # the rerun control: same values
        await expect(page.get_by_text("One large chocolate, coming up.")).to_be_visible()
        await expect(page.get_by_text("clicks: 2")).to_be_visible()


async def test_two_tabs_are_independent_sessions(jr_hello):
    async with chromium(pages=2) as (one, two):
        await _open(one, jr_hello)
        await _open(two, jr_hello)
        await one.get_by_role("slider", name="n").fill("70")
        await expect(one.get_by_text("value: 70")).to_be_visible()
        await two.get_by_role("button", name="inc").click()
        await expect(two.get_by_text("clicks: 1")).to_be_visible()
        await expect(two.get_by_text("value: 25")).to_be_visible()
        await expect(one.get_by_text("clicks: 0")).to_be_visible()


async def test_lost_connection_is_shown_and_the_session_resumes(jr_hello):
    async with chromium() as (page,):
        sockets = []

        async def through(ws):  # a transparent hop between page and server that we can cut
            ws.connect_to_server()
            sockets.append(ws)

        await page.route_web_socket(re.compile(r".*/reactive/ws/.*"), through)
        await _open(page, jr_hello)
        await page.get_by_role("slider", name="n").fill("40")
        await expect(page.get_by_text("value: 40")).to_be_visible()
        await sockets[-1].close(code=1001, reason="network dropped")
        await expect(page.get_by_text("Connection lost — reconnecting…")).to_be_visible()
        await expect(page.get_by_text("Connection lost — reconnecting…")).to_be_hidden()
        assert len(sockets) == 2  # it reconnected by itself
        await expect(page.get_by_text("value: 40")).to_be_visible()  # same session: the value is kept
        await page.get_by_role("slider", name="n").fill("41")
        await expect(page.get_by_text("value: 41")).to_be_visible()


COUNT_SOCKETS = """
window.__sockets = [];
const Native = window.WebSocket;
window.WebSocket = function (...args) { const ws = new Native(...args); window.__sockets.push(ws); return ws; };
window.WebSocket.prototype = Native.prototype;
Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
"""


async def test_the_session_starts_while_the_bundle_is_still_loading(jr_hello):
    """The page's inline boot script opens the socket before app.js arrives, its hello in the
    URL; what the server sends meanwhile is replayed when the bundle takes the socket over (one
    socket, no hello frame)."""
    async with chromium() as (page,):
        await page.add_init_script(COUNT_SOCKETS)
        hello_frames = []
        page.on(
            "websocket",
            lambda ws: ws.on("framesent", lambda f: hello_frames.append(f) if '"hello"' in str(f) else None),
        )
        release = asyncio.Event()

        async def slow_bundle(route):
            await release.wait()
            await route.continue_()

        await page.route(re.compile(r".*/app\.js.*"), slow_bundle)
        await page.goto(f"{jr_hello.url}/", wait_until="commit")
        # the session ran its first run before the page could render anything (the session
        # message, then the kernel's frames: binary, a run's frames in one batch)
        await page.wait_for_function(
            "window.__jrEarly && window.__jrEarly.buffered.some((e) => typeof e.data !== 'string')"
        )
        release.set()
        await expect(page.get_by_text("value: 25")).to_be_visible()
        assert await page.evaluate("window.__sockets.length") == 1
        assert await page.evaluate("window.__jrEarly === undefined")  # taken by the bundle
        assert hello_frames == []
        assert "hello=1" in await page.evaluate("window.__sockets[0].url")
        await page.get_by_role("button", name="inc").click()  # the adopted socket is the live one
        await expect(page.get_by_text("clicks: 1")).to_be_visible()


async def test_an_early_socket_that_closed_before_the_bundle_loaded_is_reopened(jr_hello):
    async with chromium() as (page,):
        sockets = []

        async def through(ws):
            ws.connect_to_server()
            sockets.append(ws)

        release = asyncio.Event()

        async def slow_bundle(route):
            await release.wait()
            await route.continue_()

        await page.route_web_socket(re.compile(r".*/reactive/ws/.*"), through)
        await page.route(re.compile(r".*/app\.js.*"), slow_bundle)
        await page.goto(f"{jr_hello.url}/", wait_until="commit")
        await wait_for(lambda: len(sockets) == 1)
        await sockets[0].close(code=1001, reason="network dropped")
        await page.wait_for_function("window.__jrEarly && window.__jrEarly.closed !== null")
        release.set()
        # what the closed socket had delivered is replayed at once, so "value: 25" may show
        # before the page's reconnect reaches the route: wait for the second socket itself
        await wait_for(lambda: len(sockets) == 2)
        await expect(page.get_by_text("value: 25")).to_be_visible()


async def test_an_idle_session_ends_and_the_page_says_to_reload():
    served = Served(ROOT / "notebooks" / "hello.py", "--ReactiveApp.session_idle_timeout=1.5")
    try:
        async with chromium() as (page,):
            await _open(page, served)
            await expect(page.get_by_text("Reload the page to start again")).to_be_visible(timeout=30_000)
            await expect(page.get_by_text("Connection lost")).to_have_count(0)  # ended, not retrying
            await page.screenshot(path=str(RESULTS / "session-ended.png"))
            await page.get_by_role("button", name="Reload").click()  # the banner's own button: a fresh session
            await expect(page.get_by_text("value: 25")).to_be_visible()
    finally:
        served.stop(wait=False)


async def test_screenshot_of_the_demo(jr_hello):
    async with chromium() as (page,):
        await _open(page, jr_hello)
        await page.get_by_role("button", name="inc").click()
        await expect(page.get_by_text("clicks: 1")).to_be_visible()
        await page.get_by_text("How does this work?").click()
        await expect(page.get_by_text("The script runs top to bottom")).to_be_visible()
        RESULTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(RESULTS / "hello.png"), full_page=True)
        assert (RESULTS / "hello.png").stat().st_size > 10_000


async def test_the_demo_notebook_shows_markdown_results_and_prints_in_chromium(tmp_path):
    # a notebook as a Voilà user expects it: markdown cells as text, a cell's trailing
    # expression by its rich repr, print() where it ran; all of it follows the widgets
    import nbformat

    nb = nbformat.read(str(ROOT / "notebooks" / "notebook_app.ipynb"), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("print('x is', x)\nprint('y is', y)"))
    path = tmp_path / "notebook_app.ipynb"
    nbformat.write(nb, str(path))
    served = Served(path)
    try:
        async with chromium() as (page,):
            await page.goto(f"{served.url}/")
            await expect(page.get_by_role("heading", name="Notebook app")).to_be_visible()
            await expect(page.get_by_text("Markdown cells show as text")).to_be_visible()
            await expect(page.locator("sup", has_text="3")).to_be_visible()  # Fraction(x, y)._repr_html_
            await expect(page.locator("sup", has_text="3")).to_have_count(1)  # shown once, not also by magic
            await expect(page.get_by_text(re.compile(r"x is 3\s+y is 4"))).to_be_visible()
            x = page.get_by_label("x")
            await x.fill("5")
            await x.press("Enter")
            await expect(page.locator("sup", has_text="5")).to_be_visible()
            await expect(page.get_by_text(re.compile(r"x is 5\s+y is 4"))).to_be_visible()
            await expect(page.get_by_text("x is 3")).to_have_count(0)
            RESULTS.mkdir(exist_ok=True)
            await page.screenshot(path=str(RESULTS / "notebook.png"), full_page=True)
    finally:
        served.stop(wait=False)


async def test_bare_expressions_are_shown_as_streamlit_magic(tmp_path):
    # Streamlit's "magic": a line that is only an expression is written, and follows the widgets
    path = tmp_path / "magic_app.py"
    path.write_text(
        "import jupyter_reactive as jr\n"
        '"## Magic heading"\n'
        'n = jr.slider("n", 0, 10, 2)\n'
        '"n squared:", n * n\n'
        "str(n)  # a call: not shown\n"
    )
    served = Served(path)
    try:
        async with chromium() as (page,):
            await page.goto(f"{served.url}/")
            await expect(page.get_by_role("heading", name="Magic heading")).to_be_visible()
            await expect(page.get_by_text("n squared: 4")).to_be_visible()
            await page.get_by_role("slider", name="n").focus()
            await page.keyboard.press("ArrowRight")
            await expect(page.get_by_text("n squared: 9")).to_be_visible()
            await expect(page.get_by_text("n squared: 4")).to_have_count(0)
            await expect(page.get_by_role("heading", name="Magic heading")).to_have_count(1)
    finally:
        served.stop(wait=False)


async def test_behind_a_prefix_on_a_slow_link_a_server_restart_is_recovered_and_said(tmp_path):
    """Under a base URL (as behind a proxy with a path prefix), over a throttled link (Chromium's
    network emulation: 300 ms each way, 64 kB/s), the page works; when its server restarts, the
    page says the connection is lost, reconnects by itself to the new server, and says that it
    is a new session, back at the app's defaults (the old server's sessions are gone)."""
    app = ROOT / "notebooks" / "hello.py"
    served = Served(app, "--ServerApp.base_url=/apps/", "--ReactiveApp.pool_size=0")
    try:
        async with chromium() as (page,):
            cdp = await page.context.new_cdp_session(page)
            await cdp.send("Network.enable")
            slow = {"offline": False, "latency": 300, "downloadThroughput": 64_000, "uploadThroughput": 64_000}
            await cdp.send("Network.emulateNetworkConditions", slow)
            await page.goto(f"{served.url}/")
            await expect(page.get_by_text("value: 25")).to_be_visible(timeout=60_000)
            assert "/apps/reactive/app/hello.py" in page.url
            await page.get_by_role("slider", name="n").fill("40")
            await expect(page.get_by_text("value: 40")).to_be_visible()
            served.stop()
            await expect(page.get_by_text("Connection lost — reconnecting…")).to_be_visible()
            served = Served(app, "--ServerApp.base_url=/apps/", "--ReactiveApp.pool_size=0", port=served.port)
            await expect(page.get_by_text("Connection lost — reconnecting…")).to_be_hidden(timeout=60_000)
            await expect(page.get_by_role("alert").filter(has_text="Reconnected in a new session")).to_be_visible()
            await expect(page.get_by_text("value: 25")).to_be_visible()
            await page.get_by_role("slider", name="n").fill("41")
            await expect(page.get_by_text("value: 41")).to_be_visible()
    finally:
        served.stop(wait=False)


@pytest.mark.parametrize("temporal", [True, False], ids=["temporal", "intl-only"])
async def test_the_browser_time_zone_reaches_the_app(tmp_path, temporal):
    # jr.context.timezone is what the browser's clock says, whichever API the page asks (the
    # boot script asks Temporal first: Intl's first use loads ICU's data, holding the socket's
    # opening; a browser without Temporal answers through Intl)
    path = tmp_path / "zone_app.py"
    path.write_text(
        'import jupyter_reactive as jr\njr.write(f"zone={jr.context.timezone} offset={jr.context.timezone_offset}")\n'
    )
    served = Served(path)
    try:
        async with chromium(timezone_id="Asia/Kolkata") as (page,):
            if not temporal:
                await page.add_init_script("delete globalThis.Temporal;")
            else:
                assert await page.evaluate("typeof Temporal") == "object"
            await page.goto(f"{served.url}/")
            await expect(page.get_by_text("zone=Asia/Calcutta offset=-330")).to_be_visible()
    finally:
        served.stop(wait=False)
