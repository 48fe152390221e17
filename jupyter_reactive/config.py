"""``jupyter_reactive.config``: Streamlit's ``from streamlit import config`` module, for apps that
call ``config.get_option`` / ``config.set_option`` (the same functions as ``jr.get_option`` /
``jr.set_option``; which options exist and what each does: :mod:`jupyter_reactive.kernel.options`)."""

from __future__ import annotations

from .kernel.options import get_option, set_option

__all__ = ["get_option", "set_option"]
