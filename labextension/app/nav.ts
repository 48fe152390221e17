// Multipage apps: the navigation links (sidebar or top bar), each page's URL, and the browser's
// history. A page's URL is the app's URL plus "/<url_path>" (the default page: the app's URL),
// worked out from this page's own location, so it holds under any base URL or proxy prefix.
//
// Who moves the URL: a click on a link (or a page_link) pushes the new URL at once and sends
// `navigate`; back/forward send `navigate` for the URL the browser restored; the kernel's
// `navigation` and `query_params` messages then bring the URL in line with what the run showed
// (switch_page and jr.query_params writes push, the rest replace). Each `navigate` carries a
// counter the kernel echoes; a message answering an older one leaves the URL alone: the viewer
// has moved on since.

import { h } from "./dom";
import type { NavigationMsg, NavPage, QueryParamsMsg } from "./protocol";

type Send = (msg: { type: "navigate"; page: string; query: string; seq: number }) => boolean;

/** The app's URL (no trailing slash) from this page's path and its page's URL path. */
export function appBase(pathname: string, page: string): string {
  let base = pathname.replace(/\/+$/, "");
  const depth = page ? page.replace(/^\/+|\/+$/g, "").split("/").length : 0;
  for (let i = 0; i < depth; i++) base = base.replace(/\/[^/]*$/, "");
  return base;
}

/** This page's path and query as the address bar has them (a bare "?" included). */
function here(): string {
  return location.href.slice(location.origin.length).split("#")[0];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export class Nav {
  /** The links at the top of the sidebar, and in the top bar. */
  readonly side = h("nav", { class: "jr-nav", "aria-label": "Pages", hidden: true });
  readonly top = h("nav", { class: "jr-nav jr-nav-top", "aria-label": "Pages", hidden: true });
  private readonly base: string;
  private pages: NavPage[] = [];
  private position: NavigationMsg["position"] = "sidebar";
  private expanded = 0; // pages listed before "View more" (0: all)
  private more = false;
  private current: string;
  private seq = 0;

  constructor(
    page: string,
    private readonly send: Send,
    private readonly icon: (icon: unknown) => HTMLElement | null,
  ) {
    this.current = page;
    this.base = appBase(location.pathname, page);
    addEventListener("popstate", () => this.restored());
  }

  /** Links in the sidebar: the sidebar shows even when the script draws nothing there. */
  get inSidebar(): boolean {
    return this.listed().length > 1 && this.position === "sidebar";
  }

  /** The pages with a link (hidden ones are reachable by URL, page_link and switch_page). */
  private listed(): NavPage[] {
    return this.pages.filter((p) => !p.hidden);
  }

  /** The page the tab is on (for a new session's hello). */
  get page(): string {
    return this.current;
  }

  /** A page's URL (with a query string, without "?"). */
  href(page: string, query = ""): string {
    const path = page ? `${this.base}/${encodeURIComponent(page)}` : this.base || "/";
    return query ? `${path}?${query}` : path;
  }

  /** The viewer follows a link to `page`: a new history entry, and the kernel runs that page. */
  go(page: string, query = ""): void {
    const url = this.href(page, query);
    if (!this.send({ type: "navigate", page, query, seq: ++this.seq })) {
      location.assign(url); // no session to move: load the page afresh
      return;
    }
    if (url !== here()) history.pushState(null, "", url);
    this.current = page;
    this.render();
  }

  /** Back/forward: run the page (and query) the browser restored. */
  private restored(): void {
    const rest = location.pathname.startsWith(this.base) ? location.pathname.slice(this.base.length) : "";
    const page = safeDecode(rest.replace(/^\/+|\/+$/g, ""));
    this.current = page;
    this.send({ type: "navigate", page, query: location.search.slice(1), seq: ++this.seq });
    this.render();
  }

  /** The kernel's `navigation`: draw the links; move the URL to the page the run shows. */
  apply(m: NavigationMsg): void {
    this.pages = Array.isArray(m.pages) ? m.pages : [];
    this.position = m.position || "sidebar";
    this.expanded = typeof m.expanded === "number" && m.expanded > 0 ? Math.floor(m.expanded) : 0;
    if (m.seq === this.seq) {
      this.current = String(m.current ?? "");
      const query = typeof m.query === "string" ? m.query : location.search.slice(1);
      const url = this.href(this.current, query);
      if (url !== here()) {
        if (m.push) history.pushState(null, "", url);
        else history.replaceState(history.state, "", url);
      }
      if (typeof m.title === "string" && m.title) document.title = m.title;
    }
    this.render();
  }

  /** The kernel's `query_params`: the URL gets the new query string, as a new history entry
   *  (`push`: a `jr.query_params` write) or in place (a widget bound to the URL). */
  query(m: QueryParamsMsg): void {
    if (m.seq !== this.seq) return;
    const url = this.href(this.current, String(m.query ?? ""));
    if (url === here()) return;
    if (m.push === true) history.pushState(null, "", url);
    else history.replaceState(history.state, "", url);
  }

  private link(p: NavPage): HTMLElement {
    const a = h(
      "a",
      {
        class: "jr-nav-link",
        href: this.href(p.url_path),
        title: p.help || null,
        "aria-current": p.url_path === this.current ? "page" : null,
      },
      this.icon(p.icon),
      h("span", { text: p.title }),
    );
    a.addEventListener("click", (e) => {
      if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return; // a new tab
      e.preventDefault();
      this.go(p.url_path);
    });
    return h("li", null, a);
  }

  private render(): void {
    const pages = this.listed();
    const show = pages.length > 1 && this.position !== "hidden";
    const target = this.position === "top" ? this.top : this.side;
    for (const n of [this.side, this.top]) {
      n.hidden = !show || n !== target;
      if (n !== target || !show) n.replaceChildren();
    }
    if (!show) return;
    const fold = target === this.side && this.expanded > 0 && pages.length > this.expanded;
    const limit = fold && !this.more ? this.expanded : Infinity;
    const kids: HTMLElement[] = [];
    let section: string | undefined;
    let list: HTMLElement | null = null;
    pages.forEach((p, i) => {
      if (i >= limit) return;
      if (!list || p.section !== section) {
        section = p.section;
        if (section) kids.push(h("div", { class: "jr-nav-sec", text: section }));
        list = h("ul", { class: "jr-nav-list" });
        kids.push(list);
      }
      list.append(this.link(p));
    });
    if (fold) {
      kids.push(
        h("button", {
          type: "button",
          class: "jr-lb jr-nav-more",
          text: this.more ? "View less" : `View ${pages.length - this.expanded} more`,
          onclick: () => {
            this.more = !this.more;
            this.render();
          },
        }),
      );
    }
    target.replaceChildren(...kids);
  }
}

/** The page's one navigator, for page_link elements (set by index.ts). */
let navigator: Nav | null = null;
export function setNavigator(nav: Nav): void {
  navigator = nav;
}
export function pageNavigator(): Nav | null {
  return navigator;
}
