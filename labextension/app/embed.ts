// The page inside JupyterLab's "Run as app" panel (labextension/lab): the lab asks for a rerun,
// turns rerun-on-save on or off and sets the light/dark scheme through postMessage; the page says
// when it is ready and when a run finished. Only the frame's parent, from this page's own origin,
// is listened to; a page that is not framed does nothing here.

import { setScheme } from "./theme";

export interface EmbedHost {
  rerun(): void;
  /** Sends `run_on_save` over the page's connection; false while it is down. */
  runOnSave(enabled: boolean): boolean;
  /** Whether a run started since `t` (a performance.now() time). */
  ranSince(t: number): boolean;
}

export interface Embed {
  /** Tell the lab: the page is ready, or a run finished (with the page's title). */
  notify(event: "ready" | "run_finished"): void;
  /** The session is (again) bound: re-send the lab's rerun-on-save choice. */
  bound(): void;
  /** An `error` from the server: true when it is the refusal of our `run_on_save` (a server
   *  without it), which is then not shown; the lab's saves rerun the app by themselves. */
  refused(error: string): boolean;
}

const FROM_LAB = "jupyter-reactive-lab";
// A save the server's own watcher (run_on_save) also sees: wait this long for its run before
// asking for one, so one save is one rerun.
const SAVE_GRACE_MS = 400;
// A server that does not know `run_on_save` refuses it at once (its answer is the next error).
const REFUSAL_MS = 5000;

/** Start listening to the lab, or null when the page is not in a frame. */
export function embed(host: EmbedHost): Embed | null {
  if (window.parent === window) return null;
  let saveRerun = false; // the lab's "always rerun on save" toggle
  let serverWatches = true; // the server accepts run_on_save (until it refuses it)
  let asked = 0; // when run_on_save was last sent (performance.now()), 0: no answer awaited
  const tell = (enabled: boolean): void => {
    if (serverWatches && host.runOnSave(enabled)) asked = performance.now();
  };
  window.addEventListener("message", (e: MessageEvent) => {
    const d = e.data as { source?: unknown; action?: unknown; enabled?: unknown; theme?: unknown; cause?: unknown };
    if (e.source !== window.parent || e.origin !== location.origin || !d || d.source !== FROM_LAB) return;
    if (d.action === "rerun") {
      if (d.cause !== "save" || !saveRerun || !serverWatches) return host.rerun();
      // the server reruns on save by itself too: only if it has not within the grace period
      const t = performance.now();
      setTimeout(() => host.ranSince(t) || host.rerun(), SAVE_GRACE_MS);
    } else if (d.action === "run_on_save" && typeof d.enabled === "boolean") {
      saveRerun = d.enabled;
      tell(d.enabled);
    } else if (d.action === "theme" && (d.theme === "light" || d.theme === "dark")) {
      setScheme(d.theme);
    }
  });
  return {
    notify(event) {
      window.parent.postMessage({ source: "jupyter-reactive-app", event, title: document.title }, location.origin);
    },
    bound() {
      if (saveRerun) tell(true);
    },
    refused(error) {
      if (!asked || error !== "bad_message" || performance.now() - asked > REFUSAL_MS) return false;
      asked = 0;
      serverWatches = false;
      return true;
    },
  };
}
