"""The lab extension's command logic (labextension/lab/src/logic.ts) under vitest, run here so
that the suite runs it: which paths run as apps, the app URL, where the app opens, and which
messages from a panel's frame are believed (garbage included)."""

from __future__ import annotations

import subprocess

import pytest

from tests.browser.conftest import ROOT

LAB = ROOT / "labextension" / "lab"


def test_command_logic_unit_tests_pass() -> None:
    vitest = LAB / "node_modules" / "vitest" / "vitest.mjs"
    if not vitest.exists():
        pytest.fail("labextension/lab/node_modules is missing: `pip install -e .` (./scripts/test) installs it")
    run = subprocess.run(["node", str(vitest), "run"], cwd=LAB, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Tests " in run.stdout and " passed" in run.stdout, run.stdout
