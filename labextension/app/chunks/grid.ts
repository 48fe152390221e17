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
import { formatDateCell, numberFormat } from "../format";
import type { DataframeEl, DataPageMsg, GridColumn, GridEditColumn, GridEditor, GridPage, GridSelectionValue, TableEl } from "../schema";
import { h } from "../dom";
import { type Cell, type EditState, inputValue, newRow, originalRow, parseCell, parseState, parseTsv, wire } from "./gridedit/state";
import { type CellExtras, justify, optionLabel, progressText, richCell } from "./gridcells/cells";
import "./grid.css";

/** How the grid talks to the page's connection (app/grid.ts provides it). */
export interface GridLink {
  /** Send a data_request; false when the socket is not open. The answer comes to `onPage`. */
  request(view: GridView, id: string, start: number, stop: number, sort: [number, boolean][] | null): boolean;
  /** The viewer changed the selection: send it as the widget's value. */
  select(widgetId: string, value: GridSelectionValue): void;
  /** The viewer edited a data editor: send its editing state (JSON) as the widget's value. */
  edit?(widgetId: string, state: string): void;
  /** A button of a button column was clicked: send [row position, label] as the widget's value. */
  click?(widgetId: string, value: [number, string]): void;
  /** Load what the icons and math under `el` need (the page's rich.ts `enhance`). */
  enhance?(el: HTMLElement): void;
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
/** Most rows the header's box selects at once (the protocol's cap on a selection's lists). */
const MAX_SELECT_ALL = 100_000;
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
  const extra = el.editor && (el.editor.num_rows === "dynamic" || el.editor.num_rows === "add") ? 1 : 0;
  return el.height ?? Math.min(Math.max(el.rows + extra, 1), 10) * rh + HEAD + 2;
}

const isNum = (c: GridColumn): boolean =>
  c.type === "number" || c.type === "progress" || (!c.type && (c.kind === "int" || c.kind === "float"));

function plainNumber(x: number, kind: string): string {
  if (kind === "int" || Number.isInteger(x)) return String(x);
  return String(+x.toFixed(4));
}

/** A number cell: plain, or through the column's format (Streamlit's named formats or a
 *  printf-style one, the same code as a metric's: format.ts). */
function numberText(c: GridColumn, x: number): string {
  if (c.format === undefined) return plainNumber(x, c.kind);
  return numberFormat(c.format, x, c.kind === "int") ?? plainNumber(x, c.kind);
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
export function cell(
  td: HTMLElement,
  c: GridColumn,
  v: unknown,
  placeholder: string,
  width: number,
  rh: number,
  extras: CellExtras = {},
): void {
  td.replaceChildren();
  const t0 = c.type;
  const j = justify(c.align ?? (t0 === "button" || t0 === "audio" || t0 === "video" ? "center" : undefined));
  if (j) td.style.justifyContent = j;
  if (v === null || v === undefined) {
    if (placeholder) td.append(div("jr-g-ph", placeholder));
    return;
  }
  const t = c.type;
  if (richCell(td, c, v, extras)) return;
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
    td.append(bar, div("jr-g-pct", progressText(c, v) ?? numberText(c, v)));
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
  if (t === "selectbox" && c.labels) {
    td.textContent = optionLabel(c, v);
    return;
  }
  if (typeof v === "string" && c.format && (t === "date" || t === "datetime" || t === "time")) {
    td.textContent = formatDateCell(t, c.format, v);
    return;
  }
  td.textContent = String(v);
}

/** A pandas Styler's colours and formatted text on cell `j` of shown column `col` of a page. */
function styled(td: HTMLElement, page: GridPage, col: number, j: number): void {
  const text = page.text?.[col]?.[j];
  if (text != null && !td.querySelector("input, svg, img, a, .jr-g-bar")) td.textContent = text;
  const bg = page.bg?.[col]?.[j];
  const fg = page.fg?.[col]?.[j];
  if (bg) td.style.backgroundColor = bg;
  if (fg) td.style.color = fg;
}

function defaultWidth(c: GridColumn, sample: unknown[]): number {
  if (typeof c.width === "number") return c.width;
  if (typeof c.width === "string" && SIZES[c.width]) return SIZES[c.width];
  if (c.type && c.type.endsWith("_chart")) return 150;
  if (c.type === "progress") return 150;
  // a media cell is an icon: its URL (often a long data: URL) says nothing about its width
  if (c.type === "audio" || c.type === "video") return Math.round(Math.min(Math.max(c.name.length * 8 + 24, 75), 400));
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
  /** selected columns (data column indices: the index column is not selectable) */
  private selCols = new Set<number>();
  /** selected cells, in the order they are reported: "<row position>:<data column>" -> both */
  private selCells = new Map<string, [number, number]>();
  /** the cell a multi-cell rectangle starts from (shown row, data column), and the column a
   *  Shift+click range of columns starts from */
  private anchor: { r: number; c: number } | null = null;
  private colAnchor: number | null = null;
  /** bumped when the selection changes: the rows are repainted */
  private selv = 0;
  /** the header's "select all rows" box (multi-row) */
  private allBox: HTMLInputElement | null = null;
  private frame = 0;
  private resizing = false;
  private received = 0;
  // -- data_editor only ---------------------------------------------------------------------------
  private ed: GridEditor | undefined;
  /** each drawn column's editing rules, aligned with `cols` */
  private ecols: GridEditColumn[] = [];
  private st: EditState = { edited_rows: {}, added_rows: [], deleted_rows: [] };
  /** the state as last sent (or taken from the kernel) */
  private lastWire = "";
  /** a state sent whose run has not echoed it yet: older echoes are not taken over */
  private pending: string | null = null;
  private focus: { r: number; c: number } | null = null;
  /** rows ticked for deletion: "o<position>" or "a<added row>" */
  private marked = new Set<string>();
  private version = 0;
  /** the open cell editor, if any */
  private editing: {
    r: number;
    c: number;
    input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLElement;
    /** the multiselect editor's chosen items */
    multi?: () => string[];
  } | null = null;
  private tools: HTMLDivElement | null = null;
  private editTop = 0;
  /** leading columns that stay in view when scrolling sideways (pinned; the index with them) */
  private frozen = 0;

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
    this.storeFirst();
    this.takeSelection(el);
    const pinnedData = el.columns.filter((c) => c.pinned).length; // the kernel put them first
    if (pinnedData || el.index?.pinned) this.frozen = (el.index ? 1 : 0) + pinnedData;
    if (el.editor) {
      this.ed = el.editor;
      this.ecols = el.index ? [el.editor.index || { key: "_index" }, ...el.editor.columns] : el.editor.columns.slice();
      this.st = parseState(el.editor.value);
      this.lastWire = el.editor.value;
    }

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
    if (this.ed) this.setupEditor();
    if (el.selection?.cells) this.setupCellPicking();
    if (el.selection) {
      this.scroller.addEventListener("keydown", (e) => {
        if (e.key === "Escape") this.clearSelection();
      });
    }
    box.replaceChildren(this.root);
    // an editor's height changes with its rows (and its toolbar): the placeholder's height goes
    if (this.ed) {
      box.style.height = "";
      box.classList.remove("jr-grid-wait");
    }
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
    this.allBox = null;
    if (this.markers()) {
      const hc = div("jr-g-hcell jr-g-selcol");
      hc.setAttribute("role", "columnheader");
      hc.setAttribute("aria-label", "Select rows");
      // multi-row: the header's box selects every row, as Streamlit's (a frame small enough
      // that its positions fit in one message)
      if (this.el.selection?.mode === "multi-row" && this.el.rows > 0 && this.el.rows <= MAX_SELECT_ALL) {
        const box = document.createElement("input");
        box.type = "checkbox";
        box.setAttribute("aria-label", "Select all rows");
        box.addEventListener("click", (e) => e.stopPropagation());
        box.addEventListener("change", () => {
          this.selected = box.checked ? new Set(Array.from({ length: this.el.rows }, (_x, i) => i)) : new Set();
          this.sendSelection();
        });
        hc.append(box);
        this.allBox = box;
      }
      this.head.append(hc);
    }
    this.cols.forEach((c, i) => {
      const col = this.el.index ? i - 1 : i;
      const hc = div("jr-g-hcell");
      hc.setAttribute("role", "columnheader");
      hc.dataset.col = String(col);
      const label = div("jr-g-label", c.name);
      const hj = justify(c.align);
      if (hj) hc.style.justifyContent = hj;
      if (this.ecols[i]?.editor && !(this.el.index && i === 0)) {
        const pen = div("jr-g-pen", "✎");
        pen.setAttribute("aria-hidden", "true");
        hc.append(pen);
      }
      hc.append(label);
      if (c.help) {
        hc.title = c.help;
        hc.append(div("jr-g-help", "?"));
      }
      const sorted = this.sort && this.sort[0] === col ? this.sort[1] : null;
      hc.setAttribute("aria-sort", sorted === null ? "none" : sorted ? "ascending" : "descending");
      if (sorted !== null) {
        const arrow = div("jr-g-arrow", sorted ? "↑" : "↓");
        arrow.setAttribute("aria-hidden", "true"); // aria-sort says it
        hc.append(arrow);
      }
      const picking = !!this.el.selection?.columns;
      if (picking && col >= 0) {
        hc.setAttribute("aria-selected", String(this.selCols.has(col)));
        hc.classList.toggle("jr-g-hsel", this.selCols.has(col));
      }
      if (picking) {
        // a header click selects its column: sorting moves to the column's menu, as in Streamlit
        const menu = h("button", { type: "button", class: "jr-g-hmenu", "aria-label": `${c.name} column menu`, text: "⋮" });
        menu.addEventListener("click", (e) => {
          e.stopPropagation();
          this.columnMenu(hc, col);
        });
        hc.append(menu);
      }
      const grip = div("jr-g-rsz");
      grip.setAttribute("aria-hidden", "true");
      grip.addEventListener("pointerdown", (e) => this.startResize(e, i, grip));
      hc.append(grip);
      hc.addEventListener("click", (e) => {
        if (this.resizing || this.ed) return; // an editor's rows stay in the data's order
        if (picking) {
          if (col >= 0) this.pickColumn(col, e.shiftKey);
          return;
        }
        this.toggleSort(col);
      });
      this.head.append(hc);
    });
    this.applyWidths();
  }

  private applyWidths(): void {
    const sel = this.markers() ? 36 : 0;
    const own = this.widths.reduce((a, b) => a + b, 0);
    const room = this.scroller.clientWidth - sel;
    // as Streamlit's: the data columns grow to fill the width, the index keeps its own
    const keep = this.el.index && this.widths.length > 1 ? this.widths[0] : 0;
    const grow = !this.dragged && room > own ? (room - keep) / (own - keep) : 1;
    this.eff = this.widths.map((w, i) => (keep && i === 0 ? w : Math.floor(w * grow)));
    if (grow > 1) this.eff[this.eff.length - 1] += room - this.eff.reduce((a, b) => a + b, 0);
    this.root.classList.toggle("jr-g-fill-w", grow > 1);
    const total = sel + this.eff.reduce((a, b) => a + b, 0);
    this.head.style.width = this.body.style.width = `${total}px`;
    const cells = Array.from(this.head.children) as HTMLElement[];
    cells.forEach((hc, k) => {
      const i = this.markers() ? k - 1 : k;
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
    this.setSort(cur === null ? [col, true] : cur ? [col, false] : null);
  }

  /** The rows that came with the element, as pages of PAGE rows: the first page, or with
   *  `dataframe(lazy=False)` every row (then nothing is asked for). */
  private storeFirst(): void {
    const f = this.el.first;
    if (f.pos.length <= PAGE) return void this.pages.set(0, f);
    type Cells = ((string | null)[] | null)[] | undefined;
    for (let s = 0; s < f.pos.length; s += PAGE) {
      const cut = (cols: Cells): Cells => cols?.map((c) => (c ? c.slice(s, s + PAGE) : c));
      const page: GridPage = {
        start: f.start + s,
        pos: f.pos.slice(s, s + PAGE),
        index: f.index ? f.index.slice(s, s + PAGE) : null,
        cols: f.cols.map((c) => c.slice(s, s + PAGE)),
      };
      if (f.bg) page.bg = cut(f.bg);
      if (f.fg) page.fg = cut(f.fg);
      if (f.text) page.text = cut(f.text);
      if (f.html) page.html = cut(f.html);
      this.pages.set(s / PAGE, page);
    }
  }

  private setSort(sort: [number, boolean] | null): void {
    this.sort = sort;
    this.pages.clear();
    this.inflight.clear();
    if (!this.sort) this.storeFirst();
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
    const n = this.total();
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

  /** Keep the frozen columns (and the row markers) in view: shifted by the sideways scroll. */
  private pin(): void {
    if (!this.frozen) return;
    const n = this.frozen + (this.markers() ? 1 : 0);
    const x = this.scroller.scrollLeft;
    for (const row of [this.head, ...(Array.from(this.layer.children) as HTMLElement[])]) {
      if (row.classList.contains("jr-g-plus")) continue;
      const kids = row.children;
      for (let k = 0; k < Math.min(n, kids.length); k++) {
        const c = kids[k] as HTMLElement;
        c.classList.add("jr-g-pin");
        c.classList.toggle("jr-g-pinlast", k === n - 1);
        c.style.transform = x ? `translateX(${x}px)` : "";
      }
    }
  }

  private draw(): void {
    if (!this.root.isConnected) return;
    const { first, count, top } = this.range();
    this.layer.style.transform = `translateY(${top}px)`;
    this.drawRows(first, count);
    this.pin();
    if (this.el.selection?.cells) this.markHeads();
    if (this.allBox) {
      const n = this.selected.size;
      this.allBox.checked = n > 0 && n === this.el.rows;
      this.allBox.indeterminate = n > 0 && n < this.el.rows;
    }
  }

  /** Shade the headers of the columns holding selected cells. */
  private markHeads(): void {
    const cols = new Set(Array.from(this.selCells.values(), ([, c]) => c));
    for (const hc of Array.from(this.head.children) as HTMLElement[]) {
      const c = hc.dataset.col;
      hc.classList.toggle("jr-g-hfocus", c !== undefined && cols.has(+c) && !hc.classList.contains("jr-g-hsel"));
    }
  }

  private drawRows(first: number, count: number): void {
    if (this.ed) {
      // an editor's rows are the data's, in order, less the deleted ones, then the added ones
      const n = this.el.rows - this.st.deleted_rows.length;
      const last = Math.min(first + count, n) - 1;
      if (first <= last) this.fetch(originalRow(first, this.st.deleted_rows), originalRow(last, this.st.deleted_rows) + 1);
      this.paintEditor(first, count);
      return;
    }
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
      const key = `${r}|${pos}|${this.eff.join(",")}|${pos !== undefined && this.selected.has(pos)}|${this.selv}`;
      if (row.dataset.key === key) continue;
      row.dataset.key = key;
      row.setAttribute("aria-rowindex", String(r + 2));
      row.dataset.r = String(r);
      row.replaceChildren();
      row.classList.toggle("jr-g-sel", pos !== undefined && this.selected.has(pos));
      if (sel?.mode) {
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
        td.dataset.c = String(i);
        td.style.width = `${this.eff[i]}px`;
        if (pos !== undefined) this.markCell(td, r, pos, this.el.index ? i - 1 : i);
        if (!page || pos === undefined) td.append(div("jr-g-ph", "…"));
        else {
          const values = this.el.index ? (i === 0 ? page.index || [] : page.cols[i - 1]) : page.cols[i];
          const col = this.el.index ? i - 1 : i;
          cell(td, c, values ? values[j] : null, ph, this.eff[i], this.rh, {
            html: col >= 0 ? page.html?.[col]?.[j] : null,
            click: this.clicker(c, pos),
            pop: (content) => this.pop(td, content),
            enhance: this.link.enhance,
          });
          if (col >= 0) styled(td, page, col, j);
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
    this.sendSelection();
  }

  // -- column and cell selection ----------------------------------------------------------------

  /** The selection the kernel holds (at mount, and echoed by each run). */
  private takeSelection(el: DataframeEl): void {
    const sel = el.selection;
    if (!sel) return;
    const v = sel.value;
    const names = sel.names || [];
    this.selected = new Set(v.rows);
    this.selCols = new Set(v.columns.map((n) => names.indexOf(n)).filter((i) => i >= 0));
    this.selCells = new Map();
    for (const [p, n] of v.cells) {
      const c = names.indexOf(n);
      if (c >= 0) this.selCells.set(`${p}:${c}`, [p, c]);
    }
    this.selv++;
  }

  /** The data position of shown row `r` (undefined: its page has not arrived). */
  private posAt(r: number): number | undefined {
    if (r < 0 || r >= this.el.rows) return undefined;
    const page = this.pages.get(Math.floor(r / PAGE));
    if (page) return page.pos[r - page.start];
    return this.sort ? undefined : r;
  }

  private cellPicked(r: number, c: number): boolean {
    const p = this.posAt(r);
    return p !== undefined && this.selCells.has(`${p}:${c}`);
  }

  /** Mark a cell of a selected column or a selected cell, as Streamlit's grid does: a light fill
   *  in the primary colour, and the primary colour around a block of selected cells. */
  private markCell(td: HTMLElement, r: number, pos: number, c: number): void {
    if (c < 0) return;
    const picked = this.selCells.has(`${pos}:${c}`);
    if (picked || this.selCols.has(c)) td.classList.add("jr-g-csel");
    if (!picked) return;
    td.setAttribute("aria-selected", "true");
    if (this.selCells.size === 1 && !this.selCols.has(c)) td.classList.add("jr-g-lone");
    const edges: string[] = [];
    if (!this.cellPicked(r - 1, c)) edges.push("inset 0 1px 0 var(--ac)");
    if (!this.cellPicked(r + 1, c)) edges.push("inset 0 -1px 0 var(--ac)");
    if (!this.cellPicked(r, c - 1)) edges.push("inset 1px 0 0 var(--ac)");
    if (!this.cellPicked(r, c + 1)) edges.push("inset -1px 0 0 var(--ac)");
    td.style.boxShadow = edges.join(", ");
  }

  /** A header click: single mode selects the column (or unselects it, when selected); multi mode
   *  toggles it, Shift+click selects the range from the last clicked column. */
  private pickColumn(col: number, shift: boolean): void {
    const multi = this.el.selection?.columns === "multi-column";
    if (multi && shift && this.colAnchor !== null) {
      for (let k = Math.min(col, this.colAnchor); k <= Math.max(col, this.colAnchor); k++) this.selCols.add(k);
    } else if (this.selCols.has(col)) this.selCols.delete(col);
    else {
      if (!multi) this.selCols.clear();
      this.selCols.add(col);
    }
    this.colAnchor = col;
    this.header();
    this.sendSelection();
  }

  /** The column's menu (the header's ⋮ when a click selects columns): sorting. */
  private columnMenu(hc: HTMLElement, col: number): void {
    const menu = div("jr-g-menu");
    const item = (label: string, sort: [number, boolean] | null): void => {
      const b = h("button", { type: "button", class: "jr-g-btn jr-g-btn-tertiary", text: label });
      b.addEventListener("click", () => {
        this.unpop();
        this.setSort(sort);
        this.scroller.focus({ preventScroll: true });
      });
      menu.append(b);
    };
    item("Sort ascending", [col, true]);
    item("Sort descending", [col, false]);
    if (this.sort && this.sort[0] === col) item("Clear sort", null);
    this.pop(hc, menu);
  }

  /** Cell selection: a click selects a cell; in multi mode a drag or Shift+click selects the
   *  rectangle from the first cell (its cells are reported row by row, as shown). */
  private setupCellPicking(): void {
    const at = (e: Event): { r: number; c: number } | null => {
      const t = e.target as HTMLElement;
      const td = t.closest<HTMLElement>(".jr-g-cell[data-c]");
      const row = t.closest<HTMLElement>(".jr-g-row");
      if (!td || !row || row.dataset.r === undefined) return null;
      const c = +td.dataset.c! - (this.el.index ? 1 : 0);
      return c < 0 ? null : { r: +row.dataset.r, c };
    };
    this.layer.classList.add("jr-g-pick");
    this.layer.addEventListener("pointerdown", (e) => {
      const hit = e.button === 0 ? at(e) : null;
      if (!hit || (e.target as HTMLElement).closest("input, button, a")) return;
      const multi = this.el.selection?.cells === "multi-cell";
      const from = multi && e.shiftKey && this.anchor ? this.anchor : hit;
      this.anchor = from;
      this.pickRect(from, hit);
      if (!multi) return this.sendSelection();
      const move = (ev: PointerEvent): void => {
        const to = ev.buttons & 1 ? at(ev) : null;
        if (to) this.pickRect(from, to);
      };
      const up = (): void => {
        this.layer.removeEventListener("pointermove", move);
        document.removeEventListener("pointerup", up, true);
        this.sendSelection();
      };
      this.layer.addEventListener("pointermove", move);
      document.addEventListener("pointerup", up, true);
    });
  }

  /** Select the cells of the rectangle between two cells (shown rows; rows whose page has not
   *  arrived in a sorted grid cannot be told and are left out). */
  private pickRect(a: { r: number; c: number }, b: { r: number; c: number }): void {
    const cells = new Map<string, [number, number]>();
    for (let r = Math.min(a.r, b.r); r <= Math.max(a.r, b.r); r++) {
      const p = this.posAt(r);
      if (p === undefined) continue;
      for (let c = Math.min(a.c, b.c); c <= Math.max(a.c, b.c); c++) cells.set(`${p}:${c}`, [p, c]);
    }
    this.selCells = cells;
    this.selv++;
    this.draw();
  }

  /** Escape: clear what is selected (a required row stays). */
  private clearSelection(): void {
    const sel = this.el.selection;
    if (!sel) return;
    const rows = sel.mode !== "single-row-required" && this.selected.size > 0;
    if (!rows && !this.selCols.size && !this.selCells.size) return;
    if (rows) this.selected.clear();
    this.selCols.clear();
    this.selCells.clear();
    this.anchor = null;
    this.header();
    this.sendSelection();
  }

  /** Redraw and send the selection: rows ascending, columns in shown order, cells as picked. */
  private sendSelection(): void {
    const sel = this.el.selection;
    if (!sel) return;
    this.selv++;
    this.draw();
    const names = sel.names || [];
    this.link.select(sel.id, {
      rows: Array.from(this.selected).sort((a, b) => a - b),
      columns: Array.from(this.selCols)
        .sort((a, b) => a - b)
        .map((c) => names[c]),
      cells: Array.from(this.selCells.values(), ([p, c]): [number, string] => [p, names[c]]),
    });
  }

  /** A button column's click sender for the row at `pos` (undefined: the column has no key). */
  private clicker(c: GridColumn, pos: number | undefined): ((label: string) => void) | undefined {
    const id = c.button_id;
    if (!id || pos === undefined || !this.link.click) return undefined;
    return (label) => this.link.click?.(id, [pos, label]);
  }

  private popped: { box: HTMLElement; off: () => void } | null = null;

  /** Show `content` (a cell's whole JSON or Markdown, a player) in a popover under `td`;
   *  Escape, a click elsewhere or scrolling closes it. */
  private pop(td: HTMLElement, content: HTMLElement): () => void {
    this.unpop();
    const box = div("jr-g-pop");
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Cell content");
    box.tabIndex = -1;
    box.append(content);
    const rb = this.root.getBoundingClientRect();
    const cb = td.getBoundingClientRect();
    box.style.left = `${Math.max(Math.min(cb.left - rb.left, rb.width - 320), 0)}px`;
    box.style.top = `${cb.bottom - rb.top + 2}px`;
    this.root.append(box);
    const outside = (e: Event): void => {
      const t = e.target as Node;
      if (!box.contains(t) && !td.contains(t)) this.unpop();
    };
    const esc = (e: KeyboardEvent): void => {
      if (e.key === "Escape") {
        e.stopPropagation();
        this.unpop();
        td.focus?.();
      }
    };
    // a scroll that brought the cell into view may be reported after the click: only a move
    // away from where the grid was when the popover opened closes it
    const at = [this.scroller.scrollLeft, this.scroller.scrollTop];
    const scrolled = (): void => {
      if (Math.abs(this.scroller.scrollLeft - at[0]) + Math.abs(this.scroller.scrollTop - at[1]) > 2) this.unpop();
    };
    document.addEventListener("pointerdown", outside, true);
    document.addEventListener("keydown", esc, true);
    this.scroller.addEventListener("scroll", scrolled, { passive: true });
    this.popped = {
      box,
      off: () => {
        document.removeEventListener("pointerdown", outside, true);
        document.removeEventListener("keydown", esc, true);
        this.scroller.removeEventListener("scroll", scrolled);
      },
    };
    if (!(content instanceof HTMLMediaElement)) box.focus({ preventScroll: true });
    return () => {
      if (this.popped?.box === box) this.unpop();
    };
  }

  private unpop(): void {
    const p = this.popped;
    if (!p) return;
    this.popped = null;
    p.off();
    p.box.querySelectorAll("audio, video").forEach((m) => (m as HTMLMediaElement).pause());
    p.box.remove();
  }

  // -- data_editor ---------------------------------------------------------------------------------

  private markers(): boolean {
    return !!this.el.selection?.mode || this.canDelete();
  }

  private canAdd(): boolean {
    const m = this.ed?.num_rows;
    return m === "dynamic" || m === "add";
  }

  private canDelete(): boolean {
    const m = this.ed?.num_rows;
    return m === "dynamic" || m === "delete";
  }

  /** Rows drawn: the data's less the deleted, the added ones, and the "+" row. */
  private total(): number {
    if (!this.ed) return this.el.rows;
    return this.el.rows - this.st.deleted_rows.length + this.st.added_rows.length + (this.canAdd() ? 1 : 0);
  }

  private rowAt(r: number): { p: number } | { a: number } | null {
    const n = this.el.rows - this.st.deleted_rows.length;
    if (r < n) return { p: originalRow(r, this.st.deleted_rows) };
    if (r - n < this.st.added_rows.length) return { a: r - n };
    return null; // the "+" row
  }

  private rowKey(r: number): string | null {
    const at = this.rowAt(r);
    return !at ? null : "p" in at ? `o${at.p}` : `a${at.a}`;
  }

  /** Whether cell (r, c) takes edits: its column has an editor; the index only in added rows. */
  private editable(r: number, c: number): boolean {
    const e = this.ecols[c];
    const at = this.rowAt(r);
    if (!e || !e.editor || !at) return false;
    return !(this.el.index && c === 0) || "a" in at;
  }

  /** The cell's value: the edit over the kernel's (undefined: that page has not arrived). */
  private valueAt(r: number, c: number): unknown {
    const at = this.rowAt(r);
    if (!at) return null;
    const key = this.ecols[c]?.key ?? "";
    if ("a" in at) {
      const v = this.st.added_rows[at.a][key];
      return v === undefined ? null : v;
    }
    const edit = this.st.edited_rows[String(at.p)];
    if (edit && key in edit) return edit[key];
    const page = this.pages.get(Math.floor(at.p / PAGE));
    if (!page) return undefined;
    const j = at.p - page.start;
    const values = this.el.index ? (c === 0 ? page.index || [] : page.cols[c - 1]) : page.cols[c];
    return values ? values[j] : null;
  }

  private setupEditor(): void {
    this.root.classList.add("jr-g-editor");
    this.scroller.setAttribute("aria-label", this.el.alt || "Data editor");
    if (this.canDelete()) {
      this.tools = div("jr-g-tools");
      const del = h("button", { type: "button", class: "jr-g-del", text: "Delete rows", title: "Delete the ticked rows (Delete)" });
      del.addEventListener("click", () => this.deleteMarked());
      this.tools.append(del);
      this.tools.hidden = true;
      this.root.prepend(this.tools);
    }
    this.layer.addEventListener("click", (e) => {
      const t = e.target as HTMLElement;
      if (t.closest(".jr-g-plus")) return this.addRow();
      // a link in an editable grid opens with Ctrl/Cmd-click; a plain click selects its cell
      if (t.closest("a") && !e.ctrlKey && !e.metaKey) e.preventDefault();
      const td = t.closest<HTMLElement>(".jr-g-cell[data-c]");
      const row = t.closest<HTMLElement>(".jr-g-row");
      if (!td || !row || t instanceof HTMLInputElement) return;
      this.setFocus(+row.dataset.r!, +td.dataset.c!);
    });
    this.layer.addEventListener("dblclick", (e) => {
      const td = (e.target as HTMLElement).closest<HTMLElement>(".jr-g-cell[data-c]");
      const row = (e.target as HTMLElement).closest<HTMLElement>(".jr-g-row");
      if (td && row) this.open(+row.dataset.r!, +td.dataset.c!);
    });
    this.scroller.addEventListener("keydown", (e) => this.key(e));
    this.scroller.addEventListener("copy", (e) => {
      const f = this.focus;
      if (this.editing || !f || !e.clipboardData) return;
      const v = this.valueAt(f.r, f.c);
      e.preventDefault();
      e.clipboardData.setData("text/plain", v === null || v === undefined ? "" : String(editedShown(this.ecols[f.c], v)));
    });
    this.scroller.addEventListener("paste", (e) => {
      if (this.editing || !this.focus) return;
      const text = e.clipboardData?.getData("text/plain");
      if (!text) return;
      e.preventDefault();
      this.paste(text);
    });
    // scrolling away from an open cell editor closes it (keeping a valid value)
    this.scroller.addEventListener("scroll", () => {
      if (this.editing && Math.abs(this.scroller.scrollTop - this.editTop) > 2) this.close(true);
    }, { passive: true });
  }

  private setFocus(r: number, c: number): void {
    const n = this.total();
    if (!n || !this.cols.length) return;
    r = Math.min(Math.max(r, 0), n - 1);
    c = Math.min(Math.max(c, 0), this.cols.length - 1);
    this.focus = { r, c };
    // bring the cell into view
    const rh = this.rh;
    const viewH = this.scroller.clientHeight - this.head.offsetHeight;
    if (this.el.rows * rh < 8_000_000) {
      const y = r * rh;
      if (y < this.scroller.scrollTop) this.scroller.scrollTop = y;
      else if (y + rh > this.scroller.scrollTop + viewH) this.scroller.scrollTop = y + rh - viewH;
    }
    if (document.activeElement !== this.scroller) this.scroller.focus({ preventScroll: true });
    this.draw();
  }

  private key(e: KeyboardEvent): void {
    if (this.editing || e.target !== this.scroller) return;
    const f = this.focus;
    const move = (dr: number, dc: number): void => {
      e.preventDefault();
      this.setFocus((f?.r ?? 0) + dr, (f?.c ?? 0) + dc);
    };
    switch (e.key) {
      case "ArrowDown":
        return move(1, 0);
      case "ArrowUp":
        return move(-1, 0);
      case "ArrowLeft":
        return move(0, -1);
      case "ArrowRight":
        return move(0, 1);
      case "Tab": {
        // within the row; at its ends Tab leaves the grid as usual
        const next = (f?.c ?? -1) + (e.shiftKey ? -1 : 1);
        if (!f || next < 0 || next >= this.cols.length) return;
        return move(0, e.shiftKey ? -1 : 1);
      }
      case "Escape":
        if (!this.marked.size) return;
        this.marked.clear();
        return this.changed();
    }
    if (!f) return;
    if (e.key === "Enter" || e.key === "F2") {
      e.preventDefault();
      if (this.rowAt(f.r) === null) return this.addRow();
      this.open(f.r, f.c);
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      if (this.marked.size) return this.deleteMarked();
      const ec = this.ecols[f.c];
      if (this.editable(f.r, f.c) && !ec.required) this.set(f.r, f.c, null);
    } else if (e.key === " " && this.ecols[f.c]?.editor === "checkbox") {
      e.preventDefault();
      if (this.editable(f.r, f.c)) this.set(f.r, f.c, !this.valueAt(f.r, f.c));
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const ed = this.ecols[f.c]?.editor;
      if (ed === "text" || ed === "link" || ed === "number" || ed === "markdown") {
        e.preventDefault();
        this.open(f.r, f.c, e.key);
      }
    }
  }

  /** Open the cell editor on (r, c); `typed`: the key that started it replaces the value. */
  private open(r: number, c: number, typed?: string): void {
    this.close(true);
    const ec = this.ecols[c];
    if (!this.editable(r, c)) return;
    if (!this.focus || this.focus.r !== r || this.focus.c !== c) this.setFocus(r, c);
    if (ec.editor === "checkbox") return this.set(r, c, !this.valueAt(r, c));
    const row = Array.from(this.layer.children).find((x) => (x as HTMLElement).dataset.r === String(r));
    const td = row?.querySelector<HTMLElement>(`.jr-g-cell[data-c="${c}"]`);
    if (!td) return;
    const v = this.valueAt(r, c);
    if (ec.editor === "multiselect") return this.openMulti(r, c, td, v);
    let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    if (ec.editor === "selectbox") {
      const sel = document.createElement("select");
      const opts = ec.options || [];
      if (!ec.required) sel.append(new Option("", ""));
      opts.forEach((o, i) => sel.append(new Option(ec.labels?.[i] ?? String(o), String(i), false, String(o) === String(v))));
      if (v === null || v === undefined) sel.value = "";
      sel.addEventListener("change", () => this.commit(sel.value === "" ? null : (opts[+sel.value] as Cell)));
      input = sel;
    } else if (ec.editor === "markdown") {
      // Markdown keeps its line breaks: Enter sets the value, Shift+Enter starts a new line
      const area = document.createElement("textarea");
      area.value = typed ?? inputValue(ec, v);
      input = area;
    } else {
      const inp = document.createElement("input");
      const types: Record<string, string> = { date: "date", datetime: "datetime-local", time: "time" };
      inp.type = types[ec.editor || ""] || "text";
      if (ec.editor === "datetime" || ec.editor === "time") inp.step = "1";
      if (ec.editor === "number") inp.inputMode = "decimal";
      if (ec.max_chars) inp.maxLength = ec.max_chars;
      inp.value = typed ?? inputValue(ec, v);
      input = inp;
    }
    input.className = "jr-g-input";
    input.setAttribute("aria-label", `Edit ${this.cols[c]?.name ?? ""}`);
    const rootBox = this.root.getBoundingClientRect();
    const cellBox = td.getBoundingClientRect();
    Object.assign(input.style, {
      left: `${cellBox.left - rootBox.left}px`,
      top: `${cellBox.top - rootBox.top}px`,
      width: `${Math.max(cellBox.width, 120)}px`,
      height: input instanceof HTMLTextAreaElement ? "" : `${cellBox.height}px`,
    });
    input.addEventListener("keydown", (e) => {
      const ke = e as KeyboardEvent;
      if (ke.key === "Enter" && ke.shiftKey && input instanceof HTMLTextAreaElement) {
        ke.stopPropagation();
        return;
      }
      if (ke.key === "Escape") {
        ke.preventDefault();
        this.close(false);
      } else if (ke.key === "Enter" || ke.key === "Tab") {
        ke.preventDefault();
        if (this.commitText()) this.setFocus(r + (ke.key === "Enter" ? 1 : 0), c + (ke.key === "Tab" ? (ke.shiftKey ? -1 : 1) : 0));
      }
      ke.stopPropagation();
    });
    input.addEventListener("blur", () => {
      if (this.editing?.input === input) this.close(true);
    });
    this.editing = { r, c, input };
    this.editTop = this.scroller.scrollTop;
    this.root.append(input);
    input.focus();
    if (input instanceof HTMLInputElement && input.type === "text" && typed === undefined) input.select();
  }

  /** The multiselect / list editor: a panel of the options as checkboxes (and, when new items
   *  are allowed, a box to type one); Enter, Done or leaving it sets the list, Escape drops it. */
  private openMulti(r: number, c: number, td: HTMLElement, v: unknown): void {
    const ec = this.ecols[c];
    const chosen: string[] = Array.isArray(v) ? v.map((x) => String(x)) : [];
    const opts = (ec.options || []).map((o) => String(o));
    const all = [...opts, ...chosen.filter((x) => !opts.includes(x))];
    const panel = div("jr-g-msel");
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-label", `Edit ${this.cols[c]?.name ?? ""}`);
    panel.tabIndex = -1;
    const label = (x: string): string => {
      const i = opts.indexOf(x);
      return i >= 0 && ec.labels?.[i] !== undefined ? ec.labels[i] : x;
    };
    const done = (keep: boolean, down: boolean): void => {
      this.close(keep);
      if (down) this.setFocus(r + 1, c);
    };
    const item = (x: string): HTMLElement => {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = chosen.includes(x);
      box.addEventListener("change", () => {
        const k = chosen.indexOf(x);
        if (box.checked && k < 0) chosen.push(x);
        else if (!box.checked && k >= 0) chosen.splice(k, 1);
      });
      return h("label", null, box, h("span", { text: label(x) }));
    };
    const draw = (): void => {
      for (const x of all) panel.append(item(x));
      if (ec.accept_new) {
        // a new item joins the list above the box (the box keeps the focus: nothing is rebuilt)
        const add = h("input", { type: "text", placeholder: "Add an item", "aria-label": "Add an item" }) as HTMLInputElement;
        add.addEventListener("keydown", (e) => {
          if (e.key !== "Enter") return;
          e.preventDefault();
          e.stopPropagation();
          const t = add.value.trim();
          if (!t) return done(true, true);
          if (!all.includes(t)) {
            all.push(t);
            chosen.push(t);
            add.before(item(t));
          } else if (!chosen.includes(t)) {
            chosen.push(t);
            const boxes = Array.from(panel.querySelectorAll<HTMLInputElement>("label input"));
            const hit = boxes[all.indexOf(t)];
            if (hit) hit.checked = true;
          }
          add.value = "";
        });
        panel.append(add);
      }
      const ok = h("button", { type: "button", class: "jr-g-mselok", text: "Done" });
      ok.addEventListener("click", () => done(true, false));
      panel.append(ok);
    };
    draw();
    const rootBox = this.root.getBoundingClientRect();
    const cellBox = td.getBoundingClientRect();
    Object.assign(panel.style, { left: `${cellBox.left - rootBox.left}px`, top: `${cellBox.top - rootBox.top}px` });
    panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        done(false, false);
      } else if (e.key === "Enter" && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        done(true, true);
      }
      e.stopPropagation();
    });
    panel.addEventListener("focusout", (e) => {
      const to = (e as FocusEvent).relatedTarget as Node | null;
      if (this.editing?.input === panel && (!to || !panel.contains(to))) this.close(true);
    });
    this.editing = { r, c, input: panel, multi: () => chosen.slice() };
    this.editTop = this.scroller.scrollTop;
    this.root.append(panel);
    (panel.querySelector("input") || panel).focus();
  }

  /** The open editor's text, checked and set; false (editor kept open, error shown) if refused. */
  private commitText(): boolean {
    const ed = this.editing;
    if (!ed) return true;
    if (ed.input instanceof HTMLSelectElement || ed.multi) {
      this.close(!!ed.multi);
      return true;
    }
    if (!(ed.input instanceof HTMLInputElement || ed.input instanceof HTMLTextAreaElement)) return true;
    const got = parseCell(this.ecols[ed.c], ed.input.value);
    if ("error" in got) {
      ed.input.classList.add("jr-g-bad");
      ed.input.title = got.error;
      ed.input.setAttribute("aria-invalid", "true");
      this.showError(got.error);
      return false;
    }
    this.commit(got.value);
    return true;
  }

  private commit(value: Cell): void {
    const ed = this.editing;
    if (!ed) return;
    this.close(false);
    this.set(ed.r, ed.c, value);
  }

  /** Close the editor; `keep`: set what it holds when valid (blur, scroll), else drop it. */
  private close(keep: boolean): void {
    const ed = this.editing;
    if (!ed) return;
    if (keep && ed.multi) {
      const now = ed.multi();
      const old = this.valueAt(ed.r, ed.c);
      this.editing = null;
      ed.input.remove();
      if (JSON.stringify(now) !== JSON.stringify(Array.isArray(old) ? old.map(String) : old ?? null)) {
        const ec = this.ecols[ed.c];
        this.set(ed.r, ed.c, now.length || !ec.required ? now : null);
      }
      this.scroller.focus({ preventScroll: true });
      return;
    }
    if (keep && (ed.input instanceof HTMLInputElement || ed.input instanceof HTMLTextAreaElement)) {
      const got = parseCell(this.ecols[ed.c], ed.input.value);
      const old = this.valueAt(ed.r, ed.c);
      if (!("error" in got) && inputValue(this.ecols[ed.c], old) !== ed.input.value) {
        this.editing = null;
        ed.input.remove();
        this.set(ed.r, ed.c, got.value);
        return;
      }
    }
    this.editing = null;
    ed.input.remove();
    if (document.activeElement === document.body || !document.activeElement) this.scroller.focus({ preventScroll: true });
  }

  private showError(text: string): void {
    this.err.hidden = !text;
    this.err.textContent = text;
  }

  /** Set one cell (no checks: callers checked) and send the state. */
  private set(r: number, c: number, value: Cell, send = true): void {
    const at = this.rowAt(r);
    const key = this.ecols[c]?.key;
    if (!at || key === undefined) return;
    if ("a" in at) this.st.added_rows[at.a][key] = value;
    else (this.st.edited_rows[String(at.p)] ||= {})[key] = value;
    if (send) this.changed();
  }

  private addRow(send = true): void {
    if (!this.canAdd()) return;
    this.st.added_rows.push(newRow(this.ecols));
    const r = this.el.rows - this.st.deleted_rows.length + this.st.added_rows.length - 1;
    const c = Math.max(this.ecols.findIndex((_e, i) => this.editable(r, i)), 0);
    if (send) {
      this.changed();
      this.setFocus(r, c);
    }
  }

  private deleteMarked(): void {
    if (!this.canDelete() || !this.marked.size) return;
    const gone = new Set(this.st.deleted_rows);
    const addedGone = new Set<number>();
    for (const m of this.marked) {
      if (m[0] === "o") gone.add(+m.slice(1));
      else addedGone.add(+m.slice(1));
    }
    this.st.deleted_rows = Array.from(gone).sort((a, b) => a - b);
    this.st.added_rows = this.st.added_rows.filter((_r, i) => !addedGone.has(i));
    this.marked.clear();
    this.focus = null;
    this.changed();
  }

  private paste(text: string): void {
    const f = this.focus;
    if (!f) return;
    const cells = parseTsv(text);
    let refused = 0;
    let added = false;
    cells.forEach((line, i) => {
      const r = f.r + i;
      if (this.rowAt(r) === null) {
        if (!this.canAdd()) return;
        this.addRow(false);
        added = true;
      }
      line.forEach((t, j) => {
        const c = f.c + j;
        if (c >= this.cols.length) return;
        if (!this.editable(r, c)) {
          refused++;
          return;
        }
        const got = parseCell(this.ecols[c], t);
        if ("error" in got) refused++;
        else this.set(r, c, got.value, false);
      });
    });
    this.showError(refused ? `${refused} pasted cell${refused > 1 ? "s were" : " was"} not taken (read-only or not valid there).` : "");
    if (added || cells.length) this.changed();
  }

  /** Redraw with the new state and send it (the kernel checks it again and reruns). */
  private changed(): void {
    this.version++;
    if (this.tools) {
      this.tools.hidden = !this.marked.size;
      const b = this.tools.firstElementChild as HTMLButtonElement;
      b.textContent = this.marked.size > 1 ? `Delete ${this.marked.size} rows` : "Delete row";
    }
    this.root.setAttribute("aria-rowcount", String(this.total() + 1));
    this.fitHeight();
    this.draw();
    const w = wire(this.st, this.ecols);
    if (w === this.lastWire || !this.ed) return;
    this.lastWire = this.pending = w;
    this.link.edit?.(this.ed.id, w);
  }

  /** An automatic height follows added and deleted rows (up to ten rows). */
  private fitHeight(): void {
    if (this.el.height == null) this.scroller.style.height = `${Math.min(Math.max(this.total(), 1), 10) * this.rh + HEAD + 2}px`;
  }

  private paintEditor(first: number, count: number): void {
    const rows = this.layer.children;
    while (rows.length > count) this.layer.lastElementChild?.remove();
    const ph = this.el.placeholder ?? "None";
    const del = this.canDelete();
    for (let k = 0; k < count; k++) {
      const r = first + k;
      let row = rows[k] as HTMLDivElement | undefined;
      if (!row) {
        row = div("jr-g-row");
        row.setAttribute("role", "row");
        row.style.height = `${this.rh}px`;
        this.layer.append(row);
      }
      const at = this.rowAt(r);
      const loaded = !at || "a" in at || this.pages.has(Math.floor(at.p / PAGE));
      const rk = this.rowKey(r);
      const key = `${r}|${rk}|${loaded}|${this.eff.join(",")}|${this.version}`;
      if (row.dataset.key === key) continue;
      row.dataset.key = key;
      row.dataset.r = String(r);
      row.setAttribute("aria-rowindex", String(r + 2));
      row.replaceChildren();
      row.className = "jr-g-row";
      const marked = rk !== null && this.marked.has(rk);
      row.classList.toggle("jr-g-sel", marked);
      if (!at) {
        row.classList.add("jr-g-plus");
        const plus = div("jr-g-cell jr-g-plusc", "+ Add row");
        plus.setAttribute("role", "gridcell");
        plus.style.width = `${(del ? 36 : 0) + this.eff.reduce((a, b) => a + b, 0)}px`;
        row.append(plus);
        continue;
      }
      if (del) {
        const c = div("jr-g-cell jr-g-selcol");
        c.setAttribute("role", "gridcell");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.checked = marked;
        box.setAttribute("aria-label", `Select row ${r + 1} to delete`);
        box.addEventListener("change", () => {
          if (box.checked) this.marked.add(rk!);
          else this.marked.delete(rk!);
          this.changed();
        });
        c.append(box);
        row.append(c);
      }
      this.cols.forEach((col, i) => {
        const ec = this.ecols[i];
        const ok = this.editable(r, i);
        const cls =
          "jr-g-cell" +
          (isNum(col) ? " jr-g-num" : "") +
          (this.el.index && i === 0 ? " jr-g-idx" : "") +
          (!ok && !(this.el.index && i === 0) ? " jr-g-ro" : "");
        const td = div(cls);
        td.setAttribute("role", "gridcell");
        td.dataset.c = String(i);
        td.style.width = `${this.eff[i]}px`;
        const v = this.valueAt(r, i);
        if (v === undefined) td.append(div("jr-g-ph", "…"));
        else {
          const dc = this.el.index ? i - 1 : i;
          const page = at && "p" in at ? this.pages.get(Math.floor(at.p / PAGE)) : undefined;
          const edited = at && "p" in at && ec && ec.key in (this.st.edited_rows[String(at.p)] || {});
          cell(td, col, editedShown(ec, v), ph, this.eff[i], this.rh, {
            // an edited markdown cell: the kernel's rendering of it once a run has seen it
            html:
              edited || (at && "a" in at)
                ? typeof v === "string"
                  ? this.el.editor?.rendered?.[v]
                  : null
                : page && at && "p" in at && dc >= 0
                  ? page.html?.[dc]?.[at.p - page.start]
                  : null,
            click: at && "p" in at ? this.clicker(col, at.p) : undefined,
            pop: ok ? undefined : (content) => this.pop(td, content),
            enhance: this.link.enhance,
          });
          // a Styler's look shows on read-only columns only, as in Streamlit
          if (!ok && dc >= 0 && page && at && "p" in at) styled(td, page, dc, at.p - page.start);
          if (ok && ec.required && (v === null || v === "")) td.classList.add("jr-g-missing");
          const box = ok && ec.editor === "checkbox" ? td.querySelector("input") : null;
          if (box) {
            box.disabled = false;
            box.addEventListener("change", () => this.set(r, i, box.checked));
          }
        }
        row?.append(td);
      });
    }
    // the focus is a class toggled in place: rebuilding the cell would break a double click
    for (const row of Array.from(rows) as HTMLElement[]) {
      const fr = this.focus && String(this.focus.r) === row.dataset.r ? this.focus.c : -1;
      Array.from(row.children).forEach((td) => {
        const c = (td as HTMLElement).dataset.c;
        td.classList.toggle("jr-g-focus", fr >= 0 && (c === undefined ? td.classList.contains("jr-g-plusc") : +c === fr));
      });
    }
  }

  update(el: DataframeEl): boolean {
    // edited markdown cells rendered by the run: repaint them
    if (JSON.stringify(el.editor?.rendered) !== JSON.stringify(this.el.editor?.rendered)) this.version++;
    this.el = el;
    if (el.selection) {
      this.takeSelection(el);
      if (el.selection.columns) this.header();
    }
    if (el.editor) {
      const v = el.editor.value;
      if (this.pending !== null) {
        if (v === this.pending) this.pending = null; // the run of our last edit
      } else if (v !== this.lastWire) {
        // the kernel's state differs (another tab's edit, a reset): take it over
        this.st = parseState(v);
        this.lastWire = v;
        this.marked.clear();
        this.version++;
        this.fitHeight();
      }
    }
    this.draw();
    return true;
  }
}

/** An edited date / time value (ISO, with a "T") shown as the kernel shows its own. */
function editedShown(ec: GridEditColumn | undefined, v: unknown): unknown {
  return typeof v === "string" && ec?.editor === "datetime" ? v.replace("T", " ") : v;
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
