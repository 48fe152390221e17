"""Maps, a pydeck chart and Graphviz graphs, for the browser tests."""

import graphviz
import numpy as np
import pandas as pd
import pydeck as pdk

import jupyter_reactive as jr

jr.title("Maps and graphs")
rng = np.random.default_rng(0)
points = pd.DataFrame(
    rng.normal(size=(1000, 2)) / [50, 50] + [37.76, -122.4],
    columns=["lat", "lon"],
)
blue = jr.checkbox("blue points")
jr.map(points, color="#0068c9" if blue else None, alt="random points")

cities = pd.DataFrame(
    {
        "name": ["San Francisco", "Oakland", "San Jose"],
        "lat": [37.7749, 37.8044, 37.3382],
        "lon": [-122.4194, -122.2712, -121.8863],
        "pop": [815201, 440646, 969655],
    }
)
jr.pydeck_chart(
    pdk.Deck(
        initial_view_state=pdk.ViewState(latitude=37.6, longitude=-122.2, zoom=8),
        layers=[
            pdk.Layer(
                "ScatterplotLayer",
                cities,
                get_position="[lon, lat]",
                get_radius="pop / 100",
                get_fill_color=[0, 104, 201, 200],
                pickable=True,
            )
        ],
        tooltip={"text": "{name}: {pop}"},
        map_style=None,
    ),
    height=300,
    alt="three cities",
)

g = graphviz.Digraph()
g.edge("run", "intr")
g.edge("intr", "runbl")
g.edge("runbl", "run")
g.edge("run", "kernel")
g.edge("kernel", "zombie")
jr.graphviz_chart(g, alt="process states")
jr.graphviz_chart("digraph { rankdir=LR; a -> b -> c; a -> c }", use_container_width=True, alt="abc")
jr.graphviz_chart("digraph { a -> ", alt="broken")
