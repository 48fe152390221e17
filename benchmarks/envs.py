"""The benchmark's own virtual environments: Streamlit and Voilà, each installed from PyPI into
``benchmarks/.envs/<name>`` on first use (``python3 -m venv`` + pip) and reused afterwards.

jupyter_reactive and the floor run on the machine's python3 (the one running the benchmark).
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

ENVS = Path(__file__).resolve().parent / ".envs"


@dataclass(frozen=True)
class EnvSpec:
    name: str
    requirements: tuple[str, ...]  # what pip installs (latest releases)
    report: tuple[str, ...]  # distributions whose versions the results record


SPECS = {
    "streamlit": EnvSpec("streamlit", ("streamlit",), ("streamlit", "starlette", "uvicorn", "tornado")),
    "voila": EnvSpec(
        "voila", ("voila", "ipywidgets", "ipykernel"), ("voila", "ipywidgets", "jupyter_server", "ipykernel", "tornado")
    ),
}

_VERSIONS = """
import importlib.metadata as m, json, sys
def v(n):
    try:
        return m.version(n)
    except m.PackageNotFoundError:
        return None
print(json.dumps({n: v(n) for n in sys.argv[1:] if v(n)}))
"""


def env_dir(name: str) -> Path:
    return ENVS / name


def python(name: str) -> Path:
    return env_dir(name) / "bin" / "python"


def ensure(name: str, log=print) -> dict[str, str]:
    """Create the venv ``name`` and install its requirements unless that was done before;
    return the versions of its reported distributions."""
    spec = SPECS[name]
    root = env_dir(name)
    stamp = root / "installed.json"
    installed = json.loads(stamp.read_text()).get("requirements") if stamp.exists() else None
    if installed != list(spec.requirements):
        fresh = not python(name).exists()
        log(
            f"[envs] {'creating' if fresh else 'updating'} {root}: pip install {' '.join(spec.requirements)}"
            " from PyPI (first run only)"
        )
        if fresh:
            root.parent.mkdir(parents=True, exist_ok=True)
            venv.EnvBuilder(with_pip=True).create(root)
        pip_log = root / "pip.log"
        with open(pip_log, "a") as out:
            for args in (("--upgrade", "pip"), spec.requirements):
                done = subprocess.run(
                    [str(python(name)), "-m", "pip", "install", "--disable-pip-version-check", *args],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    check=False,
                )
                if done.returncode:
                    raise RuntimeError(f"pip install {' '.join(args)} failed in {root}: see {pip_log}")
        stamp.write_text(json.dumps({"requirements": list(spec.requirements)}))
    out = subprocess.run(
        [str(python(name)), "-c", _VERSIONS, *spec.report], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


if __name__ == "__main__":  # python benchmarks/envs.py [names…]: prepare the envs only
    for n in sys.argv[1:] or SPECS:
        print(n, ensure(n))
