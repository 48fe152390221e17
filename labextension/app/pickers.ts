// Value pickers (runs in the browser page): date_input (a typed field plus a calendar popup
// whose grid is the lazy chunk chunks/calendar.ts), time_input (a typed field with a list of
// times), color_picker (the native colour input), select_slider (the slider over option
// indices), and the text shown for date/time slider values.

import { attr, h, setText, uid } from "./dom";
import { formatMoment, zeroPad as pad } from "./format";
import { loadChunk } from "./lazy";
import type { CalendarApi } from "./chunks/calendar";
import type { ColorPickerEl, DateInputEl, DatetimeInputEl, SelectSliderEl, SliderEl, TimeInputEl, WidgetValue } from "./protocol";
import { Field, FieldCheck, REQUIRED, slider, view, type WidgetHost, type WidgetView } from "./widgets";

// -- date_input ---------------------------------------------------------------------------------

/** An ISO date in a date_input `format` ("YYYY/MM/DD", "DD.MM.YYYY" ...). */
const showDate = (fmt: string, iso: string): string => {
  const [y, m, d] = iso.split("-");
  return fmt.replace("YYYY", y).replace("MM", m).replace("DD", d);
};

/** Text typed in `fmt` back to an ISO date, or null when it is not a calendar date. */
function parseDate(fmt: string, text: string): string | null {
  const nums = text.trim().split(/[/.\-\s]+/);
  const keys = fmt.split(/[/.-]/);
  if (nums.length !== 3 || !nums.every((n) => /^\d+$/.test(n))) return null;
  const f: Record<string, number> = {};
  keys.forEach((k, i) => (f[k] = +nums[i]));
  const iso = `${pad(f.YYYY, 4)}-${pad(f.MM)}-${pad(f.DD)}`;
  const t = new Date(iso + "T00:00:00Z");
  return Number.isNaN(+t) || t.getUTCDate() !== f.DD || t.getUTCMonth() + 1 !== f.MM ? null : iso;
}

const RANGE_SEP = " – ";

interface CalendarChoice {
  min: string;
  max: string;
  selected: string[];
  range: boolean;
}

/** The calendar (the lazy chunk) that `open` shows in `pop` under a date field: `pick` gets the
 *  dates chosen (`done` once a date, or a range's end, is picked: the popup has closed);
 *  Escape or a click outside `root` closes it. A click on `typing` (the field) opens it too, as
 *  Streamlit's field does, leaving the focus there to type. Returns the function that closes it. */
function calendarPopup(
  root: HTMLElement,
  open: HTMLElement,
  pop: HTMLElement,
  choice: () => CalendarChoice,
  pick: (dates: string[], done: boolean) => void,
  typing?: HTMLInputElement,
): () => void {
  let cal: ReturnType<CalendarApi["calendar"]> | null = null;
  const close = (): void => {
    pop.hidden = true;
    open.setAttribute("aria-expanded", "false");
  };
  const toggle = (focus = true): void => {
    if (!pop.hidden) return close();
    pop.hidden = false;
    open.setAttribute("aria-expanded", "true");
    loadChunk<CalendarApi>("calendar").then(
      (api) => {
        const opts = {
          ...choice(),
          pick: (dates: string[], done: boolean) => {
            if (done) close();
            else cal?.set({ ...opts, selected: dates });
            pick(dates, done);
          },
          close: () => {
            close();
            open.focus();
          },
        };
        if (!cal) cal = api.calendar(pop, opts);
        else cal.set(opts);
        if (focus) cal.focus();
      },
      () => setText(pop, "The calendar could not be loaded; type the date instead."),
    );
  };
  open.addEventListener("click", () => toggle());
  typing?.addEventListener("click", () => pop.hidden && !typing.disabled && toggle(false));
  document.addEventListener("pointerdown", (e) => {
    if (!pop.hidden && !root.contains(e.target as Node)) close();
  });
  return close;
}

export const dateInput = (el: DateInputEl, host: WidgetHost): WidgetView => {
  const field = new Field("date_input", uid("jr-d"));
  const input = h("input", { type: "text", class: "jr-input", id: field.label.getAttribute("for"), autocomplete: "off" });
  const open = h("button", { type: "button", class: "jr-cal-btn", "aria-label": "Open calendar", "aria-expanded": "false" });
  const pop = h("div", { class: "jr-cal-pop", hidden: true });
  const note = h("div", { class: "jr-caption", "aria-live": "polite" });
  // Streamlit's clearable field (value=None, or a range that starts empty) has an × while it holds a date
  const clear = h("button", { type: "button", class: "jr-clear", "aria-label": "Clear", hidden: true });
  const box = h("div", { class: "jr-date" }, input, clear, open);
  field.root.append(box, pop, note);
  const check = new FieldCheck(field, box, input); // required: an empty date is not applied
  let cur = el;
  let value: string[] = []; // the dates held, ISO
  const wire = (): WidgetValue => (cur.range ? value.slice() : (value[0] ?? null));
  // required: no clearing (Streamlit 1.67 hides the × and ignores Escape)
  const clearable = (): boolean =>
    !check.required && (cur.range ? Array.isArray(cur.default) && cur.default.length === 0 : cur.default == null);
  // Streamlit's empty for `required`: no date, or a range without both ends
  const empty = (dates: string[]): boolean => dates.length === 0 || (!!cur.range && dates.length < 2);
  const show = (): void => {
    input.value = value.map((d) => showDate(cur.format, d)).join(RANGE_SEP);
    attr(input, "placeholder", cur.range ? `${cur.format}${RANGE_SEP}${cur.format}` : cur.format);
    clear.hidden = !(clearable() && value.length && !cur.disabled);
  };
  const v = view(
    el,
    field.root,
    wire,
    (e) => {
      cur = e;
      field.common(e, [input, clear, open]);
      check.setRequired(e.required);
      show();
    },
    (val) => {
      value = Array.isArray(val) ? val.map(String) : val == null ? [] : [String(val)];
      show();
    },
    () => document.activeElement === input || !pop.hidden,
  );
  /** Apply `dates`; required: an empty value is not (outside a form the last dates stay and
   *  the field says why; a range's first end waits for the second without a word). */
  const commit = (dates: string[], partial = false): void => {
    if (check.required && empty(dates) && !v.formId) {
      if (!partial) check.show(REQUIRED);
      if (!partial) show();
      return;
    }
    check.show(null);
    value = dates;
    show();
    host.commit(v, wire());
  };
  v.valid = () => {
    const ok = !(check.required && (empty(value) || !input.value.trim()));
    check.show(ok ? null : REQUIRED);
    return ok;
  };
  const typed = (): void => {
    const text = input.value.trim();
    const pieces = text ? text.split(/\s*[–—]\s*|\s+-\s+/) : [];
    const dates = pieces.map((p) => parseDate(cur.format, p));
    if (!text && !cur.range) {
      // emptied: back to the script's value, or None for value=None, as Streamlit's field does
      const back = cur.default == null ? [] : [String(cur.default)];
      setText(note, "");
      if (JSON.stringify(back) !== JSON.stringify(value)) commit(back);
      else show();
      return;
    }
    const ok =
      dates.every((d) => d !== null && d >= cur.min && d <= cur.max) &&
      (cur.range ? dates.length <= 2 && (dates.length < 2 || dates[0]! <= dates[1]!) : dates.length === 1);
    if (!ok) {
      setText(note, `Enter a date as ${cur.format} between ${showDate(cur.format, cur.min)} and ${showDate(cur.format, cur.max)}.`);
      show();
      return;
    }
    setText(note, "");
    if (JSON.stringify(dates) !== JSON.stringify(value)) commit(dates as string[]);
  };
  // Enter applies the typed date; in a form it also submits the form, as in a text field
  clear.addEventListener("click", () => {
    setText(note, "");
    commit([]);
    input.focus();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      close();
      typed();
      if (v.formId) host.enter(v);
    } else if (e.key === "Escape") {
      close();
      if (clearable() && !input.disabled && value.length) {
        setText(note, "");
        commit([]);
      }
    }
  });
  input.addEventListener("change", typed);
  input.addEventListener("input", () => check.message !== null && check.show(null));

  const close = calendarPopup(
    field.root,
    open,
    pop,
    () => ({ min: cur.min, max: cur.max, selected: value, range: !!cur.range }),
    (dates, done) => {
      commit(dates, !done);
      if (done) input.focus();
    },
    input,
  );
  return v;
};

// -- time_input ---------------------------------------------------------------------------------

/** Seconds since midnight -> the text the field shows. */
function showTime(fmt: string, s: number, seconds: boolean): string {
  if (fmt === "localized") {
    return new Date(s * 1000).toLocaleTimeString(undefined, { timeZone: "UTC", hour: "numeric", minute: "2-digit", second: seconds ? "2-digit" : undefined });
  }
  return formatMoment((fmt === "12h" ? "h:mm" : "HH:mm") + (seconds ? ":ss" : "") + (fmt === "12h" ? " A" : ""), s * 1000);
}

/** What an empty time field shows, as Streamlit 1.67's segments do: "HH:mm", "HH:mm:ss" when
 *  the step is not whole minutes, "hh:mm AM" on a 12-hour clock (its format, or the locale's). */
export function timePlaceholder(fmt: string, seconds: boolean): string {
  const cycle = (): string | undefined =>
    (new Intl.DateTimeFormat(undefined, { hour: "numeric" }).resolvedOptions() as { hourCycle?: string }).hourCycle;
  const twelve = fmt === "12h" || (fmt === "localized" && ["h11", "h12"].includes(cycle() ?? ""));
  return (twelve ? "hh:mm" : "HH:mm") + (seconds ? ":ss" : "") + (twelve ? " AM" : "");
}

/** Typed text ("14:30", "2:30 pm", "14:30:05", "1430") -> seconds since midnight, or null. */
function parseTime(text: string): number | null {
  const m = /^(\d{1,2})(?::?(\d{2}))?(?::(\d{2}))?\s*([ap])?\.?m?\.?$/i.exec(text.trim());
  if (!m) return null;
  let hr = +m[1];
  const mi = +(m[2] ?? 0),
    s = +(m[3] ?? 0);
  if (m[4]) {
    if (hr < 1 || hr > 12) return null;
    hr = (hr % 12) + (m[4].toLowerCase() === "p" ? 12 : 0);
  }
  return hr > 23 || mi > 59 || s > 59 ? null : hr * 3600 + mi * 60 + s;
}

const secsOf = (t: unknown): number | null => {
  const m = typeof t === "string" ? /^(\d\d):(\d\d)(?::(\d\d))?$/.exec(t) : null;
  return m ? +m[1] * 3600 + +m[2] * 60 + +(m[3] ?? 0) : null;
};

export const timeInput = (el: TimeInputEl, host: WidgetHost): WidgetView => {
  const field = new Field("time_input", uid("jr-ti"));
  const list = h("datalist", { id: uid("jr-tl") });
  const input = h("input", { type: "text", class: "jr-input", id: field.label.getAttribute("for"), autocomplete: "off", list: list.id });
  const note = h("div", { class: "jr-caption", "aria-live": "polite" });
  // value=None: an × empties the field while it holds a time, as Streamlit's clear button
  const clear = h("button", { type: "button", class: "jr-clear", "aria-label": "Clear", hidden: true });
  const wrap = h("div", { class: "jr-input-wrap" }, input, clear);
  field.root.append(wrap, list, note);
  const check = new FieldCheck(field, wrap, input); // required: an emptied field is not applied
  let cur = el;
  let secs: number | null = null;
  // value=None may be emptied, unless required (Streamlit 1.67: no × and no Escape then)
  const clearable = (): boolean => cur.default == null && !check.required;
  const showClear = (): void => {
    clear.hidden = !(clearable() && secs != null && !cur.disabled);
  };
  let listed = "";
  const withSeconds = (): boolean => cur.step % 60 !== 0 || (secs ?? 0) % 60 !== 0;
  const text = (s: number | null): string => (s == null ? "" : showTime(cur.format, s, withSeconds()));
  const wire = (): WidgetValue =>
    secs == null ? null : `${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}` + (withSeconds() ? `:${pad(secs % 60)}` : "");
  const v = view(
    el,
    field.root,
    wire,
    (e) => {
      cur = e;
      field.common(e, [input, clear]);
      check.setRequired(e.required);
      showClear();
      attr(input, "placeholder", timePlaceholder(e.format, e.step % 60 !== 0));
      const step = Math.max(1, e.step | 0);
      const key = `${step} ${e.format}`;
      if (key !== listed && 86400 / step <= 1440) {
        listed = key;
        const opts: HTMLOptionElement[] = [];
        for (let s = 0; s < 86400; s += step) opts.push(h("option", { value: showTime(e.format, s, step % 60 !== 0) }));
        list.replaceChildren(...opts);
      }
    },
    (val) => {
      secs = secsOf(val);
      input.value = text(secs);
      showClear();
    },
    () => document.activeElement === input,
  );
  const typed = (): void => {
    const t = input.value.trim();
    const s = t ? parseTime(t) : null;
    if (t && s == null) {
      setText(note, "Enter a time as HH:MM.");
      input.value = text(secs);
      return;
    }
    if (!t && cur.default != null) {
      input.value = text(secs); // only value=None may be emptied
      return;
    }
    if (!t && check.required) {
      // required: not applied; outside a form the last time stays and the field says why
      if (!v.formId) check.show(REQUIRED);
      return;
    }
    check.show(null);
    setText(note, "");
    const snapped = s == null || cur.step % 60 ? s : s - (s % 60);
    if (snapped === secs) return;
    secs = snapped;
    input.value = text(secs);
    showClear();
    host.commit(v, wire());
  };
  clear.addEventListener("click", () => {
    input.value = "";
    typed();
    input.focus();
  });
  input.addEventListener("change", typed);
  input.addEventListener("input", () => check.message !== null && check.show(null));
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      typed();
      if (v.formId) host.enter(v);
    } else if (e.key === "Escape" && clearable() && !input.disabled && input.value) {
      input.value = ""; // value=None: Escape clears it, as Streamlit's clearable time field
      typed();
    }
  });
  v.valid = () => {
    const ok = !(check.required && (secs == null || !input.value.trim()));
    check.show(ok ? null : REQUIRED);
    return ok;
  };
  typedReplaces(input);
  return v;
};

/** The first character typed after a time field takes focus (or after Enter) replaces the time
 *  shown, as in Streamlit's field (a search box over the times); moving the caret first edits.
 *  time_input's field and datetime_input's time field. */
function typedReplaces(input: HTMLInputElement): void {
  let fresh = false;
  input.addEventListener("focus", () => (fresh = true));
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") fresh = true;
    else if (e.key.startsWith("Arrow") || e.key === "Home" || e.key === "End" || e.key === "Backspace" || e.key === "Delete") fresh = false;
  });
  input.addEventListener("beforeinput", (e) => {
    if (e.inputType === "insertLineBreak") return; // Enter: the next text is a new time again
    if (fresh && e.inputType === "insertText") input.select(); // (not value = "": change must still fire)
    fresh = false;
  });
}

// -- datetime_input -----------------------------------------------------------------------------

/** A date field with its calendar beside a time field; the value is "YYYY-MM-DDTHH:MM[:SS]". */
export const datetimeInput = (el: DatetimeInputEl, host: WidgetHost): WidgetView => {
  const field = new Field("datetime_input", uid("jr-dt"));
  const dateBox = h("input", { type: "text", class: "jr-input", id: field.label.getAttribute("for"), autocomplete: "off" });
  const open = h("button", { type: "button", class: "jr-cal-btn", "aria-label": "Open calendar", "aria-expanded": "false" });
  const list = h("datalist", { id: uid("jr-tl") });
  const timeBox = h("input", { type: "text", class: "jr-input jr-dt-time", autocomplete: "off", list: list.id });
  const pop = h("div", { class: "jr-cal-pop", hidden: true });
  const note = h("div", { class: "jr-caption", "aria-live": "polite" });
  const box = h("div", { class: "jr-datetime" }, h("div", { class: "jr-date" }, dateBox, open), timeBox, list);
  field.root.append(box, pop, note);
  const check = new FieldCheck(field, box, dateBox); // required: an emptied date or time is not applied
  let cur = el;
  let day: string | null = null; // ISO date
  let secs: number | null = null; // seconds since midnight
  let listed = 0;
  const withSeconds = (): boolean => cur.step % 60 !== 0 || (secs ?? 0) % 60 !== 0;
  const clock = (s: number): string =>
    `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}` + (withSeconds() ? `:${pad(s % 60)}` : "");
  const wire = (): WidgetValue => (day == null || secs == null ? null : `${day}T${clock(secs)}`);
  const show = (): void => {
    dateBox.value = day == null ? "" : showDate(cur.format, day);
    timeBox.value = secs == null ? "" : showTime("24h", secs, withSeconds());
    attr(dateBox, "placeholder", cur.format);
    attr(timeBox, "placeholder", "HH:MM");
  };
  const v = view(
    el,
    field.root,
    wire,
    (e) => {
      cur = e;
      field.common(e, [dateBox, open, timeBox]);
      check.setRequired(e.required);
      attr(timeBox, "aria-label", `${e.label} (time)`);
      const step = Math.max(1, e.step | 0);
      if (step !== listed && 86400 / step <= 1440) {
        listed = step;
        const opts: HTMLOptionElement[] = [];
        for (let t = 0; t < 86400; t += step) opts.push(h("option", { value: showTime("24h", t, step % 60 !== 0) }));
        list.replaceChildren(...opts);
      }
    },
    (val) => {
      const m = typeof val === "string" ? /^(\d{4}-\d\d-\d\d)T(.+)$/.exec(val) : null;
      day = m ? m[1] : null;
      secs = m ? secsOf(m[2]) : null;
      show();
    },
    () => document.activeElement === dateBox || document.activeElement === timeBox || !pop.hidden,
  );
  /** Both parts held and in range: send; one part missing (value=None): keep it until both are. */
  const settle = (): void => {
    const w = wire();
    if (w == null) {
      // required: an emptied value is not applied; outside a form the field says why
      if (check.required) check.show(v.formId ? null : REQUIRED);
      else if (day == null && secs == null && el.value == null) host.commit(v, null);
      return;
    }
    check.show(null);
    const [lo, hi] = [cur.min.length === 16 ? cur.min + ":00" : cur.min, cur.max.length === 16 ? cur.max + ":59" : cur.max];
    const full = (w as string).length === 16 ? w + ":00" : (w as string);
    if (full < lo || full > hi) {
      setText(note, `Enter a date and time between ${cur.min.replace("T", " ")} and ${cur.max.replace("T", " ")}.`);
      return;
    }
    setText(note, "");
    host.commit(v, w);
  };
  v.valid = () => {
    const ok = !(check.required && wire() == null);
    check.show(ok ? null : REQUIRED);
    return ok;
  };
  const typedDate = (): void => {
    const text = dateBox.value.trim();
    const d = text ? parseDate(cur.format, text) : null;
    if (text && (d == null || d < cur.min.slice(0, 10) || d > cur.max.slice(0, 10))) {
      setText(note, `Enter a date as ${cur.format} between ${showDate(cur.format, cur.min.slice(0, 10))} and ${showDate(cur.format, cur.max.slice(0, 10))}.`);
      show();
      return;
    }
    if (!text && el.value != null) return show(); // only value=None may be emptied
    if (d === day) return;
    day = d;
    if (day != null && secs == null) secs = 0;
    show();
    settle();
  };
  const typedTime = (): void => {
    const text = timeBox.value.trim();
    const t = text ? parseTime(text) : null;
    if (text && t == null) {
      setText(note, "Enter a time as HH:MM.");
      return show();
    }
    if (!text && el.value != null) return show();
    const snapped = t == null || cur.step % 60 ? t : t - (t % 60);
    if (snapped === secs) return;
    secs = snapped;
    show();
    settle();
  };
  // a date typed first fills the time with 00:00: typing a time then replaces it, not appends
  typedReplaces(timeBox);
  for (const [box, typed] of [
    [dateBox, typedDate],
    [timeBox, typedTime],
  ] as const) {
    box.addEventListener("change", typed);
    box.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        typed();
        if (v.formId) host.enter(v);
      } else if (e.key === "Escape") close();
    });
  }
  const close = calendarPopup(field.root, open, pop, () => ({ min: cur.min.slice(0, 10), max: cur.max.slice(0, 10), selected: day ? [day] : [], range: false }), (dates, done) => {
    day = dates[0] ?? day;
    if (day != null && secs == null) secs = 0;
    show();
    if (done) {
      settle();
      timeBox.focus();
    }
  });
  return v;
};

// -- color_picker -------------------------------------------------------------------------------

export const colorPicker = (el: ColorPickerEl, host: WidgetHost): WidgetView => {
  const field = new Field("color_picker", uid("jr-cp"));
  // Streamlit 1.67 shows only the 40 px swatch; the browser's picker shows the hex when open
  const input = h("input", { type: "color", class: "jr-color", id: field.label.getAttribute("for") });
  field.root.append(input);
  const v = view(
    el,
    field.root,
    () => input.value,
    (e) => field.common(e, [input]),
    (val) => {
      input.value = String(val);
    },
  );
  input.addEventListener("change", () => host.commit(v, input.value));
  return v;
};

// -- select_slider ------------------------------------------------------------------------------

/** The slider over option indices; its bubbles and ticks show the options' labels. */
const asSlider = (e: SelectSliderEl): SliderEl =>
  ({ ...e, min: 0, max: Math.max(0, e.options.length - 1), step: 1, format: "int", labels: e.options }) as unknown as SliderEl;

export const selectSlider = (el: SelectSliderEl, host: WidgetHost): WidgetView => {
  const v = slider(asSlider(el), host);
  const update = v.update.bind(v);
  v.update = (e) => update(asSlider(e as SelectSliderEl));
  return v;
};
