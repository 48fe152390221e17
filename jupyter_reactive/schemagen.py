"""Generate the page's TypeScript types and the protocol doc's tables from :mod:`.schema` (stdlib).

``python -m jupyter_reactive.schemagen`` rewrites ``labextension/app/schema.ts`` and the tables
between ``<!-- schema: NAMES -->`` and ``<!-- /schema -->`` markers in ``docs/protocol.md``;
``--check`` only reports whether they are current (tests/test_schema.py runs it). Both outputs are
committed, so the page builds without Python and a review shows the wire change next to its cause.

Runs at development time, in whatever process calls it. It reads schema.py's *source* (the class
bodies in order, their docstrings, the comment after each field, the bases folded into a class)
and writes each annotation in TypeScript notation, so aliases such as ``MediaRef`` keep their names.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from . import schema

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "labextension" / "app" / "schema.ts"
DOC_FILE = ROOT / "docs" / "protocol.md"

_TS_NAMES = {"str": "string", "int": "number", "float": "number", "bool": "boolean", "Any": "unknown", "None": "null"}
_MARKER = re.compile(r"(<!-- schema: ([\w ]+) -->\n)(.*?)(<!-- /schema -->)", re.S)


@dataclass
class Field:
    name: str
    annotation: ast.expr
    comment: str
    optional: bool


@dataclass
class Shape:
    """A TypedDict of schema.py, or a type alias (``alias`` set, no fields)."""

    name: str
    doc: str
    bases: list[str] = field(default_factory=list)
    own: list[Field] = field(default_factory=list)  # declared in this class's body
    alias: ast.expr | None = None

    @property
    def public(self) -> bool:
        return not self.name.startswith("_")


def read_schema(source: str) -> dict[str, Shape]:
    """The shapes of schema.py's source, in order."""
    comments = {
        tok.start[0]: tok.string.lstrip("#: ").strip() for tok in _tokens(source) if tok.type == tokenize.COMMENT
    }
    shapes: dict[str, Shape] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and node.name not in ("SchemaError",):
            total = all(
                not (k.arg == "total" and isinstance(k.value, ast.Constant) and not k.value.value)
                for k in node.keywords
            )
            shape = Shape(
                node.name, ast.get_docstring(node) or "", [b.id for b in node.bases if isinstance(b, ast.Name)]
            )
            for stmt in node.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    shape.own.append(Field(stmt.target.id, stmt.annotation, comments.get(stmt.lineno, ""), not total))
            shapes[node.name] = shape
        elif (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(node.annotation, ast.Name)
            and node.annotation.id == "TypeAlias"
            and node.value is not None
        ):
            doc = comments.get(node.lineno - 1, "")
            shapes[node.target.id] = Shape(node.target.id, doc, alias=node.value)
    return shapes


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(source).readline))


def fields(shapes: dict[str, Shape], name: str, stop_at_public: bool = True) -> list[Field]:
    """A class's fields, bases first; a public base's fields are left out (``extends`` in TS)."""
    shape = shapes[name]
    out: list[Field] = []
    for base in shape.bases:
        if base in shapes and (not stop_at_public or not shapes[base].public):
            out.extend(fields(shapes, base, stop_at_public))
    # discriminators first, wherever they were declared
    return sorted(out + shape.own, key=lambda f: not _is_tag(f))


def _is_tag(f: Field) -> bool:
    """A discriminator: one of the tag names, declared as a Literal."""
    a = f.annotation
    return f.name in schema.DISCRIMINATORS and isinstance(a, ast.Subscript) and ast.unparse(a.value) == "Literal"


def public_base(shapes: dict[str, Shape], name: str) -> str | None:
    """The nearest public class a class derives from, through private ones (``extends`` in TS)."""
    for base in shapes[name].bases:
        if base in shapes:
            if shapes[base].public:
                return base
            found = public_base(shapes, base)
            if found:
                return found
    return None


def ts(node: ast.expr) -> str:
    """An annotation in TypeScript notation."""
    if isinstance(node, ast.Name):
        return _TS_NAMES.get(node.id, node.id)
    if isinstance(node, ast.Constant):
        if node.value is None:
            return "null"
        if isinstance(node.value, bool):
            return "true" if node.value else "false"
        return '"' + str(node.value) + '"'
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return f"{ts(node.left)} | {ts(node.right)}"
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        kind = node.value.id
        if kind in ("Literal", "Union"):
            return " | ".join(ts(a) for a in args)
        if kind == "list":
            inner = ts(args[0])
            return f"({inner})[]" if "|" in inner else f"{inner}[]"
        if kind == "dict":
            return f"Record<string, {ts(args[1])}>"
        if kind == "tuple":
            return "[" + ", ".join(ts(a) for a in args) + "]"
    raise ValueError(f"schemagen cannot translate {ast.unparse(node)}")


def _tsdoc(text: str, indent: str = "") -> str:
    return f"{indent}/** {text} */\n" if text else ""


def typescript(shapes: dict[str, Shape]) -> str:
    out = [
        "// Generated by `python -m jupyter_reactive.schemagen` from jupyter_reactive/schema.py: do not edit.\n"
        "// Wire shapes of elements and messages; docs/protocol.md holds the same, as tables.\n"
    ]
    for shape in shapes.values():
        if not shape.public:
            continue
        doc = " ".join(shape.doc.split())
        if shape.alias is not None:
            out.append(f"\n{_tsdoc(doc)}export type {shape.name} ={_union_lines(shape.alias)};\n")
            continue
        base = public_base(shapes, shape.name)
        lines = [f"\n{_tsdoc(doc)}export interface {shape.name}{f' extends {base}' if base else ''} {{\n"]
        for f in fields(shapes, shape.name):
            lines.append(_tsdoc(f.comment, "  ") + f"  {f.name}{'?' if f.optional else ''}: {ts(f.annotation)};\n")
        out.append("".join(lines) + "}\n")
    return "".join(out)


def _union_lines(node: ast.expr) -> str:
    """A top-level union one member per line (readable diffs when a shape is added)."""
    text = ts(node)
    return "\n  | " + "\n  | ".join(text.split(" | ")) if len(text) > 80 else " " + text


# -- docs -------------------------------------------------------------------------------------


def members(shapes: dict[str, Shape], name: str) -> list[str]:
    """The classes a union alias stands for, nested aliases flattened; a class is itself."""
    shape = shapes[name]
    if shape.alias is None:
        return [name]
    names = [a.id for a in _alternatives(shape.alias) if isinstance(a, ast.Name) and a.id in shapes]
    return [m for n in names for m in members(shapes, n)]


def _alternatives(node: ast.expr) -> list[ast.expr]:
    """The members of an ``A | B | C`` annotation (one member if it is no union)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _alternatives(node.left) + _alternatives(node.right)
    return [node]


def _tags(shapes: dict[str, Shape], name: str) -> dict[str, list[str]]:
    out = {}
    for f in fields(shapes, name, stop_at_public=False):
        a = f.annotation
        if _is_tag(f) and isinstance(a, ast.Subscript):
            out[f.name] = [ts(x) for x in (a.slice.elts if isinstance(a.slice, ast.Tuple) else [a.slice])]
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def doc_table(shapes: dict[str, Shape], names: list[str]) -> str:
    """Rows for the shapes named in a marker: a union alias expands to its members."""
    rows = ["| name | fields | meaning |", "| --- | --- | --- |"]
    for name in names:
        shape = shapes[name]
        if shape.alias is not None and not (members(shapes, name) and _tags(shapes, members(shapes, name)[0])):
            rows.append(f"| `{name}` | `{_cell(ts(shape.alias))}` | {_cell(shape.doc)} |")
            continue
        for member in members(shapes, name):
            tags = _tags(shapes, member)
            # the most specific discriminator names the row (widget over kind, layout over kind)
            key = next((k for k in ("widget", "layout", "type", "kind") if k in tags), None)
            label = ", ".join(f"`{v.strip(chr(34))}`" for v in tags[key]) if key else f"`{member}`"
            parts = []
            for f in fields(shapes, member):
                if f.name in tags:
                    continue
                text = f"{'optional ' if f.optional else ''}`{f.name}` (`{ts(f.annotation)}`)"
                parts.append(text + (f": {f.comment}" if f.comment else ""))
            doc = " ".join(shapes[member].doc.split())
            rows.append(f"| {label} | {_cell('<br>'.join(parts) or '–')} | {_cell(doc)} |")
    return "\n".join(rows) + "\n"


def render_doc(text: str, shapes: dict[str, Shape]) -> str:
    return _MARKER.sub(lambda m: m.group(1) + doc_table(shapes, m.group(2).split()) + m.group(4), text)


def outputs() -> dict[Path, str]:
    """Each generated file and the text it should hold."""
    shapes = read_schema(Path(schema.__file__).read_text())
    return {TS_FILE: typescript(shapes), DOC_FILE: render_doc(DOC_FILE.read_text(), shapes)}


def main(argv: list[str] | None = None) -> int:
    check_only = "--check" in (sys.argv[1:] if argv is None else argv)
    stale = [path for path, text in outputs().items() if not path.exists() or path.read_text() != text]
    if check_only:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)} (run python -m jupyter_reactive.schemagen)")
        return 1 if stale else 0
    for path, text in outputs().items():
        if path in stale:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
