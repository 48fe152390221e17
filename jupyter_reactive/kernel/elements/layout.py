"""Containers: ``container``, ``columns``, ``expander``, ``tabs``, ``form``, ``empty`` (script
thread).

A container is a ``block`` element plus a child cursor; ``with`` makes it the target of the
module-level calls (``jr.write``), and methods on it write into it directly (``col.write``),
exactly like Streamlit's DeltaGenerator.
"""

from __future__ import annotations

import html as _html
import numbers
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from ..delta import BaseContainer, returns_handle
from ..display import markdown_html
from ..errors import (
    StreamlitAPIException,
    StreamlitDuplicateElementKey,
    StreamlitIncompatibleParametersError,
    StreamlitInvalidColumnSpecError,
    StreamlitInvalidParameterTypeError,
    StreamlitValueError,
    StreamlitValueOutOfRangeError,
)
from ..params import BindOption, Height, Width, WidthWithoutContent, laid_out
from ..query_params import bind_key
from ..state import WidgetValueError
from .widget_base import Callback, open_flag, track_container, tracks_state

if TYPE_CHECKING:
    from ..container import Container, GridContainer

_GAPS = ("small", "medium", "large")
_SPACE_SIZES = ("small", "medium", "large", "xxsmall", "xsmall", "xlarge", "xxlarge", "stretch")
_ALIGNS = ("top", "center", "bottom")
_CONTAINER_GAPS = ("xxsmall", "xsmall", "small", "medium", "large", "xlarge", "xxlarge")
GRID_MAX_COLUMNS = 24  # Streamlit 1.67's cap, for an int and for "auto" alike
UINT32_MAX = 2**32 - 1  # what Streamlit's protobuf fields hold: its upper bound for pixels and spans
_HALIGNS = ("left", "center", "right", "distribute")
_VALIGNS = ("top", "center", "bottom", "distribute")


# -- Streamlit 1.67's refusals, word for word (its LocalizableStreamlitException messages) ------


def is_int(value: object) -> bool:
    """A whole number that is not a bool (numpy's integers too), as Streamlit's ``is_int``."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def bad_value(parameter: str, valid: Sequence[str], detail: str | None = None) -> StreamlitValueError:
    message = f"Invalid `{parameter}` value. Supported values: {', '.join(valid)}."
    return StreamlitValueError(f"{message} {detail}" if detail else message)


def bad_type(parameter: str, value: object, expected: Sequence[str]) -> StreamlitInvalidParameterTypeError:
    return StreamlitInvalidParameterTypeError(
        f"Invalid `{parameter}` type. Expected one of: {', '.join(expected)}. Provided type: {type(value).__name__}."
    )


def check_range(parameter: str, value: int, low: int, high: int) -> int:
    """``value`` if ``low <= value <= high``, else Streamlit's out-of-range error."""
    if not low <= value <= high:
        raise StreamlitValueOutOfRangeError(
            f"The `{parameter}` parameter, set to {value}, is outside the required range [{low}, {high}]."
        )
    return int(value)


def check_bool(parameter: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise bad_type(parameter, value, ["bool"])
    return value


_GAP_VALUES = [*(f"'{g}'" for g in _CONTAINER_GAPS), "None", "a non-negative integer (pixels)"]


def gap_value(gap: object, *, detail: str | None = None) -> str | int | None:
    """A container's or grid's ``gap`` as the page takes it: one of Streamlit's names (in any
    case), pixels, or None for none; anything else is refused as Streamlit refuses it."""
    if isinstance(gap, int) and not isinstance(gap, bool) and gap >= 0:
        return check_range("gap", gap, 0, UINT32_MAX)
    if gap is None:
        return None
    if isinstance(gap, str) and gap.lower() in _CONTAINER_GAPS:
        return gap.lower()
    raise bad_value("gap", _GAP_VALUES, f"Got {gap!r}." if detail is None else detail)


def _pixels_or(parameter: str, value: object, word: str) -> int | None:
    """``min_column_width`` / ``row_height``: ``word`` ("auto", "content") is None, else a
    positive number of pixels."""
    if isinstance(value, str) and value == word:
        return None
    valid = [f'"{word}"', "a positive integer"]
    if isinstance(value, str):
        raise bad_value(parameter, valid, f"Got {value!r}.")
    if not is_int(value):
        raise bad_type(parameter, value, ["int", f'"{word}"'])
    assert isinstance(value, numbers.Integral)
    if value < 1:
        raise bad_value(parameter, valid, f"Got {value!r}.")
    return check_range(parameter, int(value), 1, UINT32_MAX)


def grid_cell(column_span: object, row_span: object, columns: int | None) -> dict[str, Any]:
    """The element of ``grid.cell(column_span=..., row_span=...)`` in a grid of ``columns``
    (None: "auto"), refused as Streamlit 1.67 refuses it."""
    el: dict[str, Any] = {"kind": "block", "layout": "cell"}
    if isinstance(column_span, str) and column_span == "all":
        el["span_all"] = True
    elif isinstance(column_span, str):
        raise bad_value("column_span", ['"all"', "a positive integer"], f"Got {column_span!r}.")
    elif not is_int(column_span):
        raise bad_type("column_span", column_span, ["int", '"all"'])
    else:
        assert isinstance(column_span, numbers.Integral)
        if column_span < 1:
            raise bad_value("column_span", ['"all"', "a positive integer"], f"Got {column_span!r}.")
        span = check_range("column_span", int(column_span), 1, UINT32_MAX)
        if columns is not None:
            check_range("column_span", span, 1, columns)
        if span > 1:
            el["span"] = span
    if not is_int(row_span):
        raise bad_type("row_span", row_span, ["int"])
    assert isinstance(row_span, numbers.Integral)
    if row_span < 1:
        raise bad_value("row_span", ["a positive integer"], f"Got {row_span!r}.")
    if check_range("row_span", int(row_span), 1, UINT32_MAX) > 1:
        el["row_span"] = int(row_span)
    return el


EXPANDABLE_TYPES = ("default", "compact", "step")


def check_expandable_type(type: object) -> None:
    """An expander's or status's ``type``, refused as Streamlit 1.67 refuses it."""
    if type not in EXPANDABLE_TYPES:
        raise StreamlitValueError("Invalid `type` value. Supported values: 'default', 'compact', 'step'.")


def proto_bool(value: object) -> bool:
    """A boolean parameter that Streamlit stores in a protobuf bool field: an int (a bool is one)
    is taken for its truth, anything else raises the TypeError that field raises."""
    if not isinstance(value, int):
        raise TypeError(f"{type(value).__name__!r} object cannot be interpreted as an integer")
    return bool(value)


def _css_key(key: object) -> str:
    """A container's key as the class-name suffix Streamlit gives it (``st-key-<key>``)."""
    return re.sub(r"[^a-zA-Z0-9_-]", "-", str(key).strip())


def check_icon(icon: object) -> str:
    """An element's icon: one emoji (or a short symbol) or ``":material/name:"``."""
    if not isinstance(icon, str) or not icon.strip():
        raise StreamlitValueError(f"icon must be an emoji or ':material/name:', not {icon!r}")
    icon = icon.strip()
    if icon.startswith(":material"):
        if not re.fullmatch(r":material/[a-z0-9_]+:", icon):
            raise StreamlitValueError(f"{icon!r} is not a valid Material icon (':material/icon_name:')")
    elif len(icon) > 16:
        raise StreamlitValueError(f"icon must be an emoji or ':material/name:', not {icon!r}")
    return icon


class LayoutMixin(BaseContainer):
    """Layout containers; each returns the :class:`~..container.Container` (or list of them) to
    write into."""

    @laid_out("width")
    def container(
        self,
        *,
        border: bool | None = None,
        key: str | None = None,
        width: Width = "stretch",
        height: int | Literal["content", "stretch"] | None = "content",
        horizontal: bool = False,
        wrap: bool = True,
        horizontal_alignment: Literal["left", "center", "right", "distribute"] = "left",
        vertical_alignment: Literal["top", "center", "bottom", "distribute"] = "top",
        gap: str | int | None = "small",
        autoscroll: bool | None = None,
    ) -> Container:
        """Add a container that elements can be written into later, out of order.

        Args:
            border: draw a border around it; by default only a fixed-height one has one.
            key: gives the container the CSS class ``st-key-<key>``, for the app's own styles.
            width: ``"stretch"`` (the container's width), ``"content"`` or pixels.
            height: a fixed height in pixels, the content scrolling inside it; ``"content"``
                (or None) grows with the content (``"stretch"`` does too here).
            horizontal: lay the children out side by side (wrapping onto more rows), each as
                wide as its ``width`` says: buttons keep their own width, text stretches.
            wrap: with ``horizontal``, False keeps one row that scrolls sideways.
            horizontal_alignment: ``"left"``, ``"center"``, ``"right"`` or ``"distribute"``
                (spread over the row; in a vertical container it is ``"left"``).
            vertical_alignment: ``"top"``, ``"center"``, ``"bottom"`` or ``"distribute"``.
            gap: between the children: ``"xxsmall"`` to ``"xxlarge"`` (0.25rem to 8rem;
                ``"small"``, 1rem, by default), pixels, or None for none.
            autoscroll: with a fixed ``height``, keep the view at the bottom as content is
                added (while the viewer has not scrolled up); None: only when it holds chat
                messages; False: never.
        """
        if not isinstance(horizontal, bool):
            raise StreamlitAPIException(f"horizontal must be True or False, not {horizontal!r}")
        if not isinstance(wrap, bool):
            raise StreamlitAPIException(f"wrap must be True or False, not {wrap!r}")
        if not wrap and not horizontal:
            raise StreamlitAPIException("wrap=False only applies to a horizontal container (horizontal=True)")
        if horizontal_alignment not in _HALIGNS:
            raise StreamlitAPIException(
                f"horizontal_alignment must be one of {', '.join(map(repr, _HALIGNS))}, not {horizontal_alignment!r}"
            )
        if vertical_alignment not in _VALIGNS:
            raise StreamlitAPIException(
                f"vertical_alignment must be one of {', '.join(map(repr, _VALIGNS))}, not {vertical_alignment!r}"
            )
        gap = gap_value(gap)
        fixed: int | None = None
        if height not in (None, "content", "stretch"):
            if isinstance(height, bool) or not isinstance(height, int) or height < 1:
                raise StreamlitValueError(f"height must be a positive number of pixels, not {height!r}")
            fixed = height
        # Streamlit draws a border around a fixed-height container unless told not to
        shown = bool(border) if border is not None else fixed is not None
        el: dict[str, Any] = {"kind": "block", "layout": "vertical", "border": shown, "height": fixed}
        if key is not None:
            el["key"] = _css_key(key)
        if horizontal:
            el["horizontal"] = True
        if not wrap:
            el["nowrap"] = True
        if gap != "small":
            el["gap"] = gap
        if autoscroll is not None:
            el["autoscroll"] = proto_bool(autoscroll)
        if horizontal_alignment != "left":
            el["halign"] = horizontal_alignment
        if vertical_alignment != "top":
            el["valign"] = vertical_alignment
        path = self._emit(el)
        child = self._child(path)
        child._horizontal = horizontal
        return child

    @laid_out("width", content=False)
    def columns(
        self,
        spec: int | Sequence[float],
        *,
        gap: Literal["small", "medium", "large"] = "small",
        vertical_alignment: Literal["top", "center", "bottom"] = "top",
        border: bool = False,
        width: WidthWithoutContent = "stretch",
        wrap: bool = True,
    ) -> list[Container]:
        """Add side-by-side columns; returns one container per column. Columns nest at any
        depth, in the main area and in the sidebar, as in Streamlit 1.67.

        Args:
            spec: the number of equal columns, or their relative widths (``[2, 1]``).
            gap: the space between columns.
            vertical_alignment: how the columns' contents line up vertically.
            border: draw a border around each column.
            width: ``"stretch"`` (the container's width) or pixels.
            wrap: False keeps the columns side by side on narrow screens, which otherwise stack
                them.
        """
        if isinstance(spec, numbers.Integral) and not isinstance(spec, bool):
            weights: list[float] = [1.0] * max(0, int(spec))
        elif isinstance(spec, (str, bytes)) or not hasattr(spec, "__iter__") or not hasattr(spec, "__len__"):
            raise StreamlitInvalidParameterTypeError(
                f"spec must be an int or a sequence of numbers, not {type(spec).__name__}"
            )
        else:
            try:
                weights = [float(w) for w in spec if not isinstance(w, bool)]  # a list, tuple, array...
            except (TypeError, ValueError) as err:
                raise StreamlitInvalidParameterTypeError("spec must be an int or a sequence of numbers") from err
            if len(weights) != len(spec):
                raise StreamlitInvalidParameterTypeError("spec must be an int or a sequence of numbers")
        if not weights or any(not w > 0 or w == float("inf") for w in weights):
            raise StreamlitInvalidColumnSpecError(
                "The input argument to st.columns must be either a positive integer or a list of "
                "positive numeric weights."
            )
        if gap not in _GAPS:
            raise StreamlitValueError(f"gap must be one of {_GAPS}, not {gap!r}")
        if vertical_alignment not in _ALIGNS:
            raise StreamlitValueError(f"vertical_alignment must be one of {_ALIGNS}, not {vertical_alignment!r}")
        if not isinstance(wrap, bool):
            raise StreamlitAPIException(f"wrap must be True or False, not {wrap!r}")
        row_el: dict[str, Any] = {"kind": "block", "layout": "columns", "gap": gap, "align": vertical_alignment}
        if not wrap:
            row_el["nowrap"] = True  # side by side on narrow screens too
        path = self._emit(row_el)
        row = self._child(path)
        cols = []
        for weight in weights:
            col: dict[str, Any] = {"kind": "block", "layout": "column", "weight": weight}
            if border:
                col["border"] = True
            cols.append(self._child(row._emit(col)))
        return cols

    @laid_out("width", "height", content=False)
    def grid(
        self,
        columns: Literal["auto"] | int = "auto",
        *,
        min_column_width: Literal["auto"] | int = "auto",
        wrap: bool = True,
        gap: str | int | tuple[str | int | None, str | int | None] | list[str | int | None] | None = "small",
        vertical_alignment: Literal["top", "center", "bottom"] = "top",
        border: bool = False,
        row_height: Literal["content"] | int = "content",
        width: WidthWithoutContent = "stretch",
        height: Height = "content",
        key: str | int | None = None,
        dense: bool = False,
    ) -> GridContainer:
        """Add a responsive grid: each element written into it (``with grid:`` or
        ``grid.metric(...)``) is a cell, in order, and the cells reflow into as many columns as
        the width allows. ``grid.cell()`` groups several elements into one cell, or spans
        columns or rows; ``empty()`` in it reserves a cell that later writes fill.

        Args:
            columns: ``"auto"``: as many columns of ``min_column_width`` as fit (at most 24);
                1 to 24: at most that many (fewer on a narrow page, unless ``wrap=False``).
            min_column_width: a column's least width in pixels before the grid drops one;
                ``"auto"``: 12.5rem (200 px).
            wrap: False keeps ``columns`` at every width; the grid scrolls sideways once the
                columns would be narrower than ``min_column_width``. Needs an int ``columns``.
            gap: between cells: ``"xxsmall"`` to ``"xxlarge"`` (0.25rem to 8rem; ``"small"``,
                1rem, by default), pixels, or None; or a pair ``(row_gap, column_gap)``.
            vertical_alignment: ``"top"``, ``"center"`` or ``"bottom"``: the content in its
                cell (the cell itself fills its row).
            border: draw a border around each cell.
            row_height: ``"content"``: each row as tall as its tallest cell; pixels: every row
                that tall, taller content scrolling inside its cell (``height="stretch"`` on an
                element fills the cell).
            width: ``"stretch"`` (the container's width) or pixels.
            height: ``"content"``, ``"stretch"`` or pixels (scrolling inside).
            key: gives the grid the CSS class ``st-key-<key>``.
            dense: later cells may fill holes left by spanning cells, out of source order.

        Returns:
            GridContainer: the grid, a container with a ``cell()`` method.
        """
        if not isinstance(wrap, bool):
            raise bad_value("wrap", ["True", "False"])
        check_bool("border", border)
        check_bool("dense", dense)
        cols: int | None
        if isinstance(columns, str) and columns == "auto":
            cols = None
        elif isinstance(columns, str):
            raise bad_value("columns", ['"auto"', "an integer from 1 to 24"], f"Got {columns!r}.")
        elif not is_int(columns):
            raise bad_type("columns", columns, ["int", '"auto"'])
        else:
            cols = check_range("columns", columns, 1, GRID_MAX_COLUMNS)
        if cols is None and not wrap:
            raise StreamlitIncompatibleParametersError(
                '`columns="auto"` and `wrap=False` cannot be used together. `wrap=False` requires an explicit '
                "column count. Pass an integer, such as `st.grid(3, wrap=False)`."
            )
        min_width = _pixels_or("min_column_width", min_column_width, "auto")
        if isinstance(gap, (tuple, list)):
            if len(gap) != 2:
                raise bad_value(
                    "gap",
                    ["a gap size", "a 2-tuple or 2-list of (row_gap, column_gap)"],
                    f"Got a sequence with {len(gap)} elements.",
                )
            row_gap = gap_value(gap[0], detail=f"Got {gap[0]!r} for the row gap in `gap`.")
            column_gap = gap_value(gap[1], detail=f"Got {gap[1]!r} for the column gap in `gap`.")
        else:
            row_gap = column_gap = gap_value(gap)
        if not isinstance(vertical_alignment, str) or vertical_alignment not in _ALIGNS:
            raise bad_value("vertical_alignment", [f"'{a}'" for a in _ALIGNS], f"Got {vertical_alignment!r}.")
        rows = _pixels_or("row_height", row_height, "content")
        el: dict[str, Any] = {"kind": "block", "layout": "grid", "columns": cols}
        if min_width is not None:
            el["min_width"] = min_width
        if not wrap:
            el["nowrap"] = True
        if row_gap != "small":
            el["row_gap"] = row_gap
        if column_gap != "small":
            el["column_gap"] = column_gap
        if vertical_alignment != "top":
            el["valign"] = vertical_alignment
        if border:
            el["border"] = True
        if rows is not None:
            el["row_height"] = rows
        if dense:
            el["dense"] = True
        here = self._here()
        if key is not None:
            el["key"] = _css_key(key)
            ctx = here._ctx
            if ctx is not None:  # one key per element in a run, as Streamlit's element ids
                run, taken = ctx.element_keys
                if run != ctx.run:
                    taken = set()
                    ctx.element_keys = (ctx.run, taken)
                if str(key) in taken:
                    raise StreamlitDuplicateElementKey(str(key))
                taken.add(str(key))
        from ..container import GridContainer

        path = self._emit(el)
        return GridContainer(here._ctx, path, here._form_id, form_clears=here._form_clears, columns=cols)

    @laid_out("width", content=False)
    def expander(
        self,
        label: str,
        expanded: bool = False,
        *,
        icon: str | None = None,
        key: str | None = None,
        type: Literal["default", "compact", "step"] = "default",
        width: WidthWithoutContent = "stretch",
        on_change: Callback | Literal["ignore", "rerun"] = "ignore",
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        bind: BindOption = None,
    ) -> Container:
        """Add a collapsible section with a header; returns the container inside it.

        Args:
            label: the header's text, inline markdown.
            expanded: whether it starts open.
            icon: an emoji, or a Material icon as ``":material/name:"``, before the label.
            key: with ``on_change`` tracking: ``session_state[key]`` reads and sets the state.
            type: ``"default"`` (bordered), ``"compact"`` (a small inline toggle) or ``"step"``
                (a step of a timeline: consecutive steps are joined by a line, and a step with
                no content ends the timeline).
            on_change: ``"ignore"`` (the default: the container's ``.open`` is None),
                ``"rerun"`` or a callable (called with ``args``/``kwargs``): opening or closing it
                reruns the app, and ``.open`` says whether it is open, so a script can skip
                what a closed expander would hide.
        """
        check_expandable_type(type)
        el: dict[str, Any] = {"kind": "block", "layout": "expander", "label": str(label), "expanded": bool(expanded)}
        if type != "default":
            el["type"] = type
        shown = markdown_html(str(label), inline=True)
        if shown != _html.escape(str(label), quote=False):  # markdown, shortcodes or icons in it
            el["label_html"] = shown
        if icon is not None:
            el["icon"] = check_icon(icon)
        is_open = None
        if tracks_state(on_change) or bind_key(bind, key):
            wid, is_open = track_container(
                self, "expander", str(label), bool(expanded), open_flag,
                key=key, on_change=on_change, args=args, kwargs=kwargs, bind=bind,
            )  # fmt: skip
            el.update(id=wid, expanded=is_open)
        inner = self._child(self._emit(el))
        inner.open = is_open
        return inner

    @laid_out("width", "height", content=False)
    def tabs(
        self,
        tabs: Sequence[str],
        *,
        width: WidthWithoutContent = "stretch",
        height: Height = "content",
        default: str | None = None,
        key: str | None = None,
        on_change: Callback | Literal["ignore", "rerun"] = "ignore",
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        bind: BindOption = None,
    ) -> list[Container]:
        """Add a row of tabs; returns one container per tab.

        Args:
            tabs: the tabs' labels.
            default: the label of the tab selected at first (default: the first).
            key: with ``on_change`` tracking: ``session_state[key]`` is the selected tab's
                label, and setting it selects another tab.
            on_change: ``"ignore"`` (the default: every tab's ``.open`` is None), ``"rerun"``
                or a callable (called with ``args``/``kwargs``): selecting a tab reruns the app
                and ``.open`` is True for the selected tab only.
        """
        if isinstance(tabs, str) or not isinstance(tabs, Sequence):
            raise StreamlitAPIException("tabs takes a list of labels.")
        labels = [str(t) for t in tabs]
        if not labels:
            raise ValueError("tabs needs at least one label")
        if default is not None and default not in labels:
            raise StreamlitAPIException(f"default {default!r} is not one of the tabs' labels: {labels}")
        first = labels[0] if default is None else str(default)
        el: dict[str, Any] = {"kind": "block", "layout": "tabs", "labels": labels}
        shown = [markdown_html(label, inline=True) for label in labels]
        if shown != [_html.escape(label, quote=False) for label in labels]:  # markdown in a label
            el["labels_html"] = shown
        selected = None
        if bind_key(bind, key):
            if any(not label for label in labels):
                raise StreamlitValueError("Tab labels must be non-empty when bind='query-params'.")
            if len(set(labels)) != len(labels):
                raise StreamlitValueError("Tab labels must be unique when bind='query-params'.")
        if tracks_state(on_change) or bind_key(bind, key):

            def chosen(value: Any) -> str:
                if not isinstance(value, str) or value not in labels:
                    raise WidgetValueError("not one of the tabs' labels")
                return value

            wid, selected = track_container(
                self, "tabs", "", first, chosen,
                key=key, on_change=on_change, args=args, kwargs=kwargs, parts=labels, bind=bind,
            )  # fmt: skip
            el.update(id=wid, value=selected)
        elif default is not None:
            el["value"] = first  # the tab shown first, untracked
        strip = self._child(self._emit(el))
        out = [self._child(strip._emit({"kind": "block", "layout": "tab", "label": label})) for label in labels]
        for label, tab in zip(labels, out, strict=True):
            tab.open = None if selected is None else label == selected
        return out

    @laid_out("width", "height")
    def form(
        self,
        key: str,
        clear_on_submit: bool = False,
        *,
        border: bool = True,
        enter_to_submit: bool = True,
        width: Width = "stretch",
        height: Height = "content",
    ) -> Container:
        """Add a form: its widgets send their values together, when its
        ``form_submit_button`` is pressed. Returns the container inside it.

        Args:
            key: the form's unique key.
            clear_on_submit: after a submit, reset the form's widgets to their defaults (the
                run the submit starts still gets the submitted values).
            border: draw a border around the form.
            enter_to_submit: Enter in one of its fields submits it (by its first submit button,
                when that is enabled); False: only a click does.
        """
        if self._form()[0] is not None:
            raise RuntimeError("forms cannot be nested")
        form_id = f"form-{key}"
        path = self._emit(
            {
                "kind": "block",
                "layout": "form",
                "form_id": form_id,
                "border": bool(border),
                "clear_on_submit": bool(clear_on_submit),
                **({} if enter_to_submit else {"enter_to_submit": False}),
            }
        )
        return self._child(path, form_id=form_id, clears=bool(clear_on_submit))

    @returns_handle
    def space(
        self,
        size: int | Literal["stretch", "xxsmall", "xsmall", "small", "medium", "large", "xlarge", "xxlarge"] = "small",
    ) -> None:
        """Add empty room below the previous element, to line elements up across columns.

        Args:
            size: ``"small"`` (the height of a widget's label, 0.75rem), ``"medium"`` (a
                button's, 2.5rem), ``"large"`` (a labelled input's, 4.25rem), ``"xxsmall"``
                (0.25rem), ``"xsmall"`` (0.5rem), ``"xlarge"`` (6rem), ``"xxlarge"`` (8rem), a
                number of pixels, or ``"stretch"`` (whatever room a fixed-height container has
                left).

        Raises:
            StreamlitValueError: a size that is none of these.
        """
        if isinstance(size, bool) or not ((isinstance(size, int) and 0 <= size <= 100_000) or size in _SPACE_SIZES):
            raise StreamlitValueError(
                f"space size must be a number of pixels or one of {', '.join(_SPACE_SIZES)}, not {size!r}"
            )
        self._emit({"kind": "space", "size": size})

    def empty(self) -> Container:
        """Add a single-element placeholder: each write into it replaces its content, and
        ``.empty()`` on it clears it."""
        return self._placeholder()

    @laid_out("width", content=False)
    def skeleton(
        self, height: int | Literal["stretch"] | None = None, *, width: WidthWithoutContent = "stretch"
    ) -> SkeletonPlaceholder:
        """Show an animated placeholder while content is on its way. Call an element function on
        what it returns to replace it (``slot = jr.skeleton(); ...; slot.dataframe(df)``), or use
        it as ``with jr.skeleton():``: it shows while the block runs (whose elements go to the
        container around it, as with ``spinner``) and is removed when the block ends.

        Args:
            height: pixels; ``"stretch"``: its container's height; None: an input's height.
            width: ``"stretch"`` (the container's width) or pixels.
        """
        if not (
            height is None
            or height == "stretch"
            or (isinstance(height, int) and not isinstance(height, bool) and height > 0)
        ):
            raise StreamlitAPIException(f'skeleton height must be pixels, "stretch" or None, not {height!r}')
        slot = self._placeholder()
        slot._emit({"kind": "skeleton", "height": height})
        return SkeletonPlaceholder(slot)


class SkeletonPlaceholder:
    """What ``jr.skeleton`` returns: its slot (element functions on it replace the skeleton), and
    a context manager that removes the skeleton when its block ends, error or not."""

    def __init__(self, slot: Container):
        self._slot = slot

    def __getattr__(self, name: str) -> Any:
        return getattr(self._slot, name)

    def __enter__(self) -> SkeletonPlaceholder:
        self._slot._flush()  # shown before the slow block runs
        return self

    def __exit__(self, *exc: object) -> None:
        self._slot.empty()
