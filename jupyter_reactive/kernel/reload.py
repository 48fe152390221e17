"""The app's own modules: which ones this kernel imported, and dropping those whose file changed
(kernel, script thread; :meth:`AppModules.track` also once at warm-up, before any session).

Streamlit's rule, kept here: only modules whose file lies under the app's folder (or a
sub-folder) are the app's; site-packages are never reloaded, even inside the app's folder (a
virtual environment next to the script). Before every run the runner asks
:meth:`AppModules.reload_changed` to stat the files of the modules it knows (a few ``os.stat``
calls: no measurable cost when nothing changed). A module whose file changed, vanished or became
unreadable is removed from ``sys.modules`` — with every app module that holds a reference to it
(``from helper import f`` in another app module) — so the script's next ``import`` executes the
file as it is now. A module that then fails to import raises in the script, where the viewer
sees it, and is retried on the next run. The server watches the same files (they travel in a
``watch`` frame) to tell the page that the source changed.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import os
import sys
import types
from typing import Any

#: folders whose modules are never the app's own, wherever they are
_FOREIGN_PARTS = frozenset({"site-packages", "dist-packages", "__pypackages__"})
#: how many module files one kernel reports to the server at most
MAX_WATCHED = 500

Signature = tuple[int, int, int] | None


def file_signature(path: str) -> Signature:
    """(mtime in ns, size, inode) of ``path``, or None if it cannot be stat'ed: any change of
    content through an editor's in-place write or atomic rename changes one of them."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class AppModules:
    """The app-folder modules of one kernel and the file versions they were loaded from."""

    def __init__(self, folder: str):
        self.folder = os.path.realpath(folder)
        self._known: dict[str, tuple[str, Signature]] = {}  # module name -> (file, signature)
        self._seen: set[str] = set()  # every module name already looked at
        self._dirty = True  # the server has not been told the current files yet
        self._count = -1  # len(sys.modules) at the last track: unchanged, nothing to look at
        self._dirs: dict[str, str] = {}  # folder -> its real path (most modules share folders)

    def _app_file(self, module: Any) -> str | None:
        """The module's file if it is one of the app's own modules."""
        name = getattr(module, "__name__", "")
        if not isinstance(name, str) or name == "__main__" or name.split(".")[0] == "jupyter_reactive":
            return None
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path:
            return None
        try:
            folder, base = os.path.split(path)
            real_folder = self._dirs.get(folder)
            if real_folder is None:
                real_folder = self._dirs[folder] = os.path.realpath(folder)
            real = os.path.join(real_folder, base)  # the folder's links resolved, once per folder
            if os.path.commonpath([real, self.folder]) != self.folder:
                return None
            if _FOREIGN_PARTS.intersection(os.path.relpath(real, self.folder).split(os.sep)):
                return None
        except (OSError, ValueError):  # another drive, a name the OS refuses
            return None
        return real

    def track(self) -> bool:
        """Record the modules imported since the last call that are the app's (with their
        files' current signatures). Returns True when the set of files changed."""
        changed = False
        if len(sys.modules) == self._count:
            # nothing imported since (an import that exactly offsets a removal is seen at the
            # next import): keeps a run that imports nothing new at a few microseconds
            return False
        self._count = len(sys.modules)
        for name in sys.modules.keys() - self._seen:
            self._seen.add(name)
            module = sys.modules.get(name)
            path = self._app_file(module) if module is not None else None
            if path is not None and len(self._known) < MAX_WATCHED:
                self._known[name] = (path, file_signature(path))
                changed = True
        self._dirty |= changed
        return changed

    def report(self) -> list[str] | None:
        """:meth:`track`, then the files to watch if they changed since the last report."""
        self.track()
        if not self._dirty:
            return None
        self._dirty = False
        return self.files()

    def files(self) -> list[str]:
        """The files of the app modules this kernel holds, sorted."""
        return sorted({path for path, _sig in self._known.values()})

    def reload_changed(self) -> list[str]:
        """Drop from ``sys.modules`` every known module whose file changed since it was
        recorded, and the app modules that refer to one of those. Returns the names dropped."""
        stale = {name for name, (path, sig) in self._known.items() if file_signature(path) != sig}
        if not stale:
            return []
        stale |= self._dependents(stale)
        for name in stale:
            sys.modules.pop(name, None)
            path, _sig = self._known.pop(name)
            self._seen.discard(name)
            _drop_bytecode(path)
        self._dirty = True
        self._count = -1
        importlib.invalidate_caches()  # a file added beside them is found by the next import
        return sorted(stale)

    def _dependents(self, stale: set[str]) -> set[str]:
        """App modules that import one of ``stale`` (their import statements, read from their
        files) or hold something defined in it, transitively: ``from helper import WORD``
        copied the old value, so that module must run again too."""
        found: set[str] = set()
        frontier = set(stale)
        while frontier:
            more = set()
            for name in self._known.keys() - stale - found:
                module = sys.modules.get(name)
                if module is None:
                    continue
                if _imports(module, self._known[name][0]) & frontier or _refers_to(module, frontier):
                    more.add(name)
            found |= more
            frontier = more
        return found


def _drop_bytecode(path: str) -> None:
    """Remove a module's cached bytecode: Python trusts a ``.pyc`` whose recorded source size
    and modification time *in whole seconds* match, so an edit of the same size within the
    second of the last import (a quick save, a file sent to a kernel on a gateway) would
    otherwise be imported as the old code."""
    try:
        os.unlink(importlib.util.cache_from_source(path))
    except (OSError, ValueError, NotImplementedError):
        pass


def _imports(module: types.ModuleType, path: str) -> set[str]:
    """The absolute names a module's file imports (``from a import b`` counts ``a`` and
    ``a.b``); empty if the file cannot be read or parsed."""
    try:
        with open(path, "rb") as f:
            tree = ast.parse(f.read())
    except (OSError, SyntaxError, ValueError):
        return set()
    package = getattr(module, "__package__", None) or ""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                names.update(".".join(parts[: i + 1]) for i in range(len(parts)))
        elif isinstance(node, ast.ImportFrom):
            try:
                base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            except (ImportError, ValueError):
                continue
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _refers_to(module: types.ModuleType, names: set[str]) -> bool:
    for value in list(vars(module).values()):
        try:
            if isinstance(value, types.ModuleType):
                if value.__name__ in names:
                    return True
            elif getattr(value, "__module__", None) in names:
                return True
        except Exception:  # an object whose attribute lookup raises is not a reference
            continue
    return False
