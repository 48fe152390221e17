// The shortcuts chunk (static/chunks/shortcuts.js), loaded by buttons.ts the first time a page
// draws a button with a `shortcut`: the badge's text and the one keydown listener
// (app/shortcuts.ts), so a page without shortcuts neither loads nor runs them.

import { defineChunk } from "../lazy";
import { bindShortcut, shortcutLabel } from "../shortcuts";

export interface ShortcutsApi {
  /** Show `shortcut` in `badge` and let it press `target`. */
  attach(target: HTMLElement, badge: HTMLElement, shortcut: string): void;
}

function attach(target: HTMLElement, badge: HTMLElement, shortcut: string): void {
  const keys = shortcutLabel(shortcut);
  badge.textContent = keys;
  badge.setAttribute("aria-label", `Shortcut ${keys}`);
  badge.hidden = !keys;
  bindShortcut(target, shortcut);
}

defineChunk("shortcuts", { attach } satisfies ShortcutsApi);
