"""Streamlit's configuration (``config.toml``, ``STREAMLIT_*`` variables, ``--section.option``
flags), read by the server for each app it runs (server loop and the ``serve`` command; stdlib
only).

Sources, lowest precedence first, as ``streamlit run`` 1.67 merges them:

1. the defaults;
2. ``~/.streamlit/config.toml`` (the server user's);
3. ``<working directory>/.streamlit/config.toml`` (where ``serve`` was started);
4. ``<app folder>/.streamlit/config.toml`` when that is another folder;
5. environment variables ``STREAMLIT_<SECTION>_<OPTION_IN_SNAKE_CASE>``
   (``STREAMLIT_THEME_PRIMARY_COLOR``, ``STREAMLIT_THEME_SIDEBAR_TEXT_COLOR``);
6. ``jupyter reactive serve app.py --theme.primaryColor=...`` flags.

A value given as ``"env:NAME"`` in a file is the variable ``NAME``'s, as in Streamlit. A file
that is not TOML, an unknown key, a value of the wrong type or an option this server does not
act on is one warning line naming the file (or variable, or flag) and the key; the value is
left out and the server runs on (``serve`` refuses a flag naming no option before this is
read, as ``streamlit run`` does: see :mod:`jupyter_reactive.cli`). What each option does here: docs/compatibility.md
("Configuration"); in short, :data:`APPLIED` are acted on, :data:`NOTHING_TO_DO` are accepted
and need nothing here, every other Streamlit option warns that it is not supported.

Files are parsed again only when their size or modification time changed (a few ``stat`` calls
per new session), so an edited theme shows on the next page load.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .page_theme import UNUSABLE, page_style

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FILE = ".streamlit/config.toml"

# -- the options --------------------------------------------------------------------------------

#: theme options the page applies, in ``[theme]`` (value: its type)
THEME_APPLIED: dict[str, type] = {
    "base": str,
    "primaryColor": str,
    "backgroundColor": str,
    "secondaryBackgroundColor": str,
    "textColor": str,
    "linkColor": str,
    "borderColor": str,
    "codeBackgroundColor": str,
    "font": str,
    "codeFont": str,
    "headingFont": str,
    "baseRadius": str,
    "baseFontSize": int,
    "showWidgetBorder": bool,
    "showSidebarBorder": bool,
    "chartCategoricalColors": list,
    "baseFontWeight": int,
    "headingFontSizes": list,
    "headingFontWeights": list,
    "buttonRadius": str,
    "linkUnderline": bool,
}
#: the subset ``[theme.sidebar]`` may set, applied to the sidebar only
SIDEBAR_APPLIED = (
    "primaryColor",
    "backgroundColor",
    "secondaryBackgroundColor",
    "textColor",
    "linkColor",
    "borderColor",
    "codeBackgroundColor",
    "font",
    "codeFont",
    "headingFont",
    "baseRadius",
    "showWidgetBorder",
    "headingFontSizes",
    "headingFontWeights",
    "buttonRadius",
    "linkUnderline",
)
#: other Streamlit theme options: known, not drawn by this page
THEME_OTHER: dict[str, type] = {
    "codeFontSize": str,
    "codeFontWeight": int,
    "codeTextColor": str,
    "chartDivergingColors": list,
    "chartSequentialColors": list,
    "dataframeBorderColor": str,
    "dataframeHeaderBackgroundColor": str,
    "dataframeHeaderTextColor": str,
    "fontFaces": list,
    "metricValueFontSize": str,
    "metricValueFontWeight": int,
    "paddingBottom": str,
    "paddingTop": str,
    **{
        f"{hue}{part}Color": str
        for hue in ("red", "orange", "yellow", "blue", "green", "violet", "gray")
        for part in ("", "Background", "Text")
    },
}

#: non-theme options acted on here (value: type, default)
APPLIED: dict[str, tuple[type, Any]] = {
    "client.showErrorDetails": (str, "full"),
    "client.toolbarMode": (str, "auto"),
    "client.showSidebarNavigation": (bool, True),
    "client.disableDataExport": (bool, False),
    "runner.magicEnabled": (bool, True),
    "runner.fastReruns": (bool, True),
    "runner.cacheBackgroundRefreshTTLMultiplier": (float, 2.0),
    "magic.displayRootDocString": (bool, False),
    "magic.displayLastExprIfNoSemicolon": (bool, False),
    "server.maxUploadSize": (int, 200),
    "server.port": (int, 8501),
    "server.address": (str, None),
    "server.headless": (bool, False),
    "server.baseUrlPath": (str, ""),
    "server.runOnSave": (bool, False),
    "server.enableStaticServing": (bool, False),
    "logger.level": (str, "info"),
    "secrets.files": (list, None),  # None: the default places (server/secrets.py)
}
#: accepted; nothing to do here (no usage statistics are gathered, no direct-execution mode ...)
NOTHING_TO_DO: dict[str, tuple[type, Any]] = {
    "browser.gatherUsageStats": (bool, True),
    "global.disableWidgetStateDuplicationWarning": (bool, False),
    "global.showWarningOnDirectExecution": (bool, True),
    "server.showEmailPrompt": (bool, True),
    "server.fileWatcherType": (str, "auto"),
}
#: Streamlit's other options: known (no "unknown option" warning), not supported here
OTHER: dict[str, type] = {
    "logger.messageFormat": str,
    "client.showErrorLinks": str,
    "runner.enforceSerializableSessionState": bool,
    "runner.enumCoercion": str,
    "runner.parallelMaxWorkers": int,
    "runner.connectionDefaultTTL": float,
    "runner.cacheHashSeed": int,
    "server.folderWatchList": list,
    "server.folderWatchBlacklist": list,
    "server.enableExpensiveMemoryStats": bool,
    "server.maxCacheDataSize": str,
    "server.cookieSecret": str,
    "server.enableCORS": bool,
    "server.corsAllowedOrigins": list,
    "server.allowedHosts": list,
    "server.enableXsrfProtection": bool,
    "server.xsrfCookieSameSite": str,
    "server.maxMessageSize": int,
    "server.enableWebsocketCompression": bool,
    "server.websocketPingInterval": int,
    "server.disconnectedSessionTTL": int,
    "server.sslCertFile": str,
    "server.sslKeyFile": str,
    "browser.serverAddress": str,
    "browser.serverPort": int,
    "global.developmentMode": bool,
    "global.logLevel": str,
    "global.unitTest": bool,
    "global.suppressDeprecationWarnings": bool,
    "global.minCachedMessageSize": float,
    "global.maxCachedMessageAge": int,
    "global.storeCachedForwardMessagesInMemory": bool,
    "global.includeFragmentRunsInForwardMessageCacheCount": bool,
}

#: why a known option does nothing, for the few a user is likely to set
WHY_NOT: dict[str, str] = {
    "server.maxMessageSize": "the page's frames keep this server's own limit",
    "server.enableCORS": "origins are checked by jupyter-server (ServerApp.allow_origin)",
    "server.enableXsrfProtection": "XSRF protection is always on here",
    "server.cookieSecret": "use --ServerApp.cookie_secret_file",
    "server.sslCertFile": "use --ServerApp.certfile",
    "server.sslKeyFile": "use --ServerApp.keyfile",
    "server.fileWatcherType": "the server watches the app's files itself (--ReactiveApp.watch_interval)",
}


def _types() -> dict[str, type]:
    out: dict[str, type] = {f"theme.{k}": t for k, t in {**THEME_APPLIED, **THEME_OTHER}.items()}
    sidebar = {k: t for k, t in {**THEME_APPLIED, **THEME_OTHER}.items() if k not in _NOT_IN_SIDEBAR}
    for mode in ("", "light.", "dark."):
        if mode:
            out.update({f"theme.{mode}{k}": t for k, t in {**THEME_APPLIED, **THEME_OTHER}.items() if k != "base"})
        out.update({f"theme.{mode}sidebar.{k}": t for k, t in sidebar.items()})
    out.update({k: t for k, (t, _) in {**APPLIED, **NOTHING_TO_DO}.items()})
    out.update(OTHER)
    return out


_NOT_IN_SIDEBAR = {
    "base",
    "baseFontSize",
    "baseFontWeight",
    "showSidebarBorder",
    "fontFaces",
    "metricValueFontSize",
    "metricValueFontWeight",
}
TYPES = _types()
SUPPORTED = frozenset(
    [f"theme.{k}" for k in THEME_APPLIED]
    + [f"theme.{mode}sidebar.{k}" for k in SIDEBAR_APPLIED for mode in ("", "light.", "dark.")]
    + [f"theme.{mode}.{k}" for k in (*SIDEBAR_APPLIED, "chartCategoricalColors") for mode in ("light", "dark")]
    + list(APPLIED)
    + list(NOTHING_TO_DO)
)
#: the same choices Streamlit checks (a wrong one is a warning and the value is left out)
CHOICES: dict[str, tuple[str, ...]] = {
    "theme.base": ("light", "dark"),
    "client.showErrorDetails": ("full", "stacktrace", "type", "none", "true", "false"),
    "client.toolbarMode": ("auto", "developer", "viewer", "minimal"),
    "logger.level": ("error", "warning", "info", "debug"),
}
DEFAULTS: dict[str, Any] = {k: d for k, (_, d) in {**APPLIED, **NOTHING_TO_DO}.items()}


def env_name(key: str) -> str:
    """``theme.sidebar.primaryColor`` -> ``STREAMLIT_THEME_SIDEBAR_PRIMARY_COLOR``."""
    return "STREAMLIT_" + "_".join(re.sub(r"(?<!^)(?=[A-Z])", "_", part).upper() for part in key.split("."))


_ENV = {env_name(k): k for k in TYPES}

# -- values -------------------------------------------------------------------------------------


def _from_text(key: str, raw: str) -> Any:
    """A value given as text (a variable, a flag) as the option's type; raises ValueError."""
    kind = TYPES[key]
    text = raw.strip()
    if kind is bool:
        if text.lower() not in ("true", "false"):
            raise ValueError("must be true or false")
        return text.lower() == "true"
    try:
        if kind is int:
            return int(text)
        if kind is float:
            return float(text)
    except ValueError:
        raise ValueError("must be a whole number" if kind is int else "must be a number") from None
    if kind is list:
        if text.startswith("["):
            try:
                value = tomllib.loads(f"v = {text}")["v"]
            except tomllib.TOMLDecodeError:
                raise ValueError('must be a list, as in TOML: ["#ff0000", "#00ff00"]') from None
            return value
        return [part.strip() for part in text.split(",") if part.strip()]
    return raw


def _check(key: str, value: Any) -> Any:
    """``value`` if it fits ``key``'s type and choices (an int for a float is fine); raises
    ValueError saying what is wanted."""
    kind = TYPES[key]
    if key == "client.showErrorDetails" and isinstance(value, bool):
        return value  # the legacy true/false, which Streamlit still takes
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if key.endswith(("headingFontSizes", "headingFontWeights")) and not isinstance(value, list):
        return value  # one value for all six headings (checked with the page's style)
    if kind is list and isinstance(value, str):  # Streamlit takes one string for a list too
        value = [value]
    if key.endswith("headingFontWeights") and isinstance(value, list):
        return value  # weights are numbers (checked with the page's style)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = {bool: "true or false", int: "a whole number", float: "a number", str: "a string", list: "a list"}
        raise ValueError(f"must be {names[kind]}, not {type(value).__name__}")
    if isinstance(value, list) and not all(isinstance(v, (str, dict)) for v in value):
        raise ValueError("must be a list of strings")
    choices = CHOICES.get(key)
    if choices is not None and str(value).lower() not in choices:
        raise ValueError(f"must be one of {', '.join(choices)}, not {str(value)[:40]!r}")
    if choices is not None:
        value = str(value).lower() if key != "client.showErrorDetails" else value
    return value


def _walk(table: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    """A parsed file's ``(dotted key, value)`` pairs; sub-tables of ``[theme]`` are sections."""
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and (not prefix or key.startswith("theme.")):
            yield from _walk(value, key + ".")
        else:
            yield key, value


@dataclass(frozen=True)
class _Source:
    """What one source gives: values by key, and its warnings."""

    values: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def _take(pairs: Iterable[tuple[str, Any]], where: str, text: bool, environ: Mapping[str, str]) -> _Source:
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in pairs:
        if key not in TYPES:
            warnings.append(f"{where}: unknown option {key}; ignored")
            continue
        if not text and isinstance(value, str) and value.startswith("env:"):
            name = value[4:]
            if name not in environ:
                warnings.append(f"{where}: {key}: no environment variable {name[:60]}; ignored")
                continue
            value, text_value = environ[name], True
        else:
            text_value = text
        try:
            checked = _check(key, _from_text(key, value) if text_value else value)
        except ValueError as err:
            warnings.append(f"{where}: {key} {err}; ignored")
            continue
        if key not in SUPPORTED:
            why = WHY_NOT.get(key)
            warnings.append(f"{where}: {key} is not supported here" + (f" ({why})" if why else "") + "; ignored")
            continue
        if key.startswith("theme.") and UNUSABLE in page_style({key[6:]: checked})[2]:
            warnings.append(f"{where}: {key} = {str(checked)[:60]!r} is not a value this page can draw; ignored")
            continue
        values[key] = checked
    return _Source(values, tuple(warnings))


def from_environ(environ: Mapping[str, str]) -> _Source:
    """The ``STREAMLIT_*`` variables that name options (others, like ``STREAMLIT_SERVER_...``
    typos, are left alone: the environment holds much that is not ours)."""
    pairs = []
    for name, raw in environ.items():
        key = _ENV.get(name)
        if key is not None and raw.strip():
            pairs.append((key, raw))
    out = [_take([pair], env_name(pair[0]), True, environ) for pair in pairs]
    return _Source(
        {k: v for s in out for k, v in s.values.items()},
        tuple(w for s in out for w in s.warnings),
    )


def from_flags(flags: Iterable[str], environ: Mapping[str, str] | None = None) -> _Source:
    """``section.option=value`` strings (``serve``'s ``--theme.primaryColor=...``)."""
    out = []
    for flag in flags:
        key, _, raw = flag.partition("=")
        out.append(_take([(key, raw)], f"--{key}", True, environ or {}))
    return _Source(
        {k: v for s in out for k, v in s.values.items()},
        tuple(w for s in out for w in s.warnings),
    )


def parse_file(path: Path, shown: str, environ: Mapping[str, str]) -> _Source:
    """One config.toml; a file that does not parse is one warning (tomllib's message says
    where, never the text)."""
    try:
        with open(path, "rb") as f:
            table = tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        return _Source({}, (f"{shown}: not valid TOML ({err}); the file is ignored",))
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else "not readable as UTF-8"
        return _Source({}, (f"{shown}: {reason}; the file is ignored",))
    pairs: list[tuple[str, Any]] = []
    warnings: list[str] = []
    for section, body in table.items():
        if not isinstance(body, dict):
            warnings.append(f"{shown}: {section} is not a [section]; ignored")
            continue
        pairs.extend(_walk(body, section + "."))
    source = _take(pairs, shown, False, environ)
    return _Source(source.values, (*warnings, *source.warnings))


# -- the merged configuration -------------------------------------------------------------------


def toolbar_mode(value: Any, viewers: bool) -> str:
    """``client.toolbarMode`` as the page applies it: "developer", "viewer" or "minimal".
    Streamlit's "auto" is developer options on localhost only; here they are for the app's
    author: inside Jupyter (the server's own user) "developer", under ``serve``, where anyone
    who reaches the port is a viewer (``viewers``), "viewer"."""
    if value in ("developer", "viewer", "minimal"):
        return str(value)
    return "viewer" if viewers else "developer"


@dataclass(frozen=True)
class StreamlitConfig:
    """One app's merged configuration: the options set (not the defaults), where each came
    from, and the warnings of every source."""

    values: dict[str, Any]
    origins: dict[str, str]
    warnings: tuple[str, ...]

    def get(self, key: str) -> Any:
        """The value set for ``key``, else Streamlit's default (None for theme options)."""
        return self.values.get(key, DEFAULTS.get(key))

    def theme(self) -> dict[str, Any]:
        """The ``theme.*`` values set, ``theme.`` taken off (``sidebar.primaryColor``)."""
        return {k[6:]: v for k, v in self.values.items() if k.startswith("theme.")}

    def for_kernel(self) -> dict[str, Any]:
        """What a session's kernel gets: every option set."""
        return dict(self.values)


@dataclass
class _Cached:
    signature: tuple[int, int, int]
    source: _Source


class ConfigReader:
    """Reads and caches the config files of the apps this server runs (server loop only);
    environment and flags are read once, when it is made. ``home``, ``cwd``: the folders ``~``
    and the working directory stand for (tests pass their own). ``warn``: called once per new
    warning line."""

    def __init__(
        self,
        home: Path | None = None,
        cwd: Path | None = None,
        environ: Mapping[str, str] | None = None,
        flags: Iterable[str] = (),
        warn: Callable[[str], None] | None = None,
    ):
        self.home = home if home is not None else Path.home()
        self.cwd = (cwd if cwd is not None else Path.cwd()).resolve()
        self.environ = dict(os.environ if environ is None else environ)
        self._env = from_environ(self.environ)
        self._flags = from_flags(flags, self.environ)
        self._warn = warn
        self._warned: set[str] = set()
        self._cache: dict[Path, _Cached] = {}

    def files(self, app_folder: Path | str | None) -> list[tuple[Path, str]]:
        """(path, shown name), lowest precedence first; the app's folder's file when it is
        not the working directory's."""
        out = [(self.home / FILE, f"~/{FILE}"), (self.cwd / FILE, str(Path(FILE)))]
        if app_folder is not None:
            folder = Path(app_folder).resolve()
            if folder != self.cwd:
                out.append((folder / FILE, str(folder / FILE)))
        return out

    def read(self, app_folder: Path | str | None = None) -> StreamlitConfig:
        """The merged configuration of the app in ``app_folder`` (None: the server's own:
        home, working directory, environment, flags). Never raises."""
        sources: list[tuple[str, _Source]] = []
        for path, shown in self.files(app_folder):
            source = self._file(path, shown)
            if source is not None:
                sources.append((shown, source))
        sources.append(("environment", self._env))
        sources.append(("command line", self._flags))
        values: dict[str, Any] = {}
        origins: dict[str, str] = {}
        warnings: list[str] = []
        for shown, source in sources:
            values.update(source.values)
            origins.update(dict.fromkeys(source.values, shown))
            warnings.extend(source.warnings)
        for line in warnings:
            if line not in self._warned and self._warn is not None:
                self._warned.add(line)
                self._warn(line)
        return StreamlitConfig(values, origins, tuple(warnings))

    def _file(self, path: Path, shown: str) -> _Source | None:
        try:
            st = os.stat(path)
        except OSError:
            self._cache.pop(path, None)
            return None
        signature = (st.st_ino, st.st_size, st.st_mtime_ns)
        cached = self._cache.get(path)
        if cached is None or cached.signature != signature:
            cached = self._cache[path] = _Cached(signature, parse_file(path, shown, self.environ))
        return cached.source
