import jupyter_reactive as jr

jr.title("Fails sometimes")
n = jr.slider("n", 0, 10, 0)
jr.write(f"value: {n}")
if n == 3:
    raise ValueError("three is not allowed")
jr.write("after the check")
