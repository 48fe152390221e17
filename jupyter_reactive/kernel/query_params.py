"""``jr.query_params``: the tab URL's query string as a dict of strings (script thread).

Read from the URL the tab opened (the session's config) and from the URL back/forward restores
(a ``navigate`` message; see :mod:`.navigation`). Each write sends the whole query string to the
page in a ``query_params`` message, and the page puts it in its URL with
``history.replaceState``: no reload, no new history entry (as Streamlit). Values are strings; a
key given several times in the URL reads as its last value, and :meth:`QueryParams.get_all`
gives them all. ``embed`` and ``embed_options`` belong to the page, as in Streamlit: they are not
listed, read or written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import Any

from .. import protocol
from .delta import get_context
from .errors import StreamlitAPIException
from .navigation import encode_query

EMBED_KEYS = ("embed", "embed_options")


def _is_embed(key: str) -> bool:
    return key.lower() in EMBED_KEYS


def _values(key: str, value: Any) -> list[str]:
    if isinstance(value, Mapping):
        raise StreamlitAPIException(f"You cannot set a query params key to a dictionary ({key!r}).")
    if isinstance(value, (list, tuple, set, frozenset)) or (
        hasattr(value, "__iter__") and not isinstance(value, (str, bytes))
    ):
        return [str(v) for v in value]
    return [str(value)]


class QueryParams(MutableMapping[str, str]):
    """Streamlit's ``st.query_params``: item and attribute access, ``get_all``, ``to_dict``,
    ``from_dict``, ``update``, ``clear``, ``del``. Outside an app it is a private, empty dict."""

    _bare: dict[str, list[str]]

    def __init__(self) -> None:
        object.__setattr__(self, "_bare", {})

    def _params(self) -> dict[str, list[str]]:
        ctx = get_context()
        if ctx is None or ctx.nav is None:
            return self._bare
        return ctx.nav.query

    def _send(self) -> None:
        ctx = get_context()
        if ctx is None or ctx.nav is None:
            return
        ctx.writer.outbox.message(
            {"type": protocol.QUERY_PARAMS, "query": encode_query(ctx.nav.query), "seq": ctx.nav.seq}
        )

    def _set(self, key: str, value: Any) -> None:
        if not isinstance(key, str):
            raise StreamlitAPIException("Query parameter keys are strings.")
        if _is_embed(key):
            raise StreamlitAPIException(
                "Query param embed and embed_options (case-insensitive) cannot be set programmatically."
            )
        self._params()[key] = _values(key, value)

    # -- mapping ------------------------------------------------------------------------------

    def __getitem__(self, key: str) -> str:
        params = self._params()
        if not isinstance(key, str) or _is_embed(key) or key not in params:
            raise KeyError(key)
        values = params[key]
        return values[-1] if values else ""

    def __setitem__(self, key: str, value: Any) -> None:
        self._set(key, value)
        self._send()

    def __delitem__(self, key: str) -> None:
        params = self._params()
        if not isinstance(key, str) or _is_embed(key) or key not in params:
            raise KeyError(key)
        del params[key]
        self._send()

    def __iter__(self) -> Iterator[str]:
        return iter([k for k in self._params() if not _is_embed(k)])

    def __len__(self) -> int:
        return sum(1 for k in self._params() if not _is_embed(k))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and not _is_embed(key) and key in self._params()

    # -- attributes ---------------------------------------------------------------------------

    def __getattr__(self, key: str) -> str:
        if key.startswith("__"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"st.query_params has no key {key!r}.") from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del self[key]
        except KeyError:
            raise AttributeError(f"st.query_params has no key {key!r}.") from None

    # -- Streamlit's methods --------------------------------------------------------------------

    def get_all(self, key: str) -> list[str]:
        """Every value of ``key`` (a key repeated in the URL), or [] if it is absent."""
        if not isinstance(key, str) or _is_embed(key):
            return []
        return list(self._params().get(key, []))

    def to_dict(self) -> dict[str, str]:
        """The parameters as a dict, each key with its last value."""
        return {k: self[k] for k in self}

    def from_dict(self, params: Iterable[tuple[str, Any]] | Mapping[str, Any]) -> None:
        """Replace every parameter with ``params`` (one URL update)."""
        items = list(params.items() if isinstance(params, Mapping) else params)
        kept = {k: v for k, v in self._params().items() if _is_embed(k)}
        target = self._params()
        before = dict(target)
        target.clear()
        target.update(kept)
        try:
            for key, value in items:
                self._set(key, value)
        except Exception:
            target.clear()
            target.update(before)
            raise
        self._send()

    def update(self, other: Any = (), /, **kwds: Any) -> None:
        """Set several parameters at once (one URL update)."""
        items = list(other.items() if isinstance(other, Mapping) else other) + list(kwds.items())
        for key, value in items:
            self._set(key, value)
        self._send()

    def clear(self) -> None:
        """Remove every parameter (the URL keeps ``embed`` options only)."""
        params = self._params()
        for key in [k for k in params if not _is_embed(k)]:
            del params[key]
        self._send()

    def __repr__(self) -> str:
        return repr(self.to_dict())

    def __str__(self) -> str:
        return str(self.to_dict())


query_params = QueryParams()
