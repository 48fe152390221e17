"""The runner's after-first-run hook, which the bridge points at the fork server's report of the
code a kernel ran (jupyter_reactive/forkserver/hotcode.py): called once, after the first run, and
a hook that fails does not fail the run. In process, with the kernel-side harness."""

from __future__ import annotations

from typing import Any


def test_the_runner_calls_its_hook_after_the_first_run_only_and_survives_it_failing(make_app: Any):
    app = make_app("import jupyter_reactive as jr\njr.write('hi')\n")
    calls: list[int] = []

    def hook() -> None:
        calls.append(app.runner._run)
        raise RuntimeError("a broken hook")

    app.runner.after_first_run = hook
    assert app.run().status == "complete"
    assert app.run().status == "complete"
    assert calls == [1]
