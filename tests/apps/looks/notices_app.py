"""Alerts and status family for scripts/visual-compare."""

import jupyter_reactive as jr

jr.title("Notices")
jr.success("Saved the file.")
jr.info("Some information.", icon="ℹ️")
jr.warning("Careful now.", icon=":material/warning:")
jr.error("Something broke.")
jr.exception(ValueError("bad value"))
with jr.status("Crunching", expanded=True) as s:
    jr.write("step one")
jr.status("Done", state="complete")
jr.status("Failed", state="error")
jr.progress(70, text="Loading 70%")
jr.toast("Toasted", icon="🎉")
