#!/usr/bin/env node
// Creates a package from the house template: `node scripts/new-package.mjs <dir> "<description>"`.
// <dir> is a folder name under packages/ (e.g. `mod-foo`); the package is named @parley/<dir>.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dir, description = ""] = process.argv.slice(2);
if (!dir || !/^[a-z][a-z0-9-]*$/.test(dir)) {
  console.error('usage: node scripts/new-package.mjs <dir> "<description>"');
  process.exit(2);
}
const root = join(new URL("..", import.meta.url).pathname, "packages", dir);
if (existsSync(root)) {
  console.error(`packages/${dir} already exists`);
  process.exit(1);
}
const name = `@parley/${dir}`;
const json = (v) => `${JSON.stringify(v, null, 2)}\n`;
const files = {
  "package.json": json({
    name,
    version: "0.0.0",
    description,
    license: "MIT",
    type: "module",
    sideEffects: false,
    exports: {
      ".": {
        "@parley/source": "./src/index.ts",
        types: "./dist/index.d.ts",
        import: "./dist/index.js",
      },
    },
    files: ["dist", "src", "!src/**/*.test.ts"],
    scripts: {
      build: "tsup",
      typecheck: "tsc -p tsconfig.json",
      test: "vitest run",
    },
    dependencies: {},
  }),
  "tsconfig.json": json({ extends: "../../tsconfig.base.json", include: ["src", "test", "*.ts"] }),
  "tsup.config.ts": `import { defineConfig } from "tsup";\n\nexport default defineConfig({\n  entry: ["src/index.ts"],\n  format: ["esm"],\n  dts: true,\n  clean: true,\n  sourcemap: true,\n  target: "es2022",\n});\n`,
  "vitest.config.ts": `export { default } from "../../vitest.shared";\n`,
  "src/index.ts": `// Public API of ${name}.\nexport {};\n`,
  "README.md": `# ${name}\n\n${description}\n`,
};
for (const [file, content] of Object.entries(files)) {
  mkdirSync(join(root, file, ".."), { recursive: true });
  writeFileSync(join(root, file), content);
}
console.log(`created packages/${dir} (${name})`);
