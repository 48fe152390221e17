"""Built-in charts for scripts/visual-compare."""

import altair as alt
import numpy as np
import pandas as pd
import plotly.express as px

import jupyter_reactive as jr

rng = np.random.default_rng(4)
df = pd.DataFrame(rng.standard_normal((20, 3)).cumsum(axis=0), columns=["a", "b", "c"])
pos = df.abs()

jr.title("Charts")
jr.line_chart(df)
jr.area_chart(pos)
jr.bar_chart(pos.head(8))
jr.bar_chart(pos.head(8), horizontal=True, stack=False)
jr.scatter_chart(df, x="a", y="b")
pts = pd.DataFrame({"lat": 52.5 + rng.standard_normal(30) / 50, "lon": 13.4 + rng.standard_normal(30) / 50})
jr.map(pts, zoom=10)
jr.altair_chart(alt.Chart(df.reset_index()).mark_line().encode(x="index", y="a"))
jr.plotly_chart(px.scatter(df, x="a", y="c"))
jr.vega_lite_chart(
    df.reset_index(),
    {
        "mark": {"type": "bar"},
        "encoding": {"x": {"field": "index", "type": "ordinal"}, "y": {"field": "b", "type": "quantitative"}},
    },
)
days = pd.DataFrame(
    {"sales": pos["a"].to_numpy(), "costs": pos["b"].to_numpy()},
    index=pd.date_range("2024-01-01", periods=20, freq="D"),
)
jr.line_chart(days)
fruit = pd.DataFrame({"fruit": ["apples", "bananas", "cherries", "dates"], "kg": [3, 5, 2, 4]})
jr.bar_chart(fruit, x="fruit", y="kg")
