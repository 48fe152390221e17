"""Fragment keys (Streamlit 1.67): ``@fragment(key=...)`` checked as Streamlit checks it, and
``rerun("key")`` / ``rerun([keys])`` from a widget callback rerunning just those fragments in
place of the interaction's own rerun; sibling callbacks escalating; every bad ``scope``."""

from __future__ import annotations

from typing import Any

import pytest

import jupyter_reactive as jr
from jupyter_reactive import errors as jr_errors
from jupyter_reactive import protocol

CHARTS = """
import jupyter_reactive as jr
jr.session_state.setdefault("full", 0)
jr.session_state.setdefault("charts", 0)
jr.session_state.setdefault("table", 0)
jr.session_state.full += 1

@jr.fragment(key="charts")
def charts(where):
    jr.session_state.charts += 1
    jr.write(f"charts {where} {jr.session_state.charts}")

@jr.fragment(key=7)
def table():
    jr.session_state.table += 1
    jr.write(f"table {jr.session_state.table}")

charts("top")
table()
jr.write(f"full {jr.session_state.full}")
charts("bottom")

def ask(scope):
    jr.session_state.asked = scope
    jr.rerun(scope)

jr.button("one", on_click=ask, args=("charts",))
jr.button("both", on_click=ask, args=(["charts", 7],))
jr.button("unknown", on_click=ask, args=("nope",))
"""


def follow(app: Any, run: Any) -> list[Any]:
    """The runs the kernel's loop does after ``run`` (each one's rerun), as ``serve_forever``."""
    runs = [run]
    while runs[-1].following is not None:
        runs.append(app.run_data(runs[-1].following))
    return runs


def started(run: Any) -> dict[str, Any]:
    (msg,) = [m for m in run.messages if m["type"] == protocol.RUN_STARTED]
    return msg


def error(run: Any) -> dict[str, Any]:
    (exc,) = run.of_kind("exception")
    return exc


def click(app: Any, *labels: str, **values: Any) -> list[Any]:
    wire = {app.widget(label)["id"]: True for label in labels}
    wire.update({app.widget(label)["id"]: v for label, v in values.items()})
    data, errors = app.state.validate(wire)
    assert errors == []
    return follow(app, app.run_data(data))


def test_a_keyed_rerun_from_a_callback_reruns_only_that_fragment_at_every_call_site(make_app: Any) -> None:
    app = make_app(CHARTS)
    app.run()
    assert app.has_text("charts top 1") and app.has_text("charts bottom 2") and app.has_text("full 1")
    cut, frag = click(app, "one")
    # the interaction's own run ends before its script starts; the keyed run replaces it
    assert cut.status == "rerun" and cut.items == [] and cut.following.fragments and cut.following.scoped
    assert frag.status == "complete" and len(started(frag)["fragments"]) == 2
    assert app.has_text("charts top 3") and app.has_text("charts bottom 4")
    assert app.has_text("full 1") and app.has_text("table 1") and app.state["full"] == 1
    # the rest of the page is untouched: only the two fragments' blocks were written to
    blocks = [tuple(p) for p in started(frag)["fragments"]]
    assert all(any(path[: len(b)] == b for b in blocks) for path, _el in frag.items)
    # a list of keys, an int key taken as its str
    click(app, "both")
    assert app.state["asked"] == ["charts", 7]
    assert app.has_text("charts top 5") and app.has_text("table 2") and app.has_text("full 1")
    # a full run afterwards draws everything as usual
    app.run()
    assert app.has_text("full 2") and app.has_text("charts bottom 8")


def test_an_unknown_key_and_a_key_from_the_script_or_a_fragment_body_are_refused(make_app: Any) -> None:
    app = make_app(CHARTS)
    app.run()
    runs = click(app, "unknown")
    assert runs[-1].status == "error"
    exc = error(runs[-1])
    assert exc["ename"] == "StreamlitAPIException"
    assert "No fragment found for target 'nope'" in exc["evalue"] and "rendered at least once" in exc["evalue"]
    for body in (
        'jr.rerun("charts")',
        '@jr.fragment(key="charts")\ndef f():\n    jr.rerun("charts")\nf()',
        '@jr.fragment(key="charts")\ndef f():\n    if jr.button("go"):\n        jr.rerun(["charts"])\nf()',
    ):
        app = make_app("import jupyter_reactive as jr\n" + body + "\n")
        run = app.run()
        if run.status == "complete":  # the button: its click runs the fragment, whose body asks
            (run,) = click(app, "go")
        assert run.status == "error", body
        assert "only allowed from a widget callback" in error(run)["evalue"], body


@pytest.mark.parametrize(
    ("scope", "kind", "text"),
    [
        (b"charts", jr_errors.StreamlitInvalidParameterTypeError, "Provided type: bytes."),
        (bytearray(b"x"), jr_errors.StreamlitInvalidParameterTypeError, "Provided type: bytearray."),
        (None, jr_errors.StreamlitInvalidParameterTypeError, "Expected one of: str, int, list[str | int]."),
        (1.5, jr_errors.StreamlitInvalidParameterTypeError, "Provided type: float."),
        ({"a": 1}, jr_errors.StreamlitInvalidParameterTypeError, "Provided type: dict."),
        ("", jr_errors.StreamlitValueError, "Got an empty string."),
        ([], jr_errors.StreamlitValueError, "Got an empty list."),
        ((), jr_errors.StreamlitValueError, "Got an empty list."),
        (["a", 1.5], jr_errors.StreamlitInvalidParameterTypeError, "Invalid `scope list items` type."),
        (["a", None], jr_errors.StreamlitInvalidParameterTypeError, "Provided type: NoneType."),
        (["a", ""], jr_errors.StreamlitValueError, "Found an empty string in the list."),
        (["a", "app"], jr_errors.StreamlitValueError, "'app' is a reserved scope name"),
        (["fragment"], jr_errors.StreamlitValueError, "Pass 'fragment' directly as a string."),
    ],
)
def test_every_bad_scope_raises_streamlits_error(scope: Any, kind: type, text: str) -> None:
    with pytest.raises(kind) as caught:
        jr.rerun(scope)
    assert text in str(caught.value)
    assert isinstance(caught.value, jr_errors.StreamlitAPIException)


def test_good_scopes_outside_an_app_do_nothing() -> None:
    for scope in ("app", "fragment", "charts", 3, ["charts", 4], ("a", "b"), True):
        jr.rerun(scope)  # no run: nothing to rerun, as Streamlit without a context


@pytest.mark.parametrize(
    ("key", "kind", "text"),
    [
        ("", jr_errors.StreamlitValueError, "Invalid `key` value. Supported values: a non-empty string."),
        ("$$ID-mine", jr_errors.StreamlitAPIException, "Keys beginning with $$ID are reserved."),
        ("app", jr_errors.StreamlitAPIException, "`app` is a reserved name and cannot be used as a fragment key"),
        ("fragment", jr_errors.StreamlitAPIException, "`fragment` is a reserved name"),
    ],
)
def test_bad_fragment_keys_are_refused_when_decorating(key: Any, kind: type, text: str) -> None:
    with pytest.raises(kind) as caught:
        jr.fragment(key=key)(lambda: None)
    assert text in str(caught.value)
    with pytest.raises(kind):
        jr.fragment(lambda: None, key=key)


def test_keys_are_taken_as_their_str(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        n = jr.session_state.setdefault("n", 0)

        @jr.fragment(key=1.5)
        def f():
            jr.session_state.n += 1
            jr.write(f"n {jr.session_state.n}")

        f()
        jr.button("go", on_click=lambda: jr.rerun("1.5"))
        """
    )
    app.run()
    click(app, "go")
    assert app.has_text("n 2")


def test_two_functions_with_one_key_in_a_run_raise_streamlits_error(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.fragment(key="k")
        def a():
            jr.write("a")

        @jr.fragment(key="k")
        def b():
            jr.write("b")

        a()
        a()  # two call sites of one function share its key
        jr.write("between")
        b()
        """
    )
    run = app.run()
    assert run.status == "error" and app.has_text("between")
    exc = error(run)
    assert exc["ename"] == "StreamlitDuplicateElementKey"
    assert "There are multiple elements with the same `key='k'`" in exc["evalue"]
    assert issubclass(jr_errors.StreamlitDuplicateElementKey, jr_errors.DuplicateWidgetID)
    # the key is free again in the next run
    assert app.run().status == "error"


SIBLINGS = """
import jupyter_reactive as jr
jr.session_state.setdefault("full", 0)
jr.session_state.setdefault("charts", 0)
jr.session_state.full += 1
calls = jr.session_state.setdefault("calls", [])

@jr.fragment(key="charts")
def charts():
    jr.session_state.charts += 1
    jr.write(f"charts {jr.session_state.charts}")

@jr.fragment(key="other")
def other():
    jr.write("other")
    jr.checkbox("in other", on_change=lambda: calls.append("in other"))
    jr.button("keyed in other", on_click=lambda: jr.rerun("charts"))

charts()
other()
jr.write(f"full {jr.session_state.full}")

def keyed():
    calls.append("keyed")
    jr.rerun("charts")
    calls.append("never")

def plain():
    calls.append("plain")

def app_rerun():
    calls.append("app")
    jr.rerun()
    calls.append("never")

jr.button("keyed", on_click=keyed)
jr.checkbox("plain", on_change=plain)
jr.checkbox("app rerun", on_change=app_rerun)
jr.checkbox("no callback")
jr.button("other keyed", on_click=lambda: jr.rerun("other"))
"""


def test_a_sibling_callback_returning_normally_escalates_to_an_app_rerun(make_app: Any) -> None:
    app = make_app(SIBLINGS)
    app.run()
    runs = click(app, "keyed", plain=True)
    assert sorted(app.state["calls"]) == ["keyed", "plain"]  # every callback ran, to its end
    assert [("fragments" in started(r)) for r in runs] == [False, False]
    assert app.has_text("full 2") and app.has_text("charts 2")
    # a sibling calling rerun(): the app too
    app.state["calls"].clear()
    runs = click(app, "keyed", **{"app rerun": True})
    assert sorted(app.state["calls"]) == ["app", "keyed"] and app.has_text("full 3")
    # a widget without a callback changes nothing: the keyed rerun stands
    app.state["calls"].clear()
    runs = click(app, "keyed", **{"no callback": True})
    assert "fragments" in started(runs[-1]) and app.has_text("full 3") and app.has_text("charts 4")
    # two keyed callbacks: both fragments, nothing else
    runs = click(app, "keyed", "other keyed")
    assert len(started(runs[-1])["fragments"]) == 2 and app.has_text("full 3") and app.has_text("charts 5")


def test_in_a_fragment_interaction_a_sibling_does_not_escalate(make_app: Any) -> None:
    app = make_app(SIBLINGS)
    app.run()
    # the interaction's own rerun is of fragment "other": the keyed one replaces it
    runs = click(app, "keyed in other", **{"in other": True})
    assert app.state["calls"] == ["in other"]
    assert [r.status for r in runs] == ["rerun", "complete"]
    (path,) = started(runs[-1])["fragments"]
    charts_block = next(p for p, el in app.page.items() if el.get("html", "").startswith("<p>charts"))[:-1]
    assert tuple(path) == charts_block
    assert app.has_text("charts 2") and app.has_text("full 1")


def test_scope_fragment_from_a_callback_during_a_fragment_run(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        n = jr.session_state.setdefault("n", 0)

        @jr.fragment
        def f():
            jr.session_state.n += 1
            jr.write(f"n {jr.session_state.n}")
            jr.button("here", on_click=lambda: jr.rerun(scope="fragment"))

        f()
        jr.button("outside", on_click=lambda: jr.rerun(scope="fragment"))
        """
    )
    app.run()
    runs = click(app, "here")
    # the click's fragment run ends before the body; the rerun it asked for draws it once
    assert [r.status for r in runs] == ["rerun", "complete"] and app.has_text("n 2")
    runs = click(app, "outside")
    assert runs[-1].status == "error" and "during fragment reruns" in error(runs[-1])["evalue"]


def test_form_values_submitted_with_a_keyed_rerun_are_in_session_state_and_drawn_later(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.fragment(key="echo")
        def echo():
            jr.write(f"echo {jr.session_state.get('name', '')}")

        with jr.form("f"):
            name = jr.text_input("name", key="name")
            jr.form_submit_button("send", on_click=lambda: jr.rerun("echo"))
        jr.write(f"outside {name}")
        echo()
        """
    )
    app.run()
    runs = click(app, "send", name="ann")
    assert "fragments" in started(runs[-1])
    assert app.state["name"] == "ann"
    assert app.has_text("echo ann") and app.has_text("<p>outside</p>") and not app.has_text("outside ann")
    app.run()
    assert app.has_text("outside ann") and app.widget("name")["value"] == "ann"


def test_a_button_in_the_keyed_fragment_reads_true_in_the_run_that_replaces_its_click(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr

        @jr.fragment(key="k")
        def f():
            if jr.button("go", on_click=lambda: jr.rerun("k")):
                jr.write("clicked")

        f()
        """
    )
    app.run()
    click(app, "go")
    assert app.has_text("clicked")
    app.run()
    assert not app.has_text("clicked")


def test_a_keyed_run_writes_outside_after_what_the_full_run_drew_there(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.sidebar.write("side")

        @jr.fragment(key="k")
        def f():
            jr.write("inside")
            jr.sidebar.write("from the fragment")

        f()
        jr.button("go", on_click=lambda: jr.rerun("k"))
        """
    )
    app.run()
    click(app, "go")
    side = [el.get("html", "").strip() for p, el in sorted(app.page.items()) if p[0] == protocol.SIDEBAR]
    assert side == ["<p>side</p>", "<p>from the fragment</p>", "<p>from the fragment</p>"], side
    assert app.has_text("inside")
