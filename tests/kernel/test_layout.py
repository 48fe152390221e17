"""Streamlit's layout model (``params.laid_out``): ``width``, ``height``, ``text_alignment``,
``wrap``, ``alt`` and ``use_container_width`` become one ``sizing`` field of the element they
draw; ``container(horizontal=True, ...)`` lays its children out in a row. In process."""

from __future__ import annotations

from typing import Any

import pytest


def notices(run: Any) -> list[str]:
    return [m["message"] for m in run.messages if m["type"] == "notice"]


def by_path(run: Any) -> list[dict[str, Any]]:
    return [el for _, el in sorted(run.items)]


def test_text_elements_take_the_newer_layout_parameters(make_app: Any) -> None:
    run = make_app(
        """
        import jupyter_reactive as jr
        jr.title("T", icon=":material/home:", width=300, text_alignment="center", wrap=False)
        jr.header("H", icon="🎈", width="content", text_alignment="right")
        jr.subheader("S", icon="", text_alignment="justify")
        jr.markdown("## inside\\ntext", width="stretch", text_alignment="center", anchors=False, wrap=False)
        jr.text("t", width="stretch", text_alignment="right", wrap=False)
        jr.code("x = 1", height=120, width=400)
        jr.caption("c", text_alignment="center")
        jr.progress(40, width=250)
        jr.title("plain", width="stretch", text_alignment="left", wrap=True)  # Streamlit's defaults
        """
    ).run()
    assert run.status == "complete", run.messages
    assert notices(run) == []
    title, header, sub, md, text, code, caption, bar, plain = by_path(run)
    assert title["sizing"] == {"width": 300, "text_alignment": "center", "wrap": False}
    assert 'class="jr-icon' in title["html"] or "home" in title["html"]
    assert header["sizing"] == {"width": "content", "text_alignment": "right"}
    assert header["html"].startswith("🎈")
    assert sub["sizing"] == {"text_alignment": "justify"} and sub["html"] == "S"
    assert md["sizing"] == {"width": "stretch", "text_alignment": "center", "wrap": False}
    assert md["anchors"] is False
    assert text["sizing"] == {"width": "stretch", "text_alignment": "right", "wrap": False}
    assert code["sizing"] == {"height": 120, "width": 400}
    assert caption["sizing"] == {"text_alignment": "center"}
    assert bar["kind"] == "progress" and bar["sizing"] == {"width": 250}
    assert "sizing" not in plain  # defaults send nothing: the deltas of older apps do not change


def test_widgets_and_containers_carry_width(make_app: Any) -> None:
    run = make_app(
        """
        import jupyter_reactive as jr
        jr.text_input("name", width=220)
        jr.checkbox("ok", width="stretch", wrap=False)
        jr.button("go", use_container_width=True)
        jr.button("px", width=150)
        jr.metric("m", 1, height=90)
        with jr.expander("e", width=300):
            jr.write("inside")
        """
    ).run()
    assert run.status == "complete" and notices(run) == []
    widgets = {el["label"]: el for el in run.of_kind("widget")}
    assert widgets["name"]["sizing"] == {"width": 220}
    assert widgets["ok"]["sizing"] == {"width": "stretch", "wrap": False}
    assert widgets["go"]["sizing"] == {"width": "stretch"} and widgets["go"]["use_container_width"] is True
    assert widgets["px"]["sizing"] == {"width": 150}
    (metric,) = run.of_kind("metric")
    assert metric["sizing"] == {"height": 90}
    (exp,) = [el for el in run.of_kind("block") if el["layout"] == "expander"]
    assert exp["sizing"] == {"width": 300}
    # only the call's own element: what is written into the expander has no sizing
    (inside,) = [el for el in run.of_kind("markdown") if "inside" in el["html"]]
    assert "sizing" not in inside


def test_a_horizontal_container_lays_out_a_row_whose_children_say_their_width(make_app: Any) -> None:
    run = make_app(
        """
        import jupyter_reactive as jr
        row = jr.container(horizontal=True, gap="xsmall", horizontal_alignment="right",
                           vertical_alignment="center", wrap=False)
        with row:
            jr.button("one")
            jr.button("two", width="stretch")
            jr.markdown("words")
            jr.text_input("field")
            handle = jr.text("placeholder")
        handle.button("replaced")
        jr.button("outside")
        """
    ).run()
    assert run.status == "complete" and notices(run) == []
    (block,) = [el for el in run.of_kind("block") if el["layout"] == "vertical"]
    assert block == {
        "kind": "block",
        "layout": "vertical",
        "border": False,
        "height": None,
        "horizontal": True,
        "nowrap": True,
        "gap": "xsmall",
        "halign": "right",
        "valign": "center",
    }
    widgets = {el["label"]: el for el in run.of_kind("widget")}
    assert widgets["one"]["sizing"] == {"width": "content"}  # a default, sent in a row
    assert widgets["two"]["sizing"] == {"width": "stretch"}
    assert widgets["field"]["sizing"] == {"width": "stretch"}
    assert widgets["replaced"]["sizing"] == {"width": "content"}  # a handle writes where its element is
    assert "sizing" not in widgets["outside"]
    (words,) = [el for el in run.of_kind("markdown") if "words" in el["html"]]
    assert words["sizing"] == {"width": "content"}  # markdown's "auto" is its content's in a row


def test_gap_none_and_pixels(make_app: Any) -> None:
    run = make_app(
        """
        import jupyter_reactive as jr
        jr.container(gap=None).write("a")
        jr.container(gap=12).write("b")
        jr.container(gap="small").write("c")
        """
    ).run()
    blocks = [el for el in run.of_kind("block") if el["layout"] == "vertical"]
    assert [b.get("gap", "absent") for b in blocks] == [None, 12, "absent"]


@pytest.mark.parametrize(
    "call, message",
    [
        ('jr.markdown("x", width="huge")', "Invalid width value 'huge'"),
        ('jr.title("x", width=-5)', "Invalid width value -5"),
        ('jr.text("x", width=True)', "Invalid width value True"),
        ('jr.button("x", width=1.5)', "Invalid width value 1.5"),
        ('jr.text_input("x", width="content")', 'width must be "stretch" or a positive'),
        ('jr.code("x", height="tall")', "Invalid height value 'tall'"),
        ('jr.metric("m", 1, height=0)', "Invalid height value 0"),
        ('jr.header("x", text_alignment="middle")', "Invalid text_alignment 'middle'"),
        ('jr.text("x", text_alignment=None)', "Invalid text_alignment None"),
        ('jr.caption("x", wrap="no")', "Invalid wrap value 'no'"),
        ('jr.markdown("x", anchors="no")', "anchors must be True or False"),
        ('jr.title("x", icon="not an emoji at all really")', "icon must be an emoji"),
        ('jr.title("x", icon=":material/Bad Name:")', "not a valid Material icon"),
        ('jr.audio(b"x", alt=5)', "Invalid alt 5"),
        ('jr.image(b"x", alt=[1])', "alt must be a string"),
        ('jr.container(gap="huge")', "Invalid `gap` value. Supported values: 'xxsmall'"),
        (
            "jr.container(gap=-1)",
            "Invalid `gap` value. Supported values: 'xxsmall', 'xsmall', 'small', 'medium', 'large', 'xlarge', 'xxlarge', None, a non-negative integer (pixels). Got -1.",
        ),
        ('jr.container(horizontal="yes")', "horizontal must be True or False"),
        ("jr.container(wrap=False)", "wrap=False only applies to a horizontal container"),
        ('jr.container(horizontal=True, horizontal_alignment="top")', "horizontal_alignment must be one of"),
        ('jr.container(vertical_alignment="left")', "vertical_alignment must be one of"),
    ],
)
def test_bad_layout_values_fail_clearly_and_draw_nothing(make_app: Any, call: str, message: str) -> None:
    run = make_app(f"import jupyter_reactive as jr\njr.write('before')\n{call}\njr.write('after')\n").run()
    (exc,) = run.of_kind("exception")
    assert message in exc["evalue"], exc
    assert exc["ename"] in ("StreamlitAPIException", "StreamlitValueError")
    kinds = [el["kind"] for el in by_path(run)]
    assert kinds == ["markdown", "exception"]  # the bad call drew nothing; the run stopped there


def test_a_failed_call_does_not_leave_its_layout_to_the_next_element(make_app: Any) -> None:
    run = make_app(
        """
        import jupyter_reactive as jr
        try:
            jr.image(b"not a picture", alt="x", width=300)
        except Exception:
            pass
        jr.text("next")
        try:
            jr.title("t", width=300, anchor="")
        except Exception:
            pass
        jr.text("last")
        """
    ).run()
    assert run.status == "complete"
    for el in run.of_kind("text"):
        assert "sizing" not in el and "alt" not in el


def test_outside_an_app_layout_values_are_still_checked() -> None:
    import jupyter_reactive as jr
    from jupyter_reactive.errors import StreamlitAPIException

    jr.title("ok", width=300, text_alignment="center")
    with pytest.raises(StreamlitAPIException):
        jr.title("bad", width="wide")


# -- skeleton --------------------------------------------------------------------------------------


def test_skeleton_is_replaced_by_an_element_called_on_it(make_app: Any) -> None:
    run = make_app(
        """
        import jupyter_reactive as jr
        slot = jr.skeleton(height=200, width=300)
        jr.write("below")
        slot.text("loaded")
        """
    ).run()
    assert run.status == "complete", run.messages
    assert not run.of_kind("skeleton")  # sent, then replaced in place in the same run
    items = dict(run.items)
    assert items[(0, 0)]["kind"] == "block" and items[(0, 0)]["sizing"] == {"width": 300}
    assert items[(0, 0, 0)] == {"kind": "text", "text": "loaded"}
    run = make_app('import jupyter_reactive as jr\njr.skeleton(height="stretch")\njr.skeleton()\n').run()
    assert run.of_kind("skeleton") == [{"kind": "skeleton", "height": "stretch"}, {"kind": "skeleton", "height": None}]


def test_skeleton_as_a_context_manager_clears_when_its_block_ends(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        try:
            with jr.skeleton():
                jr.write("made inside")
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        jr.write("after")
        """
    )
    run = app.run()
    assert run.status == "complete", run.messages
    assert run.of_kind("skeleton") == [{"kind": "skeleton", "height": None}]  # shown while the block ran
    assert "skeleton" not in app.kinds()  # and gone when it ended, although it raised
    assert app.has_text("made inside") and app.has_text("after")


@pytest.mark.parametrize("args", ["height=0", 'height="content"', "height=True", 'width="content"', "width=-1"])
def test_skeleton_refuses_bad_sizes(make_app: Any, args: str) -> None:
    run = make_app(f"import jupyter_reactive as jr\njr.skeleton({args})\n").run()
    (exc,) = run.of_kind("exception")
    assert exc["ename"] in ("StreamlitAPIException", "StreamlitValueError")
    assert [el["kind"] for el in by_path(run)] == ["exception"]


# -- bottom ----------------------------------------------------------------------------------------


def test_bottom_is_one_pinned_container_per_run(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.write("top")
        with jr.columns(2)[0]:
            jr.bottom.button("Send")  # from inside a column: still the page's bottom
        with jr.bottom:
            jr.write("footer")
        jr.write("after")
        """
    )
    run = app.run()
    assert run.status == "complete", run.messages
    bottoms = [(p, el) for p, el in run.items if el.get("bottom") is True]
    ((path, el),) = bottoms
    assert path[:1] == (0,) and len(path) == 2 and el["layout"] == "vertical"
    inside = sorted((p, e) for p, e in app.page.items() if p[:2] == path and len(p) == 3)
    assert [e.get("label") or e.get("html") for _, e in inside] == ["Send", "<p>footer</p>\n"]
    assert app.has_text("after")
    run = app.run()  # a rerun draws it again in the same place, unchanged
    assert run.status == "complete" and not [el for _, el in run.items if el.get("bottom")]


def test_bottom_outside_an_app_draws_nothing() -> None:
    import jupyter_reactive as jr

    with jr.bottom:
        assert jr.button("x") is False
    assert jr.bottom.text_input("t", "v") == "v"


def test_spinner_takes_width(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        with jr.spinner("wait", width=240):
            jr.write("working")
        with jr.container(horizontal=True):
            with jr.spinner("row"):
                pass
        """
    )
    run = app.run()
    assert run.status == "complete" and notices(run) == []
    slots = [el for el in run.of_kind("block") if el["layout"] == "empty"]
    assert [s.get("sizing") for s in slots] == [{"width": 240}, {"width": "content"}]
    run = make_app('import jupyter_reactive as jr\nwith jr.spinner("x", width="wide"):\n    pass\n').run()
    (exc,) = run.of_kind("exception")
    assert "Invalid width value 'wide'" in exc["evalue"]


def test_columns_wrap_false_stays_side_by_side(make_app: Any) -> None:
    run = make_app("import jupyter_reactive as jr\njr.columns(2, wrap=False)\njr.columns(2)\n").run()
    rows = [el for el in run.of_kind("block") if el["layout"] == "columns"]
    assert [r.get("nowrap") for r in rows] == [True, None]
    run = make_app("import jupyter_reactive as jr\njr.columns(2, wrap='no')\n").run()
    (exc,) = run.of_kind("exception")
    assert "wrap must be True or False" in exc["evalue"]


def _laid_out_functions() -> list[Any]:
    import inspect

    from jupyter_reactive.kernel.delta import BaseContainer
    from jupyter_reactive.kernel.params import LAID_OUT

    found = {}
    for klass in BaseContainer.__mro__[0].__subclasses__() + [BaseContainer]:
        for name, func in inspect.getmembers(klass, callable):
            if getattr(func, LAID_OUT, None):
                found[name] = func
    return sorted(found.items())


def test_each_layout_parameter_is_read_as_binding_the_call_would_read_it() -> None:
    """The layout decorator reads its parameters from where a call put them without binding
    every argument (each element call's hot path); for every laid-out method, and calls that
    pass them by position, by name, twice, or with too many arguments or an unknown name, it
    must read what ``Signature.bind`` reads — or leave the call to ``bind``."""
    import inspect

    from jupyter_reactive.kernel.params import LAID_OUT, _Spots

    functions = _laid_out_functions()
    assert len(functions) > 30, functions
    for name, func in functions:
        sig = inspect.signature(func.__wrapped__)
        names = tuple(getattr(func, LAID_OUT))
        spots = _Spots(sig, names)
        params = list(sig.parameters.values())[1:]
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = [((), {})]
        for n in range(len(positional) + 2):  # by position, up to too many
            calls.append((tuple(f"a{i}" for i in range(n)), {}))
        for lay in names:
            calls.append(((), {lay: "by-name"}))
            calls.append((tuple(f"a{i}" for i in range(len(positional))), {lay: "twice?"}))
        calls.append(((), {"no_such_parameter": 1}))
        calls.append((("a0",), {names[0]: 1, "no_such_parameter": 1}))
        for args, kwargs in calls:
            try:
                bound = sig.bind(None, *args, **kwargs).arguments
            except TypeError:
                bound = None
            given = spots.given(args, kwargs)
            if given is None or bound is None:
                continue  # left to bind; or one the method itself refuses (a missing argument)
            assert given == {n: bound[n] for n in names if n in bound}, (name, args, kwargs)


@pytest.mark.parametrize(
    "call",
    [
        'jr.slider("x", 0, 10, 1, 1, "%d", "k", "help", None, (), {}, False, "visible", "stretch", "z")',
        'jr.slider("x", width=300, no_such_parameter=1)',
        'jr.markdown("x", "help?", width="wide", no_such_parameter=1)',
        'jr.text("x", "h", width=300, help="twice")',
        'jr.audio(width="wide")',
        "jr.image(width=-5, alt=3)",
    ],
)
def test_a_call_that_does_not_fit_fails_as_python_says(make_app: Any, call: str) -> None:
    """Too many arguments, an unknown or doubled name, a missing argument: Python's TypeError,
    before any layout value is judged, as binding the whole call first gave."""
    source = f"import jupyter_reactive as jr\ntry:\n    {call}\nexcept TypeError:\n    jr.write('got a TypeError')\n"
    run = make_app(source).run()
    assert run.status == "complete", run.messages
    assert "got a TypeError" in str(by_path(run)), run.messages
