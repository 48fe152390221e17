// Popovers, status containers and the extras of plain containers (a key's class, an expander's
// icon): page.ts builds the blocks with the box makers here and calls updateBox on each change.
// Toasts, balloons and snow and `help` are drawn by the `notices` chunk (chunks/notices.ts),
// loaded the first time a page shows one; render.ts calls the stubs at the end of this file.

import { attr, h, uid } from "./dom";
import { loadChunk } from "./lazy";
import type { BlockEl, CelebrationEl, HelpEl, PopoverBlock, StatusBlock, ToastEl } from "./protocol";
import { enhance } from "./rich";
import type { NoticesApi } from "./chunks/notices";

const str = (v: unknown): string => (v == null ? "" : String(v));

/** An emoji, or ":material/name:" drawn with the icon font (as in markdown). */
export function iconEl(icon: string, cls: string): HTMLElement {
  const m = /^:material\/([a-z0-9_]+):$/.exec(icon);
  const span = h("span", { class: cls, "aria-hidden": "true" }, m ? h("span", { class: "jr-icon", text: m[1] }) : icon);
  enhance(span);
  return span;
}

/** Inline HTML the kernel rendered from markdown (safe by construction), into `e`. */
function setHtml(e: HTMLElement, html: string): void {
  if (e.innerHTML !== html) {
    e.innerHTML = html;
    enhance(e);
  }
}

// -- popover ------------------------------------------------------------------------------------

interface PopoverView {
  button: HTMLButtonElement;
  panel: HTMLElement;
  /** Open or close the panel as the script says (not reported back). */
  show: (open: boolean) => void;
  /** With on_change tracking: the widget id the viewer's opening and closing is reported under. */
  id?: string;
}

let popoverToggled: (id: string, open: boolean) => void = () => undefined;

/** Where a popover that tracks its state reports the viewer opening or closing it. */
export function onPopoverToggle(f: (id: string, open: boolean) => void): void {
  popoverToggled = f;
}
const popovers = new WeakMap<HTMLElement, PopoverView>();

/** The popover's button and its floating panel (its children's box). */
export function popoverBox(wrap: HTMLElement): HTMLElement {
  const panel = h("div", { class: "jr-vbox jr-pop-panel", role: "dialog", id: uid("jr-pop"), hidden: true });
  const button = h("button", {
    type: "button",
    class: "jr-btn jr-pop-btn",
    "aria-haspopup": "dialog",
    "aria-expanded": "false",
    "aria-controls": panel.id,
  });
  // The panel is `position: fixed` next to its button, so no scrolling or clipping container
  // (the sidebar, a fixed-height container) cuts it off; it follows the button while open.
  const place = (): void => {
    const r = button.getBoundingClientRect();
    const width = panel.offsetWidth;
    const left = r.left + width > window.innerWidth - 8 ? Math.max(8, r.right - width) : r.left;
    panel.style.left = left + "px";
    panel.style.top = r.bottom + 4 + "px";
  };
  const listen = (on: boolean): void => {
    const f = on ? document.addEventListener.bind(document) : document.removeEventListener.bind(document);
    f("pointerdown", outside as EventListener, true);
    f("keydown", escape as EventListener, true);
    f("scroll", place, true);
    (on ? window.addEventListener : window.removeEventListener)("resize", place);
  };
  const report = (open: boolean): void => {
    const id = popovers.get(wrap)?.id;
    if (id) popoverToggled(id, open);
  };
  const open = (): void => {
    if (!panel.hidden) return;
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    listen(true);
    place();
  };
  const shut = (): boolean => {
    if (panel.hidden) return false;
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    listen(false);
    return true;
  };
  const close = (focus: boolean): void => {
    if (!shut()) return;
    if (focus) button.focus();
    report(false);
  };
  const outside = (e: Event): void => {
    if (!wrap.isConnected || !wrap.contains(e.target as Node)) close(false);
  };
  const escape = (e: KeyboardEvent): void => {
    if (e.key === "Escape") {
      e.preventDefault();
      close(true);
    }
  };
  button.addEventListener("click", () => {
    if (!panel.hidden) return close(false);
    open();
    report(true);
  });
  wrap.append(h("div", { class: "jr-pop" }, button, panel));
  popovers.set(wrap, { button, panel, show: (on) => (on ? open() : shut()) });
  return panel;
}

function updatePopover(wrap: HTMLElement, el: PopoverBlock, prev: BlockEl | null): void {
  const v = popovers.get(wrap);
  if (!v) return;
  v.id = el.id;
  // a tracked state the script set (session_state): on first draw and when it changes
  const was = prev?.layout === "popover" ? prev.open : undefined;
  if (typeof el.open === "boolean" && (!prev || was !== el.open)) v.show(el.open);
  const label = h("span", { class: "jr-pop-label" });
  setHtml(label, str(el.label));
  v.button.replaceChildren(...(el.icon ? [iconEl(el.icon, "jr-btn-icon")] : []), label, h("span", { class: "jr-pop-caret", "aria-hidden": "true" }));
  v.button.disabled = el.disabled === true;
  v.button.classList.toggle("jr-primary", el.type === "primary");
  v.button.classList.toggle("jr-tertiary", el.type === "tertiary");
  wrap.classList.toggle("jr-full", el.use_container_width === true);
  attr(v.button, "title", el.help || null);
  v.panel.setAttribute("aria-label", label.textContent || "popover");
}

// -- status -------------------------------------------------------------------------------------


interface StatusView {
  details: HTMLDetailsElement;
  icon: HTMLElement;
  label: HTMLElement;
}
const statuses = new WeakMap<HTMLElement, StatusView>();

/** A status: an expander whose summary starts with its state's icon. */
export function statusBox(wrap: HTMLElement, el: StatusBlock): HTMLElement {
  const body = h("div", { class: "jr-vbox jr-exp-body" });
  const icon = h("span", { class: "jr-st-icon", role: "img" });
  const label = h("span", { class: "jr-st-label" });
  const details = h("details", { class: "jr-expander jr-stbox", open: !!el.expanded }, h("summary", null, icon, label), body);
  wrap.append(details);
  statuses.set(wrap, { details, icon, label });
  return body;
}

function updateStatus(wrap: HTMLElement, el: StatusBlock, prev: BlockEl | null): void {
  const v = statuses.get(wrap);
  if (!v) return;
  setHtml(v.label, str(el.label));
  const state = ["running", "complete", "error"].includes(el.state) ? el.state : "running";
  const step = el.type === "step";
  if (v.icon.dataset.state !== state + step) {
    v.icon.dataset.state = state + step;
    v.icon.setAttribute("aria-label", state);
    // a spinner while running; the check and the error mark are drawn by CSS, or as a step
    // (Streamlit 1.67) the Material icons check_circle and error
    v.icon.className = "jr-st-icon " + (step && state !== "running" ? "jr-st-stepicon" : "jr-st-" + state);
    const glyph = state === "complete" ? "check_circle" : "error";
    v.icon.replaceChildren(
      state === "running" ? h("span", { class: "jr-spin" }) : step ? h("span", { class: "jr-icon", text: glyph }) : "",
    );
    enhance(v.icon);
  }
  expandableType(wrap, el.type);
  // open or close only when the script changes `expanded`: otherwise the viewer's choice stays
  const was = prev?.layout === "status" ? prev.expanded : undefined;
  if (!prev || !!was !== !!el.expanded) v.details.open = !!el.expanded;
}

/** Called by page.ts for every block when it is built or changes. */
export function updateBox(wrap: HTMLElement, el: BlockEl, prev: BlockEl | null): void {
  if (el.layout === "popover") updatePopover(wrap, el, prev);
  else if (el.layout === "status") updateStatus(wrap, el, prev);
  else if (el.layout === "grid" && el.key) wrap.classList.add("st-key-" + el.key);
  else if (el.layout === "vertical") {
    if (el.key) wrap.classList.add("st-key-" + el.key);
    autoscroll(wrap, typeof el.height === "number" && el.height > 0 ? el.autoscroll : false);
  }
  else if (el.layout === "expander") {
    const summary = wrap.querySelector(":scope > details > summary");
    const text = summary?.querySelector(":scope > .jr-exp-label");
    if (text && typeof el.label_html === "string") setHtml(text as HTMLElement, el.label_html);
    expandableType(wrap, el.type);
    // a step without an icon shows a faded circle, as Streamlit 1.67's does
    const icon = el.icon || (el.type === "step" ? ":material/circle:" : null);
    const old = summary?.querySelector(":scope > .jr-exp-icon");
    if (old?.getAttribute("data-icon") !== icon) {
      old?.remove();
      if (summary && icon) {
        const i = iconEl(icon, el.icon ? "jr-exp-icon" : "jr-exp-icon jr-faded");
        i.setAttribute("data-icon", icon);
        summary.prepend(i);
      }
    }
  }
}

/** An expander's or status's `type`: "compact" (a small inline toggle) or "step" (a timeline
 *  step; style.css joins consecutive steps with a line) as classes of its block. */
function expandableType(wrap: HTMLElement, type: unknown): void {
  wrap.classList.toggle("jr-xt-compact", type === "compact");
  wrap.classList.toggle("jr-xt-step", type === "step");
}

// -- autoscroll -----------------------------------------------------------------------------------

interface Scroller {
  mode: boolean | undefined;
  /** the viewer is at the bottom (or has not scrolled): new content keeps the view there */
  stuck: boolean;
  observer: MutationObserver;
}
const scrollers = new WeakMap<HTMLElement, Scroller>();

/** A fixed-height container's `autoscroll` (Streamlit 1.67): true keeps its view at the bottom
 *  as content is added, unless the viewer scrolled up (then it stays where they left it until
 *  they scroll back down); undefined does so only while it holds chat messages; false never. */
function autoscroll(box: HTMLElement, mode: boolean | undefined): void {
  let s = scrollers.get(box);
  if (mode === false) {
    s?.observer.disconnect();
    scrollers.delete(box);
    return;
  }
  const follow = (): void => {
    const t = scrollers.get(box);
    if (!t || !t.stuck) return;
    if (t.mode === true || box.querySelector(".jr-b-chat_message")) box.scrollTop = box.scrollHeight;
  };
  if (!s) {
    s = { mode, stuck: true, observer: new MutationObserver(follow) };
    s.observer.observe(box, { childList: true, subtree: true, characterData: true });
    box.addEventListener("scroll", () => {
      const t = scrollers.get(box);
      if (t) t.stuck = box.scrollHeight - box.scrollTop - box.clientHeight < 30;
    });
    scrollers.set(box, s);
  }
  s.mode = mode;
  requestAnimationFrame(follow); // once laid out: the content already there
}

// -- leaves drawn by the notices chunk -----------------------------------------------------------

function notices(wrap: HTMLElement, draw: (api: NoticesApi) => void): void {
  loadChunk<NoticesApi>("notices", { css: true }).then(draw, () => {
    wrap.style.display = "block"; // toasts and celebrations are hidden in the flow: show the error
    wrap.append(h("div", { class: "jr-unsupported", text: "could not load the notices renderer" }));
  });
}

export const toast = (el: ToastEl, wrap: HTMLElement): void => notices(wrap, (api) => api.toast(el, wrap, { iconEl, enhance }));
export const celebrate = (el: CelebrationEl, wrap: HTMLElement): void => notices(wrap, (api) => api.celebrate(el));
export const help = (el: HelpEl, wrap: HTMLElement): void => notices(wrap, (api) => api.help(el, wrap));
