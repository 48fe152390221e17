// `components.v2`, page side (a lazy chunk: loaded when the first such component appears). Each
// instance is a sandboxed frame without `allow-same-origin` (an opaque origin: it cannot reach
// the page, its cookies or its socket), whose document is a small loader (FRAME_LOADER below).
// The page sends it `{jrV2: 1, type: "render", html, css, js, data, key, name, isolate, theme}`;
// the loader puts the html and css in place (in a shadow root when `isolate`), imports the js as
// an ES module and calls its default export with Streamlit's arguments `{name, key, data,
// parentElement, setStateValue, setTriggerValue}`. It answers `ready`, `state` (all state values),
// `trigger` (one event) and `height`. A message is taken only from the instance's own frame, and
// each is checked before anything is sent on. Tables arrive as Arrow IPC bytes; the frame loads
// the `arrow` chunk itself (a script of this server's static files) to give the component Arrow
// `Table`s, as Streamlit does.

import { defineChunk } from "../lazy";
import type { ComponentV2El, ComponentV2State, ComponentV2Trigger, MediaRef } from "../schema";
import { componentTheme, onSchemeChange } from "../theme";

export interface MountV2Options {
  mediaUrl: (ref: MediaRef) => string;
  setState: (state: ComponentV2State) => void;
  trigger: (value: ComponentV2Trigger) => void;
}

export interface ComponentV2Instance {
  update(el: ComponentV2El): void;
  /** The state the page now holds (a rerun may have set it through session_state). */
  setState(state: Record<string, unknown>): void;
}

export interface ComponentV2Api {
  mount(root: HTMLElement, el: ComponentV2El, opts: MountV2Options): ComponentV2Instance;
}

const SANDBOX = "allow-scripts allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-downloads";
/** The tallest a frame sized by its content may grow (a bigger or broken number is clamped). */
const MAX_FRAME_HEIGHT = 20000;
/** The most a state or trigger may weigh as it travels (the server refuses frames over 1 MiB). */
const MAX_VALUE_CHARS = 900 * 1024;
const MAX_NAME = 256;
const MAX_NAMES = 1000;
const ARROW_REF_KEY = "__streamlit_arrow_ref__";
// the `arrow` chunk beside this one, with the same version query (read while this chunk runs)
const ARROW_URL = ((): string => {
  const me = (document.currentScript as HTMLScriptElement | null)?.src;
  if (!me) return "";
  const url = new URL("arrow.js", me);
  url.search = new URL(me).search;
  return url.href;
})();

// The frame's own script. It trusts messages from its parent only and posts only to the page's
// origin (written in when the document is made).
const FRAME_LOADER = `
(() => {
  const PAGE = __PAGE_ORIGIN__;
  const send = (type, fields) => parent.postMessage(Object.assign({ jrV2: 1, type }, fields), PAGE);
  let shown = null, mod = null, cleanup = null, state = {}, inForm = false, box = null, parentElement = null;
  const runCleanup = () => {
    const c = cleanup; cleanup = null;
    if (typeof c === "function") Promise.resolve().then(c).catch((e) => console.error("component cleanup failed", e));
  };
  const fail = (err) => {
    const p = document.createElement("pre");
    p.className = "jr-v2-error";
    p.textContent = "Component error: " + (err && err.message ? err.message : String(err));
    document.body.append(p);
    console.error(err);
  };
  async function load(m) {
    runCleanup();
    if (box) box.remove();
    box = document.createElement("div");
    box.className = "jr-v2-root";
    document.body.prepend(box);
    parentElement = m.isolate ? box.attachShadow({ mode: "open" }) : box;
    if (m.html) {
      const div = document.createElement("div");
      div.append(document.createRange().createContextualFragment(m.html));
      parentElement.append(div);
    }
    if (m.css) {
      const style = document.createElement("style");
      style.textContent = m.css;
      parentElement.append(style);
    }
    mod = null;
    if (m.js) {
      const url = URL.createObjectURL(new Blob([m.js + "\\n//# sourceURL=component-" + m.name + ".js"], { type: "text/javascript" }));
      mod = await import(url);
      if (!mod.default || typeof mod.default !== "function") throw new Error("JS module does not have a default export function.");
    }
  }
  let arrow = null;
  const arrowReader = (url) => arrow || (arrow = new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = url;
    s.onload = () => {
      const api = window.__jrChunks && window.__jrChunks.arrow;
      if (api) resolve(api); else reject(new Error("the Arrow reader defined nothing"));
    };
    s.onerror = () => { arrow = null; reject(new Error("could not load the Arrow reader")); };
    document.head.append(s);
  }));
  async function tablesIn(m) {
    if (!m.tables || !m.arrowUrl) return m.data;
    const { tableFromIPC } = await arrowReader(m.arrowUrl);
    if (m.tables === true) return tableFromIPC(m.data);
    const out = Object.assign({}, m.data);
    for (const k of m.tables) if (out[k] instanceof Uint8Array) out[k] = tableFromIPC(out[k]);
    return out;
  }
  async function render(m) {
    for (const [k, v] of Object.entries(m.theme || {})) document.documentElement.style.setProperty(k, v);
    const data = await tablesIn(m);
    state = m.state && typeof m.state === "object" ? m.state : {};
    inForm = !!m.inForm;
    const code = JSON.stringify([m.html, m.css, m.js, m.isolate]);
    if (code !== shown) {
      shown = code;
      await load(m);
    }
    if (!mod) return;
    const out = mod.default({
      name: m.name,
      key: m.key,
      data,
      parentElement,
      setStateValue: (name, value) => {
        const next = Object.assign({}, state, { [name]: value });
        send("state", { state: next }); // throws for a value that cannot travel: the state stays
        state = next;
      },
      setTriggerValue: (event, value) => {
        if (inForm) {
          console.warn("setTriggerValue ignored inside a form: use setStateValue and the form's submit");
          return;
        }
        send("trigger", { event, value });
      },
    });
    Promise.resolve(out).then((c) => { if (typeof c === "function") { runCleanup(); cleanup = c; } }).catch(fail);
  }
  // A link's URL resolves against the app page's (a srcdoc frame's base): "#" or "#id" would load
  // the app page into this frame. Fragment links scroll within the frame instead; any other link
  // without a target opens in a new tab (the sandbox allows popups, not navigating the page).
  document.addEventListener("click", (e) => {
    const a = e.composedPath().find((n) => n && n.tagName && n.tagName.toLowerCase() === "a" && n.hasAttribute("href"));
    if (!a || e.defaultPrevented) return;
    const href = a.getAttribute("href");
    if (href === "" || href.startsWith("#")) {
      e.preventDefault();
      const root = a.getRootNode();
      const id = decodeURIComponent(href.slice(1));
      const target = id && ((root.getElementById && root.getElementById(id)) || document.getElementById(id));
      if (target) target.scrollIntoView();
    } else if (!a.getAttribute("target") && !/^javascript:/i.test(href)) {
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "noopener");
    }
  });
  addEventListener("message", (e) => {
    if (e.source !== parent || !e.data || e.data.jrV2 !== 1) return;
    if (e.data.type === "render") render(e.data).catch(fail);
    else if (e.data.type === "state" && e.data.state && typeof e.data.state === "object") state = e.data.state;
  });
  new ResizeObserver(() => send("height", { height: document.documentElement.scrollHeight })).observe(document.body);
  send("ready", {});
})();
`;

function frameDocument(): string {
  const loader = FRAME_LOADER.replace("__PAGE_ORIGIN__", JSON.stringify(location.origin));
  return (
    "<!doctype html><html><head><meta charset=\"utf-8\"><style>" +
    "html,body{margin:0;padding:0;background:transparent;color:var(--st-text-color);font-family:var(--st-font);}" +
    ".jr-v2-error{color:#d33;white-space:pre-wrap;font:12px monospace}" +
    "</style></head><body><script>" +
    loader.replace(/<\/script/gi, "<\\/script") +
    "</script></body></html>"
  );
}

interface Instance {
  frame: HTMLIFrameElement;
  el: ComponentV2El;
  opts: MountV2Options;
  ready: boolean;
  state: Record<string, unknown>;
  note: HTMLElement;
  renders: number;
  key: string;
  fixedHeight: boolean;
}

const instances = new Set<Instance>();
const fetched = new Map<string, Promise<ArrayBuffer>>();
let counter = 0;

function fetchOnce(url: string): Promise<ArrayBuffer> {
  let p = fetched.get(url);
  if (!p) {
    p = fetch(url).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status}`))));
    p.catch(() => fetched.delete(url));
    fetched.set(url, p);
  }
  return p;
}

/** The element's `data` as it travels to the frame (bytes and tables as Uint8Arrays), and which
 *  of it the frame turns into Arrow tables: all of it (`true`) or these keys. */
async function dataOf(el: ComponentV2El, mediaUrl: (ref: MediaRef) => string): Promise<{ data: unknown; tables: boolean | string[] }> {
  const bytes = async (ref: MediaRef): Promise<Uint8Array> => new Uint8Array(await fetchOnce(mediaUrl(ref)));
  if (el.data_bytes !== undefined) return { data: await bytes(el.data_bytes), tables: false };
  if (el.data_table !== undefined) return { data: await bytes(el.data_table), tables: true };
  const data = el.data === undefined ? null : el.data;
  if (!el.data_tables || !data || typeof data !== "object" || Array.isArray(data)) return { data, tables: false };
  const out: Record<string, unknown> = {};
  const tables: string[] = [];
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    const ref = v && typeof v === "object" ? (v as Record<string, unknown>)[ARROW_REF_KEY] : undefined;
    const table = typeof ref === "string" && Object.prototype.hasOwnProperty.call(el.data_tables, ref) ? el.data_tables[ref] : undefined;
    out[k] = table !== undefined ? await bytes(table) : v;
    if (table !== undefined) tables.push(k);
  }
  return { data: out, tables };
}

async function render(inst: Instance): Promise<void> {
  const el = inst.el;
  const turn = ++inst.renders;
  let code: { html?: unknown; css?: unknown; js?: unknown };
  let data: { data: unknown; tables: boolean | string[] };
  try {
    code = JSON.parse(new TextDecoder().decode(await fetchOnce(inst.opts.mediaUrl(el.source))));
    data = await dataOf(el, inst.opts.mediaUrl);
  } catch (err) {
    inst.note.textContent = `Could not load the component: ${String(err)}`;
    inst.note.hidden = false;
    return;
  }
  if (turn !== inst.renders || !inst.ready) return; // a newer render, or not ready yet
  const text = (v: unknown): string => (typeof v === "string" ? v : "");
  inst.frame.contentWindow?.postMessage(
    {
      jrV2: 1,
      type: "render",
      name: el.component,
      key: inst.key,
      html: text(code.html),
      css: text(code.css),
      js: text(code.js),
      isolate: !!el.isolate_styles,
      data: data.data,
      tables: data.tables,
      arrowUrl: data.tables ? ARROW_URL : "",
      state: inst.state,
      inForm: !!el.form_id,
      theme: componentTheme(),
    },
    "*", // the frame's origin is opaque: only its own window receives this
  );
}

function isName(name: unknown): name is string {
  return typeof name === "string" && name.length > 0 && name.length <= MAX_NAME;
}

/** A JSON copy of a value a frame sent, or null when it is not JSON or too large. */
function jsonCopy(value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return null;
  }
  if (text === undefined || text.length > MAX_VALUE_CHARS) return null;
  return { value: JSON.parse(text) };
}

function onMessage(event: MessageEvent): void {
  let inst: Instance | undefined;
  for (const i of instances) if (event.source !== null && i.frame.contentWindow === event.source) inst = i;
  if (!inst || event.origin !== "null") return; // not one of these frames, or one that left the sandbox
  const data = event.data as Record<string, unknown> | null;
  if (!data || typeof data !== "object" || data.jrV2 !== 1 || typeof data.type !== "string") return;
  const refuse = (why: string): void => console.warn(`jupyter_reactive: component ${inst!.el.component}: ${why}`);
  switch (data.type) {
    case "ready":
      inst.ready = true; // a reloaded frame says ready again: each gets a render
      void render(inst);
      return;
    case "height": {
      const height = Number(data.height);
      if (!inst.ready || inst.fixedHeight || !Number.isFinite(height)) return;
      inst.frame.style.height = Math.min(MAX_FRAME_HEIGHT, Math.max(0, Math.round(height))) + "px";
      return;
    }
    case "state": {
      if (!inst.ready) return;
      const s = data.state;
      if (!s || typeof s !== "object" || Array.isArray(s)) return refuse("state refused: not an object");
      const names = Object.keys(s);
      if (names.length > MAX_NAMES || !names.every(isName)) return refuse("state refused: bad names");
      const copy = jsonCopy(s) as { value: Record<string, unknown> } | null;
      if (!copy) return refuse("state refused: not JSON, or too large");
      inst.state = copy.value;
      inst.opts.setState({ state: copy.value });
      return;
    }
    case "trigger": {
      if (!inst.ready || inst.el.form_id) return;
      if (!isName(data.event)) return refuse("trigger refused: bad event name");
      const copy = jsonCopy(data.value === undefined ? null : data.value) as { value: unknown } | null;
      if (!copy) return refuse("trigger refused: not JSON, or too large");
      inst.opts.trigger({ event: data.event, value: copy.value });
      return;
    }
    default:
      return;
  }
}

function mount(root: HTMLElement, el: ComponentV2El, opts: MountV2Options): ComponentV2Instance {
  const frame = document.createElement("iframe");
  frame.className = "jr-component jr-component-v2";
  frame.title = el.component;
  frame.setAttribute("sandbox", SANDBOX);
  const height = el.sizing?.height;
  const fixedHeight = typeof height === "number" || height === "stretch";
  frame.style.height = fixedHeight ? "100%" : "0px";
  const note = document.createElement("div");
  note.className = "jr-unsupported";
  note.hidden = true;
  const inst: Instance = {
    frame,
    el,
    opts,
    ready: false,
    state: { ...(el.value?.state || {}) },
    note,
    renders: 0,
    key: `st-bidi-component-${++counter}`,
    fixedHeight,
  };
  frame.srcdoc = frameDocument();
  root.replaceChildren(frame, note);
  for (const old of instances) if (!old.frame.isConnected && old.frame !== frame) instances.delete(old); // gone from the page
  instances.add(inst);
  return {
    update(e: ComponentV2El) {
      const fields = (x: ComponentV2El): string =>
        JSON.stringify([x.source, x.data, x.data_bytes, x.data_table, x.data_tables, x.isolate_styles, x.form_id]);
      const same = fields(e) === fields(inst.el);
      inst.el = e;
      if (!same) void render(inst);
    },
    setState(state: Record<string, unknown>) {
      inst.state = { ...state };
      if (inst.ready) inst.frame.contentWindow?.postMessage({ jrV2: 1, type: "state", state: inst.state }, "*");
    },
  };
}

addEventListener("message", onMessage);
// the viewer's colour scheme changed: components get the new theme
onSchemeChange(() => {
  for (const inst of instances) if (inst.frame.isConnected && inst.ready) void render(inst);
});

defineChunk("component_v2", { mount } satisfies ComponentV2Api);
