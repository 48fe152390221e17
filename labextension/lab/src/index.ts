// "Run as app" for JupyterLab 4 and Jupyter Notebook 7: a toolbar button on the .py editor and
// the notebook, a command-palette command, a file-browser context-menu entry and a shortcut open
// the file as a jupyter_reactive app (`reactive/app/<path>`, served by the server extension) in a
// panel to the right of the source (Notebook 7: a new browser tab). Saving the source reruns the
// app in place. The shortcut and the context-menu entries are declared in schema/plugin.json.

import { ILabShell, ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { ICommandPalette, IThemeManager, WidgetTracker } from "@jupyterlab/apputils";
import { PageConfig } from "@jupyterlab/coreutils";
import { IDocumentManager } from "@jupyterlab/docmanager";
import { DocumentRegistry, IDocumentWidget } from "@jupyterlab/docregistry";
import { IDefaultFileBrowser } from "@jupyterlab/filebrowser";
import { ISettingRegistry } from "@jupyterlab/settingregistry";
import { ToolbarButton, runIcon } from "@jupyterlab/ui-components";
import { DisposableDelegate, IDisposable } from "@lumino/disposable";
import { Widget } from "@lumino/widgets";

import { appUrl, isAppPath, openMode, rerunsOnSave } from "./logic";
import { AppPanel } from "./panel";

export namespace CommandIDs {
  export const runAsApp = "jupyter-reactive:run-as-app";
}

const PLUGIN_ID = "@jupyter-reactive/lab:plugin";

interface Settings {
  openIn: unknown;
  rerunOnSave: boolean;
}

/** The "Run as app" button, on every .py editor's and notebook's toolbar. */
class RunButtonExtension implements DocumentRegistry.IWidgetExtension<IDocumentWidget, DocumentRegistry.IModel> {
  constructor(
    private app: JupyterFrontEnd,
    private onSaved: (path: string) => void,
  ) {}

  createNew(widget: IDocumentWidget, context: DocumentRegistry.IContext<DocumentRegistry.IModel>): IDisposable {
    const saved = (_: unknown, state: DocumentRegistry.SaveState): void => {
      if (state === "completed") this.onSaved(context.path);
    };
    context.saveState.connect(saved);
    if (!isAppPath(context.path)) return new DisposableDelegate(() => context.saveState.disconnect(saved));
    const button = new ToolbarButton({
      className: "jr-RunAsApp",
      icon: runIcon,
      label: "Run as app",
      tooltip: "Run this file as a reactive app",
      onClick: () => void this.app.commands.execute(CommandIDs.runAsApp, { path: context.path }),
    });
    // once the document is ready its toolbar holds the items its settings list: go after the
    // notebook's cell-type picker (an editor's toolbar is empty: first)
    void context.ready.then(() => {
      if (button.isDisposed || widget.isDisposed) return;
      const name = "jupyter-reactive-run-as-app";
      if (!widget.toolbar.insertAfter("cellType", name, button)) widget.toolbar.insertItem(10, name, button);
    });
    return new DisposableDelegate(() => {
      context.saveState.disconnect(saved);
      button.dispose();
    });
  }
}

function activate(
  app: JupyterFrontEnd,
  docManager: IDocumentManager,
  labShell: ILabShell | null,
  palette: ICommandPalette | null,
  browser: IDefaultFileBrowser | null,
  restorer: ILayoutRestorer | null,
  settingRegistry: ISettingRegistry | null,
  themes: IThemeManager | null,
): void {
  const settings: Settings = { openIn: "split-right", rerunOnSave: true };
  const tracker = new WidgetTracker<AppPanel>({ namespace: "jupyter-reactive" });
  const isLight = (): boolean | null => (themes?.theme ? themes.isLight(themes.theme) : null);

  // the file the command acts on: its argument, the file browser's item under the context menu,
  // or the document in the main area
  const targetPath = (args: Record<string, unknown>): string | null => {
    if (typeof args.path === "string") return args.path;
    if (browser && app.contextMenuHitTest((node) => node.classList.contains("jp-DirListing-item"))) {
      const item = browser.selectedItems().next();
      return item && !item.done ? item.value.path : null;
    }
    const current = app.shell.currentWidget;
    const context = current ? docManager.contextForWidget(current) : undefined;
    return context ? context.path : null;
  };

  const openPanel = (path: string, url: string, ref: Widget | null, mode: "split-right" | "tab"): AppPanel => {
    const panel = new AppPanel({ path, url, rerunOnSave: settings.rerunOnSave, light: isLight() });
    void tracker.add(panel);
    const insert = mode === "tab" ? "tab-after" : "split-right";
    app.shell.add(panel, "main", ref && ref.isAttached ? { mode: insert, ref: ref.id } : { mode: insert });
    return panel;
  };

  app.commands.addCommand(CommandIDs.runAsApp, {
    label: "Run as App",
    caption: "Run a .py file or a notebook as a reactive app, beside its source",
    icon: runIcon,
    isEnabled: (args) => {
      const path = targetPath(args);
      return !!path && isAppPath(path);
    },
    execute: async (args) => {
      const path = targetPath(args);
      if (!path || !isAppPath(path)) return;
      const open = tracker.find((p) => p.path === path);
      if (open) {
        app.shell.activateById(open.id);
        return open;
      }
      const source = docManager.findWidget(path) ?? null;
      const context = source ? docManager.contextForWidget(source) : undefined;
      if (context && context.model.dirty && !context.model.readOnly) await context.save();
      const url = appUrl(PageConfig.getBaseUrl(), path);
      const mode = openMode(settings.openIn, !!labShell);
      if (mode === "browser-tab" && !args.restore) {
        window.open(url, "_blank", "noopener");
        return;
      }
      return openPanel(path, url, source, mode === "browser-tab" ? "split-right" : mode);
    },
  });

  palette?.addItem({ command: CommandIDs.runAsApp, category: "Reactive App" });
  const saved = (path: string): void => tracker.forEach((p) => rerunsOnSave(p.path, path) && p.rerun("save"));
  app.docRegistry.addWidgetExtension("Editor", new RunButtonExtension(app, saved));
  app.docRegistry.addWidgetExtension("Notebook", new RunButtonExtension(app, saved));
  themes?.themeChanged.connect(() => {
    const light = isLight();
    if (light !== null) tracker.forEach((p) => p.setLight(light));
  });
  if (restorer) {
    void restorer.restore(tracker, {
      command: CommandIDs.runAsApp,
      args: (p) => ({ path: p.path, restore: true }),
      name: (p) => p.path,
    });
  }
  if (settingRegistry) {
    const read = (s: ISettingRegistry.ISettings): void => {
      settings.openIn = s.get("openIn").composite;
      settings.rerunOnSave = s.get("rerunOnSave").composite !== false;
    };
    void settingRegistry
      .load(PLUGIN_ID)
      .then((s) => {
        read(s);
        s.changed.connect(read);
      })
      .catch((reason) => console.error("jupyter-reactive: settings could not be loaded", reason));
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: "Run a .py file or a notebook as a reactive app beside its source.",
  autoStart: true,
  requires: [IDocumentManager],
  optional: [ILabShell, ICommandPalette, IDefaultFileBrowser, ILayoutRestorer, ISettingRegistry, IThemeManager],
  activate,
};

export default plugin;
