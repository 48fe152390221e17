"""ScriptRunner end to end, in process: deltas and trims, placeholders, progress, spinner, errors,
stop/rerun, cuts from another thread, the script's module, write() and markdown, forms, and the
API outside an app."""

from __future__ import annotations

import base64
import sys
import threading
import types
from typing import Any

import pytest

import jupyter_reactive as jr
from jupyter_reactive import protocol
from jupyter_reactive.kernel.delta import get_context
from jupyter_reactive.kernel.requests import RerunData

TIMEOUT = 10.0


def _texts(run_or_page: Any) -> list[str]:
    items = run_or_page.items() if isinstance(run_or_page, dict) else run_or_page.items
    return [el.get("text") or el.get("html") or "" for _p, el in sorted(items)]


# -- deltas and trims -----------------------------------------------------------------------

COUNTER = """
import jupyter_reactive as jr
jr.title("Counter")
n = jr.slider("n", 0, 100, 10)
jr.write(f"value: {n}")
jr.text("static")
"""


def test_first_run_sends_every_element_in_order(make_app: Any) -> None:
    app = make_app(COUNTER)
    run = app.run()
    assert [m["type"] for m in run.messages] == [protocol.RUN_STARTED, protocol.DELTAS, protocol.RUN_FINISHED]
    assert run.messages[0]["run"] == 1 and run.finished["run"] == 1 and run.messages[1]["run"] == 1
    assert [p for p, _el in run.items] == [(0, 0), (0, 1), (0, 2), (0, 3)]
    assert [el["kind"] for _p, el in run.items] == ["markdown", "widget", "markdown", "text"]
    assert run.items[0][1]["variant"] == "title"
    assert run.status == "complete" and run.trims == []


def test_rerun_with_nothing_changed_sends_no_deltas(make_app: Any) -> None:
    app = make_app(COUNTER)
    app.run()
    run = app.run()
    assert [m["type"] for m in run.messages] == [protocol.RUN_STARTED, protocol.RUN_FINISHED]
    assert run.messages[0]["run"] == 2 and run.trims == []


def test_rerun_sends_deltas_only_for_changed_elements(make_app: Any) -> None:
    app = make_app(COUNTER)
    app.run()
    run = app.send({app.widget("n")["id"]: 42})
    assert sorted(run.deltas) == [(0, 1), (0, 2)]
    assert run.deltas[(0, 1)]["value"] == 42
    assert "value: 42" in run.deltas[(0, 2)]["html"]
    assert run.trims == []


SHRINKING = """
import jupyter_reactive as jr
n = jr.session_state.get("n", 3)
jr.text("top")
c1, c2 = jr.columns(2)
for i in range(n):
    c1.text(f"c1 {i}")
c2.text("fixed")
with jr.expander("more"):
    for i in range(n):
        jr.text(f"e {i}")
t1, t2 = jr.tabs(["a", "b"])
with t2:
    for i in range(n):
        jr.text(f"t {i}")
with jr.form("f"):
    jr.form_submit_button()
    for i in range(n):
        jr.text(f"f {i}")
with jr.sidebar:
    for i in range(n):
        jr.text(f"s {i}")
for i in range(n):
    jr.text(f"main {i}")
"""


def _fresh_page(make_app: Any, source: str, **state: Any) -> dict[Any, Any]:
    fresh = make_app(source)
    for key, value in state.items():
        fresh.state[key] = value
    fresh.run()
    return fresh.page


def test_rerun_drawing_fewer_elements_trims_every_container(make_app: Any) -> None:
    app = make_app(SHRINKING)
    app.run()
    app.state["n"] = 1
    run = app.run()
    assert run.items == []  # what stays is unchanged
    trims = {tuple(t["path"]): t["len"] for t in run.trims}
    assert trims == {
        (0,): 6,  # top, columns, expander, tabs, form, main 0
        (0, 1, 0): 1,  # first column
        (0, 2): 1,  # expander
        (0, 3, 1): 1,  # second tab
        (0, 4): 2,  # form: submit button + one text
        (1,): 1,  # sidebar
    }
    assert app.page == _fresh_page(make_app, SHRINKING, n=1)


def test_rerun_emptying_containers_trims_them_to_zero(make_app: Any) -> None:
    app = make_app(SHRINKING)
    app.run()
    app.state["n"] = 0
    run = app.run()
    trims = {tuple(t["path"]): t["len"] for t in run.trims}
    assert trims[(0, 1, 0)] == 0 and trims[(0, 2)] == 0 and trims[(0, 3, 1)] == 0 and trims[(1,)] == 0
    assert trims[(0, 4)] == 1 and trims[(0,)] == 5
    assert app.page == _fresh_page(make_app, SHRINKING, n=0)
    # and growing again sends the new children only
    app.state["n"] = 2
    run = app.run()
    assert app.page == _fresh_page(make_app, SHRINKING, n=2)
    assert (0, 0) not in run.deltas and (0, 1) not in run.deltas


def test_element_replaced_by_another_kind_drops_what_was_below_it(make_app: Any) -> None:
    source = """
        import jupyter_reactive as jr
        if jr.session_state.get("flat"):
            jr.text("flat")
        else:
            with jr.expander("box"):
                jr.text("inside")
                jr.text("inside 2")
        jr.text("end")
    """
    app = make_app(source)
    app.run()
    app.state["flat"] = True
    run = app.run()
    assert run.deltas[(0, 0)] == {"kind": "text", "text": "flat"}
    assert app.page == _fresh_page(make_app, source, flat=True)
    app.state["flat"] = False
    app.run()
    assert app.page == _fresh_page(make_app, source)


# -- placeholders, progress, spinner --------------------------------------------------------


def test_empty_placeholder_keeps_only_its_last_content(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        ph = jr.empty()
        ph.text("one")
        ph.text("two")
        jr.text("after")
    """)
    app.run()
    assert app.page[(0, 0)] == {"kind": "block", "layout": "empty"}
    assert app.page[(0, 0, 0)] == {"kind": "text", "text": "two"}
    assert app.page[(0, 1)] == {"kind": "text", "text": "after"}
    assert len(app.page) == 3


def test_placeholder_empty_clears_it_with_a_trim_message(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        ph = jr.empty()
        ph.text("loading")
        ph.empty()
        jr.text("after")
    """)
    run = app.run()
    trim = [m for m in run.messages if m["type"] == protocol.TRIM]
    assert trim == [{"type": "trim", "trims": [{"path": [0, 0], "len": 0}]}]
    assert (0, 0, 0) not in app.page and app.page[(0, 1)]["text"] == "after"
    page = dict(app.page)
    app.run()  # the cleared content was forgotten, so it is sent (and cleared) again
    assert app.page == page


def test_clearing_a_placeholder_that_shows_nothing_sends_no_trim(make_app: Any) -> None:
    app = make_app("import jupyter_reactive as jr\nph = jr.empty()\nph.empty()\n")
    run = app.run()
    assert not [m for m in run.messages if m["type"] == protocol.TRIM]
    assert app.page == {(0, 0): {"kind": "block", "layout": "empty"}}


def test_placeholder_content_is_trimmed_when_a_run_does_not_write_it(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        ph = jr.empty()
        if not jr.session_state.get("quiet"):
            ph.text("shown")
    """)
    app.run()
    assert app.page[(0, 0, 0)]["text"] == "shown"
    app.state["quiet"] = True
    run = app.run()
    assert {"path": [0, 0], "len": 0} in run.trims and (0, 0, 0) not in app.page


def test_placeholder_container_replaced_by_an_element(make_app: Any) -> None:
    # the common pattern: a placeholder shows a group while working, then one final element
    source = """
        import jupyter_reactive as jr
        ph = jr.empty()
        with ph.container():
            jr.text("loading")
            jr.text("please wait")
        ph.success("done")
    """
    app = make_app(source)
    app.run()
    assert app.page == {
        (0, 0): {"kind": "block", "layout": "empty"},
        (0, 0, 0): {"kind": "alert", "level": "success", "html": "<p>done</p>\n", "icon": None},
    }


def test_progress_handle_updates_the_same_path(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        bar = jr.progress(0, "start")
        for i in range(1, 4):
            bar.progress(i * 25, f"step {i}")
        jr.text("after")
        bar.progress(1.0)
    """)
    run = app.run()
    assert [p for p, el in run.items if el["kind"] == "progress"] == [(0, 0)]  # coalesced per flush
    assert app.page[(0, 0)] == {"kind": "progress", "value": 100, "text": ""}
    assert app.page[(0, 1)]["text"] == "after"


def test_progress_streams_every_value_when_flushed_in_between(make_app: Any, hooks: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        import jr_test_hooks as hooks
        bar = jr.progress(0)
        for value in (0.1, 0.5, 0.9):
            bar.progress(value, "**bold**")
            hooks.flush()
    """)
    hooks.flush = app.outbox.flush
    run = app.run()
    bars = [(p, el["value"], el["text"]) for p, el in run.items if el["kind"] == "progress"]
    # 0 was replaced by 10 before the first flush; every later value had its own flush
    assert bars == [((0, 0), v, "<strong>bold</strong>") for v in (10, 50, 90)]


@pytest.mark.parametrize(
    ("value", "ename"),
    [("1.5", "ValueError"), ("101", "ValueError"), ("-1", "ValueError"), ("'50'", "TypeError"), ("True", "TypeError")],
)
def test_progress_refuses_bad_values(make_app: Any, value: str, ename: str) -> None:
    app = make_app(f"import jupyter_reactive as jr\njr.progress({value})\n")
    run = app.run()
    assert run.status == "error" and run.of_kind("exception")[0]["ename"] == ename


def test_spinner_appears_then_is_cleared(make_app: Any, hooks: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        import jr_test_hooks as hooks
        with jr.spinner("Crunching"):
            hooks.calls.append(list(hooks.app.messages))
            jr.text("work")
        jr.text("done")
    """)
    hooks.app = app
    run = app.run()
    (seen_inside,) = hooks.calls
    spinner_items = [i for m in seen_inside if m["type"] == protocol.DELTAS for i in m["items"]]
    assert {"path": [0, 0, 0], "el": {"kind": "spinner", "html": "<p>Crunching</p>\n"}} in spinner_items  # sent at once
    trims = [m for m in run.messages if m["type"] == protocol.TRIM]
    assert trims == [{"type": "trim", "trims": [{"path": [0, 0], "len": 0}]}]
    assert [el.get("text") for _p, el in sorted(app.page.items())] == [None, "work", "done"]
    assert app.page[(0, 0)] == {"kind": "block", "layout": "empty"}


def test_spinner_is_cleared_when_the_block_raises(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        with jr.spinner():
            raise RuntimeError("inside")
    """)
    run = app.run()
    assert run.status == "error"
    assert not [el for el in app.page.values() if el["kind"] == "spinner"]
    assert app.page[(0, 1)]["ename"] == "RuntimeError"


# -- errors ---------------------------------------------------------------------------------

FAILING = """\
import jupyter_reactive as jr
jr.text("a")
if jr.session_state.get("fail"):
    def helper():
        return 1 / 0
    helper()
jr.text("b")
jr.text("c")
"""


def test_exception_becomes_an_element_where_the_run_stopped(make_app: Any) -> None:
    app = make_app(FAILING)
    app.run()
    app.state["fail"] = True
    run = app.run()
    assert run.status == "error"
    exc = app.page[(0, 1)]
    assert exc["kind"] == "exception" and exc["ename"] == "ZeroDivisionError"
    assert exc["evalue"] == "division by zero"
    assert {"path": [0], "len": 2} in run.trims
    assert sorted(app.page) == [(0, 0), (0, 1)]
    # fixed: the page comes back
    app.state["fail"] = False
    assert app.run().status == "complete"
    assert _texts(app.page) == ["a", "b", "c"]


def test_traceback_starts_in_the_script_without_runner_frames(make_app: Any) -> None:
    app = make_app(FAILING, filename="/srv/apps/failing.py")
    app.state["fail"] = True
    tb = app.run().of_kind("exception")[0]["traceback"]
    lines = tb.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[1].strip() == 'File "/srv/apps/failing.py", line 6, in <module>'
    assert 'File "/srv/apps/failing.py", line 5, in helper' in tb
    assert lines[-1] == "ZeroDivisionError: division by zero"
    assert "runner.py" not in tb and "jupyter_reactive" not in tb and "exec(" not in tb


def test_exception_in_a_callback_is_shown_too(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        def boom():
            raise KeyError("cb")
        jr.button("go", on_click=boom)
    """)
    app.run()
    run = app.send({app.widget("go")["id"]: True})
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "KeyError" and "in boom" in exc["traceback"] and "runner.py" not in exc["traceback"]


def test_syntax_error_in_the_script(make_app: Any) -> None:
    app = make_app('import jupyter_reactive as jr\njr.text("ok")\n')
    app.run()
    app.runner.set_source('import jupyter_reactive as jr\njr.write("a"\n')
    run = app.run()
    assert run.status == "error"
    exc = app.page[(0, 0)]
    assert exc["kind"] == "exception" and exc["ename"] == "SyntaxError"
    assert 'File "app.py", line 2' in exc["traceback"]
    assert exc["traceback"].rstrip().splitlines()[-1].startswith("SyntaxError: ")
    assert "runner.py" not in exc["traceback"] and "Traceback" not in exc["traceback"]
    assert len(app.page) == 1
    # the next source is compiled on the next run
    app.runner.set_source('import jupyter_reactive as jr\njr.text("fixed")\n')
    assert app.run().status == "complete" and app.page == {(0, 0): {"kind": "text", "text": "fixed"}}


def test_script_catching_exception_does_not_swallow_a_rerun(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.text("a")
        try:
            jr.text("b")
        except Exception:
            jr.text("swallowed")
        jr.text("c")
    """)
    app.requests.request_rerun(RerunData({"x": 1}))
    run = app.run()
    assert run.status == "rerun" and run.following == RerunData({"x": 1}) and run.items == []


def test_keyboard_interrupt_is_reported_as_interrupted(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.text("a")
        raise KeyboardInterrupt
    """)
    run = app.run()
    assert run.status == "interrupted" and run.following is None
    assert run.of_kind("exception")[0]["ename"] == "Interrupted"


def test_keyboard_interrupt_with_a_pending_rerun_becomes_that_rerun(make_app: Any, hooks: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        import jr_test_hooks as hooks
        jr.text("a")
        hooks.requests.request_rerun(hooks.data)
        raise KeyboardInterrupt  # the server's interrupt after the grace period
    """)
    hooks.requests, hooks.data = app.requests, RerunData({"w": 2})
    run = app.run()
    assert run.status == "rerun" and run.following == RerunData({"w": 2})
    assert not run.of_kind("exception")


def test_sys_exit_ends_the_run_normally(make_app: Any) -> None:
    app = make_app("import sys\nimport jupyter_reactive as jr\njr.text('a')\nsys.exit(0)\njr.text('b')\n")
    run = app.run()
    assert run.status == "complete" and _texts(app.page) == ["a"]


# -- stop and rerun -------------------------------------------------------------------------

STOPPING = """
import jupyter_reactive as jr
jr.text("a")
if jr.session_state.get("stop"):
    jr.stop()
jr.text("b")
jr.text("c")
"""


def test_stop_ends_the_run_and_trims_what_came_after(make_app: Any) -> None:
    app = make_app(STOPPING)
    app.run()
    app.state["stop"] = True
    run = app.run()
    assert run.status == "stopped" and run.following is None
    assert run.trims == [{"path": [0], "len": 1}]
    assert _texts(app.page) == ["a"]


def test_stop_request_from_the_page_stops_at_the_next_element(make_app: Any) -> None:
    app = make_app(STOPPING)
    app.requests.request_stop()
    run = app.run()
    assert run.status == "stopped" and run.items == []
    assert app.run().status == "complete"  # the stop was consumed


def test_script_rerun_ends_the_run_then_a_fresh_run_follows(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.session_state.count = jr.session_state.get("count", 0) + 1
        jr.text(f"run {jr.session_state.count}")
        if jr.session_state.count == 1:
            jr.rerun()
        jr.text("end")
    """)
    first = app.run()
    assert first.status == "rerun" and first.trims == []
    assert first.following == RerunData()
    second = app.run_data(first.following)
    assert second.status == "complete"
    assert second.messages[0] == {"type": protocol.RUN_STARTED, "run": 2, **second.messages[0]}
    assert _texts(app.page) == ["run 2", "end"]


def _slider_changed_mid_run(make_app: Any, hooks: Any) -> tuple[Any, str, Any]:
    """A run stopped at x == 0 while another thread changes the slider to 5 (the viewer), then
    let go on: (the app, the slider's id, the run)."""
    app = make_app("""
        import jupyter_reactive as jr
        import jr_test_hooks as hooks
        x = jr.slider("x", 0, 10, 0)
        jr.text(f"x={x}")
        if x == 0:
            hooks.reached.set()
            assert hooks.go.wait(10)
        jr.text("after")
    """)
    # the widget's id, learnt from another session of the same script (ids are stable)
    first = make_app("import jupyter_reactive as jr\njr.slider('x', 0, 10, 0)\n")
    first.run()
    wid = first.widget("x")["id"]
    errors: list[BaseException] = []

    def viewer() -> None:
        try:
            assert hooks.reached.wait(TIMEOUT)
            data, refused = app.state.validate({wid: 5})
            assert refused == []
            app.requests.request_rerun(data)
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)
        finally:
            hooks.go.set()

    thread = threading.Thread(target=viewer)
    thread.start()
    run = app.run()
    thread.join(TIMEOUT)
    assert not errors
    return app, wid, run


def test_rerun_from_another_thread_cuts_the_run_at_the_next_element(make_app: Any, hooks: Any) -> None:
    app, wid, run = _slider_changed_mid_run(make_app, hooks)
    assert run.status == "rerun"
    assert [el.get("text") for _p, el in run.items if el["kind"] == "text"] == ["x=0"]
    assert run.trims == []
    assert run.following is not None and dict(run.following.values) == {wid: 5}
    run = app.run_data(run.following)
    assert run.status == "complete"
    assert _texts(app.page)[1:] == ["x=5", "after"]


def test_serve_forever_runs_requests_until_shutdown(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.session_state.count = jr.session_state.get("count", 0) + 1
        if jr.session_state.count == 1:
            jr.rerun()
        jr.text(f"run {jr.session_state.count}")
    """)
    finished: list[dict[str, Any]] = []
    complete = threading.Event()
    send = app.outbox._send

    def watch(frames: list[bytes]) -> None:
        send(frames)
        for frame in frames:
            header, _ = protocol.decode_frame(frame)
            if header["type"] == protocol.RUN_FINISHED:
                finished.append(header)
                if header["status"] == "complete":
                    complete.set()

    app.outbox._send = watch
    server = threading.Thread(target=app.runner.serve_forever, daemon=True)
    server.start()
    app.requests.request_rerun(RerunData())
    assert complete.wait(TIMEOUT)
    app.requests.request_shutdown()
    server.join(TIMEOUT)
    assert not server.is_alive()
    assert [(m["run"], m["status"]) for m in finished] == [(1, "rerun"), (2, "complete")]
    assert _texts(app.page) == ["run 2"]


# -- the script's module --------------------------------------------------------------------


def test_script_runs_as_main_and_sees_its_file(make_app: Any) -> None:
    saved = sys.modules.get("__main__")
    app = make_app(
        """
        import sys
        import jupyter_reactive as jr
        jr.text(f"{__name__} {__file__} {sys.modules['__main__'].__file__}")
        if __name__ == "__main__":
            jr.text("main block ran")
    """,
        filename="/srv/apps/my_app.py",
    )
    app.run()
    assert _texts(app.page) == ["__main__ /srv/apps/my_app.py /srv/apps/my_app.py", "main block ran"]
    assert sys.modules.get("__main__") is saved


def test_each_run_gets_a_fresh_module_namespace(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        try:
            counter += 1
        except NameError:
            counter = 1
        jr.text(str(counter))
    """)
    app.run()
    app.run()
    assert _texts(app.page) == ["1"]


# -- write() and markdown -------------------------------------------------------------------


class _Html:
    def _repr_html_(self) -> str:
        return "<table><tr><td>cell</td></tr></table>"


class _Png:
    def _repr_png_(self) -> bytes:
        return b"\x89PNG fake"


class _Bundle:
    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/plain": "plain", "image/svg+xml": "<svg></svg>"}


class _Plain:
    def __repr__(self) -> str:
        return "<Plain object>"


def _write_one(make_app: Any, expr: str) -> dict[str, Any]:
    app = make_app(
        "import jupyter_reactive as jr\n"
        "from tests.kernel.test_runner import _Html, _Png, _Bundle, _Plain\n"
        f"jr.write({expr})\n"
    )
    run = app.run()
    assert run.status == "complete", run.messages
    (el,) = app.page.values()
    return el


@pytest.mark.parametrize(
    ("expr", "html"),
    [
        ("42", "<p><code>42</code></p>\n"),
        ("2.5", "<p><code>2.5</code></p>\n"),
        ("True", "<p><code>True</code></p>\n"),
        ("None", "<p><code>None</code></p>\n"),
    ],
)
def test_write_scalars_as_inline_code_like_streamlit(make_app: Any, expr: str, html: str) -> None:
    assert _write_one(make_app, expr) == {"kind": "markdown", "variant": "body", "html": html}


def test_write_string_is_markdown(make_app: Any) -> None:
    el = _write_one(make_app, '"**bold** and `code`"')
    assert el == {"kind": "markdown", "variant": "body", "html": "<p><strong>bold</strong> and <code>code</code></p>\n"}


def test_write_joins_consecutive_strings(make_app: Any) -> None:
    app = make_app('import jupyter_reactive as jr\njr.write("a", "b", 1, "c")\n')
    app.run()
    # a scalar joins the strings around it as inline code, as in Streamlit: one paragraph
    assert _texts(app.page) == ["<p>a b <code>1</code> c</p>\n"]


@pytest.mark.parametrize(("expr", "value"), [('{"a": [1, 2]}', {"a": [1, 2]}), ("[1, 'x', None]", [1, "x", None])])
def test_write_data_as_json(make_app: Any, expr: str, value: Any) -> None:
    assert _write_one(make_app, expr) == {"kind": "json", "value": value, "expanded": True}


def test_write_exception(make_app: Any) -> None:
    el = _write_one(make_app, 'ValueError("bad <thing>")')
    assert el["kind"] == "exception" and el["ename"] == "ValueError" and el["evalue"] == "bad <thing>"
    assert el["traceback"] == ""  # never raised: no frames to show, as in Streamlit


def test_write_object_with_repr_html(make_app: Any) -> None:
    assert _write_one(make_app, "_Html()") == {
        "kind": "html",
        "html": "<table><tr><td>cell</td></tr></table>",
        "scoped": True,
    }


def test_write_object_with_repr_png(make_app: Any) -> None:
    el = _write_one(make_app, "_Png()")
    assert el["kind"] == "image" and el["width"] is None and not el["use_container_width"]
    (item,) = el["images"]
    prefix = "data:image/png;base64,"
    assert item["caption"] is None
    assert item["src"].startswith(prefix) and base64.b64decode(item["src"][len(prefix) :]) == b"\x89PNG fake"


def test_write_object_with_repr_mimebundle_picks_the_richest(make_app: Any) -> None:
    # SVG is shown as an image (an <img> never runs an SVG's scripts)
    el = _write_one(make_app, "_Bundle()")
    assert el["kind"] == "image" and el["images"][0]["src"] == "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="


def test_write_plain_object_as_its_str_in_code(make_app: Any) -> None:
    # Streamlit's write: an object with no rich repr is its str as inline code
    el = _write_one(make_app, "_Plain()")
    assert el == {"kind": "markdown", "variant": "body", "html": "<p><code>&lt;Plain object&gt;</code></p>\n"}


def test_write_data_that_is_not_json_falls_back_to_its_repr(make_app: Any) -> None:
    el = _write_one(make_app, '{"s": {1, 2}}')
    assert el == {"kind": "text", "text": "{'s': {1, 2}}"}


def test_markdown_escapes_raw_html(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.markdown("hi <script>alert(1)</script> <img src=x onerror=alert(2)>")
        jr.write("<script>alert(3)</script>")
        jr.title("<b>t</b>")
        jr.caption("<i>c</i>")
        jr.error("<script>e</script>")
        jr.markdown("[click](javascript:alert(4))")
    """)
    app.run()
    htmls = [el["html"] for _p, el in sorted(app.page.items())]
    for html in htmls:
        assert "<script" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in htmls[0]
    assert "&lt;img src=x onerror=alert(2)&gt;" in htmls[0]
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in htmls[1]


def test_markdown_unsafe_allow_html_passes_html(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.markdown("<b>bold</b> <span style='color:red'>red</span>", unsafe_allow_html=True)
        jr.write("<i>it</i>", unsafe_allow_html=True)
        jr.caption("<u>u</u>", unsafe_allow_html=True)
    """)
    app.run()
    htmls = [el["html"] for _p, el in sorted(app.page.items())]
    assert htmls == [
        "<p><b>bold</b> <span style='color:red'>red</span></p>\n",
        "<p><i>it</i></p>\n",
        "<p><u>u</u></p>\n",
    ]


def test_other_elements(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.header("H", divider=True)
        jr.code("x = 1", language="python")
        jr.json('{"k": 1}', expanded=False)
        jr.divider()
        jr.html("<b>raw</b>")
        jr.info("note", icon="i")
        jr.exception(RuntimeError("shown"))
    """)
    app.run()
    els = [el for _p, el in sorted(app.page.items())]
    # divider=True: the first colour of Streamlit's cycle in this run
    assert els[0] == {"kind": "markdown", "variant": "header", "html": "H", "divider": "blue"}
    assert els[1]["kind"] == "code" and els[1]["code"] == "x = 1" and els[1]["language"] == "python"
    assert "<pre" in els[1]["html"]
    assert els[2] == {"kind": "json", "value": {"k": 1}, "expanded": False}
    assert els[3] == {"kind": "divider"}
    assert els[4] == {"kind": "html", "html": "<b>raw</b>"}
    assert els[5] == {"kind": "alert", "level": "info", "html": "<p>note</p>\n", "icon": "i"}
    assert els[6]["kind"] == "exception" and els[6]["ename"] == "RuntimeError" and els[6]["evalue"] == "shown"


# -- forms ----------------------------------------------------------------------------------


def test_widgets_inside_a_form_carry_its_form_id(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        outside = jr.checkbox("outside")
        with jr.form("signup"):
            jr.text_input("name")
            left, right = jr.columns(2)
            left.slider("age", 0, 120, 30)
            with right:
                jr.checkbox("agree")
            jr.form_submit_button("Join")
    """)
    assert app.run().status == "complete"
    assert app.widget("outside")["form_id"] is None
    for label in ("name", "age", "agree", "Join"):
        assert app.widget(label)["form_id"] == "form-signup", label
    assert app.page[(0, 1)] == {
        "kind": "block",
        "layout": "form",
        "form_id": "form-signup",
        "border": True,
        "clear_on_submit": False,
    }


def test_form_submit_button_outside_a_form_raises(make_app: Any) -> None:
    app = make_app("import jupyter_reactive as jr\njr.form_submit_button('Send')\n")
    run = app.run()
    assert run.status == "error"
    exc = run.of_kind("exception")[0]
    assert exc["ename"] == "RuntimeError" and "must be used inside a jr.form()" in exc["evalue"]


def test_button_inside_a_form_raises(make_app: Any) -> None:
    app = make_app("import jupyter_reactive as jr\nwith jr.form('f'):\n    jr.button('b')\n")
    run = app.run()
    assert run.status == "error"
    exc = run.of_kind("exception")[0]
    assert exc["ename"] == "RuntimeError" and "can't be used in a form" in exc["evalue"]


def test_forms_cannot_be_nested(make_app: Any) -> None:
    app = make_app("import jupyter_reactive as jr\nwith jr.form('a'):\n    with jr.form('b'):\n        pass\n")
    exc = app.run().of_kind("exception")[0]
    assert exc["ename"] == "RuntimeError" and "nested" in exc["evalue"]


# -- layout odds and ends -------------------------------------------------------------------


def test_sidebar_and_containers_write_to_their_own_paths(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.sidebar.text("s0")
        with jr.sidebar:
            jr.text("s1")
        c = jr.container(border=True)
        jr.text("main")
        c.text("in c")
        a, b = jr.columns([2, 1], gap="large")
        b.text("in b")
    """)
    app.run()
    assert app.page[(1, 0)]["text"] == "s0" and app.page[(1, 1)]["text"] == "s1"
    assert app.page[(0, 0)] == {"kind": "block", "layout": "vertical", "border": True, "height": None}
    assert app.page[(0, 0, 0)]["text"] == "in c" and app.page[(0, 1)]["text"] == "main"
    assert app.page[(0, 2)]["gap"] == "large"
    assert [app.page[(0, 2, i)]["weight"] for i in (0, 1)] == [2.0, 1.0]
    assert app.page[(0, 2, 1, 0)]["text"] == "in b"


@pytest.mark.parametrize("call", ["jr.columns(0)", "jr.columns([1, 0])", "jr.columns(2, gap='huge')", "jr.tabs([])"])
def test_layout_argument_errors(make_app: Any, call: str) -> None:
    app = make_app(f"import jupyter_reactive as jr\n{call}\n")
    run = app.run()
    # Streamlit's error classes for these are ValueErrors too (jupyter_reactive.errors)
    names = ("ValueError", "StreamlitInvalidColumnSpecError", "StreamlitValueError")
    assert run.status == "error" and run.of_kind("exception")[0]["ename"] in names


# -- outside an app -------------------------------------------------------------------------


def test_outside_an_app_elements_do_nothing_and_widgets_return_defaults() -> None:
    assert get_context() is None
    assert jr.write("w", 1, {"a": 1}) is None
    assert jr.title("t").text("replaced") is not None and jr.markdown("m").empty() is not None
    assert jr.button("b") is False
    assert jr.checkbox("c", True) is True and jr.toggle("t") is False
    assert jr.slider("s", 0, 10, 4) == 4 and jr.slider("r", 0, 10, (1, 2)) == (1, 2)
    assert jr.number_input("n", value=None) is None and jr.number_input("m", 1, 5) == 1
    assert jr.text_input("t", "x") == "x" and jr.text_area("a") == ""
    assert jr.selectbox("s", ["a", "b"], index=1) == "b" and jr.radio("r", ["a"], index=None) is None
    assert jr.multiselect("m", ["a", "b"], ["b"]) == ["b"]
    with jr.form("f"):
        assert jr.form_submit_button() is False
    left, _right = jr.columns(2)
    with left:
        jr.text("x")
    with jr.expander("e"), jr.sidebar:
        jr.text("y")
    jr.sidebar.text("z")
    ph = jr.empty()
    ph.text("p")
    ph.empty()
    jr.progress(10).progress(20)
    with jr.spinner():
        pass
    jr.rerun()
    jr.stop()
    jr.session_state.outside = 1
    assert jr.session_state["outside"] == 1 and "outside" in jr.session_state
    del jr.session_state.outside
    assert get_context() is None


def test_outside_an_app_argument_errors_still_raise() -> None:
    # (a slider's reversed bounds are swapped, as Streamlit 1.67 does: test_widgets.py)
    with pytest.raises(ValueError, match="min_value"):
        jr.number_input("n", 5, 1)
    with pytest.raises(ValueError, match="step"):
        jr.slider("s", 1, 5, step=0)
    with pytest.raises(ValueError, match="not one of the options"):
        jr.multiselect("m", ["a"], ["z"])


def test_traceback_shows_the_lines_that_ran_not_the_file_on_disk(make_app: Any, tmp_path: Any) -> None:
    # a notebook app runs its joined code cells; the file at __file__ is the notebook's JSON
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text('{\n "cells": "JSON line 2",\n "x": "JSON line 3"\n}\n')
    app = make_app('import jupyter_reactive as jr\n\nraise ValueError("from the cell")\n', filename=str(notebook))
    tb = app.run().of_kind("exception")[0]["traceback"]
    assert 'raise ValueError("from the cell")' in tb
    assert "JSON line" not in tb


# -- a notebook app's print -------------------------------------------------------------------

NOTEBOOK_PRINTS = """
import sys, threading
import jupyter_reactive as jr
print("one")
print("two", end="")
sys.stdout.write(" still two\\n")
jr.text("between")
print("three")
with jr.container():
    print("inside")
threading.Thread(target=print, args=("from a thread",)).start()
print("x" * 150_000)
print("after the cut")
"""


def test_a_notebook_apps_print_shows_where_it_ran(make_app: Any, capsys: pytest.CaptureFixture[str]) -> None:
    app = make_app(NOTEBOOK_PRINTS, filename="nb.ipynb")
    run = app.run()
    assert run.status == "complete", _texts(run)
    texts = _texts(run)
    assert texts[:4] == ["one\ntwo still two", "between", "three", ""] and texts[4] == "inside"
    big = texts[5]
    assert (
        big.startswith("x" * 1000) and big.endswith("(output cut at 100,000 characters)") and "after the cut" not in big
    )
    assert len(texts) == 6
    assert "from a thread" not in "".join(texts)  # another thread's print is not the script's output


def test_a_scripts_print_is_not_on_the_page(make_app: Any) -> None:
    run = make_app("print('to the log')\nimport jupyter_reactive as jr\njr.text('shown')\n").run()
    assert _texts(run) == ["shown"]


@pytest.mark.parametrize("garbage", ["sys.stdout.write(b'bytes')", "sys.stdout.write(None)", "sys.stdout.write(3)"])
def test_a_notebook_apps_stdout_refuses_what_is_not_text(make_app: Any, garbage: str) -> None:
    run = make_app(f"import sys\nprint('before')\n{garbage}\n", filename="nb.ipynb").run()
    assert run.status == "error"
    assert _texts(run)[0] == "before"
    errors = [el for _p, el in run.items if el.get("kind") == "exception"]
    assert len(errors) == 1 and errors[0]["ename"] == "TypeError" and "must be str" in errors[0]["evalue"]


def test_values_unchanged_at_a_runs_end_are_acknowledged_without_a_run(make_app: Any) -> None:
    """A value equal to the current one that reaches the kernel between a run's end and its next
    wait is queued as a rerun (the bridge saw a run in flight); the runner takes it in with an
    ack instead of running again, as it does between runs."""
    from jupyter_reactive.kernel.requests import RerunData

    app = make_app("import jupyter_reactive as jr\nn = jr.slider('n', 0, 100, 10)\njr.text(f'value: {n}')\n")
    app.run()
    wid = app.widget("n")["id"]
    same, _errors = app.state.validate({wid: 10})
    start = len(app.messages)
    assert app.runner._takes_in_without_a_run(same)
    assert [m["type"] for m in app.messages[start:]] == ["ack"] and app.messages[-1]["widgets"] == {wid: 10}
    changed, _errors = app.state.validate({wid: 11})
    assert not app.runner._takes_in_without_a_run(changed)
    assert not app.runner._takes_in_without_a_run(RerunData())  # an explicit rerun always runs


ARGPARSE_APP = """
import argparse
import sys

import jupyter_reactive as jr

parser = argparse.ArgumentParser()
parser.add_argument("--name", default="world")
jr.write(f"hello {parser.parse_args().name} from {sys.argv[0]}")
sys.argv.append("changed by the app")
"""


def test_the_script_sees_its_own_argv_not_the_kernels(make_app: Any) -> None:
    """sys.argv is [script, *args] while the app runs, as under `python app.py ARGS`: argparse
    works (the kernel's own `-f connection.json` would make it exit); each run starts afresh,
    and the kernel's own argv is back after it."""
    before = list(sys.argv)
    app = make_app(ARGPARSE_APP, filename="/apps/app.py")
    app.run()
    assert app.has_text("hello world from /apps/app.py") and sys.argv == before
    app.runner.argv = ["--name", "Ada"]
    app.run()
    app.run()
    assert app.has_text("hello Ada from /apps/app.py") and sys.argv == before


@pytest.mark.parametrize("argv", ["--name Ada", ["--name", 1], {"a": "b"}, 3])
def test_an_argv_that_is_not_a_list_of_strings_is_refused(argv: Any, tmp_path: Any) -> None:
    from jupyter_reactive.kernel.bridge import KernelSession

    inbound = types.SimpleNamespace(on_msg=lambda handler: None)
    config = {"source": "x = 1\n", "filename": str(tmp_path / "app.py"), "out_comm_id": "out", "argv": argv}
    with pytest.raises(ValueError, match="argv must be a list of strings"):
        KernelSession(inbound, config)


def test_fast_reruns_off_lets_the_run_finish_before_the_change(make_app: Any, hooks: Any) -> None:
    """runner.fastReruns = false (config.toml): a widget change during a run does not cut it
    short at the next element; the run ends, then the change's rerun runs."""
    from jupyter_reactive.kernel.options import configure

    configure({"runner.fastReruns": False})
    try:
        app, wid, run = _slider_changed_mid_run(make_app, hooks)
    finally:
        configure({})
    assert run.status == "complete"
    assert [el.get("text") for _p, el in run.items if el["kind"] == "text"] == ["x=0", "after"]
    pending = app.requests.take_pending()  # the change's rerun, next
    assert pending is not None and dict(pending.values) == {wid: 5} and pending.waits
