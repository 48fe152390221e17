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

/** Force the page light or dark: the stylesheets' `prefers-color-scheme: dark` rules are switched
 *  on or off in place (CSSOM), native controls follow `color-scheme`, and charts are told. Used
 *  by a host that frames the page (embed.ts) and for the app's own `theme.base` (config.toml),
 *  which the server puts on <html> as `data-jr-theme`. */
export function setScheme(theme: "light" | "dark"): void {
  const root = document.documentElement;
  root.dataset.jrTheme = theme;
  root.style.colorScheme = theme;
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue; // another origin's sheet
    }
    for (const rule of Array.from(rules)) {
      if (!(rule instanceof CSSMediaRule)) continue;
      const media = rule.media;
      const orig = (rule as CSSMediaRule & { jrMedia?: string }).jrMedia ?? media.mediaText;
      if (!/prefers-color-scheme:\s*dark/.test(orig)) continue;
      (rule as CSSMediaRule & { jrMedia?: string }).jrMedia = orig;
      media.mediaText = theme === "dark" ? "all" : "not all";
    }
  }
  document.dispatchEvent(new Event(THEME_EVENT));
}

/** The app's configured scheme (`theme.base`), as the server wrote it on <html>: applied once at
 *  start, so every dark rule of the stylesheets follows it, not the viewer's preference. */
export function applyConfiguredScheme(): void {
  const f = forced();
  if (f === "light" || f === "dark") setScheme(f);
}

/** The page's colours and font as Streamlit's component theme has them (`components.v1`'s
 *  `theme` argument); `base` is "light" or "dark". */
export function pageTheme(): Record<string, string> {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, d: string): string => css.getPropertyValue(name).trim() || d;
  const dark = isDark();
  return {
    base: dark ? "dark" : "light",
    primaryColor: v("--ac", "#ff4b4b"),
    backgroundColor: v("--bg", dark ? "#0e1117" : "#ffffff"),
    secondaryBackgroundColor: v("--b2", dark ? "#262730" : "#f0f2f6"),
    textColor: v("--fg", dark ? "#fafafa" : "#31333f"),
    font: getComputedStyle(document.body).fontFamily || "sans-serif",
  };
}

/** The same as CSS custom properties, as `components.v2` gives them to a component
 *  (`--st-primary-color`, `--st-text-color`, ...; booleans as "1"/"0"). */
export function componentTheme(): Record<string, string> {
  const out: Record<string, string> = {};
  const theme = pageTheme();
  for (const [k, v] of Object.entries({ ...theme, linkColor: theme.primaryColor })) {
    if (k === "base") continue;
    out["--st-" + k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())] = v;
  }
  return out;
}

/** config.toml's `theme.chartCategoricalColors` (the server puts them in `--jr-cat`, "|" between
 *  colours), or null: the charts' own series colours. */
export function categoricalColors(): string[] | null {
  const raw = getComputedStyle(document.documentElement).getPropertyValue("--jr-cat").trim();
  const colors = raw ? raw.split("|").map((c) => c.trim()).filter(Boolean) : [];
  return colors.length ? colors : null;
}
