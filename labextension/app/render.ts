// Leaf (non-container, non-widget) elements: markdown, text, code, json, alerts, media, progress.

import { iconNode, linkButton, pageLink } from "./buttons";
import { vegaLite } from "./charts";
import { h, uid } from "./dom";
import { deck, graphviz, mermaid, mermaidFences } from "./geo";
import { dataframe, table } from "./grid";
import { audioVideo, documentFrame, image, logo } from "./media";
import { iframeElement, scriptedHtml } from "./components";
import { bokehChart, plotlyChart } from "./plots";
import { echartsChart } from "./echarts";
import { enhance, showHtml } from "./rich";
import { formatNumberText } from "./format";
import { loadChunk } from "./lazy";
import type { SparklineApi } from "./chunks/sparkline";
import { celebrate, help, toast } from "./containers";
import type {
  AlertEl,
  BlockEl,
  CodeEl,
  Element,
  ExceptionEl,
  JsonEl,
  MarkdownEl,
  MetricChart,
  MetricEl,
  ProgressEl,
  WidgetEl,
} from "./protocol";

const str = (v: unknown): string => (v == null ? "" : String(v));

/** Elements drawn here: everything but containers (page.ts) and widgets (widgets.ts). */
export type LeafEl = Exclude<Element, BlockEl | WidgetEl>;
type LeafKind = LeafEl["kind"];
type Renderer<E> = (el: E, wrap: HTMLElement) => void;

/** A renderer for every leaf kind: a kind added to the schema fails to compile until it has one. */
const LEAVES: { [K in LeafKind]: Renderer<Extract<LeafEl, { kind: K }>> } = {
  markdown: (el, wrap) => markdown(el, wrap),
  text: (el, wrap) => {
    const pre = h("pre", { class: "jr-text", text: str(el.text) });
    const mark = helpMark(el.help, pre);
    wrap.append(mark ? h("div", { class: "jr-hrow" }, pre, mark) : pre);
  },
  code: (el, wrap) => code(el, wrap),
  json: (el, wrap) => json(el, wrap),
  metric: (el, wrap) => metric(el, wrap),
  divider: (_el, wrap) => {
    wrap.append(h("hr", { class: "jr-hr" }));
  },
  space: (el, wrap) => {
    // jr.space: room in the container's direction (named sizes as Streamlit's, in rem)
    const rem: Record<string, number> = { xxsmall: 0.25, xsmall: 0.5, small: 0.75, medium: 2.5, large: 4.25, xlarge: 6, xxlarge: 8 };
    const box = h("div", { class: "jr-space", "aria-hidden": "true" });
    // the room goes down a column and across a horizontal container's row (style.css)
    if (el.size === "stretch") wrap.style.flex = "1 1 auto";
    else box.style.setProperty("--jr-space", typeof el.size === "number" ? `${el.size}px` : `${rem[el.size] ?? 0.75}rem`);
    wrap.append(box);
  },
  alert: (el, wrap) => alert(el, wrap),
  exception: (el, wrap) => exception(el, wrap),
  html: (el, wrap) => {
    // unsafe_allow_javascript: unsanitized, in a frame that cannot reach the page (components.ts)
    if (el.script === true) return scriptedHtml(str(el.html), wrap);
    // jr.html or an object's rich repr: sanitized before it is shown (rich.ts)
    const d = h("div", { class: "jr-html" });
    wrap.append(d);
    showHtml(d, str(el.html), el.scoped === true);
  },
  image: (el, wrap) => image(el, wrap),
  audio: (el, wrap) => audioVideo(el, wrap),
  video: (el, wrap) => audioVideo(el, wrap),
  progress: (el, wrap) => {
    wrap.append(progress(el));
  },
  plotly_chart: (el, wrap) => plotlyChart(el, wrap),
  echarts_chart: (el, wrap) => echartsChart(el, wrap),
  bokeh_chart: (el, wrap) => bokehChart(el, wrap),
  iframe: (el, wrap) => iframeElement(el, wrap),
  document: (el, wrap) => documentFrame(el, wrap),
  logo: (el, wrap) => logo(el, wrap),
  vega_lite: (el, wrap) => vegaLite(el, wrap),
  dataframe: (el, wrap) => dataframe(el, wrap),
  table: (el, wrap) => table(el, wrap),
  spinner: (el, wrap) => {
    const time = el.show_time === true ? h("span", { class: "jr-spin-time", text: formatElapsed(0) }) : null;
    // the text is markdown rendered by the kernel, as Streamlit 1.67 draws it
    const text = h("div", { class: "jr-md", role: "status" });
    text.innerHTML = str(el.html);
    enhance(text);
    wrap.append(h("div", { class: "jr-spinner" }, h("span", { class: "jr-spin", "aria-hidden": "true" }), text, time));
    if (time) tickElapsed(time);
  },
  skeleton: (el, wrap) => {
    // jr.skeleton: a shimmering box where content will come (an input's height by default)
    const box = h("div", { class: "jr-skeleton", role: "status", "aria-label": "Loading", "aria-busy": "true" });
    if (el.height === "stretch") wrap.classList.add("jr-doc-stretch");
    else if (typeof el.height === "number" && el.height > 0) box.style.height = `${Math.min(20000, el.height)}px`;
    wrap.append(box);
  },
  deck: (el, wrap) => deck(el, wrap),
  graphviz: (el, wrap) => graphviz(el, wrap),
  mermaid: (el, wrap) => mermaid(el, wrap),
  link_button: (el, wrap) => linkButton(el, wrap),
  page_link: (el, wrap) => pageLink(el, wrap),
  toast: (el, wrap) => toast(el, wrap),
  celebration: (el, wrap) => celebrate(el, wrap),
  help: (el, wrap) => help(el, wrap),
};

/** Fill `wrap` (already emptied) with the element's content. */
export function renderLeaf(el: LeafEl, wrap: HTMLElement): void {
  // a kind from a newer kernel than this page has no renderer
  const render = LEAVES[el.kind] as Renderer<LeafEl> | undefined;
  if (render) render(el, wrap);
  else unsupported((el as { kind?: unknown }).kind, wrap);
}

/** A spinner's elapsed time as Streamlit 1.67 writes it: "(1.2 seconds)", "(1 minute, 5.3
 *  seconds)", "(2 hours, 1 minute)". */
export function formatElapsed(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const mins = Math.floor((seconds % 3600) / 60);
  const secs = seconds % 60;
  const secText = `${secs.toFixed(1)} seconds`;
  if (!hours && !mins) return `(${secText})`;
  const parts = hours ? [`${hours} hour${hours === 1 ? "" : "s"}`] : [];
  if (mins) parts.push(`${mins} minute${mins === 1 ? "" : "s"}`);
  if (secs) parts.push(secText);
  return `(${parts.join(", ")})`;
}

/** Count the time since now into `span` every 0.1 s, until the spinner leaves the page. */
function tickElapsed(span: HTMLElement): void {
  const start = performance.now();
  const timer = window.setInterval(() => {
    if (!span.isConnected) {
      window.clearInterval(timer);
      return;
    }
    span.textContent = formatElapsed(Math.round((performance.now() - start) / 100) / 10);
  }, 100);
}

export function unsupported(kind: unknown, wrap: HTMLElement): void {
  wrap.append(h("div", { class: "jr-unsupported", text: `unsupported element: ${str(kind) || "?"}` }));
}

const HEADINGS: Record<string, "h1" | "h2" | "h3"> = { title: "h1", header: "h2", subheader: "h3" };

function markdown(el: MarkdownEl, wrap: HTMLElement): void {
  const html = str(el.html);
  if (el.allow_html === true) {
    // the app's raw HTML (unsafe_allow_html): sanitized before it is shown
    const box = h("div", { class: "jr-md jr-v-" + (el.variant || "body") });
    const mark = helpMark(el.help, box);
    wrap.append(mark ? h("div", { class: "jr-hrow" }, box, mark) : box);
    // markdown with HTML: its mermaid fences too, and its own <a> open as the kernel's links do
    showHtml(box, html, false, (b) => {
      linksOpenOutside(b);
      mermaidFences(b);
    });
    return;
  }
  const tag = HEADINGS[el.variant];
  let box: HTMLElement;
  let heading: HTMLElement | null = null;
  if (tag && !/^\s*<h[1-6][\s>]/i.test(html)) {
    // The kernel renders "# x" as <h1>, but st.title("x") may arrive as <p>x</p>: unwrap one <p>.
    const m = /^\s*<p>([\s\S]*)<\/p>\s*$/i.exec(html);
    box = heading = h(tag, { class: "jr-md jr-v-" + el.variant });
    box.innerHTML = m && !m[1].includes("<p>") ? m[1] : html;
  } else {
    box = h("div", { class: "jr-md jr-v-" + (el.variant || "body") });
    box.innerHTML = html;
    if (tag) heading = box.querySelector("h1, h2, h3, h4, h5, h6");
  }
  if (!tag && el.anchors !== false) {
    // headings inside markdown get ids made from their text, so links to them work (Streamlit's `anchors`)
    box.querySelectorAll<HTMLElement>("h1, h2, h3, h4, h5, h6").forEach((hd) => {
      if (!hd.id) hd.id = slug(hd.textContent || "");
    });
  }
  const link = heading ? anchor(heading, el.anchor) : null;
  const mark = helpMark(el.help, heading || box);
  wrap.append(link || mark ? h("div", { class: "jr-hrow" }, box, mark, link) : box);
  if (el.divider && tag) wrap.append(h("hr", { class: "jr-hdiv jr-dv-" + el.divider }));
  if (!tag) mermaidFences(box);
  enhance(box);
}

/** Every link under `root` opens in a new tab without opener or referrer, as Streamlit's markdown
 *  links do, except an in-page `#…` link. The kernel marks the links it renders; this is for the
 *  app's own <a> in `unsafe_allow_html` markdown (the sanitizer drops their `target`). */
function linksOpenOutside(root: HTMLElement): void {
  root.querySelectorAll<HTMLAnchorElement>("a[href]").forEach((a) => {
    if ((a.getAttribute("href") || "").startsWith("#")) return;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
  });
}

/** The heading's id (given, or made from its text as Streamlit does) and its hover "#" link;
 *  none for `anchor: false`. */
function anchor(heading: HTMLElement, given: unknown): HTMLElement | null {
  if (given === false) return null;
  const id = typeof given === "string" && given ? given : slug(heading.textContent || "");
  if (!id) return null;
  heading.id = id;
  if (location.hash && decodeURIComponent(location.hash.slice(1)) === id && scrolledTo !== id) {
    // a link to this heading opened the page: show it once it is laid out
    scrolledTo = id;
    requestAnimationFrame(() => heading.scrollIntoView());
  }
  return h("a", { class: "jr-anchor", href: "#" + encodeURIComponent(id), "aria-label": "Link to this heading", text: "#" });
}
let scrolledTo = "";

/** A heading's id made from its text, as Streamlit makes it. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * A "?" help mark to put after an element's text (null without help), as widgets show theirs:
 * the text is a title for the mouse, and a tooltip the mark shows while it has keyboard focus,
 * which is also the accessible description of the mark and of `describes`.
 */
function helpMark(help: unknown, describes: HTMLElement): HTMLElement | null {
  if (typeof help !== "string" || !help) return null;
  const tip = h("span", { class: "jr-tip", role: "tooltip", id: uid("jr-h"), text: help });
  const mark = h("button", {
    type: "button",
    class: "jr-help",
    "aria-label": "Help",
    "aria-describedby": tip.id,
    title: help,
    text: "?",
  });
  describes.setAttribute("aria-describedby", tip.id);
  return h("span", { class: "jr-help-wrap" }, mark, tip);
}

function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const t = h("textarea", { style: "position:fixed;opacity:0" });
  t.value = text;
  document.body.append(t);
  t.select();
  document.execCommand("copy");
  t.remove();
  return Promise.resolve();
}

function code(el: CodeEl, wrap: HTMLElement): void {
  const box = h("div", { class: "jr-code" });
  if (el.html) box.innerHTML = el.html;
  else box.append(h("pre", null, h("code", { text: str(el.code) })));
  box.classList.toggle("jr-wrap", el.wrap_lines === true);
  const pre = box.querySelector("pre");
  if (el.line_numbers === true && pre) numberLines(pre.querySelector("code") || pre);
  const btn = h("button", { class: "jr-copy", type: "button", "aria-label": "Copy code", text: "Copy" });
  btn.addEventListener("click", () => {
    copyText(str(el.code)).then(
      () => {
        btn.classList.add("jr-copied");
        btn.textContent = "Copied ✓";
        setTimeout(() => {
          btn.classList.remove("jr-copied");
          btn.textContent = "Copy";
        }, 1200);
      },
      () => undefined,
    );
  });
  box.append(btn);
  wrap.append(box);
}

/**
 * Put each line of highlighted code in its own `.jr-line` (the highlighter's spans are split at
 * newlines and reopened on the next line), so CSS can number the lines in a gutter that is never
 * selected or copied, and a wrapped line keeps its number on its first row.
 */
function numberLines(code: HTMLElement): void {
  const lines: HTMLElement[] = [];
  let line = h("span");
  let open: HTMLElement[] = []; // shallow copies of the enclosing elements, inside the current line
  const newLine = (enclosing: HTMLElement[]): void => {
    line = h("span", { class: "jr-line" });
    lines.push(line);
    let parent: HTMLElement = line;
    open = enclosing.map((e) => (parent = parent.appendChild(e.cloneNode(false) as HTMLElement)));
  };
  const into = (): HTMLElement => open[open.length - 1] || line;
  const visit = (node: Node, enclosing: HTMLElement[]): void => {
    if (node instanceof HTMLElement) {
      open.push(into().appendChild(node.cloneNode(false) as HTMLElement));
      const inner = [...enclosing, node];
      node.childNodes.forEach((k) => visit(k, inner));
      open.pop();
    } else if (node.nodeType === Node.TEXT_NODE) {
      (node.textContent || "").split("\n").forEach((t, i) => {
        if (i) newLine(enclosing);
        if (t) into().append(t);
      });
    }
  };
  newLine([]);
  code.childNodes.forEach((k) => visit(k, []));
  if (lines.length > 1 && !line.textContent) lines.pop(); // the code's final newline
  code.replaceChildren(...lines);
  code.style.setProperty("--gw", String(lines.length).length + "ch");
  code.classList.add("jr-ln");
}

// -- json tree ----------------------------------------------------------------------------------

// Drawn as Streamlit's (react-json-view without commas, sizes or types): `"key" : value` and
// `0 : value` rows, a closed node as `{...}`, ruled off by a line on its left.

function jsonScalar(v: unknown): HTMLElement {
  const t = v === null ? "null" : typeof v;
  const kind = t === "number" ? (Number.isInteger(v) ? "integer" : "float") : t;
  const text = t === "string" ? JSON.stringify(v) : t === "null" ? "NULL" : String(v);
  return h("span", { class: "jr-j-" + kind, text });
}

/** `open`: how many more levels start open (Infinity: all, 0: none); `index`: the key is a
 *  list's index. */
function jsonNode(key: string | null, v: unknown, open: number, index = false): HTMLElement {
  const keyEl = key === null ? null : h("span", { class: index ? "jr-j-key jr-j-idx" : "jr-j-key" }, key, h("span", { class: "jr-j-colon", text: ":" }));
  if (v === null || typeof v !== "object") {
    return h("div", { class: "jr-j-row" }, keyEl, jsonScalar(v), copyMark(v));
  }
  const arr = Array.isArray(v);
  const entries: [string, unknown][] = arr
    ? (v as unknown[]).map((x, i) => [String(i), x])
    : Object.entries(v as Record<string, unknown>).map(([k, x]) => [JSON.stringify(k), x]);
  const [o, c] = arr ? ["[", "]"] : ["{", "}"];
  const brace = (t: string) => h("span", { class: "jr-j-brace", text: t });
  if (!entries.length) return h("div", { class: "jr-j-row" }, keyEl, brace(o + c), copyMark(v));
  const d = h(
    "details",
    { class: "jr-j-node", open: open > 0 },
    h("summary", null, keyEl, brace(o), h("span", { class: "jr-j-more" }, h("span", { class: "jr-j-dots", text: "..." }), brace(c), copyMark(v))),
  );
  const body = h("div", { class: "jr-j-body" });
  for (const [k, x] of entries) body.append(jsonNode(k, x, open - 1, arr));
  d.append(body, h("div", { class: "jr-j-close" }, brace(c), copyMark(v)));
  return d;
}

// Streamlit's copy icon: shown while the pointer is over a value (a node's after its closing
// brace), a click copies that value as indented JSON. One listener per tree (jsonCopy).
const copied = new WeakMap<HTMLElement, unknown>();

function copyMark(v: unknown): HTMLElement {
  const b = h("button", { class: "jr-j-copy", type: "button", title: "Copy to clipboard", "aria-label": "Copy to clipboard" });
  copied.set(b, v);
  return b;
}

function jsonCopy(e: Event): void {
  const b = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>(".jr-j-copy") : null;
  if (!b || !copied.has(b)) return;
  e.preventDefault(); // inside a summary: copying does not open or close the node
  e.stopPropagation();
  copyText(JSON.stringify(copied.get(b), null, 2)).then(
    () => {
      b.classList.add("jr-copied");
      setTimeout(() => b.classList.remove("jr-copied"), 1200);
    },
    () => undefined,
  );
}

function json(el: JsonEl, wrap: HTMLElement): void {
  const e = el.expanded;
  const depth = typeof e === "number" ? e : e === false ? 0 : Infinity;
  const tree = h("div", { class: "jr-json" }, jsonNode(null, el.value, depth));
  tree.addEventListener("click", jsonCopy);
  wrap.append(tree);
}

// -- metric -----------------------------------------------------------------------------------

// Material's arrow_upward; the down arrow is the same path turned over in CSS
const ARROW = '<path d="M4 12l1.41 1.41L11 7.83V20h2V7.83l5.58 5.59L20 12l-8-8-8 8z"/>';

/** A metric's label, value or delta: formatted when `format` applies to it, else its markdown
 *  (rendered and escaped by the kernel) when it has markup, else its text. */
function metricText(node: HTMLElement, text: string, html: unknown, format: unknown): HTMLElement {
  const shown = formatNumberText(text, format);
  if (shown === text && typeof html === "string") {
    node.innerHTML = html;
    enhance(node);
  } else node.append(shown);
  return node;
}

function metric(el: MetricEl, wrap: HTMLElement): void {
  const label = metricText(h("div", { class: "jr-label" }), str(el.label), el.label_html, null);
  const value = metricText(h("div", { class: "jr-metric-value" }), str(el.value), el.value_html, el.format);
  const lv = el.label_visibility || "visible";
  const icon = iconNode(el.icon);
  const box = h(
    "div",
    { class: `jr-metric jr-lv-${lv}`, role: "group", "aria-label": label.textContent || str(el.label) },
    h("div", { class: "jr-label-row" }, icon, label, lv === "visible" ? helpMark(el.help, value) : null),
    value,
  );
  box.classList.toggle("jr-bordered", el.border === true);
  const row = metricDelta(el);
  if (row) box.append(row);
  // the sparkline takes the delta's colour; without a delta it is grey (Streamlit's rule)
  if (el.chart) box.append(sparkline(el.chart, typeof el.delta === "string" ? el.delta_color || "gray" : "gray"));
  wrap.append(box);
}

/** A sparkline's box, 3.5rem tall at once; the sparkline chunk draws into it. */
function sparkline(chart: MetricChart, color: string): HTMLElement {
  const box = h("div", { class: `jr-spark jr-mc-${color}`, "data-type": str(chart.type) });
  loadChunk<SparklineApi>("sparkline", { css: true }).then(
    (api) => api.attach(box, chart),
    () => undefined, // offline: the box stays empty, the metric itself is all there
  );
  return box;
}

/** The delta's pill (its arrow drawn and said) and the description beside it, or null. */
function metricDelta(el: MetricEl): HTMLElement | null {
  const text = typeof el.delta_description === "string" ? el.delta_description : "";
  if (typeof el.delta !== "string" && !text) return null;
  const row = h("div", { class: "jr-metric-delta-row" });
  let pill: HTMLElement | null = null;
  if (typeof el.delta === "string") {
    pill = h("div", { class: "jr-metric-delta jr-mc-" + (el.delta_color || "gray") });
    if (el.delta_arrow === "up" || el.delta_arrow === "down") {
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("viewBox", "0 0 24 24");
      svg.setAttribute("class", "jr-arrow jr-" + el.delta_arrow);
      svg.setAttribute("aria-hidden", "true");
      svg.innerHTML = ARROW;
      // the arrow is drawn, and also said: "down -8%"
      pill.append(svg, h("span", { class: "jr-sr", text: el.delta_arrow + " " }));
    }
    pill.append(metricText(h("span"), el.delta, el.delta_html, el.format));
    row.append(pill);
  }
  if (text) {
    const note = h("div", { class: "jr-metric-note", id: uid("jr-md"), title: text });
    metricText(note, text, el.delta_description_html, null);
    pill?.setAttribute("aria-describedby", note.id);
    row.append(note);
  }
  return row;
}

// -- alerts, errors, media, progress ------------------------------------------------------------

function alert(el: AlertEl, wrap: HTMLElement): void {
  const level = ["error", "warning", "info", "success"].includes(el.level) ? el.level : "info";
  const body = h("div", { class: "jr-alert-body" });
  body.innerHTML = str(el.html);
  enhance(body);
  const icon = el.icon ? alertIcon(el.icon) : null;
  if (typeof el.title_html === "string" && el.title_html) {
    // Streamlit 1.67's titled alert: the icon and the bold title on one row, the text under both
    const title = h("strong", { class: "jr-alert-title" });
    title.innerHTML = el.title_html; // kernel-rendered inline markdown
    enhance(title);
    wrap.append(h("div", { class: `jr-alert jr-alert-titled jr-l-${level}` }, h("div", { class: "jr-alert-head" }, icon, title), body));
    return;
  }
  wrap.append(h("div", { class: "jr-alert jr-l-" + level }, icon, body));
}

/** An alert's icon: an emoji, or ":material/name:" drawn with the icon font (as in markdown). */
function alertIcon(icon: string): HTMLElement {
  const m = /^:material\/([a-z0-9_]+):$/.exec(icon);
  const span = h("span", { class: "jr-alert-icon" }, m ? h("span", { class: "jr-icon", "aria-hidden": "true", text: m[1] }) : icon);
  enhance(span);
  return span;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** A Python traceback's frames as Streamlit shows them under "Traceback:": without the
 *  "Traceback (most recent call last):" line and the closing "Name: message" line (the box's
 *  heading says it), and dedented; any other text as it is. */
export function tracebackFrames(text: string, head: string): string {
  let t = text.replace(ANSI, "").trimEnd();
  const first = /^Traceback \(most recent call last\):\n/.exec(t);
  if (!first) return t;
  t = t.slice(first[0].length);
  if (t.endsWith(head)) {
    // the closing line, its exception name perhaps qualified by its module ("pkg.mod.Error: ...")
    const line = t.lastIndexOf("\n", t.length - head.length - 1) + 1;
    if (/^[\w.]*$/.test(t.slice(line, t.length - head.length))) t = t.slice(0, line).trimEnd();
  }
  const lines = t.split("\n");
  return lines.every((l) => !l || l.startsWith("  ")) ? lines.map((l) => l.slice(2)).join("\n") : t;
}

function exception(el: ExceptionEl, wrap: HTMLElement): void {
  const name = str(el.ename);
  const head = el.evalue ? `${name}: ${str(el.evalue)}` : name;
  const frames = el.traceback ? tracebackFrames(str(el.traceback), head) : "";
  wrap.append(
    h(
      "div",
      { class: "jr-alert jr-l-error jr-exc" },
      h("div", { class: "jr-exc-head" }, h("strong", { text: name }), el.evalue ? ": " + str(el.evalue) : ""),
      frames ? h("div", { class: "jr-exc-label", text: "Traceback:" }) : null,
      frames ? h("pre", { class: "jr-exc-tb", text: frames }) : null,
      errorLinks(`${name}: ${str(el.evalue)}`, frames),
    ),
  );
}

/** Streamlit's row under an error on a page served from this machine (its `showErrorLinks`
 *  "auto"): "Copy" (the error and its frames), "Ask Google" (the error) and "Ask ChatGPT" (both). */
function errorLinks(error: string, frames: string): HTMLElement | null {
  if (location.hostname !== "localhost" && location.hostname !== "127.0.0.1") return null;
  const full = `${error}\n\n${frames}`;
  const copy = h("button", { type: "button", text: "Copy" });
  copy.addEventListener("click", () => void copyText(full).catch(() => undefined));
  const ask = (href: string, text: string) => h("a", { href, target: "_blank", rel: "noopener noreferrer", text });
  return h(
    "div",
    { class: "jr-exc-links" },
    copy,
    ask("https://www.google.com/search?q=" + encodeURIComponent(error), "Ask Google"),
    ask("https://chatgpt.com/?q=" + encodeURIComponent(full), "Ask ChatGPT"),
  );
}


function clampPct(v: unknown): number {
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : 0;
}

function progress(el: ProgressEl): HTMLElement {
  const bar = h("div", { class: "jr-progress-bar" });
  const text = h("div", { class: "jr-progress-text" });
  const track = h("div", { class: "jr-progress-track", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100" }, bar);
  const box = h("div", { class: "jr-progress" }, text, track);
  updateProgress(box, el);
  return box;
}

/** Update a progress element in place (so the bar animates instead of jumping). */
export function updateProgress(box: HTMLElement, el: ProgressEl): void {
  const v = clampPct(el.value);
  const text = box.firstElementChild as HTMLElement;
  const track = box.lastElementChild as HTMLElement;
  // the text is inline markdown rendered by the kernel
  if (text.innerHTML !== str(el.text)) text.innerHTML = str(el.text);
  text.hidden = !el.text;
  track.setAttribute("aria-valuenow", String(Math.round(v)));
  track.setAttribute("aria-label", text.textContent || "progress");
  (track.firstElementChild as HTMLElement).style.width = v + "%";
}
