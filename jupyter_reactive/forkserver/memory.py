"""What the fork server does to its own memory before it forks: imports, warm caches, heap holes,
the kernel's module walk answered ahead, and the checks that forking is safe.

Runs in the fork server process, on its only thread, before its first fork (``main`` in
:mod:`.server` calls these in order); the module walk's stand-in (:func:`shared_module_scan`) is
used in each forked kernel while ipykernel initializes. Every object made here is made once and
shared copy-on-write with every kernel forked afterwards; everything here is about a kernel
writing to (and so copying) as few of those pages as possible.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import threading
import types
from typing import Any

# What a kernel imports on its way to "ready" plus what jupyter_reactive's warm-up and an app
# session import (checked: a forked kernel that has warmed up and run an app imports nothing
# else). Any that is missing is skipped and reported by ``ping``.
DEFAULT_PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.comm",
    "ipykernel.debugger",  # debugpy / pydevd, with --debugger only (see keep_debugger_out)
    "ipykernel.subshell_manager",
    "ipykernel.shellchannel",
    "ipykernel.iostream",
    "ipykernel.heartbeat",
    "ipykernel.eventloops",
    "psutil",  # ipykernel imports it when a kernel starts (a dependency of ours, so present)
    "IPython",
    "IPython.core.interactiveshell",
    "IPython.core.completer",
    "IPython.core.history",
    "IPython.core.completerlib",
    # pdb, bdb, cmd, code: ipykernel's start swaps pdb's class for IPython's (IPKernelApp.init_pdb);
    # IPython 8's shell imported it at its own import, newer ones (9.19) only when asked
    "IPython.core.debugger",
    "IPython.extensions.storemagic",  # a kernel's default extension (the terminal imported it too)
    "sqlite3",
    "pexpect",
    "jupyter_client.session",
    "jupyter_client.jsonutil",
    "zmq",
    "zmq.eventloop.zmqstream",
    "tornado.ioloop",
    "tornado.platform.asyncio",
    "asyncio",
    "faulthandler",
    "jupyter_reactive",
    "jupyter_reactive._api",  # the scripting API (the package binds it lazily; see warm_caches)
    "jupyter_reactive.kernel.bridge",
    "jupyter_reactive.kernel.display",
    "markdown_it",
    "pygments.lexers.python",
    "pygments.formatters.html",
)


def preload(modules: list[str]) -> tuple[list[str], dict[str, str]]:
    """Import each module; one that fails is reported, not fatal."""
    done: list[str] = []
    failed: dict[str, str] = {}
    for name in modules:
        try:
            __import__(name)
            done.append(name)
        except BaseException as err:
            failed[name] = f"{type(err).__name__}: {err}"
    return done, failed


# What the imports see of the environment, and not the kernels after them (each sets or has its
# own): debugpy (imported by ipykernel) prints a "frozen modules" notice at import, about running
# under a debugger, which app kernels are not; matplotlib reads MPLBACKEND once, at import, and
# ipykernel sets it (to its inline backend, unless set) only later, in each kernel.
IMPORT_DEFAULTS = {
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}


@contextlib.contextmanager
def import_environment() -> Any:
    """Around the fork server's imports: :data:`IMPORT_DEFAULTS` for those not set, removed after."""
    added = [k for k in IMPORT_DEFAULTS if not os.environ.get(k)]
    for key in added:
        os.environ[key] = IMPORT_DEFAULTS[key]
    try:
        yield
    finally:
        for key in added:
            os.environ.pop(key, None)


# ipykernel's own name for "debugpy is importable", read by IPythonKernel.__init__ (make a
# debugger), its kernel_info (advertise one) and its debug_request handler (use it)
DEBUGGER_MODULE = "ipykernel.debugger"
# the ipykernel releases whose kernel reads nothing else of that module unless the name is true
# (ipykernel 7.4: every use is ``from .debugger import _is_debugpy_available`` inside a method)
DEBUGGER_STAND_IN_TESTED = ">=7,<8"


class NoDebugger:
    """``ipykernel.debugger.Debugger`` in the stand-in: the kernel's ``debugger_class`` trait
    names it (and resolves it when a kernel is made); a kernel makes one only when debugpy is
    available, which the stand-in says it is not."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("this kernel has no debugger (ForkingProvisioner.debugger is off)")


def keep_debugger_out() -> str:
    """Before the fork server's imports, without ``--debugger``: put in ``sys.modules`` a stand-in
    for :data:`DEBUGGER_MODULE` saying debugpy is not available, so that neither this process nor
    its kernels import debugpy and pydevd (~11% of the fork server's imports, ~130 modules).
    Kernels then behave as ipykernel does where debugpy is not installed: no "debugger" among
    kernel_info's supported features, a ``debug_request`` answered with an empty reply. App
    kernels serve pages; nothing in jupyter_reactive sends them a ``debug_request``. Returns why
    the stand-in is not used (an untested ipykernel, the module imported already), or ""."""
    if DEBUGGER_MODULE in sys.modules:
        return f"{DEBUGGER_MODULE} is imported already"
    try:
        import ipykernel  # its __init__: the version and the connection helpers, preloaded anyway
        from packaging.specifiers import SpecifierSet

        version = str(getattr(ipykernel, "__version__", ""))
        if not SpecifierSet(DEBUGGER_STAND_IN_TESTED).contains(version, prereleases=True):
            return f"ipykernel {version or '(unknown version)'} is not a tested version (ipykernel{DEBUGGER_STAND_IN_TESTED})"
    except Exception as err:  # no ipykernel: the preloads say so
        return f"{type(err).__name__}: {err}"
    stand_in = types.ModuleType(DEBUGGER_MODULE, "Stands in for ipykernel's debugger in an app kernel (no debugpy).")
    stand_in._is_debugpy_available = False  # type: ignore[attr-defined]
    stand_in.Debugger = NoDebugger  # type: ignore[attr-defined]  # IPythonKernel.debugger_class resolves it
    sys.modules[DEBUGGER_MODULE] = stand_in
    return ""


# IPython 8's completer imports jedi (and jedi parso) when IPython is imported, for a kernel's
# ``complete_request``: ~100 modules and a large part of the fork server's import time (see
# docs/performance.md, "Cold start, sixth pass"). jupyter_reactive sends app kernels no
# completion requests. The completer's import is
# ``try: import jedi; jedi.settings.case_insensitive_completion = False; import jedi.api.helpers;
# import jedi.api.classes``: while the fork server imports IPython, those names are a stand-in
# that records the setting; the completer keeps it as its ``jedi`` and believes jedi installed
# (its ``use_jedi`` default and its matchers are as in a launched kernel). The stand-in imports
# the real jedi on its first other use — a kernel's first completion through jedi — applies the
# recorded setting, and hands the completer the real module. Newer IPython (9.19) does the same
# itself: its completer only asks ``importlib.util.find_spec("jedi")`` at its import and imports
# jedi at its first completion (``_get_jedi``), so the stand-in is left unused there.
# Importing jedi before 0.20.1 also sets the interpreter's recursion limit to 3000 (``jedi.api``
# does, at its import; 0.20.1 raises it only around its own calls): where the completer took the
# stand-in, a launched kernel runs its app with that limit, so the fork server sets it in jedi's
# place (a test compares a forked kernel's limit with a launched one's).
JEDI_NAMES = ("jedi", "jedi.api", "jedi.api.helpers", "jedi.api.classes")
JEDI_RECURSION_LIMIT = 3000
JEDI_SETS_RECURSION_LIMIT = "<0.20.1"  # the jedi releases whose import sets it
_REAL_JEDI: list[types.ModuleType] = []


class DeferredJedi(types.ModuleType):
    """jedi as IPython's completer sees it in a forked kernel until its first use of jedi."""

    def __init__(self, spec: Any = None) -> None:
        super().__init__("jedi", "Stands in for jedi until a completion needs it (jupyter_reactive's fork server).")
        self.settings = types.SimpleNamespace()  # what the completer sets at its import
        # the real jedi's spec: ``importlib.util.find_spec("jedi")`` raises ValueError for a module
        # in sys.modules without one, and IPython 9 asks it at its completer's import (it imports
        # jedi itself only at a completion, after the stand-in is gone)
        self.__spec__ = spec

    def __getattr__(self, name: str) -> Any:
        return getattr(self.load(), name)

    def load(self) -> types.ModuleType:
        """The real jedi, imported now (once) with the recorded settings; the completer's
        ``jedi`` becomes it."""
        if not _REAL_JEDI:
            for name in JEDI_NAMES:
                if sys.modules.get(name) is self:
                    del sys.modules[name]
            import importlib

            limit = sys.getrecursionlimit()  # the app's by now, if it set one: jedi's was set at start
            try:
                real = importlib.import_module("jedi")
                for name in JEDI_NAMES[1:]:
                    importlib.import_module(name)
            finally:
                sys.setrecursionlimit(limit)
            for key, value in vars(self.settings).items():
                setattr(real.settings, key, value)
            _REAL_JEDI.append(real)
        completer = sys.modules.get(COMPLETER_MODULE)
        if completer is not None and completer.__dict__.get("jedi") is self:
            completer.jedi = _REAL_JEDI[0]  # type: ignore[attr-defined]
        return _REAL_JEDI[0]


COMPLETER_MODULE = "IPython.core.completer"


@contextlib.contextmanager
def jedi_deferred() -> Any:
    """Around the fork server's own imports (IPython's among them): ``import jedi`` gives the
    :class:`DeferredJedi` stand-in, and nothing is left of it in ``sys.modules`` after (an app's
    ``import jedi`` then imports the real one). Nothing is done when jedi is not installed, is
    imported already, or IPython's completer is (it has its ``jedi`` then)."""
    import importlib.util

    spec = (
        None
        if any(name in sys.modules for name in (*JEDI_NAMES, COMPLETER_MODULE))
        else importlib.util.find_spec("jedi")
    )
    if spec is None:
        yield
        return
    stand_in = DeferredJedi(spec)
    for name in JEDI_NAMES:
        sys.modules[name] = stand_in
    try:
        yield
    finally:
        for name in JEDI_NAMES:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    completer = sys.modules.get(COMPLETER_MODULE)
    if completer is not None and completer.__dict__.get("jedi") is stand_in and _jedi_sets_recursion_limit():
        sys.setrecursionlimit(JEDI_RECURSION_LIMIT)  # what importing jedi would have done


def _jedi_sets_recursion_limit() -> bool:
    """Whether the installed jedi's import sets the recursion limit (:data:`JEDI_SETS_RECURSION_LIMIT`),
    read from its distribution's metadata (jedi is not imported)."""
    try:
        from importlib.metadata import version

        from packaging.specifiers import SpecifierSet

        return SpecifierSet(JEDI_SETS_RECURSION_LIMIT).contains(version("jedi"), prereleases=True)
    except Exception:  # no metadata (a vendored jedi...), or not a version: as the newest
        return False


def jedi_state() -> str:
    """What this process's IPython completer has as jedi: "deferred" (jedi not imported: the
    stand-in, or an IPython that imports jedi at its first completion itself), "imported", or
    "none" (no completer, or no jedi)."""
    completer = sys.modules.get(COMPLETER_MODULE)
    namespace = completer.__dict__ if completer is not None else {}
    jedi = namespace.get("jedi")
    if isinstance(jedi, DeferredJedi) and not _REAL_JEDI:
        return "deferred"
    if "jedi" in sys.modules:
        return "imported"
    # IPython 9.19: no ``jedi`` of its own until a completion, ``JEDI_INSTALLED`` from find_spec
    return "deferred" if jedi is None and namespace.get("JEDI_INSTALLED") is True else "none"


# ``import IPython`` imports the terminal front end — prompt_toolkit, wcwidth, IPython.terminal's
# shell, debugger, prompts and shortcuts: ~170 modules — for one name, ``IPython.embed``
# (``from .terminal.embed import embed`` in IPython's ``__init__``, IPython 8). A kernel uses none of
# it. While the fork server imports IPython, that module is a stand-in; after, ``IPython.embed`` is
# answered by the package's ``__getattr__``, which imports the real one on first use. Nothing of
# the stand-in stays in ``sys.modules``: ``import IPython.terminal.embed`` (or anything of the
# terminal) later imports the real modules.
EMBED_MODULE = "IPython.terminal.embed"
_EMBED_STAND_IN = object()  # IPython.embed while the stand-in is in place


def _ipython_getattr(name: str) -> Any:
    """The IPython package's ``__getattr__`` (PEP 562) after :func:`terminal_deferred`."""
    if name == "embed":
        from IPython.terminal.embed import embed

        sys.modules["IPython"].embed = embed  # type: ignore[attr-defined]
        return embed
    raise AttributeError(f"module 'IPython' has no attribute {name!r}")


@contextlib.contextmanager
def terminal_deferred() -> Any:
    """Around the fork server's own imports: IPython imported without its terminal front end
    (see :data:`EMBED_MODULE`). Nothing is done when IPython is imported already; the terminal is
    imported after all when IPython's package has a ``__getattr__`` of its own."""
    if "IPython" in sys.modules or EMBED_MODULE in sys.modules:
        yield
        return
    stand_in = types.ModuleType(EMBED_MODULE, "Stands in for IPython's terminal while the fork server imports IPython.")
    stand_in.embed = _EMBED_STAND_IN  # type: ignore[attr-defined]
    sys.modules[EMBED_MODULE] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(EMBED_MODULE) is stand_in:
            del sys.modules[EMBED_MODULE]
        ipython = sys.modules.get("IPython")
        namespace = getattr(ipython, "__dict__", {})
        if namespace.get("embed") is _EMBED_STAND_IN:
            del namespace["embed"]
            if "__getattr__" in namespace:  # an IPython with its own: the real embed now
                _ipython_getattr("embed")
            else:
                namespace["__getattr__"] = _ipython_getattr


def terminal_state() -> str:
    """ "deferred" when IPython is imported here without its terminal front end, "imported" when
    with it, "none" without IPython."""
    if "IPython" not in sys.modules:
        return "none"
    return "imported" if EMBED_MODULE in sys.modules else "deferred"


def probe_imports(modules: list[str], timeout: float = 120.0) -> dict[str, str]:
    """Which of ``modules`` must not be imported here, and why: each is imported first in a
    forked child of this process, in order, and one that fails, or leaves a thread, a zmq context
    or an event loop behind (:func:`fork_hazards`: the kernels forked from here would inherit it
    half-made) is named with the reason. The child exits after; this process imports nothing.
    A module already imported is not probed. One that hangs past ``timeout`` seconds is refused.
    Native threads a C library starts (OpenBLAS's pool) are not refused: libraries that start
    them re-create them after a fork, as they must for ``multiprocessing``."""
    return _probe([m for m in modules if m not in sys.modules], timeout, __import__, "importing it")


def _probe(names: list[str], timeout: float, action: Any, doing: str) -> dict[str, str]:
    """``action(name)`` for each of ``names``, in order, in forked children of this process:
    which ones fail or leave a fork hazard behind, and why (:func:`probe_imports`)."""
    refused: dict[str, str] = {}
    todo = list(names)
    while todo:
        # the child reports each name it did cleanly, then the first one that was not
        outcome = _probe_once(todo, timeout, action, doing)
        refused.update((name, why) for name, why in outcome if why)
        seen = len(outcome)
        if seen < len(todo) and not any(why for _name, why in outcome):
            refused[todo[seen]] = f"{doing} ended the process"  # a crash, os._exit, ...
            seen += 1
        todo = todo[seen:]  # after a refused one: probed again in a child without it
    return refused


def _probe_once(
    modules: list[str], timeout: float, action: Any = __import__, doing: str = "importing it"
) -> list[tuple[str, str]]:
    """``action(name)`` (import) for ``modules`` in order in a forked child; (name, "" or why
    not) for each one the child got to, stopping after the first that is refused."""
    import json
    import select
    import time

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report each module as it goes, never return
        try:
            os.close(read_end)
            for name in modules:
                try:
                    action(name)
                    why = fork_hazards()
                except BaseException as err:
                    why = f"{type(err).__name__}: {err}"[:500]
                os.write(write_end, (json.dumps([name, why]) + "\n").encode())
                if why:
                    break
        finally:
            os._exit(0)
    os.close(write_end)
    data = b""
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                os.kill(pid, 9)
                lines = data.decode(errors="replace").splitlines()
                hung = modules[len(lines)] if len(lines) < len(modules) else modules[-1]
                data += (json.dumps([hung, f"{doing} took over {timeout:g} s"]) + "\n").encode()
                break
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            data += chunk
    finally:
        os.close(read_end)
        while True:
            try:
                os.waitpid(pid, 0)
                break
            except InterruptedError:
                continue
            except ChildProcessError:
                break
    out: list[tuple[str, str]] = []
    for line in data.decode(errors="replace").splitlines():
        try:
            name, why = json.loads(line)
        except ValueError:
            break
        out.append((str(name), str(why)))
    return out


def import_safely(modules: list[str], timeout: float = 120.0) -> tuple[list[str], dict[str, str]]:
    """Import ``modules`` here (the fork server), each probed first (:func:`probe_imports`):
    returns those imported and, for each one skipped, why."""
    refused = probe_imports(modules, timeout)
    done, failed = preload([m for m in modules if m not in refused])
    failed.update(refused)
    return done, failed


def warm_caches() -> None:
    """Pay jupyter_reactive's first-use costs (markdown parser, highlighter lookup) once, here,
    so each kernel's ``install()`` finds them done and shares the result; and bind the package's
    lazy scripting API, so a kernel's first ``jr.*`` is a plain attribute lookup."""
    package = sys.modules.get("jupyter_reactive")
    if package is not None and "jupyter_reactive._api" in sys.modules:
        package._bind_api()
    display = sys.modules.get("jupyter_reactive.kernel.display")
    if display is None:
        return
    try:
        display.markdown_html("*warm* :smile:")  # the emoji table too
        display.code_html("x = 1", "python")
    except Exception:
        pass


# CPython's attribute cache gives a class a version tag at its first lookup (``_PyType_Lookup``),
# written into the class object. A kernel looking up an attribute of a class the fork server
# never looked up writes that tag into a shared page. Tagging every class here, once, before the
# forks, makes those lookups read-only in the kernels.
_TAG_NAME = sys.intern("__jupyter_reactive_version_tag__")


def is_class(obj: object) -> bool:
    """Whether ``obj`` is a class itself (its type derives from ``type``). ``isinstance(obj,
    type)`` is true of a ``weakref.proxy`` to a class too (ctypes keeps one per array type it
    makes, ``c_uint64 * 6``, in its cache, tracked by the collector), and ``_PyType_Lookup`` on
    a proxy reads the bytes after it as a class's fields: a wild pointer, which killed the fork
    server with SIGSEGV or SIGBUS depending on its neighbours (docs/performance.md, "Attempts,
    sixth pass")."""
    return issubclass(type(obj), type)


def tag_types(classes: list[type] | None = None) -> int:
    """Give every class the collector sees (or ``classes``: those of a walk of its objects the
    caller made already) its attribute-cache version tag now, by looking up a name no class has
    through ``_PyType_Lookup`` (the lookup CPython's attribute access uses: no descriptor, no
    ``__getattr__`` runs). Returns how many classes were looked up (0 where ``_PyType_Lookup``
    is not there: not CPython)."""
    import gc

    try:
        lookup = ctypes.pythonapi._PyType_Lookup
    except AttributeError:
        return 0
    lookup.restype, lookup.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.py_object]
    # after a gc.freeze() (a later import), only the classes made since: the frozen ones were
    # tagged before it, and listing them would write to every frozen object (reference counts)
    if classes is None:
        classes = [o for o in gc.get_objects() if is_class(o)]
    types = {id(o): o for o in classes if is_class(o)}
    # and the classes that are not the collector's (C extensions' static types, numpy's among
    # them) that modules name; not after a freeze (their namespaces are frozen objects)
    if not gc.get_freeze_count():
        for module in list(sys.modules.values()):
            namespace = getattr(module, "__dict__", None)
            if isinstance(namespace, dict):
                types.update((id(v), v) for v in list(namespace.values()) if is_class(v))
    for cls in types.values():
        lookup(cls, _TAG_NAME)
    return len(types)


def note_inherited_modules() -> int:
    """Tell jupyter_reactive's kernel side (if imported) which modules the kernels forked from
    here inherit, so that its tracking of an app's own modules never walks them
    (``jupyter_reactive.kernel.reload.remember_modules``). Call after every import made here,
    before the next fork. Returns how many modules are noted (0: the kernel side is not here)."""
    reload = sys.modules.get("jupyter_reactive.kernel.reload")
    if reload is None:
        return 0
    return int(reload.remember_modules())


# ---- libraries' first use, paid here ----
#
# A library's first calls do work that later calls do not: caches and dispatch tables filled,
# lazily imported modules loaded, its types given the version tags CPython's attribute cache
# uses, its functions' bytecode specialised. Done in each kernel, that work writes to (and so
# copies) pages of the library that every kernel shares with the fork server; done here once,
# before the forks, it is shared too. Measured for an app that makes a small DataFrame and an
# image on every run: 2.4 MB less per kernel. Each warm-up is a few calls that any app using the
# library makes; it runs only when the library is already imported here (the app imports it),
# and first in a throwaway child, like an import (:func:`probe_imports`): one that fails or would
# make forking unsafe is skipped and reported.


def _warm_numpy(np: Any) -> None:
    values = np.arange(8, dtype=np.int64)
    floats = np.linspace(0.0, 1.0, 8)
    repr(values + 1)
    repr(floats * 2.0)
    float(floats.sum()), int(values.max()), float(floats.mean())
    np.asarray([1, 2, 3]), np.asarray([1.5, 2.5]), np.concatenate([values, values])


def _warm_pandas(pd: Any) -> None:
    frame = pd.DataFrame({"x": list(range(8)), "y": [i / 2 for i in range(8)], "s": list("abcdefgh")})
    int(frame["x"].sum()), float(frame["y"].mean())
    frame[frame["x"] > 2].head(3)
    repr(frame), repr(frame["x"])
    frame.to_dict("list"), list(frame.columns), len(frame.index)
    np = sys.modules.get("numpy")
    if np is not None:
        repr(pd.DataFrame({"x": np.arange(8)}))


def _warm_pil_image(image: Any) -> None:
    image.init()  # what the first open or save does: import every format plugin
    picture = image.new("RGB", (8, 8), (1, 2, 3))
    picture.getpixel((0, 0)), picture.convert("L").tobytes(), picture.resize((4, 4)).size


LIBRARY_WARM_UPS: dict[str, Any] = {"numpy": _warm_numpy, "pandas": _warm_pandas, "PIL.Image": _warm_pil_image}
_WARMED: set[str] = set()


def warm_libraries(timeout: float = 60.0) -> dict[str, str]:
    """Run the warm-up of each library in :data:`LIBRARY_WARM_UPS` that is imported here and was
    not warmed yet (each probed first in a child). Returns the ones skipped, with why."""
    todo = [name for name in LIBRARY_WARM_UPS if name in sys.modules and name not in _WARMED]
    if not todo:
        return {}
    _WARMED.update(todo)

    def warm(name: str) -> None:
        threads = native_threads()
        LIBRARY_WARM_UPS[name](sys.modules[name])
        if native_threads() > threads:  # a C library's pool: kernels would lack it
            raise RuntimeError("it started native threads")

    failed = _probe(todo, timeout, warm, "its warm-up")
    for name in todo:
        if name not in failed:
            try:
                warm(name)
            except Exception as err:  # passed in the child, failed here: nothing to undo
                failed[name] = f"{type(err).__name__}: {err}"[:500]
    return failed


def build_shared_resources() -> dict[str, str]:
    """Build, once, the ``@jr.cache_resource(fork_server=True)`` objects of the modules imported
    so far (``--preload``), so that every kernel forked afterwards starts with them in memory
    shared copy-on-write (a loaded model, a big table). Returns the failures (qualified name ->
    error); each kernel then builds a failed one on its first call. Call again after importing
    more modules: only the functions not built yet are called."""
    caching = sys.modules.get("jupyter_reactive.kernel.caching")
    if caching is None:
        return {}
    return dict(caching.cache_resource.build_for_fork_server())


class _MallInfo2(ctypes.Structure):  # glibc's struct mallinfo2 (2.33 and later)
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


_HEAP_FILLERS: list[Any] = []  # the chunks fill_heap_holes() took: never freed


def fill_heap_holes(max_allocations: int = 50_000, libc: Any = None) -> dict[str, int]:
    """Take every free chunk inside the C heap (glibc's main arena, and the main thread's cache
    of freed chunks) so that a kernel's own ``malloc`` calls — Python objects over 512 bytes,
    buffers, dict and list storage — are served from fresh memory at the top of the heap instead
    of the holes the imports left among shared data: each hole a kernel used cost it a copy of
    the whole page around it (measured: 0.8 MB per kernel). The chunks are kept, never written.

    For each size, from 64 KiB down to 16 bytes, allocate until an allocation comes from the top
    of the heap (glibc's ``keepcost``, the top chunk, shrinks) or the heap grows: then no hole of
    that size is left. At most twice the holes' size (plus 1 MiB) is taken in all, in case
    ``malloc`` is not the allocator ``mallinfo2`` describes (a preloaded jemalloc, say). Linux with
    glibc 2.33 or later (``mallinfo2``); elsewhere nothing is done. Returns the hole bytes before
    and after, and the allocations made."""
    try:
        libc = libc if libc is not None else ctypes.CDLL(None)
        mallinfo2, malloc = libc.mallinfo2, libc.malloc
    except (OSError, AttributeError):
        return {}
    mallinfo2.restype, mallinfo2.argtypes = _MallInfo2, []
    malloc.restype, malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]

    def holes(info: _MallInfo2) -> int:
        return int(info.fordblks - info.keepcost)

    info = mallinfo2()
    before = holes(info)
    done = {"heap_holes_before": before, "heap_holes_after": before, "heap_fill_allocations": 0}
    if before <= 0:
        return done
    # where the chunks' addresses go: made at its full size first (growing it would free, and
    # so make, holes while they are being filled)
    chunks = (ctypes.c_void_p * max_allocations)()
    _HEAP_FILLERS.append(chunks)
    budget, made = 2 * before + (1 << 20), 0
    for size in [1 << k for k in range(16, 10, -1)] + list(range(1024, 0, -16)):
        while made < max_allocations and budget >= size:
            pointer = malloc(size)
            if not pointer:
                break
            chunks[made] = pointer
            made += 1
            budget -= size
            after = mallinfo2()
            from_top = after.keepcost < info.keepcost or after.arena != info.arena or after.hblks != info.hblks
            info = after
            if from_top:
                break
    done.update(heap_holes_after=holes(info), heap_fill_allocations=made)
    return done


PR_SET_MEMORY_MERGE = 67  # linux/prctl.h, Linux 6.4 and later


def merge_pages(libc: Any = None) -> str:
    """Opt this process's anonymous memory — and, inherited, every kernel forked from it — in to
    Linux's same-page merging (KSM): pages whose bytes are equal again after a kernel copied them
    (refcounts taken and undone) can then be merged back into one, copy-on-write. Only if the
    administrator runs ksmd (``/sys/kernel/mm/ksm/run`` = 1); otherwise the opt-in costs nothing
    and does nothing. "" when opted in, else why not (an older kernel, not Linux, not allowed):
    never an error."""
    if not sys.platform.startswith("linux"):
        return "not Linux"
    try:
        libc = libc if libc is not None else ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError) as err:
        return f"no prctl: {err}"
    prctl.restype = ctypes.c_int
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if prctl(PR_SET_MEMORY_MERGE, 1, 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        return f"prctl(PR_SET_MEMORY_MERGE) failed: {os.strerror(errno)}"
    return ""


def native_threads() -> int:
    """Threads of this process as the kernel sees them (C libraries' too), Linux only."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return -1


def fork_hazards() -> str:
    """What would make a forked child unsafe: threads (their locks may be held, they will not
    exist in the child), a zmq context (its I/O thread and sockets), an asyncio event loop (its
    epoll and self-pipe would be shared by every kernel). Empty if none."""
    if threading.active_count() != 1:
        return f"a preload started threads {[t.name for t in threading.enumerate()]}"
    zmq = sys.modules.get("zmq")
    if zmq is not None and getattr(getattr(zmq, "Context", None), "_instance", None) is not None:
        return "a preload created the global zmq context"
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None:
        if asyncio.events._get_running_loop() is not None:
            return "an asyncio event loop is running"
        policy = asyncio.events._event_loop_policy  # not get_event_loop_policy(): that would make one
        local = getattr(policy, "_local", None)
        if getattr(local, "_loop", None) is not None:
            return "a preload created an asyncio event loop"
    return ""


# ---- sharing the kernel's walk over sys.modules ----
#
# IPythonKernel.__init__ lists the file of every loaded module (for the debugger's "just my
# code"): ``[m.__file__ for m in sys.modules.copy().values() if hasattr(m, "__file__") ...]``.
# In a forked kernel that walk touches (reference counts) every module object, name and file
# string the fork server loaded — ~1000 objects spread over the heap — and so copies ~6 MB of
# shared pages into every kernel, a third of what an idle forked kernel costs. The fork server
# therefore computes the walk's answer once, into small objects laid out together, and
# ipykernel.ipkernel sees a ``sys`` whose ``modules.copy()`` returns those (plus the real module
# for anything imported since the fork) while the kernel initializes. The result — the list of
# file names — is the same as the walk's (``__main__`` included: ipykernel_launcher's file).


class _FileOnly:
    """What the walk reads of one module: ``__file__`` (absent when the module has none)."""

    __slots__ = ("__file__",)


_SCAN: dict[str, _FileOnly] = {}


def prepare_module_scan(main_file: str) -> None:
    """In the fork server, after the imports: the walk's answer, and the names of sys.modules
    re-made so that they sit together (the child still iterates them). ``main_file``: what the
    walk finds for ``__main__`` in a launched kernel (ipykernel_launcher's file). Called again
    after more imports (an app's, a kernel's report), it adds the modules not answered yet."""
    for name in [n for n in sys.modules if n not in _SCAN]:
        module = sys.modules.pop(name)
        sys.modules[_fresh(name)] = module
    for name, module in list(sys.modules.items()):
        if name in _SCAN:
            continue
        entry = _FileOnly()
        if name == "__main__":
            entry.__file__ = _fresh(main_file)  # type: ignore[attr-defined]
        else:
            try:
                if hasattr(module, "__file__") and module.__file__:
                    file = module.__file__
                    entry.__file__ = _fresh(file) if isinstance(file, str) else file  # type: ignore[attr-defined]
            except Exception:
                pass
        _SCAN[name] = entry
    MODULE_NAMES[0] = set(sys.modules)  # IPython's snapshot, answered ahead: see _ModuleNames


def _fresh(text: str) -> str:
    return (text + "\0")[:-1]  # an equal, new string object, allocated now


class _ModulesCopy:
    def copy(self) -> dict[str, Any]:
        live = sys.modules
        out: dict[str, Any] = {}
        for name in list(live):
            entry = _SCAN.get(name)
            if entry is None or (name == "__main__" and live.get(name) is not MAIN_AT_FORK[0]):
                module = live.get(name)
                if module is not None:
                    out[name] = module
            else:
                out[name] = entry
        return out


class _SysView:
    """``sys`` for ipykernel.ipkernel while the kernel initializes: all of it, but ``modules``
    (which that module only uses for the walk)."""

    modules = _ModulesCopy()

    def __getattr__(self, name: str) -> Any:
        return getattr(sys, name)


MAIN_AT_FORK: list[Any] = [None]

# IPython's start (``InteractiveShellApp.init_code``, last) keeps ``set(sys.modules.keys())`` on
# the shell (``_sys_modules_keys``, read by ``%reset --aggressive``): a set of every loaded
# module's name, ~130 kB built in every kernel. When the kernel's modules are still exactly those
# the fork server had when it prepared the walk, the set made then is the answer, shared: the
# snapshot is asked for nothing (an empty ``keys()``) and the prepared set is put in its place.
MODULE_NAMES: list[set[str]] = [set()]


class _ModuleNames:
    answered = False

    def keys(self) -> Any:
        names, live = MODULE_NAMES[0], sys.modules
        if names and len(live) == len(names) and all(name in names for name in list(live)):
            _ModuleNames.answered = True
            return ()
        _ModuleNames.answered = False
        return live.keys()


class _ShellAppSys:
    """``sys`` for IPython.core.shellapp while the kernel initializes: all of it, but
    ``modules`` (which that module only uses for the snapshot)."""

    modules = _ModuleNames()

    def __getattr__(self, name: str) -> Any:
        return getattr(sys, name)


def _give_shell_the_module_names() -> None:
    if not _ModuleNames.answered:
        return
    _ModuleNames.answered = False
    from IPython.core.interactiveshell import InteractiveShell

    if InteractiveShell.initialized():
        shell = InteractiveShell.instance()
        if getattr(shell, "_sys_modules_keys", None) == set():
            shell._sys_modules_keys = MODULE_NAMES[0]  # type: ignore[attr-defined]


@contextlib.contextmanager
def shared_module_scan() -> Any:
    ipkernel = sys.modules.get("ipykernel.ipkernel")
    if not _SCAN or ipkernel is None or getattr(ipkernel, "sys", None) is not sys:
        yield
        return
    ipkernel.sys = _SysView()  # type: ignore[attr-defined]
    shellapp = sys.modules.get("IPython.core.shellapp")
    if shellapp is not None and getattr(shellapp, "sys", None) is not sys:
        shellapp = None
    if shellapp is not None:
        shellapp.sys = _ShellAppSys()  # type: ignore[attr-defined]
    try:
        yield
    finally:
        ipkernel.sys = sys  # type: ignore[attr-defined]
        if shellapp is not None:
            shellapp.sys = sys  # type: ignore[attr-defined]
            _give_shell_the_module_names()
