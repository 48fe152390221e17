"""The bridge's ``source`` and ``theme`` commands from the server (in process, the comm
package's stand-in comm): new text reaches the runner and a new colour scheme the context, neither
starting a run; garbage is refused with a notice and changes nothing."""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

import pytest

from jupyter_reactive import protocol
from jupyter_reactive.kernel.bridge import KernelSession


@pytest.fixture
def session(tmp_path: Any) -> Iterator[tuple[KernelSession, list[dict[str, Any]]]]:
    inbound = types.SimpleNamespace(on_msg=lambda handler: None)
    config = {"source": "x = 1\n", "filename": str(tmp_path / "app.py"), "out_comm_id": "out"}
    ks = KernelSession(inbound, config)
    sent: list[dict[str, Any]] = []

    def send(data: Any = None, buffers: Any = ()) -> None:
        sent.extend(protocol.decode_frame(bytes(b))[0] for b in buffers)

    ks.out.send = send  # type: ignore[method-assign]
    yield ks, sent
    ks.outbox.close()


def _command(ks: KernelSession, data: Any) -> None:
    ks._on_msg({"content": {"data": data}})


def test_a_source_command_sets_the_text_without_a_run(session: Any) -> None:
    ks, sent = session
    ks.requests.take_pending()  # the session's first run request
    _command(ks, {"kind": "source", "source": "y = 2\n"})
    assert ks.runner._source == ("y = 2\n", None)
    assert ks.requests.take_pending() is None
    _command(ks, {"kind": "source", "source": "", "error": "app.py was deleted or renamed"})
    assert ks.runner._source == ("", "app.py was deleted or renamed")
    assert not [m for m in sent if m["type"] == protocol.NOTICE]


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "source"},
        {"kind": "source", "source": None},
        {"kind": "source", "source": 5},
        {"kind": "source", "source": ["x"]},
        {"kind": "source", "source": "z = 3", "error": 7},
        {"kind": "source", "source": "z = 3", "error": {"a": 1}},
    ],
)
def test_a_garbage_source_command_is_refused_and_changes_nothing(session: Any, data: Any) -> None:
    ks, sent = session
    _command(ks, data)
    ks.outbox.flush()
    assert ks.runner._source == ("x = 1\n", None)
    assert [m["message"] for m in sent if m["type"] == protocol.NOTICE] == ["A malformed message was refused."]


def test_a_theme_command_changes_the_context_without_a_run(session: Any) -> None:
    ks, sent = session
    ks.requests.take_pending()  # the session's first run request
    _command(ks, {"kind": "theme", "theme": "dark"})
    assert ks.ctx.client["theme"] == "dark"
    assert ks.requests.take_pending() is None  # as Streamlit 1.67: the next run sees it
    assert not [m for m in sent if m["type"] == protocol.NOTICE]


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "theme"},
        {"kind": "theme", "theme": None},
        {"kind": "theme", "theme": "purple"},
        {"kind": "theme", "theme": ["dark"]},
    ],
)
def test_a_garbage_theme_command_is_refused_and_changes_nothing(session: Any, data: Any) -> None:
    ks, sent = session
    _command(ks, data)
    ks.outbox.flush()
    assert "theme" not in ks.ctx.client
    assert [m["message"] for m in sent if m["type"] == protocol.NOTICE] == ["A malformed message was refused."]
