"""Streamlit's older ``streamlit.runtime.scriptrunner.script_run_context`` path."""

from ..scriptrunner_utils.script_run_context import ScriptRunContext, add_script_run_ctx, get_script_run_ctx

__all__ = ["ScriptRunContext", "add_script_run_ctx", "get_script_run_ctx"]
