// Server-side factory and the list of mechanisms to offer; both follow the same policy, so a
// mechanism is created only if it would have been offered on this connection.
import { createAnonymousServer } from "./mechanisms/anonymous.js";
import { createExternalServer } from "./mechanisms/external.js";
import { createPlainServer } from "./mechanisms/plain.js";
import { SCRAM_HASHES, isMechanismName, scramName, scramVariant } from "./names.js";
import { createScramServer } from "./scram/server.js";
import { refusedMechanism } from "./server-guard.js";
import type {
  MechanismName,
  ScramMechanismName,
  ServerMechanism,
  ServerMechanismContext,
  ServerPolicy,
} from "./types.js";

/** Mechanisms to list in <mechanisms/> (RFC 6120 §6.4.1), strongest first. */
export function serverMechanismNames(policy: ServerPolicy): MechanismName[] {
  const names: MechanismName[] = [];
  const hashes = SCRAM_HASHES.filter((h) => (policy.scramHashes ?? SCRAM_HASHES).includes(h));
  const bindings = Object.values(policy.channelBindings ?? {}).some((d) => d !== undefined);
  if (bindings) names.push(...hashes.map((h) => scramName(h, true)));
  names.push(...hashes.map((h) => scramName(h, false)));
  if (policy.encrypted || policy.allowPlainWithoutTls) names.push("PLAIN");
  if (policy.verifyExternal) names.push("EXTERNAL");
  if (policy.anonymousUsername) names.push("ANONYMOUS");
  return names;
}

/** Never throws: a name that is not offered gives a mechanism whose first step is a failure. */
export function createServerMechanism(name: string, ctx: ServerMechanismContext): ServerMechanism {
  if (!isMechanismName(name) || !serverMechanismNames(ctx).includes(name)) {
    // RFC 6120 §6.5.4: PLAIN would be fine if the stream were encrypted.
    const condition =
      name === "PLAIN" && !ctx.encrypted ? "encryption-required" : "invalid-mechanism";
    // The name is reported as given, even when it is no mechanism we know.
    return refusedMechanism(name as MechanismName, { type: "failure", condition });
  }
  if (name === "PLAIN") return createPlainServer(ctx);
  if (name === "ANONYMOUS") return createAnonymousServer(() => ctx.anonymousUsername!());
  if (name === "EXTERNAL") {
    return createExternalServer(ctx, (authzid) => ctx.verifyExternal!(authzid));
  }
  return createScramServer(name as ScramMechanismName, scramVariant(name)!, ctx);
}
