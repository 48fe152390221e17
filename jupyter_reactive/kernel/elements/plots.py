"""Plots made by plotting libraries: ``pyplot`` (matplotlib), ``plotly_chart`` and ``bokeh_chart``
(script thread; the selection validators also run on the subshell thread).

Each library is imported only when its function is called (none is a dependency). A matplotlib
figure becomes a PNG saved at twice its dpi and travels as an ``image`` element through the media
frames, exactly as ``jr.image`` sends one; a Plotly figure travels as Plotly JSON that the page
draws with plotly.js (a chunk it loads on first use); a Bokeh figure becomes Bokeh's standalone
HTML, sent as media and shown in a sandboxed frame.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from collections.abc import Callable, Iterable
from typing import Any, Literal

from ..delta import returns_handle
from ..media import MediaBlob
from ..params import Height, Width, laid_out, warn
from ..state import WidgetValueError
from .media import MediaMixin
from .widget_base import WidgetBase

SelectionMode = Literal["points", "box", "lasso"]
_SELECTION_MODES = ("points", "box", "lasso")
_SELECTION_KEYS = ("points", "point_indices", "box", "lasso")
_MAX_SELECTED = 1_000_000  # points in one selection: far more than plotly.js can draw


class AttrDict(dict[str, Any]):
    """A dict whose keys also read as attributes (``event.selection.points``), as Streamlit's
    chart event states do."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def empty_selection() -> AttrDict:
    """What ``plotly_chart(on_select="rerun")`` returns before anything is selected."""
    return AttrDict(selection=AttrDict(points=[], point_indices=[], box=[], lasso=[]))


def _json_dicts(value: Any, what: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or len(value) > _MAX_SELECTED:
        raise WidgetValueError(f"selection {what} must be a list")
    for item in value:
        if not isinstance(item, dict) or not all(isinstance(k, str) for k in item):
            raise WidgetValueError(f"selection {what} must be a list of objects")
    return value


def deserialize_selection(wire: Any) -> AttrDict:
    """A selection from the page (``{points, point_indices, box, lasso}``) -> the event state
    the script sees (``{"selection": {...}}``). Raises WidgetValueError for anything else."""
    if wire is None:
        return empty_selection()
    if not isinstance(wire, dict) or set(wire) != set(_SELECTION_KEYS):
        raise WidgetValueError("a chart selection is an object with points, point_indices, box and lasso")
    indices = wire["point_indices"]
    if not isinstance(indices, list) or len(indices) > _MAX_SELECTED:
        raise WidgetValueError("selection point_indices must be a list")
    for i in indices:
        if isinstance(i, bool) or not isinstance(i, int) or i < 0:
            raise WidgetValueError("selection point_indices must be non-negative whole numbers")
    points = _json_dicts(wire["points"], "points")
    box = _json_dicts(wire["box"], "box")
    lasso = _json_dicts(wire["lasso"], "lasso")
    return AttrDict(selection=AttrDict(points=points, point_indices=indices, box=box, lasso=lasso))


def serialize_selection(state: Any) -> dict[str, Any]:
    """The event state -> the selection on the wire (plain JSON)."""
    sel = state["selection"]
    return {k: list(sel[k]) for k in _SELECTION_KEYS}


def _selection_modes(selection_mode: Any) -> list[str]:
    modes = [selection_mode] if isinstance(selection_mode, str) else list(selection_mode)
    if not modes or any(m not in _SELECTION_MODES for m in modes):
        raise ValueError(f"selection_mode must be one or more of {list(_SELECTION_MODES)}, not {selection_mode!r}")
    return [m for m in _SELECTION_MODES if m in modes]


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        w, h = struct.unpack(">II", data[16:24])
        return int(w), int(h)
    return None


def _pyplot_module() -> Any:
    """``matplotlib.pyplot``, imported now. A kernel with no backend chosen (no ``MPLBACKEND``,
    matplotlib not yet imported) gets the non-interactive Agg, so no GUI window can open; a
    backend the user chose (the environment, ``matplotlib.use``, ``%matplotlib``) is kept, and so
    is ipykernel's inline backend, through which ``plt.show()`` shows figures on the page."""
    import sys

    if "matplotlib" not in sys.modules and not os.environ.get("MPLBACKEND"):
        os.environ["MPLBACKEND"] = "Agg"
    import matplotlib.pyplot as plt

    return plt


def is_matplotlib_figure(obj: Any) -> bool:
    """True for a matplotlib Figure (without importing matplotlib)."""
    return any(c.__name__ == "Figure" and c.__module__ == "matplotlib.figure" for c in type(obj).__mro__)


def is_plotly_figure(obj: Any) -> bool:
    """True for a Plotly ``Figure`` / ``FigureWidget`` (without importing plotly)."""
    return any(c.__name__ == "BaseFigure" and c.__module__.startswith("plotly.") for c in type(obj).__mro__)


def plotly_spec(figure_or_data: Any) -> str:
    """A figure, its dict, or a list of traces -> Plotly JSON text (numpy arrays encoded by plotly)."""
    import plotly.io
    import plotly.tools

    if is_matplotlib_figure(figure_or_data):
        figure = plotly.tools.mpl_to_plotly(figure_or_data)
    else:
        figure = plotly.tools.return_figure_from_figure_or_data(figure_or_data, validate_figure=True)
    return str(plotly.io.to_json(figure, validate=False))


class PlotsMixin(MediaMixin, WidgetBase):
    """Matplotlib, Plotly and Bokeh figures."""

    @returns_handle
    def pyplot(
        self,
        fig: Any = None,
        clear_figure: bool | None = None,
        *,
        width: Width = "stretch",
        use_container_width: bool | None = None,
        alt: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Show a matplotlib figure as a picture: a PNG at twice the figure's dpi, so it is sharp
        on high-density screens, shown at the figure's own size (or the container's width).

        Args:
            fig: the figure; by default the current global figure (``plt.gcf()``).
            clear_figure: clear the figure after drawing it (``fig.clf()``). By default the
                global figure is cleared (so the next run starts empty) and a given one is not.
            width: ``"stretch"`` (the container's width), ``"content"`` (the figure's own size,
                at most the container's width) or pixels.
            use_container_width: the older spelling of ``width``: True is ``"stretch"``, False
                ``"content"``.
            alt: the picture's alt text.
            **kwargs: passed to ``fig.savefig`` (e.g. ``dpi``, ``transparent``,
                ``bbox_inches``; the defaults are ``bbox_inches="tight"`` and twice the
                figure's dpi).
        """
        plt = _pyplot_module()
        if fig is None:
            fig = plt.gcf()
            if clear_figure is None:
                clear_figure = True
        elif not is_matplotlib_figure(fig):
            raise TypeError(f"jr.pyplot needs a matplotlib Figure, not {type(fig).__name__}")
        options: dict[str, Any] = {"bbox_inches": "tight", "dpi": 2 * fig.dpi, "format": "png", **kwargs}
        buf = io.BytesIO()
        fig.savefig(buf, **options)
        data = buf.getvalue()
        size = _png_size(data)
        size_css = None
        if size is not None and options.get("dpi") not in (None, "figure"):
            # shown at the figure's 1x size: the PNG holds dpi/fig.dpi device pixels per CSS pixel
            size_css = max(1, round(size[0] * fig.dpi / float(options["dpi"])))
        if use_container_width is not None:
            shown: Any = "stretch" if use_container_width else "content"
        else:
            shown = width
        if shown == "content":
            shown = size_css or "content"
        self.image(data, width=shown, alt=alt)
        if clear_figure:
            fig.clf()

    @laid_out("width", "height", "alt")
    def plotly_chart(
        self,
        figure_or_data: Any,
        use_container_width: bool | None = None,
        *,
        width: Width = "stretch",
        height: Height = "content",
        theme: Literal["streamlit"] | None = "streamlit",
        key: str | None = None,
        on_select: Literal["ignore", "rerun"] | Callable[..., Any] = "ignore",
        selection_mode: SelectionMode | Iterable[SelectionMode] = ("points", "box", "lasso"),
        config: dict[str, Any] | None = None,
        alt: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """Show an interactive Plotly chart (drawn in the page by plotly.js).

        Args:
            figure_or_data: a Plotly ``Figure``, its dict, a list of traces, or a matplotlib
                figure (converted by plotly).
            use_container_width: the older spelling of ``width``: True is ``"stretch"``, False
                ``"content"``.
            width: ``"stretch"`` (the container's width), ``"content"`` (the figure's own width,
                at most the container's) or pixels.
            height: ``"content"`` (the figure's own height), ``"stretch"`` or pixels.
            theme: ``"streamlit"``: the page's colours (light or dark, following the page);
                ``None``: Plotly's own template.
            key: the widget key when selections are on (``jr.session_state[key]``).
            on_select: ``"ignore"`` (a plain chart), ``"rerun"`` (selecting points reruns the
                script, which gets the selection), or a callable (called before that rerun).
            selection_mode: which selections are allowed: ``"points"`` (click), ``"box"``,
                ``"lasso"``, or several of them.
            config: plotly.js ``config`` options (``displayModeBar``, ``scrollZoom`` ...).
            alt: the chart's accessible description.
            **kwargs: older Plotly ``plot()`` options: not supported (warns).

        Returns:
            None; with selections on, the selection as
            ``{"selection": {"points", "point_indices", "box", "lasso"}}`` (also attributes).
        """
        if theme not in ("streamlit", None):
            raise ValueError('theme must be "streamlit" or None')
        if not (on_select in ("ignore", "rerun") or callable(on_select)):
            raise ValueError('on_select must be "ignore", "rerun" or a callable')
        if config is not None and not isinstance(config, dict):
            raise TypeError("config must be a dict of plotly.js options")
        modes = _selection_modes(selection_mode)
        for name in kwargs:
            warn(self, "plotly_chart", name)
        spec = plotly_spec(figure_or_data)
        el: dict[str, Any] = {
            "spec": spec,
            "config": json.loads(json.dumps(config or {}, default=str)),
            "theme": theme,
            # the figure's own width unless it stretches; a width in pixels goes in `sizing`
            "use_container_width": width != "content" if use_container_width is None else bool(use_container_width),
        }
        if on_select == "ignore":
            self._emit({"kind": "plotly_chart", **el})
            return None
        # selections on: a widget whose value is the selection
        digest = hashlib.sha1(spec.encode()).hexdigest()
        return self._selection_widget(
            "plotly_chart",
            "Plotly chart",
            empty_selection(),
            deserialize_selection,
            serialize_selection,
            key=key,
            on_select=on_select,
            parts=(digest, json.dumps(el["config"], sort_keys=True), tuple(modes), theme),
            extra={**el, "selection_mode": modes},
        )

    @returns_handle
    def bokeh_chart(self, figure: Any, use_container_width: bool = True) -> None:
        """Show a Bokeh figure: Bokeh's standalone HTML, with the BokehJS of the bokeh package
        installed in the kernel, in a sandboxed frame (its scripts cannot reach the page).

        Args:
            figure: a Bokeh figure or layout.
            use_container_width: True (default): the figure stretches to the container's width
                (drawn with ``sizing_mode="stretch_width"`` unless it has a sizing mode of its
                own, as Streamlit did); False: the figure keeps its own width.
        """
        from bokeh.embed import file_html
        from bokeh.resources import INLINE

        own = getattr(figure, "sizing_mode", None)
        stretch = bool(use_container_width) and own in (None, "fixed") and hasattr(figure, "sizing_mode")
        try:
            if stretch:
                figure.sizing_mode = "stretch_width"  # for this drawing only: the figure is the app's
            html = file_html(figure, INLINE, title="Bokeh chart")
        finally:
            if stretch:
                figure.sizing_mode = own
        blob = MediaBlob(html.encode(), "text/html")
        ref, blobs = self._media_ref(blob)
        height = getattr(figure, "height", None)
        width = getattr(figure, "width", None)
        el: dict[str, Any] = {
            "kind": "bokeh_chart",
            "src": ref,
            "height": int(height) + 16 if isinstance(height, int) else 616,
        }
        if not use_container_width and isinstance(width, int) and width > 0:
            el["width"] = width + 16  # the frame as wide as the figure and the document's margins
        self._emit(el, media=blobs)
