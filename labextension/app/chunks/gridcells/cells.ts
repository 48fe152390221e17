// The grid's richer cells (part of the "grid" chunk, bundled into grid.js): JSON, Markdown, chips
// (list and multiselect columns), audio / video players, buttons, and what a click on them opens.
//
// Runs in the browser page. Every value drawn here is text put in with textContent, but for a
// markdown cell's HTML, which the kernel rendered with raw HTML escaped (as `markdown` elements
// are rendered) and which the page shows as it shows those. Media URLs are checked: http(s),
// relative paths and data: URLs of the right media type only, never javascript: and the like.

import type { GridColumn } from "../../schema";

/** What a cell needs beyond its value: the Markdown rendering, a click on one of its buttons. */
export interface CellExtras {
  /** markdown columns: the cell's HTML (rendered in the kernel, raw HTML escaped) */
  html?: string | null;
  /** button columns: a button of this cell was clicked (absent: the buttons do nothing) */
  click?: (label: string) => void;
  /** open a popover under the cell showing `content`; returns what closes it */
  pop?: (content: HTMLElement) => () => void;
  /** load what `el` needs from the page (the icon font, KaTeX for math): the page's own
   *  loader, since a chunk cannot load another chunk by itself */
  enhance?: (el: HTMLElement) => void;
}

const JUSTIFY: Record<string, string> = { left: "flex-start", center: "center", right: "flex-end" };

/** The flex justification of an alignment ("" for none). */
export function justify(align: string | undefined): string {
  return (align && JUSTIFY[align]) || "";
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A URL a media cell may play: http(s), a relative path, or a data: URL of `media` (audio/video). */
export function safeMediaUrl(url: string, media: "audio" | "video"): boolean {
  const u = url.trim();
  if (!u || /[\u0000-\u001f]/.test(u)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u);
  if (!scheme) return true; // relative to the app's URL (or protocol-relative)
  const s = scheme[1].toLowerCase();
  if (s === "http" || s === "https") return true;
  return s === "data" && u.toLowerCase().startsWith(`data:${media}/`);
}

/** The label an option value shows (its `labels` entry, else itself). */
export function optionLabel(c: GridColumn, v: unknown): string {
  if (c.labels && c.options) {
    const i = c.options.findIndex((o) => o === v || String(o) === String(v));
    if (i >= 0 && i < c.labels.length) return c.labels[i];
  }
  return v === null || v === undefined ? "" : String(v);
}

function optionColor(c: GridColumn, v: unknown): string | null {
  if (!c.colors || !c.options) return null;
  const i = c.options.findIndex((o) => o === v || String(o) === String(v));
  const col = i >= 0 ? c.colors[i] : undefined;
  if (!col) return null;
  return col === "primary" ? "var(--ac)" : col;
}

/** Chips for the items of a list / multiselect cell. */
export function chips(td: HTMLElement, c: GridColumn, items: unknown[]): void {
  const box = el("div", "jr-g-chips");
  for (const x of items) {
    const chip = el("span", "jr-g-chip", optionLabel(c, x === null ? "None" : x));
    const col = optionColor(c, x);
    if (col === "var(--ac)") chip.classList.add("jr-g-chipp"); // "primary": a tint, as Streamlit's
    else if (col) {
      chip.style.setProperty("--chip", col);
      // a translucent colour (the "auto" tints) is a background for dark text; a solid one for white
      const alpha = /^#[0-9a-f]{6}([0-9a-f]{2})$/i.exec(col);
      chip.classList.add(alpha && parseInt(alpha[1], 16) < 0x99 ? "jr-g-chipt" : "jr-g-chipc");
    }
    box.append(chip);
  }
  td.append(box);
}

/** A JSON text as an indented, readable block (the popover's). */
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Draw the cell types of this module; false: `t` is none of them (or the value does not fit). */
export function richCell(td: HTMLElement, c: GridColumn, v: unknown, x: CellExtras): boolean {
  const t = c.type;
  if (t === "json" && typeof v === "string") {
    const span = el("span", "jr-g-json", v);
    td.append(span);
    if (x.pop) {
      td.classList.add("jr-g-popable");
      td.onclick = () => x.pop!(el("pre", "jr-g-popjson", prettyJson(v)));
    }
    return true;
  }
  if (t === "markdown" && typeof v === "string") {
    const box = el("div", "jr-g-md");
    if (typeof x.html === "string") box.innerHTML = x.html;
    else box.textContent = v;
    td.append(box);
    x.enhance?.(box);
    if (x.pop) {
      td.classList.add("jr-g-popable");
      td.onclick = (e) => {
        if ((e.target as HTMLElement).closest("a")) return; // a link opens; the cell does not
        const full = el("div", "jr-md jr-g-popmd");
        if (typeof x.html === "string") full.innerHTML = x.html;
        else full.textContent = v;
        x.pop!(full);
        x.enhance?.(full);
      };
    }
    return true;
  }
  if ((t === "multiselect" || t === "list") && Array.isArray(v)) {
    chips(td, c, v);
    return true;
  }
  if ((t === "audio" || t === "video") && typeof v === "string") {
    if (!safeMediaUrl(v, t)) {
      const bad = el("span", "jr-g-ph", "✕");
      bad.title = "unsupported URL";
      bad.setAttribute("role", "img");
      bad.setAttribute("aria-label", "unsupported URL");
      td.append(bad);
      return true;
    }
    const b = el("button", "jr-g-play", t === "audio" ? "♪" : "▶");
    b.type = "button";
    b.setAttribute("aria-label", t === "audio" ? "Play audio" : "Play video");
    b.title = t === "audio" ? "Play audio" : "Play video";
    b.onclick = (e) => {
      e.stopPropagation();
      const player = document.createElement(t);
      player.className = `jr-g-player jr-g-${t}`;
      player.controls = true;
      player.autoplay = true;
      player.preload = "metadata";
      player.src = v;
      x.pop?.(player);
    };
    td.append(b);
    return true;
  }
  if (t === "button") {
    const labels = (Array.isArray(v) ? v : [v]).filter((l) => l !== null && l !== undefined).map(String);
    td.classList.add("jr-g-btns");
    if (labels.length > 1 && x.pop) {
      // several actions: a menu button that lists them, as Streamlit's
      const more = el("button", "jr-g-btn jr-g-more", "⋮");
      more.type = "button";
      more.setAttribute("aria-label", "More actions");
      more.setAttribute("aria-haspopup", "menu");
      more.onclick = (e) => {
        e.stopPropagation();
        const menu = el("div", "jr-g-menu");
        menu.setAttribute("role", "menu");
        let close = (): void => undefined;
        const chosen = x.click ? (label: string): void => (close(), x.click!(label)) : undefined;
        for (const label of labels) {
          const b = cellButton(c, label, chosen);
          b.setAttribute("role", "menuitem");
          b.classList.add("jr-g-btn-tertiary");
          menu.append(b);
        }
        close = x.pop!(menu);
        x.enhance?.(menu);
        menu.querySelector("button")?.focus();
      };
      td.append(more);
      return true;
    }
    for (const label of labels) td.append(cellButton(c, label, x.click));
    x.enhance?.(td);
    return true;
  }
  return false;
}

const MATERIAL = /^:material\/([a-z0-9_]+):\s*/;

function cellButton(c: GridColumn, label: string, click: ((label: string) => void) | undefined): HTMLButtonElement {
  const b = el("button", `jr-g-btn jr-g-btn-${c.button_type || "secondary"}`);
  b.type = "button";
  const m = MATERIAL.exec(label);
  const shown = m ? label.slice(m[0].length) : label;
  if (m) {
    const icon = el("span", "jr-icon", m[1]);
    icon.setAttribute("aria-hidden", "true");
    b.append(icon);
  }
  if (shown) b.append(el("span", "", shown));
  b.setAttribute("aria-label", shown || (m ? m[1].replace(/_/g, " ") : label));
  if (!click) b.disabled = true; // no key: Streamlit's buttons do nothing either
  else
    b.onclick = (e) => {
      e.stopPropagation();
      click(label);
    };
  return b;
}

function decimals(step: number): number {
  const s = String(step);
  const dot = s.indexOf(".");
  const exp = /e-(\d+)$/.exec(s);
  return exp ? +exp[1] : dot >= 0 ? s.length - dot - 1 : 0;
}

/** Text shown for a progress number without a format: to the precision of `step`. */
export function stepText(step: number, v: number): string {
  return v.toFixed(Math.min(decimals(step), 20));
}

/** A progress number without a format: a fraction (a bar from 0 to 1) as a percentage, to its
 *  step's precision (none: up to two decimals, as Streamlit 1.67 shows 0.975 as 97.5%); else to
 *  its step; else null. */
export function progressText(c: GridColumn, v: number): string | null {
  if (c.format) return null;
  if (c.min === 0 && c.max === 1) {
    if (!c.step) return `${(v * 100).toLocaleString("en-US", { maximumFractionDigits: 2, useGrouping: false })}%`;
    return `${(v * 100).toFixed(Math.max(decimals(c.step) - 2, 0))}%`;
  }
  return c.step ? stepText(c.step, v) : null;
}
