"""The ECharts option as the page draws it (labextension/app/echarts_option.ts) under node: the
defaults Streamlit 1.67 adds (accessible name, the "streamlit" theme's margins and legend
placement, big series, a plain cursor on display-only charts, alt) under the app's own settings,
and garbage options passed through without an exception. Skipped without node or node_modules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .node import caller

ST = {"theme": "streamlit"}
BAR = {"xAxis": {"type": "category", "data": ["A", "B"]}, "yAxis": {}, "series": [{"type": "bar", "data": [1, 2]}]}


@pytest.fixture(scope="module")
def prepare(tmp_path_factory: pytest.TempPathFactory) -> Any:
    call = caller(tmp_path_factory.mktemp("echarts"), "echarts_option")
    return lambda *cases: call([("prepare", list(c)) for c in cases])


def test_a_plain_chart_gets_streamlits_margins_a_name_and_a_plain_cursor(prepare: Any) -> None:
    (out,) = prepare((BAR, ST, False))
    assert out["grid"] == {"left": 8, "right": 24, "outerBoundsMode": "same", "top": 16, "bottom": 8}
    assert out["aria"] == {"enabled": True} and out["series"][0]["cursor"] == "default"
    (out,) = prepare((BAR, {"theme": None}, True))  # ECharts' own look; a selectable chart's cursor
    assert "grid" not in out and out["aria"] == {"enabled": True} and "cursor" not in out["series"][0]


def test_legends_titles_and_sliders_leave_room_as_in_streamlit(prepare: Any) -> None:
    legend, titled, slider, own, listed = prepare(
        ({**BAR, "legend": {}}, ST, False),  # ECharts 6's legend sits at the bottom
        ({**BAR, "title": {"text": "T"}, "legend": {"top": 0}}, ST, False),
        ({**BAR, "legend": {}, "dataZoom": [{"type": "slider"}]}, ST, False),
        ({**BAR, "grid": {"left": 50}, "aria": {"enabled": False}}, ST, False),
        ({**BAR, "grid": [{}, {}]}, ST, False),
    )
    assert legend["grid"]["top"] == 16 and "bottom" not in legend["grid"]
    # the title's 14 px text and its gap; the centred legend moved under it, the plot below both
    assert titled["title"]["textStyle"] == {"fontSize": 14, "fontWeight": "normal"} and titled["title"]["padding"] == [
        0,
        0,
        16,
        0,
    ]
    assert titled["legend"]["top"] == 46 and titled["grid"]["top"] == 74
    # a bottom slider: the legend goes to the top, the slider keeps the bottom
    assert slider["legend"]["top"] == 0 and "bottom" not in slider["grid"] and "top" not in slider["grid"]
    assert own["grid"]["left"] == 50 and own["grid"]["right"] == 24 and own["aria"] == {"enabled": False}
    assert listed["grid"] == [{}, {}]


def test_alt_names_the_chart_over_the_apps_own_description(prepare: Any) -> None:
    spec = {**BAR, "aria": {"label": {"description": "mine"}}, "baseOption": {"series": []}}
    (out,) = prepare((spec, {**ST, "description": "Sales by day"}, False))
    assert out["aria"]["label"] == {"description": "Sales by day", "enabled": True} and out["aria"]["enabled"] is True
    assert out["baseOption"]["aria"]["label"]["description"] == "Sales by day"


def test_big_series_are_drawn_fast_unless_the_app_says_or_selects(prepare: Any) -> None:
    many = [[i, i % 7] for i in range(20_001)]
    scatter = {"xAxis": {}, "yAxis": {}, "series": [{"type": "scatter", "data": many}]}
    line = {"xAxis": {"type": "value"}, "yAxis": {}, "series": [{"type": "line", "data": many[:2_001]}]}
    bars = {
        "dataset": {"source": many[:2_001]},
        "xAxis": {"type": "category"},
        "yAxis": {},
        "series": [{"type": "bar"}],
    }
    out = prepare(
        (scatter, ST, False),
        (line, ST, False),
        (bars, ST, False),
        (scatter, ST, True),  # selections on
        ({**scatter, "series": [{"type": "scatter", "data": many, "large": False}]}, ST, False),
        ({**line, "xAxis": {"type": "category"}}, ST, False),
        ({**line, "tooltip": {}}, ST, False),  # an item tooltip keeps the symbols
        ({**scatter, "series": [{"type": "scatter", "data": many[:20_000]}]}, ST, False),
    )
    assert out[0]["series"][0]["large"] is True
    assert out[1]["series"][0]["showSymbol"] is False
    assert out[2]["series"][0]["large"] is True
    assert "large" not in out[3]["series"][0] and out[4]["series"][0]["large"] is False
    assert "showSymbol" not in out[5]["series"][0] and "showSymbol" not in out[6]["series"][0]
    assert "large" not in out[7]["series"][0]


@pytest.mark.parametrize(
    "spec",
    [
        {},
        {"series": None},
        {"series": "bar", "title": 3, "legend": [None, 1], "grid": "x", "xAxis": 1},
        {"tooltip": [{"valueFormatter": "not a format"}, None], "series": [None, {"tooltip": 5}]},
        {
            "media": [None, {"option": None}, {"option": {"series": {"type": "bar"}}}],
            "options": [None, {}],
            "baseOption": [],
        },
        {"dataset": [None], "series": [{"type": "line", "data": None}, {"type": "scatter", "datasetIndex": 9}]},
    ],
)
def test_garbage_options_pass_without_an_exception(prepare: Any, spec: dict[str, Any], tmp_path: Path) -> None:
    (out,) = prepare((spec, ST, False))
    assert isinstance(out, dict) and out["aria"] == {"enabled": True}
    tips = out.get("tooltip")
    if isinstance(tips, list):
        assert "valueFormatter" not in tips[0]  # not a number format: dropped


def test_time_axes_label_midnight_as_a_date_unless_the_app_formats_them(tmp_path: Path) -> None:
    call = caller(tmp_path, "echarts_option")
    midnight, later, utc, junk, axis, own = call(
        [
            ("timeLabel", ["2026-08-18T00:00:00", False]),
            ("timeLabel", ["2026-08-18T13:05:09", False]),
            ("timeLabel", [1787011200000, True]),  # 2026-08-18T00:00:00Z
            ("timeLabel", ["soon", False]),
            ("prepare", [{"xAxis": {"type": "time"}, "yAxis": {}, "series": []}, ST, False]),
            (
                "prepare",
                [
                    {"tooltip": {"axisPointer": {"label": {"formatter": "{value}"}}}, "xAxis": {"type": "time"}},
                    ST,
                    False,
                ],
            ),
        ]
    )
    assert (midnight, later, utc, junk) == ("2026-08-18", "2026-08-18 13:05:09", "2026-08-18", "soon")
    assert axis["xAxis"]["axisPointer"] == {"label": {}}  # a formatter (a function: not JSON)
    assert "axisPointer" not in axis["yAxis"] and "axisPointer" not in own["xAxis"]
