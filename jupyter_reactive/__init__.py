"""jupyter_reactive: Streamlit's reactive-app model on Jupyter.

``import jupyter_reactive as jr`` gives the scripting API (``jr.title``, ``jr.slider``,
``jr.session_state`` ...). Importing it is cheap and loads no server code: the jupyter-server and
JupyterLab hooks below import :mod:`jupyter_reactive.server` only when called.
"""

from __future__ import annotations

from ._version import __version__
from .kernel import column_config
from .kernel.api import Container, rerun, session_state, sidebar, stop
from .kernel.api import main as _main
from .kernel.caching import cache_data, cache_resource
from .kernel.elements.files import UploadedFile
from .kernel.page import set_page_config

# The scripting API: each function is a method of one Container that writes into the current
# run's innermost `with` block (else the main column), so `jr.slider`, `jr.sidebar.slider` and
# `col.slider` share one definition, signature and docstring. Adding an element: its family
# module in kernel/elements/, one line here, its name in __all__ (tests/kernel/test_api.py checks).
title = _main.title
header = _main.header
subheader = _main.subheader
markdown = _main.markdown
caption = _main.caption
text = _main.text
code = _main.code
json = _main.json
metric = _main.metric
map = _main.map
pydeck_chart = _main.pydeck_chart
graphviz_chart = _main.graphviz_chart
divider = _main.divider
html = _main.html
latex = _main.latex
write = _main.write
error = _main.error
warning = _main.warning
info = _main.info
success = _main.success
exception = _main.exception
progress = _main.progress
spinner = _main.spinner
button = _main.button
form_submit_button = _main.form_submit_button
checkbox = _main.checkbox
toggle = _main.toggle
slider = _main.slider
number_input = _main.number_input
text_input = _main.text_input
text_area = _main.text_area
selectbox = _main.selectbox
radio = _main.radio
multiselect = _main.multiselect
container = _main.container
columns = _main.columns
expander = _main.expander
tabs = _main.tabs
form = _main.form
empty = _main.empty
image = _main.image
audio = _main.audio
video = _main.video
download_button = _main.download_button
file_uploader = _main.file_uploader
camera_input = _main.camera_input
pyplot = _main.pyplot
plotly_chart = _main.plotly_chart
bokeh_chart = _main.bokeh_chart
vega_lite_chart = _main.vega_lite_chart
altair_chart = _main.altair_chart
line_chart = _main.line_chart
area_chart = _main.area_chart
bar_chart = _main.bar_chart
scatter_chart = _main.scatter_chart
dataframe = _main.dataframe
table = _main.table
data_editor = _main.data_editor

__all__ = [
    "Container",
    "UploadedFile",
    "__version__",
    "altair_chart",
    "area_chart",
    "audio",
    "bar_chart",
    "bokeh_chart",
    "button",
    "cache_data",
    "cache_resource",
    "camera_input",
    "caption",
    "checkbox",
    "code",
    "column_config",
    "columns",
    "container",
    "data_editor",
    "dataframe",
    "divider",
    "download_button",
    "empty",
    "error",
    "exception",
    "expander",
    "file_uploader",
    "form",
    "form_submit_button",
    "graphviz_chart",
    "header",
    "html",
    "image",
    "info",
    "json",
    "latex",
    "line_chart",
    "map",
    "markdown",
    "metric",
    "multiselect",
    "number_input",
    "plotly_chart",
    "progress",
    "pydeck_chart",
    "pyplot",
    "radio",
    "rerun",
    "scatter_chart",
    "selectbox",
    "session_state",
    "set_page_config",
    "sidebar",
    "slider",
    "spinner",
    "stop",
    "subheader",
    "success",
    "table",
    "tabs",
    "text",
    "text_area",
    "text_input",
    "title",
    "toggle",
    "vega_lite_chart",
    "video",
    "warning",
    "write",
]


def _jupyter_server_extension_points() -> list[dict[str, object]]:
    from .server.app import ReactiveApp

    return [{"module": "jupyter_reactive.server.app", "app": ReactiveApp}]
