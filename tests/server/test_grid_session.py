"""Rows of a dataframe through a real session: the page's ``data_request`` goes through the
server to the kernel's subshell and is answered, while the script is still running, by a
``data_page`` the server forwards without keeping it; garbage requests get an ``error``."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.timeout(120)


async def test_data_request_is_answered_during_the_run(jr_connect, jr_sessions):
    app = await jr_connect("grid_small.py")
    await app.hello()
    delta = await app.expect("deltas")
    (el,) = [item["el"] for item in delta["items"] if item["el"]["kind"] == "dataframe"]
    assert el["rows"] == 500 and len(el["first"]["pos"]) == 100
    await app.send({"type": "data_request", "id": el["data_id"], "start": 0, "stop": 3, "sort": [[0, False]], "seq": 5})
    page = await app.expect("data_page")
    assert not any(m["type"] == "run_finished" for m in app.log), "answered only after the run"
    assert page["seq"] == 5 and page["rows"] == 500
    assert page["page"]["cols"] == [[499, 498, 497]]
    assert [(p * 7) % 500 for p in page["page"]["pos"]] == [499, 498, 497]
    # the mirror did not keep it: a snapshot holds elements only
    session = jr_sessions.get(app.session["session_id"])
    assert '"data_page"' not in session.snapshot() and "499, 498" not in session.snapshot()
    await app.send({"type": "data_request", "id": "df-unknown", "start": 0, "stop": 1, "sort": None, "seq": 6})
    gone = await app.expect("data_page", seq=6)
    assert "no longer shown" in gone["error"]
    await app.send({"type": "stop"})
    finished = await app.run()
    assert finished["status"] == "stopped"


async def test_garbage_data_requests_get_an_error_frame(jr_connect):
    app = await jr_connect("grid_small.py")
    await app.hello()
    await app.expect("deltas")  # the run is under way: the stop below ends it
    for bad in (
        {"type": "data_request", "id": "d", "start": 0, "stop": 5000, "sort": None, "seq": 1},
        {"type": "data_request", "id": "d", "start": "0", "stop": 1, "sort": None, "seq": 1},
        {"type": "data_request", "id": "d", "start": 0, "stop": 1, "sort": [[0, "up"]], "seq": 1},
    ):
        await app.send(bad)
        err = await app.expect("error")
        assert err["error"] == "bad_message"
    await app.send({"type": "stop"})
    await app.run()
