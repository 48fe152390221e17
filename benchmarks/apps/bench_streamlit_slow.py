"""Slow variant: every run takes 2 s, spread over 20 element calls (Streamlit can cut it short at
any of them); the text that depends on the slider comes after the loop."""

import time

import streamlit as st

st.title("Bench")
v = st.slider("value", 0, 100, 0)
progress = st.empty()
for i in range(20):
    progress.text(f"progress: {i + 1}/20")
    time.sleep(0.1)
st.write(f"value: {v}")
