"""Button-like widgets and links: ``pills``, ``segmented_control``, ``feedback``,
``link_button``, ``page_link``, ``audio_input``, and the icon check every button shares (script
thread; the ``deserialize`` functions also run on the subshell thread, see :mod:`.widget_base`).

Wire values: option indices for pills and segmented controls (an int or null when single, a
list of ints when multi), the chosen index for feedback, and for ``audio_input`` the uploaded
recording's reference, as ``camera_input`` sends (the bytes arrive over the upload route).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote, urlencode, urlsplit

from ..delta import returns_handle
from ..display import markdown_html
from ..errors import StreamlitAPIException
from ..params import (
    BindOption,
    IconPosition,
    PersistStateOption,
    Width,
    WidthWithoutContent,
    laid_out,
    persists,
    warn,
)
from ..state import WidgetValueError
from .files import UploadedFile
from .shortcuts import face_fields, icon_position_value
from .widget_base import (
    ButtonType,
    Callback,
    LabelVisibility,
    WidgetBase,
    default_list,
    index,
    label_html,
    option_list,
    position,
    trigger,
)

if TYPE_CHECKING:
    from ..app_page import Page

OnChange = Callback | Literal["rerun", "ignore"]

_MATERIAL = re.compile(r":material/[a-z0-9_]{1,64}:")
_KEYCAP = re.compile("[0-9#*]\ufe0f?\u20e3")
_FEEDBACK = {"thumbs": 2, "faces": 5, "stars": 5}
_SAMPLE_RATES = (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000)
_LINK_SCHEMES = ("http", "https", "mailto")


def icon_value(icon: Any) -> str | None:
    """A button's ``icon=``: an emoji, ``":material/name:"`` (Material Symbols, rounded) or
    ``"spinner"``, as Streamlit takes them; anything else raises ValueError."""
    if icon is None:
        return None
    if isinstance(icon, str):
        icon = icon.strip()
        if _MATERIAL.fullmatch(icon) or icon == "spinner":
            return icon
        # an emoji: a few code points (flags and ZWJ sequences take several), no ASCII text; or
        # a keycap, whose first code point is the ASCII digit (or # or *) it frames
        if icon and len(icon) <= 16 and not any(c.isascii() and (c.isalnum() or c.isspace()) for c in icon):
            return icon
        if _KEYCAP.fullmatch(icon):
            return icon
    raise ValueError(f'icon {icon!r} is not valid: use an emoji, ":material/icon_name:" (snake case) or "spinner"')


def _on_change(container: WidgetBase, function: str, on_change: Any) -> Callback:
    """Streamlit's ``on_change`` modes: ``"rerun"`` (or None) reruns, a callable is also called
    first; ``"ignore"`` (keep the change in the page until something else reruns) is not
    implemented: it warns and reruns."""
    if on_change is None or on_change == "rerun":
        return None
    if callable(on_change):
        return on_change
    if on_change == "ignore":
        warn(container, function, "on_change")
        return None
    raise ValueError(f'on_change must be a callable, "rerun" or "ignore", not {on_change!r}')


def _width(container: WidgetBase, function: str, width: Any) -> bool:
    """True for ``width="stretch"``; a width in pixels is the element's ``sizing`` (``params.laid_out``,
    which also checked it)."""
    return bool(width == "stretch")


def _option_html(text: str) -> str:
    """An option's label as Streamlit shows it: inline markdown, with ``:material/…:`` icons
    and emoji shortcodes."""
    return markdown_html(text, inline=True)


def is_wav(data: bytes) -> bool:
    return len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WAVE"


def check_sample_rate(rate: Any, what: str = "sample_rate") -> None:
    """A recording's sample rate: None (the browser's) or one Streamlit takes."""
    if rate is not None and (isinstance(rate, bool) or rate not in _SAMPLE_RATES):
        raise ValueError(f"{what} must be None or one of {', '.join(map(str, _SAMPLE_RATES))}")


class ButtonsMixin(WidgetBase):
    """Pills, segmented controls, feedback, link buttons, page links and audio recordings."""

    # -- pills / segmented_control ----------------------------------------------------------------

    def _button_group(
        self,
        style: Literal["pills", "segmented_control"],
        label: str,
        options: Iterable[Any],
        selection_mode: str,
        default: Any,
        required: bool,
        format_func: Callable[[Any], Any] | None,
        key: str | None,
        help: str | None,
        on_change: Any,
        args: Any,
        kwargs: Any,
        disabled: bool,
        label_visibility: str,
        width: Any,
        bind: Any = None,
    ) -> Any:
        if selection_mode not in ("single", "multi"):
            raise ValueError(f'selection_mode must be "single" or "multi", not {selection_mode!r}')
        multi = selection_mode == "multi"
        if required and multi:
            raise ValueError("required=True is only supported with selection_mode='single'")
        if isinstance(options, (str, bytes)):
            raise TypeError(f"{style} options must be a list of options, not a string")
        opts = option_list(options)
        fmt = format_func or str
        labels = [str(fmt(o)) for o in opts]
        chosen = default_list(default)
        picked = [position(opts, item) for item in chosen]  # ValueError for a non-option
        if not multi and len(picked) > 1:
            raise ValueError(f"The default argument to jr.{style} must be a single value when selection_mode='single'")
        if required and not picked and opts:
            picked = [0]  # required: something is always chosen, the first option by default
        callback = _on_change(self, style, on_change)
        stretch = _width(self, style, width)

        if multi:
            default_value: Any = [opts[i] for i in picked]

            def deserialize(wire: Any) -> Any:
                if not isinstance(wire, list):
                    raise WidgetValueError("value must be a list of options")
                idx = [index(w, len(opts)) for w in wire]
                if len(set(idx)) != len(idx):
                    raise WidgetValueError("an option was chosen twice")
                return [opts[i] for i in idx]

            def serialize(value: Any) -> Any:
                return [position(opts, v) for v in value]

        else:
            default_value = opts[picked[0]] if picked else None

            def deserialize(wire: Any) -> Any:
                if wire is None:
                    if required and opts:
                        raise WidgetValueError("an option is required")
                    return None
                return opts[index(wire, len(opts))]

            def serialize(value: Any) -> Any:
                return None if value is None else position(opts, value)

        extra: dict[str, Any] = {"options": [_option_html(t) for t in labels], "multi": multi}
        if required:
            extra["required"] = True
        if stretch:
            extra["use_container_width"] = True
        return self._widget(
            style,
            label,
            default_value,
            deserialize,
            serialize,
            key=key,
            help=help,
            on_change=callback,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(tuple(labels), tuple(picked), multi),
            keyed=(multi,),  # Streamlit 1.67's click_mode
            extra=extra,
            bind=bind,
            url_options=labels,
        )

    @persists
    @laid_out("width", "wrap")
    def pills(
        self,
        label: str,
        options: Iterable[Any],
        *,
        selection_mode: Literal["single", "multi"] = "single",
        default: Any = None,
        required: bool = False,
        format_func: Callable[[Any], Any] | None = None,
        key: str | None = None,
        help: str | None = None,
        on_change: OnChange = "rerun",
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: Width = "content",
        wrap: bool | None = None,
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> Any:
        """Show the options as a row of pill buttons; returns the chosen option (None when none)
        with ``selection_mode="single"`` (clicking it again deselects it), or the list of chosen
        options with ``"multi"``.

        Args:
            label: the text above the pills.
            options: the options (any objects; shown through ``format_func``). A label may hold
                inline markdown, emoji and ``:material/icon_name:`` icons.
            selection_mode: ``"single"`` or ``"multi"``.
            default: the option (or, multi, the options) chosen at first.
            required: single mode only: an option is always chosen (the first one unless
                ``default`` says otherwise); clicking the chosen one does not deselect it.
            format_func: how an option is shown (default ``str``).
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: a callable called (with ``args`` and ``kwargs``) before the run a change
                starts, or ``"rerun"``; ``"ignore"`` is not implemented (warns, reruns).
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unchangeable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
            width: ``"content"`` or ``"stretch"`` (a width in pixels warns).
        """
        return self._button_group(
            "pills",
            label,
            options,
            selection_mode,
            default,
            required,
            format_func,
            key,
            help,
            on_change,
            args,
            kwargs,
            disabled,
            label_visibility,
            width,
            bind,
        )

    @persists
    @laid_out("width", "wrap")
    def segmented_control(
        self,
        label: str,
        options: Iterable[Any],
        *,
        selection_mode: Literal["single", "multi"] = "single",
        default: Any = None,
        required: bool = False,
        format_func: Callable[[Any], Any] | None = None,
        key: str | None = None,
        help: str | None = None,
        on_change: OnChange = "rerun",
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: Width = "content",
        wrap: bool | None = None,
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> Any:
        """Show the options as one row of joined toggle segments; returns the chosen option
        (None when none) with ``selection_mode="single"`` (clicking it again deselects it), or
        the list of chosen options with ``"multi"``.

        Args:
            label: the text above the control.
            options: the options (any objects; shown through ``format_func``). A label may hold
                inline markdown, emoji and ``:material/icon_name:`` icons.
            selection_mode: ``"single"`` or ``"multi"``.
            default: the option (or, multi, the options) chosen at first.
            required: single mode only: an option is always chosen (the first one unless
                ``default`` says otherwise); clicking the chosen one does not deselect it.
            format_func: how an option is shown (default ``str``).
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: a callable called (with ``args`` and ``kwargs``) before the run a change
                starts, or ``"rerun"``; ``"ignore"`` is not implemented (warns, reruns).
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unchangeable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
            width: ``"content"`` or ``"stretch"`` (a width in pixels warns).
        """
        return self._button_group(
            "segmented_control",
            label,
            options,
            selection_mode,
            default,
            required,
            format_func,
            key,
            help,
            on_change,
            args,
            kwargs,
            disabled,
            label_visibility,
            width,
            bind,
        )

    # -- feedback -------------------------------------------------------------------------------

    @laid_out("width")
    @persists
    def feedback(
        self,
        options: Literal["thumbs", "faces", "stars"] = "thumbs",
        *,
        key: str | None = None,
        default: int | None = None,
        disabled: bool = False,
        on_change: OnChange = "rerun",
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        width: Width = "content",
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> int | None:
        """Show a row of rating icons (thumbs down/up, five faces or five stars); returns the
        chosen index, 0 the least satisfied (thumbs: 0 down, 1 up; faces and stars: 0 to 4),
        or None while nothing is chosen (clicking the chosen icon again clears it).

        Args:
            options: ``"thumbs"``, ``"faces"`` or ``"stars"``.
            key: a unique key; the value is then also ``session_state[key]``.
            default: the index chosen at first (None: nothing).
            disabled: show it greyed out and unchangeable.
            on_change: a callable called (with ``args`` and ``kwargs``) before the run a change
                starts, or ``"rerun"``; ``"ignore"`` is not implemented (warns, reruns).
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            width: ``"content"`` or ``"stretch"`` (a width in pixels warns).
        """
        if options not in _FEEDBACK:
            raise ValueError(f'options must be "thumbs", "faces" or "stars", not {options!r}')
        n = _FEEDBACK[options]
        if default is not None and (isinstance(default, bool) or not isinstance(default, int) or not 0 <= default < n):
            raise ValueError(f"default must be None or an index from 0 to {n - 1} for {options!r}")
        callback = _on_change(self, "feedback", on_change)
        stretch = _width(self, "feedback", width)

        def deserialize(wire: Any) -> int | None:
            return None if wire is None else index(wire, n)

        def serialize(value: Any) -> int | None:
            if value is None:
                return None
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < n:
                raise ValueError(f"a {options} feedback value is an index from 0 to {n - 1}")
            return value

        extra: dict[str, Any] = {"options": options}
        if stretch:
            extra["use_container_width"] = True
        labels = {"thumbs": "Thumbs feedback", "faces": "Faces feedback", "stars": "Star rating"}
        value = self._widget(
            "feedback",
            labels[options],
            default,
            deserialize,
            serialize,
            key=key,
            bind=bind,
            help=None,
            on_change=callback,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility="collapsed",
            parts=(options, default),
            keyed=(options,),
            extra=extra,
        )
        return None if value is None else int(value)

    # -- pagination -----------------------------------------------------------------------------

    @laid_out("width")
    @persists
    def pagination(
        self,
        num_pages: int,
        *,
        default: int = 1,
        max_visible_pages: int | None = 7,
        width: Width = "content",
        key: str | None = None,
        on_change: OnChange = "rerun",
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        disabled: bool = False,
        bind: BindOption = None,
        persist_state: PersistStateOption = None,
    ) -> int:
        """Show page numbers with previous and next buttons; returns the chosen page (from 1).

        Args:
            num_pages: how many pages there are (at least 1).
            default: the page chosen at first.
            max_visible_pages: page buttons shown at most (the first, the last and those around
                the chosen one; ellipses for the rest); None shows them all.
            width: ``"content"``, ``"stretch"`` or pixels.
            key: a unique key; the page is then also ``session_state[key]``.
            on_change: a callable called (with ``args`` and ``kwargs``) before the run a change
                starts, or ``"rerun"``; ``"ignore"`` is not implemented (warns, reruns).
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unchangeable.
        """

        def whole(value: Any) -> bool:
            return isinstance(value, int) and not isinstance(value, bool)

        if not whole(num_pages) or num_pages < 1:
            raise StreamlitAPIException(f"num_pages must be a whole number of at least 1, not {num_pages!r}")
        if not whole(default) or not 1 <= default <= num_pages:
            raise StreamlitAPIException(f"default must be a page from 1 to {num_pages}, not {default!r}")
        if max_visible_pages is not None and (not whole(max_visible_pages) or max_visible_pages < 1):
            raise StreamlitAPIException(
                f"max_visible_pages must be a whole number of at least 1 or None, not {max_visible_pages!r}"
            )
        callback = _on_change(self, "pagination", on_change)

        def deserialize(wire: Any) -> int:
            if not whole(wire) or not 1 <= wire <= num_pages:
                raise WidgetValueError(f"a page is a whole number from 1 to {num_pages}")
            return int(wire)

        def serialize(value: Any) -> int:
            if not whole(value) or not 1 <= value <= num_pages:
                raise ValueError(f"a page is a whole number from 1 to {num_pages}")
            return int(value)

        value = self._widget(
            "pagination",
            "Pagination",
            default,
            deserialize,
            serialize,
            key=key,
            bind=bind,
            help=None,
            on_change=callback,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility="collapsed",
            parts=(num_pages, default, max_visible_pages),
            extra={"num_pages": num_pages, "max_visible": max_visible_pages},
        )
        return int(value)

    # -- links ----------------------------------------------------------------------------------

    @laid_out("width", "use_container_width", "wrap")
    def link_button(
        self,
        label: str,
        url: str,
        *,
        key: str | None = None,
        on_click: Callback | Literal["rerun", "ignore"] = "ignore",
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        help: str | None = None,
        type: ButtonType = "secondary",
        icon: str | None = None,
        icon_position: IconPosition = "left",
        disabled: bool = False,
        use_container_width: bool | None = None,
        width: Width = "content",
        shortcut: str | None = None,
        wrap: bool | None = None,
    ) -> bool | None:
        """Show a button that opens ``url`` in a new tab (``rel="noopener"``). Only
        ``http(s)://`` and ``mailto:`` URLs are taken: anything else (``javascript:``,
        ``data:``...) raises ValueError.

        With ``on_click="ignore"`` (the default) it is a plain link: the script is not rerun and
        the call returns None. With ``"rerun"`` or a callable it is also a button: a click
        opens the link and reruns the script (calling ``on_click`` first), and the call returns
        True for exactly that run, like ``jr.button``.

        Args:
            label: the button's text (inline markdown).
            url: where it leads.
            key: a unique key (when it is a button: ``on_click`` not ``"ignore"``).
            on_click: ``"ignore"``, ``"rerun"`` or a callable (see above).
            args: positional arguments for ``on_click``.
            kwargs: keyword arguments for ``on_click``.
            help: a tooltip shown on the button.
            type: ``"primary"`` (emphasised), ``"secondary"`` or ``"tertiary"`` (text only).
            icon: an emoji, ``":material/icon_name:"`` or ``"spinner"`` before the label.
            disabled: show it greyed out and unclickable.
            use_container_width: stretch the button to its container's width.
            width: ``"content"`` or ``"stretch"`` (a width in pixels warns).
            icon_position: ``"left"`` (before the label) or ``"right"`` (after it).
            shortcut: a key combination that opens the link as a click would (and, as a
                button, reruns); see ``button``'s ``shortcut``.
        """
        href = _external_url(url)
        if not isinstance(label, str):
            raise TypeError("a link button's label must be a string")
        if type not in ("primary", "secondary", "tertiary"):
            raise ValueError(f'type must be "primary", "secondary" or "tertiary", not {type!r}')
        if on_click != "ignore" and on_click != "rerun" and not callable(on_click):
            raise ValueError(f'on_click must be "ignore", "rerun" or a callable, not {on_click!r}')
        fields: dict[str, Any] = {"url": href, "button_type": type}
        self._link_fields(fields, "link_button", None, icon, False, use_container_width, width)
        fields.update(face_fields(icon_position, shortcut))
        shown = label_html(label)
        if shown is not None:
            fields["label_html"] = shown
        if on_click == "ignore":
            el: dict[str, Any] = {"kind": "link_button", "label": label, **fields}
            if help is not None:
                el["help"] = str(help)
            if disabled:
                el["disabled"] = True
            self._emit(el)
            return None
        if self._form()[0] is not None:
            raise RuntimeError("jr.link_button(on_click=...) can't be used in a form")
        return bool(
            self._widget(
                "link_button",
                label,
                False,
                trigger,
                bool,
                key=key,
                help=help,
                on_change=on_click if callable(on_click) else None,
                args=args,
                kwargs=kwargs,
                disabled=disabled,
                trigger=True,
                parts=(href,) if "shortcut" not in fields else (href, ("shortcut", fields["shortcut"])),
                extra=fields,
            )
        )

    @laid_out("width", "use_container_width")
    @returns_handle
    def page_link(
        self,
        page: str | Path | Page,
        *,
        label: str | None = None,
        icon: str | None = None,
        icon_position: IconPosition = "left",
        help: str | None = None,
        disabled: bool = False,
        use_container_width: bool | None = None,
        width: Width = "content",
        query_params: Any = None,
    ) -> None:
        """Show a link to another page of the app or to an external page.

        ``page`` is an ``http(s)://`` URL (opened in a new tab; ``label`` defaults to the URL), a
        :class:`~jupyter_reactive.Page` of the app's navigation, or the path of a page's file
        relative to the main script's folder (``"app.py"``, ``"pages/2_plots.py"``). In a
        multipage app (a ``pages/`` folder or ``jr.navigation``) the link moves this session to
        that page without reloading (session state kept; ``label`` defaults to the page's
        title); a path that is not one of its pages raises ``StreamlitAPIException``. In an app
        with one page, a path names another app script: the link opens its app page
        (``reactive/app/<path>``), a fresh session (``label`` defaults to the page's name as
        Streamlit derives it: ``2_plots.py`` -> "plots"; a path that is not a script of the app
        raises ValueError).

        Args:
            page: the target: a Page, a script path (``str`` or ``Path``) or an ``http(s)`` URL.
            label: the link's text (inline markdown).
            icon: an emoji, ``":material/icon_name:"`` or ``"spinner"`` before the label.
            icon_position: ``"left"`` (before the label) or ``"right"`` (after it).
            help: a tooltip shown on the link.
            disabled: show it greyed out and unclickable.
            use_container_width: stretch the link to its container's width.
            width: ``"content"`` or ``"stretch"`` (a width in pixels warns).
            query_params: added to the link's URL as its query string (a dict or pairs).
        """
        placed = icon_position_value(icon_position)
        app_page = _app_page(page)
        if app_page is not None:
            href, external = app_page.url_path, False
            text = app_page.title if label is None else label
        elif isinstance(page, str) and urlsplit(page).scheme in ("http", "https"):
            href, external = _external_url(page), True
            text = page if label is None else label
        elif isinstance(page, (str, os.PathLike)):
            href, name = _page_href(Path(page))
            external = False
            text = name if label is None else label
        else:
            raise TypeError("page must be a script path or an http(s) URL")
        if not isinstance(text, str):
            raise TypeError("a page link's label must be a string")
        if query_params is not None:
            pairs = list(query_params.items()) if hasattr(query_params, "items") else list(query_params)
            query = urlencode([(str(k), str(v)) for k, v in pairs], doseq=False)
            if query:
                href += ("&" if "?" in href else "?") + query
        el: dict[str, Any] = {"kind": "page_link", "html": markdown_html(text, inline=True), "url": href}
        if app_page is not None:
            el["page"] = app_page.url_path
        if external:
            el["external"] = True
        self._link_fields(el, "page_link", help, icon, disabled, use_container_width, width)
        if placed == "right":
            el["icon_position"] = "right"
        self._emit(el)

    def _link_fields(
        self,
        el: dict[str, Any],
        function: str,
        help: str | None,
        icon: str | None,
        disabled: bool,
        use_container_width: bool | None,
        width: Any,
    ) -> None:
        """The optional fields link elements share (left out when at their defaults)."""
        if _width(self, function, width) or use_container_width:
            el["use_container_width"] = True
        shown = icon_value(icon)
        if shown is not None:
            el["icon"] = shown
        if help is not None:
            el["help"] = str(help)
        if disabled:
            el["disabled"] = True

    # -- audio_input ----------------------------------------------------------------------------

    @laid_out("width", content=False)
    def audio_input(
        self,
        label: str,
        *,
        sample_rate: int | None = 16000,
        key: str | None = None,
        help: str | None = None,
        on_change: OnChange = "rerun",
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        width: WidthWithoutContent = "stretch",
    ) -> UploadedFile | None:
        """Show a recorder for the viewer's microphone; returns the recording (an
        :class:`UploadedFile` holding a mono 16-bit WAV, ``type`` ``"audio/wav"``), or None
        until one is made. The browser records, encodes the WAV and uploads it as
        ``camera_input`` does; anything that is not a WAV is refused.

        Args:
            label: the text above the recorder.
            sample_rate: the WAV's sample rate in Hz: 8000, 11025, 16000 (default), 22050,
                24000, 32000, 44100 or 48000; None keeps the microphone's own rate.
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: a callable called (with ``args`` and ``kwargs``) before the run a change
                starts, or ``"rerun"``; ``"ignore"`` is not implemented (warns, reruns).
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unusable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
        """
        check_sample_rate(sample_rate)
        callback = _on_change(self, "audio_input", on_change)
        ctx = self._run_context()
        state = ctx.state if ctx is not None else None

        def deserialize(wire: Any) -> UploadedFile | None:
            if wire is None or wire == []:
                return None
            if not isinstance(wire, list) or len(wire) != 1:
                raise WidgetValueError("expected one recording")
            (item,) = wire
            if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("id", "name", "type")):
                raise WidgetValueError("a recording needs an id, a name and a type")
            data = state.file_bytes(item["id"]) if state is not None else None
            if data is None:
                raise WidgetValueError("the recording's content did not arrive")
            if not is_wav(data):
                raise WidgetValueError("a recording must be a WAV file")
            return UploadedFile(item["id"], item["name"], "audio/wav", data)

        def serialize(value: Any) -> list[dict[str, Any]]:
            if value is None:
                return []
            if not isinstance(value, UploadedFile):
                raise ValueError("an audio_input value is a recording (UploadedFile) or None")
            return [{"id": value.file_id, "name": value.name, "type": value.type, "size": value.size}]

        extra: dict[str, Any] = {"sample_rate": sample_rate}
        return self._widget(
            "audio_input",
            label,
            None,
            deserialize,
            serialize,
            key=key,
            help=help,
            on_change=callback,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(sample_rate,),
            extra=extra,
        )


def _external_url(url: Any) -> str:
    """``url`` when it is an absolute http(s) or mailto URL; a script could otherwise put
    ``javascript:`` in a link the viewer clicks."""
    if not isinstance(url, str):
        raise TypeError("url must be a string")
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in _LINK_SCHEMES or (parts.scheme.lower() != "mailto" and not parts.netloc):
        raise ValueError(f"{url!r} is not an http(s):// or mailto: URL")
    return url


def _app_page(page: Any) -> Page | None:
    """The page of this multipage app that ``page`` names (a Page, or a page file's path), or
    None for an app without pages (the link then opens another app)."""
    from ..app_page import Page
    from ..delta import get_context
    from ..navigation import find_page

    ctx = get_context()
    if ctx is None or ctx.nav is None or not ctx.nav.pages:
        if isinstance(page, Page):
            raise StreamlitAPIException("page_link: a Page links only within the app's navigation.")
        return None
    if isinstance(page, str) and urlsplit(page).scheme in ("http", "https"):
        return None
    return find_page(page)


def _main_script() -> Path | None:
    main = sys.modules.get("__main__")
    filename = getattr(main, "__file__", None)
    return Path(filename).resolve() if isinstance(filename, str) else None


def _page_name(path: Path) -> str:
    """Streamlit's page name for a script: the stem without a leading number and separator,
    underscores as spaces (``2_my_plots.py`` -> "my plots")."""
    stem = re.sub(r"^[0-9]+[_ -]*", "", path.stem) or path.stem
    return stem.replace("_", " ").strip()


def _page_href(page: Path) -> tuple[str, str]:
    """The URL of an app script, relative to the running script's app page (so it holds under
    any base URL and in folder mode), and its page name."""
    script = _main_script()
    here = script.parent if script is not None else Path.cwd()
    # pages/x.py runs as its own app until multipage lands: its paths are the main script's
    root = here.parent if here.name == "pages" else here
    target = page if page.is_absolute() else root / page
    target = target.resolve()
    if target.suffix not in (".py", ".ipynb") or not target.is_file():
        raise ValueError(f"page {str(page)!r} is not a script of this app (a .py or .ipynb file under {root})")
    if root.resolve() not in target.parents:
        raise ValueError(f"page {str(page)!r} is outside the app's folder")
    rel = os.path.relpath(target, here.resolve()).replace(os.sep, "/")
    return quote(rel, safe="/._-"), _page_name(target)
