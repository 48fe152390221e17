"""pydeck charts whose clicks select objects: one object at a time, and several."""

import pandas as pd
import pydeck as pdk

import jupyter_reactive as jr

spots = pd.DataFrame(
    {
        "name": ["west", "east"],
        "lat": [0.0, 0.0],
        "lon": [-1.0, 1.0],
        "color": [[200, 30, 30, 255], [30, 160, 30, 255]],
    }
)


def deck(layer_id: str) -> pdk.Deck:
    return pdk.Deck(
        initial_view_state=pdk.ViewState(latitude=0, longitude=0, zoom=6),
        layers=[
            pdk.Layer(
                "ScatterplotLayer",
                spots,
                id=layer_id,
                get_position="[lon, lat]",
                get_radius=25_000,
                get_fill_color="color",
            )
        ],
        map_style=None,
    )


one = jr.pydeck_chart(deck("one"), on_select="rerun", height=300, alt="pick one", key="one")
jr.write(f"one: {dict(one.selection.indices)} {[o['name'] for o in one.selection.objects.get('one', [])]}")
many = jr.pydeck_chart(deck("many"), on_select="rerun", selection_mode="multi-object", height=300, alt="pick many")
jr.write(f"many: {sorted(many.selection.indices.get('many', []))}")
