"""Text elements for scripts/visual-compare."""

import jupyter_reactive as jr

jr.title("Text", help="A title with help")
jr.header("Header", divider=True)
jr.subheader("Subheader", divider="blue")
jr.header("Rainbow", divider="rainbow")
jr.caption("A caption under the headings.")
jr.code("def f(x):\n    return x + 1\n\nprint(f(2))", language="python", line_numbers=True)
jr.json({"name": "Ada", "langs": ["en", "fr"], "age": 36}, expanded=True)
jr.json({"collapsed": {"a": 1}}, expanded=False)
jr.latex(r"e^{i\pi} + 1 = 0")
jr.markdown("Some :red[red], :blue-background[blue background] and :green[**bold green**] text.")
jr.markdown(":violet-badge[Badge] :orange-badge[Warn] :green-badge[OK]")
jr.badge("New", color="blue")
jr.divider()
jr.markdown("Text with help", help="A tooltip")
with jr.echo():
    total = sum(range(5))
jr.write(total)
