// The dataframe grid (lazy chunk "grid", loaded by app/grid.ts the first time a dataframe shows).
//
// Runs in the browser page. Rows stay in the kernel: the element brings the schema, the row count
// and the first rows; the grid asks for pages of PAGE rows (`data_request`) as the viewer scrolls
// or sorts, and caches them until the element is replaced. Virtual scrolling is written here
// rather than taken from a library: rows have one fixed height, so which rows are visible is one
// division, and the only subtle part — a million rows are taller than a browser lets an element
// be — is handled by scaling the scroll position (see `draw`). Only the visible rows (plus two)
// are in the DOM.

import { defineChunk } from "../lazy";
import { formatNumber } from "../format";
import type { DataframeEl, DataPageMsg, GridColumn, GridPage, TableEl } from "../schema";
import { h } from "../dom";
import "./grid.css";

/** How the grid talks to the page's connection (app/grid.ts provides it). */
export interface GridLink {
  /** Send a data_request; false when the socket is not open. The answer comes to `onPage`. */
  request(view: GridView, id: string, start: number, stop: number, sort: [number, boolean][] | null): boolean;
  /** The viewer changed the selection: send it as the widget's value. */
  select(widgetId: string, rows: number[]): void;
}

export interface GridView {
  root: HTMLElement;
  /** The same data, other details (the selection): update in place; false: rebuild. */
  update(el: DataframeEl): boolean;
  onPage(msg: DataPageMsg, sort: string): void;
}

export interface GridApi {
  mount(box: HTMLElement, el: DataframeEl, link: GridLink): GridView;
  /** The height the grid will take (for the placeholder shown while the chunk loads). */
  height(el: DataframeEl): number;
  /** Draw a static `table` element into `box`. */
  table(box: HTMLElement, el: TableEl): void;
}

const PAGE = 100;
const ROW = 35;
const HEAD = 36;
/** Tallest spacer we make (px); browsers cap an element's height (Chromium near 33.5M). */
const MAX_SPACER = 8_000_000;
const SIZES: Record<string, number> = { small: 75, medium: 200, large: 400 };
const SAFE_URL = /^(https?:|mailto:|\/|\.\/|#)/i;
const SAFE_IMG = /^(https?:|data:image\/(png|jpe?g|gif|webp|svg\+xml)[;,]|\/)/i;

function div(cls: string, text?: string): HTMLDivElement {
  const d = document.createElement("div");
  d.className = cls;
  if (text !== undefined) d.textContent = text;
  return d;
}

function height(el: DataframeEl): number {
  const rh = el.row_height || ROW;
  return el.height ?? Math.min(Math.max(el.rows, 1), 10) * rh + HEAD + 2;
}

const isNum = (c: GridColumn): boolean =>
  c.type === "number" || c.type === "progress" || (!c.type && (c.kind === "int" || c.kind === "float"));

function plainNumber(x: number, kind: string): string {
  if (kind === "int" || Number.isInteger(x)) return String(x);
  return String(+x.toFixed(4));
}

function numberText(c: GridColumn, x: number): string {
  const f = c.format;
  const integer = c.kind === "int";
  switch (f) {
    case undefined:
    case "plain":
      return plainNumber(x, c.kind);
    case "localized":
      return x.toLocaleString();
    case "percent":
      return `${(x * 100).toLocaleString(undefined, { maximumFractionDigits: 2 })}%`;
    case "dollar":
      return x.toLocaleString("en-US", { style: "currency", currency: "USD" });
    case "euro":
      return x.toLocaleString("en-US", { style: "currency", currency: "EUR" });
    case "compact":
      return x.toLocaleString(undefined, { notation: "compact" });
    case "scientific":
      return x.toExponential(2);
  }
  return formatNumber(f, x, integer, (v) => plainNumber(v, c.kind));
}

function spark(c: GridColumn, values: unknown[], w: number, hgt: number): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", String(w));
  svg.setAttribute("height", String(hgt));
  svg.setAttribute("class", "jr-g-spark");
  svg.setAttribute("aria-hidden", "true");
  const ys = values.map((v) => (typeof v === "number" ? v : NaN)).filter((v) => Number.isFinite(v));
  if (!ys.length) return svg;
  const lo = c.min ?? Math.min(...ys, c.type === "bar_chart" ? 0 : Infinity);
  const hi = c.max ?? Math.max(...ys);
  const span = hi - lo || 1;
  const y = (v: number): number => hgt - 1 - ((Math.min(Math.max(v, lo), hi) - lo) / span) * (hgt - 2);
  if (c.type === "bar_chart") {
    const bw = w / ys.length;
    ys.forEach((v, i) => {
      const r = document.createElementNS(ns, "rect");
      const top = y(v);
      r.setAttribute("x", String(i * bw + bw * 0.1));
      r.setAttribute("width", String(Math.max(bw * 0.8, 1)));
      r.setAttribute("y", String(top));
      r.setAttribute("height", String(Math.max(hgt - top, 1)));
      svg.append(r);
    });
    return svg;
  }
  const step = ys.length > 1 ? w / (ys.length - 1) : 0;
  const pts = ys.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`);
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M" + pts.join("L") + (c.type === "area_chart" ? `L${w},${hgt}L0,${hgt}Z` : ""));
  path.setAttribute("class", c.type === "area_chart" ? "jr-g-area" : "jr-g-line");
  svg.append(path);
  return svg;
}

/** Fill a cell with one value as its column says (shared with the static table). */
export function cell(td: HTMLElement, c: GridColumn, v: unknown, placeholder: string, width: number, rh: number): void {
  td.replaceChildren();
  if (v === null || v === undefined) {
    if (placeholder) td.append(div("jr-g-ph", placeholder));
    return;
  }
  const t = c.type;
  if (t === "link" && typeof v === "string") {
    if (!SAFE_URL.test(v)) {
      td.textContent = v;
      return;
    }
    const a = document.createElement("a");
    a.href = v;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = c.display_text || v;
    td.append(a);
    return;
  }
  if (t === "image" && typeof v === "string" && SAFE_IMG.test(v)) {
    const img = document.createElement("img");
    img.src = v;
    img.alt = "";
    img.style.maxHeight = `${rh - 6}px`;
    td.append(img);
    return;
  }
  if ((t === "line_chart" || t === "bar_chart" || t === "area_chart") && Array.isArray(v)) {
    td.append(spark(c, v, Math.max(width - 16, 10), rh - 12));
    return;
  }
  if (t === "progress" && typeof v === "number") {
    const lo = c.min ?? 0;
    const hi = c.max ?? 100;
    const frac = Math.min(Math.max((v - lo) / (hi - lo || 1), 0), 1);
    const bar = div("jr-g-bar");
    const fill = div("jr-g-fill");
    fill.style.width = `${(frac * 100).toFixed(1)}%`;
    bar.append(fill);
    td.append(bar, div("jr-g-pct", numberText(c, v)));
    return;
  }
  if (typeof v === "boolean" || t === "checkbox") {
    td.classList.add("jr-g-bool");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.disabled = true;
    box.checked = !!v;
    box.setAttribute("aria-label", v ? "true" : "false");
    td.append(box);
    return;
  }
  if (typeof v === "number") {
    td.textContent = numberText(c, v);
    return;
  }
  if (Array.isArray(v)) {
    td.textContent = v.map((x) => (x === null ? "None" : String(x))).join(", ");
    return;
  }
  td.textContent = String(v);
}

function defaultWidth(c: GridColumn, sample: unknown[]): number {
  if (typeof c.width === "number") return c.width;
  if (typeof c.width === "string" && SIZES[c.width]) return SIZES[c.width];
  if (c.type && c.type.endsWith("_chart")) return 150;
  if (c.type === "progress") return 150;
  let longest = c.name.length + 2;
  for (const v of sample.slice(0, 100)) {
    const s = typeof v === "number" ? numberText(c, v) : v == null ? "" : Array.isArray(v) ? String(v) : String(v);
    if (s.length > longest) longest = s.length;
  }
  return Math.round(Math.min(Math.max(longest * 8 + 24, 60), 400));
}

class Grid implements GridView {
  readonly root: HTMLElement;
  private scroller: HTMLDivElement;
  private head: HTMLDivElement;
  private body: HTMLDivElement;
  private layer: HTMLDivElement;
  private err: HTMLDivElement;
  private cols: GridColumn[];
  /** Each column's own width (content, config or the viewer's drag). */
  private widths: number[];
  /** The widths drawn: `widths` stretched to fill the grid's width, as Streamlit's do. */
  private eff: number[] = [];
  private dragged = false;
  private rh: number;
  private pages = new Map<number, GridPage>();
  private inflight = new Map<number, number>();
  private sort: [number, boolean] | null = null;
  private selected = new Set<number>();
  private frame = 0;
  private resizing = false;
  private received = 0;

  constructor(
    box: HTMLElement,
    private el: DataframeEl,
    private link: GridLink,
  ) {
    this.rh = el.row_height || ROW;
    // column -1 is the index (its cells in page.index); the data columns are 0..n-1
    this.cols = el.index ? [el.index, ...el.columns] : el.columns.slice();
    const first = el.first;
    this.widths = this.cols.map((c, i) =>
      defaultWidth(c, el.index && i === 0 ? first.index || [] : first.cols[el.index ? i - 1 : i] || []),
    );
    this.pages.set(0, first);
    if (el.selection) this.selected = new Set(el.selection.value);

    this.root = div("jr-grid");
    this.root.setAttribute("role", "grid");
    this.root.setAttribute("aria-rowcount", String(el.rows + 1));
    this.root.setAttribute("aria-colcount", String(this.cols.length));
    if (el.alt) this.root.setAttribute("aria-label", el.alt);
    if (el.width) this.root.style.maxWidth = `${el.width}px`;
    this.scroller = div("jr-g-scroll");
    this.scroller.tabIndex = 0;
    this.scroller.style.height = `${height(el)}px`;
    this.head = div("jr-g-head");
    this.head.setAttribute("role", "row");
    this.body = div("jr-g-body");
    this.layer = div("jr-g-rows");
    this.body.append(this.layer);
    this.scroller.append(this.head, this.body);
    this.err = div("jr-g-err");
    this.err.setAttribute("role", "alert");
    this.err.hidden = true;
    this.root.append(this.scroller, this.err);
    box.replaceChildren(this.root);
    this.header();
    this.scroller.addEventListener("scroll", () => this.schedule(), { passive: true });
    new ResizeObserver(() => {
      this.applyWidths();
      this.schedule();
    }).observe(this.scroller);
    this.draw();
  }

  // -- header ------------------------------------------------------------------------------------

  private header(): void {
    this.head.replaceChildren();
    if (this.el.selection) {
      const hc = div("jr-g-hcell jr-g-selcol");
      hc.setAttribute("role", "columnheader");
      hc.setAttribute("aria-label", "Select rows");
      this.head.append(hc);
    }
    this.cols.forEach((c, i) => {
      const col = this.el.index ? i - 1 : i;
      const hc = div("jr-g-hcell");
      hc.setAttribute("role", "columnheader");
      hc.dataset.col = String(col);
      const label = div("jr-g-label", c.name);
      hc.append(label);
      if (c.help) {
        hc.title = c.help;
        hc.append(div("jr-g-help", "?"));
      }
      const sorted = this.sort && this.sort[0] === col ? this.sort[1] : null;
      hc.setAttribute("aria-sort", sorted === null ? "none" : sorted ? "ascending" : "descending");
      if (sorted !== null) hc.append(div("jr-g-arrow", sorted ? "↑" : "↓"));
      const grip = div("jr-g-rsz");
      grip.setAttribute("aria-hidden", "true");
      grip.addEventListener("pointerdown", (e) => this.startResize(e, i, grip));
      hc.append(grip);
      hc.addEventListener("click", () => {
        if (this.resizing) return;
        this.toggleSort(col);
      });
      this.head.append(hc);
    });
    this.applyWidths();
  }

  private applyWidths(): void {
    const sel = this.el.selection ? 36 : 0;
    const own = this.widths.reduce((a, b) => a + b, 0);
    const room = this.scroller.clientWidth - sel;
    const grow = !this.dragged && room > own ? room / own : 1;
    this.eff = this.widths.map((w) => Math.floor(w * grow));
    const total = sel + this.eff.reduce((a, b) => a + b, 0);
    this.head.style.width = this.body.style.width = `${total}px`;
    const cells = Array.from(this.head.children) as HTMLElement[];
    cells.forEach((hc, k) => {
      const i = this.el.selection ? k - 1 : k;
      hc.style.width = `${i < 0 ? sel : this.eff[i]}px`;
    });
  }

  private startResize(e: PointerEvent, i: number, grip: HTMLElement): void {
    e.preventDefault();
    e.stopPropagation();
    const x0 = e.clientX;
    const w0 = this.eff[i];
    this.widths = this.eff.slice();
    this.dragged = true;
    this.resizing = true;
    grip.setPointerCapture?.(e.pointerId);
    const move = (ev: PointerEvent): void => {
      this.widths[i] = Math.max(40, Math.round(w0 + ev.clientX - x0));
      this.applyWidths();
      this.redrawRows();
    };
    const up = (): void => {
      grip.removeEventListener("pointermove", move);
      grip.removeEventListener("pointerup", up);
      grip.removeEventListener("pointercancel", up);
      // the click that ends a drag must not sort
      setTimeout(() => (this.resizing = false), 0);
    };
    grip.addEventListener("pointermove", move);
    grip.addEventListener("pointerup", up);
    grip.addEventListener("pointercancel", up);
  }

  private toggleSort(col: number): void {
    const cur = this.sort && this.sort[0] === col ? this.sort[1] : null;
    this.sort = cur === null ? [col, true] : cur ? [col, false] : null;
    this.pages.clear();
    this.inflight.clear();
    if (!this.sort) this.pages.set(0, this.el.first);
    this.header();
    this.draw();
  }

  private sortKey(): string {
    return this.sort ? JSON.stringify(this.sort) : "";
  }

  // -- rows --------------------------------------------------------------------------------------

  private schedule(): void {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.draw();
      });
    }
  }

  private range(): { first: number; count: number; top: number } {
    const n = this.el.rows;
    const rh = this.rh;
    const viewH = Math.max(this.scroller.clientHeight - this.head.offsetHeight, rh);
    const total = n * rh;
    const spacer = Math.min(total, MAX_SPACER);
    this.body.style.height = `${spacer}px`;
    const st = this.scroller.scrollTop;
    // Past MAX_SPACER the scroll position is scaled: the spacer's scroll range maps onto the
    // rows' whole range, so the bottom of the scrollbar is exactly the last row.
    const maxScroll = Math.max(spacer - viewH, 0);
    const virtMax = Math.max(total - viewH, 0);
    const virtTop = maxScroll > 0 ? Math.min(st, maxScroll) * (virtMax / maxScroll) : 0;
    const first = Math.floor(virtTop / rh);
    const offset = virtTop - first * rh;
    const count = Math.min(Math.ceil(viewH / rh) + 2, n - first);
    return { first, count: Math.max(count, 0), top: Math.min(st, maxScroll) - offset };
  }

  private draw(): void {
    if (!this.root.isConnected) return;
    const { first, count, top } = this.range();
    this.layer.style.transform = `translateY(${top}px)`;
    this.fetch(first, first + count);
    this.paint(first, count);
  }

  private redrawRows(): void {
    this.draw();
  }

  private fetch(lo: number, hi: number): void {
    const p0 = Math.floor(lo / PAGE);
    const p1 = Math.floor(Math.max(hi - 1, lo) / PAGE) + (hi % PAGE > PAGE - 20 ? 1 : 0);
    const now = Date.now();
    const sort = this.sort ? [this.sort] : null;
    for (let p = p0; p <= p1 && p * PAGE < this.el.rows; p++) {
      if (this.pages.has(p)) continue;
      const since = this.inflight.get(p);
      if (since !== undefined && now - since < 10000) continue; // a lost answer is asked again
      if (this.link.request(this, this.el.data_id, p * PAGE, Math.min((p + 1) * PAGE, this.el.rows), sort)) {
        this.inflight.set(p, now);
      }
    }
  }

  onPage(msg: DataPageMsg, sort: string): void {
    if (msg.error) {
      this.err.hidden = false;
      this.err.textContent = msg.error;
      return;
    }
    if (!msg.page || sort !== this.sortKey()) return; // an answer for a sort the viewer left
    const p = Math.floor(msg.page.start / PAGE);
    this.inflight.delete(p);
    this.pages.set(p, msg.page);
    this.received += msg.page.pos.length;
    this.root.dataset.received = String(this.received);
    this.schedule();
  }

  private paint(first: number, count: number): void {
    const rows = this.layer.children;
    while (rows.length > count) this.layer.lastElementChild?.remove();
    const sel = this.el.selection;
    const ph = this.el.placeholder ?? "None";
    for (let k = 0; k < count; k++) {
      const r = first + k;
      let row = rows[k] as HTMLDivElement | undefined;
      if (!row) {
        row = div("jr-g-row");
        row.setAttribute("role", "row");
        row.style.height = `${this.rh}px`;
        this.layer.append(row);
      }
      const page = this.pages.get(Math.floor(r / PAGE));
      const j = r - (page ? page.start : 0);
      const pos = page ? page.pos[j] : undefined;
      const key = `${r}|${pos}|${this.eff.join(",")}|${pos !== undefined && this.selected.has(pos)}`;
      if (row.dataset.key === key) continue;
      row.dataset.key = key;
      row.setAttribute("aria-rowindex", String(r + 2));
      row.replaceChildren();
      row.classList.toggle("jr-g-sel", pos !== undefined && this.selected.has(pos));
      if (sel) {
        const c = div("jr-g-cell jr-g-selcol");
        c.setAttribute("role", "gridcell");
        if (pos !== undefined) {
          const box = document.createElement("input");
          box.type = sel.mode === "multi-row" ? "checkbox" : "radio";
          box.checked = this.selected.has(pos);
          box.setAttribute("aria-label", `Select row ${r + 1}`);
          box.addEventListener("change", () => this.toggleRow(pos, box.checked));
          c.append(box);
        }
        row.append(c);
      }
      this.cols.forEach((c, i) => {
        const td = div("jr-g-cell" + (isNum(c) ? " jr-g-num" : "") + (this.el.index && i === 0 ? " jr-g-idx" : ""));
        td.setAttribute("role", "gridcell");
        td.style.width = `${this.eff[i]}px`;
        if (!page || pos === undefined) td.append(div("jr-g-ph", "…"));
        else {
          const values = this.el.index ? (i === 0 ? page.index || [] : page.cols[i - 1]) : page.cols[i];
          cell(td, c, values ? values[j] : null, ph, this.eff[i], this.rh);
        }
        row?.append(td);
      });
    }
  }

  private toggleRow(pos: number, on: boolean): void {
    const sel = this.el.selection;
    if (!sel) return;
    if (sel.mode === "multi-row") {
      if (on) this.selected.add(pos);
      else this.selected.delete(pos);
    } else if (on) this.selected = new Set([pos]);
    else if (sel.mode === "single-row") this.selected.clear();
    this.draw();
    this.link.select(sel.id, Array.from(this.selected).sort((a, b) => a - b));
  }

  update(el: DataframeEl): boolean {
    this.el = el;
    if (el.selection) this.selected = new Set(el.selection.value);
    this.draw();
    return true;
  }
}

function text(c: GridColumn, v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "✓" : "✗";
  if (typeof v === "number" && c.kind === "float" && !Number.isInteger(v)) return String(+v.toFixed(4));
  return Array.isArray(v) ? v.join(", ") : String(v);
}

function table(wrap: HTMLElement, el: TableEl): void {
  const cols = el.index ? [el.index, ...el.columns] : el.columns;
  const cells = el.cells;
  const num = (c: GridColumn): string => (c.kind === "int" || c.kind === "float" ? "jr-t-num" : "");
  const t = h("table", { class: `jr-table jr-t-b-${String(el.border)}`, "aria-label": el.alt });
  if (!el.hide_header) {
    t.append(h("thead", null, h("tr", null, ...cols.map((c) => h("th", { scope: "col", class: num(c), title: c.help, text: c.name })))));
  }
  const body = h("tbody");
  cells.pos.forEach((_p, r) => {
    const tr = h("tr");
    cols.forEach((c, i) => {
      const values = el.index ? (i === 0 ? cells.index || [] : cells.cols[i - 1]) : cells.cols[i];
      tr.append(h(el.index && i === 0 ? "th" : "td", { class: num(c), scope: el.index && i === 0 ? "row" : null, text: text(c, values[r]) }));
    });
    body.append(tr);
  });
  t.append(body);
  const note = el.rows > cells.pos.length ? h("div", { class: "jr-caption", text: `Showing the first ${cells.pos.length} of ${el.rows} rows.` }) : null;
  wrap.append(t);
  if (note) wrap.after(note);
}

defineChunk("grid", {
  mount: (box: HTMLElement, el: DataframeEl, link: GridLink) => new Grid(box, el, link),
  height,
  table,
} satisfies GridApi);
