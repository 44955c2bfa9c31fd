// Authorization identity check (RFC 6120 §6.3.8, RFC 4422 §3.4.1). An authzid other than the
// authenticated identity is refused with invalid-authzid unless the server's policy allows it:
// forgetting this check is how one account came to act as any other.
import { SaslError } from "./errors.js";
import { prepareUsername } from "./prep.js";
import type { ServerMechanismContext } from "./types.js";

/** Whether `authzid` names the same entity as `authcid` (itself, or its bare JID on `domain`). */
export function isOwnIdentity(authcid: string, authzid: string, domain?: string): boolean {
  if (authzid === authcid) return true;
  if (domain === undefined || authzid.includes("/")) return false;
  const at = authzid.lastIndexOf("@");
  if (at <= 0) return false;
  let local: string;
  try {
    local = prepareUsername(authzid.slice(0, at));
  } catch {
    return false;
  }
  // Domain comparison is ASCII case-insensitive here; IDN domains should come prepared.
  return local === authcid && authzid.slice(at + 1).toLowerCase() === domain.toLowerCase();
}

/** Throws SaslError invalid-authzid unless authcid may act as authzid. */
export async function checkAuthzid(
  ctx: Pick<ServerMechanismContext, "authorize" | "domain">,
  authcid: string,
  authzid: string | null,
): Promise<void> {
  if (authzid === null || isOwnIdentity(authcid, authzid, ctx.domain)) return;
  if (ctx.authorize && (await ctx.authorize(authcid, authzid))) return;
  throw new SaslError("invalid-authzid", "not authorized to act as that identity");
}
