"""``StatusContainer``: what ``jr.status`` returns, a Container with ``.update()`` (script thread).

Its own module because it subclasses :class:`~.container.Container`, which composes the element
families, including the one whose ``status`` method makes it.
"""

from __future__ import annotations

from typing import Any, Literal

from .container import Container
from .delta import Path, RunContext
from .elements.containers import _STATES, _status_wire
from .errors import StreamlitValueError
from .requests import ScriptControl


class StatusContainer(Container):
    """A status container (``jr.status``): write into it like any container; ``update``
    changes its label, state or expanded state and keeps what it holds."""

    def __init__(
        self,
        ctx: RunContext | None,
        path: Path,
        form_id: str | None,
        single_slot: bool,
        form_clears: bool,
        *,
        status: dict[str, Any],
    ):
        super().__init__(ctx, path, form_id, single_slot, form_clears)
        self._status = dict(status)

    def update(
        self,
        *,
        label: str | None = None,
        expanded: bool | None = None,
        state: Literal["running", "complete", "error"] | None = None,
    ) -> None:
        """Change the status; what is not given stays (``expanded=None`` leaves it open or
        closed as the viewer left it).

        Args:
            label: a new header, inline markdown.
            expanded: open (True) or close (False) it.
            state: ``"running"``, ``"complete"`` or ``"error"``.
        """
        if state is not None and state not in _STATES:
            raise StreamlitValueError(f"state must be one of {_STATES}, not {state!r}")
        self._apply(label, expanded, state, check=True)

    def _apply(self, label: str | None, expanded: bool | None, state: str | None, check: bool) -> None:
        if label is not None:
            self._status["label"] = str(label)
        if state is not None:
            self._status["state"] = state
        if expanded is not None:
            self._status["expanded"] = bool(expanded)
        if self._ctx is None:
            return
        if check:
            self._yield_point()
        self._ctx.writer.rewrite_block(self._path, _status_wire(self._status))

    def __enter__(self) -> StatusContainer:
        super().__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        typ = exc[0] if exc else None
        # a rerun or stop ends the run here: no state to show for it
        ending = isinstance(typ, type) and issubclass(typ, ScriptControl)
        if self._status["state"] == "running" and not ending:
            self._apply(None, None, "error" if typ is not None else "complete", check=False)
        super().__exit__(*exc)


__all__ = ["StatusContainer"]
