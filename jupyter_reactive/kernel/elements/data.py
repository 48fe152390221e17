"""Data elements: ``json``, ``dataframe``, ``table`` (script thread; ``metric`` is in
:mod:`.metric`).

A dataframe's rows stay in the kernel: the element carries the column schema, the row count and
the first rows; the page asks for the rest as the viewer scrolls (``data_request``, answered on
the subshell thread from the frames registered here, see :mod:`..datapages`). pandas is imported
only when a dataframe or table is drawn.
"""

from __future__ import annotations

import hashlib
import json as _json
from collections.abc import Iterable
from typing import Any, Literal, TypeAlias

from ..delta import BaseContainer, returns_handle
from ..errors import StreamlitAPIException
from ..params import laid_out, warn
from ..state import WidgetDef, WidgetValueError
from .widget_base import widget_id


class DataMixin(BaseContainer):
    """Data elements."""

    @laid_out("width")
    @returns_handle
    def json(self, body: object, *, expanded: bool | int = True, width: int | Literal["stretch"] = "stretch") -> None:
        """Show an object as a collapsible, pretty-printed JSON tree.

        Args:
            body: a JSON-serialisable object, or a string holding JSON (other objects inside are
                shown as their ``str``).
            expanded: whether the tree starts expanded: True, False, or a number of levels to
                open (0: all closed).
            width: the element's width (not supported yet: it fills its container).
        """
        if isinstance(body, str):
            try:
                body = _json.loads(body)
            except ValueError:
                pass
        value = _json.loads(_json.dumps(body, default=str))
        if isinstance(expanded, bool) or not isinstance(expanded, int):
            shown: bool | int = bool(expanded)
        elif expanded < 0:
            raise ValueError("expanded must be True, False or a number of levels >= 0")
        else:
            shown = expanded
        self._emit({"kind": "json", "value": value, "expanded": shown})


# -- dataframe / table ----------------------------------------------------------------------------

SelectionMode: TypeAlias = Literal[
    "single-row", "single-row-required", "multi-row", "single-column", "multi-column", "single-cell", "multi-cell"
]
_ROW_MODES = ("single-row", "single-row-required", "multi-row")
_COLUMN_MODES = ("single-column", "multi-column")
_CELL_MODES = ("single-cell", "multi-cell")
_ALL_MODES = (*_ROW_MODES, *_COLUMN_MODES, *_CELL_MODES)
#: rows a ``table`` shows at most (Streamlit shows all; a browser cannot)
TABLE_CAP = 5000


class AttrDict(dict):
    """A dict whose keys are also attributes (Streamlit's selection state is one)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def dataframe_state(rows: Iterable[int] = (), columns: Iterable[str] = (), cells: Iterable[Any] = ()) -> AttrDict:
    """The value of a selectable dataframe: ``{"selection": {"rows", "columns", "cells"}}``,
    cells being ``(row position, column name)`` tuples as in Streamlit."""
    return AttrDict(selection=AttrDict(rows=list(rows), columns=list(columns), cells=[tuple(c) for c in cells]))


def _selection_modes(selection_mode: Any) -> list[str]:
    """The modes asked for, checked as Streamlit checks them."""
    modes = [selection_mode] if isinstance(selection_mode, str) else list(selection_mode)
    for mode in modes:
        if mode not in _ALL_MODES:
            raise ValueError(f"selection_mode must be one of {', '.join(map(repr, _ALL_MODES))}, not {mode!r}")
    for group, what in ((_ROW_MODES, "row"), (_COLUMN_MODES, "column"), (_CELL_MODES, "cell")):
        if len({m for m in modes if m in group}) > 1:
            raise ValueError(f"selection_mode: only one {what} selection mode can be given")
    return list(dict.fromkeys(modes))


class _Selection:
    """What a selectable dataframe accepts: the rows, columns and cells its modes allow.

    The page sends ``{"rows": [...], "columns": [...], "cells": [[row, column], ...]}`` and is
    held to it (anything else is refused); a selection the script sets (``selection_default``,
    ``session_state[key]``) is filtered as Streamlit filters it: what does not fit is dropped.
    """

    def __init__(self, modes: list[str], rows: int, columns: list[str]) -> None:
        self.rows = rows
        self.columns = columns
        self.row_mode = next((m for m in modes if m in _ROW_MODES), None)
        self.column_mode = next((m for m in modes if m in _COLUMN_MODES), None)
        self.cell_mode = next((m for m in modes if m in _CELL_MODES), None)

    def _row(self, row: Any) -> bool:
        return not isinstance(row, bool) and isinstance(row, int) and 0 <= row < self.rows

    def _cell(self, cell: Any) -> bool:
        return (
            isinstance(cell, (list, tuple))
            and len(cell) == 2
            and self._row(cell[0])
            and isinstance(cell[1], str)
            and cell[1] in self.columns
        )

    def deserialize(self, wire: Any) -> AttrDict:
        """A selection from the page: checked strictly."""
        if not isinstance(wire, dict) or not set(wire) <= {"rows", "columns", "cells"}:
            raise WidgetValueError('a selection is {"rows": [...], "columns": [...], "cells": [...]}')
        rows, columns, cells = (wire.get(k, []) for k in ("rows", "columns", "cells"))
        if not all(isinstance(x, list) for x in (rows, columns, cells)):
            raise WidgetValueError("a selection's rows, columns and cells are lists")
        for items, mode, what in (
            (rows, self.row_mode, "rows"),
            (columns, self.column_mode, "columns"),
            (cells, self.cell_mode, "cells"),
        ):
            if items and mode is None:
                raise WidgetValueError(f"{what} cannot be selected in this table")
            if len(items) > 1 and mode is not None and not mode.startswith("multi"):
                raise WidgetValueError(f"only one of its {what} can be selected")
        if not all(self._row(r) for r in rows):
            raise WidgetValueError("not a row of the table")
        if not all(isinstance(c, str) and c in self.columns for c in columns):
            raise WidgetValueError("not a column of the table")
        if not all(self._cell(c) for c in cells):
            raise WidgetValueError("not a cell of the table ([row position, column name])")
        keyed = [tuple(c) for c in cells]
        if len(set(rows)) < len(rows) or len(set(columns)) < len(columns) or len(set(keyed)) < len(keyed):
            raise WidgetValueError("a row, column or cell is selected twice")
        order = {name: i for i, name in enumerate(self.columns)}
        return dataframe_state(self._required(sorted(rows)), sorted(columns, key=order.__getitem__), keyed)

    def _required(self, rows: list[int]) -> list[int]:
        """As Streamlit: "single-row-required" selects the first row when none is."""
        return [0] if not rows and self.row_mode == "single-row-required" and self.rows > 0 else rows

    def serialize(self, value: Any) -> dict[str, Any]:
        """A selection the script gave (the value's shape, or a list of rows): what fits it."""
        if isinstance(value, dict):
            value = value.get("selection", value)
            sel = value if isinstance(value, dict) else {}
        else:
            sel = {"rows": list(value or [])}

        def given(name: str, keep: Any, on: str | None) -> list[Any]:
            items = sel.get(name)
            kept = list(dict.fromkeys(keep(x) for x in items if keep(x) is not None)) if isinstance(items, list) else []
            return [] if on is None else kept if on.startswith("multi") else kept[:1]

        rows = given("rows", lambda r: r if self._row(r) else None, self.row_mode)
        columns = given("columns", lambda c: c if isinstance(c, str) and c in self.columns else None, self.column_mode)
        # Streamlit ignores cells set for "multi-cell" (a range cannot be told from its cells);
        # here they are kept, each highlighted on its own
        cells = given("cells", lambda c: (c[0], c[1]) if self._cell(c) else None, self.cell_mode)
        return {"rows": rows, "columns": columns, "cells": [list(c) for c in cells]}

    def page_value(self, value: AttrDict) -> dict[str, Any]:
        sel = value["selection"]
        return {"rows": list(sel["rows"]), "columns": list(sel["columns"]), "cells": [list(c) for c in sel["cells"]]}


def _size(value: Any, what: str) -> int | None:
    """A width/height: pixels, or None for the named sizes ("stretch", "auto", "content")."""
    if value is None or isinstance(value, str):
        if value not in (None, "stretch", "auto", "content"):
            raise ValueError(f'{what} must be a number of pixels, "stretch", "content" or "auto", not {value!r}')
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError(f"{what} must be a positive number of pixels")
    return int(value)


class GridParts:
    """What a dataframe or table shows of its data: the frame of the shown columns (positional),
    the index column (None when hidden) and their wire ``GridColumn`` specs."""

    def __init__(
        self,
        data: Any,
        hide_index: bool | None,
        column_order: Iterable[str] | None,
        column_config: Any,
        *,
        hide_range_index: bool = False,
    ):
        from .. import column_config as cc
        from .. import frames

        df, self.styler = frames.to_frame(data)
        if hide_index is None and hide_range_index:
            # st.table's default: a plain 0, 1, 2... index says nothing, so it is not shown
            import pandas as pd

            hide_index = isinstance(df.index, pd.RangeIndex)
        conf = cc.normalize(column_config)
        names = [frames._label(c) for c in df.columns]
        if column_order is not None:
            wanted = [str(c) for c in ([column_order] if isinstance(column_order, str) else column_order)]
            positions = [names.index(n) for n in wanted if n in names]
        else:
            positions = list(range(len(names)))
        positions = [p for p in positions if not cc.hidden(conf.get(names[p]))]
        # pinned columns come first, as in Streamlit
        pinned = [p for p in positions if (conf.get(names[p]) or {}).get("pinned")]
        positions = pinned + [p for p in positions if p not in pinned]
        shown = df.iloc[:, positions]
        shown.columns = range(len(positions))  # positional: duplicate or odd names are fine
        self.frame = shown
        self.names = [names[p] for p in positions]  # the shown columns' own names (data_editor's keys)
        self.positions = positions  # the shown columns' positions in the data
        self.columns = [
            cc.resolve(names[p], frames.column_kind(shown.iloc[:, i]), conf.get(names[p]))
            for i, p in enumerate(positions)
        ]
        self.conf = conf  # column name -> normalized config (data_editor's, the buttons')
        #: shown columns whose cells are sent as JSON text or with their Markdown rendered
        self.cell_kinds = {i: c["type"] for i, c in enumerate(self.columns) if c.get("type") in ("json", "markdown")}
        index_conf = conf.get("_index")
        self.index = None
        self.index_col = None
        if not hide_index and not cc.hidden(index_conf):
            idx = df.index
            if getattr(idx, "nlevels", 1) > 1:
                series = pd_series([" / ".join(str(x) for x in t) for t in idx])
                name = " / ".join("" if n is None else str(n) for n in idx.names)
            else:
                series = pd_series(idx)
                name = frames._label(idx.name)
            self.index = series
            self.index_col = cc.resolve(name, frames.column_kind(series), index_conf)


def button_click_state(row: int, label: str) -> AttrDict:
    """A button column's click, as ``session_state[key]`` holds it for the run it starts."""
    return AttrDict(row=row, label=label)


def _button_labels(cell: Any) -> list[str]:
    """The button labels of one cell: its text, or the texts of a list."""
    if cell is None:
        return []
    if isinstance(cell, str):
        return [cell]
    try:
        import numpy as np

        if isinstance(cell, (list, tuple, np.ndarray)):
            return [str(x) for x in list(cell) if x is not None]
    except ImportError:  # pragma: no cover - numpy is a dependency
        pass
    if isinstance(cell, float) and cell != cell:
        return []
    return [str(cell)]


def register_buttons(container: BaseContainer, parts: GridParts, ctx: Any) -> None:
    """Make each keyed ``ButtonColumn`` of a grid a trigger widget: a click sends ``[row
    position, label]``; the run it starts sees ``session_state[key]`` as ``{"row", "label"}``
    (None on later runs) after the column's ``on_click``. The wire column gets ``button_id``."""
    from ..fragments import widget_fragment

    for i, name in enumerate(parts.names):
        result = (parts.conf.get(name) or {}).get("button")
        if result is None or result.key is None:
            continue
        column = parts.frame.iloc[:, i]

        def deserialize(wire: Any, column: Any = column, name: str = name) -> AttrDict | None:
            if wire is None:
                return None
            if (
                not isinstance(wire, list)
                or len(wire) != 2
                or isinstance(wire[0], bool)
                or not isinstance(wire[0], int)
                or not isinstance(wire[1], str)
            ):
                raise WidgetValueError(f"a click on button column {name!r} is [row, label]")
            row, label = wire
            if not 0 <= row < len(column):
                raise WidgetValueError(f"button column {name!r}: no row {row}")
            if label not in _button_labels(column.iloc[row]):
                raise WidgetValueError(f"button column {name!r}: row {row} has no button {label[:40]!r}")
            return button_click_state(row, label)

        def serialize(value: Any) -> Any:
            return None if value is None else [value["row"], value["label"]]

        wid = widget_id("button_column", "", result.key, [name], None)
        wdef = WidgetDef(
            wid,
            "button_column",
            name,
            None,
            deserialize,
            serialize,
            result.key,
            True,
            result.on_click,
            tuple(result.args or ()),
            dict(result.kwargs or {}),
            None,
            widget_fragment(container._here()),
        )
        if ctx is not None:
            ctx.state.register(wdef)
        parts.columns[i]["button_id"] = wid


def frames_max_styled() -> int:
    from .. import frames

    return frames.MAX_STYLED


def pd_series(values: Any) -> Any:
    import pandas as pd

    return pd.Series(values).reset_index(drop=True)


class ElementHandle:
    """What ``dataframe`` and ``table`` return (Streamlit returns its DeltaGenerator): the element
    can be updated in place. ``add_rows(data)`` appends rows. Other element kinds add their own
    updater by defining ``_add_rows_<kind>`` in a subclass (or on this class) and passing
    ``kind`` when they make the handle."""

    def __init__(self, container: BaseContainer, path: tuple[int, ...], kind: str, state: dict[str, Any]):
        self._container = container
        self._path = path
        self._kind = kind
        self._state = state

    def __getattr__(self, name: str) -> Any:
        """Any other element function, called on the handle, replaces this element in place
        (``table = jr.table(df); table.empty()``), as on Streamlit's DeltaGenerator."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._container._handle(self._path), name)

    def add_rows(self, data: Any = None, **kwargs: Any) -> ElementHandle:
        """Append the rows of ``data`` (any input ``dataframe`` takes; a keyword form
        ``add_rows(name=data)`` is accepted as Streamlit does) to the element, in place."""
        if data is None and len(kwargs) == 1:
            (data,) = kwargs.values()
        updater = getattr(self, f"_add_rows_{self._kind}", None)
        if updater is None:
            raise TypeError(f"add_rows does not apply to a {self._kind} element")
        updater(data)
        return self

    def _add_rows_frame(self, data: Any) -> None:
        import pandas as pd

        from .. import frames

        extra, _styler = frames.to_frame(data)
        old = self._state["data"]
        old_df, _ = frames.to_frame(old)
        self._state["data"] = pd.concat([old_df, extra])
        el, source = self._state["build"](self._state["data"])
        ctx = self._container._run_context()
        if ctx is not None and source is not None:
            ctx.frames.replace(self._state.get("data_id", ""), source)
            self._state["data_id"] = source.id
        self._container._rewrite(self._path, el)

    _add_rows_dataframe = _add_rows_frame
    _add_rows_table = _add_rows_frame


def _dataframe_el(
    parts: GridParts,
    height: int | None,
    width: int | None,
    row_height: int | None,
    placeholder: str | None,
    alt: str | None,
    eager: bool = False,
) -> tuple[dict[str, Any], Any]:
    from .. import frames

    index = parts.index
    keyed = parts.frame
    data_id = "df-" + frames.fingerprint(keyed if index is None else keyed.set_axis(index.to_numpy(), axis=0))
    if parts.cell_kinds:  # the same data sent otherwise is another frame
        data_id += "-" + hashlib.sha1(repr(sorted(parts.cell_kinds.items())).encode()).hexdigest()[:8]
    source = frames.FrameSource(data_id, parts.frame, index)
    source.cell_kinds = dict(parts.cell_kinds)
    source.styles = frames.styled_cells(parts.styler, parts.positions)
    if source.styles is not None:
        # the same data styled otherwise is another element (and another entry of the registry)
        source.id = data_id = (
            data_id
            + "-"
            + hashlib.sha1(
                repr(
                    sorted(source.styles.bg.items())
                    + sorted(source.styles.fg.items())
                    + sorted(source.styles.text.items())
                ).encode()
            ).hexdigest()[:10]
        )
    el: dict[str, Any] = {
        "kind": "dataframe",
        "data_id": data_id,
        "rows": source.rows,
        "columns": parts.columns,
        "index": parts.index_col,
        # lazy=False: every row now (up to EAGER_ROWS), none fetched as the viewer scrolls
        "first": source.page(0, frames.EAGER_ROWS, most=frames.EAGER_ROWS)
        if eager
        else source.page(0, frames.FIRST_PAGE),
        "height": height,
        "width": width,
    }
    if row_height is not None:
        el["row_height"] = int(row_height)
    if placeholder is not None:
        el["placeholder"] = str(placeholder)
    if alt is not None:
        el["alt"] = str(alt)
    return el, source


class GridMixin(BaseContainer):
    """``dataframe`` and ``table``."""

    def dataframe(
        self,
        data: Any = None,
        width: int | Literal["stretch", "content"] = "stretch",
        height: int | Literal["auto", "stretch", "content"] = "auto",
        *,
        use_container_width: bool | None = None,
        hide_index: bool | None = None,
        column_order: Iterable[str] | None = None,
        column_config: Any = None,
        key: str | None = None,
        on_select: Literal["ignore", "rerun"] | Any = "ignore",
        selection_mode: SelectionMode | Iterable[SelectionMode] = "multi-row",
        selection_default: Any = None,
        row_height: int | None = None,
        placeholder: str | None = None,
        lazy: bool | None = None,
        alt: str | None = None,
    ) -> Any:
        """Show tabular data as an interactive grid: virtual scrolling (the rows stay in the
        kernel and are fetched as the viewer scrolls), sort by clicking a header, resize a
        column by dragging its header's edge.

        Args:
            data: a pandas DataFrame, Series, Styler (its cell colours and formats are shown)
                or Index, a NumPy array, a list of dicts / lists / scalars, a dict of lists or of
                scalars, a polars DataFrame/Series, a pyarrow Table, or any object with
                ``__dataframe__``. None shows an empty grid.
            width: pixels, or ``"stretch"`` (the container's width) / ``"content"``.
            height: pixels, or ``"auto"`` (up to ten rows and the header).
            use_container_width: True: the container's width (overrides ``width``).
            hide_index: hide the index column.
            column_order: the columns to show, in this order (others are hidden).
            column_config: column name (``"_index"`` for the index) -> a ``jr.column_config``
                config, a label string, or None to hide the column.
            key: the selection's key in ``session_state`` (with ``on_select``).
            on_select: ``"ignore"`` (a plain grid), ``"rerun"`` or a callable: the viewer can
                select and the call returns the selection.
            selection_mode: one or a list (at most one of each kind) of ``"multi-row"``,
                ``"single-row"``, ``"single-row-required"`` (a checkbox column),
                ``"single-column"``, ``"multi-column"`` (a header click selects its column;
                sorting moves to the header's menu), ``"single-cell"``, ``"multi-cell"`` (a click
                selects a cell; a drag or Shift+click a rectangle). Escape clears.
            selection_default: what is selected at first, as the value's shape
                (``{"selection": {"rows": [0, 2], "columns": ["a"]}}``) or a list of row positions.
            row_height: each row's height in px.
            placeholder: shown in cells with missing values (default: "None", greyed).
            lazy: ``None`` or ``True`` (default behaviour here): the first 100 rows come with
                the grid and the rest as the viewer scrolls, whatever the size; ``False``: every
                row comes with the grid (none fetched later), as Streamlit sends a frame it
                does not load lazily, up to 100,000 rows (past them, the rest is paged).
            alt: the grid's accessible description.

        Returns:
            With ``on_select``: ``{"selection": {"rows": [...], "columns": [...], "cells": [...]}}``
            (attribute access too): rows are positions in the data as given, whatever the sort;
            columns are names; cells are ``(row position, column name)`` tuples. Otherwise a handle with ``add_rows(data)`` (Streamlit returns its
            DeltaGenerator).
        """
        height_px = _size(height, "height")
        width_px = None if use_container_width else _size(width, "width")
        if row_height is not None and (
            isinstance(row_height, bool) or not isinstance(row_height, int) or row_height < 12
        ):
            raise ValueError("row_height must be a whole number of pixels >= 12")
        if lazy is not None and not isinstance(lazy, bool):
            raise StreamlitAPIException(f"lazy must be True, False or None, not {lazy!r}")
        modes = _selection_modes(selection_mode)
        selectable = on_select != "ignore"
        if selectable and on_select != "rerun" and not callable(on_select):
            raise ValueError('on_select must be "ignore", "rerun" or a callable')
        self._yield_point()
        parts = GridParts(data, hide_index, column_order, column_config)
        register_buttons(self, parts, self._run_context())
        if parts.styler is not None and parts.styler.data.size > frames_max_styled():
            warn(self, "dataframe", "data=Styler (styles of more than 262,144 cells)")

        def build(frame: Any) -> tuple[dict[str, Any], Any]:
            p = parts if frame is data else GridParts(frame, hide_index, column_order, column_config)
            for new, old in zip(p.columns, parts.columns, strict=False):  # the clicks stay registered
                if "button_id" in old and new["name"] == old["name"]:
                    new["button_id"] = old["button_id"]
            return _dataframe_el(p, height_px, width_px, row_height, placeholder, alt, eager=lazy is False)

        el, source = build(data)
        ctx = self._run_context()
        value = None
        if selectable:
            names = [str(n) for n in parts.names]
            sel = _Selection(modes, source.rows, names)
            default = sel.deserialize(sel.serialize(selection_default))
            form_id, _clears = self._form()
            # Streamlit tells same-columned frames apart by their selection modes too
            wid = widget_id("dataframe", "", key, [names, modes], form_id)
            wdef = WidgetDef(
                wid,
                "dataframe",
                alt or "dataframe",
                default,
                sel.deserialize,
                sel.serialize,
                str(key) if key is not None else None,
                on_change=on_select if callable(on_select) else None,
                form_id=form_id,
            )
            value = ctx.state.register(wdef) if ctx is not None else default
            el["selection"] = {"id": wid, "value": sel.page_value(value)}
            for field, mode in (("mode", sel.row_mode), ("columns", sel.column_mode), ("cells", sel.cell_mode)):
                if mode is not None:
                    el["selection"][field] = mode
            if sel.column_mode or sel.cell_mode:
                el["selection"]["names"] = names
        if ctx is not None:
            ctx.frames.add(source)
        path = self._emit(el, check=False)
        if selectable:
            return value
        return ElementHandle(self._here(), path, "dataframe", {"data": data, "build": build, "data_id": source.id})

    @laid_out("width", "height")
    def table(
        self,
        data: Any = None,
        *,
        border: bool | Literal["horizontal"] = True,
        width: int | Literal["stretch", "content"] = "stretch",
        height: int | Literal["stretch", "content"] = "content",
        hide_index: bool | None = None,
        hide_header: bool | None = None,
        alt: str | None = None,
    ) -> ElementHandle:
        """Show tabular data as a static table: every row (up to 5,000, with a note beyond).

        Args:
            data: anything ``dataframe`` takes.
            border: True (all cell borders), ``"horizontal"`` (between rows) or False.
            width: the table's width (not supported yet: it fits its content, scrolling
                sideways in its container).
            height: the table's height (not supported yet: all rows are shown).
            hide_index: hide the index column; by default, as in Streamlit, hidden when it is
                a ``RangeIndex`` (0, 1, 2...) and shown otherwise.
            hide_header: hide the header row.
            alt: the table's accessible description (its caption for screen readers).

        Returns:
            A handle with ``add_rows(data)``.
        """
        if border not in (True, False, "horizontal"):
            raise ValueError('border must be True, False or "horizontal"')
        self._yield_point()

        def build(frame: Any) -> tuple[dict[str, Any], Any]:
            from .. import frames

            parts = GridParts(frame, hide_index, None, None, hide_range_index=True)
            shown = frames.FrameSource("table", parts.frame, parts.index)
            el: dict[str, Any] = {
                "kind": "table",
                "columns": parts.columns,
                "index": parts.index_col,
                "cells": _all(shown),
                "rows": shown.rows,
                "border": border,
            }
            if hide_header:
                el["hide_header"] = True
            if alt is not None:
                el["alt"] = str(alt)
            return el, None

        el, _ = build(data)
        path = self._emit(el, check=False)
        return ElementHandle(self._here(), path, "table", {"data": data, "build": build})


def _all(source: Any) -> dict[str, Any]:
    """Up to TABLE_CAP rows, in pages (a page is capped)."""
    from .. import frames

    out: dict[str, Any] = {
        "start": 0,
        "pos": [],
        "index": None if source.index is None else [],
        "cols": [[] for _ in range(source.frame.shape[1])],
    }
    for start in range(0, min(source.rows, TABLE_CAP), frames.MAX_PAGE):
        page = source.page(start, min(start + frames.MAX_PAGE, TABLE_CAP))
        out["pos"] += page["pos"]
        if out["index"] is not None:
            out["index"] += page["index"]
        for mine, theirs in zip(out["cols"], page["cols"], strict=True):
            mine += theirs
    return out
