"""Buttons, booleans and text inputs: ``button``, ``form_submit_button``, ``checkbox``,
``toggle``, ``text_input``, ``text_area`` (script thread; see :mod:`.widget_base`)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from typing import Any, Literal, overload

from ..errors import (
    StreamlitAPIException,
    StreamlitIncompatibleParametersError,
    StreamlitInvalidParameterTypeError,
    StreamlitValueError,
)
from ..fragments import FragmentError, parse_duration
from ..params import (
    BindOption,
    IconPosition,
    PersistStateOption,
    Width,
    WidthWithoutContent,
    laid_out,
    persists,
)
from ..state import WidgetValueError
from .shortcuts import face_fields
from .widget_base import (
    ButtonType,
    Callback,
    LabelVisibility,
    WidgetBase,
    boolean,
    field_icon,
    index,
    option_list,
    trigger,
)

TextInputType = Literal["default", "password", "email", "url", "phone", "search"]

# Streamlit's smart defaults per ``text_input(type=...)``: icon, placeholder, validation rule
# (a JavaScript regex, anchored, and its message) and autocomplete. None (or omitted) in the call
# takes the type's default, "" turns the feature off, any other value replaces it.
_EMAIL_RULE = (r"^[^\s@]+@[^\s@]+\.[^\s@]+$", "Enter a valid email address.")
_URL_RULE = (r"^([Hh][Tt][Tt][Pp][Ss]?://)?[^\s/.]+\.[^\s]+$", "Enter a valid URL.")
_TEXT_TYPES: dict[str, tuple[str | None, str | None, tuple[str, str] | None, str]] = {
    "default": (None, None, None, ""),
    "password": (None, None, None, "new-password"),
    "email": (":material/mail:", "you@example.com", _EMAIL_RULE, "email"),
    "url": (":material/link:", "https://example.com", _URL_RULE, "url"),
    "phone": (":material/call:", "+1 234 567 8900", None, "tel"),
    "search": (":material/search:", "Search", None, "off"),
}


def _validate_rule(validate: Any) -> tuple[str, str | None] | None:
    """``validate=`` as Streamlit reads it: a regex, or ``(regex, message)``; None or an empty
    regex: no rule. A JavaScript-flavoured regex (the page compiles it with the ``u`` and ``s``
    flags), not implicitly anchored."""
    if validate is None:
        return None
    if isinstance(validate, str):
        regex, message = validate, None
    elif isinstance(validate, tuple):
        if len(validate) != 2 or not all(isinstance(x, str) for x in validate):
            raise StreamlitValueError(
                "Invalid `validate` value. Supported values: a regex string, a (regex, message) tuple of strings."
            )
        regex, message = validate
    else:
        raise StreamlitInvalidParameterTypeError(
            f"Invalid `validate` type. Expected one of: None, str, tuple. Provided type: {type(validate).__name__}."
        )
    return (regex, message or None) if regex else None


def _kernel_pattern(regex: str) -> re.Pattern[str] | None:
    """The page's regex as Python's ``re`` reads it, for the kernel's own check of a value the
    page sent: JavaScript's named groups and their back references spelled Python's way, ``.`` matching newlines (the
    ``s`` flag). None when Python cannot read it (JavaScript-only syntax such as ``\\p{L}`` or
    ``[^]``): then only the page checks. Where the dialects differ Python is mostly the more
    lenient (``\\d`` and ``\\w`` take any script's digits and letters, ``$`` a final newline);
    one known exception: Python's ``\\s`` also takes the controls U+001C to U+001F."""
    try:
        python = re.sub(r"\\k<([A-Za-z_]\w*)>", r"(?P=\1)", re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", regex))
        return re.compile(python, re.DOTALL)
    except (re.error, RecursionError, OverflowError):
        return None


def _live_ms(live: Any) -> int | None:
    """``live=`` as Streamlit 1.67 reads it: False is off, True is 250 ms, a duration string
    (``"300ms"``, ``"0.5s"``, ``"1m"``, read as ``fragment(run_every=)`` reads one; a bare number is nanoseconds, as pandas reads it, so
    ``"0"`` commits at every change) up to one minute. Numbers and timedeltas raise."""
    if live is False:
        return None
    if live is True:
        return 250
    if not isinstance(live, str):
        detail = (
            " A number or `datetime.timedelta` is not accepted. Use `True` for a 250ms pause, or a"
            " duration string like `'300ms'` or `'0.5s'`. `live=300` is not milliseconds (and `live=0.3` is"
            " not seconds); duration units must be explicit."
            if isinstance(live, (int, float, datetime.timedelta))
            else ""
        )
        raise StreamlitInvalidParameterTypeError(
            f"Invalid `live` type. Expected one of: bool, str. Provided type: {type(live).__name__}.{detail}"
        )
    try:
        seconds = parse_duration(live) if live.strip() else -1.0
    except FragmentError:
        seconds = -1.0
    if seconds < 0:
        raise StreamlitAPIException(
            "Time string doesn't look right. It should be formatted as `'1d2h34m'` or `2 days`, "
            f"for example. Got: {live}"
        )
    ms = round(seconds * 1000)
    if seconds > 0 and ms == 0:
        ms = 1  # a positive pause never becomes "at every change"
    if ms > 60_000:
        raise StreamlitValueError(
            f"The `live` parameter, set to {live}, is outside the required range [0ms, 1m]. Use `True` for "
            "the 250ms default, `'0ms'` to commit on every change, or a duration string up to `'1m'`."
        )
    return ms


def button_extra(
    container: WidgetBase,
    function: str,
    type: str,
    use_container_width: bool,
    width: Width = "content",
    icon: str | None = None,
    icon_position: Any = "left",
    shortcut: Any = None,
) -> dict[str, Any]:
    """The fields every kind of button adds to its element. ``width="stretch"`` is Streamlit's
    newer spelling of ``use_container_width=True``; a width in pixels is the element's ``sizing``
    (``params.laid_out``, which also checked it).
    ``icon``: an emoji, ``":material/name:"`` or ``"spinner"`` shown before the label, or after
    it with ``icon_position="right"``; ``shortcut``: the key combination that presses it."""
    from .buttons import icon_value

    if type not in ("primary", "secondary", "tertiary"):
        raise ValueError(f'type must be "primary", "secondary" or "tertiary", not {type!r}')
    if width == "stretch":
        use_container_width = True
    extra: dict[str, Any] = {"button_type": type}
    if use_container_width:
        extra["use_container_width"] = True
    shown = icon_value(icon)
    if shown is not None:
        extra["icon"] = shown
    extra.update(face_fields(icon_position, shortcut))
    return extra


def _shortcut_part(extra: dict[str, Any]) -> tuple[Any, ...]:
    """A button's shortcut is part of its identity, as in Streamlit (two buttons with one label
    and different shortcuts are two widgets); without one the identity is as it always was."""
    return () if "shortcut" not in extra else (("shortcut", extra["shortcut"]),)


class WidgetsMixin(WidgetBase):
    """Buttons, checkboxes, toggles and text fields."""

    # -- buttons -----------------------------------------------------------------------------

    @laid_out("width", "use_container_width", "wrap")
    def button(
        self,
        label: str,
        key: str | None = None,
        help: str | None = None,
        on_click: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        type: ButtonType = "secondary",
        icon: str | None = None,
        disabled: bool = False,
        use_container_width: bool = False,
        icon_position: IconPosition = "left",
        width: Width = "content",
        shortcut: str | None = None,
        wrap: bool | None = None,
    ) -> bool:
        """Show a button; True for exactly the run that follows a click.

        Args:
            label: the button's text (inline markdown).
            key: a unique key for the widget (needed when two would otherwise be identical).
            help: a tooltip shown on the button.
            on_click: called (with ``args`` and ``kwargs``) before the run the click starts.
            args: positional arguments for ``on_click``.
            kwargs: keyword arguments for ``on_click``.
            type: ``"primary"`` (emphasised), ``"secondary"`` or ``"tertiary"`` (text only).
            icon: an emoji, ``":material/icon_name:"`` or ``"spinner"`` before the label.
            disabled: show the button greyed out and unclickable.
            use_container_width: stretch the button to its container's width.
            icon_position: ``"left"`` (before the label) or ``"right"`` (after it).
            width: ``"content"``, ``"stretch"`` or a width in pixels.
            shortcut: a key combination that presses the button, as a click would: one letter or
                digit, a function key (``"F5"``) or a named key (Enter, Space, Tab, Esc,
                Backspace, Delete, Home, End, PageUp, PageDown, Left, Right, Up, Down), with
                modifiers (Ctrl, Cmd, Meta, Mod: the platform's primary one; Alt or Option;
                Shift), e.g. ``"Ctrl+Shift+K"``; shown on the button. C and R are the app's
                own keys; punctuation is refused.
        """
        if self._form()[0] is not None:
            raise RuntimeError("jr.button() can't be used in a form; use jr.form_submit_button()")
        extra = button_extra(self, "button", type, use_container_width, width, icon, icon_position, shortcut)
        return bool(
            self._widget(
                "button",
                label,
                False,
                trigger,
                bool,
                key=key,
                help=help,
                on_change=on_click,
                args=args,
                kwargs=kwargs,
                disabled=disabled,
                trigger=True,
                parts=_shortcut_part(extra),
                extra=extra,
            )
        )

    @laid_out("width", "use_container_width", "wrap")
    def form_submit_button(
        self,
        label: str = "Submit",
        help: str | None = None,
        on_click: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        type: ButtonType = "secondary",
        icon: str | None = None,
        disabled: bool = False,
        use_container_width: bool = False,
        key: str | None = None,
        icon_position: IconPosition = "left",
        width: Width = "content",
        shortcut: str | None = None,
        wrap: bool | None = None,
    ) -> bool:
        """Show a form's submit button: a click sends every widget of the form at once; True
        for exactly the run that follows the click. Only inside ``jr.form()``.

        Args:
            label: the button's text.
            help: a tooltip shown on the button.
            on_click: called (with ``args`` and ``kwargs``) before the run the submit starts.
            args: positional arguments for ``on_click``.
            kwargs: keyword arguments for ``on_click``.
            type: ``"primary"`` (emphasised), ``"secondary"`` or ``"tertiary"`` (text only).
            icon: an emoji, ``":material/icon_name:"`` or ``"spinner"`` before the label.
            disabled: show the button greyed out and unclickable.
            use_container_width: stretch the button to its container's width.
            key: a unique key: the button's identity (two submit buttons with one label need
                keys), and ``session_state[key]`` is True for the run its click starts; without
                one the key is ``"FormSubmitter:<form key>-<label>"``, as in Streamlit.
            icon_position: ``"left"`` (before the label) or ``"right"`` (after it).
            width: ``"content"``, ``"stretch"`` or a width in pixels.
            shortcut: a key combination that submits the form, as a click would (see
                ``button``'s ``shortcut``).
        """
        # outside an app `with jr.form()` has no stack to enter, so there is nothing to check
        form_id = self._form()[0]
        if form_id is None and self._run_context() is not None:
            raise RuntimeError("jr.form_submit_button() must be used inside a jr.form()")
        if key is None and form_id is not None:
            # Streamlit 1.67 keys an unkeyed submit button "FormSubmitter:<form key>-<label>":
            # that key is its identity and it shows in session_state
            key = f"FormSubmitter:{form_id.removeprefix('form-')}-{label}"
        extra = button_extra(
            self, "form_submit_button", type, use_container_width, width, icon, icon_position, shortcut
        )
        return bool(
            self._widget(
                "form_submit_button",
                label,
                False,
                trigger,
                bool,
                key=key,
                help=help,
                on_change=on_click,
                args=args,
                kwargs=kwargs,
                disabled=disabled,
                trigger=True,
                parts=_shortcut_part(extra),
                extra=extra,
            )
        )

    @laid_out("width", "wrap")
    def menu_button(
        self,
        label: str,
        options: Any,
        *,
        key: str | None = None,
        help: str | None = None,
        on_click: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        type: ButtonType = "secondary",
        icon: str | None = None,
        disabled: bool = False,
        width: Width = "content",
        format_func: Callable[[Any], Any] = str,
        wrap: bool | None = None,
    ) -> Any:
        """Show a button that opens a menu of ``options``; returns the option chosen, for the run
        the choice starts, and None otherwise (as a button is True for one run).

        Args:
            label: the button's text, inline markdown.
            options: the menu's items (any iterable; a DataFrame's first column).
            key: a unique key for the widget.
            help: a tooltip on the button.
            on_click: called (with ``args`` and ``kwargs``) before the run a choice starts.
            args: positional arguments for ``on_click``.
            kwargs: keyword arguments for ``on_click``.
            type: ``"primary"``, ``"secondary"`` or ``"tertiary"``.
            icon: an emoji, ``":material/name:"`` or ``"spinner"`` before the label.
            disabled: greyed out, cannot be opened.
            width: ``"content"``, ``"stretch"`` or pixels.
            format_func: how an option is shown (its value is returned as is).
            wrap: False keeps the label on one line.
        """
        items = option_list(options)
        if not items:
            raise StreamlitAPIException("menu_button needs at least one option")
        if on_click is not None and not callable(on_click):
            raise StreamlitAPIException(f"on_click must be a callable or None, not {on_click!r}")
        shown = [str(format_func(o)) for o in items]
        extra = button_extra(self, "menu_button", type, width == "stretch", width, icon)
        extra["options"] = shown

        def deserialize(wire: Any) -> Any:
            return items[index(wire, len(items))]

        return self._widget(
            "menu_button",
            label,
            None,
            deserialize,
            lambda _value: None,
            key=key,
            help=help,
            on_change=on_click,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            trigger=True,
            parts=(tuple(shown), type, icon),
            extra=extra,
        )

    # -- booleans ----------------------------------------------------------------------------

    def _boolean(self, kind: str, label: str, value: bool, **common: Any) -> bool:
        return bool(
            self._widget(
                kind, label, bool(value), boolean, bool, parts=(bool(value),), value_given=bool(value), **common
            )
        )

    @persists
    @laid_out("width", "wrap")
    def checkbox(
        self,
        label: str,
        value: bool = False,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: Width = "content",
        wrap: bool | None = None,
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> bool:
        """Show a checkbox; returns whether it is ticked.

        Args:
            label: the text beside the box.
            value: whether it starts ticked.
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unchangeable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
        """
        return self._boolean(
            "checkbox",
            label,
            value,
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
    @laid_out("width", "wrap")
    def toggle(
        self,
        label: str,
        value: bool = False,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: Width = "content",
        wrap: bool | None = None,
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> bool:
        """Show an on/off switch; returns whether it is on.

        Args:
            label: the text beside the switch.
            value: whether it starts on.
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unchangeable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
        """
        return self._boolean(
            "toggle",
            label,
            value,
            key=key,
            bind=bind,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
        )

    # -- text --------------------------------------------------------------------------------

    def _text_widget(
        self,
        kind: str,
        label: str,
        value: object,
        max_chars: int | None,
        extra: dict[str, Any],
        parts: tuple[Any, ...] = (),
        check: Callable[[str], None] | None = None,
        required: bool = False,
        keyed: Sequence[Any] | None = None,
        **common: Any,
    ) -> str | None:
        """``value=None``: the field starts empty and the script gets None until the viewer
        applies a text (then a string, ``""`` once cleared), as in Streamlit."""
        default = None if value is None else str(value)
        if max_chars is not None and default is not None and len(default) > max_chars:
            raise ValueError("the default value is longer than max_chars")

        def deserialize(wire: Any) -> str | None:
            if wire is None and default is None:
                return None  # the untouched empty field of a form submitted
            if not isinstance(wire, str):
                raise WidgetValueError("value must be text")
            if max_chars is not None and len(wire) > max_chars:
                raise WidgetValueError(f"text longer than {max_chars} characters")
            if required and not wire.strip() and wire != (default or ""):
                raise WidgetValueError("a text is required")  # the page does not apply a blank one
            if check is not None:
                check(wire)
            return wire

        shown = self._widget(
            kind,
            label,
            default,
            deserialize,
            lambda v: v,
            parts=("" if default is None else default, max_chars, *parts),
            keyed=keyed,
            extra={"max_chars": max_chars, **extra, **({"required": True} if required else {})},
            value_given=bool(default),
            **common,
        )
        return None if shown is None else str(shown)

    @overload
    def text_input(
        self,
        label: str,
        value: str = "",
        max_chars: int | None = None,
        key: str | None = None,
        type: TextInputType = "default",
        help: str | None = None,
        autocomplete: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        placeholder: str | None = None,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        required: bool = False,
        icon: str | None = None,
        validate: str | tuple[str, str] | None = None,
        live: str | bool = False,
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> str: ...

    @overload
    def text_input(
        self,
        label: str,
        value: None,
        max_chars: int | None = None,
        key: str | None = None,
        type: TextInputType = "default",
        help: str | None = None,
        autocomplete: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        placeholder: str | None = None,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        required: bool = False,
        icon: str | None = None,
        validate: str | tuple[str, str] | None = None,
        live: str | bool = False,
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> str | None: ...

    @persists
    @laid_out("width", content=False)
    def text_input(
        self,
        label: str,
        value: str | None = "",
        max_chars: int | None = None,
        key: str | None = None,
        type: TextInputType = "default",
        help: str | None = None,
        autocomplete: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        placeholder: str | None = None,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        required: bool = False,
        icon: str | None = None,
        validate: str | tuple[str, str] | None = None,
        live: str | bool = False,
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> str | None:
        """Show a single-line text field; returns its text (applied on Enter or when it loses
        focus).

        Args:
            label: the text above the field.
            value: the starting text (None: empty, and the script gets None until a text is
                applied).
            max_chars: the most characters it accepts.
            key: a unique key; the value is then also ``session_state[key]``.
            type: the native input and its smart defaults, as in Streamlit: ``"password"`` masks
                what is typed; ``"email"``, ``"url"``, ``"phone"`` and ``"search"`` bring an icon,
                a placeholder and an autocomplete hint of their own (and ``"search"`` a button
                that clears the field).
            help: a tooltip shown next to the label.
            autocomplete: the browser's ``autocomplete`` hint (``"email"``, ``"off"``...); None:
                the type's, ``""``: the browser's default.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            placeholder: grey text shown while the field is empty (None: the type's, ``""``:
                none).
            disabled: show it greyed out and unchangeable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
            icon: an emoji, ``":material/icon_name:"`` or ``"spinner"`` inside the field at the
                left (None: the type's, ``""``: none).
            validate: a JavaScript-flavoured regex the text must match (not implicitly anchored),
                or ``(regex, message)``; the page shows the message (or a generic one) and does
                not apply a text that fails it, and the kernel refuses one too. None: the type's
                rule (``"email"`` and ``"url"`` have one), ``""``: none. An empty text is never
                checked.
            required: an empty or blank text is not applied (outside a form the field keeps its
                last applied text; a form is not submitted) and the label says "(required)"; the
                kernel refuses one too, unless it is the default.
            live: also apply the text after a pause in typing: True (250 ms) or a duration string
                (``"300ms"``, ``"0.5s"``; ``"0ms"``: at every change), up to a minute; not in a
                form.
        """
        defaults = _TEXT_TYPES.get(type) if isinstance(type, str) else None
        if defaults is None:
            raise StreamlitValueError(
                "Invalid `type` value. Supported values: " + ", ".join(repr(t) for t in _TEXT_TYPES) + "."
            )
        if bind == "query-params" and type == "password":
            raise StreamlitIncompatibleParametersError(
                "`bind='query-params'` and `type='password'` cannot be used together. "
                "Password values must not appear in URLs."
            )
        type_icon, type_placeholder, type_rule, type_autocomplete = defaults
        shown_icon = field_icon(type_icon if icon is None else icon)
        live_ms = _live_ms(live)
        rule = _validate_rule(type_rule if validate is None else validate)
        own_rule = _validate_rule(validate)  # the widget's identity: the type's rule is in `type`
        extra: dict[str, Any] = {
            "placeholder": type_placeholder if placeholder is None else str(placeholder),
            "password": type == "password",
            "input_type": type,
            "autocomplete": type_autocomplete if autocomplete is None else str(autocomplete),
        }
        if shown_icon is not None:
            extra["icon"] = shown_icon
        if live_ms is not None:
            extra["live_ms"] = live_ms
        check = None
        if rule is not None:
            extra["validate"] = list(rule)
            pattern = _kernel_pattern(rule[0])
            refusal = "text does not match the validate pattern" + (f" ({rule[1]})" if rule[1] else "")

            def check(text: str) -> None:
                # an empty text bypasses the rule, as in the page
                if text and pattern is not None and not pattern.search(text):
                    raise WidgetValueError(refusal)

        return self._text_widget(
            "text_input",
            label,
            value,
            max_chars,
            extra,
            parts=(() if type == "default" else (type,)) + (() if own_rule is None else (own_rule[0],)),
            keyed=(max_chars, own_rule),  # Streamlit 1.67's key_as_main_identity
            check=check,
            required=bool(required),
            key=key,
            bind=bind,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
        )

    @overload
    def text_area(
        self,
        label: str,
        value: str = "",
        height: int | None = None,
        max_chars: int | None = None,
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
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> str: ...

    @overload
    def text_area(
        self,
        label: str,
        value: None,
        height: int | None = None,
        max_chars: int | None = None,
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
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> str | None: ...

    @persists
    @laid_out("width", content=False)
    def text_area(
        self,
        label: str,
        value: str | None = "",
        height: int | None = None,
        max_chars: int | None = None,
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
        width: WidthWithoutContent = "stretch",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> str | None:
        """Show a multi-line text field; returns its text (applied on Ctrl+Enter or when it
        loses focus).

        Args:
            label: the text above the field.
            value: the starting text (None: empty, and the script gets None until a text is
                applied).
            height: the field's height in pixels.
            max_chars: the most characters it accepts.
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            placeholder: grey text shown while the field is empty.
            disabled: show it greyed out and unchangeable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
            required: an empty or blank text is not applied (a form is not submitted) and the
                label says "(required)"; the kernel refuses one too, unless it is the default.
        """
        return self._text_widget(
            "text_area",
            label,
            value,
            max_chars,
            {"placeholder": placeholder, "height": height},
            required=bool(required),
            keyed=(max_chars,),
            key=key,
            bind=bind,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
        )
