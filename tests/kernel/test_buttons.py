"""Pills, segmented controls, feedback, link buttons, page links, audio recordings and button
icons through a real ScriptRunner (in process): the elements sent, values from the page,
garbage refused, Streamlit's argument errors."""

from __future__ import annotations

import io
import math
import wave
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive import UploadedFile

MARK = "ECHO\u2603<i>MARK"
HUGE_LIST = list(range(10_000))
GROUPS = ["pills", "segmented_control"]


def _app(make_app: Any, body: str, filename: str = "app.py") -> tuple[Any, Any]:
    app = make_app("import jupyter_reactive as jr\n" + body, filename)
    return app, app.run()


def _run(make_app: Any, body: str, filename: str = "app.py") -> Any:
    return _app(make_app, body, filename)[1]


def _one(make_app: Any, call: str, prelude: str = "") -> tuple[Any, dict[str, Any]]:
    """An app drawing one widget and showing repr() of what the script sees."""
    app, run = _app(make_app, f"{prelude}seen = {call}\njr.text(repr(seen))\n")
    assert run.status == "complete", run.messages
    (el,) = [el for el in app.page.values() if el.get("kind") == "widget"]
    return app, el


def _seen(app: Any) -> str:
    (text,) = [el["text"] for el in app.page.values() if el.get("kind") == "text"]
    return text


def _failed(run: Any, ename: str, text: str) -> None:
    assert run.status == "error", run.messages
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == ename and text in exc["evalue"], exc


def _refuse_all(app: Any, el: dict[str, Any], garbage: list[Any]) -> None:
    for wire in garbage:
        message = app.refused(el["id"], wire)
        assert MARK not in message and "ECHO" not in message, (wire, message)
        assert message.startswith(f"{el['widget']} '{el['label']}': "), message


def _notices(run: Any) -> list[str]:
    return [m["message"] for m in run.messages if m["type"] == "notice"]


# -- pills / segmented_control ------------------------------------------------------------------


@pytest.mark.parametrize("kind", GROUPS)
def test_single_group_element_value_and_deselect(make_app: Any, kind: str) -> None:
    app, el = _one(make_app, f'jr.{kind}("Dir", ["North", "East", "South"])')
    assert el["widget"] == kind and el["label"] == "Dir" and el["multi"] is False
    assert el["options"] == ["North", "East", "South"] and el["value"] is None
    assert "required" not in el and "use_container_width" not in el
    assert _seen(app) == "None"
    app.send({el["id"]: 1})
    assert _seen(app) == "'East'" and app.widget("Dir")["value"] == 1
    app.send({el["id"]: None})  # the chosen pill clicked again
    assert _seen(app) == "None" and app.widget("Dir")["value"] is None


@pytest.mark.parametrize("kind", GROUPS)
def test_multi_group_returns_a_list_in_the_order_chosen(make_app: Any, kind: str) -> None:
    app, el = _one(make_app, f'jr.{kind}("Tags", ["a", "b", "c"], selection_mode="multi", default=["c"])')
    assert el["multi"] is True and el["value"] == [2]
    assert _seen(app) == "['c']"
    app.send({el["id"]: [2, 0]})
    assert _seen(app) == "['c', 'a']"
    app.send({el["id"]: []})
    assert _seen(app) == "[]"


@pytest.mark.parametrize("kind", GROUPS)
def test_group_refuses_garbage(make_app: Any, kind: str) -> None:
    app, el = _one(make_app, f'jr.{kind}("Dir", ["N", "E"])')
    _refuse_all(app, el, [2, -1, "0", True, 0.0, 1.5, math.nan, [0], {"0": 1}, MARK, [MARK], 10**400])
    app, el = _one(make_app, f'jr.{kind}("Tags", ["a", "b", "c"], selection_mode="multi")')
    _refuse_all(app, el, [0, None, "0", [3], [-1], [True], ["0"], [0.0], [[0]], [0, 0], HUGE_LIST, [math.nan], [MARK]])
    assert app.refused(el["id"], [1, 1]).endswith("an option was chosen twice")


def test_group_options_are_objects_shown_through_format_func_with_icons(make_app: Any) -> None:
    app, el = _one(
        make_app,
        'jr.pills("Zoom", [0, 1, 2], format_func=lambda o: [":material/add:", "🔍 in", ":rocket: **go**"][o], default=2)',
    )
    assert el["options"][0] == '<span class="jr-icon" aria-hidden="true">add</span>'
    assert el["options"][1] == "🔍 in"
    assert el["options"][2] == "🚀 <strong>go</strong>"
    assert el["value"] == 2 and _seen(app) == "2"
    app.send({el["id"]: 0})
    assert _seen(app) == "0"
    # labels are escaped, never raw HTML
    _app2, el2 = _one(make_app, 'jr.pills("X", ["<b>x</b>"])')
    assert el2["options"] == ["&lt;b&gt;x&lt;/b&gt;"]


def test_required_single_group_always_has_a_choice(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.segmented_control("Size", ["S", "M", "L"], required=True)')
    assert el["required"] is True and el["value"] == 0 and _seen(app) == "'S'"
    assert app.refused(el["id"], None).endswith("an option is required")
    app.send({el["id"]: 2})
    assert _seen(app) == "'L'"


@pytest.mark.parametrize(
    "args, ename, text",
    [
        ('["a"], selection_mode="many"', "ValueError", "selection_mode"),
        ('["a"], default="z"', "ValueError", "not one of the options"),
        ('["a", "b"], default=["a", "b"]', "ValueError", "single value"),
        ('["a"], selection_mode="multi", required=True', "ValueError", "required"),
        ('"abc"', "TypeError", "not a string"),
        ('["a"], width="huge"', "StreamlitValueError", "width"),
        ('["a"], on_change="sometimes"', "ValueError", "on_change"),
    ],
)
def test_group_argument_errors(make_app: Any, args: str, ename: str, text: str) -> None:
    run = _run(make_app, f'jr.pills("P", {args})\n')
    _failed(run, ename, text)


@pytest.mark.parametrize("call", ["jr.pills", "jr.segmented_control", "jr.multiselect"])
def test_options_and_default_as_arrays_as_streamlit_reads_them(make_app: Any, call: str) -> None:
    """agent-skills' seattle-weather template: ``default=df.year.unique()``, a numpy array."""
    multi = ', selection_mode="multi"' if call != "jr.multiselect" else ""
    prelude = "import numpy as np, pandas as pd\nyears = pd.Series([2012, 2013, 2012, 2014], dtype='int32').unique()\n"
    app, _el = _one(make_app, f'{call}("Years", years, default=years{multi})', prelude)
    assert _seen(app) == "[2012, 2013, 2014]"
    app, _el = _one(make_app, f'{call}("Years", pd.Index(["a", "b"]), default=pd.Series(["b"]){multi})', prelude)
    assert _seen(app) == "['b']"
    run = _run(make_app, f"import numpy as np\n{call}('Y', [1, 2], default=np.array([3]){multi})\n")
    _failed(run, "ValueError", "not one of the options")
    # a zero-dimensional array is one value
    app, _el = _one(make_app, f'{call}("Y", [1, 2], default=np.int64(2){multi})', "import numpy as np\n")
    assert _seen(app) == "[2]"


def test_group_key_session_state_and_on_change(make_app: Any) -> None:
    app, run = _app(
        make_app,
        "def changed(tag):\n"
        "    jr.session_state.log = jr.session_state.get('log', []) + [(tag, jr.session_state.p)]\n"
        "if 'p' not in jr.session_state:\n"
        "    jr.session_state.p = ['b']\n"
        "v = jr.pills('P', ['a', 'b', 'c'], selection_mode='multi', key='p', on_change=changed, args=('x',))\n"
        "jr.text(repr((v, jr.session_state.get('log'))))\n",
    )
    assert run.status == "complete", run.messages
    el = app.widget("P")
    assert el["value"] == [1] and _seen(app) == "(['b'], None)"
    app.send({el["id"]: [1, 2]})
    assert _seen(app) == "(['b', 'c'], [('x', ['b', 'c'])])"


def test_group_on_change_ignore_warns_once_and_pixel_width_is_sizing(make_app: Any) -> None:
    run = _run(
        make_app,
        'jr.pills("P", ["a"], on_change="ignore", width=300)\njr.segmented_control("S", ["a"], width="stretch")\n',
    )
    assert run.status == "complete"
    assert sorted(_notices(run)) == ["jr.pills(on_change=…) is not supported yet and was ignored."]
    (pills,) = [el for el in run.of_kind("widget") if el["widget"] == "pills"]
    assert pills["sizing"] == {"width": 300}
    (seg,) = [el for el in run.of_kind("widget") if el["widget"] == "segmented_control"]
    assert seg["use_container_width"] is True and seg["sizing"] == {"width": "stretch"}


def test_group_in_a_form_sends_on_submit(make_app: Any) -> None:
    app, _ = _app(
        make_app,
        "with jr.form('f'):\n    v = jr.pills('P', ['a', 'b'])\n    jr.form_submit_button('Go')\njr.text(repr(v))\n",
    )
    el = app.widget("P")
    assert el["form_id"] is not None and _seen(app) == "None"


# -- feedback -----------------------------------------------------------------------------------


@pytest.mark.parametrize("options, n", [("thumbs", 2), ("faces", 5), ("stars", 5)])
def test_feedback_values(make_app: Any, options: str, n: int) -> None:
    app, el = _one(make_app, f'jr.feedback("{options}")')
    assert el["widget"] == "feedback" and el["options"] == options and el["value"] is None
    assert el["label_visibility"] == "collapsed" and _seen(app) == "None"
    app.send({el["id"]: n - 1})
    assert _seen(app) == repr(n - 1)
    app.send({el["id"]: None})
    assert _seen(app) == "None"
    _refuse_all(app, el, [n, -1, "1", True, 1.0, [0], {"v": 0}, MARK, math.inf, 10**400])


def test_feedback_default_key_and_errors(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.feedback("stars", key="r", default=3)', prelude="")
    assert el["value"] == 3 and _seen(app) == "3"
    app, el = _one(make_app, 'jr.feedback(key="t")', prelude="jr.session_state.t = 1\n")
    assert el["value"] == 1 and _seen(app) == "1"
    for call, text in [
        ('jr.feedback("hearts")', "options"),
        ('jr.feedback("thumbs", default=2)', "default"),
        ('jr.feedback("stars", default=True)', "default"),
    ]:
        run = _run(make_app, call + "\n")
        _failed(run, "ValueError", text)


def test_two_feedbacks_need_keys(make_app: Any) -> None:
    run = _run(make_app, "jr.feedback()\njr.feedback()\n")
    assert run.status == "error"
    run = _run(make_app, "jr.feedback(key='a')\njr.feedback(key='b')\n")
    assert run.status == "complete"


# -- buttons: type and icon -----------------------------------------------------------------------


def test_button_icons_and_tertiary(make_app: Any) -> None:
    run = _run(
        make_app,
        "jr.button('Home', icon=':material/home:', type='tertiary')\n"
        "jr.button('Fire', icon='🔥', type='primary')\n"
        "jr.button('Wait', icon='spinner')\n"
        "jr.button('One', icon='1\ufe0f\u20e3')\n"  # a keycap: an ASCII digit, then its frame
        "with jr.form('f'):\n    jr.form_submit_button('Send', icon='✉️')\n",
    )
    assert run.status == "complete" and _notices(run) == []
    got = {el["label"]: (el["button_type"], el.get("icon")) for el in run.of_kind("widget")}
    assert got == {
        "Home": ("tertiary", ":material/home:"),
        "Fire": ("primary", "🔥"),
        "Wait": ("secondary", "spinner"),
        "One": ("secondary", "1\ufe0f\u20e3"),
        "Send": ("secondary", "✉️"),
    }


@pytest.mark.parametrize(
    "icon", ["home", ":material/Home:", ":material/home", "a🔥", " ", "", 3, "1", "12\u20e3", "1\u20e3x", "a\u20e3"]
)
def test_button_bad_icon_raises(make_app: Any, icon: Any) -> None:
    run = _run(make_app, f"jr.button('b', icon={icon!r})\n")
    _failed(run, "ValueError", "icon")


def test_button_bad_type_raises(make_app: Any) -> None:
    run = _run(make_app, "jr.button('b', type='danger')\n")
    _failed(run, "ValueError", "type must be")


# -- link_button ----------------------------------------------------------------------------------


def test_link_button_element(make_app: Any) -> None:
    run = _run(
        make_app,
        "jr.link_button('Docs', 'https://example.org/a?b=1')\n"
        "jr.link_button('Mail', 'mailto:a@example.org', type='primary', icon='📧', help='write', disabled=True,"
        " use_container_width=True)\n",
    )
    assert run.status == "complete"
    a, b = run.of_kind("link_button")
    assert a == {"kind": "link_button", "label": "Docs", "url": "https://example.org/a?b=1", "button_type": "secondary"}
    assert b["url"] == "mailto:a@example.org" and b["button_type"] == "primary" and b["icon"] == "📧"
    assert b["help"] == "write" and b["disabled"] is True and b["use_container_width"] is True


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "//evil.org",
        "/local",
        "http:///x",
        "ftp://x.org",
        3,
    ],
)
def test_link_button_refuses_other_urls(make_app: Any, url: Any) -> None:
    run = _run(make_app, f"jr.link_button('x', {url!r})\n")
    assert run.status == "error" and not run.of_kind("link_button")


def test_link_button_with_on_click_is_a_button(make_app: Any) -> None:
    app, run = _app(
        make_app,
        "def clicked(n):\n    jr.session_state.n = jr.session_state.get('n', 0) + n\n"
        "a = jr.link_button('Go', 'https://a.org', on_click=clicked, args=(2,), key='go')\n"
        "b = jr.link_button('Plain', 'https://a.org')\n"
        "jr.text(repr((a, b, jr.session_state.get('n'))))\n",
    )
    assert run.status == "complete" and _notices(run) == []
    el = app.widget("Go")
    assert el["widget"] == "link_button" and el["url"] == "https://a.org" and el["value"] is None
    assert _seen(app) == "(False, None, None)"
    app.send({el["id"]: True})
    assert _seen(app) == "(True, None, 2)"
    app.run()
    assert _seen(app) == "(False, None, 2)"
    assert "only sends true" in app.refused(el["id"], False)
    for bad in (None, 1, "true", [True], MARK):
        app.refused(el["id"], bad)
    run = _run(make_app, "jr.link_button('x', 'https://a.org', on_click='sometimes')\n")
    _failed(run, "ValueError", "on_click")


def test_button_labels_are_inline_markdown(make_app: Any) -> None:
    run = _run(
        make_app,
        "jr.button('**Bold** go')\njr.button('plain <b>')\n"
        "jr.link_button('Open :material/open_in_new:', 'https://a.org')\n",
    )
    bold, plain = run.of_kind("widget")
    assert bold["label"] == "**Bold** go" and bold["label_html"] == "<strong>Bold</strong> go"
    assert "label_html" not in plain
    (link,) = run.of_kind("link_button")
    assert link["label_html"] == 'Open <span class="jr-icon" aria-hidden="true">open_in_new</span>'


# -- page_link ------------------------------------------------------------------------------------


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text("")
    (tmp_path / "other.py").write_text("")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "2_my_plots.py").write_text("")
    (tmp_path / "pages" / "notes.txt").write_text("")
    (tmp_path.parent / "outside.py").write_text("")
    return tmp_path


def test_page_link_to_app_scripts_is_relative_to_this_page(make_app: Any, app_dir: Path) -> None:
    run = _run(
        make_app,
        "from pathlib import Path\n"
        "jr.page_link('pages/2_my_plots.py')\n"
        "jr.page_link(Path('other.py'), label='**Other**', icon=':material/home:', query_params={'a': 'b c'})\n"
        "jr.page_link('app.py', label='Home', disabled=True, help='h')\n",
        filename=str(app_dir / "app.py"),
    )
    assert run.status == "complete", run.messages
    plots, other, home = run.of_kind("page_link")
    assert plots == {"kind": "page_link", "html": "my plots", "url": "pages/2_my_plots.py"}
    assert other["url"] == "other.py?a=b+c" and other["html"] == "<strong>Other</strong>"
    assert other["icon"] == ":material/home:" and "external" not in other
    assert home["url"] == "app.py" and home["disabled"] is True and home["help"] == "h"


def test_page_link_from_a_page_script_resolves_from_the_main_folder(make_app: Any, app_dir: Path) -> None:
    run = _run(
        make_app,
        "jr.page_link('app.py')\njr.page_link('pages/2_my_plots.py')\n",
        filename=str(app_dir / "pages" / "2_my_plots.py"),
    )
    assert run.status == "complete", run.messages
    assert [el["url"] for el in run.of_kind("page_link")] == ["../app.py", "2_my_plots.py"]


@pytest.mark.parametrize("page", ["missing.py", "pages/notes.txt", "../outside.py", "javascript:alert(1)", "pages"])
def test_page_link_refuses_what_is_not_an_app_script(make_app: Any, app_dir: Path, page: str) -> None:
    run = _run(make_app, f"jr.page_link({page!r})\n", filename=str(app_dir / "app.py"))
    _failed(run, "ValueError", "page")


def test_page_link_external(make_app: Any) -> None:
    run = _run(make_app, "jr.page_link('https://streamlit.io', label='Site', icon='🌐')\n")
    (el,) = run.of_kind("page_link")
    assert el == {"kind": "page_link", "html": "Site", "url": "https://streamlit.io", "external": True, "icon": "🌐"}


# -- audio_input ----------------------------------------------------------------------------------


def _wav(seconds: float = 0.1, rate: int = 16000) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x00\x01" * int(seconds * rate))
    return buf.getvalue()


def _ref(fid: str, size: int = 0, name: str = "audio.wav") -> dict[str, Any]:
    return {"id": fid, "name": name, "type": "audio/wav", "size": size}


def test_audio_input_element_and_recording(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.audio_input("Speak", help="say it")')
    assert el["widget"] == "audio_input" and el["value"] == [] and el["sample_rate"] == 16000
    assert el["help"] == "say it" and _seen(app) == "None"
    data = _wav()
    app.state.add_files({"r1": data})
    app.send({el["id"]: [_ref("r1", len(data))]})
    assert _seen(app).startswith("UploadedFile(name='audio.wav', type='audio/wav'")
    assert app.widget("Speak")["value"] == [_ref("r1", len(data))]
    app.send({el["id"]: []})
    assert _seen(app) == "None"
    _app2, el2 = _one(make_app, 'jr.audio_input("Hi-fi", sample_rate=None)')
    assert el2["sample_rate"] is None


def test_audio_input_returns_the_wav(make_app: Any) -> None:
    app, _ = _app(
        make_app,
        "import wave\nrec = jr.audio_input('Speak')\n"
        "if rec is not None:\n"
        "    with wave.open(rec) as w:\n"
        "        jr.text(f'{w.getframerate()} {w.getnframes()} {isinstance(rec, jr.UploadedFile)}')\n",
    )
    el = app.widget("Speak")
    data = _wav(0.5, 16000)
    app.state.add_files({"r": data})
    app.send({el["id"]: [_ref("r", len(data))]})
    assert _seen(app) == "16000 8000 True"


def test_audio_input_refuses_garbage(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.audio_input("Speak")')
    data = _wav()
    app.state.add_files({"ok": data, "ok2": data, "png": b"\x89PNG\r\n\x1a\n" + b"0" * 20, "short": b"RIFF"})
    _refuse_all(
        app,
        el,
        [
            "x",
            1,
            True,
            {"id": "ok"},
            [_ref("ok"), _ref("ok2")],
            [{"id": "ok", "name": "a.wav"}],
            [{"id": 1, "name": "a.wav", "type": "audio/wav"}],
            [_ref("missing")],
            [_ref("png", name="a.wav")],
            [_ref("short")],
            [MARK],
            HUGE_LIST,
        ],
    )
    assert "WAV" in app.refused(el["id"], [_ref("png")])
    assert "did not arrive" in app.refused(el["id"], [_ref("missing")])


def test_audio_input_bad_sample_rate(make_app: Any) -> None:
    for rate in (12345, True, "16000", 0):
        run = _run(make_app, f"jr.audio_input('a', sample_rate={rate!r})\n")
        _failed(run, "ValueError", "sample_rate")


def test_audio_input_session_state_cannot_be_a_non_recording(make_app: Any) -> None:
    app, el = _one(make_app, 'jr.audio_input("A", key="a")', prelude="jr.session_state.a = 'not audio'\n")
    assert _seen(app) == "None" and el["value"] == []
    assert isinstance(UploadedFile("i", "n", "audio/wav", b""), UploadedFile)


def test_audio_of_none_is_an_empty_player(make_app: Any) -> None:
    # Streamlit's own audio_input example: st.audio(st.audio_input(...)) before any recording
    run = _run(make_app, "jr.audio(jr.audio_input('A'))\njr.video(None)\n")
    assert run.status == "complete", run.messages
    (audio,) = run.of_kind("audio")
    (video,) = run.of_kind("video")
    assert audio["src"] == "" and video["src"] == ""


# -- pagination ------------------------------------------------------------------------------------


def test_pagination_returns_the_chosen_page(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        page = jr.pagination(12, default=3, max_visible_pages=5, key="pg")
        jr.write(f"page {page} / {jr.session_state.pg}")
        """
    )
    run = app.run()
    (el,) = run.of_kind("widget")
    assert el["widget"] == "pagination" and el["value"] == 3 and el["num_pages"] == 12 and el["max_visible"] == 5
    assert el["label"] == "Pagination" and el["label_visibility"] == "collapsed"
    assert app.has_text("page 3 / 3")
    app.send({el["id"]: 12})
    assert app.has_text("page 12 / 12")


@pytest.mark.parametrize("wire", [0, 13, -1, 2.5, "2", True, None, [1]])
def test_pagination_refuses_pages_that_do_not_exist(make_app: Any, wire: Any) -> None:
    app = make_app("import jupyter_reactive as jr\njr.write(jr.pagination(12))\n")
    (el,) = app.run().of_kind("widget")
    assert "page" in app.refused(el["id"], wire) or "number" in app.refused(el["id"], wire)


@pytest.mark.parametrize(
    "args, text",
    [
        ("0", "num_pages must be"),
        ("'3'", "num_pages must be"),
        ("5, default=6", "default must be a page from 1 to 5"),
        ("5, default=0", "default must be a page"),
        ("5, max_visible_pages=0", "max_visible_pages must be"),
        ("5, width='wide'", "Invalid width value"),
    ],
)
def test_pagination_refuses_bad_arguments(make_app: Any, args: str, text: str) -> None:
    run = make_app(f"import jupyter_reactive as jr\njr.pagination({args})\n").run()
    (exc,) = run.of_kind("exception")
    assert exc["ename"] in ("StreamlitAPIException", "StreamlitValueError") and text in exc["evalue"], exc


# -- menu_button -----------------------------------------------------------------------------------


def test_menu_button_returns_the_chosen_option_for_one_run(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        picked = jr.menu_button("Export", [10, 20, 30], format_func=lambda n: f"{n} rows", icon="📤")
        jr.write(f"picked {picked!r}")
        """
    )
    run = app.run()
    (el,) = run.of_kind("widget")
    assert el["widget"] == "menu_button" and el["options"] == ["10 rows", "20 rows", "30 rows"]
    assert el["value"] is None and el["button_type"] == "secondary" and el["icon"] == "📤"
    assert app.has_text("picked None")
    app.send({el["id"]: 1})
    assert app.has_text("picked 20")
    app.run()
    assert app.has_text("picked None")  # a trigger: one run only


@pytest.mark.parametrize("wire", [3, -1, 1.5, "1", True, [0]])
def test_menu_button_refuses_items_that_do_not_exist(make_app: Any, wire: Any) -> None:
    app = make_app("import jupyter_reactive as jr\njr.write(jr.menu_button('m', ['a', 'b', 'c']))\n")
    (el,) = app.run().of_kind("widget")
    assert app.refused(el["id"], wire)


@pytest.mark.parametrize(
    "args, text",
    [
        ("'m', []", "at least one option"),
        ("'m', ['a'], on_click=5", "on_click must be a callable"),
        ("'m', ['a'], type='loud'", "type must be"),
        ("'m', ['a'], width='wide'", "Invalid width value"),
    ],
)
def test_menu_button_refuses_bad_arguments(make_app: Any, args: str, text: str) -> None:
    run = make_app(f"import jupyter_reactive as jr\njr.menu_button({args})\n").run()
    (exc,) = run.of_kind("exception")
    assert text in exc["evalue"], exc
