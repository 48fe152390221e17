// ECharts elements (`jr.echarts_chart`): the box, at its final size at once, and the lazily loaded
// echarts chunk (app/chunks/echarts.ts) that draws into it; a chart whose selections are a widget
// value. A chart that comes again with a new option is redrawn in place (same box, same ECharts
// instance). Runs in the page.

import type { EChartsApi, EChartsEl, Select, Selection } from "./chunks/echarts";
import { h } from "./dom";
import { loadChunk } from "./lazy";
import type { EChartsChartEl, EChartsSelectEl } from "./protocol";
import type { MakeView, WidgetHost, WidgetView } from "./widgets";

// boxes waiting for the chunk -> what to draw there (an update meanwhile only replaces it)
const waiting = new WeakMap<HTMLElement, EChartsEl>();

/** Size `box` as the element says (a height in px, or the container's and at least 350 px; a
 *  content width in px, at most the container's), then draw or update the chart in it. */
function draw(box: HTMLElement, el: EChartsEl, select?: Select): void {
  const stretch = el.height === "stretch";
  box.classList.toggle("jr-echarts-hstretch", stretch);
  box.style.height = stretch ? "" : `${Math.max(1, Math.min(20000, Number(el.height) || 350))}px`;
  box.style.width = typeof el.width === "number" && el.width > 0 ? `${Math.round(el.width)}px` : "";
  const pending = waiting.has(box);
  waiting.set(box, el);
  if (pending) return; // the load under way draws the latest
  loadChunk<EChartsApi>("echarts").then(
    (api) => {
      const latest = waiting.get(box) || el;
      waiting.delete(box);
      if (box.isConnected) api.draw(box, latest, select);
    },
    (err: Error) => {
      waiting.delete(box);
      box.replaceChildren(h("div", { class: "jr-unsupported", role: "alert", text: `ECharts chart error: ${err.message}` }));
    },
  );
}

function box(key?: string): HTMLElement {
  const b = h("div", { class: "jr-echarts" + (key ? " st-key-" + key : ""), "data-testid": "stEChartsChart" });
  b.dataset.jrKey = key || "";
  return b;
}

export function echartsChart(el: EChartsChartEl, wrap: HTMLElement): void {
  const b = box(el.key);
  wrap.append(b);
  draw(b, el);
}

/** The same element with a new option, theme, renderer or size: redrawn in place (false: no
 *  chart with that key there, draw it afresh). */
export function updateECharts(wrap: HTMLElement, el: EChartsChartEl): boolean {
  const b = wrap.querySelector<HTMLElement>(":scope > .jr-echarts");
  if (!b || b.dataset.jrKey !== (el.key || "")) return false;
  draw(b, el);
  return true;
}

const EMPTY: Selection = { selected: [], areas: [] };

export function echartsSelect(el: EChartsSelectEl, host: WidgetHost, view: MakeView): WidgetView {
  const root = h("div", { class: "jr-widget jr-w-echarts_chart" });
  const b = box();
  root.append(b);
  let current: Selection = el.value || EMPTY;
  let shown = "";
  const select: Select = {
    get: () => current,
    set: (s) => host.commit(v, (current = s) as never),
  };
  const v = view(
    el as never,
    root,
    () => current,
    ((e: EChartsSelectEl) => {
      const key = JSON.stringify([e.spec, e.theme, e.renderer, e.height, e.width, e.description]);
      if (key !== shown) draw(b, e, select); // else only the selection changed: the chart shows it
      shown = key;
    }) as (el: never) => void,
    (val) => {
      const s = val as Selection | null;
      current = s && Array.isArray(s.selected) && Array.isArray(s.areas) ? s : EMPTY;
    },
  );
  return v;
}
