"""What keeps an interaction short in the page (issue 16; timings live in benchmarks/, not here):
a run's frames reach the page as one socket message, applied in one task; a key on a slider is
sent in its own event's task, not an animation frame later; a batch that does not decode is
dropped with the page unharmed."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from playwright.async_api import expect

from jupyter_reactive import protocol
from tests.browser.conftest import chromium

pytestmark = pytest.mark.timeout(180)

# every socket message the page receives: the types of the frames it carries
RECORD = r"""
(() => {
  const got = window.__frames = [];
  const head = (buf, at) => {
    const n = new DataView(buf).getUint32(at);
    return [JSON.parse(new TextDecoder().decode(new Uint8Array(buf, at + 4, n))), at + 4 + n];
  };
  const Orig = window.WebSocket;
  function Recorded(...args) {
    const ws = new Orig(...args);
    ws.addEventListener("message", (e) => {
      if (typeof e.data === "string") return got.push([JSON.parse(e.data).type]);
      const [h, end] = head(e.data, 0);
      if (h.type !== "batch") return got.push([h.type]);
      let at = end;
      got.push(h.sizes.map((size) => { const t = head(e.data, at)[0].type; at += size; return t; }));
    });
    return ws;
  }
  Recorded.prototype = Orig.prototype;
  Object.assign(Recorded, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Recorded;
})();
"""


async def _open(page: Any, served: Any) -> None:
    await page.goto(f"{served.url}/")
    await expect(page.get_by_text("value: 25")).to_be_visible()


async def test_a_run_reaches_the_page_as_one_message(jr_hello):
    """The frames of one kernel message arrive as one socket message. A short run is one kernel
    message (run_started, deltas, run_finished); a run that outlasts the kernel's batch interval
    (a loaded machine) is sent in several, so a few moves are tried until one is short."""
    async with chromium() as (page,):
        await page.add_init_script(RECORD)
        await _open(page, jr_hello)
        await page.get_by_role("slider", name="n").focus()
        runs = []
        for value in range(26, 31):
            await page.evaluate("window.__frames.length = 0")
            await page.keyboard.press("ArrowRight")
            await expect(page.get_by_text(f"value: {value}")).to_be_visible()
            messages = await page.evaluate("window.__frames")
            runs.append(messages)
            if any(m[0] == "run_started" and m[-1] == "run_finished" and "deltas" in m for m in messages):
                break
        else:
            raise AssertionError(f"no run arrived in one message: {runs}")


SEND_NOW = """(el) => {
  const sent = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) { sent.push(JSON.parse(data)); return send.call(this, data); };
  try {
    el.value = String(el.valueAsNumber + 1);
    el.dispatchEvent(new Event("input", {bubbles: true}));
  } finally {
    WebSocket.prototype.send = send;
  }
  return sent;
}"""

DRAG = """async (el) => {
  const sent = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) { sent.push(JSON.parse(data)); return send.call(this, data); };
  try {
    el.dispatchEvent(new PointerEvent("pointerdown", {bubbles: true}));
    for (let k = 0; k < 3; k++) {
      el.value = String(el.valueAsNumber + 1);
      el.dispatchEvent(new Event("input", {bubbles: true}));
    }
    const during = sent.length;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return [during, sent];
  } finally {
    WebSocket.prototype.send = send;
    el.dispatchEvent(new PointerEvent("pointerup", {bubbles: true}));
  }
}"""


async def test_a_key_on_a_slider_is_sent_at_once_and_a_drag_once_per_frame(jr_hello):
    async with chromium() as (page,):
        await _open(page, jr_hello)
        slider = page.get_by_role("slider", name="n")
        # a key (or any change but a drag): sent within the input event itself
        sent = await slider.evaluate(SEND_NOW)
        assert [m["type"] for m in sent] == ["widget_values"], sent
        assert list(sent[0]["values"].values()) == [26]
        await expect(page.get_by_text("value: 26")).to_be_visible()
        # a drag: nothing while the thumb moves within a frame, then its last value once
        during, sent = await slider.evaluate(DRAG)
        assert during == 0
        assert [list(m["values"].values()) for m in sent] == [[29]], sent
        await expect(page.get_by_text("value: 29")).to_be_visible()


# every attribute write until `target` is in the DOM (the same task applies the whole frame)
WATCH_WRITES = """(target) => {
  const seen = window.__writes = {records: [], done: false};
  const mo = new MutationObserver((records) => {
    if (seen.done) return;
    seen.records.push(...records);
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) if (n.nodeValue.trim() === target) seen.done = true;
  });
  mo.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true, attributeOldValue: true});
  // attributes written that end as they started: set to the value they had, or removed and
  // put back (a class toggled off and on, a style property removed and set again)
  seen.unchanged = () => {
    const first = new Map();
    for (const r of seen.records.filter((r) => r.type === "attributes")) {
      if (!first.has(r.target)) first.set(r.target, new Map());
      const attrs = first.get(r.target);
      if (!attrs.has(r.attributeName)) attrs.set(r.attributeName, r.oldValue);
    }
    const out = [];
    for (const [el, attrs] of first) for (const [name, old] of attrs) {
      if (el.getAttribute(name) === old) out.push(`${el.tagName.toLowerCase()}.${el.className} ${name}=${old}`);
    }
    return out;
  };
}"""


async def _interact(page: Any, how: str) -> str:
    """One interaction of hello.py; returns the text it shows."""
    if how == "click":
        await page.get_by_role("button", name="inc", exact=True).click()
        return "clicks: 1"
    if how == "slider":
        await page.get_by_role("slider", name="n").focus()
        await page.keyboard.press("ArrowRight")
        return "value: 26"
    # the select box's list is open already (its opening is no run's write): the option's click
    await page.get_by_role("option", name="chocolate", exact=True).click()
    return "One small chocolate, coming up."


@pytest.mark.parametrize("how", ["click", "slider", "select"])
async def test_an_interaction_rewrites_no_attribute_it_does_not_change(jr_hello, how):
    """A run that changes one widget and one text leaves every other attribute as it was, and
    writes none that ends as it started: a class removed that was not there (the run's "no
    longer stale" mark on each element above the change), the sizing classes and properties
    taken off and put back on every updated element, a slider's bounds and its help's
    ``hidden`` set to what they were — each a DOM mutation and a style invalidation."""
    targets = {"click": "clicks: 1", "slider": "value: 26", "select": "One small chocolate, coming up."}
    async with chromium() as (page,):
        await _open(page, jr_hello)
        await expect(page.get_by_text("clicks: 0")).to_be_visible()
        if how == "select":
            await page.get_by_role("combobox", name="flavour").click()  # opens its list
        await page.evaluate(WATCH_WRITES, targets[how])
        shown = await _interact(page, how)
        await expect(page.get_by_text(shown, exact=True)).to_be_visible()
        assert await page.evaluate("window.__writes.done")
        assert await page.evaluate("window.__writes.unchanged()") == []


@pytest.mark.parametrize(
    "bad",
    [
        protocol.encode_frame({"type": "batch", "sizes": [5, 5]}, b"abc"),  # sizes past the payload
        protocol.encode_frame({"type": "batch", "sizes": "3"}, b"abc"),
        protocol.encode_frame({"type": "batch", "sizes": [-1, 4]}, b"abc"),
        protocol.encode_frame({"type": "batch"}, b""),
        # a frame inside that does not decode, and a batch inside a batch: skipped, the rest shown
        protocol.encode_batch(
            [
                b"\x00\x00\x00\x09not json!",
                protocol.encode_batch([protocol.encode_frame(protocol.notice_header("info", "nested"))]),
                protocol.encode_frame(protocol.notice_header("info", "still here")),
            ]
        ),
    ],
)
async def test_a_batch_that_does_not_decode_is_dropped_and_the_page_keeps_working(jr_hello, bad):
    async with chromium() as (page,):
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        sockets: list[Any] = []

        def route(ws: Any) -> None:
            ws.connect_to_server()  # pass everything through; keep the route to inject
            sockets.append(ws)

        await page.route_web_socket(re.compile(r".*/reactive/ws/.*"), route)
        await _open(page, jr_hello)
        sockets[-1].send(bad)
        if b"still here" in bad:
            await expect(page.get_by_text("still here")).to_be_visible()
            await expect(page.get_by_text("nested")).to_have_count(0)
        else:
            await asyncio.sleep(0.3)
        await page.get_by_role("slider", name="n").focus()
        await page.keyboard.press("ArrowRight")
        await expect(page.get_by_text("value: 26")).to_be_visible()
        assert errors == []


# every attribute written on the page's chrome (the app's classes, the running indicator, the
# header's controls, the sidebar and its toggle), even one set to the value it had
WATCH_RUNNING = """() => {
  const seen = window.__runningChanges = [];
  const app = document.querySelector(".jr-app");
  const record = (records) => seen.push(...records.map((r) => `${r.target.className}: ${r.attributeName}`));
  new MutationObserver(record).observe(app, {attributes: true, attributeFilter: ["class"]});
  for (const el of document.querySelectorAll(".jr-header, .jr-sb-toggle, #jr-sidebar")) {
    new MutationObserver(record).observe(el, {attributes: true, subtree: !el.matches("#jr-sidebar")});
  }
}"""


async def test_a_run_that_ends_in_the_message_that_started_it_leaves_the_chrome_alone(jr_hello):
    """One render per run: the running indicator is not shown and hidden again within one task,
    and nothing else of the chrome is rewritten (the page is restyled only for what the run
    changed)."""
    async with chromium() as (page,):
        await _open(page, jr_hello)
        await page.evaluate(WATCH_RUNNING)
        await page.get_by_role("slider", name="n").focus()
        await page.keyboard.press("ArrowRight")
        await expect(page.get_by_text("value: 26")).to_be_visible()
        assert await page.evaluate("window.__runningChanges") == []
