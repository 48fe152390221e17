// The page's side of dataframes and tables: loads the grid chunk for a `dataframe` element,
// routes `data_page` answers to the grid that asked, and draws `table` elements (plain HTML).
//
// Runs in the browser page (app.js); the grid itself is the lazy chunk chunks/grid.ts, typed here
// with `import type` only so none of its code enters app.js.

import { h } from "./dom";
import { loadChunk } from "./lazy";
import { enhance } from "./rich";
import type { DataframeEl, DataPageMsg, TableEl, WidgetValue } from "./protocol";
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

/** Editing states of data editors in forms, by form id: sent with the form's submit. */
const held = new Map<string, Record<string, WidgetValue>>();

/** The editing states held for form `formId` (taken: the submit sends them). */
export function formEdits(formId: string): Record<string, WidgetValue> {
  const out = held.get(formId) || {};
  held.delete(formId);
  return out;
}

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

/** Run `draw` once the grid chunk is in; a chunk that cannot load is said in the element's place. */
function withGrid(box: HTMLElement, draw: (api: GridApi) => void): void {
  loadChunk<GridApi>("grid", { css: true }).then(draw, (err: Error) =>
    box.replaceChildren(h("div", { class: "jr-unsupported", role: "alert", text: `The table could not be shown: ${err.message}` })),
  );
}

export function dataframe(el: DataframeEl, wrap: HTMLElement): void {
  const rh = el.row_height || 35;
  const box = h("div", { class: "jr-grid-wait", style: `height:${el.height ?? Math.min(Math.max(el.rows, 1), 10) * rh + 38}px` });
  wrap.append(box);
  withGrid(box, (api) => {
    const view = api.mount(box, el, {
      request(v, id, start, stop, sort) {
        const n = ++seq;
        const ok = !!channel?.send({ type: "data_request", id, start, stop, sort, seq: n });
        if (ok) waiting.set(n, { view: v, sort: sort ? JSON.stringify(sort[0]) : "" });
        return ok;
      },
      select(widgetId, value) {
        channel?.values({ [widgetId]: value });
      },
      edit(widgetId, state) {
        const form = el.editor?.form_id;
        if (form) held.set(form, { ...held.get(form), [widgetId]: state });
        else channel?.values({ [widgetId]: state });
      },
      click(widgetId, value) {
        channel?.values({ [widgetId]: value });
      },
      enhance,
    });
    views.set(wrap, view);
  });
}

const sansSelection = (el: DataframeEl): string =>
  JSON.stringify({ ...el, selection: el.selection && { ...el.selection, value: null }, editor: el.editor && { ...el.editor, value: "", rendered: undefined } });

/** The same data shown again with another selection or editing state: update the grid in place
 * (keeps scroll and focus). */
export function updateDataframe(wrap: HTMLElement, el: DataframeEl, prev: DataframeEl): boolean {
  const view = views.get(wrap);
  return !!view && sansSelection(el) === sansSelection(prev) && view.update(el);
}

export function table(el: TableEl, wrap: HTMLElement): void {
  const box = h("div", { class: "jr-table-box" });
  wrap.append(box);
  withGrid(box, (api) => api.table(box, el));
}
