"""ScriptRunner: compile the app once (with Streamlit's magic, :mod:`.magic`), exec it top to
bottom on every request.

Threading note (the one place it is explained): the script runs on the kernel's **main thread**,
inside one long ``execute_request`` that the server sends when the session starts and that lasts
for the session's life (:meth:`ScriptRunner.serve_forever`). Widget events cannot reach a busy
main shell, so they arrive on a kernel *subshell* thread (ipykernel 7), which only validates them
and posts a request (:mod:`.requests`). The main thread sees the request at its next element call
(a yield point) and starts over, so a widget change cuts a long run short. A script stuck in one
call that never reaches a yield point is ended by the kernel's interrupt (SIGINT ->
KeyboardInterrupt on this thread), which the server sends after a grace period. Running on the
main thread keeps signals, matplotlib and ``if __name__ == "__main__"`` working as in ``python
app.py``.

Fragment runs (:mod:`.fragments`): a request whose ``fragments`` name some replays just those
functions into their containers, keeping the last full run's roots and ``with`` blocks;
``run_started`` lists their container paths so the page dims only them, and the trims at its
end touch only them.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import linecache
import sys
import types
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from .. import protocol
from .delta import RunContext, reset_context, set_context
from .display import PageOutput, exception_element
from .fragments import Fragment, FragmentHandled
from .magic import compile_script, settings
from .options import redact_uncaught
from .query_params import unbind_gone_widgets
from .reload import AppModules
from .requests import RerunData, RerunException, StopException

if TYPE_CHECKING:
    from .container import Container

_THIS_PACKAGE = __name__.rsplit(".", 1)[0]


class Interrupted(Exception):
    """Shown when a kernel interrupt stopped a script stuck in one call (no rerun followed)."""


class CallbackRerun(RerunException):
    """The callbacks of an interaction asked for a rerun (their votes merged): this run ends
    before the script starts, and the rerun replaces it."""


class SourceError(Exception):
    """Shown when the app's file cannot be read (deleted, renamed, a folder now, not text);
    the server's message says which."""


class ScriptRunner:
    """Runs one session's script. Script thread only, except :meth:`set_source` (any thread)."""

    def __init__(
        self,
        ctx: RunContext,
        source: str,
        filename: str,
        make_root: Callable[[RunContext, int], Container],
        modules: AppModules | None = None,
        source_error: str | None = None,
        argv: list[str] | None = None,
    ):
        self.ctx = ctx
        self.filename = filename
        self.argv = list(argv or [])  # the script's arguments: sys.argv[1:] while it runs
        self._make_root = make_root
        self._source: tuple[str, str | None] = (source, source_error)
        self._version = 0  # counts set_source calls that changed the text
        self._full_run_version = 0  # the version the last full run started with
        self._code: tuple[str, Any] | None = None
        self._run = 0
        self.modules = modules  # the app-folder modules to reload when their files change
        self.after_first_run: Callable[[], Any] | None = None  # once, after the first run is sent
        # after each run that was not cut short, before its run_finished (kernel/persist.py)
        self.before_finish: Callable[[], Any] | None = None

    def set_source(self, source: str, error: str | None = None) -> None:
        """The app's file changed (any thread): the next run compiles the new text. ``error``:
        the file cannot be read; the next run shows it as the app's error."""
        new = (source, error)
        if new != self._source:
            self._source = new  # one assignment: the script thread sees the old pair or the new
            self._version += 1

    def serve_forever(self) -> None:
        """Block the main thread serving runs until the session shuts down."""
        requests = self.ctx.requests
        while not requests.shut_down:
            try:
                data = requests.wait()
                if data is not None and self._takes_in_without_a_run(data):
                    continue
                while data is not None:
                    data = self.run_once(data)
            except KeyboardInterrupt:
                # an interrupt that landed between runs: nothing to stop, keep serving
                continue

    def _takes_in_without_a_run(self, data: RerunData) -> bool:
        """Widget values equal to the current ones that arrived as the last run was ending
        (between its ``run_finished`` and this thread's next wait, the bridge saw a run in
        flight): taken in with an ``ack`` and no run, as values arriving between runs are."""
        if not data.values or data.fragments or self._run == 0 or self.ctx.state.changes_anything(data):
            return False
        outbox = self.ctx.writer.outbox
        outbox.message({"type": protocol.ACK, "widgets": dict(data.wire)})
        outbox.flush()
        return True

    def run_once(self, data: RerunData) -> RerunData | None:
        """One run (of the app, or of the fragments ``data`` names). Returns the data of the
        rerun that cut it short, or None."""
        ctx = self.ctx
        outbox = ctx.writer.outbox
        fragments: list[Fragment] | None = None
        family: set[str] | None = None
        reloaded = self.modules.reload_changed() if self.modules is not None else []
        if data.fragments and (reloaded or self._version != self._full_run_version):
            # the file or a module it imports changed since the functions were defined: the
            # fragment's old code must not run, so this run is of the whole app
            data = dataclasses.replace(data, fragments=(), scoped=False)
        if data.fragments:
            fragments = ctx.fragments.plan(data.fragments) if ctx.roots else []
            if not fragments:
                # a full run no longer draws them (nor their widgets): nothing to run
                outbox.message({"type": protocol.ACK, "widgets": dict(data.wire)})
                outbox.flush()
                return None
            family = ctx.fragments.family(fragments)
        self._run += 1
        ctx.run = self._run
        outbox.set_run(self._run)
        started: dict[str, Any] = {"type": protocol.RUN_STARTED, "run": self._run, "widgets": dict(data.wire)}
        if fragments is not None:
            started["fragments"] = [list(f.path) for f in fragments]
        outbox.message(started)
        # what a fragment run draws on: the last full run's, unless this one gets that far
        kept = (ctx.roots, ctx.dialog_path, ctx.bottom, ctx.dividers)
        if fragments is None:
            ctx.writer.begin_run()
            ctx.frames.begin_run()
            ctx.downloads.begin_run()
            ctx.fragments.begin_run()
            ctx.roots = {root: self._make_root(ctx, root) for root in (protocol.MAIN, protocol.SIDEBAR)}
            ctx.dividers = 0
        else:
            ctx.writer.begin_fragment_run([f.path for f in fragments])
        ctx.stack = []
        ctx.fragment = None
        ctx.fragment_run = fragments is not None
        ctx.fragments_this_run = data.fragments if fragments is not None else ()
        ctx.dialog_opened = False
        if fragments is None:
            ctx.dialog_path = None
        status, following = "complete", None
        token = set_context(ctx)
        try:
            with _no_running_loop():
                self._execute(data, fragments)
        except RerunException as rerun:
            status, following = "rerun", rerun.data
            if isinstance(rerun, CallbackRerun) and fragments is None and following.fragments:
                # a full run replaced by a keyed rerun before its script started: the
                # fragments it reruns are still where the last full run drew them
                ctx.roots, ctx.dialog_path, ctx.bottom, ctx.dividers = kept
        except StopException:
            status = "stopped"
        except KeyboardInterrupt:
            following = ctx.requests.take_pending()
            status = "rerun" if following is not None else "interrupted"
            if following is None:
                self._show_exception(Interrupted("the script was stopped"))
        except SystemExit:
            status = "complete"
        except FragmentHandled:  # a fragment's error, shown in its container already
            status = "error"
        except BaseException as err:  # the app's own error: show it, keep the session
            status = "error"
            self._show_exception(err)
        finally:
            complete = status != "rerun"
            trims = ctx.writer.finish_run() if complete else []
            if status == "rerun":
                ctx.state.carry_unread_triggers()
            # like Streamlit, only a run that reached the end forgets the widgets it did not draw
            # (jr.stop() and an error are premature stops, not a new set of widgets)
            page = ctx.nav.page_id() if ctx.nav is not None else ""
            ctx.state.end_run(status == "complete", cut_short=status == "rerun", fragments=family, page=page)
            if status == "complete":
                unbind_gone_widgets(ctx)
            if fragments is None:
                ctx.frames.end_run(status == "complete")
                ctx.downloads.end_run(status == "complete")
                ctx.fragments.end_run(status == "complete")
            ctx.stack, ctx.fragment, ctx.fragment_run, ctx.fragments_this_run = [], None, False, ()
            ctx.callback = None
            watch = self.modules.report() if self.modules is not None else None
            if watch is not None:
                outbox.message({"type": protocol.WATCH, "files": watch})
            if status != "rerun" and self.before_finish is not None:
                try:
                    self.before_finish()
                except Exception:  # saving state never breaks a run
                    pass
            outbox.message({"type": protocol.RUN_FINISHED, "run": self._run, "status": status, "trims": trims})
            outbox.flush()
            reset_context(token)
        if self._run == 1 and self.after_first_run is not None:
            try:
                self.after_first_run()
            except Exception:
                pass
        return following

    def _execute(self, data: RerunData, fragments: list[Fragment] | None) -> None:
        self._call_callbacks(data, fragments is not None)
        if fragments is not None:
            for frag in fragments:
                frag.redraw()
            return
        self._full_run_version = self._version
        code = self._compiled()
        module = types.ModuleType("__main__")
        module.__file__ = self.filename
        module.__builtins__ = __builtins__  # type: ignore[attr-defined]
        saved = sys.modules.get("__main__")
        sys.modules["__main__"] = module
        # as under `python app.py ARGS` (and `streamlit run app.py -- ARGS`), not the kernel's
        # own command line, which argparse in an app would refuse
        argv, sys.argv = sys.argv, [self.filename, *self.argv]
        stdout = sys.stdout
        if self.filename.endswith(".ipynb"):  # a notebook's print shows in the page, as a cell's output
            sys.stdout = PageOutput(self.ctx.current, stdout)
        try:
            nav = self.ctx.nav
            try:
                if nav is None:
                    exec(code, module.__dict__)
                else:  # a multipage app runs the page the viewer is on (navigation.py)
                    nav.run_app(self.ctx, lambda: exec(code, module.__dict__), self._source[0])
                if self.ctx.pool is not None:  # parallel fragments: the run ends when they have
                    self.ctx.pool.join()
            except BaseException:
                if self.ctx.pool is not None:  # cut, stopped or failed: nothing more of them
                    self.ctx.pool.drain()
                raise
            finally:
                self.ctx.pool = None
                self.ctx.go_plain()  # (unless a fragment's thread still lives)
        finally:
            sys.stdout = stdout
            sys.argv = argv
            if saved is not None:
                sys.modules["__main__"] = saved

    def _call_callbacks(self, data: RerunData, fragment_run: bool) -> None:
        """The interaction's callbacks, every one of them, in order (Streamlit's rules): a
        ``rerun()`` ends only its own callback. Their reruns merged replace this run; a keyed
        one (``rerun("key")``) with a sibling that returned normally or called ``rerun()``
        becomes an app rerun when the interaction's own would have been one."""
        ctx = self.ctx
        asked: list[RerunData] = []
        targeted = default = False
        for wdef in ctx.state.begin_run(data):
            if wdef.on_change is None:  # begin_run returns only widgets that have one
                continue
            ctx.callback = (wdef.fragment_id,)
            try:
                wdef.on_change(*wdef.args, **wdef.kwargs)
            except RerunException as rerun:
                asked.append(rerun.data)
                if rerun.data.fragments:
                    targeted = True
                else:
                    default = True
            else:
                default = True
            finally:
                ctx.callback = None
        if not asked:
            return
        if targeted and default and not fragment_run:
            asked.append(RerunData())
        merged = asked[0]
        for more in asked[1:]:
            merged = merged.merged(more)
        raise CallbackRerun(merged)

    def _compiled(self) -> Any:
        source, error = self._source
        if error is not None:
            self._code = None
            raise SourceError(error)
        # a notebook shows its cells' trailing expressions its own way (server/scripts.py)
        magic = (False, False, False) if self.filename.endswith(".ipynb") else settings()
        digest = hashlib.sha1(source.encode()).hexdigest() + repr(magic)
        if self._code is None or self._code[0] != digest:
            # tracebacks quote the text that runs (a notebook's joined cells), not the file on
            # disk; set before compiling so that a SyntaxError quotes this text, not the last
            linecache.cache[self.filename] = (len(source), None, source.splitlines(True), self.filename)
            self._code = (digest, compile_script(source, self.filename, magic))
        return self._code[1]

    def _show_exception(self, err: BaseException) -> None:
        # check=False: the run is over, a pending rerun must not cut the error short
        # client.showErrorDetails (set_option) decides how much of it the viewer sees
        el = redact_uncaught(exception_element(err, hide_package=_THIS_PACKAGE))
        self.ctx.current()._emit(el, check=False)


@contextlib.contextmanager
def _no_running_loop() -> Iterator[None]:
    """The script's code runs without the kernel's event loop in sight, as on Streamlit's script
    thread, which has none: ``asyncio.run(main())`` and a new loop's ``run_until_complete``
    would otherwise refuse to start inside the running ``execute_request``. That loop waits for
    the run anyway (the script blocks its thread); afterwards it is this thread's running and
    current loop again (``asyncio.run`` leaves no current loop behind)."""
    running = asyncio._get_running_loop()
    if running is None:  # in-process runs: nothing to hide
        yield
        return
    asyncio._set_running_loop(None)
    try:
        yield
    finally:
        asyncio._set_running_loop(running)
        asyncio.set_event_loop(running)
