"""The benchmark's real-app variant for jupyter_reactive: the slider of the benchmark app, in an
app that imports numpy, pandas and PIL at its top level (as most real apps import something
heavy) and uses each on every run. Measures what an idle session of such an app costs."""

import numpy as np
import pandas as pd
from PIL import Image

import jupyter_reactive as jr

jr.title("Bench")
v = jr.slider("value", 0, 100, 0)
jr.write(f"value: {v}")
frame = pd.DataFrame({"x": np.arange(v + 1)})
thumb = Image.new("RGB", (8, 8), (v, 0, 0))
jr.write(f"sum: {int(frame['x'].sum())}, pixel: {thumb.getpixel((0, 0))[0]}")
