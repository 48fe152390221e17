"""The first app: a slider, a button, a text box and a checkbox, each changing the page."""

import jupyter_reactive as jr

jr.title("Hello, jupyter_reactive")
jr.caption("Every browser tab gets its own session and its own kernel. Change a widget: the script reruns.")

with jr.sidebar:
    jr.header("Settings")
    name = jr.text_input("name", value="world")
    greet = jr.checkbox("show greeting", value=True)

n = jr.slider("n", 0, 100, 25)
jr.write(f"value: {n}")
jr.write(f"n squared is **{n * n}**")

if "clicks" not in jr.session_state:
    jr.session_state.clicks = 0
if jr.button("inc"):
    jr.session_state.clicks += 1
jr.write(f"clicks: {jr.session_state.clicks}")

if greet:
    jr.success(f"Hello, {name}!")

left, right = jr.columns(2)
with left:
    flavour = jr.selectbox("flavour", ["vanilla", "chocolate", "strawberry"])
with right:
    size = jr.radio("size", ["small", "large"], horizontal=True)
jr.info(f"One {size} {flavour}, coming up.")

with jr.expander("How does this work?"):
    jr.markdown(
        "The script runs top to bottom in a kernel of its own. Each widget returns its current "
        "value; changing it reruns the script and only the elements that changed are sent to the page."
    )
    jr.code("n = jr.slider('n', 0, 100, 25)\njr.write(f'value: {n}')", language="python")
