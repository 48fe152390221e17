"""ECharts charts for tests/browser/test_echarts_page.py: shown on demand (the chunk loads only
then), a bar chart whose clicks select (its data grows on demand: redrawn in place), and an SVG
line chart with an alt text."""

import jupyter_reactive as jr

show = jr.checkbox("Show charts")
more = jr.checkbox("More data")
if show:
    data = [30, 30, 30, 12] if more else [30, 30, 30]
    cats = ["A", "B", "C", "D"][: len(data)]
    event = jr.echarts_chart(
        {
            "tooltip": {"formatter": "{b} has {@[0]} units"},
            "xAxis": {"type": "category", "data": cats},
            "yAxis": {"type": "value", "max": 30},
            "series": [{"type": "bar", "name": "n", "selectedMode": "multiple", "data": data}],
        },
        on_select="rerun",
        key="bars",
    )
    jr.text(f"selected: {[i for g in event.selection.selected for i in g['data_indices']]}")
    jr.echarts_chart(
        {
            "tooltip": {"trigger": "axis", "valueFormatter": "dollar"},
            "xAxis": {"type": "category", "data": cats},
            "yAxis": {},
            "series": [{"type": "line", "data": data}],
        },
        renderer="svg",
        alt="A line of counts",
        height=250,
    )
