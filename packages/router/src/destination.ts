// Where a stanza goes, from its `to` address (RFC 6120 §10.3–§10.5, RFC 6121 §8.5).
import type { Jid } from "@parley/jid";

/**
 * `host`: the server itself (a local domain, with or without resource, RFC 6120 §10.3);
 * `bare`/`full`: a local account (RFC 6121 §8.5.2 / §8.5.3); `remote`: another domain (§10.4).
 */
export type RouteDestination = "host" | "bare" | "full" | "remote";

export function classifyDestination(
  to: Jid,
  isLocalHost: (domain: string) => boolean,
): RouteDestination {
  if (!isLocalHost(to.domain)) return "remote";
  if (to.local === "") return "host";
  return to.resource === "" ? "bare" : "full";
}
