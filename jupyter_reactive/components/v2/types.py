"""Streamlit's ``streamlit.components.v2.types``: the argument types of a component's mounting
command and its signature, for code that wraps or annotates one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, Protocol

from ...kernel.elements.components_v2 import ComponentResult

BidiComponentKey = str | int | None
BidiComponentData = Any | None
BidiComponentDefaults = dict[str, Any] | None
ComponentIsolateStyles = bool


class ComponentRenderer(Protocol):
    """What ``components.v2.component`` returns: mount one instance, get its values."""

    def __call__(
        self,
        *,
        key: BidiComponentKey = None,
        data: BidiComponentData = None,
        default: BidiComponentDefaults = None,
        width: int | Literal["stretch", "content"] = "stretch",
        height: int | Literal["stretch", "content"] = "content",
        **on_callbacks: Callable[[], Any] | None,
    ) -> ComponentResult: ...


__all__ = [
    "BidiComponentData",
    "BidiComponentDefaults",
    "BidiComponentKey",
    "ComponentIsolateStyles",
    "ComponentRenderer",
]
