"""Plots for the browser tests: a matplotlib figure, Plotly charts (one with box selection) shown
only once a checkbox is ticked, and a Bokeh figure behind another."""

from matplotlib.figure import Figure

import jupyter_reactive as jr

fig = Figure(figsize=(4, 3), dpi=100)
ax = fig.subplots()
ax.plot([0, 1, 2, 3], [1, 3, 2, 4], marker="o")
ax.set_title("Matplotlib line")
jr.pyplot(fig, use_container_width=False)

if jr.checkbox("Show Plotly"):
    import plotly.graph_objects as go

    scatter = go.Figure(go.Scatter(x=[1, 2, 3, 4, 5], y=[1, 3, 2, 4, 3], mode="markers", marker={"size": 12}))
    scatter.update_layout(width=600, height=400, margin={"l": 50, "r": 20, "t": 30, "b": 50}, title="Pick points")
    event = jr.plotly_chart(scatter, key="pick", on_select="rerun", selection_mode="box", use_container_width=False)
    jr.text(f"selected: {event.selection.point_indices}")
    bars = go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2]), layout={"title": "Bars", "height": 300})
    jr.plotly_chart(bars)

if jr.checkbox("Show Bokeh"):
    from bokeh.plotting import figure

    p = figure(width=400, height=250, title="Bokeh line")
    p.line([1, 2, 3, 4], [2, 1, 4, 3], line_width=2)
    jr.bokeh_chart(p)
    jr.bokeh_chart(p, use_container_width=False)
