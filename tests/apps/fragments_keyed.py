"""Streamlit 1.67's ``rerun`` example: a button whose callback reruns the "charts" fragment."""

import jupyter_reactive as st

st.session_state.setdefault("full", 0)
st.session_state.setdefault("drawn", 0)
st.session_state.full += 1


@st.fragment(key="charts")
def charts():
    st.session_state.drawn += 1
    st.line_chart({"data": [1, 2, 3 + st.session_state.drawn]})
    st.write(f"Charts drawn: {st.session_state.drawn}")


charts()
st.write(f"Full runs: {st.session_state.full}")
st.button("Refresh charts", on_click=lambda: st.rerun("charts"))
st.button("Rerun all")
