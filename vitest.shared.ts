// Shared vitest settings: packages resolve each other's TypeScript source through the
// custom `@parley/source` export condition, so tests never need a build of upstream packages.
import { defineConfig } from "vitest/config";

export const sourceCondition = "@parley/source";

export default defineConfig({
  resolve: { conditions: [sourceCondition, "import", "default"] },
  ssr: { resolve: { conditions: [sourceCondition, "import", "default"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // vi.waitFor / vi.waitUntil with bounds that hold on a busy machine (20 s, not 1 s).
    setupFiles: [new URL("./scripts/test-support/wait-defaults.ts", import.meta.url).pathname],
    reporters: ["default", "json"],
    outputFile: { json: ".test-results.json" },
  },
});
