"""One adapter per system under test, all with the same interface: how to start its server for
the ``fast`` or ``slow`` app, where its health and app URLs are, and how to reach the app's
controls in its page. Plus ``Server``, a started server process that is always stopped as a
whole process tree.
"""

from __future__ import annotations

import asyncio
import http.client
import importlib.metadata
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, ClassVar

from . import envs
from .app_paint import SCENARIOS
from .measure import _stat, process_tree

HERE = Path(__file__).resolve().parent
APPS = HERE / "apps"
REPO = HERE.parent
TITLE, INITIAL_TEXT = "Bench", "value: 0"
MEDIA_NA = "n/a (media not implemented yet)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _versions(*names: str) -> dict[str, str]:
    out = {}
    for name in names:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            pass
    return out


class Server:
    """A server process in a session (process group) of its own, on a free loopback port."""

    def __init__(self, system: System, variant: str, log_dir: Path):
        self.system = system
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"{system.key}-{variant}-{self.port}.log"
        self.argv = system.argv(variant, self.port)
        self.proc: subprocess.Popen | None = None
        self.spawned_at = 0.0
        self._variant = variant
        self._known: dict[int, int] = {}

    def start(self) -> float:
        """Spawn the process; returns the spawn's epoch time."""
        self._log = open(self.log_path, "w")
        env = {**os.environ, **self.system.env()}
        # as deployed: let Python keep its bytecode caches (this machine's environment disables them)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.spawned_at = time.time()
        self.proc = subprocess.Popen(
            self.argv,
            cwd=APPS,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        return self.spawned_at

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def _http_ok(self, url: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.status == 200
        except (OSError, http.client.HTTPException):  # not listening yet, or not (yet) our server
            return False

    async def wait_http(self, timeout: float = 120.0) -> float:
        """Poll the health URL every 20 ms until it answers 200; returns that epoch time."""
        url = self.url + self.system.health_path
        deadline = time.monotonic() + timeout
        while True:
            if await asyncio.to_thread(self._http_ok, url):
                return time.time()
            if self.proc is None or self.proc.poll() is not None:
                raise RuntimeError(f"{self.system.key} exited during start-up; log: {self.log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{self.system.key} did not answer {url} within {timeout:.0f} s; log: {self.log_path}"
                )
            self._remember()
            await asyncio.sleep(0.02)

    def app_url(self) -> str:
        return self.url + self.system.app_path(self._variant)

    def _remember(self) -> None:
        """Note every descendant seen (kernels run in sessions of their own, so the process-group
        kill does not reach them)."""
        if self.proc is not None and self.proc.poll() is None:
            self._known.update(process_tree(self.proc.pid))

    def stop(self) -> None:
        """SIGTERM the process group (servers shut their kernels down), SIGKILL what is left after
        15 s, then SIGKILL any descendant seen earlier that is still alive (same pid *and* start time)."""
        if self.proc is None:
            return
        self._remember()
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(5)
        deadline = time.monotonic() + 5
        for pid, started in self._known.items():
            while (st := _stat(pid)) is not None and st[2] == started and time.monotonic() < deadline:
                time.sleep(0.1)  # give kernels a moment to exit on their own
            st = _stat(pid)
            if st is not None and st[2] == started:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self._log.close()
        self.proc = None


async def launch(system: System, variant: str, log_dir: Path, attempts: int = 3) -> Server:
    """Start a server and wait for its health URL, on a new free port after a failure: a kernel
    starting elsewhere on the machine can take the port between our choice and the bind."""
    for attempt in range(1, attempts + 1):
        server = Server(system, variant, log_dir)
        server.start()
        try:
            await server.wait_http()
            return server
        except Exception:
            await asyncio.to_thread(server.stop)
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


class System:
    """The adapter interface."""

    key = ""
    label = ""
    health_path = ""
    media_na: str | None = None  # why image/upload rows are n/a for this system (None: measured)
    # more variants than "fast" and "slow": variant -> app file in apps/ (the data and chart apps)
    extra_apps: ClassVar[dict[str, str]] = {}
    paint_na: ClassVar[dict[str, str]] = {}  # variant -> why this system has no such app
    heavy_app = False  # has the "heavy" variant: the app importing numpy, pandas and PIL

    def prepare(self) -> dict[str, str]:
        """Install what is missing (first run) and return versions."""
        raise NotImplementedError

    def argv(self, variant: str, port: int) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        return {}

    def app_path(self, variant: str) -> str:
        return "/"

    # -- the page's controls ----------------------------------------------------------------------
    def slider(self, page: Any) -> Any:
        return page.get_by_role("slider", name="value")

    def button(self, page: Any) -> Any:
        return page.get_by_role("button", name="inc", exact=True)

    async def toggle_image(self, page: Any) -> None:
        await page.get_by_role("checkbox", name="show image").click()

    async def toggle_flag(self, page: Any) -> None:
        await page.get_by_role("checkbox", name="flag", exact=True).click()

    #: the text input sends its value on Enter (Streamlit's rule) rather than as the viewer types
    commits_on_enter = False

    def name_box(self, page: Any) -> Any:
        return page.get_by_role("textbox", name="name", exact=True)

    async def open_choices(self, page: Any) -> None:
        """Whatever opens the selectbox's options before one is chosen (untimed)."""

    #: the in-page events that mark the choice (the figure starts at the first of them)
    choice_events: tuple[str, ...] = ("input", "change")

    async def choose(self, page: Any, label: str) -> None:
        await page.get_by_role("combobox", name="choice", exact=True).select_option(label=label)

    async def upload(self, page: Any, name: str, data: bytes) -> None:
        await page.locator("input[type=file]").set_input_files(
            files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
        )


def compile_bytecode(package: Path) -> None:
    """Write the bytecode of ``package``'s modules that is missing or older than their source,
    as ``pip install`` does for an installed package (Streamlit's and Voila's venvs have theirs).
    A checkout run with PYTHONDONTWRITEBYTECODE=1 never writes it: every module changed since
    its bytecode was last written would be compiled again at each start, in the server and in
    the fork server (~60 ms of CPU at one point), a cost no installed copy has."""
    import compileall

    compileall.compile_dir(str(package), quiet=1)


class JupyterReactive(System):
    key, label = "jupyter_reactive", "jupyter_reactive"
    health_path = "/reactive/api/health"
    heavy_app = True
    extra_apps: ClassVar[dict[str, str]] = {name: files[0] for name, files in SCENARIOS.items()}

    def __init__(self, pool_size: int | None = None, options: list[str] | None = None):
        self.pool_size = pool_size
        self.options = list(options or [])
        import jupyter_reactive as jr  # the scripting API only; loads no server code

        self.media_na = None if hasattr(jr, "image") and hasattr(jr, "file_uploader") else MEDIA_NA

    def prepare(self) -> dict[str, str]:
        import jupyter_reactive

        compile_bytecode(Path(jupyter_reactive.__file__).parent)
        v = _versions("jupyter_reactive", "jupyter_server", "jupyter_client", "ipykernel", "tornado")
        try:
            head = subprocess.run(
                ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
            ).stdout.strip()
            dirty = subprocess.run(
                ["git", "-C", str(REPO), "status", "--porcelain", "--", "jupyter_reactive", "labextension/app"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            v["git"] = head + (" + uncommitted changes" if dirty else "")
        except (OSError, subprocess.CalledProcessError):
            pass
        return v

    def argv(self, variant: str, port: int) -> list[str]:
        app = APPS / self._app_file(variant)
        extra = [f"--ReactiveApp.pool_size={self.pool_size}"] if self.pool_size is not None else []
        return [
            sys.executable,
            "-m",
            "jupyter_reactive",
            "serve",
            str(app),
            f"--port={port}",
            "--ip=127.0.0.1",
            "--no-browser",
            *extra,
            *self.options,
        ]

    def app_path(self, variant: str) -> str:
        return "/reactive/app/" + self._app_file(variant)

    def _app_file(self, variant: str) -> str:
        if variant in self.extra_apps:
            return self.extra_apps[variant]
        return {"fast": "bench_reactive.py", "heavy": "bench_reactive_heavy.py"}.get(variant, "bench_reactive_slow.py")

    commits_on_enter = True

    def slider(self, page: Any) -> Any:
        return page.get_by_role("slider", name="value", exact=True)

    async def open_choices(self, page: Any) -> None:
        # the select box is a combobox with a list of options, as Streamlit's: a click opens it
        await page.get_by_role("combobox", name="choice", exact=True).click()

    #: the option is chosen by the page's script (the list acts on mousedown, so that the field
    #: keeps the focus): no input event, as the floor's and Voilà's `select_option`
    choice_events = ("mousedown",)

    async def choose(self, page: Any, label: str) -> None:
        await page.get_by_role("option", name=label, exact=True).evaluate(
            "(e) => e.dispatchEvent(new MouseEvent('mousedown', {bubbles: true, cancelable: true}))"
        )


class Streamlit(System):
    key, label = "streamlit", "Streamlit"
    health_path = "/_stcore/health"
    extra_apps: ClassVar[dict[str, str]] = {name: st for name, (_jr, st) in SCENARIOS.items() if st}
    paint_na: ClassVar[dict[str, str]] = {"addrows": "n/a (Streamlit 1.67 has no add_rows)"}

    def prepare(self) -> dict[str, str]:
        return envs.ensure("streamlit")

    def argv(self, variant: str, port: int) -> list[str]:
        app = APPS / self.extra_apps.get(
            variant, "bench_streamlit.py" if variant == "fast" else "bench_streamlit_slow.py"
        )
        return [
            str(envs.python("streamlit")),
            "-m",
            "streamlit",
            "run",
            str(app),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            "--server.runOnSave",
            "false",
        ]

    def env(self) -> dict[str, str]:
        return {"PATH": f"{envs.env_dir('streamlit') / 'bin'}:{os.environ.get('PATH', '')}"}

    commits_on_enter = True
    choice_events = ("click",)

    async def toggle_image(self, page: Any) -> None:
        # the input is visually hidden; its label takes the click, as a person's would
        await page.locator("label").filter(has=page.get_by_role("checkbox", name="show image")).click()

    async def toggle_flag(self, page: Any) -> None:
        await page.locator("label").filter(has=page.get_by_role("checkbox", name="flag", exact=True)).click()

    async def open_choices(self, page: Any) -> None:
        # Base Web's select (the page's one combobox): a click opens its listbox of options
        await page.get_by_role("combobox").first.click()

    async def choose(self, page: Any, label: str) -> None:
        await page.get_by_role("option", name=label, exact=True).click()


class Voila(System):
    key, label = "voila", "Voilà"
    health_path = "/voila/static/voila.js"  # a static file: the server answers HTTP (no kernel started)

    def prepare(self) -> dict[str, str]:
        return envs.ensure("voila")

    def argv(self, variant: str, port: int) -> list[str]:
        nb = APPS / ("bench_voila.ipynb" if variant == "fast" else "bench_voila_slow.ipynb")
        return [
            str(envs.python("voila")),
            "-m",
            "voila",
            str(nb),
            f"--port={port}",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
        ]

    def env(self) -> dict[str, str]:
        return {"PATH": f"{envs.env_dir('voila') / 'bin'}:{os.environ.get('PATH', '')}"}

    def slider(self, page: Any) -> Any:
        return page.locator(".widget-slider [role=slider]").first  # noUiSlider's handle (no accessible name)

    def name_box(self, page: Any) -> Any:
        return page.locator(".widget-text input").first

    async def choose(self, page: Any, label: str) -> None:
        await page.locator(".widget-dropdown select").first.select_option(label=label)

    async def upload(self, page: Any, name: str, data: bytes) -> None:
        # ipywidgets' FileUpload makes its <input type=file> on click, outside the document
        async with page.expect_file_chooser() as chooser:
            await page.locator(".widget-upload").click()
        await (await chooser.value).set_files(
            files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
        )


class Floor(System):
    key, label = "floor", "floor"
    health_path = "/health"

    def prepare(self) -> dict[str, str]:
        return {"python": sys.version.split()[0], **_versions("tornado")}

    def argv(self, variant: str, port: int) -> list[str]:
        return [
            sys.executable,
            str(APPS / "floor_server.py"),
            f"--port={port}",
            *(["--slow"] if variant == "slow" else []),
        ]


def make(keys: list[str], pool_size: int | None = None, jr_options: list[str] | None = None) -> list[System]:
    table = {
        "jupyter_reactive": lambda: JupyterReactive(pool_size, jr_options),
        "streamlit": Streamlit,
        "voila": Voila,
        "floor": Floor,
    }
    unknown = [k for k in keys if k not in table]
    if unknown:
        raise SystemExit(f"unknown system(s): {', '.join(unknown)}; choose from {', '.join(table)}")
    return [table[k]() for k in keys]
