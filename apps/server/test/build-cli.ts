// Vitest global setup: the real CLI, bundled once per run from source (no `dist/` needed).
import type { TestProject } from "vitest/node";
import { bundleCli } from "../../../scripts/test-support/bundle-cli";

declare module "vitest" {
  export interface ProvidedContext {
    cliPath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const { outfile, remove } = await bundleCli(new URL("../src/cli.ts", import.meta.url));
  project.provide("cliPath", outfile);
  return remove;
}
