// The icon some fields draw inside at the left (text_input, number_input, selectbox): an emoji,
// ":material/name:" or "spinner", drawn by the same iconNode as buttons' icons.

import { iconNode } from "./buttons";

const shown = new WeakMap<HTMLElement, string>();

/** Put `icon` (or none) inside `box`, before its first child; `box` gets `jr-iconed`, which
 *  makes room at the left of the field. Rebuilt only when the icon changes. */
export function setFieldIcon(box: HTMLElement, icon: unknown): void {
  const want = typeof icon === "string" ? icon : "";
  if ((shown.get(box) ?? "") === want) return;
  shown.set(box, want);
  box.querySelector(":scope > .jr-ficon")?.remove();
  const node = iconNode(want);
  box.classList.toggle("jr-iconed", !!node);
  if (node) {
    node.classList.add("jr-ficon");
    box.prepend(node);
  }
}
