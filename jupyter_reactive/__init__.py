"""jupyter_reactive: Streamlit's reactive-app model on Jupyter.

``import jupyter_reactive as jr`` gives the scripting API (``jr.title``, ``jr.slider``,
``jr.session_state`` ...), defined in :mod:`jupyter_reactive._api` and bound here on first use.
Importing the package is cheap: it loads neither the kernel-side API (the server and the CLI do
not need it) nor server code (the jupyter-server and JupyterLab hooks below import
:mod:`jupyter_reactive.server` only when called). A new public name: one line in ``_api.py`` and
its name in ``__all__`` below.
"""

# ruff: noqa: F405  (__all__ names the lazily bound API of _api.py)

from __future__ import annotations

import os
import sys
import types
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:  # the names below, for type checkers and editors
    from ._api import *  # noqa: F403

__all__ = [
    "Container",
    "Page",
    "UploadedFile",
    "__version__",
    "altair_chart",
    "area_chart",
    "audio",
    "audio_input",
    "badge",
    "balloons",
    "bar_chart",
    "bokeh_chart",
    "bottom",
    "button",
    "cache_data",
    "cache_resource",
    "camera_input",
    "caption",
    "chat_input",
    "chat_message",
    "checkbox",
    "code",
    "color_picker",
    "column_config",
    "columns",
    "components",
    "connection",
    "connections",
    "container",
    "context",
    "data_editor",
    "dataframe",
    "date_input",
    "datetime_input",
    "dialog",
    "divider",
    "download_button",
    "echarts_chart",
    "echo",
    "empty",
    "error",
    "exception",
    "expander",
    "feedback",
    "file_uploader",
    "form",
    "form_submit_button",
    "fragment",
    "get_option",
    "graphviz_chart",
    "grid",
    "header",
    "help",
    "html",
    "iframe",
    "image",
    "info",
    "json",
    "latex",
    "line_chart",
    "link_button",
    "login",
    "logo",
    "logout",
    "map",
    "markdown",
    "menu_button",
    "mermaid_chart",
    "metric",
    "multiselect",
    "navigation",
    "number_input",
    "page_link",
    "pagination",
    "pdf",
    "pills",
    "plotly_chart",
    "popover",
    "progress",
    "pydeck_chart",
    "pyplot",
    "query_params",
    "radio",
    "rerun",
    "scatter_chart",
    "secrets",
    "segmented_control",
    "select_slider",
    "selectbox",
    "session_state",
    "set_option",
    "set_page_config",
    "sidebar",
    "skeleton",
    "slider",
    "snow",
    "space",
    "spinner",
    "status",
    "stop",
    "subheader",
    "success",
    "switch_page",
    "table",
    "tabs",
    "text",
    "text_area",
    "text_input",
    "time_input",
    "title",
    "toast",
    "toggle",
    "user",
    "vega_lite_chart",
    "video",
    "warning",
    "write",
    "write_stream",
]


def __getattr__(name: str) -> Any:
    """The scripting API, imported on first use (see :mod:`jupyter_reactive._api`); each name
    is then bound here, so later uses are plain attribute lookups."""
    if name in _API_NAMES:
        _hint_if_plain_script(sys._getframe(1))
        return _bind_api()[name]
    if name in _SUBMODULES:  # jr.errors, jr.config ...: Streamlit's st.errors, st.config
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(_Missing(name), name=name, obj=sys.modules[__name__])


class _Missing:
    """The message of a missing name, built only when shown: ``hasattr`` and
    ``from jupyter_reactive import x`` catch the error without reading it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        text = f"module {__name__!r} has no attribute {self.name!r}"
        if self.name in _REMOVED:
            return f"{text}: Streamlit removed it; use {' or '.join(_REMOVED[self.name])} instead"
        if self.name in _NOT_HERE:
            return f"{text}: Streamlit 1.67's st.{self.name} is not supported here yet ({_NOT_HERE[self.name]})"
        if self.name.startswith("_"):
            return text
        import difflib

        close = difflib.get_close_matches(self.name, sorted(_API_NAMES | _SUBMODULES), n=3, cutoff=0.8)
        return f"{text}; did you mean {' or '.join(close)}?" if close else text


# old Streamlit names that apps still use, and what replaced them in Streamlit
_REMOVED = {
    "beta_color_picker": ("color_picker",),
    "beta_columns": ("columns",),
    "beta_container": ("container",),
    "beta_expander": ("expander",),
    "beta_set_page_config": ("set_page_config",),
    "cache": ("cache_data", "cache_resource"),
    "experimental_audio_input": ("audio_input",),
    "experimental_connection": ("connection",),
    "experimental_data_editor": ("data_editor",),
    "experimental_dialog": ("dialog",),
    "experimental_fragment": ("fragment",),
    "experimental_get_query_params": ("query_params",),
    "experimental_memo": ("cache_data",),
    "experimental_rerun": ("rerun",),
    "experimental_set_query_params": ("query_params",),
    "experimental_show": ("write",),
    "experimental_singleton": ("cache_resource",),
    "experimental_user": ("user",),  # removed in Streamlit 1.67
}


# Streamlit 1.67's names this package lacks (the "no" rows of docs/compatibility.md), and what to
# use meanwhile: an app that calls one is told so rather than offered a look-alike name
_NOT_HERE = {
    "App": "serve the script with `jupyter reactive serve`; there is no ASGI app object",
}


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


_API_NAMES = frozenset(__all__) - {"__version__"}
# public submodules reachable as attributes after a bare ``import jupyter_reactive``
_SUBMODULES = frozenset({"components", "config", "connections", "dataframe_util", "errors", "runtime"})


def _hint_if_plain_script(caller: types.FrameType) -> None:
    """``python app.py``: the app's first ``jr.*`` says, in one line on stderr, that nothing is
    drawn this way and which command shows it (Streamlit says the same for ``python app.py``).
    Only where the caller is the script Python was started with: an app imported by its tests,
    a kernel (started with ``-m``) or ``python -c`` stay silent."""
    frame: types.FrameType | None = caller
    # ``from jupyter_reactive import title``: importlib asks first. Its frozen bootstrap is named
    # ``_frozen_importlib`` until something imports the ``importlib`` package (which renames it):
    # in a fresh virtual environment, nothing has by an app's first line
    while frame is not None and (
        str(frame.f_globals.get("__name__")).startswith("importlib")
        or frame.f_code.co_filename.startswith("<frozen importlib")
    ):
        frame = frame.f_back
    main = sys.modules.get("__main__")
    script = sys.argv[0] if sys.argv else ""
    file = getattr(main, "__file__", None)
    if (
        frame is None
        or frame.f_globals.get("__name__") != "__main__"
        or getattr(main, "__spec__", None) is not None
        or not script.endswith(".py")
        or not isinstance(file, str)
        # a kernel's run has an app module as __main__ too, but its argv is the kernel's
        or os.path.abspath(script) != os.path.abspath(file)
    ):
        return
    print(
        f"jupyter_reactive: {script} ran as plain Python, which draws nothing; "
        f"to see it as an app, run: jupyter reactive serve {script}",
        file=sys.stderr,
    )


def _bind_api() -> dict[str, Any]:
    """Import the scripting API and bind all its public names in this module at once (the fork
    server calls this ahead, so kernels forked from it find them bound)."""
    from . import _api

    names = {name: getattr(_api, name) for name in _API_NAMES}
    globals().update(names)
    return names


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """The prebuilt JupyterLab / Notebook 7 extension ("Run as app"), built into
    ``labextension/`` beside this file (``labextension/lab/`` in the source tree)."""
    return [{"src": "labextension", "dest": "@jupyter-reactive/lab"}]


def _jupyter_server_extension_points() -> list[dict[str, object]]:
    from .server.app import ReactiveApp

    return [{"module": "jupyter_reactive.server.app", "app": ReactiveApp}]
