"""Parameters that only warned before: alert titles, a spinner's elapsed time, a linked image,
compact and step expanders and statuses, an autoscrolling container, a dialog's icon, and GFM
autolinks in markdown (browser tests, and scripts/visual-compare beside Streamlit)."""

import base64
import time

import jupyter_reactive as st

st.markdown(
    "Autolinks: https://example.com/a_(b), www.example.org. and me@example.com; "
    "not app.py nor `https://in.code` nor [a link](https://example.net/)."
)
st.markdown("<a href='https://example.com/raw'>a raw link</a> and [the top](#top)", unsafe_allow_html=True)
st.error("The upload failed.", title="Oops")
st.warning("Quota nearly used.", title="*Heads* up", icon=":material/warning:")
st.info("Nothing to see.", title="Note")
st.success("Saved.", title="Done")

if st.button("Work"):
    with st.spinner("**Working**...", show_time=True):
        time.sleep(float(st.query_params.get("work", "1.5")))
    st.write("worked")

# a 24x24 blue square
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAIklEQVR4nGOUS7nDQA3ARBVTRg0aNWjUoFGDRg0aNYgiAAADhAGOedJS6AAAAABJRU5ErkJggg=="
)
st.image(PNG, caption="linked", link="https://example.com/picture")

with st.expander("Compact details", type="compact"):
    st.write("inside the compact expander")
with st.expander("Understanding the question", type="step"):
    st.write("first step")
with st.expander("Searching", type="step", icon=":material/search:"):
    st.write("second step")
st.expander("Answering", type="step")
with st.status("Loading data", type="step", state="complete"):
    st.write("loaded")
with st.status("Thinking", type="compact", state="complete"):
    st.write("thought")

lines = st.session_state.setdefault("lines", 20)
if st.button("More lines"):
    st.session_state.lines = lines = lines + 5
box = st.container(height=160, autoscroll=True, border=True, key="feed")
for i in range(lines):
    box.write(f"line {i}")


@st.dialog("Settings", icon=":material/settings:")
def settings() -> None:
    st.write("inside the dialog")


if st.button("Open dialog"):
    settings()
