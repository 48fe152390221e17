"""In-process harness for the kernel side: a real ScriptRunner, Writer, Outbox, SessionState and
ScriptRequests, with the outbox's sender decoding every frame into a list and a page model (no
kernel, no comm, no server). Every element any kernel test writes, and every frame a harness
sends, is checked against jupyter_reactive/schema.py (:func:`jr_schema_watch`)."""

from __future__ import annotations

import sys
import textwrap
import threading
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from jupyter_reactive import protocol, schema
from jupyter_reactive.kernel.container import make_root
from jupyter_reactive.kernel.delta import RunContext, Writer
from jupyter_reactive.kernel.outbox import Outbox
from jupyter_reactive.kernel.requests import RerunData, ScriptRequests
from jupyter_reactive.kernel.runner import ScriptRunner
from jupyter_reactive.kernel.state import SessionState
from tests.page_model import PageModel

Path = tuple[int, ...]


class SchemaWatch:
    """Collects schema mismatches. A mismatch inside a run cannot simply raise: the runner would
    show it as the app's own error and the test might still pass, so the fixture fails after."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def check(self, value: Any, shape: Any, where: str) -> None:
        try:
            schema.check(value, shape, where)
        except schema.SchemaError as err:
            self.errors.append(str(err))


_watch: SchemaWatch | None = None


@pytest.fixture(autouse=True)
def jr_schema_watch(monkeypatch: pytest.MonkeyPatch) -> Iterator[SchemaWatch]:
    """Every element written through the delta writer must match its schema shape."""
    global _watch
    watch = _watch = SchemaWatch()
    write = Writer.write

    def checked(self: Writer, path: Path, el: dict[str, Any], media: Any = ()) -> None:
        watch.check(el, schema.Element, f"element at {list(path)}")
        write(self, path, el, media)

    monkeypatch.setattr(Writer, "write", checked)
    yield watch
    _watch = None
    assert not watch.errors, "elements or frames that do not match jupyter_reactive/schema.py:\n" + "\n".join(
        watch.errors
    )


@dataclass
class Run:
    """Everything one ``run_once`` sent, decoded."""

    messages: list[dict[str, Any]]
    following: RerunData | None

    @property
    def status(self) -> str:
        return self.finished["status"]

    @property
    def finished(self) -> dict[str, Any]:
        done = [m for m in self.messages if m["type"] == protocol.RUN_FINISHED]
        assert len(done) == 1, self.messages
        return done[0]

    @property
    def trims(self) -> list[dict[str, Any]]:
        return self.finished["trims"]

    @property
    def items(self) -> list[tuple[Path, dict[str, Any]]]:
        """Every delta item of the run, in order."""
        return [(tuple(i["path"]), i["el"]) for m in self.messages if m["type"] == protocol.DELTAS for i in m["items"]]

    @property
    def deltas(self) -> dict[Path, dict[str, Any]]:
        return dict(self.items)

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [el for _p, el in self.items if el.get("kind") == kind]


@dataclass
class AppHarness(PageModel):
    """One session: ``run()`` executes one run synchronously on the calling thread."""

    source: str
    filename: str = "app.py"
    messages: list[dict[str, Any]] = field(default_factory=list)
    page: dict[Path, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        # a long batch interval: only explicit flushes (run end, spinner) send, so runs are exact
        self.outbox = Outbox(self._send, batch_interval=60.0)
        self.requests = ScriptRequests()
        self.state = SessionState()
        self.writer = Writer(self.outbox)
        self.ctx = RunContext(self.writer, self.requests, self.state)
        self.runner = ScriptRunner(self.ctx, textwrap.dedent(self.source), self.filename, make_root)

    def _send(self, frames: list[bytes]) -> None:
        with self._lock:
            for frame in frames:
                header, payload = protocol.decode_frame(frame)
                assert payload == b""
                self.messages.append(header)
                self.apply_message(header)

    def apply_message(self, msg: dict[str, Any]) -> None:
        """Every frame the kernel sends passes here (subclasses' senders too): check its shape."""
        if _watch is not None:
            _watch.check(msg, schema.KernelFrame, f"{msg.get('type')} frame")
        super().apply_message(msg)

    def run(self, values: dict[str, Any] | None = None, triggers: Any = ()) -> Run:
        return self.run_data(RerunData(dict(values or {}), frozenset(triggers)))

    def run_data(self, data: RerunData) -> Run:
        start = len(self.messages)
        following = self.runner.run_once(data)
        with self._lock:
            return Run(self.messages[start:], following)

    def send(self, wire: dict[str, Any]) -> Run:
        """What the bridge does with a ``widget_values`` message, then the run it starts."""
        data, errors = self.state.validate(wire)
        assert errors == [], errors
        return self.run_data(data)

    def refused(self, wid: str, wire: Any) -> str:
        """Validate one wire value that must be refused; returns the refusal text."""
        data, errors = self.state.validate({wid: wire})
        assert wid not in data.values and wid not in data.triggers, (wire, data)
        assert len(errors) == 1, errors
        return errors[0]

    def close(self) -> None:
        self.outbox.close()


@pytest.fixture
def make_app() -> Iterator[Any]:
    """``make_app(source)`` -> an AppHarness; outboxes are closed after the test."""
    apps: list[AppHarness] = []

    def make(source: str, filename: str = "app.py") -> AppHarness:
        app = AppHarness(source, filename)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> types.SimpleNamespace:
    """A module the script can import (``import jr_test_hooks as hooks``) to meet the test."""
    module = types.ModuleType("jr_test_hooks")
    module.reached = threading.Event()  # type: ignore[attr-defined]
    module.go = threading.Event()  # type: ignore[attr-defined]
    module.calls = []  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jr_test_hooks", module)
    return module  # type: ignore[return-value]
