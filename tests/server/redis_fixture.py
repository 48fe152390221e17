"""A real ``redis-server`` (Debian's package) on a free loopback port, for the media store tests.

:func:`start_redis` starts one (the tests' session-scoped ``redis_server`` fixture is one of
these; tests that stop, fill or restart a server start their own). Nothing is persisted (``--save ""``,
``--appendonly no``); each server's working directory is a temporary one.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def refusing_port() -> Iterator[int]:
    """A loopback port that refuses connections for as long as the block runs: bound, never
    listening, so nothing else can take it meanwhile (a port from :func:`free_port` can be
    taken by the next process that asks for one, and a store "down" on it then hangs instead
    of failing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def _ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@contextlib.contextmanager
def start_redis(*extra: str, port: int | None = None) -> Iterator[RedisServer]:
    """A redis-server on ``port`` (a free one if None), stopped on exit."""
    if not shutil.which(REDIS_SERVER):
        pytest.fail("redis-server not found: `apt-get install redis-server` (./scripts/test installs it)")
    with tempfile.TemporaryDirectory(prefix="jr-redis-") as workdir:
        for _attempt in range(3):
            chosen = port or free_port()
            process = subprocess.Popen(
                [
                    REDIS_SERVER,
                    "--port",
                    str(chosen),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    workdir,
                    "--loglevel",
                    "warning",
                    *extra,
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            server = RedisServer(chosen, process)
            deadline = time.monotonic() + 10
            while process.poll() is None and time.monotonic() < deadline and not _ping(chosen):
                time.sleep(0.02)
            if process.poll() is None and _ping(chosen):
                break
            server.stop()  # port taken meanwhile, or too slow: try another
            if port is not None:
                pytest.fail(f"redis-server did not start on port {port}")
        else:
            pytest.fail("redis-server did not start")
        try:
            yield server
        finally:
            server.stop()
