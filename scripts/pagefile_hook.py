"""Build the fork server's page-file library (jupyter_reactive/forkserver/_pagefile.c) at install.

A hatch build hook (``[tool.hatch.build.hooks.custom]`` in pyproject.toml): for a wheel or an
editable install it compiles the C file with ``$CC`` (default ``cc``) into
``jupyter_reactive/forkserver/_pagefile.so``, next to its source, and the wheel becomes
platform-tagged. Linux only. Where there is no compiler, or it fails, the install goes on
without the library (one warning): the fork server then says in its ``ping`` reply why its page
file is off, and everything else works as before.

Also a script: ``python3 scripts/pagefile_hook.py`` builds the library in the checkout (what an
editable install does), and the tests call :func:`build` directly.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import warnings
from pathlib import Path

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script or imported by the tests: only build() is used
    BuildHookInterface = object  # type: ignore[assignment,misc]

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "jupyter_reactive" / "forkserver" / "_pagefile.c"
LIBRARY = "_pagefile.so"
RELATIVE = "jupyter_reactive/forkserver/" + LIBRARY


def build(source: Path = SOURCE, target: Path | None = None, cc: str | None = None) -> tuple[Path | None, str]:
    """Compile ``source`` into the shared library ``target`` (default: next to the source).
    Returns (the library, "") or (None, why not); never raises for a missing or failing
    compiler. The library is written under a temporary name and renamed, so a process that has
    the old one loaded keeps it."""
    target = target if target is not None else source.with_name(LIBRARY)
    if not sys.platform.startswith("linux"):
        return None, "the page file is Linux only"
    command = shlex.split(cc if cc is not None else os.environ.get("CC") or "cc")
    if not command:
        return None, "no C compiler ($CC is empty)"
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    args = [*command, "-O2", "-shared", "-fPIC", "-Wall", "-o", str(partial), str(source)]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as err:
        return None, f"no C compiler ({command[0]}: {err})"
    if done.returncode != 0 or not partial.exists():
        partial.unlink(missing_ok=True)
        detail = (done.stderr or done.stdout).strip().splitlines()
        return None, f"{command[0]} failed (exit {done.returncode}){': ' + detail[-1] if detail else ''}"
    os.replace(partial, target)
    return target, ""


class PageFileBuildHook(BuildHookInterface):  # type: ignore[misc,valid-type]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":  # the sdist ships the C source, not a build
            return
        root = Path(self.root)
        built, why = build(root / "jupyter_reactive" / "forkserver" / "_pagefile.c")
        if built is None:
            warnings.warn(
                f"jupyter_reactive: the fork server's page file is not built ({why}); "
                "everything else works, the page file stays off",
                stacklevel=1,
            )
            return
        build_data["artifacts"].append(RELATIVE)  # git-ignored, so named here
        build_data["pure_python"] = False
        build_data["infer_tag"] = True


if __name__ == "__main__":
    path, reason = build()
    print(path if path is not None else f"not built: {reason}")
    sys.exit(0 if path is not None else 1)
