import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "transport/index.node": "src/transport/index.node.ts",
    "transport/index.browser": "src/transport/index.browser.ts",
  },
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  // Resolved when the package is loaded, by the "node" / "browser" conditions of `imports`.
  external: ["#transport"],
});
