// The mermaid chunk: draws a `mermaid` element's diagram text as SVG with Mermaid, in the page's
// light or dark scheme (Mermaid's "default" / "dark" theme), drawn again when the scheme changes.
// Loaded by app/geo.ts the first time a mermaid element appears, so no other page pays for it.
//
// Mermaid runs with securityLevel "strict" (labels sanitized, no click handlers or links to
// script) and without HTML labels (text is SVG <text>); a diagram's own `%%{init}%%` directive
// cannot change those, nor Mermaid's sanitizer settings or the CSS it injects.

import mermaidApi from "mermaid";
import { defineChunk } from "../lazy";
import type { Drawer } from "../geo";
import type { MermaidEl } from "../protocol";
import { isDark, onSchemeChange } from "../theme";

/** Settings a diagram's init directive may not override (Mermaid's own list and ours). */
const SECURE = [
  "secure",
  "securityLevel",
  "startOnLoad",
  "maxTextSize",
  "suppressErrorRendering",
  "maxEdges",
  "htmlLabels",
  "themeCSS",
  "dompurifyConfig",
];

let configured: string | null = null;
let next = 0;

function configure(box: HTMLElement): void {
  const theme = isDark() ? "dark" : "default";
  const fontFamily = getComputedStyle(box).fontFamily || "sans-serif";
  const key = `${theme}|${fontFamily}`;
  if (key === configured) return;
  configured = key;
  mermaidApi.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    secure: SECURE,
    suppressErrorRendering: true, // an error is ours to show, in the element's place
    htmlLabels: false,
    flowchart: { htmlLabels: false },
    theme,
    fontFamily,
  });
}

/** "Mermaid flowchart", "Mermaid sequence" ...: the name of a diagram without an alt. */
function typeName(diagramType: string): string {
  return `Mermaid ${diagramType.replace(/-v\d+$/, "").replace(/Diagram$/, "") || "diagram"}`;
}

function error(box: HTMLElement, e: unknown): void {
  const msg = e instanceof Error ? e.message : String(e);
  const err = document.createElement("div");
  err.className = "jr-chart-err jr-l-error jr-mermaid-err";
  err.setAttribute("role", "alert");
  err.textContent = `Mermaid diagram error: ${msg.trim() || "the diagram could not be drawn"}`;
  box.replaceChildren(err);
  box.removeAttribute("aria-busy");
}

const drawn = new Map<HTMLElement, MermaidEl>();

async function draw(el: MermaidEl, box: HTMLElement): Promise<void> {
  configure(box);
  const id = `jr-mermaid-${next++}`;
  try {
    const { svg, diagramType } = await mermaidApi.render(id, String(el.body));
    if (drawn.get(box) !== el) return; // a newer element took this box meanwhile
    box.innerHTML = svg;
    const s = box.querySelector("svg");
    if (!s) return error(box, "no drawing");
    // as Streamlit's: "content" is the diagram's own size from its viewBox (shrunk to fit its
    // container, style.css); "stretch" (the default) and pixels scale it to the element's width
    const vb = s.viewBox?.baseVal;
    if (el.sizing?.width !== "content") s.setAttribute("width", "100%");
    else if (vb && vb.width > 0) s.setAttribute("width", `${Math.ceil(vb.width)}`);
    s.style.removeProperty("max-width");
    s.removeAttribute("height");
    s.setAttribute("role", "img");
    // its name, as Streamlit's: the alt, else the diagram's own accTitle (Mermaid points
    // aria-labelledby at it), else its type
    const alt = typeof el.alt === "string" ? el.alt.split(/\s+/).filter(Boolean).join(" ") : "";
    if (alt) s.removeAttribute("aria-labelledby");
    if (alt || !s.hasAttribute("aria-labelledby")) s.setAttribute("aria-label", alt || typeName(diagramType));
    box.removeAttribute("aria-busy");
  } catch (e) {
    document.getElementById(`d${id}`)?.remove(); // Mermaid's measuring element, if a failure left it
    if (drawn.get(box) === el) error(box, e);
  }
}

onSchemeChange(() => {
  for (const [box, el] of drawn) {
    if (!box.isConnected) drawn.delete(box);
    else void draw(el, box);
  }
});

const api: Drawer<MermaidEl> = {
  draw(el, box) {
    for (const old of drawn.keys()) if (!old.isConnected) drawn.delete(old); // gone from the page
    drawn.set(box, el);
    void draw(el, box);
  },
};

defineChunk("mermaid", api);
