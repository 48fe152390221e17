// Builds the prebuilt JupyterLab extension (run by `npm run build`, which the Python build runs
// after the app page's build): @jupyterlab/builder's build-labextension, against JupyterLab's core
// package metadata from the @jupyterlab/core-meta npm package, so that neither a Python JupyterLab
// nor the network is needed at build time. Output: ../../jupyter_reactive/labextension (the
// package.json's jupyterlab.outputDir), shipped in the wheel. `node build.mjs --dev` skips
// minification and writes source maps.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const core = "lib/core"; // lib/ is the compiled TypeScript: git-ignored
mkdirSync(core, { recursive: true });
copyFileSync(require.resolve("@jupyterlab/core-meta/core.package.json"), join(core, "package.json"));

const builder = join(dirname(require.resolve("@jupyterlab/builder/package.json")), "lib", "build-labextension.js");
const args = [builder, "--core-path", core, ...(process.argv.includes("--dev") ? ["--development"] : []), "."];
const run = spawnSync(process.execPath, args, { stdio: "inherit" });
process.exit(run.status ?? 1);
