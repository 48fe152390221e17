// The page's controls for code that embeds it (the JupyterLab panel's embed.ts): rerun, and the
// session's rerun-on-save. index.ts binds them to the page's connection once it exists.

import type { ClientMessage } from "./protocol";

type Send = (msg: ClientMessage) => boolean;

let send: Send | null = null;

/** index.ts: the connection the controls send on. */
export function setControlChannel(channel: Send | null): void {
  send = channel;
}

/** Rerun the app with the file as it is on disk now (what the Rerun button and `R` do).
 *  Returns false if the page is not connected (nothing was sent). */
export function rerunApp(): boolean {
  return send ? send({ type: "rerun" }) : false;
}

/** Turn this session's rerun-on-save on or off ("Always rerun"; kept across reconnects, not
 *  across a reload). Returns false if the page is not connected (nothing was sent). */
export function setRunOnSave(enabled: boolean): boolean {
  return send ? send({ type: "run_on_save", enabled: enabled === true }) : false;
}
