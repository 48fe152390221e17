"""Chart benchmark app for Streamlit: a line chart of 10,000 points (fixed seed)."""

import numpy as np
import streamlit as st

st.title("Chart")
st.line_chart(np.random.default_rng(0).standard_normal(10_000).cumsum())
