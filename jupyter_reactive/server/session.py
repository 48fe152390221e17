"""App sessions: one browser tab = one AppSession = one dedicated kernel (server loop).

How a widget event travels (the whole round trip, in order):

1. the page sends ``{"type": "widget_values", "values": {id: value}}`` on its WebSocket;
2. ``websocket.AppWebSocketHandler`` decodes it with :func:`protocol.decode_client_message`
   (anything else is refused with an ``error`` frame, the session unharmed) and calls
   :meth:`AppSession.handle`;
3. the session sends a ``comm_msg`` on the inbound comm, addressed to the kernel's subshell, so it
   is handled even while the main thread is busy running the script;
4. in the kernel, ``bridge`` validates the values against the widgets' definitions and posts a
   rerun; the script thread picks it up at its next element call (or between runs), reruns, and
   the writer emits only the elements that changed;
5. those leave the kernel as binary frames in one comm message on the *out* comm; the session's
   iopub listener (:meth:`AppSession._listen`) reads each frame's header into the
   :class:`~.mirror.PageMirror` and forwards the bytes unchanged to the socket.

If the run in flight does not reach a yield point within ``interrupt_grace`` seconds of an event,
the kernel is interrupted. A socket that drops leaves the session *detached* for
``reconnect_window`` seconds; the tab resumes it with its secret ``resume_token``. A kernel that
dies is restarted by the kernel manager, and the session re-opens the app in it with the page's
widget values, telling the page what happened.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import hashlib
import hmac
import json
import logging
import secrets
import time
import uuid
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, Protocol

from jupyter_server.utils import url_path_join

from .. import protocol
from ..pages import page_files
from .bundle import Bundle, app_bundle, changed_files
from .cache import CacheService
from .components import ComponentFolders
from .direct import DirectConnection, DirectError, DirectListener
from .gateway import gateway_enabled
from .kernels import SERVE_CODE, KernelPool, KernelStartError, PoolKey, ReactiveKernel
from .media import MediaStore, MediaStoreError, MediaTooLarge
from .mirror import PageMirror
from .persist import SavedState, StateKeeper, StateTooLarge, state_key
from .scripts import AppScript, Signature, SourceError, file_signature
from .secrets import SecretsReader
from .session_media import SessionMedia, UploadRefused
from .streamlit_config import ConfigReader, toolbar_mode
from .tokens import Signer
from .watch import FileWatcher

#: seconds a batch of widget events may go unanswered before the next is sent anyway
_UNACKED_FOR = 0.5

#: kernel deaths in a row (no run finishing in between) after which a session gives up
MAX_KERNEL_DEATHS = 2


class Sink(Protocol):
    """Where a session's frames go: the tab's WebSocket handler."""

    def send_frame(self, data: str | bytes) -> None: ...

    def send_frames(self, frames: list[bytes]) -> None: ...

    def close_session(self, code: int, reason: str) -> None: ...


class SessionPhase(enum.Enum):
    STARTING = "starting"
    ATTACHED = "attached"
    DETACHED = "detached"
    CLOSED = "closed"


class AppSession:
    """One tab's session. Server loop only."""

    def __init__(self, manager: AppSessionManager, app: AppScript, identity: dict[str, Any]):
        self.manager = manager
        self.app = app
        # who opened the tab, as the server's identity provider said (auth.viewer_identity);
        # the kernel shows it as jr.user
        self.identity = identity
        self.username = str(identity.get("username", ""))
        self.id = secrets.token_urlsafe(18)
        self.resume_token = secrets.token_urlsafe(32)
        self.mirror = PageMirror()
        self.phase = SessionPhase.STARTING
        self.created = time.time()
        self.last_activity = self.created
        self.kernel: ReactiveKernel | None = None
        self.kernel_key: PoolKey | None = None
        self._sink: Sink | None = None
        self._in_comm = ""
        self._out_comm = ""
        self._serve_msg_id = ""
        self._listener: asyncio.Task | None = None
        #: a local kernel's private socket (server/direct.py), once it connected; else comms
        self.direct: DirectConnection | None = None
        self._direct_wait: asyncio.Future[DirectConnection] | None = None
        self._awaiting_ack: float | None = None
        self._pending: list[tuple[dict[str, Any], dict[str, bytes]]] = []  # widget events not yet sent
        self._values_sent_at: float | None = None  # a batch the kernel has not answered yet
        self._reap: asyncio.TimerHandle | None = None
        self._replacing = False
        self._first_run_done = False  # then the pool is refilled, and idleness can begin
        # source following: the script's version whose text the kernel has, and the version
        # the last run asked for ran with; the files watched for this session
        self._source_sig: Signature = None
        self._run_sig: Signature = None
        self._own_files: set[Path] = set()  # the script (and a multipage app's other scripts)
        self._module_files: set[Path] = set()  # app-folder modules its kernel imported
        self._sent_files: set[Path] = set()  # a remote kernel's copy of the app's folder
        self._watched: set[Path] = set()
        self._changed: list[str] = []  # files announced changed since the last run the page asked
        self.run_on_save = manager.run_on_save  # "Always rerun": per session, kept on reconnect
        # kernel deaths since a run last finished, and the widget values of that run: a kernel
        # killed by a value (os._exit, a segfault) must not be restarted with it, forever
        self._deaths = 0
        self._safe_values: dict[str, Any] = {}
        self.media = SessionMedia(manager.store, manager.signer, manager.base_url, self.id)
        #: the tab's first page and query string and what jr.context shows (websocket.client_info)
        self.client: dict[str, Any] = {}
        self._secrets_signature: tuple[Any, ...] | None = None  # of the files the kernel was given
        self.media = SessionMedia(manager.store, manager.signer, manager.base_url, self.id)
        self.components = ComponentFolders()  # declared components' build folders, by name
        self.log = manager.log
        # state that outlives this replica (server/persist.py): the state this session started
        # from, if another replica saved it; the kernel's last session_state payload; saving
        self.restored: SavedState | None = None
        self._kernel_state = b""
        self._saving: asyncio.Future[None] | None = None
        self._save_wanted = False
        self._saved: tuple[bytes, float] | None = None  # the last entry written: digest, time
        self._save_failed_logged = False
        self._too_big_told = False

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Take a warm kernel and start the app in it. Raises KernelStartError."""
        self.kernel_key = self.manager.pool_key(self.app)
        # the pool is topped up after this session's first run, not while its page loads
        kernel = await self.manager.pool.acquire(self.kernel_key, refill=False)
        if self.phase is SessionPhase.CLOSED:
            await self.manager.pool.shutdown(kernel)
            return
        self.kernel = kernel
        self._watch_kernel(kernel)
        self._listener = asyncio.ensure_future(self._listen(kernel))
        restored = self.restored
        if restored is not None:
            self.run_on_save = restored.run_on_save
            self._kernel_state = restored.session_state
            self._open_app(kernel, restored.widget_values, await self._app_files(), restored.session_state)
        else:
            self._open_app(kernel, {}, await self._app_files())
        self.watch_files(self._own_scripts())

    def _read_source(self) -> dict[str, Any]:
        """The script as it is now, as comm data: ``source`` and, if unreadable, ``error``."""
        self._source_sig = self.app.signature()
        try:
            return {"source": self.app.source()}
        except SourceError as err:
            return {"source": "", "error": str(err)}

    async def _app_files(self) -> Bundle | None:
        """With kernels on a gateway (no shared disk): the app's folder as a zip, made off the
        server's loop (a big folder takes a while). None for local kernels."""
        if not self.manager.remote_kernels:
            return None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, app_bundle, self.app.file.parent, self.manager.remote_files_max_size)

    def _open_app(
        self,
        kernel: ReactiveKernel,
        widget_values: dict[str, Any],
        files: Bundle | None = None,
        session_state: bytes = b"",
    ) -> None:
        """Open the inbound comm with the session's config, then start the serve loop;
        ``session_state``: a restored session's (kernel/persist.py)."""
        self._in_comm, self._out_comm = uuid.uuid4().hex, uuid.uuid4().hex
        self._drop_direct()
        source = self._read_source()
        self._run_sig = self._source_sig
        self._secrets_signature = self.manager.secrets.signature(*self._secrets_where())
        config = {
            "inline_threshold": self.manager.inline_threshold,
            "max_upload_size": self.manager.max_upload_size,  # the upload handler's limit (bytes)
            "memory_limit": self.manager.kernel_memory_limit,
            "source": source["source"],
            "filename": str(self.app.file),
            "out_comm_id": self._out_comm,
            "widget_values": widget_values,
            "session_id": self.id,
            "user": self.identity,
            **self._page_config(),
            "secrets": self.manager.secrets.payload(*self._secrets_where()),  # to the kernel only
            "options": self.manager.config.read(self.app.file.parent).for_kernel(),
            "cache_store": self.manager.cache is not None,
        }
        if "error" in source:
            config["source_error"] = source["error"]
        if self.manager.script_args:
            config["argv"] = list(self.manager.script_args)
        buffers: list[bytes] = []
        if self.manager.persist is not None:
            config["persist"] = {"max_bytes": self.manager.persist.max_bytes}
        if files is not None:
            # the kernel does not share this disk: the app's folder travels with the config,
            # and every file of it is watched, to send the kernel what is edited (_files_changed)
            config["filename"] = self.app.file.name
            config["bundle"] = True
            buffers.append(files.data)
            folder = self.app.file.parent
            self._sent_files = {folder / name for name in files.names}
            self._rewatch()
            if files.left_out:
                shown = ", ".join(files.left_out[:5]) + (", ..." if len(files.left_out) > 5 else "")
                self.send(
                    protocol.notice(
                        "warning",
                        f"{len(files.left_out)} of the app's files are too large to send to its kernel "
                        f"(ReactiveApp.remote_files_max_size): {shown}",
                    )
                )
        listener = self.manager.direct_listener()
        if listener is not None:
            offer, self._direct_wait = listener.offer()
            config["direct"] = offer
            self.manager.spawn(self._use_direct(self._direct_wait, kernel))
        if session_state and "persist" in config:
            config["persist"]["buffer"] = len(buffers)
            buffers.append(session_state)
        client = kernel.client
        opening = client.session.msg(
            "comm_open", {"comm_id": self._in_comm, "target_name": protocol.COMM_TARGET, "data": config}
        )
        if buffers:
            opening["buffers"] = buffers
        client.shell_channel.send(opening)
        serve = client.session.msg(
            "execute_request",
            {
                "code": SERVE_CODE,
                "silent": False,
                "store_history": False,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": False,
            },
        )
        self._serve_msg_id = serve["header"]["msg_id"]
        client.shell_channel.send(serve)

    def _page_config(self) -> dict[str, Any]:
        """The page to run and what the kernel knows of the tab: the page the mirror last saw
        (a replaced kernel), else the one the tab opened at."""
        nav = self.mirror.navigation
        config: dict[str, Any] = {
            "page": nav.get("current", self.client.get("page", "")) if nav else self.client.get("page", ""),
            "query": self.mirror.query if self.mirror.query is not None else self.client.get("query", ""),
            "client": self.client.get("client", {}),
        }
        if nav:
            config["seq"] = nav.get("seq", 0)
        return config

    async def close(self, code: int = 1001, reason: str = "session ended", keep_state: bool = False) -> None:
        """End the session for good and shut its kernel down (idempotent). Its saved state
        goes too, unless ``keep_state`` (the server is stopping: another replica restores it)."""
        if self.phase is SessionPhase.CLOSED:
            return
        self.phase = SessionPhase.CLOSED
        if self._saving is not None and not keep_state:
            self._saving.cancel()
        if self.manager.persist is not None and not keep_state and (self._saved or self._saving):
            self.manager.spawn(self.manager.persist.forget(self.resume_token))
        if self._reap is not None:
            self._reap.cancel()
        if self._listener is not None:
            self._listener.cancel()
        self._drop_direct()
        self._own_files, self._module_files = set(), set()
        self._rewatch()
        sink, self._sink = self._sink, None
        if sink is not None:
            sink.close_session(code, reason)
        if self.kernel is not None:
            kernel, self.kernel = self.kernel, None
            await self.manager.pool.shutdown(kernel)
        if self.manager.cache is not None:
            self.manager.cache.release(self.id)
        await self.media.release_all()

    def attach(self, sink: Sink) -> None:
        """Bind the session to a tab's socket. A socket still bound is replaced: the tab that
        holds the secret has reconnected before the server noticed the old socket die."""
        if self._reap is not None:
            self._reap.cancel()
            self._reap = None
        old, self._sink = self._sink, sink
        if old is not None and old is not sink:
            old.close_session(4001, "session resumed by a newer connection")
        if self.phase is not SessionPhase.CLOSED:
            self.phase = SessionPhase.ATTACHED

    def detach(self, sink: Sink) -> None:
        """The tab's socket closed: keep everything for ``reconnect_window`` seconds."""
        if self._sink is not sink or self.phase is SessionPhase.CLOSED:
            return
        self._sink = None
        self.phase = SessionPhase.DETACHED
        loop = asyncio.get_running_loop()
        self._reap = loop.call_later(
            self.manager.reconnect_window, lambda: self.manager.spawn(self.manager.close(self))
        )

    @property
    def attached(self) -> bool:
        return self._sink is not None

    def hello_message(self, resumed: bool) -> str:
        extra = {"restored": True} if self.restored is not None and not resumed else {}
        return json.dumps(
            {
                **extra,
                "type": protocol.SESSION,
                "session_id": self.id,
                "resume_token": self.resume_token,
                "resumed": resumed,
                "script": self.app.rel_path,
                "title": self.app.title,
                "upload_url": url_path_join(self.manager.base_url, "reactive/upload", self.id),
                "upload_token": self.manager.signer.upload_token(self.id),
                "max_upload_size": self.manager.max_upload_size,
                "component_url": url_path_join(
                    self.manager.base_url, "reactive/component", self.id, self.manager.signer.component_token(self.id)
                ),
                "run_on_save": self.run_on_save,
            }
        )

    def snapshot(self) -> str:
        """The whole page for a tab that (re)attaches, with the URLs of the media it shows."""
        return self.mirror.snapshot(self.media.urls(self.mirror.media_shas()))

    def send(self, data: str | bytes) -> None:
        if self._sink is not None:
            self._sink.send_frame(data)

    def _forward(self, frames: list[bytes]) -> None:
        """The kernel's frames gathered so far, to the page in one go; ``frames`` is emptied."""
        if frames and self._sink is not None:
            self._sink.send_frames(list(frames))
        frames.clear()

    # -- page -> kernel ----------------------------------------------------------------------

    async def handle(self, msg: protocol.ClientMessage) -> None:
        """A decoded message from the page (never a Hello: the socket handles those)."""
        self.last_activity = time.time()
        if isinstance(msg, protocol.WidgetValues):
            values, files = {}, {}
            try:
                for wid, value in msg.values.items():
                    values[wid], got = await self.media.resolve_uploads(wid, value)
                    files.update(got)
            except (UploadRefused, MediaStoreError) as err:
                message = str(err) if isinstance(err, UploadRefused) else "the media store is unavailable; try again"
                self.send(protocol.notice("error", f"Refused: {message}"))
                return
            self._queue_values(values, files)
        elif isinstance(msg, protocol.Rerun):
            self._before_run()
            self._to_kernel({"kind": protocol.K_RERUN})
        elif isinstance(msg, protocol.RunOnSave):
            self.run_on_save = msg.enabled
        elif isinstance(msg, protocol.Stop):
            self._to_kernel({"kind": protocol.K_STOP})
        elif isinstance(msg, protocol.ClearCache):
            # a developer's option (Streamlit's menu): a viewer of a served app may not empty the
            # caches every other viewer's sessions share
            if self.manager.toolbar_mode(self.app.file.parent) != "developer":
                self.send(
                    protocol.notice("error", "Refused: clearing the caches is not offered to viewers of this app.")
                )
            else:
                self._to_kernel({"kind": protocol.K_CLEAR_CACHE}, await_ack=False)
        elif isinstance(msg, protocol.Theme):
            # kept for a replacement kernel's opening config; no rerun (as Streamlit 1.67)
            self.client.setdefault("client", {})["theme"] = msg.theme
            self._to_kernel({"kind": protocol.K_THEME, "theme": msg.theme}, await_ack=False)
        elif isinstance(msg, protocol.Navigate):
            self._to_kernel({"kind": protocol.K_NAVIGATE, "page": msg.page, "query": msg.query, "seq": msg.seq})
        elif isinstance(msg, protocol.DataRequest):
            # answered on the kernel's subshell even mid-run, by a data_page frame; it is not a
            # run event, so no acknowledgement is awaited (a slow sort must not interrupt)
            request = {
                "kind": protocol.K_DATA_REQUEST,
                "id": msg.id,
                "start": msg.start,
                "stop": msg.stop,
                "sort": [list(k) for k in msg.sort] or None,
                "seq": msg.seq,
            }
            self._to_kernel(request, await_ack=False)
        elif isinstance(msg, protocol.DownloadRequest):
            # made on a thread of the kernel's own, answered by a download_ready frame
            self._to_kernel({"kind": protocol.K_DOWNLOAD_REQUEST, "id": msg.id, "seq": msg.seq}, await_ack=False)

    # -- widget events: one batch in the kernel's queue at a time ---------------------------
    #
    # A page can send events far faster than a kernel runs (1,000 a second from one tab). Sent
    # as they come, they pile up in the kernel's shell queue, and under that load ipykernel can
    # leave the last ones unread until some later message wakes it: the viewer's final value
    # never runs. So the session keeps one batch in flight: the next waits, merged with any
    # others that come meanwhile, until the kernel says it took the first in (any frame of
    # run_started, ack, notice or run_finished), or for at most ``_UNACKED_FOR`` seconds.

    def _queue_values(self, values: dict[str, Any], files: dict[str, bytes]) -> None:
        last = self._pending[-1] if self._pending else None
        if last is not None and not (set(values) & set(last[0]) & self.mirror.trigger_ids()):
            last[0].update(values)  # a later value of the same widget wins; a trigger never merges away
            last[1].update(files)
        else:
            self._pending.append((dict(values), dict(files)))
        self._send_pending()

    def _send_pending(self, force: bool = False) -> None:
        if not self._pending or (self._values_sent_at is not None and not force):
            return
        values, files = self._pending.pop(0)
        index = {fid: i for i, fid in enumerate(files)}
        self._values_sent_at = time.monotonic()
        self._before_run()  # the run these values start runs the file as it is now
        self._to_kernel(
            {"kind": protocol.K_WIDGET_VALUES, "values": values, "files": index}, buffers=list(files.values())
        )
        asyncio.get_running_loop().call_later(_UNACKED_FOR, self._unacked_too_long, self._values_sent_at)

    def _values_taken(self) -> None:
        """The kernel answered: the next batch may go."""
        self._values_sent_at = None
        self._send_pending()

    def _unacked_too_long(self, sent_at: float) -> None:
        # an event that changes nothing while a run is in flight gets no answer of its own
        if self._values_sent_at == sent_at and self.phase is not SessionPhase.CLOSED:
            self._values_sent_at = None
            self._send_pending()

    def rerun_with_new_source(self) -> None:
        """The app's file was saved: rerun with the text as it is now."""
        self._before_run()
        self._to_kernel({"kind": protocol.K_RERUN})

    # -- source following --------------------------------------------------------------------

    def sync_source(self) -> bool:
        """If the script changed on disk since the kernel got its text, send the kernel the
        text as it is now (or why it cannot be read). One ``os.stat`` when nothing changed.
        Returns True if it sent something."""
        if self.kernel is None or self._replacing or self.app.signature() == self._source_sig:
            return False
        self._to_kernel({"kind": protocol.K_SOURCE, **self._read_source()}, await_ack=False)
        return True

    def _before_run(self) -> None:
        """Every run the page asks for runs the file as it is now (the kernel reloads the app
        modules whose files changed itself, at the start of the run)."""
        self.sync_source()
        self._run_sig = self._source_sig
        self._changed = []

    def _own_scripts(self) -> list[Path]:
        """The app's script and, for a multipage app, its ``pages/`` scripts."""
        try:
            return page_files(self.app.file)
        except OSError:
            return [self.app.file]

    def watch_files(self, files: list[Path]) -> None:
        """The session's own files to watch: its script (set at start) and, for a multipage
        app, its other pages' scripts; the app-folder modules its kernel imported are added
        from the kernel's ``watch`` frames. Replaces the previous list. Idempotent."""
        if self.phase is SessionPhase.CLOSED:
            return
        self._own_files = set(files)
        self._rewatch()

    def _rewatch(self) -> None:
        watcher: FileWatcher = self.manager.watcher
        wanted = self._own_files | self._module_files | self._sent_files
        for path in self._watched - wanted:
            watcher.unwatch(path, self._files_changed)
        for path in wanted - self._watched:
            watcher.watch(path, self._files_changed)
        self._watched = wanted

    def _kernel_watch(self, header: dict[str, Any]) -> None:
        """A ``watch`` frame: the app-folder module files the kernel imported. Files outside
        the app's folder are ignored (only the app's own modules are watched)."""
        files = header.get("files")
        if not isinstance(files, list):
            return
        folder = self.app.file.parent
        inside: set[Path] = set()
        for f in files[:500]:
            if not isinstance(f, str) or not f or "\x00" in f or not Path(f).is_absolute():
                continue
            try:
                if Path(f).resolve().is_relative_to(folder):
                    inside.add(Path(f))
            except (OSError, RuntimeError, ValueError):  # a link loop, a name the OS refuses
                continue
        if self.phase is not SessionPhase.CLOSED:
            self._module_files = inside
            self._rewatch()

    def _files_changed(self, paths: list[Path]) -> None:
        """The watcher saw some of this session's files change (after they settled)."""
        if self.phase is SessionPhase.CLOSED or self.kernel is None or self._replacing:
            return
        sent = [p for p in paths if p in self._sent_files]
        if sent:
            # a kernel on a gateway holds a copy: it gets the edited files before any later run
            # (the same shell channel), and its next run reloads the modules among them
            data, gone = changed_files(self.app.file.parent, sent, self.manager.remote_files_max_size)
            self._to_kernel({"kind": protocol.K_FILES, "gone": gone}, buffers=[data], await_ack=False)
        self.sync_source()
        script_only = all(p == self.app.file for p in paths)
        if script_only and self._source_sig == self._run_sig:
            return  # the page already reran with this version
        if self.run_on_save:
            self._before_run()
            self._to_kernel({"kind": protocol.K_RERUN})
            return
        folder = self.app.file.parent
        names = {p.relative_to(folder).as_posix() if p.is_relative_to(folder) else p.name for p in paths}
        self._changed = sorted(names.union(self._changed))
        self.send(protocol.source_changed(self._changed))

    def replay_source_changed(self) -> None:
        """A tab that resumes the session sees the prompt it would have seen (after its snapshot)."""
        if self._changed:
            self.send(protocol.source_changed(self._changed))

    def _secrets_where(self) -> tuple[Path, list[str] | None, Path]:
        """Where this app's secrets are read: its folder, its ``secrets.files`` option (None:
        the default places) and the folder a relative entry is taken from (the server's
        working directory, as Streamlit takes it from where ``streamlit run`` started)."""
        config = self.manager.config
        return self.app.file.parent, config.read(self.app.file.parent).values.get("secrets.files"), config.cwd

    def _sync_secrets(self, kernel: ReactiveKernel) -> None:
        """Before a message that starts a run: if a secrets file changed since the kernel was
        given them, give it the new ones first (the run then sees them; Streamlit reloads
        secrets on change too). Comm messages keep their order on the subshell."""
        signature = self.manager.secrets.signature(*self._secrets_where())
        if signature == self._secrets_signature:
            return
        self._secrets_signature = signature
        payload = {"kind": protocol.K_SECRETS, "secrets": self.manager.secrets.payload(*self._secrets_where())}
        self._kernel_send(kernel, payload)

    def _kernel_send(self, kernel: ReactiveKernel, data: dict[str, Any], buffers: list[bytes] | None = None) -> None:
        """One message to the kernel: over the direct channel if it is up, else on the comm."""
        direct = self.direct
        if direct is not None and not direct.closed:
            direct.send(data, buffers)
            return
        msg = kernel.client.session.msg("comm_msg", {"comm_id": self._in_comm, "data": data})
        msg["header"]["subshell_id"] = kernel.subshell_id
        if buffers:
            msg["buffers"] = buffers
        kernel.client.shell_channel.send(msg)

    async def _use_direct(self, wait: asyncio.Future[DirectConnection], kernel: ReactiveKernel) -> None:
        """The kernel's direct connection, once it connects: its frames are read like the out
        comm's. On a bad record or its end, the session goes on over comms."""
        try:
            conn = await wait
        except asyncio.CancelledError:
            return  # not connected in time, or the session moved on: comms it is
        if self.phase is SessionPhase.CLOSED or self.kernel is not kernel or self._direct_wait is not wait:
            conn.close()
            return
        # the last message on the comm: the kernel holds the channel's records until it has
        # handled this one, so none overtakes a message still on its way through the comm
        self._kernel_send(kernel, {"kind": protocol.K_DIRECT})
        self.direct = conn
        try:
            await conn.serve(self._from_kernel)
        except DirectError as err:
            self.log.warning("jupyter_reactive: session %s: direct channel closed: %s; back to comms", self.id, err)
        finally:
            if self.direct is conn:
                self.direct = None

    def _drop_direct(self) -> None:
        if self._direct_wait is not None:
            listener = self.manager.direct_listener(create=False)
            if listener is not None:
                listener.withdraw(self._direct_wait)
            self._direct_wait = None
        if self.direct is not None:
            self.direct.close()
            self.direct = None

    def _to_kernel(self, data: dict[str, Any], buffers: list[bytes] | None = None, await_ack: bool = True) -> None:
        kernel = self.kernel
        if kernel is None or self._replacing:
            self.send(protocol.notice("warning", "The app is restarting; try again in a moment."))
            return
        if data["kind"] in (protocol.K_WIDGET_VALUES, protocol.K_RERUN, protocol.K_SOURCE, protocol.K_NAVIGATE):
            self._sync_secrets(kernel)
        self._kernel_send(kernel, data, buffers)
        if await_ack and self.mirror.running and self._awaiting_ack is None:
            self._awaiting_ack = time.monotonic()
            asyncio.get_running_loop().call_later(self.manager.interrupt_grace, self._check_stuck)

    def _check_stuck(self) -> None:
        """The run in flight ignored an event for ``interrupt_grace`` s: interrupt the kernel."""
        if self._awaiting_ack is None or self.kernel is None or self.phase is SessionPhase.CLOSED:
            return
        self._awaiting_ack = None
        self.log.info("jupyter_reactive: session %s: run did not yield; interrupting its kernel", self.id)
        self.manager.spawn(self.manager.kernel_manager.interrupt_kernel(self.kernel.kernel_id))

    # -- kernel -> page ----------------------------------------------------------------------

    async def _listen(self, kernel: ReactiveKernel) -> None:
        """Read the kernel's iopub: forward frames, log prints, notice a crashed runner."""
        while True:
            try:
                msg = await kernel.client.get_iopub_msg()
            except asyncio.CancelledError:
                raise
            except Exception:
                if self.phase is SessionPhase.CLOSED:
                    return
                await asyncio.sleep(0.05)
                continue
            try:
                await self._on_iopub(msg)
            except Exception:
                self.log.exception("jupyter_reactive: session %s: bad message from kernel", self.id)

    async def _on_iopub(self, msg: dict[str, Any]) -> None:
        """One iopub message, in order (media are stored before the elements that show them)."""
        msg_type = msg["header"]["msg_type"]
        content = msg["content"]
        if msg_type == "comm_msg" and content.get("comm_id") == self._out_comm:
            await self._from_kernel([bytes(b) for b in msg.get("buffers") or ()])
        elif msg_type == "stream":
            self._log_output(content.get("text", ""))
        elif msg_type == "error" and msg.get("parent_header", {}).get("msg_id") == self._serve_msg_id:
            self.log.error(
                "jupyter_reactive: session %s: the app runner stopped: %s: %s",
                self.id,
                content.get("ename"),
                content.get("evalue"),
            )
            self.send(protocol.notice("error", "The app's runner stopped unexpectedly. Reload the page.", sticky=True))

    def _log_output(self, text: Any) -> None:
        """The app's prints (iopub ``stream`` messages, or ``stream`` frames of the direct
        channel, which arrive in order with the elements): into the server's log."""
        if not isinstance(text, str):
            self.log.warning("jupyter_reactive: session %s: a stream frame without text was dropped", self.id)
            return
        text = text.rstrip("\n")
        if text:
            self.log.info("[app %s session %s] %s", self.app.rel_path, self.id[:8], text)

    async def _from_kernel(self, frames: list[bytes]) -> None:
        """One kernel message's frames (out comm or direct channel), in order."""
        # the frames to forward leave together (one batch for a page that takes them),
        # each run of them before anything the server sends or awaits in between
        out: list[bytes] = []
        try:
            for frame in frames:
                header, payload = protocol.decode_frame(frame)
                if header.get("type") == protocol.MEDIA:
                    self._forward(out)
                    await self._store_media(header, payload)
                    continue
                if header.get("type") == protocol.WATCH:
                    self._kernel_watch(header)
                    continue
                if header.get("type") == protocol.COMPONENT_FOLDER:
                    problem = self.components.declare(header.get("name"), header.get("path"))
                    if problem:
                        self._forward(out)
                        self.send(protocol.notice("error", f"A custom component cannot be shown: {problem}"))
                    continue
                if header.get("type") == protocol.CACHE:
                    self.manager.spawn(self._cache_request(header, payload))
                    continue
                if header.get("type") == protocol.STATE:
                    self._kernel_state = payload
                    continue
                if header.get("type") == protocol.STREAM:
                    self._log_output(header.get("text"))
                    continue
                self.mirror.apply(header)
                if header.get("type") in (
                    protocol.RUN_STARTED,
                    protocol.RUN_FINISHED,
                    protocol.NOTICE,
                    protocol.ACK,
                ):
                    self._awaiting_ack = None
                    self.last_activity = time.time()  # a session that is running is not idle
                    self._values_taken()
                if header.get("type") == protocol.RUN_FINISHED and not self._first_run_done:
                    self._first_run_done = True
                    if self.kernel_key is not None:
                        self.manager.pool.refill(self.kernel_key)
                out.append(frame)
                if header.get("type") == protocol.RUN_FINISHED and header.get("status") != "rerun":
                    self._deaths = 0
                    self._safe_values = self.mirror.widget_values()
                    self._forward(out)
                    self.persist_state()
                    await self.media.keep_only(self.mirror.media_shas())
        finally:  # a bad frame from the kernel does not hold back the ones before it
            self._forward(out)

    async def _store_media(self, header: dict[str, Any], payload: bytes) -> None:
        try:
            self.send(await self.media.stored(header, payload))
        except MediaStoreError as err:
            message = str(err) if isinstance(err, MediaTooLarge) else "the media store is unavailable"
            self.log.warning("jupyter_reactive: session %s: media not stored: %s", self.id, err)
            self.send(protocol.notice("error", f"An image or file could not be shown: {message}"))

    async def _cache_request(self, header: dict[str, Any], payload: bytes) -> None:
        """A ``cache_data`` request from the kernel: answered on the inbound comm (a task of its
        own, so frames keep flowing while the store works or another session computes)."""
        if self.manager.cache is None:
            return
        answer = await self.manager.cache.handle(self.manager.cache_app(self.app), self.id, header, payload)
        if answer.reply is not None and self.phase is not SessionPhase.CLOSED:
            self._to_kernel(answer.reply, None if answer.value is None else [answer.value], await_ack=False)
        if answer.notice:
            self.send(protocol.notice("warning", answer.notice))

    # -- state that outlives this replica (server/persist.py) -------------------------------

    def persist_state(self) -> None:
        """After a finished run: save the session's state in the shared store, in the
        background; one write at a time, the latest state winning."""
        if self.manager.persist is None or self.phase is SessionPhase.CLOSED:
            return
        self._save_wanted = True
        if self._saving is None or self._saving.done():
            self._saving = asyncio.ensure_future(self._save_loop())

    async def save_state(self) -> None:
        """Save now, even what was saved already, and wait for it (the server is stopping:
        the entry must be there for the replica the tab reconnects to). Raises nothing."""
        if self.manager.persist is None:
            return
        if self._saving is not None and not self._saving.done():
            await asyncio.shield(self._saving)
        self._saved = None  # written again whatever was written before
        self._save_wanted = True
        await self._save_loop()

    def saved_state(self) -> SavedState:
        """What another replica needs to start this session again."""
        nav = self.mirror.navigation
        page = nav.get("current", self.client.get("page", "")) if nav else self.client.get("page", "")
        query = self.mirror.query if self.mirror.query is not None else self.client.get("query", "")
        # a restored session that has not finished a run yet shows nothing: keep what it got
        restored = self.restored if not self._first_run_done else None
        return SavedState(
            app=self.app.rel_path,
            widget_values=restored.widget_values if restored is not None else self.mirror.widget_values(),
            session_state=self._kernel_state,
            page=str(page or ""),
            query=str(query or ""),
            run_on_save=self.run_on_save,
        )

    async def _save_loop(self) -> None:
        keeper = self.manager.persist
        assert keeper is not None
        while self._save_wanted:
            self._save_wanted = False
            await self._save_once(keeper)

    async def _save_once(self, keeper: StateKeeper) -> None:
        saved = self.saved_state()
        key = state_key(self.resume_token)
        try:
            entry = keeper.encode(key, saved)
        except StateTooLarge as err:
            # the widget values alone, then (the kernel kept its session_state within the cap,
            # but with the widget values the entry is over it); or nothing at all
            try:
                entry = keeper.encode(key, dataclasses.replace(saved, session_state=b""))
                lost = "its session_state is left out"
            except StateTooLarge:
                entry, lost = b"", "if this server stops, the app starts again from its defaults"
            if not self._too_big_told:
                self._too_big_told = True
                self.send(
                    protocol.notice(
                        "warning",
                        f"This session's state is too large to save whole ({err.size} bytes; the cap is "
                        f"{err.limit}, ReactiveApp.persist_state_max_bytes): {lost}.",
                    )
                )
            if not entry:
                return
        digest = hashlib.sha256(entry).digest()
        now = time.monotonic()
        if self._saved is not None and self._saved[0] == digest and now - self._saved[1] < keeper.ttl / 2:
            return  # written already, and far from expiring
        try:
            await keeper.write(key, entry)
        except MediaStoreError as err:
            if not self._save_failed_logged:
                self._save_failed_logged = True
                self.log.warning("jupyter_reactive: session %s: state not saved: %s", self.id, err)
            return
        self._saved = (digest, now)
        self._save_failed_logged = False

    # -- kernel death ------------------------------------------------------------------------

    def _watch_kernel(self, kernel: ReactiveKernel) -> None:
        km = self.manager.kernel_manager.get_kernel(kernel.kernel_id)

        def restarted() -> None:
            self.manager.spawn(self._replace_kernel(restarted_in_place=True))

        def dead() -> None:
            self.manager.spawn(self._replace_kernel(restarted_in_place=False))

        km.add_restart_callback(restarted, "restart")
        km.add_restart_callback(dead, "dead")
        on_lost = getattr(kernel.client, "on_lost", None)  # a kernel on a gateway (no restarter here)
        if on_lost is not None:
            on_lost(dead)

    async def _replace_kernel(self, restarted_in_place: bool) -> None:
        """The kernel died. Start the app again (same widget values) and tell the page."""
        if self.phase is SessionPhase.CLOSED or self._replacing:
            return
        self._replacing = True
        self._awaiting_ack = None
        if self.manager.cache is not None:
            self.manager.cache.release(self.id)  # what the dead kernel was computing is free
        self._values_sent_at = None
        self._pending.clear()  # events meanwhile are refused with a notice (see _to_kernel)
        self._deaths += 1
        if self._deaths > MAX_KERNEL_DEATHS:
            self.log.error("jupyter_reactive: session %s: its kernel keeps dying; session ended", self.id)
            self.send(
                protocol.notice(
                    "error", "The app's kernel keeps stopping, so the session was ended. Reload the page.", sticky=True
                )
            )
            self._replacing = False
            await self.manager.close(self, 4003, "the app's kernel keeps stopping")
            return
        # first death: the values of the last run that finished (not those it died with);
        # a second one before any run finishes: the app's defaults
        values = dict(self._safe_values) if self._deaths == 1 else {}
        self.mirror.clear()
        self.send(self.snapshot())
        self.send(
            protocol.notice(
                "warning",
                "The app's kernel stopped unexpectedly (it may have run out of memory) and was "
                + (
                    "restarted; the script was run again with the last values that worked."
                    if self._deaths == 1
                    else "restarted again; the script was run with its default values."
                ),
            )
        )
        try:
            if self._listener is not None:
                self._listener.cancel()
            if restarted_in_place and self.kernel is not None:
                await self.manager.pool.rewarm(self.kernel)
            else:
                old, self.kernel = self.kernel, None
                if old is not None:
                    await self.manager.pool.shutdown(old)
                assert self.kernel_key is not None
                self.kernel = await self.manager.pool.acquire(self.kernel_key)
                self._watch_kernel(self.kernel)
            self._listener = asyncio.ensure_future(self._listen(self.kernel))
            if self.phase is SessionPhase.CLOSED:
                return
            self._open_app(self.kernel, values, await self._app_files())
        except KernelStartError:
            self.log.exception("jupyter_reactive: session %s: could not replace its kernel", self.id)
            self.send(
                protocol.notice("error", "The app's kernel could not be restarted. Reload the page.", sticky=True)
            )
        finally:
            self._replacing = False

    @property
    def busy(self) -> bool:
        """Starting (no kernel, or its first run not finished) or running: not idle, whatever
        the clock says (a kernel start can take longer than a short idle timeout)."""
        return self.kernel is None or not self._first_run_done or self.mirror.running

    def model(self) -> dict[str, Any]:
        """What ``reactive/api/sessions`` shows (never the resume token)."""
        return {
            "id": self.id,
            "app": self.app.rel_path,
            "user": self.username,
            "state": self.phase.value,
            "kernel_id": self.kernel.kernel_id if self.kernel else None,
            "running": self.mirror.running,
            "created": self.created,
            "last_activity": self.last_activity,
        }


class AppSessionManager:
    """The only owner of app sessions: creates, resumes, culls and reaps them. Server loop only.
    Options come from ``ReactiveApp`` (see its help)."""

    def __init__(
        self,
        pool: KernelPool,
        kernel_manager: Any,
        store: MediaStore,
        signer: Signer,
        *,
        base_url: str = "/",
        reconnect_window: float = 120.0,
        interrupt_grace: float = 3.0,
        idle_timeout: float = 0.0,
        preload_app_imports: bool = True,
        run_on_save: bool = False,
        script_args: list[str] | None = None,
        watch_interval: float = 0.3,
        inline_threshold: int = 8192,
        max_upload_size: int = 200 * 1024 * 1024,
        remote_files_max_size: int = 64 * 1024 * 1024,
        secrets: SecretsReader | None = None,
        config: ConfigReader | None = None,
        cache: CacheService | None = None,
        kernel_memory_limit: int = 0,
        persist: StateKeeper | None = None,
        direct_channel: bool = True,
        viewers: bool = False,
        log: Any = None,
    ):
        self.pool = pool
        #: anyone who reaches the port is a viewer (``serve``): client.toolbarMode "auto" is "viewer"
        self.viewers = viewers
        self.kernel_manager = kernel_manager
        self.store = store
        self.signer = signer
        self.base_url = base_url
        self.inline_threshold = inline_threshold
        self.max_upload_size = max_upload_size
        self.remote_files_max_size = remote_files_max_size
        self.remote_kernels = gateway_enabled(kernel_manager)
        self.kernel_memory_limit = kernel_memory_limit
        #: local kernels' sessions move to a private socket once open (server/direct.py)
        self.direct_channel = direct_channel and not self.remote_kernels
        self._direct: DirectListener | None = None
        self.reconnect_window = reconnect_window
        self.interrupt_grace = interrupt_grace
        self.idle_timeout = idle_timeout
        self.preload_app_imports = preload_app_imports
        self.run_on_save = run_on_save
        self.script_args = list(script_args or [])  # each app's sys.argv[1:]
        self.secrets = secrets or SecretsReader()
        #: Streamlit's config.toml / STREAMLIT_* / --section.option, per app folder
        self.config = config or ConfigReader(warn=lambda line: self.log.warning("jupyter_reactive: %s", line))
        self.cache = cache
        if cache is not None:
            cache.on_clear = self._cache_cleared
        #: saves sessions' state in the shared store (None: off, or no shared store)
        self.persist = persist
        #: the server is stopping: no new session starts here (pages reconnect elsewhere)
        self.stopping = False
        self.log = log or logging.getLogger("jupyter_reactive")
        self.watcher = FileWatcher(watch_interval, log=self.log)
        self._sessions: dict[str, AppSession] = {}
        self._pool_keys: dict[str, PoolKey] = {}  # app path -> the pool its sessions draw from
        # app path -> (versions of the app's file and folder, its top-level imports, installed ones)
        self._imports: dict[str, tuple[Any, tuple[str, ...], tuple[str, ...]]] = {}
        self._culler: asyncio.Task | None = None
        self._tasks: set[asyncio.Future[Any]] = set()

    def direct_listener(self, create: bool = True) -> DirectListener | None:
        """The direct channel's socket (made on first use); None when the option is off."""
        if self._direct is None and create and self.direct_channel and not self.stopping:
            try:
                self._direct = DirectListener()
            except OSError as err:
                self.log.warning("jupyter_reactive: direct channel unavailable (%s); sessions use comms", err)
                self.direct_channel = False
        return self._direct

    def spawn(self, work: Awaitable[Any]) -> None:
        """Run ``work`` in the background, for a callback that cannot await it (a timer, the
        kernel manager's restart hooks). The manager keeps the task until it ends — the event
        loop holds only a weak reference, so an unkept task can vanish mid-flight — logs what it
        raises, and cancels what is left in :meth:`close_all`."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Future[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.log.error("jupyter_reactive: background task failed", exc_info=task.exception())

    def cache_app(self, app: AppScript) -> str:
        """Which app a session's cached results belong to (see ``CacheService.by_relative_path``)."""
        return app.rel_path if self.cache is None or self.cache.by_relative_path else str(app.file)

    def _cache_cleared(self, app: str, fn: str | None, key: str | None, by: str) -> None:
        """A session cleared cached results: the app's other kernels forget theirs too."""
        command: dict[str, Any] = {"kind": protocol.K_CACHE, "status": "cleared", "fn": fn}
        if key is not None:
            command["key"] = key
        for session in list(self._sessions.values()):
            if session.id != by and self.cache_app(session.app) == app and session.kernel is not None:
                session._to_kernel(command, await_ack=False)

    def pool_key(self, app: AppScript) -> PoolKey:
        """The pool an app's new session draws from, read from its source as it is now. When
        an edit changed the app's imports, the kernels warmed for the old ones are retired
        (unless another app still uses that pool)."""
        if not self.preload_app_imports:
            key = self.pool.key(app.folder)
        else:
            # its top-level imports; the installed ones (not the app folder's own modules) are
            # imported by the fork server before it forks the app's kernels
            imports, installed = self._app_imports(app)
            # a kernel on a gateway gets the app's own modules with its session (a copy of the
            # folder): warmed up, it may import only what is installed there
            key = self.pool.key(app.folder, installed if self.remote_kernels else imports, installed)
        old = self._pool_keys.get(app.rel_path)
        self._pool_keys[app.rel_path] = key
        if old is not None and old != key and old not in self._pool_keys.values():
            self.spawn(self.pool.retire(old))
        return key

    def _app_imports(self, app: AppScript) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The app's top-level imports and the installed ones among them, read once per version
        of its file and of its folder (a module added beside the app can shadow an installed
        one), not at every session: parsing the script and looking modules up on the path is
        milliseconds on a new session's path to its first run."""
        version = (app.signature(), file_signature(app.file.parent))
        cached = self._imports.get(app.rel_path)
        if cached is None or cached[0] != version or version[0] is None:
            imports = app.top_level_imports()
            cached = self._imports[app.rel_path] = (version, imports, app.installed(imports))
        return cached[1], cached[2]

    def prewarm(self, app: AppScript) -> None:
        """Fill the pool for an app before its first viewer (serve mode knows its apps)."""
        self.pool.refill(self.pool_key(app))

    def start_culling(self) -> None:
        """Check for idle sessions periodically (``idle_timeout`` > 0); idempotent, started
        with the first session."""
        if self.idle_timeout > 0 and self._culler is None:
            self._culler = asyncio.ensure_future(self._cull_forever())

    async def _cull_forever(self) -> None:
        interval = max(0.2, min(60.0, self.idle_timeout / 4))
        while True:
            await asyncio.sleep(interval)
            now = time.time()
            for session in list(self._sessions.values()):
                if session.attached and not session.busy and now - session.last_activity > self.idle_timeout:
                    self.log.info(
                        "jupyter_reactive: ending session %s after %.0f s without activity",
                        session.id,
                        now - session.last_activity,
                    )
                    session.send(
                        protocol.notice(
                            "info",
                            "Session ended after a while without activity. Reload the page to start again.",
                            sticky=True,
                        )
                    )
                    await self.close(session, code=4002, reason="session ended: idle")

    def create(self, app: AppScript, identity: dict[str, Any], sink: Sink) -> AppSession:
        self.start_culling()
        session = AppSession(self, app, identity)
        self._sessions[session.id] = session
        session.attach(sink)
        return session

    def resume(self, session_id: str | None, token: str | None, app: AppScript, sink: Sink) -> AppSession | None:
        """The session a reconnecting tab asks for, if its secret matches and it runs the same
        app. The secret lives only in the page's memory (never in storage or URLs), so whoever
        presents it is that tab reconnecting, possibly before the old socket was seen to close."""
        if not session_id or not token:
            return None
        session = self._sessions.get(session_id)
        if session is None or session.phase is SessionPhase.CLOSED:
            return None
        if not hmac.compare_digest(session.resume_token.encode(), token.encode()) or session.app != app:
            return None
        session.attach(sink)
        return session

    async def take_saved(self, token: str | None, app: AppScript) -> SavedState | None:
        """The state a session of ``app`` on another replica saved for the tab holding
        ``token`` (taken from the store: no other replica restores it too); None when there
        is none, persistence is off, or the entry is bad (logged). Raises nothing."""
        if self.persist is None or not token:
            return None
        return await self.persist.take(token, app.rel_path)

    async def close(
        self, session: AppSession, code: int = 1001, reason: str = "session ended", keep_state: bool = False
    ) -> None:
        self._sessions.pop(session.id, None)
        await session.close(code, reason, keep_state=keep_state)

    async def close_all(self, notice: str = "", save_timeout: float = 5.0) -> None:
        """End every session (the server is stopping); ``notice``, if given, is shown in each
        open page first. With a shared store each session's latest state is saved first (for
        at most ``save_timeout`` seconds in all), so that another replica restores it; then the
        sockets close with 1012 (service restart), on which pages reconnect at once -- through
        a load balancer, to another replica."""
        self.stopping = True
        if self._culler is not None:
            self._culler.cancel()
        sessions = list(self._sessions.values())
        if notice:
            for session in sessions:
                session.send(protocol.notice("warning", notice))
        if self.persist is not None and sessions:
            saves = [asyncio.ensure_future(s.save_state()) for s in sessions]
            _done, late = await asyncio.wait(saves, timeout=save_timeout)
            for save in late:
                save.cancel()
            if late:
                self.log.warning("jupyter_reactive: %d sessions' state not saved in time", len(late))
        await asyncio.gather(
            *(self.close(s, 1012, "server restarting", keep_state=True) for s in sessions), return_exceptions=True
        )
        self.watcher.close()
        for task in list(self._tasks):
            task.cancel()
        if self._direct is not None:
            self._direct.close()
            self._direct = None

    def get(self, session_id: str) -> AppSession | None:
        return self._sessions.get(session_id)

    def toolbar_mode(self, app_folder: Path) -> str:
        """What the app menu offers the pages of the app in ``app_folder``: "developer",
        "viewer" or "minimal" (its ``client.toolbarMode``, "auto" resolved)."""
        return toolbar_mode(self.config.read(app_folder).get("client.toolbarMode"), self.viewers)

    def list(self) -> list[dict[str, Any]]:
        return [s.model() for s in self._sessions.values()]

    def __len__(self) -> int:
        return len(self._sessions)
