// The element tree: paths → DOM, applied from deltas / snapshots / trims, with stale marks.

import { attr, h, setText, uid } from "./dom";
import type { BlockEl, ChartData, Element, Layout, Path, VegaLiteEl, WidgetEl } from "./protocol";
import { MAIN, SIDEBAR } from "./protocol";
import { growVegaLite } from "./charts";
import { updateECharts } from "./echarts";
import { renderLeaf, unsupported, updateProgress } from "./render";
import { updateDataframe } from "./grid";
import { updateDocument } from "./media";
import { makeWidget, type WidgetHost, type WidgetView } from "./widgets";
import { makeDialog, onDismiss, updateDialog } from "./dialog";
import { onPopoverToggle, popoverBox, statusBox, updateBox } from "./containers";
import { chatMessageBox, updateChatMessage } from "./chat";
import { applyCell, applyFlow, applyGrid, applySizing, blockGap, SIZING_CLASSES, SIZING_PROPS } from "./layout";

/** Streamlit's column widths: each column starts at its share of the row less one gap and the
 *  gaps' leftover is split evenly (its `flex: 1 1 calc(share - gap)`), which gives a narrow column
 *  more than a share of the row less the gaps would. Columns may arrive one by one: each sets all. */
function columnShares(row: TNode | null): void {
  if (!row) return;
  const weight = (k: TNode): number => {
    const el = k.el as { layout?: string; weight?: unknown } | null;
    return el?.layout === "column" ? Math.max(0, Number(el.weight) || 1) : 0;
  };
  const sum = row.kids.reduce((s, k) => s + weight(k), 0);
  for (const k of row.kids) {
    if (weight(k) > 0) k.wrap.style.setProperty("--jr-share", `${(weight(k) / sum) * 100}%`);
  }
}

interface TNode {
  el: Element | null; // null: a gap nobody filled yet, or a root
  key: string; // JSON of el: an unchanged element is left alone
  wrap: HTMLElement; // stable outer node inside the parent's box
  box: HTMLElement | null; // where children go (containers only)
  kids: TNode[];
  parent: TNode | null;
  widget?: WidgetView;
  stale?: boolean; // not re-sent yet in this run (fades after STALE_DELAY)
  doubt?: boolean; // under a replaced element: dropped at run end unless re-sent (as the server's mirror does)
  // tabs
  tablist?: HTMLElement;
  tabKey?: string;
  active?: number;
  tabIds?: string[];
  details?: HTMLDetailsElement;
}

const STALE_DELAY = 500;
/** Sends a tracked container's new state (set by the Page, which has the widget host). */
let reportState: (id: string, kind: string, value: boolean | string) => void = () => undefined;
const GROWN = "\u0000grown"; // the key of a chart grown by add_rows: equal to no element's JSON

/** `el` with `datasets`' rows appended (null when they do not fit its datasets). */
function appendRows(el: VegaLiteEl, datasets: Record<string, ChartData>): VegaLiteEl | null {
  const out: Record<string, ChartData> = { ...el.datasets };
  for (const [name, d] of Object.entries(datasets)) {
    const old = out[name];
    if (!old || !d || !Array.isArray(d.values) || d.values.length !== old.values.length) return null;
    if (d.columns.join("\u0000") !== old.columns.join("\u0000")) return null;
    out[name] = { columns: old.columns, values: old.values.map((v, i) => v.concat(d.values[i])) };
  }
  return { ...el, datasets: out };
}
const ALIGN: Record<string, string> = { center: "center", bottom: "flex-end" };

/** Builds a block's inner structure; returns the node its children go in. */
type BoxMaker<E extends BlockEl> = (n: TNode, el: E) => HTMLElement;

/** Children stacked top to bottom, in the block's own node. */
const stack: BoxMaker<BlockEl> = (n) => {
  n.wrap.classList.add("jr-vbox");
  return n.wrap;
};

/** Where each layout puts its children. Typed by layout: a layout added to the schema fails to
 *  compile until it is handled here. */
const BOXES: { [L in Layout]: BoxMaker<Extract<BlockEl, { layout: L }>> } = {
  vertical: stack,
  column: stack,
  tab: stack,
  form: stack,
  empty: stack,
  columns: (n) => n.wrap,
  expander: (n, el) => {
    const body = h("div", { class: "jr-vbox jr-exp-body" });
    const details = h("details", { class: "jr-expander", open: !!el.expanded }, h("summary", null, h("span", { class: "jr-exp-label" })), body);
    n.details = details;
    // an expander that tracks its state (on_change) reports the viewer's toggles; a toggle
    // the script asked for (its `expanded`) matches the element and is not reported back
    details.addEventListener("toggle", () => {
      const e = n.el;
      if (e?.kind === "block" && e.layout === "expander" && e.id && details.open !== !!e.expanded) {
        reportState(e.id, "expander", details.open);
      }
    });
    n.wrap.append(details);
    return body;
  },
  tabs: (n) => {
    n.tablist = h("div", { role: "tablist", class: "jr-tablist" });
    const panels = h("div", { class: "jr-tabpanels" });
    n.active = 0;
    n.wrap.append(n.tablist, panels);
    return panels;
  },
  dialog: (n, el) => makeDialog(n.wrap, el),
  popover: (n) => popoverBox(n.wrap),
  status: (n, el) => statusBox(n.wrap, el),
  chat_message: (n, el) => chatMessageBox(n.wrap, el),
  // the grid's cells are its children, laid out by layout.ts's applyGrid
  grid: (n) => {
    const box = h("div", { class: "jr-cells" });
    n.wrap.append(box);
    return box;
  },
  cell: stack,
};

export class Page {
  readonly roots: TNode[];
  /** Widgets by id (for forms). */
  readonly widgets = new Map<string, WidgetView>();
  /** Movable widgets whose path was taken by another element this run, by id: still shown,
   *  reused where their element lands next, dropped when the run ends without them. */
  private parked = new Map<string, WidgetView>();
  private staleTimer = 0;

  constructor(
    main: HTMLElement,
    sidebar: HTMLElement,
    private host: WidgetHost,
  ) {
    const root = (box: HTMLElement): TNode => ({ el: null, key: "", wrap: box, box, kids: [], parent: null });
    this.roots = [root(main), root(sidebar)];
    // a dialog the viewer closed, whose script wants to know: a trigger, like a button's
    onDismiss((id) => host.press({ id, kind: "button", formId: null } as unknown as WidgetView));
    // an expander, popover or tabs that tracks its state: the new state, as a widget value
    reportState = (id, kind, value) => host.trigger({ id, kind, formId: null } as unknown as WidgetView, value);
    onPopoverToggle((id, open) => reportState(id, "popover", open));
  }

  /** Does the sidebar hold any element? */
  sidebarUsed(): boolean {
    return this.roots[SIDEBAR].kids.some((k) => k.el);
  }

  // -- messages -----------------------------------------------------------------------------------

  set(path: Path, el: Element): void {
    const node = this.at(path, true);
    if (!node || !el || typeof el !== "object") return;
    this.apply(node, el);
    this.fresh(node);
    this.reached(node);
    for (let a: TNode | null = node; a; a = a.parent) a.doubt = false;
    if (node.parent) this.refresh(node.parent);
  }

  /**
   * A run ended: the kernel re-sends everything below a replaced element, so what it did not
   * re-send is gone (the server's mirror dropped it too).
   */
  dropDoubted(): void {
    const go = (n: TNode): void => {
      let keep = n.kids.length;
      while (keep && n.kids[keep - 1].doubt) keep--;
      if (keep < n.kids.length) this.trim(this.pathOf(n), keep);
      n.kids.forEach((k) => (k.doubt ? this.apply(k, null) : go(k)));
    };
    this.roots.forEach(go);
  }

  trim(path: Path, len: number): void {
    const node = this.at(path, false);
    if (!node || !node.box) return;
    for (const k of node.kids.splice(Math.max(0, len))) this.drop(k);
    this.refresh(node);
  }

  /** A new session draws this page again (its state restored on another replica): what is
   *  shown stays, stale, until the first run re-sends it; what that run does not re-send goes
   *  at its end (as below a replaced block). */
  redrawn(): void {
    this.all((n) => (n.doubt = true));
    this.runStarted();
  }

  clear(): void {
    for (const r of this.roots) this.trim([this.roots.indexOf(r)], 0);
    this.widgets.clear();
    this.unstale();
  }

  /** Replace everything, reusing nodes whose path and element survive (keeps focus). */
  snapshot(items: { path: Path; el: Element }[]): void {
    const seen = new Set<TNode>();
    for (const it of items) {
      this.set(it.path, it.el);
      for (let n = this.at(it.path, false); n; n = n.parent) seen.add(n);
    }
    const prune = (n: TNode): void => {
      let last = -1;
      n.kids.forEach((k, i) => {
        if (seen.has(k)) last = i;
      });
      this.trim(this.pathOf(n), last + 1);
      n.kids.forEach((k) => {
        if (!seen.has(k)) this.apply(k, null);
        else prune(k);
      });
    };
    this.roots.forEach((r) => {
      seen.add(r);
      prune(r);
    });
    this.all((n) => (n.doubt = false));
    this.unstale();
  }

  /** A chart's `add_rows`: append the rows to the element's datasets and into the drawn chart. */
  addRows(path: Path, datasets: Record<string, ChartData>): void {
    const n = this.at(path, false);
    const el = n?.el;
    if (!n || el?.kind !== "vega_lite" || !datasets || typeof datasets !== "object") return;
    const grown = appendRows(el, datasets);
    if (!grown) return;
    n.el = grown;
    n.key = GROWN; // not re-encoded on every step; the next whole element is compared afresh
    this.fresh(n);
    if (!growVegaLite(n.wrap, grown)) {
      this.reset(n, false);
      n.wrap.classList.add("jr-k-vega_lite");
      renderLeaf(grown, n.wrap);
    }
  }

  /** A run started: whatever it does not re-send fades after a moment. A fragment run
   *  (`fragments`: their containers) redraws only those; the rest of the page stays as is. */
  runStarted(fragments?: Path[]): void {
    const from = Array.isArray(fragments)
      ? fragments.map((p) => this.at(p, false)).filter((n): n is TNode => !!n && !!n.box)
      : undefined;
    this.walk((n) => (n.stale = true), from);
    clearTimeout(this.staleTimer);
    this.staleTimer = window.setTimeout(() => this.walk((n) => n.stale && n.el && n.wrap.classList.add("jr-stale")), STALE_DELAY);
  }

  unstale(): void {
    for (const v of this.parked.values()) v.root.remove();
    this.parked.clear();
    clearTimeout(this.staleTimer);
    this.walk((n) => {
      n.stale = false;
      // only where it is: removing an absent class still rewrites the attribute
      if (n.wrap.classList.contains("jr-stale")) n.wrap.classList.remove("jr-stale");
    });
  }

  // -- tree ---------------------------------------------------------------------------------------

  private all(f: (n: TNode) => void): void {
    const go = (n: TNode): void => n.kids.forEach((k) => (f(k), go(k)));
    this.roots.forEach(go);
  }

  private walk(f: (n: TNode) => void, from: TNode[] = this.roots): void {
    const go = (n: TNode): void => {
      n.kids.forEach((k) => {
        // only leaves fade: a faded container would dim its fresh children too
        if (k.box) go(k);
        else f(k);
      });
    };
    from.forEach(go);
  }

  private fresh(n: TNode): void {
    n.stale = false;
    // only where it is: removing an absent class rewrites the attribute all the same (a mutation
    // and a style invalidation for every element above the one a run changed)
    if (n.wrap.classList.contains("jr-stale")) n.wrap.classList.remove("jr-stale");
  }

  /** The script runs top to bottom and unchanged elements are not sent again: what precedes a
   *  fresh element in its root was reached by this run too, so it stops fading (a long run, a
   *  streamed chat answer, leaves the page above it as it is). */
  private reached(n: TNode): void {
    const all = (k: TNode): void => {
      if (k.stale) this.fresh(k);
      k.kids.forEach(all);
    };
    for (let c = n, p = n.parent; p; c = p, p = p.parent) {
      for (const k of p.kids) {
        if (k === c) break;
        all(k);
      }
    }
  }

  private pathOf(n: TNode): Path {
    const p: Path = [];
    for (; n.parent; n = n.parent) p.unshift(n.parent.kids.indexOf(n));
    p.unshift(this.roots.indexOf(n));
    return p;
  }

  /** The node at `path`; with `create`, missing containers and gaps are made on the way. */
  private at(path: Path, create: boolean): TNode | null {
    if (!Array.isArray(path) || (path[0] !== MAIN && path[0] !== SIDEBAR)) return null;
    let n = this.roots[path[0]];
    for (let d = 1; d < path.length; d++) {
      const i = path[d];
      if (!Number.isInteger(i) || i < 0 || i > 100000) return null;
      if (!n.box) {
        if (!create) return null;
        this.apply(n, { kind: "block", layout: "vertical", border: false, height: null });
      }
      while (create && n.kids.length <= i) {
        const k: TNode = { el: null, key: "", wrap: h("div", { class: "jr-el jr-ph" }), box: null, kids: [], parent: n };
        n.kids.push(k);
        (n.box as HTMLElement).append(k.wrap);
      }
      if (i >= n.kids.length) return null;
      n = n.kids[i];
    }
    return path.length > 1 ? n : create ? null : n;
  }

  private drop(n: TNode): void {
    this.forget(n);
    n.wrap.remove();
  }

  /** Unregister the widgets of a subtree that is going away. */
  private forget(n: TNode): void {
    n.kids.forEach((k) => this.forget(k));
    if (n.widget && this.widgets.get(n.widget.id) === n.widget) this.widgets.delete(n.widget.id);
  }

  /** Empty `n`'s wrapper for a new element; `cls` is its class afterwards. Attributes that are
   *  already right are left alone: a rewrite is a DOM mutation and a style invalidation. */
  private reset(n: TNode, keepKids: boolean, cls = "jr-el"): void {
    if (!keepKids) {
      n.kids.forEach((k) => this.drop(k));
      n.kids = [];
    }
    this.forget({ ...n, kids: [] });
    const w0 = n.widget;
    if (w0?.movable && n.wrap.parentElement) {
      this.parked.set(w0.id, w0);
      this.keepFocus(w0, () => this.roots[0].wrap.after(w0.root));
    }
    n.widget = undefined;
    n.details = n.tablist = n.tabKey = undefined;
    const w = n.wrap;
    // the sizing's classes, style properties and alt stay: applySizing, which follows, changes
    // only what differs (taken off here and put back there, they were two mutations each)
    const alt = !!w.dataset.jrAlt;
    for (const a of ["role", "hidden", "id", "aria-labelledby", "open", "aria-label"]) {
      if (w.hasAttribute(a) && !(alt && (a === "role" || a === "aria-label"))) w.removeAttribute(a);
    }
    if (w.hasAttribute("style")) {
      for (let i = w.style.length - 1; i >= 0; i--) {
        if (!SIZING_PROPS.includes(w.style[i])) w.style.removeProperty(w.style[i]);
      }
      if (!w.style.length) w.removeAttribute("style");
    }
    const want = [cls, ...SIZING_CLASSES.filter((c) => w.classList.contains(c))].join(" ");
    if (w.className !== want) w.className = want;
    w.replaceChildren();
    n.box = null;
  }

  private apply(n: TNode, el: Element | null): void {
    const key = el ? JSON.stringify(el) : "";
    if (key === n.key) return;
    this.applyElement(n, el, key);
    applySizing(n.wrap, el);
  }

  private applyElement(n: TNode, el: Element | null, key: string): void {
    const prev = n.el;
    n.el = el;
    n.key = key;
    if (!el) {
      this.reset(n, false);
      n.wrap.classList.add("jr-ph");
      return;
    }
    if (el.kind === "widget") {
      const w = n.widget;
      if (w && w.kind === el.widget && w.id === el.id) {
        w.update(el);
        return;
      }
      this.reset(n, false);
      this.widget(n, el);
      return;
    }
    if (el.kind === "dataframe" && prev?.kind === "dataframe" && updateDataframe(n.wrap, el, prev)) return;
    if (el.kind === "progress" && prev?.kind === "progress") {
      updateProgress(n.wrap.firstElementChild as HTMLElement, el);
      return;
    }
    if (el.kind === "vega_lite" && prev?.kind === "vega_lite" && growVegaLite(n.wrap, el)) return;
    // a new option for the chart drawn there: redrawn in place (no flicker, one ECharts instance)
    if (el.kind === "echarts_chart" && prev?.kind === "echarts_chart" && updateECharts(n.wrap, el)) return;
    if (el.kind === "document" && prev?.kind === "document" && updateDocument(n.wrap, el, prev)) return;
    if (el.kind === "block") {
      // Kept for now so focus survives; confirmed when re-sent, dropped at run end otherwise.
      const doubt = (k: TNode): void => k.kids.forEach((c) => ((c.doubt = true), doubt(c)));
      doubt(n);
      if (prev?.kind === "block" && prev.layout === el.layout && n.box) this.updateBlock(n, el, prev);
      else this.block(n, el);
      return;
    }
    this.reset(n, false, "jr-el jr-k-" + String(el.kind));
    renderLeaf(el, n.wrap);
  }

  private widget(n: TNode, el: WidgetEl): void {
    n.wrap.classList.add("jr-k-widget");
    const old = this.parked.get(el.id);
    this.parked.delete(el.id);
    const v = old && old.kind === el.widget ? old : makeWidget(el, this.host);
    if (!v) return unsupported("widget " + String(el.widget), n.wrap);
    if (v === old) v.update(el);
    else old?.root.remove();
    n.widget = v;
    this.widgets.set(v.id, v);
    this.keepFocus(v, () => n.wrap.append(v.root));
  }

  /** Move a widget's DOM without losing the focus inside it. */
  private keepFocus(v: WidgetView, move: () => void): void {
    const f = document.activeElement;
    move();
    if (f instanceof HTMLElement && f !== document.activeElement && v.root.contains(f)) f.focus();
  }

  // -- blocks -------------------------------------------------------------------------------------

  private block(n: TNode, el: BlockEl): void {
    const kids = n.box ? n.kids : [];
    this.reset(n, !!n.box);
    const w = n.wrap;
    const layout = String(el.layout);
    w.classList.add("jr-block", "jr-b-" + layout);
    // a layout from a newer kernel than this page: a plain stack
    const make = (BOXES[el.layout] as BoxMaker<BlockEl> | undefined) || stack;
    const box = make(n, el);
    n.box = box;
    n.kids = kids;
    for (const k of kids) {
      if (!n.tablist) for (const a of ["role", "hidden", "id", "aria-labelledby"]) k.wrap.removeAttribute(a);
      box.append(k.wrap);
    }
    this.updateBlock(n, el, null);
  }

  private updateBlock(n: TNode, el: BlockEl, prev: BlockEl | null): void {
    const w = n.wrap;
    const gap = blockGap(el);
    if (n.box) {
      n.box.style.setProperty("--gap", gap || null);
      applyFlow(n.box, el);
    }
    if (el.layout === "column") columnShares(n.parent);
    if (el.layout === "columns") w.style.setProperty("--al", ALIGN[String(el.align)] || null);
    // forms have a border unless told not to; containers only when asked (container(border=True))
    // (a grid's `border` is around each of its cells: applyGrid)
    w.classList.toggle(
      "jr-border",
      el.layout === "form" ? el.border !== false : el.layout !== "grid" && "border" in el && !!el.border,
    );
    if (el.layout === "grid" && n.box) applyGrid(n.box, el);
    if (el.layout === "cell") applyCell(w, el);
    if (el.layout === "form") w.dataset.enterToSubmit = String(el.enter_to_submit !== false);
    const height = "height" in el && Number(el.height) > 0 ? el.height + "px" : "";
    w.style.height = height;
    w.style.overflowY = height && "auto";
    if (el.layout === "tabs" && typeof el.value === "string") {
      // the tab the script selects (its default, or a tracked state it set): on first draw and
      // when it changes; otherwise the viewer's choice stays
      const was = prev?.layout === "tabs" ? prev.value : undefined;
      const i = el.labels.indexOf(el.value);
      if (i >= 0 && (!prev || was !== el.value)) n.active = i;
    }
    if (n.details && el.layout === "expander") {
      // a label with markdown comes rendered too (label_html), drawn by updateBox below
      const label = n.details.querySelector(".jr-exp-label") as HTMLElement;
      if (typeof el.label_html !== "string") setText(label, String(el.label ?? ""));
      const was = prev?.layout === "expander" ? prev.expanded : undefined;
      if (!prev || !!was !== !!el.expanded) n.details.open = !!el.expanded;
    }
    updateBox(w, el, prev);
    if (n.tablist) this.refresh(n);
    if (el.layout === "dialog") updateDialog(w, el, prev?.layout === "dialog" ? prev : null);
    if (el.layout === "chat_message" && prev) updateChatMessage(w, el);
  }

  /** After a child changed: containers that lay out their children (tabs) redo it. */
  private refresh(n: TNode): void {
    const list = n.tablist;
    if (!list || n.el?.kind !== "block") return;
    const labels = n.el.layout === "tabs" && Array.isArray(n.el.labels) ? n.el.labels.map(String) : [];
    const count = Math.max(labels.length, n.kids.length);
    const names = Array.from({ length: count }, (_, i) => {
      const k = n.kids[i]?.el;
      return labels[i] ?? (k?.kind === "block" && "label" in k && k.label ? String(k.label) : `Tab ${i + 1}`);
    });
    const active = Math.min(n.active ?? 0, Math.max(0, count - 1));
    // labels with markdown come rendered too (escaped HTML from the kernel)
    const htmls = n.el.layout === "tabs" && Array.isArray(n.el.labels_html) ? n.el.labels_html : [];
    const key = JSON.stringify([names, htmls]);
    if (key !== n.tabKey) {
      n.tabKey = key;
      n.tabIds = names.map(() => uid("jr-tab"));
      const tab = (b: HTMLElement, i: number): HTMLElement => {
        if (typeof htmls[i] === "string") b.innerHTML = htmls[i];
        return b;
      };
      list.replaceChildren(
        ...names.map((name, i) =>
          tab(h("button", {
            type: "button",
            role: "tab",
            class: "jr-tab",
            id: (n.tabIds as string[])[i],
            text: name,
            onclick: () => this.select(n, i, false),
            onkeydown: (e: KeyboardEvent) => {
              const d = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
              const to = e.key === "Home" ? 0 : e.key === "End" ? count - 1 : d ? (i + d + count) % count : -1;
              if (to >= 0) {
                e.preventDefault();
                this.select(n, to, true);
              }
            },
          }), i),
        ),
      );
    }
    n.active = active;
    const ids = n.tabIds as string[];
    Array.from(list.children).forEach((b, i) => {
      b.setAttribute("aria-selected", String(i === active));
      b.setAttribute("tabindex", i === active ? "0" : "-1");
      attr(b, "aria-controls", n.kids[i] ? ids[i] + "-p" : null);
    });
    n.kids.forEach((k, i) => {
      k.wrap.setAttribute("role", "tabpanel");
      k.wrap.id = ids[i] + "-p";
      k.wrap.setAttribute("aria-labelledby", ids[i]);
      k.wrap.hidden = i !== active;
    });
  }

  /** The viewer selected tab `i` (a click or a key). */
  private select(n: TNode, i: number, focus: boolean): void {
    const changed = n.active !== i;
    n.active = i;
    this.refresh(n);
    if (focus) (n.tablist?.children[i] as HTMLElement | undefined)?.focus();
    const e = n.el;
    if (changed && e?.kind === "block" && e.layout === "tabs" && e.id && typeof e.labels[i] === "string") {
      reportState(e.id, "tabs", e.labels[i]);
    }
  }
}
