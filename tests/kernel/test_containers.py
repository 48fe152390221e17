"""Containers, status, notices and helpers through a real ScriptRunner: popover, status and its
``update``, toast, balloons and snow, badge, help, echo, columns / container / expander options,
``empty`` placeholders across element kinds, errors, runtime, options and ``rerun(scope=)``."""

from __future__ import annotations

from typing import Any

import pytest

import jupyter_reactive as jr
from jupyter_reactive.kernel import options


@pytest.fixture(autouse=True)
def _fresh_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(options, "_values", {})


def _app(make_app: Any, body: str) -> Any:
    return make_app("import jupyter_reactive as jr\n" + body)


def _blocks(run: Any, layout: str) -> list[tuple[Any, dict[str, Any]]]:
    return [(p, el) for p, el in run.items if el.get("kind") == "block" and el.get("layout") == layout]


def _error(run: Any) -> dict[str, Any]:
    assert run.status == "error", run.messages
    (el,) = run.of_kind("exception")
    return el


# -- popover ------------------------------------------------------------------------------------


def test_popover_is_a_container_with_its_button_fields(make_app: Any) -> None:
    app = _app(
        make_app,
        """
with jr.popover("**Settings**", help="tune it", icon=":material/tune:", use_container_width=True):
    jr.text("inside")
pop = jr.popover("Other", disabled=True, type="primary")
pop.text("by method")
""",
    )
    run = app.run()
    (p1, a), (p2, b) = _blocks(run, "popover")
    assert a["label"] == "<strong>Settings</strong>" and a["help"] == "tune it" and a["icon"] == ":material/tune:"
    assert a["use_container_width"] is True and a["disabled"] is False and "type" not in a
    assert b["disabled"] is True and b["type"] == "primary" and "help" not in b and "icon" not in b
    assert app.page[p1 + (0,)] == {"kind": "text", "text": "inside"}
    assert app.page[p2 + (0,)] == {"kind": "text", "text": "by method"}


@pytest.mark.parametrize(
    "call",
    ['jr.popover("")', 'jr.popover("x", type="huge")', 'jr.popover("x", icon="not an icon at all, too long")'],
)
def test_popover_bad_arguments(make_app: Any, call: str) -> None:
    err = _error(_app(make_app, call).run())
    assert err["ename"] in ("StreamlitAPIException", "StreamlitValueError")


# -- status -------------------------------------------------------------------------------------


def test_status_turns_complete_when_its_block_ends_and_keeps_its_children(make_app: Any) -> None:
    app = _app(
        make_app,
        """
with jr.status("Downloading *data*...") as s:
    jr.text("step 1")
    jr.text("step 2")
jr.text("after")
""",
    )
    run = app.run()
    # the outbox sends the newest element of a path queued since its last flush: the page
    # shows "running" only when the block takes longer than a batch (here: never)
    sent = _blocks(run, "status")
    assert [el["state"] for _p, el in sent] == ["complete"]
    path, last = sent[-1]
    assert last["label"] == "Downloading <em>data</em>..." and last["expanded"] is False
    # the update re-sent the children, so the page (as the browser keeps it) still has them
    assert app.page[path] == last
    assert app.page[path + (0,)]["text"] == "step 1" and app.page[path + (1,)]["text"] == "step 2"
    assert app.page[(0, 1)]["text"] == "after"
    assert run.status == "complete" and run.trims == []
    # a rerun runs the block again: "running" while it runs (as in Streamlit), then the same page
    before = dict(app.page)
    again = app.run()
    assert [el["state"] for _p, el in _blocks(again, "status")] == ["complete"]
    assert app.page == before


def test_status_update_changes_label_state_and_expanded(make_app: Any) -> None:
    app = _app(
        make_app,
        """
s = jr.status("Working", expanded=True)
s.text("inside")
s.update(label="Done!", state="complete", expanded=False)
s.update(label="Done, really")
""",
    )
    run = app.run()
    states = [(el["label"], el["state"], el["expanded"]) for _p, el in _blocks(run, "status")]
    assert states == [("Done, really", "complete", False)]
    assert app.has_text("inside")


def test_status_updates_reach_the_page_as_they_happen(make_app: Any, hooks: Any) -> None:
    app = _app(
        make_app,
        """
import jr_test_hooks as hooks
s = jr.status("Working", expanded=True)
s.text("inside")
hooks.flush()
s.update(label="Done!", state="complete", expanded=False)
hooks.flush()
s.update(label="Done, really")
""",
    )
    hooks.flush = app.outbox.flush
    run = app.run()
    states = [(el["label"], el["state"], el["expanded"]) for _p, el in _blocks(run, "status")]
    assert states == [
        ("Working", "running", True),
        ("Done!", "complete", False),
        ("Done, really", "complete", False),
    ]
    # each update re-sent the status's child after it, so the page kept it
    texts = [el["text"] for _p, el in run.items if el["kind"] == "text"]
    assert texts == ["inside", "inside", "inside"] and app.has_text("inside")


def test_status_turns_error_when_its_block_raises(make_app: Any) -> None:
    app = _app(
        make_app,
        """
try:
    with jr.status("Risky"):
        raise RuntimeError("boom")
except RuntimeError:
    jr.text("caught")
""",
    )
    run = app.run()
    assert [el["state"] for _p, el in _blocks(run, "status")] == ["error"]
    assert run.status == "complete" and app.has_text("caught")


def test_status_left_alone_by_a_stop_inside_it(make_app: Any) -> None:
    run = _app(make_app, 'with jr.status("Half"):\n    jr.stop()\n').run()
    assert run.status == "stopped"
    assert [el["state"] for _p, el in _blocks(run, "status")] == ["running"]


@pytest.mark.parametrize("call", ['jr.status("x", state="done")', 'jr.status("x").update(state="finished")'])
def test_status_bad_state(make_app: Any, call: str) -> None:
    err = _error(_app(make_app, call).run())
    assert err["ename"] == "StreamlitValueError" and "state" in err["evalue"]


def test_status_outside_an_app_draws_nothing() -> None:
    with jr.status("offline") as s:
        s.update(label="still offline", state="error")
    assert isinstance(s, jr.Container)


# -- toast, balloons, snow ----------------------------------------------------------------------


def test_toast_is_sent_once_and_not_again_on_a_rerun(make_app: Any) -> None:
    app = _app(
        make_app,
        """
jr.toast("Saved **it**", icon="😍")
jr.toast("Long one", duration="long")
jr.toast("Stays", duration="infinite")
jr.toast("Seven", duration=7)
jr.balloons()
jr.snow()
""",
    )
    run = app.run()
    toasts = run.of_kind("toast")
    assert [(t["html"], t["icon"], t["duration"]) for t in toasts] == [
        ("Saved <strong>it</strong>", "😍", 4.0),
        ("Long one", None, 10.0),
        ("Stays", None, None),
        ("Seven", None, 7.0),
    ]
    assert [el["effect"] for el in run.of_kind("celebration")] == ["balloons", "snow"]
    again = app.run()
    assert again.of_kind("toast") == [] and again.of_kind("celebration") == []


def test_toast_shown_again_after_a_run_without_it(make_app: Any) -> None:
    app = _app(make_app, "if jr.button('save'):\n    jr.toast('saved')\n")
    app.run()
    button = app.widget("save")["id"]
    assert len(app.send({button: True}).of_kind("toast")) == 1
    assert app.run().of_kind("toast") == []
    assert len(app.send({button: True}).of_kind("toast")) == 1


def test_toast_handle_updates_it_in_place(make_app: Any) -> None:
    app = _app(make_app, 't = jr.toast("cooking")\nt.toast("ready!", icon="🥞")\n')
    run = app.run()
    el = run.of_kind("toast")[-1]
    assert el["html"] == "ready!" and el["icon"] == "🥞"
    assert len({p for p, e in run.items if e["kind"] == "toast"}) == 1


def test_toast_in_the_sidebar_shows_streamlits_error(make_app: Any) -> None:
    run = _app(make_app, 'jr.sidebar.toast("hi")\n').run()
    (alert,) = run.of_kind("alert")
    assert alert["level"] == "error" and "sidebar" in alert["html"]


@pytest.mark.parametrize(
    "call",
    ['jr.toast("x", duration="forever")', 'jr.toast("x", duration=0)', 'jr.toast("   ")', 'jr.toast("x", icon="")'],
)
def test_toast_bad_arguments(make_app: Any, call: str) -> None:
    err = _error(_app(make_app, call).run())
    assert err["ename"] in ("StreamlitValueError", "StreamlitAPIException")


# -- badge, divider, caption --------------------------------------------------------------------


def test_badge_is_the_markdown_directive(make_app: Any) -> None:
    run = _app(
        make_app,
        'jr.badge("New")\njr.badge("Done [x]", icon=":material/check:", color="green", help="finished")\n',
    ).run()
    a, b = run.of_kind("markdown")
    assert "jr-badge jr-bg-blue" in a["html"] and ">New<" in a["html"]
    assert "jr-bg-green" in b["html"] and "Done [x]" in b["html"] and ">check</span>" in b["html"]
    assert b["help"] == "finished" and "help" not in a


def test_badge_bad_color(make_app: Any) -> None:
    assert _error(_app(make_app, 'jr.badge("x", color="pink")').run())["ename"] == "StreamlitValueError"


def test_divider_and_caption_take_streamlits_layout_parameters(make_app: Any) -> None:
    run = _app(make_app, 'jr.divider(width="stretch")\njr.caption("small", text_alignment="left")\n').run()
    assert run.of_kind("divider") == [{"kind": "divider"}]
    assert run.of_kind("markdown")[0]["variant"] == "caption"


# -- help ---------------------------------------------------------------------------------------


def test_help_of_a_function_shows_its_signature_and_docstring(make_app: Any) -> None:
    run = _app(
        make_app,
        '''
def greet(name: str, punct: str = "!") -> str:
    """Say hello.

    More words."""
    return name
jr.help(greet)
''',
    ).run()
    (el,) = run.of_kind("help")
    assert el["name"] == "greet" and el["type"] == "function"
    assert el["value"] == "greet(name: str, punct: str = '!') -> str"
    assert el["doc"].startswith("Say hello.")


def test_help_of_a_class_lists_its_members(make_app: Any) -> None:
    run = _app(
        make_app,
        '''
class Dog:
    """A good dog."""
    legs = 4
    def bark(self, times: int = 1) -> None:
        """Make noise.

        Loudly."""
jr.help(Dog)
jr.help(Dog())
jr.help(42)
jr.help()
''',
    ).run()
    cls, inst, num, module = run.of_kind("help")
    assert cls["name"] == "Dog" and cls["type"] == "type" and cls["doc"] == "A good dog."
    members = {m["name"]: m for m in cls["members"]}
    assert members["legs"]["value"] == "4" and members["legs"]["type"] == "int"
    assert members["bark"]["doc"] == "Make noise." and members["bark"]["value"].startswith("bark(self, times: int = 1)")
    assert inst["type"] == "Dog" and {m["name"] for m in inst["members"]} == {"bark", "legs"}
    assert num["value"] == "42" and num["members"] == []
    assert module["type"] == "module" and any(m["name"] == "popover" for m in module["members"])


# -- echo ---------------------------------------------------------------------------------------


def test_echo_shows_its_block_above_its_output(make_app: Any) -> None:
    app = _app(
        make_app,
        """
jr.text("before")
with jr.echo():
    x = 6 * 7
    # a comment stays

    jr.text(f"x is {x}")
jr.text("after")
""",
    )
    app.run()
    kinds = [(el["kind"], el.get("text") or el.get("code")) for _p, el in sorted(app.page.items())]
    code = 'x = 6 * 7\n# a comment stays\n\njr.text(f"x is {x}")'
    assert kinds == [
        ("text", "before"),
        ("block", None),
        ("code", code),
        ("text", "x is 42"),
        ("text", "after"),
    ]


def test_echo_below_and_nested(make_app: Any) -> None:
    app = _app(
        make_app,
        """
def show():
    with jr.echo(code_location="below"):
        jr.text("out")
show()
""",
    )
    app.run()
    assert [el["kind"] for _p, el in sorted(app.page.items())] == ["text", "code"]
    (code,) = [el for el in app.page.values() if el["kind"] == "code"]
    assert code["code"] == 'jr.text("out")'


def test_echo_bad_location(make_app: Any) -> None:
    assert _error(_app(make_app, 'jr.echo("left")').run())["ename"] == "StreamlitValueError"


# -- columns, container, expander ---------------------------------------------------------------


def test_columns_border_alignment_and_nesting_everywhere(make_app: Any) -> None:
    app = _app(
        make_app,
        """
a, b = jr.columns([2, 1], gap="large", vertical_alignment="bottom", border=True)
with a:
    c, d = jr.columns(2)
    with c:
        e, f = jr.columns(2)
        e.text("deep")
with jr.sidebar:
    x, y = jr.columns(2)
    x.columns(2)[0].text("side deep")
""",
    )
    run = app.run()
    row = _blocks(run, "columns")[0][1]
    assert row == {"kind": "block", "layout": "columns", "gap": "large", "align": "bottom"}
    cols = [el for _p, el in _blocks(run, "column")]
    assert cols[0] == {"kind": "block", "layout": "column", "weight": 2.0, "border": True}
    assert all("border" not in el for el in cols[2:])
    assert run.status == "complete" and app.has_text("deep") and app.has_text("side deep")


@pytest.mark.parametrize(
    ("call", "ename"),
    [
        ("jr.columns(0)", "StreamlitInvalidColumnSpecError"),
        ("jr.columns([1, -1])", "StreamlitInvalidColumnSpecError"),
        ("jr.columns([])", "StreamlitInvalidColumnSpecError"),
        ('jr.columns("ab")', "StreamlitInvalidParameterTypeError"),
        ('jr.columns([1, "x"])', "StreamlitInvalidParameterTypeError"),
        ('jr.columns(2, vertical_alignment="middle")', "StreamlitValueError"),
        ('jr.columns(2, gap="huge")', "StreamlitValueError"),
    ],
)
def test_columns_bad_spec(make_app: Any, call: str, ename: str) -> None:
    err = _error(_app(make_app, call).run())
    assert err["ename"] == ename


def test_columns_errors_are_streamlit_api_exceptions_and_value_errors() -> None:
    with pytest.raises(jr.errors.StreamlitAPIException):
        jr.columns(0)
    with pytest.raises(ValueError):
        jr.columns([0])


def test_container_height_scrolls_with_a_border_and_key_class(make_app: Any) -> None:
    run = _app(
        make_app,
        """
jr.container(height=200).text("scrolls")
jr.container(height=200, border=False)
jr.container(border=True, key="my box")
jr.container(height="content")
""",
    ).run()
    els = [el for _p, el in _blocks(run, "vertical")]
    assert els[0] == {"kind": "block", "layout": "vertical", "border": True, "height": 200}
    assert els[1]["border"] is False and els[1]["height"] == 200
    assert els[2] == {"kind": "block", "layout": "vertical", "border": True, "height": None, "key": "my-box"}
    assert els[3] == {"kind": "block", "layout": "vertical", "border": False, "height": None}


@pytest.mark.parametrize("height", ["0", "-5", "'tall'", "True", "2.5"])
def test_container_bad_height(make_app: Any, height: str) -> None:
    assert _error(_app(make_app, f"jr.container(height={height})").run())["ename"] == "StreamlitValueError"


def test_expander_icon(make_app: Any) -> None:
    run = _app(make_app, 'jr.expander("A", icon="🔥")\njr.expander("B")\n').run()
    a, b = (el for _p, el in _blocks(run, "expander"))
    assert a["icon"] == "🔥" and "icon" not in b
    assert [m for m in run.messages if m["type"] == "notice"] == []


def test_expander_label_markdown_is_rendered_beside_its_text(make_app: Any) -> None:
    """An expander's label is inline markdown, as in Streamlit (core-previews' "An **expander**
    ... :cyclone:"): its rendered twin travels beside the text, which stays the state's name;
    a plain label has none, and HTML in a label is escaped, never drawn."""
    run = _app(
        make_app,
        'jr.expander("An **expander** :cyclone:")\njr.expander("plain & simple")\n'
        'jr.expander("<img src=x onerror=alert(1)>")\njr.expander(42)\n',
    ).run()
    md, plain, raw, number = (el for _p, el in _blocks(run, "expander"))
    assert md["label"] == "An **expander** :cyclone:"
    assert md["label_html"] == "An <strong>expander</strong> \N{CYCLONE}"
    assert "label_html" not in plain and "label_html" not in number and number["label"] == "42"
    assert "<img" not in raw.get("label_html", "") and run.status == "complete"


def test_tab_labels_markdown_is_rendered_beside_their_text(make_app: Any) -> None:
    """Tab labels are inline markdown too (core-previews' ``"**Cat** :cat:"``): rendered twins
    travel beside the labels, which stay the tabs' values; plain labels have none; HTML in a
    label is escaped."""
    run = _app(
        make_app,
        'jr.tabs(["**Cat** :cat:", "Dog", "<b onclick=x>Owl</b>"])\njr.tabs(["A", "B & C"])\n',
    ).run()
    md, plain = (el for _p, el in _blocks(run, "tabs"))
    assert md["labels"] == ["**Cat** :cat:", "Dog", "<b onclick=x>Owl</b>"]
    assert md["labels_html"][:2] == ["<strong>Cat</strong> \N{CAT FACE}", "Dog"]
    assert "<b" not in md["labels_html"][2] and "labels_html" not in plain and run.status == "complete"


def test_expanders_nest(make_app: Any) -> None:
    app = _app(make_app, 'with jr.expander("outer"):\n    with jr.expander("inner"):\n        jr.text("x")\n')
    assert app.run().status == "complete" and app.has_text("x")


# -- empty() placeholders across element kinds --------------------------------------------------

PLACEHOLDER = """
ph = jr.empty()
step = jr.session_state.setdefault("step", 0)
jr.session_state.step += 1
if step == 0:
    ph.text("text")
elif step == 1:
    ph.markdown("**md**")
elif step == 2:
    ph.slider("s", 0, 10, 3)
elif step == 3:
    ph.line_chart({"a": [1, 2, 3]})
elif step == 4:
    ph.dataframe({"a": [1, 2]})
elif step == 5:
    with ph.container():
        jr.text("one")
        jr.text("two")
elif step == 6:
    ph.progress(50)
elif step == 7:
    ph.empty()
elif step == 8:
    with ph.status("in a slot"):
        jr.text("three")
jr.text("below")
"""


def test_empty_placeholder_holds_one_element_of_any_kind(make_app: Any) -> None:
    app = make_app("import jupyter_reactive as jr\n" + PLACEHOLDER)
    seen = []
    for _ in range(9):
        assert app.run().status == "complete"
        slot = sorted(p for p in app.page if p[:2] == (0, 0) and len(p) > 2)
        seen.append([app.page[p]["kind"] if app.page[p]["kind"] != "block" else app.page[p]["layout"] for p in slot])
        assert app.page[(0, 1)] == {"kind": "text", "text": "below"}
    assert seen == [
        ["text"],
        ["markdown"],
        ["widget"],
        ["vega_lite"],
        ["dataframe"],
        ["vertical", "text", "text"],
        ["progress"],
        [],
        ["status", "text"],
    ]


def test_empty_replaced_and_cleared_within_one_run(make_app: Any) -> None:
    app = _app(
        make_app,
        """
ph = jr.empty()
ph.text("first")
ph.markdown("second")
ph.empty()
other = jr.empty()
other.write("kept")
""",
    )
    app.run()
    assert not any(p[:2] == (0, 0) and len(p) > 2 for p in app.page)
    assert app.page[(0, 1, 0)]["html"] == "<p>kept</p>\n"


# -- stop, rerun, errors, runtime, options ------------------------------------------------------


def test_rerun_scopes(make_app: Any) -> None:
    run = _app(make_app, 'jr.rerun(scope="everything")').run()
    assert "only allowed from a widget callback" in _error(run)["evalue"]  # a fragment key
    run = _app(make_app, 'jr.rerun(scope="fragment")').run()
    assert "during fragment reruns" in _error(run)["evalue"]  # a StreamlitAPIException
    app = _app(
        make_app,
        'n = jr.session_state.setdefault("n", 0)\nif n < 2:\n    jr.session_state.n += 1\n    jr.rerun(scope="app")\n',
    )
    first = app.run()
    assert first.status == "rerun" and first.following is not None


def test_streamlit_exception_names_catch_ours(make_app: Any) -> None:
    app = _app(
        make_app,
        """
import jupyter_reactive.errors as errors
try:
    jr.button("same", key="k")
    jr.button("same", key="k")
except jr.errors.DuplicateWidgetID as e:
    jr.text("duplicate: " + type(e).__name__)
try:
    jr.session_state["k"] = True
except errors.StreamlitAPIException:
    jr.text("assignment refused")
try:
    jr.columns(-1)
except jr.errors.StreamlitAPIException:
    jr.text("bad columns")
jr.text(f"runtime {jr.runtime.exists()}")
""",
    )
    run = app.run()
    assert run.status == "complete", run.messages
    assert [el["text"] for el in run.of_kind("text")] == [
        "duplicate: DuplicateWidgetError",
        "assignment refused",
        "bad columns",
        "runtime True",
    ]
    assert jr.runtime.exists() is False
    assert issubclass(jr.errors.StreamlitAPIWarning, Warning)
    assert issubclass(jr.errors.NoSessionContext, jr.errors.Error)


def test_get_and_set_option() -> None:
    assert jr.get_option("theme.primaryColor") is None
    assert jr.get_option("client.showErrorDetails") == "full"
    assert jr.get_option("server.maxUploadSize") == 200
    jr.set_option("client.toolbarMode", "minimal")
    assert jr.get_option("client.toolbarMode") == "minimal"
    with pytest.raises(RuntimeError, match=r'Config key "nope\.nothing" not defined'):
        jr.get_option("nope.nothing")
    with pytest.raises(jr.errors.StreamlitAPIException, match="Unrecognized config option"):
        jr.set_option("nope.nothing", 1)
    with pytest.raises(jr.errors.StreamlitAPIException, match="cannot be set on the fly"):
        jr.set_option("theme.primaryColor", "#f00")
    with pytest.raises(jr.errors.StreamlitAPIException):
        jr.set_option("client.showErrorDetails", "some")


@pytest.mark.parametrize(
    ("level", "ename", "evalue", "traceback"),
    [
        ("full", "ValueError", "secret", True),
        ("stacktrace", "ValueError", "", True),
        (False, "ValueError", "", True),
        ("type", "ValueError", "", False),
        ("none", "Error", "redacted", False),
    ],
)
def test_show_error_details_redacts_uncaught_errors(
    make_app: Any, level: Any, ename: str, evalue: str, traceback: bool
) -> None:
    run = _app(
        make_app,
        f"jr.set_option('client.showErrorDetails', {level!r})\n"
        "try:\n    raise KeyError('caught')\nexcept KeyError as e:\n    jr.exception(e)\n"
        "raise ValueError('secret')\n",
    ).run()
    caught, err = run.of_kind("exception")
    assert caught["evalue"] == "'caught'" and "Traceback" in caught["traceback"]  # jr.exception shows all
    assert err["ename"] == ename and (evalue in err["evalue"] if evalue else err["evalue"] == "")
    assert ("Traceback" in err["traceback"]) is traceback


def test_show_error_details_from_the_apps_config(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_reactive.kernel import options

    monkeypatch.setattr(options, "_values", {})  # nothing set from a script
    options.configure({"client.showErrorDetails": "type"})  # config.toml's [client], from the server
    try:
        run = _app(make_app, "raise ValueError('secret')\n").run()
    finally:
        options.configure({})
    (err,) = run.of_kind("exception")
    assert err["ename"] == "ValueError" and err["evalue"] == "" and "Traceback" not in err["traceback"]


def test_exception_shows_the_traceback(make_app: Any) -> None:
    run = _app(
        make_app,
        "def inner():\n    raise ZeroDivisionError('nope')\ntry:\n    inner()\nexcept Exception as e:\n    jr.exception(e)\n",
    ).run()
    (el,) = run.of_kind("exception")
    assert el["ename"] == "ZeroDivisionError" and "in inner" in el["traceback"] and run.status == "complete"


def test_exception_never_raised_has_no_traceback(make_app: Any) -> None:
    """``jr.exception(RuntimeError("x"))`` (core-previews' status tester): Streamlit 1.67 shows
    the name and message only; one raised, or chained to a raised one, keeps its frames. What is
    not an exception is refused plainly."""
    run = _app(
        make_app,
        "jr.exception(RuntimeError('example of error'))\n"
        "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    err = ValueError('wrapped')\n"
        "    err.__cause__ = e\n    jr.exception(err)\n",
    ).run()
    bare, chained = run.of_kind("exception")
    assert (bare["ename"], bare["evalue"], bare["traceback"]) == ("RuntimeError", "example of error", "")
    assert "ZeroDivisionError" in chained["traceback"] and run.status == "complete"
    for garbage in ("'text'", "None", "42", "RuntimeError"):
        run = _app(make_app, f"jr.exception({garbage})\n").run()
        assert run.status == "error", garbage


def test_help_names_the_object_as_the_script_passed_it(make_app: Any) -> None:
    run = _app(
        make_app,
        """
class Foo:
    pass
my_foo = Foo()
jr.help(my_foo)
jr.help(n := 5)
jr.help("text")
jr.sidebar.help(Foo)
""",
    ).run()
    names = [el["name"] for el in run.of_kind("help")]
    assert names == ["my_foo", "n", "", "Foo"]


def test_columns_spec_may_be_any_sized_iterable_of_numbers(make_app: Any) -> None:
    run = _app(make_app, "import numpy as np\njr.columns(np.array([1, 3]))\njr.columns(np.int64(2))\n").run()
    assert run.status == "complete"
    assert [el["weight"] for _p, el in _blocks(run, "column")] == [1.0, 3.0, 1.0, 1.0]


# -- space ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size", ["small", "medium", "large", "xxsmall", "xsmall", "xlarge", "xxlarge", "stretch", 0, 40]
)
def test_space_sends_its_size(make_app: Any, size: Any) -> None:
    run = make_app(f"import jupyter_reactive as jr\ncol, = jr.columns(1)\ncol.space({size!r})\njr.space()\n").run()
    assert run.status == "complete"
    assert run.of_kind("space") == [{"kind": "space", "size": size}, {"kind": "space", "size": "small"}]


@pytest.mark.parametrize("size", ["huge", -1, 2.5, True, None, "", 10**9])
def test_space_refuses_other_sizes(make_app: Any, size: Any) -> None:
    run = make_app(f"import jupyter_reactive as jr\njr.space({size!r})\n").run()
    assert run.status == "error" and run.of_kind("exception")[0]["ename"] == "StreamlitValueError"
