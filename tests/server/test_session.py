"""App sessions end to end: a real jupyter server, real ipykernels, a real WebSocket."""

from __future__ import annotations

import asyncio
import json
import os
import signal

import pytest

from tests.conftest import wait_for

pytestmark = pytest.mark.timeout(120)


async def test_first_run_draws_the_app(jr_connect):
    app = await jr_connect("counter.py")
    session = await app.hello()
    assert session["resumed"] is False and session["script"] == "counter.py"
    finished = await app.run()
    assert finished["status"] == "complete"
    assert app.has_text("value: 10") and app.has_text("clicks: 0")
    assert app.widget("n")["value"] == 10


async def test_widget_change_reruns_and_sends_only_changed_elements(jr_connect):
    app = await jr_connect("counter.py")
    await app.hello()
    await app.run()
    before = len(app.log)
    await app.set("n", 42)
    await app.run()
    deltas = [m for m in app.log[before:] if m["type"] == "deltas"]
    changed = [item["el"] for m in deltas for item in m["items"]]
    # the slider (its value) and the one text that depends on it; nothing else travels
    assert len(changed) == 2, changed
    assert app.has_text("value: 42")


async def test_button_is_a_trigger_and_session_state_persists(jr_connect):
    app = await jr_connect("counter.py")
    await app.hello()
    await app.run()
    for expected in (1, 2):
        await app.set("inc", True)
        await app.run()
        assert app.has_text(f"clicks: {expected}")
    await app.set("n", 5)  # another widget: the button is False again, the count stays
    await app.run()
    assert app.has_text("clicks: 2")


async def test_two_sessions_are_isolated(jr_connect, jr_sessions):
    one, two = await jr_connect("counter.py"), await jr_connect("counter.py")
    s1, s2 = await one.hello(), await two.hello()
    await one.run()
    await two.run()
    await one.set("n", 77)
    await one.run()
    await two.set("inc", True)
    await two.run()
    assert one.has_text("value: 77") and one.has_text("clicks: 0")
    assert two.has_text("value: 10") and two.has_text("clicks: 1")
    k1 = jr_sessions.get(s1["session_id"]).kernel.kernel_id
    k2 = jr_sessions.get(s2["session_id"]).kernel.kernel_id
    assert k1 != k2
    assert s1["session_id"] != s2["session_id"] and len(s1["session_id"]) >= 20


async def test_change_during_a_run_cuts_it_short(jr_connect):
    app = await jr_connect("slow.py")
    await app.hello()
    await app.run()
    await app.set("n", 1)  # starts a 10 s run
    await app.expect("deltas")
    await app.expect("deltas")  # it is running and streaming
    await app.set("n", 3)
    cut = await app.expect("run_finished")
    assert cut["status"] == "rerun"
    done = await app.run(timeout=5)  # far less than the rest of the 10 s loop
    assert done["status"] == "complete"
    assert app.has_text("done: 3") and not app.has_text("step 5")


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 0, "interrupt_grace": 0.5}}])
async def test_stuck_script_is_interrupted(jr_connect):
    app = await jr_connect("slow.py")
    await app.hello()
    await app.run()
    await app.set("n", 2)  # sleeps 120 s without a yield point
    await app.expect("run_started", run=2)
    await app.set("n", 4)
    cut = await app.expect("run_finished", timeout=20)
    assert cut["status"] == "rerun"
    done = await app.run(timeout=20)
    assert done["status"] == "complete" and app.has_text("done: 4")


async def test_stop_request_ends_the_run(jr_connect):
    app = await jr_connect("slow.py")
    await app.hello()
    await app.run()
    await app.set("n", 1)
    await app.expect("deltas", timeout=10)
    await app.send({"type": "stop"})
    finished = await app.expect("run_finished")
    assert finished["status"] == "stopped"


async def test_exception_shows_and_next_change_recovers(jr_connect):
    app = await jr_connect("fails.py")
    await app.hello()
    await app.run()
    await app.set("n", 3)
    finished = await app.run()
    assert finished["status"] == "error"
    errors = [el for el in app.page.values() if el["kind"] == "exception"]
    assert errors and errors[0]["ename"] == "ValueError" and "three is not allowed" in errors[0]["evalue"]
    assert "fails.py" in errors[0]["traceback"] and "runner.py" not in errors[0]["traceback"]
    assert app.has_text("value: 3")  # the rest of the page stays
    await app.set("n", 4)
    finished = await app.run()
    assert finished["status"] == "complete"
    assert "exception" not in app.kinds() and app.has_text("after the check")


async def test_print_goes_to_the_server_log(jr_connect, jr_sessions, caplog):
    jr_sessions.log.addHandler(caplog.handler)
    app = await jr_connect("counter.py")
    session = await app.hello()
    await app.run()
    await wait_for(lambda: any("printed n=10" in r.getMessage() for r in caplog.records))
    line = next(r.getMessage() for r in caplog.records if "printed n=10" in r.getMessage())
    assert session["session_id"][:8] in line


async def test_notebook_app_runs_its_code_cells(jr_connect):
    app = await jr_connect("notebook_app.ipynb")
    await app.hello()
    finished = await app.run()
    assert finished["status"] == "complete", app.texts()
    assert app.has_text("From a notebook") and app.has_text("double: 4")
    # markdown cells show; a cell ending with an expression shows its rich repr, `;` hides it,
    # None shows nothing
    assert app.has_text("<h1>A notebook app</h1>") and app.has_text("<em>end</em>")
    assert app.has_text("half of x is 1.0") and not app.has_text("2000")
    # and print() shows where it ran, consecutive prints as one output, as in a notebook
    assert [t.strip() for t in app.texts()] == [
        "<h1>A notebook app</h1>",
        "From a notebook",
        "<p>double: 4</p>",
        "<b>half of x is 1.0</b>",
        "printed 2\ntwice\na print returns None: None",
        "<p>The <em>end</em>.</p>",
    ]
    await app.set("x", 5)
    await app.run()
    assert app.has_text("double: 10") and app.has_text("half of x is 2.5") and app.has_text("printed 5\ntwice")
    assert not app.has_text("printed 2")


async def test_reconnect_within_window_resumes_everything(jr_connect, jr_sessions):
    app = await jr_connect("counter.py")
    first = await app.hello()
    await app.run()
    await app.set("n", 33)
    await app.set("inc", True)
    await app.run()
    kernel_id = jr_sessions.get(first["session_id"]).kernel.kernel_id
    app.close()
    await wait_for(lambda: not jr_sessions.get(first["session_id"]).attached)
    again = await jr_connect("counter.py")
    resumed = await again.hello(session_id=first["session_id"], resume_token=first["resume_token"])
    assert resumed["resumed"] is True and resumed["session_id"] == first["session_id"]
    await again.expect("snapshot")
    assert again.has_text("value: 33") and again.has_text("clicks: 1")
    assert jr_sessions.get(first["session_id"]).kernel.kernel_id == kernel_id
    await again.set("inc", True)  # same kernel, same session_state
    await again.run()
    assert again.has_text("clicks: 2")


async def test_resume_needs_the_secret(jr_connect):
    app = await jr_connect("counter.py")
    first = await app.hello()
    await app.run()
    app.close()
    thief = await jr_connect("counter.py")
    got = await thief.hello(session_id=first["session_id"], resume_token="guess" * 8)
    assert got["resumed"] is False and got["session_id"] != first["session_id"]


@pytest.mark.parametrize("jr_config", [{"ReactiveApp": {"pool_size": 0, "reconnect_window": 0.5}}])
async def test_after_the_window_the_kernel_is_reclaimed(jr_connect, jr_sessions, jp_serverapp):
    app = await jr_connect("counter.py")
    first = await app.hello()
    await app.run()
    kernel_id = jr_sessions.get(first["session_id"]).kernel.kernel_id
    app.close()
    await wait_for(lambda: jr_sessions.get(first["session_id"]) is None)
    await wait_for(lambda: kernel_id not in jp_serverapp.kernel_manager)
    again = await jr_connect("counter.py")
    got = await again.hello(session_id=first["session_id"], resume_token=first["resume_token"])
    assert got["resumed"] is False
    await again.run()
    assert again.has_text("value: 10")


async def test_dead_kernel_is_replaced_and_the_page_told(jr_connect, jr_sessions, jp_serverapp):
    app = await jr_connect("counter.py")
    first = await app.hello()
    await app.run()
    await app.set("n", 61)
    await app.run()
    session = jr_sessions.get(first["session_id"])
    km = jp_serverapp.kernel_manager.get_kernel(session.kernel.kernel_id)
    os.kill(km.provisioner.pid, signal.SIGKILL)  # as the OOM killer would (forked or launched)
    notice = await app.expect("notice", timeout=60)
    assert "restarted" in notice["message"]
    finished = await app.run(timeout=60)
    assert finished["status"] == "complete"
    assert app.has_text("value: 61")  # the viewer's widget values survive
    await app.set("n", 62)
    await app.run()
    assert app.has_text("value: 62")


async def test_sessions_api_lists_live_sessions(jr_connect, jp_fetch):
    app = await jr_connect("counter.py")
    session = await app.hello()
    await app.run()
    response = await jp_fetch("reactive", "api", "sessions")
    listed = json.loads(response.body)
    assert [s["id"] for s in listed] == [session["session_id"]]
    assert listed[0]["app"] == "counter.py" and listed[0]["kernel_id"]
    assert "resume_token" not in response.body.decode()


async def test_health(jp_fetch):
    response = await jp_fetch("reactive", "api", "health")
    assert response.code == 200 and json.loads(response.body)["status"] == "ok"


async def test_closing_the_server_shuts_kernels_down(jr_connect, jr_sessions, jp_serverapp):
    app = await jr_connect("counter.py")
    first = await app.hello()
    await app.run()
    kernel_id = jr_sessions.get(first["session_id"]).kernel.kernel_id
    await jr_sessions.close_all()
    assert kernel_id not in jp_serverapp.kernel_manager
    await asyncio.sleep(0)


async def test_resume_while_the_old_socket_looks_alive_takes_it_over(jr_connect):
    """A tab that reconnects before the server saw its old socket die (a half-open TCP
    connection after a network change) gets its session; the stale socket is closed."""
    old = await jr_connect("counter.py")
    first = await old.hello()
    await old.run()
    await old.set("n", 21)
    await old.run()
    new = await jr_connect("counter.py")
    got = await new.hello(session_id=first["session_id"], resume_token=first["resume_token"])
    assert got["resumed"] is True
    await new.expect("snapshot")
    assert new.has_text("value: 21")
    with pytest.raises(ConnectionError):
        while True:
            await old.recv(timeout=10)
    assert old.ws.close_code == 4001
    await new.set("n", 22)
    await new.run()
    assert new.has_text("value: 22")


async def test_unchanged_value_is_acknowledged_without_a_rerun(jr_connect):
    app = await jr_connect("counter.py")
    await app.hello()
    await app.run()
    await app.set("n", 10)  # the slider already shows 10
    ack = await app.expect("ack")
    assert list(ack["widgets"].values()) == [10]
    await app.set("n", 11)  # a real change still reruns, and nothing ran in between
    started = await app.expect("run_started")
    assert started["run"] == 2 and list(started["widgets"].values()) == [11]


async def test_ipython_display_calls_become_elements(jr_connect):
    app = await jr_connect("displays.py")
    await app.hello()
    finished = await app.run()
    assert finished["status"] == "complete", app.texts()
    kinds = app.kinds()
    assert app.has_text("<strong>shown by display()</strong>")
    assert app.has_text("<i>updated</i>") and not app.has_text("<i>first</i>")
    assert kinds.index("markdown") < kinds.index("html") < kinds.index("widget")  # in script order
    assert app.has_text("end")


async def test_rerun_runs_the_file_as_it_is_now(jr_connect, jr_apps):
    # what JupyterLab's "Run as app" panel asks for after a save: the new text, values kept
    app = await jr_connect("counter.py")
    await app.hello()
    await app.run()
    await app.set("n", 42)
    await app.run()
    script = jr_apps / "counter.py"
    script.write_text(script.read_text() + '\njr.write("saved later")\n')
    await app.send({"type": "rerun"})
    assert (await app.run())["status"] == "complete"
    assert app.has_text("saved later") and app.has_text("value: 42")

    # a file that cannot be read now: the run says why, as the app's error (the file's name, not
    # its path); the session goes on
    script.unlink()
    await app.send({"type": "rerun"})
    assert (await app.run())["status"] == "error"
    (error,) = [el for el in app.page.values() if el.get("kind") == "exception"]
    assert error["ename"] == "SourceError" and error["evalue"].startswith("counter.py was deleted or renamed")


async def test_asyncio_run_works_in_a_script_as_in_streamlit(jr_connect, jr_apps):
    # Streamlit runs a script on a thread with no event loop, so `asyncio.run(main())` and a new
    # loop's `run_until_complete` work there; here the script runs inside the kernel's
    # execute_request, whose loop must not be seen by the script, and must run again after it
    (jr_apps / "async_app.py").write_text(
        "import asyncio\n"
        "import jupyter_reactive as jr\n"
        "async def double(x):\n"
        "    await asyncio.sleep(0)\n"
        "    return 2 * x\n"
        "n = jr.number_input('n', value=1)\n"
        "jr.write(f'run: {asyncio.run(double(n))}')\n"
        "loop = asyncio.new_event_loop()\n"
        "jr.write(f'loop: {loop.run_until_complete(double(n + 1))}')\n"
        "loop.close()\n"
    )
    app = await jr_connect("async_app.py")
    await app.hello()
    finished = await app.run()
    assert finished["status"] == "complete", app.texts()
    assert app.has_text("run: 2") and app.has_text("loop: 4")
    await app.set("n", 5)  # the kernel's own loop still serves the session after those runs
    assert (await app.run())["status"] == "complete"
    assert app.has_text("run: 10") and app.has_text("loop: 12")
