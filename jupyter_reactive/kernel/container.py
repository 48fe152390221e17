"""``Container``: every element family composed into Streamlit's DeltaGenerator (script thread).

``jr.title``, ``jr.sidebar.slider`` and ``col.button`` are all methods of this one class, so
they share code, signature and docstring; the module-level functions are the methods of one
instance that writes into the current run's innermost ``with`` container (:mod:`.api`).
"""

from __future__ import annotations

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
from .elements.layout import LayoutMixin
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


def make_root(ctx: RunContext, root: int) -> Container:
    """A run's root container (``protocol.MAIN`` or ``protocol.SIDEBAR``)."""
    return Container(ctx, (root,))
