"""The ``jupyter reactive`` command (and ``python -m jupyter_reactive``): its subcommands, its
help, the checks on its options, and the serve-mode settings it hands to
:class:`~jupyter_reactive.server.app.ReactiveApp`. Runs in the server process, before the server
exists.

Before handing over to :class:`~jupyter_reactive.server.app.ReactiveApp`, it defers imports that
``jupyter_server.serverapp`` makes through ``jupyter_events`` → ``jsonschema`` and that serving
never uses: ``jsonschema`` imports, at its own import, the library behind each optional string
format it can check (``"iri"``: ``rfc3987_syntax``, which builds a Lark grammar at import time —
once most of the time that importing ``jupyter_server.serverapp`` took; ``"uri"``, ``"date-time"``,
``"color"``, ``"uri-template"``, ``"hostname"``: a few tens of ms together; see
docs/performance.md), for schemas none of which jupyter-server's use. Each such module is
replaced by a stand-in that imports the real one when one of its functions is first called (or
anything else is read from it), so whoever does check such a format gets the real check, a
little later.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import json
import os
import shutil
import signal
import sys
import types
from pathlib import Path
from typing import Any

# module -> functions handed out unloaded (``from module import function`` reads them at once;
# the module is imported when one is called). Reading anything else imports it at once. Only
# modules that jsonschema's format checks (``jsonschema._format``) read nothing else from at
# import: those whose exception types it reads then (idna, jsonpointer, isoduration) would be
# imported at once anyway.
DEFERRED: dict[str, tuple[str, ...]] = {
    "rfc3987_syntax": ("is_valid_syntax",),
    "rfc3986_validator": ("validate_rfc3986",),
    "rfc3339_validator": ("validate_rfc3339",),
    "fqdn": ("FQDN",),
    "webcolors": (),
    "uri_template": (),
    "arrow": (),  # isoduration's, for the "duration" format (isoduration itself is read at import)
}


class _Deferred(types.ModuleType):
    """A module that becomes the real one on first use."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if name in DEFERRED.get(self.__name__, ()):
            module = self.__name__

            def deferred(*args: Any, **kwargs: Any) -> Any:
                return getattr(_load(module), name)(*args, **kwargs)

            deferred.__name__ = deferred.__qualname__ = name
            return deferred
        return getattr(_load(self.__name__), name)


def _load(name: str) -> types.ModuleType:
    if isinstance(sys.modules.get(name), _Deferred):
        del sys.modules[name]
    return importlib.import_module(name)


def defer_slow_imports() -> None:
    """Put stand-ins for :data:`DEFERRED` modules that are installed and not imported yet."""
    for name in DEFERRED:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        stand_in = _Deferred(name, f"{name}, imported on first use (jupyter_reactive.cli)")
        if spec.submodule_search_locations is not None:  # a package: its submodules import as usual
            stand_in.__path__ = list(spec.submodule_search_locations)
        sys.modules[name] = stand_in


USAGE = """\
usage: jupyter reactive <command> [options]

Run Python scripts and notebooks as reactive web apps, a kernel per browser tab.

commands:
  serve PATH    serve one app (.py or .ipynb) or a folder of apps to anyone who can reach
                the server, with no token (what `streamlit run` does)
  run PATH      the same as serve
  help [serve]  this text, or the options of serve

Without a command, `jupyter reactive [server options]` starts a token-protected Jupyter server
with every app under its root at /reactive/ (`jupyter lab` serves them too).
Run `jupyter reactive serve --help` for serve's options.
"""

SERVE_HELP = """\
usage: jupyter reactive serve PATH [options] [-- ARGS]

PATH is an app (.py or .ipynb) or a folder of apps; ARGS after -- are the app's sys.argv[1:].
Common options (--name=value or --name value):
  --port=8888                          the port to listen on (taken: serve stops; without
                                       --port, the next free one after 8888)
  --ip=localhost                       the address to listen on (0.0.0.0: every interface)
  --no-browser                         do not open a browser tab
  --ServerApp.base_url=/               serve under this URL prefix (behind a proxy)
  --ReactiveApp.pool_size=1            warm kernels kept ready per app
  --ReactiveApp.preload=numpy,pandas   modules imported ahead, shared by every app kernel
  --ReactiveApp.media_store_url=URL    where media and uploads live: memory://,
                                       file:///shared/dir or redis://host:6379/0 (replicas)
  --ReactiveApp.cache_store_url=URL    where cache_data results live (default: the
                                       server's own): file:///shared/dir or redis://...
  --ReactiveApp.max_upload_size=BYTES  largest upload a viewer may send
  --ReactiveApp.session_idle_timeout=S end a session after S seconds without events
  --ReactiveApp.run_on_save=True       rerun open tabs by themselves when the app is saved
Streamlit's options, as `streamlit run` takes them (over .streamlit/config.toml and STREAMLIT_*):
  --theme.primaryColor=#ff4b4b         [theme]: base, primaryColor, backgroundColor, textColor,
                                       secondaryBackgroundColor, font, baseRadius ... the page
  --server.maxUploadSize=200           megabytes; server.port, address, headless, baseUrlPath
                                       and runOnSave map to the settings above
  --runner.magicEnabled=false          also client.showErrorDetails, magic.*, logger.level
Every other setting: jupyter reactive serve --help-all
"""

# who may view: anyone (these), or, when JupyterHub started serve, hub OAuth (server/hub.py)
VIEWER_SETTINGS = [
    "--ServerApp.identity_provider_class=jupyter_reactive.server.auth.ViewerIdentityProvider",
    "--ServerApp.authorizer_class=jupyter_reactive.server.auth.ViewerAuthorizer",
    "--IdentityProvider.token=",
]
SERVE_SETTINGS = [
    "--ServerApp.allow_root=True",
    "--ServerApp.terminals_enabled=False",
    # a setting that stops the extension from loading must stop serve, not leave a bare server
    "--ServerApp.reraise_server_extension_failures=True",
]


#: settings serve derives from its PATH argument (given again, traitlets would refuse two values)
SET_BY_PATH = frozenset(
    {
        "ServerApp.root_dir",
        "notebook-dir",
        "ServerApp.notebook_dir",
        "ServerApp.preferred_dir",
        "ReactiveApp.serve_path",
    }
)


#: the sections of Streamlit's options (``--theme.primaryColor=...``); traitlets' classes are
#: capitalised, so the two never meet
STREAMLIT_SECTIONS = frozenset({"theme", "server", "client", "runner", "magic", "logger", "browser", "global"})

#: Streamlit's server options and the serve setting each stands for (given here too: this one wins)
SERVER_OPTIONS = {
    "server.port": ("--port", ("--port", "--ServerApp.port")),
    "server.address": ("--ip", ("--ip", "--ServerApp.ip")),
    "server.baseUrlPath": ("--ServerApp.base_url", ("--ServerApp.base_url",)),
    "server.runOnSave": ("--ReactiveApp.run_on_save", ("--ReactiveApp.run_on_save",)),
}


class UsageError(SystemExit):
    """A command line that cannot work: one line saying why, exit status 2."""

    def __init__(self, message: str):
        super().__init__(2)
        self.message = message


def _options() -> tuple[set[str], dict[str, str], dict[str, dict[str, Any]]]:
    """The server's flags, its aliases (which take a value; each with the setting it sets) and
    every configurable class with its settings, as `jupyter reactive serve` accepts them."""
    from jupyter_server.serverapp import ServerApp
    from traitlets.config import Configurable

    from .server.app import ReactiveApp
    from .server.auth import ViewerIdentityProvider

    server = ServerApp()
    flags = {k for k in server.flags if isinstance(k, str)} | {"help-all", "show-config", "show-config-json"}
    aliases = {k: v if isinstance(v, str) else v[0] for k, v in server.aliases.items() if isinstance(k, str)}
    classes: dict[str, dict[str, Any]] = {}
    configurables: list[type] = [*server.classes, ReactiveApp, ViewerIdentityProvider]
    for cls in configurables:
        for base in cls.__mro__:
            if isinstance(base, type) and issubclass(base, Configurable) and base is not Configurable:
                classes.setdefault(base.__name__, {}).update(base.class_traits(config=True))
    return flags, aliases, classes


def _suggest(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean --{close[0]}?)" if close else ""


def check_options(args: list[str]) -> tuple[list[str], list[str]]:
    """Split serve's arguments into positionals and options in ``--name=value`` form, refusing
    any option the server would ignore (a mistyped option names itself)."""
    flags, aliases, classes = _options()
    positional: list[str] = []
    options: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if not arg.startswith("-") or arg == "-":
            positional.append(arg)
            continue
        name, eq, value = arg.lstrip("-").partition("=")
        if name.partition(".")[0] in STREAMLIT_SECTIONS:  # Streamlit's --section.option=value
            _check_streamlit_option(name)
            if not eq:
                if i >= len(args) or args[i].startswith("--"):
                    raise UsageError(f"option --{name} needs a value: --{name}=VALUE")
                value, i = args[i], i + 1
            options.append(f"--ReactiveApp.streamlit_options={name}={value}")
            continue
        if "." in name:
            cls, _, trait = name.rpartition(".")
            if cls not in classes:
                raise UsageError(
                    f"unknown option {arg.split('=')[0]}: no class {cls}{_suggest(name, _dotted(classes))}"
                )
            if trait not in classes[cls]:
                raise UsageError(
                    f"unknown option --{name}: {cls} has no setting {trait}{_suggest(name, _dotted(classes))}"
                )
        elif name in aliases:
            pass
        elif name in flags:
            if eq:
                raise UsageError(f"option --{name} takes no value")
        else:
            raise UsageError(f"unknown option --{name}{_suggest(name, flags | set(aliases))}")
        if not eq and name not in flags:
            if i >= len(args) or args[i].startswith("--"):
                raise UsageError(f"option --{name} needs a value: --{name}=VALUE")
            value, i = args[i], i + 1
            options.append(f"--{name}={value}")
        else:
            options.append(arg if arg.startswith("--") else "-" + arg)
        if name not in flags:
            _check_value(name, aliases.get(name, name), value, classes)
    return positional, options


def _check_streamlit_option(name: str) -> None:
    """A Streamlit option that does not exist stops serve, as ``streamlit run`` refuses it (a
    config.toml's unknown key only warns, there and here)."""
    from .server.streamlit_config import TYPES

    if name not in TYPES:
        raise UsageError(f"unknown option --{name}{_suggest(name, TYPES)}")


def _check_value(name: str, setting: str, value: str, classes: dict[str, dict[str, Any]]) -> None:
    """A number or a True/False setting given something else stops here, in serve's own words
    (traitlets would say it later, as a critical log line about a "trait of an instance")."""
    from traitlets import Bool, Float, Int

    cls, _, trait_name = setting.rpartition(".")
    trait = classes.get(cls, {}).get(trait_name)
    kinds = ((Bool, "True or False"), (Int, "a whole number"), (Float, "a number"))
    expected = next((what for kind, what in kinds if isinstance(trait, kind)), None)
    if expected is None or trait is None:
        return
    try:
        trait.from_string(value)
    except (ValueError, TypeError):
        raise UsageError(f"--{name}={value}: expected {expected}") from None


def _split_script_args(args: list[str]) -> tuple[list[str], list[str]]:
    """serve's own arguments, and those after ``--``: the app's (its ``sys.argv[1:]``, as
    ``streamlit run app.py -- ARGS`` passes them)."""
    if "--" not in args:
        return args, []
    at = args.index("--")
    return args[:at], args[at + 1 :]


def _dotted(classes: dict[str, dict[str, Any]]) -> list[str]:
    return [f"{cls}.{trait}" for cls, traits in classes.items() for trait in traits]


def serve_argv(args: list[str], hub: list[str] | None = None) -> list[str]:
    """``serve PATH [options]`` -> the ServerApp command line of serve mode; ``hub``: the
    settings of a process JupyterHub started (:func:`server.hub.serve_settings`), which replace
    the anonymous viewer's identity (options given on the command line still win)."""
    from jupyter_server.utils import url_escape

    args, script_args = _split_script_args(args)
    positional, options = check_options(args)
    if script_args:
        options.append("--ReactiveApp.script_args=" + json.dumps(script_args))
    if len(positional) != 1:
        raise UsageError(
            "serve takes one PATH, an app (.py or .ipynb) or a folder of apps"
            + (f"; got {len(positional)}: {' '.join(positional)}" if positional else "")
        )
    for option in options:
        name = option[2:].partition("=")[0]
        if name in SET_BY_PATH:
            raise UsageError(f"--{name}: serve takes it from PATH (the app, or the folder of apps, to serve)")
    target = Path(positional[0]).expanduser().resolve()
    if not target.exists():
        raise UsageError(f"{positional[0]} does not exist")
    if target.is_dir():
        root, rel, url = target, "", "reactive/"
    else:
        if target.suffix not in (".py", ".ipynb"):
            raise UsageError(f"{positional[0]} is not an app: PATH must be a .py script, a .ipynb notebook or a folder")
        root, rel = target.parent, target.name
        url = "/reactive/app/" + url_escape(rel)
    # the hub's address and prefix are the hub's to choose: a config.toml's do not replace them
    options.extend(_streamlit_server_options([*options, *(hub or [])], root))
    if any(o.startswith("--port=") for o in options) and not any(
        o.startswith(("--port-retries=", "--ServerApp.port_retries=")) for o in options
    ):
        _check_port(options)
    return [
        f"--ServerApp.root_dir={root}",
        f"--ReactiveApp.serve_path={rel}",
        f"--ReactiveApp.default_url={url}",
        *_unless_given(VIEWER_SETTINGS if hub is None else hub, options),
        *_unless_given(SERVE_SETTINGS, options),
        *_no_browser_to_open([*options, *(hub or [])]),
        *options,
    ]


def _streamlit_server_options(options: list[str], app_folder: Path) -> list[str]:
    """Serve's settings for Streamlit's server.port, address, baseUrlPath, runOnSave and
    headless and for logger.level, from ``--server.*`` flags, STREAMLIT_SERVER_* variables and config.toml files
    (the server itself warns about bad values, once); a setting given as such wins."""
    from .server.streamlit_config import ConfigReader

    flags = [o.partition("=")[2] for o in options if o.startswith("--ReactiveApp.streamlit_options=")]
    config = ConfigReader(flags=flags).read(app_folder)
    given = {o.partition("=")[0] for o in options}
    out = []
    for key, (setting, same) in SERVER_OPTIONS.items():
        if key in config.values and not given & set(same):
            value = config.values[key]
            if key == "server.baseUrlPath":  # Streamlit's "apps/one" is Jupyter's "/apps/one/"
                value = "/" + "/".join(p for p in str(value).split("/") if p) + "/"
            out.append(f"{setting}={str(value).lower() if isinstance(value, bool) else value}")
    if config.values.get("server.headless") is True and not given & set(_BROWSER_OPTIONS):
        out.append("--no-browser")
    level = config.values.get("logger.level")
    if level is not None and not given & {"--log-level", "--Application.log_level", "--ServerApp.log_level"}:
        out.append(f"--log-level={_LOG_LEVELS[level]}")
    return out


#: Streamlit's logger.level -> the server's --log-level
_LOG_LEVELS = {"error": "ERROR", "warning": "WARN", "info": "INFO", "debug": "DEBUG"}


#: options that decide about the browser tab themselves
_BROWSER_OPTIONS = ("--no-browser", "--ServerApp.open_browser", "--browser", "--ServerApp.browser")


def _no_browser_to_open(options: list[str]) -> list[str]:
    """Serve opens a browser tab unless told not to; where there is none (a server, a container)
    it opens nothing and says nothing, rather than Jupyter's "No web browser found" warning on
    every start (the URL is printed anyway). The lookup is the one Jupyter would make, cached
    for it by the ``webbrowser`` module."""
    if any(o.partition("=")[0] in _BROWSER_OPTIONS for o in options):
        return []
    import webbrowser

    try:
        webbrowser.get()
    except webbrowser.Error:
        return ["--ServerApp.open_browser=False"]
    return []


def _unless_given(defaults: list[str], options: list[str]) -> list[str]:
    """Serve's defaults that the command line does not set itself (traitlets refuses a setting
    given twice: an operator's ``--IdentityProvider.token=...`` must replace serve's empty one)."""
    given = {o.partition("=")[0] for o in options}
    return [d for d in defaults if d.partition("=")[0] not in given]


def _check_port(options: list[str]) -> None:
    """A port given on the command line is the one wanted (a reverse proxy or a firewall rule
    points at it): if it is taken, say so instead of moving to another port."""
    import errno
    import socket

    port = next(o for o in reversed(options) if o.startswith("--port=")).partition("=")[2]
    ip = next((o for o in reversed(options) if o.startswith(("--ip=", "--ServerApp.ip="))), "=localhost")
    host = ip.partition("=")[2] or "localhost"
    if not port.isdigit() or int(port) == 0:
        return
    options.append("--ServerApp.port_retries=0")  # and if it is taken by the time we listen: stop
    try:
        infos = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)
    except OSError:
        return  # the server reports a bad --ip itself
    for family, kind, proto, _name, address in infos:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(address)
            except OSError as err:
                if err.errno == errno.EADDRINUSE:
                    raise ServeError(
                        f"--port={port}: port {port} on {host} is in use by another program. "
                        "Choose another (--port=N), or --port=0 for any free port."
                    ) from None


class ServeError(SystemExit):
    """A setting serve cannot start with, found before the server starts: one line, status 1."""

    def __init__(self, message: str):
        super().__init__(1)
        self.message = message


def _looks_like_app(arg: str) -> bool:
    return not arg.startswith("-") and (arg.endswith((".py", ".ipynb")) or Path(arg).is_dir())


def main(argv: list[str] | None = None) -> None:
    """``jupyter reactive serve|run PATH``, ``help``; without a command, the extension in a plain,
    token-protected server."""
    args = list(sys.argv[1:] if argv is None else argv)
    # first: checking serve's options imports jupyter_server, which must find the stand-ins
    defer_slow_imports()
    try:
        _main(args)
    except UsageError as err:
        print(f"jupyter reactive: {err.message}\nRun `jupyter reactive --help` for usage.", file=sys.stderr)
        raise
    except ServeError as err:
        print(f"jupyter reactive: {err.message}", file=sys.stderr)
        raise


def _main(args: list[str]) -> None:
    command = args[0] if args else ""
    if command in ("-h", "--help", "help") and (command != "help" or len(args) == 1):
        print(USAGE, end="")
        return
    if command == "help":
        if args[1] not in ("serve", "run"):
            raise UsageError(f"no command {args[1]!r}; commands: serve, run, help")
        print(SERVE_HELP, end="")
        return
    if command in ("serve", "run") or _looks_like_app(command):
        rest = args[1:] if command in ("serve", "run") else args
        own = _split_script_args(rest)[0]  # those after -- are the app's, --help included
        if any(a in ("-h", "--help") for a in own):
            print(SERVE_HELP, end="")
            return
        if "--help-all" in own:
            _launch(["--help-all"], serve=True)
            return
        _start_fork_server_ahead(own)
        try:
            argv = serve_argv(rest, hub=_hub_settings())
        except BaseException:
            _discard_fork_server_ahead()
            raise
        _launch(argv, serve=True)
        return
    if command and not command.startswith("-"):
        raise UsageError(f"no command {command!r}; commands: serve, run, help (or a .py/.ipynb app path)")
    _launch(args, serve=False)


#: options after which the first kernel may not be the default one forked from this interpreter
#: (another kernel spec, provisioner settings not read ahead, remote kernels, no forking): given
#: on the command line or in a config file, `serve` starts no fork server ahead
NOT_AHEAD = (
    "ForkingProvisioner.",
    "KernelSpecManager.",
    "GatewayClient.",
    "gateway-url",
    "ServerApp.kernel_spec_manager_class",
    "ServerApp.kernel_manager_class",
    "ReactiveApp.fork_kernels",
    "ReactiveApp.kernel_name",
    "ReactiveApp.kernel_arguments",
)

#: the fork server's settings `serve` reads ahead (command line, then JSON config files), each an
#: argument of :func:`.server.forkspawn.server_flags`: the fork server spawned ahead is started
#: with the flags the first kernel will ask for. The provisioner's page_file and merge_pages are
#: the app's (ReactiveApp gives them to it), so those two of ForkingProvisioner stay in NOT_AHEAD.
AHEAD_FLAGS = {
    "ReactiveApp.page_file": "page_file",
    "ReactiveApp.merge_pages": "merge_pages",
    "ForkingProvisioner.gc_freeze": "gc_freeze",
    "ForkingProvisioner.share_module_scan": "share_module_scan",
    "ForkingProvisioner.prepare": "prepare",
    "ForkingProvisioner.pack_code": "pack_code",
    "ForkingProvisioner.fill_heap_holes": "fill_heap_holes",
    "ForkingProvisioner.debugger": "debugger",
}

#: the config files `serve`'s server reads (jupyter_server_config.d/*.json too), looked for in
#: Jupyter's config folders
CONFIG_NAMES = ("jupyter_config", "jupyter_server_config", "jupyter_reactive_config")


def _config_folders() -> list[str]:
    """Jupyter's config folders, lowest priority first, found as jupyter_core finds them but
    without importing it (the spawn waits for this): a guess, checked when the first kernel
    starts, like the rest of what is read ahead."""
    if os.environ.get("JUPYTER_NO_CONFIG"):
        return []
    import site

    home = os.environ.get("JUPYTER_CONFIG_DIR") or os.path.join(os.path.expanduser("~"), ".jupyter")
    given = [p for p in os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    user = [os.path.join(site.getuserbase(), "etc", "jupyter")] if site.ENABLE_USER_SITE else []
    folders = [
        home,
        *given,
        *user,
        os.path.join(sys.prefix, "etc", "jupyter"),
        "/usr/local/etc/jupyter",
        "/etc/jupyter",
    ]
    return list(reversed(list(dict.fromkeys(folders))))


def _config_file_args() -> list[str] | None:
    """What Jupyter's config files in :func:`_config_folders` say of the settings read ahead,
    as command-line options (lowest priority first), or None when a file may set one that
    cannot be read ahead (a Python config file naming one of them: it is not run twice)."""
    names = {name.partition(".")[2] or name for name in (*NOT_AHEAD, *AHEAD_FLAGS)}
    names |= {"ForkingProvisioner", "KernelSpecManager", "GatewayClient", "preload"}
    out: list[str] = []
    for folder in _config_folders():
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        files = [os.path.join(folder, f"{name}{ext}") for name in CONFIG_NAMES for ext in (".json", ".py")]
        if "jupyter_server_config.d" in entries:
            drop_in = os.path.join(folder, "jupyter_server_config.d")
            try:
                files[2:2] = sorted(os.path.join(drop_in, f) for f in os.listdir(drop_in) if f.endswith(".json"))
            except OSError:
                pass
        for path in files:
            if os.path.dirname(path) == folder and os.path.basename(path) not in entries:
                continue
            try:
                with open(path, encoding="utf-8") as file:
                    text = file.read()
            except (OSError, UnicodeDecodeError):
                continue
            if not any(name in text for name in names):
                continue  # (most: the extensions' drop-in files)
            if path.endswith(".py"):
                return None
            try:
                config = json.loads(text)
            except ValueError:
                continue  # the server says so itself
            if not isinstance(config, dict):
                continue
            for section, values in config.items():
                if not isinstance(values, dict):
                    continue
                for trait, value in values.items():
                    values_ = value if isinstance(value, list) else [value]
                    out += [f"--{section}.{trait}={json.dumps(v) if not isinstance(v, str) else v}" for v in values_]
    return out


def _start_fork_server_ahead(args: list[str]) -> None:
    """Start the fork server serve's first kernel will be forked from now, before jupyter-server
    is imported and set up (a second or more): its own imports then run meanwhile, on another
    core, instead of after the port listens. A guess from the command line and Jupyter's config
    files — the kernel spec of this interpreter, the provisioner's settings read ahead
    (:data:`AHEAD_FLAGS`), ``--ReactiveApp.preload`` and the served app's installed imports —,
    checked when the first kernel starts (a fork server that does not fit it is stopped; see
    :func:`jupyter_reactive.server.forking.start_early`). Never raises: the command line is
    checked properly afterwards."""
    if os.environ.get("JUPYTER_GATEWAY_URL"):
        return
    try:
        config = _config_file_args()
    except Exception:  # the server reads its config files itself, and says what is wrong
        return
    if config is None:
        return
    preload: list[str] = []
    apps: list[str] = []
    settings: dict[str, bool] = {}
    app_imports = True
    given = config + args
    for i, arg in enumerate(given):
        if not arg.startswith("-"):
            if i >= len(config) and (arg.endswith((".py", ".ipynb")) or os.path.isdir(arg)):
                apps.append(arg)
            continue
        name, eq, value = arg.lstrip("-").partition("=")
        if name in AHEAD_FLAGS:
            if not eq:
                if i + 1 >= len(given) or given[i + 1].startswith("-"):
                    return
                value = given[i + 1]
            if value.lower() not in ("true", "1", "false", "0"):
                return  # as traitlets reads a Bool; anything else is serve's error to report
            settings[AHEAD_FLAGS[name]] = value.lower() in ("true", "1")
            continue
        if name.startswith(NOT_AHEAD):
            return
        if name == "ReactiveApp.preload_app_imports":
            app_imports = False  # the value is checked later; only the default is guessed
        if name == "ReactiveApp.preload":
            if not eq:
                if i + 1 >= len(given) or given[i + 1].startswith("-"):
                    return
                value = given[i + 1]
            preload.append(value)
    try:
        from .forkserver.client import module_names
        from .server.forkspawn import server_flags, spawn_ahead

        imports = _app_imports(apps[0]) if app_imports and len(apps) == 1 else ()
        handle = spawn_ahead(module_names(preload), app_imports=imports, flags=server_flags(**settings))
    except Exception:  # a bad preload, an unreadable app...: serve says so itself, later
        return
    if handle is not None:
        try:
            signal.signal(signal.SIGTERM, _terminated_while_starting)
        except ValueError:  # not the main thread: signals are not ours to handle
            pass


def _terminated_while_starting(signum: int, frame: Any) -> None:
    """SIGTERM before the server installs its own stop (server/shutdown.py): end as SIGTERM
    ends a Python process, but not without the fork server started ahead (which would
    otherwise finish its imports first, seconds later, before it sees its parent gone). No
    lock taken: this runs between any two bytecodes of the main thread."""
    from .server import forkspawn

    forkspawn.kill_ahead()  # spawned, not adopted yet
    forking = sys.modules.get("jupyter_reactive.server.forking")
    early = getattr(forking, "_early", None)  # adopted as the early one, no kernel took it yet
    if early is not None and early.process is not None:
        try:
            early.process.kill()
        except OSError:
            pass
        shutil.rmtree(early.dir, ignore_errors=True)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _app_imports(path: str) -> tuple[str, ...]:
    """The installed top-level imports of the app at ``path`` (what its pool asks its fork
    server to import), or () for a folder or anything that is not an app."""
    from .server.scripts import AppScript

    target = Path(path).expanduser().resolve()
    if not target.is_file() or target.suffix not in (".py", ".ipynb"):
        return ()
    app = AppScript(target.name, target)
    return app.installed(app.top_level_imports())


def _discard_fork_server_ahead() -> None:
    forking = sys.modules.get("jupyter_reactive.server.forking")
    if forking is not None:
        forking.discard_early()  # takes it over first if it has not yet
    else:
        from .server import forkspawn

        forkspawn.kill_ahead()


def _hub_settings() -> list[str] | None:
    """Started by JupyterHub: where to listen and hub OAuth, from its environment, with the
    hub's API token checked first. None otherwise. A setup that cannot work exits with one line."""
    from .server import hub

    if not hub.in_hub():
        return None
    try:
        settings = hub.serve_settings()
        hub.check_token()
    except hub.HubSetupError as err:
        print(f"jupyter reactive: {err}", file=sys.stderr)
        raise SystemExit(1) from None
    return settings


def _launch(argv: list[str], *, serve: bool) -> None:
    """Run the server. Anything that stops it from starting ends the command with status 1 and
    one line on stderr (the traceback too with ``--debug``); whatever it leaves, no process it
    started outlives it."""
    from traitlets import TraitError

    from .server.app import ReactiveApp, load_error
    from .server.shutdown import end_descendants

    if serve:
        ReactiveApp.load_other_extensions = False
    try:
        ReactiveApp.launch_instance(argv)
    except (Exception, KeyboardInterrupt) as err:
        if "--debug" in argv:
            import traceback

            traceback.print_exc()
        if isinstance(err, KeyboardInterrupt):
            message = "interrupted"
        elif isinstance(err, TraitError):
            message = str(err).splitlines()[0]
        else:
            message = str(load_error(err))
        print(f"jupyter reactive: {message}", file=sys.stderr)
        raise SystemExit(1) from None
    finally:
        end_descendants()
