"""``download_button(data=a function)``: nothing is made at run time; a ``download_request``
calls the function on a thread of its own and answers with the file (a media frame, then
``download_ready``) or an error — never a crash, whatever the function does or the page asks."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_reactive import protocol
from jupyter_reactive.kernel import downloads
from tests.kernel.test_media import MediaHarness


@pytest.fixture
def make_app() -> Any:
    """Apps whose media frames are kept (``app.media``: sha -> bytes)."""
    apps: list[MediaHarness] = []

    def make(source: str) -> MediaHarness:
        app = MediaHarness(source)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()


APP = """
import jupyter_reactive as jr
calls = jr.session_state.setdefault("calls", [])
def report():
    calls.append(1)
    jr.write("drawn by the data function: never shown")
    return "col1,col2\\n1,2\\n".encode()
def broken():
    raise RuntimeError("no data today")
def wrong():
    return 42
jr.download_button("Report", data=report, file_name="report.csv", mime="text/csv")
jr.download_button("Broken", data=broken, file_name="b.txt")
jr.download_button("Wrong", data=wrong)
if jr.session_state.get("hide") is None:
    jr.download_button("Gone later", data=report, key="later")
jr.text(f"calls at run time: {len(calls)}")
"""


def _buttons(app: Any) -> dict[str, dict[str, Any]]:
    return {
        el["label"]: el for el in app.page.values() if el.get("kind") == "widget" and el["widget"] == "download_button"
    }


def _ask(app: Any, widget_id: str, seq: int = 1) -> list[dict[str, Any]]:
    start = len(app.messages)
    worker = downloads.answer(app.ctx.downloads, app.outbox, {"id": widget_id, "seq": seq})
    if worker is not None:
        worker.join(10)
    return app.messages[start:]


def test_a_deferred_download_is_made_on_request_only(make_app: Any) -> None:
    app = make_app(APP)
    run = app.run()
    assert run.status == "complete", run.messages
    report = _buttons(app)["Report"]
    assert report["deferred"] is True and report["src"] == {"media": ""} and report["size"] == 0
    assert report["file_name"] == "report.csv" and report["mimetype"] == "text/csv"
    assert not any(m["type"] == protocol.MEDIA for m in run.messages)
    assert "calls at run time: 0" in [el.get("text") for el in app.page.values()]

    frames = _ask(app, report["id"], seq=7)
    media = [m for m in frames if m["type"] == protocol.MEDIA]
    (ready,) = [m for m in frames if m["type"] == protocol.DOWNLOAD_READY]
    body = b"col1,col2\n1,2\n"
    assert ready["id"] == report["id"] and ready["seq"] == 7 and "error" not in ready
    assert ready["src"] == {"media": media[0]["sha"]} and app.media[media[0]["sha"]] == body
    assert ready["file_name"] == "report.csv" and ready["mimetype"] == "text/csv"
    assert len(media) == 1 and frames.index(media[0]) < frames.index(ready)
    # the function's jr.write drew nothing
    assert not any("never shown" in str(el) for el in app.page.values())


@pytest.mark.parametrize(
    ("label", "error"),
    [("Broken", "RuntimeError: no data today"), ("Wrong", "download data must be str, bytes or a file object")],
)
def test_a_failing_data_function_is_an_error_answer(make_app: Any, label: str, error: str) -> None:
    app = make_app(APP)
    app.run()
    frames = _ask(app, _buttons(app)[label]["id"])
    (ready,) = [m for m in frames if m["type"] == protocol.DOWNLOAD_READY]
    assert error in ready["error"] and "src" not in ready
    assert not any(m["type"] == protocol.MEDIA for m in frames)
    # the session goes on
    assert app.run().status == "complete"


@pytest.mark.parametrize("widget_id", ["", "nope", "x" * 200, "do-0000000000000000"])
def test_requests_for_unknown_buttons_are_answered_with_an_error(make_app: Any, widget_id: str) -> None:
    app = make_app(APP)
    app.run()
    (ready,) = _ask(app, widget_id)
    assert ready["type"] == protocol.DOWNLOAD_READY and "no longer shown" in ready["error"]


def test_a_button_a_complete_run_did_not_draw_is_forgotten(make_app: Any) -> None:
    app = make_app(APP)
    app.run()
    gone = _buttons(app)["Gone later"]["id"]
    app.ctx.state["hide"] = True
    app.run()
    (ready,) = _ask(app, gone)
    assert "no longer shown" in ready["error"]
