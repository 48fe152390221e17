"""Kernel faults: whatever the script does to its own kernel, its page says so, the session
recovers on the next widget change, and another session never notices."""

from __future__ import annotations

from typing import Any

import pytest

from tests.adversarial.conftest import Tab, open_tab

pytestmark = pytest.mark.timeout(180)

FAULT_INDEX = {
    f: i for i, f in enumerate(["none", "exception", "exit", "os_exit", "segfault", "loop", "memory", "print"])
}


async def _faults(server: Any) -> Tab:
    tab = await open_tab(server, "faults.py")
    await tab.run(60)
    assert tab.has_text("the end")
    return tab


async def _choose(tab: Tab, fault: str) -> None:
    await tab.send({"type": "widget_values", "values": {tab.widget("fault")["id"]: FAULT_INDEX[fault]}})


async def _recovers(tab: Tab, n: int) -> None:
    """Back to no fault, and a widget change runs the app to its end."""
    if tab.widget("fault")["value"] != FAULT_INDEX["none"]:
        await _choose(tab, "none")
        await tab.run(60)
    await tab.send({"type": "widget_values", "values": {tab.widget("n")["id"]: n}})
    await tab.run(60)
    assert tab.has_text(f"fault=none n={n}") and tab.has_text("the end")


async def _bystander_unharmed(server: Any, bystander: Tab) -> None:
    await bystander.set("n", 77)
    await bystander.run(60)
    assert bystander.has_text("value: 77")


async def _bystander(server: Any) -> Tab:
    """Another viewer's session, open while the fault happens."""
    tab = await open_tab(server, "counter.py")
    await tab.run(60)
    return tab


def _exception_text(tab: Tab) -> str:
    found = [el for el in tab.page.values() if el.get("kind") == "exception"]
    return str(found[0]) if found else ""


async def test_an_exception_shows_and_the_next_change_recovers(server):
    bystander = await _bystander(server)
    tab = await _faults(server)
    await _choose(tab, "exception")
    finished = await tab.run(60)
    assert finished["status"] == "error" and "boom from the app" in _exception_text(tab)
    assert not tab.has_text("the end")
    await _recovers(tab, 1)
    await _bystander_unharmed(server, bystander)


async def test_sys_exit_ends_the_run_not_the_kernel(server):
    bystander = await _bystander(server)
    tab = await _faults(server)
    await _choose(tab, "exit")
    finished = await tab.run(60)
    assert finished["status"] in ("complete", "stopped") and not tab.has_text("the end")
    await _recovers(tab, 2)
    await _bystander_unharmed(server, bystander)


@pytest.mark.parametrize("fault", ["os_exit", "segfault"])
async def test_a_dying_kernel_is_replaced_once_with_a_notice_and_no_crash_loop(server, fault):
    bystander = await _bystander(server)
    tab = await _faults(server)
    await _choose(tab, fault)
    notice = await tab.expect("notice", 60)
    assert "kernel stopped unexpectedly" in notice["message"] and "last values that worked" in notice["message"]
    # the value that killed it is not replayed into the new kernel: the last run that finished's are
    await tab.run(60)
    assert tab.has_text("fault=none n=0") and tab.has_text("the end")
    await _recovers(tab, 3)
    await _bystander_unharmed(server, bystander)


async def test_an_infinite_loop_is_interrupted_by_the_next_change(server):
    bystander = await _bystander(server)
    tab = await _faults(server)
    await _choose(tab, "loop")
    await tab.expect("run_started", 60)
    while not tab.has_text("fault=loop"):  # the line before the loop is on the page: it spins
        await tab.recv(60)
    await tab.send({"type": "widget_values", "values": {tab.widget("fault")["id"]: FAULT_INDEX["none"]}})
    # interrupt_grace is 1 s here: the loop is interrupted and the new value runs
    await tab.run(60)
    assert tab.has_text("fault=none") and tab.has_text("the end")
    await _bystander_unharmed(server, bystander)


async def test_unbounded_memory_hits_the_kernel_memory_limit_as_an_error(server):
    bystander = await _bystander(server)
    tab = await _faults(server)
    await _choose(tab, "memory")
    finished = await tab.run(120)
    assert finished["status"] == "error" and "MemoryError" in _exception_text(tab)
    await _recovers(tab, 4)
    await _bystander_unharmed(server, bystander)


async def test_fifty_megabytes_of_print_do_not_stop_the_app(server):
    bystander = await _bystander(server)
    tab = await _faults(server)
    await _choose(tab, "print")
    finished = await tab.run(120)
    assert finished["status"] == "complete" and tab.has_text("the end")
    await _recovers(tab, 5)
    await _bystander_unharmed(server, bystander)


async def test_a_kernel_that_always_dies_ends_the_session_instead_of_looping(server):
    bystander = await _bystander(server)
    tab = await open_tab(server, "dies.py")
    notices = []
    with pytest.raises(ConnectionError) as closed:
        while True:
            msg = await tab.recv(60)
            if msg["type"] == "notice":
                notices.append(msg["message"])
    assert "4003" in str(closed.value)  # final: the page does not reconnect into the same loop
    assert len(notices) == 3, notices  # restarted once with the last good values, once with defaults
    assert "last values that worked" in notices[0] and "default values" in notices[1]
    assert "keeps stopping" in notices[2]
    await _bystander_unharmed(server, bystander)
