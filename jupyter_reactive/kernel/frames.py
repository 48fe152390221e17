"""Tabular data for the page: any supported input as a pandas DataFrame, its column schema, and
pages of rows (sorted on the whole frame) encoded as JSON columns.

Threads: :func:`to_frame` and :class:`FrameSource` construction run on the script thread;
:meth:`FrameSource.page` runs on the kernel's subshell thread (a ``data_request`` from the page,
answered while the script runs). :class:`FrameRegistry` guards its table with a lock; a
FrameSource is read-only once built but for its permutation cache (its own lock).

Why JSON columns rather than Arrow IPC: a page is at most a few hundred rows, the page would
need an Arrow reader (~100 kB) in its grid chunk, and most cells end up as display strings
anyway (dates, categories, objects). Numbers stay numbers so the page can apply a column's
printf format; everything else is formatted here, once.

Optional libraries (polars, pyarrow, the Styler) are recognised by the module of the object's
type and never imported just to test.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

#: largest page a ``data_request`` may ask for (rows)
MAX_PAGE = 1000
#: rows the element itself carries, so a small frame paints with no round trip
FIRST_PAGE = 100
#: rows it carries with ``dataframe(lazy=False)`` (all of them, up to this; the rest are paged)
EAGER_ROWS = 100_000


def _module(obj: Any) -> str:
    return type(obj).__module__ or ""


def to_frame(data: Any) -> tuple[pd.DataFrame, Any]:
    """``data`` as a DataFrame, plus the pandas Styler it came from (or None).

    Accepts pandas DataFrame/Series/Styler/Index, NumPy arrays (1-D, 2-D), lists of dicts, of
    lists or of scalars, dicts of lists or of scalars, polars DataFrame/Series, pyarrow
    Table/RecordBatch/Array, and anything with ``__dataframe__`` (the interchange protocol).

    Raises:
        TypeError: anything else.
    """
    styler = None
    mod = _module(data)
    if data is None:
        return pd.DataFrame(), None
    if mod.startswith("pandas.io.formats.style"):
        styler, data = data, data.data
    if isinstance(data, pd.DataFrame):
        return data, styler
    if isinstance(data, pd.Series):
        return data.to_frame(name=data.name if data.name is not None else "value"), None
    if isinstance(data, pd.Index):
        return data.to_frame(index=False), None
    if mod.startswith("polars"):
        if hasattr(data, "to_frame") and not hasattr(data, "columns"):  # a Series
            data = data.to_frame()
        return data.to_pandas(), None
    if mod.startswith("pyarrow"):
        if hasattr(data, "to_pandas"):
            out = data.to_pandas()
            return (out.to_frame() if isinstance(out, pd.Series) else out), None
    if isinstance(data, np.ndarray):
        if data.ndim == 0:
            return pd.DataFrame({"value": [data.item()]}), None
        if data.ndim > 2:
            raise TypeError("a NumPy array for a table must have 1 or 2 dimensions")
        return pd.DataFrame(data), None
    if isinstance(data, Mapping):
        values = list(data.values())
        if values and all(np.isscalar(v) or v is None for v in values):
            # a dict of scalars: one row per key, as Streamlit shows it
            return pd.DataFrame({"value": values}, index=[str(k) for k in data]), None
        return pd.DataFrame(dict(data)), None
    if isinstance(data, (list, tuple)):
        return pd.DataFrame(list(data)), None
    if hasattr(data, "__dataframe__"):
        return _from_interchange(data), None
    if isinstance(data, (set, frozenset)) or (hasattr(data, "__iter__") and not isinstance(data, (str, bytes))):
        return pd.DataFrame(list(data)), None
    raise TypeError(f"cannot show a {type(data).__name__} as a table")


def _from_interchange(data: Any) -> pd.DataFrame:
    """An object of the dataframe interchange protocol, through pyarrow when it is installed
    (pandas deprecates its own reader), else pandas'."""
    try:
        from pyarrow.interchange import from_dataframe
    except ImportError:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pd.api.interchange.from_dataframe(data)
    return from_dataframe(data).to_pandas()


def _label(name: Any) -> str:
    if isinstance(name, tuple):
        return " / ".join(str(p) for p in name)
    return "" if name is None else str(name)


def column_kind(series: pd.Series) -> str:
    """How the page shows a column: "int", "float", "bool", "datetime", "str" or "object"."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return "str"
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype) or isinstance(dtype, pd.PeriodDtype):
        return "datetime"
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return "str"
    return "object"


def _cell(value: Any) -> Any:
    """One cell as JSON: numbers and bools as is (NaN: null), lists of numbers as lists (for
    sparkline columns), everything else as its display string."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if math.isnan(f):
            return None
        return f if math.isfinite(f) else ("∞" if f > 0 else "-∞")
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_cell(v) for v in list(value)[:500]]
    if isinstance(value, pd.Timestamp):
        return str(value)
    return str(value)


def encode_column(series: pd.Series) -> list[Any]:
    """The cells of one (sliced) column as JSON values."""
    kind = column_kind(series)
    if kind in ("int", "float") and not isinstance(series.dtype, pd.CategoricalDtype):
        arr = series.to_numpy(dtype="float64", na_value=np.nan) if kind == "float" else None
        if arr is not None:
            return [
                None if math.isnan(x) else (x if math.isfinite(x) else ("∞" if x > 0 else "-∞")) for x in arr.tolist()
            ]
        try:
            return [int(x) for x in series.to_numpy(dtype="int64").tolist()]
        except (TypeError, ValueError):  # nullable ints with NA
            return [_cell(x) for x in series.tolist()]
    return [_cell(x) for x in series.tolist()]


def json_text(value: Any) -> str | None:
    """One cell of a JSON column as compact JSON text: dicts, lists, numbers, bools and NumPy /
    pandas values as JSON; a string that is JSON is re-written compactly, any other string is
    shown as the JSON string it is. None / NaN: None (an empty cell)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            return json.dumps(value, ensure_ascii=False)

    def default(obj: Any) -> Any:
        if isinstance(obj, np.ndarray):
            return obj.tolist()
        item = getattr(obj, "item", None)
        if callable(item):
            return item()
        if isinstance(obj, (set, frozenset, tuple)):
            return list(obj)
        return str(obj)

    try:
        return json.dumps(value, default=default, ensure_ascii=False, separators=(",", ":"), allow_nan=False)[:20_000]
    except (ValueError, TypeError, RecursionError):
        try:
            return str(value)[:20_000]
        except RecursionError:
            return "(too deeply nested to show)"


def json_column(series: pd.Series) -> list[Any]:
    return [json_text(x) for x in series.tolist()]


def markdown_column(series: pd.Series) -> list[str | None]:
    """A markdown column's cells rendered (raw HTML escaped, as ``markdown`` renders it)."""
    from .display import markdown_html

    out: list[str | None] = []
    for x in series.tolist():
        if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
            out.append(None)
        else:
            out.append(markdown_html(str(x)[:20_000]))
    return out


def fingerprint(df: pd.DataFrame) -> str:
    """A hash of the frame's content (index, columns, cells): the element changes, and the page
    drops the rows it fetched, exactly when the data changes."""
    h = hashlib.sha1()
    h.update(
        repr([(_label(c), str(df[c].dtype) if not df.columns.duplicated().any() else "") for c in df.columns]).encode()
    )
    h.update(repr(df.shape).encode())
    try:
        h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    except Exception:  # unhashable cells (lists, dicts): fall back to their text
        h.update(df.to_csv().encode("utf-8", "replace"))
    return h.hexdigest()[:20]


class FrameSource:
    """One dataframe element's rows: what a ``data_request`` pages through.

    ``frame`` has positional columns (the shown ones, in shown order); ``index`` is the index
    column (None when hidden). Sorting is by shown-column position (-1: the index)."""

    def __init__(self, data_id: str, frame: pd.DataFrame, index: pd.Series | None):
        self.id = data_id
        self.frame = frame
        self.index = index
        self.rows = len(frame)
        self._lock = threading.Lock()
        self._perms: dict[tuple[tuple[int, bool], ...], np.ndarray] = {}
        #: a pandas Styler's colours and formatted text, by (row position, shown column)
        self.styles: StyledCells | None = None
        #: shown columns whose cells are sent otherwise: "json" (as compact JSON text) or
        #: "markdown" (the text, and its rendering in the page's ``html``)
        self.cell_kinds: dict[int, str] = {}

    def _key(self, col: int) -> pd.Series:
        if col == -1:
            if self.index is None:
                raise ValueError("the index is hidden")
            return self.index.reset_index(drop=True)
        if not 0 <= col < self.frame.shape[1]:
            raise ValueError("no such column")
        return self.frame.iloc[:, col].reset_index(drop=True)

    def permutation(self, sort: Sequence[tuple[int, bool]]) -> np.ndarray | None:
        """Row positions in sorted order (None: unsorted), cached per sort key. Missing values
        go last whatever the direction; equal keys keep their order (stable)."""
        key = tuple((int(c), bool(a)) for c, a in sort)
        if not key:
            return None
        with self._lock:
            perm = self._perms.get(key)
        if perm is not None:
            return perm
        keys = pd.DataFrame({f"k{i}": self._key(c) for i, (c, _a) in enumerate(key)})
        by = list(keys.columns)
        asc = [a for _c, a in key]
        try:
            order = keys.sort_values(by=by, ascending=asc, kind="stable", na_position="last")
        except TypeError:  # mixed objects: compare their text
            order = keys.astype(str).sort_values(by=by, ascending=asc, kind="stable", na_position="last")
        perm = order.index.to_numpy()
        with self._lock:
            if len(self._perms) > 8:
                self._perms.clear()
            self._perms[key] = perm
        return perm

    def page(
        self, start: int, stop: int, sort: Sequence[tuple[int, bool]] = (), most: int = MAX_PAGE
    ) -> dict[str, Any]:
        """Rows ``start..stop`` (of the sorted order), ``most`` at most: ``{"pos": original
        positions, "index": index cells or None, "cols": [cells of each shown column]}``."""
        start = max(0, min(start, self.rows))
        stop = max(start, min(stop, self.rows, start + most))
        perm = self.permutation(sort)
        pos = np.arange(start, stop) if perm is None else perm[start:stop]
        part = self.frame.iloc[pos]
        positions = [int(p) for p in pos.tolist()]
        out: dict[str, Any] = {
            "start": start,
            "pos": positions,
            "index": None if self.index is None else encode_column(self.index.iloc[pos]),
            "cols": [
                json_column(part.iloc[:, i]) if self.cell_kinds.get(i) == "json" else encode_column(part.iloc[:, i])
                for i in range(part.shape[1])
            ],
        }
        if "markdown" in self.cell_kinds.values():
            out["html"] = [
                markdown_column(part.iloc[:, i]) if self.cell_kinds.get(i) == "markdown" else None
                for i in range(part.shape[1])
            ]
        if self.styles is not None:
            out.update(self.styles.page(positions, part.shape[1]))
        return out


#: largest Styler (cells) whose styles are computed (pandas' own limit for rendering one)
MAX_STYLED = 262_144
_SAFE_COLOUR = re.compile(r"^[#\w(),.%\s-]{1,64}$")


class StyledCells:
    """What a pandas Styler puts on a frame's cells: background and text colours (from its
    computed CSS) and the text of cells it formats (``Styler.format``), by (row position, shown
    column). Computed once on the script thread; read by pages on the subshell."""

    def __init__(self, styler: Any, positions: Sequence[int]):
        data = styler.data
        col_of = {p: i for i, p in enumerate(positions)}
        self.bg: dict[tuple[int, int], str] = {}
        self.fg: dict[tuple[int, int], str] = {}
        self.text: dict[tuple[int, int], str] = {}
        styler._compute()
        for (r, c), props in styler.ctx.items():
            i = col_of.get(c)
            if i is None:
                continue
            for prop, value in props:
                value = str(value).strip()
                if not _SAFE_COLOUR.match(value):
                    continue  # only plain colour values reach the page's style properties
                if prop in ("background-color", "background"):
                    self.bg[(r, i)] = value
                elif prop == "color":
                    self.fg[(r, i)] = value
        precision = pd.get_option("styler.format.precision")
        for (r, c), func in list(styler._display_funcs.items()):  # only cells given a format
            i = col_of.get(c)
            if i is None or r >= len(data):
                continue
            value = data.iat[r, c]
            try:
                text = str(func(value))
            except Exception:
                continue
            # ``format`` gives the columns it was not asked about pandas' default display: the
            # grid's own is kept for those
            plain = f"{value:.{precision}f}" if isinstance(value, (float, np.floating)) else str(value)
            if text != plain:
                self.text[(r, i)] = text

    def page(self, pos: Sequence[int], ncols: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, table in (("bg", self.bg), ("fg", self.fg), ("text", self.text)):
            if not table:
                continue
            cols: list[list[str | None] | None] = []
            for i in range(ncols):
                cells = [table.get((p, i)) for p in pos]
                cols.append(cells if any(c is not None for c in cells) else None)
            if any(c is not None for c in cols):
                out[name] = cols
        return out


def styled_cells(styler: Any, positions: Sequence[int]) -> StyledCells | None:
    """A Styler's cells, or None when it styles nothing or is too large to compute."""
    if styler is None or styler.data.size > MAX_STYLED:
        return None
    try:
        cells = StyledCells(styler, positions)
    except Exception:  # a user's style function that fails: the data is still shown
        return None
    return cells if (cells.bg or cells.fg or cells.text) else None
