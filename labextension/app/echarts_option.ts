// The option as the echarts chunk draws it (app/chunks/echarts.ts imports this; app.js does
// not): the defaults Streamlit 1.67 adds under the app's own settings -- the accessible name,
// the "streamlit" theme's margins, title and legend placement, big series drawn fast, a plain
// cursor on display-only charts, tooltip number formats. Pure functions of the parsed option, so
// tests/page/test_echarts_option.py runs them under node. Runs in the page.

import { numberFormat } from "./format";

type Obj = Record<string, unknown>;

/** The element fields the option depends on. */
export interface OptionEl {
  theme: "streamlit" | null;
  description?: string;
}

const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);
const list = (v: unknown): Obj[] => (isObj(v) ? [v] : Array.isArray(v) ? v.filter(isObj) : []);

const FMT_FIXED = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4, useGrouping: true });
const FMT_SIG = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 6, useGrouping: true });
const FMT_SCI = new Intl.NumberFormat("en-US", { notation: "scientific", maximumSignificantDigits: 6 });

/** A tooltip value as Streamlit's theme shows it: long numbers shortened, grouped thousands. */
export function tooltipValue(v: unknown): string {
  if (Array.isArray(v)) return v.map(tooltipValue).join(", ");
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "-";
    const a = Math.abs(v);
    if (a !== 0 && a < 1e-4) return FMT_SCI.format(v);
    return (a >= 1 ? FMT_FIXED : FMT_SIG).format(v);
  }
  if (typeof v === "string") return v.trim() === "" ? "-" : v;
  return typeof v === "boolean" ? String(v) : "-";
}

// -- the layout --------------------------------------------------------------------------------------

/** The option and its timeline / media variants, each changed by `f` (copies; the parsed spec
 *  stays as it came). */
function eachVariant(option: Obj, f: (v: Obj) => Obj): Obj {
  const media = (v: Obj): Obj =>
    Array.isArray(v.media) ? { ...v, media: v.media.map((m: unknown) => (isObj(m) && isObj(m.option) ? { ...m, option: f(m.option) } : m)) } : v;
  let out = media(f(option));
  if (isObj(out.baseOption)) out = { ...out, baseOption: media(f(out.baseOption)) };
  if (Array.isArray(out.options)) out = { ...out, options: out.options.map((o: unknown) => (isObj(o) ? media(f(o)) : o)) };
  return out;
}

function eachSeries(option: Obj, f: (s: Obj) => Obj): Obj {
  return eachVariant(option, (v) =>
    Array.isArray(v.series) ? { ...v, series: v.series.map((s: unknown) => (isObj(s) ? f(s) : s)) } : isObj(v.series) ? { ...v, series: f(v.series) } : v,
  );
}

const atBottom = (t: Obj): boolean => t.bottom !== undefined || t.top === "bottom";
const shown = (o: Obj): boolean => o.show !== false;

/** Does a title sit at the plot's top, or bottom? (none given but `title` set: the top) */
function titleEdges(v: Obj): { top: boolean; bottom: boolean } {
  const titles = list(v.title).filter(shown);
  if (!list(v.title).length) return { top: v.title !== undefined, bottom: false };
  return { top: titles.some((t) => !atBottom(t)), bottom: titles.some(atBottom) };
}

/** Does a legend sit at the top (its `top` set), or the bottom (ECharts 6's default)? */
function legendEdges(v: Obj): { top: boolean; bottom: boolean } {
  const legends = list(v.legend);
  if (!legends.length) return { top: false, bottom: v.legend !== undefined && v.legend !== false };
  const on = legends.filter(shown);
  const top = (l: Obj): boolean => l.top !== undefined && l.top !== "bottom";
  return { top: on.some(top), bottom: on.some((l) => !top(l)) };
}

/** A slider, horizontal visual map or timeline along the bottom. */
function bottomBars(v: Obj): boolean {
  const bars = [...list(v.dataZoom).filter((d) => d.type !== "inside"), ...list(v.visualMap).filter((m) => m.orient === "horizontal"), ...list(v.timeline)];
  return bars.some((b) => shown(b) && b.orient !== "vertical" && b.top === undefined);
}

/** Legends that `pick` chooses, moved to `top` px (the option unchanged when none is). */
function moveLegends(v: Obj, top: number, pick: (l: Obj) => boolean): Obj {
  const legends = list(v.legend);
  if (!legends.length) return v.legend !== undefined && v.legend !== false && pick({}) ? { ...v, legend: { top } } : v;
  let moved = false;
  const out = (Array.isArray(v.legend) ? v.legend : [v.legend]).map((l: unknown) => {
    if (!isObj(l) || !pick(l)) return l;
    moved = true;
    return { ...l, top };
  });
  return moved ? { ...v, legend: Array.isArray(v.legend) ? out : out[0] } : v;
}

/** Streamlit's layout for the "streamlit" theme: titles 14 px with a 16 px gap below, and for a
 *  cartesian chart without a grid list, margins that hug the box (labels inside it), room left
 *  where a title, legend or slider sits, a legend moved out of a slider's or title's way. */
function layout(v: Obj): Obj {
  let out = v;
  const titles = list(v.title);
  if (titles.length) {
    const styled = titles.map((t) =>
      shown(t) ? { ...t, textStyle: { fontSize: 14, fontWeight: "normal", ...(isObj(t.textStyle) ? t.textStyle : {}) }, padding: t.padding ?? [0, 0, 16, 0] } : t,
    );
    out = { ...out, title: Array.isArray(v.title) ? styled : styled[0] };
  }
  const titleTop = titleEdges(out).top;
  const subtext = titles.some((t) => shown(t) && !atBottom(t) && typeof t.subtext === "string" && t.subtext !== "");
  const below = titleTop ? 16 + 14 + (subtext ? 22 : 0) + 16 : 0; // where a legend goes under the title
  const axes = "xAxis" in out || "yAxis" in out;
  if (bottomBars(out) && legendEdges(out).bottom) {
    out = moveLegends(out, below, (l) => shown(l) && l.top === undefined && l.bottom === undefined);
  }
  let stackedTop: number | undefined;
  if (titleTop && axes && !Array.isArray(out.grid)) {
    const centred = (l: Obj): boolean =>
      shown(l) && l.orient !== "vertical" && (l.top === "top" || l.top === 0) && (l.left === "center" || (l.left === undefined && l.right === undefined));
    const moved = moveLegends(out, below, centred);
    if (moved !== out) stackedTop = below + 24 + 4;
    out = moved;
  }
  if (!axes || Array.isArray(out.grid)) return out;
  const t = titleEdges(out);
  const l = legendEdges(out);
  const grid: Obj = { left: 8, right: 24, outerBoundsMode: "same" };
  if (!t.top && !l.top) grid.top = 16;
  else if (stackedTop !== undefined) grid.top = stackedTop;
  if (!t.bottom && !l.bottom && !bottomBars(out)) grid.bottom = 8;
  return { ...out, grid: { ...grid, ...(isObj(out.grid) ? out.grid : {}) } };
}

// -- big series ---------------------------------------------------------------------------------

const LARGE: Record<string, number> = { scatter: 20_000, bar: 2_000 };

/** A series' rows: its own `data`, else its dataset's `source` (undefined: not an array). */
function rows(s: Obj, option: Obj): unknown[] | undefined {
  if (s.data !== undefined) return Array.isArray(s.data) ? s.data : undefined;
  if (s.datasetId !== undefined || s.seriesLayoutBy === "row") return undefined;
  const ds = list(option.dataset)[typeof s.datasetIndex === "number" ? s.datasetIndex : 0];
  return ds && Array.isArray(ds.source) ? ds.source : undefined;
}

const empty = (v: unknown): boolean => v === null || v === "-";
const hasEmpty = (row: unknown): boolean => (Array.isArray(row) ? row : isObj(row) ? Object.values(row) : [row]).some(empty);

/** Streamlit's defaults for big series, unless the app set them or selects in the chart:
 *  `large` for scatter series of more than 20,000 points and bar series of more than 2,000 (drawn
 *  as a few batched paths), no symbols on a line of more than 2,000 points on a value or time
 *  axis (they would merge into a band). */
function bigSeries(option: Obj, selecting: boolean): Obj {
  if (!Array.isArray(option.series)) return option;
  const brush = "brush" in option || list(option.toolbox).some((t) => isObj(t.feature) && "brush" in t.feature);
  if (selecting || brush) return option;
  const series = option.series.map((raw: unknown) => {
    if (!isObj(raw)) return raw;
    const s = raw;
    const data = rows(s, option);
    if (!data || s.selectedMode) return s;
    const objects = Array.isArray(s.data) && s.data.some(isObj);
    if (s.type === "line") {
      const x = list(option.xAxis)[typeof s.xAxisIndex === "number" ? s.xAxisIndex : 0];
      const continuous = !!x && (x.type === undefined ? x.data === undefined : x.type !== "category");
      const own = list(s.tooltip)[0]?.trigger;
      const itemTip = own === undefined ? list(option.tooltip).some((t) => t.show !== false && (t.trigger === undefined || t.trigger === "item")) : own === "item";
      if ("showSymbol" in s || data.length <= 2_000 || !continuous || itemTip || objects || (s.connectNulls !== true && data.some(hasEmpty))) return s;
      return { ...s, showSymbol: false };
    }
    const limit = typeof s.type === "string" ? LARGE[s.type] : undefined;
    if (limit === undefined || "large" in s || data.length <= limit || option.visualMap !== undefined) return s;
    if ((s.colorBy ?? option.colorBy) === "data" || (s.coordinateSystem ?? "cartesian2d") !== "cartesian2d" || objects) return s;
    return { ...s, large: true };
  });
  return series.every((s, i) => s === (option.series as unknown[])[i]) ? option : { ...option, series };
}

/** The option as drawn: Streamlit's defaults under the app's own settings. */
// -- tooltip templates ----------------------------------------------------------------------------

/** ECharts' own template filler (`echarts.format.formatTpl`), given by the chunk. */
export type FormatTpl = (tpl: string, params: never, encode?: boolean) => string;
let formatTpl: FormatTpl | null = null;
export function useFormatTpl(f: FormatTpl): void {
  formatTpl = f;
}

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/** The value of dimension `name` (a name, or `[index]`) of a hovered item. */
function dimension(item: Obj, name: string): unknown {
  const value = item.value;
  const names = Array.isArray(item.dimensionNames) ? (item.dimensionNames as unknown[]) : [];
  let index: number | undefined;
  if (name.startsWith("[") && name.endsWith("]")) index = Number(name.slice(1, -1));
  else if (!names.includes(name) && !Number.isNaN(Number(name))) index = Number(name);
  if (Array.isArray(value)) return value[index ?? names.indexOf(name)];
  if (isObj(value)) {
    const key = index === undefined ? name : names[index];
    return typeof key === "string" ? value[key] : undefined;
  }
  return value;
}

/** A tooltip's string `formatter` with `{@dimension}` / `{@[index]}` placeholders (which ECharts
 *  fills only in series labels): filled from the first hovered item, as escaped text. */
function templated(t: unknown): unknown {
  if (!isObj(t) || typeof t.formatter !== "string" || !t.formatter.includes("{@") || !formatTpl) return t;
  const tpl = t.formatter;
  const fill = formatTpl;
  return {
    ...t,
    formatter: (params: unknown) => {
      const items = Array.isArray(params) ? params : [params];
      const first = items[0];
      if (!isObj(first)) return "";
      return fill(tpl, items as never, true).replace(/\{@(.+?)\}/g, (_m, name: string) => {
        const v = dimension(first, name);
        return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? esc(String(v)) : "";
      });
    },
  };
}

// -- time axes ------------------------------------------------------------------------------------

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** A time axis value as Streamlit shows it in the axis pointer and the axis tooltip's header: a
 *  date at midnight, else a date and time to the second (local time, or UTC with `useUTC`). */
export function timeLabel(value: unknown, utc: boolean): string {
  const d = new Date(typeof value === "number" || typeof value === "string" ? value : NaN);
  if (Number.isNaN(d.getTime())) return String(value ?? "");
  const [y, mo, da, h, mi, se, ms] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
  const date = `${pad(y, 4)}-${pad(mo)}-${pad(da)}`;
  return h || mi || se || ms ? `${date} ${pad(h)}:${pad(mi)}:${pad(se)}` : date;
}

const hasLabelFormatter = (pointer: unknown): boolean =>
  isObj(pointer) && isObj(pointer.label) && pointer.label.formatter !== undefined && pointer.label.formatter !== null;

/** The "streamlit" theme's time axes: their pointer label (and so the axis tooltip's header)
 *  through timeLabel, unless the app formats an axis pointer label anywhere. */
function timeAxes(v: Obj): Obj {
  const pointers = [
    ...list(v.tooltip).map((t) => t.axisPointer),
    ...list(v.grid).map((g) => (isObj(g.tooltip) ? g.tooltip.axisPointer : undefined)),
    ...list(v.axisPointer),
  ];
  if (pointers.some(hasLabelFormatter)) return v;
  const utc = v.useUTC === true;
  const fix = (a: unknown): unknown => {
    if (!isObj(a) || a.type !== "time" || hasLabelFormatter(a.axisPointer)) return a;
    const pointer = isObj(a.axisPointer) ? a.axisPointer : {};
    const label = isObj(pointer.label) ? pointer.label : {};
    return { ...a, axisPointer: { ...pointer, label: { ...label, formatter: (p: { value?: unknown }) => timeLabel(p?.value, utc) } } };
  };
  let out = v;
  for (const k of ["xAxis", "yAxis"]) {
    const axis = out[k];
    if (axis !== undefined) out = { ...out, [k]: Array.isArray(axis) ? axis.map(fix) : fix(axis) };
  }
  return out;
}

export function prepare(option: Obj, el: OptionEl, selecting: boolean): Obj {
  const main = (v: Obj): Obj => {
    let w = v;
    // a chart is named for screen readers (ECharts' generated description) unless the app says
    if (w.aria === undefined) w = { ...w, aria: { enabled: true } };
    else if (isObj(w.aria) && !("enabled" in w.aria)) w = { ...w, aria: { ...w.aria, enabled: true } };
    return el.theme === "streamlit" ? timeAxes(layout(w)) : w;
  };
  let out = bigSeries(option, selecting);
  out = isObj(out.baseOption) ? { ...out, baseOption: main(out.baseOption) } : main(out);
  // a string valueFormatter is Streamlit's number format (a named one or printf-style), which
  // formats each value of the default tooltip; anything else is dropped (the default formatting)
  const numbers = (t: unknown): unknown => {
    if (!isObj(t) || typeof t.valueFormatter !== "string") return t;
    const { valueFormatter: format, ...rest } = t;
    if (numberFormat(format, 1) === null) {
      console.warn(`Ignoring the ECharts tooltip valueFormatter ${JSON.stringify(format)}: use a number format such as "dollar", "compact", or "%.2f".`);
      return rest;
    }
    const one = (v: unknown): string => {
      const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
      return (typeof n === "number" && numberFormat(format, n)) || tooltipValue(v);
    };
    return { ...rest, valueFormatter: (v: unknown) => (Array.isArray(v) ? v.map(one) : one(v)) };
  };
  const fixTip = (t: unknown): unknown => templated(numbers(t));
  out = eachVariant(out, (v) => (v.tooltip === undefined ? v : { ...v, tooltip: Array.isArray(v.tooltip) ? v.tooltip.map(fixTip) : fixTip(v.tooltip) }));
  out = eachSeries(out, (s) => (isObj(s.tooltip) ? { ...s, tooltip: fixTip(s.tooltip) } : s));
  if (!selecting) out = eachSeries(out, (s) => ("cursor" in s ? s : { ...s, cursor: "default" }));
  if (el.description) {
    out = eachVariant(out, (v) => {
      const aria = isObj(v.aria) ? v.aria : {};
      const label = isObj(aria.label) ? aria.label : {};
      return { ...v, aria: { ...aria, enabled: true, label: { ...label, enabled: true, description: el.description } } };
    });
  }
  return out;
}

