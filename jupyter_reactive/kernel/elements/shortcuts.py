"""Keyboard shortcuts and icon positions of button-like elements (script thread).

``shortcut=`` is checked and normalized here as Streamlit 1.67 does it, so the page gets one
spelling: lowercase tokens joined by ``+``, modifiers first in the order ``ctrl``, ``cmd``,
``alt``, ``shift`` (``mod`` and ``control`` become ``ctrl``; ``meta`` and ``command`` become
``cmd``; ``option`` becomes ``alt``), then the one key (a letter or digit, ``f1``-style function
keys, or one of the named keys below). The page (``labextension/app/shortcuts.ts``) maps
``ctrl`` and ``cmd`` alike to the platform's primary modifier, as Streamlit does.
"""

from __future__ import annotations

import logging
from typing import Any

from ..errors import StreamlitAPIException, StreamlitInvalidParameterTypeError, StreamlitValueError

_LOG = logging.getLogger(__name__)

_MODIFIERS = {
    "ctrl": "ctrl",
    "control": "ctrl",
    "mod": "ctrl",
    "cmd": "cmd",
    "command": "cmd",
    "meta": "cmd",
    "alt": "alt",
    "option": "alt",
    "shift": "shift",
}
_MODIFIER_ORDER = ("ctrl", "cmd", "alt", "shift")
_KEYS = {
    "enter": "enter",
    "return": "enter",
    "space": "space",
    "spacebar": "space",
    "tab": "tab",
    "escape": "escape",
    "esc": "escape",
    "backspace": "backspace",
    "delete": "delete",
    "del": "delete",
    "home": "home",
    "end": "end",
    "pageup": "pageup",
    "pagedown": "pagedown",
    "left": "left",
    "arrowleft": "left",
    "right": "right",
    "arrowright": "right",
    "up": "up",
    "arrowup": "up",
    "down": "down",
    "arrowdown": "down",
}
# the app's own keys: R reruns, C clears the caches
_RESERVED = frozenset({"c", "r"})
# combinations the browser or the system usually keeps for itself (Streamlit's list): allowed,
# with a warning in the kernel's log, once per combination and process
_BROWSER_KEEPS = frozenset(
    {
        "ctrl+t",
        "cmd+t",
        "ctrl+w",
        "cmd+w",
        "ctrl+n",
        "cmd+n",
        "ctrl+shift+t",
        "cmd+shift+t",
        "ctrl+shift+n",
        "cmd+shift+n",
        "ctrl+shift+w",
        "cmd+shift+w",
        "ctrl+tab",
        "ctrl+shift+tab",
        "cmd+tab",
        "cmd+shift+tab",
        "ctrl+pageup",
        "ctrl+pagedown",
        "cmd+pageup",
        "cmd+pagedown",
        "ctrl+l",
        "cmd+l",
        "alt+f4",
        "f11",
    }
)
_warned: set[str] = set()


def _key(token: str) -> str:
    if token in _KEYS:
        return _KEYS[token]
    if len(token) == 1 and token.isalnum():
        return token
    if token.startswith("f") and token[1:].isdigit():
        return token
    raise StreamlitAPIException(
        "shortcut must include a single character or one of the supported keys (e.g. Enter, Space, Tab, Escape)."
    )


def shortcut_value(shortcut: Any) -> str | None:
    """``shortcut=`` normalized (``"Cmd+Shift+K"`` -> ``"cmd+shift+k"``), or None when not given.

    Raises StreamlitInvalidParameterTypeError for a non-string, and StreamlitAPIException for an
    empty shortcut, two keys, modifiers alone, the reserved keys C and R, or a key that is not a
    letter, a digit, a function key or one of the named keys (punctuation is refused)."""
    if shortcut is None:
        return None
    if not isinstance(shortcut, str):
        raise StreamlitInvalidParameterTypeError(
            f"Invalid `shortcut` type. Expected one of: str. Provided type: {type(shortcut).__name__}."
        )
    tokens = [t.strip() for t in shortcut.split("+") if t.strip()]
    if not tokens:
        raise StreamlitAPIException("The `shortcut` must contain at least one key or modifier.")
    modifiers: set[str] = set()
    key: str | None = None
    for token in tokens:
        lower = token.lower()
        if lower in _MODIFIERS:
            modifiers.add(_MODIFIERS[lower])
            continue
        if key is not None:
            raise StreamlitAPIException("The `shortcut` may only specify a single non-modifier key.")
        key = _key(lower)
        if key in _RESERVED:
            raise StreamlitAPIException("The `shortcut` cannot use the keys 'C' or 'R', with or without modifiers.")
    if key is None:
        raise StreamlitAPIException("The `shortcut` must include a non-modifier key such as 'K' or 'Ctrl+K'.")
    normalized = "+".join([m for m in _MODIFIER_ORDER if m in modifiers] + [key])
    if normalized in _BROWSER_KEEPS and normalized not in _warned:
        _warned.add(normalized)
        _LOG.warning(
            "The shortcut %s is typically reserved by the browser or operating system and may never "
            "reach the app. Consider choosing a different combination.",
            shortcut,
        )
    return normalized


def icon_position_value(icon_position: Any) -> str:
    """``icon_position=``: ``"left"`` (also for None) or ``"right"``; anything else raises
    StreamlitValueError, as Streamlit 1.67 does."""
    if icon_position is None:
        return "left"
    if not isinstance(icon_position, str) or icon_position not in ("left", "right"):
        raise StreamlitValueError("Invalid `icon_position` value. Supported values: 'left', 'right'.")
    return str(icon_position)


def face_fields(icon_position: Any, shortcut: Any) -> dict[str, Any]:
    """The wire fields for both, left out at their defaults: ``icon_position`` only when
    ``"right"``, ``shortcut`` (normalized) only when given."""
    fields: dict[str, Any] = {}
    if icon_position_value(icon_position) == "right":
        fields["icon_position"] = "right"
    normalized = shortcut_value(shortcut)
    if normalized is not None:
        fields["shortcut"] = normalized
    return fields
