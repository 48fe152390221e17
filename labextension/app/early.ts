// The early socket: opened by the few lines of boot.ts inlined in the page's <head>, before the
// page's bundle has loaded, with the hello in its URL, so the session (kernel, first run) starts
// while the browser is still fetching and parsing app.js. The Connection adopts it (no second
// hello) and replays what arrived meanwhile.

import { PROTOCOL_VERSION } from "./protocol";

export interface PageConfig {
  wsUrl: string;
  appPath: string;
  /** A multipage app's page: the URL path after the app's ("" the default page). */
  page?: string;
  baseUrl?: string;
  title?: string;
  xsrfToken?: string;
  /** What the app menu offers (config.toml's client.toolbarMode, "auto" resolved by the server). */
  toolbar?: string;
  /** jupyter_reactive's version (the About dialog's default). */
  version?: string;
}

export interface EarlySocket {
  ws: WebSocket;
  url: string;
  /** Messages received before the Connection took the socket, in order. */
  buffered: MessageEvent[];
  /** The socket's close, if it closed before being taken. */
  closed: CloseEvent | null;
  taken: boolean;
}

declare global {
  interface Window {
    __jrEarly?: EarlySocket;
  }
}

/** The page's config (the JSON script element the server writes), with defaults. */
export function readConfig(): PageConfig {
  const tag = document.getElementById("jupyter-reactive-config");
  let cfg: Partial<PageConfig> = {};
  try {
    cfg = JSON.parse(tag?.textContent || "{}") as Partial<PageConfig>;
  } catch {
    /* fall through to defaults */
  }
  return { wsUrl: cfg.wsUrl || "ws", appPath: cfg.appPath || location.pathname, ...cfg } as PageConfig;
}

/** ws(s)://host + absolute path, matching the page's scheme; appends `_xsrf` when given. */
export function socketUrl(path: string, xsrf?: string): string {
  const u = new URL(path, location.href);
  if (!/^wss?:$/.test(u.protocol)) u.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  if (xsrf && !u.searchParams.has("_xsrf")) u.searchParams.set("_xsrf", xsrf);
  // a kernel message's frames in one socket message: the page applies a run in one task
  u.searchParams.set("frames", "batch");
  return u.href;
}

/** Where the app menu keeps the viewer's theme for an app (this browser's localStorage). */
export const themeKey = (app: string): string => `jr-theme:${app}`;

/** The scheme the page has or will have at start: the menu's remembered choice, else the app's
 *  `theme.base` (on <html>); undefined: the browser's preference. */
function chosenScheme(): string | undefined {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(themeKey(readConfig().appPath));
  } catch {
    /* storage blocked */
  }
  if (stored === "light" || stored === "dark") return stored;
  return stored === "system" ? undefined : document.documentElement.dataset.jrTheme;
}

/** What a new session's hello tells about the tab: its page and query string (the app runs that
 *  page; `jr.query_params`) and, for `jr.context`, its URL, language, time zone and colour scheme. */
export function clientInfo(page: string): Record<string, string | number> {
  // a token in the address bar is a credential: it stays out of the app (and of the socket URL)
  const url = new URL(location.href);
  for (const secret of ["token", "_xsrf"]) url.searchParams.delete(secret);
  const info: Record<string, string | number> = {
    page,
    query: url.search.slice(1),
    url: url.href,
    locale: navigator.language,
    timezone_offset: new Date().getTimezoneOffset(),
    // the viewer's choice in the app menu, the app's configured scheme (theme.base, on <html>),
    // or the browser's
    theme: chosenScheme() || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"),
  };
  const zone = timeZone();
  if (zone) info.timezone = zone;
  return info;
}

/** The browser's IANA time zone. Temporal's answer first: it is the same name, and in a new
 *  renderer `Intl.DateTimeFormat` first loads ICU's locale data (15-45 ms in Chromium here),
 *  which would hold the socket's opening, and so the whole first paint, for that long. */
export function timeZone(): string | undefined {
  try {
    const temporal = (globalThis as { Temporal?: { Now?: { timeZoneId?: () => unknown } } }).Temporal;
    const zone = temporal?.Now?.timeZoneId?.();
    if (typeof zone === "string" && zone) return zone;
  } catch {
    /* no Temporal: Intl below */
  }
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined; /* no Intl time zone: the app sees None */
  }
}

/**
 * boot.ts: open the app's socket now, its hello in the URL (`?hello=1`: a new session), so the
 * server starts the session at the handshake, not when this busy page gets to the open event.
 */
export function openEarly(url: string, page = ""): void {
  if (window.__jrEarly || typeof WebSocket === "undefined") return;
  const u = new URL(url);
  u.searchParams.set("hello", String(PROTOCOL_VERSION));
  for (const [k, v] of Object.entries(clientInfo(page))) u.searchParams.set(k, String(v));
  const ws = new WebSocket(u.href);
  ws.binaryType = "arraybuffer";
  const early: EarlySocket = { ws, url, buffered: [], closed: null, taken: false };
  ws.addEventListener("message", (ev) => {
    if (!early.taken) early.buffered.push(ev as MessageEvent);
  });
  ws.addEventListener("close", (ev) => {
    if (!early.taken) early.closed = ev as CloseEvent;
  });
  window.__jrEarly = early;
}

/** The Connection's side: the early socket for `url`, once (null if there is none). */
export function takeEarly(url: string): EarlySocket | null {
  const early = window.__jrEarly;
  if (!early || early.taken || early.url !== url) return null;
  early.taken = true;
  delete window.__jrEarly;
  return early;
}
