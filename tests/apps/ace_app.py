"""A published Streamlit component's own frontend build (streamlit-ace, installed without its
Python wrapper's dependencies: the wrapper imports streamlit) declared by path, with the
arguments its wrapper passes."""

import importlib.util
import os

import jupyter_reactive as jr
import jupyter_reactive.components.v1 as components

spec = importlib.util.find_spec("streamlit_ace")  # finds the package without importing it
build = os.path.join(next(iter(spec.submodule_search_locations)), "frontend", "build")
ace = components.declare_component("streamlit_ace", path=build)
value = ace(
    defaultValue="print('hi')",
    placeholder="",
    height=200,
    minLines=None,
    maxLines=None,
    fontSize=14,
    tabSize=4,
    mode="python",
    theme="pastel_on_dark",
    showGutter=True,
    showPrintMargin=True,
    wrapEnabled=False,
    readOnly=False,
    keyboardHandler="vscode",
    annotations=[],
    markers=[],
    autoUpdate=True,
    key="ace",
    default="print('hi')",
)
jr.write(f"editor holds: {value}")
