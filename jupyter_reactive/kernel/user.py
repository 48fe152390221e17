"""``jr.user`` (Streamlit's ``st.user``): who is watching, as the server knows it (script thread).

The server decides, never the page: when a session starts, the server puts the identity its
identity provider gave the tab's WebSocket into the session's config (``server/auth.py``,
:func:`~jupyter_reactive.server.auth.viewer_identity`) and :class:`~.bridge.KernelSession` keeps
it on the run context. Behind JupyterHub that is the hub user (name and groups); inside JupyterLab
the server's user; an anonymous ``jupyter reactive serve`` viewer is nobody: ``is_logged_in`` is
False and there is nothing else. Outside an app (``python app.py``) it is nobody too.

Sign-in is the server's business here (the hub's login page, the lab's token), not the
script's: :func:`login` and :func:`logout` tell the viewer where to go instead of redirecting.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NoReturn

from .delta import get_context
from .errors import StreamlitAPIException

#: The keys an identity may carry, and the type each value must have. Anything else the server
#: sends is dropped (the server builds the identity; this is a second fence, not the first).
FIELDS: dict[str, type | tuple[type, ...]] = {
    "is_logged_in": bool,
    "name": str,
    "username": str,
    "email": str,
    "groups": list,
}
NOBODY: dict[str, Any] = {"is_logged_in": False}


def clean_identity(value: Any) -> dict[str, Any]:
    """The session config's ``user`` as ``jr.user`` shows it: known keys with the right types,
    groups as a list of strings; anything malformed is nobody."""
    if not isinstance(value, dict) or value.get("is_logged_in") is not True:
        return dict(NOBODY)
    out: dict[str, Any] = {}
    for key, kind in FIELDS.items():
        item = value.get(key)
        if isinstance(item, list):
            if key == "groups":
                out[key] = [g for g in item if isinstance(g, str)]
        elif isinstance(item, kind):
            out[key] = item
    return out


class UserInfoProxy(Mapping[str, Any]):
    """``jr.user``: read-only, item and attribute access (``jr.user.name``, ``jr.user["name"]``),
    ``to_dict()``; reads the current session's identity at each access."""

    def _info(self) -> dict[str, Any]:
        ctx = get_context()
        info = getattr(ctx, "user", None) if ctx is not None else None
        return info if isinstance(info, dict) else NOBODY

    def __getitem__(self, key: str) -> Any:
        return self._info()[key]

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):
            raise AttributeError(key)
        try:
            return self._info()[key]
        except KeyError:
            raise AttributeError(
                f'jr.user has no attribute "{key}"'
                + ("" if self._info().get("is_logged_in") else " (nobody is logged in)")
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(dict(self._info()))

    def __len__(self) -> int:
        return len(self._info())

    def __setattr__(self, key: str, value: Any) -> NoReturn:
        raise StreamlitAPIException("jr.user cannot be modified")

    def __setitem__(self, key: str, value: Any) -> NoReturn:
        raise StreamlitAPIException("jr.user cannot be modified")

    def to_dict(self) -> dict[str, Any]:
        """A copy of the identity (lists copied too)."""
        return {k: list(v) if isinstance(v, list) else v for k, v in self._info().items()}

    def __repr__(self) -> str:
        return f"UserInfoProxy({self.to_dict()!r})"


user = UserInfoProxy()


def login(provider: str | None = None) -> None:
    """Streamlit's ``st.login``: here sign-in belongs to the server (JupyterHub's login page, the
    lab's token), which has already decided who may see the app; the viewer is told so once
    per session and the script goes on. ``provider`` (an OIDC provider) has no meaning here."""
    _tell("login", "jr.login(): sign-in is handled by the server (JupyterHub or Jupyter's own login), not the app.")


def logout() -> None:
    """Streamlit's ``st.logout``: the viewer is told once per session to use the server's own
    logout (the hub's control panel); the script goes on and ``jr.user`` does not change."""
    _tell("logout", "jr.logout(): log out through the server (JupyterHub's Logout button), not the app.")


def _tell(function: str, message: str) -> None:
    ctx = get_context()
    if ctx is None or (function, "") in ctx.warned:
        return
    ctx.warned.add((function, ""))
    ctx.writer.outbox.notice("warning", message)
