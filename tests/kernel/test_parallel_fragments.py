"""``@fragment(parallel=True)``: during a full run each runs on a thread of its own, at the same
time as the script, into its own container; the run ends when all have; later reruns are
sequential; Streamlit's refusals on the parallel run; a cut run draws nothing after the cut."""

from __future__ import annotations

import threading
from typing import Any

from jupyter_reactive import protocol
from jupyter_reactive.kernel.delta import RunContext
from jupyter_reactive.kernel.requests import RerunData

CONCURRENT = """
import threading
import jupyter_reactive as jr

if "events" not in jr.session_state:
    jr.session_state.events = {"a": threading.Event(), "b": threading.Event()}
ev = jr.session_state.events
jr.session_state.setdefault("full", 0)
jr.session_state.full += 1

@jr.fragment(parallel=True)
def card(me, other):
    ev[me].set()
    saw = ev[other].wait(20)  # never set if the two ran one after the other
    n = jr.slider(f"n {me}", 0, 9, 1)
    jr.write(f"{me} saw {other}: {saw}, n={n}, on the script thread: {threading.current_thread() is threading.main_thread()}")

jr.write("top")
card("a", "b")
jr.write("middle")
card("b", "a")
jr.write(f"bottom {jr.session_state.full}")
"""


def texts_in(app: Any, path: tuple[int, ...]) -> list[str]:
    return [el["html"].strip() for p, el in sorted(app.page.items()) if p[:-1] == path and "html" in el]


def parallel_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("jr-parallel-") and t.is_alive()]


def test_parallel_fragments_run_at_once_each_in_its_own_place(make_app: Any) -> None:
    app = make_app(CONCURRENT)
    run = app.run()
    assert run.status == "complete"
    assert parallel_threads() == []  # the run ended when they had
    assert type(app.ctx) is RunContext  # its fields plain again: later runs pay nothing
    main = [p for p in app.page if len(p) == 2 and p[0] == protocol.MAIN]
    assert [app.page[p].get("html", "").strip() or app.page[p]["layout"] for p in sorted(main)] == [
        "<p>top</p>",
        "vertical",
        "<p>middle</p>",
        "vertical",
        "<p>bottom 1</p>",
    ]
    a, b = (p for p in sorted(main) if app.page[p].get("layout") == "vertical")
    assert texts_in(app, a) == ["<p>a saw b: True, n=1, on the script thread: False</p>"]
    assert texts_in(app, b) == ["<p>b saw a: True, n=1, on the script thread: False</p>"]
    # a later rerun of one of them (its widget) is sequential, on the script thread
    app.send({app.widget("n a")["id"]: 4})
    assert texts_in(app, a) == ["<p>a saw b: True, n=4, on the script thread: True</p>"]
    assert app.has_text("bottom 1")
    # a full run runs them in parallel again, their widgets keeping their values
    for e in app.state["events"].values():
        e.clear()
    assert app.run().status == "complete"
    assert texts_in(app, a) == ["<p>a saw b: True, n=4, on the script thread: False</p>"]
    assert app.has_text("bottom 2")


def test_what_a_parallel_fragment_may_not_do_on_its_thread(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.dialog("d")
        def d():
            jr.write("in the dialog")

        @jr.fragment(parallel=True)
        def opens():
            d()

        @jr.fragment(parallel=True)
        def outside():
            jr.sidebar.write("side")

        @jr.fragment(parallel=True)
        def switches():
            jr.switch_page("app.py")

        opens()
        outside()
        switches()
        jr.write("the run goes on")
        """
    )
    run = app.run()
    assert run.status == "complete" and app.has_text("the run goes on")
    errors = {e["evalue"].split(" ")[0]: e for e in run.of_kind("exception")}
    assert set(errors) == {"`@st.dialog`", "`st.switch_page`", "Writing"}
    for exc in errors.values():
        assert exc["ename"] == "StreamlitInvalidLayoutContextError"
    assert "cannot be called from a parallel fragment during the initial page load" in errors["`@st.dialog`"]["evalue"]
    assert "gate the call behind a widget interaction" in errors["`st.switch_page`"]["evalue"]
    assert errors["Writing"]["evalue"].startswith(
        "Writing to a container created outside a parallel fragment, including `st.sidebar` and `st.bottom`"
    )
    assert not app.has_text("<p>side</p>") and not app.has_text("in the dialog")


def test_a_parallel_fragments_rerun_and_stop_end_the_run(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        n = jr.session_state.setdefault("n", 0)
        jr.session_state.n += 1

        @jr.fragment(parallel=True)
        def f():
            if jr.session_state.n == 1:
                jr.rerun()
            if jr.session_state.n == 2:
                jr.stop()
            jr.write("drawn")

        f()
        """
    )
    first = app.run()
    assert first.status == "rerun" and first.following is not None and first.following.fragments == ()
    assert app.run_data(first.following).status == "stopped"
    assert app.run().status == "complete" and app.has_text("drawn")


def test_a_cut_run_draws_nothing_of_its_parallel_fragments_after_the_cut(make_app: Any) -> None:
    app = make_app(
        """
        import threading
        import jupyter_reactive as jr
        started, cut = jr.session_state.started, jr.session_state.cut

        @jr.fragment(parallel=True)
        def busy():
            jr.write("first")
            started.set()
            cut.wait(20)
            for i in range(50):
                jr.write(f"late {i}")

        jr.session_state.setdefault("runs", 0)
        jr.session_state.runs += 1
        if jr.session_state.runs == 1:
            busy()
        jr.write(f"run {jr.session_state.runs}")
        """
    )

    app.state["started"], app.state["cut"] = threading.Event(), threading.Event()

    def cut_when_started() -> None:
        app.state["started"].wait(20)
        app.requests.request_rerun(RerunData())  # a widget change: the run in flight is cut
        app.state["cut"].set()  # (only now does the fragment try to write more)

    poster = threading.Thread(target=cut_when_started)
    poster.start()
    run = app.run()
    poster.join()
    assert run.status == "rerun" and parallel_threads() == []
    assert not any("late" in el.get("html", "") for _p, el in run.items)
    assert run.messages[-1]["type"] == protocol.RUN_FINISHED
    seen = len(app.messages)
    assert app.run_data(run.following).status == "complete"
    assert not any(
        "late" in el.get("html", "")
        for m in app.messages[seen:]
        if m["type"] == "deltas"
        for el in [i["el"] for i in m["items"]]
    )
    assert app.has_text("run 2")


def test_parallel_fragments_share_session_state_and_caches(make_app: Any) -> None:
    app = make_app(
        """
        import threading
        import jupyter_reactive as jr
        lock = jr.session_state.setdefault("lock", threading.Lock())
        calls = jr.session_state.setdefault("calls", [])

        @jr.cache_data
        def square(x):
            with lock:
                calls.append(x)
            return x * x

        @jr.fragment(parallel=True)
        def part(i):
            jr.write(f"{i}: {square(i % 3)}")
            with lock:
                jr.session_state[f"done {i}"] = True

        for i in range(6):
            part(i)
        """
    )
    assert app.run().status == "complete"
    assert all(app.state[f"done {i}"] for i in range(6))
    assert all(app.has_text(f"{i}: {(i % 3) ** 2}") for i in range(6))
    app.run()
    assert sorted(set(app.state["calls"])) == [0, 1, 2]


def test_each_thread_writes_into_its_own_with_blocks_nested_fragments_included(make_app: Any) -> None:
    app = make_app(
        """
        import threading
        import jupyter_reactive as jr
        inside, drawn = threading.Event(), threading.Event()

        @jr.fragment(parallel=True)
        def inner():
            jr.write("inner")

        @jr.fragment(parallel=True)
        def outer():
            inside.wait(20)  # the script thread is inside its own `with` block now
            with jr.container(border=True):
                jr.write("outer's own")
                inner()  # parallel too: a thread of its own
            drawn.set()

        outer()
        with jr.container():
            inside.set()
            drawn.wait(20)  # the fragment wrote while this block was open
            jr.write("script's own")
        jr.write("after")
        """
    )
    assert app.run().status == "complete"
    assert type(app.ctx) is RunContext and parallel_threads() == []
    where = {el["html"].strip(): p for p, el in app.page.items() if "html" in el}
    assert where["<p>script's own</p>"] == (protocol.MAIN, 1, 0)
    assert where["<p>after</p>"] == (protocol.MAIN, 2)
    assert where["<p>outer's own</p>"] == (protocol.MAIN, 0, 0, 0)
    assert where["<p>inner</p>"] == (protocol.MAIN, 0, 0, 1, 0)
