"""Metrics as Streamlit's documentation shows them, for the browser tests."""

import jupyter_reactive as jr

jr.title("Metrics")
a, b, c = jr.columns(3)
a.metric("Temperature", "70 °F", "1.2 °F")
b.metric("Wind", "9 mph", "-8%")
c.metric("Humidity", "86%", "4%", help="Relative humidity")
jr.metric(label="Gas price", value=4, delta=-0.5, delta_color="inverse")
jr.metric(label="Active developers", value=123, delta=123, delta_color="off")
d, e = jr.columns(2)
d.metric("Pressure", "30.34 inHg", "-2 inHg", border=True)
e.metric("Unknown", None, 0, border=True)
jr.columns(4)[0].metric("Views", "10,935,596", "+1,204", border=True)
clicks = jr.session_state.setdefault("clicks", 0)
if jr.button("Add"):
    jr.session_state["clicks"] = clicks = clicks + 1
jr.metric("Clicks", clicks, clicks or None, label_visibility="collapsed")
