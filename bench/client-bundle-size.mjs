// Size of @parley/client's browser bundle: src/index.ts bundled by esbuild for browsers
// (conditions "@parley/source" + "browser", ESM, minified; Node built-ins fail the build).
// Prints one JSON line: raw, gzip (level 9) and brotli (quality 11) sizes in bytes.
// Run from the repository root: node bench/client-bundle-size.mjs
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { buildBrowserBundle, clientEntry } from "../packages/client/test/browser/build.mjs";

const code = Buffer.from(await buildBrowserBundle(clientEntry, { minify: true }), "utf8");
const brotli = brotliCompressSync(code, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 11,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_SIZE_HINT]: code.length,
  },
});
const gzip = gzipSync(code, { level: 9 });

console.log(
  JSON.stringify({
    bench: "client-bundle-size",
    entry: "packages/client/src/index.ts",
    platform: "browser",
    minified: true,
    rawBytes: code.length,
    gzipBytes: gzip.length,
    brotliBytes: brotli.length,
  }),
);
