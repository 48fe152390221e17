"""Every chart kind with the same small data, for the browser tests and screenshots."""

import altair as alt
import numpy as np
import pandas as pd

import jupyter_reactive as jr

rng = np.random.default_rng(7)
df = pd.DataFrame(rng.standard_normal((20, 3)).cumsum(axis=0), columns=["a", "b", "c"])

jr.subheader("Line")
jr.line_chart(df, alt="line chart")
jr.subheader("Area")
jr.area_chart(df.abs(), alt="area chart")
jr.subheader("Bar")
jr.bar_chart(df.abs().head(8), alt="bar chart")
jr.subheader("Bar, side by side")
jr.bar_chart(df.abs().head(4), stack=False, alt="grouped bar chart")
jr.subheader("Bar, horizontal, one colour")
jr.bar_chart(
    pd.DataFrame({"fruit": ["apple", "pear", "fig"], "n": [3, 5, 2]}),
    x="fruit",
    y="n",
    color="#2a9d8f",
    horizontal=True,
    alt="horizontal bar chart",
)
jr.subheader("Scatter")
pts = pd.DataFrame(rng.standard_normal((60, 2)), columns=["x", "y"])
pts["kind"] = np.where(pts["x"] > 0, "right", "left")
pts["size"] = rng.uniform(10, 200, 60)
jr.scatter_chart(pts, x="x", y="y", color="kind", size="size", alt="scatter chart")
jr.subheader("Vega-Lite")
jr.vega_lite_chart(
    pts,
    {
        "mark": {"type": "point"},
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
    },
    alt="vega-lite chart",
)
jr.subheader("Altair")
jr.altair_chart(
    alt.Chart(pts).mark_bar().encode(x="kind", y="count()"),
    alt="altair chart",
)
jr.subheader("Ten thousand points")
jr.line_chart(rng.standard_normal(10_000).cumsum(), alt="ten thousand points")
jr.subheader("Dates")
days = pd.DataFrame(
    {"sales": df["a"].abs().to_numpy(), "costs": df["b"].abs().to_numpy()},
    index=pd.date_range("2024-01-01", periods=20, freq="D"),
)
jr.line_chart(days, alt="dated line chart")
jr.subheader("Grows")
grows = jr.line_chart(pd.DataFrame({"v": [1.0, 2.0, 3.0]}), alt="growing chart")
if jr.button("Add rows"):
    n = jr.session_state.get("added", 0) + 1
    jr.session_state["added"] = n
for _ in range(jr.session_state.get("added", 0)):
    grows.add_rows(pd.DataFrame({"v": [4.0, 5.0]}))
