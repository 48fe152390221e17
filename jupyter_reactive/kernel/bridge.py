"""The only comm-aware module: connects one app session's server side to its script runner.

Lifecycle, as the server drives it (see ``server/kernels.py`` and ``server/session.py``):

1. pool warm-up: ``import jupyter_reactive.kernel.bridge`` + :func:`install` registers the comm
   target (and the app's preload imports run), before any viewer arrives;
2. session start: the server opens a comm on :data:`protocol.COMM_TARGET` with the session's
   config (source, file name, out-comm id, widget values to restore); :func:`_open` builds the
   session and answers on a second, kernel-opened comm (the *out* comm) so that the inbound comm
   never publishes — ipykernel routes a comm's messages to the subshell of its last publish, and
   the inbound comm must stay on the subshell the server addresses;
3. the server sends ``execute_request`` ``serve()``: the main thread serves runs until shutdown.

Inbound messages are handled on the subshell thread: validate, post a request, return.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import Any

import comm as comm_pkg

from .. import protocol
from ..forkserver import hotcode, pagefile
from . import datapages, downloads
from .cache_store import StoreClient
from .caching import cache_data, cache_resource
from .container import make_root
from .delta import RunContext, Writer, get_context
from .direct import ChannelOutput, DirectChannel
from .display import DisplayCapture
from .navigation import Navigation
from .options import configure
from .outbox import Outbox
from .persist import StateSaver
from .reload import AppModules
from .requests import RerunData, ScriptRequests
from .runner import ScriptRunner
from .secrets import SecretsHolder
from .state import SessionState
from .user import clean_identity

log = logging.getLogger("jupyter_reactive.kernel")


def limit_memory(limit: int) -> None:
    """Cap this kernel's heap and private mappings at ``limit`` bytes (``RLIMIT_DATA``; 0: no
    cap). A script that allocates past it gets ``MemoryError`` (shown in its page like any
    exception; the kernel lives on) instead of pushing the machine into its OOM killer, which
    would pick any process. Not every platform has the limit: there, nothing changes."""
    if limit <= 0:
        return
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ImportError, AttributeError, ValueError, OSError) as err:
        log.warning("jupyter_reactive: kernel memory limit not applied: %s", err)


def _argv(value: Any) -> list[str]:
    """The script's arguments from the session's config (``argv``): a list of strings."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise ValueError("argv must be a list of strings")
    return value


class KernelSession:
    """One app session inside this kernel (a kernel serves exactly one session)."""

    def __init__(
        self,
        inbound: Any,
        config: dict[str, Any],
        buffers: list[Any] | None = None,
        modules: AppModules | None = None,
    ):
        self.inbound = inbound
        filename = str(config.get("filename") or "app.py")
        argv = _argv(config.get("argv"))
        if config.get("bundle"):
            # a kernel on a gateway: the app's folder came with the config (server/bundle.py)
            from .bundle import unpack

            if not buffers:
                raise ValueError("the app's files were announced but did not arrive")
            filename = str(unpack(bytes(buffers[0])) / filename)
        limit_memory(int(config.get("memory_limit") or 0))
        self.out = comm_pkg.create_comm(
            target_name=protocol.OUT_COMM_TARGET, comm_id=str(config["out_comm_id"]), data={}
        )
        self.direct: DirectChannel | None = None  # set below, once the session is built
        self.direct_switched = threading.Event()  # the server's ``direct`` word came on the comm
        self.outbox = Outbox(self._send, float(config.get("batch_interval", 0.015)))
        self.requests = ScriptRequests()
        if pagefile.STATE.migrations:  # forked from a fork server with --page-file
            self.requests.idle_work = pagefile.idle
            self.requests.idle_after = pagefile.IDLE_AFTER
        self.state = SessionState()
        self.state.seed(dict(config.get("widget_values") or {}))
        ctx = self.ctx = RunContext(Writer(self.outbox), self.requests, self.state)
        ctx.inline_threshold = int(config.get("inline_threshold", ctx.inline_threshold))
        ctx.max_upload_size = int(config.get("max_upload_size", ctx.max_upload_size))
        ctx.user = clean_identity(config.get("user"))
        ctx.nav = Navigation(
            filename, str(config.get("page") or ""), str(config.get("query") or ""), int(config.get("seq") or 0)
        )
        ctx.client = dict(config.get("client") or {})
        configure(config.get("options") or {})  # Streamlit's config, as the server read it
        ctx.secrets = SecretsHolder()
        if config.get("secrets") is not None:
            ctx.secrets.update(config["secrets"])
        folder = os.path.dirname(os.path.realpath(filename))
        if modules is None or modules.folder != folder:
            modules = AppModules(folder)
        error = config.get("source_error")
        self.runner = ScriptRunner(
            ctx,
            str(config.get("source") or ""),
            filename,
            make_root,
            modules=modules,
            source_error=None if error is None else str(error),
            argv=argv,
        )
        # a forked kernel's first session tells its fork server which functions it ran and which
        # of its libraries' modules it imported (for the fork server to import, and share)
        self.runner.after_first_run = lambda: hotcode.report_in_background(modules.shareable_imports())
        # with a shared store, session_state is saved after each run (server/persist.py) and
        # what a session on another replica saved comes back before the first run
        self.saver: StateSaver | None = None
        persist = config.get("persist")
        if isinstance(persist, dict):
            self.saver = StateSaver(self.state, self._notice, int(persist.get("max_bytes") or 0))
            index = persist.get("buffer")
            if index is not None:
                if not buffers or not isinstance(index, int) or not 0 <= index < len(buffers):
                    raise ValueError("the saved session_state was announced but did not arrive")
                self.saver.restore(bytes(buffers[index]))
            self.runner.before_finish = self._save_state
        # cache_data shares results through the server's store, over this session's comms
        self.cache = StoreClient(self.outbox.send_now, self._notice) if config.get("cache_store") else None
        cache_data.connect(self.cache)
        inbound.on_msg(self._on_msg)
        # a local kernel: the server offers a private socket that skips zmq (kernel/direct.py)
        if config.get("direct") is not None:
            try:
                self.direct = DirectChannel(config["direct"], self._on_msg, self.direct_switched)
            except (OSError, ValueError) as err:
                log.warning("jupyter_reactive: direct channel not used: %s", err)
        self.requests.request_rerun(RerunData())

    @staticmethod
    def _current_container() -> Any:
        ctx = get_context()
        return ctx.current() if ctx is not None else None

    def _send(self, frames: list[bytes]) -> None:
        if self.direct is not None and self.direct.send(frames):
            return
        self.out.send(data={"frames": len(frames)}, buffers=frames)

    def _save_state(self) -> None:
        """Script thread, at the end of a run: session_state to the server, if it changed."""
        assert self.saver is not None
        payload = self.saver.payload()
        if payload is not None:
            self.outbox.frame({"type": protocol.STATE, "size": len(payload)}, payload)

    def _notice(self, level: str, message: str) -> None:
        self.outbox.notice(level, message)

    def _on_msg(self, msg: dict[str, Any]) -> None:
        """Subshell thread: one server message. Never raises: a bad message is logged and told."""
        data = msg.get("content", {}).get("data")
        try:
            kind = data["kind"]
            if kind == protocol.K_WIDGET_VALUES:
                buffers = msg.get("buffers") or []
                files = {str(fid): bytes(buffers[int(i)]) for fid, i in dict(data.get("files") or {}).items()}
                if files:
                    self.state.add_files(files)
                rerun, errors = self.state.validate(dict(data["values"]))
                for error in errors:
                    self._notice("error", f"Refused: {error}")
                if self.requests.idle and not self.state.changes_anything(rerun):
                    # nothing to redo: tell the page its values were taken in, run nothing
                    self.outbox.message({"type": protocol.ACK, "widgets": dict(rerun.wire)})
                    self.outbox.flush()
                elif rerun.values or rerun.triggers:
                    self.requests.request_rerun(rerun)
                    if rerun.waits:
                        # a fragment's event waits for the run in flight to end: say it was
                        # taken in, so the server does not interrupt that run as stuck
                        self.outbox.message({"type": protocol.ACK, "widgets": {}})
                        self.outbox.flush()
            elif kind == protocol.K_RERUN:
                self.requests.request_rerun(RerunData())
            elif kind == protocol.K_STOP:
                self.requests.request_stop()
            elif kind == protocol.K_SOURCE:
                source, error = data["source"], data.get("error")
                if not isinstance(source, str) or not (error is None or isinstance(error, str)):
                    raise TypeError("source and error must be text")
                self.runner.set_source(source, error)
            elif kind == protocol.K_NAVIGATE:
                assert self.ctx.nav is not None
                self.ctx.nav.post(str(data["page"]), str(data["query"]), int(data["seq"]))
                self.requests.request_rerun(RerunData())
            elif kind == protocol.K_THEME:
                theme = data["theme"]
                if theme not in ("light", "dark"):
                    raise ValueError("theme must be light or dark")
                self.ctx.client["theme"] = theme  # jr.context.theme from the next run; no rerun
            elif kind == protocol.K_SECRETS:
                self.ctx.secrets.update(data["secrets"])  # the next run reads them
            elif kind == protocol.K_DATA_REQUEST:
                self.outbox.send_now(datapages.answer(self.ctx.frames, data))
            elif kind == protocol.K_FILES:
                from .bundle import update

                update(bytes((msg.get("buffers") or [b""])[0]), data.get("gone", []))
            elif kind == protocol.K_DOWNLOAD_REQUEST:
                downloads.answer(self.ctx.downloads, self.outbox, data)
            elif kind == protocol.K_CACHE:
                if self.cache is not None:
                    self.cache.on_message(dict(data), list(msg.get("buffers") or []))
            elif kind == protocol.K_CLEAR_CACHE:
                # as Streamlit's menu: both caches; cache_data's clear reaches the shared store
                cache_data.clear()
                cache_resource.clear()
                self._notice("info", "Caches cleared.")
            elif kind == protocol.K_SHUTDOWN:
                self.requests.request_shutdown()
            elif kind == protocol.K_DIRECT:
                # what the server sent on the comm before it has been handled: the direct
                # channel's records may follow (kernel/direct.py holds them until then)
                self.direct_switched.set()
            else:
                raise ValueError("unknown kind")
        except Exception:
            log.warning("jupyter_reactive: refused a malformed message from the server", exc_info=True)
            self._notice("error", "A malformed message was refused.")

    def _direct_open(self) -> bool:
        return self.direct is not None and not self.direct.closed

    def serve(self) -> None:
        """Main thread: serve runs; IPython displays during a run become app elements; over the
        direct channel, the app's prints travel with its frames (``ChannelOutput``)."""
        DisplayCapture(self._current_container).install()
        streams = sys.stdout, sys.stderr
        if self.direct is not None:
            sys.stdout = ChannelOutput("stdout", streams[0], self.outbox.stream, self._direct_open)
            sys.stderr = ChannelOutput("stderr", streams[1], self.outbox.stream, self._direct_open)
        try:
            self.runner.serve_forever()
        finally:
            sys.stdout, sys.stderr = streams
            self.outbox.flush()
            self.outbox.close()
            if self.direct is not None:
                self.direct.close()


class Bridge:
    """Holds this kernel's one app session. Lives in the kernel's user namespace as
    ``_jr_bridge`` (made by :func:`install`), not in a module global."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.session: KernelSession | None = None
        # the kernel starts in the app's folder: the modules it imports ahead (the pool's
        # preloads) are tracked from the start, so an edit before the viewer arrives is seen
        self.modules = AppModules(os.getcwd())

    def track_modules(self) -> None:
        """After the warm-up's imports: record the app-folder modules they loaded."""
        self.modules.track()

    def open(self, comm: Any, msg: dict[str, Any]) -> None:
        """Comm target: the server starts the session. A second session is refused: a kernel
        is never shared between sessions."""
        with self._lock:
            if self.session is not None:
                comm.close()
                raise RuntimeError("this kernel already serves an app session")
            self.session = KernelSession(comm, msg["content"]["data"], msg.get("buffers"), self.modules)

    def serve(self) -> None:
        """Main thread, from the server's long ``execute_request``: run the session's script."""
        if self.session is None:
            raise RuntimeError("no app session was opened in this kernel")
        self.session.serve()


def install() -> Bridge:
    """Register the comm target and pay the API's first-use costs (markdown parser, syntax
    highlighter) now, while the kernel waits in the pool, rather than in a viewer's first run."""
    from .display import code_html, markdown_html

    markdown_html("*warm* :smile:")  # the emoji table too
    code_html("x = 1", "python")
    bridge = Bridge()
    comm_pkg.get_comm_manager().register_target(protocol.COMM_TARGET, bridge.open)
    return bridge
