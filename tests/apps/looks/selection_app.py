"""Dataframe selections drawn as Streamlit draws them (scripts/visual-compare): rows and columns
set by selection_default, a single cell, a column with its header filled."""

import pandas as pd

import jupyter_reactive as jr

df = pd.DataFrame(
    {"a": [3, 1, 2, 5], "b": ["x", "y", "z", "w"], "c": [0.5, 1.5, 2.5, 3.5]},
    index=pd.Index(["r0", "r1", "r2", "r3"], name="key"),
)
jr.subheader("Rows and columns")
jr.dataframe(
    df,
    on_select="rerun",
    key="rc",
    selection_mode=["multi-row", "multi-column"],
    selection_default={"selection": {"rows": [1], "columns": ["b"]}},
)
jr.subheader("One cell")
jr.dataframe(
    df,
    on_select="rerun",
    key="cell",
    selection_mode="single-cell",
    hide_index=True,
    selection_default={"selection": {"cells": [[2, "b"]]}},
)
jr.subheader("One column")
jr.dataframe(
    df,
    on_select="rerun",
    key="col",
    selection_mode=["single-column", "single-cell"],
    selection_default={"selection": {"columns": ["c"]}},
)
