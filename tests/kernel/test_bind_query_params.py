"""Widgets bound to the URL (``bind="query-params"``, Streamlit 1.5x): the URL's value at
creation, the URL written back on change (removed at the default), back/forward, garbage from
the URL, and Streamlit's errors for misuse."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_reactive.kernel.navigation import Navigation
from tests.kernel.conftest import AppHarness

HEAD = "import jupyter_reactive as jr\nfrom datetime import date, time, datetime\nB = 'query-params'\n"


def _app(make_app: Any, source: str, query: str = "") -> AppHarness:
    app = make_app(HEAD + source)
    app.ctx.nav = Navigation(app.runner.filename, "", query)
    return app


def _sent(run: Any) -> list[str]:
    return [m["query"] for m in run.messages if m["type"] == "query_params"]


def _notices(run: Any) -> list[str]:
    return [m["message"] for m in run.messages if m["type"] == "notice"]


def _query(app: AppHarness) -> dict[str, list[str]]:
    assert app.ctx.nav is not None
    return app.ctx.nav.query


def _errors(app: AppHarness) -> list[dict[str, Any]]:
    return [el for el in app.page.values() if el.get("kind") == "exception"]


def _wid(app: AppHarness, kind: str) -> str:
    return next(el["id"] for el in app.page.values() if el.get("widget") == kind)


# (the widget call, assigned to ``v``; a URL; the value the script sees; the URL written back)
WIDGETS = [
    ("v = jr.checkbox('C', key='k', bind=B)", "k=True", True, ["true"]),
    ("v = jr.toggle('T', True, key='k', bind=B)", "k=FALSE", False, ["false"]),
    ("v = jr.text_input('T', key='k', bind=B)", "k=hello%20world", "hello world", ["hello world"]),
    ("v = jr.text_area('T', 'x', key='k', bind=B)", "k=a%0Ab", "a\nb", ["a\nb"]),
    ("v = jr.number_input('N', 0, 100, key='k', bind=B)", "k=42", 42, ["42"]),
    ("v = jr.number_input('N', value=0.5, key='k', bind=B)", "k=2", 2.0, ["2"]),
    ("v = jr.number_input('N', value=0.5, key='k', bind=B)", "k=2.25", 2.25, ["2.25"]),
    ("v = jr.number_input('N', value=None, key='k', bind=B)", "k=3.5", 3.5, ["3.5"]),
    ("v = jr.slider('S', 0, 10, 3, key='k', bind=B)", "k=7", 7, ["7"]),
    ("v = jr.slider('S', 0.0, 1.0, key='k', bind=B)", "k=0.25", 0.25, ["0.25"]),
    ("v = jr.slider('S', 0, 10, (2, 8), key='k', bind=B)", "k=3&k=5", (3, 5), ["3", "5"]),
    (
        "v = jr.slider('D', date(2024, 1, 1), date(2024, 12, 31), date(2024, 6, 1), key='k', bind=B)",
        "k=2024-03-05",
        __import__("datetime").date(2024, 3, 5),
        ["2024-03-05"],
    ),
    (
        "v = jr.slider('T', value=(time(9, 0), time(17, 0)), key='k', bind=B)",
        "k=08:30&k=12:45",
        (__import__("datetime").time(8, 30), __import__("datetime").time(12, 45)),
        ["08:30", "12:45"],
    ),
    # Streamlit's raw microseconds (since the epoch; since 2000-01-01 for times), as its
    # backend writes a corrected value; written back as ISO text. A value between steps stays
    # as it is, as in Streamlit 1.67 (it snaps neither numbers nor times from the URL).
    (
        "v = jr.slider('D', date(2024, 1, 1), date(2024, 12, 31), date(2024, 6, 1), key='k', bind=B)",
        "k=1709596800000000",
        __import__("datetime").date(2024, 3, 5),
        ["2024-03-05"],
    ),
    (
        "v = jr.slider('T', value=(time(9, 0), time(17, 0)), key='k', bind=B)",
        "k=946715400000000&k=946730700000000.0",
        (__import__("datetime").time(8, 30), __import__("datetime").time(12, 45)),
        ["08:30", "12:45"],
    ),
    (
        "v = jr.slider('W', datetime(2024, 1, 1), datetime(2024, 1, 31), datetime(2024, 1, 9), key='k', bind=B)",
        "k=1.7048916e15",
        __import__("datetime").datetime(2024, 1, 10, 13, 0),
        ["2024-01-10T13:00"],
    ),
    ("v = jr.slider('S', 0.0, 1.0, step=0.1, key='k', bind=B)", "k=0.15", 0.15, ["0.15"]),
    ("v = jr.slider('S', 0, 100, step=5, key='k', bind=B)", "k=7", 7, ["7"]),
    ("v = jr.slider('S', 0, 10, 3, key='k', bind=B)", "k=5.9", 5, ["5"]),  # Streamlit truncates
    ("v = jr.selectbox('S', ['a', 'b', 'c'], key='k', bind=B)", "k=b", "b", ["b"]),
    ("v = jr.selectbox('S', ['a', 'b'], index=None, key='k', bind=B)", "k=b", "b", ["b"]),
    ("v = jr.radio('R', [1, 2, 3], format_func=lambda x: f'n{x}', key='k', bind=B)", "k=n3", 3, ["n3"]),
    ("v = jr.multiselect('M', ['a', 'b', 'c'], key='k', bind=B)", "k=c&k=a", ["c", "a"], ["c", "a"]),
    ("v = jr.multiselect('M', ['a', 'b'], ['a'], key='k', bind=B)", "k=", [], [""]),
    (
        "v = jr.multiselect('M', ['a', 'b'], accept_new_options=True, key='k', bind=B)",
        "k=new&k=a",
        ["new", "a"],
        ["new", "a"],
    ),
    ("v = jr.pills('P', ['x', 'y', 'z'], key='k', bind=B)", "k=y", "y", ["y"]),
    ("v = jr.pills('P', ['x', 'y', 'z'], selection_mode='multi', key='k', bind=B)", "k=x&k=z", ["x", "z"], ["x", "z"]),
    ("v = jr.segmented_control('G', ['x', 'y'], default='x', key='k', bind=B)", "k=y", "y", ["y"]),
    ("v = jr.select_slider('S', list('abcde'), key='k', bind=B)", "k=d", "d", ["d"]),
    ("v = jr.select_slider('S', list('abcde'), ('a', 'b'), key='k', bind=B)", "k=b&k=e", ("b", "e"), ["b", "e"]),
    ("v = jr.feedback('stars', key='k', bind=B)", "k=3", 3, ["3"]),
    ("v = jr.feedback('thumbs', default=1, key='k', bind=B)", "k=", None, [""]),
    ("v = jr.pagination(10, key='k', bind=B)", "k=4", 4, ["4"]),
    (
        "v = jr.date_input('D', date(2024, 1, 1), key='k', bind=B)",
        "k=2024-02-03",
        __import__("datetime").date(2024, 2, 3),
        ["2024-02-03"],
    ),
    (
        "v = jr.date_input('D', (date(2024, 1, 1), date(2024, 1, 9)), key='k', bind=B)",
        "k=2024-02-03&k=2024-02-10",
        (__import__("datetime").date(2024, 2, 3), __import__("datetime").date(2024, 2, 10)),
        ["2024-02-03", "2024-02-10"],
    ),
    ("v = jr.time_input('T', time(9, 0), key='k', bind=B)", "k=10:15", __import__("datetime").time(10, 15), ["10:15"]),
    (
        "v = jr.datetime_input('D', datetime(2024, 1, 1, 9, 0), key='k', bind=B)",
        "k=2024-01-06T07:08",
        __import__("datetime").datetime(2024, 1, 6, 7, 8),
        ["2024-01-06T07:08"],
    ),
    ("v = jr.color_picker('C', key='k', bind=B)", "k=00FF00", "#00ff00", ["#00ff00"]),
    ("v = jr.expander('E', key='k', bind=B).open", "k=true", True, ["true"]),
    ("v = [t.open for t in jr.tabs(['A', 'B', 'C'], key='k', bind=B)]", "k=B", [False, True, False], ["B"]),
]


@pytest.mark.parametrize(("call", "query", "expected", "url"), WIDGETS)
def test_the_url_gives_each_widget_its_value(make_app: Any, call: str, query: str, expected: Any, url: Any) -> None:
    app = _app(make_app, call + "\njr.session_state.out = (v, jr.query_params.get_all('k'))", query + "&other=1")
    run = app.run()
    assert run.status == "complete", run.messages
    assert _notices(run) == []
    assert app.state["out"] == (expected, url)
    assert _query(app) == {"k": url, "other": ["1"]}


@pytest.mark.parametrize(("call", "query", "expected", "url"), WIDGETS)
def test_reload_with_the_written_url_gives_the_same_value(
    make_app: Any, call: str, query: str, expected: Any, url: Any
) -> None:
    """What a reload or a shared link does: a new session opened at the URL written back."""
    first = _app(make_app, call + "\njr.session_state.out = v", query)
    first.run()
    written = _sent(first.run()) or [q for q in [_encoded(first)]]
    again = _app(make_app, call + "\njr.session_state.out = v", written[-1])
    run = again.run()
    assert again.state["out"] == expected
    assert _sent(run) == []  # the URL is already what the widget writes


def _encoded(app: AppHarness) -> str:
    from jupyter_reactive.kernel.navigation import encode_query

    return encode_query(_query(app))


# (the widget call; URL values it must refuse)
GARBAGE = [
    ("jr.checkbox('C', key='k', bind=B)", ["yes", "1", "", "true%00"]),
    ("jr.toggle('T', key='k', bind=B)", ["on", "tru"]),
    ("jr.text_input('T', max_chars=3, key='k', bind=B)", ["toolong"]),
    ("jr.number_input('N', 0, 100, key='k', bind=B)", ["abc", "nan", "inf", "1e999", "1000", "-1", "2.5", "", "0x10"]),
    ("jr.number_input('N', value=0.5, key='k', bind=B)", ["NaN", "-inf", "1,5", "9" * 400]),
    ("jr.slider('S', 0, 10, 3, key='k', bind=B)", ["11", "x", "10.5", "-0.5e1", "", "1e308", "nan"]),
    ("jr.slider('S', 0, 10, (2, 8), key='k', bind=B)", ["5", "8&k=2", "1&k=2&k=3", "a&k=b"]),
    (
        "jr.slider('D', date(2024, 1, 1), date(2024, 12, 31), key='k', bind=B)",
        ["2025-01-01", "2024-02-30", "x", "5", "nan", "-inf", "1e30", "-" + "9" * 40, "1709596800000000&k=x"],
    ),
    ("jr.slider('T', value=time(9, 0), key='k', bind=B)", ["0", "86400000000", "1e300", "NaN", "25:00"]),
    ("jr.selectbox('S', ['a', 'b', 'c'], key='k', bind=B)", ["z", "0", "", "A"]),
    ("jr.radio('R', ['a', 'b'], key='k', bind=B)", ["c", "%FF"]),
    ("jr.multiselect('M', ['a', 'b', 'c'], key='k', bind=B)", ["z", "a&k=a", "a&k=zz"]),
    ("jr.multiselect('M', ['a', 'b', 'c'], max_selections=1, key='k', bind=B)", ["a&k=b"]),
    ("jr.pills('P', ['x', 'y'], key='k', bind=B)", ["q"]),
    ("jr.segmented_control('G', ['x', 'y'], key='k', bind=B)", ["xy"]),
    ("jr.select_slider('S', list('abcde'), key='k', bind=B)", ["f", ""]),
    ("jr.select_slider('S', list('abcde'), ('a', 'b'), key='k', bind=B)", ["e&k=b", "a", "a&k=b&k=c"]),
    ("jr.feedback('stars', key='k', bind=B)", ["5", "-1", "x", "2.5"]),
    ("jr.pagination(10, key='k', bind=B)", ["0", "11", "2.5", "x", ""]),
    ("jr.date_input('D', date(2024, 1, 1), key='k', bind=B)", ["2024-13-45", "tomorrow", "", "2024/01/02"]),
    (
        "jr.date_input('D', (date(2024, 1, 1), date(2024, 1, 9)), key='k', bind=B)",
        ["2024-01-09&k=2024-01-01", "2024-01-01&k=2024-01-02&k=2024-01-03"],
    ),
    ("jr.time_input('T', time(9, 0), key='k', bind=B)", ["25:00", "noon", ""]),
    ("jr.datetime_input('D', datetime(2024, 1, 1, 9, 0), key='k', bind=B)", ["nope", "2024-01-01", ""]),
    ("jr.color_picker('C', key='k', bind=B)", ["zzz", "", "#12345", "red"]),
    ("jr.expander('E', key='k', bind=B).open", ["maybe"]),
    ("[t.open for t in jr.tabs(['A', 'B'], key='k', bind=B)]", ["Z", ""]),
]


@pytest.mark.parametrize(
    ("call", "value"), [(call, value) for call, values in GARBAGE for value in values], ids=lambda x: str(x)[:40]
)
def test_a_value_the_widget_refuses_gives_the_default_and_a_warning(make_app: Any, call: str, value: str) -> None:
    plain = _app(make_app, "v = " + call + "\njr.session_state.out = v")
    plain.run()
    app = _app(make_app, "v = " + call + "\njr.session_state.out = v", "k=" + value + "&other=1")
    run = app.run()
    assert run.status == "complete", run.messages
    assert _errors(app) == []
    assert app.state["out"] == plain.state["out"]  # the default
    notices = _notices(run)
    assert len(notices) == 1 and "'k'" in notices[0] and "default" in notices[0], notices
    assert _query(app) == {"other": ["1"]}  # the refused value left the URL
    assert _sent(run)[-1] == "other=1"


def test_a_huge_value_is_shown_short_in_the_warning(make_app: Any) -> None:
    app = _app(make_app, "jr.slider('S', 0, 10, key='k', bind=B)", "k=" + "9" * 5000)
    run = app.run()
    (notice,) = _notices(run)
    assert len(notice) < 300


def test_a_change_writes_the_url_and_the_default_removes_it(make_app: Any) -> None:
    app = _app(make_app, "v = jr.slider('S', 0, 10, 3, key='k', bind=B)\njr.session_state.out = v", "a=1")
    assert _sent(app.run()) == []  # at the default: nothing to write
    wid = _wid(app, "slider")
    run = app.send({wid: 8})
    assert app.state["out"] == 8
    assert _sent(run) == ["a=1&k=8"]
    assert _sent(app.send({wid: 9})) == ["a=1&k=9"]
    run = app.send({wid: 3})
    assert _sent(run) == ["a=1"]
    assert _query(app) == {"a": ["1"]}
    assert _sent(app.run()) == []  # nothing changed: nothing sent


def test_session_state_writes_the_url_and_the_url_wins_on_first_load(make_app: Any) -> None:
    app = _app(
        make_app,
        "if 'k' not in jr.session_state:\n    jr.session_state.k = 'b'\n"
        "jr.button('pick c', on_click=lambda: jr.session_state.update(k='c'))\n"
        "jr.session_state.out = jr.radio('R', ['a', 'b', 'c'], key='k', bind=B)",
        "k=a",
    )
    run = app.run()
    assert app.state["out"] == "a"  # the URL wins over session_state at the first run
    assert _sent(run) == [""]  # "a" is the default: the key leaves the URL
    assert _query(app) == {}
    button = _wid(app, "button")
    run = app.send({button: True})
    assert app.state["out"] == "c" and _sent(run) == ["k=c"]


def test_back_and_forward_set_the_widget_from_the_url(make_app: Any) -> None:
    app = _app(make_app, "jr.session_state.out = jr.number_input('N', 0, 100, key='k', bind=B)", "k=5")
    app.run()
    assert app.ctx.nav is not None
    app.ctx.nav.post("", "k=7", 1)
    run = app.run()
    assert app.state["out"] == 7 and _sent(run) == []
    app.ctx.nav.post("", "", 2)  # back to a URL without the key: the default
    app.run()
    assert app.state["out"] == 0
    app.ctx.nav.post("", "k=oops", 3)
    run = app.run()
    assert app.state["out"] == 0 and len(_notices(run)) == 1


def test_a_bound_key_cannot_be_set_through_query_params(make_app: Any) -> None:
    for statement in (
        "jr.query_params['k'] = 'x'",
        "del jr.query_params['k']",
        "jr.query_params.clear()",
        "jr.query_params.update(k='1')",
        "jr.query_params.from_dict({'z': 1})",
    ):
        app = _app(make_app, "jr.checkbox('C', key='k', bind=B)\n" + statement, "k=true&z=2")
        app.run()
        errors = _errors(app)
        assert len(errors) == 1 and errors[0]["ename"] == "StreamlitAPIException", statement
        assert "bound" in errors[0]["evalue"]
        assert _query(app) == {"k": ["true"], "z": ["2"]}, statement
    app = _app(make_app, "jr.checkbox('C', key='k', bind=B)\njr.query_params['free'] = 'ok'", "k=true")
    app.run()
    assert _errors(app) == [] and _query(app) == {"k": ["true"], "free": ["ok"]}


def test_a_widget_no_longer_drawn_leaves_the_url_and_keeps_its_value(make_app: Any) -> None:
    # Streamlit 1.67: a bound widget no run draws leaves the URL, its value kept under its key
    # (no persist_state needed); drawn again, it has that value and the URL shows it again
    app = _app(
        make_app,
        "show = jr.checkbox('show', True, key='show')\nif show:\n    jr.slider('S', 0, 10, key='k', bind=B)\n"
        "jr.session_state.out = jr.session_state.get('k')",
        "k=4&a=1",
    )
    app.run()
    assert _query(app) == {"k": ["4"], "a": ["1"]}
    run = app.send({_wid(app, "checkbox"): False})
    assert _sent(run) == ["a=1"] and app.state["out"] == 4
    app.run()
    assert app.state["out"] == 4 and _query(app) == {"a": ["1"]}  # kept while hidden
    run = app.send({_wid(app, "checkbox"): True})
    assert app.state["out"] == 4 and _query(app) == {"a": ["1"], "k": ["4"]}


def test_an_unbound_widget_no_longer_drawn_still_loses_its_value(make_app: Any) -> None:
    app = _app(
        make_app,
        "show = jr.checkbox('show', True, key='show')\nif show:\n    jr.slider('S', 0, 10, key='k')\n"
        "jr.session_state.out = jr.session_state.get('k')",
        "",
    )
    app.run()
    app.send({_wid(app, "slider"): 6})
    app.send({_wid(app, "checkbox"): False})
    assert app.state["out"] == 6  # as in 1.67: dropped after the run that did not draw it
    app.run()
    assert app.state["out"] is None
    app.send({_wid(app, "checkbox"): True})
    assert app.state["out"] == 0


def test_tabs_and_expander_write_their_state(make_app: Any) -> None:
    app = _app(
        make_app,
        "e = jr.expander('E', key='e', bind=B)\nt = jr.tabs(['A', 'B'], key='t', bind=B)\n"
        "jr.session_state.out = (e.open, [x.open for x in t])",
    )
    app.run()
    ids = [el["id"] for el in app.page.values() if el.get("layout") in ("expander", "tabs")]
    run = app.send({ids[0]: True, ids[1]: "B"})
    assert app.state["out"] == (True, [False, True])
    assert _sent(run)[-1] == "e=true&t=B"


def test_bound_widgets_in_a_form_write_on_submit(make_app: Any) -> None:
    app = _app(
        make_app,
        "with jr.form('f'):\n    v = jr.text_input('T', key='k', bind=B)\n    jr.form_submit_button('go')\n"
        "jr.session_state.out = v",
    )
    app.run()
    run = app.send({_wid(app, "text_input"): "hi", _wid(app, "form_submit_button"): True})
    assert app.state["out"] == "hi" and _sent(run) == ["k=hi"]


@pytest.mark.parametrize(
    ("call", "ename", "words"),
    [
        ("jr.checkbox('C', bind=B)", "StreamlitMissingRequiredParameterError", "key"),
        ("jr.slider('S', bind=B)", "StreamlitMissingRequiredParameterError", "key"),
        ("jr.tabs(['A', 'B'], bind=B)", "StreamlitMissingRequiredParameterError", "key"),
        ("jr.expander('E', bind=B)", "StreamlitMissingRequiredParameterError", "key"),
        ("jr.checkbox('C', key='k', bind='url')", "StreamlitValueError", "query-params"),
        ("jr.checkbox('C', key='k', bind=True)", "StreamlitValueError", "query-params"),
        ("jr.checkbox('C', key='embed', bind=B)", "StreamlitAPIException", "reserved"),
        ("jr.tabs(['A', 'A'], key='k', bind=B)", "StreamlitValueError", "unique"),
        ("jr.tabs(['A', ''], key='k', bind=B)", "StreamlitValueError", "non-empty"),
    ],
)
def test_misuse_raises_streamlits_errors(make_app: Any, call: str, ename: str, words: str) -> None:
    app = _app(make_app, call, "k=1")
    app.run()
    errors = _errors(app)
    assert len(errors) == 1 and errors[0]["ename"] == ename, errors
    assert words in errors[0]["evalue"]
    assert _query(app) == {"k": ["1"]}  # nothing half-done


def test_bind_none_and_outside_an_app(make_app: Any) -> None:
    app = _app(make_app, "jr.session_state.out = jr.checkbox('C', key='k', bind=None)", "k=true")
    run = app.run()
    assert app.state["out"] is False and _notices(run) == []  # not bound: the URL is not read
    import jupyter_reactive as jr

    assert jr.checkbox("C", key="k", bind="query-params") is False  # plain python: no URL, no error


def test_a_bound_widget_rewrites_the_url_in_place(make_app: Any) -> None:
    """Streamlit's page writes a bound widget's value with replaceState: no history entry."""
    app = _app(make_app, "jr.slider('S', 0, 10, 3, key='k', bind=B)")
    app.run()
    run = app.send({_wid(app, "slider"): 5})
    assert [(m["query"], m.get("push")) for m in run.messages if m["type"] == "query_params"] == [("k=5", None)]
