"""cache_data(refresh_mode="background") and an async def cached function shared by sessions: each computation appends a line to
cache_calls.log beside the app (tests/server/test_cache_sessions.py counts them)."""

import asyncio
import os
import threading
import time

import jupyter_reactive as jr

LOG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache_calls.log")


def note(what):
    with open(LOG, "a") as f:
        f.write(f"{what}\n")


@jr.cache_data(ttl=3, refresh_mode="background", show_spinner=False)
def version():
    note(f"version {threading.current_thread().name}")
    return time.time()


jr.write(f"version: {version():.6f}")


@jr.cache_data(show_spinner=False)
async def twice(x):
    await asyncio.to_thread(note, f"twice {x}")
    return x * 2


jr.write(f"twice: {asyncio.run(twice(21))}")
