// Buttons' keyboard shortcuts (`shortcut=`), as Streamlit 1.67 handles them.
//
// The kernel sends a shortcut normalized ("ctrl+shift+k": modifiers in the order ctrl, cmd, alt,
// shift, then one key). A button that has one carries it in `data-jr-shortcut`; one keydown
// listener on the document, installed when the first such button is drawn (this module is the
// shortcuts chunk's, chunks/shortcuts.ts: a page without shortcuts neither loads nor runs it),
// looks for every button whose combination was pressed and clicks it, so a shortcut
// does exactly what a click does (a download downloads, a link opens, a submit submits its
// form). As in Streamlit:
// - ctrl and cmd both mean the platform's primary modifier (⌘ on a Mac, Ctrl elsewhere), and
//   the modifiers pressed must be exactly the shortcut's;
// - in a text field (an input, textarea, select or contenteditable) a shortcut fires only with
//   Ctrl/Cmd/Alt, or when its key is Esc, or Shift with a function key: plain letters, digits,
//   Space, Tab, Enter and the editing keys stay the field's;
// - a disabled button does not fire; several buttons with one shortcut all fire, in page order.

const MAC = /Mac/i.test(typeof navigator === "undefined" ? "" : navigator.platform || "");

/** The named keys: their `KeyboardEvent.key` and how the button shows them. */
const NAMED: Record<string, [string, string]> = {
  enter: ["Enter", "Enter"],
  space: [" ", "Space"],
  tab: ["Tab", "Tab"],
  escape: ["Escape", "Esc"],
  backspace: ["Backspace", "Backspace"],
  delete: ["Delete", "Delete"],
  home: ["Home", "Home"],
  end: ["End", "End"],
  pageup: ["PageUp", "PageUp"],
  pagedown: ["PageDown", "PageDown"],
  left: ["ArrowLeft", "←"],
  right: ["ArrowRight", "→"],
  up: ["ArrowUp", "↑"],
  down: ["ArrowDown", "↓"],
};
/** Keys a text field keeps for itself unless a system modifier comes with them. */
const EDITING = new Set(["space", "tab", "enter", "left", "right", "up", "down", "home", "end", "pageup", "pagedown", "backspace", "delete"]);

interface Parsed {
  key: string;
  ctrl: boolean; // ctrl or cmd: the platform's primary modifier
  alt: boolean;
  shift: boolean;
}

const parsedCache = new Map<string, Parsed | null>();

/** A normalized shortcut's parts, or null for one the page cannot use (the kernel sends only
 *  valid ones: anything else is ignored). */
export function parseShortcut(shortcut: unknown): Parsed | null {
  if (typeof shortcut !== "string" || shortcut.length > 64) return null;
  const known = parsedCache.get(shortcut);
  if (known !== undefined) return known;
  const tokens = shortcut.split("+").map((t) => t.trim().toLowerCase()).filter(Boolean);
  const p: Parsed = { key: "", ctrl: false, alt: false, shift: false };
  let ok = tokens.length > 0;
  for (const t of tokens) {
    if (t === "ctrl" || t === "cmd" || t === "mod") p.ctrl = true;
    else if (t === "alt") p.alt = true;
    else if (t === "shift") p.shift = true;
    else if (!p.key && (NAMED[t] || /^f\d{1,2}$/.test(t) || /^[\p{L}\p{N}]$/u.test(t))) p.key = t;
    else ok = false;
  }
  const out = ok && p.key ? p : null;
  if (parsedCache.size < 256) parsedCache.set(shortcut, out);
  return out;
}

/** How Streamlit shows a shortcut on its button: "Ctrl + Shift + K", "⌘ + ⌥ + K" on a Mac. */
export function shortcutLabel(shortcut: unknown, mac = MAC): string {
  const p = parseShortcut(shortcut);
  if (!p) return "";
  const parts: string[] = [];
  if (p.ctrl) parts.push(mac ? "⌘" : "Ctrl");
  if (p.alt) parts.push(mac ? "⌥" : "Alt");
  if (p.shift) parts.push("Shift");
  parts.push(NAMED[p.key]?.[1] ?? p.key.toUpperCase());
  return parts.join(" + ");
}

function keyMatches(p: Parsed, e: KeyboardEvent): boolean {
  const named = NAMED[p.key];
  if (named) return e.key === named[0];
  if (/^f\d+$/.test(p.key)) return e.key.toLowerCase() === p.key;
  // a letter or digit by its key code, which Alt or Shift do not change (Alt+K is "˚" on a Mac)
  if (/^[a-z0-9]$/.test(p.key)) return e.keyCode === p.key.toUpperCase().charCodeAt(0);
  return e.key.toLowerCase() === p.key;
}

function pressed(p: Parsed, e: KeyboardEvent): boolean {
  const primary = MAC ? e.metaKey : e.ctrlKey;
  const other = MAC ? e.ctrlKey : e.metaKey;
  return primary === p.ctrl && !other && e.altKey === p.alt && e.shiftKey === p.shift && keyMatches(p, e);
}

function inTextField(e: KeyboardEvent): boolean {
  for (const t of e.composedPath()) {
    if (!(t instanceof HTMLElement)) continue;
    if (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable) return true;
  }
  return false;
}

/** In a text field: does this shortcut still fire (Streamlit's rule, see the top)? */
function firesWhileTyping(p: Parsed, e: KeyboardEvent): boolean {
  if (p.ctrl || p.alt) return true;
  if (p.key === "escape") return true;
  if (/^[a-z0-9]$/i.test(p.key) || EDITING.has(p.key)) return false;
  // other keys (function keys, other letters): only with Shift, as Streamlit's filter lets through
  return e.shiftKey && e.key.length > 1 && !/^[a-z0-9]$/i.test(e.key);
}

function disabled(el: HTMLElement): boolean {
  return (el as HTMLButtonElement).disabled === true || el.getAttribute("aria-disabled") === "true" || el.classList.contains("jr-disabled");
}

function onKeyDown(e: KeyboardEvent): void {
  if (e.isComposing || e.keyCode === 229 || ["Control", "Meta", "Alt", "Shift"].includes(e.key)) return;
  const typing = inTextField(e);
  let fired = false;
  for (const el of document.querySelectorAll<HTMLElement>("[data-jr-shortcut]")) {
    const p = parseShortcut(el.dataset.jrShortcut);
    if (!p || !pressed(p, e) || disabled(el) || (typing && !firesWhileTyping(p, e))) continue;
    fired = true;
    el.click();
  }
  if (fired) e.preventDefault();
}

let listening = false;

/** Give a button its shortcut (or take it away): the element clicked when it is pressed. */
export function bindShortcut(el: HTMLElement, shortcut: unknown): void {
  const usable = parseShortcut(shortcut) ? (shortcut as string) : null;
  if (!usable) {
    if (el.dataset.jrShortcut !== undefined) delete el.dataset.jrShortcut;
    return;
  }
  if (el.dataset.jrShortcut !== usable) el.dataset.jrShortcut = usable;
  if (!listening) {
    listening = true;
    document.addEventListener("keydown", onKeyDown);
  }
}
