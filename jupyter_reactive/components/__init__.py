"""Streamlit's ``streamlit.components``: custom components live in :mod:`.v1`
(``import jupyter_reactive.components.v1 as components``) and :mod:`.v2` (``component`` with inline
HTML, CSS and an ES-module script)."""

from __future__ import annotations

from . import v1 as v1
from . import v2 as v2

__all__ = ["v1", "v2"]
