// The graphviz chunk: lays out a `graphviz` element's DOT text as SVG with Graphviz compiled to
// WebAssembly (the wasm is inlined in this bundle, so nothing else is fetched). Runs in the
// page; loaded by app/geo.ts the first time a graphviz element appears.

import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { defineChunk } from "../lazy";
import type { Drawer } from "../geo";
import type { GraphvizEl } from "../protocol";

let engine: Promise<Graphviz> | null = null;

/** The SVG text of `dot` laid out by `dot`; rejects with Graphviz's message on a syntax error. */
export async function layout(dot: string): Promise<string> {
  engine ||= Graphviz.load();
  return (await engine).dot(dot, "svg");
}

function error(box: HTMLElement, e: unknown): void {
  const msg = e instanceof Error ? e.message : String(e);
  const err = document.createElement("div");
  err.className = "jr-chart-err jr-l-error";
  err.setAttribute("role", "alert");
  err.textContent = `Graphviz could not lay out this graph: ${msg.trim()}`;
  box.replaceChildren(err);
}

const api: Drawer<GraphvizEl> = {
  draw(el, box) {
    layout(String(el.dot)).then(
      (svg) => {
        if (!svg.includes("<svg")) return error(box, "no drawing");
        box.innerHTML = svg.slice(svg.indexOf("<svg")); // no XML prolog or doctype
        const s = box.querySelector("svg") as SVGSVGElement;
        box.classList.add("jr-gw-" + (typeof el.width === "number" ? "px" : String(el.width)));
        s.setAttribute("role", "img");
        s.setAttribute("aria-label", el.alt || "graph");
        // scaled by its viewBox: a given width, or the container's; "content" keeps its own size
        if (typeof el.width === "number") s.setAttribute("width", `${el.width}px`);
        if (el.width !== "content") s.removeAttribute("height");
      },
      (e) => error(box, e),
    );
  },
};

defineChunk("graphviz", api);
