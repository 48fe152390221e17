"""jr.query_params: Streamlit's semantics, the URL updates it sends, and garbage from the URL."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_reactive.kernel.navigation import MAX_QUERY, Navigation, parse_query
from tests.kernel.conftest import AppHarness


def _app(make_app: Any, source: str, query: str = "") -> AppHarness:
    app = make_app("import jupyter_reactive as jr\nqp = jr.query_params\n" + source)
    app.ctx.nav = Navigation(app.runner.filename, "", query)
    return app


def _sent(run: Any) -> list[str]:
    return [m["query"] for m in run.messages if m["type"] == "query_params"]


def _value(app: AppHarness) -> Any:
    return app.state["out"]


def test_read_item_attr_get_all_to_dict(make_app: Any) -> None:
    app = _app(
        make_app,
        "jr.session_state.out = (qp['a'], qp.b, qp.get_all('a'), qp.to_dict(), 'a' in qp, len(qp), qp.get('zz', 'd'),"
        " qp.get_all('zz'), list(qp))",
        "a=1&a=2&b=x%20y&embed=true&empty=",
    )
    run = app.run()
    assert run.status == "complete", run.messages
    assert _value(app) == (
        "2",
        "x y",
        ["1", "2"],
        {"a": "2", "b": "x y", "empty": ""},
        True,
        3,
        "d",
        [],
        ["a", "b", "empty"],
    )
    assert _sent(run) == []  # reading changes nothing


def test_writes_update_the_url_each_time(make_app: Any) -> None:
    app = _app(
        make_app,
        "qp['n'] = 5\nqp.flag = True\nqp['many'] = [1, 'b']\ndel qp['old']\ndel qp.gone\n"
        "jr.session_state.out = qp.to_dict()",
        "old=1&gone=2&embed=true",
    )
    run = app.run()
    assert _value(app) == {"n": "5", "flag": "True", "many": "b"}
    assert _sent(run)[-1] == "embed=true&n=5&flag=True&many=1&many=b"
    assert len(_sent(run)) == 5


def test_update_from_dict_and_clear(make_app: Any) -> None:
    app = _app(
        make_app,
        "qp.update({'a': 1}, b=[2, 3])\nfirst = qp.to_dict()\nqp.from_dict({'c': 'x'})\nsecond = qp.to_dict()\n"
        "qp.clear()\njr.session_state.out = (first, second, qp.to_dict(), qp.get_all('b'))",
        "z=9&embed_options=show_toolbar",
    )
    run = app.run()
    assert _value(app) == ({"z": "9", "a": "1", "b": "3"}, {"c": "x"}, {}, [])
    assert _sent(run) == [
        "z=9&embed_options=show_toolbar&a=1&b=2&b=3",
        "embed_options=show_toolbar&c=x",
        "embed_options=show_toolbar",
    ]


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        ("qp['missing']", "KeyError"),
        ("qp.missing", "AttributeError"),
        ("del qp['missing']", "KeyError"),
        ("del qp.missing", "AttributeError"),
        ("qp['embed'] = 'false'", "StreamlitAPIException"),
        ("qp['Embed_Options'] = 'x'", "StreamlitAPIException"),
        ("qp['d'] = {'a': 1}", "StreamlitAPIException"),
        ("qp['embed']", "KeyError"),
        ("qp.from_dict({'ok': 1, 'embed': 2})", "StreamlitAPIException"),
    ],
)
def test_misuse_raises_streamlits_errors(make_app: Any, statement: str, error: str) -> None:
    app = _app(make_app, statement, "embed=true&keep=1")
    app.run()
    errors = [el for el in app.page.values() if el.get("kind") == "exception"]
    assert len(errors) == 1 and errors[0]["ename"] == error, errors
    assert app.ctx.nav is not None and app.ctx.nav.query == {"embed": ["true"], "keep": ["1"]}  # nothing half-done


def test_navigate_replaces_the_params_and_the_next_run_reads_them(make_app: Any) -> None:
    app = _app(make_app, "jr.session_state.out = qp.to_dict()", "a=1")
    app.run()
    assert app.ctx.nav is not None
    app.ctx.nav.post("", "b=2&b=3", 4)
    app.run()
    assert _value(app) == {"b": "3"}


@pytest.mark.parametrize(
    "query",
    ["%ZZ=%%&&&=&==", "a" * (MAX_QUERY + 1), "&".join(f"k{i}=v" for i in range(1000)), "\x00=\x01", "a=%00%ff%fe"],
)
def test_garbage_query_strings_are_harmless(make_app: Any, query: str) -> None:
    app = _app(make_app, "jr.session_state.out = qp.to_dict()\nqp['after'] = 'ok'", query)
    run = app.run()
    assert run.status == "complete"
    if len(query) > MAX_QUERY or query.count("&") > 256:
        assert _value(app) == {}
        assert any(m["type"] == "notice" for m in run.messages)
    assert _sent(run)[-1].endswith("after=ok")


def test_outside_an_app_query_params_is_a_private_dict() -> None:
    import jupyter_reactive as jr

    jr.query_params["x"] = 1
    assert jr.query_params.to_dict() == {"x": "1"}
    jr.query_params.clear()
    assert len(jr.query_params) == 0


def test_parse_query_keeps_order_and_blanks() -> None:
    assert parse_query("?a=1&b=&a=2") == {"a": ["1", "2"], "b": [""]}


def _pushed(run: Any) -> list[bool]:
    return [m.get("push", False) for m in run.messages if m["type"] == "query_params"]


def test_a_write_is_one_new_history_entry_per_run_but_not_after_the_viewers_move(make_app: Any) -> None:
    """As Streamlit 1.67, a write through jr.query_params adds a history entry (the first of a
    run here); in a run that answers a link or back/forward the entry exists already."""
    app = _app(make_app, "if jr.button('Go'):\n    qp['a'] = '1'\n    qp['b'] = '2'\n")
    assert _pushed(app.run()) == []
    button = next(el["id"] for el in app.page.values() if el.get("widget") == "button")
    assert _pushed(app.send({button: True})) == [True, False]
    assert app.ctx.nav is not None
    app.ctx.nav.post("", "a=9", 1)  # back/forward to a URL; the button is clicked in that run
    assert _pushed(app.send({button: True})) == [False, False]
    assert _pushed(app.send({button: True})) == [True, False]  # the next run is a new move
    assert _sent(app.send({button: True}))[-1] == "a=1&b=2"


def test_str_shows_a_repeated_key_as_its_list_as_streamlit_does(make_app: Any) -> None:
    """Streamlit's e2e test st_query_params_test.py: ``str(st.query_params)`` of ``?x=y&x=1&x=2.34``
    is ``{'x': ['y', '1', '2.34']}``; a key given once stays its text, a blank one ``''``."""
    app = _app(make_app, "jr.session_state.out = (str(qp), repr(qp))", "x=y&x=1&x=2.34&a=b&e=&embed=true")
    assert app.run().status == "complete"
    shown = "{'x': ['y', '1', '2.34'], 'a': 'b', 'e': ''}"
    assert _value(app) == (shown, shown)
