"""jupyter_reactive: Streamlit's reactive-app model on Jupyter.

``import jupyter_reactive as jr`` gives the scripting API (``jr.title``, ``jr.slider``,
``jr.session_state`` ...). Importing it is cheap and loads no server code: the jupyter-server and
JupyterLab hooks below import :mod:`jupyter_reactive.server` only when called.
"""

from __future__ import annotations

from ._version import __version__
from .kernel.api import API as _API
from .kernel.api import Container, rerun, session_state, sidebar, stop
from .kernel.files import UploadedFile

title = _API["title"]
header = _API["header"]
subheader = _API["subheader"]
markdown = _API["markdown"]
caption = _API["caption"]
text = _API["text"]
code = _API["code"]
json = _API["json"]
divider = _API["divider"]
html = _API["html"]
write = _API["write"]
error = _API["error"]
warning = _API["warning"]
info = _API["info"]
success = _API["success"]
exception = _API["exception"]
progress = _API["progress"]
spinner = _API["spinner"]
button = _API["button"]
form_submit_button = _API["form_submit_button"]
checkbox = _API["checkbox"]
toggle = _API["toggle"]
slider = _API["slider"]
number_input = _API["number_input"]
text_input = _API["text_input"]
text_area = _API["text_area"]
selectbox = _API["selectbox"]
radio = _API["radio"]
multiselect = _API["multiselect"]
container = _API["container"]
columns = _API["columns"]
expander = _API["expander"]
tabs = _API["tabs"]
form = _API["form"]
empty = _API["empty"]
image = _API["image"]
audio = _API["audio"]
video = _API["video"]
download_button = _API["download_button"]
file_uploader = _API["file_uploader"]
camera_input = _API["camera_input"]

__all__ = [
    "Container",
    "UploadedFile",
    "__version__",
    "audio",
    "button",
    "camera_input",
    "caption",
    "checkbox",
    "code",
    "columns",
    "container",
    "divider",
    "download_button",
    "empty",
    "error",
    "exception",
    "expander",
    "file_uploader",
    "form",
    "form_submit_button",
    "header",
    "html",
    "image",
    "info",
    "json",
    "markdown",
    "multiselect",
    "number_input",
    "progress",
    "radio",
    "rerun",
    "selectbox",
    "session_state",
    "sidebar",
    "slider",
    "spinner",
    "stop",
    "subheader",
    "success",
    "tabs",
    "text",
    "text_area",
    "text_input",
    "title",
    "toggle",
    "video",
    "warning",
    "write",
]


def _jupyter_server_extension_points() -> list[dict[str, object]]:
    from .server.app import ReactiveApp

    return [{"module": "jupyter_reactive.server.app", "app": ReactiveApp}]
