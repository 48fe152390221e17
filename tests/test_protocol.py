"""protocol.py: the only door for browser frames, and the kernel's binary frames."""

from __future__ import annotations

import json
import struct

import pytest

from jupyter_reactive import protocol
from jupyter_reactive.protocol import (
    MAX_CLIENT_FRAME,
    PROTOCOL_VERSION,
    Hello,
    ProtocolError,
    Rerun,
    Stop,
    WidgetValues,
    decode_client_message,
    decode_frame,
    encode_frame,
)

MARK = "ECHO\u2603MARK"


def _refused(raw: str | bytes) -> str:
    """The frame is refused with a short message that does not echo it."""
    with pytest.raises(ProtocolError) as info:
        decode_client_message(raw)
    message = str(info.value)
    assert message and len(message) < 120
    assert MARK not in message and "ECHO" not in message
    # no chained exception carries the input either
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__ or info.value.__context__ is None
    return message


def _msg(**fields: object) -> str:
    return json.dumps(fields)


# -- round trips ----------------------------------------------------------------------------


def test_hello_round_trips() -> None:
    assert decode_client_message(_msg(type="hello", protocol=PROTOCOL_VERSION)) == Hello(PROTOCOL_VERSION)
    resumed = decode_client_message(_msg(type="hello", protocol=1, session_id="s" * 256, resume_token="t"))
    assert resumed == Hello(1, "s" * 256, "t")
    assert decode_client_message(_msg(type="hello", protocol=1, session_id=None)) == Hello(1)


def test_widget_values_round_trip() -> None:
    values = {
        "sl-1": 5,
        "sl-2": 0.5,
        "ch-1": True,
        "te-1": "text \u2603",
        "se-1": None,
        "mu-1": [0, 2],
        "ra-1": [1.5, 2.5],
        "x" * 128: "",
    }
    msg = decode_client_message(_msg(type="widget_values", values=values))
    assert msg == WidgetValues(values)
    assert isinstance(msg, WidgetValues) and dict(msg.values) == values


def test_rerun_and_stop_round_trip() -> None:
    assert decode_client_message(_msg(type="rerun")) == Rerun()
    assert decode_client_message(_msg(type="stop")) == Stop()
    # unknown extra fields are ignored
    assert decode_client_message(_msg(type="stop", extra=[1, 2])) == Stop()


def test_widget_values_accept_the_limits() -> None:
    many = {f"w{i}": i for i in range(256)}
    assert decode_client_message(_msg(type="widget_values", values=many)) == WidgetValues(many)
    nested = [[[[[[[[1]]]]]]]]  # depth 8: a value is a list of lists at most this deep
    assert decode_client_message(_msg(type="widget_values", values={"w": nested})) == WidgetValues({"w": nested})
    long_list = list(range(10_000))
    assert decode_client_message(_msg(type="widget_values", values={"w": long_list})).values["w"] == long_list


# -- garbage --------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [b'{"type": "rerun"}', b"\x00\x00\x00\x02{}", b""])
def test_binary_frames_are_refused(raw: bytes) -> None:
    assert "binary" in _refused(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not json " + MARK,
        "{",
        '{"type": "rerun"',
        "{'type': 'rerun'}",
        "\x00",
        '{"type": "rerun"} trailing ' + MARK,
        '{"type": "\\ud800' + MARK + '"',
    ],
)
def test_non_json_is_refused(raw: str) -> None:
    assert _refused(raw) == "frame is not valid JSON"


@pytest.mark.parametrize(
    "raw",
    [
        "[]",
        f'["{MARK}"]',
        f'"{MARK}"',
        "42",
        "1.5",
        "true",
        "null",
        '{"kind": "rerun"}',
        '{"type": null}',
        '{"type": 1}',
        '{"type": ["rerun"]}',
        '{"type": {"t": "rerun"}}',
        '{"type": true}',
    ],
)
def test_non_objects_and_missing_or_non_string_type_are_refused(raw: str) -> None:
    assert _refused(raw) == "a message is a JSON object with a 'type'"


@pytest.mark.parametrize(
    "kind",
    [
        MARK,
        "",
        "Rerun",
        "RERUN",
        "session",
        "deltas",
        "run_started",
        "snapshot",
        "error",
        "notice",
        "shutdown",
        "source",
    ],
)
def test_unknown_types_are_refused(kind: str) -> None:
    assert _refused(_msg(type=kind)) == "unknown message type"


@pytest.mark.parametrize("version", [None, 0, 2, "1", 1.5, [1], {"v": 1}, True, MARK])
def test_wrong_protocol_version_is_refused(version: object) -> None:
    message = _refused(_msg(type="hello", protocol=version))
    assert "unsupported protocol version" in message


def test_missing_protocol_version_is_refused() -> None:
    _refused(_msg(type="hello"))


@pytest.mark.parametrize("field", ["session_id", "resume_token"])
@pytest.mark.parametrize("value", [123, True, "", "x" * 257, MARK * 40, [MARK], {"id": MARK}])
def test_bad_session_ids_are_refused(field: str, value: object) -> None:
    assert _refused(_msg(type="hello", protocol=1, **{field: value})) == f"'{field}' must be a short string"


@pytest.mark.parametrize("values", [None, [], [["w", 1]], MARK, 5, True, {}])
def test_widget_values_must_be_a_non_empty_object(values: object) -> None:
    message = _refused(_msg(type="widget_values", values=values))
    assert message == "'values' must be a non-empty object of widget id -> value"


def test_widget_values_missing_values_is_refused() -> None:
    _refused(_msg(type="widget_values"))


def test_too_many_widgets_are_refused() -> None:
    _refused(_msg(type="widget_values", values={f"w{i}": i for i in range(257)}))


@pytest.mark.parametrize("wid", ["", "x" * 129, MARK * 20])
def test_bad_widget_ids_are_refused(wid: str) -> None:
    assert _refused(_msg(type="widget_values", values={wid: 1})) == "bad widget id"


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "[1, NaN]", "[[Infinity]]", "[0, -Infinity]"])
def test_nan_and_infinity_are_refused(token: str) -> None:
    # Python's json.loads accepts these tokens; the protocol must not
    raw = '{"type": "widget_values", "values": {"w": ' + token + "}}"
    assert json.loads(raw)  # parses...
    assert _refused(raw) == "widget value must be a finite number"  # ...and is refused


def test_deeply_nested_lists_are_refused() -> None:
    nested: object = 1
    for _ in range(9):
        nested = [nested]
    assert _refused(_msg(type="widget_values", values={"w": nested})) == "widget value nested too deeply"
    assert (
        _refused(_msg(type="widget_values", values={"w": [1, [2, [3, [4, [5, [6, [7, [8, [9, [10]]]]]]]]]]}))
        == "widget value nested too deeply"
    )


@pytest.mark.parametrize("value", [{"a": 1}, {}, [{"a": 1}], [[{MARK: MARK}]], [1, {"x": None}]])
def test_objects_as_widget_values_are_refused(value: object) -> None:
    assert _refused(_msg(type="widget_values", values={"w": value})) == "widget values cannot be objects"


def test_a_dataframe_selection_passes_and_its_garbage_is_refused() -> None:
    sel = {"rows": [0, 2], "columns": ["a"], "cells": [[0, "a"]] * 20_000}  # a big rectangle of cells
    assert decode_client_message(_msg(type="widget_values", values={"w": sel})).values["w"] == sel
    for bad, why in (
        ({"rows": 1, "columns": [], "cells": []}, "dataframe selection"),
        ({"rows": [], "columns": [], "cells": [0] * 100_001}, "dataframe selection"),
        ({"rows": [{"a": 1}], "columns": [], "cells": []}, "cannot be objects"),
        ({"rows": [], "columns": [], "cells": [[0, {"a": 1}]]}, "cannot be objects"),
        ({"rows": [], "columns": [], "cells": [["NAN_PLACEHOLDER"]]}, "finite"),
    ):
        raw = _msg(type="widget_values", values={"w": bad}).replace('"NAN_PLACEHOLDER"', "NaN")
        assert why in _refused(raw), bad


def test_lists_that_are_too_long_are_refused() -> None:
    assert _refused(_msg(type="widget_values", values={"w": [0] * 10_001})) == "widget value list too long"


def test_frames_over_the_limit_are_refused() -> None:
    padding = "x" * (MAX_CLIENT_FRAME - len(_msg(type="rerun", pad="")) + 1)
    raw = _msg(type="rerun", pad=padding)
    assert len(raw) == MAX_CLIENT_FRAME + 1
    assert _refused(raw) == "frame too large"
    at_limit = _msg(type="rerun", pad=padding[1:])
    assert len(at_limit) == MAX_CLIENT_FRAME and decode_client_message(at_limit) == Rerun()


def test_frame_limit_counts_utf8_bytes() -> None:
    # the limit is in bytes, as the WebSocket's; a frame of 2-byte characters is twice its length
    raw = json.dumps({"type": "rerun", "pad": "\u00e9" * (MAX_CLIENT_FRAME // 2 + 16)}, ensure_ascii=False)
    assert len(raw) < MAX_CLIENT_FRAME < len(raw.encode())
    assert _refused(raw) == "frame too large"


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_deeply_nested_json_does_not_hit_recursion_error(depth: int) -> None:
    for raw in (
        "[" * depth + "]" * depth,
        '{"a":' * depth + "1" + "}" * depth,
        '{"type": "widget_values", "values": {"w": ' + "[" * depth + "]" * depth + "}}",
    ):
        if len(raw) <= MAX_CLIENT_FRAME:
            assert _refused(raw) in ("frame is not valid JSON", "widget value nested too deeply")
        else:
            assert _refused(raw) == "frame too large"


def test_huge_numbers_pass_the_protocol_and_are_left_to_the_widgets() -> None:
    big = "1" + "0" * 400
    msg = decode_client_message('{"type": "widget_values", "values": {"w": ' + big + "}}")
    assert isinstance(msg, WidgetValues) and msg.values["w"] == 10**400


def test_error_message_json() -> None:
    assert json.loads(protocol.error_message("bad_frame", "frame too large")) == {
        "type": "error",
        "error": "bad_frame",
        "message": "frame too large",
    }


def test_notice_json_has_sticky_only_when_sticky() -> None:
    assert json.loads(protocol.notice("warning", "restarting")) == {
        "type": "notice",
        "level": "warning",
        "message": "restarting",
    }
    assert protocol.notice_header("error", "gone", sticky=True) == {
        "type": "notice",
        "level": "error",
        "message": "gone",
        "sticky": True,
    }


def test_notice_refuses_an_unknown_level() -> None:
    with pytest.raises(ValueError, match="level"):
        protocol.notice("fatal", "x")


# -- binary frames --------------------------------------------------------------------------


def test_encode_decode_round_trip_without_payload() -> None:
    header = {"type": "deltas", "run": 3, "items": [{"path": [0, 1], "el": {"kind": "text", "text": "é\u2603"}}]}
    frame = encode_frame(header)
    (size,) = struct.unpack(">I", frame[:4])
    assert size == len(frame) - 4
    assert decode_frame(frame) == (header, b"")


def test_encode_decode_round_trip_with_payload() -> None:
    payload = bytes(range(256)) * 3
    frame = encode_frame({"type": "media", "n": 1}, payload)
    assert decode_frame(frame) == ({"type": "media", "n": 1}, payload)
    assert decode_frame(bytearray(frame)) == ({"type": "media", "n": 1}, payload)


def test_encode_frame_refuses_nan() -> None:
    with pytest.raises(ValueError):
        encode_frame({"value": float("nan")})


@pytest.mark.parametrize(
    "frame",
    [b"", b"\x00", b"\x00\x00\x00", b"\x00\x00\x00\x05{}", b"\xff\xff\xff\xff{}", encode_frame({"type": "x"})[:-1]],
)
def test_truncated_frames_are_refused(frame: bytes) -> None:
    with pytest.raises(ProtocolError, match="truncated frame"):
        decode_frame(frame)


@pytest.mark.parametrize("head", [b"[]", b'"deltas"', b"42", b"null", b"true"])
def test_non_object_headers_are_refused(head: bytes) -> None:
    with pytest.raises(ProtocolError, match="not an object"):
        decode_frame(struct.pack(">I", len(head)) + head)


@pytest.mark.parametrize("head", [b"{", b"not json", b"\xff\xfe", b""])
def test_non_json_headers_are_refused(head: bytes) -> None:
    with pytest.raises(ProtocolError, match="not JSON"):
        decode_frame(struct.pack(">I", len(head)) + head)


def test_deeply_nested_header_is_refused() -> None:
    head = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(ProtocolError):
        decode_frame(struct.pack(">I", len(head)) + head)


def test_uploaded_file_references_are_the_one_object_allowed() -> None:
    ref = {"id": "ab" * 32, "name": "a.csv", "size": 3, "type": "text/csv", "receipt": "cd" * 32}
    assert decode_client_message(_msg(type="widget_values", values={"w": [ref]})) == WidgetValues({"w": [ref]})
    for bad in ({**ref, "extra": 1}, {**ref, "size": True}, {**ref, "name": {"x": 1}}):
        assert _refused(_msg(type="widget_values", values={"w": [bad]})) == "widget values cannot be objects"
    # a chat message's recording: the reference marked "audio": true, and only true
    voice = {**ref, "audio": True}
    assert decode_client_message(_msg(type="widget_values", values={"w": ["hi", voice]})) == WidgetValues(
        {"w": ["hi", voice]}
    )
    for mark in (False, 1, "yes", None, [True]):
        bad = {**ref, "audio": mark}
        assert _refused(_msg(type="widget_values", values={"w": ["hi", bad]})) == "widget values cannot be objects"


def test_a_chart_selection_is_an_object_allowed() -> None:
    sel = {
        "points": [{"curve_number": 0, "point_index": 2, "x": "2024-01-01", "y": 1.5, "customdata": [1, "a"]}],
        "point_indices": [2],
        "box": [{"xref": "x", "yref": "y", "x": [0, 1], "y": [2, 3]}],
        "lasso": [],
    }
    assert decode_client_message(_msg(type="widget_values", values={"w": sel})) == WidgetValues({"w": sel})
    bad_ones = [
        {**sel, "extra": []},  # not exactly the selection's keys
        {**sel, "points": [{"x": {"nested": 1}}]},  # objects inside a point
        {**sel, "points": [{"k" * 65: 1}]},  # absurd keys
        {**sel, "points": [{str(i): i for i in range(65)}]},
        {**sel, "box": [[{"a": 1}]]},
        [sel],  # only as the value itself
    ]
    for bad in bad_ones:
        assert _refused(_msg(type="widget_values", values={"w": bad})) == "widget values cannot be objects", bad
    for bad in ({**sel, "lasso": {}}, {**sel, "points": [0] * 10_001}):
        assert "selection" in _refused(_msg(type="widget_values", values={"w": bad}))
    assert _refused(_msg(type="widget_values", values={"w": {**sel, "point_indices": [float("inf")]}}))


# -- data_request ---------------------------------------------------------------------------


def test_data_request_round_trip() -> None:
    from jupyter_reactive.protocol import DataRequest

    ok = _msg(type="data_request", id="df-1", start=100, stop=200, sort=[[0, True], [-1, False]], seq=7)
    assert decode_client_message(ok) == DataRequest("df-1", 100, 200, ((0, True), (-1, False)), 7)
    assert decode_client_message(_msg(type="data_request", id="d", start=0, stop=0, sort=None, seq=0)).sort == ()


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"id": "", "start": 0, "stop": 1, "seq": 1},
        {"id": 5, "start": 0, "stop": 1, "seq": 1},
        {"id": "x" * 129, "start": 0, "stop": 1, "seq": 1},
        {"id": "d", "start": -1, "stop": 1, "seq": 1},
        {"id": "d", "start": 5, "stop": 1, "seq": 1},
        {"id": "d", "start": 0, "stop": 1001, "seq": 1},
        {"id": "d", "start": 1.5, "stop": 2, "seq": 1},
        {"id": "d", "start": True, "stop": 2, "seq": 1},
        {"id": "d", "start": 0, "stop": 1, "seq": "1"},
        {"id": "d", "start": 0, "stop": 1, "seq": 2**60},
        {"id": "d", "start": 0, "stop": 1, "seq": 1, "sort": "a"},
        {"id": "d", "start": 0, "stop": 1, "seq": 1, "sort": [[0]]},
        {"id": "d", "start": 0, "stop": 1, "seq": 1, "sort": [["a", True]]},
        {"id": "d", "start": 0, "stop": 1, "seq": 1, "sort": [[0, 1]]},
        {"id": "d", "start": 0, "stop": 1, "seq": 1, "sort": [[-2, True]]},
        {"id": "d", "start": 0, "stop": 1, "seq": 1, "sort": [[True, True]]},
        {"id": "d", "start": 0, "stop": 1, "seq": 1, "sort": [[0, True]] * 17},
    ],
)
def test_bad_data_requests_are_refused(fields: dict) -> None:
    with pytest.raises(ProtocolError):
        decode_client_message(_msg(type="data_request", **fields))


# -- run_on_save --------------------------------------------------------------------------------


@pytest.mark.parametrize("enabled", [True, False])
def test_run_on_save_turns_a_sessions_rerun_on_save_on_or_off(enabled: bool) -> None:
    assert decode_client_message(_msg(type="run_on_save", enabled=enabled)) == protocol.RunOnSave(enabled)


@pytest.mark.parametrize("enabled", [None, 1, 0, "true", "", [True], {"on": True}, 1.0, MARK])
def test_run_on_save_refuses_anything_but_a_boolean(enabled: object) -> None:
    assert "'enabled': true or false" in _refused(_msg(type="run_on_save", enabled=enabled))


def test_run_on_save_refuses_a_missing_flag_and_extra_fields() -> None:
    _refused(_msg(type="run_on_save"))
    _refused(_msg(type="run_on_save", enabled=True, source=MARK))


# -- clear_cache --------------------------------------------------------------------------------


def test_clear_cache_is_a_bare_request() -> None:
    assert decode_client_message(_msg(type="clear_cache")) == protocol.ClearCache()


@pytest.mark.parametrize("extra", [{"fn": MARK}, {"all": True}, {"type2": "x"}, {"key": None}, {"fn": [MARK] * 3}])
def test_clear_cache_refuses_any_field_but_its_type(extra: dict) -> None:
    assert "'clear_cache' takes nothing but its 'type'" in _refused(_msg(type="clear_cache", **extra))


# -- theme --------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_tells_the_pages_new_colour_scheme(theme: str) -> None:
    assert decode_client_message(_msg(type="theme", theme=theme)) == protocol.Theme(theme)


@pytest.mark.parametrize("theme", [None, "", "Dark", "system", "purple", 1, True, ["dark"], {"type": "dark"}, MARK])
def test_theme_refuses_anything_but_light_or_dark(theme: object) -> None:
    assert "'theme' takes exactly 'theme'" in _refused(_msg(type="theme", theme=theme))


def test_theme_refuses_a_missing_scheme_and_extra_fields() -> None:
    _refused(_msg(type="theme"))
    _refused(_msg(type="theme", theme="dark", rerun=True))


def test_hello_client_fields_are_checked_one_by_one() -> None:
    hello = protocol.decode_client_message(
        json.dumps(
            {
                "type": "hello",
                "protocol": 1,
                "page": "Other",
                "query": "a=1",
                "url": "https://example.org/x?y=1",
                "locale": "pt-BR",
                "timezone": "America/Sao_Paulo",
                "timezone_offset": 180,
                "theme": "dark",
            }
        )
    )
    assert isinstance(hello, protocol.Hello)
    assert hello.client == {
        "page": "Other",
        "query": "a=1",
        "url": "https://example.org/x?y=1",
        "locale": "pt-BR",
        "timezone": "America/Sao_Paulo",
        "timezone_offset": 180,
        "theme": "dark",
    }
    bad = protocol.hello_client(
        {
            "page": "a\nb",
            "query": 5,
            "url": "file:///etc/passwd",
            "locale": "<script>",
            "timezone": "Ëurope/Paris",
            "timezone_offset": 99999,
            "theme": "blue",
        }
    )
    assert bad == {}


def test_navigate_message() -> None:
    msg = protocol.decode_client_message('{"type": "navigate", "page": "x", "query": "a=1", "seq": 3}')
    assert msg == protocol.Navigate("x", "a=1", 3)
    with pytest.raises(protocol.ProtocolError):
        protocol.decode_client_message('{"type": "navigate", "page": "x", "seq": 3.5}')


def test_a_custom_components_value_may_be_any_json() -> None:
    value = {"dataType": "json", "value": {"a": [1, {"b": {"c": None}}], "s": "x"}}
    assert decode_client_message(_msg(type="widget_values", values={"w": value})).values["w"] == value
    nested: object = 1
    for _ in range(40):
        nested = {"k": nested}
    bad_values = [
        ({"dataType": "json", "value": nested}, "component value nested too deeply"),
        ({"dataType": "xml", "value": "<a/>"}, "a component value's dataType is json, bytes or dataframe"),
        ({"dataType": ["json"], "value": 1}, "a component value's dataType is json, bytes or dataframe"),
        ({"dataType": "json", "value": 1, "x": 2}, "widget values cannot be objects"),
        ([{"dataType": "json", "value": 1}], "widget values cannot be objects"),
    ]
    for bad, message in bad_values:
        assert _refused(_msg(type="widget_values", values={"w": bad})) == message, bad
    raw = '{"type": "widget_values", "values": {"w": {"dataType": "json", "value": [NaN]}}}'
    assert _refused(raw) == "widget value must be a finite number"


@pytest.mark.parametrize(
    "raw",
    [
        '{"type": "widget_values", "values": {"\\ud800": 1}}',
        '{"type": "widget_values", "values": {"a": "x\\udfffy"}}',
        '{"type": "hello", "protocol": 1, "session_id": "\\ud83d"}',
    ],
)
def test_escaped_lone_surrogates_are_refused(raw: str) -> None:
    """They decode to str that no UTF-8 can carry on to the kernel."""
    with pytest.raises(ProtocolError, match="valid Unicode"):
        decode_client_message(raw)


def test_escaped_surrogate_pairs_are_text() -> None:
    msg = decode_client_message('{"type": "widget_values", "values": {"a": "\\ud83d\\ude00"}}')
    assert msg == protocol.WidgetValues({"a": "\U0001f600"})


# -- download_request ----------------------------------------------------------------------------


def test_download_request_round_trip() -> None:
    msg = decode_client_message(_msg(type="download_request", id="do-0123", seq=3))
    assert msg == protocol.DownloadRequest("do-0123", 3)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"id": "do-1"},
        {"seq": 1},
        {"id": "", "seq": 1},
        {"id": "x" * 300, "seq": 1},
        {"id": 5, "seq": 1},
        {"id": ["do-1"], "seq": 1},
        {"id": "do-1", "seq": -1},
        {"id": "do-1", "seq": "1"},
        {"id": "do-1", "seq": True},
        {"id": "do-1", "seq": 1, "extra": MARK},
    ],
)
def test_bad_download_requests_are_refused(fields: dict) -> None:
    _refused(_msg(type="download_request", **fields))


def test_a_batch_carries_its_frames_in_order() -> None:
    frames = [encode_frame({"type": "run_started", "run": 2}), encode_frame({"type": "media"}, b"\x00" * 9), b""]
    batch = protocol.encode_batch(frames)
    header, payload = decode_frame(batch)
    assert header == {"type": "batch", "sizes": [len(f) for f in frames]}
    assert protocol.split_batch(header, payload) == frames
    assert protocol.split_batch({"type": "batch", "sizes": []}, b"") == []


@pytest.mark.parametrize(
    "sizes",
    [None, "3", {"a": 1}, [1.5, 1.5], [-1, 4], [True, 2], [2], [4, 1], ["1", 2], [[3]], [10**20]],
)
def test_a_batch_whose_sizes_do_not_cut_its_payload_exactly_is_refused(sizes: object) -> None:
    with pytest.raises(ProtocolError, match="batch"):
        protocol.split_batch({"type": "batch", "sizes": sizes}, b"abc")


def test_an_echarts_selection_is_an_object_allowed() -> None:
    group = {"series_index": 0, "series_id": None, "series_name": "s", "data_type": "main", "data_indices": [0, 3]}
    area = {"brush_index": 0, "brush_type": "rect", "coord_range": [[0.5, 2], [10, 20]]}
    sel = {"selected": [group], "areas": [area]}
    assert decode_client_message(_msg(type="widget_values", values={"w": sel})) == WidgetValues({"w": sel})
    bad_ones = [
        ({"selected": {}, "areas": []}, "lists of at most"),
        ({"selected": [{}] * 10_001, "areas": []}, "lists of at most"),
        ({"selected": [0], "areas": []}, "a few short keys"),
        ({"selected": [{**group, "k" * 33: 1}], "areas": []}, "a few short keys"),
        ({"selected": [{str(i): i for i in range(9)}], "areas": []}, "a few short keys"),
        ({"selected": [{**group, "data_indices": "0"}], "areas": []}, "data_indices are lists"),
        ({"selected": [{**group, "data_indices": [0] * 100_001}], "areas": []}, "data_indices are lists"),
        ({"selected": [{**group, "data_indices": [0.5]}], "areas": []}, "whole numbers"),
        ({"selected": [{**group, "data_indices": [True]}], "areas": []}, "whole numbers"),
        ({"selected": [{**group, "series_id": {"a": 1}}], "areas": []}, "text or numbers"),
        ({"selected": [{**group, "series_name": "x" * 1025}], "areas": []}, "at most 1024"),
        ({"selected": [], "areas": [{**area, "coord_range": {"x": 1}}]}, "no objects"),
        ({"selected": [], "areas": [{**area, "coord_range": [float("inf")]}]}, "finite"),
        ({"selected": [], "areas": [{**area, "coord_range": [[[[[[1]]]]]]}]}, "nested too deeply"),
        ({"selected": [], "areas": [{**area, "coord_range": [0] * 10_001}]}, "too long"),
    ]
    for bad, why in bad_ones:
        assert why in _refused(_msg(type="widget_values", values={"w": bad})), bad


def test_a_map_selection_is_an_object_allowed() -> None:
    sel = {"indices": {"pts": [2, 0]}, "objects": {"pts": [{"name": "b", "pos": [1.5, 2], "props": {"k": None}}, {}]}}
    assert decode_client_message(_msg(type="widget_values", values={"w": sel})) == WidgetValues({"w": sel})
    bad_ones = [
        ({"indices": [], "objects": {}}, "at most 1000 layers"),
        ({"indices": {str(i): [] for i in range(1001)}, "objects": {}}, "at most 1000 layers"),
        ({"indices": {"x" * 257: []}, "objects": {}}, "strings of at most 256"),
        ({"indices": {"pts": "0"}, "objects": {"pts": []}}, "lists of at most"),
        ({"indices": {"pts": [0] * 100_001}, "objects": {"pts": []}}, "lists of at most"),
        ({"indices": {"pts": [0.5]}, "objects": {"pts": [{}]}}, "whole numbers"),
        ({"indices": {"pts": [True]}, "objects": {"pts": [{}]}}, "whole numbers"),
        ({"indices": {"pts": [0]}, "objects": {"pts": [{"x": float("inf")}]}}, "finite"),
    ]
    for bad, why in bad_ones:
        assert why in _refused(_msg(type="widget_values", values={"w": bad})), bad
    deep: dict[str, object] = {}
    for _ in range(40):
        deep = {"d": deep}
    assert "nested too deeply" in _refused(
        _msg(type="widget_values", values={"w": {"indices": {"p": [0]}, "objects": {"p": [deep]}}})
    )
