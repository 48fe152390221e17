"""``jr.secrets``: the app's secrets as the server read them (script thread; updates arrive on
the subshell thread and replace one reference).

The server reads ``.streamlit/secrets.toml`` (the app's folder, then the user's home) and
``.jupyter_reactive/secrets.toml`` and hands the merged values to this kernel with the session's
config, and again before a run when a file changed (``server/secrets.py``). Here they are
Streamlit's read-only mapping: attribute and item access, nested sections as read-only
``AttrDict``\\ s, ``in``, ``get``, ``to_dict``; a missing key raises Streamlit's ``KeyError`` /
``AttributeError`` naming the key and never a value. Root-level strings and numbers are also
set as environment variables of this kernel process, as Streamlit does (and removed again when a
new version of the file drops them).

A script that sets ``secrets.files`` itself (``config.set_option``, as Streamlit's e2e apps do)
gets those files read here in the kernel (:mod:`jupyter_reactive.secretfiles`), once, until it
sets the option again or resets the cache with ``st.secrets._secrets = None``, as in Streamlit.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping
from copy import deepcopy
from typing import Any, NoReturn

from ..secretfiles import SecretsFileError, read_entry
from . import options
from .delta import get_context
from .errors import StreamlitSecretNotFoundError

_HINT = (
    "Did you forget to add it to secrets.toml, mount it to secret directory, or the app settings on "
    "Streamlit Cloud? More info: https://docs.streamlit.io/deploy/streamlit-community-cloud/"
    "deploy-your-app/secrets-management"
)


def _missing_key(key: object) -> str:
    return f'st.secrets has no key "{key}". {_HINT}'


def _missing_attr(name: str) -> str:
    return f'st.secrets has no attribute "{name}". {_HINT}'


def _wrap(value: Any) -> Any:
    return AttrDict(value) if isinstance(value, Mapping) else value


class AttrDict(Mapping[str, Any]):
    """A section of the secrets: read-only, by item or attribute."""

    def __init__(self, value: Mapping[str, Any]) -> None:
        self.__dict__["_AttrDict__values"] = dict(value)

    def __len__(self) -> int:
        return len(self.__values)

    def __iter__(self) -> Iterator[str]:
        return iter(self.__values)

    def __getitem__(self, key: str) -> Any:
        try:
            return _wrap(self.__values[key])
        except KeyError:
            raise KeyError(_missing_key(key)) from None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # copy, pickle and friends probe for dunders
        try:
            return _wrap(self.__values[name])
        except KeyError:
            raise AttributeError(_missing_attr(name)) from None

    def __setitem__(self, key: str, value: Any) -> NoReturn:
        raise TypeError("Secrets does not support item assignment.")

    def __setattr__(self, key: str, value: Any) -> NoReturn:
        raise TypeError("Secrets does not support attribute assignment.")

    def __delitem__(self, key: str) -> NoReturn:
        raise TypeError("Secrets does not support item deletion.")

    def __delattr__(self, key: str) -> NoReturn:
        raise TypeError("Secrets does not support attribute deletion.")

    def __repr__(self) -> str:
        # the keys only: a secret printed by mistake (an exception message, a log) stays secret
        return f"AttrDict(keys={list(self.__values)!r})"

    def to_dict(self) -> dict[str, Any]:
        """A deep copy as plain dicts (for ``create_engine(**...)`` and the like)."""
        return deepcopy(self.__values)


class SecretsHolder:
    """What this kernel's session was given: the values, or why there are none. One per session
    (on its RunContext). Written on the subshell thread, read on the script thread: each update
    replaces the whole state in one assignment."""

    def __init__(self) -> None:
        self._state: tuple[dict[str, Any] | None, str | None] = (None, "No secrets were given to this session.")
        self._env: dict[str, str] = {}  # the environment variables we set, to undo them
        self._lock = threading.Lock()
        self._local: tuple[tuple[str, ...], dict[str, Any]] | None = None  # files the script set, read
        self.version = 0  # bumped on each update (connections compare their section's hash)

    def update(self, payload: Any) -> None:
        """A payload from the server (``server/secrets.py``): ``{"values": {...} | None}`` or
        ``{"error": "..."}``, with ``looked_in`` (the places, as shown names)."""
        if not isinstance(payload, Mapping):
            raise ValueError("secrets payload must be an object")
        error = payload.get("error")
        values = payload.get("values")
        places = ", ".join(str(p) for p in payload.get("looked_in") or ()) or ".streamlit/secrets.toml"
        if isinstance(error, str):
            state: tuple[dict[str, Any] | None, str | None] = (None, error)
        elif isinstance(values, Mapping):
            state = (dict(values), None)
        else:
            state = (None, f"No secrets found. Valid paths for a secrets.toml file or secret directories are: {places}")
        with self._lock:
            self._state = state
            self.version += 1
            self._set_environment(state[0] or {})

    def _set_environment(self, values: dict[str, Any]) -> None:
        """Root-level strings, ints and floats as environment variables (not bools), as
        Streamlit does; the ones a previous version set and this one drops are removed."""
        new = {k: str(v) for k, v in values.items() if type(v) in (str, int, float)}
        for key, was in self._env.items():
            if key not in new and os.environ.get(key) == was:
                del os.environ[key]
        for key, value in new.items():
            os.environ[key] = value
        self._env = new

    def values(self) -> dict[str, Any]:
        files = options.script_secrets_files()
        if files is not None:
            return self._read_local(tuple(files))
        values, error = self._state
        if values is None:
            raise StreamlitSecretNotFoundError(error)
        return values

    def _read_local(self, files: tuple[str, ...]) -> dict[str, Any]:
        """The ``secrets.files`` the script set, read here (script thread), merged in order."""
        local = self._local
        if local is not None and local[0] == files:
            return local[1]
        merged: dict[str, Any] = {}
        found = False
        for path in files:
            try:
                values = read_entry(os.path.expanduser(path), path)
            except SecretsFileError as err:
                raise StreamlitSecretNotFoundError(str(err)) from None
            if values is not None:
                found = True
                merged.update(values)
        if not found:
            raise StreamlitSecretNotFoundError(
                f"No secrets found. Valid paths for a secrets.toml file or secret directories are: {', '.join(files)}"
            )
        with self._lock:
            self._local = (files, merged)
            self.version += 1
            self._set_environment(merged)
        return merged

    def forget_local(self) -> None:
        """``st.secrets._secrets = None``: the script's files are read again on next use."""
        with self._lock:
            if self._local is None:
                return
            self._local = None
            self.version += 1
            self._set_environment(self._state[0] or {})


def _holder() -> SecretsHolder:
    ctx = get_context()
    holder = getattr(ctx, "secrets", None) if ctx is not None else None
    if holder is None:
        raise StreamlitSecretNotFoundError(
            "No secrets found: secrets are given to an app session by the server that runs it "
            "(jupyter reactive serve), from .streamlit/secrets.toml beside the app."
        )
    return holder


class Secrets(Mapping[str, Any]):
    """``jr.secrets``: the running session's secrets, read-only (Streamlit's ``st.secrets``)."""

    def _values(self) -> dict[str, Any]:
        return _holder().values()

    def __getitem__(self, key: str) -> Any:
        try:
            return _wrap(self._values()[key])
        except KeyError:
            raise KeyError(_missing_key(key)) from None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        try:
            values = self._values()
        except FileNotFoundError as err:
            # Streamlit: attribute access only ever raises AttributeError (hasattr, mocks); it
            # says why there are none (no file, or which file does not parse)
            raise AttributeError(f'{err} (so st.secrets has no attribute "{name}")') from None
        try:
            return _wrap(values[name])
        except KeyError:
            raise AttributeError(_missing_attr(name)) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values())

    def __len__(self) -> int:
        return len(self._values())

    def __setitem__(self, key: str, value: Any) -> NoReturn:
        raise TypeError("Secrets does not support item assignment.")

    def __setattr__(self, key: str, value: Any) -> None:
        if key == "_secrets" and value is None:
            # Streamlit's way to drop its parsed secrets (its e2e apps do it after switching
            # ``secrets.files``): the files the script set are read again on next use; the
            # server's stay current by themselves
            _holder().forget_local()
            return
        raise TypeError("Secrets does not support attribute assignment.")

    def __delitem__(self, key: str) -> NoReturn:
        raise TypeError("Secrets does not support item deletion.")

    def __repr__(self) -> str:
        try:
            return f"Secrets(keys={list(self._values())!r})"
        except FileNotFoundError:
            return "Secrets(none)"

    def to_dict(self) -> dict[str, Any]:
        """All secrets as nested plain dicts (a deep copy)."""
        return deepcopy(self._values())

    def load_if_toml_exists(self) -> bool:
        """True if the session has secrets (Streamlit's probe; never raises)."""
        try:
            self._values()
        except FileNotFoundError:
            return False
        return True


secrets = Secrets()
