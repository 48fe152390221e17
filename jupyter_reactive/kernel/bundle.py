"""Unpack the app's folder that the server sent with the session (kernels on a gateway).

See :mod:`jupyter_reactive.server.bundle`. The zip goes into a new private directory, which
becomes the kernel's working directory and the first entry of ``sys.path``, so the script opens
its data files and imports its modules as it would beside them on the server. Every member name
is checked before anything is written: relative, no ``..``, no drive or absolute path.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import zipfile
from pathlib import Path, PurePosixPath


def safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name and ":" not in name


_root: Path | None = None  # where unpack() put the app's folder


def _checked_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """The zip in ``data`` once every member name is known to stay inside its folder."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise ValueError(f"{what} did not arrive as a zip") from err
    bad = [n for n in zf.namelist() if not safe_member(n)]
    if bad:
        zf.close()
        raise ValueError(f"the app's files name a path outside their folder: {bad[0]!r}")
    return zf


def unpack(data: bytes) -> Path:
    """Unpack the bundle into a new directory; chdir there and put it first on ``sys.path``.
    Raises ValueError for a bundle that is not a zip or names a path outside itself."""
    with _checked_zip(data, "the app's files") as zf:
        root = Path(tempfile.mkdtemp(prefix="jr-app-"))
        zf.extractall(root)
    os.chdir(root)
    sys.path.insert(0, str(root))
    global _root
    _root = root
    return root


def update(data: bytes, gone: list[str]) -> list[str]:
    """Files of the app's folder edited on the server since :func:`unpack`: write them over the
    copy (new modification times, so the next run reloads the modules among them) and remove
    those in ``gone``. Returns the names written. Raises ValueError for anything unsafe or a
    kernel that unpacked nothing."""
    if _root is None:
        raise ValueError("this kernel holds no copy of the app's files")
    if not isinstance(gone, list) or not all(isinstance(n, str) and safe_member(n) for n in gone):
        raise ValueError("the files to remove name a path outside their folder")
    with _checked_zip(data, "the app's edited files") as zf:
        names = zf.namelist()
        zf.extractall(_root)
    for name in gone:
        try:
            (_root / name).unlink()
        except (FileNotFoundError, IsADirectoryError):
            pass
    return names
