"""Fragment runs through a real server and kernel: a fragment's event during a long full run
waits for it (the server does not interrupt that run), and a page that reconnects after fragment
runs gets exactly the page it had; a keyed rerun from a callback replaces the click's run."""

from __future__ import annotations

import pytest

from tests.conftest import wait_for

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 0, "interrupt_grace": 0.5}}])
async def test_a_fragment_event_waits_for_the_full_run_without_interrupting_it(jr_connect):
    app = await jr_connect("fragments_slow.py")
    await app.hello()
    await app.run()
    await app.set("n", 1)  # a full run stuck in one 3 s call
    await app.expect("run_started")
    await app.set("f", 2)  # a fragment's widget: waits, acknowledged at once
    ack = await app.expect("ack")
    assert ack["widgets"] == {}
    full = await app.expect("run_finished")
    assert full["status"] == "complete" and app.has_text("slept") and app.has_text("done: 1")
    started = await app.expect("run_started")
    assert len(started["fragments"]) == 1 and list(started["widgets"].values()) == [2]
    done = await app.run()
    assert done["status"] == "complete" and app.has_text("f: 2") and app.has_text("row 1")
    assert app.has_text("slept")  # the fragment run left the rest of the page alone


async def test_reconnect_after_fragment_runs_gets_the_same_page(jr_connect, jr_sessions):
    app = await jr_connect("fragments_slow.py")
    first = await app.hello()
    await app.run()
    for value in (4, 1):
        await app.set("f", value)
        await app.run()
    assert app.has_text("row 0") and not app.has_text("row 1")
    shown = dict(app.page)
    app.close()
    await wait_for(lambda: not jr_sessions.get(first["session_id"]).attached)
    again = await jr_connect("fragments_slow.py")
    await again.hello(session_id=first["session_id"], resume_token=first["resume_token"])
    await again.expect("snapshot")
    assert again.page == shown


async def test_a_keyed_rerun_from_a_callback_replaces_the_clicks_full_run(jr_connect, jr_sessions):
    app = await jr_connect("fragments_keyed.py")
    first = await app.hello()
    await app.run()
    assert app.has_text("Charts drawn: 1") and app.has_text("Full runs: 1")
    await app.set("Refresh charts", True)
    cut = await app.expect("run_started")
    assert "fragments" not in cut  # the click's own (full) run: its callback replaces it
    assert (await app.expect("run_finished"))["status"] == "rerun"
    keyed = await app.expect("run_started")
    assert len(keyed["fragments"]) == 1
    done = await app.run()
    assert done["status"] == "complete" and done["trims"] == []
    assert app.has_text("Charts drawn: 2") and app.has_text("Full runs: 1")
    await app.set("Rerun all", True)
    await app.run()
    assert app.has_text("Charts drawn: 3") and app.has_text("Full runs: 2")
    shown = dict(app.page)
    app.close()
    await wait_for(lambda: not jr_sessions.get(first["session_id"]).attached)
    again = await jr_connect("fragments_keyed.py")
    await again.hello(session_id=first["session_id"], resume_token=first["resume_token"])
    await again.expect("snapshot")
    assert again.page == shown


async def test_parallel_fragments_through_a_session_and_a_cut_run(jr_connect):
    app = await jr_connect("fragments_parallel.py")
    await app.hello()
    done = await app.run()
    assert done["status"] == "complete"
    assert app.has_text("left: 1 on a parallel thread") and app.has_text("right: 1 on a parallel thread")
    assert app.has_text("tick 0") and app.has_text("Full runs: 1")
    await app.set("left n", 5)  # a fragment rerun: sequential
    await app.run()
    assert app.has_text("left: 5 on the script thread") and app.has_text("right: 1 on a parallel thread")
    # a run whose parallel ticker would go on for 20 s, cut by the next change
    await app.set("hold", 1)
    await app.expect("deltas")
    while not app.has_text("tick 3"):
        await app.expect("deltas")
    await app.set("hold", 0)
    cut = await app.expect("run_finished")
    assert cut["status"] == "rerun"
    after = len(app.log)
    done = await app.run()
    assert done["status"] == "complete" and app.has_text("Full runs: 3")
    late = [
        i["el"].get("html", "")
        for m in app.log[after:]
        if m["type"] == "deltas"
        for i in m["items"]
        if "tick" in i["el"].get("html", "") and "tick 0" not in i["el"].get("html", "")
    ]
    assert late == []  # nothing of the cut run after its end
    assert app.has_text("tick 0") and not app.has_text("tick 4")
    assert app.has_text("left: 5 on a parallel thread")
