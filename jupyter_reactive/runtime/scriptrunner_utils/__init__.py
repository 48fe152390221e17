"""Streamlit's ``streamlit.runtime.scriptrunner_utils``: see :mod:`.script_run_context`."""

from .script_run_context import ScriptRunContext, add_script_run_ctx, get_script_run_ctx

__all__ = ["ScriptRunContext", "add_script_run_ctx", "get_script_run_ctx"]
