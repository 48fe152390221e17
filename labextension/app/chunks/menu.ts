// The app menu chunk (static/chunks/menu.js + menu.css): the header's ⋮ menu and its Settings,
// About and Clear caches dialogs (../menu.ts), loaded the first time the viewer opens the menu
// or presses C, so a page's first paint carries only the button.

import "./menu.css";
import { clearCaches, toggleMenu } from "../menu";
import { defineChunk } from "../lazy";

export type MenuApi = { toggleMenu: typeof toggleMenu; clearCaches: typeof clearCaches };

defineChunk("menu", { toggleMenu, clearCaches } satisfies MenuApi);
