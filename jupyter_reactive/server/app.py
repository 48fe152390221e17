"""ReactiveApp: the jupyter-server extension and the ``jupyter reactive serve`` command.

The composition root: every option lives here; this module builds the kernel pool and the session
manager from them, hands each handler exactly the collaborator it needs, and tears everything down
when the server stops. It loads into any jupyter server
(``jupyter lab``, ``jupyter server``) through the extension points in ``jupyter_reactive``; the
``serve`` subcommand launches the same class with the serve-mode identity and authorizer.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from functools import partial
from pathlib import Path
from typing import Any

from jupyter_server.extension.application import ExtensionApp
from traitlets import Bool, Float, Integer, List, TraitError, Unicode, default, validate

from .._version import __version__
from ..forkserver.client import module_names
from .app_static import PATTERN as APP_STATIC
from .app_static import AppStaticHandler, app_folder_for
from .auth import ViewerIdentityProvider, login_pages
from .cache import CacheService, DirectoryCacheStore, open_stores
from .components import ComponentHandler
from .forking import DEFAULT_KERNEL_ARGUMENTS, discard_early, forking_kernel_name
from .handlers import AppIndexHandler, AppPageHandler, HealthHandler, NoPageHandler, SessionsHandler
from .kernels import KernelPool, give_kernel_dirs, launch_over_ipc
from .media import MediaStore
from .media_handlers import MediaHandler, UploadHandler
from .persist import DEFAULT_MAX_BYTES, DEFAULT_TTL, StateKeeper
from .scripts import list_apps, resolve_app, resolve_app_page
from .session import AppSessionManager
from .shutdown import StopDeadline
from .streamlit_config import ConfigReader, page_style
from .tokens import Signer
from .websocket import AppWebSocketHandler

STATIC = str(Path(__file__).resolve().parent.parent / "static")


class SettingError(Exception):
    """A setting that stops the extension from loading. Its message is one line that names the
    setting, its value and the fix: ``jupyter reactive serve`` prints it and exits non-zero;
    inside ``jupyter lab`` the server logs it once and carries on without the extension."""


def load_error(err: BaseException) -> SettingError:
    """Any error raised while the extension loads, as the one line :class:`SettingError` is."""
    if isinstance(err, SettingError):
        return err
    if isinstance(err, ImportError) and err.name:
        package = err.name.partition(".")[0]
        return SettingError(
            f"jupyter_reactive could not load: it needs the Python package {package!r} "
            f"({err}). Install it (pip install {package}) or change the setting that asks for it."
        )
    text = str(err).splitlines()[0] if str(err) else ""
    return SettingError(
        f"jupyter_reactive could not load: {type(err).__name__}: {text}. Run with --debug for the traceback."
    )


class ReactiveApp(ExtensionApp):
    """Streamlit-style reactive apps, a kernel per browser tab."""

    # the extension's name: config file jupyter_reactive_config, static/jupyter_reactive/
    name = "jupyter_reactive"
    description = "Run Python scripts and notebooks as reactive web apps, a kernel per browser tab."
    version = __version__
    # where `jupyter reactive` opens the browser
    extension_url = "/reactive/"
    # `jupyter reactive serve` runs alone; inside `jupyter lab` others load as usual
    load_other_extensions = True
    static_paths = [STATIC]

    serve_path = Unicode(
        "",
        config=True,
        help="""Serve mode: the one app file (or folder of
        apps) this server runs, relative to the server's root_dir. Set by `jupyter reactive
        serve PATH`. Empty: every .py/.ipynb under root_dir can be opened as an app by an
        authenticated user.""",
    )

    pool_size = Integer(
        1,
        config=True,
        help="""Warm kernels kept ready per app (kernel spec,
        folder and preloaded imports). A new session takes one instead of waiting about a second
        for a kernel to start; each costs one idle kernel's memory (about 18 MB forked, 52 MB
        launched: see fork_kernels). 0: start a kernel per session on demand. Kernels are
        never reused across sessions.""",
    )
    kernel_name = Unicode("python3", config=True, help="Kernel spec app sessions run in.")
    preload = List(
        Unicode(),
        config=True,
        help="""Modules imported ahead for every app, before a viewer
        arrives, so no first run pays for them: in the fork server, so that every forked kernel
        shares them (see fork_kernels), and in pooled kernels. Repeat the option
        (--ReactiveApp.preload=numpy --ReactiveApp.preload=PIL.Image), or give a comma list
        (numpy,pandas) or a list (["pandas"]). One that fails to import, or would start a thread
        in the fork server, is skipped and named in the log.""",
    )

    @validate("preload")
    def _valid_preload(self, proposal: Any) -> list[str]:
        try:
            return module_names(proposal["value"])
        except ValueError as err:
            raise TraitError(f"--ReactiveApp.preload: {err}") from None

    preload_app_imports = Bool(
        True,
        config=True,
        help="""Also import, ahead, the modules an app
        imports at its top level (found by reading its source, not running it): the installed
        ones in the fork server its kernels are forked from, so that they share them, and all of
        them in its pooled kernels. A module that fails to import is skipped; the app's own run
        reports the error.""",
    )
    fork_kernels = Bool(
        True,
        config=True,
        help="""Start app kernels by forking a fork server
        that has ipykernel imported already (and `preload`), instead of a new Python each time:
        each kernel is still a process of its own, but shares the imported code copy-on-write.
        a kernel starts several times faster and an idle session costs a fraction of the
        memory (figures in docs/performance.md). Local kernels on Linux only; anything else (remote
        kernels, other systems, a kernel spec with its own provisioner) starts normally.
        False: always start a new Python.""",
    )
    keep_fork_servers = Bool(
        False,
        config=True,
        help="""Leave this process's fork servers (see
        fork_kernels) running when the server stops, for the next jupyter server started in the
        same process (an embedding that restarts its server, a test run starting one per test):
        its kernels then fork from the warm fork server instead of waiting for a new one's
        imports. Their kernels are still shut down with the server; the fork servers stop when
        the process exits. False: stopped with the server.""",
    )
    merge_pages = Bool(
        True,
        config=True,
        help="""Opt forked app kernels (see fork_kernels) in to
        Linux's same-page merging (KSM, Linux 6.4 and later): the ~6 MB a kernel copies from its
        fork server and leaves byte-for-byte equal again can then be merged back into shared
        pages, if the administrator runs ksmd (/sys/kernel/mm/ksm/run = 1; see
        docs/deployment.md). Without ksmd the opt-in costs nothing measurable. False: not opted in.""",
    )
    page_file = Bool(
        True,
        config=True,
        help="""Have the fork server of forked app kernels (see
        fork_kernels) move its Python heap into a memory file, so that an idle kernel gives back
        the pages of it it copied and left unchanged (Linux, CPython; the library is built at
        install and needs a C compiler then, else it is off and the fork server says why;
        figures in docs/performance.md, "Page file: the race and the first run after a
        pause"). False: the heap stays anonymous memory, as before.""",
    )
    kernel_arguments = List(
        Unicode(),
        list(DEFAULT_KERNEL_ARGUMENTS),
        config=True,
        help="""Extra
        command-line arguments for app kernels (appended to the kernel spec's). The default turns
        IPython's input history off: an app never reads it, and every app kernel would otherwise
        open (and lock) the same history.sqlite in the user's profile, with a thread and ~0.7 MB
        per kernel to do so.""",
    )
    kernel_start_timeout = Float(60.0, config=True, help="Seconds a kernel may take to start and warm up.")
    reconnect_window = Float(
        120.0,
        config=True,
        help="""Seconds a session outlives its tab's
        WebSocket. A tab that reconnects within this window gets its session back (same kernel,
        widget values and session_state); after it, the kernel is shut down.""",
    )
    direct_channel = Bool(
        True,
        config=True,
        help="""Move each session's traffic with a local kernel (widget
        events in, page updates out) from the kernel's comms to a private Unix socket once the
        session is open: fewer thread hand-offs per interaction. Remote kernels (a gateway)
        always use comms; so does a session whose kernel cannot connect.""",
    )
    interrupt_grace = Float(
        3.0,
        config=True,
        help="""Seconds a running script may go without
        reaching an element call after a widget change or stop request before its kernel is
        interrupted (a script blocked in one long call cannot see the request otherwise).""",
    )
    session_idle_timeout = Float(
        3600.0,
        config=True,
        help="""Seconds a connected session may go
        without any event from its page before it is ended and its kernel shut down (the page
        says "Session ended" and offers a reload). 0 keeps idle sessions forever.""",
    )

    script_args = List(
        Unicode(),
        config=True,
        help="""The arguments every app's script sees after its own name in
        sys.argv (sys.argv is [script, *script_args]), as with `streamlit run app.py -- ARGS`:
        `jupyter reactive serve app.py -- --name Ada` sets them.""",
    )

    @validate("script_args")
    def _valid_script_args(self, proposal: Any) -> list[str]:
        # the command line's list form, '["--name", "Ada"]' (what serve's `-- ARGS` becomes),
        # reaches an extension's List unparsed, as one string
        value = list(proposal["value"])
        if len(value) == 1 and value[0].startswith("["):
            try:
                parsed = json.loads(value[0])
            except ValueError:
                parsed = None
            if isinstance(parsed, list) and all(isinstance(a, str) for a in parsed):
                return parsed
        return value

    run_on_save = Bool(
        False,
        config=True,
        help="""Rerun every open session of an app by
        itself when its file, or a module it imports from its folder, is saved (widget values and
        session_state kept), as Streamlit's runOnSave. False: the page says the source changed
        and offers Rerun and Always rerun (a viewer's choice for their own session).""",
    )
    watch_interval = Float(
        0.3,
        config=True,
        help="""Seconds between two looks (one os.stat
        each) at the files open sessions run: the app's script and the modules it imports from
        its folder. A change is reported once the file has stayed the same for one more look,
        so a save shows after one to two intervals. 0: do not watch (every run still runs the
        file as it is on disk).""",
    )

    media_store_url = Unicode(
        config=True,
        help="""Where media and uploads live, as one URL:
        memory:// (this process only), file:///shared/dir (a directory every replica mounts) or
        redis://host:6379/0. With a shared store, replicas behind a load balancer need no sticky
        sessions. Other schemes come from the "jupyter_reactive.media_stores" entry points.
        Default: $JUPYTER_REACTIVE_MEDIA_STORE_URL, else memory://.""",
    )
    persist_state = Bool(
        True,
        config=True,
        help="""With a media store that replicas share
        (media_store_url redis:// or file://), save each session's widget values and the
        session_state values that can be pickled there after every run, so that when this
        server stops (a rolling update) its pages reconnect to another replica and carry on
        where they were. Without a shared store nothing is saved anywhere. False: never save.""",
    )
    persist_state_ttl = Float(
        DEFAULT_TTL,
        config=True,
        help="""Seconds a session's saved state stays
        restorable after its last save (a save at least every half of it while the app runs).
        A session that ends for good (its tab gone past reconnect_window, idle) deletes it.""",
    )
    persist_state_max_bytes = Integer(
        DEFAULT_MAX_BYTES,
        config=True,
        help="""Largest saved state of one session, in bytes
        (widget values and pickled session_state). Larger session_state values are left out,
        the largest first, and the page says which.""",
    )

    @validate("persist_state_ttl", "persist_state_max_bytes")
    def _valid_persist_limits(self, proposal: Any) -> Any:
        if proposal["value"] <= 0:
            raise TraitError(f"--ReactiveApp.{proposal['trait'].name} must be > 0")
        return proposal["value"]

    cache_store_url = Unicode(
        config=True,
        help="""Where cache_data results live, shared by
        every session of an app: file:///shared/dir (a directory, possibly shared by replicas) or
        redis://host:6379/0 (one Redis for every replica); entries then outlive a server restart.
        Empty: a directory of this server's own in Jupyter's runtime directory, removed when the
        server stops (results of persist="disk" functions go to Jupyter's data directory and
        outlive it). Default: $JUPYTER_REACTIVE_CACHE_STORE_URL, else empty.""",
    )
    cache_max_bytes = Integer(
        1 << 30,
        config=True,
        help="""Size cap of the cache_data store, in bytes
        (each store: the default one and the persist one count apart). Storing more evicts the
        least recently used results; a single result larger than this is kept only in the
        memory of the session that computed it. A max_bytes in the store URL's query wins.""",
    )
    max_upload_size = Integer(
        200 * 1024 * 1024,
        config=True,
        help="""Largest file, in bytes, a
        viewer may upload; a larger one is refused with 413 before its body is read. Left at
        its default, Streamlit's server.maxUploadSize (megabytes) sets it.""",
    )
    streamlit_options = List(
        Unicode(),
        config=True,
        help="""Streamlit options as "section.option=value"
        (`jupyter reactive serve app.py --theme.primaryColor=#ff4b4b` puts them here). They win
        over STREAMLIT_* variables and .streamlit/config.toml files, as `streamlit run`'s flags
        do; what each option does here: docs/compatibility.md, Configuration.""",
    )
    remote_files_max_size = Integer(
        64 * 1024 * 1024,
        config=True,
        help="""With kernels on a gateway (--gateway-url), which do not share this server's disk,
        each session's kernel gets the app's folder (its modules and data files) as a zip of at
        most this many bytes; the largest files are left out first, and the page says which.""",
    )
    inline_media_threshold = Integer(
        8192,
        config=True,
        help="""Media of at most this many bytes
        travel inline, as data: URIs inside the element (one request less); larger ones are
        served from reactive/media/<id>. 0 serves every medium by URL.""",
    )

    kernel_memory_limit = Integer(
        0,
        config=True,
        help="""Bytes each app kernel's heap may reach
        (RLIMIT_DATA, on Linux and macOS). A script that allocates past it gets MemoryError,
        shown in its page like any exception, and its session carries on; without a limit, a
        runaway script can push the machine into its out-of-memory killer. A kernel that dies
        anyway is restarted with a notice. 0: no limit.""",
    )
    shutdown_timeout = Float(
        10.0,
        config=True,
        help="""Seconds `jupyter reactive` may take to
        stop after SIGTERM or SIGINT: sessions are told, kernels and fork servers stopped. Past
        it (or on a second signal) every process the server started is killed and it exits with
        status 1, whatever it was doing (still starting, a kernel stuck in C code).""",
    )

    @property
    def _server(self) -> Any:
        """The jupyter server this extension is loaded into (set before any hook of ours runs)."""
        assert self.serverapp is not None
        return self.serverapp

    @default("media_store_url")
    def _default_media_store_url(self) -> str:
        return os.environ.get("JUPYTER_REACTIVE_MEDIA_STORE_URL", "memory://")

    @default("cache_store_url")
    def _default_cache_store_url(self) -> str:
        return os.environ.get("JUPYTER_REACTIVE_CACHE_STORE_URL", "")

    def _cache_service(self) -> CacheService:
        try:
            store, persist = open_stores(
                self.cache_store_url,
                max_bytes=self.cache_max_bytes,
                runtime_dir=self._server.runtime_dir,
                data_dir=self._server.data_dir,
            )
        except ImportError as err:  # it says which package and how to install it
            raise SettingError(
                f"--ReactiveApp.cache_store_url={self.cache_store_url!r}: {err}; "
                "or use file:///a/shared/dir, or leave it empty."
            ) from None
        except (TypeError, ValueError) as err:
            raise SettingError(
                f"--ReactiveApp.cache_store_url={self.cache_store_url!r}: {err}. Use file:///a/shared/dir "
                "or redis://host:6379/0 (redis:// needs `pip install redis`), or leave it empty."
            ) from None
        return CacheService(store, persist, by_relative_path=bool(self.cache_store_url), log=self.log)

    def initialize(self) -> None:  # type: ignore[override]  # ExtensionApp's takes no argv
        """Load into the server; any error becomes one line (:func:`load_error`). ``serve`` lets
        it end the process (``reraise_server_extension_failures``); inside another server it is
        logged once, the extension stays off and the server carries on."""
        self._loaded = False
        self._deadline: StopDeadline | None = None
        try:
            super().initialize()
        except Exception as err:
            error = load_error(err)
            if self._server.reraise_server_extension_failures:
                raise error from err
            self.log.error("%s", error)
            self.log.debug("jupyter_reactive: load error", exc_info=err)
            return
        self._loaded = True
        if self._server.starter_app is self:  # `jupyter reactive` owns this process
            serve = bool(self.serve_path)
            tty = sys.stdin is not None and sys.stdin.isatty()
            self._deadline = StopDeadline(self._server, self.shutdown_timeout, self.log, serve or not tty)
            self._deadline.install()
            if hasattr(self._server.identity_provider, "hub_auth"):  # serve started by JupyterHub
                from .hub import start_url_without_token

                self._server.log.addFilter(start_url_without_token)

    def _check_serve_path(self) -> None:
        if not self.serve_path:
            return
        root = Path(self._server.root_dir)
        target = root / self.serve_path
        # a path that does not exist yet may still appear (`serve PATH` checks it exists)
        if not target.exists() or target.is_dir() or (target.is_file() and target.suffix in (".py", ".ipynb")):
            return
        problem = "is not an app (a .py script, a .ipynb notebook or a folder of them)"
        raise SettingError(
            f"--ReactiveApp.serve_path={self.serve_path!r}: {problem} ({root}). "
            "Serve an app: jupyter reactive serve path/to/app.py"
        )

    def initialize_settings(self) -> None:
        self._check_serve_path()
        km = self._server.kernel_manager
        if hasattr(self._server.identity_provider, "hub_auth"):
            # hub OAuth (serve started by JupyterHub, server/hub.py): its XSRF token is tied to
            # the hub cookie and checked in jupyter-server's prepare, after the identity; Tornado's
            # own check would run before that, with the wrong key (jupyterhub-singleuser does this too)
            self._server.web_app.settings["xsrf_cookies"] = False
        self.signer = Signer(self._server.cookie_secret)
        try:
            self.store = MediaStore.from_url(self.media_store_url, secret=self.signer.media_secret())
        except ImportError as err:  # it says which package and how to install it
            raise SettingError(
                f"--ReactiveApp.media_store_url={self.media_store_url!r}: {err}; "
                "or use memory:// (one process) or file:///a/shared/dir."
            ) from None
        except (TypeError, ValueError) as err:
            raise SettingError(
                f"--ReactiveApp.media_store_url={self.media_store_url!r}: {err}. Use memory://, "
                "file:///a/shared/dir or redis://host:6379/0 (redis:// needs `pip install redis`)."
            ) from None
        self.cache = self._cache_service()
        self.streamlit_config = ConfigReader(
            flags=self.streamlit_options, warn=lambda line: self.log.warning("jupyter_reactive: %s", line)
        )
        served = self._served_folder()
        options = self.streamlit_config.read(served)
        max_upload_size = self.max_upload_size
        if max_upload_size == 200 * 1024 * 1024 and "server.maxUploadSize" in options.values:
            max_upload_size = max(0, options.values["server.maxUploadSize"]) * 1024 * 1024
        self.max_upload_size = max_upload_size
        persist = None
        if self.persist_state and self.store.shared:
            persist = StateKeeper(
                self.store,
                self.signer,
                ttl=self.persist_state_ttl,
                max_bytes=self.persist_state_max_bytes,
                log=self.log,
            )
        if not self.load_other_extensions:  # `serve`: alone in its process
            give_kernel_dirs(self._server.kernel_spec_manager)
            if not self.fork_kernels:
                launch_over_ipc(self._server)
        kernel_name = self.kernel_name
        if self.fork_kernels:
            kernel_name = forking_kernel_name(
                self._server.kernel_spec_manager,
                self.kernel_name,
                preload=list(self.preload),
                merge_pages=self.merge_pages,
                page_file=self.page_file,
            )
        if kernel_name == self.kernel_name:
            discard_early()  # kernels are not forked here: `serve` guessed otherwise
        self.pool = KernelPool(
            km,
            pool_size=self.pool_size,
            kernel_name=kernel_name,
            preload=self.preload,
            start_timeout=self.kernel_start_timeout,
            kernel_arguments=self.kernel_arguments,
            log=self.log,
        )
        self.sessions = AppSessionManager(
            self.pool,
            km,
            self.store,
            self.signer,
            base_url=self._server.base_url,
            reconnect_window=self.reconnect_window,
            interrupt_grace=self.interrupt_grace,
            idle_timeout=self.session_idle_timeout,
            preload_app_imports=self.preload_app_imports,
            run_on_save=self.run_on_save,
            script_args=list(self.script_args),
            watch_interval=self.watch_interval,
            inline_threshold=self.inline_media_threshold,
            max_upload_size=self.max_upload_size,
            config=self.streamlit_config,
            remote_files_max_size=self.remote_files_max_size,
            cache=self.cache,
            kernel_memory_limit=self.kernel_memory_limit,
            persist=persist,
            direct_channel=self.direct_channel,
            viewers=isinstance(self._server.identity_provider, ViewerIdentityProvider),
            log=self.log,
        )
        self.settings["jupyter_reactive_sessions"] = self.sessions

    def _served_folder(self) -> Path | None:
        """The folder of the one app `serve` serves (its config.toml counts for the server's
        own settings, as Streamlit's script folder does); None otherwise."""
        if not self.serve_path:
            return None
        target = Path(self._server.root_dir) / self.serve_path
        return target if target.is_dir() else target.parent

    def _allowed(self) -> frozenset[str] | None:
        if not self.serve_path:
            return None
        root = Path(self._server.root_dir)
        if (root / self.serve_path).is_dir():
            return frozenset(list_apps(root, self.serve_path))
        return frozenset({Path(self.serve_path).as_posix()})

    def initialize_handlers(self) -> None:
        root = self._server.root_dir
        allowed = self._allowed()
        resolve = partial(resolve_app, root, allowed=allowed)
        index = (lambda: sorted(allowed)) if allowed is not None else partial(list_apps, root)
        sessions = {"sessions": self.sessions}
        self.handlers.extend(
            [
                (r"/reactive/?", AppIndexHandler, {"list_apps": index}),
                # before the page's route, which would take app/static/... for a page path
                (
                    APP_STATIC,
                    AppStaticHandler,
                    {
                        "folder_for": partial(
                            app_folder_for,
                            root,
                            partial(resolve_app_page, root, allowed=allowed),
                            partial(_apps_in, root, allowed),
                        ),
                        "enabled": lambda folder: (
                            self.streamlit_config.read(folder).get("server.enableStaticServing") is True
                        ),
                    },
                ),
                (
                    r"/reactive/app/(.+)",
                    AppPageHandler,
                    {
                        "resolve_page": partial(resolve_app_page, root, allowed=allowed),
                        "boot_html": _boot_script(),
                        "scheme_html": _boot_script("scheme.js"),
                        "theme": lambda app: page_style(self.streamlit_config.read(app.file.parent).theme()),
                        "toolbar": lambda app: self.sessions.toolbar_mode(app.file.parent),
                    },
                ),
                (r"/reactive/ws/(.+)", AppWebSocketHandler, {"resolve": resolve, **sessions}),
                (r"/reactive/media/([^/]+)", MediaHandler, {"store": self.store}),
                (
                    r"/reactive/upload/(?P<session_id>[^/]+)/(?P<widget_id>[^/]+)",
                    UploadHandler,
                    {
                        "store": self.store,
                        "signer": self.signer,
                        "max_size": self.max_upload_size,
                        "session_alive": lambda sid: self.sessions.get(sid) is not None,
                    },
                ),
                (
                    r"/reactive/component/(?P<session_id>[^/]+)/(?P<token>[^/]+)/(?P<component>[^/]+)/(?P<rel>.*)",
                    ComponentHandler,
                    {**sessions, "signer": self.signer},
                ),
                (r"/reactive/api/health", HealthHandler, sessions),
                (r"/reactive/api/sessions", SessionsHandler, sessions),
            ]
        )
        identity = self._server.identity_provider
        if isinstance(identity, ViewerIdentityProvider) and not identity.has_login_page:
            # serve mode without a token: Jupyter's pages would send viewers to a /login that
            # does not exist; extension routes come first, so these answer a plain 404 instead
            self.handlers.extend((pattern, NoPageHandler) for pattern in login_pages(self._server))

    async def _start_jupyter_server_extension(self, serverapp: Any) -> None:
        await super()._start_jupyter_server_extension(serverapp)
        if not self._loaded or getattr(serverapp, "_stopping", False):
            return  # not loaded (the error is logged), or stopped before it started
        allowed = self._allowed()
        if allowed:  # serve mode knows its apps: warm their kernels before the first viewer
            root = self._server.root_dir
            for rel in sorted(allowed):
                self.sessions.prewarm(resolve_app(root, rel, allowed=allowed))

    async def stop_extension(self) -> None:
        """Tell every session, stop kernels, the store and fork servers — bounded by most of
        ``shutdown_timeout`` (the kernel manager's own clean-up and exit follow)."""
        try:
            await asyncio.wait_for(self._stop_parts(), self.shutdown_timeout * 0.7)
        except asyncio.TimeoutError:
            self.log.warning("jupyter_reactive: stopping took longer than %g s", self.shutdown_timeout * 0.7)

    async def _stop_parts(self) -> None:
        # each part only if it was built: a setting error can stop initialize_settings midway,
        # and the server must still shut down cleanly (on SIGTERM too)
        if hasattr(self, "sessions"):
            await self.sessions.close_all(notice=SHUTDOWN_NOTICE, save_timeout=self.shutdown_timeout * 0.3)
        if hasattr(self, "pool"):
            await self.pool.close()
        if hasattr(self, "store"):
            await self.store.close()
        if hasattr(self, "cache"):
            await self.cache.close()
            if not self.cache_store_url and isinstance(self.cache.store, DirectoryCacheStore):
                self.cache.store.remove()  # the default store is this server's alone
        if self.fork_kernels and not self.keep_fork_servers:
            from .forking import ashutdown_fork_servers

            await ashutdown_fork_servers()


def _apps_in(root: str, allowed: frozenset[str] | None, folder: str) -> list[str]:
    """The apps this server may run directly in ``folder`` (relative to the root)."""
    if allowed is None:
        return list_apps(root, folder)
    return [a for a in allowed if str(Path(a).parent) == (folder or ".")]


#: what open pages read when the server stops (their socket then closes with 1012 and they
#: reconnect at once: to another replica, which restores their state from a shared store, or
#: to this server when it is back)
SHUTDOWN_NOTICE = "The server is stopping or restarting; this page reconnects when it can."


def _boot_script(name: str = "boot.js") -> str:
    """One of the page's inline scripts as a ``<script>`` element, read once at start (built
    with app.js): ``boot.js`` opens the WebSocket early, ``scheme.js`` applies config.toml's
    ``theme.base`` before the first paint. "" if the bundle was not built (app.js then does
    both, later)."""
    try:
        script = (Path(STATIC) / name).read_text(encoding="utf-8")
    except OSError:
        return ""
    # inlined verbatim: a "</script" inside would end the element early (esbuild escapes it)
    return f"<script>{script}</script>" if script and "</script" not in script.lower() else ""
