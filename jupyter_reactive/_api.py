"""The scripting API that ``import jupyter_reactive as jr`` gives (``jr.title``, ``jr.slider``,
``jr.session_state`` ...), kernel side.

The package's ``__init__`` binds these names lazily (module ``__getattr__``), so the server and the
CLI, which import the package, never import this module; kernels get it from their fork server,
which imports it ahead (forkserver/memory.py). A new public name: one line here, and its name in
``jupyter_reactive.__all__`` (tests/kernel/test_api.py checks both).
"""

# ruff: noqa: F401  (every name here is re-exported by the package's __getattr__)

from __future__ import annotations

from . import components as components  # st.components.v1.html, declare_component ...
from . import connections as connections  # st.connections.BaseConnection ...
from . import errors as errors  # st.errors.StreamlitAPIException ...
from . import runtime as runtime  # st.runtime.exists()
from ._version import __version__ as __version__
from .kernel import column_config
from .kernel.api import Container, bottom, rerun, session_state, sidebar, stop
from .kernel.api import main as _main
from .kernel.app_page import Page
from .kernel.caching import cache_data, cache_resource
from .kernel.connections import connection
from .kernel.context import context
from .kernel.elements.files import UploadedFile
from .kernel.fragments import dialog, fragment
from .kernel.navigation import navigation, switch_page
from .kernel.options import get_option, set_option
from .kernel.page import set_page_config
from .kernel.query_params import query_params
from .kernel.secrets import secrets
from .kernel.user import login, logout, user

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
mermaid_chart = _main.mermaid_chart
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
grid = _main.grid
expander = _main.expander
tabs = _main.tabs
form = _main.form
empty = _main.empty
space = _main.space
image = _main.image
audio = _main.audio
video = _main.video
download_button = _main.download_button
file_uploader = _main.file_uploader
camera_input = _main.camera_input
pyplot = _main.pyplot
plotly_chart = _main.plotly_chart
echarts_chart = _main.echarts_chart
bokeh_chart = _main.bokeh_chart
vega_lite_chart = _main.vega_lite_chart
altair_chart = _main.altair_chart
line_chart = _main.line_chart
area_chart = _main.area_chart
bar_chart = _main.bar_chart
scatter_chart = _main.scatter_chart
dataframe = _main.dataframe
table = _main.table
pills = _main.pills
segmented_control = _main.segmented_control
feedback = _main.feedback
link_button = _main.link_button
page_link = _main.page_link
audio_input = _main.audio_input
date_input = _main.date_input
datetime_input = _main.datetime_input
time_input = _main.time_input
select_slider = _main.select_slider
color_picker = _main.color_picker
popover = _main.popover
status = _main.status
toast = _main.toast
balloons = _main.balloons
snow = _main.snow
badge = _main.badge
help = _main.help
echo = _main.echo
chat_input = _main.chat_input
chat_message = _main.chat_message
write_stream = _main.write_stream
data_editor = _main.data_editor
menu_button = _main.menu_button
logo = _main.logo
pagination = _main.pagination
skeleton = _main.skeleton
iframe = _main.iframe
pdf = _main.pdf
