// Button-like widgets and links: pills and segmented controls, feedback icons, the microphone
// recorder, link buttons and page links; and the face (icon + label) every button shows.
//
// An audio_input's recording is made by the recorder chunk (loaded on the first Record): a mono
// 16-bit WAV at the widget's sample rate, uploaded like a camera photo.

import { attr, h, setText } from "./dom";
import { loadChunk } from "./lazy";
import { fileList, upload } from "./media";
import { pageNavigator } from "./nav";
import { enhance } from "./rich";
import type {
  AudioInputEl,
  ButtonGroupEl,
  FeedbackEl,
  LinkButtonEl,
  LinkButtonWidgetEl,
  MenuButtonEl,
  PageLinkEl,
  PaginationEl,
  SignedFileRef,
  WidgetValue,
} from "./protocol";
import type { RecorderApi } from "./chunks/recorder";
import type { ShortcutsApi } from "./chunks/shortcuts";
import type { MakeView, WidgetHost, WidgetView } from "./widgets";

const J = JSON.stringify;

/** An icon before a label: an emoji, ":material/name:" (the icon font, loaded on first use) or
 *  "spinner". Hidden from screen readers: the label names the control. */
export function iconNode(icon: unknown): HTMLElement | null {
  if (typeof icon !== "string" || !icon) return null;
  if (icon === "spinner") return h("span", { class: "jr-spin jr-bicon", "aria-hidden": "true" });
  const m = /^:material\/([a-z0-9_]+):$/.exec(icon);
  if (m) loadChunk("icons", { css: true }).catch(() => undefined);
  return h("span", { class: "jr-bicon", "aria-hidden": "true" }, m ? h("span", { class: "jr-icon", text: m[1] }) : icon);
}

interface Face {
  label?: unknown;
  label_html?: unknown;
  icon?: unknown;
  icon_position?: unknown;
  shortcut?: unknown;
  button_type?: unknown;
}

/** Draw a button's icon and label (markdown rendered by the kernel when it is not plain text),
 *  the icon after the label with `icon_position: "right"`, its shortcut's badge after them as
 *  Streamlit shows it, and its type's colour, rebuilding only when they change. `b` is what a
 *  click presses: its shortcut presses it too. */
export function buttonFace(b: HTMLElement, e: Face): void {
  const key = J([e.label, e.label_html, e.icon, e.icon_position, e.shortcut]);
  if (b.dataset.face !== key) {
    b.dataset.face = key;
    const text = h("span", { text: String(e.label ?? "") });
    if (typeof e.label_html === "string") text.innerHTML = e.label_html;
    const icon = iconNode(e.icon);
    const shortcut = typeof e.shortcut === "string" && e.shortcut ? e.shortcut : null;
    const badge = shortcut ? h("kbd", { class: "jr-kbd", hidden: true }) : null;
    const parts = e.icon_position === "right" ? [text, icon, badge] : [icon, text, badge];
    b.replaceChildren(...parts.filter((x): x is HTMLElement => !!x));
    enhance(b);
    if (b.dataset.jrShortcut !== undefined) delete b.dataset.jrShortcut;
    if (shortcut && badge) {
      // the badge and the key listener come with the shortcuts chunk, on a page that has one
      loadChunk<ShortcutsApi>("shortcuts")
        .then((api) => {
          if (b.dataset.face === key) api.attach(b, badge, shortcut);
        })
        .catch(() => undefined);
    }
  }
  b.classList.toggle("jr-primary", e.button_type === "primary");
  b.classList.toggle("jr-tertiary", e.button_type === "tertiary");
}

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

// -- links ----------------------------------------------------------------------------------------

function linkCommon(a: HTMLAnchorElement, el: LinkButtonEl | PageLinkEl, external: boolean): HTMLElement {
  if (external) {
    a.target = "_blank";
    a.rel = "noopener noreferrer";
  }
  attr(a, "title", el.help || null);
  if (el.disabled) {
    // no href: it cannot be followed; the role keeps it a (disabled) link for screen readers
    a.removeAttribute("href");
    a.setAttribute("role", "link");
    a.setAttribute("aria-disabled", "true");
    a.classList.add("jr-disabled");
  }
  return h("div", { class: `jr-w-${el.kind}${el.use_container_width ? " jr-full" : ""}` }, a);
}

export function linkButton(el: LinkButtonEl, wrap: HTMLElement): void {
  const url = String(el.url ?? "");
  const a = h("a", { class: "jr-btn jr-linkbtn", href: SAFE_URL.test(url) ? url : null });
  buttonFace(a, el);
  wrap.append(linkCommon(a, el, true));
}

/** A link button that also reruns the script (`on_click` not "ignore"): the click opens the
 *  link in a new tab and presses the widget. */
export function linkButtonWidget(el: LinkButtonWidgetEl, host: WidgetHost, view: MakeView): WidgetView {
  const a = h("a", { class: "jr-btn jr-linkbtn", target: "_blank", rel: "noopener noreferrer" });
  const root = h("div", { class: "jr-widget jr-w-link_button" }, a);
  const v = view(
    el as never,
    root,
    () => true,
    ((e: LinkButtonWidgetEl) => {
      buttonFace(a, e);
      const url = String(e.url ?? "");
      attr(a, "href", SAFE_URL.test(url) && !e.disabled ? url : null);
      attr(a, "role", e.disabled ? "link" : null);
      attr(a, "aria-disabled", e.disabled ? "true" : null);
      a.classList.toggle("jr-disabled", !!e.disabled);
      attr(a, "title", e.help || null);
      root.classList.toggle("jr-full", e.use_container_width === true);
    }) as never,
    () => undefined,
  );
  a.addEventListener("click", () => {
    if (a.hasAttribute("href")) host.press(v);
  });
  return v;
}

export function pageLink(el: PageLinkEl, wrap: HTMLElement): void {
  let url = String(el.url ?? "");
  // an app page's URL is relative to this page's; anything with a scheme must be http(s)
  let ok = el.external ? SAFE_URL.test(url) : !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith("//");
  const nav = typeof el.page === "string" ? pageNavigator() : null;
  const query = url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
  if (nav && typeof el.page === "string") {
    url = nav.href(el.page, query); // a page of this app: followed without a reload
    ok = true;
  }
  const text = h("span");
  text.innerHTML = String(el.html ?? ""); // kernel-rendered inline markdown
  const icon = iconNode(el.icon);
  const a = h("a", { class: "jr-pagelink", href: ok ? url : null }, ...(el.icon_position === "right" ? [text, icon] : [icon, text]));
  if (nav && typeof el.page === "string") {
    const page = el.page;
    a.addEventListener("click", (e) => {
      if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || el.disabled) return;
      e.preventDefault();
      nav.go(page, query);
    });
  }
  enhance(a);
  wrap.append(linkCommon(a, el, !!el.external));
}

// -- pills / segmented_control --------------------------------------------------------------------

/** The Field class of widgets.ts (label row, help mark, label visibility), passed in so this
 *  module does not import widgets.ts at run time. */
export interface FieldLike {
  readonly root: HTMLElement;
  readonly labelId: string;
  common(el: never, controls: HTMLElement[]): void;
}
export type MakeField = (kind: string) => FieldLike;

export function buttonGroup(el: ButtonGroupEl, host: WidgetHost, view: MakeView, field: MakeField): WidgetView {
  const f = field(el.widget);
  const group = h("div", { role: "group", class: `jr-bgroup jr-${el.widget}`, "aria-labelledby": f.labelId });
  f.root.append(group);
  let cur = el;
  let opts = "";
  let btns: HTMLButtonElement[] = [];
  let chosen: number[] = [];
  const read = (): WidgetValue => (cur.multi ? [...chosen] : chosen.length ? chosen[0] : null);
  const paint = (): void =>
    btns.forEach((b, i) => {
      const on = chosen.includes(i);
      b.setAttribute("aria-pressed", String(on));
      b.classList.toggle("jr-on", on);
    });
  const click = (i: number): void => {
    if (cur.disabled) return;
    if (cur.multi) chosen = chosen.includes(i) ? chosen.filter((x) => x !== i) : [...chosen, i];
    else if (chosen[0] === i) {
      if (cur.required) return;
      chosen = [];
    } else chosen = [i];
    paint();
    host.commit(v, read());
  };
  const v = view(
    el as never,
    f.root,
    read,
    ((e: ButtonGroupEl) => {
      cur = e;
      const o = Array.isArray(e.options) ? e.options.map((x) => String(x)) : [];
      if (J(o) !== opts) {
        opts = J(o);
        btns = o.map((html, i) => {
          const b = h("button", { type: "button", class: "jr-bopt" });
          b.innerHTML = html; // kernel-rendered inline markdown (icons, emoji)
          // an icon-only option is named by its icon
          const icons = Array.from(b.querySelectorAll(".jr-icon"), (x) => (x.textContent || "").replace(/_/g, " "));
          const words = b.cloneNode(true) as HTMLElement;
          words.querySelectorAll(".jr-icon").forEach((x) => x.remove());
          if (icons.length && !(words.textContent || "").trim()) attr(b, "aria-label", icons.join(" "));
          b.addEventListener("click", () => click(i));
          return b;
        });
        group.replaceChildren(...btns);
        enhance(group);
        paint();
        v.known = "\0"; // options changed: re-apply the server's value
      }
      f.common(e as never, btns);
      f.root.classList.toggle("jr-full", e.use_container_width === true);
    }) as never,
    (val) => {
      const ok = (x: unknown): x is number => typeof x === "number" && x >= 0 && x < btns.length;
      chosen = Array.isArray(val) ? val.filter(ok) : ok(val) ? [val] : [];
      paint();
    },
  );
  return v;
}

// -- feedback -------------------------------------------------------------------------------------

const FEEDBACK: Record<string, [string, string][]> = {
  thumbs: [
    ["thumb_down", "Thumbs down"],
    ["thumb_up", "Thumbs up"],
  ],
  faces: [
    ["sentiment_sad", "Very dissatisfied"],
    ["sentiment_dissatisfied", "Dissatisfied"],
    ["sentiment_neutral", "Neutral"],
    ["sentiment_satisfied", "Satisfied"],
    ["sentiment_very_satisfied", "Very satisfied"],
  ],
};
const STAR = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2.8l2.8 5.9 6.4.8-4.7 4.4 1.2 6.4L12 17.2l-5.7 3.1 1.2-6.4-4.7-4.4 6.4-.8z"/></svg>';

export function feedback(el: FeedbackEl, host: WidgetHost, view: MakeView): WidgetView {
  const group = h("div", { role: "group", class: "jr-feedback", "aria-label": String(el.label ?? "") });
  const root = h("div", { class: "jr-widget jr-w-feedback" }, group);
  let cur = el;
  let kind = "";
  let btns: HTMLButtonElement[] = [];
  let chosen: number | null = null;
  let hover = -1;
  const paint = (): void =>
    btns.forEach((b, i) => {
      b.setAttribute("aria-pressed", String(i === chosen));
      b.classList.toggle("jr-on", cur.options === "stars" ? chosen !== null && i <= chosen : i === chosen);
      b.classList.toggle("jr-hov", cur.options === "stars" && i <= hover);
    });
  const v = view(
    el as never,
    root,
    () => chosen,
    ((e: FeedbackEl) => {
      cur = e;
      if (e.options !== kind) {
        kind = e.options;
        const items =
          kind === "stars"
            ? [1, 2, 3, 4, 5].map((n) => ["", n === 1 ? "1 star" : `${n} stars`] as [string, string])
            : FEEDBACK[kind] || FEEDBACK.thumbs;
        btns = items.map(([icon, name], i) => {
          const b = h("button", { type: "button", class: "jr-fb", "aria-label": name, title: name });
          if (icon) b.append(h("span", { class: "jr-icon", "aria-hidden": "true", text: icon }));
          else b.innerHTML = STAR;
          b.addEventListener("click", () => {
            if (cur.disabled) return;
            chosen = chosen === i ? null : i;
            paint();
            host.commit(v, chosen);
          });
          b.addEventListener("mouseenter", () => ((hover = cur.disabled ? -1 : i), paint()));
          b.addEventListener("mouseleave", () => ((hover = -1), paint()));
          return b;
        });
        // Streamlit shows thumbs up first; the values stay 0 for down, 1 for up
        group.replaceChildren(...(kind === "thumbs" ? [...btns].reverse() : btns));
        group.classList.toggle("jr-stars", kind === "stars");
        enhance(group);
        v.known = "\0";
      }
      attr(group, "aria-label", String(e.label ?? ""));
      btns.forEach((b) => (b.disabled = !!e.disabled));
      root.classList.toggle("jr-disabled", !!e.disabled);
      root.classList.toggle("jr-full", e.use_container_width === true);
    }) as never,
    (val) => {
      chosen = typeof val === "number" && val >= 0 && val < btns.length ? val : null;
      paint();
    },
  );
  return v;
}

// -- audio_input ----------------------------------------------------------------------------------

export function audioInput(el: AudioInputEl, host: WidgetHost, view: MakeView, field: MakeField): WidgetView {
  const f = field("audio_input");
  const rec = h("button", { type: "button", class: "jr-btn jr-rec" });
  const clear = h("button", { type: "button", class: "jr-btn", text: "Clear recording" });
  const player = h("audio", { controls: true, class: "jr-audio" });
  const status = h("div", { class: "jr-caption", role: "status" });
  f.root.append(h("div", { class: "jr-recorder" }, rec, clear), player, status);
  let cur = el;
  let current: SignedFileRef[] = [];
  let stop: (() => Promise<Blob>) | null = null;
  const drop = (): void => {
    if (player.src) URL.revokeObjectURL(player.src);
    player.removeAttribute("src");
  };
  const show = (): void => {
    const word = stop ? "Stop recording" : "Record";
    setText(rec, word);
    attr(rec, "aria-label", `${word}: ${cur.label ?? ""}`);
    attr(clear, "aria-label", `Clear recording: ${cur.label ?? ""}`);
    rec.classList.toggle("jr-primary", !!stop);
    clear.hidden = !!stop || !current.length;
    player.hidden = !!stop || !current.length || !player.src;
  };
  const v = view(
    el as never,
    f.root,
    () => current,
    ((e: AudioInputEl) => {
      cur = e;
      f.common(e as never, [rec, clear]);
      show();
    }) as never,
    (val) => {
      current = fileList(val);
      if (!current.length) drop();
      show();
    },
  );
  const fail = (what: string, err: unknown): void => setText(status, `${what}: ${(err as Error)?.message || err}`);
  rec.addEventListener("click", async () => {
    const end = stop;
    if (end) {
      stop = null;
      show();
      setText(status, "Uploading recording…");
      try {
        const wav = await end();
        const ref = await upload(cur.id, wav, "audio.wav");
        drop();
        player.src = URL.createObjectURL(wav);
        current = [ref];
        setText(status, "");
        show();
        host.commit(v, current as never);
      } catch (err) {
        fail("Recording failed", err);
      }
      return;
    }
    try {
      const api = await loadChunk<RecorderApi>("recorder");
      const rate = typeof cur.sample_rate === "number" ? cur.sample_rate : null;
      stop = await api.start(rate, (s) => setText(status, `Recording ${Math.floor(s / 60)}:${String(Math.floor(s) % 60).padStart(2, "0")}`));
      show();
    } catch (err) {
      fail("Microphone unavailable", err);
    }
  });
  clear.addEventListener("click", () => {
    current = [];
    drop();
    show();
    host.commit(v, [] as never);
  });
  return v;
}

// -- pagination -----------------------------------------------------------------------------------

/** The pages to show (0: an ellipsis), `max` items at most, ellipses included, as Streamlit counts
 *  them: the first and the last page and a window around `cur` (null: every page). */
export function pageWindow(cur: number, count: number, max: number | null): number[] {
  const run = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  if (max === null || count <= max) return run(1, count);
  if (max < 5) {
    const start = Math.min(Math.max(1, cur - Math.floor((max - 1) / 2)), count - max + 1);
    return run(start, start + max - 1);
  }
  if (cur <= max - 3) return [...run(1, max - 2), 0, count];
  if (cur >= count - max + 4) return [1, 0, ...run(count - max + 3, count)];
  const inner = max - 4;
  const start = cur - Math.floor((inner - 1) / 2);
  return [1, 0, ...run(start, start + inner - 1), 0, count];
}

export function pagination(el: PaginationEl, host: WidgetHost, view: MakeView): WidgetView {
  const nav = h("nav", { class: "jr-pagination", "aria-label": "Pagination" });
  const root = h("div", { class: "jr-widget jr-w-pagination" }, nav);
  let cur = el;
  let page = 1;
  const go = (p: number): void => {
    if (cur.disabled || p < 1 || p > cur.num_pages || p === page) return;
    page = p;
    paint();
    host.commit(v, page);
    (nav.querySelector(`[data-page="${page}"]`) as HTMLElement | null)?.focus();
  };
  const arrow = (icon: string, name: string, to: () => number): HTMLButtonElement => {
    const b = h("button", { type: "button", class: "jr-pg jr-pg-arrow", "aria-label": name, title: name });
    b.append(h("span", { class: "jr-icon", "aria-hidden": "true", text: icon }));
    b.addEventListener("click", () => go(to()));
    return b;
  };
  const prev = arrow("chevron_left", "Previous page", () => page - 1);
  const next = arrow("chevron_right", "Next page", () => page + 1);
  const paint = (): void => {
    const count = Math.max(1, cur.num_pages | 0);
    const max = typeof cur.max_visible === "number" && cur.max_visible > 0 ? cur.max_visible : null;
    const items = pageWindow(page, count, max).map((p) => {
      if (!p) return h("span", { class: "jr-pg-gap", "aria-hidden": "true", text: "…" });
      const b = h("button", { type: "button", class: "jr-pg", "aria-label": `Page ${p}`, "data-page": String(p), text: String(p) });
      if (p === page) b.setAttribute("aria-current", "page");
      b.disabled = !!cur.disabled;
      b.addEventListener("click", () => go(p));
      return b;
    });
    prev.disabled = !!cur.disabled || page <= 1;
    next.disabled = !!cur.disabled || page >= count;
    nav.replaceChildren(prev, ...items, next);
    root.classList.toggle("jr-disabled", !!cur.disabled);
  };
  const v = view(
    el as never,
    root,
    () => page,
    ((e: PaginationEl) => {
      cur = e;
      paint();
    }) as never,
    (val) => {
      page = typeof val === "number" && val >= 1 && val <= cur.num_pages ? Math.round(val) : 1;
      paint();
    },
  );
  enhance(nav);
  return v;
}

// -- menu_button ----------------------------------------------------------------------------------

/** A button that opens a menu; choosing an item sends its index once (a trigger with a value). */
export function menuButton(el: MenuButtonEl, host: WidgetHost, view: MakeView): WidgetView {
  const b = h("button", { type: "button", class: "jr-btn jr-menu-btn", "aria-haspopup": "menu", "aria-expanded": "false" });
  const menu = h("div", { role: "menu", class: "jr-menu", hidden: true });
  const root = h("div", { class: "jr-widget jr-w-menu_button" }, b, menu);
  let cur = el;
  const close = (focus: boolean): void => {
    menu.hidden = true;
    b.setAttribute("aria-expanded", "false");
    document.removeEventListener("pointerdown", outside, true);
    if (focus) b.focus();
  };
  const outside = (e: Event): void => {
    if (!root.contains(e.target as Node)) close(false);
  };
  const items = (): HTMLElement[] => Array.from(menu.querySelectorAll<HTMLElement>("[role=menuitem]"));
  const open = (): void => {
    if (cur.disabled) return;
    menu.hidden = false;
    b.setAttribute("aria-expanded", "true");
    document.addEventListener("pointerdown", outside, true);
    items()[0]?.focus();
  };
  b.addEventListener("click", () => (menu.hidden ? open() : close(true)));
  menu.addEventListener("keydown", (e) => {
    const all = items();
    const i = all.indexOf(document.activeElement as HTMLElement);
    const step = { ArrowDown: 1, ArrowUp: -1 }[e.key];
    if (step) {
      e.preventDefault();
      all[(i + step + all.length) % all.length]?.focus();
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      all[e.key === "Home" ? 0 : all.length - 1]?.focus();
    } else if (e.key === "Escape" || e.key === "Tab") {
      if (e.key === "Escape") e.preventDefault();
      close(e.key === "Escape");
    }
  });
  const v = view(
    el as never,
    root,
    () => null,
    ((e: MenuButtonEl) => {
      cur = e;
      buttonFace(b, e);
      b.disabled = !!e.disabled;
      attr(b, "title", e.help || null);
      root.classList.toggle("jr-full", e.use_container_width === true);
      const key = JSON.stringify(e.options);
      if (menu.dataset.key !== key) {
        menu.dataset.key = key;
        menu.replaceChildren(
          ...(Array.isArray(e.options) ? e.options : []).map((text, i) => {
            const item = h("button", { type: "button", role: "menuitem", class: "jr-menu-item", tabindex: "-1", text: String(text) });
            item.addEventListener("click", () => {
              close(true);
              host.trigger(v, i);
            });
            return item;
          }),
        );
      }
      if (e.disabled) close(false);
    }) as never,
    () => undefined,
  );
  return v;
}
