// The page's side of JupyterLab's "Run as app" panel (../embed.ts), loaded only by a page that is
// framed, so that a plain app's first paint carries none of it.
import { embed } from "../embed";
import { defineChunk } from "../lazy";

export type EmbedApi = { embed: typeof embed };

defineChunk("embed", { embed } satisfies EmbedApi);
