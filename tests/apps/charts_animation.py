"""Streamlit's plotting demo: a line chart grown by add_rows in a loop beside a progress bar."""

import time

import numpy as np

import jupyter_reactive as jr

progress_bar = jr.sidebar.progress(0)
status_text = jr.sidebar.empty()
last_rows = np.random.randn(1, 1)
chart = jr.line_chart(last_rows, alt="animated chart")

for i in range(1, 101):
    new_rows = last_rows[-1, :] + np.random.randn(5, 1).cumsum(axis=0)
    status_text.text(f"{i}% complete")
    chart.add_rows(new_rows)
    progress_bar.progress(i)
    last_rows = new_rows
    time.sleep(0.05)

progress_bar.empty()
jr.button("Re-run")
