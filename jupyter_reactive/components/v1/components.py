"""Streamlit's older import path, ``streamlit.components.v1.components`` (kept by Streamlit
for components published against it)."""

from __future__ import annotations

from ...kernel.elements.components import CustomComponent, MarshallComponentException, declare_component

__all__ = ["CustomComponent", "MarshallComponentException", "declare_component"]
