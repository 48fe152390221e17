"""Streamlit 1.67's newer ``jr.column_config`` types and parameters in the kernel: JSON, Markdown,
multiselect, audio, video and button columns, ``alignment``, ``ListColumn`` editing,
``ProgressColumn(step=)`` and ``SelectboxColumn(format_func=)`` — the config dicts, the wire
columns and cells, data_editor round trips (the edited value back in Python with its type),
button clicks through a real ScriptRunner, and garbage refused with a clear error."""

from __future__ import annotations

import json
from typing import Any

import pytest

import jupyter_reactive as jr
from jupyter_reactive.kernel import column_config as cc

HEAD = "import jupyter_reactive as jr\nimport pandas as pd\ncc = jr.column_config\n"


def _app(make_app: Any, code: str) -> tuple[Any, dict[str, Any]]:
    app = make_app(HEAD + code)
    run = app.run()
    assert run.status == "complete", run.messages
    (el,) = run.of_kind("dataframe")
    return app, el


def _state(edited: Any = None, added: Any = None) -> str:
    return json.dumps({"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": []})


def _texts(run: Any) -> list[str]:
    return [el["text"] for el in run.of_kind("text")]


# -- the config dicts ----------------------------------------------------------------------------


def test_the_new_types_are_public_and_make_plain_dicts() -> None:
    assert jr.column_config.JsonColumn is cc.JsonColumn
    assert cc.JsonColumn("J", width="large", alignment="right") == {
        "label": "J",
        "width": "large",
        "type": "json",
        "alignment": "right",
    }
    assert cc.MarkdownColumn(default="*x*", required=True)["type"] == "markdown"
    assert cc.AudioColumn(alignment="center") == {"type": "audio", "alignment": "center"}
    assert cc.VideoColumn("V") == {"label": "V", "type": "video"}
    assert cc.ButtonColumn("B", type="tertiary") == {
        "label": "B",
        "disabled": True,
        "type": "button",
        "button_type": "tertiary",
    }
    ms = cc.MultiselectColumn(
        options=["a", "b", "c"], color=["red", "#00f"], format_func=str.upper, accept_new_options=True, default=["a"]
    )
    assert ms == {
        "type": "multiselect",
        "default": ["a"],
        "options": ["a", "b", "c"],
        "option_labels": ["A", "B", "C"],
        "option_colors": ["red", "#00f", "red"],
        "accept_new_options": True,
    }
    assert cc.MultiselectColumn(options=["x", "y"], color="auto")["option_colors"] == ["#0068c94d", "#83c9ff4d"]
    assert cc.ListColumn(disabled=True, required=True, default=("p", "q")) == {
        "disabled": True,
        "required": True,
        "default": ["p", "q"],
        "type": "list",
    }
    assert cc.ProgressColumn(step=0.01)["step"] == 0.01
    assert cc.SelectboxColumn(options=[1, 2], format_func=lambda n: f"#{n}")["option_labels"] == ["#1", "#2"]
    for fn in (cc.Column, cc.NumberColumn, cc.TextColumn, cc.LinkColumn, cc.CheckboxColumn, cc.ImageColumn):
        assert fn(alignment="center")["alignment"] == "center"
    for fn in (cc.DateColumn, cc.DatetimeColumn, cc.TimeColumn):
        assert fn(alignment="left")["alignment"] == "left"


def test_a_keyed_button_column_returns_its_callback_with_the_config() -> None:
    def hit(a: int, *, b: int) -> None: ...

    res = cc.ButtonColumn("Go", on_click=hit, args=(1,), kwargs={"b": 2}, key="go")
    assert isinstance(res, cc.ButtonColumnResult)
    assert res.key == "go" and res.on_click is hit and res.args == (1,) and res.kwargs == {"b": 2}
    assert res.config["type"] == "button" and res.config["label"] == "Go"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: cc.JsonColumn(alignment="middle"), ValueError, "alignment must be"),
        (lambda: cc.NumberColumn(alignment=1), ValueError, "alignment must be"),
        (lambda: cc.ButtonColumn(type="huge"), ValueError, "type must be"),
        (lambda: cc.ButtonColumn(on_click=print), ValueError, "needs a key"),
        (lambda: cc.ButtonColumn(args=(1,)), ValueError, "needs a key"),
        (lambda: cc.ButtonColumn(on_click=5, key="k"), TypeError, "callable"),
        (lambda: cc.ButtonColumn(kwargs=[1], key="k"), TypeError, "kwargs must be a dict"),
        (lambda: cc.MultiselectColumn(options=["a"], color="red; background: url(x)"), ValueError, "CSS colour"),
        (lambda: cc.MultiselectColumn(options=["a"], color=[]), ValueError, "CSS colour"),
        (lambda: cc.MultiselectColumn(options=["a"], color=[3]), ValueError, "CSS colour"),
        (lambda: cc.MultiselectColumn(color="red"), ValueError, "needs options"),
        (lambda: cc.MultiselectColumn(format_func=str), ValueError, "needs options"),
        (lambda: cc.MultiselectColumn(options=["a"], format_func="upper"), TypeError, "callable"),
        (lambda: cc.MultiselectColumn(default="abc"), TypeError, "list of strings"),
        (lambda: cc.ListColumn(default=5), TypeError, "list of strings"),
        (lambda: cc.ProgressColumn(step=0), ValueError, "positive number"),
        (lambda: cc.ProgressColumn(step="1"), ValueError, "positive number"),
        (lambda: cc.SelectboxColumn(format_func=str), ValueError, "needs options"),
    ],
)
def test_bad_parameters_fail_clearly(call: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("conf", "message"),
    [
        ({"type": "multiselect", "options": ["a", "b"], "option_labels": ["A"]}, "as long as options"),
        ({"type": "multiselect", "options": ["a"], "option_colors": ["url(javascript:x)"]}, "CSS colours"),
        ({"type": "selectbox", "options": ["a"], "option_labels": "A"}, "as long as options"),
        ({"type": "json", "alignment": "justify"}, "alignment must be"),
        ({"type": "button", "button_type": "evil"}, "button type"),
    ],
)
def test_hand_made_configs_with_garbage_are_refused_in_the_script(make_app, conf: dict, message: str) -> None:
    app = make_app(HEAD + f"jr.dataframe(pd.DataFrame({{'a': [['a']]}}), column_config={{'a': {conf!r}}})")
    run = app.run()
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert message in json.dumps(exc)


# -- the wire --------------------------------------------------------------------------------------

GRID = """
df = pd.DataFrame({
    "info": [{"a": 1, "b": [1, 2]}, '{"x":  true}', "not json", None, float("nan")],
    "bio": ["**b** <script>alert(1)</script>", "[l](javascript:alert(1))", None, "# T", "x"],
    "cats": [["p", "q"], [], None, ["r"], ["p"]],
    "act": ["Go", ["Edit", "Delete"], None, "Go", "Go"],
    "size": ["s", "m", "l", "s", "m"],
    "done": [0.1, 0.5, 1.0, 0.25, 0.755],
    "n": [1, 2, 3, 4, 5],
})
jr.dataframe(df, column_config={
    "info": cc.JsonColumn("Info", alignment="right"),
    "bio": cc.MarkdownColumn("Bio"),
    "cats": cc.MultiselectColumn("Cats", options=["p", "q", "r"], color="primary", format_func=str.upper),
    "act": cc.ButtonColumn("Act", type="primary"),
    "size": cc.SelectboxColumn(options=["s", "m", "l"], format_func=lambda s: s.upper() * 2),
    "done": cc.ProgressColumn(step=0.01),
    "n": cc.ProgressColumn(),
})
"""


def test_the_wire_columns_carry_types_labels_colours_and_alignment(make_app) -> None:
    _, el = _app(make_app, GRID)
    cols = {c["name"]: c for c in el["columns"]}
    assert cols["Info"] == {"name": "Info", "kind": "object", "type": "json", "align": "right"}
    assert cols["Bio"]["type"] == "markdown"
    assert cols["Cats"] == {
        "name": "Cats",
        "kind": "object",
        "type": "multiselect",
        "options": ["p", "q", "r"],
        "labels": ["P", "Q", "R"],
        "colors": ["primary"] * 3,
    }
    assert cols["Act"]["type"] == "button" and cols["Act"]["button_type"] == "primary"
    assert "button_id" not in cols["Act"]  # no key: nothing to click
    assert cols["size"]["labels"] == ["SS", "MM", "LL"] and cols["size"]["options"] == ["s", "m", "l"]
    # a progress column of floats runs to 1, of whole numbers to 100, as in 1.67
    assert (cols["done"]["min"], cols["done"]["max"], cols["done"]["step"]) == (0.0, 1.0, 0.01)
    assert (cols["n"]["min"], cols["n"]["max"]) == (0.0, 100.0)


def test_json_cells_are_compact_json_and_markdown_cells_come_rendered_and_escaped(make_app) -> None:
    _, el = _app(make_app, GRID)
    first = el["first"]
    names = [c["name"] for c in el["columns"]]
    info = first["cols"][names.index("Info")]
    assert info == ['{"a":1,"b":[1,2]}', '{"x":true}', '"not json"', None, None]
    html = first["html"][names.index("Bio")]
    assert first["html"][names.index("Info")] is None
    assert "<strong>b</strong>" in html[0] and "<script>" not in html[0] and "&lt;script&gt;" in html[0]
    assert "href" not in html[1] and "<a" not in html[1]  # markdown-it refuses the link: text
    assert html[2] is None and "<h1>T</h1>" in html[3]
    assert first["cols"][names.index("Bio")][0].startswith("**b**")  # the text itself, for editing
    assert first["cols"][names.index("Cats")][:3] == [["p", "q"], [], None]


def test_the_same_data_shown_as_json_is_another_frame(make_app) -> None:
    app = make_app(
        HEAD + "df = pd.DataFrame({'a': [{'k': 1}]})\n"
        "jr.dataframe(df)\njr.dataframe(df, column_config={'a': cc.JsonColumn()})"
    )
    run = app.run()
    plain, as_json = run.of_kind("dataframe")
    assert plain["data_id"] != as_json["data_id"]
    assert plain["first"]["cols"][0] == ["{'k': 1}"] and as_json["first"]["cols"][0] == ['{"k":1}']


def test_every_json_value_becomes_text() -> None:
    import numpy as np

    from jupyter_reactive.kernel.frames import json_text

    assert json_text({"a": np.int64(3), "b": np.array([1.5, 2]), "c": {1, 2} - {2}}) == '{"a":3,"b":[1.5,2.0],"c":[1]}'
    assert json_text("[1, 2]") == "[1,2]"
    assert json_text({"x": float("nan")}) == "{'x': nan}"  # not JSON: its text
    assert json_text(object()).startswith('"<object object')
    deep: Any = []
    for _ in range(5000):
        deep = [deep]
    assert json_text(deep) == "(too deeply nested to show)"  # no crash


# -- data_editor round trips -------------------------------------------------------------------------

EDITOR = """
df = pd.DataFrame({
    "tags": [["a", "b"], ["c"]],
    "cats": [["llm"], []],
    "note": ["*hi*", "plain"],
    "info": [{"k": 1}, None],
})
out = jr.data_editor(df, num_rows="dynamic", column_config={
    "tags": cc.ListColumn("Tags", default=["new"]),
    "cats": cc.MultiselectColumn(options=["llm", "exploration"], format_func=str.upper, required=True),
    "note": cc.MarkdownColumn(),
    "info": cc.JsonColumn(),
})
jr.text(repr(out["tags"].tolist()))
jr.text(repr(out["cats"].tolist()))
jr.text(repr(out["note"].tolist()))
"""


def test_list_multiselect_and_markdown_columns_are_editable(make_app) -> None:
    _, el = _app(make_app, EDITOR)
    ed = {c["key"]: c for c in el["editor"]["columns"]}
    assert ed["tags"] == {"key": "tags", "editor": "multiselect", "accept_new": True, "default": ["new"]}
    assert ed["cats"] == {
        "key": "cats",
        "editor": "multiselect",
        "required": True,
        "options": ["llm", "exploration"],
        "labels": ["LLM", "EXPLORATION"],
    }
    assert ed["note"] == {"key": "note", "editor": "markdown"}
    assert ed["info"] == {"key": "info"}  # JSON columns are read-only, as in 1.67


def test_edited_lists_and_markdown_come_back_as_lists_and_strings(make_app) -> None:
    app, el = _app(make_app, EDITOR)
    wid = el["editor"]["id"]
    run = app.send(
        {
            wid: _state(
                {"0": {"tags": ["z"], "note": "**new**"}, "1": {"cats": ["exploration", "llm"], "tags": []}},
                [{"tags": ["x", "y"], "cats": ["llm"]}],
            )
        }
    )
    assert _texts(run) == [
        repr([["z"], [], ["x", "y"]]),
        repr([["llm"], ["exploration", "llm"], ["llm"]]),
        repr(["**new**", "plain", None]).replace("None", "nan"),  # as pandas grows a column
    ]
    # the edited markdown comes back rendered for the page to show
    (el,) = run.of_kind("dataframe")
    assert el["editor"]["rendered"] == {"**new**": "<p><strong>new</strong></p>\n"}


def test_multiselect_options_that_are_not_text_are_chosen_by_their_text(make_app) -> None:
    app, el = _app(
        make_app,
        "out = jr.data_editor(pd.DataFrame({'n': [['1']]}), column_config={'n': cc.MultiselectColumn(options=[1, 2])})\n"
        "jr.text(repr(out['n'].tolist()))",
    )
    app.send({el["editor"]["id"]: _state({"0": {"n": ["2", "1"]}})})
    assert app.texts() == [repr([["2", "1"]])]
    assert "not one of the options" in app.refused(el["editor"]["id"], _state({"0": {"n": ["3"]}}))


def test_a_list_column_without_config_is_a_list_editor(make_app) -> None:
    _, el = _app(make_app, "jr.data_editor(pd.DataFrame({'t': [['a'], ['b', 'c'], None]}))")
    assert el["editor"]["columns"] == [{"key": "t", "editor": "multiselect", "accept_new": True}]
    _, el = _app(make_app, "jr.data_editor(pd.DataFrame({'t': [[1], [2]]}))")
    assert el["editor"]["columns"] == [{"key": "t"}]  # lists of numbers stay read-only


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"tags": "a, b"}, "takes a list of strings"),
        ({"tags": [1, 2]}, "takes a list of strings"),
        ({"tags": [["a"]]}, "takes a list of strings"),
        ({"tags": {"a": 1}}, "takes a list of strings"),
        ({"tags": ["x"] * 1001}, "at most 1000 items"),
        ({"tags": ["x" * 10_001]}, "at most 1000 items"),
        ({"cats": ["nope"]}, "'nope' is not one of the options"),
        ({"cats": ["LLM"]}, "not one of the options"),  # a label is not a value
        ({"cats": None}, "requires a value"),
        ({"note": 5}, "takes text"),
        ({"note": ["x"]}, "takes text"),
        ({"info": {"k": 2}}, "no editable column 'info'"),
    ],
)
def test_bad_list_and_markdown_edits_are_refused(make_app, cells: dict, message: str) -> None:
    app, el = _app(make_app, EDITOR)
    refusal = app.refused(el["editor"]["id"], _state({"0": cells}))
    assert message in refusal, refusal


# -- button clicks -------------------------------------------------------------------------------

BUTTONS = """
import jr_test_hooks as hooks
df = pd.DataFrame({"name": ["A", "B", "C"], "act": ["View", ["Edit", "Delete"], None]})
def clicked(tag, *, more):
    hooks.calls.append((tag, more, dict(jr.session_state.act_click)))
jr.dataframe(df, column_config={
    "act": cc.ButtonColumn("Act", on_click=clicked, args=("t",), kwargs={"more": 1}, key="act_click"),
})
click = jr.session_state.act_click
jr.text(repr(None if click is None else (click.row, click.label, click["row"])))
"""


def test_a_button_click_reaches_the_callback_and_session_state_for_one_run(make_app, hooks) -> None:
    app, el = _app(make_app, BUTTONS)
    (col,) = [c for c in el["columns"] if c["name"] == "Act"]
    bid = col["button_id"]
    assert app.texts() == ["None"]
    app.send({bid: [1, "Delete"]})
    assert app.texts() == [repr((1, "Delete", 1))]
    assert hooks.calls == [("t", 1, {"row": 1, "label": "Delete"})]
    app.run()
    assert app.texts() == ["None"]  # a trigger: only the run the click starts sees it
    assert len(hooks.calls) == 1


def test_a_button_column_in_a_data_editor_clicks_too(make_app) -> None:
    app, el = _app(
        make_app,
        "df = pd.DataFrame({'a': [1, 2], 'go': ['Go', 'Go']})\n"
        "jr.data_editor(df, column_config={'go': cc.ButtonColumn(key='go')})\n"
        "jr.text(repr(jr.session_state.go))\n",
    )
    (col,) = [c for c in el["columns"] if c["name"] == "go"]
    assert {"key": "go"} in el["editor"]["columns"]  # read-only
    app.send({col["button_id"]: [0, "Go"]})
    assert app.texts() == [repr({"row": 0, "label": "Go"})]


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        ([0, "Delete"], "row 0 has no button 'Delete'"),
        ([2, "View"], "row 2 has no button"),  # an empty cell has none
        ([3, "View"], "no row 3"),
        ([-1, "View"], "no row -1"),
        ([True, "View"], "is [row, label]"),
        (["0", "View"], "is [row, label]"),
        ([0, 5], "is [row, label]"),
        ([0], "is [row, label]"),
        ({"row": 0, "label": "View"}, "is [row, label]"),
        ("View", "is [row, label]"),
    ],
)
def test_bad_clicks_are_refused(make_app, hooks, wire: Any, message: str) -> None:
    app, el = _app(make_app, BUTTONS)
    (col,) = [c for c in el["columns"] if c["name"] == "Act"]
    refusal = app.refused(col["button_id"], wire)
    assert message in refusal, refusal
