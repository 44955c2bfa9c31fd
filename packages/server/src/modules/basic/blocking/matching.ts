// XEP-0191 §2 "JID Matching" (the XEP-0016 rules): which blocked items cover an address.
import type { Jid } from "@parley/jid";

/**
 * The blocklist entries (prepared JID strings) that can match `address`, most specific first:
 * user@domain/resource, user@domain, domain/resource, domain — and every parent domain of the
 * domain, since a domain item also covers "an address containing a subdomain".
 */
export function candidates(address: Jid): string[] {
  const out: string[] = [];
  const { local, domain, resource } = address;
  if (local !== "") {
    if (resource !== "") out.push(`${local}@${domain}/${resource}`);
    out.push(`${local}@${domain}`);
  }
  if (resource !== "") out.push(`${domain}/${resource}`);
  out.push(domain);
  // Parent domains: a.b.example.com is covered by b.example.com and example.com.
  let rest = domain;
  for (let dot = rest.indexOf("."); dot !== -1; dot = rest.indexOf(".")) {
    rest = rest.slice(dot + 1);
    if (rest.includes(".")) out.push(rest);
  }
  return out;
}

/** True when one of the blocked items covers `address`. */
export function isBlocked(blocked: ReadonlySet<string>, address: Jid): boolean {
  if (blocked.size === 0) return false;
  return candidates(address).some((c) => blocked.has(c));
}
