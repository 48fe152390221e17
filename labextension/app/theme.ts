// The page's colour scheme: the viewer's `prefers-color-scheme`, unless a host that frames the
// page (JupyterLab's panel, embed.ts) chose light or dark; chunks that draw in the page's colours
// (charts) ask here and follow a change.

import { themeKey } from "./early";

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

/** Force the page light or dark, or (null) let it follow the browser's preference again: the
 *  stylesheets' `prefers-color-scheme` rules are switched on or off in place (CSSOM), native
 *  controls follow `color-scheme`, and charts are told. Used by a host that frames the page
 *  (embed.ts), for the app's own `theme.base` (config.toml), which the server puts on <html> as
 *  `data-jr-theme`, and for the viewer's choice in the menu's Settings. */
export function setScheme(theme: "light" | "dark" | null): void {
  const root = document.documentElement;
  if (theme) root.dataset.jrTheme = theme;
  else delete root.dataset.jrTheme;
  root.style.colorScheme = theme || "";
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
      // the stylesheet's dark rules, and a configured [theme.light] / [theme.dark] (the server's <style>)
      const scheme = /prefers-color-scheme:\s*(dark|light)/.exec(orig)?.[1];
      if (!scheme) continue;
      (rule as CSSMediaRule & { jrMedia?: string }).jrMedia = orig;
      media.mediaText = !theme ? orig : theme === scheme ? "all" : "not all";
    }
  }
  document.dispatchEvent(new Event(THEME_EVENT));
}

/** The app's configured scheme (`theme.base`), as the server wrote it on <html>: applied once at
 *  start, so every dark rule of the stylesheets follows it, not the viewer's preference. It is
 *  kept on <html> as `data-jr-base` before anything changes the scheme: the menu's default (the
 *  menu is a chunk of its own, with its own copy of this module). */
export function applyConfiguredScheme(): void {
  const f = forced();
  const root = document.documentElement;
  if (root.dataset.jrBase === undefined) root.dataset.jrBase = f === "light" || f === "dark" ? f : "";
  if (f === "light" || f === "dark") setScheme(f);
}

/** The viewer's theme in the menu's Settings: "system" follows the browser's preference. */
export type SchemeChoice = "light" | "dark" | "system";


/** The viewer's remembered choice for `app` (this browser's localStorage), else the app's
 *  configured `theme.base`, else "system". */
export function schemeChoice(app: string): SchemeChoice {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(themeKey(app));
  } catch {
    /* storage blocked: the default */
  }
  if (stored === "light" || stored === "dark" || stored === "system") return stored;
  const base = document.documentElement.dataset.jrBase;
  return base === "light" || base === "dark" ? base : "system";
}

/** Apply `choice` now; with `remember`, keep it for the app's next pages in this browser. */
export function chooseScheme(app: string, choice: SchemeChoice, remember = true): void {
  if (remember) {
    try {
      localStorage.setItem(themeKey(app), choice);
    } catch {
      /* storage blocked: this page only */
    }
  }
  setScheme(choice === "system" ? null : choice);
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

/** Streamlit 1.67's category colours for series; on a dark page each pair swaps, as there. */
export const CATEGORY = ["#0068c9", "#83c9ff", "#ff2b2b", "#ffabab", "#29b09d", "#7defa1", "#ff8700", "#ffd16a", "#6d3fc0", "#d5dae5"];
export const CATEGORY_DARK = ["#83c9ff", "#0068c9", "#ffabab", "#ff2b2b", "#7defa1", "#29b09d", "#ffd16a", "#ff8700", "#6d3fc0", "#d5dae5"];
/** The charts' sequential and diverging scales (their stops), as the plotly chunk draws them. */
export const SEQUENTIAL = ["#e4f5ff", "#60b4ff", "#004280"];
export const DIVERGING = (dark: boolean): string[] => ["#ff2b2b", dark ? "#31333f" : "#f0f2f6", "#0068c9"];

const COLOURS = ["red", "orange", "yellow", "blue", "green", "violet", "gray"];

/** The page's theme as CSS custom properties, under the names Streamlit 1.67 gives a
 *  `components.v2` component (`--st-primary-color`, `--st-heading-font-size-1`, ...; booleans as
 *  "1"/"0", lists joined by ","): each value read from the page itself -- its custom properties
 *  (config.toml's theme lands there) and, for headings, code, metrics and the markdown colours,
 *  the computed style of hidden probes drawn with the page's own classes. */
export function componentTheme(): Record<string, string> {
  // probing costs a style recalculation: once per scheme and root style (every render asks)
  const key = `${isDark()}|${document.documentElement.getAttribute("style") ?? ""}`;
  if (themeCache?.key !== key) themeCache = { key, theme: probeTheme() };
  return { ...themeCache.theme };
}

let themeCache: { key: string; theme: Record<string, string> } | null = null;

function probeTheme(): Record<string, string> {
  const root = getComputedStyle(document.documentElement);
  const prop = (name: string, d: string): string => root.getPropertyValue(name).trim() || d;
  const theme = pageTheme();
  const dark = theme.base === "dark";
  const box = document.createElement("div");
  box.className = "jr-md";
  box.setAttribute("aria-hidden", "true");
  box.style.cssText = "position:absolute;left:-9999px;top:0;visibility:hidden;pointer-events:none";
  const heads = [1, 2, 3, 4, 5, 6].map((n) => box.appendChild(document.createElement(`h${n}`)));
  const code = box.appendChild(document.createElement("code"));
  const link = box.appendChild(document.createElement("a"));
  link.href = "#";
  const metric = box.appendChild(document.createElement("div"));
  metric.className = "jr-metric-value";
  const button = box.appendChild(document.createElement("button"));
  button.className = "jr-btn";
  const marks = COLOURS.map((c) => {
    const text = box.appendChild(document.createElement("span"));
    text.className = `jr-c-${c}`;
    const mc = box.appendChild(document.createElement("span"));
    mc.className = `jr-mc-${c}`;
    return [text, mc] as const;
  });
  document.body.append(box);
  try {
    const cs = (e: Element): CSSStyleDeclaration => getComputedStyle(e);
    const sizes = heads.map((e) => cs(e).fontSize);
    const weights = heads.map((e) => cs(e).fontWeight);
    const codeStyle = cs(code);
    const border = prop("--bd", dark ? "#4a4742" : "#dcd8d4");
    const flat: Record<string, string | string[] | boolean> = {
      primaryColor: theme.primaryColor,
      backgroundColor: theme.backgroundColor,
      secondaryBackgroundColor: theme.secondaryBackgroundColor,
      textColor: theme.textColor,
      linkColor: prop("--ln", theme.primaryColor),
      linkUnderline: cs(link).textDecorationLine.includes("underline"),
      font: theme.font,
      headingFont: cs(heads[0]).fontFamily,
      codeFont: codeStyle.fontFamily,
      baseRadius: prop("--r", ".5rem"),
      buttonRadius: cs(button).borderTopLeftRadius,
      baseFontSize: root.fontSize,
      baseFontWeight: getComputedStyle(document.body).fontWeight,
      codeFontWeight: codeStyle.fontWeight,
      codeFontSize: codeStyle.fontSize,
      headingFontSizes: sizes,
      headingFontWeights: weights,
      headingColor: cs(heads[0]).color,
      borderColor: border,
      borderColorLight: prop("--bl", border),
      dataframeBorderColor: prop("--bl", border),
      dataframeHeaderBackgroundColor: prop("--b3", theme.secondaryBackgroundColor),
      dataframeHeaderTextColor: prop("--mu", theme.textColor),
      codeBackgroundColor: prop("--jr-code-bg", codeStyle.backgroundColor),
      codeTextColor: codeStyle.color,
      widgetBorderColor: "transparent",
      chartCategoricalColors: categoricalColors() ?? (dark ? CATEGORY_DARK : CATEGORY),
      chartSequentialColors: SEQUENTIAL,
      chartDivergingColors: DIVERGING(dark),
      metricValueFontSize: cs(metric).fontSize,
      metricValueFontWeight: cs(metric).fontWeight,
    };
    sizes.forEach((v, i) => (flat[`headingFontSize${i + 1}`] = v));
    weights.forEach((v, i) => (flat[`headingFontWeight${i + 1}`] = v));
    COLOURS.forEach((c, i) => {
      const [text, mc] = marks[i];
      flat[`${c}Color`] = cs(mc).getPropertyValue("--c").trim();
      flat[`${c}TextColor`] = cs(text).getPropertyValue("--tc").trim();
      flat[`${c}BackgroundColor`] = cs(text).getPropertyValue("--gc").trim();
    });
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(flat)) {
      const name = "--st-" + k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()).replace(/(\d)/, "-$1");
      out[name] = typeof v === "boolean" ? (v ? "1" : "0") : Array.isArray(v) ? v.join(",") : v || "unset";
    }
    return out;
  } finally {
    box.remove();
  }
}

/** config.toml's `theme.chartCategoricalColors` (the server puts them in `--jr-cat`, "|" between
 *  colours), or null: the charts' own series colours. */
export function categoricalColors(): string[] | null {
  const raw = getComputedStyle(document.documentElement).getPropertyValue("--jr-cat").trim();
  const colors = raw ? raw.split("|").map((c) => c.trim()).filter(Boolean) : [];
  return colors.length ? colors : null;
}
