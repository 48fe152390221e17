"""add_rows benchmark app for jupyter_reactive: the animation demo of Streamlit before 1.67,
without its sleeps: a progress bar and a line chart growing by 5 rows at each of 100 steps through
``add_rows`` (fixed seed), then "step 100". Streamlit 1.67 has no ``add_rows``: its own demo
draws the whole chart again in a placeholder at each step (``bench_anim_*.py``)."""

import numpy as np

import jupyter_reactive as st

rng = np.random.default_rng(0)
progress_bar = st.progress(0)
status_text = st.empty()
last_rows = rng.standard_normal((1, 1))
chart = st.line_chart(last_rows)
for i in range(1, 101):
    new_rows = last_rows[-1, :] + rng.standard_normal((5, 1)).cumsum(axis=0)
    chart.add_rows(new_rows)
    progress_bar.progress(i)
    status_text.text(f"step {i}")
    last_rows = new_rows
