"""cache_data shared by sessions: every real computation appends a line to cache_calls.log beside
the app, so a test can count them across kernels (and replicas)."""

import os
import time

import jupyter_reactive as jr

LOG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache_calls.log")


def note(what):
    with open(LOG, "a") as f:
        f.write(f"{what}\n")


@jr.cache_data(show_spinner="Loading the rows")
def load(n, delay):
    note(f"load {n} {delay}")
    time.sleep(delay)
    return {"n": n, "rows": list(range(n))}


@jr.cache_data(ttl=1)
def stamp():
    note("stamp")
    return time.time()


@jr.cache_data(max_entries=2, show_spinner=False)
def square(x):
    note(f"square {x}")
    return x * x


n = jr.number_input("n", 0, 100, 3)
delay = jr.number_input("delay", 0.0, 10.0, 0.0)
data = load(int(n), float(delay))
data["rows"].append("mutated")  # a copy: the cache keeps its own
jr.write(f"rows: {len(data['rows']) - 1}")
jr.write(f"stamp: {stamp():.6f}")
x = jr.number_input("x", 0, 100, 0)
jr.write(f"square: {square(int(x))}")
if jr.button("clear load"):
    load.clear()
if jr.button("clear all"):
    jr.cache_data.clear()
