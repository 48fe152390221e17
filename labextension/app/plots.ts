// Plot elements: Plotly charts (drawn by the lazily loaded plotly chunk, app/chunks/plotly.ts),
// a Plotly chart whose selections are a widget value, and Bokeh figures (their standalone HTML
// in a sandboxed frame). Matplotlib figures arrive as plain `image` elements. Runs in the page.

import type { ChartSpec, PlotlyApi, Selection } from "./chunks/plotly";
import { h } from "./dom";
import { loadChunk } from "./lazy";
import { mediaUrl } from "./media";
import type { BokehChartEl, PlotlyChartEl, PlotlySelectEl } from "./protocol";
import type { MakeView, WidgetHost, WidgetView } from "./widgets";

function box(): HTMLElement {
  return h("div", { class: "jr-plotly", role: "figure", "aria-label": "Plotly chart" });
}

function draw(div: HTMLElement, chart: ChartSpec, onSelect?: (s: Selection) => void): void {
  loadChunk<PlotlyApi>("plotly")
    .then((api) => api.draw(div, chart, onSelect))
    .catch((err: unknown) => {
      div.replaceChildren(h("div", { class: "jr-unsupported", text: `Could not draw the Plotly chart: ${String(err)}` }));
    });
}

export function plotlyChart(el: PlotlyChartEl, wrap: HTMLElement): void {
  const div = box();
  wrap.append(div);
  draw(div, el);
}

export function plotlySelect(el: PlotlySelectEl, host: WidgetHost, view: MakeView): WidgetView {
  const root = h("div", { class: "jr-widget jr-w-plotly_chart" });
  let current: Selection = el.value;
  let div: HTMLElement | null = null;
  let shown = "";
  const v = view(
    el as never,
    root,
    () => current,
    ((e: PlotlySelectEl) => {
      const chart: ChartSpec = { spec: e.spec, config: e.config, theme: e.theme, use_container_width: e.use_container_width, selection_mode: e.selection_mode };
      const key = JSON.stringify(chart);
      if (key === shown) return; // only the selection changed: the chart already shows it
      shown = key;
      div = box();
      root.replaceChildren(div);
      draw(div, chart, (s) => {
        current = s;
        host.commit(v, current as never);
      });
    }) as (el: never) => void,
    (val) => {
      current = (val as Selection) || current;
    },
  );
  return v;
}

/** Bokeh's standalone HTML (media) in a frame that may run its scripts but, having an opaque
 *  origin (no allow-same-origin), cannot reach the page, its cookies or its socket. */
export function bokehChart(el: BokehChartEl, wrap: HTMLElement): void {
  const frame = h("iframe", { class: "jr-bokeh", sandbox: "allow-scripts", title: "Bokeh chart" }) as HTMLIFrameElement;
  frame.style.height = (typeof el.height === "number" && el.height > 0 ? el.height : 600) + "px";
  if (typeof el.width === "number" && el.width > 0) frame.style.width = `${Math.round(el.width)}px`; // the figure's own width
  wrap.append(frame);
  const url = mediaUrl(el.src);
  fetch(url)
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((html) => {
      frame.srcdoc = html;
    })
    .catch((err: unknown) => {
      frame.replaceWith(h("div", { class: "jr-unsupported", text: `Could not load the Bokeh chart: ${String(err)}` }));
    });
}
