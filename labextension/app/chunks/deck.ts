// The deck chunk: draws `jr.map` / `jr.pydeck_chart` specs (pydeck's deck.gl JSON) with deck.gl.
// Runs in the page; loaded by app/geo.ts the first time a deck element appears.
//
// There is no basemap: tiles come from the internet and the page must work offline, so layers
// are drawn on a plain background and the renderer says so in a note when the spec asked for
// tiles.

import { COORDINATE_SYSTEM, Deck, FirstPersonView, MapView, OrbitView, OrthographicView } from "@deck.gl/core";
import * as layers from "@deck.gl/layers";
import * as aggregation from "@deck.gl/aggregation-layers";
import { JSONConfiguration, JSONConverter } from "@deck.gl/json";
import { defineChunk } from "../lazy";
import type { DeckDrawer } from "../geo";
import type { DeckSelection, PydeckSelectEl } from "../schema";

type Json = Record<string, unknown>;

const classes = {
  ...(layers as unknown as Json),
  ...(aggregation as unknown as Json),
  MapView,
  OrbitView,
  OrthographicView,
  FirstPersonView,
} as unknown as Record<string, new (props: Json) => unknown>;

const converter = new JSONConverter({
  configuration: new JSONConfiguration({ classes, enumerations: { COORDINATE_SYSTEM } }),
});

// decks still on the page; one whose host left the page is finalized (its WebGL context freed)
const live = new Set<{ host: HTMLElement; deck: Deck }>();

function sweep(): void {
  for (const d of live) {
    if (!d.host.isConnected) {
      d.deck.finalize();
      live.delete(d);
    }
  }
}

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

function field(obj: Json, name: string): unknown {
  if (name in obj) return obj[name];
  const props = obj.properties as Json | undefined; // GeoJSON features
  return props && typeof props === "object" ? props[name] : undefined;
}

/** pydeck's tooltip: `{field}` placeholders filled from the hovered object (escaped in html). */
function tooltipFor(tip: unknown): ((info: { object?: unknown }) => unknown) | undefined {
  if (!tip) return undefined;
  return ({ object }) => {
    if (!object || typeof object !== "object") return null;
    const obj = object as Json;
    if (tip === true) {
      return { text: Object.entries(obj).filter(([k]) => !k.startsWith("__")).map(([k, v]) => `${k}: ${String(v)}`).join("\n") };
    }
    const t = tip as Json;
    const fill = (tpl: string, html: boolean): string =>
      tpl.replace(/\{([^{}]+)\}/g, (m, name: string) => {
        const v = field(obj, name.trim());
        if (v === undefined) return m;
        const s = typeof v === "object" ? JSON.stringify(v) : String(v);
        return html ? esc(s) : s;
      });
    const out: Json = {};
    if (typeof t.html === "string") out.html = fill(t.html, true);
    else if (typeof t.text === "string") out.text = fill(t.text, false);
    else return null;
    if (t.style && typeof t.style === "object") out.style = t.style;
    return out;
  };
}

/** Replace the colour "primary" (jr.map's default) by the page's accent colour. */
function primary(spec: Json, rgba: number[]): void {
  for (const layer of (spec.layers as Json[] | undefined) || []) {
    for (const k of Object.keys(layer)) if (layer[k] === "primary") layer[k] = rgba;
  }
}

/** The page's accent colour as deck.gl's [r, g, b, a], for jr.map's default point colour. */
function accent(box: HTMLElement): number[] {
  const c = getComputedStyle(box).getPropertyValue("--ac").trim();
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(c);
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16), 200] : [255, 75, 75, 200];
}

function error(box: HTMLElement, e: unknown): void {
  const err = document.createElement("div");
  err.className = "jr-chart-err jr-l-error";
  err.setAttribute("role", "alert");
  err.textContent = `could not draw this chart: ${e instanceof Error ? e.message : String(e)}`;
  box.replaceChildren(err);
  box.style.height = "auto";
}

interface Picked {
  picked?: boolean;
  index: number;
  object?: unknown;
  layer?: { id?: unknown } | null;
}

/** Draw `spec` (deck.gl JSON text) into `host`; throws on a bad spec. With `onClick`, every
 *  layer is pickable and a click on the chart calls it with what is under the pointer. */
export function drawSpec(host: HTMLElement, text: string, tooltip: unknown, rgba: number[], onClick?: (info: Picked) => void): Deck {
  sweep();
  const json = JSON.parse(text) as Json;
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new Error("the spec is not a JSON object");
  primary(json, rgba);
  if (onClick) for (const layer of (json.layers as Json[] | undefined) || []) if (layer && typeof layer === "object") layer.pickable = true;
  // tiles are never fetched (offline page): no map style, no map provider
  delete json.mapStyle;
  delete json.mapProvider;
  delete json.google_maps_key;
  const props = converter.convert(json) as Json;
  if (!props.views) props.views = [new MapView({ controller: true })];
  const deck = new Deck({
    ...props,
    parent: host,
    controller: true,
    width: "100%",
    height: "100%",
    getTooltip: tooltipFor(tooltip) as never,
    ...(onClick ? { onClick } : {}),
    onError: (e: Error) => error(host.parentElement || host, e),
    // keep the canvas readable for tests and screenshots
    glOptions: { preserveDrawingBuffer: true },
  } as never);
  live.add({ host, deck });
  return deck;
}

/** A picked object as plain JSON (a data row; an aggregation layer's bin), for the widget value. */
function plain(obj: unknown): Json {
  try {
    const v = JSON.parse(JSON.stringify(obj ?? {})) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : { value: v };
  } catch {
    return {}; // a cycle or a BigInt: the index still says which object
  }
}

/** The selection after a click: on nothing, none; single-object, that object (or none when it
 *  was the one selected); multi-object, the object added or removed. */
export function clicked(sel: DeckSelection, info: Picked, single: boolean): DeckSelection {
  const id = info.layer && typeof info.layer.id === "string" ? info.layer.id : null;
  if (!info.picked || id === null || !(info.index >= 0)) return { indices: {}, objects: {} };
  const was = sel.indices[id]?.indexOf(info.index) ?? -1;
  if (single) return was >= 0 ? { indices: {}, objects: {} } : { indices: { [id]: [info.index] }, objects: { [id]: [plain(info.object)] } };
  const indices = { ...sel.indices };
  const objects = { ...sel.objects };
  if (was >= 0) {
    indices[id] = indices[id].filter((_, i) => i !== was);
    objects[id] = (objects[id] || []).filter((_, i) => i !== was);
    if (!indices[id].length) {
      delete indices[id];
      delete objects[id];
    }
  } else {
    indices[id] = [...(indices[id] || []), info.index];
    objects[id] = [...(objects[id] || []), plain(info.object)];
  }
  return { indices, objects };
}

/** Mark each layer's last selected object with deck.gl's highlight, in the accent colour. */
function highlight(deck: Deck, base: unknown[], sel: DeckSelection, rgba: number[]): void {
  const layers = base.map((l) => {
    const layer = l as { id: string; clone(p: Json): unknown };
    const mine = sel.indices[layer.id];
    return layer.clone({ highlightedObjectIndex: mine && mine.length ? mine[mine.length - 1] : -1, highlightColor: rgba });
  });
  deck.setProps({ layers } as never);
}

/** The box's name for screen readers, the host deck.gl draws in, and the no-tiles note. */
function canvasHost(el: { alt?: string; basemap?: boolean }, box: HTMLElement): HTMLElement {
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", el.alt || "map");
  const host = document.createElement("div");
  host.className = "jr-deck-c";
  box.append(host);
  if (el.basemap) {
    const note = document.createElement("div");
    note.className = "jr-deck-note";
    note.textContent = "map tiles unavailable";
    box.append(note);
  }
  return host;
}

const api: DeckDrawer = {
  drawSelectable(el: PydeckSelectEl, box: HTMLElement, picked: () => DeckSelection, onSelect: (s: DeckSelection) => void) {
    const host = canvasHost(el, box);
    const rgba = accent(box);
    const single = el.selection_mode !== "multi-object";
    let deck: Deck | null = null;
    let base: unknown[] = [];
    try {
      deck = drawSpec(host, String(el.spec), el.tooltip, rgba, (info) => {
        const next = clicked(picked(), info, single);
        if (deck) highlight(deck, base, next, rgba);
        onSelect(next);
      });
      base = ((deck.props as Json).layers as unknown[]) || [];
      highlight(deck, base, picked(), rgba);
    } catch (e) {
      error(box, e);
    }
  },
  draw(el, box) {
    const host = canvasHost(el, box);
    try {
      drawSpec(host, String(el.spec), el.tooltip, accent(box));
    } catch (e) {
      error(box, e);
    }
  },
};

defineChunk("deck", api satisfies DeckDrawer);
