"""Fragments and dialogs in the runner, in process: a fragment's widget reruns only it, scopes of
rerun requests and how pending ones merge, run_every, errors, Streamlit's rules, dialogs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from jupyter_reactive import errors as jr_errors
from jupyter_reactive import protocol
from jupyter_reactive.errors import StreamlitAPIException
from jupyter_reactive.kernel.fragments import FragmentError, run_every_seconds
from jupyter_reactive.kernel.requests import RerunData, ScriptRequests

COUNTER = """
import jupyter_reactive as jr
jr.session_state.setdefault("full", 0)
jr.session_state.full += 1
jr.write(f"full runs: {jr.session_state.full}")

@jr.fragment
def inner(label):
    n = jr.slider(label, 0, 10, 1)
    jr.write(f"inside: {n}, outside: {outer}")
    for i in range(n):
        jr.text(f"row {i}")

outer = jr.slider("outer", 0, 10, 5)
inner("inside")
jr.write("after the fragment")
"""


def _started(run: Any) -> dict[str, Any]:
    (msg,) = [m for m in run.messages if m["type"] == protocol.RUN_STARTED]
    return msg


def test_a_fragment_widget_reruns_only_the_fragment(make_app: Any) -> None:
    app = make_app(COUNTER)
    first = app.run()
    assert first.status == "complete"
    assert app.has_text("full runs: 1") and app.has_text("inside: 1, outside: 5")
    assert "fragments" not in _started(first)
    inside = app.widget("inside")
    data, errors = app.state.validate({inside["id"]: 3})
    assert errors == [] and data.fragments and not data.scoped
    run = app.run_data(data)
    assert run.status == "complete"
    (frag_path,) = _started(run)["fragments"]
    # only the fragment's container was written to, the counter outside did not move
    assert all(path[: len(frag_path)] == tuple(frag_path) for path, _el in run.items)
    assert app.has_text("full runs: 1") and app.has_text("inside: 3, outside: 5")
    assert app.texts().count("row 2") == 1 and app.has_text("after the fragment")
    # fewer rows: trimmed inside the fragment only
    run = app.send({inside["id"]: 1})
    assert run.trims == [{"path": frag_path, "len": 3}]  # slider, text, one row
    assert not app.has_text("row 1") and app.has_text("after the fragment")
    # a widget outside reruns everything, the fragment included (its value kept)
    run = app.send({app.widget("outer")["id"]: 7})
    assert "fragments" not in _started(run)
    assert app.has_text("full runs: 2") and app.has_text("inside: 1, outside: 7")


def test_fragment_keeps_its_arguments_and_with_blocks(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.fragment
        def show(prefix, *, times):
            k = jr.number_input("k", 0, 100, 1)
            jr.write(f"{prefix}: {k * times}")

        left, right = jr.columns(2)
        with right:
            jr.text("before")
            show("product", times=3)
        jr.sidebar.text("side")
        """
    )
    app.run()
    run = app.send({app.widget("k")["id"]: 4})
    assert app.has_text("product: 12") and app.has_text("before") and app.has_text("side")
    (frag_path,) = _started(run)["fragments"]
    right = [p for p, el in app.page.items() if el.get("layout") == "column"][1]
    assert tuple(frag_path[:-1]) == right


def test_widgets_of_other_fragments_and_of_the_app_survive_a_fragment_run(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.fragment
        def a():
            if jr.checkbox("show b-ish"):
                jr.text("a extra")
            jr.slider("a", 0, 9, 0)

        @jr.fragment
        def b():
            jr.slider("b", 0, 9, 0)

        jr.slider("app", 0, 9, 0)
        a()
        b()
        """
    )
    app.run()
    app.send({app.widget("b")["id"]: 4})
    app.send({app.widget("a")["id"]: 2})
    assert app.state.widget_value(app.widget("b")["id"]) == 4
    app.send({app.widget("app")["id"]: 3})
    assert app.state.widget_value(app.widget("b")["id"]) == 4
    assert app.state.widget_value(app.widget("a")["id"]) == 2


def test_widget_not_drawn_again_by_its_fragment_is_forgotten(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.fragment
        def f():
            if jr.checkbox("more"):
                jr.slider("extra", 0, 9, 0)

        f()
        jr.slider("keep", 0, 9, 0)
        """
    )
    app.run()
    app.send({app.widget("more")["id"]: True})
    extra = app.widget("extra")["id"]
    app.send({extra: 5})
    app.send({app.widget("more")["id"]: False})
    assert "value for an unknown widget refused" in app.refused(extra, 5)
    assert app.widget("keep")


def test_nested_fragments_rerun_the_innermost(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.session_state.setdefault("outer_runs", 0)

        @jr.fragment
        def inner():
            v = jr.slider("inner", 0, 9, 0)
            jr.write(f"inner {v}")

        @jr.fragment
        def outer():
            jr.session_state.outer_runs += 1
            o = jr.slider("outer", 0, 9, 0)
            jr.write(f"outer {o}, runs {jr.session_state.outer_runs}")
            inner()

        outer()
        """
    )
    app.run()
    app.send({app.widget("inner")["id"]: 2})
    assert app.has_text("inner 2") and app.has_text("outer 0, runs 1")
    run = app.send({app.widget("outer")["id"]: 3})
    assert app.has_text("inner 2") and app.has_text("outer 3, runs 2") and run.status == "complete"
    # both asked at once: the outer run redraws the inner one, once
    data, _ = app.state.validate({app.widget("inner")["id"]: 4})
    data = data.merged(app.state.validate({app.widget("outer")["id"]: 5})[0])
    run = app.run_data(data)
    assert len(_started(run)["fragments"]) == 1
    assert app.has_text("inner 4") and app.has_text("outer 5, runs 3")


# -- requests: scopes and merging ------------------------------------------------------------


def test_an_app_rerun_supersedes_fragment_reruns() -> None:
    frag = RerunData({"a": 1}, fragments=("f1",))
    app = RerunData({"b": 2})
    assert frag.merged(app).fragments == () and app.merged(frag).fragments == ()
    assert frag.merged(app).values == {"a": 1, "b": 2}
    both = frag.merged(RerunData({"c": 3}, fragments=("f2", "f1")))
    assert both.fragments == ("f1", "f2") and both.waits


def test_a_fragment_request_waits_for_the_run_in_flight() -> None:
    requests = ScriptRequests()
    requests.request_rerun(RerunData({"x": 1}, fragments=("f",)))
    requests.check()  # no exception: the run in flight goes on
    requests.request_rerun(RerunData({"y": 2}))
    with pytest.raises(BaseException) as cut:
        requests.check()
    assert type(cut.value).__name__ == "RerunException"
    assert cut.value.data.fragments == () and cut.value.data.values == {"x": 1, "y": 2}  # type: ignore[attr-defined]


def test_a_scoped_fragment_rerun_cuts_the_run_short() -> None:
    requests = ScriptRequests()
    requests.request_rerun(RerunData(fragments=("f",), scoped=True))
    with pytest.raises(BaseException):
        requests.check()


def test_a_full_run_waits_out_a_fragment_event_then_the_fragment_reruns(make_app: Any, hooks: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        import jr_test_hooks as hooks

        @jr.fragment
        def f():
            jr.write(f"f sees {jr.slider('s', 0, 9, 0)}")

        f()
        hooks.calls.append("full")
        jr.text("a")
        jr.text("b")
        """
    )
    app.run()
    data, _ = app.state.validate({app.widget("s")["id"]: 6})
    app.requests.request_rerun(data)
    run = app.run()  # a full run: the pending fragment event does not cut it
    assert run.status == "complete" and run.following is None
    assert app.has_text("f sees 0")
    pending = app.requests.wait()
    assert pending is not None and pending.fragments
    app.run_data(pending)
    assert app.has_text("f sees 6") and hooks.calls == ["full", "full"]


def test_a_fragment_gone_from_the_page_is_not_run(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        if not jr.session_state.get("hide"):
            @jr.fragment
            def f():
                jr.slider("s", 0, 9, 0)
            f()
        """
    )
    app.run()
    data, _ = app.state.validate({app.widget("s")["id"]: 2})
    app.state["hide"] = True
    app.run()
    run = app.run_data(data)
    assert [m["type"] for m in run.messages] == [protocol.ACK]


def test_garbage_fragment_ids_run_nothing(make_app: Any) -> None:
    app = make_app(COUNTER)
    app.run()
    for junk in (("nope",), ("",), ("x" * 5000,)):
        run = app.run_data(RerunData(fragments=junk))
        assert [m["type"] for m in run.messages] == [protocol.ACK]
    assert app.has_text("full runs: 1")


# -- rerun(scope=) ---------------------------------------------------------------------------


def test_rerun_scope_fragment_reruns_only_the_fragment(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.session_state.setdefault("full", 0)
        jr.session_state.setdefault("frag", 0)
        jr.session_state.full += 1

        @jr.fragment
        def f():
            jr.session_state.frag += 1
            jr.write(f"frag {jr.session_state.frag}")
            if jr.button("again") and jr.session_state.frag < 4:
                jr.rerun(scope="fragment")
            if jr.button("all"):
                jr.rerun()

        f()
        jr.write(f"full {jr.session_state.full}")
        """
    )
    app.run()
    run = app.run_data(app.state.validate({app.widget("again")["id"]: True})[0])
    assert run.status == "rerun" and run.following is not None and run.following.fragments
    run = app.run_data(run.following)
    assert run.status == "complete" and app.has_text("frag 3") and app.has_text("full 1")
    run = app.run_data(app.state.validate({app.widget("all")["id"]: True})[0])
    assert run.status == "rerun" and run.following is not None and run.following.fragments == ()
    app.run_data(run.following)
    assert app.has_text("full 2")


def test_rerun_scope_fragment_outside_a_fragment_run_is_refused(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.fragment
        def f():
            jr.rerun(scope="fragment")

        f()
        """
    )
    run = app.run()
    assert run.status == "error"
    assert app.has_text("during fragment reruns")
    assert issubclass(FragmentError, StreamlitAPIException)
    # any other str is a fragment key, allowed only in a widget callback
    bad = make_app("import jupyter_reactive as jr\njr.rerun(scope='everything')\n")
    assert bad.run().status == "error" and bad.has_text("only allowed from a widget callback")


# -- errors and rules ------------------------------------------------------------------------


def test_a_fragment_error_shows_in_its_container_and_the_rest_stays(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.write("top")

        @jr.fragment
        def f():
            if jr.checkbox("boom"):
                raise ValueError("fragment broke")
            jr.write("fine")

        f()
        jr.write("bottom")
        """
    )
    app.run()
    run = app.send({app.widget("boom")["id"]: True})
    assert run.status == "error"
    (frag_path,) = _started(run)["fragments"]
    (exc_path,) = [p for p, el in app.page.items() if el["kind"] == "exception"]
    assert exc_path[:-1] == tuple(frag_path)
    assert app.has_text("top") and app.has_text("bottom") and not app.has_text("fine")
    run = app.send({app.widget("boom")["id"]: False})
    assert run.status == "complete" and app.has_text("fine") and app.kinds().count("exception") == 0


def test_a_fragment_error_in_a_full_run_ends_the_run_shown_once(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.fragment
        def f():
            raise KeyError("k")

        f()
        jr.write("never")
        """
    )
    run = app.run()
    assert run.status == "error" and app.kinds().count("exception") == 1 and not app.has_text("never")


def test_a_fragment_may_not_put_widgets_outside_its_container(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.fragment
        def f():
            jr.sidebar.button("outside")

        f()
        """
    )
    assert app.run().status == "error"
    assert app.has_text("Fragments cannot write widgets to outside containers.")


def test_elements_written_outside_accumulate_until_a_full_run(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        log = jr.container()

        @jr.fragment
        def f():
            jr.slider("s", 0, 9, 0)
            log.text("logged")

        f()
        jr.slider("app", 0, 9, 0)
        """
    )
    app.run()
    app.send({app.widget("s")["id"]: 1})
    app.send({app.widget("s")["id"]: 2})
    assert app.texts().count("logged") == 3
    app.send({app.widget("app")["id"]: 1})
    assert app.texts().count("logged") == 1


# -- run_every -------------------------------------------------------------------------------


def test_run_every_parses_streamlit_durations() -> None:
    assert run_every_seconds(None) is None
    assert run_every_seconds(2) == 2.0
    assert run_every_seconds(0.5) == 0.5
    assert run_every_seconds(timedelta(minutes=1)) == 60.0
    assert run_every_seconds("2s") == 2.0
    assert run_every_seconds("500ms") == 0.5
    assert run_every_seconds("1h23s") == 3623.0
    assert run_every_seconds("1.5 days") == 129600.0  # pandas reads the rest
    for bad in (0, -1, "soon", True, [1]):
        with pytest.raises(FragmentError):
            run_every_seconds(bad)  # type: ignore[arg-type]


def test_run_every_reruns_the_fragment_until_a_full_run_drops_it(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.session_state.setdefault("ticks", 0)

        @jr.fragment(run_every=0.05)
        def clock():
            jr.session_state.ticks += 1
            jr.write(f"tick {jr.session_state.ticks}")

        if not jr.session_state.get("stop"):
            clock()
        jr.write("static")
        """
    )
    app.run()
    for expected in (2, 3):
        data = app.requests.wait()  # posted by the ticker thread
        assert data is not None and data.fragments
        run = app.run_data(data)
        assert "fragments" in _started(run)
        assert app.has_text(f"tick {expected}") and app.has_text("static")
    app.state["stop"] = True
    app.run()
    assert app.ctx.fragments.live == {}
    assert not app.ctx.fragments._ticks


def test_run_every_bad_value_is_an_error_at_decoration(make_app: Any) -> None:
    app = make_app("import jupyter_reactive as jr\n@jr.fragment(run_every='sometimes')\ndef f():\n    pass\n")
    assert app.run().status == "error" and app.has_text("is not a duration")


# -- dialogs ---------------------------------------------------------------------------------

DIALOG = """
import jupyter_reactive as jr

@jr.dialog("Cast your vote", width="large")
def vote(item):
    jr.write(f"Why is {item} your favorite?")
    reason = jr.text_input("Because...")
    if jr.button("Submit"):
        jr.session_state.vote = {"item": item, "reason": reason}
        jr.rerun()

if "vote" not in jr.session_state:
    if jr.button("A"):
        vote("A")
else:
    jr.write(f"You voted for {jr.session_state.vote['item']} because {jr.session_state.vote['reason']}")
"""


def _dialogs(app: Any) -> list[tuple[Any, dict[str, Any]]]:
    return [(p, el) for p, el in app.page.items() if el.get("layout") == "dialog"]


def test_dialog_opens_takes_input_and_closes_on_rerun(make_app: Any) -> None:
    app = make_app(DIALOG)
    app.run()
    assert _dialogs(app) == []
    app.send({app.widget("A")["id"]: True})
    ((path, el),) = _dialogs(app)
    assert el["title"] == "Cast your vote" and el["width"] == "large" and el["dismissible"] is True
    assert app.has_text("Why is A your favorite?")
    # typing reruns only the dialog's body; the dialog stays open
    run = app.send({app.widget("Because...")["id"]: "it is red"})
    (frag_path,) = _started(run)["fragments"]
    assert tuple(frag_path[:-1]) == path and len(_dialogs(app)) == 1
    run = app.send({app.widget("Submit")["id"]: True})
    assert run.status == "rerun" and run.following is not None and run.following.fragments == ()
    app.run_data(run.following)
    assert _dialogs(app) == [] and app.has_text("You voted for A because it is red")


def test_one_dialog_per_run_and_no_nesting(make_app: Any) -> None:
    two = make_app(
        """
        import jupyter_reactive as jr

        @jr.dialog("one")
        def one():
            jr.write("1")

        one()
        one()
        """
    )
    run = two.run()
    assert run.status == "error" and two.has_text("Only one dialog is allowed to be opened at the same time.")
    # Streamlit 1.67 raises StreamlitInvalidLayoutContextError for both (its page shows the name)
    assert [e["ename"] for e in run.of_kind("exception")] == ["StreamlitInvalidLayoutContextError"]
    nested = make_app(
        """
        import jupyter_reactive as jr

        @jr.dialog("inner")
        def inner():
            jr.write("i")

        @jr.dialog("outer")
        def outer():
            inner()

        outer()
        """
    )
    run = nested.run()
    assert run.status == "error" and nested.has_text("Dialogs may not be nested inside other dialogs.")
    assert [e["ename"] for e in run.of_kind("exception")] == ["StreamlitInvalidLayoutContextError"]
    assert issubclass(jr_errors.StreamlitInvalidLayoutContextError, jr_errors.StreamlitAPIException)


def test_dialog_reopens_on_each_call_and_dismissal_can_rerun(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.session_state.setdefault("dismissed", 0)

        def gone():
            jr.session_state.dismissed += 1

        @jr.dialog("d", on_dismiss=gone, position="right", width=640)
        def d():
            jr.write(f"dismissed {jr.session_state.dismissed}")

        d()
        jr.slider("s", 0, 9, 0)
        """
    )
    app.run()
    ((_p, first),) = _dialogs(app)
    assert first["position"] == "right" and first["width"] == 640 and "id" in first
    run = app.send({first["id"]: True})
    assert run.status == "complete" and app.has_text("dismissed 1")
    ((_p, again),) = _dialogs(app)
    assert again["opened"] > first["opened"]
    assert "true" in app.refused(first["id"], "yes")


def test_dialog_needs_a_title_and_valid_options() -> None:
    import jupyter_reactive as jr

    for kwargs in ({"width": "huge"}, {"width": 0}, {"position": "top"}, {"on_dismiss": "close"}):
        with pytest.raises(FragmentError):
            jr.dialog("t", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(FragmentError, match="title"):
        jr.dialog(lambda: None)  # type: ignore[arg-type]


def test_outside_an_app_fragments_and_dialogs_are_plain_calls() -> None:
    import jupyter_reactive as jr

    @jr.fragment(run_every=1)
    def f(x: int) -> int:
        return x * 2

    seen = []

    @jr.dialog("t")
    def d() -> None:
        seen.append(1)

    assert f(4) == 8
    d()
    assert seen == [1]


def test_the_servers_mirror_matches_the_page_after_fragment_runs(make_app: Any) -> None:
    """A page that reconnects gets the mirror's snapshot: after fragment runs that grow, shrink,
    fail and write outside, it must equal the page that saw every frame, and what the kernel
    believes the page shows."""
    import json

    from jupyter_reactive.server.mirror import PageMirror

    app = make_app(
        """
        import jupyter_reactive as jr
        log = jr.container()

        @jr.fragment
        def f():
            n = jr.slider("n", 0, 9, 3)
            with jr.expander("rows"):
                for i in range(n):
                    jr.text(f"row {i}")
            log.text(f"n={n}")
            if n == 7:
                raise RuntimeError("seven")

        f()
        jr.slider("app", 0, 9, 0)
        """
    )
    app.run()
    n = app.widget("n")["id"]
    for value in (5, 1, 7, 0):
        app.send({n: value})
    mirror = PageMirror()
    for msg in app.messages:
        mirror.apply(msg)
    snapshot = {tuple(i["path"]): i["el"] for i in json.loads(mirror.snapshot())["elements"]}
    assert snapshot == app.page
    assert set(app.writer._shown) == set(app.page)
    app.send({app.widget("app")["id"]: 1})
    mirror = PageMirror()
    for msg in app.messages:
        mirror.apply(msg)
    assert {tuple(i["path"]): i["el"] for i in json.loads(mirror.snapshot())["elements"]} == app.page
    assert app.texts().count("n=0") == 1 and not app.has_text("n=5")


def test_fragment_in_the_sidebar_with_a_form_and_a_callback(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.session_state.setdefault("full", 0)
        jr.session_state.full += 1
        calls = jr.session_state.setdefault("calls", [])

        @jr.fragment
        def side():
            with jr.form("f"):
                name = jr.text_input("name")
                sent = jr.form_submit_button("send")
            jr.write(f"sent {name}" if sent else "not sent")
            jr.checkbox("cb", on_change=lambda: calls.append("cb"))

        with jr.sidebar:
            side()
        jr.write(f"full {jr.session_state.full}")
        """
    )
    app.run()
    run = app.send({app.widget("name")["id"]: "ann", app.widget("send")["id"]: True})
    (frag_path,) = _started(run)["fragments"]
    assert frag_path[0] == protocol.SIDEBAR
    assert app.has_text("sent ann") and app.has_text("full 1")
    app.send({app.widget("cb")["id"]: True})
    assert app.state["calls"] == ["cb"] and app.has_text("not sent") and app.has_text("full 1")


def test_a_widget_event_for_fragments_and_the_app_at_once_reruns_the_app(make_app: Any) -> None:
    app = make_app(COUNTER)
    app.run()
    data, errors = app.state.validate({app.widget("inside")["id"]: 2, app.widget("outer")["id"]: 3})
    assert errors == [] and data.fragments == ()
    run = app.run_data(data)
    assert "fragments" not in _started(run) and app.has_text("full runs: 2")


def test_a_dialog_opened_by_a_fragment_stays_through_the_openers_reruns(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.dialog("d", on_dismiss="rerun")
        def d():
            jr.write(f"typed {jr.text_input('t')}")

        @jr.fragment
        def opener():
            if jr.button("open"):
                d()
            jr.slider("s", 0, 9, 0)

        opener()
        jr.write("outside")
        """
    )
    app.run()
    app.send({app.widget("open")["id"]: True})
    ((_path, el),) = _dialogs(app)
    app.send({app.widget("t")["id"]: "hi"})  # the dialog's own fragment
    assert app.has_text("typed hi") and len(_dialogs(app)) == 1
    app.send({app.widget("open")["id"]: True})  # opened again from a fragment run: no duplicate
    assert all(el["kind"] != "exception" for el in app.page.values()) and len(_dialogs(app)) == 1
    run = app.send({el["id"]: True})  # dismissed: the app reruns, nothing calls the dialog
    assert run.status == "complete" and _dialogs(app) == [] and app.has_text("outside")
