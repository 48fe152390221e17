// Streamlit's layout model, applied in one place: an element's `sizing` (width, height, text
// alignment, wrap) and its `alt`, and how a container lays out its children (horizontal rows,
// gaps, alignment). Elements render their own content; this only sizes the node that holds it.

import type { BlockEl, CellBlock, Element, GridBlock } from "./protocol";

export const SIZING_CLASSES = ["jr-sz-stretch", "jr-sz-content", "jr-sz-px", "jr-sz-hpx", "jr-sz-hstretch", "jr-sz-nowrap", "jr-full", "jr-basis"];
export const SIZING_PROPS = ["--jr-w", "--jr-h", "--jr-basis", "text-align"];
const ALIGNS = new Set(["left", "center", "right", "justify"]);

/** Size `wrap` (the element's node in its parent's box) as the element's `sizing` says, undoing
 *  what an earlier element at this place set. Called after every element is applied; it writes
 *  only what differs from what the node has (a class removed and added back, a property set to
 *  the value it had, are DOM mutations and style invalidations all the same). */
export function applySizing(wrap: HTMLElement, el: Element | null): void {
  const classes = new Set<string>();
  const props = new Map<string, string>();
  let alt = "";
  if (el && typeof el === "object") {
    const s = "sizing" in el && el.sizing && typeof el.sizing === "object" ? el.sizing : null;
    if (s) {
      const w = s.width;
      if (typeof w === "number" && Number.isFinite(w) && w > 0) {
        classes.add("jr-sz-px");
        props.set("--jr-w", `${Math.round(w)}px`);
      } else if (w === "stretch" || w === "content") classes.add("jr-sz-" + w);
      // a widget or leaf given a width fills it (buttons, pills...); a container's children keep theirs
      if ((w === "stretch" || typeof w === "number") && el.kind !== "block") classes.add("jr-full");
      const ht = s.height;
      if (typeof ht === "number" && Number.isFinite(ht) && ht > 0) {
        classes.add("jr-sz-hpx");
        props.set("--jr-h", `${Math.round(ht)}px`);
      } else if (ht === "stretch") classes.add("jr-sz-hstretch");
      if (typeof s.text_alignment === "string" && ALIGNS.has(s.text_alignment)) props.set("text-align", s.text_alignment);
      if (s.wrap === false) classes.add("jr-sz-nowrap");
    }
    const basis = flexBasis(el);
    if (basis && !classes.has("jr-sz-content") && !classes.has("jr-sz-px")) {
      classes.add("jr-basis");
      props.set("--jr-basis", basis);
    }
    const a = "alt" in el ? el.alt : undefined;
    if (typeof a === "string" && a && !OWN_ALT.has(el.kind)) alt = a;
  }
  for (const c of SIZING_CLASSES) if (wrap.classList.contains(c) !== classes.has(c)) wrap.classList.toggle(c);
  for (const p of SIZING_PROPS) {
    const v = props.get(p) ?? "";
    if (wrap.style.getPropertyValue(p) !== v) {
      if (v) wrap.style.setProperty(p, v);
      else wrap.style.removeProperty(p);
    }
  }
  // the element's accessible description: a figure named by it (charts draw their content
  // later), unless the element's own renderer named the node
  const ours = !!wrap.dataset.jrAlt;
  if (alt && (ours || !wrap.hasAttribute("aria-label"))) {
    if (wrap.getAttribute("role") !== "figure") wrap.setAttribute("role", "figure");
    if (wrap.getAttribute("aria-label") !== alt) wrap.setAttribute("aria-label", alt);
    if (!ours) wrap.dataset.jrAlt = "1";
  } else if (ours) {
    for (const a of ["role", "aria-label", "data-jr-alt"]) wrap.removeAttribute(a);
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

/** A gap as CSS: Streamlit's names, pixels, or none (null); "" for anything else. */
function gapCss(g: unknown): string {
  if (g === null) return "0px";
  if (typeof g === "number") return Number.isFinite(g) && g >= 0 ? `${Math.round(Math.min(g, 10000))}px` : "";
  return GAPS[String(g)] ?? "";
}

/** The gap between a block's children (columns' names, a container's names, pixels or none). */
export function blockGap(el: BlockEl): string {
  return "gap" in el ? gapCss(el.gap) : "";
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

// -- grid (`jr.grid`) ------------------------------------------------------------------------------
// Streamlit 1.67's column count, measured as its frontend measures it: with `nowrap` the declared
// count; otherwise as many columns of `min_width` (12.5rem by default) and the column gap as the
// grid's width holds, at least one, at most the declared count (24 for "auto"). The tracks share
// the width equally (`nowrap`: never narrower than `min_width`, the grid scrolling sideways). A
// cell's column span shrinks to the count; "all" takes a row of its own.

const GRID_MAX = 24;
/** Where the grid's width is not known yet (a hidden tab): Streamlit's content width less padding. */
const GRID_FALLBACK_PX = 704;
const CELL_ALIGN: Record<string, string> = { center: "safe center", bottom: "safe flex-end" };

interface GridConf {
  columns?: number;
  minWidth?: number;
  nowrap: boolean;
}
const grids = new WeakMap<HTMLElement, GridConf>();
let gridSizes: ResizeObserver | null = null;

/** A whole number in [lo, hi], or undefined for anything that is not a finite number. */
function bounded(v: unknown, lo: number, hi: number): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.round(v))) : undefined;
}

/** Lay out a grid block's box (its cells are its children) as the element says. */
export function applyGrid(box: HTMLElement, el: GridBlock): void {
  const columns = bounded(el.columns, 1, GRID_MAX);
  const conf: GridConf = { columns, minWidth: bounded(el.min_width, 1, 100000), nowrap: el.nowrap === true && columns !== undefined };
  box.style.rowGap = gapCss("row_gap" in el ? el.row_gap : "small") || "1rem";
  box.style.columnGap = gapCss("column_gap" in el ? el.column_gap : "small") || "1rem";
  const rows = bounded(el.row_height, 1, 100000);
  box.style.gridAutoRows = rows ? `${rows}px` : "";
  box.style.setProperty("--jr-gv", CELL_ALIGN[String(el.valign)] || null);
  box.classList.toggle("jr-cells-border", el.border === true);
  box.classList.toggle("jr-cells-fixed", !!rows);
  box.classList.toggle("jr-cells-dense", el.dense === true);
  box.classList.toggle("jr-cells-nowrap", conf.nowrap);
  grids.set(box, conf);
  if (!gridSizes) {
    gridSizes = new ResizeObserver((entries) => {
      for (const e of entries) {
        const t = e.target as HTMLElement;
        if (!t.isConnected) gridSizes?.unobserve(t);
        else layoutGrid(t);
      }
    });
  }
  gridSizes.observe(box);
  layoutGrid(box);
}

function layoutGrid(box: HTMLElement): void {
  const conf = grids.get(box);
  if (!conf) return;
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const min = conf.minWidth ?? 12.5 * rem;
  let count: number;
  if (conf.nowrap) count = conf.columns as number;
  else {
    const width = box.clientWidth > 0 ? box.clientWidth : GRID_FALLBACK_PX;
    const gap = parseFloat(getComputedStyle(box).columnGap) || 0;
    count = Math.min(conf.columns ?? GRID_MAX, Math.max(1, Math.floor((width + gap) / (min + gap))));
  }
  const template = conf.nowrap ? `repeat(${count}, minmax(${min}px, 1fr))` : `repeat(${count}, minmax(0px, 1fr))`;
  // a grid that scrolls sideways keeps room above its cells, as Streamlit's does (its toolbars')
  const gap = parseFloat(getComputedStyle(box).columnGap) || 0;
  const sideways = conf.nowrap && box.clientWidth > 0 && count * min + (count - 1) * gap > box.clientWidth + 1;
  if (box.classList.contains("jr-cells-clear") !== sideways) box.classList.toggle("jr-cells-clear", sideways);
  if (box.style.gridTemplateColumns !== template) box.style.gridTemplateColumns = template;
  if (box.dataset.columns !== String(count)) {
    box.dataset.columns = String(count);
    for (const cell of Array.from(box.children)) spanCell(cell as HTMLElement, count);
  }
}

/** A cell's column span as far as its grid's columns go ("all": the whole row). */
function spanCell(cell: HTMLElement, count: number): void {
  const span = cell.style.getPropertyValue("--jr-span");
  const want = span === "all" ? "1 / -1" : span ? `span ${Math.min(Number(span), count)}` : "";
  if (cell.style.gridColumn !== want) cell.style.gridColumn = want;
}

/** A `grid.cell()`: its spans (bounded), on the node that is its grid's item. */
export function applyCell(wrap: HTMLElement, el: CellBlock): void {
  const span = el.span_all === true ? "all" : String(bounded(el.span, 1, GRID_MAX) ?? "");
  wrap.style.setProperty("--jr-span", span === "1" ? null : span || null);
  const rows = bounded(el.row_span, 1, 1000);
  wrap.style.gridRow = rows && rows > 1 ? `span ${rows}` : "";
  const count = Number(wrap.parentElement?.dataset.columns) || 1;
  spanCell(wrap, count);
}
