// The Plotly chunk: plotly.js itself (the full plotly.js-dist-min bundle, so every trace type a
// Python figure can hold draws, gl and maps included) and the code that draws one chart with it.
// Built into static/chunks/plotly.js and loaded by app/plots.ts the first time a page shows a
// Plotly chart; app.js never contains it. Runs in the page.

import Plotly from "plotly.js-dist-min";
import { defineChunk } from "../lazy";
import { DIVERGING, SEQUENTIAL, categoricalColors, isDark, onSchemeChange } from "../theme";

type Obj = Record<string, unknown>;
type Mode = "points" | "box" | "lasso";

/** What app/plots.ts asks of a chart. */
export interface ChartSpec {
  spec: string;
  config: Obj;
  theme: "streamlit" | null;
  use_container_width: boolean;
  /** selections the viewer can make (none: a plain chart) */
  selection_mode?: Mode[];
}

export interface Selection {
  points: Obj[];
  point_indices: number[];
  box: Obj[];
  lasso: Obj[];
}

export interface PlotlyApi {
  /** Draw (or redraw in place) `chart` into `div`; `onSelect` gets each finished selection. */
  draw(div: HTMLElement, chart: ChartSpec, onSelect?: (s: Selection) => void): Promise<void>;
}

const css = (name: string, fallback: string): string =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

const dark = isDark;

/** The page's look as a Plotly template: its text colour and font, transparent backgrounds,
 *  quiet grid lines, and the same colour sequence as the page's other charts. */
function pageTemplate(): Obj {
  const fg = css("--fg", dark() ? "#fafafa" : "#31333f");
  const grid = dark() ? "#31333f" : "#e6eaf1";
  const muted = dark() ? "#a3a8b8" : "#808495";
  const axis = {
    gridcolor: grid,
    linecolor: grid,
    zerolinecolor: grid,
    tickcolor: grid,
    tickfont: { color: muted },
    title: { font: { color: muted } },
    automargin: true,
  };
  return {
    data: {},
    layout: {
      colorway: categoricalColors() ?? ["#0068c9", "#83c9ff", "#ff2b2b", "#ffabab", "#29b09d", "#7defa1", "#ff8700", "#ffd16a", "#6d3fc0", "#d5dae5"],
      font: { color: fg, family: getComputedStyle(document.body).fontFamily, size: 12 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      // as Streamlit's charts: a bold title on the left, horizontal grid lines only
      title: { x: 0, xanchor: "left", xref: "container", pad: { l: 8 }, font: { size: 16, weight: 600 } },
      xaxis: { ...axis, showgrid: false },
      yaxis: axis,
      polar: { bgcolor: "rgba(0,0,0,0)", angularaxis: { gridcolor: grid }, radialaxis: { gridcolor: grid } },
      geo: { bgcolor: "rgba(0,0,0,0)" },
      legend: { bgcolor: "rgba(0,0,0,0)" },
      hoverlabel: { font: { family: getComputedStyle(document.body).fontFamily } },
      colorscale: {
        sequential: SEQUENTIAL.map((c, i) => [i / 2, c]),
        diverging: DIVERGING(dark()).map((c, i) => [i / 2, c]),
      },
      margin: { t: 40, r: 20, b: 40, l: 20 },
    },
  };
}

interface State {
  key: string;
  resize?: ResizeObserver;
  onSelect?: (s: Selection) => void;
}
const states = new WeakMap<HTMLElement, State>();
let watching = false;
const drawn = new Set<HTMLElement>();

function build(chart: ChartSpec): { data: unknown[]; layout: Obj; config: Obj } {
  const fig = JSON.parse(chart.spec) as { data?: unknown[]; layout?: Obj; config?: Obj };
  const layout: Obj = { ...(fig.layout || {}) };
  if (chart.theme === "streamlit") layout.template = pageTemplate();
  const width = typeof layout.width === "number" ? layout.width : null;
  if (chart.use_container_width || width === null) delete layout.width;
  layout.autosize = true;
  if (typeof layout.height !== "number") layout.height = 450;
  // no "share to Plotly Cloud" button: nothing leaves the page
  const config: Obj = { displaylogo: false, showSendToCloud: false, ...(fig.config || {}), ...(chart.config || {}) };
  const modes = chart.selection_mode || [];
  if (modes.length) {
    // the viewer selects by dragging (box, else lasso) and by clicking points
    const remove = new Set((config.modeBarButtonsToRemove as string[] | undefined) || []);
    if (!modes.includes("box")) remove.add("select2d");
    if (!modes.includes("lasso")) remove.add("lasso2d");
    config.modeBarButtonsToRemove = [...remove];
    if (layout.dragmode === undefined) layout.dragmode = modes.includes("box") ? "select" : modes.includes("lasso") ? "lasso" : "zoom";
    layout.clickmode = modes.includes("points") ? "event+select" : "event";
  } else {
    config.modeBarButtonsToRemove = [...(((config.modeBarButtonsToRemove as string[]) || [])), "select2d", "lasso2d"];
  }
  return { data: fig.data || [], layout, config };
}

const TRACE_FIELDS: [string, string][] = [
  ["x", "x"], ["y", "y"], ["z", "z"], ["lat", "lat"], ["lon", "lon"], ["label", "label"], ["value", "value"],
  ["customdata", "customdata"], ["hovertext", "hovertext"], ["text", "text"],
  ["marker.size", "marker_size"], ["marker.color", "marker_color"],
];

/** A plotly.js event point -> Streamlit's point shape (plain JSON, snake_case). */
function point(p: Obj): Obj {
  const out: Obj = {
    curve_number: p.curveNumber,
    point_number: p.pointNumber,
    point_index: p.pointIndex ?? p.pointNumber,
  };
  for (const [from, to] of TRACE_FIELDS) {
    const v = from === "marker.size" ? p["marker.size"] : from === "marker.color" ? p["marker.color"] : p[from];
    if (v !== undefined && typeof v !== "function") out[to] = v;
  }
  const data = p.data as Obj | undefined;
  if (data && typeof data.legendgroup === "string" && data.legendgroup) out.legendgroup = data.legendgroup;
  return JSON.parse(JSON.stringify(out)) as Obj;
}

/** The selection a `plotly_selected` event describes (none: an empty one). */
function selection(ev: Obj | undefined): Selection {
  const points = ((ev?.points as Obj[] | undefined) || []).map(point);
  const box: Obj[] = [];
  const lasso: Obj[] = [];
  const range = ev?.range as Record<string, number[]> | undefined;
  if (range) {
    const xs = Object.keys(range).filter((k) => k.startsWith("x"));
    const ys = Object.keys(range).filter((k) => k.startsWith("y"));
    xs.forEach((xk, i) => ys[i] && box.push({ xref: xk, yref: ys[i], x: range[xk], y: range[ys[i]] }));
  }
  const lp = ev?.lassoPoints as Record<string, unknown[]> | undefined;
  if (lp) {
    const xs = Object.keys(lp).filter((k) => k.startsWith("x"));
    const ys = Object.keys(lp).filter((k) => k.startsWith("y"));
    xs.forEach((xk, i) => ys[i] && lasso.push({ xref: xk, yref: ys[i], x: lp[xk], y: lp[ys[i]] }));
  }
  return {
    points,
    point_indices: points.map((p) => p.point_index).filter((i): i is number => typeof i === "number"),
    box: JSON.parse(JSON.stringify(box)) as Obj[],
    lasso: JSON.parse(JSON.stringify(lasso)) as Obj[],
  };
}

// Selections larger than this are cut before sending (a page frame may hold at most 1 MiB).
const MAX_SELECTION_JSON = 512 * 1024;

function fit(s: Selection): Selection {
  if (JSON.stringify(s).length <= MAX_SELECTION_JSON) return s;
  const core = s.points.map((p) => ({ curve_number: p.curve_number, point_number: p.point_number, point_index: p.point_index, x: p.x, y: p.y }));
  let n = core.length;
  while (n > 0 && JSON.stringify({ ...s, points: core.slice(0, n), point_indices: s.point_indices.slice(0, n) }).length > MAX_SELECTION_JSON) n = Math.floor(n / 2);
  return { ...s, points: core.slice(0, n), point_indices: s.point_indices.slice(0, n) };
}

function watchScheme(): void {
  if (watching) return;
  watching = true;
  // the page switched light/dark: charts drawn in the page's colours follow
  onSchemeChange(() => {
    for (const div of [...drawn]) {
      const st = states.get(div);
      if (!div.isConnected || !st) {
        drawn.delete(div);
        continue;
      }
      const chart = JSON.parse(st.key) as ChartSpec;
      if (chart.theme === "streamlit") {
        const { data, layout, config } = build(chart);
        void Plotly.react(div, data, layout, config);
      }
    }
  });
}

const api: PlotlyApi = {
  async draw(div, chart, onSelect) {
    const key = JSON.stringify(chart);
    let st = states.get(div);
    if (st && st.key === key) {
      st.onSelect = onSelect;
      return;
    }
    const { data, layout, config } = build(chart);
    // not stretched: the figure's own width, at most the container's
    div.style.width = typeof layout.width === "number" ? layout.width + "px" : "";
    const first = !st;
    st = st || { key };
    st.key = key;
    st.onSelect = onSelect;
    states.set(div, st);
    await (first ? Plotly.newPlot(div, data, layout, config) : Plotly.react(div, data, layout, config));
    if (first) {
      const s = st;
      const ev = div as unknown as { on(name: string, f: (e?: Obj) => void): void };
      ev.on("plotly_selected", (e) => s.onSelect?.(fit(selection(e))));
      ev.on("plotly_deselect", () => s.onSelect?.(selection(undefined)));
      // responsive width without plotly's window listener (which would outlive the chart)
      s.resize = new ResizeObserver(() => {
        if (!div.isConnected) {
          s.resize?.disconnect();
          Plotly.purge(div);
          drawn.delete(div);
          return;
        }
        void Plotly.Plots.resize(div);
      });
      s.resize.observe(div);
      drawn.add(div);
      watchScheme();
    }
  },
};

defineChunk("plotly", api);
