import { mergeConfig } from "vitest/config";
import shared from "../../vitest.shared";

// The CLI tests spawn a bundle of src/cli.ts built once per run (test/build-cli.ts).
export default mergeConfig(shared, {
  test: { globalSetup: ["test/build-cli.ts"] },
});
