// XEP-0359 stanza-ids of user archives (XEP-0313 §3.5): the server stamps incoming archived
// messages with <stanza-id by='user@domain'/>, and removes any stanza-id a sender wrote that
// claims to come from the user's archive or from the server itself (XEP-0359 §4 rule 3 and §6:
// a receiving client must be able to trust a stanza-id whose `by` is its own account).
import { NS } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const ID_BYTES = 12;
/** Random bytes fetched 4 KiB at a time: one getRandomValues call per 341 ids, not per id. */
const pool = new Uint8Array(ID_BYTES * 341);
let used = pool.length;

/**
 * A fresh archive UID: 96 random bits from the CSPRNG as 16 base64url characters — unique and
 * unpredictable, and it tells nothing about the archive (XEP-0359 §4 rule 2 and §5, XEP-0313
 * §8.2). Not time-ordered on purpose, although such ids would index more cheaply.
 */
export function newArchiveId(): string {
  if (used === pool.length) {
    globalThis.crypto.getRandomValues(pool);
    used = 0;
  }
  let out = "";
  for (const end = used + ID_BYTES; used < end; used += 3) {
    const n = (pool[used]! << 16) | (pool[used + 1]! << 8) | pool[used + 2]!;
    out +=
      ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  return out;
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
