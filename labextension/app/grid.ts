// The page's side of dataframes and tables: loads the grid chunk for a `dataframe` element,
// routes `data_page` answers to the grid that asked, and draws `table` elements (plain HTML).
//
// Runs in the browser page (app.js); the grid itself is the lazy chunk chunks/grid.ts, typed here
// with `import type` only so none of its code enters app.js.

import { h } from "./dom";
import { loadChunk } from "./lazy";
import type { DataframeEl, DataPageMsg, GridColumn, TableEl, WidgetValue } from "./protocol";
import type { GridApi, GridView } from "./chunks/grid";

/** What index.ts gives the grids: the socket and the widget-value sender. */
export interface GridChannel {
  send(msg: { type: "data_request"; id: string; start: number; stop: number; sort: [number, boolean][] | null; seq: number }): boolean;
  values(values: Record<string, WidgetValue>): void;
}

let channel: GridChannel | null = null;
let seq = 0;
const waiting = new Map<number, { view: GridView; sort: string }>();
const views = new WeakMap<HTMLElement, GridView>();

export function setGridChannel(c: GridChannel): void {
  channel = c;
}

/** A `data_page` from the kernel: to the grid whose request it answers. */
export function dataPage(m: DataPageMsg): void {
  const w = waiting.get(m.seq);
  if (!w) return;
  waiting.delete(m.seq);
  if (w.view.root.isConnected) w.view.onPage(m, w.sort);
}

export function dataframe(el: DataframeEl, wrap: HTMLElement): void {
  const rh = el.row_height || 35;
  const box = h("div", { class: "jr-grid-wait", style: `height:${el.height ?? Math.min(Math.max(el.rows, 1), 10) * rh + 38}px` });
  wrap.append(box);
  loadChunk<GridApi>("grid", { css: true }).then(
    (api) => {
      const view = api.mount(box, el, {
        request(v, id, start, stop, sort) {
          const n = ++seq;
          const ok = !!channel?.send({ type: "data_request", id, start, stop, sort, seq: n });
          if (ok) waiting.set(n, { view: v, sort: sort ? JSON.stringify(sort[0]) : "" });
          return ok;
        },
        select(widgetId, rows) {
          channel?.values({ [widgetId]: rows });
        },
      });
      views.set(wrap, view);
    },
    (err: Error) => box.replaceChildren(h("div", { class: "jr-unsupported", role: "alert", text: `The table could not be shown: ${err.message}` })),
  );
}

const sansSelection = (el: DataframeEl): string => JSON.stringify({ ...el, selection: el.selection && { ...el.selection, value: [] } });

/** The same data shown again with another selection: update the grid in place (keeps scroll). */
export function updateDataframe(wrap: HTMLElement, el: DataframeEl, prev: DataframeEl): boolean {
  const view = views.get(wrap);
  return !!view && sansSelection(el) === sansSelection(prev) && view.update(el);
}

function text(c: GridColumn, v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "✓" : "✗";
  if (typeof v === "number" && c.kind === "float" && !Number.isInteger(v)) return String(+v.toFixed(4));
  return Array.isArray(v) ? v.join(", ") : String(v);
}

export function table(el: TableEl, wrap: HTMLElement): void {
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
  wrap.append(h("div", { class: "jr-table-box" }, t));
  if (note) wrap.append(note);
}
