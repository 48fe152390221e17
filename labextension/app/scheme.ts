// Inlined after the stylesheet when the app's config.toml sets `theme.base` (server/handlers.py):
// the stylesheet's light/dark rules follow the configured scheme before the first paint, rather
// than when app.js starts.
import { applyConfiguredScheme } from "./theme";

applyConfiguredScheme();
