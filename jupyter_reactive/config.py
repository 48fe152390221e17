"""``jupyter_reactive.config``: Streamlit's ``from streamlit import config`` module, for apps that
call ``config.get_option`` / ``config.set_option`` (``get_option`` is ``jr.get_option``; ``set_option`` is ``jr.set_option`` that also takes
``secrets.files``, as Streamlit's does; which options exist and what each does:
:mod:`jupyter_reactive.kernel.options`)."""

from __future__ import annotations

from .kernel.options import get_option
from .kernel.options import set_config_option as set_option

__all__ = ["get_option", "set_option"]
