"""Every widget through a real ScriptRunner: defaults, the element sent (docs/protocol.md), values
from the page, garbage refused by validate(), and API argument errors."""

from __future__ import annotations

import math
from typing import Any

import pytest

MARK = "ECHO\u2603<i>MARK"
HUGE_LIST = list(range(10_000))

COMMON = {"kind", "widget", "id", "label", "value", "disabled", "help", "label_visibility", "form_id"}
EXTRA = {
    "button": {"button_type"},
    "form_submit_button": {"button_type"},
    "checkbox": set(),
    "toggle": set(),
    "slider": {"min", "max", "step", "range", "format"},
    "text_input": {"placeholder", "max_chars", "password"},
    "text_area": {"placeholder", "max_chars", "height"},
    "number_input": {"min", "max", "step", "format"},
    "selectbox": {"options"},
    "radio": {"options", "horizontal"},
    "multiselect": {"options", "max_selections"},
}


def _one(make_app: Any, call: str, *, prelude: str = "") -> tuple[Any, dict[str, Any]]:
    """An app drawing one widget and writing what the script sees; returns (app, element)."""
    app = make_app(f"import jupyter_reactive as jr\n{prelude}seen = {call}\njr.text(repr(seen))\n")
    run = app.run()
    assert run.status == "complete", run.messages
    (el,) = [el for el in app.page.values() if el.get("kind") == "widget"]
    return app, el


def _seen(app: Any) -> str:
    (text,) = [el["text"] for el in app.page.values() if el.get("kind") == "text"]
    return text


def _check_fields(el: dict[str, Any], widget: str) -> None:
    assert el["kind"] == "widget" and el["widget"] == widget
    assert COMMON | EXTRA[widget] <= set(el), set(el) ^ (COMMON | EXTRA[widget])
    assert isinstance(el["id"], str) and el["id"]
    assert el["disabled"] is False and el["help"] is None and el["label_visibility"] == "visible"
    assert el["form_id"] is None


def _refuse_all(app: Any, el: dict[str, Any], garbage: list[Any]) -> None:
    for wire in garbage:
        message = app.refused(el["id"], wire)
        assert MARK not in message and "ECHO" not in message, (wire, message)
        assert message.startswith(f"{el['widget']} '{el['label']}': "), message


# -- buttons --------------------------------------------------------------------------------

BUTTON_GARBAGE = [False, 1, 0, "true", MARK, None, [True], {"a": True}, 1.0]


def test_button_default_element_and_click(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.button("Go", help="press it", type="primary")')
    assert set(el) == COMMON | EXTRA["button"]
    assert el["label"] == "Go" and el["value"] is None and el["button_type"] == "primary"
    assert el["help"] == "press it" and el["form_id"] is None
    assert _seen(app) == "False"
    app.send({el["id"]: True})
    assert _seen(app) == "True"
    app.run()
    assert _seen(app) == "False"


def test_button_refuses_garbage(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.button("Go")')
    _refuse_all(app, el, BUTTON_GARBAGE)


def test_form_submit_button_element_and_garbage(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        with jr.form("f"):
            name = jr.text_input("name")
            sent = jr.form_submit_button("Send")
        jr.text(repr((name, sent)))
    """)
    app.run()
    el = app.widget("Send")
    assert set(el) == COMMON | EXTRA["form_submit_button"]
    assert el["widget"] == "form_submit_button" and el["value"] is None and el["button_type"] == "secondary"
    assert el["form_id"] == "form-f" and app.widget("name")["form_id"] == "form-f"
    assert _seen(app) == "('', False)"
    # a submit: every widget of the form and the button's true, in one message
    app.send({app.widget("name")["id"]: "ada", el["id"]: True})
    assert _seen(app) == "('ada', True)"
    app.run()
    assert _seen(app) == "('ada', False)"
    _refuse_all(app, el, BUTTON_GARBAGE)


def test_an_unkeyed_submit_button_has_streamlits_key_in_session_state(make_app: Any) -> None:
    # Streamlit 1.67 keys it "FormSubmitter:<form key>-<label>"; a key of its own replaces that
    app = make_app("""
        import jupyter_reactive as jr
        with jr.form("f"):
            jr.form_submit_button("Send")
        with jr.form("g"):
            jr.form_submit_button("Send", key="mine")
        jr.text(repr(sorted(jr.session_state.to_dict().items())))
    """)
    app.run()
    assert _seen(app) == "[('FormSubmitter:f-Send', False), ('mine', False)]"
    first = min((p, el) for p, el in app.page.items() if el.get("label") == "Send")[1]
    app.send({first["id"]: True})
    assert _seen(app) == "[('FormSubmitter:f-Send', True), ('mine', False)]"


def test_two_unkeyed_submit_buttons_with_one_label_in_one_form_are_refused(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        with jr.form("f"):
            jr.form_submit_button("Send")
            jr.form_submit_button("Send")
    """)
    run = app.run()
    (exc,) = run.of_kind("exception")
    assert "FormSubmitter:f-Send" in exc["evalue"]


# -- booleans -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["checkbox", "toggle"])
def test_boolean_widget_default_element_and_value(make_app: Any, kind: str) -> None:
    app, el = _one(make_app, f'jr.{kind}("Agree")')
    _check_fields(el, kind)
    assert set(el) == COMMON
    assert el["value"] is False and _seen(app) == "False"
    app.send({el["id"]: True})
    assert app.widget("Agree")["value"] is True and _seen(app) == "True"
    app, el = _one(make_app, f'jr.{kind}("On", value=True, disabled=True)')
    assert el["value"] is True and el["disabled"] is True


@pytest.mark.parametrize("kind", ["checkbox", "toggle"])
def test_boolean_widget_refuses_garbage(make_app: Any, kind: str) -> None:
    app, el = _one(make_app, f'jr.{kind}("Agree")')
    _refuse_all(app, el, [1, 0, "true", MARK, None, [True], {"v": True}, 1.0, math.nan])


# -- sliders --------------------------------------------------------------------------------


def test_int_slider_default_element_and_value(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.slider("n")')
    _check_fields(el, "slider")
    assert (el["value"], el["min"], el["max"], el["step"], el["range"], el["format"]) == (0, 0, 100, 1, False, "int")
    app, el = _one(make_app, 'jr.slider("n", 0, 10, 4, 2)')
    assert (el["value"], el["min"], el["max"], el["step"]) == (4, 0, 10, 2)
    app.send({el["id"]: 7})
    assert app.widget("n")["value"] == 7 and _seen(app) == "7"
    app.send({el["id"]: 8.0})  # a whole float is an int
    assert app.widget("n")["value"] == 8 and _seen(app) == "8"


def test_int_slider_refuses_garbage(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.slider("n", 0, 10, 4)')
    _refuse_all(
        app,
        el,
        ["5", MARK, True, False, None, 5.5, math.nan, math.inf, -math.inf, -1, 11, 10**400, [5], {"v": 5}, HUGE_LIST],
    )
    assert "whole number" in app.refused(el["id"], 5.5)
    assert "range" in app.refused(el["id"], 11)


def test_float_slider_default_element_and_value(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.slider("x", 0.0, 1.0)')
    _check_fields(el, "slider")
    assert (el["value"], el["min"], el["max"], el["step"]) == (0.0, 0.0, 1.0, 0.01)
    assert (el["range"], el["format"]) == (False, "float")
    app.send({el["id"]: 0.25})
    assert _seen(app) == "0.25"
    app.send({el["id"]: 1})  # an int is a float here
    assert _seen(app) == "1.0"


def test_float_slider_refuses_garbage(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.slider("x", 0.0, 1.0, 0.5)')
    _refuse_all(app, el, ["0.5", True, None, math.nan, math.inf, -math.inf, 1.5, -0.01, 10**400, [0.5], {"x": 0.5}])
    assert "finite" in app.refused(el["id"], math.nan)


def test_range_slider_default_element_and_value(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.slider("r", 0, 10, (2, 5))')
    _check_fields(el, "slider")
    assert el["range"] is True and el["value"] == [2, 5] and el["format"] == "int"
    assert _seen(app) == "(2, 5)"
    app.send({el["id"]: [3, 3]})
    assert app.widget("r")["value"] == [3, 3] and _seen(app) == "(3, 3)"
    app, el = _one(make_app, 'jr.slider("r", 0.0, 1.0, ())')  # an empty value spans the range
    assert el["value"] == [0.0, 1.0] and el["format"] == "float"


def test_range_slider_refuses_garbage(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.slider("r", 0, 10, (2, 5))')
    _refuse_all(
        app,
        el,
        [
            5,
            "2,5",
            None,
            [],
            [1],
            [1, 2, 3],
            [5, 2],
            [1, "2"],
            [True, 2],
            [1.5, 2],
            [-1, 2],
            [2, 11],
            [math.nan, 2],
            [[1], [2]],
            [{"a": 1}, 2],
            HUGE_LIST,
            {"start": 1, "end": 2},
        ],
    )
    assert "start must not exceed end" in app.refused(el["id"], [5, 2])


# -- number_input ---------------------------------------------------------------------------


def test_int_number_input_default_element_and_value(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.number_input("k", 1, 10, step=2, placeholder="k?")')
    _check_fields(el, "number_input")
    assert (el["value"], el["min"], el["max"], el["step"], el["format"]) == (1, 1, 10, 2, "int")
    assert el["placeholder"] == "k?" and _seen(app) == "1"
    app.send({el["id"]: 9})
    assert _seen(app) == "9"


def test_int_number_input_refuses_garbage(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.number_input("k", 0, 10)')
    _refuse_all(app, el, ["3", True, None, 3.5, math.nan, math.inf, -1, 11, 10**400, [3], {"k": 3}])


def test_float_number_input_default_element_and_value(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.number_input("x")')
    _check_fields(el, "number_input")
    assert (el["value"], el["min"], el["max"], el["step"], el["format"]) == (0.0, None, None, 0.01, "float")
    app.send({el["id"]: -1e300})
    assert _seen(app) == "-1e+300"


def test_float_number_input_refuses_garbage(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.number_input("x", value=1.5)')
    _refuse_all(app, el, ["1.5", MARK, False, None, math.nan, math.inf, -math.inf, 10**400, -(10**400), [1.5], {}])


def test_number_input_with_none_value_accepts_none(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.number_input("x", value=None)')
    assert el["value"] is None and _seen(app) == "None"
    app.send({el["id"]: 2.5})
    assert _seen(app) == "2.5"
    app.send({el["id"]: None})
    assert _seen(app) == "None" and app.widget("x")["value"] is None
    _refuse_all(app, el, ["2", True, math.nan, [None]])
    assert el["clearable"] is True  # the page lets the viewer empty it (Escape)


def test_a_number_input_filled_through_session_state_may_still_be_cleared(make_app: Any) -> None:
    """``value=None`` with ``session_state[key]`` set first: the element holds the number and
    still says the field may be emptied; a field with a value never does."""
    app, el = _one(
        make_app, 'jr.number_input("x", value=None, key="k")', prelude="jr.session_state.setdefault('k', 4.0)\n"
    )
    assert el["value"] == 4.0 and el["clearable"] is True
    app.send({el["id"]: None})
    assert _seen(app) == "None"
    _, el = _one(make_app, 'jr.number_input("x", value=1.5)')
    assert "clearable" not in el


# -- text -----------------------------------------------------------------------------------


def test_text_input_default_element_and_value(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.text_input("Name", "ada", max_chars=5, placeholder="who?")')
    _check_fields(el, "text_input")
    assert (el["value"], el["max_chars"], el["placeholder"], el["password"]) == ("ada", 5, "who?", False)
    app.send({el["id"]: "alan"})
    assert _seen(app) == "'alan'"
    app.send({el["id"]: ""})
    assert _seen(app) == "''"


def test_text_input_password(make_app: Any) -> None:
    _app, el = _one(make_app, 'jr.text_input("Secret", type="password")')
    assert el["password"] is True and el["value"] == "" and el["max_chars"] is None


def test_text_input_refuses_garbage_and_long_text(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.text_input("Name", max_chars=5)')
    _refuse_all(app, el, [5, True, None, math.nan, ["a"], {"a": "b"}, "abcdef", MARK, "x" * 1_000_000])
    assert app.refused(el["id"], "abcdef").endswith("text longer than 5 characters")
    data, errors = app.state.validate({el["id"]: "abcde"})
    assert errors == [] and data.values[el["id"]] == "abcde"


def test_text_area_default_element_and_value(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.text_area("Notes", "a\\nb", height=120)')
    _check_fields(el, "text_area")
    assert (el["value"], el["max_chars"], el["height"], el["placeholder"]) == ("a\nb", None, 120, None)
    app.send({el["id"]: "line 1\nline 2"})
    assert _seen(app) == repr("line 1\nline 2")


def test_text_area_refuses_garbage_and_long_text(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.text_area("Notes", max_chars=10)')
    _refuse_all(app, el, [1, False, None, [MARK], {"t": MARK}, MARK * 3])


@pytest.mark.parametrize("call", ['jr.text_input("x", None)', 'jr.text_area("x", value=None)'])
def test_text_with_none_value_is_none_until_a_text_is_applied(make_app: Any, call: str) -> None:
    """Streamlit's st_text_input/st_text_area e2e tests: ``value=None`` shows "value 4: None",
    a typed text then that text, and a cleared field ``""`` (never None again)."""
    app, el = _one(make_app, call)
    assert el["value"] is None and _seen(app) == "None"
    app.send({el["id"]: "hello world"})
    assert _seen(app) == "'hello world'"
    app.send({el["id"]: ""})
    assert _seen(app) == "''" and app.widget("x")["value"] == ""
    _refuse_all(app, el, [5, True, math.nan, [None], {"a": None}])


# -- choices --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["selectbox", "radio"])
def test_choice_default_element_and_value(make_app: Any, kind: str) -> None:
    app, el = _one(make_app, f'jr.{kind}("Pick", [10, 20, 30], format_func=lambda v: f"n{{v}}")')
    _check_fields(el, kind)
    assert el["options"] == ["n10", "n20", "n30"] and el["value"] == 0 and _seen(app) == "10"
    app.send({el["id"]: 2})
    assert app.widget("Pick")["value"] == 2 and _seen(app) == "30"
    if kind == "radio":
        assert el["horizontal"] is False


def test_radio_horizontal_and_index(make_app: Any) -> None:
    _app, el = _one(make_app, 'jr.radio("Pick", ["a", "b"], index=1, horizontal=True)')
    assert el["horizontal"] is True and el["value"] == 1


@pytest.mark.parametrize("kind", ["selectbox", "radio"])
def test_choice_refuses_garbage(make_app: Any, kind: str) -> None:
    app, el = _one(make_app, f'jr.{kind}("Pick", ["a", "b"])')
    _refuse_all(app, el, [-1, 2, 10**400, True, False, "0", "a", MARK, 0.0, 1.5, math.nan, None, [0], {"i": 0}])
    assert app.refused(el["id"], 5).endswith("not one of the options")


@pytest.mark.parametrize("kind", ["selectbox", "radio"])
def test_choice_with_index_none(make_app: Any, kind: str) -> None:
    app, el = _one(make_app, f'jr.{kind}("Pick", ["a", "b"], index=None)')
    assert el["value"] is None and _seen(app) == "None"
    app.send({el["id"]: 1})
    assert _seen(app) == "'b'"
    app.send({el["id"]: None})
    assert _seen(app) == "None" and app.widget("Pick")["value"] is None
    _refuse_all(app, el, [2, -1, True, "1"])


def test_choice_returns_the_option_object_itself(make_app: Any) -> None:
    app, el = _one(
        make_app,
        'jr.selectbox("Pick", OPTS, format_func=lambda o: o["name"])',
        prelude='OPTS = [{"name": "first"}, {"name": "second"}]\n',
    )
    assert el["options"] == ["first", "second"]
    app.send({el["id"]: 1})
    assert _seen(app) == "{'name': 'second'}"


def test_multiselect_default_element_and_value(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.multiselect("Tags", ["a", "b", "c"], ["c", "a"], max_selections=2)')
    _check_fields(el, "multiselect")
    assert el["options"] == ["a", "b", "c"] and el["value"] == [2, 0] and el["max_selections"] == 2
    assert _seen(app) == "['c', 'a']"
    app.send({el["id"]: [1]})
    assert _seen(app) == "['b']" and app.widget("Tags")["value"] == [1]
    app.send({el["id"]: []})
    assert _seen(app) == "[]"
    _app, el = _one(make_app, 'jr.multiselect("T", ["a"])')
    assert el["value"] == [] and el["max_selections"] is None


def test_multiselect_refuses_garbage(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.multiselect("Tags", ["a", "b", "c"], max_selections=2)')
    _refuse_all(
        app,
        el,
        [
            0,
            "0",
            None,
            True,
            {"0": 1},
            [3],
            [-1],
            [True],
            ["0"],
            [0.0],
            [[0]],
            [{"i": 0}],
            [0, 0],
            [0, 1, 2],
            [0] * 10_000,
            HUGE_LIST,
            [math.nan],
            [MARK],
        ],
    )
    assert app.refused(el["id"], [1, 1]).endswith("an option was chosen twice")
    assert app.refused(el["id"], [0, 1, 2]).endswith("at most 2 options may be chosen")


# -- values that outlive a change of definition ---------------------------------------------


def test_keyed_choice_forgets_a_value_that_is_no_longer_an_option(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        opts = jr.session_state.get("opts", ["a", "b", "c"])
        seen = jr.selectbox("Pick", opts, key="pick")
        jr.text(repr(seen))
    """)
    app.run()
    app.send({app.widget("Pick")["id"]: 2})
    assert _seen(app) == "'c'"
    app.state["opts"] = ["c", "d"]  # the option moved: the index follows it
    app.run()
    assert _seen(app) == "'c'" and app.widget("Pick")["value"] == 0
    app.state["opts"] = ["x", "y"]  # the option is gone: back to the default
    app.run()
    assert _seen(app) == "'x'" and app.widget("Pick")["value"] == 0


def test_keyed_slider_falls_back_to_its_default_when_the_range_shrinks(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        hi = jr.session_state.get("hi", 10)
        seen = jr.slider("n", 0, hi, 2, key="n")
        jr.text(repr(seen))
    """)
    app.run()
    app.send({app.widget("n")["id"]: 9})
    app.state["hi"] = 5
    app.run()
    assert _seen(app) == "2" and app.widget("n")["max"] == 5


def test_widget_id_is_stable_across_runs_and_sessions(make_app: Any) -> None:
    source = 'import jupyter_reactive as jr\njr.slider("n", 0, 10, 2)\njr.slider("n", 0, 10, 2, key="k")\n'
    first, second = make_app(source), make_app(source)
    first.run()
    first_ids = sorted(el["id"] for el in first.page.values())
    first.run()
    second.run()
    assert sorted(el["id"] for el in first.page.values()) == first_ids
    assert sorted(el["id"] for el in second.page.values()) == first_ids
    assert len(set(first_ids)) == 2


def test_slider_bounds_take_its_value_as_streamlit_does(make_app: Any) -> None:
    """Streamlit 1.67 swaps bounds given reversed and widens them to a value outside: apps rely on
    it (a year range slider whose value ends after its max_value). The page gets the wider bounds
    and a change within them is taken; one outside them is still refused."""
    app = make_app(
        "import jupyter_reactive as jr\n"
        "years = jr.slider('Years', 1986, 2006, (2000, 2016))\n"
        "jr.session_state.out = [years, jr.slider('A', 10, 0), jr.slider('B', 0, 10, (8, 3)),"
        " jr.slider('C', 0.0, 1.0, 2.5)]\n"
    )
    app.run()
    assert app.state["out"] == [(2000, 2016), 10, (3, 8), 2.5]
    sliders = {el["label"]: el for el in app.page.values() if el.get("widget") == "slider"}
    assert (sliders["Years"]["min"], sliders["Years"]["max"]) == (1986, 2016)
    assert (sliders["A"]["min"], sliders["A"]["max"]) == (0, 10)
    assert (sliders["C"]["min"], sliders["C"]["max"]) == (0.0, 2.5)
    wid = sliders["Years"]["id"]
    app.send({wid: [1990, 2016]})
    assert app.state["out"][0] == (1990, 2016)
    for garbage in ([1980, 2000], [2000, 2017], [2010, 2000], "2000", None, [float("nan"), 2000]):
        assert app.refused(wid, garbage)


def test_none_can_be_an_option(make_app: Any) -> None:
    """A toast demo offers ``(None, "ℹ️", "✅")`` with index 0: None is then a value chosen, not
    "nothing chosen", and can be chosen again after another option."""
    app = make_app(
        "import jupyter_reactive as jr\n"
        "jr.session_state.out = [jr.selectbox('Icon', (None, 'i', 'ok'), index=0),"
        " jr.radio('R', ['a', None])]\n"
    )
    app.run()
    assert app.state["out"] == [None, "a"]
    ids = {el["label"]: el["id"] for el in app.page.values() if el.get("kind") == "widget"}
    app.send({ids["Icon"]: 2, ids["R"]: 1})
    assert app.state["out"] == ["ok", None]
    app.send({ids["Icon"]: 0})
    assert app.state["out"] == [None, None]
    for garbage in (None, 3, -1, "0", True, [0]):
        assert app.refused(ids["Icon"], garbage)


# -- API argument errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "ename", "text"),
    [
        ('jr.slider("s", 0.0, 1.0, 0.5, step=0.0)', "ValueError", "step must be positive"),
        ('jr.slider("s", 0.0, 1.0, float("nan"))', "WidgetValueError", "must be finite"),
        ('jr.slider("s", 0, 10, (1, float("inf")))', "WidgetValueError", "must be finite"),
        ('jr.slider("s", 0, 10, (1, 2, 3))', "ValueError", "two items"),
        ('jr.slider("s", "a", "z")', "TypeError", "int and float"),
        ('jr.number_input("n", 10, 5)', "ValueError", "min_value must be less than or equal to max_value"),
        ('jr.number_input("n", "1")', "TypeError", "int and float"),
        ('jr.selectbox("s", ["a", "b"], index=5)', "ValueError", "index 5 is out of range for 2 options"),
        ('jr.radio("r", ["a", "b"], index=-1)', "ValueError", "out of range"),
        ('jr.radio("r", ["a", "b"], index=True)', "ValueError", "out of range"),
        ('jr.multiselect("m", ["a", "b"], ["z"])', "ValueError", "'z' is not one of the options"),
        (
            'jr.multiselect("m", ["a", "b"], ["a", "b"], max_selections=1)',
            "StreamlitSelectionCountExceedsMaxError",
            "max_selections",
        ),
        ('jr.text_input("t", "abcdef", max_chars=3)', "ValueError", "longer than max_chars"),
        ("jr.checkbox(42)", "TypeError", "label must be a string"),
    ],
)
def test_api_argument_errors_become_exception_elements(make_app: Any, call: str, ename: str, text: str) -> None:
    app = make_app(f"import jupyter_reactive as jr\njr.write('before')\n{call}\njr.write('after')\n")
    run = app.run()
    assert run.status == "error"
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == ename and text in exc["evalue"], exc
    assert run.deltas[(0, 1)] is exc  # where the call was, after what was drawn before it
    assert not any("after" in t for t in app.texts())
    assert not [el for el in app.page.values() if el.get("kind") == "widget"]


@pytest.mark.parametrize(
    "call",
    [
        'jr.slider("{label}", 0, 10, 3)',
        'jr.checkbox("{label}")',
        'jr.selectbox("{label}", ["a", "b"])',
        'jr.text_input("{label}")',
        'jr.button("{label}")',
    ],
)
def test_a_markdown_label_comes_rendered_and_escaped_a_plain_one_not(make_app: Any, call: str) -> None:
    _, el = _one(make_app, call.format(label="Pick **one** <b>x</b> `y`"))
    assert el["label"] == "Pick **one** <b>x</b> `y`"  # the accessible name's source is unchanged
    html = el["label_html"]
    assert "<strong>one</strong>" in html and "<code>y</code>" in html
    assert "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    for plain in ("Plain label", "a < b & c", ""):
        _, el = _one(make_app, call.format(label=plain))
        assert "label_html" not in el, el
