"""Slow variant: every run takes 2 s, spread over 20 element calls (a reactive framework can cut
it short at any of them); the text that depends on the slider comes after the loop."""

import time

import jupyter_reactive as jr

jr.title("Bench")
v = jr.slider("value", 0, 100, 0)
progress = jr.empty()
for i in range(20):
    progress.text(f"progress: {i + 1}/20")
    time.sleep(0.1)
jr.write(f"value: {v}")
