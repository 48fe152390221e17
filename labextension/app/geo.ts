// Renderers of `deck` (jr.map, jr.pydeck_chart), `graphviz` and `mermaid` elements: a sized box in
// place at once, filled by the chunk (app/chunks/deck.ts, graphviz.ts, mermaid.ts) once it has
// loaded; a short error in the box when the chunk cannot load. Kept tiny: the work is in the chunks.

import { h } from "./dom";
import { loadChunk } from "./lazy";
import type { DeckEl, GraphvizEl, MermaidEl } from "./protocol";
import type { DeckSelection, PydeckSelectEl } from "./schema";
import type { MakeView, WidgetHost, WidgetView } from "./widgets";

/** What a chunk of this module defines: fill `box` with the element (errors shown in it). */
export interface Drawer<E> {
  draw(el: E, box: HTMLElement): void;
}

/** The deck chunk also draws charts whose objects are picked (`pydeck_chart(on_select=...)`). */
export interface DeckDrawer extends Drawer<DeckEl> {
  drawSelectable(el: PydeckSelectEl, box: HTMLElement, picked: () => DeckSelection, onSelect: (s: DeckSelection) => void): void;
}

function lazy<E>(name: string, el: E, box: HTMLElement): void {
  loadChunk<Drawer<E>>(name).then(
    (api) => api.draw(el, box),
    (e: Error) => box.replaceChildren(h("div", { class: "jr-chart-err jr-l-error", role: "alert", text: e.message })),
  );
}

export function deck(el: DeckEl, wrap: HTMLElement): void {
  const w = Number(el.width);
  const box = h("div", { class: "jr-deck", style: `height:${Number(el.height) || 500}px${w ? `;width:${w}px` : ""}` });
  wrap.append(box);
  lazy("deck", el, box);
}

/** `pydeck_chart(on_select=...)`: a deck whose clicks on objects select them; the selection,
 *  by layer id, is the widget's value. A rerun that changes only the selection keeps the map. */
export function deckSelect(el: PydeckSelectEl, host: WidgetHost, view: MakeView): WidgetView {
  const root = h("div", { class: "jr-widget jr-w-pydeck_chart" });
  let current: DeckSelection = el.value;
  let shown = "";
  const v = view(
    el as never,
    root,
    () => current,
    ((e: PydeckSelectEl) => {
      const key = JSON.stringify([e.spec, e.height, e.width, e.selection_mode, e.tooltip, e.basemap]);
      if (key === shown) return;
      shown = key;
      const w = Number(e.width);
      const box = h("div", { class: "jr-deck", style: `height:${Number(e.height) || 500}px${w ? `;width:${w}px` : ""}` });
      root.replaceChildren(box);
      loadChunk<DeckDrawer>("deck").then(
        (api) =>
          api.drawSelectable(e, box, () => current, (s) => {
            current = s;
            host.commit(v, current as never);
          }),
        (err: Error) => box.replaceChildren(h("div", { class: "jr-chart-err jr-l-error", role: "alert", text: err.message })),
      );
    }) as (el: never) => void,
    (val) => {
      const s = val as DeckSelection | null;
      current = s && typeof s === "object" && s.indices && s.objects ? s : { indices: {}, objects: {} };
    },
  );
  return v;
}

export function graphviz(el: GraphvizEl, wrap: HTMLElement): void {
  const box = h("div", { class: "jr-graphviz" });
  wrap.append(box);
  lazy("graphviz", el, box);
}

export function mermaid(el: MermaidEl, wrap: HTMLElement): void {
  const box = h("div", { class: "jr-mermaid", "aria-busy": "true" });
  wrap.append(box);
  lazy("mermaid", el, box);
}

/** Markdown's ```mermaid fences (st.markdown, st.write), drawn as diagrams in place of the code
 *  block, as Streamlit 1.67's markdown does. */
export function mermaidFences(root: HTMLElement): void {
  root.querySelectorAll<HTMLElement>("pre > code.language-mermaid").forEach((code) => {
    const box = h("div", { class: "jr-mermaid", "aria-busy": "true" });
    code.parentElement?.replaceWith(box);
    lazy<MermaidEl>("mermaid", { kind: "mermaid", body: code.textContent || "" }, box);
  });
}
