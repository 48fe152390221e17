// HTML, math and icons in the page: the sanitizer, KaTeX and the Material Symbols font are lazy
// chunks (app/chunks/sanitize.ts, katex.ts, icons.ts), loaded the first time an element needs
// them, so a page without HTML from the app, math or icons loads none of them.

import { h } from "./dom";
import { loadChunk } from "./lazy";
import type { KatexApi } from "./chunks/katex";
import type { SanitizeApi } from "./chunks/sanitize";

let scopes = 0;

/**
 * Show HTML from the app (`jr.html`, `_repr_html_`, `unsafe_allow_html`) in `box`, sanitized
 * first: nothing in it runs script. `scoped`: its <style> rules apply inside `box` only.
 * `then`: called with `box` once the sanitized HTML is in it.
 */
export function showHtml(box: HTMLElement, html: string, scoped: boolean, then?: (box: HTMLElement) => void): void {
  let scope: string | undefined;
  if (scoped) {
    box.dataset.jrScope = String(++scopes);
    scope = `[data-jr-scope="${scopes}"]`;
  }
  loadChunk<SanitizeApi>("sanitize").then(
    (api) => {
      box.replaceChildren(api.clean(html, scope));
      then?.(box);
      enhance(box);
    },
    () => box.replaceChildren(h("div", { class: "jr-unsupported", text: "could not load the HTML sanitizer" })),
  );
}

/** Typeset the math spans the kernel marked under `root` (KaTeX, loaded on first use) and load
 *  the icon font if it shows an icon. */
export function enhance(root: HTMLElement): void {
  if (root.querySelector(".jr-icon")) loadChunk("icons", { css: true }).catch(() => undefined);
  if (root.querySelector(".jr-math")) {
    loadChunk<KatexApi>("katex", { css: true }).then(
      (api) => api.typeset(root),
      () => root.querySelectorAll(".jr-math").forEach((m) => m.classList.add("jr-math-err")),
    );
  }
}
