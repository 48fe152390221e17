"""An app's secrets, read by the server from TOML files and handed to its kernel (server loop).

The server reads them, not the kernel: a remote kernel (``--gateway-url``) does not share the
app's disk, and the files must never be reachable from the page. What the kernel gets travels on
the session's inbound comm (shell channel), never on a frame the page sees.

Files, lowest precedence first (a later file's top-level keys replace an earlier one's, as
Streamlit merges its ``secrets.files``):

1. ``~/.streamlit/secrets.toml`` — the user's, as Streamlit reads it;
2. ``<app folder>/.streamlit/secrets.toml`` — the project's, so Streamlit apps run unchanged;
3. ``<app folder>/.jupyter_reactive/secrets.toml`` — this project's own name for the same.

The app's ``secrets.files`` option (config.toml's ``[secrets] files = [...]``,
``STREAMLIT_SECRETS_FILES``, ``--secrets.files``) replaces that list, as in Streamlit: each entry a
``.toml`` file or a folder of Kubernetes-style secrets (:mod:`jupyter_reactive.secretfiles`).

A file is parsed again only when its size or modification time changed, so checking before each
run (which :class:`~.session.AppSession` does) costs a few ``stat`` calls. A file that does not
parse makes the whole payload an error naming the file (its place, not its content, and never a
value); the script sees it when it reads ``jr.secrets``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..secretfiles import SecretsFileError, read_entry, signature

#: where the files are looked for, relative to the app's folder (or, for ``~``, the user's home)
APP_FILES = (".streamlit/secrets.toml", ".jupyter_reactive/secrets.toml")
USER_FILE = ".streamlit/secrets.toml"


@dataclass(frozen=True)
class _Parsed:
    signature: Any  # changes when the file (or a folder's secret) changes: reparse then
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

    def files(
        self, app_folder: Path | str, configured: Sequence[str] | None = None, base: Path | None = None
    ) -> list[tuple[Path, str]]:
        """(path, the name shown in messages), lowest precedence first. ``configured``: the
        app's ``secrets.files`` option, which replaces the default places as in Streamlit (a
        relative entry is taken from ``base``, the folder the server was started in, else the
        app's; ``~`` is the server user's home)."""
        folder = Path(app_folder)
        if configured is not None:
            out = []
            for entry in configured:
                text = str(entry)
                if text == "~" or text.startswith("~/"):
                    path = self.home() / text[2:]
                else:
                    path = (base or folder) / text  # an absolute entry stays itself
                out.append((path, text))
            return out
        return [(self.home() / USER_FILE, f"~/{USER_FILE}")] + [(folder / rel, rel) for rel in APP_FILES]

    def signature(
        self, app_folder: Path | str, configured: Sequence[str] | None = None, base: Path | None = None
    ) -> tuple[Any, ...]:
        """Changes whenever one of the app's secrets files appears, disappears or is written."""
        return tuple(signature(path) for path, _ in self.files(app_folder, configured, base))

    def payload(
        self, app_folder: Path | str, configured: Sequence[str] | None = None, base: Path | None = None
    ) -> dict[str, Any]:
        """What the kernel gets: ``{"values": {...}}`` merged from the files found, or
        ``{"values": None}`` when there is none, or ``{"error": "..."}`` naming a file that does
        not parse. ``looked_in`` lists the places (as shown names) for the kernel's messages."""
        merged: dict[str, Any] = {}
        found = False
        files = self.files(app_folder, configured, base)
        shown = [name for _, name in files]
        for path, name in files:
            parsed = self._parse(path, name)
            if parsed is None:
                continue
            if parsed.error is not None:
                return {"error": parsed.error, "looked_in": shown}
            found = True
            merged.update(parsed.values or {})
        return {"values": merged if found else None, "looked_in": shown}

    def _parse(self, path: Path, name: str) -> _Parsed | None:
        sig = signature(path)
        if sig is None:
            self._cache.pop(path, None)
            if not str(path).endswith(".toml"):  # Streamlit refuses an entry that is neither
                return _Parsed(sig, None, f"Invalid secrets path: {name}: path is not a .toml file or a directory")
            return None
        cached = self._cache.get(path)
        if cached is not None and cached.signature == sig:
            return cached
        try:
            values = read_entry(path, name)
            error = None
        except SecretsFileError as err:
            values, error = None, str(err)
        if values is None and error is None:
            return None  # gone between the stat and the read, or an empty folder
        parsed = _Parsed(sig, values, error)
        self._cache[path] = parsed
        return parsed
