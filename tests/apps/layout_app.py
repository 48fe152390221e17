"""Streamlit's layout parameters: a horizontal row of buttons, widths, text alignment (browser tests)."""

import jupyter_reactive as st

st.title("Layout", text_alignment="center")
with st.container(horizontal=True, key="row"):
    st.button("Save")
    st.button("Cancel")
    st.button("Delete", type="primary")
with st.container(horizontal=True, key="mixed", vertical_alignment="center"):
    st.button("Go")
    st.text_input("Search")
    st.button("Wide", width="stretch")
with st.container(horizontal=True, horizontal_alignment="right", key="right"):
    st.button("Right one")
    st.button("Right two")
with st.container(horizontal=True, key="spaced"):
    st.button("Before space")
    st.space("large")
    st.button("After space")
with st.container(horizontal=True, key="metrics"):
    for name in ("/users", "/users/{id}", "/users/me", "/users/search"):
        st.metric(name, "40,983", "+6,409", border=True)
with st.container(horizontal=True, key="inputs"):
    for name in ("First", "Second", "Third", "Fourth"):
        st.text_input(name)
st.button("Stretched", width="stretch")
st.button("Fixed 300", width=300)
st.button("Content")
st.markdown("Centered text", text_alignment="center")
st.markdown("Right text", text_alignment="right")
st.text("A narrow text box", width=160)
st.code("print('scrolls inside')\n" * 12, height=120)
st.progress(60, width=250)
st.caption("a caption that is cut off because it does not wrap " * 6, wrap=False)
st.text("above space")
st.space(40)
st.text("below space")
left, right = st.columns(2, wrap=False)
left.button("Left col")
right.button("Right col")
top, under = st.columns(2)
top.button("Stacked top")
under.button("Stacked bottom")
