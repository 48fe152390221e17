"""The kernel side stays light and independent of the server stack."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_loads_no_server_code():
    code = (
        "import sys, jupyter_reactive as jr\n"
        "heavy = [m for m in ('tornado', 'jupyter_server', 'jupyter_client', 'jupyter_reactive.server') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_scripting_api_matches_all():
    import jupyter_reactive as jr

    for name in jr.__all__:
        assert hasattr(jr, name), name
    for name in ("title", "write", "slider", "button", "session_state", "sidebar", "columns", "form"):
        assert name in jr.__all__


def test_import_contracts_hold():
    """import-linter's contracts in setup.cfg (the kernel side never imports the server side)."""
    from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

    assert lint_imports(config_filename=str(ROOT / "setup.cfg")) == EXIT_STATUS_SUCCESS
