"""A plain app whose look the browser tests hold to Streamlit 1.67's: column, headings, fields."""

import jupyter_reactive as jr

jr.title("Look")
jr.header("Header")
jr.subheader("Subheader")
jr.text_input("Name")
jr.progress(40, text="Loading")
jr.button("Go", type="primary")
jr.write("Some body text.")
jr.slider("Level", 0, 10, 3)
