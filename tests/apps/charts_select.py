"""Charts whose selections rerun the script: a point selection and an interval brush."""

import json

import pandas as pd

import jupyter_reactive as jr

df = pd.DataFrame({"a": [1, 2, 3], "b": [3, 1, 2], "name": ["x", "y", "z"]})
encoding = {"x": {"field": "a", "type": "quantitative"}, "y": {"field": "b", "type": "quantitative"}}
pick = jr.vega_lite_chart(
    df,
    {
        "mark": {"type": "point", "filled": True, "size": 600},
        "params": [{"name": "pick", "select": {"type": "point", "fields": ["name"]}}],
        "encoding": encoding,
    },
    on_select="rerun",
    key="picker",
    alt="point chart",
)
jr.text("picked: " + json.dumps(pick.selection.pick))
brush = jr.vega_lite_chart(
    df,
    {
        "mark": {"type": "point"},
        "params": [{"name": "brush", "select": {"type": "interval", "encodings": ["x"]}}],
        "encoding": encoding,
    },
    on_select="rerun",
    alt="brush chart",
)
jr.text("brushed: " + json.dumps(brush.selection.brush))
