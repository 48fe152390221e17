"""Streamlit's ``get_script_run_ctx`` / ``add_script_run_ctx``: hand a running session's context to
a thread the script starts, so that thread's ``jr.*`` calls draw into the same page.

::

    from jupyter_reactive.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

    t = threading.Thread(target=work)
    add_script_run_ctx(t, get_script_run_ctx())
    t.start()

A thread without it draws nothing and warns once. The thread's calls go to wherever the script
is writing when they happen (its current ``with`` block), as in Streamlit; a thread outliving
its run draws into the run after it."""

from __future__ import annotations

import threading
from typing import Any

from ...kernel.delta import THREAD_CTX_ATTR, RunContext, get_context

ScriptRunContext = RunContext  # Streamlit's name for the type

__all__ = ["ScriptRunContext", "add_script_run_ctx", "get_script_run_ctx"]


def get_script_run_ctx(suppress_warning: bool = False) -> RunContext | None:
    """The current thread's run context: the script thread's, or the one a thread was given with
    :func:`add_script_run_ctx`; ``None`` outside an app or on a thread given none.

    Args:
        suppress_warning: accepted for Streamlit's signature; nothing is warned here either way.
    """
    return get_context()


def add_script_run_ctx(thread: Any = None, ctx: RunContext | None = None) -> Any:
    """Give ``thread`` (default: the current thread) the run context ``ctx`` (default: the
    current thread's) and return the thread, as Streamlit's does.

    Args:
        thread: a :class:`threading.Thread`, before or after it starts.
        ctx: a context from :func:`get_script_run_ctx`.
    """
    if thread is None:
        thread = threading.current_thread()
    if not isinstance(thread, threading.Thread):
        raise TypeError(f"add_script_run_ctx takes a threading.Thread, not {type(thread).__name__}")
    if ctx is None:
        ctx = get_context()
    if ctx is not None and not isinstance(ctx, RunContext):
        raise TypeError(f"add_script_run_ctx takes a context from get_script_run_ctx(), not {type(ctx).__name__}")
    setattr(thread, THREAD_CTX_ATTR, ctx)
    return thread
