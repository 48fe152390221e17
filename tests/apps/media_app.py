import numpy as np

import jupyter_reactive as jr

jr.title("Media")
show = jr.checkbox("show image")
if show:
    rng = np.random.default_rng(jr.session_state.get("seed", 0))
    jr.image(rng.integers(0, 255, (600, 600, 3), dtype=np.uint8), caption="noise")
jr.image(np.zeros((2, 2)), caption="tiny")  # inline as a data: URI
jr.audio(np.sin(np.linspace(0, 2 * np.pi * 440, 8000)), sample_rate=8000)
jr.download_button("get csv", "a,b\n1,2\n", file_name='we"ird/näme.csv', mime="text/csv")
jr.download_button("get page", "<script>alert(1)</script>", file_name="page.html", mime="text/html")
files = jr.file_uploader("upload", accept_multiple_files=True)
for f in files:
    jr.write(f"size: {f.size} name: {f.name} type: {f.type} head: {f.getvalue()[:4]!r}")
only_csv = jr.file_uploader("csv only", type=["csv"])
if only_csv is not None:
    jr.write(f"csv rows: {only_csv.getvalue().decode().count(chr(10))}")
