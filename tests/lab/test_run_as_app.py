"""JupyterLab's and Notebook 7's "Run as app" (labextension/lab), driven in Debian's Chromium:
the toolbar button, the context menu, the command palette and the shortcut open the app beside
its source; saving the source reruns it in place with its widget values and session_state; the
lab's theme reaches the page; the same under a JupyterHub single-user server's base URL and
`frame-ancestors 'none'` header; Notebook 7 opens the app in a new browser tab."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import RESULTS, chromium

from .conftest import HUB_CSP, TOKEN, Lab

PANEL_FRAME = ".jr-AppPanel iframe"


async def open_in_lab(page: Any, lab: Lab, workspace: str, path: str) -> None:
    """Open ``path`` in its own workspace (tests do not restore each other's panels)."""
    await page.goto(lab.page_url(f"lab/workspaces/{workspace}/tree/{path}"))
    await page.locator(".jp-Document:visible").first.wait_for()


async def set_name(frame: Any, name: str) -> None:
    """hello.py's text input, in its sidebar (collapsed in a panel this narrow)."""
    box = frame.get_by_role("textbox", name="name")
    if not await box.is_visible():
        await frame.get_by_role("button", name="Sidebar").click()
    await box.fill(name)
    await box.press("Enter")
    await frame.get_by_text(f"Hello, {name}!").wait_for()
    await frame.locator("body").press("Escape")  # the sidebar closes over a narrow page


async def type_at_end(page: Any, text: str) -> None:
    """Append a line to the file in the focused editor (no key-by-key auto-closing)."""
    editor = page.locator(".jp-FileEditor .cm-content").first
    await editor.click()
    await page.keyboard.press("Control+End")
    await page.keyboard.press("Enter")
    await page.keyboard.insert_text(text)


def test_extension_is_installed_and_enabled() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "jupyterlab.labextensions", "list"], capture_output=True, text=True, check=True
    )
    line = next((ln for ln in (out.stdout + out.stderr).splitlines() if "@jupyter-reactive/lab" in ln), "")
    assert "enabled" in line and "OK" in line, out.stdout + out.stderr


async def test_py_runs_beside_its_source_and_reruns_on_save(jr_lab: Lab) -> None:
    async with chromium() as (page,):
        await open_in_lab(page, jr_lab, "py", "hello.py")
        run = page.get_by_role("button", name="Run as app")
        await run.click()
        frame = page.frame_locator(PANEL_FRAME)
        await frame.get_by_role("heading", name="Hello, jupyter_reactive").wait_for()

        # beside the source, titled after the file, with its own toolbar
        tab = page.get_by_role("tab").filter(has_text="hello.py (app)")
        await tab.wait_for()
        editor_box = await page.locator(".jp-FileEditor").first.bounding_box()
        panel_box = await page.locator(".jr-AppPanel").bounding_box()
        assert editor_box and panel_box and panel_box["x"] >= editor_box["x"] + editor_box["width"] - 1
        toggle = page.locator(".jr-AppPanel").get_by_role("button", name="Always rerun on save")
        assert await toggle.get_attribute("aria-pressed") == "true"

        # a second click focuses the panel it opened: still one
        await run.click()
        assert await page.locator(".jr-AppPanel").count() == 1

        # widget values and session_state, then a save in the editor
        await set_name(frame, "lab")
        await frame.get_by_role("button", name="inc").click()
        await frame.get_by_text("clicks: 1").wait_for()
        await page.screenshot(path=str(RESULTS / "lab-panel-light.png"))

        await type_at_end(page, 'jr.write("edited in the lab")')
        await page.keyboard.press("Control+s")
        await frame.get_by_text("edited in the lab").wait_for()
        assert await frame.get_by_text("Hello, lab!").is_visible()
        assert await frame.get_by_text("clicks: 1").is_visible()
        # the page's refusal of run_on_save by a server without it is not shown as an error
        assert await frame.get_by_role("alert").count() == 0

        # the toggle off: a save asks for no rerun (the Rerun button still does); what the lab
        # posts to the page is recorded inside it, in order
        app = next(f for f in page.frames if "/reactive/app/" in f.url)
        await app.evaluate("window.__labMessages = []; addEventListener('message', e => __labMessages.push(e.data))")
        await toggle.click()
        assert await toggle.get_attribute("aria-pressed") == "false"
        await type_at_end(page, 'jr.write("second edit")')
        await page.keyboard.press("Control+s")
        await page.locator(".lm-TabBar-tab.jp-mod-dirty").wait_for(state="detached")
        await page.locator(".jr-AppPanel").get_by_role("button", name="Rerun", exact=True).click()
        await frame.get_by_text("second edit").wait_for()
        actions = await app.evaluate("__labMessages.map(m => [m.action, m.enabled ?? m.cause ?? null])")
        assert actions == [["run_on_save", False], ["rerun", None]]


def put_settings(lab: Lab, raw: str) -> None:
    """The extension's user settings, as the Settings Editor saves them."""
    body = json.dumps({"raw": raw}).encode()
    request = urllib.request.Request(
        f"{lab.url}lab/api/settings/@jupyter-reactive/lab:plugin",
        data=body,
        method="PUT",
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as r:
        assert r.status == 204


async def test_the_panel_comes_back_after_a_reload(jr_fresh_lab: Lab) -> None:
    jr_lab = jr_fresh_lab
    async with chromium() as (page,):
        await open_in_lab(page, jr_lab, "restore", "hello.py")
        await page.get_by_role("button", name="Run as app").click()
        frame = page.frame_locator(PANEL_FRAME)
        await frame.get_by_role("heading", name="Hello, jupyter_reactive").wait_for(timeout=60_000)
        # the workspace (saved by the lab a moment after a layout change) holds the panel
        await page.wait_for_function(
            """async token => {
              const r = await fetch("/lab/api/workspaces/restore", {headers: {Authorization: `token ${token}`}});
              return (await r.text()).includes("jupyter-reactive:hello.py");
            }""",
            arg=TOKEN,
            polling=200,
        )
        await page.reload()
        await frame.get_by_role("heading", name="Hello, jupyter_reactive").wait_for(
            timeout=60_000
        )  # a whole lab reload, then a new session
        assert await page.locator(".jr-AppPanel").count() == 1
        assert await page.get_by_role("tab").filter(has_text="hello.py (app)").count() == 1


def test_bad_settings_are_refused(jr_lab: Lab) -> None:
    for raw in ('{"openIn": "bogus"}', '{"rerunOnSave": "yes"}', '{"other": 1}'):
        with pytest.raises(urllib.error.HTTPError) as refused:
            put_settings(jr_lab, raw)
        assert refused.value.code == 400, raw


@pytest.mark.parametrize("open_in", ["tab", "browser-tab"])
async def test_the_open_in_setting(jr_lab: Lab, open_in: str) -> None:
    put_settings(jr_lab, json.dumps({"openIn": open_in, "rerunOnSave": False}))
    try:
        async with chromium() as (page,):
            await open_in_lab(page, jr_lab, f"open-{open_in}", "hello.py")
            run = page.get_by_role("button", name="Run as app")
            if open_in == "browser-tab":
                async with page.context.expect_page() as new:
                    await run.click()
                tab = await new.value
                await tab.get_by_role("heading", name="Hello, jupyter_reactive").wait_for()
                assert await page.locator(".jr-AppPanel").count() == 0
                return
            await run.click()
            await page.frame_locator(PANEL_FRAME).get_by_role("heading", name="Hello, jupyter_reactive").wait_for()
            editor_box = await page.locator(".jp-FileEditor").first.bounding_box()
            panel_box = await page.locator(".jr-AppPanel").bounding_box()
            assert panel_box
            assert editor_box is None  # a tab in the source's dock area: the source is behind it
            toggle = page.locator(".jr-AppPanel").get_by_role("button", name="Always rerun on save")
            assert await toggle.get_attribute("aria-pressed") == "false"  # rerunOnSave: false
    finally:
        put_settings(jr_lab, "{}")


async def test_theme_follows_the_lab(jr_lab: Lab) -> None:
    async with chromium() as (page,):
        await open_in_lab(page, jr_lab, "theme", "hello.py")
        # the shortcut, in the editor: once the lab has read it from the extension's settings
        # (they load after the document shows, late on a loaded machine) and the editor has focus
        await page.wait_for_function(
            "() => jupyterapp.commands.keyBindings.some(b => b.command === 'jupyter-reactive:run-as-app')"
        )
        await page.locator(".jp-FileEditor .cm-content").first.click()
        await page.keyboard.press("Control+Alt+r")
        frame = page.frame_locator(PANEL_FRAME)
        await frame.get_by_role("heading", name="Hello, jupyter_reactive").wait_for()
        app_frame = page.frame_locator(PANEL_FRAME).locator("html")
        assert await app_frame.get_attribute("data-jr-theme") == "light"

        # garbage, and good messages from a window that is not the parent: nothing is sent,
        # nothing changes (what the page sends is recorded at its socket)
        app = next(f for f in page.frames if "/reactive/app/" in f.url)
        await app.evaluate(
            """() => {
              window.__sent = [];
              const send = WebSocket.prototype.send;
              WebSocket.prototype.send = function (data) { __sent.push(String(data)); return send.call(this, data); };
              const lab = "jupyter-reactive-lab";
              postMessage({source: lab, action: "rerun"}, "*");  // from itself, not the parent
              postMessage({source: lab, action: "theme", theme: "dark"}, "*");
            }"""
        )
        garbage = [
            None,
            "rerun",
            42,
            [],
            {},
            {"action": "rerun"},
            {"source": "other", "action": "rerun"},
            {"source": "jupyter-reactive-lab", "action": "exec", "code": "1"},
            {"source": "jupyter-reactive-lab", "action": "run_on_save", "enabled": "yes"},
            {"source": "jupyter-reactive-lab", "action": "theme", "theme": "purple"},
            {"source": "jupyter-reactive-lab", "action": "theme", "theme": {"dark": True}},
            {"source": "jupyter-reactive-lab", "action": "x" * 100_000},
        ]
        await page.evaluate(
            "([sel, msgs]) => { const w = document.querySelector(sel).contentWindow;"
            " for (const m of msgs) w.postMessage(m, location.origin); }",
            [PANEL_FRAME, garbage],
        )
        # a good message after them: once it is applied, they all were handled
        post_theme = (
            "([sel, theme]) => document.querySelector(sel).contentWindow.postMessage("
            "{source: 'jupyter-reactive-lab', action: 'theme', theme}, location.origin)"
        )
        await page.evaluate(post_theme, [PANEL_FRAME, "dark"])
        await app.wait_for_function("document.documentElement.style.colorScheme === 'dark'")
        # the page tells its session of its new scheme (jr.context.theme), and sends nothing else
        assert [json.loads(m) for m in await app.evaluate("__sent")] == [{"type": "theme", "theme": "dark"}]
        assert await frame.get_by_role("alert").count() == 0
        await page.evaluate(post_theme, [PANEL_FRAME, "light"])
        await app.wait_for_function("document.documentElement.style.colorScheme === 'light'")
        assert await app_frame.get_attribute("data-jr-theme") == "light"

        # Settings > Theme > JupyterLab Dark (the command that menu item runs)
        await page.evaluate("jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Dark'})")
        await page.locator("body[data-jp-theme-light='false']").wait_for(state="attached")
        await frame.locator("html[data-jr-theme='dark']").wait_for(state="attached")
        background = await frame.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
        red, green, blue = (int(v) for v in background[background.index("(") + 1 : -1].split(",")[:3])
        assert red + green + blue < 3 * 64, background
        await page.wait_for_timeout(300)
        await page.screenshot(path=str(RESULTS / "lab-panel-dark.png"))


async def test_notebook_runs_as_app_from_the_context_menu(jr_lab: Lab) -> None:
    async with chromium() as (page,):
        await page.goto(jr_lab.page_url("lab/workspaces/nb"))
        await (
            page.get_by_role("listitem", name="notebook_app.ipynb")
            .or_(page.locator(".jp-DirListing-item", has_text="notebook_app.ipynb"))
            .first.click(button="right")
        )
        await page.get_by_role("menuitem", name="Run as App").click()
        frame = page.frame_locator(PANEL_FRAME)
        await frame.get_by_role("heading", name="Notebook app").wait_for()
        await frame.get_by_text("x / y = 0.750").wait_for()
        await frame.get_by_role("spinbutton", name="y").fill("8")
        await frame.get_by_role("spinbutton", name="y").press("Enter")
        await frame.get_by_text("x / y = 0.375").wait_for()


async def test_notebook_toolbar_button(jr_lab: Lab) -> None:
    async with chromium() as (page,):
        await open_in_lab(page, jr_lab, "nbbutton", "notebook_app.ipynb")
        button = page.locator(".jp-NotebookPanel").get_by_role("button", name="Run as app")
        # after the cell-type picker, not among the kernel's indicators at the far end
        picker = await page.locator(".jp-NotebookPanel-toolbar .jp-Notebook-toolbarCellType").bounding_box()
        box = await button.bounding_box()
        assert picker and box and picker["x"] < box["x"] < picker["x"] + picker["width"] + 60
        await button.click()
        await page.frame_locator(PANEL_FRAME).get_by_role("heading", name="Notebook app").wait_for()
        await page.screenshot(path=str(RESULTS / "lab-notebook-panel.png"))


@pytest.fixture(scope="module")
def jr_hub_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A lab as JupyterHub starts a single-user server: under /user/test/, and every page sent
    with `frame-ancestors 'none'`."""
    lab = Lab(tmp_path_factory.mktemp("hub"), base_url="/user/test/", hub_csp=True)
    yield lab
    lab.stop(wait=False)


def test_under_the_hub_only_the_app_page_may_be_framed_by_its_origin(jr_hub_lab: Lab) -> None:
    def csp(path: str) -> str:
        with urllib.request.urlopen(jr_hub_lab.page_url(path), timeout=20) as r:
            return r.headers.get("Content-Security-Policy", "")

    assert csp("reactive/app/hello.py") == "frame-ancestors 'self'"
    assert csp("lab") == HUB_CSP


async def test_under_the_hub_the_panel_shows_the_app(jr_hub_lab: Lab) -> None:
    async with chromium() as (page,):
        await open_in_lab(page, jr_hub_lab, "hub", "hello.py")
        # the command palette this time
        await page.keyboard.press("Control+Shift+c")
        await page.keyboard.insert_text("Run as App")
        await (
            page.get_by_role("option", name="Run as App")
            .or_(page.locator(".lm-CommandPalette-item", has_text="Run as App"))
            .first.click()
        )
        frame = page.frame_locator(PANEL_FRAME)
        await frame.get_by_role("heading", name="Hello, jupyter_reactive").wait_for()
        src = await page.locator(PANEL_FRAME).get_attribute("src")
        assert src == f"{jr_hub_lab.url}reactive/app/hello.py"
        await set_name(frame, "hub")
        await type_at_end(page, 'jr.write("saved under the hub")')
        await page.keyboard.press("Control+s")
        await frame.get_by_text("saved under the hub").wait_for()
        assert await frame.get_by_text("Hello, hub!").is_visible()

        # a syntax error saved shows in the panel, not a blank page; fixing it recovers
        await type_at_end(page, "jr.write(")
        await page.keyboard.press("Control+s")
        await frame.get_by_text("SyntaxError").first.wait_for()
        await page.keyboard.insert_text('"fixed")')
        await page.keyboard.press("Control+s")
        await frame.get_by_text("fixed", exact=True).wait_for()
        assert await frame.get_by_text("SyntaxError").count() == 0


@pytest.fixture(scope="module")
def jr_notebook7(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    lab = Lab(tmp_path_factory.mktemp("nb7"), app="notebook")
    yield lab
    lab.stop(wait=False)


@pytest.mark.parametrize("page_path", ["edit/hello.py", "notebooks/notebook_app.ipynb"])
async def test_notebook7_button_opens_a_browser_tab(jr_notebook7: Lab, page_path: str) -> None:
    heading = "Hello, jupyter_reactive" if page_path.endswith(".py") else "Notebook app"
    app_path = page_path.split("/", 1)[1]
    async with chromium() as (page,):
        await page.goto(jr_notebook7.page_url(page_path))
        button = page.get_by_role("button", name="Run as app")
        async with page.context.expect_page() as new:
            await button.click()
        tab = await new.value
        await tab.get_by_role("heading", name=heading).wait_for()
        await page.screenshot(path=str(RESULTS / f"notebook7-{app_path}.png"))
        assert tab.url == f"{jr_notebook7.url}reactive/app/{app_path}"
