// One interop suite, run against every target (issue 5): the same tests for Prosody and Parley;
// where servers differ, the target's capabilities say what to expect.
import { describe } from "vitest";
import { guardProcess } from "../no-unhandled";
import { channelBindingTests } from "./channel-binding.tests";
import { setUpTarget } from "./context";
import { loginTests } from "./login.tests";
import { smTests } from "./sm.tests";
import { stanzaTests } from "./stanza.tests";
import type { InteropTarget, TargetCapabilities } from "./target";

export function interopSuite(
  name: string,
  capabilities: TargetCapabilities,
  start: () => Promise<InteropTarget>,
): void {
  guardProcess();
  describe(`interop with ${name}`, () => {
    const ctx = setUpTarget(start);
    loginTests(ctx);
    // Registered only for binding types the target verifies (none for Prosody 0.12).
    if (capabilities.channelBindings.length > 0) {
      channelBindingTests(ctx, capabilities.channelBindings);
    }
    stanzaTests(ctx);
    smTests(ctx);
  });
}
