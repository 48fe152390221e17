import jupyter_reactive as jr

HTML = """
<h3 class="greet"></h3>
<button id="add">Add one</button>
<button id="ping">Ping</button>
<button id="junk">Junk</button>
<a href="#" id="anchor">Anchor link</a>
<p class="probe"></p>
"""
CSS = "h3 { color: var(--st-primary-color); }"
JS = """
export default function ({ data, key, parentElement, setStateValue, setTriggerValue }) {
  parentElement.querySelector(".greet").textContent = `Hello, ${data.name}! n=${data.count}`;
  let count = data.count;
  parentElement.querySelector("#add").onclick = () => setStateValue("count", ++count);
  parentElement.querySelector("#ping").onclick = () => setTriggerValue("ping", { at: count });
  parentElement.querySelector("#anchor").onclick = () => setTriggerValue("ping", "link");
  parentElement.querySelector("#junk").onclick = () => {
    // garbage straight to the page: a non-JSON state, a bad event name, an unmarked message
    parent.postMessage({ jrV2: 1, type: "state", state: 5 }, "*");
    parent.postMessage({ jrV2: 1, type: "trigger", event: "", value: 1 }, "*");
    parent.postMessage({ type: "state", state: { count: 666 } }, "*");
    setStateValue("fn", () => 1);
  };
  let probe;
  try { probe = "parent title " + parent.document.title; } catch (e) { probe = "parent blocked"; }
  try { probe += document.cookie ? " cookie visible" : " cookie empty"; } catch (e) { probe += " cookie blocked"; }
  probe += parentElement instanceof ShadowRoot ? " shadow" : " plain";
  probe += " key=" + (key.startsWith("st-bidi-component-") ? "ok" : key);
  parentElement.querySelector(".probe").textContent = probe;
}
"""

counter = jr.components.v2.component("counter", html=HTML, css=CSS, js=JS)

jr.title("Components v2")
pings = jr.session_state.setdefault("pings", [])
count = jr.session_state.get("c", {}).get("count", 0)
result = counter(
    key="c",
    data={"name": "World", "count": count},
    default={"count": 0},
    on_count_change=lambda: None,
    on_ping_change=lambda: pings.append("cb"),
)
jr.write(f"count is {result.count}")
jr.write(f"ping is {result.ping!r}, callbacks {len(pings)}")
jr.button("Run again")

import pandas as pd  # noqa: E402

TABLE_JS = """
export default function ({ data, parentElement }) {
  const t = data.df || data;
  const p = document.createElement("p");
  p.textContent = `${data.title || "top"}: rows=${t.numRows} a=${Array.from(t.getChild("a").toArray()).join(",")}`;
  parentElement.append(p);
}
"""
table_view = jr.components.v2.component("table_view", js=TABLE_JS, isolate_styles=False)
frame = pd.DataFrame({"a": [1, 2, 3]})
table_view(key="mixed", data={"df": frame, "title": "mixed"})
table_view(key="top", data=frame)

STEP_JS = """
export default function ({ parentElement, setStateValue, setTriggerValue }) {
  let n = 0;
  const b = document.createElement("button");
  b.textContent = "Step";
  b.onclick = () => { setStateValue("n", ++n); setTriggerValue("stepped", n); };
  parentElement.append(b);
}
"""
stepper = jr.components.v2.component("stepper", js=STEP_JS)
with jr.form("f"):
    stepped = stepper(key="s", height=80, on_n_change=lambda: None, on_stepped_change=lambda: None)
    jr.form_submit_button("Submit")
jr.write(f"form n is {stepped.get('n')}, stepped {stepped.stepped}")
