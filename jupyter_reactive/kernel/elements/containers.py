"""Popovers, status containers, toasts, balloons and snow, badges, ``help`` and ``echo``
(script thread).

``popover`` and ``status`` are containers (``block`` elements) like ``expander``; a status's
``.update()`` re-sends its block with the children it holds (:meth:`~..delta.Writer.rewrite_block`).
A toast or a celebration is an element at its place in the tree that the page acts on when it
arrives: a rerun that calls it again at the same place sends nothing (the writer sends only what
changed), so it is not shown again, as in Streamlit.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import linecache
import os
import sys
import textwrap
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any, Literal

from ... import protocol
from ..delta import BaseContainer, Path, returns_handle
from ..display import markdown_html
from ..errors import StreamlitAPIException, StreamlitValueError
from ..params import Width, WidthWithoutContent, laid_out
from ..requests import ScriptControl
from .layout import check_expandable_type, check_icon
from .widget_base import Callback, open_flag, track_container, tracks_state

if TYPE_CHECKING:
    from ..container import Container
    from ..status_container import StatusContainer

_STATES = ("running", "complete", "error")
_BADGE_COLORS = ("red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary")
_DURATIONS: dict[str, float | None] = {"short": 4.0, "long": 10.0, "infinite": None}
_SIDEBAR_TOAST = "Streamlit API Error: `st.toast` cannot be called directly on the sidebar with `st.sidebar.toast`."


def _toast_el(body: object, icon: str | None, duration: Literal["short", "long", "infinite"] | int) -> dict[str, Any]:
    if isinstance(duration, str) and duration in _DURATIONS:
        seconds = _DURATIONS[duration]
    elif isinstance(duration, int) and not isinstance(duration, bool) and duration > 0:
        seconds = float(duration)
    else:
        raise StreamlitValueError(
            f"duration must be 'short', 'long', 'infinite' or a positive number of seconds, not {duration!r}"
        )
    text = str(body)
    if not text.strip():
        raise StreamlitAPIException("Toast body cannot be blank - please provide a message.")
    return {
        "kind": "toast",
        "html": markdown_html(text, inline=True),
        "icon": None if icon is None else check_icon(icon),
        "duration": seconds,
    }


class _Package:
    """``help()``'s default: the jupyter_reactive package (as Streamlit's is its own module),
    imported only when asked for."""

    def __repr__(self) -> str:
        return "jupyter_reactive"


_PACKAGE: Any = _Package()


class ToastHandle:
    """What ``jr.toast`` returns: ``.toast(body, icon=…)`` changes the toast while it shows."""

    def __init__(self, container: BaseContainer, path: Path):
        self._container = container
        self._path = path

    def toast(
        self,
        body: object,
        *,
        icon: str | None = None,
        duration: Literal["short", "long", "infinite"] | int = "short",
    ) -> ToastHandle:
        """Replace this toast's text and icon (a toast already gone is not shown again)."""
        self._container._rewrite(self._path, _toast_el(body, icon, duration))
        return self


class ContainersMixin(BaseContainer):
    """Popovers, status containers, toasts, celebrations, badges, ``help`` and ``echo``."""

    @laid_out("width", "use_container_width", "wrap")
    def popover(
        self,
        label: str,
        *,
        type: Literal["primary", "secondary", "tertiary"] = "secondary",
        help: str | None = None,
        icon: str | None = None,
        disabled: bool = False,
        use_container_width: bool | None = None,
        width: Width = "content",
        wrap: bool | None = None,
        key: str | None = None,
        on_change: Callback | Literal["ignore", "rerun"] = "ignore",
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> Container:
        """Add a button that opens a floating panel; returns the container inside the panel
        (write into it with ``with`` or its methods). Escape or a click outside closes it; it
        stays open across reruns.

        Args:
            label: the button's text, inline markdown.
            type: the button's style.
            help: a tooltip on the button.
            icon: an emoji, or a Material icon as ``":material/name:"``, before the label.
            disabled: the button cannot be pressed.
            use_container_width: the button takes the width of its container.
            key: with ``on_change`` tracking: ``session_state[key]`` reads and sets the state.
            on_change: ``"ignore"`` (the default: the container's ``.open`` is None),
                ``"rerun"`` or a callable (called with ``args``/``kwargs``): opening or closing
                the panel reruns the app and ``.open`` says whether it is open.
        """
        if not isinstance(label, str) or not label:
            raise StreamlitAPIException("The label argument to st.popover is required.")
        if type not in ("primary", "secondary", "tertiary"):
            raise StreamlitValueError(f"type must be 'primary', 'secondary' or 'tertiary', not {type!r}")
        el: dict[str, Any] = {
            "kind": "block",
            "layout": "popover",
            "label": markdown_html(label, inline=True),
            "disabled": bool(disabled),
            "use_container_width": bool(use_container_width),
        }
        if help is not None:
            el["help"] = str(help)
        if icon is not None:
            el["icon"] = check_icon(icon)
        if type != "secondary":
            el["type"] = type
        is_open = None
        if tracks_state(on_change):
            wid, is_open = track_container(
                self, "popover", label, False, open_flag, key=key, on_change=on_change, args=args, kwargs=kwargs
            )
            el.update(id=wid, open=is_open)
        inner = self._child(self._emit(el))
        inner.open = is_open
        return inner

    @laid_out("width", content=False)
    def status(
        self,
        label: str,
        *,
        expanded: bool = False,
        state: Literal["running", "complete", "error"] = "running",
        type: Literal["default", "compact", "step"] = "default",
        width: WidthWithoutContent = "stretch",
    ) -> StatusContainer:
        """Add a collapsible container with a state icon (a spinner while ``"running"``, a
        check when ``"complete"``, an error mark on ``"error"``), for the output of a long task.
        Returns it; ``.update(label=, state=, expanded=)`` changes it. Used as ``with``, it turns
        ``"complete"`` when the block ends, or ``"error"`` if the block raises.

        Args:
            label: its header, inline markdown.
            expanded: whether it starts open.
            state: ``"running"``, ``"complete"`` or ``"error"``.
            type: ``"default"``, ``"compact"`` or ``"step"``, as for ``jr.expander``; a step's
                icon is its state's.
        """
        if state not in _STATES:
            raise StreamlitValueError(f"state must be one of {_STATES}, not {state!r}")
        check_expandable_type(type)
        from ..status_container import StatusContainer

        el: dict[str, Any] = {
            "kind": "block", "layout": "status", "label": str(label), "state": state, "expanded": bool(expanded)
        }  # fmt: skip
        if type != "default":
            el["type"] = type
        here = self._here()
        path = self._emit(_status_wire(el))
        return StatusContainer(here._ctx, path, here._form_id, False, here._form_clears, status=el)

    def toast(
        self,
        body: object,
        *,
        icon: str | None = None,
        duration: Literal["short", "long", "infinite"] | int = "short",
    ) -> ToastHandle:
        """Show a short message at the page's top right; toasts stack, and each disappears
        after its duration. A rerun that calls it again at the same place does not show it
        again. Returns a handle whose ``.toast(...)`` changes it while it shows.

        Args:
            body: the message, inline markdown.
            icon: an emoji, or a Material icon as ``":material/name:"``, before it.
            duration: ``"short"`` (4 s), ``"long"`` (10 s), ``"infinite"`` (until closed), or
                seconds.
        """
        el = _toast_el(body, icon, duration)
        here = self._here()
        if here._path[0] == protocol.SIDEBAR:
            # Streamlit shows this error in the toast's place
            path = self._emit({"kind": "alert", "level": "error", "html": markdown_html(_SIDEBAR_TOAST), "icon": None})
        else:
            path = self._emit(el)
        return ToastHandle(here, path)

    def balloons(self) -> None:
        """Float balloons up the page once (not again when a rerun calls it at the same place)."""
        self._emit({"kind": "celebration", "effect": "balloons"})

    def snow(self) -> None:
        """Let snowflakes fall over the page once (not again when a rerun calls it at the same
        place)."""
        self._emit({"kind": "celebration", "effect": "snow"})

    @laid_out("width")
    @returns_handle
    def badge(
        self,
        label: str,
        *,
        icon: str | None = None,
        color: Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary"] = "blue",
        width: Width = "content",
        help: str | None = None,
    ) -> None:
        """Show a small coloured label, the same as the markdown ``:blue-badge[label]``.

        Args:
            label: its text, inline markdown.
            icon: an emoji, or a Material icon as ``":material/name:"``, before it.
            color: its colour.
            help: a tooltip shown next to it.
        """
        if color not in _BADGE_COLORS:
            raise StreamlitValueError(f"color must be one of {_BADGE_COLORS}, not {color!r}")
        prefix = f"{check_icon(icon)} " if icon is not None else ""
        escaped = str(label).replace("[", "\\[").replace("]", "\\]")
        el: dict[str, Any] = {"kind": "markdown", "variant": "body"}
        el["html"] = markdown_html(f":{color}-badge[{prefix}{escaped}]")
        if help is not None:
            el["help"] = str(help)
        self._emit(el)

    @laid_out("width")
    @returns_handle
    def help(self, obj: Any = _PACKAGE, *, width: WidthWithoutContent = "stretch") -> None:
        """Show an object's name, type, signature (or value), docstring, and its public
        attributes and methods with their own signatures or values and docstrings.

        Args:
            obj: what to describe; by default the ``jupyter_reactive`` module.
        """
        if obj is _PACKAGE:
            # the public package, which the kernel side does not import statically
            obj = importlib.import_module(__name__.split(".", 1)[0])
            name: str | None = None
        else:
            name = _argument_text(_script_frame())
        self._emit(help_element(obj, name))

    def echo(self, code_location: Literal["above", "below"] = "above") -> Echo:
        """Use as ``with jr.echo():``: show the block's own source as code, then run it
        (its output goes below the code, or above it with ``code_location="below"``).

        Args:
            code_location: where the code goes: ``"above"`` or ``"below"`` the block's output.
        """
        if code_location not in ("above", "below"):
            raise StreamlitValueError(f"code_location must be 'above' or 'below', not {code_location!r}")
        caller = _script_frame()
        return Echo(self._here(), caller.f_code.co_filename, caller.f_lineno, code_location)


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _script_frame() -> FrameType:
    """The frame of the script's code that called into this package."""
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
    return frame


def _argument_text(frame: FrameType) -> str | None:
    """What a ``help(<here>)`` call on the frame's current line passes, as Streamlit names the
    object: a walrus's target, nothing for a constant, else the argument's source (first line)."""
    line = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    try:
        tree = ast.parse(line)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "help") or (
            isinstance(func, ast.Name) and func.id == "help"
        ):
            arg = node.args[0]
            if isinstance(arg, ast.NamedExpr) and isinstance(arg.target, ast.Name):
                return arg.target.id
            if isinstance(arg, ast.Constant):
                return None
            text = ast.get_source_segment(line, arg)
            return text.split("\n", 1)[0] if text else None
    return None


def _status_wire(el: dict[str, Any]) -> dict[str, Any]:
    """The status block as sent: its label rendered as inline markdown."""
    return {**el, "label": markdown_html(el["label"], inline=True)}


class Echo:
    """The context manager ``jr.echo()`` returns (see :meth:`ContainersMixin.echo`)."""

    def __init__(self, container: Container, filename: str, lineno: int, where: str):
        self._container = container
        self._filename = filename
        self._lineno = lineno
        self._where = where
        self._slot: Container | None = None

    def __enter__(self) -> None:
        if self._where == "above":
            self._slot = self._container.empty()

    def __exit__(
        self, typ: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> Literal[False]:
        if typ is not None and issubclass(typ, ScriptControl):
            return False  # the run is ending (rerun, stop): nothing more to draw
        source = block_source(self._filename, self._lineno)
        target = self._slot if self._slot is not None else self._container
        target.code(source, "python")
        return False


def block_source(filename: str, lineno: int) -> str:
    """The source of the indented block under the ``with`` statement at ``lineno`` (1-based):
    the lines after it (the statement may span several) indented deeper than it, dedented."""
    lines = linecache.getlines(filename)
    if not 0 < lineno <= len(lines):
        return ""
    head = lines[lineno - 1]
    indent = len(head) - len(head.lstrip())
    i = lineno - 1
    # a `with` spanning several lines ends at the line whose code ends with ":"
    while i < len(lines) and not lines[i].split("#", 1)[0].rstrip().endswith(":"):
        i += 1
    body: list[str] = []
    for line in lines[i + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        body.append(line)
    while body and not body[-1].strip():
        body.pop()
    return textwrap.dedent("".join(body)).rstrip("\n")


# -- help ---------------------------------------------------------------------------------------

_MAX_MEMBERS = 200
_MAX_VALUE = 300


def _short(text: str) -> str:
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def _first_paragraph(doc: str) -> str:
    return doc.strip().split("\n\n", 1)[0].strip()


def _describe(obj: Any) -> str:
    """A callable's signature (``name(a, b=1)``), else the value's repr, shortened."""
    if callable(obj):
        try:
            return _short(f"{getattr(obj, '__name__', '')}{inspect.signature(obj)}")
        except (TypeError, ValueError):
            return _short(f"{getattr(obj, '__name__', '')}(...)")
    try:
        return _short(repr(obj))
    except Exception:
        return f"<{type(obj).__name__}>"


def _doc(obj: Any) -> str:
    try:
        doc = inspect.getdoc(obj)
    except Exception:
        doc = None
    return doc or ""


def help_element(obj: Any, name: str | None = None) -> dict[str, Any]:
    """The ``help`` element for ``obj``: as Streamlit shows it, the name (``name``: the
    expression the script passed, else the object's own name), type, signature or value,
    docstring, and the public members (for modules, classes and other objects with attributes;
    not for plain values such as numbers and strings)."""
    if name is None:
        name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None) or ""
    members: list[dict[str, str]] = []
    plain = isinstance(obj, (str, bytes, int, float, complex, bool, type(None), list, tuple, dict, set))
    if not plain:
        for attr in dir(obj):
            if attr.startswith("_"):
                continue
            try:
                value = getattr(obj, attr)
            except Exception:
                continue
            if inspect.ismodule(value) and not inspect.ismodule(obj):
                continue
            members.append(
                {
                    "name": attr,
                    "type": type(value).__name__,
                    "value": _describe(value),
                    "doc": _first_paragraph(_doc(value)) if callable(value) or inspect.ismodule(value) else "",
                }
            )
            if len(members) >= _MAX_MEMBERS:
                break
    doc = _doc(obj) if not plain or isinstance(obj, type) else ""
    return {
        "kind": "help",
        "name": str(name),
        "type": type(obj).__name__,
        "value": _describe(obj),
        "doc": doc,
        "members": members,
    }
