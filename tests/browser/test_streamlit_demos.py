"""Streamlit's own ``streamlit hello`` demos, taken from the Streamlit wheel at test time, run here
after swapping their import only (``import streamlit as st`` -> ``import jupyter_reactive as st``;
their shared ``streamlit.hello.utils`` becomes a module beside them). Only the demos that need no
internet: the mapping demo's tiles and the dataframe demo's CSV are downloaded from the web (the
dataframe demo is pointed at a local CSV of the same shape instead).

The wheel is fetched once with ``pip download`` into ~/.cache/jupyter-reactive-tests; set ``JR_STREAMLIT_WHEEL`` to a
wheel file to use that instead (no network)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, Served, chromium

pytestmark = pytest.mark.timeout(300)

STREAMLIT = "streamlit==1.67.0"


def _wheel(cache: Path) -> Path:
    given = os.environ.get("JR_STREAMLIT_WHEEL")
    if given:
        return Path(given)
    found = sorted(cache.glob("streamlit-*.whl"))
    if not found:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--only-binary=:all:",
                "-d",
                str(cache),
                STREAMLIT,
            ],
            check=True,
        )
        found = sorted(cache.glob("streamlit-*.whl"))
    return found[-1]


def swap_import(source: str) -> str:
    """The only change made to a demo: which package it imports."""
    source = re.sub(r"^import streamlit as st$", "import jupyter_reactive as st", source, flags=re.M)
    return re.sub(r"^from streamlit\.hello\.utils import", "from utils import", source, flags=re.M)


@pytest.fixture(scope="module")
def demos(tmp_path_factory: Any) -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jupyter-reactive-tests"
    cache.mkdir(parents=True, exist_ok=True)
    out = tmp_path_factory.mktemp("hello")
    with zipfile.ZipFile(_wheel(cache)) as wheel:
        for name in wheel.namelist():
            if name.startswith("streamlit/hello/") and name.endswith(".py"):
                (out / Path(name).name).write_text(swap_import(wheel.read(name).decode()))
    assert (out / "plotting_demo.py").exists(), "the wheel has no hello demos"
    # the dataframe demo reads a CSV from the web: the same shape, locally
    years = list(range(1961, 1971))
    rows = ["Region," + ",".join(map(str, years))]
    for i, region in enumerate(["China", "United States of America", "India", "France"]):
        rows.append(region + "," + ",".join(str((i + 1) * 1_000_000 * (1 + k / 10)) for k in range(len(years))))
    (out / "agri.csv").write_text("\n".join(rows) + "\n")
    demo = out / "dataframe_demo.py"
    demo.write_text(re.sub(r'aws_bucket_url \+ "/agri\.csv\.gz"', repr(str(out / "agri.csv")), demo.read_text()))
    return out


def served(demos: Path, name: str) -> Served:
    return Served(demos / name)


async def _no_error(page: Any) -> None:
    await expect(page.locator(".jr-exception")).to_have_count(0)
    await expect(page.locator(".jr-unsupported")).to_have_count(0)


async def test_hello(demos: Path) -> None:
    app = served(demos, "hello.py")
    try:
        async with chromium() as (page,):
            await page.goto(f"{app.url}/")
            await expect(page.get_by_role("heading", name="Welcome to Streamlit! 👋")).to_be_visible()
            await expect(page).to_have_title("Hello")
            await expect(page.get_by_role("link", name="documentation")).to_be_visible()
            await expect(page.locator(".jr-status")).to_be_hidden()
            await _no_error(page)
            await page.screenshot(path=str(RESULTS / "demo-hello.png"), full_page=True)
    finally:
        app.stop(wait=False)


async def test_animation(demos: Path) -> None:
    app = served(demos, "animation_demo.py")
    try:
        async with chromium() as (page,):
            await page.goto(f"{app.url}/")
            await expect(page.get_by_role("heading", name="Animation demo")).to_be_visible()
            # the run ends with the progress bar and frame counter emptied and a Rerun button
            await expect(page.locator(".jr-main").get_by_role("button", name="Rerun", exact=True)).to_be_visible(
                timeout=120_000
            )
            await expect(page.locator(".jr-main img")).to_have_count(1)
            img = page.locator(".jr-main img")
            assert await img.evaluate("i => i.complete && i.naturalWidth") == 960
            # width="stretch": the column's width, the picture's own proportions
            box = await img.bounding_box()
            column = await page.locator(".jr-main > .jr-root").bounding_box()
            assert box and column and abs(box["width"] - column["width"]) < 2
            assert abs(box["height"] / box["width"] - 640 / 960) < 0.01
            await expect(page.locator(".jr-sidebar .jr-progress")).to_have_count(0)
            await expect(page.get_by_role("heading", name="Code")).to_be_visible()
            await _no_error(page)
            await page.screenshot(path=str(RESULTS / "demo-animation.png"))
    finally:
        app.stop(wait=False)


async def test_plotting(demos: Path) -> None:
    app = served(demos, "plotting_demo.py")
    try:
        async with chromium() as (page,):
            await page.goto(f"{app.url}/")
            await expect(page.get_by_role("heading", name="Plotting demo")).to_be_visible()
            await expect(page.locator(".jr-main").get_by_role("button", name="Rerun", exact=True)).to_be_visible(
                timeout=120_000
            )
            await _no_error(page)
            # one chart, drawn (SVG marks or a painted canvas)
            chart = page.locator(".jr-main .jr-vega")
            await expect(chart).to_have_count(1)
            await expect(chart.locator("svg path, canvas").first).to_be_visible()
            await page.screenshot(path=str(RESULTS / "demo-plotting.png"))
    finally:
        app.stop(wait=False)


async def test_dataframe(demos: Path) -> None:
    app = served(demos, "dataframe_demo.py")
    try:
        async with chromium() as (page,):
            await page.goto(f"{app.url}/")
            await expect(page.get_by_role("heading", name="DataFrame demo")).to_be_visible(timeout=60_000)
            await expect(page.get_by_role("heading", name="Gross agricultural production ($B)")).to_be_visible(
                timeout=60_000
            )
            await expect(page.get_by_text("China").first).to_be_visible()
            await expect(page.locator(".jr-main .jr-vega")).to_have_count(1)
            await _no_error(page)
            await page.screenshot(path=str(RESULTS / "demo-dataframe.png"), full_page=True)
    finally:
        app.stop(wait=False)
