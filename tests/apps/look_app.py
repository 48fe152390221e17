"""A plain app whose look the browser tests hold to Streamlit 1.67's: column, headings, fields,
radio options and widget labels in markdown, a table without its RangeIndex, write on one line, equal columns, a
350 px chart. scripts/visual-compare runs it in Streamlit too (the import swapped)."""

import pandas as pd

import jupyter_reactive as jr

jr.title("Look")
jr.header("Header")
jr.subheader("Subheader")
jr.text_input("Name", help="Your name")
jr.progress(40, text="Loading")
jr.button("Go", type="primary")
jr.write("Some body text.")
jr.slider("Level", 0, 10, 3)
jr.radio("Pick", ["**bold** one", "<script>window.__pwned = 1</script>", "plain"], help="One of three")
jr.table(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))
jr.write("label:", 5)
left, right = jr.columns(2)
left.write("left")
right.write("right, a longer column text")
jr.text("plain text")
jr.line_chart(pd.DataFrame({"a": [1, 2, 3], "b": [3, 1, 2]}))
with jr.expander("More", expanded=True):
    jr.write("inside")
jr.code("x = 6 * 7\nprint(x)")
jr.checkbox("Agree to **terms**")
jr.number_input("Amount in `EUR` <i>raw</i>")
wide, narrow = jr.columns(2, gap="large", border=True)
wide.write("first in column")
wide.write("second in column")
narrow.write("other column")
for name, col in zip(("donuts", "map", "states"), jr.columns((1.5, 4.5, 2), gap="medium"), strict=True):
    col.write(name)
jr.write("over the rule")
jr.divider()
jr.subheader("Cycled rule", divider=True)
jr.subheader("Rainbow rule", divider="rainbow")
jr.code("first\n\nthird", line_numbers=True)
try:
    int("not a number")
except ValueError as err:
    jr.exception(err)
jr.json({"name": "Ada", "langs": ["en"], "n": 36, "x": 1.5, "ok": True, "none": None, "deep": {"a": {}}}, expanded=1)
jr.chat_message("Bob").write("A named author")
jr.chat_input("Say")
