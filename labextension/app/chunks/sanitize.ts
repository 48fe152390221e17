// The sanitize chunk (static/chunks/sanitize.js), loaded by rich.ts the first time a page shows
// HTML from the app: `jr.html`, an object's `_repr_html_` (pandas Styler ...) or markdown with
// `unsafe_allow_html=True`. DOMPurify removes what could run script in the page's origin
// (<script>, event-handler attributes, `javascript:` URLs, <iframe>/srcdoc, <object>, <embed>,
// forms' formaction ...); <style> is kept, and for an object's HTML its rules are scoped to the
// element so one object's CSS cannot restyle the page.

import DOMPurify from "dompurify";
import { defineChunk } from "../lazy";

const purify = DOMPurify(window);

/** CSS text rewritten so that its rules only match inside `scope` (a selector). The text is
 *  parsed by the browser and written back rule by rule, so a stray "}" cannot break out, and
 *  @import (a fetch the page did not ask for) is dropped. */
function scopedCss(css: string, scope: string): string {
  let rules: string[];
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    rules = Array.from(sheet.cssRules, (r) => r.cssText);
  } catch {
    return "";
  }
  return `@scope (${scope}) {\n${rules.join("\n")}\n}`;
}

export interface SanitizeApi {
  /** `html` without anything that can run script, as nodes to append; with `scope` (a
   *  selector of the element it goes into) its <style> rules apply inside that element only. */
  clean(html: string, scope?: string): DocumentFragment;
}

const api: SanitizeApi = {
  clean(html, scope) {
    const frag = purify.sanitize(html, {
      RETURN_DOM_FRAGMENT: true,
      FORCE_BODY: true, // keep a leading <style> (pandas Styler starts with one)
      FORBID_TAGS: ["base", "meta", "link"],
      FORBID_ATTR: ["srcdoc", "formaction", "action"],
    });
    if (scope) {
      frag.querySelectorAll("style").forEach((s) => {
        s.textContent = scopedCss(s.textContent || "", scope);
      });
    }
    return frag;
  },
};

defineChunk("sanitize", api);
