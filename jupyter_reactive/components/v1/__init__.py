"""``components.v1``: ``html`` and ``iframe`` frames, and ``declare_component`` for components
written for Streamlit (their frontend build speaks Streamlit's component protocol). The code is
in :mod:`jupyter_reactive.kernel.elements.components`; ``html`` and ``iframe`` write into the
current run's innermost ``with`` block, as every ``jr.*`` call does."""

from __future__ import annotations

from ...kernel.api import main as _main
from ...kernel.elements.components import CustomComponent, MarshallComponentException, declare_component

html = _main._component_html
iframe = _main._component_iframe

__all__ = ["CustomComponent", "MarshallComponentException", "declare_component", "html", "iframe"]
