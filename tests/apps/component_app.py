import os

import pandas as pd

import jupyter_reactive as jr
import jupyter_reactive.components.v1 as components

HERE = os.path.dirname(os.path.abspath(__file__))
counter = components.declare_component("counter", path=os.path.join(HERE, "components"))

jr.title("Components")
value = counter(
    name="World",
    start=0,
    blob=b"\x01\x02\x03",
    table=pd.DataFrame({"a": [1, 2, 3]}),
    key="counter",
    default={"count": 0},
)
if isinstance(value, bytes):
    jr.write(f"bytes value: {list(value)}")
else:
    jr.write(f"count is {value['count']}")
jr.write(f"state: {jr.session_state.counter!r}")
# another frame that speaks the protocol too: the page must not take its messages
components.html(
    "<script>setInterval(function () { window.parent.postMessage({isStreamlitMessage: true,"
    " type: 'streamlit:setComponentValue', value: {count: 666}, dataType: 'json'}, '*'); }, 200);"
    "</script><p>an impostor</p>",
    height=60,
)
