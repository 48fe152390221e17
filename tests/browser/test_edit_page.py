"""Edit and rerun in Debian's Chromium, against a served folder: saving the app shows Streamlit's
"Source file changed" prompt; its Rerun (and `R`) runs the new code, "Always rerun" (and `A`)
makes later saves rerun by themselves with widget values kept, as `run_on_save` does for every
tab; a syntax error shows the current line and its fix clears it; an edited helper module beside
the app is picked up."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import expect

from tests.browser.conftest import Served, chromium

pytestmark = pytest.mark.timeout(240)

SHOTS = Path(os.environ.get("JR_SHOTS", "test-results"))

APP = """
import jupyter_reactive as jr
import helper_words

jr.title("Edit me")
n = jr.slider("n", 0, 10, 2)
jr.write(f"{VERSION} says {helper_words.WORD} with n={n}")
"""


def save(path: Path, text: str) -> None:
    """Write as an editor does, the mtime moved on (two saves in one clock tick still differ)."""
    st = path.stat() if path.exists() else None
    path.write_text(text)
    if st is not None:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def _notebook(text: str) -> str:
    cell = {"cell_type": "code", "source": text, "metadata": {}, "outputs": [], "execution_count": None}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    save(tmp_path / "helper_words.py", "WORD = 'hello'\n")
    save(tmp_path / "app.py", "VERSION = 'v1'\n" + APP)
    save(tmp_path / "other.py", "import jupyter_reactive as jr\njr.write('another app')\n")
    save(tmp_path / "nb_app.ipynb", _notebook("import jupyter_reactive as jr\njr.write('cell says one')"))
    return tmp_path


@pytest.fixture
def served(folder: Path) -> Iterator[Served]:
    s = Served(folder)
    yield s
    s.stop(wait=False)


async def _open(page, served: Served) -> None:
    await page.goto(f"{served.url}/reactive/app/app.py")
    # the first run waits for a kernel, which takes longer on a busy machine
    await expect(page.get_by_text("v1 says hello with n=2")).to_be_visible(timeout=60_000)
    slider = page.get_by_role("slider", name="n")
    await slider.focus()
    await page.keyboard.press("ArrowRight")
    await page.keyboard.press("ArrowRight")
    await expect(page.get_by_text("v1 says hello with n=4")).to_be_visible()


async def test_the_prompt_reruns_and_always_rerun_follows_saves(served, folder):
    async with chromium() as (page,):
        await _open(page, served)
        prompt = page.get_by_role("status", name="Source file changed")
        await expect(prompt).to_be_hidden()

        save(folder / "app.py", "VERSION = 'v2'\n" + APP)
        await expect(prompt).to_be_visible()
        await expect(prompt).to_contain_text("Source file changed.")
        await expect(page.get_by_text("v1 says hello with n=4")).to_be_visible()  # not rerun by itself
        SHOTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(SHOTS / "edit-source-changed.png"))
        await prompt.get_by_role("button", name="Rerun", exact=True).click()
        await expect(page.get_by_text("v2 says hello with n=4")).to_be_visible()  # slider value kept
        await expect(prompt).to_be_hidden()

        # the R key reruns too
        save(folder / "app.py", "VERSION = 'v3'\n" + APP)
        await expect(prompt).to_be_visible()
        await page.locator("body").press("r")
        await expect(page.get_by_text("v3 says hello with n=4")).to_be_visible()
        await expect(prompt).to_be_hidden()

        # A = always rerun: this save reruns now, and later ones by themselves
        save(folder / "app.py", "VERSION = 'v4'\n" + APP)
        await expect(prompt).to_be_visible()
        await page.locator("body").press("a")
        await expect(page.get_by_text("v4 says hello with n=4")).to_be_visible()
        save(folder / "app.py", "VERSION = 'v5'\n" + APP)
        await expect(page.get_by_text("v5 says hello with n=4")).to_be_visible()
        # an edited helper beside the app is reloaded
        save(folder / "helper_words.py", "WORD = 'bonjour'\n")
        await expect(page.get_by_text("v5 says bonjour with n=4")).to_be_visible()
        await expect(prompt).to_be_hidden()


async def test_always_rerun_button_and_a_syntax_error_and_its_fix(served, folder):
    async with chromium() as (page,):
        await _open(page, served)
        prompt = page.get_by_role("status", name="Source file changed")
        save(folder / "helper_words.py", "WORD = 'salut'\n")
        await expect(prompt).to_be_visible()
        await prompt.get_by_role("button", name="Always rerun").click()
        await expect(page.get_by_text("v1 says salut with n=4")).to_be_visible()

        save(folder / "app.py", "VERSION = 'v2'\n" + APP + "jr.write('oops' +)\n")
        error = page.get_by_text("SyntaxError", exact=False).first
        await expect(error).to_be_visible()
        await expect(page.get_by_text("jr.write('oops' +)", exact=False).first).to_be_visible()
        SHOTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(SHOTS / "edit-syntax-error.png"))
        save(folder / "app.py", "VERSION = 'fixed'\n" + APP)
        await expect(page.get_by_text("fixed says salut with n=4")).to_be_visible()
        await expect(page.get_by_text("SyntaxError", exact=False)).to_have_count(0)


@pytest.fixture
def served_run_on_save(folder: Path) -> Iterator[Served]:
    s = Served(folder, "--ReactiveApp.run_on_save=True")
    yield s
    s.stop(wait=False)


async def test_run_on_save_reruns_the_open_tab_with_its_values(served_run_on_save, folder):
    async with chromium() as (page,):
        await _open(page, served_run_on_save)
        save(folder / "app.py", "VERSION = 'saved'\n" + APP)
        await expect(page.get_by_text("saved says hello with n=4")).to_be_visible()
        await expect(page.get_by_role("status", name="Source file changed")).to_be_hidden()


async def test_a_notebook_app_shows_the_prompt_and_reruns_its_new_cells(served, folder):
    async with chromium() as (page,):
        await page.goto(f"{served.url}/reactive/app/nb_app.ipynb")
        await expect(page.get_by_text("cell says one")).to_be_visible(timeout=60_000)
        save(folder / "nb_app.ipynb", _notebook("import jupyter_reactive as jr\njr.write('cell says two')"))
        prompt = page.get_by_role("status", name="Source file changed")
        await expect(prompt).to_be_visible()
        await page.locator("body").press("r")
        await expect(page.get_by_text("cell says two")).to_be_visible()
        await expect(prompt).to_be_hidden()
