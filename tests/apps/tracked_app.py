"""Expanders, popovers and tabs that track their state (tests/browser/test_tracked_page.py)."""

import jupyter_reactive as jr

jr.session_state.setdefault("runs", 0)
jr.session_state.runs += 1

summary = jr.expander("Summary", on_change="rerun", key="summary")
if summary.open:
    with summary:
        jr.write("The summary, drawn only when open")
jr.write(f"expander open: {summary.open}")


def pick(name):
    jr.session_state.animal = name


cat, dog, owl = jr.tabs(["Cat", "Dog", "**Owl**"], default="Dog", key="animal", on_change="rerun")
for name, tab in (("cat", cat), ("dog", dog), ("owl", owl)):
    if tab.open:
        tab.write(f"This is the {name}")
jr.write(f"tab: {jr.session_state.animal}")
jr.button("Show the cat", on_click=pick, args=("Cat",))

drawer = jr.popover("Drawer", on_change="rerun")
with drawer:
    jr.write("In the drawer")
jr.write(f"popover is {'open' if drawer.open else 'closed'}")
jr.write(f"runs: {jr.session_state.runs}")
