"""The docstring examples of Streamlit 1.67's st.echarts_chart and a few more chart types, for
the browser tests (tests/browser/test_echarts_page.py) and scripts/visual-compare."""

import pandas as pd

import jupyter_reactive as jr

jr.echarts_chart(
    {
        "xAxis": {"type": "category", "data": ["A", "B", "C", "D", "E"]},
        "yAxis": {"type": "value"},
        "series": [{"type": "bar", "data": [5, 20, 36, 10, 10]}],
    },
    alt="Bar chart of categories A through E",
)

df = pd.DataFrame({"product": ["Matcha", "Milk Tea", "Cocoa"], "2015": [43.3, 83.1, 86.4], "2016": [85.8, 73.4, 65.2]})
jr.echarts_chart(
    {
        "legend": {},
        "tooltip": {},
        "dataset": {"source": df},
        "xAxis": {"type": "category"},
        "yAxis": {},
        "series": [{"type": "bar"}, {"type": "bar"}],
    }
)

q = pd.DataFrame({"quarter": ["Q1", "Q2", "Q3", "Q4"], "Revenue": [820, 932, 901, 934], "Cost": [500, 610, 550, 700]})
jr.echarts_chart(
    {
        "legend": {"top": 28},
        "tooltip": {"trigger": "axis"},
        "toolbox": {"left": 0, "feature": {"magicType": {"type": ["line", "bar"]}, "restore": {}}},
        "dataZoom": [{"type": "inside"}, {"type": "slider"}],
        "dataset": {"source": q},
        "xAxis": {"type": "category"},
        "yAxis": {"type": "value"},
        "series": [{"type": "line"}, {"type": "bar"}],
    }
)

sales = pd.DataFrame({"day": ["Mon", "Tue", "Wed", "Thu", "Fri"], "sales": [120, 200, 150, 80, 70]})
event = jr.echarts_chart(
    {
        "dataset": {"source": sales},
        "xAxis": {"type": "category"},
        "yAxis": {"type": "value"},
        "series": [{"type": "bar", "selectedMode": "multiple"}],
    },
    key="sales",
    on_select="rerun",
)
rows = [i for group in event.selection.selected for i in group["data_indices"]]
jr.dataframe(sales.iloc[rows])

jr.echarts_chart(
    {
        "title": {"text": "Weekly visits"},
        "xAxis": {"type": "category", "data": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]},
        "yAxis": {"type": "value"},
        "series": [{"type": "line", "data": [150, 230, 224, 218, 135, 147, 260]}],
    },
    renderer="svg",
)

jr.echarts_chart(
    {
        "tooltip": {"trigger": "item"},
        "legend": {"top": "5%", "left": "center"},
        "series": [
            {
                "name": "Source",
                "type": "pie",
                "radius": ["40%", "70%"],
                "data": [
                    {"value": 1048, "name": "Search"},
                    {"value": 735, "name": "Direct"},
                    {"value": 580, "name": "Email"},
                    {"value": 484, "name": "Ads"},
                ],
            }
        ],
    },
    height=300,
)

jr.echarts_chart(
    {
        "xAxis": {},
        "yAxis": {},
        "series": [
            {
                "type": "scatter",
                "symbolSize": 12,
                "data": [[10.0, 8.04], [8.07, 6.95], [13.0, 7.58], [9.05, 8.81], [11.0, 8.33], [14.0, 7.66]],
            }
        ],
    },
    width="content",
    theme=None,
)

with jr.container(height=420):
    jr.echarts_chart(
        {
            "xAxis": {"type": "category", "data": ["A", "B", "C"]},
            "yAxis": {"type": "value"},
            "series": [{"type": "bar", "data": [3, 1, 2]}],
        },
        height="stretch",
        width=400,
    )
