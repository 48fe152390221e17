// The icons chunk (static/chunks/icons.js + icons.css + the Material Symbols font beside them),
// loaded by rich.ts the first time a page shows a `:material/name:` icon. The kernel writes the
// icon's name as the text of a `.jr-icon` span; the font draws it by ligature.

import "../fonts/icons.css";
import { defineChunk } from "../lazy";

/** A Material Symbols icon drawn into a PNG data URL (a `:material/name:` page icon for the tab),
 *  or "" when the font cannot be had. */
async function drawIcon(name: string): Promise<string> {
  const font = '56px "Material Symbols Rounded"';
  await document.fonts.load(font, name);
  if (!document.fonts.check(font, name)) return "";
  const c = document.createElement("canvas");
  c.width = c.height = 64;
  const g = c.getContext("2d");
  if (!g) return "";
  g.font = font;
  g.fillStyle = "#000"; // as Streamlit's tab icon (Google's Material Symbols SVG, unfilled: black) on any theme
  g.textAlign = "center";
  g.textBaseline = "middle";
  g.fillText(name, 32, 32); // the font's ligature draws the name as its icon
  return c.toDataURL("image/png");
}

export interface IconsApi {
  drawIcon(name: string): Promise<string>;
}

defineChunk("icons", { drawIcon } satisfies IconsApi);
