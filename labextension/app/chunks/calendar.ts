// The date_input calendar (runs in the browser page; a lazy chunk loaded the first time a
// calendar opens, so pages without dates do not carry it). A month grid of day buttons, named
// by their full date for screen readers; arrow keys move by day/week, PageUp/PageDown by month.
// Dates are ISO strings handled in UTC so the viewer's time zone never shifts a day.

import { defineChunk } from "../lazy";

export interface CalendarOptions {
  min: string;
  max: string;
  /** The dates held (ISO): one, or for a range up to two. */
  selected: string[];
  range: boolean;
  /** A day was clicked: the new dates, and whether the choice is complete (popup closes). */
  pick(dates: string[], done: boolean): void;
  close(): void;
}

export interface Calendar {
  set(opts: CalendarOptions): void;
  focus(): void;
}

const DAY = 86_400_000;
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
const ms = (d: string): number => Date.parse(d + "T00:00:00Z");
const NAME = new Intl.DateTimeFormat("en-US", { weekday: "long", year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
const TITLE = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "long", timeZone: "UTC" });
const WEEKDAYS = ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text = ""): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text) e.textContent = text;
  return e;
}

function calendar(root: HTMLElement, first: CalendarOptions): Calendar {
  let o = first;
  let focusDay = ms(o.selected[o.selected.length - 1] ?? clampToday());
  let month = 0; // the first day of the month shown, in ms
  const prev = el("button", "jr-cal-nav", "‹");
  const next = el("button", "jr-cal-nav", "›");
  prev.type = next.type = "button";
  prev.setAttribute("aria-label", "Previous month");
  next.setAttribute("aria-label", "Next month");
  const title = el("div", "jr-cal-title");
  title.setAttribute("aria-live", "polite");
  const grid = el("div", "jr-cal-grid");
  grid.setAttribute("role", "grid");
  const box = el("div", "jr-cal");
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-label", "Calendar");
  const head = el("div", "jr-cal-head");
  head.append(prev, title, next);
  box.append(head, grid);
  root.replaceChildren(box);

  function clampToday(): string {
    const t = iso(Date.now() - new Date().getTimezoneOffset() * 60_000);
    return t < o.min ? o.min : t > o.max ? o.max : t;
  }
  const monthOf = (t: number): number => {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  };
  const shiftMonth = (t: number, n: number): number => {
    const d = new Date(t);
    const target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n + 1, 0)).getUTCDate();
    return target + (Math.min(d.getUTCDate(), last) - 1) * DAY;
  };

  function draw(): void {
    month = monthOf(focusDay);
    title.textContent = TITLE.format(month);
    prev.disabled = iso(month - DAY) < o.min;
    next.disabled = iso(shiftMonth(month, 1)) > o.max;
    const rows: HTMLElement[] = [];
    const headRow = el("div", "jr-cal-row");
    headRow.setAttribute("role", "row");
    for (const w of WEEKDAYS) {
      const c = el("div", "jr-cal-wd", w);
      c.setAttribute("role", "columnheader");
      headRow.append(c);
    }
    rows.push(headRow);
    const start = month - new Date(month).getUTCDay() * DAY;
    const [a, b] = [o.selected[0], o.selected[1] ?? o.selected[0]];
    for (let week = 0; week < 6; week++) {
      const row = el("div", "jr-cal-row");
      row.setAttribute("role", "row");
      for (let i = 0; i < 7; i++) {
        const t = start + (week * 7 + i) * DAY;
        const day = iso(t);
        const cell = el("div", "jr-cal-cell");
        cell.setAttribute("role", "gridcell");
        const btn = el("button", "jr-cal-day", String(new Date(t).getUTCDate()));
        btn.type = "button";
        btn.dataset.day = day;
        btn.setAttribute("aria-label", NAME.format(t));
        btn.disabled = day < o.min || day > o.max;
        btn.tabIndex = t === focusDay ? 0 : -1;
        const chosen = o.selected.includes(day);
        btn.setAttribute("aria-pressed", String(chosen));
        btn.classList.toggle("jr-cal-out", monthOf(t) !== month);
        btn.classList.toggle("jr-cal-in", !!a && !!b && day > a && day < b);
        cell.append(btn);
        row.append(cell);
      }
      rows.push(row);
      if (start + (week * 7 + 7) * DAY >= shiftMonth(month, 1)) break;
    }
    grid.replaceChildren(...rows);
  }

  function choose(day: string): void {
    if (!o.range) return o.pick([day], true);
    const s = o.selected;
    // a first click (or a click after a complete range, or before the start) starts a new range
    if (s.length !== 1 || day < s[0]) return o.pick([day], false);
    o.pick([s[0], day], true);
  }

  function move(t: number): void {
    const lo = ms(o.min),
      hi = ms(o.max);
    focusDay = Math.min(hi, Math.max(lo, t));
    draw();
    (grid.querySelector(`[data-day="${iso(focusDay)}"]`) as HTMLElement | null)?.focus();
  }

  grid.addEventListener("click", (e) => {
    const b = (e.target as HTMLElement).closest("button");
    if (b && !b.disabled && b.dataset.day) {
      focusDay = ms(b.dataset.day);
      choose(b.dataset.day);
    }
  });
  grid.addEventListener("keydown", (e) => {
    const step: Record<string, number> = { ArrowLeft: -DAY, ArrowRight: DAY, ArrowUp: -7 * DAY, ArrowDown: 7 * DAY };
    if (e.key in step) move(focusDay + step[e.key]);
    else if (e.key === "PageUp" || e.key === "PageDown") move(shiftMonth(focusDay, e.key === "PageUp" ? -1 : 1));
    else return;
    e.preventDefault();
  });
  box.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      o.close();
    }
  });
  prev.addEventListener("click", () => ((focusDay = Math.max(ms(o.min), shiftMonth(focusDay, -1))), draw()));
  next.addEventListener("click", () => ((focusDay = Math.min(ms(o.max), shiftMonth(focusDay, 1))), draw()));
  draw();
  return {
    set(opts) {
      o = opts;
      focusDay = ms(o.selected[o.selected.length - 1] ?? clampToday());
      draw();
    },
    focus() {
      (grid.querySelector('[tabindex="0"]') as HTMLElement | null)?.focus();
    },
  };
}

export type CalendarApi = { calendar: typeof calendar };
defineChunk("calendar", { calendar } satisfies CalendarApi);
