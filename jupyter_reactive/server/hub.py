"""JupyterHub: ``jupyter reactive serve`` as a hub service or named server (server process).

When JupyterHub starts a process — a managed service (``c.JupyterHub.services``) or a user's
server whose command is ``jupyter reactive serve app.py`` — it says where that process must
listen and how it authenticates in the environment: ``JUPYTERHUB_SERVICE_URL`` (the address),
``JUPYTERHUB_SERVICE_PREFIX`` (the URL prefix the hub's proxy routes to it),
``JUPYTERHUB_API_TOKEN`` / ``JUPYTERHUB_API_URL`` (to ask the hub who a cookie or token belongs
to), ``JUPYTERHUB_CLIENT_ID`` / ``JUPYTERHUB_OAUTH_CALLBACK_URL`` (its OAuth client) and
``JUPYTERHUB_OAUTH_ACCESS_SCOPES`` (who may come in: ``access:services!service=<name>`` or
``access:servers!server=<user>/<name>``).

:func:`serve_settings` turns that environment into serve's server options; the identity is
JupyterHub's own :class:`~jupyterhub.singleuser.extension.JupyterHubIdentityProvider` (HubOAuth:
the login redirect, the OAuth callback with its state check, the encrypted cookie, XSRF tied to
it), and :class:`HubViewerAuthorizer` lets a hub user who holds the access scope reach the app
resources that serve mode's anonymous viewers reach, and nothing else. Anonymous requests go to
the hub's login; a hub user without the scope gets 403. jupyterhub is imported only here and
only in hub mode (``pip install jupyter_reactive[hub]``, or the hub's own environment).

Inside ``jupyterhub-singleuser`` (a user's whole Jupyter server) nothing here is used: that
server's own hub identity provider and authorizer guard the extension's routes like any other.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from jupyter_server.auth.authorizer import Authorizer

from .auth import VIEWER_RESOURCES

#: The variable whose presence means "started by JupyterHub".
SERVICE_URL = "JUPYTERHUB_SERVICE_URL"


class HubSetupError(Exception):
    """The hub's environment cannot work; the message is one line that says why and what to do."""


def in_hub(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this process was started by JupyterHub (as a service or a user's server)."""
    return bool((os.environ if environ is None else environ).get(SERVICE_URL))


def serve_settings(environ: Mapping[str, str] | None = None) -> list[str]:
    """Serve mode's server options for a process JupyterHub started: its address, prefix and
    hub OAuth. Raises :class:`HubSetupError` when the environment cannot work."""
    env = os.environ if environ is None else environ
    try:
        import jupyterhub.singleuser.extension  # noqa: F401  (the identity provider lives there)
    except ImportError as err:
        raise HubSetupError(
            f"started by JupyterHub ({SERVICE_URL} is set) but jupyterhub is not importable ({err}); "
            "`pip install jupyter_reactive[hub]` in the app's environment"
        ) from None
    url = urlparse(env[SERVICE_URL])
    if url.scheme not in ("http", "https") or not url.hostname:
        raise HubSetupError(f"{SERVICE_URL}={env[SERVICE_URL]!r} is not an http(s)://host:port URL")
    try:
        port = url.port or (443 if url.scheme == "https" else 80)
    except ValueError:
        raise HubSetupError(f"{SERVICE_URL}={env[SERVICE_URL]!r} has a bad port") from None
    for name in ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL", "JUPYTERHUB_CLIENT_ID"):
        if not env.get(name):
            raise HubSetupError(
                f"started by JupyterHub ({SERVICE_URL} is set) but ${name} is empty: give the service "
                'a "url" in c.JupyterHub.services (the hub then sets it), or unset ' + SERVICE_URL
            )
    if _in_use(url.hostname, port):
        # e.g. serve typed in a terminal of a hub user's server, which inherits that server's
        # environment: the address is the server's own
        raise HubSetupError(
            f"{SERVICE_URL}={env[SERVICE_URL]} is in use (inside a JupyterHub server's terminal, it is that "
            f"server's address): unset {SERVICE_URL} to serve on a port of your own, or open the app in "
            "this server at reactive/app/<path>"
        )
    prefix = env.get("JUPYTERHUB_SERVICE_PREFIX") or "/"
    settings = [
        f"--ServerApp.ip={url.hostname}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",  # the hub's proxy routes to this port and no other
        f"--ServerApp.base_url={prefix}",
        "--ServerApp.open_browser=False",
        "--ServerApp.allow_remote_access=True",  # requests arrive through the hub's proxy
        "--ServerApp.trust_xheaders=True",
        "--ServerApp.identity_provider_class=jupyterhub.singleuser.extension.JupyterHubIdentityProvider",
        "--ServerApp.authorizer_class=jupyter_reactive.server.hub.HubViewerAuthorizer",
    ]
    if url.scheme == "https":  # the hub's internal SSL: certificates come in the environment
        for var, trait in (
            ("JUPYTERHUB_SSL_KEYFILE", "keyfile"),
            ("JUPYTERHUB_SSL_CERTFILE", "certfile"),
            ("JUPYTERHUB_SSL_CLIENT_CA", "client_ca"),
        ):
            if env.get(var):
                settings.append(f"--ServerApp.{trait}={env[var]}")
    return settings


def _in_use(host: str, port: int) -> bool:
    """Whether something already listens on ``host:port`` (a bind test; the port stays free)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return False  # the server's own bind reports an unknown host
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as err:
            return err.errno == errno.EADDRINUSE
    return False


def check_token(environ: Mapping[str, str] | None = None, timeout: float = 10.0) -> None:
    """Ask the hub whom ``JUPYTERHUB_API_TOKEN`` belongs to, so a wrong token stops serve at
    start with one line instead of refusing every viewer later. Raises :class:`HubSetupError`."""
    env = os.environ if environ is None else environ
    api = env.get("JUPYTERHUB_API_URL", "").rstrip("/")
    request = urllib.request.Request(
        api + "/user", headers={"Authorization": f"token {env.get('JUPYTERHUB_API_TOKEN', '')}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            json.load(response)
    except urllib.error.HTTPError as err:
        if err.code in (401, 403):
            raise HubSetupError(
                f"the hub at {api} refuses $JUPYTERHUB_API_TOKEN (HTTP {err.code}): start serve from "
                "the hub (it sets the token) or give it the service's api_token"
            ) from None
        raise HubSetupError(f"the hub at {api} answered HTTP {err.code} to a token check") from None
    except (OSError, ValueError) as err:
        raise HubSetupError(f"cannot reach the hub at $JUPYTERHUB_API_URL={api}: {err}") from None


def start_url_without_token(record: logging.LogRecord) -> bool:
    """A log filter for serve under the hub: jupyter-server's start lines give its URL with
    ``?token=...``, a token no hub user ever types (they come in through the hub's login); the
    URL is printed without it."""
    if isinstance(record.msg, str) and record.msg.startswith(("http://", "https://")) and "token=" in record.msg:
        record.msg = _TOKEN_QUERY.sub(lambda m: m[1] if m[0].endswith("&") else "", record.msg)
    return True


_TOKEN_QUERY = re.compile(r"([?&])token=[^\s&#]*&?")


class HubViewerAuthorizer(Authorizer):
    """A hub user who holds this service's (or server's) access scope: the app resources that
    serve mode's viewers get — the app pages, their sockets, media and own uploads — and none of
    Jupyter's own APIs (kernels, contents, sessions, terminals), whatever else the hub grants."""

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        hub_user = getattr(user, "hub_user", None)
        if not isinstance(hub_user, dict) or resource not in VIEWER_RESOURCES:
            return False
        hub_auth = self.identity_provider.hub_auth  # type: ignore[attr-defined]
        return bool(hub_auth.check_scopes(hub_auth.access_scopes, hub_user))
