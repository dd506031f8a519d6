// Bundles the extension and its runtime dependencies (vscode-languageclient,
// dagre) into one file, so the .vsix needs no node_modules and works offline.
import * as esbuild from "esbuild";
import { readFileSync } from "fs";
import { join } from "path";

/** pyproject.toml's [project.urls] Documentation: the one place the docs URL is written. */
function documentationUrl() {
  const pyproject = readFileSync(join(import.meta.dirname, "..", "pyproject.toml"), "utf8");
  const urls = pyproject.split(/^\[project\.urls\]\s*$/m)[1]?.split(/^\[/m)[0] ?? "";
  const url = /^Documentation\s*=\s*"([^"]+)"/m.exec(urls)?.[1];
  if (url === undefined) throw new Error("esbuild.mjs: no Documentation under [project.urls] in ../pyproject.toml");
  return url.replace(/\/+$/, "");
}

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

const options = {
  entryPoints: ["src/extension.ts"],
  bundle: true,
  outfile: "dist/extension.js",
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode"],
  minify: production,
  sourcemap: !production,
  logLevel: "warning",
  define: { TENSORLENS_DOCUMENTATION_URL: JSON.stringify(documentationUrl()) },
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
