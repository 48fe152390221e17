"""The application and shell prepared in the fork server: used by the kernels that fit them,
dropped by the others, never made for a command line that cannot be prepared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from jupyter_reactive.server.forking import shutdown_fork_servers
from tests.forkserver.harness import PREPARED_ARGS, server_of, start

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork server and /proc: Linux"),
]


KERNEL_CONFIG = 'c.IPKernelApp.exec_lines = ["jr_config_seen = {value!r}"]\nc.InteractiveShell.cache_size = {size}\n'


async def test_a_prepared_kernel_reads_the_ipython_configuration_and_a_changed_file_again(
    ksm: KernelSpecManager, fork_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    shutdown_fork_servers()  # the next one starts with this test's IPYTHONDIR
    profile = tmp_path / "ipython" / "profile_default"
    profile.mkdir(parents=True)
    config = profile / "ipython_kernel_config.py"
    config.write_text(KERNEL_CONFIG.format(value="first", size=1111))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    try:
        first = await start(ksm, fork_name, extra_arguments=PREPARED_ARGS, env=dict(os.environ))
        try:
            assert first.provisioner.prepared
            assert server_of(first.pid).info["prepared"] is True
            assert await first.value("jr_config_seen, get_ipython().cache_size") == "('first', 1111)"
        finally:
            await first.stop()
        # the user edits their configuration while the server runs: the next kernel reads it
        config.write_text(KERNEL_CONFIG.format(value="second", size=2222))
        os.utime(config, ns=(time.time_ns() + 10**9,) * 2)  # a new mtime even on a coarse clock
        second = await start(ksm, fork_name, extra_arguments=PREPARED_ARGS, env=dict(os.environ))
        try:
            assert not second.provisioner.prepared
            assert await second.value("jr_config_seen, get_ipython().cache_size") == "('second', 2222)"
        finally:
            await second.stop()
    finally:
        shutdown_fork_servers()


async def test_kernels_of_another_command_line_or_environment_start_from_scratch(
    ksm: KernelSpecManager, fork_name: str
):
    shutdown_fork_servers()
    env = dict(os.environ)
    kernels = [
        await start(ksm, fork_name, extra_arguments=PREPARED_ARGS, env=env),
        await start(ksm, fork_name, extra_arguments=PREPARED_ARGS, env=env),
        await start(ksm, fork_name, extra_arguments=[*PREPARED_ARGS, "--IPKernelApp.exec_lines=jr_other = 1"], env=env),
        await start(ksm, fork_name, extra_arguments=PREPARED_ARGS, env={**env, "JR_FORK_OTHER": "1"}),
    ]
    try:
        assert [k.provisioner.prepared for k in kernels] == [True, True, False, False]
        assert await kernels[2].value("jr_other") == "1"
        assert await kernels[0].value("'jr_other' in globals()") == "False"
        # each prepared kernel is a kernel of its own: its own message session, pid and namespace
        ids = [await k.value("get_ipython().kernel.session.session") for k in kernels]
        assert len(set(ids)) == 4
        await kernels[0].value("jr_mine = 0")
        assert await kernels[1].value("'jr_mine' in globals()") == "False"
    finally:
        for kernel in kernels:
            await kernel.stop()


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["--HistoryManager.enabled=False"], "no -f connection file"),
        (["-f", "{connection_file}"], "IPython history is on"),
        (
            ["-f", "{connection_file}", "--HistoryManager.enabled=False", "--IPythonKernel.shell_class=x.Y"],
            "another kernel or shell",
        ),
        (
            [
                "-f",
                "{connection_file}",
                "--HistoryManager.enabled=False",
                "--IPKernelApp.kernel_class=ipykernel.kernelbase.Kernel",
            ],
            "another kernel or shell",
        ),
        (["-f", "{connection_file}", "--HistoryManager.enabled=False", "--IPKernelApp.kernel_class=x.Y"], "SystemExit"),
    ],
    ids=["no-connection-file", "history-on", "shell-class", "kernel-class", "bad-option"],
)
def test_a_command_line_that_cannot_be_prepared_says_why(args: list[str], why: str):
    # in a process of its own: preparing makes the (process-wide) application and shell
    code = (
        "import json, sys; from jupyter_reactive.forkserver.prepared import PreparedKernel; p = PreparedKernel(); "
        "print(json.dumps([p.prepare(json.loads(sys.argv[1])), p.shell is None]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    reason, nothing_kept = json.loads(proc.stdout.strip().splitlines()[-1])
    assert why in reason and nothing_kept
