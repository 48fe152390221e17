"""The app's folder as one zip, for kernels that do not share the server's disk (server loop).

A kernel on a Kernel/Enterprise Gateway runs on another machine: the script's text already
travels through the session, and so must what the script reads beside it — modules imported
from its folder, data files, images. :func:`app_bundle` zips the app's folder (sub-folders
included) once per version of its files; the session hands the zip to the kernel with the
session's config and the kernel unpacks it into a private working directory
(:mod:`jupyter_reactive.kernel.bundle`).

Left out: hidden files and folders (``.git``, ``.streamlit`` with its secrets, ``.env``),
``__pycache__``, symlinks that leave the folder, and whatever does not fit ``max_bytes`` (the
largest files first); the names left out are returned so the page can say so.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

SKIPPED_DIRS = {"__pycache__", "node_modules"}


@dataclass(frozen=True)
class Bundle:
    data: bytes  # the zip
    left_out: tuple[str, ...]  # relative paths not included (over the size limit)
    names: tuple[str, ...] = ()  # relative paths included


def changed_files(folder: Path, paths: list[Path], max_bytes: int) -> tuple[bytes, list[str]]:
    """A zip of the files among ``paths`` (of a bundle sent before) as they are now, and the
    relative names of those that are gone, for a kernel that holds an unpacked copy. Paths
    outside ``folder``, hidden ones and those over ``max_bytes`` in all are skipped."""
    root = folder.resolve()
    buf = io.BytesIO()
    gone: list[str] = []
    total = 0
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1, strict_timestamps=False) as zf:
        for path in sorted(set(paths)):
            try:
                name = path.resolve().relative_to(root).as_posix()
            except (OSError, ValueError):
                continue
            if any(part.startswith(".") or part in SKIPPED_DIRS for part in name.split("/")):
                continue
            try:
                size = path.stat().st_size
                if total + size > max_bytes:
                    continue
                zf.write(path, name)
                total += size
            except FileNotFoundError:
                gone.append(name)
            except OSError:
                continue
    return buf.getvalue(), gone


_cache: dict[tuple[str, int], tuple[tuple[tuple[str, int, int], ...], Bundle]] = {}


def _files(folder: Path) -> list[tuple[str, Path, int, int]]:
    """(relative name, path, size, mtime_ns) of the files a bundle may hold, sorted by name."""
    found = []
    root = folder.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            try:
                real = path.resolve(strict=True)
                st = real.stat()
            except OSError:
                continue
            if not real.is_relative_to(root) or not real.is_file():
                continue  # a symlink out of the folder, a socket, ...
            found.append((path.relative_to(root).as_posix(), real, st.st_size, st.st_mtime_ns))
    return sorted(found)


def app_bundle(folder: Path, max_bytes: int) -> Bundle:
    """The zip of ``folder`` (cached while its files' names, sizes and times stay the same)."""
    files = _files(folder)
    stamp = tuple((name, size, mtime) for name, _p, size, mtime in files)
    key = (str(folder.resolve()), max_bytes)
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    # the smallest files first: a big data file is what gets left out, never the modules
    chosen, left_out, total = [], [], 0
    for name, path, size, _mtime in sorted(files, key=lambda f: (f[2], f[0])):
        if total + size > max_bytes:
            left_out.append(name)
            continue
        chosen.append((name, path))
        total += size
    buf = io.BytesIO()
    # strict_timestamps=False: a file dated before 1980 (restored, generated) is no reason to fail
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1, strict_timestamps=False) as zf:
        for name, path in sorted(chosen):
            try:
                zf.write(path, name)
            except OSError:
                left_out.append(name)
    included = tuple(sorted(name for name, _path in chosen if name not in left_out))
    bundle = Bundle(buf.getvalue(), tuple(sorted(left_out)), included)
    if len(_cache) > 32:
        _cache.clear()
    _cache[key] = (stamp, bundle)
    return bundle
