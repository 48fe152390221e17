"""Streamlit's static file serving (``server.enableStaticServing``): the files of a ``static/``
folder beside an app, at ``app/static/<file>`` relative to the app's page (server loop).

An app's markdown writes ``![cat](app/static/cat.png)`` as for Streamlit; relative to the page's
URL, ``reactive/app/<app>`` (or a page of it, ``reactive/app/<app>/<page>``, or an app in a
folder, ``reactive/app/<folder>/<app>``), that is ``reactive/app/[<folder>/|<app>/[<page>/]]
app/static/cat.png``. The folder is the app's own (one this server may run an app from), and
only when that app's configuration turns the option on (``[server] enableStaticServing = true``
in its ``.streamlit/config.toml``, ``STREAMLIT_SERVER_ENABLE_STATIC_SERVING``, or serve's
``--server.enableStaticServing=true``).

As in Streamlit: files only (no listing), up to 200 MB, ``nosniff``; the types a browser would
run or render as a page here (HTML, SVG, XML, JavaScript) are sent as ``text/plain``, since
they would share the app's origin. Paths are plain relative ones (components.safe_relative:
no ``..``, absolute, drive or device forms) and must resolve, symlinks followed, inside
``static/``; hidden files are not served.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jupyter_server.auth.decorator import authorized
from tornado import web

from .components import FileHandler, safe_relative
from .scripts import AppNotFound

#: the largest file served (Streamlit's limit)
MAX_FILE = 200 * 1024 * 1024
#: types sent as they are; anything else a browser could run or render on the app's origin is
#: text/plain (images, fonts, media, PDF, CSS, JSON, plain text...)
_SAFE = ("image/", "font/", "audio/", "video/")
_SAFE_TYPES = {"application/pdf", "text/css", "application/json", "text/plain", "text/csv", "application/wasm"}
_ACTIVE_IMAGES = {"image/svg+xml"}
#: the route: the page's own path (empty, a folder, an app, an app's page), then app/static/...
PATTERN = r"/reactive/app/((?:[^?]*/)?)app/static/(.+)"


def content_type(path: Path) -> str:
    """What ``path`` is served as: its own type when a browser only displays it, else text."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if (kind.startswith(_SAFE) and kind not in _ACTIVE_IMAGES) or kind in _SAFE_TYPES:
        return kind + ("; charset=utf-8" if kind.startswith("text/") else "")
    if kind == "application/octet-stream":
        return kind
    return "text/plain; charset=utf-8"


class AppStaticHandler(FileHandler):
    """GET/HEAD a file of an app's ``static/`` folder."""

    def initialize(self, name: str, folder_for: Callable[[str], Path | None], enabled: Any, **kwargs: Any) -> None:
        super().initialize(name, **kwargs)
        self.folder_for = folder_for  # the URL's page path -> the app's folder, or None
        self.enabled = enabled  # app folder -> whether its configuration serves static/

    @web.authenticated
    @authorized
    async def head(self, page: str, rel: str) -> None:
        self._send(page, rel, include_body=False)

    @web.authenticated
    @authorized
    async def get(self, page: str, rel: str) -> None:
        self._send(page, rel, include_body=True)

    def _send(self, page: str, rel: str, include_body: bool) -> None:
        path = self._file(page, rel)
        size = path.stat().st_size
        if size > MAX_FILE:
            raise web.HTTPError(404)
        self.set_header("Content-Type", content_type(path))
        self.set_header("Cache-Control", "no-cache")
        if not include_body:
            self.set_header("Content-Length", str(size))
            self.finish()
            return
        self.finish(path.read_bytes())

    def _file(self, page: str, rel: str) -> Path:
        if not safe_relative(rel) or any(part.startswith(".") for part in rel.split("/")):
            raise web.HTTPError(404)
        folder = self.folder_for(page.strip("/"))
        if folder is None or not self.enabled(folder):
            raise web.HTTPError(404)
        static = folder / "static"
        try:
            root = static.resolve(strict=True)
            target = (static / rel).resolve(strict=True)
        except (OSError, RuntimeError):
            raise web.HTTPError(404) from None
        if not target.is_relative_to(root) or not target.is_file():
            raise web.HTTPError(404)
        return target


def app_folder_for(
    root_dir: str,
    resolve_page: Callable[[str], Any],
    list_apps: Callable[[str], list[str]],
    page: str,
) -> Path | None:
    """The folder of the app a page path names (``"app.py"``, ``"app.py/Page"``), or of a
    folder holding an app this server may run (``""``, ``"sub"``); None otherwise."""
    if page:
        try:
            app, _ = resolve_page(page)
            return Path(app.file).parent
        except AppNotFound:
            pass
    if not safe_relative(page) and page != "":
        return None
    if not list_apps(page):
        return None
    return Path(root_dir).resolve() / page if page else Path(root_dir).resolve()
