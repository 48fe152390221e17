"""A cache_resource built once in the fork server (``--ReactiveApp.preload=["shared_table"]``):
every build appends the building process's pid to built.log beside this file."""

import os

import jupyter_reactive as jr

SIZE = 64 * 1024 * 1024


@jr.cache_resource(fork_server=True)
def table():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "built.log"), "a") as f:
        f.write(f"{os.getpid()}\n")
    return bytes(bytearray(b"t") * SIZE)  # written: resident in the process that builds it
