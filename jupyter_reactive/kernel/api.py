"""The scripting API as one class, and the module-level functions that target the current
container (``jr.write`` -> the innermost ``with`` block, else the main column).

Script thread. Outside an app (``python app.py``) there is no run context: elements draw nothing
and widgets return their defaults, so a script can still be imported and tested.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import protocol
from .delta import BaseContainer, RunContext, get_context
from .elements import ElementsMixin
from .files import FilesMixin
from .layout import LayoutMixin
from .requests import RerunData, RerunException, StopException
from .state import SessionState
from .widgets import WidgetsMixin


class Container(ElementsMixin, WidgetsMixin, FilesMixin, LayoutMixin, BaseContainer):
    """Streamlit's DeltaGenerator: every element, widget and layout call, writing into one place."""

    def _child(self, path: tuple[int, ...], form_id: str | None = None, single_slot: bool = False) -> Container:
        return Container(self._ctx, path, form_id if form_id is not None else self._form_id, single_slot)

    def empty(self) -> Container:  # type: ignore[override]
        """On a single-slot placeholder, clear it; elsewhere, make a new placeholder."""
        if self._single:
            if self._ctx is not None:
                self._ctx.writer.clear_slot(self._path)
            return self
        return LayoutMixin.empty(self)


def make_root(ctx: RunContext, root: int) -> Container:
    return Container(ctx, (root,))


def _current() -> Container:
    ctx = get_context()
    if ctx is None:
        return Container(None, (protocol.MAIN,))
    return ctx.current()


def _forward(name: str) -> Callable[..., Any]:
    method = getattr(Container, name)

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(_current(), name)(*args, **kwargs)

    call.__name__ = name
    call.__qualname__ = name
    call.__doc__ = method.__doc__
    return call


class _SidebarProxy:
    """``jr.sidebar``: the current run's sidebar root (``with jr.sidebar:`` or ``jr.sidebar.x()``)."""

    def _target(self) -> Container:
        ctx = get_context()
        if ctx is None:
            return Container(None, (protocol.SIDEBAR,))
        return ctx.roots[protocol.SIDEBAR]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)

    def __enter__(self) -> Container:
        return self._target().__enter__()

    def __exit__(self, *exc: Any) -> None:
        ctx = get_context()
        if ctx is not None and ctx.stack:
            ctx.stack[-1].__exit__(*exc)


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

    def __iter__(self) -> Any:
        return iter(self._target())

    def __len__(self) -> int:
        return len(self._target())

    def __repr__(self) -> str:
        return repr(self._target())


def rerun() -> None:
    """End this run now and start the script again (``st.rerun``)."""
    if get_context() is not None:
        raise RerunException(RerunData())


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
    from .display import element_for_bundle, mimebundle

    _current()._emit(element_for_bundle(mimebundle(value)))


sidebar = _SidebarProxy()
session_state = _SessionStateProxy()

FORWARDED = (
    # elements
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "text",
    "code",
    "json",
    "divider",
    "html",
    "write",
    "error",
    "warning",
    "info",
    "success",
    "exception",
    "progress",
    "spinner",
    "image",
    "audio",
    "video",
    # widgets
    "button",
    "form_submit_button",
    "checkbox",
    "toggle",
    "slider",
    "number_input",
    "text_input",
    "text_area",
    "selectbox",
    "radio",
    "multiselect",
    "download_button",
    "file_uploader",
    "camera_input",
    # layout
    "container",
    "columns",
    "expander",
    "tabs",
    "form",
    "empty",
)

API: dict[str, Any] = {name: _forward(name) for name in FORWARDED}
