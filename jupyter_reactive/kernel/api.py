"""The objects behind the module-level scripting API (script thread).

``jupyter_reactive/__init__.py`` binds every public function to a method of :data:`main`
(``title = main.title``), so ``jr.slider`` *is* ``Container.slider`` — the same code, signature,
docstring and type as ``jr.sidebar.slider`` and ``col.slider``. :data:`main` and :data:`sidebar`
are Containers whose plumbing resolves, at each call, to the current run's innermost ``with``
container (or the main column) and to the run's sidebar. Outside an app (``python app.py``) there
is no run context: they write nowhere, elements draw nothing and widgets return their defaults,
so a script can still be imported and tested.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal

from .. import protocol
from . import fragments
from .container import Container, make_root
from .delta import get_context
from .errors import StreamlitInvalidParameterTypeError, StreamlitValueError
from .requests import RerunException, StopException
from .state import SessionState

__all__ = [
    "Container",
    "bottom",
    "main",
    "make_root",
    "rerun",
    "session_state",
    "show_cell_result",
    "sidebar",
    "stop",
]


class _CurrentContainer(Container):
    """``jr.*``: writes into the innermost ``with`` container of the current run."""

    def __init__(self) -> None:
        super().__init__(None, (protocol.MAIN,))

    def _here(self) -> Container:
        ctx = get_context()
        return self if ctx is None else ctx.current()

    def __repr__(self) -> str:
        return "<jupyter_reactive main container>"


class _SidebarContainer(Container):
    """``jr.sidebar``: the current run's sidebar (``with jr.sidebar:`` or ``jr.sidebar.x()``)."""

    def __init__(self) -> None:
        super().__init__(None, (protocol.SIDEBAR,))

    def _here(self) -> Container:
        ctx = get_context()
        return self if ctx is None else ctx.roots[protocol.SIDEBAR]

    def __repr__(self) -> str:
        return "<jupyter_reactive sidebar>"


class _BottomContainer(Container):
    """``jr.bottom``: a container pinned to the bottom of the page, one per run (``with
    jr.bottom:`` or ``jr.bottom.x()``), made in the main column the first time a run uses it."""

    def __init__(self) -> None:
        super().__init__(None, (protocol.MAIN,))

    def _here(self) -> Container:
        ctx = get_context()
        if ctx is None:
            return self
        root = ctx.roots[protocol.MAIN]
        if ctx.bottom is None or ctx.bottom[0] is not root:
            el = {"kind": "block", "layout": "vertical", "border": False, "height": None, "bottom": True}
            ctx.bottom = (root, root._child(root._emit(el)))
        return ctx.bottom[1]

    def __repr__(self) -> str:
        return "<jupyter_reactive bottom container>"


class _SessionStateProxy:
    """``jr.session_state``: the session's state, or a private one outside an app."""

    _bare = SessionState()

    def _target(self) -> SessionState:
        ctx = get_context()
        return ctx.state if ctx is not None else self._bare

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._target(), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self._target(), name)

    def __getitem__(self, key: str) -> Any:
        return self._target()[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._target()[key] = value

    def __delitem__(self, key: str) -> None:
        del self._target()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._target()

    def __iter__(self) -> Iterator[str]:
        return iter(self._target())

    def __len__(self) -> int:
        return len(self._target())

    def __repr__(self) -> str:
        return repr(self._target())


def rerun(scope: Literal["app", "fragment"] | str | int | Sequence[str | int] = "app") -> None:
    """End this run now and start the script again (``st.rerun``).

    ``scope``: ``"app"`` (the default) reruns the whole app; ``"fragment"``, in a fragment during
    a fragment rerun, reruns just that fragment; a fragment's key (``@fragment(key=...)``; an int
    is taken as its str) or a list of keys, only from a widget callback, reruns just those
    fragments (every call site of each) instead of what the interaction would have rerun. If
    another callback of the same interaction returns normally or calls ``rerun()``, the app
    reruns. Widgets changed in the same interaction (a form's fields submitted with it) have
    their values in ``session_state`` at once, and are drawn with them at the next full run."""
    ctx = get_context()
    normal = _rerun_scope(scope)
    if ctx is not None:
        raise RerunException(fragments.rerun_data(ctx, normal))


_SCOPES = ["'app'", "'fragment'", "a fragment key", "a list of keys"]


def _rerun_scope(scope: object) -> str | list[str]:
    """``rerun``'s ``scope`` checked as Streamlit 1.67 checks it, with its errors: a str, an int
    (its str) or a sequence of those (not empty, no empty or level names in it)."""
    if isinstance(scope, int):
        scope = str(scope)
    if isinstance(scope, (bytes, bytearray)) or not isinstance(scope, (str, Sequence)):
        raise StreamlitInvalidParameterTypeError(
            f"Invalid `scope` type. Expected one of: str, int, list[str | int]. Provided type: {type(scope).__name__}."
        )
    if isinstance(scope, str):
        if scope == "":
            raise StreamlitValueError(
                f"Invalid `scope` value. Supported values: {', '.join(_SCOPES)}. Got an empty string."
            )
        return scope
    if len(scope) == 0:
        raise StreamlitValueError(f"Invalid `scope` value. Supported values: {', '.join(_SCOPES)}. Got an empty list.")
    names: list[str] = []
    for name in scope:
        if isinstance(name, int):
            names.append(str(name))
        elif not isinstance(name, str):
            raise StreamlitInvalidParameterTypeError(
                f"Invalid `scope list items` type. Expected one of: str, int. Provided type: {type(name).__name__}."
            )
        elif name == "":
            raise StreamlitValueError(
                "Invalid `scope list items` value. Supported values: non-empty strings or ints. "
                "Found an empty string in the list."
            )
        else:
            names.append(name)
    for name in names:
        if name in ("app", "fragment"):
            raise StreamlitValueError(
                f"Invalid `scope` value. Supported values: fragment keys. '{name}' is a reserved scope name "
                f"and cannot appear inside a list. Pass '{name}' directly as a string."
            )
    return names


def stop() -> None:
    """End this run now; what was drawn stays (``st.stop``)."""
    if get_context() is not None:
        raise StopException()


def show_cell_result(value: Any) -> None:
    """A notebook app's cell that ends with an expression shows its value, as Jupyter shows a
    cell's result: by its rich representation, nothing for ``None``. (The server rewrites such a
    last line ``expr`` into ``show_cell_result(expr)``; see ``server/scripts.py``.)"""
    if value is None:
        return
    from .display import emit_bundle, mimebundle

    emit_bundle(main, mimebundle(value))


main: Container = _CurrentContainer()
sidebar: Container = _SidebarContainer()
bottom: Container = _BottomContainer()
session_state: SessionState = _SessionStateProxy()  # type: ignore[assignment]
