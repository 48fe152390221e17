"""Feedback and overlays for scripts/visual-compare."""

import jupyter_reactive as jr

jr.title("Overlays")
jr.toast("Toasted", icon="🎉")
jr.progress(30)
jr.progress(80, text="Loading 80%")
with jr.status("Running", state="running"):
    jr.write("working")
jr.status("Complete", state="complete", expanded=False)
try:
    _ = 1 / 0
except ZeroDivisionError as e:
    jr.exception(e)


@jr.dialog("A dialog")
def show():
    jr.write("Inside the dialog")
    jr.button("OK")


show()
raise RuntimeError("the app broke here")
