"""A dataframe, then a run that goes on (tests/server/test_grid_session.py asks for rows meanwhile)."""

import time

import pandas as pd

import jupyter_reactive as jr

jr.dataframe(pd.DataFrame({"v": [(i * 7) % 500 for i in range(500)]}))
ticks = jr.empty()
for i in range(1200):  # about a minute, each step a yield point; the test stops it
    ticks.text(f"tick {i}")
    time.sleep(0.05)
