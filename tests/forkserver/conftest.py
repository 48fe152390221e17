"""Fixtures for the fork server's tests: a kernel spec manager, the forking kernel name, and the
fork servers a test module started, stopped at its end.
"""

from __future__ import annotations

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from jupyter_reactive.server.forking import fork_servers, forking_kernel_name, shutdown_fork_servers


@pytest.fixture(scope="module", autouse=True)
def _stop_fork_servers():
    """One fork server serves the whole module (it starts once, like a server's); stopped at the end."""
    yield
    servers = fork_servers()
    shutdown_fork_servers()
    for server in servers:
        assert server.process is not None and server.process.poll() is not None


@pytest.fixture
def ksm() -> KernelSpecManager:
    return KernelSpecManager()


@pytest.fixture
def fork_name(ksm: KernelSpecManager) -> str:
    return forking_kernel_name(ksm, "python3", fallback=False)
