// The sparkline chunk: a metric's sparkline (`jr.metric(chart_data=...)`) as a small inline SVG
// drawn by this code, no chart library. Runs in the page; loaded by app/render.ts the first time
// a metric with a chart appears, so a page without one loads nothing more, and the box (its
// height set by app.css) is in place at first paint, before this draws into it.
// The geometry is Streamlit 1.67's (measured on its Vega drawing):
// 3.5rem tall; points evenly spaced on a value scale from the lowest to the highest point; a
// line 2 px wide with round caps, 1 px in from the sides and 6 px from top and bottom; an area
// shaded from the line down to the lowest point (to zero when the line crosses it) in the
// colour's light background; bars 5 px wide, fully rounded, rising from zero, their centres 6 px
// in from the sides, 5 px free above and 3 px below. A null point is a gap; a point alone
// between gaps is a dot; one point is a flat line (one bar in the middle, where Streamlit draws
// two half-hidden at the edges); equal points a line across the middle. The svg is redrawn at
// the box's width whenever that changes. Hovering marks the nearest point and shows its value.

import { defineChunk } from "../lazy";
import type { MetricChart } from "../protocol";
import "./sparkline.css";

const NS = "http://www.w3.org/2000/svg";
const STROKE = 2; // Streamlit's metricStrokeWidth
const BAR = 5; // Vega-Lite's bar width on a continuous x scale
const LINE_X = 1; // a line's inset from the sides
const LINE_Y = 6; // ... and from the top and bottom
const BAR_X = 6; // the outer bars' centres from the sides
const BAR_TOP = 5; // room above the tallest bar
const BAR_BOTTOM = 3; // ... and below the baseline

const svgEl = (tag: string, attrs: Record<string, string | number>): SVGElement => {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
};

const fx = (v: number): string => String(Math.round(v * 10) / 10);

/** The points as numbers or null, whatever came on the wire. */
function clean(points: unknown): (number | null)[] {
  if (!Array.isArray(points)) return [];
  return points.map((p) => (typeof p === "number" && Number.isFinite(p) ? p : null));
}

function extent(ys: (number | null)[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const y of ys) {
    if (y === null) continue;
    if (y < lo) lo = y;
    if (y > hi) hi = y;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Runs of consecutive known points, as [x, y] pixel pairs. */
function runs(ys: (number | null)[], x: (i: number) => number, y: (v: number) => number): [number, number][][] {
  const out: [number, number][][] = [];
  let cur: [number, number][] | null = null;
  ys.forEach((v, i) => {
    if (v === null) {
      cur = null;
      return;
    }
    if (!cur) out.push((cur = []));
    cur.push([x(i), y(v)]);
  });
  return out;
}

/** A drawn point: where it is, and its value (for the hover mark and tooltip). */
export interface Spot {
  x: number;
  y: number;
  value: number;
}

function drawBars(svg: SVGElement, ys: (number | null)[], w: number, h: number, lo: number, hi: number): Spot[] {
  const a = Math.min(lo, 0);
  const b = Math.max(hi, 0);
  const y = (v: number): number => (b === a ? h - BAR_BOTTOM : BAR_TOP + ((b - v) / (b - a)) * (h - BAR_TOP - BAR_BOTTOM));
  const x = (i: number): number => (ys.length === 1 ? w / 2 : BAR_X + (i / (ys.length - 1)) * (w - 2 * BAR_X));
  const zero = y(0);
  const spots: Spot[] = [];
  ys.forEach((v, i) => {
    if (v === null) return;
    const top = Math.min(y(v), zero);
    const height = Math.abs(y(v) - zero);
    // rx is clamped to half the height by SVG: a short bar stays a short pill
    svg.append(svgEl("rect", { x: fx(x(i) - BAR / 2), y: fx(top), width: BAR, height: fx(height), rx: BAR / 2 }));
    spots.push({ x: x(i), y: y(v), value: v });
  });
  return spots;
}

function drawLine(svg: SVGElement, chart: string, ys: (number | null)[], w: number, h: number, lo: number, hi: number): Spot[] {
  if (ys.length === 1) ys = [ys[0], ys[0]];
  const y = (v: number): number => (hi === lo ? h / 2 : LINE_Y + ((hi - v) / (hi - lo)) * (h - 2 * LINE_Y));
  const x = (i: number): number => LINE_X + (i / (ys.length - 1)) * (w - 2 * LINE_X);
  const parts = runs(ys, x, y);
  if (chart === "area") {
    const base = fx(lo < 0 && hi > 0 ? y(0) : y(lo));
    const d = parts
      .map((p) => `M${fx(p[0][0])},${base}` + p.map(([px, py]) => `L${fx(px)},${fx(py)}`).join("") + `L${fx(p[p.length - 1][0])},${base}Z`)
      .join("");
    svg.append(svgEl("path", { class: "jr-spark-area", d }));
  }
  const d = parts.map((p) => p.map(([px, py], k) => `${k ? "L" : "M"}${fx(px)},${fx(py)}`).join("")).join("");
  svg.append(svgEl("path", { class: "jr-spark-line", d, "stroke-width": STROKE }));
  for (const p of parts) {
    // a point alone between gaps: a dot as wide as the line
    if (p.length === 1) svg.append(svgEl("circle", { class: "jr-spark-dot", cx: fx(p[0][0]), cy: fx(p[0][1]), r: STROKE / 2 }));
  }
  const spots: Spot[] = [];
  ys.forEach((v, i) => v !== null && spots.push({ x: x(i), y: y(v), value: v }));
  return spots;
}

/** Draw `chart` into `svg` (emptied first) at `w` x `h` pixels; the drawn points, left to right. */
export function drawSparkline(svg: SVGElement, chart: MetricChart, w: number, h: number): Spot[] {
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${fx(w)} ${fx(h)}`);
  const ys = clean(chart.points);
  const ext = extent(ys);
  if (!ext || w <= 0 || h <= 0) return [];
  const type = chart.type === "bar" || chart.type === "area" ? chart.type : "line";
  if (type === "bar") return drawBars(svg, ys, w, h, ext[0], ext[1]);
  return drawLine(svg, type, ys, w, h, ext[0], ext[1]);
}

/** The spot nearest `x` (spots are sorted by x). */
function nearest(spots: Spot[], x: number): Spot {
  let lo = 0;
  let hi = spots.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (spots[mid].x < x) lo = mid;
    else hi = mid;
  }
  return Math.abs(spots[lo].x - x) <= Math.abs(spots[hi].x - x) ? spots[lo] : spots[hi];
}

/** Streamlit's hover: the point nearest the pointer's x marked with a dot, its value in a
 *  tooltip above it; both gone when the pointer leaves. */
function hover(box: HTMLElement, svg: SVGElement, spots: () => Spot[]): void {
  let mark: SVGElement | null = null;
  let tip: HTMLElement | null = null;
  box.addEventListener("pointermove", (e) => {
    const all = spots();
    if (!all.length) return;
    const at = nearest(all, e.clientX - box.getBoundingClientRect().left);
    if (!mark?.isConnected) mark = svg.appendChild(svgEl("circle", { class: "jr-spark-hover", r: 4.5 }));
    mark.setAttribute("cx", fx(at.x));
    mark.setAttribute("cy", fx(at.y));
    if (!tip) tip = box.appendChild(document.createElement("div"));
    tip.className = "jr-spark-tip";
    tip.textContent = String(at.value);
    tip.style.left = `${at.x}px`;
    tip.style.top = `${at.y}px`;
  });
  box.addEventListener("pointerleave", () => {
    mark?.remove();
    tip?.remove();
    mark = tip = null;
  });
}

/** Draw `chart` into `box` (a `jr-spark` div already in the page) once its width is known and
 *  again when it changes, and follow the pointer over it. */
export function attach(box: HTMLElement, chart: MetricChart): void {
  const svg = svgEl("svg", { class: "jr-spark-svg", "aria-hidden": "true", preserveAspectRatio: "none" });
  box.append(svg);
  let drawn = "";
  let spots: Spot[] = [];
  new ResizeObserver(() => {
    const w = box.clientWidth;
    const h = box.clientHeight;
    const size = `${w}x${h}`;
    if (size === drawn) return;
    drawn = size;
    spots = drawSparkline(svg, chart, w, h);
  }).observe(box);
  hover(box, svg, () => spots);
}

export interface SparklineApi {
  attach: typeof attach;
}

defineChunk("sparkline", { attach } satisfies SparklineApi);
