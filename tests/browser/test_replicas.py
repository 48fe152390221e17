"""Two `jupyter reactive serve` replicas behind a real nginx, round-robin, no stickiness.

With a shared store (redis or a directory) and one cookie secret, every image, download and
upload works whichever replica each HTTP request lands on. The same set-up with the per-process
memory store fails the way Streamlit's replicas do: proof that the shared store is the fix.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from playwright.async_api import expect

from tests.browser.conftest import ROOT, Served, chromium
from tests.server.redis_fixture import start_redis

pytestmark = pytest.mark.timeout(300)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log {tmp}/access.log;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  client_max_body_size 300m;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  upstream replicas {{ server 127.0.0.1:{a}; server 127.0.0.1:{b}; }}  # round-robin, no stickiness
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://replicas;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_request_buffering off;
      proxy_buffering off;
      proxy_read_timeout 3600s;
    }}
  }}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """Two replicas of ``app`` (one shared store and cookie secret, ``options`` added) behind
    nginx's round robin."""

    def __init__(self, tmp: Path, store_url: str, app: Path = ROOT / "tests" / "apps" / "media_app.py", *more: str):
        if not Path(NGINX).exists():
            pytest.fail("nginx not found: ./scripts/test installs Debian's nginx")
        secret = tmp / "cookie_secret"
        secret.write_bytes(secrets.token_bytes(32))
        options = (f"--ReactiveApp.media_store_url={store_url}", f"--ServerApp.cookie_secret_file={secret}", *more)
        self.replicas = [Served(app, *options), Served(app, *options)]
        self.port = _free_port()
        (tmp / "nginx").mkdir()
        conf = tmp / "nginx" / "nginx.conf"
        conf.write_text(
            CONF.format(tmp=tmp / "nginx", a=self.replicas[0].port, b=self.replicas[1].port, port=self.port)
        )
        self.nginx = subprocess.Popen(
            [NGINX, "-p", str(tmp / "nginx"), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.access_log = tmp / "nginx" / "access.log"
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.nginx.poll() is not None:
                    raise RuntimeError("nginx did not start") from None
                time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.nginx.terminate()
        self.nginx.wait(10)
        for r in self.replicas:
            r.stop()


async def _exercise(cluster: Cluster, tmp: Path, rounds: int) -> list[str]:
    """Load the app, show the image, fetch every medium a few times, upload 5 MB `rounds`
    times; returns what failed."""
    failures = []
    big = tmp / "five.bin"
    big.write_bytes(b"\x07" * (5 * 1024 * 1024))
    async with chromium() as (page,):
        await page.goto(cluster.url + "/reactive/app/media_app.py")
        await expect(page.get_by_role("heading", name="Media")).to_be_visible()
        await page.get_by_role("checkbox", name="show image").check()
        await expect(page.locator("figure", has_text="noise").locator("img")).to_be_visible()
        sources = await page.eval_on_selector_all(
            "img, audio source, a.jr-download", "els => els.map(e => e.getAttribute('src') || e.getAttribute('href'))"
        )
        urls = [u for u in sources if u and u.startswith("/reactive/media/")]
        assert len(urls) >= 3  # the noise image, the audio, two downloads (the tiny image is inline)
        for url in urls:
            for _ in range(4):  # round-robin: both replicas answer each one
                r = await page.request.get(cluster.url + url)
                if r.status != 200:
                    failures.append(f"GET {url.split('?')[0][:40]}… -> {r.status}")
        for i in range(rounds):
            # the upload's own answer first: one that was refused (with the memory store, the
            # replica without the session: 404, or nginx's 502 when it answered before reading
            # the body) never reaches the app, so there is nothing to wait 30 s for
            async with page.expect_response(lambda r: "/reactive/upload/" in r.url, timeout=60_000) as posted:
                await page.get_by_label("upload").set_input_files(str(big))
            status = (await posted.value).status
            if status != 200:
                failures.append(f"upload {i + 1} -> {status}")
                break
            try:
                await expect(page.get_by_text("size: 5242880 name: five.bin")).to_have_count(i + 1, timeout=30_000)
            except AssertionError:
                failures.append(f"upload {i + 1} never reached the app")
                break
    return failures


def test_shared_redis_store_serves_everything_from_either_replica(tmp_path):
    import asyncio

    with start_redis() as redis:
        cluster = Cluster(tmp_path, redis.url)
        try:
            failures = asyncio.run(_exercise(cluster, tmp_path, rounds=4))
            hits = cluster.access_log.read_text()
        finally:
            cluster.stop()
    assert failures == []
    assert hits.count("/reactive/media/") >= 8 and hits.count("/reactive/upload/") == 4


def test_shared_directory_store_works_too(tmp_path):
    import asyncio

    store = tmp_path / "media"
    store.mkdir()
    cluster = Cluster(tmp_path, store.as_uri())
    try:
        failures = asyncio.run(_exercise(cluster, tmp_path, rounds=2))
    finally:
        cluster.stop()
    assert failures == []


def test_per_process_memory_store_fails_like_streamlit(tmp_path):
    import asyncio

    cluster = Cluster(tmp_path, "memory://")
    try:
        failures = asyncio.run(_exercise(cluster, tmp_path, rounds=2))
    finally:
        cluster.stop()
    assert any("-> 404" in f for f in failures), failures
