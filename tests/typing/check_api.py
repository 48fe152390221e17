"""What a user's type checker sees of ``jupyter_reactive`` (checked by mypy, never run).

Each ``assert_type`` line fails ``mypy`` if the public API's types regress, e.g. to a
``(*args, **kwargs) -> Any`` wrapper.
"""

from __future__ import annotations

import datetime
from typing import Any

from typing_extensions import assert_type

import jupyter_reactive as jr
from jupyter_reactive import Container, UploadedFile
from jupyter_reactive.kernel.elements.chat import ChatInputValue
from jupyter_reactive.kernel.elements.status import ProgressHandle

assert_type(jr.title("t"), Container)
assert_type(jr.markdown("**m**", help="tip"), Container)
assert_type(jr.code("x = 1", line_numbers=True), Container)
assert_type(jr.write("a", 1, {"b": 2}), None)
assert_type(jr.progress(50), ProgressHandle)
assert_type(jr.metric("m", 1, -1, "inverse", border=True), Container)
assert_type(jr.map({"lat": [1.0], "lon": [2.0]}, color=(0, 104, 201), size=50, zoom=3), Container)
assert_type(jr.pydeck_chart(None, height=300), Container)
assert_type(jr.graphviz_chart("digraph { a -> b }", use_container_width=True), Container)
assert_type(jr.mermaid_chart("graph LR\n  a --> b", width="content", alt="a to b"), Container)

assert_type(jr.button("go"), bool)
assert_type(jr.form_submit_button(), bool)
assert_type(jr.download_button("get", b"data"), bool)
assert_type(jr.checkbox("c"), bool)
assert_type(jr.toggle("t"), bool)
assert_type(jr.text_input("name"), str)
assert_type(jr.text_area("notes"), str)
assert_type(jr.multiselect("m", ["a", "b"]), list[Any])
assert_type(jr.camera_input("photo"), UploadedFile | None)

assert_type(jr.columns(2), list[Container])
assert_type(jr.tabs(["a", "b"]), list[Container])
assert_type(jr.container(), Container)
assert_type(jr.expander("more"), Container)
assert_type(jr.form("f"), Container)
assert_type(jr.empty(), Container)

assert_type(jr.sidebar, Container)
col = jr.columns(2)[0]
assert_type(col.button("b"), bool)
assert_type(col.columns([2, 1]), list[Container])

with jr.sidebar as side:
    assert_type(side, Container)

with jr.spinner("wait"):
    pass
jr.session_state["k"] = 1
assert_type(jr.session_state["k"], Any)
assert_type(jr.slider("n"), int)
assert_type(jr.slider("n", 0, 10, 5), int)
assert_type(jr.slider("x", 0.0, 1.0), float)
assert_type(jr.slider("x", 0, 10, 2.5), float)
assert_type(jr.slider("r", 0, 100, (20, 80)), tuple[int, int])
assert_type(jr.slider("r", 0.0, 1.0, value=(0.2, 0.8)), tuple[float, float])


@jr.fragment
def _frag(n: int) -> str:
    return str(n)


@jr.fragment(run_every="2s")
def _ticking() -> None:
    pass


@jr.dialog("Title", width="large")
def _dlg(item: str) -> None:
    pass


assert_type(_frag(1), str)
assert_type(_ticking(), None)
assert_type(_dlg("a"), None)
assert_type(jr.rerun(scope="fragment"), None)
# value pickers
assert_type(jr.date_input("d"), datetime.date)
assert_type(jr.date_input("d", None), datetime.date | None)
assert_type(jr.date_input("d", (datetime.date(2024, 1, 1), "2024-01-05")), tuple[datetime.date, ...])
assert_type(jr.time_input("t"), datetime.time)
assert_type(jr.time_input("t", None), datetime.time | None)
assert_type(jr.color_picker("c"), str)
# chat
assert_type(jr.chat_input("Say something"), str | ChatInputValue | None)
assert_type(jr.chat_message("user"), Container)
assert_type(jr.write_stream(iter(["a", "b"])), list[Any] | str)

# secrets, connections, components
assert_type(jr.secrets.to_dict(), dict[str, Any])
assert_type(jr.connections.SQLConnection, type[jr.connections.SQLConnection])
assert_type(jr.components.v1.html("<p>x</p>", height=100), None)
assert_type(jr.components.v1.iframe("https://example.org"), None)
assert_type(jr.components.v1.declare_component("c", path="build"), jr.components.v1.CustomComponent)
