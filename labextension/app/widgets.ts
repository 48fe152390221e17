// Widgets: native labelled controls, updated in place so focus and drags survive reruns.

import { audioInput, buttonFace, buttonGroup, feedback, linkButtonWidget, menuButton, pagination } from "./buttons";
import { vegaLite } from "./charts";
import { multiselect, radio, selectbox } from "./choices";
import { setFieldIcon } from "./fieldicon";
import { attr, h, setStyle, setText, uid } from "./dom";
import { formatMoment, formatNumber } from "./format";
import { cameraInput, downloadButton, fileUploader } from "./media";
import { chatInput } from "./chat";
import { componentV2Widget, componentWidget } from "./components";
import { deckSelect } from "./geo";
import { plotlySelect } from "./plots";
import { echartsSelect } from "./echarts";
import { colorPicker, dateInput, datetimeInput, selectSlider, timeInput } from "./pickers";
import type {
  AudioInputEl,
  ButtonEl,
  ButtonGroupEl,
  FeedbackEl,
  PaginationEl,
  MenuButtonEl,
  LinkButtonWidgetEl,
  ChatInputEl,
  CheckboxEl,
  ComponentEl,
  ComponentV2El,
  DownloadButtonEl,
  FileWidgetEl,
  NumberInputEl,
  EChartsSelectEl,
  PlotlySelectEl,
  PydeckSelectEl,
  SliderEl,
  TextAreaEl,
  TextInputEl,
  VegaLiteChartWidgetEl,
  WidgetEl,
  WidgetKind,
  WidgetValue,
} from "./protocol";

/** What a widget needs from the page. */
export interface WidgetHost {
  /** The user settled on a new value (sent now, or kept for the form's submit). */
  commit(view: WidgetView, value: WidgetValue): void;
  /** A button was clicked (a form_submit_button submits its form). */
  press(view: WidgetView): void;
  /** Enter in a single-line field: applies it, or submits its form. */
  enter(view: WidgetView): void;
  /** Would Enter in this form field submit its form (`enter_to_submit` and its first submit
   *  button enabled, as Streamlit decides)? */
  entersSubmit(view: WidgetView): boolean;
  /** A trigger that carries a value (a chat message): sent now, each time, never an echo. */
  trigger(view: WidgetView, value: WidgetValue): void;
}

/** The `view` maker widgets.ts hands to renderers in other modules (media, plots): it wires a
 *  root element, a value reader, an updater and a setter into a WidgetView. */
export type MakeView = (
  el: never,
  root: HTMLElement,
  read: () => unknown,
  apply: (el: never) => void,
  set: (v: unknown) => void,
) => WidgetView;

export interface WidgetView {
  readonly kind: WidgetKind;
  readonly id: string;
  formId: string | null;
  readonly root: HTMLElement;
  /** JSON of the value the server is believed to hold (last received or sent). */
  known: string;
  /** JSON of the last value this page sent that no run has taken in yet: until a
   *  `run_started` lists it, server values are echoes of older input and are not applied. */
  sent?: string;
  /** Its form was submitted: until that run finishes, server values are applied even to a
   *  focused control (Enter submits from a focused field, and `clear_on_submit` must clear it). */
  submitted?: boolean;
  /** May its form be submitted with the value it holds (`required`, `validate`)? Shows why not. */
  valid?(): boolean;
  update(el: WidgetEl): void;
  /** The control's current value, as the protocol wants it. */
  read(): WidgetValue;
  /** Kept, with its draft and focus, when a rerun moves its element to another path (the
   *  pinned chat input, which messages written above it push down). */
  movable?: boolean;
}

const J = JSON.stringify;
const num = (v: unknown, d: number): number => (typeof v === "number" && Number.isFinite(v) ? v : d);
const isButton = (k: string): boolean =>
  k === "button" || k === "form_submit_button" || k === "download_button" || k === "link_button" || k === "menu_button";

/** A widget's label: its markdown as the kernel rendered (and escaped) it when the label is not
 *  plain text, as Streamlit draws labels; else the text. */
function setLabel(node: HTMLElement, el: WidgetEl): void {
  if (typeof el.label_html === "string") {
    if (node.innerHTML !== el.label_html) node.innerHTML = el.label_html;
  } else {
    const text = String(el.label ?? "");
    if (node.textContent !== text || node.childElementCount) node.textContent = text;
  }
}

/** Label row shared by most widgets: <label for> (or a plain div for groups) + help mark. */
class Field {
  readonly root: HTMLElement;
  readonly label: HTMLElement;
  readonly help: HTMLElement;
  readonly helpText: HTMLElement;
  readonly labelId = uid("jr-l");
  constructor(kind: string, forId: string | null, extra = "") {
    this.label = forId ? h("label", { for: forId, id: this.labelId }) : h("div", { id: this.labelId });
    this.label.className = "jr-label";
    this.help = h("span", { class: "jr-help", "aria-hidden": "true", text: "?" });
    this.helpText = h("span", { class: "jr-sr", id: uid("jr-h") });
    this.root = h(
      "div",
      { class: `jr-widget jr-w-${kind} ${extra}` },
      h("div", { class: "jr-label-row" }, this.label, this.help, this.helpText),
    );
  }
  common(el: WidgetEl, controls: HTMLElement[]): void {
    setLabel(this.label, el);
    const lv = el.label_visibility || "visible";
    this.root.classList.toggle("jr-lv-hidden", lv === "hidden");
    this.root.classList.toggle("jr-lv-collapsed", lv === "collapsed");
    const help = el.help ? String(el.help) : "";
    // each only where it changes: a property set to the value it has still rewrites its attribute
    if (this.help.hidden !== !help) this.help.hidden = !help;
    attr(this.help, "title", help || null);
    setText(this.helpText, help);
    for (const c of controls) {
      attr(c, "aria-describedby", help ? this.helpText.id : null);
      if ((c as HTMLInputElement).disabled !== !!el.disabled) (c as HTMLInputElement).disabled = !!el.disabled;
    }
    this.root.classList.toggle("jr-disabled", !!el.disabled);
  }
}

/** Streamlit's message for an empty `required` field. */
const REQUIRED = "This field is required.";

/** A field's `required` and refused values, as Streamlit draws them: "(required)" after the
 *  label; a refused value turns the field's `frame` red with an error mark inside at the right,
 *  whose title (and an alert for screen readers) says why. */
class FieldCheck {
  readonly mark = h("span", { class: "jr-err-mark", "aria-hidden": "true", hidden: true });
  // a live region from the start (so that a message put in it is announced), an alert only while
  // it holds one: an empty alert would read as an error to tools and tests looking for alerts
  readonly alert = h("span", { class: "jr-sr", id: uid("jr-e"), "aria-live": "assertive", "aria-atomic": "true" });
  private readonly req = h("span", { class: "jr-required", "aria-hidden": "true", text: "(required)", hidden: true });
  required = false;
  message: string | null = null;
  constructor(
    field: Field,
    private readonly frame: HTMLElement,
    private readonly control: HTMLElement,
  ) {
    field.label.after(this.req);
    field.root.append(this.alert);
    frame.append(this.mark);
  }
  /** From the element's `required` (only `true` counts). */
  setRequired(on: unknown): void {
    const r = on === true;
    if (r === this.required) return;
    this.required = r;
    this.req.hidden = !r;
    attr(this.control, "aria-required", r ? "true" : null);
    if (!r && this.message === REQUIRED) this.show(null);
  }
  show(message: string | null): void {
    this.message = message;
    this.frame.classList.toggle("jr-invalid", message !== null);
    if (this.mark.hidden !== (message === null)) this.mark.hidden = message === null;
    attr(this.mark, "title", message);
    setText(this.alert, message ?? "");
    attr(this.alert, "role", message !== null ? "alert" : null);
    attr(this.control, "aria-invalid", message !== null ? "true" : null);
    attr(this.control, "aria-errormessage", message !== null ? this.alert.id : null);
  }
}

/** Build the view for a widget element; `null` for an unknown widget kind. */
export function makeWidget(el: WidgetEl, host: WidgetHost): WidgetView | null {
  // a widget from a newer kernel than this page has no maker
  const make = MAKERS[el.widget] as Maker<never> | undefined;
  if (!make) return null;
  const view = make(el as never, host);
  view.update(el);
  return view;
}

type Maker<E extends WidgetEl> = (el: E, host: WidgetHost) => WidgetView;

/** Helper to make a view: `set` writes a server value into the control unless `busy()`. */
function view<E extends WidgetEl>(
  el: E,
  root: HTMLElement,
  read: () => WidgetValue,
  apply: (el: E) => void,
  set: (v: E["value"], el: E) => void,
  busy: () => boolean = () => false,
): WidgetView {
  const v: WidgetView = {
    kind: el.widget,
    id: el.id,
    formId: el.form_id ?? null,
    root,
    known: "\0",
    read,
    update(e) {
      const en = e as E;
      v.formId = en.form_id ?? null;
      apply(en);
      if (v.sent !== undefined) return; // an echo of older input: the run with ours follows
      const j = J(en.value ?? null);
      if (j !== v.known) {
        v.known = j;
        if (!busy() || v.submitted) set(en.value, en);
      }
    },
  };
  return v;
}

// -- buttons --------------------------------------------------------------------------------------

const button: Maker<ButtonEl> = (el, host) => {
  const b = h("button", { type: "button", class: "jr-btn" });
  const root = h("div", { class: `jr-widget jr-w-${el.widget}` }, b);
  const v = view(
    el,
    root,
    () => true,
    (e) => {
      buttonFace(b, e);
      root.classList.toggle("jr-full", e.use_container_width === true);
      b.disabled = !!e.disabled;
      attr(b, "title", e.help || null);
    },
    () => undefined,
  );
  b.addEventListener("click", () => host.press(v));
  return v;
};

// -- checkbox / toggle --------------------------------------------------------------------------

const checkbox: Maker<CheckboxEl> = (el, host) => {
  const input = h("input", { type: "checkbox", class: el.widget === "toggle" ? "jr-switch" : "jr-cb" });
  if (el.widget === "toggle") input.setAttribute("role", "switch");
  const text = h("span", { class: "jr-check-text" });
  const help = h("span", { class: "jr-help", "aria-hidden": "true", text: "?" });
  const root = h("div", { class: `jr-widget jr-w-${el.widget}` }, h("label", { class: "jr-check" }, input, text), help);
  const v = view(
    el,
    root,
    () => input.checked,
    (e) => {
      setLabel(text, e);
      input.disabled = !!e.disabled;
      root.classList.toggle("jr-disabled", !!e.disabled);
      help.hidden = !e.help;
      attr(help, "title", e.help || null);
      attr(input, "aria-description", e.help || null);
    },
    (val) => {
      input.checked = !!val;
    },
  );
  input.addEventListener("change", () => host.commit(v, input.checked));
  return v;
};

// -- slider -------------------------------------------------------------------------------------

function decimals(el: SliderEl | NumberInputEl): number {
  if (el.format === "int") return 0;
  const s = String(num(el.step, 0.01));
  const m = /e-(\d+)$/.exec(s);
  return Math.min(10, Math.max(1, m ? +m[1] : (s.split(".")[1] || "").length));
}

/** The range input being dragged, if any: a rerun must not yank its thumb away. */
let dragged: HTMLInputElement | null = null;
const drop = (): void => {
  dragged = null;
};
addEventListener("pointerup", drop);
addEventListener("pointercancel", drop);

const slider: Maker<SliderEl> = (el, host) => {
  const range = !!el.range;
  const inputs = (range ? [0, 1] : [0]).map(() => h("input", { type: "range", class: "jr-range" }));
  const bubbles = inputs.map(() => h("div", { class: "jr-bubble", "aria-hidden": "true" }));
  const field = new Field("slider", range ? null : uid("jr-s"));
  if (!range) inputs[0].id = field.label.getAttribute("for") as string;
  else field.root.setAttribute("role", "group"), field.root.setAttribute("aria-labelledby", field.labelId);
  const track = h("div", { class: "jr-track" });
  const lo = h("span"),
    hi = h("span");
  const box = h("div", { class: "jr-slider" }, track, ...bubbles, ...inputs);
  field.root.append(
    box,
    h("div", { class: "jr-ticks", "aria-hidden": "true" }, lo, hi),
  );
  let cur = el;
  let frame = 0;
  // select_slider passes its options' labels; a date/time slider its moment-style pattern
  const fmt = (x: number): string => {
    const labels = (cur as { labels?: string[] }).labels;
    if (labels) return labels[x] ?? "";
    if (cur.time) return formatMoment(cur.time_format ?? "YYYY-MM-DD", x);
    return formatNumber(cur.number_format, x, cur.format === "int", (y) => y.toFixed(decimals(cur)));
  };
  const values = (): number[] =>
    inputs.map((i) => {
      const x = i.valueAsNumber;
      return cur.format === "int" ? Math.round(x) : +x.toFixed(decimals(cur));
    });
  const read = (): WidgetValue => {
    const vs = values();
    return range ? [Math.min(vs[0], vs[1]), Math.max(vs[0], vs[1])] : vs[0];
  };
  // Paint the filled part of the track and move the value bubbles over the thumbs.
  const paint = (): void => {
    const min = num(cur.min, 0),
      span = num(cur.max, 100) - min || 1;
    const fr = values().map((x) => Math.min(1, Math.max(0, (x - min) / span)));
    const [a, b] = range ? [Math.min(...fr), Math.max(...fr)] : [0, fr[0]];
    setStyle(track, "--a", a * 100 + "%");
    setStyle(track, "--b", b * 100 + "%");
    values().forEach((x, i) => {
      setStyle(bubbles[i], "--f", String(fr[i]));
      setText(bubbles[i], fmt(x));
      attr(inputs[i], "aria-valuetext", fmt(x));
    });
    fit();
  };
  // A value wider than the room beside its thumb is moved inward to end at the slider's edge,
  // as Streamlit keeps it (also once a closed expander holding the slider opens: the observer)
  const fit = (): void => {
    const room = box.clientWidth;
    bubbles.forEach((b) => {
      const w = b.offsetWidth;
      if (!w || !room) return;
      const th = inputs[0].offsetHeight || 12;
      const mid = th / 2 + (room - th) * Number(b.style.getPropertyValue("--f") || 0);
      const left = Math.min(Math.max(mid - w / 2, 0), Math.max(0, room - w));
      setStyle(b, "--dx", `${Math.round(left - (mid - w / 2))}px`);
    });
  };
  new ResizeObserver(fit).observe(box);
  const v = view(
    el,
    field.root,
    read,
    (e) => {
      cur = e;
      field.common(e, inputs);
      inputs.forEach((i, k) => {
        attr(i, "min", num(e.min, 0));
        attr(i, "max", num(e.max, 100));
        attr(i, "step", num(e.step, 1) || "any");
        if (range) attr(i, "aria-label", `${e.label ?? ""} ${k ? "end" : "start"}`);
      });
      setText(lo, fmt(num(e.min, 0)));
      setText(hi, fmt(num(e.max, 100)));
      paint();
    },
    (val) => {
      const vs = Array.isArray(val) ? val : [val];
      inputs.forEach((i, k) => (i.value = String(num(vs[k], num(cur.min, 0)))));
      paint();
    },
    () => !!dragged && inputs.includes(dragged),
  );
  const send = (): void => {
    frame = 0;
    host.commit(v, read());
  };
  inputs.forEach((i, k) => {
    i.addEventListener("input", () => {
      if (range) {
        // keep start <= end: a thumb cannot pass the other one
        const [a, b] = inputs.map((x) => x.valueAsNumber);
        if (a > b) i.value = inputs[1 - k].value;
      }
      if (v.formId) return paint();
      if (dragged === i) {
        // a drag sends at most once per animation frame (and on release: "change")
        paint();
        if (!frame) frame = requestAnimationFrame(send);
      } else {
        // a key or a click: one change, sent at once, before painting (no frame's wait)
        if (frame) cancelAnimationFrame(frame);
        send();
        paint();
      }
    });
    i.addEventListener("change", () => {
      if (frame) cancelAnimationFrame(frame);
      send();
    });
    i.addEventListener("pointerdown", () => (dragged = i));
  });
  // A press on the track or beside it (not on a thumb) moves the nearest thumb there and drags
  // it, as Streamlit's slider does; a range's inputs let only their thumbs take the pointer.
  box.addEventListener("pointerdown", (e) => {
    if (e.button !== 0 || inputs[0].disabled || inputs.includes(e.target as HTMLInputElement)) return;
    const at = (x: number): number => {
      const r = track.getBoundingClientRect();
      const min = num(cur.min, 0);
      return min + Math.min(1, Math.max(0, (x - r.left) / (r.width || 1))) * (num(cur.max, 100) - min);
    };
    const x0 = at(e.clientX);
    const vs = inputs.map((i) => i.valueAsNumber);
    const k = range && (Math.abs(vs[1] - x0) < Math.abs(vs[0] - x0) || (vs[0] === vs[1] && x0 > vs[1])) ? 1 : 0;
    const thumb = inputs[k];
    const move = (x: number): void => {
      thumb.value = String(at(x)); // the input snaps it to the step
      thumb.dispatchEvent(new Event("input"));
    };
    e.preventDefault();
    thumb.focus();
    dragged = thumb;
    box.setPointerCapture(e.pointerId);
    move(e.clientX);
    const onMove = (m: PointerEvent): void => move(m.clientX);
    const onUp = (): void => {
      box.removeEventListener("pointermove", onMove);
      box.removeEventListener("pointerup", onUp);
      box.removeEventListener("pointercancel", onUp);
      thumb.dispatchEvent(new Event("change"));
    };
    box.addEventListener("pointermove", onMove);
    box.addEventListener("pointerup", onUp);
    box.addEventListener("pointercancel", onUp);
  });
  return v;
};

// -- text ---------------------------------------------------------------------------------------

function textLike(
  kind: "text_input" | "text_area",
  el: TextInputEl | TextAreaEl,
  host: WidgetHost,
  control: HTMLInputElement | HTMLTextAreaElement,
): WidgetView {
  const field = new Field(kind, uid("jr-t"));
  control.id = field.label.getAttribute("for") as string;
  control.className = "jr-input";
  const hint = h("div", { class: "jr-hint", "aria-hidden": "true" });
  const count = h("span", { class: "jr-count", "aria-hidden": "true" });
  // type="password": a button shows the text while pressed
  const eye = h("button", { type: "button", class: "jr-pw-eye", "aria-label": "Show password", "aria-pressed": "false", text: "Show", hidden: true });
  // type="search": a button that empties the field (and applies that), while it has text
  const clear = h("button", { type: "button", class: "jr-clear", "aria-label": "Clear", hidden: true });
  const wrap = h("div", { class: "jr-input-wrap" }, control, hint, eye, clear);
  field.root.append(wrap, count);
  // required / validate: a text that fails them is not applied, and the field says why
  const check = new FieldCheck(field, wrap, control);
  const showError = (message: string | null): void => check.show(message);
  let search = false;
  let rule: RegExp | string | null = null; // a string: the regex did not compile (shown as the error)
  let ruleSrc = "";
  let ruleMessage: string | null = null;
  let liveMs: number | null = null;
  let timer = 0;
  // Why `val` may not be applied (null: it may); `quiet`: an empty required field is refused
  // without a word (a live commit while typing), as Streamlit does.
  const problem = (val: string | null, quiet = false): string | null | false => {
    if (check.required && (val === null || val.trim() === "")) return quiet ? false : REQUIRED;
    if (val === null || val === "") return null; // an empty text skips the rule
    if (typeof rule === "string") return rule;
    if (rule && !rule.test(val)) return ruleMessage || `Invalid input. Must match pattern: ${String(rule)}`;
    return null;
  };
  /** Check the field's text, show the outcome, and say whether it may be applied. */
  const attempt = (quiet = false): boolean => {
    const p = problem(read(), quiet);
    if (p !== false) showError(p ?? (typeof rule === "string" ? rule : null));
    return p === null;
  };
  let shown = false;
  eye.addEventListener("click", () => {
    shown = !shown;
    eye.setAttribute("aria-pressed", String(shown));
    setText(eye, shown ? "Hide" : "Show");
    (control as HTMLInputElement).type = shown ? "text" : "password";
  });
  let max = 0;
  const dirty = (): void => {
    const d = J(read()) !== v.known && document.activeElement === control;
    field.root.classList.toggle("jr-dirty", d);
    // a live field applies itself: no Enter to press (as Streamlit's instructions)
    const apply = liveMs !== null ? "" : kind === "text_area" ? "Press Ctrl+Enter to apply" : "Press Enter to apply";
    if (d) setText(hint, !v.formId ? apply : host.entersSubmit(v) ? "Press Enter to submit form" : "");
    setText(count, max ? `${control.value.length}/${max}` : "");
    const c = !search || !control.value || control.disabled || check.required;
    if (clear.hidden !== c) clear.hidden = c;
  };
  // value=None: an empty field the viewer has not typed into stays None (null), as in Streamlit
  const read = (): string | null => (control.value === "" && v.known === "null" ? null : control.value);
  const v = view(
    el,
    field.root,
    read,
    (e) => {
      field.common(e, [control]);
      attr(control, "placeholder", e.placeholder || null);
      max = num(e.max_chars, 0);
      attr(control, "maxlength", max > 0 ? max : null);
      if (control instanceof HTMLInputElement) {
        const t = e as TextInputEl;
        const type = t.password ? (shown ? "text" : "password") : NATIVE_TYPE.get(String(t.input_type)) ?? "text";
        if (control.type !== type) control.type = type;
        eye.hidden = !t.password;
        wrap.classList.toggle("jr-pw", !!t.password);
        search = t.input_type === "search";
        wrap.classList.toggle("jr-search", search);
        attr(control, "enterkeyhint", search ? "search" : null);
        // "" (Streamlit's spelling of "the browser's default"): no attribute
        attr(control, "autocomplete", typeof t.autocomplete === "string" ? t.autocomplete || null : "off");
        setFieldIcon(wrap, t.icon);
        const [src, message] = Array.isArray(t.validate) ? t.validate : ["", null];
        if (typeof src === "string" && src !== ruleSrc) {
          ruleSrc = src;
          try {
            rule = src ? new RegExp(src, "us") : null;
          } catch (err) {
            rule = `Invalid validate regex: ${src}. ${String(err)}`;
          }
          showError(typeof rule === "string" ? rule : null);
        }
        ruleMessage = typeof message === "string" && message ? message : null;
        liveMs = typeof t.live_ms === "number" && t.live_ms >= 0 && t.live_ms <= 60_000 ? t.live_ms : null;
      }
      check.setRequired(e.required);
      if (!(control instanceof HTMLInputElement)) {
        const ht = num((e as TextAreaEl).height, 0);
        control.style.height = ht > 0 ? ht + "px" : "";
      }
      dirty();
    },
    (val) => {
      control.value = val == null ? "" : String(val);
      dirty();
    },
    () => document.activeElement === control,
  );
  /** Apply the text (outside a form) if it passes `required` and `validate`. */
  const apply = (quiet = false): void => {
    clearTimeout(timer);
    if (!v.formId && !attempt(quiet)) return;
    host.commit(v, read());
  };
  v.valid = () => attempt();
  control.addEventListener("input", (ev) => {
    if (check.message !== null && typeof rule !== "string") showError(null); // typing clears the error
    dirty();
    // live: applied after a pause in typing (0: at once), outside forms and IME composition
    if (liveMs === null || v.formId || (ev as InputEvent).isComposing) return;
    clearTimeout(timer);
    if (liveMs === 0) apply(true);
    else timer = window.setTimeout(() => apply(true), liveMs);
  });
  control.addEventListener("compositionend", () => control.dispatchEvent(new Event("input")));
  control.addEventListener("keydown", (ev) => {
    const e = ev as KeyboardEvent;
    if (e.key !== "Enter" || e.isComposing) return;
    if (kind === "text_area" && !(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    if (kind === "text_area") apply();
    else if (v.formId) host.enter(v); // the form's submit checks every field
    else if (attempt()) host.enter(v);
    dirty();
  });
  control.addEventListener("blur", () => {
    apply();
    dirty();
  });
  clear.addEventListener("click", () => {
    control.value = "";
    showError(typeof rule === "string" ? rule : null);
    clearTimeout(timer);
    host.commit(v, read()); // an empty text: no rule to pass
    control.focus();
    dirty();
  });
  return v;
}

/** The native input each `text_input(type=...)` draws (password is switched by its eye button). */
const NATIVE_TYPE = new Map([
  ["email", "email"],
  ["url", "url"],
  ["phone", "tel"],
  ["search", "search"],
]);

const textInput: Maker<TextInputEl> = (el, host) => textLike("text_input", el, host, h("input", { type: "text", autocomplete: "off" }));
const textArea: Maker<TextAreaEl> = (el, host) => textLike("text_area", el, host, h("textarea", { rows: "3" }));

// -- number -------------------------------------------------------------------------------------

const numberInput: Maker<NumberInputEl> = (el, host) => {
  const field = new Field("number_input", uid("jr-n"));
  const input = h("input", { type: "number", class: "jr-input", id: field.label.getAttribute("for") });
  // The step buttons are mouse conveniences: the spinbutton itself takes ArrowUp/ArrowDown.
  const minus = h("button", { type: "button", class: "jr-step", tabindex: "-1", "aria-hidden": "true", text: "−" });
  const plus = h("button", { type: "button", class: "jr-step", tabindex: "-1", "aria-hidden": "true", text: "+" });
  // With a number_format the box shows the formatted value over the input while it is not
  // focused (a type=number input can only hold the raw number); focus shows the raw value.
  const shown = h("span", { class: "jr-num-shown", "aria-hidden": "true" });
  const box = h("div", { class: "jr-num" }, input, shown, minus, plus);
  field.root.append(box);
  const check = new FieldCheck(field, box, input); // required: an empty field is not applied
  let cur = el;
  // number_input(value=None): may be cleared back to None, also once session_state filled it
  const nullable = (): boolean => cur.clearable === true;
  const read = (): WidgetValue => {
    let x = input.valueAsNumber;
    if (!Number.isFinite(x)) {
      if (nullable() && input.value === "") return null;
      const k = JSON.parse(v.known) as unknown;
      return typeof k === "number" || k === null ? k : num(cur.min, 0);
    }
    if (cur.min != null) x = Math.max(cur.min, x);
    if (cur.max != null) x = Math.min(cur.max, x);
    return cur.format === "int" ? Math.round(x) : +x.toFixed(Math.max(decimals(cur), 6));
  };
  const plain = (x: number): string => {
    const f = x.toFixed(decimals(cur));
    return cur.format === "int" || +f !== x ? String(x) : f;
  };
  // the formatted value, or "" when there is no format (or none this page understands)
  const formatted = (x: number | null): string => {
    if (x == null || typeof cur.number_format !== "string") return "";
    const s = formatNumber(cur.number_format, x, cur.format === "int", () => "");
    return s === plain(x) ? "" : s;
  };
  const show = (x: number | null): void => {
    input.value = x == null ? "" : plain(x);
    const f = formatted(x);
    setText(shown, f);
    box.classList.toggle("jr-fmt", !!f);
    attr(input, "aria-valuetext", f || null);
  };
  const v = view(
    el,
    field.root,
    read,
    (e) => {
      cur = e;
      field.common(e, [input, minus, plus]);
      attr(input, "min", e.min ?? null);
      attr(input, "max", e.max ?? null);
      attr(input, "placeholder", e.placeholder || null);
      setFieldIcon(box, e.icon);
      check.setRequired(e.required);
      input.step = String(num(e.step, 0) || (e.format === "int" ? 1 : "any"));
      if (document.activeElement !== input) show(Number.isFinite(input.valueAsNumber) ? input.valueAsNumber : null);
    },
    (val) => show(val == null ? null : num(val, 0)),
    () => document.activeElement === input,
  );
  const commit = (): void => {
    const x = read() as number | null;
    // required: an emptied field is not applied (outside a form the last number is kept)
    check.show(x === null && check.required && !v.formId ? REQUIRED : null);
    if (check.message !== null) return;
    show(x);
    host.commit(v, x);
  };
  v.valid = () => {
    const ok = !(check.required && read() === null);
    check.show(ok ? null : REQUIRED);
    return ok;
  };
  input.addEventListener("input", () => check.message !== null && check.show(null));
  input.addEventListener("change", commit);
  input.addEventListener("keydown", (e) => {
    const key = (e as KeyboardEvent).key;
    if (key === "Enter") {
      commit();
      if (v.formId) host.enter(v); // submits the form, as Enter in Streamlit's number input does
    }
    // value=None: Escape empties the field, as Streamlit's clearable number input (Enter applies)
    else if (key === "Escape" && nullable() && !input.disabled) input.value = "";
  });
  const step = (dir: number): void => {
    try {
      if (dir > 0) input.stepUp();
      else input.stepDown();
    } catch {
      input.value = String(num(read(), 0) + dir * num(cur.step, 1));
    }
    commit();
  };
  minus.addEventListener("click", () => step(-1));
  plus.addEventListener("click", () => step(1));
  return v;
};

/** The widget shape named `K` (a shape may serve several names: checkbox and toggle). */
type WidgetOf<K extends WidgetKind, E = WidgetEl> = E extends { widget: infer W } ? (K extends W ? E : never) : never;

/** A maker for every widget name: a widget added to the schema fails to compile until it has one. */
/** A chart whose selections are its value (`on_select`): drawn again only when the chart itself
 *  changes, so a rerun that only echoes the selection keeps the brush or the clicked points. */
function vegaLiteChart(el: VegaLiteChartWidgetEl, host: WidgetHost): WidgetView {
  const root = h("div", { class: "jr-widget jr-w-vega_lite_chart" });
  let value = String(el.value ?? "");
  let drawn = "";
  const v: WidgetView = view(
    el,
    root,
    () => value,
    (e) => {
      const key = J(e.chart) + J(e.selections);
      if (key === drawn) return;
      drawn = key;
      root.replaceChildren();
      vegaLite(e.chart, root, {
        params: e.selections,
        commit: (json) => {
          value = json;
          host.commit(v, json);
        },
      });
    },
    (val) => {
      value = String(val ?? "");
    },
  );
  return v;
}

const MAKERS: { [K in WidgetKind]: Maker<WidgetOf<K>> } = {
  vega_lite_chart: vegaLiteChart,
  button,
  form_submit_button: button,
  checkbox,
  toggle: checkbox,
  slider,
  text_input: textInput,
  text_area: textArea,
  number_input: numberInput,
  selectbox,
  radio,
  multiselect,
  download_button: ((el: DownloadButtonEl, host: WidgetHost) => downloadButton(el, host, view as never)) as Maker<DownloadButtonEl>,
  file_uploader: ((el: FileWidgetEl, host: WidgetHost) => fileUploader(el, host, view as never)) as Maker<FileWidgetEl>,
  camera_input: ((el: FileWidgetEl, host: WidgetHost) => cameraInput(el, host, view as never)) as Maker<FileWidgetEl>,
  pydeck_chart: ((el: PydeckSelectEl, host: WidgetHost) => deckSelect(el, host, view as never)) as Maker<PydeckSelectEl>,
  plotly_chart: ((el: PlotlySelectEl, host: WidgetHost) => plotlySelect(el, host, view as never)) as Maker<PlotlySelectEl>,
  echarts_chart: ((el: EChartsSelectEl, host: WidgetHost) => echartsSelect(el, host, view as never)) as Maker<EChartsSelectEl>,
  pills: ((el: ButtonGroupEl, host: WidgetHost) => buttonGroup(el, host, view as never, field)) as Maker<ButtonGroupEl>,
  segmented_control: ((el: ButtonGroupEl, host: WidgetHost) => buttonGroup(el, host, view as never, field)) as Maker<ButtonGroupEl>,
  feedback: ((el: FeedbackEl, host: WidgetHost) => feedback(el, host, view as never)) as Maker<FeedbackEl>,
  pagination: ((el: PaginationEl, host: WidgetHost) => pagination(el, host, view as never)) as Maker<PaginationEl>,
  menu_button: ((el: MenuButtonEl, host: WidgetHost) => menuButton(el, host, view as never)) as Maker<MenuButtonEl>,
  audio_input: ((el: AudioInputEl, host: WidgetHost) => audioInput(el, host, view as never, field)) as Maker<AudioInputEl>,
  link_button: ((el: LinkButtonWidgetEl, host: WidgetHost) => linkButtonWidget(el, host, view as never)) as Maker<LinkButtonWidgetEl>,
  date_input: dateInput,
  time_input: timeInput,
  datetime_input: datetimeInput,
  color_picker: colorPicker,
  select_slider: selectSlider,
  chat_input: ((el: ChatInputEl, host: WidgetHost) => chatInput(el, host, view as never)) as Maker<ChatInputEl>,
  component: ((el: ComponentEl, host: WidgetHost) => componentWidget(el, host, view as never)) as Maker<ComponentEl>,
  component_v2: ((el: ComponentV2El, host: WidgetHost) => componentV2Widget(el, host, view as never)) as Maker<ComponentV2El>,
};

/** A label row for widgets drawn in other modules (buttons.ts). */
function field(kind: string): Field {
  return new Field(kind, null);
}


export { isButton, Field, FieldCheck, REQUIRED, view, slider };
