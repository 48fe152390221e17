"""The TCP sockets of this process, read from the kernel: which peer each connects to and whether
Nagle's algorithm is off on it (``TCP_NODELAY``), by ``getsockopt`` on the live socket (Linux)."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

ESTABLISHED = "01"


@dataclass(frozen=True)
class TcpSocket:
    fd: int
    local_port: int
    remote_port: int

    def nodelay(self) -> bool:
        """Whether TCP_NODELAY is set on the socket now (a duplicate of its descriptor is read)."""
        sock = socket.socket(fileno=os.dup(self.fd))
        try:
            return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        finally:
            sock.close()


def _connections() -> dict[int, tuple[int, int]]:
    """inode -> (local port, remote port) of this process's established TCP connections."""
    found: dict[int, tuple[int, int]] = {}
    for table in ("/proc/self/net/tcp", "/proc/self/net/tcp6"):
        try:
            with open(table) as f:
                lines = f.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] != ESTABLISHED:
                continue
            local, remote = (int(addr.rpartition(":")[2], 16) for addr in fields[1:3])
            found[int(fields[9])] = (local, remote)
    return found


def tcp_sockets() -> list[TcpSocket]:
    """Every established TCP socket this process holds a descriptor of."""
    connections = _connections()
    out = []
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            continue
        if target.startswith("socket:["):
            ports = connections.get(int(target[8:-1]))
            if ports is not None:
                out.append(TcpSocket(int(name), *ports))
    return out
