"""Fragments and dialogs, for the browser tests: a counter of full runs outside a fragment,
a fragment with its own widgets, a run_every ticker behind a toggle, two dialogs."""

import time

import jupyter_reactive as jr

state = jr.session_state
state.setdefault("full_runs", 0)
state.full_runs += 1
jr.write(f"Full runs: {state.full_runs}")


@jr.fragment
def counter():
    if jr.button("Fragment click"):
        state.clicks = state.get("clicks", 0) + 1
    jr.write(f"Fragment clicks: {state.get('clicks', 0)}")
    name = jr.text_input("Name inside")
    jr.write(f"Hello {name or 'nobody'}")


counter()


@jr.fragment
def slow():
    if jr.button("Slow fragment"):
        time.sleep(2)  # long enough for the page to dim what this run has not redrawn yet
    jr.write("Inside slow")


slow()


@jr.fragment(run_every="300ms")
def ticker():
    state.ticks = state.get("ticks", 0) + 1
    jr.write(f"Ticks: {state.ticks}")


if jr.toggle("Tick"):
    ticker()


@jr.dialog("Cast your vote")
def vote(item):
    jr.write(f"Why is {item} your favorite?")
    reason = jr.text_input("Because...")
    if jr.button("Submit"):
        state.vote = {"item": item, "reason": reason}
        jr.rerun()


if "vote" not in state:
    if jr.button("Vote for A"):
        vote("A")
else:
    jr.write(f"You voted for {state.vote['item']} because {state.vote['reason']}")


def dismissed():
    state.dismissals = state.get("dismissals", 0) + 1


@jr.dialog("Settings", width="medium", on_dismiss=dismissed)
def settings():
    jr.checkbox("Dark mode")
    jr.write(f"Dismissed {state.get('dismissals', 0)} times")


if jr.button("Open settings"):
    settings()
jr.write(f"Dismissals: {state.get('dismissals', 0)}")
jr.button("Full rerun")
