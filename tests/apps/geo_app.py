"""Maps, a pydeck chart, Graphviz graphs and Mermaid diagrams, for the browser tests."""

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

jr.mermaid_chart(
    """
    graph LR
        accTitle: the author's title
        A[Start] --> B{Decision}
        B -->|Yes| C[OK]
        B -->|No| D[Cancel]
    """,
    alt="decision flow",
)
jr.mermaid_chart("graph LR\n    A --> ")  # Mermaid cannot read it: an error in its place
jr.mermaid_chart("sequenceDiagram\n    Alice->>Bob: Hi", width="content")
# garbage from a script: markup in a label and a script link stay inert (securityLevel "strict"),
# and the diagram's own init directive cannot turn that or HTML labels back on
jr.mermaid_chart(
    '%%{init: {"securityLevel": "loose", "htmlLabels": true, "flowchart": {"htmlLabels": true}}}%%\n'
    'graph LR\n    A["<img src=x onerror=window.pwned=1>x"] --> B\n    click B "javascript:window.pwned=2"',
    alt="hostile",
)
jr.markdown("A fence in markdown:\n\n```mermaid\ngraph TD\n    accTitle: fence title\n    P[Fence] --> Q[Drawn]\n```\n")
jr.markdown("<b>With HTML:</b>\n\n```mermaid\ngraph TD\n    H[Html] --> I[Too]\n```\n", unsafe_allow_html=True)
jr.caption("after the diagrams")
