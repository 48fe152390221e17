import time

import jupyter_reactive as jr


@jr.fragment
def frag():
    v = jr.slider("f", 0, 10, 0)
    jr.write(f"f: {v}")
    for i in range(v):
        jr.text(f"row {i}")


frag()
n = jr.slider("n", 0, 10, 0)
if n == 1:
    time.sleep(3)  # one call longer than the test's interrupt grace: no yield point in it
    jr.write("slept")
jr.write(f"done: {n}")
