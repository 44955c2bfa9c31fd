// Bundles a CLI entry point (and the @parley/* packages from their TypeScript source) into one
// file in a temp folder, so tests spawn the real CLI without any `dist/` built. npm packages stay
// external, imported by absolute path as esbuild resolved them. Used by the vitest global setups
// of apps/cli and apps/server.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
      // @parley/* and their package-internal imports (`#transport`) are bundled from source.
      if (
        args.path.startsWith("@parley/") ||
        args.path.startsWith("#") ||
        args.pluginData === "inner"
      ) {
        return undefined;
      }
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

export async function bundleCli(entry: URL): Promise<{ outfile: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "parley-cli-bundle-"));
  const outfile = join(dir, "cli.mjs");
  await esbuild.build({
    entryPoints: [entry.pathname],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    conditions: ["@parley/source"],
    plugins: [externalByPath],
    logLevel: "error",
  });
  return { outfile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
