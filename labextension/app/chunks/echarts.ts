// The ECharts chunk: Apache ECharts (its full build, so every series type and component an option
// may name draws) and the code that draws one `jr.echarts_chart` with it: Streamlit 1.67's
// "streamlit" theme read from the page (light or dark, following the scheme switch), the option
// defaults Streamlit adds (accessible name, plot margins, a plain cursor on display-only charts),
// selections in Streamlit's shape, resizing with the box, and one ECharts instance per box,
// updated in place and disposed of when the box leaves the page. Built into
// static/chunks/echarts.js and loaded by app/echarts.ts the first time a page shows one; app.js
// never contains it. Runs in the page.

import * as echarts from "echarts";
import { prepare, tooltipValue, useFormatTpl } from "../echarts_option";
import { defineChunk } from "../lazy";
import { CATEGORY, CATEGORY_DARK, SEQUENTIAL, categoricalColors, isDark, onSchemeChange } from "../theme";

type Obj = Record<string, unknown>;

/** What app/echarts.ts asks of a chart (the element's fields). */
export interface EChartsEl {
  spec: string;
  theme: "streamlit" | null;
  renderer: "canvas" | "svg";
  height: number | "stretch";
  width?: number;
  description?: string;
  key?: string;
}

export interface Group {
  series_index: number;
  series_id: string | number | null;
  series_name: string | number | null;
  data_type: "main" | "node" | "edge";
  data_indices: number[];
}
export interface Area {
  brush_index: number;
  brush_type: string;
  coord_range: unknown[];
}
export interface Selection {
  selected: Group[];
  areas: Area[];
}

/** A selectable chart's link to its widget: the value it holds, and a new one to send. */
export interface Select {
  get(): Selection;
  set(s: Selection): void;
}

export interface EChartsApi {
  /** Draw `el` into `box`, or update the chart drawn there in place. */
  draw(box: HTMLElement, el: EChartsEl, select?: Select): void;
  /** How many ECharts instances are alive (those whose box left the page are disposed of). */
  live(): number;
}

const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);
const css = (name: string, fallback: string): string =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

// -- the "streamlit" theme -------------------------------------------------------------------------

/** Streamlit 1.67's ECharts theme in the page's colours and fonts: category colours as the page's
 *  other charts, grey 12 px axis labels, quiet axis and grid lines, transparent background. */
function pageTheme(): Obj {
  const dark = isDark();
  const fg = css("--fg", dark ? "#fafafa" : "#31333f");
  const bg = css("--bg", dark ? "#0e1117" : "#ffffff");
  const b2 = css("--b2", dark ? "#262730" : "#f0f2f6");
  const border = css("--bd", dark ? "#4a4742" : "#dcd8d4");
  const primary = css("--ac", "#ff4b4b");
  const label = dark ? "#e6eaf1" : "#808495";
  const line = dark ? "#31333f" : "#e6eaf1";
  const faded = dark ? "#fafafa33" : "#31333f33";
  const font = getComputedStyle(document.body).fontFamily || "sans-serif";
  const size = 12;
  const text = { color: label, fontFamily: font, fontSize: size };
  const axis = {
    axisLine: { lineStyle: { color: line } },
    axisTick: { lineStyle: { color: line } },
    axisLabel: { ...text, margin: 8, textBorderColor: bg, textBorderWidth: 2 },
    nameTextStyle: text,
    splitLine: { lineStyle: { color: line } },
  };
  const valueAxis = { ...axis, axisLabel: { ...axis.axisLabel, hideOverlap: true } };
  const selected = { select: { itemStyle: { borderColor: fg } } };
  return {
    color: categoricalColors() ?? (dark ? CATEGORY_DARK : CATEGORY),
    backgroundColor: "transparent",
    darkMode: dark,
    textStyle: { fontFamily: font, color: label, fontSize: size },
    title: {
      padding: [0, 0, 16, 0],
      textStyle: { fontFamily: font, color: fg, fontSize: 14, fontWeight: "normal" },
      subtextStyle: { fontFamily: font, color: fg, fontSize: 12 },
    },
    legend: {
      textStyle: text,
      inactiveColor: faded,
      inactiveBorderColor: faded,
      pageIconColor: label,
      pageIconInactiveColor: faded,
      pageTextStyle: { color: label },
    },
    tooltip: {
      backgroundColor: bg,
      borderColor: border,
      textStyle: { color: fg, fontFamily: font, fontSize: size, fontWeight: "normal" },
      valueFormatter: tooltipValue,
    },
    axisPointer: { label: { color: fg, backgroundColor: bg, borderColor: border, borderWidth: 1 } },
    categoryAxis: axis,
    valueAxis,
    logAxis: valueAxis,
    timeAxis: valueAxis,
    angleAxis: axis,
    radiusAxis: axis,
    parallelAxis: axis,
    singleAxis: axis,
    radar: { axisLine: { lineStyle: { color: line } }, splitLine: { lineStyle: { color: line } }, axisName: text, axisLabel: text },
    bar: selected,
    pictorialBar: selected,
    scatter: selected,
    heatmap: selected,
    graph: selected,
    funnel: { label: text, itemStyle: { borderColor: bg }, ...selected },
    ...(dark ? { line: { symbol: "circle" } } : {}),
    pie: { label: text },
    tree: { label: text },
    sankey: { color: SEQUENTIAL, lineStyle: { color: label, opacity: dark ? 0.35 : 0.2 }, label: text, ...selected },
    sunburst: { label: { color: "#31333f", textBorderColor: "#fff", textBorderWidth: 2 }, itemStyle: { borderColor: bg } },
    treemap: { left: 8, right: 8, top: 8, bottom: 38, itemStyle: { borderColor: bg }, breadcrumb: { bottom: 8, itemStyle: { color: b2, borderColor: border, textStyle: { color: label, fontFamily: font } } } },
    candlestick: { itemStyle: { color: "#21c354", color0: "#ff2b2b", borderColor: "#21c354", borderColor0: "#ff2b2b" } },
    boxplot: { itemStyle: { color: bg } },
    gauge: {
      axisLine: { lineStyle: { color: [[1, line]] } },
      splitLine: { lineStyle: { color: label } },
      axisTick: { lineStyle: { color: line } },
      axisLabel: { color: label, fontFamily: font },
      title: { color: label, fontFamily: font },
      detail: { color: fg, fontFamily: font },
    },
    calendar: { itemStyle: { color: "transparent", borderColor: border }, splitLine: { lineStyle: { color: line } }, dayLabel: text, monthLabel: text, yearLabel: text },
    visualMap: { inRange: { color: SEQUENTIAL }, textStyle: text },
    timeline: { lineStyle: { color: line }, label: text, itemStyle: { color: label }, checkpointStyle: { color: primary, borderColor: bg }, controlStyle: { color: label, borderColor: label } },
    dataZoom: {
      borderColor: border,
      fillerColor: primary + "26",
      dataBackground: { lineStyle: { color: label, opacity: 0.5 }, areaStyle: { color: label, opacity: 0.2 } },
      handleStyle: { color: bg, borderColor: label },
      textStyle: { color: label },
    },
    brush: { brushStyle: { color: primary + "26", borderColor: primary } },
    toolbox: {
      iconStyle: { borderColor: label },
      emphasis: { iconStyle: { borderColor: fg, textFill: fg, textBackgroundColor: b2, textPadding: 4, textBorderRadius: 4 } },
      feature: { dataView: { backgroundColor: bg, textColor: fg, textareaColor: b2, textareaBorderColor: border, buttonColor: primary, buttonTextColor: "#fff" } },
    },
  };
}

// -- the charts --------------------------------------------------------------------------------------

interface Raw {
  seriesIndex: number;
  dataIndex: number[];
  dataType?: string;
}
interface Brush {
  brushIndex: number;
  areas: Obj[];
  selected: Raw[];
}

interface Chart {
  box: HTMLElement;
  host: HTMLElement;
  chart: echarts.ECharts;
  el: EChartsEl;
  option: Obj;
  dark: boolean;
  select?: Select;
  points: Raw[]; // the clicked selection, as ECharts has it
  brushes: Brush[]; // the brushed one
  quiet: boolean; // restoring a selection: ECharts' events are not the viewer's
  timer?: number;
  resize: ResizeObserver;
}

const charts = new Map<HTMLElement, Chart>();

function dispose(c: Chart): void {
  c.resize.disconnect();
  if (c.timer) window.clearTimeout(c.timer);
  if (!c.chart.isDisposed()) c.chart.dispose();
  charts.delete(c.box);
}

/** Charts whose box left the page: their ECharts instances (and listeners) go. */
function sweep(): void {
  for (const c of [...charts.values()]) if (!c.box.isConnected) dispose(c);
}

const ORDER: Record<string, number> = { main: 0, node: 1, edge: 2 };
const ident = (v: unknown): string | number | null =>
  typeof v === "number" || (typeof v === "string" && v.length > 0 && !v.includes("\0")) ? v : null;

/** The selection in Streamlit's shape: clicked and brushed items by series and data type (sorted,
 *  empty groups left out), and the brush regions that have data coordinates. */
function selection(c: Chart): Selection {
  const groups = new Map<string, { s: number; t: string; idx: Set<number> }>();
  const add = (raws: Raw[]): void => {
    for (const r of raws) {
      if (typeof r.seriesIndex !== "number") continue;
      const t = r.dataType || "main";
      const key = `${r.seriesIndex}/${t}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { s: r.seriesIndex, t, idx: new Set() }));
      for (const i of Array.isArray(r.dataIndex) ? r.dataIndex : [r.dataIndex]) if (typeof i === "number") g.idx.add(i);
    }
  };
  add(c.points);
  for (const b of c.brushes) add(b.selected || []);
  const opt = Array.isArray(c.option.series) || isObj(c.option.series) ? c.option : (c.chart.getOption() as Obj);
  const series: unknown[] = Array.isArray(opt.series) ? opt.series : isObj(opt.series) ? [opt.series] : [];
  const selected = [...groups.values()]
    .filter((g) => g.idx.size > 0)
    .sort((a, b) => a.s - b.s || (ORDER[a.t] ?? 3) - (ORDER[b.t] ?? 3))
    .map((g) => {
      const s = isObj(series[g.s]) ? (series[g.s] as Obj) : {};
      return {
        series_index: g.s,
        series_id: ident(s.id),
        series_name: ident(s.name),
        data_type: g.t as Group["data_type"],
        data_indices: [...g.idx].sort((a, b) => a - b),
      };
    });
  const areas = [...c.brushes]
    .sort((a, b) => a.brushIndex - b.brushIndex)
    .flatMap((b) =>
      (b.areas || [])
        .filter((a) => typeof a.brushType === "string" && Array.isArray(a.coordRange))
        .map((a) => ({ brush_index: b.brushIndex, brush_type: a.brushType as string, coord_range: a.coordRange as unknown[] })),
    );
  return JSON.parse(JSON.stringify({ selected, areas })) as Selection;
}

function send(c: Chart): void {
  if (!c.select) return;
  const s = selection(c);
  if (JSON.stringify(s) !== JSON.stringify(c.select.get())) c.select.set(s);
}

function later(c: Chart, ms: number): void {
  if (c.timer) window.clearTimeout(c.timer);
  c.timer = window.setTimeout(() => {
    c.timer = undefined;
    send(c);
  }, ms);
}

/** Show the kept selection again (after a new option, theme or renderer). */
function restore(c: Chart): void {
  if (!c.select) return;
  c.quiet = true;
  try {
    for (const p of c.points) {
      c.chart.dispatchAction({ type: "select", seriesIndex: p.seriesIndex, dataIndex: p.dataIndex, ...(p.dataType && p.dataType !== "main" ? { dataType: p.dataType } : {}) });
    }
    for (const b of c.brushes) if (b.areas.length) c.chart.dispatchAction({ type: "brush", brushIndex: b.brushIndex, areas: b.areas });
  } catch {
    // an index the new data no longer has: nothing to show
  } finally {
    c.quiet = false;
  }
}

/** Forget the selection (double click), on the chart and in the app. */
function clear(c: Chart): void {
  c.quiet = true;
  try {
    c.chart.dispatchAction({ type: "brush", areas: [] });
    for (const p of c.points) c.chart.dispatchAction({ type: "unselect", seriesIndex: p.seriesIndex, dataIndex: p.dataIndex, ...(p.dataType && p.dataType !== "main" ? { dataType: p.dataType } : {}) });
  } catch {
    // nothing drawn to clear
  } finally {
    c.quiet = false;
  }
  c.points = [];
  c.brushes = [];
  send(c);
}

function listen(c: Chart): void {
  const chart = c.chart;
  chart.on("selectchanged", (e: unknown) => {
    if (c.quiet || !c.select) return;
    const ev = e as { selected?: Raw[] };
    c.points = (ev.selected || []).map((r) => ({ seriesIndex: r.seriesIndex, dataIndex: [...(r.dataIndex || [])], ...(r.dataType ? { dataType: r.dataType } : {}) }));
    later(c, 0);
  });
  chart.on("brushSelected", (e: unknown) => {
    if (c.quiet || !c.select) return;
    const batch = ((e as { batch?: Obj[] }).batch || []).map((b) => ({
      brushIndex: Number(b.brushIndex) || 0,
      areas: (Array.isArray(b.areas) ? b.areas : []).map((a: Obj) => ({ brushType: a.brushType, range: a.range, coordRange: a.coordRange, ...(a.panelId ? { panelId: a.panelId } : {}) })),
      selected: (Array.isArray(b.selected) ? b.selected : []).map((r: Obj) => ({ seriesIndex: r.seriesIndex as number, dataIndex: [...((r.dataIndex as number[]) || [])], ...(r.dataType ? { dataType: r.dataType as string } : {}) })),
    }));
    c.brushes = batch;
    // a brush being dragged sends when it ends (brushEnd); one removed (the toolbox) at once
    if (batch.every((b) => b.areas.length === 0)) later(c, 150);
  });
  chart.on("brushEnd", () => {
    if (!c.quiet && c.select) later(c, 150);
  });
  chart.getZr().on("dblclick", () => {
    if (c.select) clear(c);
  });
}

function init(host: HTMLElement, el: EChartsEl): echarts.ECharts {
  return echarts.init(host, el.theme === "streamlit" ? pageTheme() : undefined, { renderer: el.renderer === "svg" ? "svg" : "canvas" });
}

let watching = false;
function watchScheme(): void {
  if (watching) return;
  watching = true;
  onSchemeChange(() => {
    sweep();
    const dark = isDark();
    for (const c of charts.values()) {
      if (c.el.theme !== "streamlit" || c.dark === dark) continue;
      c.dark = dark;
      c.chart.setTheme(pageTheme() as never);
      restore(c);
    }
  });
}

function setOption(c: Chart): void {
  const prepared = prepare(c.option, c.el, !!c.select);
  c.chart.setOption(prepared, { notMerge: true });
  restore(c);
}

useFormatTpl((tpl, params, encode) => echarts.format.formatTpl(tpl, params, encode));

const api: EChartsApi = {
  live() {
    sweep();
    return charts.size;
  },
  draw(box, el, select) {
    sweep();
    let option: Obj;
    try {
      const parsed: unknown = JSON.parse(el.spec);
      if (!isObj(parsed)) throw new Error("The ECharts option must be a JSON object.");
      option = parsed;
    } catch (err) {
      const old = charts.get(box);
      if (old) dispose(old);
      box.replaceChildren(Object.assign(document.createElement("div"), { className: "jr-unsupported", role: "alert", textContent: `ECharts chart error: ${(err as Error).message}` }));
      return;
    }
    let c = charts.get(box);
    if (c && c.el.renderer !== el.renderer) {
      dispose(c); // ECharts cannot switch renderers: a new instance in the same box
      c = undefined;
    }
    if (!c) {
      const host = document.createElement("div");
      host.className = "jr-echarts-c";
      box.replaceChildren(host);
      const chart = init(host, el);
      const made: Chart = { box, host, chart, el, option, dark: isDark(), select, points: [], brushes: [], quiet: false, resize: new ResizeObserver(() => {
        if (!box.isConnected) return dispose(made);
        if (!made.chart.isDisposed()) made.chart.resize();
      }) };
      c = made;
      charts.set(box, c);
      // a selection the app holds from before this page drew the chart (a reload): its clicks
      const held = select?.get();
      if (held && !held.areas.length) made.points = held.selected.map((g) => ({ seriesIndex: g.series_index, dataIndex: [...g.data_indices], ...(g.data_type !== "main" ? { dataType: g.data_type } : {}) }));
      made.resize.observe(box);
      listen(made);
      watchScheme();
    } else if (c.el.theme !== el.theme || (el.theme === "streamlit" && c.dark !== isDark())) {
      c.chart.setTheme((el.theme === "streamlit" ? pageTheme() : "default") as never);
      c.dark = isDark();
    }
    c.el = el;
    c.option = option;
    c.select = select;
    try {
      setOption(c);
      box.removeAttribute("aria-busy");
    } catch (err) {
      box.append(Object.assign(document.createElement("div"), { className: "jr-unsupported jr-echarts-err", role: "alert", textContent: `ECharts chart error: ${(err as Error).message}` }));
    }
  },
};

defineChunk("echarts", api);
