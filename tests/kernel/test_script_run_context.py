"""Threads the script starts: ``add_script_run_ctx`` from ``jupyter_reactive.runtime.scriptrunner``
(Streamlit's import paths) lets a thread draw into the page; a thread without it draws nothing and
warns once; garbage arguments are refused with a clear error."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from jupyter_reactive.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx


def _texts(run: Any) -> list[str]:
    return [el["text"] for el in run.of_kind("text")]


def test_thread_given_the_context_draws(make_app: Any) -> None:
    app = make_app(
        """
import threading
import jupyter_reactive as jr
from jupyter_reactive.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx
from jupyter_reactive.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx as again

jr.text("before")
seen = []
def work():
    seen.append(get_script_run_ctx() is not None)
    jr.text("from the thread")
t = threading.Thread(target=work, name="worker")
add_script_run_ctx(t, get_script_run_ctx())
t.start()
t.join()
jr.text(f"thread saw a context: {seen[0]}; same object: {again() is get_script_run_ctx()}")
"""
    )
    run = app.run()
    assert run.status == "complete", run.messages
    assert _texts(run) == ["before", "from the thread", "thread saw a context: True; same object: True"]


def test_thread_without_the_context_warns_and_draws_nothing(make_app: Any) -> None:
    app = make_app(
        """
import threading, warnings
import jupyter_reactive as jr
from jupyter_reactive.runtime.scriptrunner import get_script_run_ctx

caught = []
def work():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        caught.append(get_script_run_ctx())
        jr.text("lost")
        jr.text("lost again")
    caught.append([str(x.message) for x in w])
t = threading.Thread(target=work, name="orphan")
t.start()
t.join()
jr.text(f"context: {caught[0]}")
jr.text(" | ".join(caught[1]))
"""
    )
    run = app.run()
    assert run.status == "complete", run.messages
    texts = _texts(run)
    assert "lost" not in texts and texts[0] == "context: None"
    assert texts[1].count("missing ScriptRunContext") == 1  # once per thread
    assert "'orphan'" in texts[1] and "add_script_run_ctx" in texts[1]


def test_garbage_arguments_are_refused() -> None:
    with pytest.raises(TypeError, match=r"threading\.Thread"):
        add_script_run_ctx("not a thread", None)
    with pytest.raises(TypeError, match="get_script_run_ctx"):
        add_script_run_ctx(threading.Thread(target=print), {"a": "dict"})  # type: ignore[arg-type]
    t = threading.Thread(target=print)
    assert add_script_run_ctx(t) is t  # outside an app: no context, the thread is returned as is
    assert get_script_run_ctx() is None
