import type { Attributes } from "@parley/xml";

/** A JID as a string, or any JID object (such as @parley/jid's `Jid`) that formats itself. */
export type Address = string | { readonly domain: string; toString(): string };

export interface CommonInit {
  to?: Address;
  from?: Address;
  id?: string;
  /** xml:lang of the stanza (RFC 6120 §8.1.5). */
  lang?: string;
  /** Namespace of the stanza; defaults to jabber:client (use NS.SERVER on server-to-server). */
  ns?: string;
}

/** Common attributes in the order RFC 6120 examples write them: from, id, to, type, xml:lang. */
export function commonAttrs(init: CommonInit, type: string | undefined): Attributes {
  const attrs: Attributes = {};
  if (init.from !== undefined) attrs.from = String(init.from);
  if (init.id !== undefined) attrs.id = init.id;
  if (init.to !== undefined) attrs.to = String(init.to);
  if (type !== undefined) attrs.type = type;
  if (init.lang !== undefined) attrs["xml:lang"] = init.lang;
  return attrs;
}
