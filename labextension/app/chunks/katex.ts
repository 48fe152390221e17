// The math chunk (static/chunks/katex.js + katex.css and its woff2 fonts beside it), loaded by
// rich.ts the first time a page shows math: `jr.latex`, `$…$` / `$$…$$` in markdown, text/latex
// reprs. The kernel marks the spans (`.jr-math`, `.jr-math-d` for display math) with the TeX
// source as their text; KaTeX replaces it with its HTML (trust off: no \href javascript:, no
// \htmlData). A formula KaTeX cannot parse shows its source in red instead.

import katex from "katex";
import "katex/dist/katex.css";
import { defineChunk } from "../lazy";

export interface KatexApi {
  /** Typeset every math span under `root` not typeset yet. */
  typeset(root: ParentNode): void;
}

const api: KatexApi = {
  typeset(root) {
    root.querySelectorAll<HTMLElement>(".jr-math:not([data-tex])").forEach((el) => {
      const tex = el.textContent || "";
      el.dataset.tex = tex;
      katex.render(tex, el, {
        displayMode: el.classList.contains("jr-math-d"),
        throwOnError: false,
        trust: false,
        output: "htmlAndMathml",
      });
    });
  },
};

defineChunk("katex", api);
