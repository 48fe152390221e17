"""``components.v2``: ``component(name, html=, css=, js=, isolate_styles=)`` declares a component;
calling what it returns mounts one instance and returns its state and trigger values (a
:class:`ComponentResult`). The code is in :mod:`jupyter_reactive.kernel.elements.components_v2`;
an instance is written into the current run's innermost ``with`` block, as every ``jr.*`` call is.

Unlike Streamlit, the component's HTML, CSS and script run in a sandboxed frame with an opaque
origin: ``document`` is the frame's own, and the app's page, cookies and socket are out of reach.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from ...kernel.api import main as _main
from ...kernel.elements.components_v2 import ComponentResult, latest, register
from .types import ComponentRenderer


def component(
    name: str,
    *,
    html: str | None = None,
    css: str | None = None,
    js: str | None = None,
    isolate_styles: bool = True,
) -> ComponentRenderer:
    """Register a component and return the command that mounts it.

    Args:
        name: the component's name; one registered again replaces the earlier one (a warning in
            the log), as in Streamlit.
        html: inline HTML for the component's root (no ``<html>``/``<body>`` needed).
        css: inline CSS. A path or glob (Streamlit's file-backed assets of an installed package)
            is refused: only inline text is taken here.
        js: an inline ES module whose default export is called with ``{name, key, data,
            parentElement, setStateValue, setTriggerValue}`` on every render and may return a
            cleanup function. A path or glob is refused, as for ``css``.
        isolate_styles: True (default): the HTML and CSS go in a shadow root and
            ``parentElement`` is that ``ShadowRoot``; False: a plain element of the frame's page.

    Returns:
        ``mount(*, key=None, data=None, default=None, width="stretch", height="content",
        **on_<name>_change)``, which draws one instance and returns its :class:`ComponentResult`.
    """
    definition = register(name, html, css, js, isolate_styles)

    def mount(
        *,
        key: str | int | None = None,
        data: Any = None,
        default: dict[str, Any] | None = None,
        width: int | Literal["stretch", "content"] = "stretch",
        height: int | Literal["stretch", "content"] = "content",
        **on_callbacks: Callable[[], Any] | None,
    ) -> ComponentResult:
        """Mount the component: ``data`` goes to its script (JSON, bytes, a table as Arrow, or a
        dict of those); ``default`` gives state values their starting value (each needs its
        ``on_<name>_change``); ``on_<name>_change`` runs when that state value changes or that
        trigger fires. Returns the state values and, for each callback's name, its trigger value
        (None unless it fired for this run)."""
        if "isolate_styles" in on_callbacks:  # Streamlit's older spelling, ignored with a warning
            on_callbacks.pop("isolate_styles")
            import logging

            logging.getLogger("jupyter_reactive").warning(
                "Passing `isolate_styles` when mounting a component is deprecated and ignored; set it in "
                "components.v2.component(..., isolate_styles=...) instead."
            )
        return _main._bidi_component(
            latest(name, definition),
            key=key,
            data=data,
            default=default,
            width=width,
            height=height,
            callbacks=on_callbacks,
        )

    return mount


__all__ = ["ComponentRenderer", "ComponentResult", "component"]
