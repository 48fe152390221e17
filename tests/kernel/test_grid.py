"""``jr.dataframe`` / ``jr.table`` in the kernel: every input type becomes a column schema and a
first page, pages are cut from the whole frame sorted in the kernel, selection values are
checked, and ``data_request``s for unknown frames or out of range are answered with an error,
through a real ScriptRunner and the registry the bridge answers from."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

from jupyter_reactive.kernel import datapages, frames


def _el(make_app: Any, code: str, kind: str = "dataframe") -> tuple[Any, dict[str, Any]]:
    app = make_app(f"import jupyter_reactive as jr\nimport pandas as pd\nimport numpy as np\n{code}\n")
    run = app.run()
    assert run.status == "complete", run.messages
    (el,) = run.of_kind(kind)
    return app, el


def _ask(app: Any, el: dict[str, Any], start: int, stop: int, sort: Any = None, seq: int = 1) -> dict[str, Any]:
    return datapages.answer(
        app.ctx.frames, {"id": el["data_id"], "start": start, "stop": stop, "sort": sort, "seq": seq}
    )


@pytest.mark.parametrize(
    ("code", "names", "kinds", "first_row"),
    [
        ("pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']})", ["a", "b"], ["int", "str|object"], [1, "x"]),
        ("pd.Series([1.5, None], name='s')", ["s"], ["float"], [1.5]),
        ("np.array([[1, 2], [3, 4]])", ["0", "1"], ["int", "int"], [1, 2]),
        ("np.array([True, False])", ["0"], ["bool"], [True]),
        ("[{'a': 1, 'b': 'q'}, {'a': 2}]", ["a", "b"], ["int", "str|object"], [1, "q"]),
        ("[[1, 'x'], [2, 'y']]", ["0", "1"], ["int", "str|object"], [1, "x"]),
        ("{'a': [1, 2], 'b': [3.5, 4.5]}", ["a", "b"], ["int", "float"], [1, 3.5]),
        ("{'a': 1, 'b': 'two'}", ["value"], ["object"], [1]),
        ("pd.DataFrame({'c': pd.Categorical(['lo', 'hi'])})", ["c"], ["str"], ["lo"]),
        (
            "pd.DataFrame({'t': pd.to_datetime(['2024-01-02 03:04']).tz_localize('Europe/Paris')})",
            ["t"],
            ["datetime"],
            ["2024-01-02 03:04:00+01:00"],
        ),
        ("pd.DataFrame({'m': [1, 'a', None]})", ["m"], ["object"], [1]),
        (
            "pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([('x', 'a'), ('x', 'b')]))",
            ["x / a", "x / b"],
            ["int", "int"],
            [1, 2],
        ),
        ("__import__('polars').DataFrame({'p': [1, 2]})", ["p"], ["int"], [1]),
        ("__import__('polars').Series('ps', [0.5, 1.5])", ["ps"], ["float"], [0.5]),
        ("__import__('pyarrow').table({'q': ['a', 'b']})", ["q"], ["str|object"], ["a"]),
        ("pd.DataFrame({'a': [1, 2]}).style", ["a"], ["int"], [1]),
    ],
)
def test_every_input_becomes_columns_and_a_first_page(make_app, code, names, kinds, first_row) -> None:
    _app, el = _el(make_app, f"jr.dataframe({code})")
    assert [c["name"] for c in el["columns"]] == names
    for col, kind in zip(el["columns"], kinds, strict=True):
        assert col["kind"] in kind.split("|")
    assert [c[0] for c in el["first"]["cols"]] == first_row
    assert el["first"]["pos"][0] == 0


def test_interchange_objects_and_missing_values(make_app) -> None:
    _app, el = _el(
        make_app,
        "import pyarrow as pa\n"
        "class Frame:\n"
        "    def __dataframe__(self, *a, **k):\n"
        "        return pa.table({'a': [1.0, None], 'b': [None, 'x']}).__dataframe__(*a, **k)\n"
        "jr.dataframe(Frame())",
    )
    assert el["first"]["cols"] == [[1.0, None], [None, "x"]]


def test_index_is_shown_named_or_hidden(make_app) -> None:
    _app, el = _el(make_app, "jr.dataframe(pd.DataFrame({'a': [1]}, index=pd.Index(['k'], name='key')))")
    assert el["index"] == {"name": "key", "kind": "str"} or el["index"]["name"] == "key"
    assert el["first"]["index"] == ["k"]
    _app, el = _el(make_app, "jr.dataframe(pd.DataFrame({'a': [1]}), hide_index=True)")
    assert el["index"] is None and el["first"]["index"] is None


def test_column_order_and_column_config(make_app) -> None:
    _app, el = _el(
        make_app,
        "df = pd.DataFrame({'a': [1], 'b': [2.5], 'c': ['z']})\n"
        "jr.dataframe(df, column_order=['c', 'b', 'a'], column_config={'a': None, 'c': 'Sea',"
        " 'b': jr.column_config.NumberColumn('Bee', format='%.2f', help='h', width='small'),"
        " '_index': jr.column_config.Column('Row')})",
    )
    assert el["columns"] == [
        {"name": "Sea", "kind": el["columns"][0]["kind"]},
        {"name": "Bee", "kind": "float", "type": "number", "help": "h", "width": "small", "format": "%.2f"},
    ]
    assert el["first"]["cols"] == [["z"], [2.5]]
    assert el["index"]["name"] == "Row"


def test_pages_sort_the_whole_frame(make_app) -> None:
    app, el = _el(make_app, "jr.dataframe(pd.DataFrame({'v': np.arange(1000) % 7, 'w': np.arange(1000)}))")
    assert el["rows"] == 1000 and len(el["first"]["pos"]) == frames.FIRST_PAGE
    page = _ask(app, el, 990, 1000)["page"]
    assert page["pos"] == list(range(990, 1000)) and page["cols"][1] == list(range(990, 1000))
    asc = _ask(app, el, 0, 3, [[0, True]])["page"]
    assert asc["cols"][0] == [0, 0, 0] and asc["pos"] == [0, 7, 14]  # stable
    desc = _ask(app, el, 0, 2, [[0, False], [1, False]])["page"]
    assert desc["cols"][0] == [6, 6] and desc["pos"] == [999 - 999 % 7 - 1 if False else p for p in desc["pos"]]
    assert desc["pos"][0] > desc["pos"][1]
    by_index = _ask(app, el, 0, 1, [[-1, False]])["page"]
    assert by_index["pos"] == [999]


def test_missing_values_sort_last_and_mixed_objects_sort_by_text(make_app) -> None:
    app, el = _el(make_app, "jr.dataframe(pd.DataFrame({'v': [2.0, None, 1.0], 'm': [1, 'a', None]}))")
    assert _ask(app, el, 0, 3, [[0, True]])["page"]["pos"] == [2, 0, 1]
    assert _ask(app, el, 0, 3, [[0, False]])["page"]["pos"] == [0, 2, 1]
    assert _ask(app, el, 0, 3, [[1, True]])["page"]["pos"][-1] == 2


def test_bad_requests_are_answered_with_an_error(make_app) -> None:
    app, el = _el(make_app, "jr.dataframe({'a': [1, 2, 3]}, hide_index=True)")
    gone = datapages.answer(app.ctx.frames, {"id": "df-nope", "start": 0, "stop": 1, "sort": None, "seq": 9})
    assert gone["seq"] == 9 and "no longer shown" in gone["error"] and "page" not in gone
    assert "error" in _ask(app, el, 0, 1, [[5, True]])
    assert "error" in _ask(app, el, 0, 1, [[-1, True]])  # the index is hidden
    assert "error" in _ask(app, el, 2, 1)
    assert "error" in _ask(app, el, 0, 5000)
    assert _ask(app, el, 2, 50)["page"]["pos"] == [2]  # clipped to the frame
    assert "error" in datapages.answer(app.ctx.frames, {"id": el["data_id"], "seq": 1})


def test_frames_are_released_when_no_longer_drawn(make_app) -> None:
    app = make_app(
        "import jupyter_reactive as jr\nimport pandas as pd\n"
        "if not jr.session_state.get('gone'):\n    jr.dataframe({'a': [1]})\n"
    )
    run = app.run()
    (el,) = run.of_kind("dataframe")
    assert app.ctx.frames.get(el["data_id"]) is not None
    app.state["gone"] = True
    app.run()
    assert app.ctx.frames.get(el["data_id"]) is None
    assert "no longer shown" in _ask(app, el, 0, 1)["error"]


def test_the_data_id_follows_the_data(make_app) -> None:
    app = make_app("import jupyter_reactive as jr\njr.dataframe({'a': [jr.session_state.get('x', 1)]})\n")
    (a,) = app.run().of_kind("dataframe")
    assert app.run().of_kind("dataframe") == []  # unchanged: not sent again
    app.state["x"] = 2
    (b,) = app.run().of_kind("dataframe")
    assert a["data_id"] != b["data_id"]


def _pick(rows: Any = (), columns: Any = (), cells: Any = ()) -> dict[str, Any]:
    return {"rows": list(rows), "columns": list(columns), "cells": [list(c) for c in cells]}


def test_selection_returns_positions_and_refuses_bad_values(make_app) -> None:
    app = make_app(
        "import jupyter_reactive as jr\n"
        "ev = jr.dataframe({'v': [3, 1, 2]}, on_select='rerun', key='k', selection_mode='single-row')\n"
        "jr.text(repr(ev.selection.rows))\n"
    )
    run = app.run()
    (el,) = run.of_kind("dataframe")
    assert el["selection"]["mode"] == "single-row" and el["selection"]["value"] == _pick()
    assert "columns" not in el["selection"] and "cells" not in el["selection"]
    wid = el["selection"]["id"]
    run = app.send({wid: _pick([2])})
    assert run.of_kind("text")[0]["text"] == "[2]"
    assert app.state["k"] == {"selection": {"rows": [2], "columns": [], "cells": []}}
    for bad in ([0, 1], [3], [-1], ["0"], [True], [1.5]):
        app.refused(wid, _pick(bad))
    for bad in (
        [2],
        1,
        None,
        "x",
        {"rows": 1},
        {"rows": [0], "extra": []},
        _pick(columns=["v"]),
        _pick(cells=[[0, "v"]]),
    ):
        app.refused(wid, bad)


def test_column_and_cell_selections_have_streamlits_shape(make_app) -> None:
    app = make_app(
        "import jupyter_reactive as jr, pandas as pd\n"
        "df = pd.DataFrame({'a': [1, 2, 3], 'b': [4, 5, 6], 'c': [7, 8, 9]}, index=['x', 'y', 'z'])\n"
        "ev = jr.dataframe(df, on_select='rerun', key='k',"
        " selection_mode=['multi-row', 'multi-column', 'multi-cell'])\n"
        "jr.text(repr(ev))\n"
        "jr.text(repr((ev.selection.columns, ev.selection.cells)))\n"
    )
    run = app.run()
    (el,) = run.of_kind("dataframe")
    sel = el["selection"]
    assert (sel["mode"], sel["columns"], sel["cells"]) == ("multi-row", "multi-column", "multi-cell")
    wid = sel["id"]
    # columns come back in shown order, rows ascending, cells as tuples in the order sent
    run = app.send({wid: _pick([2, 0], ["c", "a"], [[2, "b"], [0, "b"]])})
    texts = [t["text"] for t in run.of_kind("text")]
    assert texts[0] == "{'selection': {'rows': [0, 2], 'columns': ['a', 'c'], 'cells': [(2, 'b'), (0, 'b')]}}"
    assert texts[1] == "(['a', 'c'], [(2, 'b'), (0, 'b')])"
    (el,) = run.of_kind("dataframe")
    assert el["selection"]["value"] == _pick([0, 2], ["a", "c"], [[2, "b"], [0, "b"]])
    # a rerun keeps it
    app.run()
    assert app.state["k"].selection.cells == [(2, "b"), (0, "b")]


@pytest.mark.parametrize(
    "bad",
    [
        _pick(columns=["nope"]),  # unknown column
        _pick(columns=["_index"]),  # the index is not selectable
        _pick(columns=[0]),
        _pick(columns=["a", "a"]),
        _pick(cells=[[3, "a"]]),  # out of range
        _pick(cells=[[-1, "a"]]),
        _pick(cells=[[0, "zz"]]),
        _pick(cells=[[0, "a", 1]]),
        _pick(cells=[["0", "a"]]),
        _pick(cells=[[True, "a"]]),
        _pick(cells=[[0, "a"], [0, "a"]]),
        {"rows": [], "columns": [], "cells": [0]},
        {"rows": [], "columns": "a", "cells": []},
        {"rows": [], "columns": [], "cells": {"0": "a"}},
    ],
)
def test_garbage_column_and_cell_selections_are_refused(make_app, bad) -> None:
    app = make_app(
        "import jupyter_reactive as jr, pandas as pd\n"
        "df = pd.DataFrame({'a': [1, 2, 3], 'b': [4, 5, 6]}, index=['x', 'y', 'z'])\n"
        "ev = jr.dataframe(df, on_select='rerun', selection_mode=['multi-column', 'multi-cell'])\n"
        "jr.text(repr(ev.selection))\n"
    )
    run = app.run()
    wid = run.of_kind("dataframe")[0]["selection"]["id"]
    assert "dataframe" in app.refused(wid, bad)
    run = app.send({wid: _pick(columns=["b"], cells=[[1, "a"]])})  # nothing lost: still works
    assert run.of_kind("text")[0]["text"] == "{'rows': [], 'columns': ['b'], 'cells': [(1, 'a')]}"


def test_single_modes_take_one_and_other_kinds_none(make_app) -> None:
    app = make_app(
        "import jupyter_reactive as jr\n"
        "ev = jr.dataframe({'a': [1, 2], 'b': [3, 4]}, on_select='rerun',"
        " selection_mode=['single-column', 'single-cell'])\n"
        "jr.text(repr(ev.selection))\n"
    )
    run = app.run()
    sel = run.of_kind("dataframe")[0]["selection"]
    assert "mode" not in sel and (sel["columns"], sel["cells"]) == ("single-column", "single-cell")
    wid = sel["id"]
    assert "only one" in app.refused(wid, _pick(columns=["a", "b"]))
    assert "only one" in app.refused(wid, _pick(cells=[[0, "a"], [1, "a"]]))
    assert "cannot be selected" in app.refused(wid, _pick(rows=[0]))
    run = app.send({wid: _pick(columns=["b"], cells=[[1, "a"]])})
    assert run.of_kind("text")[0]["text"] == "{'rows': [], 'columns': ['b'], 'cells': [(1, 'a')]}"


def test_session_state_and_default_set_selections_filtered_as_streamlit(make_app) -> None:
    app = make_app(
        "import jupyter_reactive as jr\n"
        "if jr.button('set'):\n"
        "    jr.session_state.k = {'selection': {'columns': ['b', 'nope'], 'cells': [[1, 'a'], [9, 'a']],"
        " 'rows': [0]}}\n"
        "ev = jr.dataframe({'a': [1, 2], 'b': [3, 4]}, on_select='rerun', key='k',"
        " selection_mode=['single-column', 'single-cell'],"
        " selection_default={'selection': {'cells': [[0, 'b']]}})\n"
        "jr.text(repr(ev.selection))\n"
        "jr.text(repr(jr.session_state.k.selection.cells))\n"
    )
    run = app.run()
    assert [t["text"] for t in run.of_kind("text")] == [
        "{'rows': [], 'columns': [], 'cells': [(0, 'b')]}",
        "[(0, 'b')]",
    ]
    button = next(el["id"] for el in app.page.values() if el.get("widget") == "button")
    run = app.send({button: True})
    assert run.of_kind("text")[0]["text"] == "{'rows': [], 'columns': ['b'], 'cells': [(1, 'a')]}"
    assert run.of_kind("dataframe")[0]["selection"]["value"] == _pick(columns=["b"], cells=[[1, "a"]])


def test_selections_name_columns_not_labels_and_survive_st_rerun(make_app) -> None:
    app = make_app(
        "import jupyter_reactive as jr\n"
        "ev = jr.dataframe({'a': [1, 2], 'b': [3, 4]}, on_select='rerun', key='k', selection_mode='multi-cell',"
        " column_config={'a': 'Alpha', 'b': jr.column_config.NumberColumn('Beta')})\n"
        "if ev.selection.cells and not jr.session_state.get('again'):\n"
        "    jr.session_state.again = True\n"
        "    jr.rerun()\n"
        "jr.text(repr(ev.selection.cells))\n"
    )
    run = app.run()
    (el,) = run.of_kind("dataframe")
    assert [c["name"] for c in el["columns"]] == ["Alpha", "Beta"] and el["selection"]["names"] == ["a", "b"]
    assert "not a cell" in app.refused(el["selection"]["id"], _pick(cells=[[0, "Alpha"]]))  # a label
    run = app.send({el["selection"]["id"]: _pick(cells=[[1, "a"], [1, "b"]])})
    assert run.following is not None  # jr.rerun: the next run keeps the selection
    run = app.run_data(run.following)
    assert run.of_kind("text")[-1]["text"] == "[(1, 'a'), (1, 'b')]"
    assert app.state["again"] is True and app.state["k"].selection.cells == [(1, "a"), (1, "b")]


def test_single_row_required_selects_the_first_row_as_streamlit(make_app) -> None:
    app = make_app(
        "import jupyter_reactive as jr\n"
        "ev = jr.dataframe({'a': [1, 2]}, on_select='rerun', selection_mode='single-row-required')\n"
        "jr.text(repr(ev.selection.rows))\n"
    )
    run = app.run()
    assert run.of_kind("text")[0]["text"] == "[0]"
    sel = run.of_kind("dataframe")[0]["selection"]
    assert sel["value"] == _pick([0])
    run = app.send({sel["id"]: _pick([1])})
    assert run.of_kind("text")[0]["text"] == "[1]"
    run = app.send({sel["id"]: _pick()})  # nothing: the first row again
    assert run.of_kind("text")[0]["text"] == "[0]"


@pytest.mark.parametrize(
    "modes",
    [["single-row", "multi-row"], ["single-column", "multi-column"], ["single-cell", "multi-cell"]],
)
def test_two_modes_of_one_kind_are_an_error_as_in_streamlit(make_app, modes) -> None:
    app = make_app(
        f"import jupyter_reactive as jr\njr.dataframe({{'a': [1]}}, on_select='rerun', selection_mode={modes})\n"
    )
    run = app.run()
    assert run.status == "error" or any("only one" in str(m) for m in run.messages), run.messages


def test_frames_told_apart_by_selection_mode_need_no_key(make_app) -> None:
    # Streamlit's own selections app shows one frame under several selection modes, keyless
    app = make_app(
        "import jupyter_reactive as jr\n"
        "d = {'v': [3, 1, 2]}\n"
        "a = jr.dataframe(d, on_select='rerun', selection_mode='single-row')\n"
        "b = jr.dataframe(d, on_select='rerun', selection_mode='multi-row')\n"
        "jr.text('drawn')\n"
    )
    run = app.run()
    assert run.status == "complete" and run.of_kind("text")[0]["text"] == "drawn"
    ids = {el["selection"]["id"] for el in run.of_kind("dataframe")}
    assert len(ids) == 2


def test_selection_default_callback_and_session_state(make_app, hooks) -> None:
    app = make_app(
        "import jupyter_reactive as jr, jr_test_hooks as hooks\n"
        "ev = jr.dataframe({'v': [3, 1, 2]}, on_select=lambda: hooks.calls.append('cb'), key='k',"
        " selection_default={'selection': {'rows': [1]}})\n"
        "jr.text(repr(ev['selection']['rows']))\n"
    )
    run = app.run()
    assert run.of_kind("text")[0]["text"] == "[1]"
    wid = run.of_kind("dataframe")[0]["selection"]["id"]
    run = app.send({wid: _pick([0, 2])})
    assert hooks.calls == ["cb"] and run.of_kind("text")[0]["text"] == "[0, 2]"


def test_dataframe_without_on_select_returns_a_handle_with_add_rows(make_app) -> None:
    app = make_app(
        "import jupyter_reactive as jr\nimport pandas as pd\n"
        "h = jr.dataframe(pd.DataFrame({'a': [1, 2]}))\n"
        "h.add_rows(pd.DataFrame({'a': [3]}, index=[2]))\n"
        "p = jr.empty().table(pd.DataFrame({'b': [1]}))\np.add_rows({'b': [2]})\n"
    )
    run = app.run()
    df_els = run.of_kind("dataframe")
    assert df_els[-1]["rows"] == 3 and df_els[-1]["first"]["cols"] == [[1, 2, 3]]
    assert app.ctx.frames.get(df_els[0]["data_id"]) is None or df_els[0]["data_id"] == df_els[-1]["data_id"]
    assert run.of_kind("table")[-1]["cells"]["cols"] == [[1, 2]]


def test_table_shows_every_row_up_to_its_cap(make_app) -> None:
    _app, el = _el(
        make_app, "jr.table(pd.DataFrame({'a': range(7000)}), border='horizontal', hide_header=True)", "table"
    )
    assert el["rows"] == 7000 and len(el["cells"]["pos"]) == 5000 and el["cells"]["cols"][0][4999] == 4999
    assert el["border"] == "horizontal" and el["hide_header"] is True


@pytest.mark.parametrize(
    ("data", "hide_index", "index"),
    [
        ("pd.DataFrame({'a': [1, 2]})", None, None),  # a RangeIndex: hidden, as in Streamlit
        ("{'a': [1, 2]}", None, None),  # becomes a RangeIndex too
        ("pd.DataFrame({'a': [1, 2]}, index=range(5, 7))", None, None),  # any RangeIndex
        ("pd.DataFrame({'a': [1, 2]}, index=['x', 'y'])", None, ["x", "y"]),  # a real index: shown
        ("pd.DataFrame({'a': [1, 2]})", False, [0, 1]),  # asked for: shown
        ("pd.DataFrame({'a': [1, 2]}, index=['x', 'y'])", True, None),
    ],
)
def test_table_hides_a_range_index_unless_asked(make_app, data, hide_index, index) -> None:
    _app, el = _el(make_app, f"jr.table({data}, hide_index={hide_index})", "table")
    assert [c["name"] for c in el["columns"]] == ["a"] and el["cells"]["cols"] == [[1, 2]]
    if index is None:
        assert el["index"] is None and el["cells"]["index"] is None
    else:
        assert el["index"] is not None and el["cells"]["index"] == index


@pytest.mark.parametrize(
    "call",
    [
        "jr.dataframe({'a': [1]}, height=-1)",
        "jr.dataframe({'a': [1]}, width='wide')",
        "jr.dataframe({'a': [1]}, selection_mode='rows')",
        "jr.dataframe({'a': [1]}, on_select='yes')",
        "jr.dataframe({'a': [1]}, row_height=2)",
        "jr.dataframe({'a': [1]}, column_config={'a': 5})",
        "jr.dataframe(object())",
        "jr.table({'a': [1]}, border='dotted')",
        "jr.column_config.NumberColumn(width='huge')",
        "jr.json({}, expanded=-1)",
    ],
)
def test_bad_arguments_are_refused(make_app, call) -> None:
    app = make_app(f"import jupyter_reactive as jr\n{call}\n")
    run = app.run()
    assert run.status == "error" and run.of_kind("exception"), call


def test_json_expanded_depth(make_app) -> None:
    _app, el = _el(make_app, "jr.json({'a': {'b': 1}}, expanded=1)", "json")
    assert el["expanded"] == 1


def test_cells_encode_as_json(make_app) -> None:
    frame = pd.DataFrame(
        {
            "i": pd.array([1, None], dtype="Int64"),
            "f": [np.inf, -np.inf],
            "d": [dt.date(2024, 1, 2), None],
            "l": [[1, 2.5], []],
        }
    )
    src = frames.FrameSource("x", frame, None)
    page = src.page(0, 2)
    assert page["cols"] == [[1, None], ["∞", "-∞"], ["2024-01-02", None], [[1, 2.5], []]]


def test_lazy_false_sends_every_row_with_the_grid(make_app) -> None:
    """lazy=False: the first page is the whole frame (nothing to fetch); None and True page."""
    for lazy, first in (("False", 2500), ("None", frames.FIRST_PAGE), ("True", frames.FIRST_PAGE)):
        code = f"df = pd.DataFrame({{'n': range(2500)}})\njr.dataframe(df, lazy={lazy})"
        run = make_app(f"import jupyter_reactive as jr\nimport pandas as pd\n{code}\n").run()
        assert run.status == "complete" and not [m for m in run.messages if m["type"] == "notice"], lazy
        (el,) = run.of_kind("dataframe")
        assert el["rows"] == 2500 and len(el["first"]["pos"]) == first, lazy  # past a request's 1000
    run = make_app("import jupyter_reactive as jr\njr.dataframe([1], lazy='yes')\n").run()
    (exc,) = run.of_kind("exception")
    assert "lazy must be True, False or None" in exc["evalue"]
