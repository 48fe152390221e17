// The notices chunk (static/chunks/notices.js + notices.css): the app's toasts (stacked at the
// top right), balloons and snow, and `jr.help`'s panel. Loaded by containers.ts the first time a
// page shows one of them, so a page without them loads none of this.

import "./notices.css";
import { h } from "../dom";
import { defineChunk } from "../lazy";
import type { CelebrationEl, HelpEl, ToastEl } from "../protocol";

/** What the chunk takes from app.js (so the lazy loader and the icon font load once). */
export interface NoticesUi {
  iconEl(icon: string, cls: string): HTMLElement;
  enhance(root: HTMLElement): void;
}

const str = (v: unknown): string => (v == null ? "" : String(v));

// -- toasts -------------------------------------------------------------------------------------

interface ToastView {
  box: HTMLElement;
  timer: number;
}
const toasts = new WeakMap<HTMLElement, ToastView>();
let stack: HTMLElement | null = null;

/** A toast element: shown at the top right when it arrives; an element that replaces a toast
 *  still on screen (the handle's `.toast()`) updates it. */
function toast(el: ToastEl, wrap: HTMLElement, ui: NoticesUi): void {
  if (!stack || !stack.isConnected) {
    stack = h("div", { class: "jr-atoasts", role: "region", "aria-label": "Notifications" });
    document.body.append(stack);
  }
  let v = toasts.get(wrap);
  if (!v || !v.box.isConnected) {
    const box = h("div", { class: "jr-atoast", role: "status" });
    v = { box, timer: 0 };
    const view = v;
    box.addEventListener("mouseenter", () => clearTimeout(view.timer));
    box.addEventListener("mouseleave", () => arm(view, Number(box.dataset.ms)));
    stack.prepend(box);
    toasts.set(wrap, v);
  }
  const body = h("div", { class: "jr-atoast-body" });
  body.innerHTML = str(el.html); // inline markdown the kernel rendered: safe by construction
  ui.enhance(body);
  const close = h("button", { type: "button", class: "jr-lb jr-atoast-x", "aria-label": "Close", text: "×" });
  const box = v.box;
  close.addEventListener("click", () => box.remove());
  box.replaceChildren(...(el.icon ? [ui.iconEl(el.icon, "jr-atoast-icon")] : []), body, close);
  const ms = typeof el.duration === "number" && el.duration > 0 ? el.duration * 1000 : 0;
  box.dataset.ms = String(ms);
  arm(v, ms);
}

function arm(v: ToastView, ms: number): void {
  clearTimeout(v.timer);
  if (ms > 0) v.timer = window.setTimeout(() => v.box.remove(), ms);
}

// -- balloons and snow --------------------------------------------------------------------------

const COLORS = ["#ff4b4b", "#ffa421", "#21c354", "#1c83e1", "#803df5", "#ffe312"];

/** A few seconds of balloons rising (or snow falling) over the page, then nothing left. */
function celebrate(el: CelebrationEl): void {
  const snow = el.effect === "snow";
  const layer = h("div", { class: "jr-celebrate jr-cel-" + (snow ? "snow" : "balloons"), "aria-hidden": "true" });
  const n = snow ? 60 : 30;
  for (let i = 0; i < n; i++) {
    const p = h("span", { class: snow ? "jr-flake" : "jr-balloon", text: snow ? "❄" : "" });
    p.style.left = (Math.random() * 100).toFixed(1) + "%";
    p.style.animationDelay = (Math.random() * 1.2).toFixed(2) + "s";
    p.style.animationDuration = (2.2 + Math.random() * 1.6).toFixed(2) + "s";
    if (snow) p.style.fontSize = (0.8 + Math.random() * 1.2).toFixed(2) + "rem";
    else p.style.setProperty("--c", COLORS[i % COLORS.length]);
    layer.append(p);
  }
  document.body.append(layer);
  setTimeout(() => layer.remove(), 5200);
}

// -- help ---------------------------------------------------------------------------------------

/** `jr.help(obj)`: name, type, signature or value, docstring, members. */
function help(el: HelpEl, wrap: HTMLElement): void {
  const members = Array.isArray(el.members) ? el.members : [];
  const rows = members.map((m) =>
    h(
      "tr",
      null,
      h("th", { scope: "row" }, h("code", { text: str(m.name) })),
      h("td", { class: "jr-hp-type", text: str(m.type) }),
      h("td", null, h("code", { class: "jr-hp-val", text: str(m.value) }), m.doc ? h("div", { class: "jr-hp-doc", text: str(m.doc) }) : null),
    ),
  );
  wrap.append(
    h(
      "div",
      { class: "jr-hp", role: "group", "aria-label": "Help: " + (str(el.name) || str(el.type)) },
      h("div", { class: "jr-hp-head" }, el.name ? h("code", { class: "jr-hp-name", text: str(el.name) }) : null, h("span", { class: "jr-hp-type", text: str(el.type) })),
      h("pre", { class: "jr-hp-sig", text: str(el.value) }),
      el.doc ? h("div", { class: "jr-hp-doc", text: str(el.doc) }) : null,
      rows.length ? h("table", { class: "jr-hp-members" }, h("tbody", null, ...rows)) : null,
    ),
  );
}

const api = { toast, celebrate, help };
export type NoticesApi = typeof api;
defineChunk("notices", api);
