"""A replica restart in the middle of a session: two `jupyter reactive serve` replicas behind a
real nginx (round robin, no stickiness) sharing a real Redis, and Chromium. The replica holding
the tab's session is stopped with SIGTERM (a rolling update); the page reconnects through nginx
to the other replica, which restores the widget values and session_state the session saved in
Redis. With ``--ReactiveApp.persist_state=False`` the same restart shows the app's defaults.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium
from tests.browser.test_replicas import Cluster
from tests.server.redis_fixture import start_redis

pytestmark = pytest.mark.timeout(180)

APP = ROOT / "tests" / "apps" / "counter.py"  # slider n, button inc (session_state.clicks), text name
SHOTS = Path(os.environ.get("JR_SHOTS", "/tmp/shots-persist"))


async def _restart_in_the_middle(cluster: Cluster, shots: str, check: Callable[[Any], Awaitable[None]]) -> Served:
    """Set n=42, two clicks and a name; SIGTERM the replica holding the session; ``check`` the
    page once it reconnected. Returns the replica left."""
    async with chromium() as (page,):
        await page.goto(cluster.url + "/reactive/app/counter.py")
        await expect(page.get_by_text("value: 10")).to_be_visible()
        await page.get_by_role("slider", name="n").fill("42")
        await expect(page.get_by_text("value: 42")).to_be_visible()
        for clicks in (1, 2):
            await page.get_by_role("button", name="inc").click()
            await expect(page.get_by_text(f"clicks: {clicks}")).to_be_visible()
        name = page.get_by_role("textbox", name="name")
        await name.fill("persisted")
        await name.press("Enter")
        await expect(page.get_by_text("hello persisted")).to_be_visible()
        # the replica that runs this tab's session is the one whose app printed that run
        holders = [r for r in cluster.replicas if "printed n=42" in r.log()]
        assert len(holders) == 1, "exactly one replica runs the session"
        holder = holders[0]
        SHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SHOTS / f"{shots}-before.png"))

        holder.proc.send_signal(signal.SIGTERM)  # a rolling update stops it
        code = await asyncio.to_thread(holder.proc.wait, 20)
        assert code == 0, holder.log()[-3000:]
        # the page reconnected through nginx, to the replica left
        await expect(page.get_by_text("Connection lost — reconnecting…")).to_be_hidden(timeout=20_000)
        await check(page)
        await page.screenshot(path=str(SHOTS / f"{shots}-after-more.png"))
        return next(r for r in cluster.replicas if r is not holder)


def _run(tmp_path: Path, shots: str, check: Callable[[Any], Awaitable[None]], *options: str) -> str:
    """The restart on a fresh cluster; returns the log of the replica left."""
    with start_redis() as redis:
        cluster = Cluster(tmp_path, redis.url, APP, *options)
        try:
            left = asyncio.run(_restart_in_the_middle(cluster, shots, check))
            return left.log()
        finally:
            cluster.stop()


def test_a_replica_restart_keeps_widget_values_and_session_state(tmp_path):
    async def restored(page: Any) -> None:
        await expect(page.get_by_text("value: 42")).to_be_visible()
        await expect(page.get_by_text("clicks: 2")).to_be_visible()
        await expect(page.get_by_text("hello persisted")).to_be_visible()
        await expect(page.get_by_role("slider", name="n")).to_have_value("42")
        await expect(page.get_by_role("textbox", name="name")).to_have_value("persisted")
        await expect(page.locator(".jr-stale")).to_have_count(0)
        await page.screenshot(path=str(SHOTS / "on-after.png"))
        await page.get_by_role("button", name="inc").click()  # session_state carries on there
        await expect(page.get_by_text("clicks: 3")).to_be_visible()

    log = _run(tmp_path, "on", restored)
    assert "printed n=42" in log  # the replica left ran the app with the restored value


def test_with_persistence_off_the_restart_shows_the_defaults(tmp_path):
    async def fresh(page: Any) -> None:
        await expect(page.get_by_text("value: 10")).to_be_visible()
        await expect(page.get_by_text("clicks: 0")).to_be_visible()
        await expect(page.get_by_text("hello world")).to_be_visible()
        await expect(page.get_by_role("slider", name="n")).to_have_value("10")
        await page.screenshot(path=str(SHOTS / "off-after.png"))

    _run(tmp_path, "off", fresh, "--ReactiveApp.persist_state=False")
