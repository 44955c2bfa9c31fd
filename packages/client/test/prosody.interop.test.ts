// Interop: our client against a real Prosody (Debian package) on loopback, through the same
// suite as Parley (test/interop/suite.ts).
import { PROSODY_CAPABILITIES, startProsodyTarget } from "./interop/prosody-target";
import { interopSuite } from "./interop/suite";

interopSuite("Prosody", PROSODY_CAPABILITIES, startProsodyTarget);
