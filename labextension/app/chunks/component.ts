// Streamlit's custom-component protocol, page side (a lazy chunk: loaded when the first
// component appears). Each component is a sandboxed frame of its own files; it posts
// `streamlit:componentReady`, `streamlit:setComponentValue` and `streamlit:setFrameHeight`
// ({isStreamlitMessage: true, type, ...}) to the page, which answers with `streamlit:render`
// ({args, dfs, disabled, theme}). A message is taken only from the frame it belongs to, and
// every field is checked: a frame cannot make the page send anything but a checked value.

import { defineChunk } from "../lazy";
import type { ArrowArg, ComponentEl, ComponentValue, IframeEl, MediaRef } from "../schema";
import { isDark, onSchemeChange, pageTheme } from "../theme";

export interface MountOptions {
  base: string; // the session's component URL ("" before the session is known)
  mediaUrl: (ref: MediaRef) => string;
  setValue: (value: ComponentValue) => void;
}

export interface ComponentInstance {
  update(el: ComponentEl): void;
}

export interface ComponentApi {
  mount(root: HTMLElement, el: ComponentEl, opts: MountOptions): ComponentInstance;
  frame(box: HTMLElement, el: IframeEl, mediaUrl: (ref: MediaRef) => string): void;
  htmlFrame(box: HTMLElement, html: string): void;
}

// Frames run their own scripts but never with the page's origin: a frame whose document comes
// from this origin (an `html` document, a component's files served by this server) is sandboxed
// without `allow-same-origin` (Streamlit grants it), so it cannot reach the page, its cookies or
// its socket. A frame of another origin may keep its own (it cannot reach the page anyway).
const SANDBOX = "allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-scripts allow-downloads";
const ALLOW = "accelerometer; autoplay; camera; clipboard-write; encrypted-media; fullscreen; geolocation; gyroscope; microphone; midi";

/** The sandbox a frame showing `src` gets (null: a document of this page's origin). */
export function sandboxFor(src: string | null): string {
  if (src) {
    try {
      if (new URL(src, location.href).origin !== location.origin) return SANDBOX + " allow-same-origin";
    } catch {
      // not a URL: treated as this origin
    }
  }
  return SANDBOX;
}

/** `components.v1.iframe` / `html`: a sized, sandboxed frame. */
function frame(box: HTMLElement, el: IframeEl, mediaUrl: (ref: MediaRef) => string): void {
  const src = typeof el.src === "string" ? el.src : null;
  const f = document.createElement("iframe");
  f.className = "jr-iframe";
  f.title = src ? `Embedded page ${src}` : "Embedded HTML";
  f.setAttribute("sandbox", sandboxFor(src));
  f.setAttribute("allow", ALLOW);
  f.setAttribute("scrolling", el.scrolling ? "auto" : "no");
  f.style.height = Math.max(0, Math.min(MAX_FRAME_HEIGHT, el.height | 0)) + "px";
  if (typeof el.width === "number" && el.width > 0) f.style.width = el.width + "px";
  if (typeof el.tab_index === "number") f.tabIndex = el.tab_index;
  box.replaceChildren(f);
  if (src) {
    f.src = src;
    return;
  }
  fetch(mediaUrl(el.html as MediaRef))
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((html) => {
      f.srcdoc = html;
    })
    .catch((err: unknown) => {
      box.textContent = `Could not load the HTML: ${String(err)}`;
    });
}

// -- jr.html(body, unsafe_allow_javascript=True) ----------------------------------------------
// The HTML is the document of a frame as sandboxed as the ones above, so its scripts run but
// cannot reach the page. A script of ours heads the document: it reports the content's height
// (`{jrHtmlHeight}`, which sizes the frame: no scroll bar, no gap) and takes the page's font and
// colours (`{jrHtmlStyle}`, from the page only) when the colour scheme changes, so the HTML looks
// as if it were in the page.

const htmlFrames = new Set<HTMLIFrameElement>();

const FRAME_SCRIPT = `(() => {
  const style = document.getElementById("jr-page-style");
  const post = () => parent.postMessage({ jrHtmlHeight: Math.ceil(document.documentElement.getBoundingClientRect().height) }, "*");
  new ResizeObserver(post).observe(document.documentElement);
  addEventListener("message", (e) => {
    if (e.source === parent && e.data && typeof e.data.jrHtmlStyle === "string") style.textContent = e.data.jrHtmlStyle;
  });
})();`;

/** The page's look at `box`, as CSS for a frame's document. */
function pageStyle(box: HTMLElement): string {
  const cs = getComputedStyle(box);
  const root = getComputedStyle(document.documentElement);
  // values of our own stylesheet; nothing in them may close the <style> or open a rule
  const v = (value: string, fallback: string): string => value.replace(/[<>{};]/g, "").trim() || fallback;
  return (
    `:root{color-scheme:${isDark() ? "dark" : "light"}}html,body{margin:0;background:transparent}` +
    `body{display:flow-root;font-family:${v(cs.fontFamily, "sans-serif")};font-size:${v(cs.fontSize, "16px")};` +
    `line-height:${v(cs.lineHeight, "normal")};color:${v(cs.color, "CanvasText")}}` +
    `a{color:${v(root.getPropertyValue("--ln"), "LinkText")}}`
  );
}

function htmlFrame(box: HTMLElement, html: string): void {
  const f = document.createElement("iframe");
  f.className = "jr-iframe jr-html-frame";
  f.title = "HTML";
  f.setAttribute("sandbox", SANDBOX);
  f.setAttribute("allow", ALLOW);
  f.setAttribute("scrolling", "no");
  f.style.height = "0px";
  f.srcdoc =
    `<!doctype html><html><head><meta charset="utf-8"><style id="jr-page-style">${pageStyle(box)}</style>` +
    `<script>${FRAME_SCRIPT}</script></head><body>${html}</body></html>`;
  box.replaceChildren(f);
  for (const old of htmlFrames) if (!old.isConnected) htmlFrames.delete(old);
  htmlFrames.add(f);
}

/** A message from an HTML frame: its height. True when it came from one (taken or not). */
function htmlFrameMessage(event: MessageEvent): boolean {
  for (const f of htmlFrames) {
    if (event.source === null || f.contentWindow !== event.source) continue;
    const height = (event.data as { jrHtmlHeight?: unknown } | null)?.jrHtmlHeight;
    if (typeof height === "number" && Number.isFinite(height)) {
      f.style.height = Math.min(MAX_FRAME_HEIGHT, Math.max(0, Math.round(height))) + "px";
    }
    return true;
  }
  return false;
}

const API_VERSION = 1;
/** The tallest frame a component may ask for (a bigger or a broken number is clamped). */
export const MAX_FRAME_HEIGHT = 20000;
/** The most a value may weigh as it travels (the server refuses frames over 1 MiB). */
const MAX_VALUE_CHARS = 900 * 1024;

interface Instance {
  frame: HTMLIFrameElement;
  el: ComponentEl;
  ready: boolean;
  setValue: (value: ComponentValue) => void;
  mediaUrl: (ref: MediaRef) => string;
  note: HTMLElement;
  renders: number;
}

const instances = new Set<Instance>();
const bytesCache = new Map<string, Promise<Uint8Array>>();

function fetchBytes(url: string): Promise<Uint8Array> {
  let p = bytesCache.get(url);
  if (!p) {
    p = fetch(url).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status}`)))).then((b) => new Uint8Array(b));
    p.catch(() => bytesCache.delete(url));
    bytesCache.set(url, p);
  }
  return p;
}


async function render(inst: Instance): Promise<void> {
  const el = inst.el;
  const turn = ++inst.renders;
  const args: Record<string, unknown> = { ...(el.args || {}) };
  const dfs: { key: string; value: { data: { data: Uint8Array; index: Uint8Array; columns: Uint8Array } } }[] = [];
  try {
    const get = (ref: MediaRef): Promise<Uint8Array> => fetchBytes(inst.mediaUrl(ref));
    for (const [key, ref] of Object.entries(el.bytes_args || {})) args[key] = await get(ref);
    for (const [key, arrow] of Object.entries(el.dfs || {}) as [string, ArrowArg][]) {
      const [data, index, columns] = await Promise.all([get(arrow.data), get(arrow.index), get(arrow.columns)]);
      dfs.push({ key, value: { data: { data, index, columns } } });
    }
  } catch (err) {
    inst.note.textContent = `Could not load the component's arguments: ${String(err)}`;
    inst.note.hidden = false;
    return;
  }
  if (turn !== inst.renders || !inst.ready) return; // a newer render, or not ready yet
  inst.frame.contentWindow?.postMessage({ type: "streamlit:render", args, dfs, disabled: !!el.disabled, theme: pageTheme() }, "*");
}

function asBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

function b64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The checked wire form of a frame's value, or a reason to refuse it. */
export function wireValue(data: Record<string, unknown>): ComponentValue | string {
  if (!Object.prototype.hasOwnProperty.call(data, "value") || data.value === undefined) return "no value";
  const kind = data.dataType ?? "json";
  let wire: ComponentValue;
  if (kind === "json") {
    let text: string | undefined;
    try {
      text = JSON.stringify(data.value);
    } catch {
      return "the value is not JSON";
    }
    if (text === undefined) return "the value is not JSON";
    wire = { dataType: "json", value: JSON.parse(text) };
  } else if (kind === "bytes") {
    const bytes = asBytes(data.value);
    if (!bytes) return "a bytes value must be a typed array";
    wire = { dataType: "bytes", value: b64(bytes) };
  } else if (kind === "dataframe") {
    const t = data.value as Record<string, unknown> | null;
    const parts = t && typeof t === "object" ? [asBytes(t.data), asBytes(t.index), asBytes(t.columns)] : [];
    if (parts.length !== 3 || parts.some((p) => !p)) return "a dataframe value needs data, index and columns";
    const [d, i, c] = parts as Uint8Array[];
    wire = { dataType: "dataframe", value: { data: b64(d), index: b64(i), columns: b64(c) } };
  } else {
    return "unknown dataType";
  }
  return JSON.stringify(wire).length > MAX_VALUE_CHARS ? "the value is too large" : wire;
}

function onMessage(event: MessageEvent): void {
  if (htmlFrameMessage(event)) return;
  let inst: Instance | undefined;
  for (const i of instances) if (event.source !== null && i.frame.contentWindow === event.source) inst = i;
  if (!inst) return; // not a component's frame (another frame, the page itself): ignored
  const data = event.data as Record<string, unknown> | null;
  if (!data || typeof data !== "object" || data.isStreamlitMessage !== true || typeof data.type !== "string") return;
  switch (data.type) {
    case "streamlit:componentReady":
      if (data.apiVersion !== API_VERSION) {
        inst.note.textContent = `Unrecognized component API version: '${String(data.apiVersion)}'`;
        inst.note.hidden = false;
        return;
      }
      inst.ready = true; // several readies are fine (a reloaded frame): each gets a render
      void render(inst);
      return;
    case "streamlit:setFrameHeight": {
      if (!inst.ready) return;
      const height = Number(data.height);
      if (!Number.isFinite(height)) return;
      inst.frame.style.height = Math.min(MAX_FRAME_HEIGHT, Math.max(0, Math.round(height))) + "px";
      return;
    }
    case "streamlit:setComponentValue": {
      if (!inst.ready) return;
      const wire = wireValue(data);
      if (typeof wire === "string") {
        console.warn(`jupyter_reactive: component ${inst.el.component}: value refused: ${wire}`);
        return;
      }
      inst.setValue(wire);
      return;
    }
    default:
      return;
  }
}

function frameUrl(el: ComponentEl, base: string): string {
  const url = el.url ? new URL(el.url, location.href) : new URL(`${base}/${encodeURIComponent(el.component)}/index.html`, location.href);
  url.searchParams.set("streamlitUrl", location.href);
  return url.href;
}

function mount(root: HTMLElement, el: ComponentEl, opts: MountOptions): ComponentInstance {
  const src = frameUrl(el, opts.base);
  const frame = document.createElement("iframe");
  frame.className = "jr-component";
  frame.title = el.component;
  frame.setAttribute("sandbox", sandboxFor(el.url ? src : null));
  frame.setAttribute("allow", ALLOW);
  frame.style.height = "0px";
  if (typeof el.tab_index === "number") frame.tabIndex = el.tab_index;
  const note = document.createElement("div");
  note.className = "jr-unsupported";
  note.hidden = true;
  const inst: Instance = { frame, el, ready: false, setValue: opts.setValue, mediaUrl: opts.mediaUrl, note, renders: 0 };
  frame.src = src;
  root.replaceChildren(frame, note);
  for (const old of instances) if (!old.frame.isConnected && old.frame !== frame) instances.delete(old); // gone from the page
  instances.add(inst);
  return {
    update(e: ComponentEl) {
      const same = JSON.stringify([e.args, e.bytes_args, e.dfs, e.disabled]) === JSON.stringify([inst.el.args, inst.el.bytes_args, inst.el.dfs, inst.el.disabled]);
      inst.el = e;
      if (!same) void render(inst);
    },
  };
}

addEventListener("message", onMessage);
// the viewer's colour scheme changed: components get the new theme
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
  for (const inst of instances) if (inst.frame.isConnected && inst.ready) void render(inst);
});

onSchemeChange(() => {
  for (const f of htmlFrames) {
    if (f.isConnected && f.parentElement) f.contentWindow?.postMessage({ jrHtmlStyle: pageStyle(f.parentElement) }, "*");
  }
});

defineChunk("component", { mount, frame, htmlFrame } satisfies ComponentApi);
