// The icons chunk (static/chunks/icons.js + icons.css + the Material Symbols font beside them),
// loaded by rich.ts the first time a page shows a `:material/name:` icon. The kernel writes the
// icon's name as the text of a `.jr-icon` span; the font draws it by ligature.

import "../fonts/icons.css";
import { defineChunk } from "../lazy";

defineChunk("icons", { ready: true });
