"""Talking to a fork server: the only part of this package the jupyter server imports.

Runs in the jupyter server process (:mod:`jupyter_reactive.server.forking`, on worker threads:
every call blocks) and in a forked kernel (the report of the code it ran, on a thread of its
own). Starting, locating and stopping fork server processes is the provisioner's business; this
module holds what both ends agree on: how to make one request (:func:`request`), the prefix of
the private folder that holds a fork server's socket, and which command lines are kernels it can
fork (:func:`kernel_args`). Stdlib only.
"""

from __future__ import annotations

import re
import socket
from typing import Any

from .wire import CONTROL, FORK, close_all, recv_message, send_message

KERNEL_MODULES = ("ipykernel_launcher", "ipykernel")
SOCKET_DIR_PREFIX = "jr-forkserver-"  # the private folder the caller makes for the socket
# in a kernel's start environment: the app's modules for its fork server to import before forking
# it (space-separated); the provisioner takes it out of the kernel's environment
APP_IMPORTS_ENV = "JUPYTER_REACTIVE_APP_IMPORTS"
MODULE = "jupyter_reactive.forkserver"  # what the caller runs: ``python -m jupyter_reactive.forkserver``


def request(
    path: str, message: dict[str, Any], fds: list[int] | tuple[int, ...] = (), timeout: float = 30.0
) -> dict[str, Any]:
    """Client side: one request to the fork server at ``path`` and its reply (not checked)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(path)
        sock.sendall(FORK if message.get("op") == "fork" else CONTROL)
        send_message(sock, message, fds)
        reply, extra = recv_message(sock)
    close_all(extra)
    return reply


_MODULE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


def valid_module_name(name: str) -> bool:
    return bool(_MODULE_NAME.fullmatch(name)) and len(name) <= 200


def module_names(values: list[str] | tuple[str, ...]) -> list[str]:
    """Modules named on a command line, in any of the forms people write: repeated
    (``--X.preload=numpy --X.preload=PIL.Image``), a comma list (``numpy,pandas``) or a Python
    list that lost its quotes to the shell (``["pandas"]`` arrives as ``[pandas]``). Raises
    ValueError naming the first item that is not a module name."""
    out: list[str] = []
    for value in values:
        for part in str(value).strip().strip("[]").split(","):
            name = part.strip().strip("'\"").strip()
            if not name:
                continue
            if not valid_module_name(name):
                raise ValueError(f"{part.strip()!r} is not a module name")
            out.append(name)
    return list(dict.fromkeys(out))


def kernel_args(argv: list[str]) -> list[str] | None:
    """The kernel application's arguments in ``python [opts] -m ipykernel_launcher ARGS``."""
    for i, arg in enumerate(argv[1:], 1):
        if arg == "-m":
            if i + 1 < len(argv) and argv[i + 1] in KERNEL_MODULES:
                return argv[i + 2 :]
            return None
    return None
