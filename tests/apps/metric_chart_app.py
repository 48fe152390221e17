"""Metrics with sparklines, icons, number formats and delta descriptions (Streamlit 1.67's
parameters), for the browser tests and the side-by-side screenshots."""

import math

import jupyter_reactive as jr

data = [0.0, 1.2, 0.7, 2.1, 1.6, 2.8, 2.2, 3.5, 2.9, 3.1, 4.0, 3.4]
row = jr.container(horizontal=True)
with row:
    jr.metric("Line", 10, 0.6, chart_data=data, chart_type="line", border=True)
    jr.metric("Area", 10, -0.6, chart_data=data, chart_type="area", border=True)
    jr.metric("Bar", 10, 0.6, chart_data=data, chart_type="bar", border=True)
a, b, c = jr.columns(3)
a.metric("Plain line", 42, chart_data=[3, 1, 4, 1, 5, 9, 2, 6])
b.metric("Crossing zero", 1, -2, chart_data=[2, -1, 3, -2, 1], chart_type="area")
c.metric("Bars", 7, 3, delta_color="violet", chart_data=[5, 3, 8, 2, 6, 4], chart_type="bar")
d, e, f = jr.columns(3)
d.metric("Gaps", 5, 1, chart_data=[1, 2, math.nan, 3, 4, math.nan, 2], border=True)
e.metric("One point", 3, chart_data=[3], border=True)
f.metric("Flat", 3, 0, chart_data=[2, 2, 2, 2], chart_type="area", border=True)
jr.metric("Many points", 1, 1, chart_data=[math.sin(i / 40) + i / 3000 for i in range(5000)])
g, h, i = jr.columns(3)
g.metric("Temperature", "70 °F", "1.2 °F", icon=":material/thermostat:")
h.metric("Fire", 9, icon="🔥", border=True)
i.metric("Revenue", 1234.5, -56.25, format="dollar", delta_description="month over month")
j, k, m = jr.columns(3)
j.metric("Share", 0.256, 0.013, format="percent", delta_description="vs. last quarter", border=True)
k.metric("Count", "12345.678", format="%,d")
m.metric("Label", "n/a", "+5", format="compact", delta_description="no change")
jr.metric("**Bold** label", "`code`", "*up* 2", delta_description="see [docs](https://example.com)")
