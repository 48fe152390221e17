"""Two `jupyter reactive serve` replicas sharing one real Redis as their cache store: a
cache_data function runs once for the sessions of both (also when both miss it at once), a
clear on one reaches the store and the other replica's sessions, and with Redis stopped the app
still runs (computing, one warning)."""

from __future__ import annotations

import asyncio
import secrets
import shutil
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

from tests.browser.conftest import ROOT, Served
from tests.conftest import AppClient
from tests.server.redis_fixture import start_redis

pytestmark = pytest.mark.timeout(240)


def calls(folder: Path, prefix: str) -> int:
    log = folder / "cache_calls.log"
    return sum(1 for line in (log.read_text().splitlines() if log.exists() else []) if line.startswith(prefix))


async def open_app(server: Served) -> AppClient:
    ws = await websocket_connect(f"ws://127.0.0.1:{server.port}/reactive/ws/cache_app.py")
    app = AppClient(ws)
    await app.hello()
    assert (await app.run(timeout=60))["status"] == "complete"
    return app


async def test_two_replicas_sharing_redis_compute_once(tmp_path: Path) -> None:
    shutil.copy(ROOT / "tests" / "apps" / "cache_app.py", tmp_path / "cache_app.py")
    secret = tmp_path / "cookie_secret"
    secret.write_bytes(secrets.token_bytes(32))
    with start_redis() as redis:
        options = (
            f"--ReactiveApp.cache_store_url={redis.url}?prefix=jrtest-{secrets.token_hex(4)}:",
            f"--ServerApp.cookie_secret_file={secret}",
            "--ReactiveApp.pool_size=0",
        )
        replicas = [Served(tmp_path / "cache_app.py", *options) for _ in range(2)]
        clients: list[AppClient] = []
        try:
            clients.append(await open_app(replicas[0]))
            clients.append(await open_app(replicas[1]))
            assert all(c.has_text("rows: 3") for c in clients)
            assert calls(tmp_path, "load 3 ") == 1
            a, b = clients
            # both replicas' sessions miss the same key at once: one computes, the other waits
            ids = [a.widget("n")["id"], a.widget("delay")["id"]]
            both = {"type": "widget_values", "values": {ids[0]: 9, ids[1]: 1.5}}
            await asyncio.gather(a.send(both), b.send(both))
            await asyncio.gather(a.run(timeout=60), b.run(timeout=60))
            assert a.has_text("rows: 9") and b.has_text("rows: 9")
            assert calls(tmp_path, "load 9 1.5") == 1
            await b.set("n", 4)  # another key: computed once, on b's replica, found by a's
            await b.run()
            await a.set("n", 4)
            await a.run()
            assert calls(tmp_path, "load 4 ") == 1
            await a.set("clear load", True)  # clears the shared store (this run hit before it)
            await a.run()

            async def recomputed() -> bool:
                await b.send({"type": "rerun"})
                await b.run()
                return calls(tmp_path, "load 4 ") == 2

            # b's replica heard the clear (Redis pub/sub) and b's kernel forgot its memory
            deadline = asyncio.get_running_loop().time() + 20
            while not await recomputed():
                assert asyncio.get_running_loop().time() < deadline, "the clear did not reach replica b"
                await asyncio.sleep(0.2)
            await a.send({"type": "rerun"})  # a finds b's new result in the store
            await a.run()
            assert calls(tmp_path, "load 4 ") == 2
            redis.stop()
            await a.set("n", 11)  # store down: computed here, one warning, the app runs on
            finished = await a.run(timeout=60)
            assert finished["status"] == "complete" and a.has_text("rows: 11")
            notices = [m for m in a.log if m["type"] == "notice" and "cache_data" in m.get("message", "")]
            assert len(notices) == 1 and "unavailable" in notices[0]["message"]
            await a.set("n", 12)
            await a.run(timeout=60)
            assert a.has_text("rows: 12")
            assert len([m for m in a.log if m["type"] == "notice" and "cache_data" in m.get("message", "")]) == 1
        finally:
            for c in clients:
                c.close()
            await asyncio.sleep(0.1)
            for r in replicas:
                r.stop()
