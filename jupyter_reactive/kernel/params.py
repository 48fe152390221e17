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
from collections.abc import Callable
from typing import Any, Literal, TypeAlias, TypeVar

from .delta import BaseContainer

F = TypeVar("F", bound=Callable[..., Any])

# Streamlit's layout and state parameter types (their names, so signatures read the same)
Width: TypeAlias = int | Literal["stretch", "content"]
WidthWithoutContent: TypeAlias = int | Literal["stretch"]
Height: TypeAlias = int | Literal["stretch", "content"]
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
