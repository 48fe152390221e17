// The `vega_lite` element's place on the page (runs in the browser page). Vega, Vega-Lite and
// vega-embed are large, so they live in the lazy `vega` chunk (chunks/vega.ts), loaded the first
// time a chart appears; this file only makes the box, asks for the chunk and forwards to it.

import { h } from "./dom";
import { loadChunk } from "./lazy";
import type { Select, VegaApi } from "./chunks/vega";
import type { VegaLiteEl } from "./protocol";

let loaded: VegaApi | null = null;
// boxes waiting for the chunk -> the element to draw there (add_rows meanwhile only replaces it)
const waiting = new WeakMap<HTMLElement, VegaLiteEl>();

/** Draw a chart into `wrap`: a box of the chart's height at once, the chart when the chunk is in. */
export function vegaLite(el: VegaLiteEl, wrap: HTMLElement, select?: Select): void {
  const box = h("div", { class: "jr-vega", role: "figure" });
  if (el.alt) box.setAttribute("aria-label", el.alt);
  wrap.append(box);
  waiting.set(box, el);
  loadChunk<VegaApi>("vega")
    .then((api) => {
      loaded = api;
      const latest = waiting.get(box) || el;
      waiting.delete(box);
      // replaced while the chunk loaded: nothing to draw
      return box.isConnected ? api.draw(box, latest, select) : undefined;
    })
    .catch((err: unknown) => {
      box.replaceChildren(h("div", { class: "jr-unsupported", text: "The chart could not be drawn: " + String((err as Error)?.message || err) }));
    });
}

/** The same chart with rows added (add_rows): grow the drawn one; false to draw it afresh. */
export function growVegaLite(wrap: HTMLElement, el: VegaLiteEl): boolean {
  const box = wrap.querySelector<HTMLElement>(":scope > .jr-vega");
  if (box && waiting.has(box)) {
    waiting.set(box, el); // not drawn yet: it will be drawn with these rows
    return true;
  }
  return !!(loaded && box && loaded.grow(box, el));
}
