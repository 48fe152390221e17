"""Fork server ("zygote") for kernels: import ipykernel once, fork it per kernel.

A process of its own (``python -m jupyter_reactive.forkserver``), started by the jupyter server's
kernel provisioner (:class:`jupyter_reactive.server.forking.ForkingProvisioner`), that has
ipykernel, IPython and jupyter_reactive's kernel side imported and forks a kernel per request, so
that kernels share those imports' memory copy-on-write and start in a fraction of the time.

* :mod:`.client` — what the jupyter server (and a kernel reporting to its fork server) imports:
  one request and its reply, which command lines can be forked. The only module outside this
  package's own process that the server side may import (with :mod:`.wire`, which it uses).
* :mod:`.wire` — the framed messages and file descriptors on the socket, and the requests.
* :mod:`.server` — the process's start (``main``), its request loop, signals, reaping.
* :mod:`.child` — what a forked child does to become a kernel.
* :mod:`.prepared` — ipykernel's application and IPython's shell made ahead, for every kernel.
* :mod:`.memory` — preloading, warm caches, heap holes, the module walk answered ahead, fork
  safety checks.
* :mod:`.hotcode` — packing the code the first kernel ran, and the modules kernels' first runs
  imported, reported by the kernels (also imported by the kernel side).
* :mod:`.internals` — the private ipykernel / IPython names the above rely on, and the tested
  versions.

This package imports nothing from the server side, tornado, jupyter_server or jupyter_client
(import contracts in setup.cfg), and this file imports nothing at all: importing
:mod:`.client` in the jupyter server, or :mod:`.hotcode` in a kernel, loads only that module.
"""
