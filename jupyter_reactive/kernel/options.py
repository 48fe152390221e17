"""``get_option`` / ``set_option``: the Streamlit configuration options that mean something here
(script thread; the values are per kernel, and a kernel serves one session).

What each option does here:

* ``client.showErrorDetails`` (``"full"``, ``"stacktrace"``, ``"type"``, ``"none"``, or the
  legacy ``True``/``False``): how much of an uncaught script error the page shows, as in
  Streamlit (``jr.exception`` always shows everything). Settable from the script.
* ``client.showSidebarNavigation``: ``False`` hides a multipage app's page links from the
  sidebar (:mod:`.navigation`), as in Streamlit. Settable from the script.
* ``client.toolbarMode``, ``client.disableDataExport``: settable from the script, as in
  Streamlit, and readable back; this page has no toolbar or export menu, so they change
  nothing on it.
* ``theme.*`` (``base``, ``primaryColor``, ``backgroundColor``, ...), ``theme.sidebar.*``,
  ``theme.light.*`` and ``theme.dark.*`` (with their ``.sidebar``): the
  app's configured theme, which the page draws; ``None`` when not configured (the page then
  follows the viewer's light or dark scheme). Not settable from a script, as in Streamlit.
* ``runner.magicEnabled`` (``True``), ``magic.displayRootDocString`` (``False``),
  ``magic.displayLastExprIfNoSemicolon`` (``False``): Streamlit's "magic" (:mod:`.magic`). Not
  settable from a script, as in Streamlit.
* ``secrets.files``: the places the server reads the app's secrets from (:mod:`.secrets`);
  by default Streamlit's two (``~/.streamlit/secrets.toml``, ``.streamlit/secrets.toml`` in the
  working directory) and this project's ``.jupyter_reactive/secrets.toml``. Not settable with
  ``set_option``, as in Streamlit; ``config.set_option`` (Streamlit's config module) sets it for
  this session, and ``jr.secrets`` then reads those files in the kernel.
* ``server.maxUploadSize`` (megabytes; the server refuses larger uploads), ``server.maxMessageSize``,
  ``global.disableWidgetStateDuplicationWarning``, ``logger.level``: readable, with Streamlit's
  defaults.

Every option's value comes from Streamlit's configuration as the server read it for this app
(``.streamlit/config.toml`` files, ``STREAMLIT_*`` environment variables, ``serve``'s
``--section.option=value`` flags; ``server/streamlit_config.py``), handed over when the session
opens (:func:`configure`), else Streamlit's default.

Any other key: ``get_option`` raises ``RuntimeError('Config key "…" not defined.')`` and
``set_option`` raises ``StreamlitAPIException`` (Streamlit's messages); a known option that is not
settable from a script raises Streamlit's "cannot be set on the fly" error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from .errors import StreamlitAPIException

_THEME_BOTH = (
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
    "codeBackgroundColor",
    "chartCategoricalColors",
)
_THEME = (
    "base",
    "baseFontSize",
    "showSidebarBorder",
    *(f"{mode}{name}" for mode in ("", "light.", "dark.") for name in _THEME_BOTH),
    *(f"{mode}sidebar.{name}" for mode in ("", "light.", "dark.") for name in _THEME_BOTH),
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
    "runner.fastReruns": True,
    "runner.cacheBackgroundRefreshTTLMultiplier": 2.0,
    "magic.displayRootDocString": False,
    "magic.displayLastExprIfNoSemicolon": False,
    "logger.level": "info",
    "secrets.files": None,  # the default places, worked out when asked (_default_secrets_files)
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

_values: dict[str, Any] = {}  # set from the script
_configured: dict[str, Any] = {}  # the app's configuration, from the server


def configure(values: Mapping[str, Any]) -> None:
    """This kernel's options as the server read them for its app (the session's opening
    config, ``options``): replaces any earlier ones. Keys this module does not know are left
    out (the server already said which options it does not support)."""
    if not isinstance(values, Mapping):
        raise ValueError("options must be an object")
    _configured.clear()
    _configured.update({k: v for k, v in values.items() if k in _DEFAULTS})


def get_option(key: str) -> Any:
    """Return the current value of a configuration option (``"section.optionName"``).

    The options this build knows: ``client.showErrorDetails``, ``client.toolbarMode``,
    ``client.showSidebarNavigation``, ``client.disableDataExport``, every ``theme.*`` option
    the page draws (``None`` when not configured), ``server.maxUploadSize``, ``logger.level``,
    ``server.maxMessageSize``, ``global.disableWidgetStateDuplicationWarning``,
    ``runner.magicEnabled``, ``runner.fastReruns``, ``runner.cacheBackgroundRefreshTTLMultiplier``,
    ``magic.displayRootDocString`` and
    ``magic.displayLastExprIfNoSemicolon``. Any other key raises ``RuntimeError``, as
    Streamlit does for an undefined key.

    Args:
        key: the option's name, e.g. ``"theme.primaryColor"``.
    """
    if key not in _DEFAULTS:
        raise RuntimeError(f'Config key "{key}" not defined.')
    if key in _values:
        return _values[key]
    if key == "secrets.files" and key not in _configured:
        return _default_secrets_files()
    return _configured.get(key, _DEFAULTS[key])


def _default_secrets_files() -> list[str]:
    cwd = os.getcwd()
    return [
        os.path.join(os.path.expanduser("~"), ".streamlit", "secrets.toml"),
        os.path.join(cwd, ".streamlit", "secrets.toml"),
        os.path.join(cwd, ".jupyter_reactive", "secrets.toml"),
    ]


def set_config_option(key: str, value: Any) -> None:
    """Streamlit's ``config.set_option`` (``from streamlit import config``): as
    :func:`set_option`, and also ``secrets.files`` (a list of ``.toml`` files and secret
    folders, or one path), which ``jr.secrets`` then reads in this kernel for the rest of the
    session, as Streamlit's e2e apps switch secrets files."""
    if key != "secrets.files":
        set_option(key, value)
        return
    if isinstance(value, (str, os.PathLike)):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, (str, os.PathLike)) for v in value):
        raise StreamlitAPIException(f"secrets.files must be a list of paths, not {type(value).__name__}")
    _values[key] = [os.fspath(v) for v in value]


def script_secrets_files() -> list[str] | None:
    """The ``secrets.files`` the script set with ``config.set_option``, else None."""
    files = _values.get("secrets.files")
    return list(files) if files is not None else None


def set_option(key: str, value: Any) -> None:
    """Set a configuration option from the script, for this session.

    As in Streamlit, only ``client.showErrorDetails`` (how much of an uncaught error the page
    shows: ``"full"``, ``"stacktrace"``, ``"type"`` or ``"none"``), ``client.toolbarMode``,
    ``client.showSidebarNavigation`` and ``client.disableDataExport`` can be set (the toolbar
    and export options are kept but change nothing on this page, which has neither).
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
