from IPython.display import HTML, Markdown, display

import jupyter_reactive as jr

jr.title("Displays")
display(Markdown("**shown by display()**"))
handle = display(HTML("<i>first</i>"), display_id=True)
handle.update(HTML("<i>updated</i>"))
n = jr.slider("n", 0, 10, 1)
display({"n": n}, raw=False)
jr.write("end")
