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
    import logging

    from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

    # import-linter configures logging with disable_existing_loggers: undo that for later tests
    enabled = [
        lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger) and not lg.disabled
    ]
    try:
        assert lint_imports(config_filename=str(ROOT / "setup.cfg")) == EXIT_STATUS_SUCCESS
    finally:
        for lg in enabled:
            lg.disabled = False


def test_plotting_libraries_are_imported_only_when_used():
    code = (
        "import sys, jupyter_reactive as jr\n"
        "jr.write('text', 1, {'a': 1})\n"
        "libs = ('matplotlib', 'plotly', 'bokeh')\n"
        "print(','.join(m for m in libs if m in sys.modules))\n"
        "from matplotlib.figure import Figure\n"
        "jr.pyplot(Figure())\n"  # outside an app: draws nothing, but goes through the code
        "print(','.join(m for m in libs if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split("\n")[:2] == ["", "matplotlib"]
