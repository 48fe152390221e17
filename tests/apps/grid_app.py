"""Dataframes and tables for tests/browser/test_grid_page.py."""

import numpy as np
import pandas as pd

import jupyter_reactive as jr

jr.title("Grid")

# a million rows, or ?rows=N: the tests that rerun the script again and again, and look at other
# frames, ask for fewer (each run builds the frame and hashes it: seconds on a loaded machine)
rows = int(jr.query_params.get("rows", 1_000_000))
big = pd.DataFrame(
    {"n": np.arange(rows), "sq": np.arange(rows) % 977, "name": [f"row {i}" for i in range(rows)]},
    index=pd.RangeIndex(rows, name="idx"),
)
jr.subheader("Big")
jr.dataframe(big, alt="Big frame")

small = pd.DataFrame(
    {
        "city": ["Paris", "Oslo", "Lima", "Pune", "Kyiv"],
        "temp": [21.456, 8.0, 19.25, 33.5, None],
        "ok": [True, False, True, True, False],
        "score": [70, 20, 45, 90, 10],
        "trend": [[1, 3, 2, 5], [5, 4, 3, 1], [2, 2, 3, 3], [1, 5, 1, 5], [0, 1, 0, 1]],
        "url": ["https://example.org/paris", "https://example.org/oslo", None, "https://example.org/pune", "x"],
    },
    index=pd.Index(["a", "b", "c", "d", "e"], name="key"),
)
jr.subheader("Small")
jr.dataframe(
    small,
    column_config={
        "temp": jr.column_config.NumberColumn("Temperature", format="%.1f °C", help="Celsius"),
        "score": jr.column_config.ProgressColumn("Score", min_value=0, max_value=100, format="%d"),
        "trend": jr.column_config.LineChartColumn("Trend"),
        "url": jr.column_config.LinkColumn("Link", display_text="open"),
    },
    alt="Small frame",
)
jr.subheader("Ordered")
jr.dataframe(small, hide_index=True, column_order=["score", "city"], alt="Ordered frame")

jr.subheader("Pick")
event = jr.dataframe(
    pd.DataFrame({"v": [30, 10, 20, 40]}), on_select="rerun", key="pick", alt="Pick frame", hide_index=True
)
jr.text(f"picked: {event.selection.rows}")

jr.subheader("Columns and cells")
picks = pd.DataFrame(
    {"a": [3, 1, 2], "b": ["x", "y", "z"], "c": [0.5, 1.5, 2.5]}, index=pd.Index(["r0", "r1", "r2"], name="key")
)
cols = jr.dataframe(
    picks, on_select="rerun", key="cols", alt="Column frame", selection_mode=["multi-row", "multi-column"]
)
jr.text(f"cols: {cols.selection.rows} {cols.selection.columns}")
cells = jr.dataframe(
    picks, on_select="rerun", key="cells", alt="Cell frame", selection_mode="multi-cell", hide_index=True
)
jr.text(f"cells: {cells.selection.cells}")
if jr.button("Pick z"):
    jr.session_state.one = {"selection": {"cells": [[2, "b"]]}}
one = jr.dataframe(picks, on_select="rerun", key="one", alt="One-cell frame", selection_mode="single-cell")
jr.text(f"one: {one.selection.cells}")

jr.subheader("Dates")
jr.dataframe(
    pd.DataFrame(
        {
            "day": [pd.Timestamp("2024-03-05").date()],
            "when": [pd.Timestamp("2024-03-05 14:07:09", tz="Europe/Paris")],
            "at": [pd.Timestamp("2024-03-05 14:07:09").time()],
            "raw": [pd.Timestamp("2024-03-05").date()],
        }
    ),
    column_config={
        "day": jr.column_config.DateColumn(format="ddd D MMM YYYY"),
        "when": jr.column_config.DatetimeColumn(format="YYYY/MM/DD HH:mm"),
        "at": jr.column_config.TimeColumn(format="h:mm A"),
        "raw": jr.column_config.DateColumn(format="iso8601"),
    },
    hide_index=True,
    alt="Dates frame",
)

jr.subheader("Table")
jr.table(small[["city", "temp", "ok"]])
