"""``jr.connection`` and the connection classes (script thread).

Streamlit's connection model, so that code written for it (third-party connections included)
runs here: a connection class subclasses :class:`BaseConnection` and implements
``_connect(**kwargs)``; its configuration is the ``[connections.<name>]`` section of the app's
secrets (``self._secrets``) plus the keyword arguments given to ``jr.connection``. The object is
made once per (name, class, keyword arguments) through ``cache_resource`` — one per kernel, that
is per session here, unless the cache says otherwise — and is reset (reconnected on next use)
when its secrets section changes. :class:`SQLConnection` is SQLAlchemy's engine, with ``query``
cached through ``cache_data`` keyed on the connection's configuration rather than on the object,
so that every session of an app that shares ``cache_data`` shares the query results too.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import json
import time
from abc import ABC, abstractmethod
from collections import ChainMap
from copy import deepcopy
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from .caching import cache_data, cache_resource
from .errors import StreamlitAPIException, StreamlitMissingRequiredParameterError
from .secrets import AttrDict, secrets

if TYPE_CHECKING:
    from pandas import DataFrame
    from sqlalchemy.engine import Connection as SQLAlchemyConnection
    from sqlalchemy.engine.base import Engine
    from sqlalchemy.orm import Session

RawConnectionT = TypeVar("RawConnectionT")

_USE_ENV_PREFIX = "env:"
_ALL_CONNECTION_PARAMS = {"url", "driver", "dialect", "username", "password", "host", "port", "database", "query"}
_REQUIRED_CONNECTION_PARAMS = ("dialect", "username", "host")
_MODULES_TO_PYPI = {"sqlalchemy": "sqlalchemy", "snowflake": "snowflake-connector-python"}


def _section(name: str) -> AttrDict:
    """``[connections.<name>]`` of the session's secrets; empty when there is none (or no file)."""
    if not secrets.load_if_toml_exists():
        return AttrDict({})
    connections = secrets.get("connections")
    if not isinstance(connections, AttrDict):
        return AttrDict({})
    section = connections.get(name)
    return section if isinstance(section, AttrDict) else AttrDict({})


def _config_hash(values: Any) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=repr).encode()).hexdigest()


class BaseConnection(ABC, Generic[RawConnectionT]):
    """The base of every connection (Streamlit's ``st.connections.BaseConnection``): subclasses
    implement :meth:`_connect`; ``jr.connection(name, type=Subclass)`` makes and caches them."""

    def __init__(self, connection_name: str, **kwargs: Any) -> None:
        self._connection_name = connection_name
        self._kwargs = kwargs
        self._config_section_hash = _config_hash(self._secrets.to_dict())
        self._raw_instance: RawConnectionT | None = self._connect(**kwargs)

    def __getattribute__(self, name: str) -> Any:
        try:
            return object.__getattribute__(self, name)
        except AttributeError:
            if not name.startswith("_") and hasattr(self._instance, name):
                raise AttributeError(
                    f"`{name}` doesn't exist here, but you can call `._instance.{name}` instead"
                ) from None
            raise

    @property
    def _secrets(self) -> AttrDict:
        """This connection's ``[connections.<name>]`` section of the app's secrets."""
        return _section(self._connection_name)

    @property
    def connection_name(self) -> str:
        return self._connection_name

    def _check_secrets(self) -> None:
        """Reconnect on next use when the secrets section changed (the server re-reads the
        files before a run; Streamlit reacts to its file watcher the same way)."""
        new_hash = _config_hash(self._secrets.to_dict())
        if new_hash != self._config_section_hash:
            self._config_section_hash = new_hash
            self.reset()

    def reset(self) -> None:
        """Drop the underlying connection: the next use connects again."""
        self._raw_instance = None

    @property
    def _instance(self) -> RawConnectionT:
        if self._raw_instance is None:
            self._raw_instance = self._connect(**self._kwargs)
        return self._raw_instance

    @abstractmethod
    def _connect(self, **kwargs: Any) -> RawConnectionT:
        """Make the underlying connection object from ``self._secrets`` and ``kwargs``."""
        raise NotImplementedError

    @classmethod
    def scope(cls) -> Literal["global", "session"]:
        """``"global"`` or ``"session"``; both mean one per session (kernel) here."""
        return "global"

    def close(self) -> None:
        """Called when the resource cache lets the connection go; subclasses free resources."""

    def _repr_html_(self) -> str:
        import html

        module_name = getattr(self, "__module__", None)
        kind = f"{module_name}.{type(self).__name__}" if module_name else type(self).__name__
        name = html.escape(self._connection_name)
        cfg = f"Configured from [connections.{name}]" if len(self._secrets) else "No secrets section"
        doc = "\n".join(f"  {line}" for line in (self.__doc__ or "").splitlines()[:6])
        return f"<p>{html.escape(kind)}</p><ul><li>Name: {name}</li><li>{cfg}</li></ul><pre>{html.escape(doc)}</pre>"


#: Streamlit's older name for the same base class
ExperimentalBaseConnection = BaseConnection


class SQLConnection(BaseConnection["Engine"]):
    """A SQLAlchemy engine (``jr.connection("name", type="sql")``), configured from
    ``[connections.<name>]``: ``url``, or ``dialect``/``driver``/``username``/``password``/
    ``host``/``port``/``database``/``query``, and ``create_engine_kwargs``; keyword arguments of
    ``jr.connection`` override the section. Needs ``pip install sqlalchemy`` (the ``sql``
    extra) and the database's driver."""

    def _connect(self, autocommit: bool = False, **kwargs: Any) -> Engine:
        import sqlalchemy
        from sqlalchemy.engine import URL, make_url

        kwargs = deepcopy(kwargs)
        param_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k in _ALL_CONNECTION_PARAMS}
        params = ChainMap(param_kwargs, self._secrets.to_dict())
        if not len(params):
            raise StreamlitAPIException(
                "Missing SQL DB connection configuration. "
                "Did you forget to set this in `secrets.toml` or as kwargs to `st.connection`?"
            )
        if "url" in params:
            url = make_url(params["url"])
        else:
            for p in _REQUIRED_CONNECTION_PARAMS:
                if p not in params:
                    raise StreamlitMissingRequiredParameterError(
                        f"Missing SQL DB connection param: {p}. Set this SQL DB connection parameter "
                        "in `secrets.toml` or pass it as a kwarg to `st.connection`."
                    )
            drivername = params["dialect"] + (f"+{params['driver']}" if "driver" in params else "")
            url = URL.create(
                drivername=drivername,
                username=params["username"],
                password=params.get("password"),
                host=params["host"],
                port=int(params["port"]) if "port" in params else None,
                database=params.get("database"),
                query=params.get("query", {}),
            )
        engine_kwargs = ChainMap(kwargs, self._secrets.to_dict().get("create_engine_kwargs", {}))
        engine = sqlalchemy.create_engine(url, **engine_kwargs)
        if autocommit:
            return engine.execution_options(isolation_level="AUTOCOMMIT")
        return engine

    def query(
        self,
        sql: str,
        *,
        show_spinner: bool | str = "Running `sql.query(...)`.",
        ttl: float | int | datetime.timedelta | None = None,
        index_col: str | list[str] | None = None,
        chunksize: int | None = None,
        params: Any = None,
        **kwargs: Any,
    ) -> DataFrame:
        """Run a read-only query and return a DataFrame, cached as ``cache_data`` would
        (``ttl``: forget it after so long; without one it is kept until cleared). The cache key
        is the query, its options and this connection's configuration. ``chunksize`` reads the
        rows that many at a time and returns them as one frame. A database error is retried
        twice, one second apart, reconnecting first (as Streamlit does)."""
        if not isinstance(sql, str):
            raise TypeError("sql must be a string")
        connection = self

        def _query(
            config: str,  # this connection's configuration: part of the cache key
            sql: str,
            index_col: str | list[str] | None = None,
            chunksize: int | None = None,
            params: Any = None,
            **kwargs: Any,
        ) -> DataFrame:
            return connection._read(sql, index_col, chunksize, params, kwargs)

        # one cache per connection name and ttl (cache_data keys functions by their name)
        ttl_str = str(ttl).replace(".", "_")
        _query.__qualname__ = f"{_query.__qualname__}_{self._connection_name}_{ttl_str}"
        cached = cache_data(show_spinner=show_spinner, ttl=ttl)(_query)
        return cached(self._config_key(), sql, index_col=index_col, chunksize=chunksize, params=params, **kwargs)

    def _config_key(self) -> str:
        return _config_hash([self._connection_name, self._secrets.to_dict(), self._kwargs, str(self._instance.url)])

    def _read(self, sql: str, index_col: Any, chunksize: int | None, params: Any, kwargs: dict[str, Any]) -> DataFrame:
        import pandas as pd
        from sqlalchemy import text
        from sqlalchemy.exc import DatabaseError, InternalError, OperationalError

        for attempt in range(3):
            try:
                with self._instance.connect() as conn:
                    result = pd.read_sql(
                        text(sql), conn, index_col=index_col, chunksize=chunksize, params=params, **kwargs
                    )
                    if chunksize is not None:
                        chunks = list(result)
                        return pd.concat(chunks) if chunks else pd.DataFrame()
                    return result
            except (DatabaseError, InternalError, OperationalError):
                if attempt == 2:
                    raise
                self.reset()
                time.sleep(1)
        raise AssertionError("unreachable")

    def connect(self) -> SQLAlchemyConnection:
        """A new SQLAlchemy connection from the engine (``self._instance.connect()``)."""
        return self._instance.connect()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine."""
        return self._instance

    @property
    def driver(self) -> str:
        """The engine's driver name (``"pysqlite"``, ``"psycopg2"`` ...)."""
        return str(self._instance.driver)

    @property
    def session(self) -> Session:
        """A new SQLAlchemy ORM session on the engine: use it as a context manager for writes
        and transactions."""
        from sqlalchemy.orm import Session

        return Session(self._instance)

    def close(self) -> None:
        if self._raw_instance is not None:
            self._raw_instance.dispose()


_FIRST_PARTY: dict[str, type[BaseConnection[Any]]] = {"sql": SQLConnection}


def _first_party(name: str) -> type[BaseConnection[Any]]:
    if name in _FIRST_PARTY:
        return _FIRST_PARTY[name]
    raise StreamlitAPIException(
        f"Invalid connection '{name}'. Supported connection classes: {sorted(_FIRST_PARTY)} "
        "(or a class, or its 'module.ClassName')."
    )


def _resolve_class(name: str, kind: Any) -> type[BaseConnection[Any]]:
    connection_class = kind
    if connection_class is None:
        if name in _FIRST_PARTY:
            connection_class = _FIRST_PARTY[name]
        else:
            section = _section(name)
            if "type" not in section:
                raise StreamlitAPIException(
                    f'No type for connection "{name}": pass type= to connection(), or set '
                    f"`type` in the [connections.{name}] section of secrets.toml."
                )
            connection_class = section["type"]
    if isinstance(connection_class, str):
        if "." in connection_class:
            module_name, _, class_name = connection_class.rpartition(".")
            connection_class = getattr(importlib.import_module(module_name), class_name)
        else:
            connection_class = _first_party(connection_class)
    if not (isinstance(connection_class, type) and issubclass(connection_class, BaseConnection)):
        raise StreamlitAPIException(f"{connection_class} is not a subclass of BaseConnection!")
    return connection_class


def connection(
    name: str,
    type: str | type[BaseConnection[Any]] | None = None,
    max_entries: int | None = None,
    ttl: float | datetime.timedelta | None = None,
    **kwargs: Any,
) -> Any:
    """A data connection, made once and reused (Streamlit's ``st.connection``).

    Args:
        name: the connection's name: its ``[connections.<name>]`` section of secrets.toml
            holds its configuration; ``"env:VAR"`` takes the name from an environment variable;
            ``"sql"`` alone means a SQL connection.
        type: ``"sql"``, a subclass of :class:`BaseConnection`, or its ``"module.ClassName"``;
            None: the section's ``type`` (or the name, for ``"sql"``).
        max_entries: how many connections of this kind to keep (None: no limit).
        ttl: seconds (or a timedelta) after which the connection is made again.
        **kwargs: passed to the class's ``_connect`` (overriding the secrets section).
    """
    if not isinstance(name, str) or not name:
        raise StreamlitAPIException("connection() needs a name: a non-empty string")
    if name.startswith(_USE_ENV_PREFIX):
        import os

        variable = name[len(_USE_ENV_PREFIX) :]
        if variable not in os.environ:
            raise StreamlitAPIException(f'connection("{name}"): the environment variable {variable} is not set')
        name = os.environ[variable]
    if isinstance(ttl, datetime.timedelta):
        ttl = ttl.total_seconds()
    try:
        connection_class = _resolve_class(name, type)
        made = _create(name, connection_class, max_entries, ttl, kwargs)
    except ModuleNotFoundError as err:
        package = _MODULES_TO_PYPI.get((err.name or "").split(".")[0])
        hint = (
            f"You need to install the '{package}' package to use this connection."
            if package
            else "You may be missing a dependency required to use this connection."
        )
        raise ModuleNotFoundError(f"{err}. {hint}") from None
    made._check_secrets()
    return made


def _create(
    name: str,
    connection_class: type[BaseConnection[Any]],
    max_entries: int | None,
    ttl: float | None,
    kwargs: dict[str, Any],
) -> BaseConnection[Any]:
    def __create_connection(
        name: str, class_name: str, _connection_class: type[BaseConnection[Any]], **kwargs: Any
    ) -> BaseConnection[Any]:
        return _connection_class(connection_name=name, **kwargs)

    # one cache per (ttl, max_entries), as Streamlit does: cache_resource keys by function name
    ttl_str = str(ttl).replace(".", "_")
    __create_connection.__qualname__ = f"{__create_connection.__qualname__}_{ttl_str}_{max_entries}"
    create = cache_resource(
        max_entries=max_entries,
        show_spinner="Running `st.connection(...)`.",
        ttl=ttl,
        on_release=lambda made: made.close(),
    )(__create_connection)
    class_name = f"{connection_class.__module__}.{connection_class.__qualname__}"
    return create(name, class_name, connection_class, **kwargs)
