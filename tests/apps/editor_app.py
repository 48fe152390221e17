"""Data editors for tests/browser/test_editor_page.py: each writes what the script got back."""

import datetime as dt

import numpy as np
import pandas as pd

import jupyter_reactive as jr

jr.title("Editor")

df = pd.DataFrame(
    {
        "name": ["apple", "pear", "plum"],
        "qty": [3, 5, 7],
        "price": [1.5, 2.25, 0.75],
        "ok": [True, False, True],
        "size": pd.Categorical(["S", "M", "L"], categories=["S", "M", "L"]),
        "day": [dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)],
    }
)
edited = jr.data_editor(
    df,
    key="fruit",
    num_rows="dynamic",
    alt="Fruit",
    column_config={
        "qty": jr.column_config.NumberColumn("Qty", min_value=0, max_value=100),
        "name": jr.column_config.TextColumn(required=True, max_chars=12),
        "price": jr.column_config.NumberColumn(format="$%.2f"),
    },
    disabled=["price"],
)
jr.text("rows: " + " | ".join(f"{r.name},{r.qty},{r.ok},{r.size},{r.day}" for r in edited.itertuples()))
jr.text("state: " + repr(dict(jr.session_state.fruit)))

big = pd.DataFrame({"n": np.arange(100_000), "label": [f"item {i}" for i in range(100_000)]})
out = jr.data_editor(big, alt="Big editor", key="big", height=300)
jr.text(f"big: {len(out)} rows, n[99999]={out['n'].iloc[-1]}, label[5]={out['label'].iloc[5]}")

with jr.form("order"):
    order = jr.data_editor(pd.DataFrame({"item": ["tea", "cake"], "count": [1, 2]}), alt="Order", hide_index=True)
    jr.form_submit_button("Send order")
jr.text("order: " + ", ".join(f"{r.item}={r.count}" for r in order.itertuples()))

prices = pd.DataFrame({"item": ["tea", "cake", "pie"], "price": [2.5, -1.0, 4.25], "stock": [10, 20, 30]})
styled = (
    prices.style.format({"price": "€{:.2f}"})
    .map(lambda v: "color: red" if v < 0 else "", subset=["price"])
    .map(lambda v: "background-color: #ffe066" if v >= 20 else "", subset=["stock"])
)
jr.dataframe(styled, alt="Styled prices", hide_index=True)

wide = pd.DataFrame({"id": [f"row {i}" for i in range(3)], **{f"col{j}": [i * j for i in range(3)] for j in range(20)}})
jr.dataframe(wide, alt="Wide", hide_index=True, column_config={"col7": jr.column_config.NumberColumn(pinned=True)})
