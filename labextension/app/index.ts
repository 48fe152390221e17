// Entry point: page chrome (top bar, sidebar, toasts, connection banner) and message dispatch.

import { setComponentBase } from "./components";
import { Connection } from "./connection";
import { rerunApp, setControlChannel, setRunOnSave } from "./control";
import type { Embed, EmbedHost } from "./embed";
import type { EmbedApi } from "./chunks/embed";
import type { IconsApi } from "./chunks/icons";
import { loadChunk } from "./lazy";
import { applyConfiguredScheme, chooseScheme, isDark, onSchemeChange, schemeChoice } from "./theme";
import type { MenuApi } from "./chunks/menu";
import type { MenuHost, ToolbarMode } from "./menu";
import { readConfig, socketUrl } from "./early";
import { h, isTextField, setText } from "./dom";
import { downloadReady, setDownloadChannel, setMediaUrls, setUploadTarget } from "./media";
import { Page } from "./page";
import { renderLeaf } from "./render";
import { Nav, setNavigator } from "./nav";
import { iconNode } from "./buttons";
import { dataPage, formEdits, setGridChannel } from "./grid";
import type { Level, MarkdownEl, MenuItems, PageConfigMsg, PageIcon, PageMessage, WidgetValue } from "./protocol";
import { isButton, type WidgetHost, type WidgetView } from "./widgets";

/** A Material Symbols icon drawn into a PNG by the icons chunk (which brings the font), or "" when
 *  the font cannot be had. */
async function materialIcon(name: string): Promise<string> {
  const icons = await loadChunk<IconsApi>("icons", { css: true });
  return icons.drawIcon(name);
}

let iconSeq = 0;

/** The tab's icon: an image URL, an emoji drawn into an SVG, or a Material icon drawn with its font. */
function setFavicon(icon: PageIcon): void {
  const seq = ++iconSeq;
  if (typeof icon.material === "string" && /^[a-z0-9_]{1,64}$/.test(icon.material)) {
    materialIcon(icon.material).then(
      (href) => href && seq === iconSeq && setFavicon({ url: href }),
      () => undefined, // the font cannot load (offline chunk missing): the tab keeps its icon
    );
    return;
  }
  let href = typeof icon.url === "string" ? icon.url : "";
  if (!href && typeof icon.emoji === "string") {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text y=".9em" font-size="85">${icon.emoji.replace(/[<>&]/g, "")}</text></svg>`;
    href = `data:image/svg+xml,${encodeURIComponent(svg)}`;
  }
  if (!href) return;
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) link = document.head.appendChild(h("link", { rel: "icon" }) as HTMLLinkElement);
  link.href = href;
}

function main(): void {
  applyConfiguredScheme(); // config.toml's theme.base, before anything is drawn
  const cfg = readConfig();
  // the viewer's theme from the menu's Settings, remembered in this browser (over theme.base)
  const theme = schemeChoice(cfg.appPath);
  if (window.parent === window && theme !== (document.documentElement.dataset.jrTheme || "system")) {
    chooseScheme(cfg.appPath, theme, false);
  }
  const toolbar: ToolbarMode = cfg.toolbar === "developer" || cfg.toolbar === "minimal" ? cfg.toolbar : "viewer";
  let menuItems: MenuItems = {};
  let runOnSave = false;
  const app = document.getElementById("jr-app") || document.body.appendChild(h("div", { id: "jr-app" }));
  app.classList.add("jr-app");

  // -- chrome -----------------------------------------------------------------------------------
  const sbToggle = h("button", {
    type: "button",
    class: "jr-sb-toggle jr-lb",
    "aria-controls": "jr-sidebar",
    "aria-label": "Sidebar",
    title: "Show/hide sidebar",
  });
  const stop = h("button", { type: "button", class: "jr-lb", text: "Stop" });
  const status = h(
    "div",
    { class: "jr-status", hidden: true },
    h("span", { class: "jr-spin", "aria-hidden": "true" }),
    h("span", { role: "status", text: "Running…" }),
    stop,
  );
  const rerun = h("button", { type: "button", class: "jr-lb", title: "Rerun (R)", text: "Rerun" });
  // Streamlit's "Source file changed" prompt: shown when the app's files change on disk
  // the key of each is underlined, as in Streamlit (the accessible names stay "Rerun", "Always rerun")
  const changedRerun = h("button", { type: "button", class: "jr-lb", title: "Rerun (R)" }, h("u", null, "R"), "erun");
  const always = h("button", { type: "button", class: "jr-lb", title: "Always rerun (A)" }, h("u", null, "A"), "lways rerun");
  const changed = h(
    "div",
    { class: "jr-changed", role: "status", "aria-label": "Source file changed", hidden: true },
    h("span", { class: "jr-changed-msg", text: "Source file changed." }),
    changedRerun,
    always,
  );
  // the links of a multipage app: at the top of the sidebar, or in the top bar
  const nav: Nav = new Nav(cfg.page || "", (msg): boolean => conn.send(msg), iconNode);
  setNavigator(nav);
  // the app menu (⋮): its code and dialogs are a chunk loaded on first use (chunks/menu.ts)
  const menuButton = h("button", {
    type: "button",
    class: "jr-app-menu jr-lb",
    "aria-label": "Main menu",
    "aria-haspopup": "menu",
    "aria-expanded": "false",
    title: "Main menu",
  });
  const header = h("header", { class: "jr-header" }, nav.top, h("div", { class: "jr-grow" }), status, changed, rerun, menuButton);
  const banner = h("div", { class: "jr-banner", role: "alert", hidden: true });
  const toasts = h("div", { class: "jr-toasts" });
  const sideBox = h("div", { class: "jr-root jr-vbox" });
  const sidebar = h("aside", { id: "jr-sidebar", class: "jr-sidebar", "aria-label": "Sidebar" }, nav.side, sideBox);
  const backdrop = h("div", { class: "jr-backdrop" });
  const mainBox = h("div", { class: "jr-root jr-vbox" });
  const mainEl = h("main", { class: "jr-main" }, mainBox);
  app.replaceChildren(sidebar, backdrop, header, sbToggle, banner, toasts, mainEl);

  const narrow = matchMedia("(max-width: 767.98px)");
  let sbOpen = !narrow.matches;
  // after every message: writes only what changed (an attribute set to its own value is still
  // a DOM mutation, for observers and style invalidation)
  const chrome = (): void => {
    const has = page.sidebarUsed() || nav.inSidebar;
    app.classList.toggle("jr-has-sb", has);
    app.classList.toggle("jr-sb-open", has && sbOpen);
    if (sbToggle.hidden !== !has) sbToggle.hidden = !has;
    if (sbToggle.getAttribute("aria-expanded") !== String(sbOpen)) sbToggle.setAttribute("aria-expanded", String(sbOpen));
    if (sidebar.hidden !== !has) sidebar.hidden = !has;
  };
  const setSidebar = (open: boolean): void => {
    sbOpen = open;
    chrome();
  };
  sbToggle.addEventListener("click", () => setSidebar(!sbOpen));
  backdrop.addEventListener("click", () => setSidebar(false));
  narrow.addEventListener?.("change", () => setSidebar(!narrow.matches));

  const showChanged = (files: string[] | null): void => {
    if (changed.hidden !== !files) changed.hidden = !files;
    if (rerun.hidden !== !!files) rerun.hidden = !!files; // the prompt has its own Rerun
    if (files) changed.title = files.join(", ");
  };

  let running = false;
  const setRunning = (on: boolean): void => {
    running = on;
    if (status.hidden === !on) return; // nothing to change: no style recalculation
    status.hidden = !on;
    app.classList.toggle("jr-running", on);
  };
  // a run's start is shown once the task that brought it is over: a run whose end came in the
  // same message (a short one, the usual rerun) never restyles the page twice for nothing
  const runStarting = (): void => {
    running = true;
    queueMicrotask(() => running && setRunning(true));
  };

  const RESTARTED =
    "Reconnected in a new session: the server restarted or ended the old one, " +
    "so the app starts over with its defaults.";

  function toast(level: Level, message: string, sticky = false): void {
    const lv = ["info", "warning", "error"].includes(level) ? level : "info";
    for (const t of Array.from(toasts.children)) {
      if (t.getAttribute("data-msg") === lv + message) t.remove();
    }
    const close = h("button", { type: "button", class: "jr-toast-x jr-lb", "aria-label": "Dismiss", text: "×" });
    const t = h(
      "div",
      { class: `jr-toast jr-l-${lv}`, role: lv === "info" ? "status" : "alert", "data-msg": lv + message },
      h("span", { class: "jr-toast-msg", text: message }),
      close,
    );
    if (sticky) t.classList.add("jr-sticky");
    close.addEventListener("click", () => t.remove());
    toasts.prepend(t);
    while (toasts.children.length > 5) toasts.lastElementChild?.remove();
    if (!sticky) setTimeout(() => t.remove(), lv === "info" ? 6000 : 10000);
  }

  const showBanner = (text: string | null, reload = false): void => {
    banner.hidden = !text;
    banner.replaceChildren(text || "");
    if (reload) {
      banner.append(
        " ",
        h("button", { type: "button", class: "jr-lb", text: "Reload", onclick: () => location.reload() }),
      );
    }
  };

  // -- widgets -> server ------------------------------------------------------------------------
  let pending: Record<string, WidgetValue> | null = null; // values changed while disconnected

  const sendValues = (values: Record<string, WidgetValue>): void => {
    if (!conn.send({ type: "widget_values", values })) pending = { ...pending, ...values };
  };

  const submit = (formId: string, buttonId: string): void => {
    // a field whose text fails its `required` or `validate` blocks the submit (and says why)
    let ok = true;
    for (const w of page.widgets.values()) if (w.formId === formId && w.valid && !w.valid()) ok = false;
    if (!ok) return;
    const values: Record<string, WidgetValue> = {};
    for (const w of page.widgets.values()) {
      if (w.formId !== formId || isButton(w.kind)) continue;
      const v = w.read();
      values[w.id] = v;
      w.known = w.sent = JSON.stringify(v);
      w.submitted = true;
    }
    Object.assign(values, formEdits(formId)); // data editors in the form
    values[buttonId] = true;
    sendValues(values);
  };

  /** These values from the page were taken in by the kernel: their widgets follow the server again. */
  const settle = (widgets: Record<string, unknown> | undefined): void => {
    for (const [id, value] of Object.entries(widgets || {})) {
      const w = page.widgets.get(id);
      if (w && w.sent === JSON.stringify(value)) w.sent = undefined;
    }
  };

  /** A form's first submit button (the one Enter presses), or undefined. */
  const firstSubmit = (formId: string): WidgetView | undefined => {
    for (const w of page.widgets.values()) if (w.kind === "form_submit_button" && w.formId === formId) return w;
    return undefined;
  };

  const host: WidgetHost = {
    commit(v: WidgetView, value: WidgetValue) {
      if (v.formId) return; // kept in the control until the form is submitted
      const j = JSON.stringify(value);
      if (j === v.known) return;
      v.known = j;
      v.sent = j;
      sendValues({ [v.id]: value });
    },
    press(v: WidgetView) {
      if (v.kind === "form_submit_button" && v.formId) submit(v.formId, v.id);
      else sendValues({ [v.id]: true });
    },
    enter(v: WidgetView) {
      if (!v.formId) return host.commit(v, v.read());
      const first = firstSubmit(v.formId);
      if (first && host.entersSubmit(v)) host.press(first);
    },
    entersSubmit(v: WidgetView) {
      if (!v.formId) return false;
      if (v.root.closest<HTMLElement>(".jr-b-form")?.dataset.enterToSubmit === "false") return false;
      return !firstSubmit(v.formId)?.root.querySelector("button")?.disabled;
    },
    trigger(v: WidgetView, value: WidgetValue) {
      sendValues({ [v.id]: value });
    },
  };

  const page = new Page(mainBox, sideBox, host);

  // -- set_page_config --------------------------------------------------------------------------
  let sidebarChosen = false; // the script's initial_sidebar_state applies once; then the viewer's
  let scriptWide = false; // set_page_config's layout
  const WIDE_KEY = `jr-wide:${cfg.appPath}`; // the Settings' Wide mode: this tab's choice, over the layout
  const viewerWide = (): boolean | null => {
    try {
      const v = sessionStorage.getItem(WIDE_KEY);
      return v === "1" ? true : v === "0" ? false : null;
    } catch {
      return null;
    }
  };
  const applyWide = (): void => {
    const wide = viewerWide() ?? scriptWide;
    if (app.classList.contains("jr-wide") !== wide) app.classList.toggle("jr-wide", wide);
  };
  applyWide(); // the tab's own choice, from before a reload
  const pageConfig = (c: PageConfigMsg): void => {
    if (typeof c.title === "string") document.title = c.title;
    if (c.icon) setFavicon(c.icon);
    if (typeof c.wide === "boolean") {
      scriptWide = c.wide;
      applyWide();
    }
    if (c.menu_items && typeof c.menu_items === "object") menuItems = c.menu_items;
    if (c.sidebar && !sidebarChosen) {
      sidebarChosen = true;
      setSidebar(c.sidebar === "auto" ? !narrow.matches : c.sidebar === "expanded");
    }
  };

  // the colour scheme the session knows (`jr.context.theme`): its hello's, then each one told
  const schemeNow = (): "light" | "dark" => (isDark() ? "dark" : "light");
  let toldScheme = schemeNow();
  const tellScheme = (): void => {
    const now = schemeNow();
    if (now !== toldScheme && conn.send({ type: "theme", theme: now })) toldScheme = now;
  };

  // -- server -> page ---------------------------------------------------------------------------
  let sessions = 0; // sessions this tab was bound to
  let hadSession = false;
  const onMessage = (m: PageMessage): void => {
    switch (m.type) {
      case "session":
        hadSession = sessions++ > 0;
        conn.bound(m.session_id, m.resume_token);
        setUploadTarget(m.upload_url && m.upload_token
          ? { url: m.upload_url, token: m.upload_token, xsrf: cfg.xsrfToken || "", maxSize: m.max_upload_size || Infinity }
          : null);
        setComponentBase(m.component_url);
        runOnSave = m.run_on_save === true;
        showBanner(null);
        if (m.title) document.title = m.title;
        lab?.bound();
        if (!readySent) {
          readySent = true;
          lab?.notify("ready"); // or once the embed chunk is loaded
        }
        // a new session's hello told its scheme; a resumed one hears of a change it missed
        if (m.resumed) tellScheme();
        else toldScheme = schemeNow();
        if (!m.resumed) {
          // restored: a new session with this page's state (its replica stopped), drawn again
          if (m.restored) page.redrawn();
          else page.clear();
          setRunning(false);
          pending = null;
          toasts.replaceChildren(); // a fresh session starts over: old notices no longer apply
          // a reconnect that found its session gone (the server restarted, or ended it): the
          // viewer's values are back to the app's defaults, which must not pass unsaid
          if (hadSession && !m.restored) toast("warning", RESTARTED);
        } else if (pending) {
          const p = pending;
          pending = null;
          sendValues(p);
        }
        break;
      case "media":
        setMediaUrls({ [m.sha]: m.url });
        break;
      case "snapshot":
        setMediaUrls(m.media);
        if (m.page_config) pageConfig(m.page_config);
        if (m.navigation) nav.apply(m.navigation);
        page.snapshot(Array.isArray(m.elements) ? m.elements : []);
        setRunning(!!m.running);
        break;
      case "run_started":
        if (!m.fragments) showChanged(null); // a full run runs the files as they are now
        lastRunStart = performance.now();
        settle(m.widgets);
        page.runStarted(m.fragments);
        runStarting();
        break;
      case "ack":
        settle(m.widgets);
        break;
      case "deltas":
        for (const it of m.items || []) page.set(it.path, it.el);
        break;
      case "trim":
        for (const t of m.trims || []) page.trim(t.path, t.len);
        break;
      case "run_finished":
        for (const t of m.trims || []) page.trim(t.path, t.len);
        page.dropDoubted();
        // "rerun": the next run_started follows at once (the server's mirror stays "running")
        if (m.status !== "rerun") {
          page.unstale();
          for (const w of page.widgets.values()) w.submitted = undefined;
        }
        setRunning(m.status === "rerun");
        if (m.status !== "rerun") lab?.notify("run_finished");
        break;
      case "page_config":
        pageConfig(m);
        break;
      case "navigation":
        nav.apply(m);
        break;
      case "query_params":
        nav.query(m);
        return;
      case "notice":
        toast(m.level, String(m.message ?? ""), !!m.sticky);
        break;
      case "error":
        if (lab?.refused(String(m.error))) break;
        toast("error", String(m.message || m.error || "error"));
        break;
      case "data_page":
        dataPage(m);
        return; // nothing on the page's chrome changes
      case "download_ready":
        downloadReady(m);
        return;
      case "add_rows":
        page.addRows(m.path, m.datasets);
        return;
      case "source_changed":
        showChanged(Array.isArray(m.files) ? m.files.map(String) : []);
        break;
    }
    chrome();
  };

  const conn = new Connection(
    socketUrl(cfg.wsUrl, cfg.xsrfToken),
    {
      message: onMessage,
      lost: () => showBanner("Connection lost — reconnecting…"),
      final: (_code, reason) => {
        setRunning(false);
        showBanner(reason ? `Disconnected: ${reason}.` : "Disconnected.", true);
      },
    },
    (): string => nav.page,
  );

  // inside JupyterLab's "Run as app" panel: the embed chunk, loaded only when the page is framed
  let readySent = false;
  let lastRunStart = -1;
  let lab: Embed | null = null;
  if (window.parent !== window) {
    const labHost: EmbedHost = {
      rerun: () => void conn.send({ type: "rerun" }),
      runOnSave: (enabled) => conn.send({ type: "run_on_save", enabled }),
      ranSince: (t) => lastRunStart >= t,
    };
    loadChunk<EmbedApi>("embed").then(
      (api) => {
        lab = api.embed(labHost);
        if (readySent) {
          lab?.bound();
          lab?.notify("ready");
        }
      },
      () => undefined, // the page works the same without the panel's extras
    );
  }

  // jr.context.theme: the session hears of every change of the page's scheme (the menu's theme,
  // the browser's preference, the lab's); as Streamlit 1.67, nothing reruns for it
  onSchemeChange(tellScheme);

  setGridChannel({ send: (msg) => conn.send(msg), values: sendValues });
  setDownloadChannel({ send: (msg) => conn.send(msg), fail: (message) => toast("error", message) });
  setControlChannel((msg) => conn.send(msg));

  // -- the app menu -----------------------------------------------------------------------------
  const menuHost: MenuHost = {
    mode: toolbar,
    app: cfg.appPath,
    version: cfg.version || "",
    items: () => menuItems,
    rerun: () => void rerunApp(),
    clearCache: () => conn.send({ type: "clear_cache" }),
    print: () => window.print(),
    wide: () => app.classList.contains("jr-wide"),
    setWide: (on) => {
      try {
        sessionStorage.setItem(WIDE_KEY, on ? "1" : "0");
      } catch {
        /* storage blocked: this page only */
      }
      scriptWide = on; // without storage the choice still holds until the script's next layout
      applyWide();
    },
    runOnSave: () => (toolbar === "developer" ? runOnSave : null),
    setRunOnSave: (on) => {
      if (setRunOnSave(on)) runOnSave = on;
    },
    markdown: (html, box) => renderLeaf({ kind: "markdown", html, variant: "body" } as MarkdownEl, box),
  };
  const withMenu = (f: (api: MenuApi) => void): void => {
    loadChunk<MenuApi>("menu", { css: true }).then(f, () => toast("error", "The app menu could not be loaded."));
  };
  menuButton.addEventListener("click", () => withMenu((api) => api.toggleMenu(menuButton, menuHost)));

  // -- controls ---------------------------------------------------------------------------------
  const alwaysRerun = (): void => {
    if (setRunOnSave(true)) rerunApp();
  };
  rerun.addEventListener("click", () => rerunApp());
  changedRerun.addEventListener("click", () => rerunApp());
  always.addEventListener("click", alwaysRerun);
  stop.addEventListener("click", () => conn.send({ type: "stop" }));
  document.addEventListener("keydown", (e) => {
    const plain = !e.ctrlKey && !e.metaKey && !e.altKey && !e.repeat && !isTextField(e.target);
    if ((e.key === "r" || e.key === "R") && plain) {
      e.preventDefault();
      rerunApp();
    } else if ((e.key === "c" || e.key === "C") && plain && toolbar === "developer" && !document.querySelector("dialog[open]")) {
      e.preventDefault();
      withMenu((api) => api.clearCaches(menuButton, menuHost));
    } else if ((e.key === "a" || e.key === "A") && plain && !changed.hidden) {
      e.preventDefault();
      alwaysRerun();
    } else if (e.key === "Escape" && narrow.matches && sbOpen) setSidebar(false);
  });

  if (cfg.title && !document.title) setText(document.head.appendChild(h("title")), cfg.title);
  chrome();
  conn.start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
else main();
