"""Browser fixtures: the real `jupyter reactive serve` command and Debian's Chromium via
Playwright (never a downloaded browser)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("JR_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, log: Path, what: str, timeout: float) -> None:
    """Poll ``url`` until it answers 200; fail with the process's log if ``proc`` exits first or
    ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start:\n{log.read_text()}")
        time.sleep(0.1)


class Served:
    """A `jupyter reactive serve PATH` process on a free loopback port (or ``port``: the same
    one again, a restart); ``url`` includes a ``--ServerApp.base_url`` given in ``options``."""

    def __init__(self, target: Path, *options: str, port: int | None = None):
        self.port = port or _free_port()
        base = next((o.partition("=")[2] for o in options if o.startswith("--ServerApp.base_url=")), "/")
        self.url = f"http://127.0.0.1:{self.port}" + base.rstrip("/")
        self.log_path = RESULTS / f"serve-{target.stem}-{self.port}.log"
        RESULTS.mkdir(exist_ok=True)
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter_reactive",
                "serve",
                str(target),
                f"--port={self.port}",
                "--ip=127.0.0.1",
                "--no-browser",
                *options,
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        wait_until_up(f"{self.url}/reactive/api/health", self.proc, self.log_path, "server", 60)

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


@contextlib.asynccontextmanager
async def chromium(pages: int = 1) -> AsyncIterator[list[Any]]:
    """Debian's Chromium through Playwright's async API (on the test's own event loop);
    ``pages`` tabs in one browser context."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: ./scripts/test installs Debian's chromium")
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(20_000)
            yield [await context.new_page() for _ in range(pages)]
        finally:
            await browser.close()


@pytest.fixture(scope="module")
def jr_hello() -> Iterator[Served]:
    served = Served(ROOT / "notebooks" / "hello.py")
    yield served
    served.stop()
