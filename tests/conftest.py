"""Shared fixtures: a real jupyter server with the extension (pytest-jupyter), real kernels,
and :class:`AppClient`, a real WebSocket client that speaks the app protocol (and checks every
message it receives against jupyter_reactive/schema.py)."""

from __future__ import annotations

import asyncio
import json
import shutil
import struct
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive import protocol, schema
from tests.page_model import PageModel

pytest_plugins = ["pytest_jupyter.jupyter_server"]

APPS = Path(__file__).parent / "apps"


def serve_mode_config(app: str, **reactive: Any) -> dict[str, Any]:
    """What `jupyter reactive serve APP` configures (see server/app.py::_serve_argv), for
    in-process servers; ``reactive`` adds ReactiveApp options."""
    return {
        "ServerApp": {
            "identity_provider_class": "jupyter_reactive.server.auth.ViewerIdentityProvider",
            "authorizer_class": "jupyter_reactive.server.auth.ViewerAuthorizer",
            "jpserver_extensions": {"jupyter_server_terminals": False},
            "default_url": f"/reactive/app/{app}",
        },
        "ReactiveApp": {"serve_path": app, "pool_size": 0, **reactive},
    }


@pytest.fixture
def jp_nbconvert_templates() -> None:
    """pytest-jupyter's copies nbconvert's templates (67 files) into every test's data dir before
    its server starts, for tests of jupyter-server's nbconvert handler; no test here exports a
    notebook through an in-process server, so none are copied."""


@pytest.fixture
def jr_config() -> dict[str, Any]:
    """Extension options for one test (override in a module to change them)."""
    return {"ReactiveApp": {"pool_size": 0}}


@pytest.fixture
def jp_server_config(jr_config: dict[str, Any]) -> dict[str, Any]:
    config: dict[str, Any] = {"ServerApp": {"jpserver_extensions": {"jupyter_reactive": True}}}
    for section, values in jr_config.items():
        for key, value in values.items():
            if isinstance(value, dict) and isinstance(config.get(section, {}).get(key), dict):
                config[section][key].update(value)
            else:
                config.setdefault(section, {})[key] = value
    return config


@pytest.fixture
def jr_apps(jp_root_dir: Path) -> Path:
    """The fixture apps of tests/apps, copied into the server's root dir."""
    for app in APPS.iterdir():
        if app.suffix in (".py", ".ipynb"):
            shutil.copy(app, jp_root_dir / app.name)
    return jp_root_dir


@pytest.fixture
def jr_sessions(jp_serverapp: Any) -> Any:
    return jp_serverapp.web_app.settings["jupyter_reactive_sessions"]


def decode(message: str | bytes) -> dict[str, Any]:
    if isinstance(message, bytes):
        (size,) = struct.unpack(">I", message[:4])
        return json.loads(message[4 : 4 + size])
    return json.loads(message)


def unbatch(message: str | bytes) -> list[dict[str, Any]]:
    """The messages in one socket message: itself, or the frames of a ``batch``."""
    msg = decode(message)
    if msg.get("type") != protocol.BATCH:
        return [msg]
    schema.check(msg, schema.PageMessage, "batch message")
    assert isinstance(message, bytes)
    return [decode(frame) for frame in protocol.split_batch(msg, protocol.decode_frame(message)[1])]


class AppClient(PageModel):
    """One browser tab, without the browser: a WebSocket and a model of the page."""

    def __init__(self, ws: Any):
        self.ws = ws
        self.page: dict[tuple[int, ...], dict[str, Any]] = {}
        self.session: dict[str, Any] = {}
        self.log: list[dict[str, Any]] = []
        self._unread: list[dict[str, Any]] = []  # the rest of a batch

    async def hello(self, **extra: Any) -> dict[str, Any]:
        await self.send({"type": "hello", "protocol": 1, **extra})
        self.session = await self.expect("session")
        return self.session

    async def send(self, msg: dict[str, Any] | str) -> None:
        await self.ws.write_message(msg if isinstance(msg, str) else json.dumps(msg))

    async def recv(self, timeout: float = 30) -> dict[str, Any]:
        if not self._unread:
            raw = await asyncio.wait_for(self.ws.read_message(), timeout)
            if raw is None:
                raise ConnectionError(f"socket closed: {self.ws.close_code} {self.ws.close_reason}")
            self._unread = unbatch(raw)  # (a socket opened with frames="batch" gets batches)
        msg = self._unread.pop(0)
        # whatever the server sends, its own messages and the kernel's frames, has its declared shape
        schema.check(msg, schema.PageMessage, f"{msg.get('type')} message")
        self.log.append(msg)
        self.apply_message(msg)
        return msg

    async def expect(self, kind: str, timeout: float = 30, **match: Any) -> dict[str, Any]:
        """Read until a message of this type (and these field values) arrives."""
        while True:
            msg = await self.recv(timeout)
            if msg["type"] == kind and all(msg.get(k) == v for k, v in match.items()):
                return msg

    async def run(self, timeout: float = 30) -> dict[str, Any]:
        """Read until the next run that does not end in a rerun has finished."""
        while True:
            msg = await self.expect("run_finished", timeout)
            if msg["status"] != "rerun":
                return msg

    async def set(self, label: str, value: Any) -> None:
        await self.send({"type": "widget_values", "values": {self.widget(label)["id"]: value}})

    def close(self) -> None:
        self.ws.close()


@pytest.fixture
def jr_connect(jp_ws_fetch: Any, jr_apps: Path) -> Any:
    """``await jr_connect("counter.py")`` -> a connected AppClient (hello not yet sent)."""
    clients: list[AppClient] = []

    async def connect(app: str, **params: str) -> AppClient:
        ws = await jp_ws_fetch("reactive", "ws", app, params=params or None)
        client = AppClient(ws)
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.close()


async def wait_for(predicate: Any, timeout: float = 20.0, interval: float = 0.05) -> None:
    """Poll a condition (no fixed sleeps): fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(interval)
