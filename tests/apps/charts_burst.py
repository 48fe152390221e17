"""A drawn chart grown by add_rows many times within one batch of the kernel's outbox: each step
between two other element updates, so the steps travel as separate add_rows messages that the
page receives in one socket message (and handles in one task)."""

import jupyter_reactive as jr

chart = jr.line_chart({"y": [0.0]}, alt="burst chart")
status = jr.empty()
if jr.button("Burst"):
    for i in range(1, 61):
        chart.add_rows({"y": [float(i)]})
        status.text(f"step {i}")
    jr.text("done")
