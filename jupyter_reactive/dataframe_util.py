"""``jupyter_reactive.dataframe_util``: Streamlit's ``streamlit.dataframe_util`` helpers that apps
and test scripts import: :class:`DataFormat`, :func:`determine_data_format` (what kind of data an
object is) and :func:`convert_anything_to_pandas_df` (the conversion the data elements use)."""

from __future__ import annotations

import enum
from typing import Any

import pandas as pd

from .kernel.frames import to_frame

__all__ = ["DataFormat", "convert_anything_to_pandas_df", "determine_data_format"]


class DataFormat(enum.Enum):
    """The shapes of data the data elements take (Streamlit's member names)."""

    UNKNOWN = enum.auto()
    EMPTY = enum.auto()  # None
    COLUMN_INDEX_MAPPING = enum.auto()  # {column: {index: value}}
    COLUMN_SERIES_MAPPING = enum.auto()  # {column: Series}
    COLUMN_VALUE_MAPPING = enum.auto()  # {column: [values]}
    DASK_OBJECT = enum.auto()
    DBAPI_CURSOR = enum.auto()
    DUCKDB_RELATION = enum.auto()
    KEY_VALUE_DICT = enum.auto()  # {index: value}
    LIST_OF_RECORDS = enum.auto()  # [{column: value}]
    LIST_OF_ROWS = enum.auto()  # [[value, ...]]
    LIST_OF_VALUES = enum.auto()  # [value]
    MODIN_OBJECT = enum.auto()
    NUMPY_LIST = enum.auto()  # 1-D array
    NUMPY_MATRIX = enum.auto()  # 2-D array
    PANDAS_ARRAY = enum.auto()
    PANDAS_DATAFRAME = enum.auto()
    PANDAS_INDEX = enum.auto()
    PANDAS_SERIES = enum.auto()
    PANDAS_STYLER = enum.auto()
    POLARS_DATAFRAME = enum.auto()
    POLARS_LAZYFRAME = enum.auto()
    POLARS_SERIES = enum.auto()
    PYARROW_ARRAY = enum.auto()
    PYARROW_TABLE = enum.auto()
    PYSPARK_OBJECT = enum.auto()
    RAY_DATASET = enum.auto()
    SET_OF_VALUES = enum.auto()
    SNOWPANDAS_OBJECT = enum.auto()
    SNOWPARK_OBJECT = enum.auto()
    TUPLE_OF_VALUES = enum.auto()
    XARRAY_DATASET = enum.auto()
    XARRAY_DATA_ARRAY = enum.auto()


_BY_TYPE = (  # (module prefix, class name) -> format, for libraries imported only if used
    ("pandas.io.formats.style", "Styler", DataFormat.PANDAS_STYLER),
    ("polars", "DataFrame", DataFormat.POLARS_DATAFRAME),
    ("polars", "LazyFrame", DataFormat.POLARS_LAZYFRAME),
    ("polars", "Series", DataFormat.POLARS_SERIES),
    ("pyarrow", "Table", DataFormat.PYARROW_TABLE),
    ("pyarrow", "ChunkedArray", DataFormat.PYARROW_ARRAY),
    ("xarray", "Dataset", DataFormat.XARRAY_DATASET),
    ("xarray", "DataArray", DataFormat.XARRAY_DATA_ARRAY),
)


def determine_data_format(obj: Any) -> DataFormat:
    """What kind of data ``obj`` is; :attr:`DataFormat.UNKNOWN` for anything else (never raises).

    Args:
        obj: any object.
    """
    if obj is None:
        return DataFormat.EMPTY
    cls = type(obj)
    module = cls.__module__ or ""
    for prefix, name, fmt in _BY_TYPE:
        if module.startswith(prefix) and cls.__name__ == name:
            return fmt
    if module.startswith("pyarrow") and cls.__name__.endswith("Array"):
        return DataFormat.PYARROW_ARRAY
    if isinstance(obj, pd.DataFrame):
        return DataFormat.PANDAS_DATAFRAME
    if isinstance(obj, pd.Series):
        return DataFormat.PANDAS_SERIES
    if isinstance(obj, pd.Index):
        return DataFormat.PANDAS_INDEX
    if isinstance(obj, pd.api.extensions.ExtensionArray):
        return DataFormat.PANDAS_ARRAY
    if module == "numpy" and cls.__name__ == "ndarray":
        return DataFormat.NUMPY_LIST if obj.ndim <= 1 else DataFormat.NUMPY_MATRIX
    if isinstance(obj, set):
        return DataFormat.SET_OF_VALUES
    if isinstance(obj, tuple):
        return DataFormat.TUPLE_OF_VALUES
    if isinstance(obj, list):
        if not obj:
            return DataFormat.LIST_OF_VALUES
        first = obj[0]
        if isinstance(first, dict):
            return DataFormat.LIST_OF_RECORDS
        if isinstance(first, (list, tuple, set)):
            return DataFormat.LIST_OF_ROWS
        return DataFormat.LIST_OF_VALUES
    if isinstance(obj, dict):
        if not obj:
            return DataFormat.KEY_VALUE_DICT
        first = next(iter(obj.values()))
        if isinstance(first, dict):
            return DataFormat.COLUMN_INDEX_MAPPING
        if isinstance(first, pd.Series):
            return DataFormat.COLUMN_SERIES_MAPPING
        if isinstance(first, (list, tuple)) or type(first).__name__ == "ndarray":
            return DataFormat.COLUMN_VALUE_MAPPING
        return DataFormat.KEY_VALUE_DICT
    return DataFormat.UNKNOWN


def convert_anything_to_pandas_df(data: Any) -> pd.DataFrame:
    """``data`` as a pandas DataFrame, as the data elements see it (a Styler gives its data).

    Args:
        data: anything ``jr.dataframe`` takes.

    Raises:
        TypeError: data no element takes.
    """
    return to_frame(data)[0]
