"""Custom components and frames: ``components.v1.html``, ``iframe`` and ``declare_component``
(script thread; the value checks also run on the subshell thread).

A declared component is a widget whose control is the component's own frontend — the files of
its build folder, or a URL — in a sandboxed frame of the page that speaks Streamlit's component
protocol (``labextension/app/components.ts``). Its element carries the JSON arguments; bytes and
DataFrame arguments travel as media (a DataFrame as Streamlit's three Arrow IPC streams: data,
index, columns), never as JSON blobs. The build folder's path never reaches the page: the kernel
tells the server (a ``component_folder`` frame, once per session and name) and the server serves
the files under ``reactive/component/<session>/<token>/<name>/``.

The value a frame sends (``setComponentValue``) arrives as ``{"dataType": ..., "value": ...}``:
``json`` as is, ``bytes`` as base64, ``dataframe`` as the three Arrow streams in base64.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import inspect
import json
import mimetypes
import os
from collections.abc import Callable
from pathlib import PurePath
from typing import Any, Literal

from ..delta import returns_handle
from ..errors import StreamlitAPIException
from ..media import MediaBlob
from ..params import laid_out
from ..state import WidgetValueError
from .media import MediaMixin
from .widget_base import WidgetBase

ARROW_MIME = "application/vnd.apache.arrow.stream"
_DATA_TYPES = ("json", "bytes", "dataframe")


class MarshallComponentException(StreamlitAPIException):
    """A component was called with arguments it cannot send (Streamlit's name)."""


# -- DataFrames as Streamlit's component-lib reads them ---------------------------------------------


def _arrow_bytes(df: Any) -> bytes:
    import pyarrow as pa

    table = pa.Table.from_pandas(df)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _labels_frame(labels: Any) -> Any:
    import pandas as pd

    return pd.DataFrame([list(v) if isinstance(v, tuple) else v for v in labels.values])


def arrow_parts(data: Any) -> dict[str, bytes]:
    """Any table-like value as the three streams of ``ArrowTable(data, index, columns)``."""
    from ..frames import to_frame

    df, _styler = to_frame(data)
    return {
        "data": _arrow_bytes(df),
        "index": _arrow_bytes(_labels_frame(df.index)),
        "columns": _arrow_bytes(_labels_frame(df.columns)),
    }


def _read_arrow(blob: bytes) -> Any:
    import pyarrow as pa

    return pa.ipc.open_stream(pa.py_buffer(blob)).read_pandas()


def _labels(frame: Any) -> Any:
    import pandas as pd

    levels = frame.values.T.tolist()
    if not levels:
        return None
    return levels[0] if len(levels) == 1 else pd.MultiIndex.from_arrays(levels)


def frame_from_arrow(parts: dict[str, bytes]) -> Any:
    """The DataFrame a frame sent (Streamlit's ``arrow_proto_to_dataframe``)."""
    import pandas as pd

    data, index, columns = (_read_arrow(parts[k]) for k in ("data", "index", "columns"))
    return pd.DataFrame(data.values, index=_labels(index), columns=_labels(columns))


# -- the value ------------------------------------------------------------------------------------


def _b64(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise WidgetValueError(f"{what} must be base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise WidgetValueError(f"{what} is not valid base64") from None


def deserialize_value(wire: Any) -> Any:
    """A frame's value as the script sees it (None: none yet). Raises WidgetValueError."""
    if wire is None:
        return None
    if not isinstance(wire, dict) or set(wire) != {"dataType", "value"} or wire["dataType"] not in _DATA_TYPES:
        raise WidgetValueError('a component value is {"dataType": "json"|"bytes"|"dataframe", "value": ...}')
    kind, value = wire["dataType"], wire["value"]
    if kind == "json":
        return value
    if kind == "bytes":
        return _b64(value, "a bytes value")
    if not isinstance(value, dict) or set(value) != {"data", "index", "columns"}:
        raise WidgetValueError("a dataframe value has data, index and columns")
    parts = {k: _b64(value[k], f"dataframe {k}") for k in ("data", "index", "columns")}
    try:
        return frame_from_arrow(parts)
    except ImportError:
        raise WidgetValueError("a dataframe value needs pyarrow in the kernel") from None
    except Exception:
        raise WidgetValueError("a dataframe value is not valid Arrow IPC") from None


def serialize_value(value: Any) -> Any:
    """The wire form of a value (for the page's record and for a replaced kernel)."""
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"dataType": "bytes", "value": base64.b64encode(bytes(value)).decode()}
    if type(value).__module__.startswith("pandas") and hasattr(value, "columns"):
        parts = arrow_parts(value)
        return {"dataType": "dataframe", "value": {k: base64.b64encode(v).decode() for k, v in parts.items()}}
    json.dumps(value)  # a value that is not JSON raises: the widget falls back to its default
    return {"dataType": "json", "value": value}


# -- declaring -----------------------------------------------------------------------------------


def _is_bytes(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, memoryview))


def _is_table(value: Any) -> bool:
    module = type(value).__module__ or ""
    if module.startswith(("pandas", "polars")) and hasattr(value, "to_numpy"):
        return True
    if module.startswith("pandas.io.formats.style"):
        return True
    if module.startswith("pyarrow") and hasattr(value, "to_pandas"):
        return True
    return module == "numpy" and getattr(value, "ndim", 0) in (1, 2)


class CustomComponent:
    """What ``declare_component`` returns: call it to draw the component and get its value."""

    def __init__(self, name: str, path: str | None = None, url: str | None = None, module_name: str | None = None):
        self.name = name
        self.path = path
        self.url = url
        self.module_name = module_name

    @property
    def abspath(self) -> str | None:
        return None if self.path is None else os.path.abspath(self.path)

    def __call__(
        self,
        *args: Any,
        default: Any = None,
        key: str | None = None,
        on_change: Callable[..., Any] | None = None,
        tab_index: int | None = None,
        **kwargs: Any,
    ) -> Any:
        """Draw the component with ``kwargs`` as its ``args``; return its value (``default``
        until its frontend sets one). ``key`` keeps its identity (and its frame) when its
        arguments change; ``on_change`` runs when the frontend sets a new value."""
        return self.create_instance(*args, default=default, key=key, on_change=on_change, tab_index=tab_index, **kwargs)

    def create_instance(
        self,
        *args: Any,
        default: Any = None,
        key: str | None = None,
        on_change: Callable[..., Any] | None = None,
        tab_index: int | None = None,
        **kwargs: Any,
    ) -> Any:
        """The same as calling the component."""
        if args:
            raise MarshallComponentException(f"Argument '{args[0]}' needs a label")
        from ..api import main

        return main._component_instance(self, default, key, on_change, tab_index, kwargs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CustomComponent) and (self.name, self.path, self.url, self.module_name) == (
            other.name,
            other.path,
            other.url,
            other.module_name,
        )

    def __hash__(self) -> int:
        return hash((self.name, self.path, self.url))

    def __repr__(self) -> str:
        return f"'{self.name}': {self.path if self.path is not None else self.url}"


def declare_component(name: str, path: str | os.PathLike[str] | None = None, url: str | None = None) -> CustomComponent:
    """Declare a custom component: its frontend is the build folder ``path`` (its
    ``index.html`` and the files beside it, served to this app's page) or a URL (a dev
    server). Its full name is ``<calling module>.<name>``, as in Streamlit.

    Raises:
        StreamlitAPIException: neither or both of ``path`` and ``url``, or a bad name.
    """
    if not isinstance(name, str) or not name:
        raise StreamlitAPIException("declare_component needs a name: a non-empty string")
    if (path is None) == (url is None):
        raise StreamlitAPIException("Either 'path' or 'url' must be set, but not both.")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        raise StreamlitAPIException("declare_component: url must be an http:// or https:// URL")
    frame = inspect.currentframe()
    caller = frame.f_back if frame is not None else None
    module_name = str(caller.f_globals.get("__name__", "")) if caller is not None else ""
    if module_name in ("__main__", "") and caller is not None:
        module_name = os.path.splitext(os.path.basename(caller.f_code.co_filename))[0]
    full = f"{module_name}.{name}" if module_name else name
    return CustomComponent(full, str(path) if path is not None else None, url, module_name)


# -- drawing -------------------------------------------------------------------------------------


def _dimension(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1_000_000:
        raise StreamlitAPIException(f"{what} must be a positive number of pixels")
    return int(value)


def _tab_index(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < -1:
        raise StreamlitAPIException("tab_index must be -1, 0 or a positive whole number")
    return value


class ComponentsMixin(MediaMixin, WidgetBase):
    """``components.v1``: frames and declared components (their public names live in
    ``jupyter_reactive.components.v1``, bound to the current container)."""

    def _frame(self, el: dict[str, Any], width: Any, height: Any, scrolling: Any, tab_index: Any) -> None:
        el["height"] = _dimension(height, "height") or 150
        el["scrolling"] = bool(scrolling)
        w = _dimension(width, "width")
        if w is not None:
            el["width"] = w
        t = _tab_index(tab_index)
        if t is not None:
            el["tab_index"] = t

    @laid_out("width", "height", "alt")
    @returns_handle
    def iframe(
        self,
        src: str | PurePath,
        *,
        width: int | Literal["stretch", "content"] = "stretch",
        height: int | Literal["stretch", "content"] = "content",
        tab_index: int | None = None,
        alt: str | None = None,
    ) -> None:
        """Show a URL, an HTML document or a local file in a frame.

        Args:
            src: an ``http(s)://`` or ``data:`` URL; a path on this server starting with ``/``;
                a ``pathlib.Path`` (an HTML file is shown as its document, any other file by the
                browser's own viewer: PDFs, text, pictures); any other string is HTML. HTML runs
                its scripts in a sandboxed frame that cannot reach the page (Streamlit gives it
                the app's origin; here it never has it).
            width: ``"stretch"`` (the container's width), ``"content"`` or pixels.
            height: pixels; ``"content"`` is 150 pixels here (a sandboxed frame cannot be
                measured), ``"stretch"`` the room its container has.
            tab_index: the frame's tabindex (-1 takes it out of the tab order).
            alt: the frame's accessible name.
        """
        px = height if isinstance(height, int) and not isinstance(height, bool) and height > 0 else 150
        if isinstance(src, PurePath):
            try:
                with open(src, "rb") as f:
                    content = f.read()
            except OSError as err:
                raise StreamlitAPIException(f"cannot read {str(src)!r}: {err.strerror}") from None
            mimetype = mimetypes.guess_type(src.name)[0] or "application/octet-stream"
            if mimetype in ("text/html", "application/xhtml+xml"):
                self._component_html(content.decode("utf-8", "replace"), height=px, scrolling=True, tab_index=tab_index)
            elif mimetype.startswith("image/"):
                self.image(content)
            else:
                self._document(MediaBlob(content, mimetype), px)
            return
        if not isinstance(src, str) or not src.strip():
            raise StreamlitAPIException(f"iframe needs a URL, a pathlib.Path or HTML, not {src!r}")
        if src.startswith(("http://", "https://", "data:", "/")):
            self._component_iframe(src, height=px, scrolling=True, tab_index=tab_index)
        else:
            self._component_html(src, height=px, scrolling=True, tab_index=tab_index)

    def _component_iframe(
        self,
        src: str,
        width: int | None = None,
        height: int | None = None,
        scrolling: bool = False,
        *,
        tab_index: int | None = None,
    ) -> None:
        """Show a URL in a frame (``components.v1.iframe``): ``height`` in px (150 by default),
        ``width`` in px (the container's by default), ``scrolling``: scroll bars."""
        if not isinstance(src, str) or not src:
            raise StreamlitAPIException("iframe needs a URL")
        el: dict[str, Any] = {"kind": "iframe", "src": src}
        self._frame(el, width, height, scrolling, tab_index)
        self._emit(el)

    def _component_html(
        self,
        html: str,
        width: int | None = None,
        height: int | None = None,
        scrolling: bool = False,
        *,
        tab_index: int | None = None,
    ) -> None:
        """Show an HTML document in a frame that runs its scripts (``components.v1.html``); it
        cannot reach the page (an opaque origin). Sizes as for ``iframe``."""
        if not isinstance(html, str):
            raise StreamlitAPIException("html must be a string")
        ref, blobs = self._media_ref(MediaBlob(html.encode(), "text/html"))
        el: dict[str, Any] = {"kind": "iframe", "html": ref}
        self._frame(el, width, height, scrolling, tab_index)
        self._emit(el, media=blobs)

    def _component_instance(
        self,
        component: CustomComponent,
        default: Any,
        key: str | None,
        on_change: Callable[..., Any] | None,
        tab_index: int | None,
        kwargs: dict[str, Any],
    ) -> Any:
        """Draw one instance of a declared component and return its value."""
        try:
            import pyarrow  # noqa: F401  (Streamlit requires it for every component)
        except ImportError:
            raise StreamlitAPIException("To use custom components, install PyArrow: `pip install pyarrow`") from None
        all_args = dict(kwargs, default=default, key=key)
        json_args: dict[str, Any] = {}
        bytes_args: dict[str, Any] = {}
        dfs: dict[str, Any] = {}
        blobs: list[MediaBlob] = []
        special = hashlib.sha256()
        for arg, value in all_args.items():
            if _is_bytes(value):
                blob = MediaBlob(bytes(value), "application/octet-stream")
                ref, sent = self._media_ref(blob)
                bytes_args[arg], special = ref, _update(special, arg, blob.sha)
                blobs += sent
            elif _is_table(value):
                refs = {}
                for part, data in arrow_parts(value).items():
                    blob = MediaBlob(data, ARROW_MIME)
                    refs[part], sent = self._media_ref(blob)
                    special = _update(special, arg + "." + part, blob.sha)
                    blobs += sent
                dfs[arg] = refs
            else:
                json_args[arg] = value
        try:
            serialized = json.dumps(json_args, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError) as err:
            raise MarshallComponentException(f"Could not convert component args to JSON: {err}") from None
        self._declare_folder(component)
        extra: dict[str, Any] = {"component": component.name, "args": json.loads(serialized)}
        if component.url is not None:
            extra["url"] = component.url
        if bytes_args:
            extra["bytes_args"] = bytes_args
        if dfs:
            extra["dfs"] = dfs
        t = _tab_index(tab_index)
        if t is not None:
            extra["tab_index"] = t
        # with a key, the identity is the name, url and key only (its frame survives new args)
        parts = (component.url,) if key is not None else (component.url, serialized, special.hexdigest())
        value = self._widget(
            "component",
            component.name,
            None,
            deserialize_value,
            serialize_value,
            key=key,
            help=None,
            on_change=on_change,
            args=None,
            kwargs=None,
            disabled=False,
            label_visibility="collapsed",
            parts=parts,
            extra=extra,
            media=blobs,
        )
        return default if value is None else value

    def _declare_folder(self, component: CustomComponent) -> None:
        """Tell the server, once per session, where this component's files are."""
        ctx = self._run_context()
        folder = component.abspath
        if ctx is None or folder is None:
            return
        if ctx.components.get(component.name) == folder:
            return
        if not os.path.isdir(folder):
            raise StreamlitAPIException(f"No such component directory: '{component.path}'")
        ctx.components[component.name] = folder
        ctx.writer.outbox.message({"type": "component_folder", "name": component.name, "path": folder})


def _update(h: Any, arg: str, sha: str) -> Any:
    h.update(f"{arg}\0{sha}\0".encode())
    return h
