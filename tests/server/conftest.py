"""Server tests: each test gets its own in-process jupyter server (pytest-jupyter's), but the
fork server its kernels fork from is started once for the package and kept across its servers
(``ReactiveApp.keep_fork_servers``), then stopped at the package's end, as tests/forkserver
does per module. A fork server imports ipykernel, IPython and the rest (over a thousand
modules) before its first kernel: several seconds each time on a loaded machine, which every
session test paid when each server stopped its fork server, and every module's first session
test paid while they were kept per module. Kernels are still forked fresh for each session and
shut down with their server; only the pristine parent that forks them lives on.

A module that checks the fork servers' own life (started ahead, stopped with the server, which
imports they preloaded) overrides ``jr_keep_fork_servers`` to give each server its own; the fork
servers kept by the modules before it are stopped when it starts, so it sees only its own.
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


def _stop_and_check() -> None:
    servers = fork_servers()
    shutdown_fork_servers()
    for server in servers:
        assert server.process is not None and server.process.poll() is not None


@pytest.fixture(scope="package", autouse=True)
def _stop_kept_fork_servers() -> Iterator[None]:
    yield
    _stop_and_check()


@pytest.fixture(scope="module", autouse=True)
def _fork_servers_of_the_module(request: pytest.FixtureRequest) -> Iterator[None]:
    """Before a module that gives each server its own fork server (it overrides
    ``jr_keep_fork_servers``), the fork servers kept so far are stopped, and again after it. Kept
    ones are also stopped before a module when more than two are running (others' preloads or
    import-time environments), so that a module has room for two fork servers of its own before
    it meets ``max_fork_servers`` (four)."""
    own = "jr_keep_fork_servers" in vars(request.module)
    if own or len(fork_servers()) > 2:
        _stop_and_check()
    yield
    if own:
        _stop_and_check()
