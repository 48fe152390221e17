"""Streamlit's ``streamlit.components``: custom components live in :mod:`.v1`
(``import jupyter_reactive.components.v1 as components``)."""

from __future__ import annotations

from . import v1 as v1

__all__ = ["v1"]
