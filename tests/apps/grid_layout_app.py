"""st.grid's docstring examples and the cases the browser tests measure (tests/browser/
test_grid_layout_page.py); runs unchanged under Streamlit 1.67 for side-by-side screenshots."""

import jupyter_reactive as st

st.subheader("Metric cards")
metrics = [
    ("Revenue", "$1.2M", "+8%"),
    ("Pipeline", "$4.8M", "+12%"),
    ("Conversion", "12.4%", "+1.1%"),
    ("Retention", "96%", "-0.4%"),
]
grid = st.grid(4, key="metrics")
for label, value, delta in metrics:
    grid.metric(label, value, delta, border=True)

st.subheader("Full-width cell")
grid = st.grid("auto", min_column_width=220, key="featured")
with grid.cell(column_span="all"):
    st.markdown("**Featured**")
grid.markdown("Card")

st.subheader("Gallery")
gallery = st.grid(key="gallery", border=True, dense=True)
for i in range(7):
    gallery.markdown(f"Picture {i + 1}")

st.subheader("Fixed columns")
fixed = st.grid(3, wrap=False, border=True, key="nowrap")
for name in ("Line", "Bar", "Table"):
    fixed.markdown(f"{name} chart")

st.subheader("Spans and an empty cell")
spans = st.grid(4, border=True, key="spans", gap=("xsmall", 24))
spans.cell(column_span=2).markdown("Two wide")
slot = spans.empty()
spans.markdown("Third")
spans.cell(column_span=4).markdown("Four wide")
slot.markdown("Filled later")

st.subheader("Row height")
tall = st.grid(2, row_height=120, border=True, vertical_alignment="center", key="rows")
tall.markdown("\n\n".join(f"Line {i}" for i in range(12)))
tall.markdown("Short, centred")

st.subheader("Reruns")
n = st.number_input("Cells", min_value=0, max_value=12, value=5)
dynamic = st.grid(3, key="dynamic")
for i in range(int(n)):
    dynamic.markdown(f"Cell {i + 1}")

first, second = st.tabs(["First", "Second"])
first.markdown("First tab")
with second:
    hidden = st.grid(key="intab")
    for i in range(4):
        hidden.markdown(f"Tab cell {i + 1}")

st.subheader("Stretch")
stretch = st.grid(2, row_height=200, key="stretch")
stretch.line_chart([1, 3, 2, 4], height="stretch")
stretch.line_chart([4, 2, 3, 1], height=120)

st.subheader("Fixed height")
boxed = st.grid(2, height=150, border=True, key="boxed")
for i in range(6):
    boxed.markdown(f"Boxed {i + 1}")
