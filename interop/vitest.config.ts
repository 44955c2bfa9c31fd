import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../vitest.shared";

// Third-party peers are slow to start: one file at a time keeps the 2-core CI machine calm.
export default mergeConfig(shared, defineConfig({ test: { fileParallelism: false, testTimeout: 60_000 } }));
