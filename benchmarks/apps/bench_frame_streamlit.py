"""Data benchmark app for Streamlit: a 100,000-row, 10-column frame (fixed seed) in a dataframe.
Its twin for the other system differs only in the import."""

import numpy as np
import pandas as pd
import streamlit as st

N = 100_000
rng = np.random.default_rng(0)
df = pd.DataFrame(
    {
        "id": np.arange(N),
        "name": [f"item-{i}" for i in range(N)],
        "a": rng.standard_normal(N),
        "b": rng.standard_normal(N),
        "c": rng.uniform(0, 1000, N),
        "d": rng.integers(0, 1_000_000, N),
        "e": rng.choice(["red", "green", "blue"], N),
        "f": rng.standard_normal(N).cumsum(),
        "flag": rng.random(N) > 0.5,
        "when": pd.date_range("2024-01-01", periods=N, freq="min"),
    }
)
st.title("Frame")
st.dataframe(df)
