import time

import jupyter_reactive as jr

n = jr.slider("n", 0, 10, 0)
jr.write(f"value: {n}")
if n == 1:
    for i in range(100):  # a 10-second run that yields at every element call
        jr.text(f"step {i}")
        time.sleep(0.1)
if n == 2:
    time.sleep(120)  # stuck in one call: never reaches a yield point
jr.write(f"done: {n}")
