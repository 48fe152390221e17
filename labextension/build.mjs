// Builds the page's bundles with esbuild (run by `npm run build`, which the Python build runs):
//   app/index.ts  -> ../jupyter_reactive/static/app.js   the page
//   app/boot.ts   -> ../jupyter_reactive/static/boot.js  inlined into the page's <head>
//   app/scheme.ts -> ../jupyter_reactive/static/scheme.js inlined after the stylesheet when
//                    config.toml sets theme.base
//   app/style.css -> ../jupyter_reactive/static/app.css
//   app/chunks/<name>.ts -> ../jupyter_reactive/static/chunks/<name>.js, one per heavy renderer
//     (charts, grid, math ...), loaded by app/lazy.ts the first time an element needs it, so a
//     page without them loads nothing more.
// `node build.mjs --dev` skips minification.
import * as esbuild from "esbuild";
import { readdirSync, existsSync, readFileSync, rmSync } from "node:fs";

const dev = process.argv.includes("--dev");
const out = "../jupyter_reactive/static";
const common = { bundle: true, minify: !dev, target: "es2020", logLevel: "warning" };

const chunkDir = "app/chunks";
const chunks = existsSync(chunkDir)
  ? readdirSync(chunkDir).filter((f) => f.endsWith(".ts")).map((f) => `${chunkDir}/${f}`)
  : [];
rmSync(`${out}/chunks`, { recursive: true, force: true });

// Fonts a chunk's CSS uses (KaTeX's, Material Symbols) are copied beside it as woff2 files
// (every browser the page supports reads woff2): the woff and ttf fallbacks are cut from the
// stylesheets so they are neither bundled nor shipped.
const woff2Only = {
  name: "woff2-only",
  setup(build) {
    build.onLoad({ filter: /node_modules[\\/].*\.css$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)/g, ""),
      loader: "css",
    }));
  },
};
const chunkOptions = {
  format: "iife",
  outdir: `${out}/chunks`,
  loader: { ".woff2": "file" },
  assetNames: "[name]-[hash]",
  plugins: [woff2Only],
};

await Promise.all([
  // V8's explicit compile hint: compile every function of the page while the script streams in
  // (off the main thread) rather than each on its first call, which in a new tab is the first
  // render; Chromium 136+ reads it, other browsers ignore a comment
  esbuild.build({
    ...common,
    entryPoints: ["app/index.ts"],
    format: "iife",
    outfile: `${out}/app.js`,
    banner: { js: "//# allFunctionsCalledOnLoad" },
  }),
  esbuild.build({ ...common, entryPoints: ["app/boot.ts"], format: "iife", outfile: `${out}/boot.js` }),
  esbuild.build({ ...common, entryPoints: ["app/scheme.ts"], format: "iife", outfile: `${out}/scheme.js` }),
  esbuild.build({ ...common, entryPoints: ["app/style.css"], outfile: `${out}/app.css` }),
  chunks.length
    ? esbuild.build({ ...common, ...chunkOptions, entryPoints: chunks })
    : Promise.resolve(),
]);
