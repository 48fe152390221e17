// Streamlit's layout model, applied in one place: an element's `sizing` (width, height, text
// alignment, wrap) and its `alt`, and how a container lays out its children (horizontal rows,
// gaps, alignment). Elements render their own content; this only sizes the node that holds it.

import type { BlockEl, Element } from "./protocol";

const CLASSES = ["jr-sz-stretch", "jr-sz-content", "jr-sz-px", "jr-sz-hpx", "jr-sz-hstretch", "jr-sz-nowrap", "jr-full", "jr-basis"];
const ALIGNS = new Set(["left", "center", "right", "justify"]);

/** Size `wrap` (the element's node in its parent's box) as the element's `sizing` says, undoing
 *  what an earlier element at this place set. Called after every element is applied. */
export function applySizing(wrap: HTMLElement, el: Element | null): void {
  // only those it has: removing absent classes rewrites the attribute all the same
  const had = CLASSES.filter((c) => wrap.classList.contains(c));
  if (had.length) wrap.classList.remove(...had);
  if (wrap.dataset.jrAlt) {
    for (const a of ["role", "aria-label", "data-jr-alt"]) wrap.removeAttribute(a);
  }
  for (const v of ["--jr-w", "--jr-h", "--jr-basis", "text-align"]) wrap.style.removeProperty(v);
  if (!el || typeof el !== "object") return;
  const s = "sizing" in el && el.sizing && typeof el.sizing === "object" ? el.sizing : null;
  if (s) {
    const w = s.width;
    if (typeof w === "number" && Number.isFinite(w) && w > 0) {
      wrap.classList.add("jr-sz-px");
      wrap.style.setProperty("--jr-w", `${Math.round(w)}px`);
    } else if (w === "stretch" || w === "content") wrap.classList.add("jr-sz-" + w);
    // a widget or leaf given a width fills it (buttons, pills...); a container's children keep theirs
    if ((w === "stretch" || typeof w === "number") && el.kind !== "block") wrap.classList.add("jr-full");
    const ht = s.height;
    if (typeof ht === "number" && Number.isFinite(ht) && ht > 0) {
      wrap.classList.add("jr-sz-hpx");
      wrap.style.setProperty("--jr-h", `${Math.round(ht)}px`);
    } else if (ht === "stretch") wrap.classList.add("jr-sz-hstretch");
    if (typeof s.text_alignment === "string" && ALIGNS.has(s.text_alignment)) wrap.style.textAlign = s.text_alignment;
    if (s.wrap === false) wrap.classList.add("jr-sz-nowrap");
  }
  const basis = flexBasis(el);
  if (basis && !wrap.classList.contains("jr-sz-content") && !wrap.classList.contains("jr-sz-px")) {
    wrap.classList.add("jr-basis");
    wrap.style.setProperty("--jr-basis", basis);
  }
  const alt = "alt" in el ? el.alt : undefined;
  if (typeof alt === "string" && alt && !OWN_ALT.has(el.kind) && !wrap.hasAttribute("aria-label")) {
    // the element's accessible description: a figure named by it (charts draw their content later)
    wrap.setAttribute("role", "figure");
    wrap.setAttribute("aria-label", alt);
    wrap.dataset.jrAlt = "1";
  }
}

// In a horizontal container a stretched element starts from Streamlit 1.67's basis for its kind
// (`flex: 1 1 <basis>`, the row wrapping when the bases do not fit): 8rem for the input widgets,
// 14rem for the large ones, its content's width for buttons, checkboxes, metrics and alerts.
// Elements not listed keep the row's default (style.css: a 14rem minimum, equal shares).
const MEDIUM_WIDGETS = new Set([
  "date_input", "multiselect", "number_input", "radio", "selectbox", "slider", "select_slider",
  "text_input", "time_input", "text_area", "chat_input",
]);
const LARGE_WIDGETS = new Set(["audio_input", "file_uploader", "pills", "segmented_control", "camera_input"]);
const FIT_WIDGETS = new Set([
  "button", "form_submit_button", "checkbox", "toggle", "color_picker", "download_button", "link_button",
  "menu_button", "feedback", "datetime_input",
]);
const FIT_ELEMENTS = new Set(["metric", "alert"]);

function flexBasis(el: Element): string | undefined {
  if (el.kind === "widget") {
    const w = (el as { widget?: unknown }).widget as string;
    if (MEDIUM_WIDGETS.has(w)) return "8rem";
    if (LARGE_WIDGETS.has(w)) return "14rem";
    if (FIT_WIDGETS.has(w)) return "fit-content";
    return undefined;
  }
  return FIT_ELEMENTS.has(el.kind) ? "fit-content" : undefined;
}

/** Elements whose renderer gives their `alt` to what it draws (a chart's figure, a grid, an
 *  image's alt text): their wrapper must not be a second figure of the same name. */
const OWN_ALT = new Set(["image", "vega_lite", "deck", "graphviz", "mermaid", "dataframe", "table", "document"]);

const GAPS: Record<string, string> = {
  xxsmall: "0.25rem",
  xsmall: "0.5rem",
  small: "1rem",
  medium: "2rem",
  large: "4rem",
  xlarge: "6rem",
  xxlarge: "8rem",
};
const JUSTIFY: Record<string, string> = { center: "center", right: "flex-end", distribute: "space-between" };
const VJUSTIFY: Record<string, string> = { center: "center", bottom: "flex-end", distribute: "space-between" };
const ITEMS: Record<string, string> = { center: "center", bottom: "flex-end", distribute: "stretch" };

/** The gap between a block's children (columns' names, a container's names, pixels or none). */
export function blockGap(el: BlockEl): string {
  if (!("gap" in el)) return "";
  const g = el.gap;
  if (g === null) return "0px";
  if (typeof g === "number") return Number.isFinite(g) && g >= 0 ? `${Math.round(g)}px` : "";
  return GAPS[String(g)] ?? "";
}

/** A container's own flow: a row (`horizontal`) or a column, and where its children sit. */
export function applyFlow(box: HTMLElement, el: BlockEl): void {
  const row = el.layout === "vertical" && el.horizontal === true;
  box.classList.toggle("jr-hbox", row);
  box.classList.toggle("jr-bottom", el.layout === "vertical" && el.bottom === true);
  box.classList.toggle("jr-cols-nowrap", el.layout === "columns" && el.nowrap === true);
  box.classList.toggle("jr-nowrap", row && el.nowrap === true);
  const halign = el.layout === "vertical" && el.halign ? el.halign : "";
  const valign = el.layout === "vertical" && el.valign ? el.valign : "";
  box.style.setProperty("--jr-justify", row ? JUSTIFY[halign] || null : null);
  // a row aligns its children vertically; a column aligns them horizontally
  box.style.setProperty(
    "--jr-items",
    row ? ITEMS[valign] || null : halign === "center" ? "center" : halign === "right" ? "flex-end" : null,
  );
  box.style.setProperty("--jr-vjustify", row ? null : VJUSTIFY[valign] || null);
}
