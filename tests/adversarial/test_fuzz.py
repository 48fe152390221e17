"""Protocol fuzzing (hypothesis) over the browser-to-server messages declared in
jupyter_reactive/schema.py (``ClientMessage``): shapes drawn from the schema itself, then bent
(fields dropped, retyped, nested, oversized). The decoder only ever accepts or raises
ProtocolError with a text that echoes nothing; a live session answers garbage with the
documented ``error`` frame and keeps working; the server never falls over."""

from __future__ import annotations

import asyncio
import json
import math
import typing
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jupyter_reactive import protocol, schema
from tests.adversarial.conftest import open_tab

pytestmark = pytest.mark.timeout(120)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def from_schema(tp: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of a schema type (TypedDicts, Literals, unions, lists, dicts, scalars)."""
    if tp is Any or depth > 6:
        return JSON
    origin = get_origin(tp)
    if origin is Literal:
        return st.sampled_from(get_args(tp))
    if origin in (Union, getattr(__import__("types"), "UnionType", Union)):
        return st.one_of([from_schema(a, depth + 1) for a in get_args(tp)])
    if origin is list:
        return st.lists(from_schema(get_args(tp)[0], depth + 1), max_size=5)
    if origin is dict:
        return st.dictionaries(st.text(min_size=1, max_size=12), from_schema(get_args(tp)[1], depth + 1), max_size=4)
    if typing.is_typeddict(tp):
        hints = get_type_hints(tp)
        required = {k: from_schema(v, depth + 1) for k, v in hints.items() if k in tp.__required_keys__}
        optional = {k: from_schema(v, depth + 1) for k, v in hints.items() if k not in tp.__required_keys__}
        return st.fixed_dictionaries(required, optional=optional)
    if tp is type(None) or tp is None:
        return st.none()
    return {str: st.text(max_size=30), int: st.integers(), float: st.floats(), bool: st.booleans()}.get(tp, JSON)


VALID = st.one_of([from_schema(t) for t in get_args(schema.ClientMessage)])


@st.composite
def bent(draw: st.DrawFn) -> Any:
    """A schema-shaped message, then maybe one field dropped, retyped or blown up."""
    msg = draw(VALID)
    how = draw(st.sampled_from(["as is", "drop", "retype", "huge", "extra", "not an object"]))
    keys = sorted(msg)
    if how == "drop" and keys:
        msg.pop(draw(st.sampled_from(keys)))
    elif how == "retype" and keys:
        msg[draw(st.sampled_from(keys))] = draw(JSON)
    elif how == "huge" and keys:
        msg[draw(st.sampled_from(keys))] = "x" * draw(st.integers(1000, 100_000))
    elif how == "extra":
        msg[draw(st.text(min_size=1, max_size=10))] = draw(JSON)
    elif how == "not an object":
        return draw(JSON)
    return msg


def _text(msg: Any) -> str:
    try:
        return json.dumps(msg, allow_nan=True)
    except (ValueError, TypeError):
        return "{}"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(bent().map(_text), st.text(max_size=200), st.binary(max_size=50)))
def test_the_decoder_accepts_or_refuses_and_never_echoes(raw):
    try:
        decoded = protocol.decode_client_message(raw)
    except protocol.ProtocolError as err:
        text = str(err)
        assert len(text) < 200 and "Traceback" not in text
        for token in ("x" * 40,):
            assert token not in text
        return
    assert isinstance(
        decoded,
        typing.get_args(protocol.ClientMessage),  # every message kind the page may send
    )
    if isinstance(decoded, protocol.WidgetValues):
        for value in decoded.values.values():
            assert not (isinstance(value, float) and not math.isfinite(value))


def test_a_live_session_survives_schema_shaped_garbage(server):
    """Bounded (about 20 s): each example is one frame to one long-lived session; refused frames
    get ``bad_message``; whatever is accepted is answered by the kernel or by nothing."""
    loop = asyncio.new_event_loop()
    tab = loop.run_until_complete(open_tab(server, "counter.py"))
    loop.run_until_complete(tab.run(60))
    bystander = loop.run_until_complete(open_tab(server, "counter.py"))
    loop.run_until_complete(bystander.run(60))
    seen: dict[str, int] = {}

    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(bent())
    def one_frame(msg):
        if isinstance(msg, dict) and msg.get("type") == "hello":
            msg["protocol"] = "not 1"  # a second hello is refused anyway; keep the session's socket
        raw = _text(msg)
        if len(raw.encode()) > protocol.MAX_CLIENT_FRAME:
            return  # closes the socket with 1009: tested in test_socket.py
        try:
            protocol.decode_client_message(raw)
            refused = False
        except protocol.ProtocolError:
            refused = True

        async def send() -> None:
            tab.log.clear()
            await tab.send(raw)
            if refused:
                err = await tab.expect("error", 30)
                assert err["error"] == "bad_message"
            seen["refused" if refused else "accepted"] = seen.get("refused" if refused else "accepted", 0) + 1

        loop.run_until_complete(send())

    try:
        one_frame()
        assert seen.get("refused", 0) > 10, seen  # the fuzzer did reach the refusals

        async def still_works() -> None:
            # drain whatever the accepted frames started, then a real change must run
            await tab.set("n", 42)
            while not (tab.has_text("value: 42") and tab.log and tab.log[-1]["type"] == "run_finished"):
                await tab.recv(60)
            await bystander.set("n", 43)
            await bystander.run(60)
            assert bystander.has_text("value: 43")

        loop.run_until_complete(still_works())
        assert server.proc.poll() is None
    finally:
        tab.close()
        bystander.close()
        loop.run_until_complete(asyncio.sleep(0.1))
        loop.close()
