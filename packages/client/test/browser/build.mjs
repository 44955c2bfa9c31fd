// Bundles @parley/client for browsers with esbuild (used by the browser test and by
// bench/client-bundle-size.mjs). The build fails when anything reaches for a Node built-in.
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** src/index.ts of @parley/client: the public API as a browser app bundles it. */
export const clientEntry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

const builtins = new Set(builtinModules.filter((name) => !name.startsWith("_")));
const EMPTY = "parley-empty-builtin";

/**
 * `sax` (under @parley/xml) feature-detects Node streams with `try { require("stream") }`; its
 * browser fallback is a no-op class. esbuild would keep that require as a runtime call, so it
 * gets an empty module here, as any browser bundler needs. Every other Node built-in (with or
 * without `node:`) is an error.
 */
const noNodeBuiltins = {
  name: "no-node-builtins",
  setup(b) {
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      const bare = args.path.replace(/^node:/, "");
      if (!args.path.startsWith("node:") && !builtins.has(bare)) return undefined;
      if (args.path === "stream" && /[\\/]sax[\\/]lib[\\/]sax\.js$/.test(args.importer)) {
        return { path: "stream", namespace: EMPTY };
      }
      return {
        errors: [
          { text: `Node built-in "${args.path}" imported by ${args.importer} in a browser build` },
        ],
      };
    });
    b.onLoad({ filter: /.*/, namespace: EMPTY }, () => ({ contents: "", loader: "js" }));
  },
};

/**
 * Builds `entry` (a file path, or `{ contents, resolveDir }` for stdin) as one minified ESM
 * file for browsers; resolves with its text. Rejects when the build fails.
 */
export async function buildBrowserBundle(entry, options = {}) {
  const input =
    typeof entry === "string"
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: entry.resolveDir, loader: "ts" } };
  const result = await build({
    ...input,
    bundle: true,
    write: false,
    outdir: "out",
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: options.minify ?? true,
    conditions: ["@parley/source", "browser"],
    plugins: [noNodeBuiltins],
    logLevel: "silent",
    legalComments: "none",
  });
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
  if (!js) throw new Error("esbuild produced no JavaScript");
  return js.text;
}
