// Interop with Parley as configured out of the box: SCRAM-SHA-1 and SCRAM-SHA-256 keys only
// (DEFAULT_SCRAM_HASHES), so the client's best is SCRAM-SHA-256-PLUS.
import { DEFAULT_SCRAM_HASHES } from "@parley/server";
import { PARLEY_CAPABILITIES, startParleyTarget } from "./interop/parley-target";
import { interopSuite } from "./interop/suite";
import type { TargetCapabilities } from "./interop/target";

const capabilities: TargetCapabilities = {
  ...PARLEY_CAPABILITIES,
  scramHashes: DEFAULT_SCRAM_HASHES,
};

interopSuite("Parley (default SCRAM hashes)", capabilities, () => startParleyTarget(capabilities));
