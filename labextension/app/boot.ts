// Inlined by the server into the app page's <head>: opens the app's WebSocket before the page's
// bundle loads (see early.ts). Keep it tiny: it is sent with every page.

import { openEarly, readConfig, socketUrl } from "./early";

try {
  const cfg = readConfig();
  openEarly(socketUrl(cfg.wsUrl, cfg.xsrfToken), cfg.page || "");
} catch {
  /* the bundle opens the socket itself */
}
