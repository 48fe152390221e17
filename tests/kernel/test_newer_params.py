"""Streamlit's newer layout parameters (``width``, ``wrap``, ``persist_state`` ...): accepted everywhere so
scripts written for current Streamlit run; implemented where cheap, otherwise the viewer is
warned once (in process)."""

from __future__ import annotations

from typing import Any


def notices(run: Any) -> list[str]:
    return [m["message"] for m in run.messages if m["type"] == "notice"]


def test_button_width_stretch_is_use_container_width(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.button("wide", width="stretch")
        jr.button("narrow", width="content")
        """
    )
    run = app.run()
    widgets = {el["label"]: el for el in run.of_kind("widget")}
    assert widgets["wide"]["use_container_width"] is True
    assert "use_container_width" not in widgets["narrow"]
    assert notices(run) == []


def test_button_width_in_pixels_is_sizing_and_a_bad_width_fails(make_app: Any) -> None:
    run = make_app('import jupyter_reactive as jr\njr.button("a", width=200)\n').run()
    assert run.status == "complete" and notices(run) == []
    (button,) = run.of_kind("widget")
    assert button["sizing"] == {"width": 200}
    run = make_app('import jupyter_reactive as jr\njr.button("a", width="huge")\n').run()
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "StreamlitValueError" and "Invalid width value 'huge'" in exc["evalue"]


def test_defaults_are_silent_and_other_values_warn_once(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.text_input("name", width="stretch", bind=None)  # Streamlit's defaults
        jr.checkbox("ok", width="stretch", wrap=True, persist_state=None)
        jr.checkbox("again", width="stretch")
        jr.error("bad", title="Oops")  # title and autoscroll are supported now: silent
        with jr.container(horizontal=True, gap="large", autoscroll=True):
            jr.write("x")

        from jupyter_reactive.kernel.params import unsupported

        @unsupported("loud")  # (every Streamlit parameter of ours does something now)
        def shout(self, text, loud=False):
            self.text(text)

        shout(jr.container(), "y", loud=True)
        shout(jr.container(), "z", loud=False)
        """
    )
    run = app.run()
    assert run.status == "complete"
    assert notices(run) == ["jr.shout(loud=…) is not supported yet and was ignored."]
    assert notices(app.run()) == []  # once per session
