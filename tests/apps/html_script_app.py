import jupyter_reactive as jr
import jupyter_reactive.components.v1 as components

jr.title("HTML that runs its scripts")
SCRIPTED = """
<div id="out">not run</div>
<button id="grow">Grow</button> <button id="shrink">Shrink</button>
<button id="junk">Junk</button>
<div id="rows"></div>
<script>
  document.getElementById("out").textContent = "ran " + (20 + 22);
  try {
    parent.document.title;
    document.body.append(" page reachable");
  } catch (e) {
    document.body.append(" page blocked");
  }
  const rows = document.getElementById("rows");
  document.getElementById("grow").onclick = () => {
    for (let i = 0; i < 10; i++) rows.append(Object.assign(document.createElement("p"), {textContent: "row " + i}));
  };
  document.getElementById("shrink").onclick = () => rows.replaceChildren();
  // garbage a page must shrug off: only a finite number is a height, clamped
  document.getElementById("junk").onclick = () => {
    for (const h of ["900", null, NaN, Infinity, -50, {}, 1e9]) parent.postMessage({jrHtmlHeight: h}, "*");
  };
</script>
"""
jr.html(SCRIPTED, unsafe_allow_javascript=True)
jr.html("<p id='sanitized'>sanitized</p><script>document.getElementById('sanitized').textContent = 'ran'</script>")
# another frame posting heights: not an HTML frame, never taken
components.html(
    "<script>setInterval(() => parent.postMessage({jrHtmlHeight: 777}, '*'), 100)</script><p>impostor</p>",
    height=40,
)
jr.write("after the frames")
