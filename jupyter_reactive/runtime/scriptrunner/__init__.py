"""Streamlit's ``streamlit.runtime.scriptrunner`` names for threads the script starts (see
:mod:`jupyter_reactive.runtime.scriptrunner_utils.script_run_context`)."""

from ..scriptrunner_utils.script_run_context import ScriptRunContext, add_script_run_ctx, get_script_run_ctx

__all__ = ["ScriptRunContext", "add_script_run_ctx", "get_script_run_ctx"]
