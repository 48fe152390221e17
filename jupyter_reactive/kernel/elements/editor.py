"""``data_editor``: a dataframe grid whose cells the viewer edits (script thread; the value's
validator also runs on the subshell thread, via :meth:`..state.SessionState.validate`).

The element is a ``dataframe`` element with an ``editor`` part: the rows stay in the kernel and
are paged exactly as a read-only grid's (``data_request``), and the page draws the viewer's edits
over the rows it fetched. The widget's value is Streamlit's editing state,
``{"edited_rows": {row: {column: value}}, "added_rows": [{column: value}], "deleted_rows":
[row]}`` (rows are positions in the data as given, columns their names, ``"_index"`` the index),
sent by the page as one JSON string. Every cell value in it is checked here against its column's
editor (type, range, options, length, pattern, required) before a run sees it; the script gets
the data with the edits applied, in the type it passed in.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from ..delta import BaseContainer
from ..params import warn
from ..state import WidgetDef, WidgetValueError
from .data import AttrDict, GridParts, _dataframe_el, _size, register_buttons
from .widget_base import Callback, widget_id

NumRows = Literal["fixed", "dynamic", "add", "delete"]

#: the edit-state column of the index
INDEX = "_index"
#: most rows the viewer may add (each is a dict in the widget value)
MAX_ADDED = 10_000
#: editors a column can have; anything else (images, charts, JSON, media, buttons) is read-only
_EDITORS = ("number", "text", "checkbox", "selectbox", "date", "datetime", "time", "link", "markdown", "multiselect")
#: column types edited with another type's editor
_EDITOR_OF_TYPE = {"list": "multiselect"}
#: most items in one list cell (list / multiselect columns)
MAX_ITEMS = 1000


def editing_state(edited: Mapping[int, Any] | None = None, added: Any = (), deleted: Any = ()) -> AttrDict:
    """The value of a data editor, as Streamlit shapes it (attribute access too)."""
    return AttrDict(
        edited_rows={int(k): dict(v) for k, v in (edited or {}).items()},
        added_rows=[dict(r) for r in added],
        deleted_rows=list(deleted),
    )


class EditColumn:
    """What one column accepts from the viewer (``editor`` None: read-only)."""

    def __init__(self, key: str, editor: str | None, conf: Mapping[str, Any], kind: str, options: list[Any] | None):
        self.key = key
        self.editor = editor
        self.kind = kind
        self.required = bool(conf.get("required"))
        self.integer = kind == "int" and editor == "number"
        self.options = options
        step = conf.get("step")
        self.step = step if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0 else None
        self.min: Any = conf.get("min_value")
        self.max: Any = conf.get("max_value")
        mc = conf.get("max_chars")
        self.max_chars = mc if isinstance(mc, int) and not isinstance(mc, bool) and mc > 0 else None
        pattern = conf.get("validate")
        self.pattern: re.Pattern[str] | None = None
        self.validate = None
        if isinstance(pattern, str) and pattern:
            try:
                self.pattern = re.compile(pattern)
                self.validate = pattern
            except re.error as err:
                raise ValueError(f"column {key!r}: validate={pattern!r} is not a regular expression ({err})") from None
        self.default = conf.get("default")
        #: multiselect: items outside ``options`` may be typed in (always for a list column)
        self.accept_new = editor == "multiselect" and (
            conf.get("type") == "list" or bool(conf.get("accept_new_options")) or options is None
        )
        labels = conf.get("option_labels")
        self.labels = [str(x) for x in labels] if editor in ("selectbox", "multiselect") and labels else None
        #: the time zone of a tz-aware datetime column: edits are wall times there
        self.tz: Any = None

    def wire(self) -> dict[str, Any]:
        """The page's copy (``GridEditColumn`` in schema.py)."""
        out: dict[str, Any] = {"key": self.key}
        if self.editor is None:
            return out
        out["editor"] = self.editor
        if self.required:
            out["required"] = True
        if self.integer:
            out["integer"] = True
        for name, value in (("min", self.min), ("max", self.max)):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                out[name] = float(value)
            elif isinstance(value, (dt.date, dt.time)):
                out[name] = value.isoformat()
        if self.step is not None:
            out["step"] = float(self.step)
        if self.max_chars is not None:
            out["max_chars"] = self.max_chars
        if self.validate is not None:
            out["validate"] = self.validate
        if self.options is not None:
            out["options"] = [_json_cell(o) for o in self.options]
        if self.labels is not None and self.options is not None and len(self.labels) == len(self.options):
            out["labels"] = self.labels
        if self.accept_new:
            out["accept_new"] = True
        if isinstance(self.default, (list, tuple)):
            out["default"] = [_json_cell(x) for x in self.default]
        elif self.default is not None:
            out["default"] = _json_cell(self.default)
        return out

    def check(self, value: Any) -> Any:
        """A cell value from the page, checked; returns it as it stays in the editing state
        (JSON: numbers, strings, bools, None). Raises WidgetValueError."""
        what = f"column {self.key!r}"
        if self.editor is None:
            raise WidgetValueError(f"{what} cannot be edited")
        if value is None:
            if self.required:
                raise WidgetValueError(f"{what} requires a value")
            return None
        ed = self.editor
        if ed == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise WidgetValueError(f"{what} takes numbers")
            if not math.isfinite(value):
                raise WidgetValueError(f"{what} takes finite numbers")
            if self.integer and not float(value).is_integer():
                raise WidgetValueError(f"{what} takes whole numbers")
            lo, hi = self.min, self.max
            if (_num(lo) and value < lo) or (_num(hi) and value > hi):
                raise WidgetValueError(f"{what}: {value} is out of range [{lo}, {hi}]")
            return int(value) if self.integer else value
        if ed == "checkbox":
            if not isinstance(value, bool):
                raise WidgetValueError(f"{what} takes true or false")
            return value
        if ed == "selectbox":
            for option in self.options or []:
                if _json_cell(option) == value and type(_json_cell(option)) is type(value):
                    return value
            raise WidgetValueError(f"{what}: not one of the options")
        if ed == "multiselect":
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise WidgetValueError(f"{what} takes a list of strings")
            if len(value) > MAX_ITEMS or any(len(x) > 10_000 for x in value):
                raise WidgetValueError(f"{what}: at most {MAX_ITEMS} items of up to 10,000 characters")
            if not self.accept_new:
                allowed = {str(_json_cell(o)) for o in self.options or []}  # the page sends text
                for x in value:
                    if x not in allowed:
                        raise WidgetValueError(f"{what}: {x[:40]!r} is not one of the options")
            return list(value)
        if ed in ("text", "link", "markdown"):
            if not isinstance(value, str):
                raise WidgetValueError(f"{what} takes text")
            if self.max_chars is not None and len(value) > self.max_chars:
                raise WidgetValueError(f"{what}: longer than {self.max_chars} characters")
            if self.pattern is not None and not self.pattern.search(value):
                raise WidgetValueError(f"{what}: the text does not match the column's pattern")
            return value
        if not isinstance(value, str) or len(value) > 64:
            raise WidgetValueError(f"{what} takes an ISO {ed} string")
        parsed = parse_when(ed, value)
        if parsed is None:
            raise WidgetValueError(f"{what}: {value!r} is not an ISO {ed}")
        for bound, bad in ((self.min, "before"), (self.max, "after")):
            limit = _when_bound(ed, bound)
            if limit is not None and (parsed < limit if bad == "before" else parsed > limit):
                raise WidgetValueError(f"{what}: {value} is {bad} {bound}")
        return value


def _num(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def parse_when(editor: str, text: str) -> Any:
    """An ISO date / datetime / time string as a ``date``, naive ``datetime`` or ``time``; None
    when it is not one."""
    try:
        if editor == "date":
            return dt.date.fromisoformat(text[:10])
        if editor == "time":
            return dt.time.fromisoformat(text)
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return when.replace(tzinfo=None)
    except ValueError:
        return None


def _when_bound(editor: str, bound: Any) -> Any:
    if bound is None:
        return None
    if editor == "date" and isinstance(bound, dt.datetime):
        return bound.date()
    if editor == "date" and isinstance(bound, dt.date):
        return bound
    if editor == "datetime" and isinstance(bound, dt.datetime):
        return bound.replace(tzinfo=None)
    if editor == "datetime" and isinstance(bound, dt.date):
        return dt.datetime(bound.year, bound.month, bound.day)
    if editor == "time" and isinstance(bound, dt.time):
        return bound.replace(tzinfo=None)
    if isinstance(bound, str):
        return parse_when(editor, bound)
    return None


def _json_cell(value: Any) -> Any:
    """An option or default as JSON (``column_config.option_json``)."""
    from ..column_config import option_json

    return option_json(value)


def _editor_of(series: Any, kind: str, conf: Mapping[str, Any]) -> tuple[str | None, list[Any] | None]:
    """The editor a column gets: its column_config type, else one from its data."""
    import pandas as pd

    ctype = conf.get("type")
    options = conf.get("options")
    if ctype is not None:
        ctype = _EDITOR_OF_TYPE.get(ctype, ctype)
        if ctype == "multiselect":
            return "multiselect", (None if options is None else list(options))
        if ctype not in _EDITORS:
            return None, None
        if ctype == "selectbox" and options is None and isinstance(series.dtype, pd.CategoricalDtype):
            options = list(series.dtype.categories)
        return str(ctype), (list(options or []) if ctype == "selectbox" else None)
    if isinstance(series.dtype, pd.CategoricalDtype):
        return "selectbox", list(series.dtype.categories)
    if kind in ("int", "float"):
        return "number", None
    if kind == "bool":
        return "checkbox", None
    if kind == "datetime":
        return (None, None) if isinstance(series.dtype, pd.PeriodDtype) else ("datetime", None)
    if kind == "str":
        return "text", None
    inferred = pd.api.types.infer_dtype(series, skipna=True)
    if inferred == "mixed" and _lists_of_text(series):
        return "multiselect", None  # lists of strings: a list column, as Streamlit's default
    return {
        "string": "text",
        "empty": "text",
        "date": "date",
        "time": "time",
        "datetime": "datetime",
        "boolean": "checkbox",
        "integer": "number",
        "floating": "number",
        "mixed-integer-float": "number",
    }.get(inferred), None


def _rendered_markdown(state: Any, keys: list[str]) -> dict[str, str]:
    """The edited cells of markdown columns rendered (text -> HTML), so the page shows an edit
    as the kernel shows the data's own cells."""
    if not keys:
        return {}
    from ..display import markdown_html

    texts = [
        v
        for row in [*(state.get("edited_rows") or {}).values(), *(state.get("added_rows") or [])]
        for k, v in row.items()
        if k in keys and isinstance(v, str)
    ]
    return {t: markdown_html(t) for t in texts[:1000]}


def _lists_of_text(series: Any) -> bool:
    """Whether a column's (first hundred) cells are lists, tuples or arrays of strings."""
    import numpy as np

    seen = 0
    for x in series.head(100).tolist():
        if x is None or (isinstance(x, float) and x != x):
            continue
        if not isinstance(x, (list, tuple, np.ndarray)) or not all(isinstance(v, str) for v in list(x)):
            return False
        seen += 1
    return seen > 0


# -- applying an editing state to the data ---------------------------------------------------


def _cell_value(col: EditColumn, value: Any) -> Any:
    """A checked JSON cell as the Python value put into the frame."""
    if value is None:
        return None
    if col.editor in ("date", "datetime", "time"):
        import pandas as pd

        parsed = parse_when(col.editor, value)
        if col.editor != "datetime":
            return parsed
        stamp = pd.Timestamp(parsed)
        return stamp.tz_localize(col.tz) if col.tz is not None else stamp
    if col.editor == "number" and col.kind == "float":
        return float(value)
    if col.editor == "selectbox" and col.options is not None:
        for option in col.options:
            if _json_cell(option) == value:
                return option
    return value


def apply_edits(df: Any, state: Mapping[str, Any], columns: Mapping[str, EditColumn]) -> Any:
    """``df`` (a copy the caller owns) with the edits, deletions and additions applied, as
    Streamlit applies them: cells first, then deletions, then added rows at the end (a range or
    integer index continues; any other index takes the row's ``"_index"`` value)."""
    import warnings

    import pandas as pd

    from .. import frames

    names = [frames._label(c) for c in df.columns]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        for row, changes in (state.get("edited_rows") or {}).items():
            for key, value in changes.items():
                col = columns.get(key)
                if col is None or key == INDEX or key not in names:
                    continue
                j = names.index(key)
                try:
                    df.iat[int(row), j] = _cell_value(col, value)
                except (TypeError, ValueError, OverflowError):
                    df[df.columns[j]] = df.iloc[:, j].astype(object)
                    df.iat[int(row), j] = _cell_value(col, value)
        deleted = sorted(set(state.get("deleted_rows") or []))
        if deleted:
            keep = [i for i in range(len(df)) if i not in set(deleted)]
            df = df.iloc[keep]
        added = state.get("added_rows") or []
        if added:
            index = df.index
            if isinstance(index, pd.RangeIndex):
                nxt: Any = index.stop if len(index) else index.start
                step: Any = index.step
            elif pd.api.types.is_integer_dtype(index.dtype):
                nxt, step = (int(index.max()) + 1 if len(index) else 0), 1
            else:
                nxt = step = None
            rows = []
            labels = []
            for new in added:
                values = [None] * df.shape[1]
                for key, value in new.items():
                    col = columns.get(key)
                    if col is not None and key in names:
                        values[names.index(key)] = _cell_value(col, value)
                if nxt is not None:
                    label, nxt = nxt, nxt + step
                else:
                    label = _cell_value(columns[INDEX], new.get(INDEX)) if INDEX in columns else None
                    if label is None or label in index or label in labels:
                        continue  # an index that cannot grow by itself needs a new, unique label
                labels.append(label)
                rows.append(values)
            if rows:
                extra = pd.DataFrame(rows, columns=df.columns, index=pd.Index(labels, name=index.name))
                for j in range(df.shape[1]):
                    extra.isetitem(j, _like(extra.iloc[:, j], df.dtypes.iloc[j]))
                df = pd.concat([df, extra]) if len(df) else extra
                if isinstance(index, pd.RangeIndex) and list(df.index) == list(range(len(df))):
                    df.index = pd.RangeIndex(len(df), name=index.name)
    return df


def _like(series: Any, dtype: Any) -> Any:
    """The added rows' cells of one column in the column's dtype where that loses nothing, as
    pandas would grow the column: whole numbers with a missing cell become floats."""
    import pandas as pd

    missing = bool(series.isna().any())
    try:
        if missing and pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_extension_array_dtype(dtype):
            return series.astype("float64")
        if missing and pd.api.types.is_bool_dtype(dtype) and not pd.api.types.is_extension_array_dtype(dtype):
            return series.astype(object)
        return series.astype(dtype)
    except (TypeError, ValueError):
        return series


def _unify_missing(df: Any) -> Any:
    """NaN / NA / NaT as None, for the plain-Python return types."""
    out = df.astype(object)
    return out.where(out.notna(), None)


def data_format(data: Any) -> str:
    """The shape ``data_editor`` returns its data in (the type the script passed)."""
    import numpy as np

    mod = type(data).__module__ or ""
    if data is None:
        return "pandas"
    if mod.startswith("pandas.io.formats.style"):
        return "pandas"
    if mod.startswith("pandas"):
        name = type(data).__name__
        return "series" if name == "Series" else "pandas"
    if mod.startswith("polars"):
        return "polars_series" if not hasattr(data, "columns") else "polars"
    if mod.startswith("pyarrow"):
        name = type(data).__name__
        return {"Table": "arrow_table", "RecordBatch": "arrow_batch"}.get(name, "arrow_array")
    if isinstance(data, np.ndarray):
        return "numpy1" if data.ndim == 1 else "numpy2"
    if isinstance(data, Mapping):
        values = list(data.values())
        if values and all(np.isscalar(v) or v is None for v in values):
            return "key_value"
        if values and all(isinstance(v, Mapping) for v in values):
            return "dict_of_dicts"
        if values and all(
            type(v).__name__ == "Series" and (type(v).__module__ or "").startswith("pandas") for v in values
        ):
            return "dict_of_series"
        return "dict_of_lists"
    if isinstance(data, (list, tuple, set, frozenset)):
        items = list(data)
        if items and all(isinstance(x, Mapping) for x in items):
            return "records"
        if items and all(isinstance(x, (list, tuple)) for x in items):
            return "rows"
        return {"tuple": "tuple", "set": "set", "frozenset": "set"}.get(type(data).__name__, "list")
    return "pandas"


def convert_back(df: Any, fmt: str, original: Any) -> Any:
    """The edited frame in the shape the script passed in (Streamlit's conversions)."""
    import pandas as pd

    if fmt == "pandas":
        return df
    if fmt == "series":
        out = df.iloc[:, 0]
        return out.rename(original.name)
    if fmt in ("polars", "polars_series"):
        import polars as pl

        plain = df.reset_index(drop=True)
        return pl.from_pandas(plain.iloc[:, 0] if fmt == "polars_series" else plain)
    if fmt.startswith("arrow"):
        import pyarrow as pa

        plain = df.reset_index(drop=True)
        if fmt == "arrow_table":
            return pa.Table.from_pandas(plain, preserve_index=False)
        if fmt == "arrow_batch":
            return pa.RecordBatch.from_pandas(plain, preserve_index=False)
        return pa.Array.from_pandas(plain.iloc[:, 0])
    if fmt == "numpy1":
        return df.iloc[:, 0].to_numpy()
    if fmt == "numpy2":
        return df.to_numpy()
    if fmt == "dict_of_series":
        return df.to_dict(orient="series")
    plain = _unify_missing(df)
    if fmt == "dict_of_dicts":
        return plain.to_dict(orient="dict")
    if fmt == "records":
        return plain.to_dict(orient="records")
    if fmt == "rows":
        return plain.to_numpy().tolist()
    if fmt == "dict_of_lists":
        return plain.to_dict(orient="list")
    if fmt == "key_value":
        return {} if plain.empty else plain.iloc[:, 0].to_dict()
    values = plain.iloc[:, 0].tolist() if plain.shape[1] else []
    if fmt == "tuple":
        return tuple(values)
    if fmt == "set":
        return set(values)
    del pd
    return values


# -- the widget value --------------------------------------------------------------------------


def _validator(
    columns: Mapping[str, EditColumn], rows: int, can_add: bool, can_delete: bool
) -> Callable[[Any], AttrDict]:
    """The deserializer of a data editor's wire value (a JSON string)."""

    def check_row(cells: Any, added: bool) -> dict[str, Any]:
        if not isinstance(cells, dict):
            raise WidgetValueError("a row's cells are an object of column -> value")
        out = {}
        for key, value in cells.items():
            col = columns.get(key)
            if col is None:
                raise WidgetValueError(f"no editable column {str(key)[:40]!r}")
            if key == INDEX and not added:
                raise WidgetValueError("the index cannot be edited")
            out[key] = col.check(value)
        if added:
            for key, col in columns.items():
                if col.required and out.get(key) is None:
                    raise WidgetValueError(f"column {key!r} requires a value")
        return out

    def deserialize(wire: Any) -> AttrDict:
        if wire is None:
            return editing_state()
        if not isinstance(wire, str):
            raise WidgetValueError("the editing state is sent as a JSON string")
        try:
            state = json.loads(wire)
        except (ValueError, RecursionError):
            raise WidgetValueError("the editing state is not valid JSON") from None
        if not isinstance(state, dict) or not set(state) <= {"edited_rows", "added_rows", "deleted_rows"}:
            raise WidgetValueError("the editing state has edited_rows, added_rows and deleted_rows only")
        edited_wire = state.get("edited_rows", {})
        added_wire = state.get("added_rows", [])
        deleted_wire = state.get("deleted_rows", [])
        if not isinstance(edited_wire, dict) or not isinstance(added_wire, list) or not isinstance(deleted_wire, list):
            raise WidgetValueError("edited_rows is an object, added_rows and deleted_rows are lists")
        edited: dict[int, dict[str, Any]] = {}
        for row, cells in edited_wire.items():
            try:
                pos = int(row)
            except ValueError:
                raise WidgetValueError("edited_rows are keyed by row position") from None
            if str(pos) != row or not 0 <= pos < rows:
                raise WidgetValueError("an edited row is not a row of the data")
            edited[pos] = check_row(cells, False)
        if added_wire and not can_add:
            raise WidgetValueError("rows cannot be added to this editor")
        if len(added_wire) > MAX_ADDED:
            raise WidgetValueError(f"at most {MAX_ADDED} rows can be added")
        added = [check_row(cells, True) for cells in added_wire]
        if deleted_wire and not can_delete:
            raise WidgetValueError("rows cannot be deleted from this editor")
        seen: set[int] = set()
        for row in deleted_wire:
            if isinstance(row, bool) or not isinstance(row, int) or not 0 <= row < rows:
                raise WidgetValueError("a deleted row is not a row of the data")
            if row in seen:
                raise WidgetValueError("a row is deleted twice")
            seen.add(row)
        return editing_state(edited, added, sorted(deleted_wire))

    return deserialize


def _serialize(state: Any) -> str:
    state = state or {}
    return json.dumps(
        {
            "edited_rows": {str(k): v for k, v in (state.get("edited_rows") or {}).items()},
            "added_rows": list(state.get("added_rows") or []),
            "deleted_rows": list(state.get("deleted_rows") or []),
        },
        default=str,
        separators=(",", ":"),
        ensure_ascii=False,  # as the page's JSON.stringify: it recognises its own state by text
    )


class EditorMixin(BaseContainer):
    """``data_editor``."""

    def data_editor(
        self,
        data: Any,
        *,
        width: int | Literal["stretch", "content"] = "stretch",
        height: int | Literal["auto", "stretch", "content"] = "auto",
        use_container_width: bool | None = None,
        hide_index: bool | None = None,
        column_order: Iterable[str] | None = None,
        column_config: Any = None,
        num_rows: NumRows = "fixed",
        disabled: bool | Iterable[str | int] = False,
        key: str | None = None,
        on_change: Callback | Literal["rerun", "ignore"] = "rerun",
        args: Any = None,
        kwargs: Any = None,
        row_height: int | None = None,
        placeholder: str | None = None,
        alt: str | None = None,
    ) -> Any:
        """Show data in a grid the viewer can edit: double-click a cell, press Enter or start
        typing to edit it (an editor per column type: numbers, text, checkboxes, select boxes,
        dates, times, links), paste a range of cells copied from a spreadsheet, and with
        ``num_rows="dynamic"`` add rows (the "+" row at the bottom) and delete selected rows.
        Rows stay in the kernel and are paged as the viewer scrolls, as ``dataframe``'s do.

        Args:
            data: anything ``dataframe`` takes (a Styler: its data).
            width: pixels, or ``"stretch"`` (the container's width) / ``"content"``.
            height: pixels, or ``"auto"`` (up to ten rows and the header).
            use_container_width: True: the container's width (overrides ``width``).
            hide_index: hide the index column (hidden by default when rows can be added to a
                frame with a range index).
            column_order: the columns to show, in this order (others are hidden, and kept).
            column_config: column name (``"_index"`` for the index) -> a ``jr.column_config``
                config (its ``disabled``, ``required``, ``default``, ``min_value``/``max_value``/
                ``step``, ``options``, ``max_chars`` and ``validate`` apply to editing), a label,
                or None to hide the column.
            num_rows: ``"fixed"``, ``"dynamic"`` (add and delete rows), ``"add"`` or ``"delete"``.
            disabled: True: nothing can be edited; or the names of the columns that cannot.
            key: the editing state's key in ``session_state``.
            on_change: called (with ``args``/``kwargs``) before the run an edit starts.
                ``"rerun"`` (the default) or ``"ignore"`` (reruns too here: not supported).
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            row_height: each row's height in px.
            placeholder: shown in cells with missing values (default: "None", greyed).
            alt: the grid's accessible description.

        Returns:
            The data with the viewer's edits applied, in the type it was given (a pandas
            DataFrame keeping its index and dtypes, a Series, polars, pyarrow, a NumPy array, a
            list of dicts / of rows / of values, a dict of lists...). ``session_state[key]`` holds
            the editing state: ``{"edited_rows": {row: {column: value}}, "added_rows":
            [{column: value}], "deleted_rows": [row]}``.
        """
        import pandas as pd

        from .. import column_config as cc
        from .. import frames

        if num_rows not in ("fixed", "dynamic", "add", "delete"):
            raise ValueError('num_rows must be "fixed", "dynamic", "add" or "delete"')
        if on_change not in ("rerun", "ignore", None) and not callable(on_change):
            raise ValueError('on_change must be a callable, "rerun" or "ignore"')
        if on_change == "ignore":
            warn(self, "data_editor", 'on_change="ignore" (edits rerun the app)')
        height_px = _size(height, "height")
        width_px = None if use_container_width else _size(width, "width")
        if row_height is not None and (
            isinstance(row_height, bool) or not isinstance(row_height, int) or row_height < 12
        ):
            raise ValueError("row_height must be a whole number of pixels >= 12")
        self._yield_point()
        fmt = data_format(data)
        base, _styler = frames.to_frame(data)
        df = base.copy()
        # edits name their columns: as Streamlit, headers become strings, levels joined by "_"
        if isinstance(df.columns, pd.MultiIndex):
            df.columns = ["_".join(map(str, h)) for h in df.columns.to_flat_index()]
        elif pd.api.types.infer_dtype(df.columns) != "string":
            df.columns = pd.Index([str(c) for c in df.columns], name=df.columns.name)
        if df.columns.duplicated().any():
            dups = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
            raise ValueError(f"data_editor needs unique column names; these are duplicated: {dups}")
        if INDEX in df.columns:
            raise ValueError(f"the column name {INDEX!r} is reserved for the index in data_editor")
        shown_rows: NumRows = "fixed" if disabled is True else num_rows  # nothing editable: rows neither
        can_add = shown_rows in ("dynamic", "add")
        can_delete = shown_rows in ("dynamic", "delete")
        range_index = isinstance(df.index, pd.RangeIndex)
        # an index that cannot count on by itself takes a value for each added row (shown then)
        index_needed = can_add and not range_index and not pd.api.types.is_integer_dtype(df.index.dtype)
        if index_needed:
            hide_index = False
        elif hide_index is None and range_index and can_add:
            hide_index = True
        conf = cc.normalize(column_config)
        if disabled is not True and disabled is not False:
            if isinstance(disabled, (str, int)):
                disabled = [disabled]
            for name in disabled:
                entry = conf.get(str(name))
                if not cc.hidden(entry):
                    conf[str(name)] = {**(entry or {}), "disabled": True}
        parts = GridParts(df, hide_index, column_order, column_config)
        parts.styler = _styler  # its colours and formats show on the read-only columns
        register_buttons(self, parts, self._run_context())

        columns: dict[str, EditColumn] = {}
        wire_cols = []
        for i, name in enumerate(parts.names):
            c = conf.get(name) or {}
            kind = parts.columns[i]["kind"]
            editor, options = (
                (None, None) if disabled is True or c.get("disabled") else _editor_of(parts.frame.iloc[:, i], kind, c)
            )
            col = EditColumn(name, editor, c, kind, options)
            col.tz = getattr(parts.frame.iloc[:, i].dtype, "tz", None)
            wire_cols.append(col.wire())
            if editor is not None:
                columns[name] = col
        index_wire = None
        if parts.index is not None:
            # the index is read-only but for added rows, where index_needed
            ic = dict(conf.get(INDEX) or {}) if not cc.hidden(conf.get(INDEX)) else {}
            series = pd.Series(df.index)
            ikind = frames.column_kind(series)
            ieditor, ioptions = (None, None)
            if index_needed and disabled is not True:
                ieditor, ioptions = _editor_of(series, ikind, ic)
            ic.setdefault("required", True)
            icol = EditColumn(INDEX, ieditor, ic, ikind, ioptions)
            index_wire = icol.wire()
            if ieditor is not None:
                columns[INDEX] = icol

        fingerprint = frames.fingerprint(df)
        if key is not None and num_rows == "fixed":
            signature = repr(([frames._label(c) for c in df.columns], [str(t) for t in df.dtypes], len(df)))
        else:
            signature = fingerprint
        form_id, _clears = self._form()
        # with a key, the key, the data's shape and num_rows make the widget (edits survive a
        # new config); without one, everything that draws it does, as in Streamlit
        identity: list[Any] = [key, signature, num_rows]
        if key is None:
            identity += [
                json.dumps([wire_cols, index_wire, parts.columns, parts.index_col], default=str),
                height_px,
                width_px,
                row_height,
                placeholder,
                alt,
            ]
        wid = widget_id("data_editor", "", None, identity, form_id)
        deserialize = _validator(columns, len(df), can_add, can_delete)
        default = editing_state()
        wdef = WidgetDef(
            wid,
            "data_editor",
            alt or "data editor",
            default,
            deserialize,
            _serialize,
            str(key) if key is not None else None,
            on_change=on_change if callable(on_change) else None,
            args=tuple(args or ()),
            kwargs=dict(kwargs or {}),
            form_id=form_id,
        )
        ctx = self._run_context()
        value = ctx.state.register(wdef) if ctx is not None else default
        el, source = _dataframe_el(parts, height_px, width_px, row_height, placeholder, alt)
        el["editor"] = {
            "id": wid,
            "value": _serialize(value),
            "num_rows": shown_rows,
            "columns": wire_cols,
            "index": index_wire,
        }
        if form_id is not None:
            el["editor"]["form_id"] = form_id
        rendered = _rendered_markdown(value, [k for k, c in columns.items() if c.editor == "markdown"])
        if rendered:
            el["editor"]["rendered"] = rendered
        if ctx is not None:
            ctx.frames.add(source)
        self._emit(el, check=False)
        edited = apply_edits(df, value, columns)
        return convert_back(edited, fmt, data)
