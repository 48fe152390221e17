// AppPanel: the app page (`reactive/app/<path>`) in a main-area panel, with a toolbar of its own:
// rerun, open in a new browser tab, and "always rerun on save". It talks to the page through
// postMessage (the page's side is labextension/app/embed.ts), same origin only.

import { MainAreaWidget } from "@jupyterlab/apputils";
import { IFrame, ToolbarButton, launchIcon, refreshIcon, runIcon, saveIcon } from "@jupyterlab/ui-components";
import { Message } from "@lumino/messaging";

import { appEvent, baseName, LabMessage, themeMessage } from "./logic";

export namespace AppPanel {
  export interface IOptions {
    path: string; // the app's file, relative to the server's root
    url: string; // the app page's URL
    rerunOnSave: boolean; // the toggle's first state
    light: boolean | null; // the lab's theme (null: unknown, the page follows the browser)
  }
}

let nextId = 0;

export class AppPanel extends MainAreaWidget<IFrame> {
  constructor(options: AppPanel.IOptions) {
    const content = new IFrame({ referrerPolicy: "same-origin" });
    super({ content });
    // not sandboxed: the page is the server's own (same origin, the lab's cookie), and runs
    // scripts, opens its WebSocket, downloads and opens link_button's tabs
    this.frame.removeAttribute("sandbox");
    this.id = `jupyter-reactive-app-${nextId++}`;
    this.addClass("jr-AppPanel");
    this._path = options.path;
    this._url = options.url;
    this._rerunOnSave = options.rerunOnSave;
    this._light = options.light;
    this.title.label = `${baseName(options.path)} (app)`;
    this.title.caption = `App: ${options.path}`;
    this.title.icon = runIcon;
    this.title.closable = true;
    this.frame.title = `App: ${options.path}`;
    this.applyScheme();
    content.url = options.url;

    this.toolbar.addItem(
      "rerun",
      new ToolbarButton({ icon: refreshIcon, label: "Rerun", tooltip: "Rerun the app", onClick: () => this.rerun() }),
    );
    this.toolbar.addItem(
      "open-in-browser-tab",
      new ToolbarButton({
        icon: launchIcon,
        tooltip: "Open the app in a new browser tab",
        onClick: () => this.openInBrowserTab(),
      }),
    );
    this._saveToggle = new ToolbarButton({
      icon: saveIcon,
      label: "Always rerun on save",
      tooltip: "Rerun the app whenever its source is saved (click to turn off)",
      pressedTooltip: "Rerun the app whenever its source is saved (click to turn off)",
      pressed: this._rerunOnSave,
      onClick: () => {
        this.rerunOnSave = !this._rerunOnSave;
      },
    });
    this.toolbar.addItem("rerun-on-save", this._saveToggle);
    window.addEventListener("message", this._onMessage);
  }

  /** The app's file, relative to the server's root. */
  get path(): string {
    return this._path;
  }

  get url(): string {
    return this._url;
  }

  /** The app's own title (its `set_page_config` title, or the server's), once the page is ready. */
  get appTitle(): string {
    return this._appTitle;
  }

  get rerunOnSave(): boolean {
    return this._rerunOnSave;
  }

  set rerunOnSave(on: boolean) {
    this._rerunOnSave = on;
    this._saveToggle.pressed = on;
    this.post({ source: "jupyter-reactive-lab", action: "run_on_save", enabled: on });
  }

  get frame(): HTMLIFrameElement {
    return this.content.node.querySelector("iframe") as HTMLIFrameElement;
  }

  /** Rerun the app in place; `cause: "save"` when its source was just saved (a no-op while the
   *  toggle is off; the page makes one rerun of the lab's and the server's notice of one save). */
  rerun(cause?: "save"): void {
    if (cause === "save" && !this._rerunOnSave) return;
    this.post(cause ? { source: "jupyter-reactive-lab", action: "rerun", cause } : { source: "jupyter-reactive-lab", action: "rerun" });
  }

  openInBrowserTab(): void {
    window.open(this._url, "_blank", "noopener");
  }

  /** The lab's theme changed. */
  setLight(light: boolean): void {
    this._light = light;
    this.applyScheme();
    this.post(themeMessage(light));
  }

  dispose(): void {
    if (this.isDisposed) return;
    window.removeEventListener("message", this._onMessage);
    super.dispose();
  }

  protected onActivateRequest(msg: Message): void {
    super.onActivateRequest(msg);
    this.frame?.focus();
  }

  private applyScheme(): void {
    // the frame's owner colour scheme: browsers that honour it paint the page's first frame right
    if (this._light !== null) this.frame.style.colorScheme = this._light ? "light" : "dark";
  }

  private post(msg: LabMessage): void {
    this.frame?.contentWindow?.postMessage(msg, location.origin);
  }

  private _onMessage = (e: MessageEvent): void => {
    const ev = appEvent(e.data, e.source, e.origin, this.frame?.contentWindow, location.origin);
    if (!ev) return;
    this._appTitle = ev.title;
    if (ev.title) this.title.caption = `${ev.title} — ${this._path}`;
    if (ev.event === "ready") {
      // a new page (first load or reload): it starts with the browser's scheme and no toggle
      if (this._light !== null) this.post(themeMessage(this._light));
      this.post({ source: "jupyter-reactive-lab", action: "run_on_save", enabled: this._rerunOnSave });
    }
  };

  private _path: string;
  private _url: string;
  private _rerunOnSave: boolean;
  private _light: boolean | null;
  private _appTitle = "";
  private _saveToggle: ToolbarButton;
}
