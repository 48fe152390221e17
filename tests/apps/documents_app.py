"""jr.pdf and jr.iframe of a local file: the browser's own viewer through the media store (browser tests)."""

from pathlib import Path

import jupyter_reactive as st

HERE = Path(__file__).parent
st.header("Documents")
st.pdf(HERE / "hello.pdf", height=320, alt="Hello report")
st.iframe("<p>inline html frame</p>", height=80, alt="inline frame")
tall = st.checkbox("Tall viewer")
st.pdf(HERE / "hello.pdf", height=400 if tall else 200, key="viewer", alt="Keyed report")
