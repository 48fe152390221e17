// Choice widgets: the select box, the radio group and the multi-select (the kernel's
// elements/choices.py). The select box and the multi-select share one options popup: typed text
// filters the options as Streamlit's `filter_mode` says, the arrow keys move through them, Enter
// or a click picks one, and with `accept_new_options` the typed text itself can be picked.

import { attr, h, setText, uid } from "./dom";
import { setFieldIcon } from "./fieldicon";
import type { FilterMode, MultiselectEl, RadioEl, SelectboxEl, WidgetValue } from "./protocol";
import { Field, FieldCheck, REQUIRED, view, type WidgetHost, type WidgetView } from "./widgets";

const J = JSON.stringify;
const options = (e: { options?: unknown }): string[] => (Array.isArray(e.options) ? e.options.map((o) => String(o)) : []);
const isWord = (c: string): boolean => /[\p{L}\p{N}]/u.test(c);

/** How well `label` matches `query` as an in-order subsequence (both lower case); -1: not at
 *  all. A match as one piece ranks first (at the start, then at a word's start), then letters
 *  that follow one another and letters at words' starts; an earlier first letter breaks ties. */
function fuzzyScore(label: string, query: string): number {
  const at = label.indexOf(query);
  if (at >= 0) return 1000 + (at === 0 ? 200 : !isWord(label[at - 1]) ? 100 : 0) - Math.min(at, 99);
  let score = 0;
  let prev = -2;
  let from = 0;
  for (const c of query) {
    const i = label.indexOf(c, from);
    if (i < 0) return -1;
    score += 1 + (i === prev + 1 ? 3 : 0) + (i === 0 || !isWord(label[i - 1]) ? 2 : 0);
    prev = i;
    from = i + 1;
  }
  return score - Math.min(label.indexOf(query[0]), 99) / 100;
}

/** The positions in `labels` that `query` keeps under `mode` (case ignored; an empty query or
 *  no filtering keeps all): in their order, or best match first for "fuzzy" (the default). */
export function filterChoices(labels: string[], query: string, mode: FilterMode | undefined): number[] {
  const q = query.trim().toLowerCase();
  const all = labels.map((_, i) => i);
  if (!q || mode === null) return all;
  const low = labels.map((t) => t.toLowerCase());
  if (mode === "contains") return all.filter((i) => low[i].includes(q));
  if (mode === "prefix") return all.filter((i) => low[i].startsWith(q));
  const scored = all.map((i) => [i, fuzzyScore(low[i], q)] as const).filter(([, s]) => s >= 0);
  return scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([i]) => i);
}

/** An entry of the popup: an option's position, or text typed as a new option. */
type Choice = number | string;
/** The multi-select's "Select all" entry (no option has a negative position). */
const ALL: Choice = -1;

/** The options popup of a combobox `input`: a listbox under it, its active entry marked for
 *  assistive technology (`aria-activedescendant`); `pick` is given the chosen entry. */
class ChoiceList {
  readonly el: HTMLElement;
  shown: Choice[] = [];
  active = 0;
  constructor(
    private readonly input: HTMLInputElement,
    pick: (x: Choice) => void,
  ) {
    this.el = h("div", { role: "listbox", class: "jr-ms-list", id: uid("jr-ml"), hidden: true });
    attr(input, "aria-controls", this.el.id);
    // options are chosen with the mouse without taking the focus from the combobox
    this.el.addEventListener("mousedown", (e) => {
      e.preventDefault();
      const o = (e.target as HTMLElement).closest("[role=option]");
      const x = o ? this.shown[+o.id.slice(this.el.id.length + 1)] : undefined;
      if (x !== undefined) pick(x);
    });
  }
  get open(): boolean {
    return !this.el.hidden;
  }
  show(on: boolean): void {
    this.el.hidden = !on;
    this.input.setAttribute("aria-expanded", String(on));
  }
  /** Offer `shown` (each drawn by `text`, `chosen` marked as selected), or `note` when nothing
   *  can be offered; the active entry stays in range and in view. */
  draw(shown: Choice[], text: (x: Choice) => string, chosen: (x: Choice) => boolean, note: string | null): void {
    this.shown = note === null ? shown : [];
    this.active = Math.min(this.active, Math.max(0, this.shown.length - 1));
    const items = this.shown.length
      ? this.shown.map((x, k) =>
          h("div", {
            role: "option",
            id: `${this.el.id}-${k}`,
            class: "jr-ms-opt" + (k === this.active ? " jr-active" : "") + (chosen(x) ? " jr-chosen" : ""),
            "aria-selected": String(k === this.active),
            text: text(x),
          }),
        )
      : [h("div", { class: "jr-ms-empty", text: note ?? "No results" })];
    this.el.replaceChildren(...items);
    attr(this.input, "aria-activedescendant", this.shown.length ? `${this.el.id}-${this.active}` : null);
    this.el.querySelector(".jr-active")?.scrollIntoView({ block: "nearest" });
  }
  /** Move the active entry by `step` (wrapping); false when there is none. */
  move(step: number): boolean {
    const n = this.shown.length;
    if (!n) return false;
    this.active = (this.active + step + n) % n;
    return true;
  }
}

/** The text field of a combobox, labelled by `field` (its list: a ChoiceList). */
function comboInput(field: Field): HTMLInputElement {
  return h("input", {
    type: "text",
    class: "jr-ms-input",
    id: field.label.getAttribute("for"),
    role: "combobox",
    autocomplete: "off",
    spellcheck: "false",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
  });
}

/** The entries the popup offers for `typed`: the options `filter` keeps, and with
 *  `accept_new_options` the typed text itself when it is no option's label (nor in `taken`). */
function offered(
  e: SelectboxEl | MultiselectEl,
  typed: string,
  keep: (i: number) => boolean,
  taken: (t: string) => boolean,
): Choice[] {
  const o = options(e);
  const shown: Choice[] = filterChoices(o, typed, e.filter_mode).filter(keep);
  const t = typed.trim();
  if (e.accept_new_options && t && !o.includes(t) && !taken(t)) shown.push(t);
  return shown;
}

/** A select box as Streamlit's: the chosen option in a text field; a click opens the options,
 *  typing filters them (`filter_mode`; null: no typing), Enter or a click chooses; with
 *  `accept_new_options` the typed text can be chosen; an `index=None` box can be cleared. */
const selectbox = (el: SelectboxEl, host: WidgetHost): WidgetView => {
  const field = new Field("selectbox", uid("jr-c"));
  const input = comboInput(field);
  const clear = h("button", { type: "button", class: "jr-ms-clear", "aria-label": "Clear value", tabindex: "-1", text: "×" });
  const box = h("div", { class: "jr-multi jr-ms jr-sb" }, input, clear);
  let cur = el;
  let value: Choice | null = null;
  let typed: string | null = null; // the viewer's filter text while they type; null: the choice is shown
  const label = (x: Choice | null): string => (x === null ? "" : typeof x === "string" ? x : (options(cur)[x] ?? ""));
  const list = new ChoiceList(input, (x) => choose(x));
  field.root.append(h("div", { class: "jr-ms-wrap" }, box, list.el));
  const check = new FieldCheck(field, box, input); // required: a form is not submitted with nothing chosen
  const drawField = (): void => {
    const text = typed ?? label(value);
    if (input.value !== text) input.value = text;
    attr(input, "placeholder", cur.placeholder ?? "Choose an option");
    attr(clear, "hidden", !cur.clearable || value === null || !!cur.disabled);
    attr(input, "readonly", cur.filter_mode === null);
  };
  const drawList = (): void => {
    const shown = offered(cur, typed ?? "", () => true, () => false);
    const none = !shown.length && !options(cur).length ? (cur.accept_new_options ? "Type to add an option" : "No options to select") : null;
    list.draw(shown, (x) => (typeof x === "string" ? `Add: ${x}` : label(x)), (x) => x === value, none);
  };
  const openList = (on: boolean): void => {
    if (on === list.open) return;
    if (on) {
      // opened on the chosen option, all options shown
      typed = null;
      const k = offered(cur, "", () => true, () => false).indexOf(value ?? -1);
      list.active = Math.max(0, k);
      drawList();
    } else {
      typed = null;
      drawField();
    }
    list.show(on);
  };
  const commit = (x: Choice | null): void => {
    value = x;
    if (x !== null) check.show(null);
    typed = null;
    drawField();
    host.commit(v, x as WidgetValue);
  };
  const choose = (x: Choice): void => {
    openList(false);
    if (x !== value) commit(x);
  };
  const v = view(
    el,
    field.root,
    () => value as WidgetValue,
    (e) => {
      const was = J([options(cur), cur.filter_mode, cur.accept_new_options]);
      cur = e;
      field.common(e, [input]);
      box.classList.toggle("jr-disabled", !!e.disabled);
      setFieldIcon(box, e.icon);
      check.setRequired(e.required);
      if (e.disabled && list.open) openList(false);
      drawField();
      if (list.open && J([options(e), e.filter_mode, e.accept_new_options]) !== was) drawList();
    },
    (val) => {
      value = typeof val === "number" || typeof val === "string" ? val : null;
      drawField();
      if (list.open) drawList();
    },
    () => list.open,
  );
  input.addEventListener("focus", () => input.select());
  input.addEventListener("mousedown", () => {
    if (!cur.disabled) openList(!list.open);
  });
  input.addEventListener("input", () => {
    typed = input.value;
    list.active = 0;
    drawList();
    list.show(true);
  });
  input.addEventListener("blur", () => openList(false));
  input.addEventListener("keydown", (e) => {
    if (cur.disabled) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!list.open) openList(true);
      else if (list.move(e.key === "ArrowDown" ? 1 : -1)) drawList();
    } else if (e.key === "Enter" && list.open) {
      const x = list.shown[list.active];
      if (x !== undefined) choose(x);
      else openList(false);
    } else if (e.key === "Escape" && list.open) openList(false);
    else if (e.key === "Escape" && cur.clearable && value !== null) commit(null); // index=None: back to nothing
    else return;
    e.preventDefault();
  });
  clear.addEventListener("mousedown", (e) => e.preventDefault()); // the field keeps the focus
  clear.addEventListener("click", () => {
    openList(false);
    commit(null);
  });
  v.valid = () => {
    const ok = !(check.required && value === null);
    check.show(ok ? null : REQUIRED);
    return ok;
  };
  return v;
};

const radio = (el: RadioEl, host: WidgetHost): WidgetView => {
  const field = new Field("radio", null);
  const group = h("div", { role: "radiogroup", class: "jr-radios", "aria-labelledby": field.labelId });
  field.root.append(group);
  const name = uid("jr-r");
  let opts = "";
  let inputs: HTMLInputElement[] = [];
  let texts: HTMLElement[] = [];
  let notes: HTMLElement[] = [];
  const read = (): WidgetValue => {
    const i = inputs.findIndex((x) => x.checked);
    return i < 0 ? null : i;
  };
  const v = view(
    el,
    field.root,
    read,
    (e) => {
      const o = options(e);
      if (J(o) !== opts) {
        opts = J(o);
        inputs = o.map(() => h("input", { type: "radio", name }));
        texts = o.map((t) => h("span", { text: t }));
        // A caption sits outside its option's <label>, so the radio's name stays the option; it
        // describes the radio instead.
        notes = o.map(() => h("div", { class: "jr-caption jr-radio-cap", id: uid("jr-rc") }));
        group.replaceChildren(
          ...inputs.map((input, i) =>
            h("div", { class: "jr-radio-opt" }, h("label", { class: "jr-radio" }, input, texts[i]), notes[i]),
          ),
        );
        inputs.forEach((i) => i.addEventListener("change", () => host.commit(v, read())));
        v.known = "\0";
      }
      group.classList.toggle("jr-horizontal", !!e.horizontal);
      field.common(e, inputs);
      // options with markdown come rendered (and escaped) by the kernel, as captions do
      const marked = Array.isArray(e.options_html) ? e.options_html : [];
      texts.forEach((t, i) => {
        const m = typeof marked[i] === "string" ? marked[i] : null;
        if (m === null) {
          if (t.textContent !== o[i] || t.childElementCount) t.textContent = o[i];
        } else if (t.innerHTML !== m) t.innerHTML = m;
      });
      const caps = Array.isArray(e.captions) ? e.captions : [];
      notes.forEach((n, i) => {
        const c = typeof caps[i] === "string" ? caps[i] : ""; // kernel-rendered inline markdown
        if (n.innerHTML !== c) n.innerHTML = c;
        n.hidden = !c;
        const ids = [inputs[i].getAttribute("aria-describedby"), c ? n.id : null].filter(Boolean).join(" ");
        attr(inputs[i], "aria-describedby", ids || null);
      });
    },
    (val) => inputs.forEach((x, i) => (x.checked = i === val)),
  );
  return v;
};

/** Chips for the chosen options (each with a remove button) and a combobox whose popup offers
 *  the rest, filtered by the typed text; with `accept_new_options`, typed text can be added. */
const multiselect = (el: MultiselectEl, host: WidgetHost): WidgetView => {
  const field = new Field("multiselect", uid("jr-m"));
  const input = comboInput(field);
  const chips = h("div", { class: "jr-ms-chips" });
  const clear = h("button", { type: "button", class: "jr-ms-clear", "aria-label": "Clear all", text: "×" });
  const box = h("div", { class: "jr-multi jr-ms" }, chips, input, clear);
  const note = h("div", { class: "jr-caption", "aria-live": "polite" });
  let cur = el;
  let value: Choice[] = [];
  const list = new ChoiceList(input, (x) => pick(x));
  field.root.append(h("div", { class: "jr-ms-wrap" }, box, list.el), note);
  const label = (x: Choice): string => (typeof x === "number" ? (options(cur)[x] ?? "") : x);
  const full = (): boolean => !!cur.max_selections && value.length >= cur.max_selections;
  const most = (): string => `${cur.max_selections} option${cur.max_selections! > 1 ? "s" : ""}`;
  const drawChips = (): void => {
    chips.replaceChildren(
      ...value.map((x) => {
        const rm = h("button", { type: "button", class: "jr-chip-x", "aria-label": `Remove ${label(x)}`, text: "×" });
        rm.disabled = !!cur.disabled;
        rm.addEventListener("click", () => set(value.filter((y) => y !== x)));
        return h("span", { class: "jr-chip" }, h("span", { text: label(x) }), rm);
      }),
    );
    attr(input, "placeholder", value.length ? null : cur.placeholder || "Choose an option");
    attr(clear, "hidden", !value.length || !!cur.disabled);
    attr(input, "readonly", cur.filter_mode === null);
  };
  // "Select all" (Streamlit 1.67's select_all): a first entry choosing every option offered,
  // shown for 2 up to `select_all` of them (-1: any number, 0: never; absent: 1000)
  const selectable = (shown: Choice[]): number[] => shown.filter((x): x is number => typeof x === "number" && x >= 0);
  const offersAll = (n: number): boolean => {
    const most = typeof cur.select_all === "number" ? cur.select_all : 1000;
    return n >= 2 && !full() && !cur.disabled && (most < 0 || n <= most);
  };
  const allText = (): string => {
    const n = selectable(list.shown).length;
    return input.value.trim() ? `Select ${n} matches` : "Select all";
  };
  const drawList = (): void => {
    const shown = offered(cur, input.value, (i) => !value.includes(i), (t) => value.includes(t));
    if (offersAll(selectable(shown).length)) shown.unshift(ALL);
    const note = full() ? `You can only select up to ${most()}. Remove an option first.` : null;
    list.draw(shown, (x) => (x === ALL ? allText() : typeof x === "string" ? `Add: ${x}` : label(x)), () => false, note);
    list.el.firstElementChild?.classList.toggle("jr-ms-all", shown[0] === ALL && note === null);
  };
  const openList = (on: boolean): void => {
    list.show(on);
    if (on) drawList();
  };
  const set = (next: Choice[]): void => {
    value = next;
    setText(note, "");
    drawChips();
    if (list.open) drawList();
    host.commit(v, value as WidgetValue);
  };
  const pick = (x: Choice | undefined): void => {
    if (full()) {
      setText(note, `You can only select up to ${most()}.`);
      return;
    }
    if (x === undefined) return;
    if (x === ALL) {
      // every option offered, in the list's order, as far as max_selections allows
      const room = cur.max_selections ? cur.max_selections - value.length : Infinity;
      const add = selectable(list.shown).slice(0, room);
      input.value = "";
      list.active = 0;
      set([...value, ...add]);
      return;
    }
    input.value = "";
    set([...value, x]);
  };
  const v = view(
    el,
    field.root,
    () => value as WidgetValue,
    (e) => {
      cur = e;
      field.common(e, [input, clear]);
      box.classList.toggle("jr-disabled", !!e.disabled);
      drawChips();
      if (list.open) drawList();
    },
    (val) => {
      value = Array.isArray(val) ? val.filter((x) => typeof x === "number" || typeof x === "string") : [];
      drawChips();
      if (list.open) drawList();
    },
    () => list.open,
  );
  input.addEventListener("input", () => {
    list.active = 0;
    openList(true);
  });
  input.addEventListener("focus", () => openList(true));
  input.addEventListener("click", () => !list.open && openList(true)); // focused already: after Escape
  input.addEventListener("blur", () => openList(false));
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!list.open) openList(true);
      else if (list.move(e.key === "ArrowDown" ? 1 : -1)) drawList();
    } else if (e.key === "Enter" && list.open) pick(list.shown[list.active]);
    else if (e.key === "Escape") openList(false);
    else if (e.key === "Backspace" && !input.value && value.length) set(value.slice(0, -1));
    else return;
    e.preventDefault();
  });
  box.addEventListener("mousedown", (e) => {
    if (e.target === box || e.target === chips) {
      e.preventDefault();
      input.focus();
    }
  });
  clear.addEventListener("click", () => set([]));
  return v;
};

export { multiselect, radio, selectbox };
