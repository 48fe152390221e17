"""``jr.connection``: SQL connections to SQLite files configured from secrets, query caching,
third-party subclasses of BaseConnection, and the errors for bad configuration (in process)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import jupyter_reactive as jr
from jupyter_reactive.kernel.secrets import SecretsHolder

pytest.importorskip("sqlalchemy")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "pets.db"
    with sqlite3.connect(path) as con:
        con.execute("create table pets (name text, age int)")
        con.executemany("insert into pets values (?, ?)", [("rex", 3), ("tom", 5), ("kit", 1)])
    return path


def _app(make_app: Any, source: str, secrets: dict[str, Any]) -> Any:
    app = make_app(source)
    app.ctx.secrets = SecretsHolder()
    app.ctx.secrets.update({"values": secrets})
    return app


@pytest.fixture
def clean_env() -> Iterator[None]:
    yield
    jr.cache_data.clear()
    jr.cache_resource.clear()


def test_a_sql_connection_from_secrets_queries_and_caches(make_app: Any, db: Path, clean_env: None) -> None:
    app = _app(
        make_app,
        """
        import jupyter_reactive as jr
        from sqlalchemy import text
        conn = jr.connection("pets_db", type="sql")
        df = conn.query("select name, age from pets where age > :a order by age", params={"a": 2}, ttl=600)
        jr.write(f"rows={df.to_dict('records')} driver={conn.driver} name={conn.connection_name}")
        if jr.checkbox("insert"):
            with conn.session as s:
                s.execute(text("insert into pets values ('new', 9)"))
                s.commit()
        again = conn.query("select name, age from pets where age > :a order by age", params={"a": 2}, ttl=600)
        fresh = conn.query("select count(*) as n from pets", ttl=600)
        jr.write(f"cached={len(again)} count={int(fresh.n[0])}")
        jr.write(f"same={conn is jr.connection('pets_db', type='sql')} engine={type(conn.engine).__name__}")
        """,
        {"connections": {"pets_db": {"url": f"sqlite:///{db}"}}},
    )
    run = app.run()
    assert run.status == "complete", app.page
    text = str(app.page)
    assert "rows=[{'name': 'rex', 'age': 3}, {'name': 'tom', 'age': 5}] driver=pysqlite name=pets_db" in text
    assert "cached=2 count=3" in text and "same=True engine=Engine" in text
    app.send({app.widget("insert")["id"]: True})
    app.run()
    # the insert happened, yet both queries come from the cache (same SQL, same configuration)
    assert "cached=2 count=3" in str(app.page)
    assert sqlite3.connect(db).execute("select count(*) from pets").fetchone()[0] == 5


def test_connection_params_index_col_chunksize_and_reset(make_app: Any, db: Path, clean_env: None) -> None:
    app = _app(
        make_app,
        f"""
        import jupyter_reactive as jr
        conn = jr.connection("pets", type="sql", url="sqlite:///" + {str(db)!r})
        by_name = conn.query("select * from pets", index_col="name", ttl=0.5)
        chunked = conn.query("select * from pets order by age", chunksize=2)
        conn.reset()
        jr.write(f"index={{list(by_name.index)}} chunked={{list(chunked.age)}} after_reset={{conn.driver}}")
        """,
        {},
    )
    assert app.run().status == "complete", app.page
    assert "index=['rex', 'tom', 'kit'] chunked=[1, 3, 5] after_reset=pysqlite" in str(app.page)


def test_a_changed_secrets_section_reconnects(make_app: Any, db: Path, tmp_path: Path, clean_env: None) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as con:
        con.execute("create table pets (name text, age int)")
    app = _app(
        make_app,
        """
        import jupyter_reactive as jr
        conn = jr.connection("db", type="sql")
        n = conn.session.execute(__import__("sqlalchemy").text("select count(*) from pets")).scalar()
        jr.write(f"n={n}")
        """,
        {"connections": {"db": {"url": f"sqlite:///{db}"}}},
    )
    app.run()
    assert "n=3" in str(app.page)
    app.ctx.secrets.update({"values": {"connections": {"db": {"url": f"sqlite:///{other}"}}}})
    app.run()
    assert "n=0" in str(app.page)


THIRD_PARTY = """
import jupyter_reactive as jr
from jupyter_reactive.connections import BaseConnection, ExperimentalBaseConnection

class KV(ExperimentalBaseConnection[dict]):
    def _connect(self, **kwargs):
        made = dict(self._secrets.to_dict())
        made.update(kwargs)
        made["connects"] = jr.session_state.setdefault("connects", 0) + 1
        jr.session_state.connects = made["connects"]
        return made

    def get(self, key):
        return self._instance[key]

a = jr.connection("kv", type=KV, extra=1)
b = jr.connection("kv", type=KV, extra=1)
c = jr.connection("kv", type=KV, extra=2)
jr.write(f"greeting={a.get('greeting')} extra={c.get('extra')} same={a is b} other={a is not c} "
         f"connects={jr.session_state.connects} base={isinstance(a, BaseConnection)}")
"""


def test_a_third_party_connection_subclasses_the_base(make_app: Any, clean_env: None) -> None:
    app = _app(make_app, THIRD_PARTY, {"connections": {"kv": {"greeting": "hello"}}})
    assert app.run().status == "complete", app.page
    assert "greeting=hello extra=2 same=True other=True connects=2 base=True" in str(app.page)
    app.run()  # cached across reruns: no new connects
    assert "connects=2 " in str(app.page)


def test_the_type_can_come_from_secrets_or_a_dotted_name(make_app: Any, db: Path, clean_env: None) -> None:
    app = _app(
        make_app,
        """
        import jupyter_reactive as jr
        a = jr.connection("db")
        b = jr.connection("db2", type="jupyter_reactive.connections.SQLConnection")
        jr.write(f"{type(a).__name__} {type(b).__name__} {len(a.query('select * from pets'))}")
        """,
        {
            "connections": {
                "db": {"type": "sql", "url": f"sqlite:///{db}"},
                "db2": {"url": f"sqlite:///{db}"},
            }
        },
    )
    assert app.run().status == "complete", app.page
    assert "SQLConnection SQLConnection 3" in str(app.page)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ('jr.connection("nothing", type="sql")', "Missing SQL DB connection configuration"),
        ('jr.connection("partial", type="sql")', "Missing SQL DB connection param: username"),
        ('jr.connection("x", type="snowflake")', "Invalid connection 'snowflake'"),
        ('jr.connection("x", type=dict)', "is not a subclass of BaseConnection"),
        ('jr.connection("untyped")', 'No type for connection "untyped"'),
        ('jr.connection("")', "needs a name"),
        ('jr.connection("env:JR_NO_SUCH_VARIABLE")', "JR_NO_SUCH_VARIABLE is not set"),
        ('jr.connection("x", type="no_such_module_jr.Conn")', "No module named 'no_such_module_jr'"),
        ('jr.connection("bad", type="sql")', "Could not parse SQLAlchemy URL"),
        ('jr.connection("db", type="sql").query("select * from no_such_table")', "no such table"),
        ('jr.connection("db", type="sql").query(42)', "sql must be a string"),
    ],
)
def test_bad_configuration_is_a_clear_error(make_app: Any, db: Path, call: str, message: str, clean_env: None) -> None:
    app = _app(
        make_app,
        f"import jupyter_reactive as jr\n{call}\njr.write('after')",
        {
            "connections": {
                "partial": {"dialect": "postgresql", "host": "h"},
                "untyped": {"url": "sqlite://"},
                "bad": {"url": "::not a url::"},
                "db": {"url": f"sqlite:///{db}"},
            }
        },
    )
    run = app.run()
    (exc,) = run.of_kind("exception")
    assert message in exc["evalue"], exc
    assert "after" not in str(app.page)
