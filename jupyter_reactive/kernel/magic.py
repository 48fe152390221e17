"""Streamlit's "magic": a bare expression on its own line of an app script is shown on the page
(kernel side, script thread; the compile step of :mod:`.runner` and of page files).

The rules are Streamlit 1.67's, read from its behaviour:

* a statement that is only an expression is passed to :func:`magic_write` (that is ``write``):
  ``"# Title"`` as markdown, ``df`` as a data frame, ``a, b`` as ``write(a, b)``;
* not a call (``f(x)`` is run for its effect), unless it is the script's last top-level statement,
  it does not end with ``;`` and ``magic.displayLastExprIfNoSemicolon`` is on;
* not a docstring (the first string of the module or of a function), unless it is the module's
  and ``magic.displayRootDocString`` is on;
* not ``yield``, ``yield from`` or ``await``;
* inside the bodies of ``with``, ``for``, ``while`` (and their ``else``), ``if``/``elif``/``else``,
  ``try`` (every part), ``match`` cases, functions (run when called) and a class's methods, but
  not a class's own body nor a condition or other expression;
* nothing at all when ``runner.magicEnabled`` is off.

The rewritten nodes keep the user's line and column numbers, so tracebacks and the page's error
locations point at the script's own lines. A notebook (``.ipynb``) has its own rule, a cell's
trailing expression (``server/scripts.py``), so it is compiled without magic.
"""

from __future__ import annotations

import ast
from typing import Any

from .options import get_option

# ``try: ... except* ...`` (Python 3.11+)
_TRY = (ast.Try, getattr(ast, "TryStar", ast.Try))

# the name the rewritten script binds this module to (one import, placed after any docstring
# and ``from __future__`` imports, on the line of the statement it precedes)
MAGIC_NAME = "__jr_magic__"


def magic_write(*args: Any) -> Any:
    """What a bare expression becomes: ``write(*args)``; returns the value, as the expression
    had."""
    from .api import main

    main.write(*args)
    return args[0] if len(args) == 1 else args


def settings() -> tuple[bool, bool, bool]:
    """(enabled, show the module's docstring, show a trailing call): the three options now."""
    return (
        bool(get_option("runner.magicEnabled")),
        bool(get_option("magic.displayRootDocString")),
        bool(get_option("magic.displayLastExprIfNoSemicolon")),
    )


def compile_script(source: str | bytes, filename: str, magic: tuple[bool, bool, bool] | None = None) -> Any:
    """``source`` compiled for ``exec``, with magic as the options say (``magic``: a
    :func:`settings` value, else the current one). Raises ``SyntaxError`` as ``compile`` does."""
    enabled, docstring, last_call = settings() if magic is None else magic
    if not enabled:
        return compile(source, filename, "exec", dont_inherit=True)
    tree = ast.parse(source, filename, "exec")
    if _rewrite(
        tree, tree.body, root=True, docstring=docstring, last_call=last_call and not _ends_in_semicolon(tree, source)
    ):
        _insert_import(tree)
    return compile(tree, filename, "exec", dont_inherit=True)


def _rewrite(
    parent: ast.AST, body: list[ast.stmt], *, root: bool = False, docstring: bool = False, last_call: bool = False
) -> bool:
    """Rewrite the bare expressions of ``body`` (and the bodies nested in it) in place; True if
    any was."""
    changed = False
    for i, node in enumerate(body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.With, ast.AsyncWith)):
            changed |= _rewrite(node, node.body)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.If)):
            changed |= _rewrite(node, node.body)
            changed |= _rewrite(node, node.orelse)
        elif isinstance(node, ast.ClassDef):
            for inner in node.body:
                if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    changed |= _rewrite(inner, inner.body)
        elif isinstance(node, _TRY):
            for part in (node.body, node.orelse, node.finalbody):
                changed |= _rewrite(node, part)
            for handler in node.handlers:
                changed |= _rewrite(handler, handler.body)
        elif isinstance(node, ast.Match):
            for case in node.cases:
                changed |= _rewrite(case, case.body)
        elif isinstance(node, ast.Expr) and _shown(
            node.value, i, parent, root=root, docstring=docstring, last_call=last_call and i == len(body) - 1
        ):
            node.value = _write_call(node.value)
            changed = True
    return changed


def _shown(value: ast.expr, index: int, parent: ast.AST, *, root: bool, docstring: bool, last_call: bool) -> bool:
    if isinstance(value, ast.Call):
        return root and last_call
    if (
        index == 0
        and isinstance(value, ast.Constant)
        and isinstance(value.value, str)
        and isinstance(parent, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef))
    ):
        return root and docstring
    return not isinstance(value, (ast.Yield, ast.YieldFrom, ast.Await))


def _write_call(value: ast.expr) -> ast.Call:
    """``__jr_magic__.magic_write(value)`` (a tuple's items as separate arguments), at
    ``value``'s place in the source."""
    args = list(value.elts) if isinstance(value, ast.Tuple) else [value]
    name = ast.copy_location(ast.Name(id=MAGIC_NAME, ctx=ast.Load()), value)
    func = ast.copy_location(ast.Attribute(value=name, attr=magic_write.__name__, ctx=ast.Load()), value)
    return ast.copy_location(ast.Call(func=func, args=args, keywords=[]), value)


def _insert_import(tree: ast.Module) -> None:
    at = 0
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        if isinstance(body[0].value.value, str):
            at = 1  # the module's docstring stays its docstring
    while at < len(body) and isinstance(body[at], ast.ImportFrom) and body[at].module == "__future__":  # type: ignore[attr-defined]
        at += 1
    anchor = body[at] if at < len(body) else body[-1]
    stmt = ast.Import(names=[ast.alias(name=__name__, asname=MAGIC_NAME)])
    ast.copy_location(stmt, anchor)
    stmt.end_lineno, stmt.end_col_offset = anchor.lineno, anchor.col_offset
    ast.fix_missing_locations(stmt)
    body.insert(at, stmt)


def _ends_in_semicolon(tree: ast.Module, source: str | bytes) -> bool:
    """Whether the line the script's last statement ends on ends with ``;`` (Streamlit's test)."""
    if not tree.body:
        return False
    end = tree.body[-1].end_lineno
    if end is None:
        return False
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    lines = text.split("\n")
    return end <= len(lines) and lines[end - 1].strip(" ").endswith(";")
