// XEP-0359 stanza-ids of user archives (XEP-0313 §3.5): the server stamps incoming archived
// messages with <stanza-id by='user@domain'/>, and removes any stanza-id a sender wrote that
// claims to come from the user's archive or from the server itself (XEP-0359 §4 rule 3 and §6:
// a receiving client must be able to trust a stanza-id whose `by` is its own account).
import { NS, generateId } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";

/** A fresh archive UID: 96 random bits, unpredictable and unique (XEP-0359 §4, XEP-0313 §8.2). */
export function newArchiveId(): string {
  return generateId(12);
}

/** Removes stanza-id elements whose `by` is one of `trusted` (bare JIDs and local domains). */
export function stripStanzaIds(stanza: Element, trusted: readonly string[]): number {
  const forged = stanza
    .getChildren("stanza-id", NS.SID)
    .filter((el) => trusted.includes((el.attr("by") ?? "").toLowerCase()));
  return forged.length > 0 ? stanza.remove(...forged) : 0;
}

export function stanzaIdElement(by: string, id: string): Element {
  return xml("stanza-id", { xmlns: NS.SID, by, id });
}
