"""``Container``: every element family composed into Streamlit's DeltaGenerator (script thread).

``jr.title``, ``jr.sidebar.slider`` and ``col.button`` are all methods of this one class, so
they share code, signature and docstring; the module-level functions are the methods of one
instance that writes into the current run's innermost ``with`` container (:mod:`.api`).
"""

from __future__ import annotations

from typing import Literal

from .delta import RunContext
from .elements.buttons import ButtonsMixin
from .elements.charts import ChartsMixin
from .elements.chat import ChatMixin
from .elements.choices import ChoicesMixin
from .elements.components import ComponentsMixin
from .elements.components_v2 import ComponentsV2Mixin
from .elements.containers import ContainersMixin
from .elements.data import DataMixin, GridMixin
from .elements.echarts import EChartsMixin
from .elements.editor import EditorMixin
from .elements.files import FilesMixin
from .elements.geo import GeoMixin
from .elements.layout import LayoutMixin, grid_cell
from .elements.media import MediaMixin
from .elements.metric import MetricMixin
from .elements.numeric import NumericMixin
from .elements.pickers import PickersMixin
from .elements.plots import PlotsMixin
from .elements.status import StatusMixin
from .elements.text import TextMixin
from .elements.widgets import WidgetsMixin


class Container(
    TextMixin,
    DataMixin,
    MetricMixin,
    StatusMixin,
    EChartsMixin,
    PlotsMixin,  # before MediaMixin: it draws figures with MediaMixin.image
    ComponentsMixin,  # before MediaMixin too: it sends its arguments as media
    ComponentsV2Mixin,  # so does this one
    MediaMixin,
    WidgetsMixin,
    NumericMixin,
    ChoicesMixin,
    FilesMixin,
    LayoutMixin,
    GeoMixin,
    ChartsMixin,
    GridMixin,
    ButtonsMixin,
    PickersMixin,
    ContainersMixin,
    ChatMixin,
    EditorMixin,
):
    """A place on the page that elements are written into: the main column, the sidebar, or a
    container made by ``columns``, ``tabs``, ``expander``, ``form``, ``container`` or ``empty``.
    Use it as ``with col:`` to make it the target of ``jr.*`` calls, or call its methods
    (``col.write(...)``)."""

    open: bool | None = None
    """An expander's, popover's or tab's state when it tracks it (``on_change`` not "ignore"):
    True when open (or the selected tab); None otherwise, as in Streamlit."""


class GridContainer(Container):
    """What ``grid()`` returns: a container whose direct children are the grid's cells, with
    ``cell()`` to group elements into one cell or span tracks."""

    def __init__(
        self,
        ctx: RunContext | None,
        path: tuple[int, ...],
        form_id: str | None = None,
        *,
        form_clears: bool = False,
        columns: int | None = None,
    ):
        super().__init__(ctx, path, form_id, form_clears=form_clears)
        self._columns = columns  # the declared count (None: "auto"): a span may not exceed it

    def cell(self, *, column_span: int | Literal["all"] = 1, row_span: int = 1) -> Container:
        """Add the next cell of the grid, to write several elements into (``with grid.cell():``
        or ``grid.cell().metric(...)``).

        Args:
            column_span: the columns it spans (at most the grid's ``columns`` when that is an
                int; fewer when the grid has wrapped to fewer), or ``"all"``: every column, on a
                row of its own.
            row_span: the rows it spans.
        """
        return self._child(self._emit(grid_cell(column_span, row_span, self._columns)))


def make_root(ctx: RunContext, root: int) -> Container:
    """A run's root container (``protocol.MAIN`` or ``protocol.SIDEBAR``)."""
    return Container(ctx, (root,))
