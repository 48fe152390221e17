// Loads a heavy renderer (charts, the data grid, math ...) the first time an element needs it.
//
// Each chunk is its own bundle, app/chunks/<name>.ts -> static/chunks/<name>.js (build.mjs), so a
// page that shows none of them loads nothing more than app.js. A chunk is a classic script that
// calls `defineChunk(name, api)` (below, reached through `window.__jrChunks`); loadChunk injects
// it once, with the same `?v=` as app.js, so the server's long-lived cache headers apply and a
// new release is fetched fresh.

type Registry = Record<string, unknown>;
declare global {
  interface Window {
    __jrChunks?: Registry;
  }
}

// app.js's own URL, read while it runs: chunks sit beside it whatever the base URL or proxy prefix.
const self = (document.currentScript as HTMLScriptElement | null)?.src || "";

const loading = new Map<string, Promise<unknown>>();

/** The URL of a chunk file (`ext` "js" or "css") beside app.js, with app.js's version query. */
export function chunkUrl(name: string, ext: "js" | "css"): string {
  const base = self ? new URL(self, location.href) : new URL("static/jupyter_reactive/app.js", location.href);
  const url = new URL(`chunks/${encodeURIComponent(name)}.${ext}`, base);
  url.search = base.search;
  return url.href;
}

/**
 * The API chunk `name` defines, loading its script (and its stylesheet when `css` is set) on
 * first use. Rejects when the script cannot load or defines nothing: the caller shows an error
 * in place of the element. Type the API with `import type` from the chunk module (erased at
 * build time, so the chunk's code never enters app.js).
 */
export function loadChunk<T>(name: string, opts: { css?: boolean } = {}): Promise<T> {
  let p = loading.get(name);
  if (!p) {
    p = new Promise<unknown>((resolve, reject) => {
      if (opts.css) {
        document.head.append(Object.assign(document.createElement("link"), { rel: "stylesheet", href: chunkUrl(name, "css") }));
      }
      const s = document.createElement("script");
      s.src = chunkUrl(name, "js");
      s.async = true;
      s.onload = () => {
        const api = window.__jrChunks?.[name];
        if (api) resolve(api);
        else reject(new Error(`chunk ${name} defined nothing`));
      };
      s.onerror = () => reject(new Error(`could not load ${name}.js`));
      document.head.append(s);
    });
    // a failed load may succeed later (network back): forget it so the next element retries
    p.catch(() => loading.delete(name));
    loading.set(name, p);
  }
  return p as Promise<T>;
}

/** Called by a chunk's own bundle at its top level: publish its API for loadChunk. */
export function defineChunk(name: string, api: unknown): void {
  (window.__jrChunks ||= {})[name] = api;
}
