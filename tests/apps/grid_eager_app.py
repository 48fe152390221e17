"""A frame sent whole (lazy=False), past a data request's 1000 rows."""

import pandas as pd

import jupyter_reactive as jr

jr.dataframe(pd.DataFrame({"label": [f"row {i}" for i in range(2500)]}), lazy=False, alt="Eager frame")
jr.write("drawn")
