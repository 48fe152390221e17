import sys

import jupyter_reactive as jr

print("before the slider")
n = jr.slider("n", 0, 10, 1)
print(f"stdout before the value: {n}")
print(f"stderr before the value: {n}", file=sys.stderr)
jr.write(f"value: {n}")
