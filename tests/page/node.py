"""Page modules under node for this folder's tests (no browser): ``bundle`` builds modules of
labextension/app with the page's own esbuild into one CommonJS file, ``caller`` makes the
functions they export callable from Python (JSON in, JSON out), ``run_script`` runs a script of
a test's own. Without node or the page's node_modules the asking test is skipped."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
LABEXT = ROOT / "labextension"
ESBUILD = LABEXT / "node_modules" / ".bin" / "esbuild"


def node() -> str:
    found = shutil.which("node")
    if found is None or not ESBUILD.exists():
        pytest.skip("needs node and labextension/node_modules (npm ci)")
    return found


def bundle(folder: Path, *modules: str) -> Path:
    """``modules`` (paths under labextension/app, without ``.ts``), everything they export, in one
    CommonJS file in ``folder``."""
    node()
    entry = folder / "entry.ts"
    entry.write_text("".join(f"export * from {json.dumps(str(LABEXT / 'app' / m))};\n" for m in modules))
    out = folder / "bundle.cjs"
    subprocess.run(
        [str(ESBUILD), str(entry), "--bundle", "--format=cjs", "--log-level=error", f"--outfile={out}"], check=True
    )
    return out


def run_script(script: str, stdin: Any = None) -> Any:
    """``script`` under node, ``stdin`` given as JSON; what it writes read as JSON."""
    done = subprocess.run(
        [node(), "-e", script],
        input=json.dumps(stdin),
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"},
    )
    return json.loads(done.stdout)


def caller(folder: Path, *modules: str, prelude: str = "") -> Callable[[list[tuple[str, list[Any]]]], list[Any]]:
    """``call([(name, args), ...])``: each exported function of ``modules`` called on its
    arguments in one node process, the results in order (``prelude``: script run first, such as
    stand-ins for browser globals)."""
    out = bundle(folder, *modules)
    script = (
        prelude
        + f"const m = require({json.dumps(str(out))});"
        + "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        + "process.stdout.write(JSON.stringify(cases.map(([f, args]) => m[f](...args))));"
    )
    return lambda cases: run_script(script, [list(c) for c in cases])
