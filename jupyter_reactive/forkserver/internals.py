"""The private ipykernel, IPython and traitlets internals the fork server relies on, in one place.

Runs in the fork server process, once, at start (``main`` in :mod:`.server`), before anything is
prepared. A forked kernel becomes a kernel through ipykernel's public start-up
(``IPKernelApp.instance().initialize(); .start()``), but two of the fork server's memory savings
reach inside ipykernel and IPython:

* the prepared kernel (:mod:`.prepared`) repeats the first half of
  ``BaseIPythonApplication.initialize`` ahead, in the fork server, then stands in for that method
  and for the shell class's ``instance`` while a kernel initializes;
* the shared module walk (:func:`.memory.shared_module_scan`) swaps the ``sys`` that
  ``ipykernel.ipkernel`` sees while ``IPythonKernel.__init__`` lists the loaded modules.

Both depend on names that a release of ipykernel, IPython or traitlets may rename or drop, and on
what the code behind them does, which no name check can see. So the fork server uses them only
with the versions they were tested with (:data:`SUPPORTED`, checked with each package's
``__version__``) and when every name in :data:`PATCHED` is still there; otherwise
:func:`unsupported` says why, and the fork server prepares nothing and lets each kernel walk
``sys.modules`` itself: its kernels are forked and start from scratch, as a launched kernel does,
and the fork server says so once on its standard error (the jupyter server's log).

:data:`GUARDED` names the other private names this package reads; each is read defensively where
it is used (a missing one changes nothing or stops the fork server before its first fork, and the
provisioner launches kernels instead), so they are listed for the reader, not checked.
"""

from __future__ import annotations

import importlib
import sys
from typing import NamedTuple

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

# The versions the prepared kernel and the shared module walk were tested with (the test suite
# runs them with real kernels: tests/forkserver/), declared as the package's dependency ranges in
# pyproject.toml (a test compares them). Widen a range only after running those tests with the new
# release. One run of the suite tests the versions installed: CI runs it with the newest releases,
# then tests/forkserver and tests/kernel again with IPython 8 (.ci/run).
SUPPORTED: dict[str, str] = {
    "ipykernel": ">=7,<8",  # 7.4.0
    "IPython": ">=8.12,<10",  # 8.12.3 and 9.19.1
    "traitlets": ">=5.9,<6",  # 5.15.0 and 5.16.1
}


class Internal(NamedTuple):
    module: str
    name: str  # dotted, from the module
    why: str


PATCHED: tuple[Internal, ...] = (
    # -- the shared module walk --
    Internal(
        "ipykernel.ipkernel",
        "sys",
        "replaced by a view whose modules.copy() is answered ahead, while IPythonKernel.__init__ "
        "lists the file of every loaded module (its _kernel_modules)",
    ),
    Internal(
        "ipykernel.ipkernel",
        "IPythonKernel.__init__",
        "the walk over sys.modules.copy() that the view answers; checked below to still read "
        "sys.modules and set _kernel_modules",
    ),
    Internal(
        "IPython.core.shellapp",
        "sys",
        "replaced by a view whose modules.keys() is answered ahead, while InteractiveShellApp."
        "init_code keeps set(sys.modules.keys()) on the shell (its _sys_modules_keys)",
    ),
    Internal(
        "IPython.core.shellapp",
        "InteractiveShellApp.init_code",
        "the snapshot the view answers; checked below to still set _sys_modules_keys",
    ),
    # -- the application prepared ahead: BaseIPythonApplication.initialize, in two halves --
    Internal(
        "IPython.core.application",
        "BaseIPythonApplication.initialize",
        "replaced while a prepared kernel initializes: its command line and configuration are "
        "loaded already, only the crash handler is left",
    ),
    Internal("IPython.core.application", "BaseIPythonApplication.init_crash_handler", "what is left of initialize"),
    Internal(
        "IPython.core.application",
        "BaseIPythonApplication.init_profile_dir",
        "the first half of initialize, done ahead",
    ),
    Internal(
        "IPython.core.application",
        "BaseIPythonApplication.init_config_files",
        "the first half of initialize, done ahead",
    ),
    Internal(
        "IPython.core.application",
        "BaseIPythonApplication.load_config_file",
        "the first half of initialize, done ahead",
    ),
    Internal(
        "IPython.core.application",
        "BaseIPythonApplication.config_file_paths",
        "where the kernel reads configuration from: compared in each kernel",
    ),
    Internal(
        "ipykernel.kernelapp",
        "IPKernelApp.parent_handle",
        "read from JPY_PARENT_PID when ipykernel is imported (in the fork server): set per kernel",
    ),
    Internal(
        "ipykernel.kernelapp",
        "IPKernelApp.connection_file",
        "the one argument that differs between prepared kernels: set per kernel",
    ),
    Internal("ipykernel.kernelapp", "IPKernelApp.kernel_class", "another kernel class is not prepared"),
    Internal(
        "ipykernel.kernelapp",
        "IPKernelApp.clear_instance",
        "a kernel that does not fit the prepared objects drops them",
    ),
    # -- the shell prepared ahead --
    Internal(
        "ipykernel.ipkernel",
        "IPythonKernel.shell_class",
        "the trait's default is the shell class made ahead",
    ),
    Internal(
        "ipykernel.ipkernel",
        "IPythonKernel.compiler_class",
        "the trait's default is the compiler the prepared shell is made with",
    ),
    Internal(
        "traitlets.config.configurable",
        "SingletonConfigurable.instance",
        "the shell class's instance() is replaced while a prepared kernel initializes; the "
        "original classmethod (its __func__) makes a fresh shell when the arguments differ",
    ),
    Internal(
        "ipykernel.zmqshell",
        "ZMQInteractiveShell.clear_instance",
        "a kernel that does not fit the prepared objects drops them",
    ),
    Internal(
        "IPython.core.history",
        "HistoryManager.enabled",
        "history starts a thread with the shell: a shell is prepared only with it off",
    ),
    Internal(
        "IPython.core.history",
        "HistoryManager.dir_hist",
        "the working directory the shell started in: made the kernel's",
    ),
    Internal(
        "IPython.core.interactiveshell",
        "InteractiveShell.atexit_operations",
        "unregistered in the fork server, registered again in the kernel that takes the shell",
    ),
    Internal(
        "IPython.core.interactiveshell",
        "InteractiveShell.init_environment",
        "run again in the kernel: TERM, PAGER... on top of the kernel's environment",
    ),
    Internal(
        "IPython.core.interactiveshell",
        "InteractiveShell.save_sys_module_state",
        "run again in the kernel: the kernel's standard streams, set up just before",
    ),
)

GUARDED: tuple[Internal, ...] = (
    Internal("zmq", "Context._instance", "a preload that made the global zmq context makes forking unsafe"),
    Internal(
        "asyncio.events",
        "_get_running_loop",
        "a running event loop makes forking unsafe (get_running_loop() would raise)",
    ),
    Internal(
        "asyncio.events",
        "_event_loop_policy",
        "a loop a preload made makes forking unsafe; get_event_loop_policy() would make a policy",
    ),
    Internal("threading", "_shutdown", "a kernel exits with os._exit: wait for its threads as the interpreter does"),
    Internal(
        "atexit", "_run_exitfuncs", "a kernel exits with os._exit: run its atexit callbacks as the interpreter does"
    ),
)
# Also private, and checked where it is used: CPython 3.11's code object layout (the warm-up
# counter :mod:`.hotcode` reads, probed on a fresh function before anything is read), and
# CPython's ``_PyType_Lookup`` (exported by libpython; :func:`.memory.tag_types` calls it through
# ctypes, and does nothing where it is missing).
# The page file (:mod:`.pagefile`, on by default where its library was built) uses CPython's public
# ``PyObject_Get/SetArenaAllocator`` but relies on how pymalloc calls it: every arena (1 MiB) and,
# on 3.11, every frame data-stack chunk is allocated and freed through it with the GIL held, page
# aligned, freed with the size it was made with. Tested on CPython 3.11 only
# (:data:`.pagefile.TESTED_PYTHONS`; elsewhere it stays off and says why), with Linux's
# ``/proc/self/pagemap`` (bit 63 present, bit 61 file page) and ``MADV_DONTNEED`` on private file
# mappings (tests/forkserver/test_memory.py). Its reclaim parks the kernel's other threads with a
# real-time signal (SIGRTMAX - 6, handler installed with sigaction; taken or replaced: no reclaim)
# and relies on Linux's ``/proc/self/task`` (the threads), ``/proc/self/task/TID/status``
# (``SigBlk:``, a hexadecimal mask), and on libzmq naming its threads ``ZMQbg/...`` and jemalloc
# (pyarrow's) its purger ``jemalloc_bg_thd`` (they block every signal and write only their own
# library's memory: left running; seen on a live kernel of a pandas app).
# Moving pages again at an epoch (:func:`.pagefile.remove`)
# relies on nothing more of CPython (a page of an arena may then lie anywhere in the file; an arena
# of more than 1024 pages is left where it is), and on Linux's ``fallocate(PUNCH_HOLE)`` on a memfd
# (a punched page that a process maps and has not copied reads zeros: hence the checks of
# :func:`.pagefile.punch`, and a test that shows it) and the inode column of ``/proc/PID/maps``.


def unsupported() -> str:
    """Why the fork server must not use :data:`PATCHED` here, or "" if it may. Imports the
    modules it names (ipykernel's kernel application and IPython, which the fork server
    preloads anyway). Never raises."""
    try:
        for package, spec in SUPPORTED.items():
            version = getattr(importlib.import_module(package), "__version__", "")
            try:
                ok = SpecifierSet(spec).contains(Version(version), prereleases=True)
            except InvalidVersion:
                ok = False
            if not ok:
                return f"{package} {version or '(unknown version)'} is not a tested version ({package}{spec})"
        for internal in PATCHED:
            if not has(internal):
                return f"{internal.module}.{internal.name} is missing ({versions()})"
        names = importlib.import_module("ipykernel.ipkernel").IPythonKernel.__init__.__code__.co_names
        if not {"modules", "_kernel_modules"} <= set(names):
            return f"IPythonKernel.__init__ no longer lists the loaded modules as expected ({versions()})"
        names = importlib.import_module("IPython.core.shellapp").InteractiveShellApp.init_code.__code__.co_names
        if not {"modules", "keys", "_sys_modules_keys"} <= set(names):
            return f"InteractiveShellApp.init_code no longer keeps the module names as expected ({versions()})"
    except Exception as err:
        return f"the fork server's ipykernel internals could not be checked: {type(err).__name__}: {err}"
    return ""


def has(internal: Internal) -> bool:
    """Whether ``internal`` exists (its module imported for the purpose)."""
    try:
        obj: object = importlib.import_module(internal.module)
    except ImportError:
        return False
    for part in internal.name.split("."):
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


def versions() -> str:
    """The versions of :data:`SUPPORTED`'s packages that are loaded, for messages."""
    return ", ".join(
        f"{name} {getattr(sys.modules[name], '__version__', '?')}" for name in SUPPORTED if name in sys.modules
    )
