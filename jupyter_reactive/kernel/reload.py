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
import bisect
import importlib
import importlib.util
import os
import sys
import types
from typing import Any, NamedTuple

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


class Inherited(NamedTuple):
    """The modules a process had when it was forked (see :func:`remember_modules`)."""

    modules: dict[str, Any]  # sys.modules as it was: name -> module
    files: tuple[tuple[str, str], ...]  # (real path of the file, name), sorted by path


#: set in a fork server before it forks kernels: what each kernel inherits
INHERITED: Inherited | None = None


def real_file(path: str, dirs: dict[str, str]) -> str:
    """``path`` with its folder's links resolved (``dirs`` caches folders: most modules share
    them). Raises OSError or ValueError for a path the OS refuses."""
    folder, base = os.path.split(path)
    real_folder = dirs.get(folder)
    if real_folder is None:
        real_folder = dirs[folder] = os.path.realpath(folder)
    return os.path.join(real_folder, base)


def remember_modules() -> int:
    """In a fork server, before it forks (again after it imports more): note the modules loaded
    so far and their files, for the kernels forked from here. Their :class:`AppModules` then
    never walk those modules: the walk — a reference taken to every module object, its name
    and its file — wrote to (and so copied) ~5 MB of pages every kernel otherwise shares with
    the fork server. Returns how many modules are noted."""
    global INHERITED
    modules = dict(sys.modules)
    files: list[tuple[str, str]] = []
    dirs: dict[str, str] = {}
    for name, module in modules.items():
        try:
            path = getattr(module, "__file__", None)
            if isinstance(path, str) and path:
                files.append((real_file(path, dirs), name))
        except Exception:  # an odd module object, a path the OS refuses: not a candidate
            continue
    files.sort()
    INHERITED = Inherited(modules, tuple(files))
    return len(modules)


class AppModules:
    """The app-folder modules of one kernel and the file versions they were loaded from."""

    def __init__(self, folder: str):
        self.folder = os.path.realpath(folder)
        self._known: dict[str, tuple[str, Signature]] = {}  # module name -> (file, signature)
        self._seen: set[str] = set()  # every module name already looked at
        self._dirty = True  # the server has not been told the current files yet
        self._count = -1  # len(sys.modules) at the last track: unchanged, nothing to look at
        self._dirs: dict[str, str] = {}  # folder -> its real path (most modules share folders)
        # the modules this process inherited from its fork server (if it was forked from one)
        # are not walked: only those whose file lies in the app's folder are looked at
        self._inherited = INHERITED
        self._inherited_done = False

    def _app_file(self, module: Any) -> str | None:
        """The module's file if it is one of the app's own modules."""
        try:  # anything can sit in sys.modules: an object whose attributes raise is not the app's
            name = getattr(module, "__name__", "")
            path = getattr(module, "__file__", None)
        except Exception:
            return None
        if not isinstance(name, str) or name == "__main__" or name.split(".")[0] == "jupyter_reactive":
            return None
        if not isinstance(path, str) or not path:
            return None
        try:
            real = real_file(path, self._dirs)
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
        for name in self._new_names():
            self._seen.add(name)
            module = sys.modules.get(name)
            path = self._app_file(module) if module is not None else None
            if path is not None and len(self._known) < MAX_WATCHED:
                self._known[name] = (path, file_signature(path))
                changed = True
        self._dirty |= changed
        return changed

    def _new_names(self) -> list[str]:
        """The names in ``sys.modules`` not looked at yet. In a forked kernel, only the modules
        imported since the fork (and, the first time, the inherited ones whose file lies in the
        app's folder): sys.modules keeps its insertion order, so reading it from its newest
        entry back, every entry before one that is still the inherited module of its name was
        there at the fork. Only that one inherited module is touched."""
        inherited = self._inherited
        if inherited is None:
            return list(sys.modules.keys() - self._seen)
        names = [] if self._inherited_done else self._inherited_candidates(inherited)
        self._inherited_done = True
        for _attempt in range(3):
            try:
                found = []
                modules = sys.modules
                for name in reversed(modules):
                    if name in inherited.modules and modules.get(name) is inherited.modules[name]:
                        break
                    if name not in self._seen:
                        found.append(name)
                return names + found
            except RuntimeError:  # another thread imported meanwhile: read it again
                continue
        return names + list(sys.modules.keys() - self._seen)

    def _inherited_candidates(self, inherited: Inherited) -> list[str]:
        """The inherited modules whose file lies in the app's folder (when they were noted) and
        that are still loaded: :meth:`track` decides about them as about any other."""
        files = inherited.files
        prefix = os.path.join(self.folder, "")
        at = bisect.bisect_left(files, (prefix, ""))
        out = []
        while at < len(files) and files[at][0].startswith(prefix):
            name = files[at][1]
            if name not in self._seen and sys.modules.get(name) is inherited.modules[name]:
                out.append(name)
            at += 1
        return out

    def shareable_imports(self, limit: int = 1000) -> list[str]:
        """In a kernel forked from a fork server: the modules imported since the fork, oldest
        first, that the fork server can import for the kernels it forks next — submodules of a
        package it has (the same package object here: the name resolves there as it did here),
        never the app's own modules. Empty in a kernel that was not forked."""
        inherited = self._inherited
        if inherited is None:
            return []
        for _attempt in range(3):
            try:
                new = []
                modules = sys.modules
                for name in reversed(modules):
                    if name in inherited.modules and modules.get(name) is inherited.modules[name]:
                        break
                    new.append(name)
                break
            except RuntimeError:  # another thread imported meanwhile: read it again
                continue
        else:
            return []
        self.track()
        out = []
        for name in reversed(new):
            top, dot, _rest = name.partition(".")
            if (
                dot
                and name not in self._known
                and all(part.isidentifier() for part in name.split("."))
                and top in inherited.modules
                and sys.modules.get(top) is inherited.modules[top]
                and sys.modules.get(name) is not None
            ):
                out.append(name)
        return out[:limit]

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
