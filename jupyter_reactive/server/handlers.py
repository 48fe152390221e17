"""Thin HTTP handlers: app page, app index, health, sessions (server loop).

Each declares its ``auth_resource``, reads the request, calls one collaborator handed to it in
``initialize`` and writes a response. Errors are JSON ``{error, message}`` without tracebacks.
"""

from __future__ import annotations

import html
import json
from typing import Any

from jupyter_server.auth.decorator import allow_unauthenticated, authorized
from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from jupyter_server.utils import url_escape, url_path_join
from tornado import web

from .._version import __version__
from .scripts import AppNotFound
from .session import AppSessionManager

# The config and the inline boot script come before the stylesheet: an inline script after a
# pending stylesheet would wait for it. boot opens the WebSocket while app.js is still loading.
PAGE = """<!doctype html><html lang="en"{scheme}><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="icon" href="{icon}">
<script id="jupyter-reactive-config" type="application/json">{config}</script>
{boot}<link rel="stylesheet" href="{static}app.css?v={version}">{theme}
<script src="{static}app.js?v={version}" defer></script>
</head><body><div id="jr-app"></div></body></html>
"""

INDEX = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Apps</title>
<link rel="icon" href="{icon}"><link rel="stylesheet" href="{static}app.css?v={version}"></head>
<body><main class="jr-index"><h1>Apps</h1><ul>{items}</ul></main></body></html>
"""


def page_icon(base_url: str) -> str:
    """The tab's icon until set_page_config sets one: jupyter-server's own, under the server's
    base URL (without a link the browser asks for ``/favicon.ico`` at the host's root, which
    behind a proxy's path prefix is not this server)."""
    return html.escape(url_path_join(base_url, "static/favicon.ico"))


def _json_for_script(value: Any) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def frameable_by_own_origin(policy: str) -> str:
    """``policy`` with its ``frame-ancestors`` directive replaced by ``'self'``; every other
    directive is kept as the server's configuration has it."""
    kept = [d.strip() for d in policy.split(";") if d.strip() and d.split()[0].lower() != "frame-ancestors"]
    return "; ".join(["frame-ancestors 'self'", *kept])


class AppPageHandler(ExtensionHandlerMixin, JupyterHandler):
    """``reactive/app/<path>[/<page>]``: the page that opens the app's WebSocket (``<page>``: a
    page of a multipage app, so that its URL survives a reload and works in a new tab)."""

    auth_resource = "reactive:apps"

    @property
    def content_security_policy(self) -> str:
        # JupyterLab's "Run as app" panel frames this page. A JupyterHub single-user server sends
        # `frame-ancestors 'none'` on every page (ServerApp.tornado_settings headers), which
        # would leave the panel blank: this page, and only it, may be framed by its own origin.
        return frameable_by_own_origin(super().content_security_policy)

    def initialize(
        self,
        name: str,
        resolve_page: Any,
        boot_html: str = "",
        theme: Any = None,
        scheme_html: str = "",
        toolbar: Any = None,
        **kwargs: Any,
    ) -> None:
        super().initialize(name, **kwargs)
        self.resolve_page = resolve_page  # URL path -> (app, page URL path): scripts.resolve_app_page
        self.boot = boot_html  # the inline boot <script> element, made once at start (app.py)
        # app -> (CSS, forced scheme or None, _): its Streamlit [theme] (streamlit_config.page_style)
        self.theme = theme
        self.scheme_script = scheme_html  # applies a forced scheme once the stylesheet is in
        self.toolbar = toolbar  # app -> what its menu offers: "developer", "viewer" or "minimal"

    @web.authenticated
    @authorized
    def get(self, path: str) -> None:
        try:
            app, page = self.resolve_page(path)
        except AppNotFound:
            raise web.HTTPError(404) from None
        config = {
            "wsUrl": url_path_join(self.base_url, "reactive/ws", url_escape(app.rel_path)),
            "appPath": app.rel_path,
            "page": page,  # a multipage app's page (the URL's path after the app's)
            "baseUrl": self.base_url,
            "title": app.title,
            "xsrfToken": self.xsrf_token.decode(),
            "toolbar": self.toolbar(app) if self.toolbar is not None else "viewer",
            "version": __version__,  # the About dialog's default text
        }
        css, scheme, _ = self.theme(app) if self.theme is not None else ("", None, [])
        self.set_header("Cache-Control", "no-store")
        self.finish(
            PAGE.format(
                # the configured theme is in the page itself: its first paint has it; a forced
                # scheme (theme.base) switches the stylesheet's scheme rules in an inline script
                # after it, which runs once the stylesheet is in, before the first paint
                scheme=f' data-jr-theme="{scheme}" style="color-scheme:{scheme}"' if scheme else "",
                theme=(f'\n<style id="jr-theme">{css}</style>' if css else "") + (self.scheme_script if scheme else ""),
                title=html.escape(app.title),
                icon=page_icon(self.base_url),
                static=self.static_url_prefix,
                version=__version__,
                config=_json_for_script(config),
                boot=self.boot,
            )
        )

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code}: {self._reason}")


class AppIndexHandler(ExtensionHandlerMixin, JupyterHandler):
    """``reactive/``: the apps this server may run, as links."""

    auth_resource = "reactive:apps"

    def initialize(self, name: str, list_apps: Any, **kwargs: Any) -> None:
        super().initialize(name, **kwargs)
        self.list_apps = list_apps

    @web.authenticated
    @authorized
    def get(self) -> None:
        items = (
            "".join(
                f'<li><a href="{html.escape(url_path_join(self.base_url, "reactive/app", url_escape(p)))}">'
                f"{html.escape(p)}</a></li>"
                for p in self.list_apps()
            )
            or "<li>No apps here.</li>"
        )
        self.finish(
            INDEX.format(icon=page_icon(self.base_url), static=self.static_url_prefix, version=__version__, items=items)
        )


class HealthHandler(ExtensionHandlerMixin, APIHandler):
    """``reactive/api/health``: 200 while the extension can serve (for load balancers)."""

    auth_resource = "reactive:health"

    def initialize(self, name: str, sessions: AppSessionManager, **kwargs: Any) -> None:
        super().initialize(name, **kwargs)
        self.sessions = sessions

    @allow_unauthenticated
    def get(self) -> None:
        self.finish({"status": "ok", "version": __version__})


class NoPageHandler(ExtensionHandlerMixin, JupyterHandler):
    """Serve mode without a token: jupyter-server's pages (``/files``, ``/view``...) are a plain
    404, as any other path that is not the app's, instead of a redirect to a login page that
    does not exist (see ``auth.login_pages``)."""

    auth_resource = "reactive:apps"

    @allow_unauthenticated
    def get(self, *args: Any, **kwargs: Any) -> None:
        raise web.HTTPError(404)

    head = get


class SessionsHandler(ExtensionHandlerMixin, APIHandler):
    """``reactive/api/sessions``: live app sessions, for authenticated users (never viewers)."""

    auth_resource = "reactive:sessions"

    def initialize(self, name: str, sessions: AppSessionManager, **kwargs: Any) -> None:
        super().initialize(name, **kwargs)
        self.sessions = sessions

    @web.authenticated
    @authorized
    def get(self) -> None:
        self.finish(json.dumps(self.sessions.list()))
