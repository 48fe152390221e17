"""Streamlit's newer names: logo, pagination, menu_button, skeleton (browser tests)."""

import jupyter_reactive as st

st.logo(":material/rocket_launch:", size="large", link="https://example.com/")
st.header("Newer names")
page = st.pagination(20, default=2, max_visible_pages=7, key="pg")
st.write(f"page {page}")
picked = st.menu_button("Export", ["CSV", "JSON", "Parquet"], icon=":material/download:")
st.write(f"exported {picked}")
st.skeleton(height=60)
with st.bottom:
    st.button("Pinned at the bottom")
