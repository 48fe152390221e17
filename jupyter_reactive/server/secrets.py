"""An app's secrets, read by the server from TOML files and handed to its kernel (server loop).

The server reads them, not the kernel: a remote kernel (``--gateway-url``) does not share the
app's disk, and the files must never be reachable from the page. What the kernel gets travels on
the session's inbound comm (shell channel), never on a frame the page sees.

Files, lowest precedence first (a later file's top-level keys replace an earlier one's, as
Streamlit merges its ``secrets.files``):

1. ``~/.streamlit/secrets.toml`` — the user's, as Streamlit reads it;
2. ``<app folder>/.streamlit/secrets.toml`` — the project's, so Streamlit apps run unchanged;
3. ``<app folder>/.jupyter_reactive/secrets.toml`` — this project's own name for the same.

A file is parsed again only when its size or modification time changed, so checking before each
run (which :class:`~.session.AppSession` does) costs a few ``stat`` calls. A file that does not
parse makes the whole payload an error naming the file (its place, not its content, and never a
value); the script sees it when it reads ``jr.secrets``.
"""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: where the files are looked for, relative to the app's folder (or, for ``~``, the user's home)
APP_FILES = (".streamlit/secrets.toml", ".jupyter_reactive/secrets.toml")
USER_FILE = ".streamlit/secrets.toml"


@dataclass(frozen=True)
class _Parsed:
    signature: tuple[int, int, int]  # inode, size, mtime_ns: reparse when one changes
    values: dict[str, Any] | None
    error: str | None


class SecretsReader:
    """Reads and caches the secrets files of the apps this server runs. Server loop only.

    ``home``: the folder ``~`` stands for (the server user's home by default); tests pass their
    own so that a developer's real secrets are never read."""

    def __init__(self, home: Callable[[], Path] | Path | None = None):
        self._home = home
        self._cache: dict[Path, _Parsed] = {}

    def home(self) -> Path:
        if isinstance(self._home, Path):
            return self._home
        return self._home() if self._home is not None else Path.home()

    def files(self, app_folder: Path | str) -> list[tuple[Path, str]]:
        """(path, the name shown in messages), lowest precedence first."""
        folder = Path(app_folder)
        return [(self.home() / USER_FILE, f"~/{USER_FILE}")] + [(folder / rel, rel) for rel in APP_FILES]

    def signature(self, app_folder: Path | str) -> tuple[Any, ...]:
        """Changes whenever one of the app's secrets files appears, disappears or is written."""
        return tuple(_stat(path) for path, _ in self.files(app_folder))

    def payload(self, app_folder: Path | str) -> dict[str, Any]:
        """What the kernel gets: ``{"values": {...}}`` merged from the files found, or
        ``{"values": None}`` when there is none, or ``{"error": "..."}`` naming a file that does
        not parse. ``looked_in`` lists the places (as shown names) for the kernel's messages."""
        merged: dict[str, Any] = {}
        found = False
        shown = [name for _, name in self.files(app_folder)]
        for path, name in self.files(app_folder):
            parsed = self._parse(path, name)
            if parsed is None:
                continue
            if parsed.error is not None:
                return {"error": parsed.error, "looked_in": shown}
            found = True
            merged.update(parsed.values or {})
        return {"values": merged if found else None, "looked_in": shown}

    def _parse(self, path: Path, name: str) -> _Parsed | None:
        signature = _stat(path)
        if signature is None:
            self._cache.pop(path, None)
            return None
        cached = self._cache.get(path)
        if cached is not None and cached.signature == signature:
            return cached
        try:
            with open(path, "rb") as f:
                values: dict[str, Any] | None = _plain(tomllib.load(f))
            error = None
        except tomllib.TOMLDecodeError as err:
            # tomllib's messages say what is wrong and where (line, column), never the text
            values, error = None, f"Error parsing secrets file at {name}: {err}"
        except (OSError, UnicodeDecodeError) as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else "not readable as UTF-8 TOML"
            values, error = None, f"Error reading secrets file at {name}: {reason}"
        parsed = _Parsed(signature, values, error)
        self._cache[path] = parsed
        return parsed


def _plain(value: Any) -> Any:
    """TOML's dates and times as ISO strings: the payload travels as JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        return value.isoformat()
    return value


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)
