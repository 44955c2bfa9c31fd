import { defineConfig } from "tsup";

// One executable file, dist/cli.js. Dependencies stay external: the @parley/* packages load from
// their own dist/ (built first by `turbo run build --filter=parley...`), npm packages from
// node_modules.
export default defineConfig({
  entry: { cli: "src/cli.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  clean: true,
  sourcemap: true,
  dts: false,
  banner: { js: "#!/usr/bin/env node" },
});
