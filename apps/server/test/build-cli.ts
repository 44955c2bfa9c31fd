// Vitest global setup: bundles src/cli.ts (and the @parley/* packages from their TypeScript
// source) into one file in a temp folder, so tests spawn the real CLI without any `dist/` built.
// npm packages stay external, imported by absolute path as esbuild resolved them.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

// The few esbuild types used here (esbuild itself is not resolvable from this package's types).
interface ResolveArgs {
  path: string;
  resolveDir: string;
  kind: string;
  pluginData?: unknown;
}
interface PluginBuild {
  onResolve(
    options: { filter: RegExp },
    callback: (args: ResolveArgs) => Promise<{ path: string; external: boolean } | undefined>,
  ): void;
  resolve(
    path: string,
    options: { resolveDir: string; kind: string; pluginData: unknown },
  ): Promise<{ path: string; errors: unknown[] }>;
}
interface Plugin {
  name: string;
  setup(build: PluginBuild): void;
}
interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}
// esbuild is tsup's dependency (a root devDependency), not one of this package.
const esbuild = createRequire(createRequire(import.meta.url).resolve("tsup"))("esbuild") as Esbuild;

const externalByPath: Plugin = {
  name: "external-by-path",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith("@parley/") || args.pluginData === "inner") return undefined;
      const found = await build.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        pluginData: "inner",
      });
      if (found.errors.length > 0) return { path: args.path, external: true }; // optional deps of ws
      return { path: found.path, external: true };
    });
  },
};

declare module "vitest" {
  export interface ProvidedContext {
    cliPath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "parley-cli-"));
  const outfile = join(dir, "cli.mjs");
  await esbuild.build({
    entryPoints: [new URL("../src/cli.ts", import.meta.url).pathname],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    conditions: ["@parley/source"],
    plugins: [externalByPath],
    logLevel: "error",
  });
  project.provide("cliPath", outfile);
  return () => rmSync(dir, { recursive: true, force: true });
}
