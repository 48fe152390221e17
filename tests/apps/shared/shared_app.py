"""Shows the fork server's table and this kernel's pid."""

import os

import shared_table

import jupyter_reactive as jr

t = shared_table.table()
jr.write(f"table: {len(t)} bytes, pid {os.getpid()}")
