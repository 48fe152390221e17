"""``jr.grid`` and ``grid.cell()`` (Streamlit 1.67's ``st.grid``): the block the kernel sends, its
cells, and every refusal with Streamlit's exception class and message (checked against the
benchmark environment's Streamlit when it is there). In process."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import jupyter_reactive as jr
from jupyter_reactive import errors, schema

STREAMLIT_PYTHON = Path(__file__).resolve().parents[2] / "benchmarks" / ".envs" / "streamlit" / "bin" / "python"


def by_path(run: Any) -> list[tuple[tuple[int, ...], dict[str, Any]]]:
    return sorted(run.items)


def test_direct_children_are_cells_in_order(make_app: Any) -> None:
    run = make_app(
        """
        import jupyter_reactive as jr
        grid = jr.grid(4)
        for label, value in [("Revenue", "$1.2M"), ("Pipeline", "$4.8M")]:
            grid.metric(label, value, border=True)
        with grid:
            jr.write("third")
        jr.write("after")
        """
    ).run()
    assert run.status == "complete", run.messages
    items = by_path(run)
    (path, grid), *rest = items
    assert path == (0, 0)
    assert grid == {"kind": "block", "layout": "grid", "columns": 4}
    assert [(p, el["kind"]) for p, el in rest] == [
        ((0, 0, 0), "metric"),
        ((0, 0, 1), "metric"),
        ((0, 0, 2), "markdown"),
        ((0, 1), "markdown"),
    ]
    for _, el in items:
        schema.check(el)


def test_every_parameter_reaches_the_block(make_app: Any) -> None:
    run = make_app(
        """
        import jupyter_reactive as jr
        jr.grid("auto", min_column_width=220, gap=("large", 12), vertical_alignment="center",
                border=True, row_height=180, width=600, height=400, key="cards", dense=True)
        jr.grid(3, wrap=False, gap=None)
        jr.grid(2, gap="Medium", vertical_alignment="bottom", height="stretch")
        """
    ).run()
    assert run.status == "complete", run.messages
    a, b, c = [el for _, el in by_path(run)]
    assert a == {
        "kind": "block",
        "layout": "grid",
        "columns": None,
        "min_width": 220,
        "row_gap": "large",
        "column_gap": 12,
        "valign": "center",
        "border": True,
        "row_height": 180,
        "dense": True,
        "key": "cards",
        "sizing": {"width": 600, "height": 400},
    }
    assert b == {"kind": "block", "layout": "grid", "columns": 3, "nowrap": True, "row_gap": None, "column_gap": None}
    assert c == {
        "kind": "block",
        "layout": "grid",
        "columns": 2,
        "row_gap": "medium",
        "column_gap": "medium",
        "valign": "bottom",
        "sizing": {"height": "stretch"},
    }
    for el in (a, b, c):
        schema.check(el)


def test_cells_group_and_span(make_app: Any) -> None:
    run = make_app(
        """
        import jupyter_reactive as jr
        grid = jr.grid(4)
        with grid.cell():
            jr.metric("Revenue", "$1.2M", "+8%", border=True)
            jr.caption("Trailing 30 days")
        with grid.cell(column_span="all"):
            jr.markdown("**Featured**")
        grid.cell(column_span=2, row_span=3).write("wide")
        with grid:
            with grid.cell(column_span=4):
                jr.write("full")
        """
    ).run()
    assert run.status == "complete", run.messages
    items = dict(run.items)
    assert items[(0, 0, 0)] == {"kind": "block", "layout": "cell"}
    assert [items[(0, 0, 0, i)]["kind"] for i in (0, 1)] == ["metric", "markdown"]
    assert items[(0, 0, 1)] == {"kind": "block", "layout": "cell", "span_all": True}
    assert items[(0, 0, 2)] == {"kind": "block", "layout": "cell", "span": 2, "row_span": 3}
    assert items[(0, 0, 2, 0)]["kind"] == "markdown"
    assert items[(0, 0, 3)] == {"kind": "block", "layout": "cell", "span": 4}
    for el in items.values():
        schema.check(el)


def test_an_empty_reserves_a_cell_that_later_writes_fill(make_app: Any) -> None:
    run = make_app(
        """
        import jupyter_reactive as jr
        grid = jr.grid(3)
        grid.write("a")
        slot = grid.empty()
        grid.write("c")
        slot.metric("filled", 1)
        slot.metric("filled again", 2)
        """
    ).run()
    assert run.status == "complete", run.messages
    items = dict(run.items)
    assert [items[(0, 0, i)]["kind"] for i in range(3)] == ["markdown", "block", "markdown"]
    assert items[(0, 0, 1)]["layout"] == "empty"
    assert items[(0, 0, 1, 0)]["label"] == "filled again"
    assert (0, 0, 3) not in items


def test_a_rerun_with_fewer_cells_trims_the_rest(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        n = jr.session_state.setdefault("n", 5)
        grid = jr.grid(3)
        for i in range(n):
            grid.write(f"cell {i}")
        jr.session_state.n = 2
        """
    )
    first = app.run()
    assert sum(1 for p, _ in first.items if p[:2] == (0, 0) and len(p) == 3) == 5
    second = app.run()
    assert second.trims == [{"path": [0, 0], "len": 2}]
    assert second.items == []  # the two cells left were not sent again


def test_a_grid_nests_in_other_containers_and_a_form(make_app: Any) -> None:
    run = make_app(
        """
        import jupyter_reactive as jr
        left, right = jr.columns(2)
        left.grid(2).write("in a column")
        with jr.sidebar:
            jr.grid().write("in the sidebar")
        with jr.expander("more"):
            jr.grid(2).cell().write("in an expander")
        with jr.form("f"):
            g = jr.grid(2)
            g.text_input("name")
            jr.form_submit_button("go")
        """
    ).run()
    assert run.status == "complete", run.messages
    items = dict(run.items)
    assert items[(1, 0)]["layout"] == "grid" and items[(1, 0, 0)]["kind"] == "markdown"
    form_grid = [p for p, el in items.items() if el.get("layout") == "grid" and p[:2] == (0, 2)]
    assert form_grid
    (field,) = [el for el in items.values() if el.get("widget") == "text_input"]
    assert field["form_id"] == "form-f"


def test_bare_python_gives_a_grid_with_cells() -> None:
    grid = jr.grid(3)
    assert grid.cell(column_span=2).write("nothing drawn") is None
    with pytest.raises(errors.StreamlitValueOutOfRangeError):
        grid.cell(column_span=4)


BAD_CALLS = [
    "st.grid('wide')",
    "st.grid(0)",
    "st.grid(25)",
    "st.grid(2.5)",
    "st.grid(True)",
    "st.grid(None)",
    "st.grid(wrap=False)",
    "st.grid(3, wrap='no')",
    "st.grid(3, wrap=None)",
    "st.grid(3, border='yes')",
    "st.grid(3, dense=1)",
    "st.grid(min_column_width='wide')",
    "st.grid(min_column_width=0)",
    "st.grid(min_column_width=-5)",
    "st.grid(min_column_width=2.5)",
    "st.grid(min_column_width=2**32)",
    "st.grid(gap='huge')",
    "st.grid(gap=-1)",
    "st.grid(gap=1.5)",
    "st.grid(gap=True)",
    "st.grid(gap=2**32)",
    "st.grid(gap=('small',))",
    "st.grid(gap=['small', 'small', 'small'])",
    "st.grid(gap=('huge', 'small'))",
    "st.grid(gap=('small', -3))",
    "st.grid(vertical_alignment='middle')",
    "st.grid(vertical_alignment='distribute')",
    "st.grid(vertical_alignment=None)",
    "st.grid(row_height='tall')",
    "st.grid(row_height=0)",
    "st.grid(row_height=1.5)",
    "st.grid(row_height=None)",
    "st.grid(row_height=2**32)",
    "st.grid(3).cell(column_span=4)",
    "st.grid(3).cell(column_span=0)",
    "st.grid().cell(column_span='half')",
    "st.grid().cell(column_span=1.5)",
    "st.grid().cell(column_span=None)",
    "st.grid().cell(column_span=2**32)",
    "st.grid().cell(row_span=0)",
    "st.grid().cell(row_span='2')",
    "st.grid().cell(row_span=2**32)",
]

_RUN = """
import json, sys
{imports}
out = []
for call in json.loads(sys.argv[1]):
    try:
        eval(call)
        out.append(None)
    except Exception as e:
        out.append([type(e).__name__, str(e)])
print(json.dumps(out))
"""


def _refusals(python: str, imports: str) -> list[Any]:
    done = subprocess.run(
        [python, "-c", _RUN.format(imports=imports), json.dumps(BAD_CALLS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: list[Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("call", BAD_CALLS)
def test_a_bad_argument_is_refused(call: str) -> None:
    st = jr
    with pytest.raises(errors.StreamlitAPIException):
        eval(call, {"st": st})


def test_refusals_match_streamlits_word_for_word() -> None:
    if not STREAMLIT_PYTHON.exists():
        pytest.skip("no Streamlit environment (benchmarks/.envs/streamlit)")
    import sys

    theirs = _refusals(str(STREAMLIT_PYTHON), "import streamlit as st")
    ours = _refusals(sys.executable, "import jupyter_reactive as st")
    differ = [(c, t, o) for c, t, o in zip(BAD_CALLS, theirs, ours, strict=True) if t != o]
    assert not differ, "\n".join(f"{c}:\n  Streamlit: {t}\n  ours:      {o}" for c, t, o in differ)


def test_a_fragment_rerun_redraws_its_grid_and_trims_its_cells(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.fragment
        def cards():
            n = jr.slider("cards", 0, 8, 5)
            grid = jr.grid(3, border=True)
            for i in range(n):
                grid.metric(f"card {i}", i)
            with grid.cell(column_span="all"):
                jr.write("footer")

        cards()
        jr.write("after")
        """
    )
    assert app.run().status == "complete"
    slider = app.widget("cards")
    run = app.send({slider["id"]: 2})
    assert run.status == "complete"
    (grid_path,) = [p for p, el in app.page.items() if el.get("layout") == "grid"]
    # the cells are now two metrics and the footer: the rest trimmed, inside the grid only
    assert {"path": list(grid_path), "len": 3} in run.trims
    assert app.has_text("footer") and app.has_text("after")
    assert not app.has_text("card 2")


def test_two_grids_with_one_key_are_refused_as_in_streamlit(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.grid(2, key="cards").write("first")
        jr.grid(2, key="other").write("second")
        jr.grid(3, key="cards").write("third")
        """
    )
    run = app.run()
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "StreamlitDuplicateElementKey"
    assert exc["evalue"] == (
        "There are multiple elements with the same `key='cards'`. To fix this, please make sure that the `key` "
        "argument is unique for each element you create."
    )
    # each run starts afresh: the first grid of the next run takes the key again, the third is refused
    assert app.run().status == "error"


def test_one_keyed_grid_drawn_on_every_run_is_not_a_duplicate(make_app: Any) -> None:
    app = make_app("import jupyter_reactive as jr\njr.grid(2, key='cards').write('x')\n")
    assert app.run().status == "complete"
    assert app.run().status == "complete"
