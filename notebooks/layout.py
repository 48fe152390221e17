"""Layout and display: sidebar, columns, tabs, expander, a form, progress and status boxes."""

import time

import jupyter_reactive as jr

jr.title("Layout tour")

with jr.sidebar:
    jr.header("Filters")
    region = jr.multiselect("regions", ["north", "south", "east", "west"], default=["north", "east"])
    fast = jr.toggle("fast mode")

left, middle, right = jr.columns(3)
with left:
    jr.subheader("Left")
    jr.write(len(region), "regions chosen")
with middle:
    jr.subheader("Middle")
    temperature = jr.number_input("temperature", min_value=-40.0, max_value=60.0, value=21.5, step=0.5)
with right:
    jr.subheader("Right")
    low, high = jr.slider("range", 0, 100, (20, 80))
    jr.write(f"range: {low}–{high}")

tab_data, tab_code, tab_status = jr.tabs(["Data", "Code", "Status"])
with tab_data:
    jr.json({"regions": region, "temperature": temperature, "range": [low, high], "fast": fast})
with tab_code:
    jr.code("for region in regions:\n    print(region)", language="python")
with tab_status:
    jr.info("Info: nothing to worry about.")
    jr.warning("Warning: check your inputs.")
    jr.error("Error: something went wrong (not really).")

with jr.expander("Details", expanded=True):
    jr.markdown("Markdown works: **bold**, *italic*, `code`, [a link](https://jupyter.org), and lists:\n\n- one\n- two")

with jr.form("order"):
    jr.write("A form sends its values only when submitted.")
    size = jr.selectbox("size", ["S", "M", "L"])
    note = jr.text_area("note", placeholder="Anything to add?")
    sent = jr.form_submit_button("Order")
if sent:
    jr.success(f"Ordered size {size}. {note}")

bar = jr.progress(0, text="Working…")
for step in range(5):
    time.sleep(0.0 if fast else 0.05)
    bar.progress((step + 1) * 20, text=f"Working… {(step + 1) * 20}%")
with jr.spinner("Finishing…"):
    time.sleep(0.0 if fast else 0.1)
jr.caption("Done.")
