"""schema.py: the shapes are current in the page and the doc, match protocol.py, and the checker
refuses what does not fit."""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive import protocol, schema, schemagen

ROOT = Path(__file__).resolve().parents[1]
SHAPES = schemagen.read_schema((ROOT / "jupyter_reactive" / "schema.py").read_text())


def concrete(union: Any) -> list[Any]:
    """The TypedDicts a union alias stands for, nested unions flattened."""
    if typing.is_typeddict(union):
        return [union]
    return [c for member in typing.get_args(union) for c in concrete(member)]


def tag_values(shape: Any, key: str) -> tuple[Any, ...]:
    return typing.get_args(typing.get_type_hints(shape)[key])


def widget(name: str, **fields: Any) -> dict[str, Any]:
    base = {
        "kind": "widget",
        "id": "w1",
        "label": "Pick",
        "disabled": False,
        "help": None,
        "label_visibility": "visible",
        "form_id": None,
    }
    return {**base, "widget": name, **fields}


SELECTBOX = widget("selectbox", options=["a", "b"], value=0, placeholder=None)


# -- generated files ----------------------------------------------------------------------------


def test_generated_typescript_and_doc_are_current() -> None:
    """labextension/app/schema.ts and the tables in docs/protocol.md come from schema.py."""
    for path, text in schemagen.outputs().items():
        assert path.read_text() == text, f"{path.name} is stale: run python -m jupyter_reactive.schemagen"


@pytest.mark.parametrize("union", ["Element", "PageMessage", "ClientMessage", "KernelFrame", "KernelCommand"])
def test_every_shape_has_a_row_in_the_doc(union: str) -> None:
    doc = (ROOT / "docs" / "protocol.md").read_text()
    rows = [line for line in doc.splitlines() if line.startswith("| `")]
    for shape in concrete(getattr(schema, union)):
        key = next(k for k in ("widget", "layout", "type", "kind") if k in schema._tags(shape))
        for value in tag_values(shape, key):
            assert any(row.startswith(f"| `{value}`") or f", `{value}`" in row.split(" | ")[0] for row in rows), (
                f"docs/protocol.md has no row for {key} {value!r} ({shape.__name__}): add it to a schema marker"
            )


def test_every_shape_and_field_is_documented() -> None:
    for shape in SHAPES.values():
        if shape.public:
            assert shape.doc, f"{shape.name} has no docstring or comment"
        for field in shape.own:
            assert field.comment or field.name in schema.DISCRIMINATORS, f"{shape.name}.{field.name} has no comment"


def test_typescript_types_every_shape() -> None:
    ts = (ROOT / "labextension" / "app" / "schema.ts").read_text()
    for name in ("Element", "WidgetEl", "BlockEl", "PageMessage", "ClientMessage", "ImageEl", "SignedFileRef"):
        assert re.search(rf"^export (interface|type) {name}\b", ts, re.M), name
    assert "src?:" not in ts.split("export interface ImageEl")[1].split("}")[0], "image has one shape"


# -- schema.py <-> protocol.py --------------------------------------------------------------------


def test_message_types_are_protocol_names() -> None:
    names = {
        getattr(protocol, n)
        for n in (
            "HELLO WIDGET_VALUES RERUN STOP SESSION DELTAS RUN_STARTED RUN_FINISHED NOTICE ERROR SNAPSHOT TRIM ACK MEDIA"
            " PAGE_CONFIG DATA_REQUEST DATA_PAGE ADD_ROWS RUN_ON_SAVE SOURCE_CHANGED WATCH NAVIGATE NAVIGATION QUERY_PARAMS"
            " COMPONENT_FOLDER CACHE DOWNLOAD_REQUEST DOWNLOAD_READY STATE STREAM BATCH CLEAR_CACHE THEME"
        ).split()
    }
    shapes = concrete(schema.ClientMessage) + concrete(schema.PageMessage) + concrete(schema.KernelFrame)
    assert {v for s in shapes for v in tag_values(s, "type")} == names


def test_kernel_command_kinds_are_protocol_names() -> None:
    names = {
        protocol.K_WIDGET_VALUES,
        protocol.K_RERUN,
        protocol.K_STOP,
        protocol.K_SOURCE,
        protocol.K_SHUTDOWN,
        protocol.K_DATA_REQUEST,
        protocol.K_DOWNLOAD_REQUEST,
        protocol.K_FILES,
        protocol.K_NAVIGATE,
        protocol.K_SECRETS,
        protocol.K_CACHE,
        protocol.K_CLEAR_CACHE,
        protocol.K_THEME,
        protocol.K_DIRECT,
    }
    assert {v for s in concrete(schema.KernelCommand) for v in tag_values(s, "kind")} == names


def test_protocol_builders_make_schema_shapes() -> None:
    import json

    schema.check(json.loads(protocol.notice("info", "hi", sticky=True)), schema.PageMessage)
    schema.check(protocol.notice_header("error", "no"), schema.KernelFrame)
    schema.check(json.loads(protocol.error_message("bad_message", "no")), schema.PageMessage)


def test_every_client_message_the_decoder_accepts_fits_the_schema() -> None:
    for msg in (
        {"type": "hello", "protocol": 1},
        {"type": "hello", "protocol": 1, "session_id": "s", "resume_token": "t"},
        {"type": "widget_values", "values": {"a": 1, "b": [0, 2], "c": None, "d": "x", "e": True}},
        {"type": "widget_values", "values": {"f": [{"id": "i", "name": "n", "size": 1, "type": "t", "receipt": "r"}]}},
        {"type": "rerun"},
        {"type": "stop"},
    ):
        import json

        protocol.decode_client_message(json.dumps(msg))
        schema.check(msg, schema.ClientMessage)


# -- the checker ----------------------------------------------------------------------------------


def test_check_accepts_real_shapes() -> None:
    schema.check({"kind": "markdown", "html": "<p>x</p>", "variant": "body"})
    schema.check({"kind": "markdown", "html": "x", "variant": "header", "divider": "blue", "anchor": False})
    schema.check(widget("slider", value=[1, 2.5], min=0, max=3, step=1, range=True, format="float"))
    schema.check(SELECTBOX)
    schema.check(
        {
            "kind": "image",
            "images": [{"src": {"media": "ab"}, "caption": None}],
            "width": None,
            "use_container_width": False,
        }
    )
    schema.check(
        {"type": "deltas", "run": 1, "items": [{"path": [0, 1], "el": SELECTBOX, "media": ["ab"]}]},
        schema.PageMessage,
    )


GRID = {"kind": "block", "layout": "grid", "columns": None}


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ({"kind": "sparkline"}, "no shape has {'kind': 'sparkline'}"),
        ({"html": "x"}, "no shape has these keys"),
        ("text", "expected an object"),
        ({"kind": "markdown", "variant": "body"}, "MarkdownEl lacks html"),
        ({"kind": "markdown", "html": "x", "variant": "body", "colour": "red"}, "MarkdownEl has no field colour"),
        ({"kind": "markdown", "html": 3, "variant": "body"}, "el.html: expected str, got 3"),
        ({"kind": "markdown", "html": "x", "variant": "footer"}, "el.variant: expected 'title' or"),
        ({"kind": "markdown", "html": "x", "variant": "body", "anchor": True}, "el.anchor"),
        (
            {"kind": "code", "html": "", "code": "", "language": "py", "line_numbers": 1},
            "el.line_numbers: expected True",
        ),
        ({"kind": "progress", "value": True, "text": ""}, "el.value: expected int, got True"),
        ({"kind": "progress", "value": 5.5, "text": ""}, "el.value: expected int, got 5.5"),
        ({"kind": "block", "layout": "masonry"}, "no shape has {'kind': 'block', 'layout': 'masonry'}"),
        ({"kind": "block", "layout": "grid"}, "GridBlock lacks columns"),
        ({**GRID, "columns": "auto"}, "el.columns: expected int or NoneType"),
        ({**GRID, "columns": 2.5}, "el.columns: expected int or NoneType"),
        ({**GRID, "columns": True}, "el.columns: expected int or NoneType"),
        ({**GRID, "min_width": "auto"}, "el.min_width: expected int"),
        ({**GRID, "min_width": None}, "el.min_width: expected int"),
        ({**GRID, "nowrap": False}, "el.nowrap: expected True"),
        ({**GRID, "row_gap": "huge"}, "el.row_gap"),
        ({**GRID, "row_gap": 1.5}, "el.row_gap"),
        ({**GRID, "column_gap": [1, 2]}, "el.column_gap"),
        ({**GRID, "valign": "top"}, "el.valign: expected 'center' or 'bottom'"),
        ({**GRID, "border": False}, "el.border: expected True"),
        ({**GRID, "row_height": "content"}, "el.row_height: expected int"),
        ({**GRID, "dense": 1}, "el.dense: expected True"),
        ({**GRID, "key": 5}, "el.key: expected str"),
        ({**GRID, "gap": "small"}, "GridBlock has no field gap"),
        ({**GRID, "sizing": {"width": "content", "height": "tall"}}, "el.sizing.height"),
        ({"kind": "block", "layout": "cell", "span": "all"}, "el.span: expected int"),
        ({"kind": "block", "layout": "cell", "span": 1.5}, "el.span: expected int"),
        ({"kind": "block", "layout": "cell", "span_all": False}, "el.span_all: expected True"),
        ({"kind": "block", "layout": "cell", "row_span": None}, "el.row_span: expected int"),
        ({"kind": "block", "layout": "cell", "columns": 2}, "CellBlock has no field columns"),
        ({"kind": "block", "layout": "tabs", "labels": ["a", 2]}, "el.labels[1]: expected str"),
        (
            {"kind": "image", "images": [{"src": 5, "caption": None}], "width": None, "use_container_width": False},
            "el.images[0].src",
        ),
        ({**SELECTBOX, "widget": "colour_picker"}, "'widget': 'colour_picker'"),
        ({**SELECTBOX, "value": 1.5}, "el.value: expected"),
        ({**SELECTBOX, "value": ["a"]}, "el.value: expected"),
        ({**SELECTBOX, "filter_mode": "regex"}, "el.filter_mode: expected"),
        ({**SELECTBOX, "accept_new_options": False}, "el.accept_new_options: expected True"),
        ({**SELECTBOX, "horizontal": True}, "SelectboxEl has no field horizontal"),
        ({k: v for k, v in SELECTBOX.items() if k != "form_id"}, "SelectboxEl lacks form_id"),
    ],
)
def test_check_refuses_garbage(value: Any, error: str) -> None:
    with pytest.raises(schema.SchemaError) as info:
        schema.check(value)
    assert error in str(info.value)


def test_check_names_where_inside_a_message() -> None:
    bad = {"type": "deltas", "run": 1, "items": [{"path": [0], "el": {**SELECTBOX, "options": "ab"}}]}
    with pytest.raises(schema.SchemaError, match=r"^msg\.items\[0\]\.el\.options: expected a list"):
        schema.check(bad, schema.PageMessage, "msg")


def test_check_refuses_a_message_of_the_other_direction() -> None:
    kernel_media = {"type": "media", "sha": "ab", "mimetype": "image/png", "filename": None}
    schema.check(kernel_media, schema.KernelFrame)
    with pytest.raises(schema.SchemaError, match="MediaMsg"):
        schema.check(kernel_media, schema.PageMessage)
