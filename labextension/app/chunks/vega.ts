// The Vega-Lite chart renderer (vega + vega-lite + vega-embed), a lazy chunk: the page loads it
// the first time a `vega_lite` element appears (charts.ts). Runs in the browser page.
//
// The kernel sends each dataset column-oriented ({columns, values: [col0[], col1[]...]}) to keep
// 10,000-point charts small on the wire; rows are rebuilt here. The theme is read from the page's
// own CSS variables, so a chart follows the page's light or dark scheme, and the chart is drawn
// again when the scheme changes. add_rows arrives as an `add_rows` message (the page appends its
// rows to the element) or as the same element with longer datasets: either way the new rows are
// inserted into the running view instead of drawing the chart again.

import embed from "vega-embed";
import type { Result } from "vega-embed";
import { defineChunk } from "../lazy";
import type { VegaLiteEl } from "../protocol";
import { CATEGORY, CATEGORY_DARK, categoricalColors, isDark, onSchemeChange } from "../theme";

type Columns = { columns: string[]; values: unknown[][] };
type Row = Record<string, unknown>;

/** Rows from a column-oriented dataset. */
function rows(d: Columns): Row[] {
  const n = d.values.length ? d.values[0].length : 0;
  const out: Row[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r: Row = {};
    for (let c = 0; c < d.columns.length; c++) r[d.columns[c]] = d.values[c][i];
    out[i] = r;
  }
  return out;
}

function rowsFrom(d: Columns, start: number): Row[] {
  const all = rows({ columns: d.columns, values: d.values.map((v) => v.slice(start)) });
  return all;
}



function css(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** A config in the page's look, as Streamlit 1.67's chart theme (its front end's Vega config):
 *  grey 12 px axis labels and 14 px titles 16 px off the plot, no ticks or axis lines, the end
 *  labels flush with the plot's ends, overlapping labels thinned, 14 px legend text, bars 85 % of
 *  their band, Vega's default 5 px padding. Its labels and grid lines are Streamlit's fixed greys
 *  (gray70/gray30 on a light page, gray30/gray85 on a dark one), not the theme's text colour. */
function pageTheme(): Record<string, unknown> {
  const dark = isDark();
  const fg = css("--fg", "#31333f");
  const faded = dark ? "#e6eaf1" : "#808495";
  const grid = dark ? "#31333f" : "#e6eaf1";
  const font = getComputedStyle(document.body).fontFamily || "sans-serif";
  const categories = categoricalColors() ?? (dark ? CATEGORY_DARK : CATEGORY);
  const text = { labelFont: font, titleFont: font, labelColor: faded, titleColor: faded, labelFontWeight: 400, titleFontWeight: 400 };
  return {
    background: css("--bg", "#fff"),
    font,
    view: { columns: 1, strokeWidth: 0, stroke: "transparent", continuousHeight: 350, continuousWidth: 400 },
    axis: {
      ...text,
      labelFontSize: 12,
      titleFontSize: 14,
      ticks: false,
      gridColor: grid,
      domain: false,
      domainWidth: 1,
      domainColor: grid,
      labelFlush: true,
      labelFlushOffset: 1,
      labelBound: false,
      labelLimit: 100,
      titlePadding: 16,
      labelPadding: 16,
      labelSeparation: 4,
      labelOverlap: true,
    },
    // Streamlit's theme: no grid along categories, points or time (built-in charts set theirs)
    axisDiscrete: { grid: false },
    axisXPoint: { grid: false },
    axisTemporal: { grid: false },
    axisXBand: { grid: false },
    legend: {
      ...text,
      labelFontSize: 14,
      titleFontSize: 14,
      titlePadding: 8,
      labelPadding: 16,
      columnPadding: 8,
      rowPadding: 4,
      padding: 8,
      symbolStrokeWidth: 4,
      // symbols of a legend that is not about colour (size): readable on both schemes
      symbolFillColor: faded,
    },
    title: { color: fg, font, fontSize: 16, fontWeight: 600, anchor: "start", align: "left", orient: "top", offset: 26 },
    header: { labelColor: faded, titleColor: faded, labelFontSize: 12, titleFontSize: 16 },
    range: { category: categories, ramp: { scheme: "blues" } },
    mark: { color: categories[0] },
    line: { strokeWidth: 2 },
    bar: { binSpacing: 4, discreteBandSize: { band: 0.85 } },
    arc: { stroke: css("--bg", "#fff") },
  };
}

/** Only the background and text colours of the page (theme=None keeps Vega-Lite's own look). */
function plainTheme(): Record<string, unknown> {
  const fg = css("--fg", "#31333f");
  const c = { labelColor: fg, titleColor: fg };
  return { background: css("--bg", "#fff"), axis: c, legend: c, title: { color: fg } };
}

/** A chart whose selections the script hears (`on_select`): its parameters, and where to send
 *  the selection state, `{"selection": {param: ...}}` as JSON. */
export interface Select {
  params: Record<string, "point" | "interval">;
  commit: (json: string) => void;
}

interface Drawn {
  el: VegaLiteEl;
  select?: Select;
  result?: Result; // unset while the chart is being embedded
  later?: VegaLiteEl; // rows added while it was being embedded: inserted once it is drawn
  unrun?: Map<string, Unrun>; // rows inserted into the view, by dataset, that no run has taken yet
  stop: () => void;
}

/** Rows given to a dataset of the view since its last finished run (`start`: how many rows were
 *  given before the first of them). Vega keeps one changeset per dataset until the next run — a
 *  second `view.change` before it replaces the first — so each insert carries these again
 *  (inserting a row it already holds is a no-op: Vega knows its tuples by identity). */
interface Unrun {
  rows: Row[];
  start: number;
}

const drawn = new WeakMap<HTMLElement, Drawn>();

function specFor(el: VegaLiteEl, box: HTMLElement): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...(el.spec as Record<string, unknown>) };
  const datasets: Record<string, Row[]> = { ...((spec.datasets as Record<string, Row[]>) || {}) };
  for (const [name, d] of Object.entries(el.datasets || {})) datasets[name] = rows(d as Columns);
  spec.datasets = datasets;
  const theme = el.theme === "streamlit" ? pageTheme() : plainTheme();
  spec.config = mergeDeep(theme, (spec.config as Record<string, unknown>) || {});
  if (el.use_container_width) {
    spec.width = "container";
    box.style.width = "100%";
  }
  // height="stretch" where the room is fixed (a grid's fixed-height row, a fixed-height
  // container): the chart follows its box's height, which style.css stretches over the room left
  const fill = el.sizing?.height === "stretch" && !!box.closest(".jr-cells-fixed > *, .jr-sz-hpx, .jr-block[style*='height']");
  box.classList.toggle("jr-vega-fill", fill);
  if (fill) spec.height = "container";
  // as Streamlit: a simple chart fits its whole box (350 px tall by default, axes and legend
  // included); facets and concatenations only fit their width, or keep their own size
  if (!spec.autosize) {
    const e = (spec.encoding as Record<string, unknown> | undefined) || {};
    const composite = ["facet", "vconcat", "hconcat", "concat", "repeat"].some((k) => k in spec) || "row" in e || "column" in e || "facet" in e;
    const type = !composite ? "fit" : el.use_container_width ? "fit-x" : "pad";
    spec.autosize = { type, contains: "padding" };
  }
  return spec;
}

function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === "object" && !Array.isArray(v) && b && typeof b === "object" && !Array.isArray(b)
        ? mergeDeep(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

function totalRows(el: VegaLiteEl): number {
  let n = 0;
  for (const d of Object.values(el.datasets || {})) n += (d as Columns).values[0]?.length || 0;
  return n;
}

async function embedInto(box: HTMLElement, el: VegaLiteEl, state: Drawn): Promise<void> {
  state.result?.finalize();
  state.result = undefined;
  state.unrun = undefined; // the new view is made from `el`, every row in it
  const target = document.createElement("div");
  target.className = "jr-vega-view";
  box.replaceChildren(target);
  state.el = el;
  const result = await embed(target, specFor(el, box) as never, {
    actions: false,
    // SVG keeps marks in the DOM; big data draws faster on a canvas
    renderer: totalRows(el) > 4000 ? "canvas" : "svg",
    tooltip: true,
    ast: false,
  });
  if (target.parentNode !== box) return result.finalize(); // embedded again meanwhile
  state.result = result;
  if (state.select) listen(result.view, state.select);
  const later = state.later;
  state.later = undefined;
  if (later && !grow(box, later)) await embedInto(box, later, state);
}

type View = Result["view"];
type Tuple = { fields: { field: string }[]; values: unknown[] };

/** A cell of a selection as JSON: dates as epoch milliseconds, objects dropped. */
function cell(v: unknown): unknown {
  if (v instanceof Date) return v.getTime();
  if (Array.isArray(v)) return v.map(cell);
  return v !== null && typeof v === "object" ? undefined : v;
}

/** A data object as the script sees it: its own fields, without Vega's internal ones. */
function datum(d: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(d)) if (!k.startsWith("_vg") && cell(v) !== undefined) out[k] = cell(v);
  return out;
}

/** Report the chart's selections: a point selection as the chosen data objects (their projected
 *  fields, or the whole object when it selects marks as such), an interval as field -> range. */
function listen(view: View, select: Select): void {
  const clicked = new Map<unknown, Row>(); // _vgsid_ -> the datum clicked, for whole-mark points
  view.addEventListener("click", (_e, item) => {
    const d = (item as { datum?: Row } | null | undefined)?.datum;
    if (d && typeof d === "object" && d._vgsid_ !== undefined) clicked.set(d._vgsid_, d);
  });
  const read = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [name, kind] of Object.entries(select.params)) {
      let tuples: Tuple[] = [];
      try {
        tuples = view.data(name + "_store") as Tuple[];
      } catch {
        tuples = [];
      }
      if (!tuples.length) {
        out[name] = {};
      } else if (kind === "point") {
        out[name] = tuples.map((t) => {
          const o: Row = {};
          t.fields.forEach((f, i) => {
            const known = f.field === "_vgsid_" ? clicked.get(t.values[i]) : undefined;
            if (known) Object.assign(o, datum(known));
            else if (f.field !== "_vgsid_") o[f.field] = cell(t.values[i]);
          });
          return o;
        });
      } else {
        const o: Row = {};
        for (const t of tuples) t.fields.forEach((f, i) => (o[f.field] = cell(t.values[i])));
        out[name] = o;
      }
    }
    return out;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // a brush being dragged changes its signal on every mouse move: report where it settles
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => select.commit(JSON.stringify({ selection: read() })), 150);
  };
  for (const name of Object.keys(select.params)) {
    try {
      view.addSignalListener(name, changed);
    } catch {
      // a parameter of a nested view only: its store still changes with it
      view.addDataListener?.(name + "_store", changed);
    }
  }
}

/** Draw the chart into `box` (empty, attached to the page); resolves once it is drawn. */
async function draw(box: HTMLElement, el: VegaLiteEl, select?: Select): Promise<void> {
  const state: Drawn = { el, select, stop: () => undefined };
  drawn.set(box, state);
  const onScheme = (): void => {
    if (!box.isConnected) return state.stop();
    void embedInto(box, state.el, state);
  };
  const unwatch = onSchemeChange(onScheme);
  state.stop = () => {
    unwatch();
    state.result?.finalize();
    drawn.delete(box);
  };
  await embedInto(box, el, state);
}

/**
 * The same chart with more rows (add_rows): insert them into the running view and say true;
 * false when `el` is not that (the caller draws it again).
 */
function grow(box: HTMLElement, el: VegaLiteEl): boolean {
  const state = drawn.get(box);
  if (!state) return false;
  if (!state.result) {
    state.later = el; // being embedded: grown (or drawn again) once it is
    return true;
  }
  const prev = state.el;
  if (JSON.stringify(prev.spec) !== JSON.stringify(el.spec)) return false;
  const keys = ["use_container_width", "theme"] as const;
  if (keys.some((k) => prev[k] !== el[k])) return false;
  const before = (prev.datasets || {}) as Record<string, Columns>;
  const after = (el.datasets || {}) as Record<string, Columns>;
  if (Object.keys(before).join() !== Object.keys(after).join()) return false;
  const added: [string, Row[]][] = [];
  for (const [name, d] of Object.entries(after)) {
    const old = before[name];
    const n = old.values[0]?.length || 0;
    if (old.columns.join("\u0000") !== d.columns.join("\u0000") || (d.values[0]?.length || 0) < n) return false;
    // the rows already drawn must be the same: compare the last one of each column cheaply
    if (n && d.columns.some((_c, i) => d.values[i][n - 1] !== old.values[i][n - 1])) return false;
    if ((d.values[0]?.length || 0) > n) added.push([name, rowsFrom(d, n)]);
  }
  const view = state.result.view;
  // several add_rows in one task (one socket message), or while the last step is still being
  // rendered: the run below waits, and a later change would replace this one's rows
  const unrun = (state.unrun ??= new Map<string, Unrun>());
  const marks: [Unrun, number][] = [];
  for (const [name, extra] of added) {
    const u = unrun.get(name) || { rows: [], start: 0 };
    u.rows = u.rows.concat(extra);
    unrun.set(name, u);
    marks.push([u, u.start + u.rows.length]);
    view.change(name, view.changeset().insert(u.rows));
  }
  state.el = el;
  // once a run that began after these changes is done, their rows are in the view
  void view.runAsync().then(() => {
    for (const [u, mark] of marks) {
      if (mark > u.start) {
        u.rows = u.rows.slice(mark - u.start);
        u.start = mark;
      }
    }
  });
  return true;
}

/** Stop listening for a chart no longer shown. */
function drop(box: HTMLElement): void {
  drawn.get(box)?.stop();
}

const api = { draw, grow, drop };
export type VegaApi = typeof api;
defineChunk("vega", api);
