"""Streamlit module paths apps import beside ``st``: ``config`` (get_option/set_option),
``dataframe_util`` (DataFormat, determine_data_format, convert_anything_to_pandas_df) and the run
context's ``current_fragment_id``; garbage input gets Streamlit's errors or UNKNOWN."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from jupyter_reactive import config, dataframe_util
from jupyter_reactive.dataframe_util import DataFormat, determine_data_format
from jupyter_reactive.errors import StreamlitAPIException
from jupyter_reactive.kernel import options


@pytest.fixture(autouse=True)
def _fresh_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(options, "_values", {})


def test_config_module_is_the_options() -> None:
    assert config.get_option("server.maxUploadSize") == 200
    config.set_option("client.showErrorDetails", "type")
    assert config.get_option("client.showErrorDetails") == "type"
    with pytest.raises(RuntimeError, match="not defined"):
        config.get_option("no.suchOption")
    with pytest.raises(StreamlitAPIException):
        config.set_option("client.showErrorDetails", object())
    with pytest.raises(StreamlitAPIException, match="on the fly"):
        config.set_option("theme.primaryColor", "#f00")


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (None, DataFormat.EMPTY),
        ([], DataFormat.LIST_OF_VALUES),
        ((), DataFormat.TUPLE_OF_VALUES),
        ({}, DataFormat.KEY_VALUE_DICT),
        (set(), DataFormat.SET_OF_VALUES),
        ([1, 2], DataFormat.LIST_OF_VALUES),
        ([[1, 2], [3, 4]], DataFormat.LIST_OF_ROWS),
        ([{"a": 1}], DataFormat.LIST_OF_RECORDS),
        ({"a": [1, 2]}, DataFormat.COLUMN_VALUE_MAPPING),
        ({"a": {0: 1}}, DataFormat.COLUMN_INDEX_MAPPING),
        ({"a": pd.Series([1])}, DataFormat.COLUMN_SERIES_MAPPING),
        ({"a": 1}, DataFormat.KEY_VALUE_DICT),
        (np.array([1, 2]), DataFormat.NUMPY_LIST),
        (np.array([[1, 2]]), DataFormat.NUMPY_MATRIX),
        (pd.DataFrame({"a": [1]}), DataFormat.PANDAS_DATAFRAME),
        (pd.Series([1]), DataFormat.PANDAS_SERIES),
        (pd.Index([1]), DataFormat.PANDAS_INDEX),
        (pd.DataFrame({"a": [1]}).style, DataFormat.PANDAS_STYLER),
        (pa.table({"a": [1]}), DataFormat.PYARROW_TABLE),
        (pa.array([1]), DataFormat.PYARROW_ARRAY),
        (object(), DataFormat.UNKNOWN),
        ("garbage", DataFormat.UNKNOWN),
    ],
)
def test_determine_data_format(data: Any, fmt: DataFormat) -> None:
    assert determine_data_format(data) is fmt


def test_convert_anything_to_pandas_df() -> None:
    df = dataframe_util.convert_anything_to_pandas_df({"a": [1, 2]})
    assert list(df.columns) == ["a"] and df["a"].tolist() == [1, 2]
    assert dataframe_util.convert_anything_to_pandas_df(None).empty
    with pytest.raises(TypeError):
        dataframe_util.convert_anything_to_pandas_df(object())


def test_current_fragment_id(make_app: Any) -> None:
    app = make_app(
        """
import jupyter_reactive as jr
from jupyter_reactive.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

jr.text(f"full run: {get_script_run_ctx().current_fragment_id}")

@jr.fragment
def part():
    jr.text(f"in fragment: {get_script_run_ctx().current_fragment_id is not None}")

part()
"""
    )
    run = app.run()
    assert run.status == "complete", run.messages
    assert [el["text"] for el in run.of_kind("text")] == ["full run: None", "in fragment: True"]


def test_submodules_reachable_as_attributes_in_a_fresh_process() -> None:
    import subprocess
    import sys

    code = (
        "import jupyter_reactive as jr\n"
        "from jupyter_reactive import config, dataframe_util\n"
        "print(jr.errors.StreamlitAPIException.__name__, jr.runtime.exists(),"
        " config.get_option('server.maxUploadSize'), dataframe_util.DataFormat.EMPTY.name,"
        " jr.config.get_option('server.maxUploadSize'), jr.dataframe_util is dataframe_util,"
        " hasattr(jr, 'no_such_name'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.split() == ["StreamlitAPIException", "False", "200", "EMPTY", "200", "True", "False"]
