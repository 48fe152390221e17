"""Which files are apps, where they are, and their source text (server process).

Every path from a URL goes through :func:`resolve_app` before any file is touched: absolute,
drive, UNC and device paths are refused outright; the rest is resolved (symlinks included) and
must stay inside the root directory (``Path.is_relative_to``, never a string prefix test).
"""

from __future__ import annotations

import ast
import functools
import importlib.machinery
import importlib.util
import io
import os
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

APP_SUFFIXES = (".py", ".ipynb")


class AppNotFound(Exception):
    """No app at this path (or not one this server may run). The text is safe to show."""


class SourceError(Exception):
    """The app's file cannot be read as an app now (deleted, renamed, a folder, not text, a
    notebook that is not valid JSON). The text names the file by its name only: safe to show."""


#: a file's version as :func:`file_signature` sees it (None: it cannot be stat'ed)
Signature = tuple[int, int, int, int] | None


def file_signature(path: str | os.PathLike[str]) -> Signature:
    """(mtime in ns, size, inode, file type) of ``path``, or None when it cannot be stat'ed.
    An editor's in-place write changes the mtime or size; an atomic save (write a temporary
    file, rename it over) changes the inode; a file replaced by a folder changes the type."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_mode >> 12)


@dataclass(frozen=True)
class AppScript:
    """One runnable app: its path relative to the root (URL form) and its file."""

    rel_path: str
    file: Path

    @property
    def title(self) -> str:
        return self.file.stem

    def source(self) -> str:
        """The Python text to run, as the file is now: the file itself (UTF-8, or the encoding
        its coding line declares), or a notebook's cells (:func:`notebook_source`).

        Raises:
            SourceError: the file cannot be read or is not text (the message says which).
        """
        name = self.file.name
        try:
            if self.file.suffix == ".ipynb":
                st = self.file.stat()
                if not os.path.isfile(self.file):
                    raise IsADirectoryError
                try:
                    return _notebook_file_source(str(self.file), st.st_mtime_ns, st.st_size)
                except (OSError, UnicodeDecodeError):
                    raise
                except Exception:  # not JSON (a save caught half-written), not a notebook
                    raise SourceError(f"{name} is not a valid notebook (yet?): save it again") from None
            return importlib.util.decode_source(self.file.read_bytes())
        except FileNotFoundError:
            raise SourceError(f"{name} was deleted or renamed; restore it and rerun") from None
        except IsADirectoryError:
            raise SourceError(f"{name} is a folder now, not an app file") from None
        except PermissionError:
            raise SourceError(f"{name} cannot be read (permission denied)") from None
        except OSError as err:
            raise SourceError(f"{name} cannot be read ({err.strerror or 'I/O error'})") from None
        except (UnicodeDecodeError, SyntaxError, LookupError):
            # decode_source: bytes that are not UTF-8 (or the declared encoding), an unknown
            # encoding on the coding line
            raise SourceError(f"{name} is not UTF-8 text (nor in the encoding its coding line declares)") from None

    def signature(self) -> Signature:
        """The file's version now (see :func:`file_signature`)."""
        return file_signature(self.file)

    @property
    def folder(self) -> str:
        """The app's folder relative to the root: its kernel's working directory."""
        return self.rel_path.rpartition("/")[0]

    def top_level_imports(self) -> tuple[str, ...]:
        """Modules the app imports at its top level, read from its source without running it
        (what a pooled kernel can import before the viewer arrives)."""
        try:
            tree = ast.parse(self.source())
        except (SyntaxError, ValueError, SourceError):
            return ()
        names: list[str] = []
        for node in tree.body:
            if isinstance(node, ast.Import):
                names.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.append(node.module)
                # `from PIL import Image` imports the submodule PIL.Image (most of PIL)
                names.extend(
                    sub
                    for alias in node.names
                    if alias.name != "*" and _is_submodule(sub := f"{node.module}.{alias.name}", self.file.parent)
                )
        return tuple(dict.fromkeys(n for n in names if n != "__future__"))

    def installed(self, modules: tuple[str, ...]) -> tuple[str, ...]:
        """Those of ``modules`` that do not come from the app's own folder (its kernel runs
        there, and finds ``helpers.py`` or ``helpers/`` there before anything installed): what
        another process — the fork server — may import on the app's behalf. A bare folder of
        the name (a namespace package) does not shadow an installed package, as at import."""
        folder = [str(self.file.parent)]
        out = []
        for name in modules:
            try:
                spec = importlib.machinery.PathFinder.find_spec(name.partition(".")[0], folder)
            except (ImportError, ValueError, OSError):
                spec = None
            if spec is None or spec.loader is None:
                out.append(name)
        return tuple(out)


def _is_submodule(dotted: str, folder: Path) -> bool:
    """Whether ``dotted`` names a module (not an attribute of its package), found on disk as the
    app's kernel would find it — its folder first, then this interpreter's path — without
    importing anything (a package's ``__init__`` may be heavy)."""
    path: list[str] | None = [str(folder), *sys.path]
    spec = None
    for part in dotted.split("."):
        if path is None:
            return False
        try:
            spec = importlib.machinery.PathFinder.find_spec(part, path)
        except (ImportError, ValueError, OSError):
            return False
        if spec is None:
            return False
        path = list(spec.submodule_search_locations) if spec.submodule_search_locations is not None else None
    return spec is not None


# what a notebook app's cells become: a markdown cell is shown as markdown, and a code cell
# that ends with an expression shows its value, as Jupyter (and Voilà) show a cell's result
MARKDOWN_CELL = '__import__("jupyter_reactive").markdown({!r})'
CELL_RESULT = '__import__("jupyter_reactive").kernel.api.show_cell_result('


@functools.lru_cache(maxsize=64)
def _notebook_file_source(path: str, mtime_ns: int, size: int) -> str:
    """A notebook file's app text, read and converted once per version of the file (every new
    session asks for it; reading, validating and converting takes milliseconds)."""
    import warnings

    import nbformat

    with warnings.catch_warnings():
        # a notebook saved by an older tool lacks cell ids; that is no reason to refuse it
        warnings.simplefilter("ignore")
        nb = nbformat.read(path, as_version=4)
    return notebook_source(nb.cells)


def notebook_source(cells: list[Any]) -> str:
    """The app text of a notebook's cells, one line per line of each code cell (tracebacks point
    at the cell's own lines): markdown cells as one ``markdown(...)`` line each, raw cells
    skipped, IPython magics and shell escapes commented out (they do not run in an app), and
    each code cell's trailing expression displayed, unless it ends with ``;`` or calls the
    jupyter_reactive API (``jr.slider(...)`` draws its widget, not also its value)."""
    parts: list[tuple[bool, str]] = []  # (is code, text)
    for cell in cells:
        if cell.cell_type == "markdown" and cell.source.strip():
            parts.append((False, MARKDOWN_CELL.format(cell.source)))
        elif cell.cell_type == "code":
            parts.append((True, _app_cell(cell.source)))
    api_names = _api_names("\n\n".join(text for is_code, text in parts if is_code))
    return "\n\n".join(_show_result(text, api_names) if is_code else text for is_code, text in parts) + "\n"


def _api_names(source: str) -> frozenset[str]:
    """Names the notebook binds by importing jupyter_reactive (``jr`` of ``import ... as jr``,
    ``slider`` of ``from jupyter_reactive import slider``)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return frozenset()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(
                (a.asname or a.name).split(".")[0] for a in node.names if a.name.split(".")[0] == "jupyter_reactive"
            )
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] == "jupyter_reactive"
        ):
            names.update(a.asname or a.name for a in node.names)
    return frozenset(names)


def _show_result(code: str, api_names: frozenset[str]) -> str:
    """``code`` with its last statement, if a bare expression, wrapped in ``CELL_RESULT`` (on
    the same lines: line numbers do not move)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return code  # the run reports the error where the viewer sees it
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return code
    node = tree.body[-1].value
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(tree.body) == 1:
        return code  # a lone string is a docstring, not a result
    if isinstance(node, (ast.Await, ast.Yield, ast.YieldFrom)) or _calls_api(node, api_names):
        return code
    if node.end_lineno is None or node.end_col_offset is None:
        return code
    lines = code.split("\n")
    start, end = node.lineno - 1, node.end_lineno - 1
    # offsets are in UTF-8 bytes
    first = lines[start].encode()
    last = lines[end].encode()
    if last[node.end_col_offset :].split(b"#", 1)[0].strip().startswith(b";"):
        return code  # `value;` hides the value, as in a notebook
    if start == end:
        lines[start] = (
            first[: node.col_offset]
            + CELL_RESULT.encode()
            + first[node.col_offset : node.end_col_offset]
            + b")"
            + first[node.end_col_offset :]
        ).decode()
    else:
        lines[start] = (first[: node.col_offset] + CELL_RESULT.encode() + first[node.col_offset :]).decode()
        lines[end] = (last[: node.end_col_offset] + b")" + last[node.end_col_offset :]).decode()
    shown = "\n".join(lines)
    try:  # line breaks ast counts that str.split does not (a lone "\r"): leave such a cell alone
        ast.parse(shown)
    except (SyntaxError, ValueError):
        return code
    return shown


def _calls_api(node: ast.expr, api_names: frozenset[str]) -> bool:
    """``jr.anything(...)``, ``jr.sidebar.slider(...)``, ``slider(...)`` (imported from it)."""
    if not isinstance(node, ast.Call):
        return False
    func: ast.expr = node.func
    while isinstance(func, (ast.Attribute, ast.Subscript, ast.Call)):  # jr.columns(2)[0].write(...)
        func = func.func if isinstance(func, ast.Call) else func.value
    return isinstance(func, ast.Name) and func.id in api_names


# cell magics whose body is Python: the body runs (without the magic); any other cell magic's
# body is another language or data (%%bash, %%html, %%writefile...) and is commented out whole
PYTHON_BODY_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun"})


def _app_cell(src: str) -> str:
    """A notebook code cell as app code: magics and shell escapes commented out."""
    lines = src.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        name = (lines[first].lstrip()[2:].split() or [""])[0]
        if name not in PYTHON_BODY_CELL_MAGICS:
            return "\n".join("# " + line if line.strip() else line for line in lines)
    return _strip_magics(src)


def _strip_magics(src: str) -> str:
    """Comment out lines that start a statement with ``%`` or ``!``; a line inside a bracket, a
    string or after a backslash is Python (``% name)`` or ``!= b`` in black-formatted code)."""
    out: list[str] = []
    pending: list[str] = []  # the lines of an unfinished statement
    for line in src.splitlines():
        if not pending and line.lstrip().startswith(("%", "!")):
            out.append("# " + line)
            continue
        out.append(line)
        pending.append(line)
        if _complete("\n".join(pending) + "\n"):
            pending = []
    return "\n".join(out)


def _complete(code: str) -> bool:
    """False while ``code`` ends inside a bracket, a multi-line string or a continuation."""
    try:
        for _token in tokenize.generate_tokens(io.StringIO(code).readline):
            pass
    except tokenize.TokenError:
        return False
    except SyntaxError:
        return True
    return True


def resolve_app(root_dir: str | os.PathLike[str], rel_path: str, allowed: frozenset[str] | None = None) -> AppScript:
    """Map a URL path to an app file under ``root_dir``.

    Args:
        allowed: in serve mode, the only relative paths that may run (None: any app file).
    Raises:
        AppNotFound: for absolute/UNC/device paths, escapes from the root, other suffixes,
            missing files, hidden files, or paths outside ``allowed``.
    """
    if not rel_path or "\x00" in rel_path or "\\" in rel_path:
        raise AppNotFound("no such app")
    if (
        PurePosixPath(rel_path).is_absolute()
        or PureWindowsPath(rel_path).drive
        or PureWindowsPath(rel_path).is_absolute()
    ):
        raise AppNotFound("no such app")
    parts = PurePosixPath(rel_path).parts
    if any(p in ("", "..") or p.startswith(".") for p in parts):
        raise AppNotFound("no such app")
    root = Path(root_dir).resolve()
    target = (root / Path(*parts)).resolve()
    if not target.is_relative_to(root) or target.suffix not in APP_SUFFIXES or not target.is_file():
        raise AppNotFound("no such app")
    rel = target.relative_to(root).as_posix()
    if allowed is not None and rel not in allowed:
        raise AppNotFound("no such app")
    return AppScript(rel, target)


def resolve_app_page(
    root_dir: str | os.PathLike[str], path: str, allowed: frozenset[str] | None = None
) -> tuple[AppScript, str]:
    """Split a page URL's path, ``<app path>[/<page url path>]``, into the app and the page.

    The app is the shortest prefix of ``path`` that ends in an app suffix and resolves (through
    :func:`resolve_app`'s checks) to an app file; the rest, without its slashes at either end, is
    the URL path of one of the app's pages ("" its default page). The kernel decides whether the
    app has such a page (an unknown one shows the default page with a notice).

    Raises:
        AppNotFound: no prefix of ``path`` is an app this server may run.
    """
    parts = path.split("/")
    for i, part in enumerate(parts):
        if not part.endswith(APP_SUFFIXES):
            continue
        try:
            app = resolve_app(root_dir, "/".join(parts[: i + 1]), allowed=allowed)
        except AppNotFound:
            continue
        return app, "/".join(parts[i + 1 :]).strip("/")
    raise AppNotFound("no such app")


def list_apps(root_dir: str | os.PathLike[str], folder: str = "") -> list[str]:
    """App files directly in ``folder`` (relative to the root), sorted, hidden files skipped."""
    root = Path(root_dir).resolve()
    base = (root / folder).resolve() if folder else root
    if not base.is_relative_to(root) or not base.is_dir():
        return []
    apps = []
    for entry in sorted(base.iterdir()):
        if entry.name.startswith((".", "_")) or entry.suffix not in APP_SUFFIXES or not entry.is_file():
            continue
        if not _is_utf8(entry.name):  # no URL can name it (URLs are UTF-8); listing it would fail
            continue
        if entry.resolve().is_relative_to(root):
            apps.append(entry.resolve().relative_to(root).as_posix())
    return apps


def _is_utf8(name: str) -> bool:
    """False for a file name whose bytes are not UTF-8 (Python keeps them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
