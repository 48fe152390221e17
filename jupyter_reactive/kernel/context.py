"""``jr.context``: what the viewer's tab and its HTTP request say about them (script thread).

The server takes the headers and cookies of the tab's WebSocket upgrade request (without the
server's own credentials: its login and XSRF cookies, ``Authorization``, JupyterHub's cookies)
and the page's hello (locale, time zone, URL, colour scheme), and hands them to the kernel in the
session's config. Everything here is read-only. Outside an app every value is empty or None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .delta import get_context
from .options import get_option


class Headers(Mapping[str, str]):
    """Request headers, read-only and case-insensitive; a repeated header reads as its last value
    and :meth:`get_all` gives them all (Streamlit's ``StreamlitHeaders``)."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self._pairs = pairs
        self._last: dict[str, str] = {}
        self._names: dict[str, str] = {}
        for name, value in pairs:
            self._last[name.lower()] = value
            self._names.setdefault(name.lower(), name)

    def __getitem__(self, key: str) -> str:
        if not isinstance(key, str):
            raise KeyError(key)
        return self._last[key.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names.values())

    def __len__(self) -> int:
        return len(self._last)

    def get_all(self, key: str) -> list[str]:
        """Every value of a header sent more than once."""
        return [v for k, v in self._pairs if k.lower() == str(key).lower()]

    def to_dict(self) -> dict[str, str]:
        return {name: self._last[low] for low, name in self._names.items()}

    def __repr__(self) -> str:
        return f"Headers({self.to_dict()!r})"


class Theme:
    """``jr.context.theme``: ``type`` is ``"light"`` or ``"dark"`` (the page's colour scheme), or None."""

    def __init__(self, type: str | None):
        self.type = type

    def __repr__(self) -> str:
        return f"Theme(type={self.type!r})"


def _client() -> dict[str, Any]:
    ctx = get_context()
    return ctx.client if ctx is not None else {}


_LOCAL = ("127.0.0.1", "::1", "localhost")


class Context:
    """Streamlit's ``st.context``: ``headers``, ``cookies``, ``locale``, ``timezone``,
    ``timezone_offset``, ``url``, ``ip_address``, ``is_embedded``, ``theme``."""

    @property
    def headers(self) -> Headers:
        """The headers of the tab's request (the WebSocket upgrade), without credentials."""
        return Headers([(str(k), str(v)) for k, v in _client().get("headers", [])])

    @property
    def cookies(self) -> Mapping[str, str]:
        """The tab's cookies, without the server's own (login, XSRF, JupyterHub)."""
        return MappingProxyType(dict(_client().get("cookies", {})))

    @property
    def locale(self) -> str | None:
        """The browser's language, as ``navigator.language`` says (``"en-US"``)."""
        return _client().get("locale")

    @property
    def timezone(self) -> str | None:
        """The browser's IANA time zone (``"Europe/Paris"``)."""
        return _client().get("timezone")

    @property
    def timezone_offset(self) -> int | None:
        """Minutes to add to local time to get UTC (JavaScript's ``getTimezoneOffset``)."""
        return _client().get("timezone_offset")

    @property
    def url(self) -> str | None:
        """The page's URL in the browser when the session started."""
        return _client().get("url")

    @property
    def ip_address(self) -> str | None:
        """The viewer's IP address as the server saw it; None when the viewer is on this machine."""
        ip = _client().get("ip_address")
        return None if ip in _LOCAL or not ip else str(ip)

    @property
    def is_embedded(self) -> bool:
        """The app was opened with ``?embed=true`` (Streamlit's embedding option)."""
        url = self.url or ""
        return any(k.lower() == "embed" and v.lower() == "true" for k, v in parse_qsl(urlsplit(url).query))

    @property
    def theme(self) -> Theme:
        """The page's colour scheme, as the page told it: the theme the viewer chose in the app
        menu, else the app's ``theme.base`` (config.toml), else the browser's; without word from
        the page, ``theme.base``. A switch while the app is open reruns nothing (as Streamlit
        1.67): the next run, whatever starts it, sees the new scheme."""
        return Theme(_client().get("theme") or get_option("theme.base"))

    def __repr__(self) -> str:
        return "<jupyter_reactive context>"


context = Context()
