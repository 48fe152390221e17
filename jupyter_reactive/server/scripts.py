"""Which files are apps, where they are, and their source text (server process).

Every path from a URL goes through :func:`resolve_app` before any file is touched: absolute,
drive, UNC and device paths are refused outright; the rest is resolved (symlinks included) and
must stay inside the root directory (``Path.is_relative_to``, never a string prefix test).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

APP_SUFFIXES = (".py", ".ipynb")


class AppNotFound(Exception):
    """No app at this path (or not one this server may run). The text is safe to show."""


@dataclass(frozen=True)
class AppScript:
    """One runnable app: its path relative to the root (URL form) and its file."""

    rel_path: str
    file: Path

    @property
    def title(self) -> str:
        return self.file.stem

    def source(self) -> str:
        """The Python text to run: the file itself, or a notebook's code cells in order."""
        if self.file.suffix == ".ipynb":
            import warnings

            import nbformat

            with warnings.catch_warnings():
                # a notebook saved by an older tool lacks cell ids; that is no reason to refuse it
                warnings.simplefilter("ignore")
                nb = nbformat.read(str(self.file), as_version=4)
            cells = [c.source for c in nb.cells if c.cell_type == "code"]
            # IPython magics and shell escapes do not run in an app
            return "\n\n".join(_strip_magics(src) for src in cells) + "\n"
        return self.file.read_text(encoding="utf-8")

    def mtime(self) -> float:
        return self.file.stat().st_mtime


def _strip_magics(src: str) -> str:
    return "\n".join(("# " + line) if line.lstrip().startswith(("%", "!")) else line for line in src.splitlines())


def resolve_app(root_dir: str | os.PathLike[str], rel_path: str, allowed: frozenset[str] | None = None) -> AppScript:
    """Map a URL path to an app file under ``root_dir``.

    Args:
        allowed: in serve mode, the only relative paths that may run (None: any app file).
    Raises:
        AppNotFound: for absolute/UNC/device paths, escapes from the root, other suffixes,
            missing files, hidden files, or paths outside ``allowed``.
    """
    if not rel_path or "\x00" in rel_path or "\\" in rel_path:
        raise AppNotFound("no such app")
    if PurePosixPath(rel_path).is_absolute() or PureWindowsPath(rel_path).drive or PureWindowsPath(rel_path).is_absolute():
        raise AppNotFound("no such app")
    parts = PurePosixPath(rel_path).parts
    if any(p in ("", "..") or p.startswith(".") for p in parts):
        raise AppNotFound("no such app")
    root = Path(root_dir).resolve()
    target = (root / Path(*parts)).resolve()
    if not target.is_relative_to(root) or target.suffix not in APP_SUFFIXES or not target.is_file():
        raise AppNotFound("no such app")
    rel = target.relative_to(root).as_posix()
    if allowed is not None and rel not in allowed:
        raise AppNotFound("no such app")
    return AppScript(rel, target)


def list_apps(root_dir: str | os.PathLike[str], folder: str = "") -> list[str]:
    """App files directly in ``folder`` (relative to the root), sorted, hidden files skipped."""
    root = Path(root_dir).resolve()
    base = (root / folder).resolve() if folder else root
    if not base.is_relative_to(root) or not base.is_dir():
        return []
    apps = []
    for entry in sorted(base.iterdir()):
        if entry.name.startswith((".", "_")) or entry.suffix not in APP_SUFFIXES or not entry.is_file():
            continue
        if entry.resolve().is_relative_to(root):
            apps.append(entry.resolve().relative_to(root).as_posix())
    return apps
