"""Dev-only fake jupyter_reactive server: serves the page + built bundle and scripts a session.

Run ``npm run build`` (or ``build:dev``) in ``labextension/`` first, then::

    python labextension/app/dev/fake_server.py --port 8765
    # open http://127.0.0.1:8765/

It speaks the wire protocol of docs/protocol.md: JSON text frames for ``session``/``notice``/
``error``/``snapshot``, binary ``u32 BE length | header JSON | payload`` frames for
``run_started``/``deltas``/``run_finished``. A tiny "script" (:func:`script`) lays out every
element kind and widget kind; widget values rerun it and only changed elements are re-sent,
followed by ``run_finished`` with trims.

Test hooks (plain GET):

* ``/_kill`` closes every socket (the page must show its reconnect banner and resume);
* ``/_notice?level=warning&message=...&sticky=1`` sends a notice to every socket;
* ``/_error`` sends an ``error`` message;
* ``/_log`` returns the JSON list of browser messages received so far (``/_log?clear=1`` clears);
* ``/_forget`` drops all sessions, so the next resume is refused (fresh session);
* ``/_set?id=name&value="json"`` sets a widget's value server-side (like session state) and reruns,
  e.g. to check that a focused field being edited is not clobbered.

It is a development tool, not a test and not the real server.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import html
import json
import os
import secrets
import struct
from typing import Any

import tornado.ioloop
import tornado.web
import tornado.websocket

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = os.path.normpath(os.path.join(HERE, "..", "..", "..", "jupyter_reactive", "static"))
MAIN, SIDEBAR = 0, 1

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">\
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="{static_url}/app.css">
<script id="jupyter-reactive-config" type="application/json">{config}</script>
</head><body><div id="jr-app"></div><script src="{static_url}/app.js" defer></script></body></html>"""


def frame(header: dict[str, Any], payload: bytes = b"") -> bytes:
    head = json.dumps(header, separators=(",", ":")).encode()
    return struct.pack(">I", len(head)) + head + payload


def code_html(code: str) -> str:
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer

        # as the kernel does (jupyter_reactive/kernel/display.py): inline styles, no stylesheet
        return highlight(code, PythonLexer(), HtmlFormatter(noclasses=True, nobackground=True,
                                                            wrapcode=True))
    except ImportError:  # pragma: no cover - pygments is optional here
        return f"<pre><code>{html.escape(code)}</code></pre>"


SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg' width='320' height='120'>"
    "<defs><linearGradient id='g'><stop offset='0' stop-color='#ff4b4b'/>"
    "<stop offset='1' stop-color='#ffbd45'/></linearGradient></defs>"
    "<rect width='320' height='120' rx='12' fill='url(#g)'/>"
    "<text x='160' y='70' font-size='28' text-anchor='middle' fill='white' "
    "font-family='sans-serif'>image</text></svg>"
)
IMG = "data:image/svg+xml;base64," + base64.b64encode(SVG.encode()).decode()

FRUITS = ["apple", "banana", "cherry", "durian"]
SIZES = ["S", "M", "L", "XL"]
TOPPINGS = ["cheese", "ham", "olives", "pineapple", "basil"]
MODES = ["fast", "accurate"]


def md(text: str, variant: str = "body", **kw: Any) -> dict[str, Any]:
    return {"kind": "markdown", "html": text, "variant": variant, **kw}


def w(widget: str, wid: str, label: str, value: Any, form_id: str | None = None, **kw: Any) -> dict:
    return {
        "kind": "widget",
        "widget": widget,
        "id": wid,
        "label": label,
        "value": value,
        "disabled": kw.pop("disabled", False),
        "help": kw.pop("help", None),
        "label_visibility": kw.pop("label_visibility", "visible"),
        "form_id": form_id,
        **kw,
    }


def block(layout: str, **kw: Any) -> dict[str, Any]:
    return {"kind": "block", "layout": layout, **kw}


class Script:
    """The scripted app: builds ``[(path, el)]`` from widget state, like a Streamlit rerun."""

    def __init__(self) -> None:
        self.state: dict[str, Any] = {
            "n": 25,
            "range": [20, 60],
            "alpha": 0.5,
            "show": False,
            "fast": True,
            "name": "",
            "secret": "",
            "notes": "",
            "count": 3,
            "ratio": None,
            "fruit": 0,
            "size": 1,
            "pick": None,
            "toppings": [0],
            "city": "Paris",
            "temp": 20,
            "metric": True,
            "mode": 0,
            "sb_n": 5,
            "slow": False,
        }
        self.clicks = 0
        self.saved: str | None = None
        self.triggers: set[str] = set()
        self.slot: list[int] = [MAIN, 0]

    def set(self, values: dict[str, Any]) -> None:
        for k, v in values.items():
            if k in ("inc", "save", "report"):
                self.triggers.add(k)
            else:
                self.state[k] = v

    def build(self) -> list[tuple[list[int], dict[str, Any]]]:
        s = self.state
        if "inc" in self.triggers:
            self.clicks += 1
        if "save" in self.triggers:
            self.saved = f"{s['city']} at {s['temp']}° ({'metric' if s['metric'] else 'imperial'})"
        out: list[tuple[list[int], dict[str, Any]]] = []
        main = [0]

        def add(el: dict[str, Any], parent: list[int] = main) -> list[int]:
            idx = sum(1 for p, _ in out if p[:-1] == parent)
            path = parent + [idx]
            out.append((path, el))
            return path

        add(md("jupyter_reactive demo", "title"))
        add(md("A fake server replaying <strong>every</strong> element kind.", "caption"))
        add(md("Widgets", "header", divider=True))
        add(w("slider", "n", "n", s["n"], min=0, max=100, step=1, range=False, format="int",
              help="Drag me"))
        add(md(f"value: {s['n']}"))
        add(w("slider", "range", "range", s["range"], min=0, max=100, step=5, range=True,
              format="int"))
        add(w("slider", "alpha", "alpha", s["alpha"], min=0.0, max=1.0, step=0.05, range=False,
              format="float"))
        cols = add(block("columns"))
        c1 = add(block("column", weight=1), cols)
        c2 = add(block("column", weight=1), cols)
        add(w("button", "inc", "inc", False, button_type="secondary"), c1)
        add(md(f"count: {self.clicks}"), c2)
        add(w("checkbox", "show", "show", s["show"]))
        if s["show"]:
            add({"kind": "alert", "level": "info", "html": "<p>The checkbox is on.</p>",
                 "icon": "ℹ️"})
        add(w("toggle", "fast", "fast mode", s["fast"]))
        add(w("checkbox", "slow", "slow run (1.5 s)", s["slow"]))
        add(w("text_input", "name", "name", s["name"], placeholder="Your name", max_chars=20,
              password=False))
        add(md(f"Hello, {html.escape(s['name']) or 'stranger'}!"))
        add(w("text_input", "secret", "password", s["secret"], placeholder=None, max_chars=None,
              password=True))
        add(w("text_area", "notes", "notes", s["notes"], placeholder="Write something…",
              max_chars=200, height=None))
        cols2 = add(block("columns", gap="medium"))
        a = add(block("column", weight=1), cols2)
        b = add(block("column", weight=1), cols2)
        add(w("number_input", "count", "count", s["count"], min=0, max=10, step=1, format="int"),
            a)
        add(w("number_input", "ratio", "ratio", s["ratio"], min=None, max=None, step=0.05,
              format="float", placeholder="none yet"), b)
        add(w("selectbox", "fruit", "fruit", s["fruit"], options=FRUITS))
        add(w("radio", "size", "size", s["size"], options=SIZES, horizontal=True))
        add(w("radio", "pick", "pick one", s["pick"], options=["first", "second"],
              horizontal=False))
        add(w("multiselect", "toppings", "toppings", s["toppings"], options=TOPPINGS,
              max_selections=3))
        chosen = ", ".join(TOPPINGS[i] for i in s["toppings"]) or "nothing"
        add(md(f"You picked <code>{FRUITS[s['fruit']] if s['fruit'] is not None else '-'}"
               f"</code>, size <code>{SIZES[s['size']]}</code> with {chosen}."))
        add(w("button", "off", "disabled button", False, disabled=True))

        add(md("Form", "header"))
        form = add(block("form", form_id="settings", border=True))
        add(w("text_input", "city", "city", s["city"], form_id="settings", placeholder=None,
              max_chars=None, password=False), form)
        add(w("slider", "temp", "temp", s["temp"], form_id="settings", min=-10, max=40, step=1,
              range=False, format="int"), form)
        add(w("checkbox", "metric", "metric", s["metric"], form_id="settings"), form)
        add(w("form_submit_button", "save", "Save", False, form_id="settings",
              button_type="primary"), form)
        add(md(f"Saved: {self.saved}" if self.saved else "Not saved yet.", "caption"))

        add(md("Layout", "header", divider=True))
        cols3 = add(block("columns"))
        for i, (weight, label) in enumerate([(1, "one"), (2, "two (weight 2)"), (1, "three")]):
            c = add(block("column", weight=weight), cols3)
            add(md(f"<strong>{label}</strong>"), c)
            add(md(f"column {i}", "caption"), c)
        # the label changes with n: the block is replaced and (like the kernel) its children re-sent
        exp = add(block("expander", label=f"Details (n = {s['n']})", expanded=False))
        add(md("Inside the expander: text, code and JSON."), exp)
        add({"kind": "text", "text": "  preformatted\n    text element"}, exp)
        code = "def f(x: int) -> int:\n    # square it\n    return x * x  # noqa\n\nprint(f(3), 'done')"
        add({"kind": "code", "html": code_html(code), "code": code, "language": "python"}, exp)
        add({"kind": "json", "value": {"a": 1, "b": [1, 2, {"c": None}], "d": "str", "e": True},
             "expanded": True}, exp)
        tabs = add(block("tabs", labels=["Chart", "Data", "Log"]))
        t1 = add(block("tab", label="Chart"), tabs)
        t2 = add(block("tab", label="Data"), tabs)
        t3 = add(block("tab", label="Log"), tabs)
        add({"kind": "image", "src": IMG, "alt": "a gradient", "width": 320,
             "caption": "An image with a caption"}, t1)
        add({"kind": "json", "value": {"rows": [[1, 2], [3, 4]], "n": s["n"]},
             "expanded": False}, t2)
        add({"kind": "text", "text": f"run log: n={s['n']} clicks={self.clicks}"}, t3)
        holder = add(block("empty"))
        add(md(f"An <code>st.empty()</code> slot showing n × 2 = {s['n'] * 2}"), holder)
        box = add(block("vertical", border=True, height=120))
        for i in range(6):
            add(md(f"scrolling bordered container, line {i + 1}"), box)
        aligned = add(block("columns", gap="small", align="center"))
        a1 = add(block("column", weight=1), aligned)
        a2 = add(block("column", weight=1), aligned)
        add(w("button", "noop", "centred columns", False, button_type="secondary"), a1)
        add(md("this column is vertically centred", "caption"), a2)

        add(md("Output", "header", divider=True))
        add(md("<p>Body markdown with <code>inline code</code>, a <a href='#'>link</a> and:</p>"
               "<ul><li>a list</li><li>of items</li></ul>"
               "<table><thead><tr><th>col</th><th>val</th></tr></thead>"
               "<tbody><tr><td>a</td><td>1</td></tr></tbody></table>"))
        add(md("A subheader", "subheader"))
        add({"kind": "alert", "level": "success", "html": "<p>Success alert</p>", "icon": None})
        add({"kind": "alert", "level": "warning", "html": "<p>Warning alert</p>", "icon": "⚠️"})
        add({"kind": "alert", "level": "error", "html": "<p>Error alert</p>", "icon": None})
        add({"kind": "exception", "ename": "ZeroDivisionError", "evalue": "division by zero",
             "traceback": "Traceback (most recent call last):\n  File \"demo.py\", line 3, "
                          "in <module>\n    1 / 0\nZeroDivisionError: division by zero"})
        add({"kind": "divider"})
        add({"kind": "html", "html": "<div style='padding:.5rem;border:1px dashed #aaa'>"
                                     "raw <b>html</b> element</div>"})
        add({"kind": "progress", "value": s["n"], "text": f"Progress <strong>{s['n']}%</strong>"})
        add({"kind": "spinner", "text": "Computing…"})
        self.slot = add(block("empty"))  # a spinner appears here during slow runs, then a trim
        add(md("(spinner slot above)", "caption"))
        add({"kind": "plotly_chart", "figure": {}})

        side = [SIDEBAR]
        add(md("Sidebar", "header"), side)
        add(w("selectbox", "mode", "mode", s["mode"], options=MODES), side)
        add(w("slider", "sb_n", "sidebar n", s["sb_n"], min=0, max=10, step=1, range=False,
              format="int"), side)
        add(md(f"mode = {MODES[s['mode']]}, sidebar n = {s['sb_n']}", "caption"), side)
        add(w("button", "report", "Run report", False, button_type="primary"), side)
        if "report" in self.triggers:
            add({"kind": "alert", "level": "success", "html": "<p>Report done.</p>"}, side)
        self.triggers.clear()
        return out


class Session:
    def __init__(self) -> None:
        self.id = secrets.token_urlsafe(8)
        self.token = secrets.token_urlsafe(16)
        self.script = Script()
        self.mirror: dict[tuple[int, ...], str] = {}  # path -> element JSON, as the page has it
        self.elements: dict[tuple[int, ...], dict] = {}
        self.run = 0
        self.running = False
        self.socket: Socket | None = None
        self.task: asyncio.Task | None = None


SESSIONS: dict[str, Session] = {}
SOCKETS: set[Socket] = set()
LOG: list[Any] = []


class Socket(tornado.websocket.WebSocketHandler):
    session: Session | None = None

    def open(self) -> None:
        SOCKETS.add(self)

    def on_close(self) -> None:
        SOCKETS.discard(self)
        if self.session and self.session.socket is self:
            self.session.socket = None

    def send_json(self, msg: dict) -> None:
        if self.ws_connection:
            self.write_message(json.dumps(msg))

    def send_frame(self, msg: dict) -> None:
        if self.ws_connection:
            self.write_message(frame(msg), binary=True)

    def on_message(self, raw: str | bytes) -> None:
        if isinstance(raw, bytes):
            return self.send_json({"type": "error", "error": "binary", "message": "no binary"})
        msg = json.loads(raw)
        LOG.append(msg)
        kind = msg.get("type")
        if kind == "hello":
            sess = SESSIONS.get(msg.get("session_id") or "")
            if sess and secrets.compare_digest(sess.token, msg.get("resume_token") or ""):
                sess.socket = self
                self.session = sess
                self.send_json({"type": "session", "session_id": sess.id, "resume_token": sess.token,
                                "resumed": True, "script": "demo.py", "title": "demo"})
                items = [{"path": list(p), "el": el} for p, el in sorted(sess.elements.items())]
                self.send_json({"type": "snapshot", "elements": items, "running": sess.running})
                return
            sess = Session()
            SESSIONS[sess.id] = sess
            sess.socket = self
            self.session = sess
            self.send_json({"type": "session", "session_id": sess.id, "resume_token": sess.token,
                            "resumed": False, "script": "demo.py", "title": "demo"})
            self.start_run()
        elif not self.session:
            self.send_json({"type": "error", "error": "no_session", "message": "say hello first"})
        elif kind == "widget_values":
            values = msg.get("values") or {}
            if values.get("n") == 99:
                self.send_json({"type": "notice", "level": "error",
                                "message": "n = 99 is refused (demo of a refused value)"})
                return
            self.session.script.set(values)
            self.start_run()
        elif kind == "rerun":
            self.start_run()
        elif kind == "stop":
            sess = self.session
            if sess.task and not sess.task.done():
                sess.task.cancel()
        else:
            self.send_json({"type": "error", "error": "unknown", "message": f"unknown type {kind!r}"})

    def start_run(self) -> None:
        sess = self.session
        assert sess
        if sess.task and not sess.task.done():
            sess.task.cancel()
        sess.task = asyncio.ensure_future(run(sess))


def emit(sess: Session, msg: dict) -> None:
    if sess.socket:
        sess.socket.send_frame(msg)


async def run(sess: Session) -> None:
    sess.run += 1
    n = sess.run
    sess.running = True
    emit(sess, {"type": "run_started", "run": n})
    status = "complete"
    trims: list[dict] = []
    unsent: list[dict] = []
    try:
        items = sess.script.build()
        slow = sess.script.state.get("slow")
        changed = []
        for path, el in items:  # like kernel/delta.py Writer.write
            key = json.dumps(el, sort_keys=True)
            old = sess.mirror.get(tuple(path))
            if old != key:
                if old is not None:  # a replaced element: everything below it is sent again
                    forget_below(sess, tuple(path))
                sess.mirror[tuple(path)] = key
                sess.elements[tuple(path)] = el
                changed.append({"path": path, "el": el})
        # send in two batches, like a script emitting as it goes
        half = len(changed) // 2
        unsent = changed[half:]
        emit(sess, {"type": "deltas", "run": n, "items": changed[:half]})
        if slow:
            slot = list(sess.script.slot) + [0]
            emit(sess, {"type": "deltas", "run": n,
                        "items": [{"path": slot, "el": {"kind": "spinner", "text": "Slow step…"}}]})
            await asyncio.sleep(1.5)
            emit(sess, {"type": "trim", "trims": [{"path": list(sess.script.slot), "len": 0}]})
        else:
            await asyncio.sleep(0.02)
        emit(sess, {"type": "deltas", "run": n, "items": unsent})
        unsent = []
        # trims (kernel/delta.py finish_run): containers showing more children than written
        counts: dict[tuple[int, ...], int] = {(MAIN,): 0, (SIDEBAR,): 0}
        for path, el in items:
            counts[tuple(path[:-1])] = max(counts.get(tuple(path[:-1]), 0), path[-1] + 1)
            if el["kind"] == "block":
                counts.setdefault(tuple(path), 0)
        for container, count in sorted(counts.items()):
            d = len(container)
            stale = [p for p in sess.mirror if len(p) > d and p[:d] == container and p[d] >= count]
            if stale:
                for p in stale:
                    sess.mirror.pop(p, None)
                    sess.elements.pop(p, None)
                trims.append({"path": list(container), "len": count})
    except asyncio.CancelledError:
        status = "stopped"
        for item in unsent:  # never reached the page: send them next time
            sess.mirror.pop(tuple(item["path"]), None)
    sess.running = False
    emit(sess, {"type": "run_finished", "run": n, "status": status, "trims": trims})


def forget_below(sess: Session, path: tuple[int, ...]) -> None:
    d = len(path)
    for p in [p for p in sess.mirror if len(p) > d and p[:d] == path]:
        sess.mirror.pop(p, None)
        sess.elements.pop(p, None)


class PageHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        config = {"wsUrl": "/reactive/ws/demo.py", "appPath": "demo.py", "baseUrl": "/",
                  "title": "demo", "xsrfToken": "dev"}
        self.write(PAGE.format(title="demo", static_url="/static",
                               config=json.dumps(config).replace("</", "<\\/")))


class HookHandler(tornado.web.RequestHandler):
    def get(self, what: str) -> None:
        if what == "kill":
            for s in list(SOCKETS):
                s.close(1001, "killed by /_kill")
            self.write({"killed": True})
        elif what == "notice":
            msg = {"type": "notice", "level": self.get_argument("level", "info"),
                   "message": self.get_argument("message", "Hello from the server"),
                   "sticky": self.get_argument("sticky", "") == "1"}
            for s in SOCKETS:
                s.send_json(msg)
            self.write(msg)
        elif what == "error":
            for s in SOCKETS:
                s.send_json({"type": "error", "error": "bad_frame", "message": "refused frame"})
            self.write({"ok": True})
        elif what == "log":
            self.set_header("Content-Type", "application/json")
            self.write(json.dumps(LOG))
            if self.get_argument("clear", ""):
                LOG.clear()
        elif what == "set":
            values = {self.get_argument("id"): json.loads(self.get_argument("value"))}
            for s in SOCKETS:
                if s.session:
                    s.session.script.set(values)
                    s.start_run()
            self.write({"ok": True})
        elif what == "forget":
            SESSIONS.clear()
            self.write({"ok": True})
        else:
            raise tornado.web.HTTPError(404)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--host", default="127.0.0.1")
    args = ap.parse_args()
    app = tornado.web.Application([
        (r"/", PageHandler),
        (r"/reactive/ws/demo\.py", Socket),
        (r"/_(kill|notice|error|log|forget|set)", HookHandler),
        (r"/static/(.*)", tornado.web.StaticFileHandler, {"path": STATIC}),
    ])
    app.listen(args.port, args.host)
    print(f"fake jupyter_reactive server on http://{args.host}:{args.port}/ (static: {STATIC})",
          flush=True)
    tornado.ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
