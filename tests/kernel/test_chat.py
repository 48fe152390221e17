"""Chat apps through a real ScriptRunner: ``chat_input`` (a trigger carrying the message, its
position, max_chars, attachments and the values it refuses), ``chat_message`` (avatars, any
element inside), ``write_stream`` (generators, async generators, OpenAI- and LangChain-style
chunks, each chunk sent while the script still runs) and a conversation kept in
``session_state``."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_reactive.kernel.requests import RerunData


def _chat(app: Any) -> dict[str, Any]:
    (el,) = [el for el in app.page.values() if el.get("widget") == "chat_input"]
    return el


def _messages(app: Any) -> list[tuple[tuple[int, ...], dict[str, Any]]]:
    return sorted((p, el) for p, el in app.page.items() if el.get("layout") == "chat_message")


ECHO = """
import jupyter_reactive as jr
prompt = jr.chat_input("Say something", max_chars=20)
jr.text(f"got {prompt!r}")
"""


def test_chat_input_element_at_the_bottom_and_none_before_a_message(make_app: Any) -> None:
    app = make_app(ECHO)
    assert app.run().status == "complete"
    el = _chat(app)
    assert el["label"] == el["placeholder"] == "Say something"
    assert el["value"] is None and el["position"] == "bottom" and el["max_chars"] == 20
    assert el["accept_file"] is False and el["file_type"] is None and el["label_visibility"] == "collapsed"
    assert app.has_text("got None")


def test_a_message_is_the_value_of_exactly_one_run(make_app: Any) -> None:
    app = make_app(ECHO)
    app.run()
    wid = _chat(app)["id"]
    run = app.send({wid: ["hello"]})
    assert run.status == "complete" and app.has_text("got 'hello'")
    app.run()  # any later run (another widget, the rerun button) sees no message
    assert app.has_text("got None")
    app.send({wid: ["hello"]})  # the same text again is a new message
    assert app.has_text("got 'hello'")


def test_max_chars_and_garbage_are_refused(make_app: Any) -> None:
    app = make_app(ECHO)
    app.run()
    wid = _chat(app)["id"]
    assert "longer than 20" in app.refused(wid, ["x" * 21])
    for garbage in (True, "hello", [], [None], [1], {"text": "x"}, ["x", {"id": "f", "name": "a", "type": "t"}], [""]):
        assert "chat_input" in app.refused(wid, garbage), garbage
    assert app.run().status == "complete" and app.has_text("got None")  # nothing lost or stuck


FILL = """
import jupyter_reactive as jr
if jr.session_state.get("go"):
    jr.session_state.prompt = jr.session_state.go
prompt = jr.chat_input("Say something", max_chars=20, key="prompt")
jr.text(f"got {prompt!r} reads {jr.session_state.prompt!r}")
"""


def test_session_state_text_fills_the_box_unsent(make_app: Any) -> None:
    """Streamlit's ``st.session_state.chat_input = "..."``: the text travels to the box (cut to
    max_chars), once per run that sets it; the widget's value stays None until it is sent."""
    app = make_app(FILL)
    app.state["go"] = "Hello, world!"
    assert app.run().status == "complete"  # the first run: the key is not known yet
    el = _chat(app)
    assert el["text"] == "Hello, world!" and isinstance(el["text_run"], int)
    assert app.has_text("got None reads None")
    app.state["go"] = "x" * 50
    assert app.run().status == "complete"  # the key is known: set through the widget's path
    assert _chat(app)["text"] == "x" * 20 and _chat(app)["text_run"] > el["text_run"]
    del app.state["go"]
    app.run()
    assert "text" not in _chat(app) and app.has_text("got None reads None")
    app.send({_chat(app)["id"]: ["sent"]})
    assert app.has_text("got 'sent' reads 'sent'")


@pytest.mark.parametrize("garbage", [42, ["x"], b"bytes", {"text": "x"}])
def test_session_state_garbage_for_a_chat_input_is_refused(make_app: Any, garbage: Any) -> None:
    """Only text fills the box; anything else is a trigger's value, which cannot be set."""
    app = make_app(FILL)
    app.run()
    app.state["go"] = garbage
    run = app.run()
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "StreamlitValueAssignmentNotAllowedError"
    del app.state["go"]
    assert app.run().status == "complete" and "text" not in _chat(app)  # nothing left behind


def test_inline_in_containers_sidebar_and_columns(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.container().chat_input("a")
        jr.sidebar.chat_input("b")
        with jr.columns(2)[0]:
            jr.chat_input("c")
        jr.chat_input("d")
        """
    )
    assert app.run().status == "complete"
    positions = {el["label"]: el["position"] for el in app.page.values() if el.get("widget") == "chat_input"}
    assert positions == {"a": "inline", "b": "inline", "c": "inline", "d": "bottom"}


def test_not_in_a_form_and_bad_arguments(make_app: Any) -> None:
    for call, text in (
        ('with jr.form("f"):\n    jr.chat_input()', "can't be used in a jr.form()"),
        ('jr.chat_input(accept_file="yes")', "accept_file must be"),
        ("jr.chat_input(max_chars=0)", "max_chars must be"),
        ('jr.chat_input(width="wide")', "width must be"),
        ('jr.chat_input(submit_mode="later")', "submit_mode must be"),
    ):
        app = make_app("import jupyter_reactive as jr\n" + call + "\n")
        assert app.run().status == "error"
        (exc,) = app.run().of_kind("exception") or [el for el in app.page.values() if el["kind"] == "exception"]
        assert text in exc["evalue"], (call, exc)


def test_on_submit_callback_reads_the_message_from_session_state(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.session_state.setdefault("log", [])
        def sent(tag):
            jr.session_state.log.append((tag, jr.session_state.prompt))
        jr.chat_input(key="prompt", on_submit=sent, args=("cb",))
        jr.text(f"log {jr.session_state.log} now {jr.session_state.prompt!r}")
        """
    )
    app.run()
    app.send({_chat(app)["id"]: ["hi"]})
    assert app.has_text("log [('cb', 'hi')] now 'hi'")
    app.run()
    assert app.has_text("log [('cb', 'hi')] now None")


def test_a_message_is_not_lost_to_a_rerun_that_cuts_the_run_short(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.text("before")
        prompt = jr.chat_input()
        jr.text(f"got {prompt!r}")
        """
    )
    app.run()
    wid = _chat(app)["id"]
    data, _ = app.state.validate({wid: ["first"]})
    app.state.carry_unread_triggers()  # nothing yet; a run cut short before drawing the input:
    app.state.begin_run(data)
    app.state.carry_unread_triggers()
    app.state.end_run(False, cut_short=True)
    app.run()
    assert app.has_text("got 'first'")


def test_conversation_kept_in_session_state_across_reruns(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        if "messages" not in jr.session_state:
            jr.session_state.messages = []
        for m in jr.session_state.messages:
            with jr.chat_message(m["role"]):
                jr.markdown(m["content"])
        if prompt := jr.chat_input("Say something"):
            jr.session_state.messages.append({"role": "user", "content": prompt})
            with jr.chat_message("user"):
                jr.markdown(prompt)
            answer = f"You said: {prompt}"
            jr.session_state.messages.append({"role": "assistant", "content": answer})
            with jr.chat_message("assistant"):
                jr.markdown(answer)
        """
    )
    app.run()
    wid = _chat(app)["id"]
    app.send({wid: ["one"]})
    app.send({wid: ["two"]})
    app.run()  # a plain rerun shows the whole conversation again
    msgs = _messages(app)
    assert [el["name"] for _p, el in msgs] == ["user", "assistant", "user", "assistant"]
    assert [el["avatar_type"] for _p, el in msgs] == ["user", "assistant", "user", "assistant"]
    texts = app.texts()
    assert [t.strip() for t in texts if "one" in t or "two" in t] == [
        "<p>one</p>",
        "<p>You said: one</p>",
        "<p>two</p>",
        "<p>You said: two</p>",
    ]


# -- attachments ------------------------------------------------------------------------------

FILES = """
import jupyter_reactive as jr
v = jr.chat_input("Ask", accept_file={accept!r}, file_type={types!r})
if v:
    jr.text(f"text={{v.text!r}} files={{[(f.name, f.read()) for f in v['files']]}} keys={{sorted(v)}}")
else:
    jr.text(f"got {{v!r}}")
"""


def _ref(fid: str, name: str, mimetype: str = "text/plain") -> dict[str, Any]:
    return {"id": fid, "name": name, "type": mimetype, "size": 1}


def test_attachments_reach_the_script(make_app: Any) -> None:
    app = make_app(FILES.format(accept="multiple", types=["csv", "image"]))
    app.run()
    el = _chat(app)
    assert el["accept_file"] == "multiple" and el["file_type"] == [".csv", "image/*"]
    app.state.add_files({"f1": b"a,b", "f2": b"PNG"})
    app.send({el["id"]: ["look", _ref("f1", "t.csv"), _ref("f2", "p.png", "image/png")]})
    assert app.has_text("text='look' files=[('t.csv', b'a,b'), ('p.png', b'PNG')] keys=['files', 'text']")
    app.send({el["id"]: ["", _ref("f1", "t.csv")]})  # files only: the text is ""
    assert app.has_text("text='' files=[('t.csv', b'a,b')]")
    app.run()
    assert app.has_text("got None")


def test_attachments_refused(make_app: Any) -> None:
    app = make_app(FILES.format(accept=True, types=["csv"]))
    app.run()
    wid = _chat(app)["id"]
    app.state.add_files({"f1": b"a", "f2": b"b", "exe": b"MZ"})
    assert "at most 1 file" in app.refused(wid, ["x", _ref("f1", "a.csv"), _ref("f2", "b.csv")])
    assert "not allowed" in app.refused(wid, ["x", _ref("exe", "a.exe", "application/x-msdownload")])
    assert "did not arrive" in app.refused(wid, ["x", _ref("nope", "a.csv")])
    assert "an id, a name" in app.refused(wid, ["x", {"id": 1}])
    assert "empty message" in app.refused(wid, [""])


def test_upload_size_limit(make_app: Any) -> None:
    app = make_app("import jupyter_reactive as jr\njr.chat_input(accept_file=True, max_upload_size=1)\n")
    app.run()
    el = _chat(app)
    assert el["max_upload_size"] == 1024 * 1024
    app.state.add_files({"big": b"x" * (1024 * 1024 + 1)})
    assert "larger than 1 MB" in app.refused(el["id"], ["", _ref("big", "big.txt")])


# -- chat_message -----------------------------------------------------------------------------


def test_chat_message_avatars(make_app: Any) -> None:
    app = make_app(
        """
        import numpy as np
        import jupyter_reactive as jr
        jr.chat_message("user").write("u")
        jr.chat_message("human").write("h")
        jr.chat_message("AI").write("a")
        jr.chat_message("Bot").write("b")
        jr.chat_message("x", avatar="🦖").write("e")
        jr.chat_message("y", avatar=":material/photo_album:").write("m")
        jr.chat_message("z", avatar=np.zeros((4, 4, 3), dtype=np.uint8)).write("i")
        jr.chat_message("w", avatar="https://example.com/cat.jpg", width="content").write("url")
        jr.chat_message("🐶").write("emoji name")
        """
    )
    assert app.run().status == "complete"
    got = [(el["name"], el["avatar_type"], el["avatar"]) for _p, el in _messages(app)]
    assert got[:6] == [
        ("user", "user", ""),
        ("human", "user", ""),
        ("AI", "assistant", ""),
        ("Bot", "initial", "B"),
        ("x", "emoji", "🦖"),
        ("y", "material", "photo_album"),
    ]
    assert got[6][1] == "image" and str(got[6][2]).startswith("data:image/png;base64,")
    assert got[7][1:] == ("image", "https://example.com/cat.jpg")
    assert got[8][1:] == ("emoji", "🐶")
    assert _messages(app)[7][1]["width"] == "content"


def test_chat_message_holds_any_element(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        with jr.chat_message("assistant"):
            jr.write("hello")
            with jr.expander("more", expanded=True):
                jr.text("inside")
            jr.button("ok")
        """
    )
    assert app.run().status == "complete"
    ((path, _el),) = _messages(app)
    below = [el for p, el in app.page.items() if p[: len(path)] == path and len(p) > len(path)]
    kinds = {el.get("layout") or el.get("widget") or el["kind"] for el in below}
    assert {"markdown", "expander", "text", "button"} <= kinds


def test_chat_message_bad_avatar(make_app: Any) -> None:
    app = make_app('import jupyter_reactive as jr\njr.chat_message("a", avatar="no-such-file.png")\n')
    assert app.run().status == "error"
    (exc,) = [el for el in app.page.values() if el["kind"] == "exception"]
    assert "avatar" in exc["evalue"]


# -- write_stream -----------------------------------------------------------------------------


def _stream_app(make_app: Any, body: str) -> Any:
    return make_app("import jupyter_reactive as jr\nimport jr_test_hooks as hooks\n" + body)


def test_write_stream_sends_each_chunk_while_the_script_runs(make_app: Any, hooks: Any) -> None:
    """With the real batching outbox, each chunk reaches the page while the generator still
    waits to make the next: the generator only goes on once the page shows the last chunk."""
    from jupyter_reactive.kernel.outbox import Outbox

    app = _stream_app(
        make_app,
        """
def words():
    for i, w in enumerate(["Hello ", "**big** ", "world"]):
        yield w
        assert hooks.go.wait(30), "chunk not sent mid-run"
        hooks.go.clear()
full = jr.write_stream(words())
jr.text(f"full {full!r}")
""",
    )
    shown: list[str] = []

    def send(frames: list[bytes]) -> None:
        app._send(frames)
        md = [el["html"] for el in app.page.values() if el.get("kind") == "markdown"]
        if md and (not shown or md[-1].strip() != shown[-1]):
            shown.append(md[-1].strip())
            hooks.go.set()

    app.outbox.close()
    app.outbox = app.writer.outbox = Outbox(send, batch_interval=0.001)
    try:
        run = app.run()
    finally:
        app.outbox.close()
    assert run.status == "complete", app.texts()
    assert shown == ["<p>Hello</p>", "<p>Hello <strong>big</strong></p>", "<p>Hello <strong>big</strong> world</p>"]
    assert app.has_text("full 'Hello **big** world'")


def test_write_stream_mixed_chunks_return_a_list_that_write_repeats(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        def mixed():
            yield "a "
            yield "b"
            yield {"k": 1}
            yield lambda: jr.text("called")
            yield "c"
            yield ""
        if "out" not in jr.session_state:
            jr.session_state.out = jr.write_stream(mixed())
        else:
            jr.write(jr.session_state.out)
        jr.text(f"out {jr.session_state.out!r}")
        """
    )
    assert app.run().status == "complete"
    first = [el["kind"] for _p, el in sorted(app.page.items()) if el["kind"] != "block"]
    assert app.has_text("out ['a b', {'k': 1}, 'c']") and app.has_text("called")
    assert app.run().status == "complete"
    again = [el["kind"] for _p, el in sorted(app.page.items()) if el["kind"] != "block"]
    assert first == ["markdown", "json", "text", "markdown", "text"]
    assert again == ["markdown", "json", "markdown", "text"]


def test_write_stream_of_openai_langchain_and_async_chunks(make_app: Any) -> None:
    app = make_app(
        """
        import asyncio, types
        import jupyter_reactive as jr
        def chunk(text):
            delta = types.SimpleNamespace(content=text)
            return types.SimpleNamespace(choices=[types.SimpleNamespace(delta=delta)])
        empty = types.SimpleNamespace(choices=[])
        jr.text("openai " + repr(jr.write_stream([empty, chunk("Hi"), chunk(None), chunk(" there")])))
        AIMessageChunk = type("AIMessageChunk", (), {"__init__": lambda s, c: setattr(s, "content", c)})
        jr.text("langchain " + repr(jr.write_stream(iter([AIMessageChunk("lang"), AIMessageChunk("chain")]))))
        async def agen():
            for w in ("as", "ync"):
                await asyncio.sleep(0)
                yield w
        jr.text("async " + repr(jr.write_stream(agen)))
        jr.text("empty " + repr(jr.write_stream([])))
        """
    )
    assert app.run().status == "complete", app.texts()
    for line in ("openai 'Hi there'", "langchain 'langchain'", "async 'async'", "empty ''"):
        assert app.has_text(line), app.texts()


def test_write_of_a_generator_streams_it(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        def gen():
            yield "x"
            yield "y"
        jr.write(gen())
        jr.write(gen)
        """
    )
    assert app.run().status == "complete"
    assert [t.strip() for t in app.texts()] == ["<p>xy</p>", "<p>xy</p>"]


def test_write_stream_refuses_strings_and_non_iterables(make_app: Any) -> None:
    for arg, text in (('"text"', "use jr.write"), ("42", "cannot iterate")):
        app = make_app(f"import jupyter_reactive as jr\njr.write_stream({arg})\n")
        assert app.run().status == "error"
        (exc,) = [el for el in app.page.values() if el["kind"] == "exception"]
        assert text in exc["evalue"]


def test_write_stream_cursor_and_unclosed_markdown(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.write_stream(iter(["```py\\n", "x = 1\\n", "```"]), cursor="|")
        """
    )
    seen: list[str] = []
    writer_write = app.writer.write

    def record(path: Any, el: dict[str, Any], media: Any = ()) -> None:
        if el.get("kind") == "markdown":
            seen.append(el["html"])
        writer_write(path, el, media)

    app.writer.write = record  # type: ignore[method-assign]
    assert app.run().status == "complete"
    # mid-stream the open fence is closed so the code shows as code, the cursor after it
    assert all("<pre" in h for h in seen), seen
    assert "|" in seen[1] and "|" not in seen[-1]


def test_rerun_data_merges_trigger_values() -> None:
    a = RerunData({}, frozenset({"c"}), {}, trigger_values={"c": "one"})
    b = RerunData({}, frozenset({"d"}), {}, trigger_values={"c": "two"})
    merged = a.merged(b)
    assert merged.trigger_values == {"c": "two"} and merged.triggers == {"c", "d"}


@pytest.mark.parametrize("value", ["types.SimpleNamespace()", "None"])
def test_write_stream_of_an_object_that_is_not_a_stream(make_app: Any, value: str) -> None:
    app = make_app(f"import jupyter_reactive as jr\nimport types\njr.write_stream({value})\n")
    assert app.run().status == "error"


def test_submit_mode(make_app: Any) -> None:
    app = make_app(
        'import jupyter_reactive as jr\njr.chat_input("a", submit_mode="disable")\njr.chat_input("b")\n'
        'jr.chat_input("c", submit_mode="stop")\n'
    )
    run = app.run()
    assert run.status == "complete"
    modes = {el["label"]: el.get("submit_mode") for el in app.page.values() if el.get("widget") == "chat_input"}
    assert modes == {"a": "disable", "b": None, "c": "disable"}
    assert any(m["type"] == "notice" and "submit_mode" in m["message"] for m in run.messages)


def test_outside_an_app_it_returns_none() -> None:
    import jupyter_reactive as jr

    assert jr.chat_input("x") is None
    with jr.chat_message("user"):
        assert jr.write_stream(iter(["a", "b"])) == "ab"


# -- accept_audio --------------------------------------------------------------------------------

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 28
VOICE = """
import jupyter_reactive as jr
import jr_test_hooks as hooks
hooks.value = jr.chat_input(accept_audio=True, audio_sample_rate={rate}{files})
"""


def test_a_recording_reaches_the_script_with_the_text(make_app: Any, hooks: Any) -> None:
    app = make_app(VOICE.format(rate=8000, files=""))
    run = app.run()
    assert run.status == "complete" and not [m for m in run.messages if m["type"] == "notice"]
    el = _chat(app)
    assert (el["accept_audio"], el["audio_sample_rate"]) == (True, 8000)
    app.state.add_files({"rec": WAV})
    run = app.send({el["id"]: ["hi", {**_ref("rec", "audio-1.wav", "audio/wav"), "audio": True}]})
    assert run.status == "complete", run.messages
    v = hooks.value
    assert (v.text, v.audio.getvalue(), v.audio.type) == ("hi", WAV, "audio/wav")
    assert list(v) == ["text", "audio"] and dict(v) == {"text": "hi", "audio": v.audio}
    with pytest.raises(AttributeError, match=r"accept_file=False"):
        v.files  # noqa: B018
    # text alone from an audio input: a ChatInputValue too, its audio None
    run = app.send({el["id"]: ["typed"]})
    assert (hooks.value.text, hooks.value.audio) == ("typed", None)


def test_a_recording_with_files(make_app: Any, hooks: Any) -> None:
    app = make_app(VOICE.format(rate=None, files=", accept_file='multiple'"))
    app.run()
    el = _chat(app)
    assert el["audio_sample_rate"] is None
    app.state.add_files({"rec": WAV, "doc": b"x"})
    app.send({el["id"]: ["", _ref("doc", "a.txt"), {**_ref("rec", "r.wav", "audio/x-wav"), "audio": True}]})
    v = hooks.value
    assert (v.text, [f.name for f in v.files], v.audio.name) == ("", ["a.txt"], "r.wav")
    assert repr(v).startswith("ChatInputValue(text='', files=[")


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (["x", {**_ref("rec", "r.mp3", "audio/mpeg"), "audio": True}], "must be a .wav file"),
        (["x", {**_ref("rec", "r.wav", "text/plain"), "audio": True}], "must be a .wav file"),
        (["x", {**_ref("txt", "r.wav", "audio/wav"), "audio": True}], "must be a WAV file"),
        (["x", {**_ref("gone", "r.wav", "audio/wav"), "audio": True}], "did not arrive"),
        (["x", {"audio": "rec"}], "needs an id, a name and a type"),
        (["x", {**_ref("rec", "r.wav", "audio/wav"), "audio": 1}], "needs an id, a name and a type"),
        (
            [
                "x",
                {**_ref("rec", "a.wav", "audio/wav"), "audio": True},
                {**_ref("rec", "b.wav", "audio/wav"), "audio": True},
            ],
            "one recording",
        ),
        (["x", _ref("txt", "a.txt")], "takes no files"),
        ([""], "an empty message"),
    ],
)
def test_garbage_recordings_are_refused(make_app: Any, hooks: Any, value: Any, why: str) -> None:
    app = make_app(VOICE.format(rate=16000, files=""))
    app.run()
    app.state.add_files({"rec": WAV, "txt": b"not a wav"})
    assert why in app.refused(_chat(app)["id"], value)


def test_a_recording_where_none_is_taken_and_bad_settings(make_app: Any) -> None:
    app = make_app("import jupyter_reactive as jr\njr.chat_input()\n")
    app.run()
    app.state.add_files({"rec": WAV})
    assert "takes no files" in app.refused(
        _chat(app)["id"], ["x", {**_ref("rec", "r.wav", "audio/wav"), "audio": True}]
    )
    for bad in ("audio_sample_rate=12345", "audio_sample_rate=True", "accept_audio='yes'"):
        app = make_app(f"import jupyter_reactive as jr\njr.chat_input(accept_audio=True, {bad})\n")
        run = app.run()
        assert run.status == "error", bad


def test_height_is_a_least_height_or_its_containers(make_app: Any) -> None:
    app = make_app("import jupyter_reactive as jr\njr.chat_input(height=120)\n")
    run = app.run()
    assert run.status == "complete" and not [m for m in run.messages if m["type"] == "notice"]
    assert _chat(app)["height"] == 120 and "sizing" not in _chat(app)
    app = make_app("import jupyter_reactive as jr\njr.chat_input(height='stretch')\n")
    app.run()
    assert _chat(app)["height"] == "stretch" and _chat(app)["sizing"] == {"height": "stretch"}
    app = make_app("import jupyter_reactive as jr\njr.chat_input(height='content')\n")
    app.run()
    assert "height" not in _chat(app)
    for bad in ("0", "-5", "True", "'tall'", "1.5", "None"):
        app = make_app(f"import jupyter_reactive as jr\njr.chat_input(height={bad})\n")
        run = app.run()
        assert run.status == "error", bad
        (exc,) = run.of_kind("exception")
        assert exc["ename"] == "StreamlitValueError" and "Invalid height value" in exc["evalue"], bad
