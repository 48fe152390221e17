"""The wire contract between the page, the server and the kernel (stdlib only).

Three hops, one vocabulary:

* browser -> server: JSON text frames, one message each. The browser never sends code, only the
  messages decoded here (:func:`decode_client_message` is the only door).
* server -> kernel: comm messages on the ``jupyter_reactive`` target; their ``data`` is one of the
  ``Kernel*`` dicts named below.
* kernel -> server -> browser: binary frames made once, in the kernel, by :func:`encode_frame`;
  the server forwards the bytes unchanged (it reads the header only to keep its page mirror).

A binary frame is ``u32 big-endian header length | header (JSON, UTF-8) | payload bytes``. The
payload is empty except in the kernel's ``media`` frames, whose bytes must not be base64-encoded.

Element paths: ``[root, i, j, ...]`` where ``root`` is :data:`MAIN` or :data:`SIDEBAR` and each
further index is a child position inside a container element. The shape of every message and
element is declared in :mod:`.schema`; this module holds their names, the browser-message decoder
and the frame codec. The page's TypeScript twin lives in ``labextension/app/protocol.ts``.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

PROTOCOL_VERSION = 1
COMM_TARGET = "jupyter_reactive"
OUT_COMM_TARGET = "jupyter_reactive.out"

MAIN = 0
SIDEBAR = 1

#: Largest text frame a browser may send (bytes); larger frames close the socket with 1009.
MAX_CLIENT_FRAME = 1 << 20

# -- message names ----------------------------------------------------------------------------
# browser -> server
HELLO = "hello"
WIDGET_VALUES = "widget_values"
RERUN = "rerun"
STOP = "stop"
DATA_REQUEST = "data_request"
DOWNLOAD_REQUEST = "download_request"
RUN_ON_SAVE = "run_on_save"
NAVIGATE = "navigate"
CLEAR_CACHE = "clear_cache"
THEME = "theme"
# server/kernel -> browser
SESSION = "session"
DELTAS = "deltas"
RUN_STARTED = "run_started"
RUN_FINISHED = "run_finished"
NOTICE = "notice"
ERROR = "error"
SNAPSHOT = "snapshot"
TRIM = "trim"
ACK = "ack"
MEDIA = "media"
CACHE = "cache"  # kernel -> server only: a cache_data request (never forwarded)
PAGE_CONFIG = "page_config"
DATA_PAGE = "data_page"
DOWNLOAD_READY = "download_ready"
ADD_ROWS = "add_rows"
SOURCE_CHANGED = "source_changed"
#: server -> browser: several kernel frames in one WebSocket message (sockets that ask for it)
BATCH = "batch"
# kernel -> server only (read by the server, never forwarded)
WATCH = "watch"
NAVIGATION = "navigation"
QUERY_PARAMS = "query_params"
COMPONENT_FOLDER = "component_folder"  # kernel -> server only: a declared component's files
STATE = "state"  # kernel -> server only: session_state to save in the shared store (server/persist.py)
STREAM = "stream"  # kernel -> server only: the app's stdout/stderr over the direct channel (logged)
# server -> kernel (comm data "kind")
K_WIDGET_VALUES = "widget_values"
K_RERUN = "rerun"
K_STOP = "stop"
K_SHUTDOWN = "shutdown"
K_SOURCE = "source"
K_DATA_REQUEST = "data_request"
K_DOWNLOAD_REQUEST = "download_request"
K_FILES = "files"  # edited files of the app's folder, for a kernel on a gateway
K_NAVIGATE = "navigate"
K_CLEAR_CACHE = "clear_cache"  # forget cache_data / cache_resource results (the app menu's "Clear cache")
K_SECRETS = "secrets"  # the app's secrets, re-read by the server: never sent to the page
K_CACHE = "cache"  # the answer to a kernel's cache request, or "another session cleared"
K_THEME = "theme"  # the page's colour scheme changed: what ``jr.context.theme`` says from the next run
K_DIRECT = "direct"  # on the comm: from here on the session's messages come over the direct channel

_HEADER = struct.Struct(">I")


class ProtocolError(ValueError):
    """A message that does not follow this module's contract. ``str(err)`` is safe to show."""


# -- browser -> server ------------------------------------------------------------------------


@dataclass(frozen=True)
class Hello:
    """First message of every socket: a new session, or a resume with the tab's secret."""

    protocol: int
    session_id: str | None = None
    resume_token: str | None = None
    #: what a new session's tab says about itself (its page, query string, locale...): the
    #: fields of :data:`HELLO_CLIENT_FIELDS` that passed their checks; bad ones are left out
    client: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class WidgetValues:
    """New values for one or more widgets (several at once when a form is submitted)."""

    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rerun:
    """The viewer asked for a rerun (the rerun control, or the ``R`` key)."""


@dataclass(frozen=True)
class Stop:
    """The viewer asked to stop the run in flight."""


@dataclass(frozen=True)
class RunOnSave:
    """Turn the session's rerun-on-save on or off ("Always rerun", the lab panel's toggle)."""

    enabled: bool


@dataclass(frozen=True)
class ClearCache:
    """The viewer chose "Clear cache" in the app menu (or pressed ``C``): the session's kernel
    forgets its ``cache_data`` and ``cache_resource`` results (and the shared store's)."""


@dataclass(frozen=True)
class Theme:
    """The page's colour scheme changed (the app menu's theme, the browser's preference, the lab's
    theme): ``jr.context.theme`` says so from the next run. As Streamlit 1.67, nothing reruns for
    it; the next run, whatever starts it, sees the new scheme."""

    theme: str  # "light" or "dark"


@dataclass(frozen=True)
class DownloadRequest:
    """The viewer clicked a download button whose data the script gave as a function."""

    id: str
    seq: int


@dataclass(frozen=True)
class DataRequest:
    """Rows ``start..stop`` of a dataframe element, in the order ``sort`` gives."""

    id: str
    start: int
    stop: int
    sort: tuple[tuple[int, bool], ...]
    seq: int


#: most rows one ``data_request`` may ask for
MAX_DATA_PAGE = 1000
_MAX_INT = 1 << 53  # what a JavaScript number holds exactly


@dataclass(frozen=True)
class Navigate:
    """The viewer moved to another page of the app (a link, back/forward): its URL path and query
    string, and the page's counter (echoed in ``navigation`` and ``query_params``)."""

    page: str
    query: str
    seq: int


#: longest page URL path and query string a page may send (longer: refused, or dropped in a hello)
MAX_PAGE_PATH = 1024
MAX_QUERY = 16 * 1024

ClientMessage = (
    Hello | WidgetValues | Rerun | Stop | DataRequest | DownloadRequest | RunOnSave | Navigate | ClearCache | Theme
)

_MAX_WIDGETS_PER_MESSAGE = 256
_MAX_ID = 128


def _opt_str(msg: Mapping[str, Any], key: str) -> str | None:
    value = msg.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= 256:
        raise ProtocolError(f"'{key}' must be a short string")
    return value


#: keys of an uploaded file's reference in an uploader's value (a list of them); `"audio": true`
#: marks a chat message's recording
FILE_REF_KEYS = frozenset({"id", "name", "size", "type", "receipt", "audio"})


def _check_json_value(value: Any, depth: int = 0) -> None:
    """Refuse NaN/Infinity and absurd nesting; widgets check the rest."""
    if depth > 8:
        raise ProtocolError("widget value nested too deeply")
    if isinstance(value, float) and not math.isfinite(value):
        raise ProtocolError("widget value must be a finite number")
    if isinstance(value, list):
        if len(value) > 10_000:
            raise ProtocolError("widget value list too long")
        for item in value:
            _check_json_value(item, depth + 1)
    elif isinstance(value, dict):
        # the objects a page may send: an uploaded file's reference, inside a list, and a chart
        # selection (its points, boxes and lassos: objects of short keys, one level down)
        if depth == 0 and set(value) == SELECTION_KEYS:
            for part in value.values():
                if not isinstance(part, list) or len(part) > 10_000:
                    raise ProtocolError("a chart selection holds lists of at most 10000 items")
                for item in part:
                    if isinstance(item, dict):
                        _check_selection_item(item)
                    else:
                        _check_json_value(item, 2)
            return
        if depth == 0 and set(value) == GRID_SELECTION_KEYS:
            for part in value.values():
                if not isinstance(part, list) or len(part) > MAX_GRID_SELECTION:
                    raise ProtocolError(f"a dataframe selection holds lists of at most {MAX_GRID_SELECTION} items")
                for item in part:
                    if isinstance(item, dict):
                        raise ProtocolError("widget values cannot be objects")
                    _check_json_value(item, 2)
            return
        if depth == 0 and set(value) == DECK_SELECTION_KEYS:
            _check_deck_selection(value)
            return
        if depth == 0 and set(value) == ECHARTS_SELECTION_KEYS:
            _check_echarts_selection(value)
            return
        if depth == 0 and set(value) == COMPONENT_VALUE_KEYS:
            if value["dataType"] not in ("json", "bytes", "dataframe"):
                raise ProtocolError("a component value's dataType is json, bytes or dataframe")
            _check_free_json(value["value"], 0)
            return
        if depth == 0 and set(value) == COMPONENT_V2_STATE_KEYS:
            state = value["state"]
            if not isinstance(state, dict) or len(state) > MAX_COMPONENT_V2_NAMES:
                raise ProtocolError(f"a component state is an object of at most {MAX_COMPONENT_V2_NAMES} values")
            if not all(0 < len(name) <= MAX_COMPONENT_V2_NAME for name in state):
                raise ProtocolError(f"a component state's names have 1 to {MAX_COMPONENT_V2_NAME} characters")
            _check_free_json(state, 0)
            return
        if depth == 0 and set(value) == COMPONENT_V2_TRIGGER_KEYS:
            event = value["event"]
            if not isinstance(event, str) or not 0 < len(event) <= MAX_COMPONENT_V2_NAME:
                raise ProtocolError(f"a component trigger's event is a name of 1 to {MAX_COMPONENT_V2_NAME} characters")
            _check_free_json(value["value"], 0)
            return
        if (
            depth != 1
            or not set(value) <= FILE_REF_KEYS
            or not all(
                v is True if k == "audio" else isinstance(v, (str, int)) and not isinstance(v, bool)
                for k, v in value.items()
            )
        ):
            raise ProtocolError("widget values cannot be objects")


#: keys of a custom component's value (``setComponentValue``): its ``value`` may be any JSON
COMPONENT_VALUE_KEYS = frozenset({"dataType", "value"})
#: keys of a ``components.v2`` instance's state (``setStateValue``) and of its trigger
#: (``setTriggerValue``); the kernel checks them again against the instance
COMPONENT_V2_STATE_KEYS = frozenset({"state"})
COMPONENT_V2_TRIGGER_KEYS = frozenset({"event", "value"})
MAX_COMPONENT_V2_NAMES = 1000
MAX_COMPONENT_V2_NAME = 256


#: keys of a pydeck chart's selection (jr.pydeck_chart(on_select=...)): by layer id, the objects'
#: indices and the objects (their data rows, any JSON); the kernel checks them again
DECK_SELECTION_KEYS = frozenset({"indices", "objects"})
MAX_DECK_LAYERS = 1000
MAX_DECK_SELECTED = 100_000


def _check_deck_selection(value: dict[str, Any]) -> None:
    indices, objects = value["indices"], value["objects"]
    if not isinstance(indices, dict) or not isinstance(objects, dict) or len(indices) > MAX_DECK_LAYERS:
        raise ProtocolError(f"a map selection holds objects of at most {MAX_DECK_LAYERS} layers")
    if not all(isinstance(k, str) and len(k) <= 256 for k in (*indices, *objects)):
        raise ProtocolError("a map selection's layer ids are strings of at most 256 characters")
    for part in (indices, objects):
        for items in part.values():
            if not isinstance(items, list) or len(items) > MAX_DECK_SELECTED:
                raise ProtocolError(f"a map selection holds lists of at most {MAX_DECK_SELECTED} items")
    for items in indices.values():
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
            raise ProtocolError("a map selection's indices are whole numbers")
    for items in objects.values():
        for item in items:
            _check_free_json(item, 2)


#: keys of an ECharts chart's selection (jr.echarts_chart(on_select=...)): the selected items by
#: series, and the brushed areas; the kernel checks each group's and area's fields again
ECHARTS_SELECTION_KEYS = frozenset({"selected", "areas"})
MAX_ECHARTS_GROUPS = 10_000
MAX_ECHARTS_INDICES = 100_000


def _check_echarts_selection(value: dict[str, Any]) -> None:
    for part in (value["selected"], value["areas"]):
        if not isinstance(part, list) or len(part) > MAX_ECHARTS_GROUPS:
            raise ProtocolError(f"an ECharts selection holds lists of at most {MAX_ECHARTS_GROUPS} items")
        for item in part:
            if not isinstance(item, dict) or len(item) > 8 or not all(len(k) <= 32 for k in item):
                raise ProtocolError("an ECharts selection holds objects of a few short keys")
    for group in value["selected"]:
        indices = group.get("data_indices")
        if not isinstance(indices, list) or len(indices) > MAX_ECHARTS_INDICES:
            raise ProtocolError(f"an ECharts selection's data_indices are lists of at most {MAX_ECHARTS_INDICES}")
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in indices):
            raise ProtocolError("an ECharts selection's data_indices are whole numbers")
        for k, v in group.items():
            if k != "data_indices" and not (v is None or isinstance(v, (str, int))):
                raise ProtocolError("an ECharts selection's series are named by text or numbers")
            if isinstance(v, str) and len(v) > 1024:
                raise ProtocolError("an ECharts selection's series names have at most 1024 characters")
    for area in value["areas"]:
        for v in area.values():
            if isinstance(v, dict):
                raise ProtocolError("an ECharts selection's areas hold no objects")
            _check_json_value(v, 4)


def _check_free_json(value: Any, depth: int) -> None:
    """Any JSON a custom component may set: finite numbers, bounded nesting (the frame size
    bounds the rest); the kernel checks it again against the component's definition."""
    if depth > 32:
        raise ProtocolError("component value nested too deeply")
    if isinstance(value, float) and not math.isfinite(value):
        raise ProtocolError("widget value must be a finite number")
    if isinstance(value, list):
        for item in value:
            _check_free_json(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            _check_free_json(item, depth + 1)


#: keys of a chart's selection (jr.plotly_chart(on_select=...)), the widget value of a chart
SELECTION_KEYS = frozenset({"points", "point_indices", "box", "lasso"})


#: keys of a dataframe's selection (jr.dataframe(on_select=...)); the kernel checks it against the
#: frame. A rectangle of cells can be large: the frame's size bounds it
GRID_SELECTION_KEYS = frozenset({"rows", "columns", "cells"})
MAX_GRID_SELECTION = 100_000


def _check_selection_item(item: dict[str, Any]) -> None:
    """One selected point, box or lasso: short string keys, values without objects."""
    if len(item) > 64 or not all(isinstance(k, str) and len(k) <= 64 for k in item):
        raise ProtocolError("widget values cannot be objects")
    for v in item.values():
        if isinstance(v, dict):
            raise ProtocolError("widget values cannot be objects")
        _check_json_value(v, 3)


def decode_client_message(raw: str | bytes) -> ClientMessage:
    """Parse one browser frame into a message dataclass.

    Raises:
        ProtocolError: for anything that is not exactly one of the browser messages; the error
            text never echoes the input.
    """
    if isinstance(raw, bytes):
        raise ProtocolError("binary frames are not accepted from the page")
    # the limit is in UTF-8 bytes (as the WebSocket's); a str is at least as long in bytes
    if len(raw) > MAX_CLIENT_FRAME or len(raw.encode("utf-8", "surrogatepass")) > MAX_CLIENT_FRAME:
        raise ProtocolError("frame too large")
    try:
        msg = json.loads(raw)
    except (ValueError, RecursionError):
        raise ProtocolError("frame is not valid JSON") from None
    if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
        raise ProtocolError("a message is a JSON object with a 'type'")
    if "\\u" in raw and not _encodable(msg):  # an escaped lone surrogate: no UTF-8 can carry it on
        raise ProtocolError("strings must be valid Unicode (no lone surrogates)")
    kind = msg["type"]
    if kind == HELLO:
        protocol = msg.get("protocol")
        if isinstance(protocol, bool) or protocol != PROTOCOL_VERSION:  # true == 1 in Python
            raise ProtocolError(f"unsupported protocol version (server speaks {PROTOCOL_VERSION})")
        return Hello(protocol, _opt_str(msg, "session_id"), _opt_str(msg, "resume_token"), hello_client(msg))
    if kind == WIDGET_VALUES:
        values = msg.get("values")
        if not isinstance(values, dict) or not 0 < len(values) <= _MAX_WIDGETS_PER_MESSAGE:
            raise ProtocolError("'values' must be a non-empty object of widget id -> value")
        for wid, value in values.items():
            if not 0 < len(wid) <= _MAX_ID:
                raise ProtocolError("bad widget id")
            _check_json_value(value)
        return WidgetValues(values)
    if kind == RERUN:
        return Rerun()
    if kind == STOP:
        return Stop()
    if kind == DATA_REQUEST:
        return _data_request(msg)
    if kind == DOWNLOAD_REQUEST:
        widget = msg.get("id")
        if not isinstance(widget, str) or not 0 < len(widget) <= _MAX_ID or set(msg) != {"type", "id", "seq"}:
            raise ProtocolError("'download_request' takes exactly 'id' (a download button's id) and 'seq'")
        return DownloadRequest(widget, _int(msg, "seq"))
    if kind == RUN_ON_SAVE:
        enabled = msg.get("enabled")
        if not isinstance(enabled, bool) or set(msg) != {"type", "enabled"}:
            raise ProtocolError("'run_on_save' takes exactly 'enabled': true or false")
        return RunOnSave(enabled)
    if kind == CLEAR_CACHE:
        if set(msg) != {"type"}:
            raise ProtocolError("'clear_cache' takes nothing but its 'type'")
        return ClearCache()
    if kind == THEME:
        theme = msg.get("theme")
        if theme not in ("light", "dark") or set(msg) != {"type", "theme"}:
            raise ProtocolError("'theme' takes exactly 'theme': \"light\" or \"dark\"")
        return Theme(theme)
    if kind == NAVIGATE:
        page, query = msg.get("page"), msg.get("query", "")
        if not isinstance(page, str) or len(page) > MAX_PAGE_PATH or _has_controls(page):
            raise ProtocolError(f"'page' must be a page's URL path (at most {MAX_PAGE_PATH} characters)")
        if not isinstance(query, str) or len(query) > MAX_QUERY:
            raise ProtocolError(f"'query' must be a query string of at most {MAX_QUERY} characters")
        return Navigate(page, query, _int(msg, "seq"))
    raise ProtocolError("unknown message type")


def _has_controls(text: str) -> bool:
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


_SAFE_TEXT = {
    "locale": 64,  # a BCP 47 tag
    "timezone": 64,  # an IANA zone name
    "theme": 5,  # "light" / "dark"
}
#: what a new session's hello may tell about its tab (all optional; a bad one is left out, so a
#: browser with odd settings still gets its session)
HELLO_CLIENT_FIELDS = ("page", "query", "url", "locale", "timezone", "timezone_offset", "theme")


def hello_client(msg: Mapping[str, Any]) -> dict[str, Any]:
    """The tab's own description in a hello, each field checked: page URL path (as
    :class:`Navigate`), query string (the kernel ignores one over :data:`MAX_QUERY`, with a
    notice), URL (http/https, at most 8 KiB), locale and IANA time zone (short
    plain text), time-zone offset (minutes, within ±24 h), theme ("light" or "dark")."""
    out: dict[str, Any] = {}
    page = msg.get("page")
    if isinstance(page, str) and len(page) <= MAX_PAGE_PATH and not _has_controls(page):
        out["page"] = page
    query = msg.get("query")
    if isinstance(query, str):  # any length the frame allows: the kernel drops a huge one, saying so
        out["query"] = query
    url = msg.get("url")
    if isinstance(url, str) and len(url) <= 8192 and url.startswith(("http://", "https://")) and not _has_controls(url):
        out["url"] = url
    for key, limit in _SAFE_TEXT.items():
        value = msg.get(key)
        if (
            isinstance(value, str)
            and 0 < len(value) <= limit
            and all(ch.isascii() and (ch.isalnum() or ch in "-_/+") for ch in value)
        ):
            out[key] = value
    if out.get("theme") not in (None, "light", "dark"):
        del out["theme"]
    offset = msg.get("timezone_offset")
    if isinstance(offset, int) and not isinstance(offset, bool) and -1440 <= offset <= 1440:
        out["timezone_offset"] = offset
    return out


def _encodable(msg: Any) -> bool:
    """True if every string in the decoded message can be written as UTF-8 (a ``\\ud800``
    escape decodes to a lone surrogate, which would fail later, on the way to the kernel)."""
    try:
        json.dumps(msg, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _int(msg: Mapping[str, Any], key: str, lo: int = 0, hi: int = _MAX_INT) -> int:
    value = msg.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ProtocolError(f"'{key}' must be a whole number in [{lo}, {hi}]")
    return value


def _data_request(msg: Mapping[str, Any]) -> DataRequest:
    data_id = msg.get("id")
    if not isinstance(data_id, str) or not 0 < len(data_id) <= _MAX_ID:
        raise ProtocolError("'id' must be a dataframe's data id")
    start, stop = _int(msg, "start"), _int(msg, "stop")
    if not start <= stop <= start + MAX_DATA_PAGE:
        raise ProtocolError(f"'stop' must be between 'start' and 'start' + {MAX_DATA_PAGE}")
    sort = msg.get("sort")
    keys: list[tuple[int, bool]] = []
    if sort is not None:
        if not isinstance(sort, list) or len(sort) > 16:
            raise ProtocolError("'sort' must be a short list of [column, ascending] or null")
        for item in sort:
            if (
                not isinstance(item, list)
                or len(item) != 2
                or isinstance(item[0], bool)
                or not isinstance(item[0], int)
                or not -1 <= item[0] < 100_000
                or not isinstance(item[1], bool)
            ):
                raise ProtocolError("'sort' must be a short list of [column, ascending] or null")
            keys.append((item[0], item[1]))
    return DataRequest(data_id, start, stop, tuple(keys), _int(msg, "seq"))


# -- frames -----------------------------------------------------------------------------------


def encode_frame(header: Mapping[str, Any], payload: bytes = b"") -> bytes:
    """One binary frame: the JSON header, then raw payload bytes (may be empty)."""
    head = json.dumps(header, separators=(",", ":"), allow_nan=False).encode()
    return _HEADER.pack(len(head)) + head + payload


def encode_batch(frames: Sequence[bytes]) -> bytes:
    """Several frames as one: a ``batch`` frame whose header lists their sizes and whose payload
    is the frames back to back. The server sends a kernel message's frames this way to a page
    that asked for it (the socket URL's ``?frames=batch``), so the page applies a whole run —
    ``run_started``, its deltas, ``run_finished`` — in one task, with no rendering between."""
    return encode_frame({"type": BATCH, "sizes": [len(f) for f in frames]}, b"".join(frames))


def split_batch(header: Mapping[str, Any], payload: bytes) -> list[bytes]:
    """The frames of a ``batch`` frame (its header and payload, from :func:`decode_frame`).

    Raises:
        ProtocolError: if the sizes are not a list of non-negative integers that add up to the
            payload's length exactly.
    """
    sizes = header.get("sizes")
    if not isinstance(sizes, list) or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in sizes):
        raise ProtocolError("a batch's sizes must be a list of non-negative integers")
    if sum(sizes) != len(payload):
        raise ProtocolError("a batch's sizes do not add up to its payload")
    frames, start = [], 0
    for n in sizes:
        frames.append(payload[start : start + n])
        start += n
    return frames


def decode_frame(frame: bytes) -> tuple[dict[str, Any], bytes]:
    """Inverse of :func:`encode_frame`.

    Raises:
        ProtocolError: if the frame is truncated or its header is not a JSON object.
    """
    if len(frame) < _HEADER.size:
        raise ProtocolError("truncated frame")
    (size,) = _HEADER.unpack_from(frame)
    end = _HEADER.size + size
    if end > len(frame):
        raise ProtocolError("truncated frame")
    try:
        header = json.loads(frame[_HEADER.size : end])
    except (ValueError, RecursionError):
        raise ProtocolError("frame header is not JSON") from None
    if not isinstance(header, dict):
        raise ProtocolError("frame header is not an object")
    return header, bytes(frame[end:])


NOTICE_LEVELS = ("info", "warning", "error")


def notice_header(level: str, message: str, sticky: bool = False) -> dict[str, Any]:
    """A ``notice`` message as a dict (the kernel puts it in a frame header): a toast on the page,
    ``sticky`` ones stay until dismissed."""
    if level not in NOTICE_LEVELS:
        raise ValueError(f"a notice's level is one of {NOTICE_LEVELS}, not {level!r}")
    msg: dict[str, Any] = {"type": NOTICE, "level": level, "message": message}
    if sticky:
        msg["sticky"] = True
    return msg


def notice(level: str, message: str, sticky: bool = False) -> str:
    """The JSON text of a ``notice`` the server sends the page (see :func:`notice_header`)."""
    return json.dumps(notice_header(level, message, sticky))


def error_message(error: str, message: str) -> str:
    """The JSON text the server sends for a refused message: ``{type, error, message}``."""
    return json.dumps({"type": ERROR, "error": error, "message": message})


def source_changed(files: list[str]) -> str:
    """The JSON text of a ``source_changed`` message: these files (relative to the app's folder)
    changed on disk; the page offers Rerun and Always rerun."""
    return json.dumps({"type": SOURCE_CHANGED, "files": files})
