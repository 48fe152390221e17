"""Serve mode's identity and authorizer (server process).

``jupyter reactive serve`` lets anyone who can reach the server view the app, and nothing else.
That is an authorizer decision, not a bypass: a request without credentials gets the *viewer*
identity, and :class:`ViewerAuthorizer` allows viewers the app resources only; Jupyter's own
APIs (kernels, contents, sessions, terminals) answer 403 to them. A request that does carry the
server's token (when an operator configured one) is an ordinary user.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import IdentityProvider, User

VIEWER_USERNAME = "jupyter-reactive-viewer"
EXTENSION_NAME = "jupyter_reactive"  # ReactiveApp.name, set on each of its handlers

#: What a viewer may reach: app pages and their sockets, their media and their own uploads.
VIEWER_RESOURCES = frozenset({"reactive:apps", "reactive:media", "reactive:uploads", "reactive:health"})


def is_viewer(user: Any) -> bool:
    return getattr(user, "username", None) == VIEWER_USERNAME


def viewer_identity(user: Any) -> dict[str, Any]:
    """What ``jr.user`` shows for the identity the server's identity provider gave a tab's
    WebSocket (kernel/user.py): a hub user's name, display name and groups (and email, if the
    authenticator put one in the hub's ``user_info``); any other jupyter-server user's name;
    nobody (``is_logged_in`` False) for serve mode's anonymous viewer or no user."""
    if user is None or is_viewer(user) or not getattr(user, "username", ""):
        return {"is_logged_in": False}
    identity: dict[str, Any] = {
        "is_logged_in": True,
        "username": str(user.username),
        "name": str(getattr(user, "display_name", "") or getattr(user, "name", "") or user.username),
        "groups": [],
    }
    hub_user = getattr(user, "hub_user", None)  # jupyterhub's JupyterHubUser: the hub's user model
    if isinstance(hub_user, dict):
        groups = hub_user.get("groups")
        if isinstance(groups, list):
            identity["groups"] = sorted(str(g) for g in groups)
        info = hub_user.get("user_info")
        email = info.get("email") if isinstance(info, dict) else None
        if isinstance(email, str) and email:
            identity["email"] = email
    return identity


class ViewerIdentityProvider(IdentityProvider):
    """Token or cookie users as usual; a request without credentials to one of the app's own
    handlers is the viewer; any other handler sees no user at all (so handlers that check
    only for *a* user, such as ``/metrics`` or ``/api/me``, refuse viewers too)."""

    async def get_user(self, handler: Any) -> User | None:
        user = await self._get_user(handler)
        if user is not None or getattr(handler, "name", None) != EXTENSION_NAME:
            return user
        return User(username=VIEWER_USERNAME, name="Viewer", display_name="Viewer", initials="V")

    @property
    def has_login_page(self) -> bool:
        """Only with an operator's token is there anything to log in to."""
        return bool(self.token)

    def get_handlers(self) -> list[tuple[str, object]]:
        """No ``/login`` form for viewers to stumble on: there is nothing to log in to unless
        the operator set a token (which then logs in as an ordinary user)."""
        return super().get_handlers() if self.has_login_page else []


class ViewerAuthorizer(Authorizer):
    """Viewers: app resources only. Other users: allowed, as the default authorizer does."""

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        if is_viewer(user):
            return resource in VIEWER_RESOURCES
        return True


def login_pages(serverapp: Any) -> list[str]:
    """The URL patterns of jupyter-server's pages: the routes of its services (and of its
    contents manager: ``/files/...``) whose handlers answer GET and are not APIs. Without
    credentials each of them answers a redirect to ``/login`` — which does not exist in serve mode
    without a token, so there they are shadowed with a plain 404 (``ReactiveApp.initialize_handlers``).
    APIs answer 403 themselves and are left alone."""
    from jupyter_server.base.handlers import APIHandler, JupyterHandler
    from jupyter_server.serverapp import JUPYTER_SERVICE_HANDLERS, load_handlers
    from tornado.web import RequestHandler
    from tornado.websocket import WebSocketHandler

    routes: list[Any] = []
    for service in serverapp.default_services:
        for module in JUPYTER_SERVICE_HANDLERS.get(service) or ():
            routes.extend(load_handlers(module))
    routes.extend(serverapp.contents_manager.get_extra_handlers())
    return [
        route[0]
        for route in routes
        if isinstance(route[1], type)
        and issubclass(route[1], JupyterHandler)
        and not issubclass(route[1], (APIHandler, WebSocketHandler))
        and route[1].get is not RequestHandler.get
    ]
