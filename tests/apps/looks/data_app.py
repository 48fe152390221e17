"""Data family for scripts/visual-compare: dataframe, data_editor, column_config, metrics."""

import pandas as pd

import jupyter_reactive as jr

df = pd.DataFrame(
    {
        "name": ["alpha", "beta", "gamma"],
        "count": [1, 22, 333],
        "ratio": [0.1, 0.25, 0.975],
        "done": [True, False, True],
    }
)
jr.title("Data")
jr.dataframe(df)
jr.dataframe(
    df,
    hide_index=True,
    column_config={
        "ratio": jr.column_config.ProgressColumn("Ratio", min_value=0, max_value=1),
        "count": jr.column_config.NumberColumn("Count", format="%d items"),
        "done": jr.column_config.CheckboxColumn("Done"),
    },
)
jr.data_editor(df, key="ed")
a, b, c = jr.columns(3)
a.metric("Temperature", "70 °F", "1.2 °F")
b.metric("Wind", "9 mph", "-8%")
c.metric("Humidity", "86%", "4%", border=True)
