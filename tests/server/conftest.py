"""Server tests: each test gets its own in-process jupyter server (pytest-jupyter's), but the
fork server its kernels fork from is started once per module and kept across the module's
servers (``ReactiveApp.keep_fork_servers``), then stopped at the module's end, as
tests/forkserver does. A fork server imports ipykernel, IPython and the rest (over a thousand
modules) before its first kernel: several seconds each time on a loaded machine, which every
session test paid when each server stopped its fork server. Kernels are still forked fresh for
each session and shut down with their server; only the pristine parent that forks them lives on.

A module that checks the fork servers' own life (started ahead, stopped with the server, which
imports they preloaded) overrides ``jr_keep_fork_servers`` to give each server its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jupyter_reactive.server.forking import fork_servers, shutdown_fork_servers


@pytest.fixture
def jr_keep_fork_servers() -> bool:
    return True


@pytest.fixture
def jp_server_config(jp_server_config: dict[str, Any], jr_keep_fork_servers: bool) -> dict[str, Any]:
    jp_server_config.setdefault("ReactiveApp", {}).setdefault("keep_fork_servers", jr_keep_fork_servers)
    return jp_server_config


@pytest.fixture(scope="module", autouse=True)
def _stop_kept_fork_servers() -> Iterator[None]:
    yield
    servers = fork_servers()
    shutdown_fork_servers()
    for server in servers:
        assert server.process is not None and server.process.poll() is not None
