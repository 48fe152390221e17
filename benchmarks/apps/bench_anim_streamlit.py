"""Animation benchmark app for Streamlit: Streamlit 1.67's animation demo (its plotting demo)
without its sleeps, 100 steps: a progress bar, and a line chart in a placeholder drawn again with
5 more rows at each step (fixed seed), then "step 100". Its twin for the other system differs
only in the import."""

import numpy as np
import streamlit as st

rng = np.random.default_rng(0)
progress_bar = st.progress(0)
status_text = st.empty()
chart = st.empty()
data = rng.standard_normal((1, 1))
chart.line_chart(data)
for i in range(1, 101):
    new_rows = data[-1, :] + rng.standard_normal((5, 1)).cumsum(axis=0)
    data = np.concatenate([data, new_rows])
    chart.line_chart(data)
    progress_bar.progress(i)
    status_text.text(f"step {i}")
