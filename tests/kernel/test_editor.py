"""``jr.data_editor`` in the kernel: the element (an editable dataframe), the editing state as
the widget's value (checked cell by cell, garbage refused), ``session_state`` and ``on_change``,
edits kept across reruns and dropped when the data changes, and the edited data returned in the
type the script passed, through a real ScriptRunner."""

from __future__ import annotations

import json
from typing import Any

import pytest

HEAD = "import jupyter_reactive as jr\nimport pandas as pd\nimport numpy as np\nimport datetime as dt\n"


def _app(make_app: Any, code: str) -> tuple[Any, dict[str, Any]]:
    app = make_app(HEAD + code)
    run = app.run()
    assert run.status == "complete", run.messages
    (el,) = run.of_kind("dataframe")
    return app, el


def _state(edited: Any = None, added: Any = None, deleted: Any = None) -> str:
    return json.dumps({"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []})


def _texts(run: Any) -> list[str]:
    return [el["text"] for el in run.of_kind("text")]


FRUIT = """
df = pd.DataFrame({
    "name": ["apple", "pear", "plum"],
    "qty": [3, 5, 7],
    "price": [1.5, 2.25, 0.75],
    "ok": [True, False, True],
    "size": pd.Categorical(["S", "M", "L"]),
})
"""


def test_the_element_is_an_editable_dataframe(make_app) -> None:
    _, el = _app(
        make_app,
        FRUIT + "jr.data_editor(df, num_rows='dynamic', disabled=['price'], column_config={"
        "'qty': jr.column_config.NumberColumn(min_value=0, max_value=10, step=1),"
        "'name': jr.column_config.TextColumn(required=True, max_chars=8, validate='^[a-z]+$', default='new')})",
    )
    ed = el["editor"]
    assert json.loads(ed["value"]) == {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
    assert ed["num_rows"] == "dynamic"
    assert el["index"] is None and ed["index"] is None  # a range index is hidden when rows can be added
    cols = {c["key"]: c for c in ed["columns"]}
    assert cols["name"] == {
        "key": "name",
        "editor": "text",
        "required": True,
        "max_chars": 8,
        "validate": "^[a-z]+$",
        "default": "new",
    }
    assert cols["qty"] == {"key": "qty", "editor": "number", "integer": True, "min": 0.0, "max": 10.0, "step": 1.0}
    assert cols["price"] == {"key": "price"}  # disabled: read-only
    assert cols["ok"]["editor"] == "checkbox"
    assert cols["size"] == {"key": "size", "editor": "selectbox", "options": ["L", "M", "S"]}
    assert el["first"]["cols"][0] == ["apple", "pear", "plum"]


def test_a_fixed_editor_shows_its_index_read_only_and_disabled_true_edits_nothing(make_app) -> None:
    _, el = _app(make_app, FRUIT + "jr.data_editor(df, disabled=True, num_rows='dynamic', hide_index=False)")
    assert el["editor"]["num_rows"] == "fixed"
    assert el["index"] is not None
    assert el["editor"]["index"] == {"key": "_index"}
    assert all(set(c) == {"key"} for c in el["editor"]["columns"])


def test_round_trip_of_an_edit(make_app, hooks) -> None:
    app, el = _app(
        make_app,
        FRUIT
        + "import jr_test_hooks as hooks\n"
        + "def changed(tag, *, more):\n"
        + "    hooks.calls.append((tag, more, dict(jr.session_state.fruit)))\n"
        + "out = jr.data_editor(df, key='fruit', num_rows='dynamic', on_change=changed, args=('a',), kwargs={'more': 1})\n"
        + "jr.text(repr(out.to_dict('list')))\n"
        + "jr.text(repr(out.index.tolist()))\n",
    )
    wid = el["editor"]["id"]
    wire = _state({"1": {"qty": 9, "name": "kiwi"}}, [{"name": "fig", "qty": 1, "ok": True, "size": "S"}], [0])
    run = app.send({wid: wire})
    assert _texts(run) == [
        repr(
            {
                "name": ["kiwi", "plum", "fig"],
                "qty": [9, 7, 1],
                "price": [2.25, 0.75, None],
                "ok": [False, True, True],
                "size": ["M", "L", "S"],
            }
        ).replace("None", "nan"),
        "[1, 2, 3]",
    ]
    state = {
        "edited_rows": {1: {"qty": 9, "name": "kiwi"}},
        "added_rows": [{"name": "fig", "qty": 1, "ok": True, "size": "S"}],
        "deleted_rows": [0],
    }
    assert hooks.calls == [("a", 1, state)]
    assert dict(app.state["fruit"]) == state
    assert app.state["fruit"].edited_rows == {1: {"qty": 9, "name": "kiwi"}}
    (again,) = run.of_kind("dataframe") or [None]
    assert json.loads(again["editor"]["value"])["deleted_rows"] == [0]
    # the edits hold on the next run, and on_change does not fire again
    run = app.run()
    assert run.status == "complete"
    assert "[1, 2, 3]" in app.texts()
    assert len(hooks.calls) == 1


def test_edits_are_dropped_when_the_data_changes(make_app, hooks) -> None:
    app, el = _app(
        make_app,
        "import jr_test_hooks as hooks\n"
        "n = getattr(hooks, 'n', 3)\n"
        "out = jr.data_editor(pd.DataFrame({'a': list(range(n))}))\n"
        "jr.text(repr(out['a'].tolist()))\n",
    )
    run = app.send({el["editor"]["id"]: _state({"0": {"a": 100}})})
    assert _texts(run) == ["[100, 1, 2]"]
    app.run()
    assert "[100, 1, 2]" in app.texts()
    hooks.n = 4
    app.run()
    assert "[0, 1, 2, 3]" in app.texts()


@pytest.fixture
def jr_hooks(hooks: Any) -> Any:
    return hooks


@pytest.mark.parametrize(
    ("data", "check"),
    [
        (
            "pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}, index=pd.Index([10, 20], name='id'))",
            "type(out).__name__ == 'DataFrame' and out.index.tolist() == [10, 20] and out.index.name == 'id' "
            "and out['a'].tolist() == [1, 5] and str(out['a'].dtype) == 'int64'",
        ),
        (
            "pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}).style",
            "type(out).__name__ == 'DataFrame' and out['a'].tolist() == [1, 5]",
        ),
        (
            "pd.Series([1, 2], name='a')",
            "type(out).__name__ == 'Series' and out.name == 'a' and out.tolist() == [1, 5]",
        ),
        (
            "__import__('polars').DataFrame({'a': [1, 2], 'b': ['x', 'y']})",
            "type(out).__name__ == 'DataFrame' and type(out).__module__.startswith('polars') and out['a'].to_list() == [1, 5]",
        ),
        (
            "__import__('polars').Series('a', [1, 2])",
            "type(out).__module__.startswith('polars') and out.to_list() == [1, 5]",
        ),
        (
            "__import__('pyarrow').table({'a': [1, 2], 'b': ['x', 'y']})",
            "type(out).__name__ == 'Table' and out.column('a').to_pylist() == [1, 5] and out.column_names == ['a', 'b']",
        ),
        ("np.array([1, 2])", "isinstance(out, np.ndarray) and out.tolist() == [1, 5]"),
        ("np.array([[1, 9], [2, 9]])", "isinstance(out, np.ndarray) and out.tolist() == [[1, 9], [5, 9]]"),
        ("[{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'y'}]", "out == [{'a': 1, 'b': 'x'}, {'a': 5, 'b': 'y'}]"),
        ("[[1, 'x'], [2, 'y']]", "out == [[1, 'x'], [5, 'y']]"),
        ("[1, 2]", "out == [1, 5]"),
        ("(1, 2)", "out == (1, 5)"),
        ("{'a': [1, 2], 'b': ['x', 'y']}", "out == {'a': [1, 5], 'b': ['x', 'y']}"),
        ("{'k1': 1, 'k2': 2}", "out == {'k1': 1, 'k2': 5}"),
        ("{'a': {'r': 1, 's': 2}}", "out == {'a': {'r': 1, 's': 5}}"),
        ("{'a': pd.Series([1, 2])}", "list(out) == ['a'] and out['a'].tolist() == [1, 5]"),
    ],
)
def test_the_edited_data_comes_back_in_the_type_given(make_app, data, check) -> None:
    app, el = _app(make_app, f"out = jr.data_editor({data})\njr.text(str(bool({check})) + ' ' + repr(out))\n")
    keys = [c["key"] for c in el["editor"]["columns"]]
    col = "a" if "a" in keys else keys[0]
    run = app.send({el["editor"]["id"]: _state({"1": {col: 5}})})
    (text,) = _texts(run)
    assert text.startswith("True "), text


def test_a_set_comes_back_as_a_set(make_app) -> None:
    app, el = _app(make_app, "out = jr.data_editor({3})\njr.text(repr(out))\n")
    run = app.send({el["editor"]["id"]: _state({"0": {"0": 4}})})
    assert _texts(run) == ["{4}"]


def test_dates_times_and_datetimes_are_parsed_into_their_columns(make_app) -> None:
    app, el = _app(
        make_app,
        "df = pd.DataFrame({'d': [dt.date(2024, 1, 1)], 't': [dt.time(8, 30)],"
        " 'ts': pd.to_datetime(['2024-01-01 10:00'])})\n"
        "out = jr.data_editor(df, num_rows='add', column_config={'d': jr.column_config.DateColumn("
        "min_value=dt.date(2020, 1, 1))})\n"
        "jr.text(repr([out.iloc[-1].tolist(), str(out['ts'].dtype)[:10]]))\n",
    )
    cols = {c["key"]: c for c in el["editor"]["columns"]}
    assert cols["d"]["editor"] == "date" and cols["d"]["min"] == "2020-01-01"
    assert cols["t"]["editor"] == "time" and cols["ts"]["editor"] == "datetime"
    wire = _state({"0": {"d": "2024-05-06"}}, [{"d": "2025-01-02", "t": "09:15:00", "ts": "2025-03-04T05:06:07"}])
    run = app.send({el["editor"]["id"]: wire})
    assert _texts(run) == [
        repr(
            [
                [
                    __import__("datetime").date(2025, 1, 2),
                    __import__("datetime").time(9, 15),
                    __import__("pandas").Timestamp("2025-03-04 05:06:07"),
                ],
                "datetime64",
            ]
        )
    ]
    assert "before" in app.refused(el["editor"]["id"], _state({"0": {"d": "2019-12-31"}}))
    assert "not an ISO date" in app.refused(el["editor"]["id"], _state({"0": {"d": "yesterday"}}))
    assert "ISO time" in app.refused(el["editor"]["id"], _state({"0": {"t": 930}}))


def test_a_labelled_index_takes_a_unique_value_for_each_added_row(make_app) -> None:
    app, el = _app(
        make_app,
        "df = pd.DataFrame({'v': [1, 2]}, index=pd.Index(['a', 'b'], name='k'))\n"
        "out = jr.data_editor(df, num_rows='dynamic', hide_index=True)\n"
        "jr.text(repr(out['v'].to_dict()))\n",
    )
    assert el["index"] is not None  # it must be typed into, so it shows
    assert el["editor"]["index"]["editor"] == "text" and el["editor"]["index"]["required"] is True
    wid = el["editor"]["id"]
    assert "requires a value" in app.refused(wid, _state(added=[{"v": 3}]))
    assert "index cannot be edited" in app.refused(wid, _state({"0": {"_index": "z"}}))
    # a label the index already has is skipped, as Streamlit does
    run = app.send({wid: _state(added=[{"_index": "c", "v": 3}, {"_index": "a", "v": 4}])})
    assert _texts(run) == [repr({"a": 1, "b": 2, "c": 3})]


FRUIT_EDITOR = (
    FRUIT + "jr.data_editor(df, num_rows='fixed', disabled=['price'], column_config={"
    "'qty': jr.column_config.NumberColumn(min_value=0, max_value=10),"
    "'name': jr.column_config.TextColumn(required=True, max_chars=8, validate='^[a-z]+$'),"
    "'size': jr.column_config.SelectboxColumn(options=['S', 'M', 'L'])})\n"
)


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        (_state({"0": {"nope": 1}}), "no editable column 'nope'"),
        (_state({"0": {"price": 1.0}}), "no editable column 'price'"),  # disabled
        (_state({"0": {"qty": "3"}}), "takes numbers"),
        (_state({"0": {"qty": True}}), "takes numbers"),
        (_state({"0": {"qty": 2.5}}), "whole numbers"),
        (_state({"0": {"qty": 11}}), "out of range"),
        (_state({"0": {"qty": -1}}), "out of range"),
        (_state({"0": {"name": None}}), "requires a value"),
        (_state({"0": {"name": "waytoolongname"}}), "longer than 8"),
        (_state({"0": {"name": "Caps"}}), "does not match"),
        (_state({"0": {"name": 5}}), "takes text"),
        (_state({"0": {"ok": "yes"}}), "true or false"),
        (_state({"0": {"size": "XL"}}), "not one of the options"),
        (_state({"3": {"qty": 1}}), "not a row of the data"),
        (_state({"-1": {"qty": 1}}), "not a row of the data"),
        (_state({"01": {"qty": 1}}), "not a row of the data"),
        (_state({"x": {"qty": 1}}), "keyed by row position"),
        (_state({"0": ["qty", 1]}), "an object of column"),
        (_state(added=[{"name": "fig"}]), "cannot be added"),
        (_state(deleted=[0]), "cannot be deleted"),
        ({"edited_rows": {}}, "JSON string"),
        ("{not json", "not valid JSON"),
        ("[]", "edited_rows, added_rows and deleted_rows only"),
        (json.dumps({"edited_rows": {}, "extra": 1}), "edited_rows, added_rows and deleted_rows only"),
        (json.dumps({"edited_rows": [], "added_rows": [], "deleted_rows": []}), "edited_rows is an object"),
        (json.dumps({"edited_rows": {}, "added_rows": {}, "deleted_rows": []}), "edited_rows is an object"),
        (5, "JSON string"),
    ],
)
def test_bad_editing_states_are_refused_with_a_clear_notice(make_app, wire, message) -> None:
    app, el = _app(make_app, FRUIT_EDITOR)
    refusal = app.refused(el["editor"]["id"], wire)
    assert refusal.startswith("data_editor ") and message in refusal, refusal


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        (_state(deleted=[0, 0]), "deleted twice"),
        (_state(deleted=[3]), "not a row of the data"),
        (_state(deleted=[True]), "not a row of the data"),
        (_state(deleted=["0"]), "not a row of the data"),
        (_state(added=[{"name": "fig", "qty": 1}] * 10_001), "at most 10000"),
        (_state(added=["row"]), "an object of column"),
        (_state(added=[{"qty": 1}]), "'name' requires a value"),
    ],
)
def test_bad_rows_added_or_deleted_are_refused(make_app, wire, message) -> None:
    app, el = _app(
        make_app,
        FRUIT
        + "jr.data_editor(df, num_rows='dynamic', column_config={'name': jr.column_config.TextColumn(required=True)})",
    )
    refusal = app.refused(el["editor"]["id"], wire)
    assert message in refusal, refusal


def test_a_refused_state_changes_nothing(make_app) -> None:
    app, el = _app(make_app, FRUIT_EDITOR)
    wid = el["editor"]["id"]
    app.send({wid: _state({"0": {"qty": 4}})})
    app.refused(wid, _state({"0": {"qty": 400}}))
    assert app.state.widget_value(wid)["edited_rows"] == {0: {"qty": 4}}


def test_the_element_echoes_the_state_exactly_as_the_page_sent_it(make_app) -> None:
    """The page recognises the run of its own edit by the element's value: it must be the same
    text as JavaScript's JSON.stringify made (compact, non-ASCII as is, rows in order)."""
    app, el = _app(make_app, FRUIT + "jr.data_editor(df, num_rows='dynamic')")
    wire = json.dumps(
        {
            "edited_rows": {"0": {"name": "pêche", "qty": 2}, "2": {"ok": False}},
            "added_rows": [{"price": 0.5}],
            "deleted_rows": [1],
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )
    run = app.send({el["editor"]["id"]: wire})
    (again,) = run.of_kind("dataframe")
    assert again["editor"]["value"] == wire


def test_a_large_frame_sends_its_first_page_only(make_app) -> None:
    _, el = _app(make_app, "jr.data_editor(pd.DataFrame({'n': np.arange(200_000)}))")
    assert el["rows"] == 200_000
    assert len(el["first"]["pos"]) == 100


def test_bad_arguments_fail_in_the_script(make_app) -> None:
    for code, text in [
        ("jr.data_editor(pd.DataFrame({'a': [1]}), num_rows='many')", "num_rows"),
        ("jr.data_editor(pd.DataFrame({'a': [1]}), on_change='later')", "on_change"),
        ("jr.data_editor(pd.DataFrame([[1, 2]], columns=['a', 'a']))", "unique"),
        (
            "jr.data_editor(pd.DataFrame({'a': ['x']}), column_config={'a': jr.column_config.TextColumn(validate='(')})",
            "regular expression",
        ),
    ]:
        app = make_app(HEAD + code)
        run = app.run()
        (exc,) = run.of_kind("exception")
        assert text in json.dumps(exc), (code, exc)


def test_outside_an_app_it_returns_the_data(make_app) -> None:
    import pandas as pd

    import jupyter_reactive as jr

    df = pd.DataFrame({"a": [1]})
    assert jr.data_editor(df).equals(df)


def test_in_a_form_the_page_is_told_to_hold_the_edits(make_app) -> None:
    app = make_app(
        HEAD + "with jr.form('f'):\n    out = jr.data_editor(pd.DataFrame({'a': [1]}))\n    jr.form_submit_button()\n"
    )
    run = app.run()
    (el,) = run.of_kind("dataframe")
    assert el["editor"]["form_id"]
    submit = next(e for e in run.of_kind("widget") if e["widget"] == "form_submit_button")
    assert submit["form_id"] == el["editor"]["form_id"]


STYLED = """
df = pd.DataFrame({"a": [1.0, 2.5, -3.0], "b": ["x", "y", "z"], "c": [10, 20, 30]})
sty = (
    df.style.format({"a": "{:.2f} kg"})
    .map(lambda v: "color: red" if v < 0 else "", subset=["a"])
    .map(lambda v: "background-color: #ff0; color: blue; position: fixed" if v == 20 else "", subset=["c"])
    .map(lambda v: "background-color: url(https://x.test/a.png)" if v == "y" else "", subset=["b"])
)
"""


def test_a_styler_s_colours_and_formats_reach_the_grid(make_app) -> None:
    app, el = _app(make_app, STYLED + "jr.dataframe(sty)")
    first = el["first"]
    assert first["text"] == [["1.00 kg", "2.50 kg", "-3.00 kg"], None, None]
    assert first["fg"] == [[None, None, "red"], None, [None, "blue", None]]
    assert first["bg"] == [None, None, [None, "#ff0", None]]  # a value that is not a colour is dropped
    assert not [m for m in app.messages if m["type"] == "notice"]
    # pages cut later carry them for their own rows, whatever the sort
    from jupyter_reactive.kernel import datapages

    page = datapages.answer(app.ctx.frames, {"id": el["data_id"], "start": 0, "stop": 3, "sort": [[0, True]], "seq": 1})
    assert page["page"]["pos"] == [2, 0, 1]
    assert page["page"]["text"][0] == ["-3.00 kg", "1.00 kg", "2.50 kg"]


def test_the_same_data_styled_otherwise_is_another_frame(make_app) -> None:
    _, plain = _app(make_app, STYLED + "jr.dataframe(df)")
    _, styled = _app(make_app, STYLED + "jr.dataframe(sty)")
    assert plain["data_id"] != styled["data_id"] and "text" not in plain["first"]


def test_an_editor_of_a_styler_returns_its_frame_edited(make_app) -> None:
    app, el = _app(make_app, STYLED + "out = jr.data_editor(sty, disabled=['a'])\njr.text(repr(out['c'].tolist()))")
    assert el["first"]["text"][0][0] == "1.00 kg"  # shown on the read-only column
    app.send({el["editor"]["id"]: _state({"0": {"c": 11}})})
    assert "[11, 20, 30]" in app.texts()


def test_pinned_columns_come_first_and_say_so(make_app) -> None:
    _, el = _app(
        make_app,
        "jr.dataframe(pd.DataFrame({'a': [1], 'b': [2], 'c': [3]}), column_config={"
        "'c': jr.column_config.NumberColumn(pinned=True), '_index': jr.column_config.Column(pinned=False)})",
    )
    assert [(c["name"], c.get("pinned")) for c in el["columns"]] == [("c", True), ("a", None), ("b", None)]
    assert el["index"]["pinned"] is False
    assert el["first"]["cols"] == [[3], [1], [2]]


def test_edits_keep_every_column_s_dtype(make_app) -> None:
    app, el = _app(
        make_app,
        "df = pd.DataFrame({'i': [1, 2], 'f': [0.5, 1.5], 'b': [True, False], 's': pd.array(['x', 'y'], dtype='string'),"
        " 'c': pd.Categorical(['lo', 'hi']), 'n': pd.to_datetime(['2024-01-01', '2024-01-02']),"
        " 'z': pd.to_datetime(['2024-01-02 03:04', '2024-01-03 00:00']).tz_localize('Europe/Paris')})\n"
        "before = df.dtypes.astype(str).tolist()\n"
        "out = jr.data_editor(df)\n"
        "jr.text(repr(out.dtypes.astype(str).tolist() == before))\n"
        "jr.text(repr([str(v) for v in out.iloc[1].tolist()]))\n",
    )
    cells = {"i": 7, "f": 2, "b": True, "s": "q", "c": "lo", "n": "2025-05-06T07:08:09", "z": "2025-05-06T07:08:09"}
    app.send({el["editor"]["id"]: _state({"1": cells})})
    assert app.texts() == [
        "True",
        repr(["7", "2.0", "True", "q", "lo", "2025-05-06 07:08:09", "2025-05-06 07:08:09+02:00"]),
    ]
