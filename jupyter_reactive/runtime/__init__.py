"""``jupyter_reactive.runtime``: Streamlit's ``st.runtime.exists()`` (any thread; no state), and
``runtime.scriptrunner`` (``add_script_run_ctx`` for threads the script starts)."""

from __future__ import annotations

from ..kernel.delta import get_context

__all__ = ["exists"]


def exists() -> bool:
    """True while the script runs as an app (in a session's kernel, on its script thread);
    False when it is imported or run as plain Python (``python app.py``)."""
    return get_context() is not None
