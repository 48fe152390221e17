// The app menu (the header's ⋮) and its dialogs: Settings, About, Clear caches. A lazy chunk
// (chunks/menu.ts): a page loads it the first time the viewer opens the menu or presses C, so
// the first paint carries only the button (index.ts).
//
// What the menu offers follows the page's toolbar mode (config.toml's `client.toolbarMode`, as
// the server resolved it): "developer" adds Clear cache and the Settings' Run on save; "viewer"
// has Rerun, Settings, Print and the app's links; "minimal" only what `set_page_config`'s
// `menu_items` give.

import { h, uid } from "./dom";
import type { MenuItems } from "./protocol";
import { chooseScheme, schemeChoice, type SchemeChoice } from "./theme";

export type ToolbarMode = "developer" | "viewer" | "minimal";

export interface MenuHost {
  mode: ToolbarMode;
  /** The app's path: the key the theme choice is remembered under. */
  app: string;
  version: string;
  items(): MenuItems;
  rerun(): void;
  /** Sends `clear_cache`; false while the page is not connected. */
  clearCache(): boolean;
  print(): void;
  wide(): boolean;
  setWide(on: boolean): void;
  /** The session's rerun-on-save, or null where it is not offered (not a developer). */
  runOnSave(): boolean | null;
  setRunOnSave(on: boolean): void;
  /** Draw the kernel's markdown HTML into `box` as the page draws a markdown element. */
  markdown(html: string, box: HTMLElement): void;
}

/** The entries the menu shows in `mode`, given the app's `items` (groups between separators). */
export function entries(mode: ToolbarMode, items: MenuItems): string[][] {
  const links = [items.report_bug && "report_bug", items.get_help && "get_help"].filter(Boolean) as string[];
  if (mode === "minimal") return [links, items.about ? ["about"] : []].filter((g) => g.length);
  const groups = [["rerun", "settings"], ["print"], links, ["about"]];
  if (mode === "developer") groups.push(["clear_cache"]);
  return groups.filter((g) => g.length);
}

const LABELS: Record<string, [string, string]> = {
  rerun: ["Rerun", "R"],
  settings: ["Settings", ""],
  print: ["Print", ""],
  report_bug: ["Report a bug", ""],
  get_help: ["Get help", ""],
  about: ["About", ""],
  clear_cache: ["Clear cache", "C"],
};

let open: HTMLElement | null = null;

/** Open the menu under `button` (or close it when it is open). */
export function toggleMenu(button: HTMLElement, host: MenuHost): void {
  if (open) return closeMenu(button, true);
  const items = host.items();
  const menu = h("div", { class: "jr-amenu", role: "menu", id: uid("jr-amenu"), "aria-label": "Main menu" });
  for (const [g, group] of entries(host.mode, items).entries()) {
    if (g) menu.append(h("div", { class: "jr-amenu-sep", role: "separator" }));
    for (const name of group) {
      const [label, key] = LABELS[name];
      const url = name === "report_bug" || name === "get_help" ? items[name] : undefined;
      const kids = [h("span", { text: label }), key ? h("kbd", { class: "jr-amenu-key", text: key }) : null];
      const item = url
        ? h("a", { role: "menuitem", class: "jr-amenu-item", href: url, target: "_blank", rel: "noopener noreferrer", tabindex: "-1" }, ...kids)
        : h("button", { type: "button", role: "menuitem", class: "jr-amenu-item", tabindex: "-1" }, ...kids);
      item.dataset.item = name;
      item.addEventListener("click", () => {
        closeMenu(button, !url && name !== "print");
        if (!url) act(name, button, host);
      });
      menu.append(item);
    }
  }
  const all = (): HTMLElement[] => Array.from(menu.querySelectorAll<HTMLElement>(".jr-amenu-item"));
  menu.addEventListener("keydown", (e) => {
    const list = all();
    const i = list.indexOf(document.activeElement as HTMLElement);
    const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: list.length - 1 }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      closeMenu(button, true);
    } else if (e.key === "Tab") closeMenu(button, false);
  });
  const r = button.getBoundingClientRect();
  menu.style.top = `${r.bottom + 4}px`;
  menu.style.right = `${Math.max(8, document.documentElement.clientWidth - r.right)}px`;
  document.body.append(menu);
  open = menu;
  button.setAttribute("aria-expanded", "true");
  button.setAttribute("aria-controls", menu.id);
  document.addEventListener("pointerdown", outside, true);
  outsideOf = (e: Event) => {
    if (!menu.contains(e.target as Node) && !button.contains(e.target as Node)) closeMenu(button, false);
  };
  all()[0]?.focus();
}

let outsideOf: (e: Event) => void = () => undefined;
const outside = (e: Event): void => outsideOf(e);

function closeMenu(button: HTMLElement, focus: boolean): void {
  open?.remove();
  open = null;
  document.removeEventListener("pointerdown", outside, true);
  button.setAttribute("aria-expanded", "false");
  button.removeAttribute("aria-controls");
  if (focus) button.focus();
}

function act(name: string, button: HTMLElement, host: MenuHost): void {
  if (name === "rerun") host.rerun();
  else if (name === "print") host.print();
  else if (name === "settings") settings(button, host);
  else if (name === "about") about(button, host);
  else if (name === "clear_cache") clearCaches(button, host);
}

/** A modal like `@jr.dialog`'s (its classes): Escape, the ×, or a click outside closes it, and the
 *  focus goes back to `back`. */
function modal(title: string, back: HTMLElement, cls: string, ...body: HTMLElement[]): HTMLDialogElement {
  const head = h("h2", { class: "jr-dlg-title", id: uid("jr-dlg"), text: title });
  const x = h("button", { type: "button", class: "jr-dlg-x jr-lb", "aria-label": "Close", text: "×" });
  const dlg = h(
    "dialog",
    { class: `jr-dialog jr-app-dlg ${cls}`, "aria-labelledby": head.id },
    h("div", { class: "jr-dlg-box" }, h("div", { class: "jr-dlg-head" }, head, x), h("div", { class: "jr-vbox jr-dlg-body" }, ...body)),
  );
  x.addEventListener("click", () => dlg.close());
  dlg.addEventListener("click", (e) => e.target === dlg && dlg.close());
  dlg.addEventListener("close", () => {
    dlg.remove();
    if (back.isConnected) back.focus();
  });
  document.body.append(dlg);
  dlg.showModal();
  return dlg;
}

const check = (label: string, help: string, on: boolean, change: (on: boolean) => void): HTMLElement => {
  const box = h("input", { type: "checkbox", checked: on });
  box.addEventListener("change", () => change(box.checked));
  return h("label", { class: "jr-set-row" }, box, h("span", null, h("span", { class: "jr-set-label", text: label }), h("small", { text: help })));
};

function settings(back: HTMLElement, host: MenuHost): void {
  const parts: HTMLElement[] = [];
  const ros = host.runOnSave();
  if (ros !== null) {
    parts.push(
      h("h3", { class: "jr-set-head", text: "Development" }),
      check("Run on save", "Automatically updates the app when the underlying code is updated.", ros, (on) => host.setRunOnSave(on)),
    );
  }
  const select = h("select", { class: "jr-set-theme", id: uid("jr-theme") });
  const choices: [SchemeChoice, string][] = [["system", "Use system setting"], ["light", "Light"], ["dark", "Dark"]];
  const now = schemeChoice(host.app);
  for (const [value, label] of choices) select.append(h("option", { value, text: label, selected: value === now }));
  select.addEventListener("change", () => chooseScheme(host.app, select.value as SchemeChoice));
  parts.push(
    h("h3", { class: "jr-set-head", text: "Appearance" }),
    check("Wide mode", "Turn on to make this app occupy the entire width of the screen.", host.wide(), (on) => host.setWide(on)),
    h("label", { class: "jr-set-label", for: select.id, text: "Choose app theme, colors and fonts" }),
    select,
  );
  modal("Settings", back, "jr-settings", ...parts);
}

function about(back: HTMLElement, host: MenuHost): void {
  const box = h("div", { class: "jr-about" });
  const text = host.items().about;
  if (text) host.markdown(text, box);
  else box.append(h("p", { text: `Made with jupyter_reactive ${host.version}`.trim() }), h("p", { class: "jr-about-sub", text: "Streamlit's reactive app model on Jupyter kernels." }));
  modal("About", back, "jr-about-dlg", box);
}

/** Streamlit's "Clear caches" confirmation (the menu's Clear cache, the C key). */
export function clearCaches(back: HTMLElement, host: MenuHost): void {
  if (host.mode !== "developer") return;
  const cancel = h("button", { type: "button", class: "jr-btn", text: "Cancel" });
  const go = h("button", { type: "button", class: "jr-btn jr-primary", text: "Clear caches" });
  const dlg = modal(
    "Clear caches",
    back,
    "jr-clear-dlg",
    h("p", { text: "Are you sure you want to clear the app's function caches?" }),
    h("p", { text: "This will remove all cached entries from functions using @st.cache_data and @st.cache_resource." }),
    h("div", { class: "jr-dlg-actions" }, cancel, go),
  );
  cancel.addEventListener("click", () => dlg.close());
  go.addEventListener("click", () => {
    host.clearCache();
    dlg.close();
  });
  go.focus();
}
