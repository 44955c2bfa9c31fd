// Interop: our client against Parley's own server (built-in modules, mod-smacks, mod-ping) on
// loopback, through the same suite as Prosody (test/interop/suite.ts).
import { PARLEY_CAPABILITIES, startParleyTarget } from "./interop/parley-target";
import { interopSuite } from "./interop/suite";

interopSuite("Parley", PARLEY_CAPABILITIES, () => startParleyTarget(PARLEY_CAPABILITIES));
