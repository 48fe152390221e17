"""Parallel fragments (Streamlit 1.67's ``parallel=True``): two cards drawn on threads of their
own during full runs, and one that ticks until the run is cut."""

import threading
import time

import jupyter_reactive as jr

jr.session_state.setdefault("full", 0)
jr.session_state.full += 1


@jr.fragment(parallel=True)
def card(name):
    n = jr.slider(f"{name} n", 0, 9, 1)
    on = "a parallel thread" if threading.current_thread() is not threading.main_thread() else "the script thread"
    jr.write(f"{name}: {n} on {on}")


@jr.fragment(parallel=True)
def ticker(hold):
    tick = jr.empty()
    for i in range(400 if hold else 1):
        tick.write(f"tick {i}")
        time.sleep(0.05)


jr.title("Parallel cards")
left, right = jr.columns(2)
with left:
    card("left")
with right:
    card("right")
hold = jr.slider("hold", 0, 1, 0)
ticker(hold)
jr.write(f"Full runs: {jr.session_state.full}")
