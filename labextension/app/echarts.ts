// ECharts elements (`jr.echarts_chart`): the box, at its final size at once, and the lazily loaded
// echarts chunk (app/chunks/echarts.ts) that draws into it; a chart whose selections are a widget
// value. A chart that comes again with a new option is redrawn in place (same box, same ECharts
// instance). Runs in the page.

import type { EChartsApi, EChartsEl, Selection } from "./chunks/echarts";
import { h } from "./dom";
import { loadChunk } from "./lazy";
import type { EChartsChartEl, EChartsSelectEl } from "./protocol";
import type { MakeView, WidgetHost, WidgetView } from "./widgets";

/** Size the box as the element says: a height in px, or the container's (at least 350 px); a
 *  content width in px, at most the container's. */
function size(box: HTMLElement, el: EChartsEl): void {
  const stretch = el.height === "stretch";
  box.classList.toggle("jr-echarts-hstretch", stretch);
  box.style.height = stretch ? "" : `${Math.max(1, Math.min(20000, Number(el.height) || 350))}px`;
  box.style.width = typeof el.width === "number" && el.width > 0 ? `${Math.round(el.width)}px` : "";
}

// boxes waiting for the chunk -> what to draw there (an update meanwhile only replaces it)
const waiting = new WeakMap<HTMLElement, EChartsEl>();

function draw(box: HTMLElement, el: EChartsEl, select?: Parameters<EChartsApi["draw"]>[2]): void {
  size(box, el);
  const first = !waiting.has(box);
  waiting.set(box, el);
  if (!first) return; // the load under way draws the latest
  loadChunk<EChartsApi>("echarts")
    .then((api) => {
      const latest = waiting.get(box) || el;
      waiting.delete(box);
      if (box.isConnected) api.draw(box, latest, select);
      drawNow = api.draw;
    })
    .catch((err: unknown) => {
      waiting.delete(box);
      box.replaceChildren(h("div", { class: "jr-unsupported", role: "alert", text: `ECharts chart error: ${String((err as Error)?.message || err)}` }));
    });
}

let drawNow: EChartsApi["draw"] | null = null;

function redraw(box: HTMLElement, el: EChartsEl, select?: Parameters<EChartsApi["draw"]>[2]): void {
  if (drawNow && !waiting.has(box)) {
    size(box, el);
    drawNow(box, el, select);
  } else draw(box, el, select);
}

function box(el: EChartsEl, cls: string): HTMLElement {
  const b = h("div", { class: "jr-echarts " + cls, "data-testid": "stEChartsChart" });
  if (el.key) {
    b.classList.add("st-key-" + el.key);
    b.dataset.jrKey = el.key;
  }
  return b;
}

export function echartsChart(el: EChartsChartEl, wrap: HTMLElement): void {
  const b = box(el, "");
  wrap.append(b);
  draw(b, el);
}

/** The same element with a new option, theme, renderer or size: redraw the drawn chart in place
 *  (false: nothing to update, draw it afresh). */
export function updateECharts(wrap: HTMLElement, el: EChartsChartEl): boolean {
  const b = wrap.querySelector<HTMLElement>(":scope > .jr-echarts");
  if (!b || (el.key || "") !== (b.dataset.jrKey || "")) return false;
  redraw(b, el);
  return true;
}

const EMPTY: Selection = { selected: [], areas: [] };

export function echartsSelect(el: EChartsSelectEl, host: WidgetHost, view: MakeView): WidgetView {
  const root = h("div", { class: "jr-widget jr-w-echarts_chart" });
  const b = box(el, "");
  root.append(b);
  let current: Selection = el.value || EMPTY;
  const select = {
    get: () => current,
    set: (s: Selection) => {
      current = s;
      host.commit(v, current as never);
    },
  };
  let shown = "";
  const v = view(
    el as never,
    root,
    () => current,
    ((e: EChartsSelectEl) => {
      const key = JSON.stringify([e.spec, e.theme, e.renderer, e.height, e.width, e.description]);
      if (key === shown) return; // only the selection changed: the chart shows it already
      shown = key;
      redraw(b, e, select);
    }) as (el: never) => void,
    (val) => {
      const s = val as Selection | null;
      current = s && typeof s === "object" && Array.isArray(s.selected) && Array.isArray(s.areas) ? s : EMPTY;
    },
  );
  return v;
}
