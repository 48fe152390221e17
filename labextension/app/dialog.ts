// The modal of `@jr.dialog` (a `dialog` block), built and updated by page.ts. A native <dialog>
// opened with showModal(): the rest of the page is inert (focus stays inside), Escape closes it.
// Closing is the viewer's own (the kernel keeps sending the same element); only a new `opened`
// (a run that called the dialog again) opens it again.

import { iconEl } from "./containers";
import { h, uid } from "./dom";
import type { DialogBlock } from "./schema";

interface Parts {
  dlg: HTMLDialogElement;
  title: HTMLElement;
  x: HTMLButtonElement;
  el: DialogBlock;
}

const parts = new WeakMap<HTMLElement, Parts>();
let dismissed: (id: string) => void = () => undefined;

/** Where a dialog with `on_dismiss` reports that the viewer closed it (the page sends it). */
export function onDismiss(f: (id: string) => void): void {
  dismissed = f;
}

/** Build the dialog into `wrap`; returns the node its children go in. */
export function makeDialog(wrap: HTMLElement, el: DialogBlock): HTMLElement {
  const body = h("div", { class: "jr-vbox jr-dlg-body" });
  const title = h("h2", { class: "jr-dlg-title", id: uid("jr-dlg") });
  const x = h("button", { type: "button", class: "jr-dlg-x jr-lb", "aria-label": "Close", text: "×" });
  const box = h("div", { class: "jr-dlg-box" }, h("div", { class: "jr-dlg-head" }, title, x), body);
  const dlg = h("dialog", { class: "jr-dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": title.id }, box);
  const p: Parts = { dlg, title, x, el };
  let byViewer = false;
  const close = (): void => {
    if (!p.el.dismissible || !dlg.open) return;
    byViewer = true;
    dlg.close();
  };
  x.addEventListener("click", close);
  dlg.addEventListener("cancel", (e) => {
    e.preventDefault(); // Escape: closed by `close`, so a non-dismissible dialog stays
    close();
  });
  // the dialog itself has no padding: a click that lands on it, not its box, hit the backdrop
  dlg.addEventListener("click", (e) => e.target === dlg && close());
  dlg.addEventListener("close", () => {
    if (byViewer && typeof p.el.id === "string") dismissed(p.el.id);
    byViewer = false;
  });
  parts.set(wrap, p);
  wrap.append(dlg);
  return body;
}

/** Apply the element: title, size, position; open it when a run opened it (again). */
export function updateDialog(wrap: HTMLElement, el: DialogBlock, prev: DialogBlock | null): void {
  const p = parts.get(wrap);
  if (!p) return;
  p.el = el;
  const icon = typeof el.icon === "string" && el.icon ? el.icon : "";
  if (p.title.dataset.icon !== icon || p.title.textContent !== String(el.title ?? "")) {
    // the icon (an emoji, ":material/name:" or a spinner) before the title, as Streamlit 1.67's
    p.title.dataset.icon = icon;
    const spin = (): HTMLElement => h("span", { class: "jr-dlg-icon", "aria-hidden": "true" }, h("span", { class: "jr-spin" }));
    const mark = icon === "spinner" ? spin() : icon ? iconEl(icon, "jr-dlg-icon") : null;
    p.title.replaceChildren(...(mark ? [mark] : []), h("span", { text: String(el.title ?? "") }));
  }
  p.x.hidden = !el.dismissible;
  const size = typeof el.width === "number" ? "" : String(el.width);
  p.dlg.className = `jr-dialog jr-dlg-${size || "px"} jr-dlg-${el.position || "center"}`;
  p.dlg.style.width = typeof el.width === "number" && el.width > 0 ? `${el.width}px` : "";
  if (prev && prev.opened === el.opened) return;
  const open = (): void => {
    if (p.dlg.isConnected && !p.dlg.open) p.dlg.showModal();
  };
  if (p.dlg.isConnected) open();
  else queueMicrotask(open);
}
