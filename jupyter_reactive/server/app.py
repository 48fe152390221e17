"""ReactiveApp: the jupyter-server extension and the ``jupyter reactive serve`` command.

The composition root: every option lives here or on the class it configures (``KernelPool``,
``AppSessionManager``); this module builds them, hands each handler exactly the collaborator it
needs, and tears everything down when the server stops. It loads into any jupyter server
(``jupyter lab``, ``jupyter server``) through the extension points in ``jupyter_reactive``; the
``serve`` subcommand launches the same class with the serve-mode identity and authorizer.
"""

from __future__ import annotations

import os
import sys
from functools import partial
from pathlib import Path
from typing import Any

from jupyter_server.extension.application import ExtensionApp
from jupyter_server.utils import url_escape
from traitlets import Unicode

from .._version import __version__
from .handlers import AppIndexHandler, AppPageHandler, HealthHandler, SessionsHandler
from .kernels import KernelPool
from .scripts import list_apps, resolve_app
from .session import AppSessionManager
from .websocket import AppWebSocketHandler

STATIC = str(Path(__file__).resolve().parent.parent / "static")


class ReactiveApp(ExtensionApp):
    """Streamlit-style reactive apps, a kernel per browser tab."""

    # the extension's name: config file jupyter_reactive_config, static/jupyter_reactive/
    name = "jupyter_reactive"
    description = "Run Python scripts and notebooks as reactive web apps, a kernel per browser tab."
    version = __version__
    # where `jupyter reactive` opens the browser
    extension_url = "/reactive/"
    # `jupyter reactive serve` runs alone; inside `jupyter lab` others load as usual
    load_other_extensions = True
    static_paths = [STATIC]  # noqa: RUF012
    classes = [KernelPool, AppSessionManager]  # noqa: RUF012

    serve_path = Unicode("", config=True, help="""Serve mode: the one app file (or folder of
        apps) this server runs, relative to the server's root_dir. Set by `jupyter reactive
        serve PATH`. Empty: every .py/.ipynb under root_dir can be opened as an app by an
        authenticated user.""")

    def initialize_settings(self) -> None:
        km = self.serverapp.kernel_manager
        self.pool = KernelPool(km, parent=self)
        self.sessions = AppSessionManager(self.pool, km, parent=self)
        self.settings["jupyter_reactive_sessions"] = self.sessions

    def _allowed(self) -> frozenset[str] | None:
        if not self.serve_path:
            return None
        root = Path(self.serverapp.root_dir)
        if (root / self.serve_path).is_dir():
            return frozenset(list_apps(root, self.serve_path))
        return frozenset({Path(self.serve_path).as_posix()})

    def initialize_handlers(self) -> None:
        root = self.serverapp.root_dir
        allowed = self._allowed()
        resolve = partial(resolve_app, root, allowed=allowed)
        index = (lambda: sorted(allowed)) if allowed is not None else partial(list_apps, root)
        sessions = {"sessions": self.sessions}
        self.handlers.extend([
            (r"/reactive/?", AppIndexHandler, {"list_apps": index}),
            (r"/reactive/app/(.+)", AppPageHandler, {"resolve": resolve}),
            (r"/reactive/ws/(.+)", AppWebSocketHandler, {"resolve": resolve, **sessions}),
            (r"/reactive/api/health", HealthHandler, sessions),
            (r"/reactive/api/sessions", SessionsHandler, sessions),
        ])

    async def _start_jupyter_server_extension(self, serverapp: Any) -> None:
        await super()._start_jupyter_server_extension(serverapp)
        allowed = self._allowed()
        if allowed:  # serve mode knows its apps: warm their kernels before the first viewer
            for rel in sorted({os.path.dirname(p) for p in allowed}):
                self.pool.refill((self.pool.kernel_name, rel))

    async def stop_extension(self) -> None:
        await self.sessions.close_all()
        await self.pool.close()


def _serve_argv(argv: list[str]) -> list[str]:
    """``serve PATH [options]`` -> ServerApp options for serve mode."""
    positional = [a for a in argv if not a.startswith("-")]
    options = [a for a in argv if a.startswith("-")]
    if len(positional) != 1:
        raise SystemExit("usage: jupyter reactive serve PATH [--port=N] [--ip=ADDR] [--no-browser] [--Class.trait=value ...]\n"
                         "PATH is an app (.py or .ipynb) or a folder of apps. Options take the --name=value form.")
    target = Path(positional[0]).expanduser().resolve()
    if not target.exists():
        raise SystemExit(f"jupyter reactive serve: {positional[0]} does not exist")
    if target.is_dir():
        root, rel, url = target, "", "reactive/"
    else:
        if target.suffix not in (".py", ".ipynb"):
            raise SystemExit("jupyter reactive serve: PATH must be a .py file, a .ipynb notebook or a folder")
        root, rel = target.parent, target.name
        url = "/reactive/app/" + url_escape(rel)
    return [
        f"--ServerApp.root_dir={root}",
        f"--ReactiveApp.serve_path={rel}",
        f"--ReactiveApp.default_url={url}",
        "--ServerApp.identity_provider_class=jupyter_reactive.server.auth.ViewerIdentityProvider",
        "--ServerApp.authorizer_class=jupyter_reactive.server.auth.ViewerAuthorizer",
        "--IdentityProvider.token=",
        "--ServerApp.allow_root=True",
        "--ServerApp.terminals_enabled=False",
        *options,
    ]


def main(argv: list[str] | None = None) -> None:
    """``jupyter reactive serve PATH``; ``jupyter reactive [server options]`` runs the
    extension in a plain server (token-protected, every app under the root)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "serve":
        ReactiveApp.load_other_extensions = False
        ReactiveApp.launch_instance(_serve_argv(args[1:]))
    else:
        ReactiveApp.launch_instance(args)


