// Tiny DOM helpers (no framework).

type Child = Node | string | null | undefined | false;
type Props = Record<string, unknown>;

/**
 * Create an element. Props: `class` → className, `text` → textContent, `on*` functions →
 * listeners, `style` string, anything else → attribute (skipped when null/undefined/false,
 * empty attribute when true).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...kids: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props) {
    for (const k in props) {
      const v = props[k];
      if (v == null || v === false) continue;
      if (k === "class") e.className = String(v);
      else if (k === "text") e.textContent = String(v);
      else if (k.startsWith("on") && typeof v === "function") e.addEventListener(k.slice(2), v as EventListener);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
  }
  for (const c of kids) if (c != null && c !== false) e.append(c);
  return e;
}

/** Set or remove an attribute (null/false removes). */
export function attr(e: Element, name: string, v: unknown): void {
  if (v == null || v === false) e.removeAttribute(name);
  else {
    const s = v === true ? "" : String(v);
    // an attribute set to the value it has is still a DOM mutation and a style invalidation
    if (e.getAttribute(name) !== s) e.setAttribute(name, s);
  }
}

/** Set a style property (a custom one too) only if it changed; "" or null removes it. */
export function setStyle(e: HTMLElement, name: string, v: string | null): void {
  if (e.style.getPropertyValue(name) === (v || "")) return;
  if (v) e.style.setProperty(name, v);
  else e.style.removeProperty(name);
}

/** Set text only if it changed (avoids needless layout and keeps selections). */
export function setText(e: Node, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

let seq = 0;
/** A unique DOM id. */
export const uid = (p = "jr"): string => `${p}-${++seq}`;

/** Is the focus in a place where typing text goes (so keyboard shortcuts must not fire)? */
export function isTextField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  if (t instanceof HTMLInputElement) {
    return !["range", "checkbox", "radio", "button", "submit", "reset", "color", "file", "image"].includes(t.type);
  }
  return false;
}
