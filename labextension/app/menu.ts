// The app menu (the header's ⋮), laid out as Streamlit 1.67's, and its dialogs: About and Clear
// caches. A lazy chunk (chunks/menu.ts): a page loads it the first time the viewer opens the menu
// or presses C, so the first paint carries only the button (index.ts).
//
// What the menu offers follows the page's toolbar mode (config.toml's `client.toolbarMode`, as
// the server resolved it): every mode has the theme (System / Light / Dark) and Wide mode;
// "developer" adds Rerun, Auto rerun and Clear cache; "developer" and "viewer" have Print; About
// and the app's links come from `set_page_config`'s `menu_items`.

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

interface Item {
  key: string;
  label: string;
  /** "radio": a theme (stays open, checked); "toggle": a setting (stays open); "link"; "action". */
  type: "radio" | "toggle" | "link" | "action";
  shortcut?: string;
  checked?: boolean;
  icon?: string;
  href?: string;
  run?: () => void;
}

const THEMES: [SchemeChoice, string, string][] = [
  ["system", "System", "◐"],
  ["light", "Light", "☀"],
  ["dark", "Dark", "☾"],
];

/** The menu's sections, as Streamlit 1.67 orders them: the theme; a developer's Rerun and Auto
 *  rerun; a developer's Clear cache; Print and About; the app's links. "minimal": the theme, then
 *  only what `menu_items` give. Wide mode (not in 1.67's menu) follows the theme. */
export function sections(host: MenuHost, back: HTMLElement): Item[][] {
  const items = host.items();
  const theme = schemeChoice(host.app);
  const look: Item[] = THEMES.map(([key, label, icon]) => ({ key: `theme-${key}`, label, icon, type: "radio", checked: theme === key, run: () => chooseScheme(host.app, key) }));
  look.push({ key: "wide", label: "Wide mode", type: "toggle", checked: host.wide(), run: () => host.setWide(!host.wide()) });
  const links: Item[] = [];
  // the kernel let only these through; the page checks again before making a link of one
  const safe = (url: unknown): url is string => typeof url === "string" && /^(https?:\/\/|mailto:)/i.test(url);
  if (safe(items.report_bug)) links.push({ key: "report", label: "Report a bug", type: "link", href: items.report_bug });
  if (safe(items.get_help)) links.push({ key: "help", label: "Get help", type: "link", href: items.get_help });
  const about: Item[] = items.about ? [{ key: "about", label: "About", type: "action", run: () => aboutDialog(back, host) }] : [];
  if (host.mode === "minimal") return [look, [...links, ...about]].filter((g) => g.length);
  const dev: Item[][] = [];
  if (host.mode === "developer") {
    const rerun: Item[] = [{ key: "rerun", label: "Rerun", type: "action", shortcut: "R", run: () => host.rerun() }];
    const ros = host.runOnSave();
    if (ros !== null) rerun.push({ key: "auto_rerun", label: "Auto rerun", type: "toggle", checked: ros, run: () => host.setRunOnSave(!ros) });
    dev.push(rerun, [{ key: "clear_cache", label: "Clear cache", type: "action", shortcut: "C", run: () => clearCaches(back, host) }]);
  }
  return [look, ...dev, [{ key: "print", label: "Print", type: "action" as const, run: () => host.print() }, ...about], links].filter((g) => g.length);
}

let open: HTMLElement | null = null;

/** Open the menu under `button` (or close it when it is open). */
export function toggleMenu(button: HTMLElement, host: MenuHost): void {
  if (open) return closeMenu(button, true);
  const menu = h("div", { class: "jr-amenu", role: "menu", id: uid("jr-amenu"), "aria-label": "Main menu" });
  const draw = (focus: string | null): void => {
    menu.replaceChildren();
    for (const [g, group] of sections(host, button).entries()) {
      if (g) menu.append(h("div", { class: "jr-amenu-sep", role: "separator" }));
      for (const it of group) {
        const kids = [
          it.icon ? h("span", { class: "jr-amenu-icon", "aria-hidden": "true", text: it.icon }) : null,
          h("span", { class: "jr-amenu-label", text: it.label }),
          it.shortcut ? h("kbd", { class: "jr-amenu-key", text: it.shortcut }) : null,
          it.type === "toggle" ? h("span", { class: "jr-amenu-switch", "aria-hidden": "true" }) : null,
        ];
        const role = it.type === "radio" ? "menuitemradio" : it.type === "toggle" ? "menuitemcheckbox" : "menuitem";
        const checked = it.type === "radio" || it.type === "toggle" ? String(!!it.checked) : null;
        const el = it.href
          ? h("a", { role, class: "jr-amenu-item", href: it.href, target: "_blank", rel: "noopener noreferrer", tabindex: "-1" }, ...kids)
          : h("button", { type: "button", role, class: `jr-amenu-item jr-amenu-${it.type}`, tabindex: "-1", "aria-checked": checked }, ...kids);
        el.dataset.key = it.key;
        el.addEventListener("click", () => {
          if (it.type === "radio" || it.type === "toggle") {
            it.run?.(); // a setting: the menu stays, redrawn with it
            draw(it.key);
            return;
          }
          closeMenu(button, it.type === "action" && it.key !== "print");
          it.run?.();
        });
        // the themes side by side, as Streamlit's segmented row
        if (it.type === "radio") {
          if (!(menu.lastElementChild instanceof HTMLDivElement && menu.lastElementChild.classList.contains("jr-amenu-themes"))) {
            menu.append(h("div", { class: "jr-amenu-themes", role: "group", "aria-label": "Theme" }));
          }
          (menu.lastElementChild as HTMLElement).append(el);
        } else menu.append(el);
      }
    }
    menu.append(h("div", { class: "jr-amenu-foot", text: `Made with jupyter_reactive ${host.version ? "v" + host.version : ""}`.trim() }));
    const list = all();
    (list.find((e) => e.dataset.key === focus) ?? list[0])?.focus();
  };
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
  draw(null);
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

function aboutDialog(back: HTMLElement, host: MenuHost): void {
  const box = h("div", { class: "jr-about" });
  host.markdown(host.items().about || "", box);
  modal("About", back, "jr-about-dlg", box);
}

/** Streamlit's "Clear caches" confirmation (the menu's Clear cache, the C key). */
export function clearCaches(back: HTMLElement, host: MenuHost): void {
  if (host.mode !== "developer") return;
  const cancel = h("button", { type: "button", class: "jr-btn jr-tertiary", text: "Cancel" });
  const go = h("button", { type: "button", class: "jr-btn", text: "Clear caches" });
  const dlg = modal(
    "Clear caches",
    back,
    "jr-clear-dlg",
    h(
      "p",
      null,
      h("strong", { text: "Are you sure you want to clear the app's function caches?" }),
      h("br"),
      "This will remove all cached entries from functions using ",
      h("code", { text: "@jr.cache_data" }),
      " and ",
      h("code", { text: "@jr.cache_resource" }),
      ".",
    ),
    h("div", { class: "jr-dlg-actions" }, cancel, go),
  );
  cancel.addEventListener("click", () => dlg.close());
  go.addEventListener("click", () => {
    host.clearCache();
    dlg.close();
  });
  cancel.focus(); // as Streamlit's: Enter cancels
}
