"""Choice widgets: ``selectbox``, ``radio``, ``multiselect`` (script thread; see
:mod:`.widget_base`). Options can be any Python objects: the wire carries their indices."""

from __future__ import annotations

import html as _html
from collections.abc import Callable, Iterable
from typing import Any, Literal

from ..display import markdown_html
from ..errors import (
    StreamlitAPIException,
    StreamlitInvalidParameterTypeError,
    StreamlitSelectionCountExceedsMaxError,
    StreamlitValueError,
)
from ..params import BindOption, PersistStateOption, Width, WidthWithoutContent, laid_out, persists
from ..state import WidgetValueError
from .widget_base import (
    Callback,
    LabelVisibility,
    WidgetBase,
    default_list,
    field_icon,
    index,
    option_list,
    position,
)

# multiselect's placeholder when none is given, as Streamlit 1.67 words it, by (has options,
# accepts new options); True: nothing can be chosen, so the list is disabled too
_MULTISELECT_PLACEHOLDERS: dict[tuple[bool, bool], tuple[str, bool]] = {
    (True, False): ("Choose options", False),
    (True, True): ("Choose or add options", False),
    (False, True): ("Add options", False),
    (False, False): ("No options to select", True),
}
# the same for a select box
_SELECTBOX_PLACEHOLDERS: dict[tuple[bool, bool], tuple[str, bool]] = {
    (True, False): ("Choose an option", False),
    (True, True): ("Choose or add an option", False),
    (False, True): ("Add an option", False),
    (False, False): ("No options to select", True),
}
_FILTER_MODES = ("fuzzy", "contains", "prefix", None)
_NEW_OPTION_MAX = 1000  # characters of an option the viewer typed


def _filter_mode(filter_mode: Any, accept_new: bool) -> dict[str, Any]:
    """``filter_mode`` checked as Streamlit checks it, as the element carries it (absent: fuzzy)."""
    if not any(filter_mode is m or (isinstance(filter_mode, str) and filter_mode == m) for m in _FILTER_MODES):
        raise StreamlitValueError(f"filter_mode must be 'fuzzy', 'contains', 'prefix' or None, not {filter_mode!r}")
    if filter_mode is None and accept_new:
        raise StreamlitAPIException(
            "filter_mode=None and accept_new_options=True cannot be used together: a new option is typed"
        )
    return {} if filter_mode == "fuzzy" else {"filter_mode": filter_mode}


#: Streamlit 1.67's default ``select_all``: the entry shows for up to 1000 options offered
SELECT_ALL_DEFAULT = 1000


def _select_all(select_all: Any) -> int:
    """``multiselect(select_all=)`` on the wire, as Streamlit 1.67 encodes it: -1 always, 0
    never, else the most options offered for which the entry shows (capped at int32's max)."""
    if isinstance(select_all, bool):
        return -1 if select_all else 0
    if isinstance(select_all, int):
        if select_all < 0:
            raise StreamlitValueError(
                "Invalid `select_all` value. Supported values: True, False, a non-negative integer. "
                "When using an int, `select_all` must be a non-negative integer."
            )
        return min(select_all, 2**31 - 1)
    raise StreamlitInvalidParameterTypeError(
        f"Invalid `select_all` type. Expected one of: bool, int. Provided type: {type(select_all).__name__}."
    )


def _new_option(wire: str) -> str:
    """Text the viewer typed as an option of their own, checked."""
    if not 0 < len(wire) <= _NEW_OPTION_MAX:
        raise WidgetValueError(f"a new option must be 1 to {_NEW_OPTION_MAX} characters")
    return wire


class ChoicesMixin(WidgetBase):
    """Select boxes, radio groups and multi-selects."""

    def _choice(
        self,
        kind: str,
        label: str,
        options: Iterable[Any],
        chosen: int | None,
        format_func: Callable[[Any], Any],
        extra: dict[str, Any],
        accept_new: bool = False,
        **common: Any,
    ) -> Any:
        """One choice among ``options`` (the wire carries its position; with ``accept_new``, text
        the viewer typed as an option of their own: returned as a string)."""
        opts = option_list(options)
        labels = [str(format_func(o)) for o in opts]
        if chosen is not None and (
            isinstance(chosen, bool) or not isinstance(chosen, int) or not 0 <= chosen < max(len(opts), 1)
        ):
            raise ValueError(f"index {chosen!r} is out of range for {len(opts)} options")
        default = opts[chosen] if chosen is not None and opts else None
        allow_none = chosen is None or not opts
        if "captions" in extra and len(extra["captions"]) != len(opts):
            raise ValueError(f"captions has {len(extra['captions'])} entries for {len(opts)} options")
        if kind == "radio":
            # Streamlit shows radio options as markdown: sent as HTML (escaped, like captions)
            # only when some option has markdown in it, so a plain group costs nothing more
            shown = [markdown_html(t, inline=True) for t in labels]
            if any(h != _html.escape(t, quote=False) for h, t in zip(shown, labels, strict=True)):
                extra = {**extra, "options_html": shown}

        def deserialize(wire: Any) -> Any:
            if wire is None and allow_none:
                return None
            if accept_new and isinstance(wire, str):
                # a typed text equal to an option's label chooses that option
                return opts[labels.index(wire)] if wire in labels else _new_option(wire)
            return opts[index(wire, len(opts))]

        def serialize(value: Any) -> int | str | None:
            if value is None and allow_none:
                return None
            if value is None and not any(o is None for o in opts):
                raise ValueError("no option selected")
            try:
                return position(opts, value)  # None may be an option itself: (None, "ℹ️", "✅")
            except ValueError:
                if not (accept_new and isinstance(value, str)):
                    raise
                return value

        return self._widget(
            kind,
            label,
            default,
            deserialize,
            serialize,
            parts=(tuple(labels), chosen),
            extra={"options": labels, **extra},
            value_given=chosen != 0,
            **common,
        )

    @persists
    @laid_out("width", content=False)
    def selectbox(
        self,
        label: str,
        options: Iterable[Any],
        index: int | None = 0,
        format_func: Callable[[Any], Any] = str,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        placeholder: str | None = None,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        required: bool = False,
        icon: str | None = None,
        accept_new_options: bool = False,
        filter_mode: Literal["fuzzy", "contains", "prefix"] | None = "fuzzy",
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> Any:
        """Show a drop-down list; returns the chosen option (None when nothing is chosen).

        Args:
            label: the text above the list.
            options: the options (any objects; shown through ``format_func``).
            index: the position of the option chosen at first; None for none.
            format_func: how an option is shown (default ``str``).
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            placeholder: the text shown while nothing is chosen.
            disabled: show it greyed out and unchangeable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
            accept_new_options: the viewer may also type an option of their own; it is returned as
                a string (a typed text equal to an option's label chooses that option).
            filter_mode: how typed text filters the options: ``"fuzzy"`` (its letters in order,
                best match first), ``"contains"``, ``"prefix"``, or None (no typing).
            icon: an emoji, ``":material/icon_name:"`` or ``"spinner"`` inside the box at the
                left.
            required: the viewer can change the choice but not clear it, and a form is not
                submitted while nothing is chosen (``index=None``); the label says "(required)".
        """
        shown_icon = field_icon(icon)
        opts = option_list(options)  # read once: options may be an iterator
        accept_new = bool(accept_new_options)
        extra: dict[str, Any] = _filter_mode(filter_mode, accept_new)
        if shown_icon is not None:
            extra["icon"] = shown_icon
        if placeholder is None:
            placeholder, empty = _SELECTBOX_PLACEHOLDERS[bool(opts), accept_new]
            disabled = disabled or empty
        elif not isinstance(placeholder, str):
            raise TypeError(f"placeholder must be a string or None, not {type(placeholder).__name__}")
        extra["placeholder"] = placeholder
        if required:
            extra["required"] = True  # no clearing back to None; a form waits for a choice
        elif index is None:
            extra["clearable"] = True  # Streamlit's box can be cleared back to None
        if accept_new:
            extra["accept_new_options"] = True
        return self._choice(
            "selectbox",
            label,
            opts,
            index,
            format_func,
            extra,
            accept_new,
            keyed=(accept_new,),
            key=key,
            bind=bind,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
        )

    @persists
    @laid_out("width")
    def radio(
        self,
        label: str,
        options: Iterable[Any],
        index: int | None = 0,
        format_func: Callable[[Any], Any] = str,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        horizontal: bool = False,
        captions: Iterable[str] | None = None,
        label_visibility: LabelVisibility = "visible",
        width: Width = "content",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> Any:
        """Show a group of radio buttons; returns the chosen option (None when nothing is).

        Args:
            label: the text above the group.
            options: the options (any objects; shown through ``format_func``).
            index: the position of the option chosen at first; None for none.
            format_func: how an option is shown (default ``str``).
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unchangeable.
            horizontal: lay the options out in a row.
            captions: a caption under each option (inline markdown), one per option.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
        """
        extra: dict[str, Any] = {"horizontal": bool(horizontal)}
        if captions is not None:
            extra["captions"] = [markdown_html(str(c), inline=True) for c in captions]
        return self._choice(
            "radio",
            label,
            options,
            index,
            format_func,
            extra,
            key=key,
            bind=bind,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
        )

    @persists
    @laid_out("width", "wrap", content=False)
    def multiselect(
        self,
        label: str,
        options: Iterable[Any],
        default: Any = None,
        format_func: Callable[[Any], Any] = str,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        max_selections: int | None = None,
        placeholder: str | None = None,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        accept_new_options: bool = False,
        filter_mode: Literal["fuzzy", "contains", "prefix"] | None = "fuzzy",
        select_all: bool | int = 1000,
        width: WidthWithoutContent = "stretch",
        wrap: bool | None = None,
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> list[Any]:
        """Show a multi-choice list; returns the chosen options, in the order chosen.

        Args:
            label: the text above the list.
            options: the options (any objects; shown through ``format_func``).
            default: the option or options chosen at first.
            format_func: how an option is shown (default ``str``).
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            max_selections: the most options that can be chosen.
            placeholder: the text shown while nothing is chosen; by default Streamlit 1.67's for
                the case ("Choose options", "Choose or add options", "Add options", or "No options
                to select", which also disables the list).
            disabled: show it greyed out and unchangeable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
            accept_new_options: the viewer may also type options of their own; they are returned
                as strings (a typed text equal to an option's label chooses that option).
            select_all: a first entry of the list, "Select all" (or "Select N matches" while
                typed text filters), that chooses every option offered: shown when two or more
                are offered and at most ``select_all`` (True: always, False or 0: never).
        """
        threshold = _select_all(select_all)
        opts = option_list(options)
        accept_new = bool(accept_new_options)
        labels = [str(format_func(o)) for o in opts]
        chosen = default_list(default)
        for i, item in enumerate(chosen):
            try:
                chosen[i] = opts[position(opts, item)]  # the option itself, as Streamlit returns it
            except ValueError:  # a default that is not an option
                if not (accept_new and isinstance(item, str)):
                    raise

        def vet(value: list[Any]) -> None:
            if max_selections is not None and len(value) > max_selections:
                raise StreamlitSelectionCountExceedsMaxError(len(value), max_selections)

        vet(chosen)

        def deserialize(wire: Any) -> list[Any]:
            if not isinstance(wire, list):
                raise WidgetValueError("value must be a list of options")
            picked: list[int | str] = []
            for w in wire:
                if accept_new and isinstance(w, str):
                    picked.append(labels.index(w) if w in labels else _new_option(w))
                else:
                    picked.append(index(w, len(opts)))
            if len(set(picked)) != len(picked):
                raise WidgetValueError("an option was chosen twice")
            if max_selections is not None and len(picked) > max_selections:
                raise WidgetValueError(f"at most {max_selections} options may be chosen")
            return [p if isinstance(p, str) else opts[p] for p in picked]

        def serialize(value: Any) -> list[int | str]:
            out: list[int | str] = []
            for v in value:
                try:
                    out.append(position(opts, v))
                except ValueError:
                    if not (accept_new and isinstance(v, str)):
                        raise
                    out.append(v)
            return out

        if placeholder is None:
            placeholder, empty = _MULTISELECT_PLACEHOLDERS[bool(opts), accept_new]
            disabled = disabled or empty
        elif not isinstance(placeholder, str):
            raise TypeError(f"placeholder must be a string or None, not {type(placeholder).__name__}")
        extra: dict[str, Any] = {"options": labels, "max_selections": max_selections, "placeholder": placeholder}
        extra.update(_filter_mode(filter_mode, accept_new))
        if accept_new:
            extra["accept_new_options"] = True
        if threshold != SELECT_ALL_DEFAULT:
            extra["select_all"] = threshold

        return self._widget(
            "multiselect",
            label,
            chosen,
            deserialize,
            serialize,
            key=key,
            bind=bind,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(tuple(labels), tuple(serialize(chosen))),
            keyed=(max_selections, accept_new),
            value_given=bool(chosen),
            extra=extra,
            vet=vet,
        )
