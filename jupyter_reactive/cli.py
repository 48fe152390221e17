"""The ``jupyter reactive`` command (and ``python -m jupyter_reactive``).

Before handing over to :class:`~jupyter_reactive.server.app.ReactiveApp`, it defers one import
that costs more than half of a jupyter server's start-up here: ``jsonschema`` (through
``jupyter_events``) imports ``rfc3987_syntax`` if it is installed, which builds a Lark grammar at
import time (most of the time that importing ``jupyter_server.serverapp`` takes; see
docs/performance.md) — for the ``"iri"`` string format, which no jupyter-server schema uses. The
module is replaced by a stand-in that imports the real one when its checker is first called (or
anything else is read from it), so whoever does validate an IRI gets the real check, a few
seconds later.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

# module -> functions handed out unloaded (``from module import function`` reads them at once;
# the module is imported when one is called). Reading anything else imports it at once.
DEFERRED: dict[str, tuple[str, ...]] = {"rfc3987_syntax": ("is_valid_syntax",)}


class _Deferred(types.ModuleType):
    """A module that becomes the real one on first use."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if name in DEFERRED.get(self.__name__, ()):
            module = self.__name__

            def deferred(*args: Any, **kwargs: Any) -> Any:
                return getattr(_load(module), name)(*args, **kwargs)

            deferred.__name__ = deferred.__qualname__ = name
            return deferred
        return getattr(_load(self.__name__), name)


def _load(name: str) -> types.ModuleType:
    if isinstance(sys.modules.get(name), _Deferred):
        del sys.modules[name]
    return importlib.import_module(name)


def defer_slow_imports() -> None:
    """Put stand-ins for :data:`DEFERRED` modules that are installed and not imported yet."""
    for name in DEFERRED:
        if name in sys.modules or importlib.util.find_spec(name) is None:
            continue
        sys.modules[name] = _Deferred(name, f"{name}, imported on first use (jupyter_reactive.cli)")


def main(argv: list[str] | None = None) -> None:
    defer_slow_imports()
    from .server.app import main as app_main

    app_main(argv)
