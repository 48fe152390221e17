import jupyter_reactive as jr

jr.title("Counter")
n = jr.slider("n", 0, 100, 10)
jr.write(f"value: {n}")
if "clicks" not in jr.session_state:
    jr.session_state.clicks = 0
if jr.button("inc"):
    jr.session_state.clicks += 1
jr.write(f"clicks: {jr.session_state.clicks}")
name = jr.text_input("name", "world")
jr.write(f"hello {name}")
print(f"printed n={n}")
