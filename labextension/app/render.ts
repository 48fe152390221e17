// Leaf (non-container, non-widget) elements: markdown, text, code, json, alerts, media, progress.

import { h } from "./dom";
import { audioVideo, image } from "./media";
import type {
  AlertEl,
  BlockEl,
  CodeEl,
  Element,
  ExceptionEl,
  JsonEl,
  MarkdownEl,
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
    wrap.append(h("pre", { class: "jr-text", text: str(el.text) }));
  },
  code: (el, wrap) => code(el, wrap),
  json: (el, wrap) => json(el, wrap),
  divider: (_el, wrap) => {
    wrap.append(h("hr", { class: "jr-hr" }));
  },
  alert: (el, wrap) => alert(el, wrap),
  exception: (el, wrap) => exception(el, wrap),
  html: (el, wrap) => {
    // a Jupyter rich repr from the app's own code, as-is (its scripts do not run, as st.html)
    const d = h("div", { class: "jr-html" });
    d.innerHTML = str(el.html);
    wrap.append(d);
  },
  image: (el, wrap) => image(el, wrap),
  audio: (el, wrap) => audioVideo(el, wrap),
  video: (el, wrap) => audioVideo(el, wrap),
  progress: (el, wrap) => {
    wrap.append(progress(el));
  },
  spinner: (el, wrap) => {
    wrap.append(
      h("div", { class: "jr-spinner", role: "status" }, h("span", { class: "jr-spin", "aria-hidden": "true" }), str(el.text)),
    );
  },
};

/** Fill `wrap` (already emptied) with the element's content. */
export function renderLeaf(el: LeafEl, wrap: HTMLElement): void {
  // a kind from a newer kernel than this page has no renderer
  const render = LEAVES[el.kind] as Renderer<LeafEl> | undefined;
  if (render) render(el, wrap);
  else unsupported((el as { kind?: unknown }).kind, wrap);
}

export function unsupported(kind: unknown, wrap: HTMLElement): void {
  wrap.append(h("div", { class: "jr-unsupported", text: `unsupported element: ${str(kind) || "?"}` }));
}

const HEADINGS: Record<string, "h1" | "h2" | "h3"> = { title: "h1", header: "h2", subheader: "h3" };

function markdown(el: MarkdownEl, wrap: HTMLElement): void {
  const html = str(el.html);
  const tag = HEADINGS[el.variant];
  let box: HTMLElement;
  if (tag && !/^\s*<h[1-6][\s>]/i.test(html)) {
    // The kernel renders "# x" as <h1>, but st.title("x") may arrive as <p>x</p>: unwrap one <p>.
    const m = /^\s*<p>([\s\S]*)<\/p>\s*$/i.exec(html);
    box = h(tag, { class: "jr-md jr-v-" + el.variant });
    box.innerHTML = m && !m[1].includes("<p>") ? m[1] : html;
  } else {
    box = h("div", { class: "jr-md jr-v-" + (el.variant || "body") });
    box.innerHTML = html;
  }
  wrap.append(box);
  if (el.divider && tag) wrap.append(h("hr", { class: "jr-hr jr-hdiv" }));
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

// -- json tree ----------------------------------------------------------------------------------

function jsonScalar(v: unknown): HTMLElement {
  const t = v === null ? "null" : typeof v;
  return h("span", { class: "jr-j-" + t, text: t === "string" ? JSON.stringify(v) : String(v) });
}

function jsonNode(key: string | null, v: unknown, open: boolean, last: boolean): HTMLElement {
  const keyEl = key === null ? null : h("span", { class: "jr-j-key", text: key + ": " });
  const comma = last ? "" : ",";
  if (v === null || typeof v !== "object") {
    return h("div", { class: "jr-j-row" }, keyEl, jsonScalar(v), comma);
  }
  const arr = Array.isArray(v);
  const entries: [string | null, unknown][] = arr
    ? (v as unknown[]).map((x) => [null, x])
    : Object.entries(v as Record<string, unknown>).map(([k, x]) => [JSON.stringify(k), x]);
  const [o, c] = arr ? ["[", "]"] : ["{", "}"];
  if (!entries.length) return h("div", { class: "jr-j-row" }, keyEl, o + c + comma);
  const d = h(
    "details",
    { class: "jr-j-node", open },
    h("summary", null, keyEl, o, h("span", { class: "jr-j-more", text: ` ${entries.length} ${arr ? "items" : "keys"} ${c}` })),
  );
  const body = h("div", { class: "jr-j-body" });
  entries.forEach(([k, x], i) => body.append(jsonNode(k, x, open, i === entries.length - 1)));
  d.append(body, h("div", { class: "jr-j-close", text: c + comma }));
  return d;
}

function json(el: JsonEl, wrap: HTMLElement): void {
  wrap.append(h("div", { class: "jr-json" }, jsonNode(null, el.value, el.expanded !== false, true)));
}

// -- alerts, errors, media, progress ------------------------------------------------------------

function alert(el: AlertEl, wrap: HTMLElement): void {
  const level = ["error", "warning", "info", "success"].includes(el.level) ? el.level : "info";
  const body = h("div", { class: "jr-alert-body" });
  body.innerHTML = str(el.html);
  wrap.append(
    h("div", { class: "jr-alert jr-l-" + level }, el.icon ? h("span", { class: "jr-alert-icon", text: el.icon }) : null, body),
  );
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

function exception(el: ExceptionEl, wrap: HTMLElement): void {
  wrap.append(
    h(
      "div",
      { class: "jr-alert jr-l-error jr-exc" },
      h("div", { class: "jr-exc-head" }, h("strong", { text: str(el.ename) }), el.evalue ? ": " + str(el.evalue) : ""),
      el.traceback ? h("pre", { class: "jr-exc-tb", text: str(el.traceback).replace(ANSI, "") }) : null,
    ),
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
