"""Custom components' files: a session's declared build folders and the route that serves them
(server loop).

A kernel declares a component's folder with a ``component_folder`` frame; the session keeps it
(:class:`ComponentFolders`), and ``reactive/component/<session>/<token>/<name>/<file>`` serves
files from inside that folder only. The page is never told the path.

Authorization is the URL itself: the session id (unguessable, live) and a token signed for that
session. The component's frame is sandboxed without ``allow-same-origin`` so that it cannot
script the app page; its requests come from an opaque origin and carry no cookies, so a cookie
check would refuse a component's own scripts and styles inside JupyterLab. Module scripts
(``<script type="module">``) are fetched in CORS mode from that opaque origin, hence
``Access-Control-Allow-Origin: *`` on these files (and only these).
"""

from __future__ import annotations

import mimetypes
import os
import re
from pathlib import Path
from typing import Any

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from tornado import web

from .tokens import Signer

_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,199}$")
_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
}
_MAX_FILE = 64 * 1024 * 1024


class ComponentFolders:
    """One session's declared components: name -> build folder (resolved). Server loop only."""

    def __init__(self) -> None:
        self._folders: dict[str, Path] = {}

    def declare(self, name: Any, path: Any) -> str | None:
        """Record a kernel's declaration; returns why it was refused (shown to the viewer,
        without the path), or None."""
        if not isinstance(name, str) or not _NAME.match(name):
            return "its name must be letters, digits, '_', '.' or '-'"
        if not isinstance(path, str) or not os.path.isabs(path) or "\0" in path:
            return f"{name}: its folder must be an absolute path"
        try:
            folder = Path(path).resolve(strict=True)
        except (OSError, RuntimeError):
            return f"{name}: its folder does not exist on the server"
        if not folder.is_dir():
            return f"{name}: its folder does not exist on the server"
        self._folders[name] = folder
        return None

    def file(self, name: str, rel: str) -> Path | None:
        """The file ``rel`` of component ``name``, if it is a regular file inside its folder
        (after resolving symlinks); None for anything else."""
        folder = self._folders.get(name)
        if folder is None or not safe_relative(rel):
            return None
        try:
            target = (folder / rel).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not target.is_relative_to(folder) or not target.is_file():
            return None
        return target


def safe_relative(rel: str) -> bool:
    """A plain relative path: no absolute, UNC, drive or device forms, no ``..``, no NUL or
    backslash (refused before any file access)."""
    if not rel or "\0" in rel or "\\" in rel or rel.startswith("/") or re.match(r"^[A-Za-z]:", rel):
        return False
    return all(p not in ("", ".", "..") and ":" not in p for p in rel.split("/"))


class FileHandler(ExtensionHandlerMixin, JupyterHandler):
    """What every handler serving an app's files shares (components here, an app's ``static/``
    in app_static.py): ``nosniff``, and errors as one plain-text line."""

    auth_resource = "reactive:apps"

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("X-Content-Type-Options", "nosniff")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code}: {'no such file' if status_code == 404 else self._reason}")


class ComponentHandler(FileHandler):
    """GET/HEAD a file of a session's declared component."""

    def initialize(self, name: str, sessions: Any, signer: Signer, **kwargs: Any) -> None:
        super().initialize(name, **kwargs)
        self.sessions = sessions
        self.signer = signer

    async def head(self, session_id: str, token: str, component: str, rel: str) -> None:
        await self.get(session_id, token, component, rel, include_body=False)

    @allow_unauthenticated  # the URL's signed session token is the credential (module docstring)
    async def get(self, session_id: str, token: str, component: str, rel: str, include_body: bool = True) -> None:
        session = self.sessions.get(session_id) if self.signer.verify(token, "component", session_id) else None
        path = session.components.file(component, rel or "index.html") if session is not None else None
        if path is None:
            raise web.HTTPError(404)
        size = path.stat().st_size
        if size > _MAX_FILE:
            raise web.HTTPError(404)
        kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/json", "image/svg+xml"):
            kind += "; charset=utf-8" if "charset" not in kind else ""
        self.set_header("Content-Type", kind)
        self.set_header("Access-Control-Allow-Origin", "*")
        self.set_header("Cache-Control", "no-cache")  # revalidated (ETag): a rebuilt component shows
        if not include_body:
            self.set_header("Content-Length", str(size))
            self.finish()
            return
        self.finish(path.read_bytes())
