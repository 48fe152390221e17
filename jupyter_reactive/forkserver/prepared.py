"""A kernel prepared ahead: ipykernel's application and IPython's shell, made in the fork server.

:class:`PreparedKernel` is made (``prepare``) in the fork server process before its first fork,
on its only thread, and used (``unfit``, ``adopt``, ``initializing``) in each forked child while
it becomes a kernel, on the child's main thread before the kernel starts its own threads. The
private ipykernel, IPython and traitlets names it relies on are listed, with why, in
:mod:`.internals`; the fork server prepares nothing when they are not what was tested.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

# Most of a forked kernel's private memory is pages it copies by running code: CPython 3.11
# writes the reference count of every object that running code touches. The fork server
# therefore does ahead, once, the part of ipykernel's start that depends only on the kernel's
# command line, environment and configuration files: the ``IPKernelApp`` object with its
# command line parsed and its IPython configuration loaded, and the ``ZMQInteractiveShell``
# (about 3 MB less per kernel). Each kernel then checks that its own command line (but for the
# connection file), environment and configuration files are those the fork server prepared
# with; if anything differs it discards the prepared objects and starts from scratch, as a
# launched kernel does. What depends on the kernel's connection (sockets, streams, threads, the
# kernel object) is always made in the kernel.

PLACEHOLDER = "{connection_file}"
CONFIG_NAMES = ("ipython_config", "ipython_kernel_config")


def _connection_file_at(args: list[str]) -> int | None:
    """Index of the connection file's value in ``args`` (``-f PATH``), or None."""
    for i, arg in enumerate(args):
        if arg in ("-f", "--f") and i + 1 < len(args):
            return i + 1
    return None


def _template(args: list[str]) -> tuple[str, ...] | None:
    at = _connection_file_at(args)
    if at is None:
        return None
    return (*args[:at], PLACEHOLDER, *args[at + 1 :])


def _comparable_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("JPY_")}


class PreparedKernel:
    """The kernel application and IPython shell made ahead in the fork server."""

    def __init__(self) -> None:
        self.template: tuple[str, ...] | None = None
        self.app: Any = None
        self.shell: Any = None
        self.environment: dict[str, str] = {}
        self.config_files: tuple[Any, ...] = ()
        self.why_not = "not prepared"

    # -- in the fork server --

    def prepare(self, args: list[str]) -> str:
        """Make the application and shell for a kernel started with ``args``; returns "" or
        why not. Never raises: a kernel that cannot be prepared is started from scratch."""
        template = _template(args)
        if template is None:
            self.why_not = "no -f connection file in the kernel's command line"
            return self.why_not
        try:
            self.why_not = self._prepare(template)
        except (Exception, SystemExit) as err:
            self.why_not = f"{type(err).__name__}: {err}"  # kernel reports it when it parses it itself)
        if self.why_not:
            self.discard()
        return self.why_not

    def _prepare(self, template: tuple[str, ...]) -> str:
        import atexit
        import copy

        from ipykernel.ipkernel import IPythonKernel
        from ipykernel.kernelapp import IPKernelApp

        environment = _comparable_environment()  # before the shell sets TERM, PAGER...
        app = IPKernelApp.instance()
        self.app = app
        app.parse_command_line(list(template))  # what BaseIPythonApplication.initialize does
        if app.subapp is not None:
            return "a subcommand"
        cl_config = copy.deepcopy(app.config)
        app.init_profile_dir()
        app.init_config_files()
        app.load_config_file()
        app.update_config(cl_config)
        if os.getcwd() in app.config_file_paths:
            return "IPython reads configuration from the working directory"
        if app.kernel_class is not IPythonKernel or (
            "IPythonKernel" in app.config
            and any(k in app.config.IPythonKernel for k in ("shell_class", "compiler_class", "user_module", "user_ns"))
        ):
            return "another kernel or shell class is configured"
        from IPython.core.history import HistoryManager

        history = app.config.get("HistoryManager", {}).get("enabled", True)
        if isinstance(history, str):  # from the command line: parsed by the trait that reads it
            history = HistoryManager.class_traits()["enabled"].from_string(history)
        if history is not False:
            return "IPython history is on (it starts a thread with the shell)"
        kernel_traits = IPythonKernel.class_traits()
        shell_class = kernel_traits["shell_class"].default_value
        compiler_class = kernel_traits["compiler_class"].default_value
        shell = shell_class.instance(
            parent=app,
            profile_dir=app.profile_dir,
            user_module=None,
            user_ns=None,
            kernel=None,
            compiler_class=compiler_class,
        )
        atexit.unregister(shell.atexit_operations)  # the kernel's, not the fork server's: see adopt
        self.shell = shell
        self.template = template
        self.environment = environment
        self.config_files = self._config_files()
        return ""

    def _config_files(self) -> tuple[Any, ...]:
        """The configuration files the kernel would read, as (path, mtime_ns, size) or (path,)."""
        app = self.app
        names = {*CONFIG_NAMES, app.config_file_name}
        paths = [
            os.path.join(d, n + ext) for d in app.config_file_paths for n in sorted(names) for ext in (".py", ".json")
        ]
        if app.extra_config_file:
            paths.append(app.extra_config_file)
        out: list[Any] = []
        for path in paths:
            try:
                st = os.stat(path)
                out.append((path, st.st_mtime_ns, st.st_size))
            except OSError:
                out.append((path,))
        return tuple(out)

    def info(self) -> dict[str, Any]:
        return {"prepared": self.shell is not None, "unprepared": self.why_not}

    # -- in the kernel --

    def unfit(self, args: list[str]) -> str:
        """ "" if this kernel can use what was prepared, else why not (its command line, its
        environment or a configuration file differs from the fork server's)."""
        if self.shell is None:
            return self.why_not
        if _template(args) != self.template:
            return "the kernel's command line differs from the one prepared for"
        if _comparable_environment() != self.environment:
            return "the kernel's environment differs from the fork server's"
        if self._config_files() != self.config_files:
            return "an IPython configuration file changed"
        return ""

    def adopt(self, args: list[str], parent_handle: int) -> Any:
        """The prepared application, made this kernel's."""
        app = self.app
        at = _connection_file_at(args)
        assert at is not None
        app.parent_handle = parent_handle
        app.connection_file = args[at]
        for section in app.config.values():  # where the command line put the placeholder
            if hasattr(section, "items"):
                for key, value in list(section.items()):
                    if value == PLACEHOLDER:
                        section[key] = args[at]
        return app

    def discard(self) -> None:
        """Forget the prepared objects (in a kernel that does not fit them, before it starts)."""
        if self.app is not None:
            from ipykernel.kernelapp import IPKernelApp
            from ipykernel.zmqshell import ZMQInteractiveShell

            IPKernelApp.clear_instance()
            ZMQInteractiveShell.clear_instance()
        self.app = self.shell = None

    @contextlib.contextmanager
    def initializing(self, prepared: bool) -> Any:
        """While ``IPKernelApp.initialize`` runs in a kernel that uses the prepared objects: its
        command line and configuration are loaded already (``BaseIPythonApplication.initialize``
        does only what is left: the crash handler), and ``IPythonKernel`` gets the prepared shell,
        given the kernel and what it was built without (this process's directory, environment,
        standard streams)."""
        if not prepared:
            yield
            return
        import atexit

        from IPython.core.application import BaseIPythonApplication
        from traitlets.config.configurable import SingletonConfigurable

        shell = self.shell
        shell_class = type(shell)
        configure = BaseIPythonApplication.initialize
        make_shell = shell_class.__dict__.get("instance")

        def configured(app: Any, argv: Any = None) -> None:
            app.init_crash_handler()

        def instance(cls: Any, *args: Any, **kwargs: Any) -> Any:
            kernel = kwargs.get("kernel")
            profile_dir = kwargs.get("profile_dir")
            if (
                args
                or kwargs.get("user_module") is not None
                or kwargs.get("user_ns") is not None
                or kwargs.get("compiler_class") is not type(shell.compile)
                or getattr(profile_dir, "location", None) != shell.profile_dir.location
            ):
                shell_class.clear_instance()  # not what was prepared: a fresh one, as usual
                return SingletonConfigurable.instance.__func__(cls, *args, **kwargs)  # type: ignore[attr-defined]
            shell.parent = kwargs.get("parent", kernel)
            shell.kernel = kernel
            shell.profile_dir = profile_dir
            shell.starting_dir = os.getcwd()
            history = shell.history_manager.dir_hist  # [Path.cwd()] at the shell's start
            history[:] = [type(d)(os.getcwd()) for d in history[:1]] or [os.getcwd()]
            shell.init_environment()  # TERM, PAGER... on top of this kernel's environment
            shell.save_sys_module_state()  # the kernel's streams, set up just before
            atexit.register(shell.atexit_operations)
            return shell

        BaseIPythonApplication.initialize = configured  # type: ignore[method-assign]
        shell_class.instance = classmethod(instance)
        try:
            yield
        finally:
            BaseIPythonApplication.initialize = configure  # type: ignore[method-assign]
            if make_shell is None:
                del shell_class.instance
            else:
                shell_class.instance = make_shell


PREPARED = PreparedKernel()  # the one the fork server prepares and its children use
