"""Layout family for scripts/visual-compare: tabs, expanders, popover, forms, bordered columns
and containers."""

import jupyter_reactive as jr

jr.title("Layout")
one, two = jr.tabs(["First tab", "Second tab"])
one.write("In the first tab.")
two.write("In the second tab.")
with jr.expander("Closed expander"):
    jr.write("hidden")
with jr.expander("Open expander", expanded=True):
    jr.write("shown")
jr.popover("Popover").write("in the popover")
with jr.form("f"):
    jr.text_input("Form field")
    jr.form_submit_button("Submit")
a, b, c = jr.columns(3, border=True, gap="large")
a.write("one")
b.write("two")
c.write("three")
with jr.container(border=True):
    jr.write("A bordered container.")
box = jr.container(height=120)
for i in range(12):
    box.write(f"line {i}")
