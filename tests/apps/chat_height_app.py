"""Chat inputs given a height: a least height in pixels, and the height of their container."""

import jupyter_reactive as jr

with jr.container():
    tall = jr.chat_input("Tall", height=150, key="tall")
with jr.container(height=300, border=True):
    jr.chat_input("Fills", height="stretch", key="fills")
with jr.container():
    jr.chat_input("Plain", key="plain")
jr.write(f"tall said: {tall!r}")
