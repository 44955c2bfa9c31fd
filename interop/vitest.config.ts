import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../vitest.shared";

// @xmpp/client's WebSocket transport uses the global WebSocket, which Node 20 only has behind
// this flag (Node 22 has it on by default).
const websocketFlag =
  typeof globalThis.WebSocket === "undefined" ? ["--experimental-websocket"] : [];

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Third-party peers are slow to start: one file at a time keeps a 2-core CI machine calm.
      fileParallelism: false,
      testTimeout: 60_000,
      // Forked workers (not threads): they read NODE_EXTRA_CA_CERTS, set by the global setup.
      pool: "forks",
      execArgv: websocketFlag,
      globalSetup: ["src/support/global-setup.ts"],
    },
  }),
);
