// EXTERNAL (RFC 4422 App. A; XEP-0178 for client certificates and s2s). The identity comes from
// outside SASL (the TLS client certificate); the message is only the requested authzid, or
// empty ("=" on the wire) to mean "the identity in my certificate".
import { checkAuthzid } from "../authorize.js";
import { fromUtf8, utf8 } from "../bytes.js";
import { SaslError } from "../errors.js";
import { guardServerMechanism } from "../server-guard.js";
import type { ClientMechanism, ServerMechanism, ServerMechanismContext } from "../types.js";

export function createExternalClient(options: { authzid?: string | undefined }): ClientMechanism {
  return {
    name: "EXTERNAL",
    async start() {
      return utf8(options.authzid ?? "");
    },
    async challenge(data) {
      // Answer the empty challenge of a server that ignored our initial response.
      if (data.length > 0) throw new SaslError("malformed-request", "EXTERNAL expects no data");
      return utf8(options.authzid ?? "");
    },
    async success() {},
  };
}

export function createExternalServer(
  ctx: ServerMechanismContext,
  verifyExternal: NonNullable<ServerMechanismContext["verifyExternal"]>,
): ServerMechanism {
  return guardServerMechanism("EXTERNAL", async (data) => {
    if (data === null) return { type: "challenge", data: new Uint8Array(0) };
    const authzid = data.length === 0 ? null : fromUtf8(data);
    if (authzid?.includes("\0")) {
      throw new SaslError("malformed-request", "NUL in authzid");
    }
    const identity = await verifyExternal(authzid);
    if (!identity) throw new SaslError("not-authorized", "certificate proves no usable identity");
    await checkAuthzid(ctx, identity.authcid, authzid);
    return { type: "success", data: null, authcid: identity.authcid, authzid };
  });
}
