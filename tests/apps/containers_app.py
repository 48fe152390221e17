"""Containers, status and notices for tests/browser/test_containers_page.py (and a screenshot)."""

import jupyter_reactive as jr

jr.title("Containers")
runs = jr.session_state.setdefault("runs", 0) + 1
jr.session_state.runs = runs
jr.caption(f"run {runs}")
jr.badge("Beta", icon=":material/science:", color="violet")
if jr.checkbox("Keep toasting"):
    jr.toast("Toasting every run", duration="infinite")

with jr.popover("Open settings", help="Settings for the page"):
    jr.text("Inside the popover")
    loud = jr.checkbox("Loud")
jr.text(f"loud: {loud}")

status = jr.status("Crunching numbers", expanded=True)
status.text("step one done")
if jr.button("Finish"):
    jr.session_state.finished = True
if jr.session_state.get("finished"):
    status.update(label="Numbers crunched", state="complete", expanded=False)

if jr.button("Toast me"):
    jr.toast("Saved **the** file", icon="🎉", duration=2)
if jr.button("Poke"):  # reruns the script, and counts
    jr.session_state.pokes = jr.session_state.get("pokes", 0) + 1
with jr.expander(f"**Pokes**: {jr.session_state.get('pokes', 0)}", icon=":material/bolt:"):
    jr.text("poked")
if jr.button("Celebrate"):
    jr.balloons()

left, right = jr.columns([2, 1], border=True, vertical_alignment="center")
left.text("left column")
with right.expander("More", icon="🔥"):
    jr.text("hidden detail")

box = jr.container(height=150)
for i in range(30):
    box.text(f"line {i}")
box.popover("In the box").text("not clipped by the box")
jr.sidebar.popover("Side menu").text("in the side menu, wider than the sidebar allows")

with jr.echo():
    x = 6 * 7
    jr.text(f"x is {x}")


def greet(name: str, punct: str = "!") -> str:
    """Say hello to someone."""
    return f"hello {name}{punct}"


if jr.checkbox("Show help", value=jr.session_state.get("help_on", False)):
    jr.help(greet)
