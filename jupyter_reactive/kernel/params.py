"""Streamlit parameters that jupyter_reactive accepts but does not implement yet (script thread).

An API function declares them with :func:`unsupported`; when a script passes one with a value
other than its default, the page gets a ``notice`` of level ``warning`` naming it, once per
session per (function, parameter), and the call goes on without it. A parameter is never
silently dropped: ``tests/kernel/test_api.py`` fails on a parameter that a public function
neither reads nor declares here.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from typing import Any, Literal, TypeAlias, TypeVar

from .delta import BaseContainer

F = TypeVar("F", bound=Callable[..., Any])

# Streamlit's layout and state parameter types (their names, so signatures read the same)
Width: TypeAlias = int | Literal["stretch", "content"]
WidthWithoutContent: TypeAlias = int | Literal["stretch"]
Height: TypeAlias = int | Literal["stretch", "content"]
TextAlignment: TypeAlias = Literal["left", "center", "right", "justify"]
IconPosition: TypeAlias = Literal["left", "right"]
BindOption: TypeAlias = Literal["query-params"] | None
PersistStateOption: TypeAlias = Literal["page", "session"] | None

DECLARED = "__jr_unsupported__"  # the attribute that lists a function's declared parameters


def unsupported(*names: str) -> Callable[[F], F]:
    """Declare parameters of a Container method that are accepted and ignored (with a warning).
    The signature, docstring and type of the method are kept (``functools.wraps``)."""

    def decorate(func: F) -> F:
        params = list(inspect.signature(func).parameters.values())
        spots: list[tuple[str, int | None, Any]] = []
        for name in names:
            (param,) = [p for p in params if p.name == name]  # a typo fails at import
            positional = param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD)
            # index among the arguments after ``self``
            spots.append((name, params.index(param) - 1 if positional else None, param.default))

        @functools.wraps(func)
        def call(self: BaseContainer, *args: Any, **kwargs: Any) -> Any:
            for name, index, default in spots:
                if name in kwargs:
                    value = kwargs[name]
                elif index is not None and index < len(args):
                    value = args[index]
                else:
                    continue
                if not _same(value, default):
                    warn(self, func.__name__, name)
            return func(self, *args, **kwargs)

        setattr(call, DECLARED, names)
        listed = ", ".join(f"``{n}``" for n in names)
        call.__doc__ = (
            inspect.cleandoc(func.__doc__ or "")
            + f"\n\nAccepted but not implemented yet (the viewer is warned once if given): {listed}."
        )
        return call  # type: ignore[return-value]

    return decorate


def warn(container: BaseContainer, function: str, parameter: str) -> None:
    """Tell the page once per session that ``function(parameter=…)`` was ignored."""
    ctx = container._run_context()
    if ctx is None or (function, parameter) in ctx.warned:
        return
    ctx.warned.add((function, parameter))
    ctx.writer.outbox.notice("warning", f"jr.{function}({parameter}=…) is not supported yet and was ignored.")


def _same(value: Any, default: Any) -> bool:
    if value is default:
        return True
    try:
        return bool(value == default)
    except Exception:
        return False


# -- persist_state: one decorator for every widget that has it ---------------------------------

PERSISTS = "__jr_persists__"  # marks a function whose persist_state the decorator implements


def persists(func: F) -> F:
    """Implement a widget's ``persist_state`` (Streamlit 1.67) in one place: the call's value
    goes to the run context, where the widget's registration takes it
    (:meth:`~.elements.widget_base.WidgetBase._widget` checks it after ``bind``, as Streamlit's
    ``register_widget`` does, and :class:`~.state.SessionState` keeps the value of a persisted
    widget a run does not draw)."""
    spots = _Spots(inspect.signature(func), ("persist_state",))

    @functools.wraps(func)
    def call(self: BaseContainer, *args: Any, **kwargs: Any) -> Any:
        given = spots.given(args, kwargs)
        scope = None if given is None else given.get("persist_state")
        ctx = self._here()._ctx
        if scope is None or ctx is None:  # None, or a call that does not fit (Python says so)
            return func(self, *args, **kwargs)
        before = ctx.persist
        ctx.persist = scope
        try:
            return func(self, *args, **kwargs)
        finally:
            ctx.persist = before

    setattr(call, PERSISTS, ("persist_state",))
    return call  # type: ignore[return-value]


# -- Streamlit's layout parameters: one decorator for every element and widget ------------------

LAID_OUT = "__jr_laid_out__"  # the attribute that lists the layout parameters a function takes
TEXT_ALIGNMENTS = ("left", "center", "right", "justify")


def laid_out(*names: str, content: bool = True) -> Callable[[F], F]:
    """Implement Streamlit's layout parameters of a Container method in one place: ``width``,
    ``height``, ``text_alignment``, ``wrap``, ``use_container_width`` (the older spelling of
    ``width="stretch"``/``"content"``) and ``alt`` (the element's accessible description). The
    values are checked before the method runs (a bad one raises
    :class:`~.errors.StreamlitValueError`, an API exception and a ``ValueError``); those other
    than the method's own defaults go into the ``sizing`` field (schema ``Sizing``; ``alt``
    beside it) of the first element the call writes, which the page applies in one function.
    Inside a horizontal container the width is always sent, so the page knows which children
    stretch. ``content=False``: ``width="content"`` is refused, as in Streamlit for that
    function."""

    def decorate(func: F) -> F:
        sig = inspect.signature(func)
        for name in names:
            if name not in sig.parameters:  # a typo fails at import
                raise TypeError(f"{func.__name__} has no parameter {name}")
        defaults = {n: sig.parameters[n].default for n in names}
        spots = _Spots(sig, names)

        @functools.wraps(func)
        def call(self: BaseContainer, *args: Any, **kwargs: Any) -> Any:
            given = spots.given(args, kwargs)
            if given is None:  # an argument given twice, or a call that does not fit: as Python says
                bound = sig.bind(self, *args, **kwargs)
                given = {n: bound.arguments[n] for n in names if n in bound.arguments}
            fields: dict[str, Any] = {}
            try:
                sizing = layout_sizing(func.__name__, given, defaults, content)
                alt = given.get("alt")
                if alt is not None:
                    fields["alt"] = _alt(func.__name__, alt)
            except ValueError:
                sig.bind(self, *args, **kwargs)  # a call that does not fit (a missing argument) says so first
                raise
            here = self._here()
            ctx = here._ctx
            if here._horizontal and "width" in defaults and "width" not in sizing:
                # side by side: the page must know which children stretch ("auto" is the content's there)
                width = defaults["width"]
                sizing["width"] = width if width in ("stretch", "content") or _pixels(width) else "content"
            if sizing:
                fields["sizing"] = sizing
            if ctx is None:
                return func(self, *args, **kwargs)
            before = ctx.laid
            ctx.laid = fields or None
            try:
                return func(self, *args, **kwargs)
            finally:
                ctx.laid = before

        setattr(call, LAID_OUT, names)
        return call  # type: ignore[return-value]

    return decorate


class _Spots:
    """Where a call passes each of a function's layout parameters: the index among the
    arguments after ``self`` of one that can be positional, else None (keyword only); and what
    a call may pass at all, so that one that does not fit goes to ``Signature.bind``."""

    def __init__(self, sig: inspect.Signature, names: tuple[str, ...]) -> None:
        params = list(sig.parameters.values())[1:]  # after self
        kinds = {p.kind for p in params}
        spots: list[tuple[str, int | None]] = []
        for name in names:
            param = sig.parameters[name]
            positional = param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD)
            spots.append((name, params.index(param) if positional else None))
        self.spots = tuple(spots)
        n_positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
        self.most_positional = sys.maxsize if inspect.Parameter.VAR_POSITIONAL in kinds else n_positional
        self.keywords: frozenset[str] | None = (
            None
            if inspect.Parameter.VAR_KEYWORD in kinds
            else frozenset(p.name for p in params if p.kind is not p.POSITIONAL_ONLY)
        )

    def given(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any] | None:
        """The layout arguments a call passed, as ``Signature.bind`` would list them, without
        binding every other parameter on each element call (the script thread's hot path).
        None for a call only ``bind`` may judge: too many arguments, an unknown name, or a
        parameter given both by position and by name."""
        if len(args) > self.most_positional or (self.keywords is not None and not self.keywords.issuperset(kwargs)):
            return None
        given: dict[str, Any] = {}
        for name, index in self.spots:
            if index is not None and index < len(args):
                if name in kwargs:
                    return None
                given[name] = args[index]
            elif name in kwargs:
                given[name] = kwargs[name]
        return given


def _alt(function: str, alt: Any) -> str:
    from .errors import StreamlitValueError

    if isinstance(alt, str):
        return alt
    raise StreamlitValueError(f"Invalid alt {alt!r} for {function}: it must be a string.")


def _pixels(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _value_error(message: str) -> Exception:
    """A ``StreamlitValueError`` (imported when one is raised: not on every element call)."""
    from .errors import StreamlitValueError

    return StreamlitValueError(message)


def layout_sizing(function: str, given: dict[str, Any], defaults: dict[str, Any], content: bool) -> dict[str, Any]:
    """The ``sizing`` field for these arguments: checked, and only what differs from the defaults.
    A bad value raises ``StreamlitValueError`` (a ``StreamlitAPIException`` and a ``ValueError``)."""
    out: dict[str, Any] = {}
    width = given.get("width", defaults.get("width"))
    ucw = given.get("use_container_width")
    if ucw is not None and "width" not in given:
        width = "stretch" if ucw else "content"
    if "width" in defaults and width is not None and width != "auto":
        allowed = ("stretch", "content") if content else ("stretch",)
        if not (width in allowed and isinstance(width, str)) and not _pixels(width):
            spelled = " or ".join(f'"{a}"' for a in allowed)
            raise _value_error(
                f"Invalid width value {width!r} for {function}: width must be {spelled} or a positive integer (pixels)."
            )
        if width != defaults["width"]:
            out["width"] = width
    if "height" in given and given["height"] != defaults.get("height"):
        height = given["height"]
        if height is not None and height != "auto":
            if not (height in ("stretch", "content") and isinstance(height, str)) and not _pixels(height):
                raise _value_error(
                    f'Invalid height value {height!r} for {function}: height must be "stretch", "content" or a '
                    "positive integer (pixels)."
                )
            out["height"] = height
    if "text_alignment" in given:
        align = given["text_alignment"]
        if not (isinstance(align, str) and align in TEXT_ALIGNMENTS):
            raise _value_error(
                f"Invalid text_alignment {align!r} for {function}: it must be one of "
                + ", ".join(f'"{a}"' for a in TEXT_ALIGNMENTS)
                + "."
            )
        if align != "left":
            out["text_alignment"] = align
    if "wrap" in given and given["wrap"] is not None:
        if not isinstance(given["wrap"], bool):
            raise _value_error(f"Invalid wrap value {given['wrap']!r} for {function}: it must be True or False.")
        if given["wrap"] is False:
            out["wrap"] = False
    return out
