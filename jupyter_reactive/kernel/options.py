"""``get_option`` / ``set_option``: the Streamlit configuration options that mean something here
(script thread; the values are per kernel, and a kernel serves one session).

What each option does here:

* ``client.showErrorDetails`` (``"full"``, ``"stacktrace"``, ``"type"``, ``"none"``, or the
  legacy ``True``/``False``): how much of an uncaught script error the page shows, as in
  Streamlit (``jr.exception`` always shows everything). Settable from the script.
* ``client.toolbarMode``, ``client.showSidebarNavigation``, ``client.disableDataExport``:
  settable from the script, as in Streamlit, and readable back; this page has no toolbar,
  page navigation or export menu, so they change nothing on it.
* ``theme.*`` (``base``, ``primaryColor``, ``backgroundColor``, ...): readable, ``None`` as in
  an unconfigured Streamlit (the page follows the viewer's light or dark scheme). Not
  settable from a script, as in Streamlit.
* ``runner.magicEnabled`` (``True``), ``magic.displayRootDocString`` (``False``),
  ``magic.displayLastExprIfNoSemicolon`` (``False``): Streamlit's "magic" (:mod:`.magic`). Not
  settable from a script, as in Streamlit; set for the app from Streamlit's environment
  variables (``STREAMLIT_RUNNER_MAGIC_ENABLED=false``, ``STREAMLIT_MAGIC_DISPLAY_ROOT_DOC_STRING``,
  ``STREAMLIT_MAGIC_DISPLAY_LAST_EXPR_IF_NO_SEMICOLON``: ``true`` or ``false``) in the
  environment the server (so the kernel) starts with. ``config.toml`` is not read.
* ``server.maxUploadSize``, ``server.maxMessageSize``,
  ``global.disableWidgetStateDuplicationWarning``: readable, with Streamlit's defaults.

Any other key: ``get_option`` raises ``RuntimeError('Config key "…" not defined.')`` and
``set_option`` raises ``StreamlitAPIException`` (Streamlit's messages); a known option that is not
settable from a script raises Streamlit's "cannot be set on the fly" error.
"""

from __future__ import annotations

import os
from typing import Any

from .errors import StreamlitAPIException

_THEME = (
    "base",
    "primaryColor",
    "backgroundColor",
    "secondaryBackgroundColor",
    "textColor",
    "linkColor",
    "font",
    "codeFont",
    "headingFont",
    "baseRadius",
    "borderColor",
    "showWidgetBorder",
    "baseFontSize",
    "showSidebarBorder",
)

_DEFAULTS: dict[str, Any] = {
    "client.showErrorDetails": "full",
    "client.toolbarMode": "auto",
    "client.showSidebarNavigation": True,
    "client.disableDataExport": False,
    "server.maxUploadSize": 200,
    "server.maxMessageSize": 200,
    "global.disableWidgetStateDuplicationWarning": False,
    "runner.magicEnabled": True,
    "magic.displayRootDocString": False,
    "magic.displayLastExprIfNoSemicolon": False,
    **{f"theme.{name}": None for name in _THEME},
}

# the ones Streamlit lets a script set
_SCRIPTABLE = {
    "client.showErrorDetails",
    "client.toolbarMode",
    "client.showSidebarNavigation",
    "client.disableDataExport",
}

_CHOICES: dict[str, tuple[Any, ...]] = {
    "client.showErrorDetails": ("full", "stacktrace", "type", "none", True, False, "true", "false", "True", "False"),
    "client.toolbarMode": ("auto", "developer", "viewer", "minimal"),
}

_values: dict[str, Any] = {}

# options read from Streamlit's environment variables (STREAMLIT_<SECTION>_<OPTION_IN_SNAKE_CASE>)
_FROM_ENV = {
    "runner.magicEnabled": "STREAMLIT_RUNNER_MAGIC_ENABLED",
    "magic.displayRootDocString": "STREAMLIT_MAGIC_DISPLAY_ROOT_DOC_STRING",
    "magic.displayLastExprIfNoSemicolon": "STREAMLIT_MAGIC_DISPLAY_LAST_EXPR_IF_NO_SEMICOLON",
}


def _from_env(key: str) -> Any:
    """A boolean option's value from its environment variable; unset: the default. Any value
    but ``true``/``false`` (any case) raises, naming the variable."""
    var = _FROM_ENV[key]
    raw = os.environ.get(var)
    if raw is None or not raw.strip():
        return _DEFAULTS[key]
    text = raw.strip().lower()
    if text not in ("true", "false"):
        raise StreamlitAPIException(f"{var} must be true or false, not {raw[:40]!r}")
    return text == "true"


def get_option(key: str) -> Any:
    """Return the current value of a configuration option (``"section.optionName"``).

    The options this build knows: ``client.showErrorDetails``, ``client.toolbarMode``,
    ``client.showSidebarNavigation``, ``client.disableDataExport``, every ``theme.*`` option
    (``None``: the page follows the viewer's light or dark scheme), ``server.maxUploadSize``,
    ``server.maxMessageSize``, ``global.disableWidgetStateDuplicationWarning``,
    ``runner.magicEnabled``, ``magic.displayRootDocString`` and
    ``magic.displayLastExprIfNoSemicolon``. Any other key raises ``RuntimeError``, as
    Streamlit does for an undefined key.

    Args:
        key: the option's name, e.g. ``"theme.primaryColor"``.
    """
    if key not in _DEFAULTS:
        raise RuntimeError(f'Config key "{key}" not defined.')
    if key in _FROM_ENV:
        return _from_env(key)
    return _values.get(key, _DEFAULTS[key])


def set_option(key: str, value: Any) -> None:
    """Set a configuration option from the script, for this session.

    As in Streamlit, only ``client.showErrorDetails`` (how much of an uncaught error the page
    shows: ``"full"``, ``"stacktrace"``, ``"type"`` or ``"none"``), ``client.toolbarMode``,
    ``client.showSidebarNavigation`` and ``client.disableDataExport`` can be set (the last three
    are kept but change nothing on this page, which has no toolbar, navigation or export menu).
    Any other key raises ``StreamlitAPIException``.

    Args:
        key: the option's name, e.g. ``"client.showErrorDetails"``.
        value: its new value.
    """
    if key not in _DEFAULTS:
        raise StreamlitAPIException(f"Unrecognized config option: {key}")
    if key not in _SCRIPTABLE:
        raise StreamlitAPIException(
            f"{key} cannot be set on the fly. Set as command line option, e.g. "
            f"streamlit run script.py --{key}, or in config.toml instead."
        )
    choices = _CHOICES.get(key)
    if choices is not None and not any(value == c and type(value) is type(c) for c in choices):
        raise StreamlitAPIException(f"{key} must be one of {', '.join(repr(c) for c in choices[:4])}, not {value!r}")
    _values[key] = value


_REDACTED = (
    "This app has encountered an error. The original error message is redacted to prevent data "
    "leaks. Full error details have been recorded in the logs."
)


def redact_uncaught(el: dict[str, Any]) -> dict[str, Any]:
    """An uncaught error's ``exception`` element, cut to what ``client.showErrorDetails`` shows."""
    level = get_option("client.showErrorDetails")
    if level in ("full", True, "true", "True"):
        return el
    if level in ("stacktrace", False, "false", "False"):
        return {**el, "evalue": ""}
    if level == "type":
        return {**el, "evalue": "", "traceback": ""}
    return {**el, "ename": "Error", "evalue": _REDACTED, "traceback": ""}
