"""Plots through a real ScriptRunner: jr.pyplot (a PNG at twice the figure's dpi, sent as media
like jr.image, clear_figure), jr.plotly_chart (Plotly JSON; with on_select a widget whose value
is the selection, garbage refused), jr.bokeh_chart (standalone HTML as media), and jr.write of
figures."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from PIL import Image

from jupyter_reactive.kernel.elements.plots import deserialize_selection, empty_selection

from .test_media import SCRIPT, MediaHarness, media_frames, only, src_bytes


@pytest.fixture
def draw(hooks: Any) -> Any:
    """``draw(body)`` -> (app, run): an app whose script is ``hooks.out = body(jr)``, keeping media."""
    apps: list[MediaHarness] = []

    def make(body: Any) -> tuple[MediaHarness, Any]:
        hooks.body = body
        app = MediaHarness(SCRIPT)
        apps.append(app)
        return app, app.run()

    yield make
    for app in apps:
        app.close()


def mpl_figure(width_in: float = 4, height_in: float = 3, dpi: int = 100) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    ax = fig.subplots()
    ax.plot([1, 2, 3], [3, 1, 2])
    return fig


def png_size(app: Any, src: Any) -> tuple[int, int]:
    data, _ = src_bytes(app, src)
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "PNG"
        return im.size


# -- pyplot ---------------------------------------------------------------------------------------


def test_pyplot_sends_a_png_at_twice_the_dpi_through_the_media_frames(draw: Any) -> None:
    fig = mpl_figure()
    app, run = draw(lambda jr: jr.pyplot(fig, use_container_width=False, bbox_inches=None))
    assert run.status == "complete", run.messages
    el = only(run, "image")
    (item,) = el["images"]
    assert set(item["src"]) == {"media"}  # a figure is never small enough to go inline
    assert [m["sha"] for m in media_frames(run)] == [item["src"]["media"]]
    assert png_size(app, item["src"]) == (800, 600)  # 4 x 3 in at 2 x 100 dpi
    assert el["width"] == 400 and el["use_container_width"] is False  # shown at 1x: sharp on 2x screens
    assert fig.axes, "a given figure is not cleared by default"


def test_pyplot_stretches_by_default_and_crops_tight(draw: Any) -> None:
    fig = mpl_figure()
    app, run = draw(lambda jr: jr.pyplot(fig))
    el = only(run, "image")
    assert el["use_container_width"] is True and el["width"] is None
    w, h = png_size(app, el["images"][0]["src"])
    assert w < 800 and h < 600  # bbox_inches="tight" (Streamlit's default) crops the margins


def test_pyplot_savefig_kwargs_win(draw: Any) -> None:
    fig = mpl_figure()
    app, run = draw(lambda jr: jr.pyplot(fig, use_container_width=False, bbox_inches=None, dpi=50))
    el = only(run, "image")
    assert png_size(app, el["images"][0]["src"]) == (200, 150)
    assert el["width"] == 400  # still the figure's own size on the page


def test_pyplot_without_a_figure_draws_and_clears_the_global_one(draw: Any) -> None:
    import matplotlib.pyplot as plt

    def body(jr: Any) -> Any:
        plt.figure(figsize=(2, 2), dpi=100)
        plt.plot([0, 1], [1, 0])
        fig = plt.gcf()
        jr.pyplot(use_container_width=False, bbox_inches=None)
        cleared = not fig.axes
        plt.plot([0, 1], [0, 1])
        jr.pyplot(clear_figure=False, use_container_width=False, bbox_inches=None)
        kept = bool(fig.axes)
        plt.close(fig)
        return cleared, kept

    app, run = draw(body)
    assert run.status == "complete", run.messages
    import jr_test_hooks as hooks  # type: ignore[import-not-found]

    assert hooks.out == (True, True)
    first, _second = run.of_kind("image")
    assert png_size(app, first["images"][0]["src"]) == (400, 400)


def test_pyplot_refuses_what_is_not_a_figure(draw: Any) -> None:
    _app, run = draw(lambda jr: jr.pyplot("not a figure"))
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "TypeError" and "matplotlib Figure" in exc["evalue"]


def test_write_of_a_matplotlib_figure_is_a_pyplot(draw: Any) -> None:
    fig = mpl_figure()
    app, run = draw(lambda jr: jr.write(fig))
    el = only(run, "image")
    assert set(el["images"][0]["src"]) == {"media"}
    assert png_size(app, el["images"][0]["src"])[0] > 400  # the 2x PNG, not a 1x repr


# -- plotly ---------------------------------------------------------------------------------------


def plotly_figure() -> Any:
    import plotly.graph_objects as go

    return go.Figure(go.Scatter(x=[1, 2, 3], y=[4, 1, 2], mode="markers"), layout={"title": {"text": "T"}})


def test_plotly_chart_sends_the_figure_json(draw: Any) -> None:
    fig = plotly_figure()
    _app, run = draw(lambda jr: jr.plotly_chart(fig, config={"displayModeBar": False}))
    assert run.status == "complete", run.messages
    el = only(run, "plotly_chart")
    spec = json.loads(el["spec"])
    assert spec["data"][0]["type"] == "scatter" and spec["layout"]["title"]["text"] == "T"
    assert el["config"] == {"displayModeBar": False}
    assert el["theme"] == "streamlit" and el["use_container_width"] is True
    assert media_frames(run) == []


def test_plotly_chart_takes_dicts_and_trace_lists_and_theme_none(draw: Any) -> None:
    import numpy as np

    fig = {"data": [{"type": "bar", "x": ["a", "b"], "y": np.array([1.5, 2.5])}], "layout": {}}
    _app, run = draw(
        lambda jr: (
            jr.plotly_chart(fig, theme=None, use_container_width=False),
            jr.plotly_chart([{"type": "scatter", "y": [1, 2]}]),
        )
    )
    a, b = run.of_kind("plotly_chart")
    assert a["theme"] is None and a["use_container_width"] is False
    assert json.loads(a["spec"])["data"][0]["type"] == "bar"
    assert json.loads(b["spec"])["data"][0]["y"] == [1, 2]


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"theme": "dark"}, "theme"),
        ({"on_select": "sometimes"}, "on_select"),
        ({"on_select": "rerun", "selection_mode": "circle"}, "selection_mode"),
        ({"on_select": "rerun", "selection_mode": []}, "selection_mode"),
        ({"config": "no"}, "config"),
    ],
)
def test_plotly_chart_refuses_bad_parameters(draw: Any, kwargs: dict[str, Any], error: str) -> None:
    fig = plotly_figure()
    _app, run = draw(lambda jr: jr.plotly_chart(fig, **kwargs))
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert error in exc["evalue"]


def test_plotly_chart_warns_about_old_plot_kwargs(draw: Any) -> None:
    fig = plotly_figure()
    _app, run = draw(lambda jr: jr.plotly_chart(fig, sharing="public"))
    assert run.status == "complete"
    notices = [m for m in run.messages if m["type"] == "notice"]
    assert any("sharing" in str(n) for n in notices), notices


def test_write_and_display_of_a_plotly_figure_are_plotly_charts(draw: Any) -> None:
    from jupyter_reactive.kernel.display import element_for_bundle

    fig = plotly_figure()
    _app, run = draw(lambda jr: jr.write(fig))
    el = only(run, "plotly_chart")
    assert json.loads(el["spec"])["data"][0]["y"] == [4, 1, 2]
    # a rich-display bundle that carries Plotly's MIME type (display(fig), _repr_mimebundle_)
    bundle = {"text/html": "<div>fallback</div>", "application/vnd.plotly.v1+json": json.loads(fig.to_json())}
    got = element_for_bundle(bundle)
    assert got["kind"] == "plotly_chart" and json.loads(got["spec"])["data"][0]["y"] == [4, 1, 2]


# -- plotly selections ------------------------------------------------------------------------------

SEL = {
    "points": [{"curve_number": 0, "point_number": 1, "point_index": 1, "x": 2, "y": 1}],
    "point_indices": [1],
    "box": [{"xref": "x", "yref": "y", "x": [1.5, 2.5], "y": [0, 2]}],
    "lasso": [],
}


def test_plotly_selection_is_a_widget_value(draw: Any) -> None:
    fig = plotly_figure()
    app, run = draw(lambda jr: jr.plotly_chart(fig, key="pick", on_select="rerun", selection_mode=("box", "points")))
    assert run.status == "complete", run.messages
    (el,) = [e for e in run.of_kind("widget") if e["widget"] == "plotly_chart"]
    assert el["selection_mode"] == ["points", "box"]
    assert el["value"] == {"points": [], "point_indices": [], "box": [], "lasso": []}
    import jr_test_hooks as hooks  # type: ignore[import-not-found]

    assert hooks.out == empty_selection() and hooks.out.selection.points == []
    run = app.send({el["id"]: SEL})
    assert run.status == "complete", run.messages
    assert hooks.out["selection"] == SEL
    assert hooks.out.selection.point_indices == [1]
    assert hooks.out.selection.box[0]["x"] == [1.5, 2.5]
    (el2,) = [e for e in run.of_kind("widget") if e["widget"] == "plotly_chart"]
    assert el2["value"] == SEL and el2["id"] == el["id"]


def test_plotly_selection_callback_runs_first(draw: Any) -> None:
    fig = plotly_figure()
    seen: list[Any] = []

    def body(jr: Any) -> Any:
        return jr.plotly_chart(
            fig, key="k", on_select=lambda: seen.append(jr.session_state["k"].selection.point_indices)
        )

    app, run = draw(body)
    (el,) = run.of_kind("widget")
    app.send({el["id"]: SEL})
    assert seen == [[1]]


@pytest.mark.parametrize(
    "wire",
    [
        "points",
        7,
        [],
        {"points": [], "point_indices": [], "box": []},
        {**SEL, "extra": 1},
        {**SEL, "points": "all"},
        {**SEL, "points": [1, 2]},
        {**SEL, "point_indices": [-1]},
        {**SEL, "point_indices": [1.5]},
        {**SEL, "point_indices": [True]},
        {**SEL, "box": [[0, 1]]},
        {**SEL, "lasso": None},
    ],
)
def test_plotly_selection_refuses_garbage(draw: Any, wire: Any) -> None:
    fig = plotly_figure()
    app, run = draw(lambda jr: jr.plotly_chart(fig, on_select="rerun"))
    (el,) = run.of_kind("widget")
    assert "selection" in app.refused(el["id"], wire)
    # nothing lost: the chart and its (empty) selection are still there on the next run
    run = app.run()
    assert run.status == "complete"
    again = app.widget("Plotly chart")
    assert again["value"] == {"points": [], "point_indices": [], "box": [], "lasso": []}
    import jr_test_hooks as hooks  # type: ignore[import-not-found]

    assert hooks.out == empty_selection()


def test_selection_round_trips() -> None:
    state = deserialize_selection(SEL)
    assert state == {"selection": SEL} and deserialize_selection(None) == empty_selection()


# -- bokeh ----------------------------------------------------------------------------------------


def test_bokeh_chart_sends_standalone_html_with_its_own_bokehjs(draw: Any) -> None:
    import bokeh
    from bokeh.plotting import figure

    p = figure(width=300, height=200)
    p.line([1, 2, 3], [3, 1, 2])
    app, run = draw(lambda jr: jr.bokeh_chart(p))
    assert run.status == "complete", run.messages
    el = only(run, "bokeh_chart")
    assert el["height"] == 216
    html, _ = src_bytes(app, el["src"])
    text = html.decode()
    assert "<html" in text.lower() and "Bokeh.embed" in text
    assert bokeh.__version__ in text  # the BokehJS inlined is the installed package's own


def test_bokeh_chart_use_container_width(draw: Any) -> None:
    """True (default): drawn stretched to the container's width, the app's figure left as it
    was; False: the frame as wide as the figure; a sizing mode of the figure's own wins."""
    from bokeh.plotting import figure

    p = figure(width=300, height=200)
    p.line([1, 2, 3], [3, 1, 2])
    app, run = draw(lambda jr: jr.bokeh_chart(p))
    assert run.status == "complete" and not [m for m in run.messages if m["type"] == "notice"], run.messages
    el = only(run, "bokeh_chart")
    assert "width" not in el and '"sizing_mode":"stretch_width"' in src_bytes(app, el["src"])[0].decode()
    assert p.sizing_mode in (None, "fixed")  # put back after the drawing
    app, run = draw(lambda jr: jr.bokeh_chart(p, use_container_width=False))
    el = only(run, "bokeh_chart")
    assert el["width"] == 316 and '"sizing_mode":"stretch_width"' not in src_bytes(app, el["src"])[0].decode()
    q = figure(width=300, height=200, sizing_mode="scale_width")
    q.line([1, 2], [2, 1])
    app, run = draw(lambda jr: jr.bokeh_chart(q))
    text = src_bytes(app, only(run, "bokeh_chart")["src"])[0].decode()
    assert '"sizing_mode":"scale_width"' in text and '"sizing_mode":"stretch_width"' not in text


# -- Streamlit's newer layout parameters ----------------------------------------------------------


def test_pyplot_takes_width_in_pixels_and_alt(draw: Any) -> None:
    fig = mpl_figure()
    _app, run = draw(lambda jr: jr.pyplot(fig, width=200, alt="a line"))
    assert run.status == "complete", run.messages
    el = only(run, "image")
    assert el["width"] == 200 and el["images"][0]["alt"] == "a line"
    _app, run = draw(lambda jr: jr.pyplot(mpl_figure(), width="content", bbox_inches=None))
    assert only(run, "image")["width"] == 400  # the figure's own width: 4 in at 100 dpi


def test_plotly_chart_takes_width_height_and_alt(draw: Any) -> None:
    go = pytest.importorskip("plotly.graph_objects")
    fig = go.Figure(go.Bar(y=[1, 2]))
    _app, run = draw(lambda jr: jr.plotly_chart(fig, width="content", height=300, alt="two bars"))
    assert run.status == "complete", run.messages
    el = only(run, "plotly_chart")
    assert el["sizing"] == {"width": "content", "height": 300} and el["alt"] == "two bars"
    assert el["use_container_width"] is False
    _app, run = draw(lambda jr: jr.plotly_chart(fig, width=320, alt=7))
    (exc,) = run.of_kind("exception")
    assert "Invalid alt 7" in exc["evalue"]
