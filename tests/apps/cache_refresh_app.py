"""cache_data(refresh_mode="background") shared by sessions: each computation appends a line to
cache_calls.log beside the app (tests/server/test_cache_sessions.py counts them)."""

import os
import threading
import time

import jupyter_reactive as jr

LOG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache_calls.log")


@jr.cache_data(ttl=3, refresh_mode="background", show_spinner=False)
def version():
    with open(LOG, "a") as f:
        f.write(f"version {threading.current_thread().name}\n")
    return time.time()


jr.write(f"version: {version():.6f}")
