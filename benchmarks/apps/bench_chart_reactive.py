"""Chart benchmark app for jupyter_reactive: a line chart of 10,000 points (fixed seed)."""

import numpy as np

import jupyter_reactive as st

st.title("Chart")
st.line_chart(np.random.default_rng(0).standard_normal(10_000).cumsum())
