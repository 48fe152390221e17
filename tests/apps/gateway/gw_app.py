import os
import time
from pathlib import Path

import gw_helper  # a module beside the app: it must reach a kernel on a gateway
from ipykernel.connect import get_connection_file

import jupyter_reactive as jr

jr.title("Gateway app")
jr.text("kernel " + Path(get_connection_file()).stem.removeprefix("kernel-"))
jr.text(f"working in an unpacked copy: {Path.cwd().name.startswith('jr-app-')}")
jr.text(gw_helper.GREETING)
jr.text("data: " + Path("gw_data.csv").read_text().splitlines()[1])
jr.image(Path("gw_dot.png").read_bytes(), caption="dot")
n = jr.slider("n", 0, 100, 3)
jr.text(f"n squared is {n * n}")
mode = jr.radio("mode", ["fine", "stuck"])
if mode == "stuck":
    time.sleep(600)  # never yields: only the kernel's interrupt ends it
if jr.button("crash"):
    os._exit(1)  # the kernel process dies on the gateway
jr.text(f"done: {n} {mode}")
