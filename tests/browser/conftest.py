"""Browser fixtures: the real `jupyter reactive serve` command and Debian's Chromium via
Playwright (never a downloaded browser)."""

from __future__ import annotations

import asyncio
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

    def stop(self, wait: bool = True) -> None:
        """SIGTERM, then wait for the server to end (its sessions closed, its kernels and fork
        server stopped). ``wait=False``, for a fixture's server that nothing reads after: its
        end is awaited at the package's end (:func:`jr_retired_servers`) while the next tests
        run, instead of now (2-5 s a server at load 20). A test that restarts a server on its
        port or reads what it saved stops it with ``wait=True``."""
        self.proc.terminate()
        if not wait and _retiring is not None:
            _retiring.append(self)
            return
        self._end()

    def _end(self) -> None:
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self._log.close()


#: servers stopped with ``wait=False`` whose end is still to be awaited (None: no package
#: fixture to await them, so ``stop`` waits)
_retiring: list[Any] | None = None  # Served, or tests/lab's Lab (each has _end())


@pytest.fixture(scope="package", autouse=True)
def jr_retired_servers() -> Iterator[None]:
    """Awaits, at the package's end, the end of the servers its fixtures stopped with
    ``wait=False`` (killing one that takes more than 20 s, as ``stop`` does)."""
    global _retiring
    _retiring = retiring = []
    try:
        yield
    finally:
        _retiring = None
        for served in retiring:
            served._end()


class Runs:
    """Counts the runs that finished (``run_finished`` not followed by a rerun) on a page's app
    sockets, from the frames Chromium reports (decoded as the page does, batches included); a
    test waits for the run an action starts instead of for a timer. Create it before the page
    opens its socket."""

    def __init__(self, page: Any):
        self.finished = 0
        self._changed = asyncio.Event()
        page.on("websocket", self._socket)

    def _socket(self, ws: Any) -> None:
        if "/reactive/ws/" in ws.url:
            ws.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        from tests.conftest import unbatch

        for msg in unbatch(payload):
            if msg.get("type") == "run_finished" and msg.get("status") != "rerun":
                self.finished += 1
                self._changed.set()

    async def after(self, seen: int, timeout: float = 60) -> None:
        """Until more than ``seen`` runs have finished (fails after ``timeout`` seconds)."""

        async def wait() -> None:
            while self.finished <= seen:
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(wait(), timeout)


class SharedChromium:
    """One Playwright driver and one Chromium for a whole test package, on the package's event
    loop (:func:`jr_package_loop`). Starting the driver and the browser takes 1.5-3 s on the
    loaded 2-core machine; a fresh browser context per test (its own cookies, storage, cache and
    permissions) takes a tenth of that. A browser that crashed or was closed is relaunched."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self._playwright: Any = None
        self._browser: Any = None

    async def browser(self) -> Any:
        if self._browser is None or not self._browser.is_connected():
            if self._playwright is None:
                from playwright.async_api import async_playwright

                self._playwright = await async_playwright().start()
            self._browser = await self._playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        return self._browser

    async def close(self) -> None:
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()


_shared: SharedChromium | None = None


@contextlib.asynccontextmanager
async def chromium(pages: int = 1, timeout: float = 20_000, **context: Any) -> AsyncIterator[list[Any]]:
    """Debian's Chromium through Playwright's async API (on the test's own event loop);
    ``pages`` tabs in one new browser context (``context``: more of Playwright's
    ``new_context`` options, such as ``color_scheme``). On the package's shared loop the
    package's one browser serves it; on any other loop (a test's own ``asyncio.run``) a browser
    of its own is launched and closed."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: ./scripts/test installs Debian's chromium")
    options = {"viewport": {"width": 1280, "height": 900}, **context}
    shared = _shared
    if shared is not None and shared.loop is asyncio.get_running_loop():
        ctx = await (await shared.browser()).new_context(**options)
        try:
            ctx.set_default_timeout(timeout)
            yield [await ctx.new_page() for _ in range(pages)]
        finally:
            await ctx.close()
        return
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            ctx = await browser.new_context(**options)
            ctx.set_default_timeout(timeout)
            yield [await ctx.new_page() for _ in range(pages)]
        finally:
            await browser.close()


@contextlib.asynccontextmanager
async def chromium_with_devices(origin: str, permission: str) -> AsyncIterator[Any]:
    """A page of a Chromium of its own whose camera and microphone are Chromium's fake ones (a
    test pattern, a beep), ``permission`` (``"camera"``, ``"microphone"``) granted to ``origin``."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=[*FLAGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
        )
        try:
            context = await browser.new_context()
            await context.grant_permissions([permission], origin=origin)
            yield await context.new_page()
        finally:
            await browser.close()


async def choose(box: Any, label: str) -> None:
    """Choose ``label`` in a select box as a person does (it is a combobox with a popup list, as
    Streamlit's): a click opens the list, a click on the option chooses it."""
    await box.click()
    popup = box.page.locator(f"#{await box.get_attribute('aria-controls')}")
    await popup.get_by_role("option", name=label, exact=True).click()


#: how long Playwright's ``expect`` waits for a condition in these packages (its own default is
#: 5 s), as long as ``chromium()`` gives every other wait of a page: an assertion after a click
#: waits for the rerun the click started, which on a loaded 2-core machine can take more than
#: 5 s. It only changes how soon a failing assertion fails; one whose condition holds passes
#: as soon as it holds.
EXPECT_TIMEOUT = 20_000


@pytest.fixture(scope="package", autouse=True)
def jr_expect_timeout() -> Iterator[None]:
    from playwright.async_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT)
    yield
    expect.set_options(timeout=5_000)  # Playwright's default, for the packages after


@pytest.fixture(scope="package")
def jr_package_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """One event loop for every test of the package, so that one browser serves them all
    (Playwright's objects belong to the loop that started the driver)."""
    global _shared
    loop = asyncio.new_event_loop()
    shared = _shared = SharedChromium(loop)
    try:
        yield loop
    finally:
        _shared = None
        try:
            loop.run_until_complete(shared.close())
        finally:
            loop.close()


@pytest.fixture(autouse=True)
def jp_asyncio_loop(jr_package_loop: asyncio.AbstractEventLoop) -> Iterator[asyncio.AbstractEventLoop]:
    """Replaces pytest-jupyter's loop per test (which it closes after each) with the package's.
    pytest-jupyter runs a coroutine test on ``jupyter_core.utils.ensure_event_loop()``, the loop
    held in that module's context variable, so the package's loop is set there too."""
    from jupyter_core.utils import _loop

    token = _loop.set(jr_package_loop)
    asyncio.set_event_loop(jr_package_loop)
    yield jr_package_loop
    asyncio.set_event_loop(None)
    _loop.reset(token)


@pytest.fixture(scope="package")
def jr_hello() -> Iterator[Served]:
    """notebooks/hello.py served once for the package's modules that open it (each test opens
    its own browser context, so its own session; none changes the server's settings)."""
    served = Served(ROOT / "notebooks" / "hello.py")
    yield served
    served.stop(wait=False)
