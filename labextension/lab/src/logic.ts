// The command logic of "Run as app", free of JupyterLab's classes so that it is unit-tested
// (test/logic.test.ts): which files run, the app's URL, where the app opens, and which messages
// from a panel's frame are believed.

/** Where a new app opens (the `openIn` setting). */
export type OpenIn = "split-right" | "tab" | "browser-tab";

/** What the lab tells the app page (labextension/app/embed.ts reads exactly these). */
export type LabMessage =
  | { source: "jupyter-reactive-lab"; action: "rerun"; cause?: "save" }
  | { source: "jupyter-reactive-lab"; action: "run_on_save"; enabled: boolean }
  | { source: "jupyter-reactive-lab"; action: "theme"; theme: "light" | "dark" };

/** What the app page tells the lab. */
export interface AppEvent {
  event: "ready" | "run_finished";
  title: string;
}

const OPEN_IN: readonly OpenIn[] = ["split-right", "tab", "browser-tab"];

/** A path the server runs as an app: a Python file or a notebook, inside the root. */
export function isAppPath(path: string): boolean {
  return /\.(py|ipynb)$/i.test(path) && !path.split("/").includes("..");
}

/** The app page's URL under the server's base URL: `<base>reactive/app/<path>`, each segment of
 *  the path escaped (a drive prefix such as `RTC:` from the lab's contents is dropped). */
export function appUrl(baseUrl: string, path: string): string {
  const local = path.replace(/^[A-Za-z0-9_-]+:(?!\/)/, "");
  const segments = local.split("/").filter((s) => s !== "" && s !== ".");
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  return `${base}reactive/app/${segments.map(encodeURIComponent).join("/")}`;
}

/** Where the app opens: the setting (unknown values: split-right), or a browser tab wherever the
 *  shell has no split main area (Jupyter Notebook 7). */
export function openMode(setting: unknown, splitShell: boolean): OpenIn {
  if (!splitShell) return "browser-tab";
  return OPEN_IN.includes(setting as OpenIn) ? (setting as OpenIn) : "split-right";
}

/** Whether saving `saved` reruns the app at `app`: its own file, or a Python module in the app's
 *  folder (a module it may import; the kernel picks up a changed module where it reloads them). */
export function rerunsOnSave(app: string, saved: string): boolean {
  if (saved === app) return true;
  const folder = (p: string): string => p.slice(0, p.lastIndexOf("/") + 1);
  return /\.py$/i.test(saved) && folder(saved) === folder(app);
}

/** The file's name, the panel's title. */
export function baseName(path: string): string {
  const parts = path.split("/").filter(Boolean);
  return parts.length ? parts[parts.length - 1] : path;
}

/** A message from a panel's frame, if it is one: it must come from that frame's window, from the
 *  lab's own origin, and have the app page's shape; anything else is null. */
export function appEvent(data: unknown, source: unknown, origin: string, frame: unknown, ownOrigin: string): AppEvent | null {
  if (source !== frame || origin !== ownOrigin || typeof data !== "object" || data === null) return null;
  const d = data as { source?: unknown; event?: unknown; title?: unknown };
  if (d.source !== "jupyter-reactive-app" || (d.event !== "ready" && d.event !== "run_finished")) return null;
  return { event: d.event, title: typeof d.title === "string" ? d.title.slice(0, 200) : "" };
}

/** The theme message for the lab's current theme. */
export function themeMessage(light: boolean): LabMessage {
  return { source: "jupyter-reactive-lab", action: "theme", theme: light ? "light" : "dark" };
}
