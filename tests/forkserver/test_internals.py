"""The private ipykernel / IPython internals the fork server relies on: present in the installed
versions, pinned in pyproject.toml, and when they are not what was tested the fork server forks
kernels from scratch (nothing prepared, no shared module walk) and says so once."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomllib
from jupyter_client.kernelspec import KernelSpecManager
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from jupyter_reactive.forkserver import client, internals
from jupyter_reactive.server.forking import forking_kernel_name, shutdown_fork_servers
from tests.conftest import wait_for
from tests.forkserver.harness import PREPARED_ARGS, start

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork server and /proc: Linux"),
]

ROOT = Path(__file__).resolve().parents[2]


def test_every_named_internal_exists_in_the_installed_versions():
    assert internals.unsupported() == ""
    assert [i for i in (*internals.PATCHED, *internals.GUARDED) if not internals.has(i)] == []


@pytest.mark.parametrize("package", sorted(internals.SUPPORTED))
def test_the_dependency_range_is_the_tested_range(package: str):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    name = package.lower()
    pins = [d.split("#")[0].strip() for d in project["dependencies"] if re.match(rf"{name}\b", d, re.IGNORECASE)]
    assert pins == [name + internals.SUPPORTED[package]]


def test_ci_tests_the_fork_server_with_each_declared_ipython_major():
    """The suite tests the IPython installed (the newest, in CI); CI runs the fork server's and the
    kernel's tests again with each older major the declared range allows."""
    declared = SpecifierSet(internals.SUPPORTED["IPython"])
    majors = [major for major in range(7, 20) if any(Version(f"{major}.{minor}") in declared for minor in range(40))]
    majors.pop()  # the newest: the suite's own run
    ci = (ROOT / ".ci" / "run").read_text()
    for major in majors:
        again = re.search(rf"^\./scripts/test-ipython \"ipython[^\"]*<{major + 1}\" ([^\n]*)", ci, re.MULTILINE)
        assert again and {"tests/forkserver", "tests/kernel"} <= set(again.group(1).split()), ci


async def ping_a_fork_server(tmp_path: Path, *command: str) -> tuple[dict[str, Any], str]:
    """Start a fork server (``python COMMAND --socket ... --kernel-args ...``, prepared for the
    pool's kernel command line), ping it, stop it; its ping reply and its standard error."""
    socket_path = tmp_path / "s"
    kernel_cmd = ["-f", "{connection_file}", *PREPARED_ARGS]
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        *command,
        "--socket",
        str(socket_path),
        "--kernel-args",
        json.dumps(kernel_cmd),
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        await wait_for(lambda: socket_path.exists() or proc.returncode is not None, timeout=60)
        ping = client.request(str(socket_path), {"op": "ping"})
        assert client.request(str(socket_path), {"op": "stop"})["ok"]
        _, stderr = await asyncio.wait_for(proc.communicate(), timeout=60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.communicate()
    assert proc.returncode == 0, stderr
    return ping, stderr.decode()


@pytest.mark.parametrize(
    ("prelude", "why"),
    [
        (
            "import ipykernel; ipykernel.__version__ = '8.0.0'",
            "ipykernel 8.0.0 is not a tested version (ipykernel>=7,<8)",
        ),
        ("import IPython; IPython.__version__ = '7.34.0'", "IPython 7.34.0 is not a tested version"),
        (
            "from IPython.core.history import HistoryManager; del HistoryManager.dir_hist",
            "IPython.core.history.HistoryManager.dir_hist is missing (ipykernel ",
        ),
        (
            "import ipykernel.ipkernel as k; k.IPythonKernel.__init__ = lambda self, **kw: None",
            "IPythonKernel.__init__ no longer lists the loaded modules",
        ),
    ],
    ids=["ipykernel-version", "ipython-version", "missing-internal", "changed-walk"],
)
async def test_an_untested_ipykernel_makes_the_fork_server_prepare_nothing_and_say_so_once(
    tmp_path: Path, prelude: str, why: str
):
    code = f"{prelude}\nimport sys\nfrom jupyter_reactive.forkserver.server import main\nsys.exit(main(sys.argv[1:]))\n"
    ping, stderr = await ping_a_fork_server(tmp_path, "-c", code)
    assert ping["ok"] and ping["prepared"] is False and ping["shared_module_scan"] is False
    assert why in ping["unprepared"], ping["unprepared"]
    warnings = [line for line in stderr.splitlines() if "jupyter_reactive.forkserver: warning" in line]
    assert len(warnings) == 1 and why in warnings[0], stderr


async def test_the_installed_versions_prepare_kernels_and_share_the_module_walk(tmp_path: Path):
    ping, stderr = await ping_a_fork_server(tmp_path, "-m", client.MODULE)
    assert ping["prepared"] is True and ping["shared_module_scan"] is True and ping["unprepared"] == ""
    assert "not a tested version" not in stderr and "is missing" not in stderr


async def test_a_library_thread_pool_is_noted_not_warned(tmp_path: Path):
    pytest.importorskip("numpy")
    ping, stderr = await ping_a_fork_server(tmp_path, "-m", client.MODULE, "--preload", "numpy")
    assert "numpy" in ping["preloaded"], ping
    assert "warning" not in stderr, stderr
    # counted with the main thread; OpenBLAS adds its pool at import where there is more than one core
    assert ping["native_threads_at_start"] >= 1


SITECUSTOMIZE = "import ipykernel\nipykernel.__version__ = '8.0.0'\n"


async def test_kernels_of_an_untested_ipykernel_are_still_forked_and_work(tmp_path: Path):
    # the fork server (and so each kernel) sees an ipykernel "8.0.0": every process that starts
    # with this PYTHONPATH imports this sitecustomize first
    (tmp_path / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *filter(None, [os.environ.get("PYTHONPATH")])])}
    ksm = KernelSpecManager()
    name = forking_kernel_name(ksm, "python3", name="python3-jr-fork-untested", fallback=False)
    shutdown_fork_servers()
    kernel = await start(ksm, name, extra_arguments=PREPARED_ARGS, env=env)
    try:
        assert kernel.provisioner.forked and not kernel.provisioner.prepared
        assert await kernel.value("__import__('ipykernel').__version__") == "'8.0.0'"
        assert await kernel.value("6 * 7") == "42"
        # ipykernel walked sys.modules itself: its own sys, not the fork server's stand-in
        assert await kernel.value("__import__('ipykernel.ipkernel').ipkernel.sys is __import__('sys')") == "True"
    finally:
        await kernel.stop()
        shutdown_fork_servers()
