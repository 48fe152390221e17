"""The framework-free floor: one Tornado process, an inline page, one WebSocket per tab, the
session's state in a dict, no kernel. It implements the benchmark app's semantics with the least
machinery possible, so every other system can be read as "so many times the floor".

    python benchmarks/apps/floor_server.py --port=8000 [--slow]

``--slow`` is the mid-run variant: each run takes 2 s (20 steps of 0.1 s, each writing progress
text) and a newer slider value cancels the run in flight, as a reactive framework would.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import struct
import zlib

import tornado.ioloop
import tornado.web
import tornado.websocket

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench</title></head><body>
<h1>Bench</h1>
<label>value <input id="value" type="range" min="0" max="100" value="0"></label>
<p id="progress-text"></p>
<p id="value-text"></p>
<div id="fast">
<button id="inc">inc</button>
<p id="clicks-text"></p>
<label><input id="flag" type="checkbox"> flag</label>
<p id="flag-text"></p>
<label>name <input id="name" type="text"></label>
<p id="name-text"></p>
<label>choice <select id="choice">OPTIONS</select></label>
<p id="choice-text"></p>
<label><input id="show" type="checkbox"> show image</label>
<div id="image"></div>
<label>upload <input id="upload" type="file"></label>
<p id="size-text"></p>
</div>
<script>
const ws = new WebSocket(`ws://${location.host}/ws`);
const send = (m) => ws.send(JSON.stringify(m));
let sid = null;
ws.onmessage = (e) => {
  const m = JSON.parse(e.data);
  if (m.sid) sid = m.sid;
  if (m.slow) document.getElementById("fast").remove();
  for (const [k, t] of Object.entries(m.texts || {})) document.getElementById(k + "-text").textContent = t;
  if ("image" in m) {
    const box = document.getElementById("image");
    box.replaceChildren();
    if (m.image) { const img = new Image(); img.alt = "noise"; img.src = m.image; box.append(img); }
  }
};
const on = (id, type, f) => { const el = document.getElementById(id); if (el) el.addEventListener(type, f); };
on("value", "input", (e) => send({set: "value", v: +e.target.value}));
on("inc", "click", () => send({set: "inc"}));
on("flag", "change", (e) => send({set: "flag", v: e.target.checked}));
on("name", "input", (e) => send({set: "name", v: e.target.value}));
on("choice", "change", (e) => send({set: "choice", v: e.target.value}));
on("show", "change", (e) => send({set: "show", v: e.target.checked}));
on("upload", "change", (e) => {
  const f = e.target.files[0];
  if (f) fetch(`/upload?sid=${sid}`, {method: "POST", body: f});
});
</script></body></html>"""


def noise_png(side: int = 580) -> bytes:
    """A fresh ~1 MB PNG of random RGB noise (zlib level 0: stored, not compressed)."""
    raw = b"".join(b"\x00" + os.urandom(side * 3) for _ in range(side))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 0))
        + chunk(b"IEND", b"")
    )


CHOICES = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
PAGE = PAGE.replace("OPTIONS", "".join(f"<option>{c}</option>" for c in CHOICES))
SESSIONS: dict[str, Session] = {}
IMAGES: dict[str, bytes] = {}
_ids = itertools.count(1)


class Session(tornado.websocket.WebSocketHandler):
    slow = False

    def open(self) -> None:
        self.sid = f"s{next(_ids)}"
        self.state = {"value": 0, "clicks": 0, "show": False, "image": None}
        self.run: asyncio.Task | None = None
        SESSIONS[self.sid] = self
        texts = {"clicks": "clicks: 0", "flag": "flag: False", "name": "name: ", "choice": f"choice: {CHOICES[0]}"}
        self.push({"sid": self.sid, "slow": self.slow, "texts": texts})
        self.rerun()

    def push(self, msg: dict) -> None:
        if self.ws_connection is not None:
            self.write_message(json.dumps(msg))

    def on_message(self, message: str | bytes) -> None:
        msg = json.loads(message)
        kind = msg.get("set")
        if kind == "value":
            self.state["value"] = int(msg["v"])
            self.rerun()
        elif kind == "inc":
            self.state["clicks"] += 1
            self.push({"texts": {"clicks": f"clicks: {self.state['clicks']}"}})
        elif kind == "flag":
            self.push({"texts": {"flag": f"flag: {bool(msg['v'])}"}})
        elif kind == "name":
            self.push({"texts": {"name": f"name: {msg['v']!s}"}})
        elif kind == "choice":
            self.push({"texts": {"choice": f"choice: {msg['v']!s}"}})
        elif kind == "show":
            self.set_image(bool(msg["v"]))

    def rerun(self) -> None:
        if not self.slow:
            self.push({"texts": {"value": f"value: {self.state['value']}"}})
            return
        if self.run is not None:
            self.run.cancel()  # a newer value cuts the run in flight short
        self.run = asyncio.ensure_future(self.slow_run(self.state["value"]))

    async def slow_run(self, value: int) -> None:
        for i in range(20):
            self.push({"texts": {"progress": f"progress: {i + 1}/20"}})
            await asyncio.sleep(0.1)
        self.push({"texts": {"value": f"value: {value}"}})

    def set_image(self, show: bool) -> None:
        old = self.state["image"]
        if old:
            IMAGES.pop(old, None)
        key = f"{self.sid}-{next(_ids)}" if show else None
        if key:
            IMAGES[key] = noise_png()
        self.state["image"] = key
        self.push({"image": f"/img/{key}.png" if key else None})

    def on_close(self) -> None:
        if self.run is not None:
            self.run.cancel()
        if self.state["image"]:
            IMAGES.pop(self.state["image"], None)
        SESSIONS.pop(self.sid, None)


class PageHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        self.write(PAGE)


class HealthHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        self.write({"status": "ok"})


class ImageHandler(tornado.web.RequestHandler):
    def get(self, key: str) -> None:
        data = IMAGES.get(key)
        if data is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "image/png")
        self.write(data)


class UploadHandler(tornado.web.RequestHandler):
    def post(self) -> None:
        session = SESSIONS.get(self.get_argument("sid"))
        if session is None:
            raise tornado.web.HTTPError(404)
        size = len(self.request.body)
        session.push({"texts": {"size": f"size: {size}"}})
        self.write({"size": size})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--slow", action="store_true")
    args = parser.parse_args()
    Session.slow = args.slow
    app = tornado.web.Application(
        [
            (r"/", PageHandler),
            (r"/health", HealthHandler),
            (r"/ws", Session),
            (r"/img/([\w-]+)\.png", ImageHandler),
            (r"/upload", UploadHandler),
        ]
    )
    app.listen(args.port, address="127.0.0.1", max_body_size=64 * 1024 * 1024)
    print(f"floor serving on http://127.0.0.1:{args.port}/", flush=True)
    tornado.ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
