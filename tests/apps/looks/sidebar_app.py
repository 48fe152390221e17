"""Sidebar family for scripts/visual-compare: widgets in the sidebar, body beside it."""

import jupyter_reactive as jr

jr.sidebar.title("Settings")
jr.sidebar.selectbox("Model", ["small", "large"])
jr.sidebar.slider("Temperature", 0.0, 1.0, 0.7)
jr.sidebar.radio("Mode", ["fast", "careful"])
jr.sidebar.checkbox("Verbose")
jr.sidebar.button("Reset")
jr.sidebar.write("Some sidebar text.")
jr.title("Sidebar")
jr.write("The body of the app beside the sidebar.")
jr.text_input("Query")
