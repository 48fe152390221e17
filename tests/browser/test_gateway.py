"""Kernels on a real Jupyter Kernel Gateway (``--gateway-url``), started in a folder of its own:
the app's script and files reach each session's kernel through the session, widgets rerun the
script there, sessions stay isolated, a stuck run is interrupted and a kernel that dies on the
gateway is replaced with the viewer's values kept."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, Served, _free_port, chromium, wait_until_up
from tests.conftest import AppClient

pytestmark = pytest.mark.timeout(240)

APP = Path(__file__).resolve().parents[1] / "apps" / "gateway"


class Gateway:
    """A `jupyter kernelgateway` process on a free loopback port, in its own empty folder."""

    def __init__(self, folder: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        RESULTS.mkdir(exist_ok=True)
        self._log_path = RESULTS / f"kernelgateway-{self.port}.log"
        self._log = open(self._log_path, "w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kernel_gateway",
                "--KernelGatewayApp.ip=127.0.0.1",
                f"--KernelGatewayApp.port={self.port}",
                "--JupyterWebsocketPersonality.list_kernels=True",
                # the kernels import jupyter_reactive from the same place as this test
                "--KernelGatewayApp.env_process_whitelist=PYTHONPATH",
            ],
            cwd=folder,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        wait_until_up(f"{self.url}/api/kernelspecs", self.proc, self._log_path, "the kernel gateway", 60)

    def kernels(self) -> list[str]:
        with urllib.request.urlopen(f"{self.url}/api/kernels", timeout=10) as r:
            return [k["id"] for k in json.load(r)]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    gw = Gateway(tmp_path_factory.mktemp("gateway-home"))
    yield gw
    gw.stop()


@pytest.fixture(scope="module")
def served(gateway: Gateway, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("app-folder")  # never seen by the gateway
    for f in APP.iterdir():
        shutil.copy(f, folder / f.name)
    (folder / ".hidden-secret").write_text("never sent")
    served = Served(
        folder / "gw_app.py",
        f"--gateway-url={gateway.url}",
        "--ReactiveApp.interrupt_grace=0.5",
        "--ReactiveApp.pool_size=1",
    )
    yield served
    served.stop()


async def _client(served: Served) -> AppClient:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = served.url.replace("http", "ws") + "/reactive/ws/gw_app.py"
    ws = await websocket_connect(HTTPRequest(url, headers={"Origin": served.url}), max_message_size=1 << 26)
    client = AppClient(ws)
    await client.hello()
    await client.run(timeout=90)
    return client


def _kernel_of(client: AppClient) -> str:
    (line,) = [t for t in client.texts() if t.startswith("kernel ")]
    return line.removeprefix("kernel ")


async def test_two_tabs_get_kernels_on_the_gateway_with_the_apps_files(gateway: Gateway, served: Served) -> None:
    async with chromium(pages=2) as (one, two):
        for page in (one, two):
            await page.goto(f"{served.url}/")
            await expect(page.get_by_text("hello from gw_helper")).to_be_visible(timeout=90_000)
            await expect(page.get_by_text("data: 1,2")).to_be_visible()
            await expect(page.get_by_text("working in an unpacked copy: True")).to_be_visible()
            # the image's bytes travelled from the gateway kernel as a comm buffer
            img = page.get_by_role("img", name="dot")
            await expect(img).to_be_visible()
            assert await img.evaluate("i => i.complete && i.naturalWidth") == 4
        kernels = []
        for page in (one, two):
            line = await page.get_by_text("kernel ").first.text_content()
            kernels.append(line.removeprefix("kernel ").strip())
        assert kernels[0] != kernels[1]
        listed = gateway.kernels()
        assert set(kernels) <= set(listed), (kernels, listed)

        await one.get_by_role("slider", name="n").focus()
        for _ in range(4):
            await one.keyboard.press("ArrowRight")
        await expect(one.get_by_text("n squared is 49")).to_be_visible()
        await expect(two.get_by_text("n squared is 9")).to_be_visible()  # isolated
        await one.screenshot(path=str(RESULTS / "gateway-app.png"))


async def test_a_stuck_run_on_the_gateway_is_interrupted(served: Served) -> None:
    client = await _client(served)
    try:
        await client.set("mode", 1)  # the wire carries option indices
        await client.expect("run_started", timeout=30)
        await client.set("mode", 0)  # while the run sleeps: interrupted after interrupt_grace
        cut = await client.expect("run_finished", timeout=60)
        assert cut["status"] == "rerun", cut
        done = await client.run(timeout=60)
        assert done["status"] == "complete" and client.has_text("done: 3 fine")
    finally:
        client.close()


async def test_a_kernel_that_dies_on_the_gateway_is_replaced(gateway: Gateway, served: Served) -> None:
    client = await _client(served)
    try:
        await client.set("n", 11)
        await client.run(timeout=60)
        before = _kernel_of(client)
        await client.send({"type": "widget_values", "values": {_button(client, "crash"): True}})
        notice = await client.expect("notice", timeout=90)
        assert "restarted" in notice["message"]
        done = await client.run(timeout=90)
        assert done["status"] == "complete"
        assert client.has_text("n squared is 121")  # the viewer's values survived
        after = _kernel_of(client)
        assert after != before and after in gateway.kernels()
    finally:
        client.close()


def _button(client: AppClient, label: str) -> Any:
    return client.widget(label)["id"]


async def test_edited_modules_and_data_reach_a_kernel_on_the_gateway(served: Served) -> None:
    """The kernel holds a copy of the app's folder: a module and a data file edited on the
    server are sent to it, announced like a local edit, and the next run uses them."""
    folder = Path(served.proc.args[4]).parent
    helper, data = folder / "gw_helper.py", folder / "gw_data.csv"
    old_helper, old_data = helper.read_text(), data.read_text()
    async with chromium() as (page,):
        await page.goto(f"{served.url}/")
        await expect(page.get_by_text("hello from gw_helper")).to_be_visible(timeout=90_000)
        try:
            helper.write_text('GREETING = "edited on the server"\n')
            data.write_text(old_data.replace("1,2", "3,4"))
            prompt = page.get_by_role("status", name="Source file changed")
            await expect(prompt).to_be_visible(timeout=30_000)
            await prompt.get_by_role("button", name="Rerun", exact=True).click()
            await expect(page.get_by_text("edited on the server")).to_be_visible(timeout=30_000)
            await expect(page.get_by_text("data: 3,4")).to_be_visible()
            # a file removed on the server is removed from the kernel's copy too
            helper.unlink()
            await expect(prompt).to_be_visible(timeout=30_000)
            await prompt.get_by_role("button", name="Rerun", exact=True).click()
            await expect(page.get_by_text("ModuleNotFoundError").first).to_be_visible(timeout=30_000)
        finally:
            helper.write_text(old_helper)
            data.write_text(old_data)
