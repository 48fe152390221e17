"""Streamlit's ``streamlit.connections``: the base class third-party connections subclass, and
the SQL connection (``from jupyter_reactive.connections import BaseConnection``). The code lives
in :mod:`jupyter_reactive.kernel.connections`."""

from __future__ import annotations

from .kernel.connections import BaseConnection, ExperimentalBaseConnection, SQLConnection

__all__ = ["BaseConnection", "ExperimentalBaseConnection", "SQLConnection"]
