// The page's colour scheme: the viewer's `prefers-color-scheme`, unless a host that frames the
// page (JupyterLab's panel, embed.ts) chose light or dark; chunks that draw in the page's colours
// (charts) ask here and follow a change.

/** The scheme a host forced, set on <html> by embed.ts; absent: the browser's preference. */
const forced = (): string | undefined => document.documentElement.dataset.jrTheme;

const query = (): MediaQueryList => matchMedia("(prefers-color-scheme: dark)");

/** Whether the page is dark now. */
export function isDark(): boolean {
  const f = forced();
  return f ? f === "dark" : query().matches;
}

/** The event embed.ts dispatches on `document` when the host changes the scheme. */
export const THEME_EVENT = "jr-theme";

/** Call `cb` whenever the scheme may have changed; returns the unsubscribe. */
export function onSchemeChange(cb: () => void): () => void {
  const q = query();
  q.addEventListener("change", cb);
  document.addEventListener(THEME_EVENT, cb);
  return () => {
    q.removeEventListener("change", cb);
    document.removeEventListener(THEME_EVENT, cb);
  };
}
