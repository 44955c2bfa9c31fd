// XEP-0359 stanza-ids of user archives (XEP-0313 §3.5): the server stamps incoming archived
// messages with <stanza-id by='user@domain'/>, and removes any stanza-id a sender wrote that
// claims to come from the user's archive or from the server itself (XEP-0359 §4 rule 3 and §6:
// a receiving client must be able to trust a stanza-id whose `by` is its own account).
import { NS } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** The same 64 characters in ASCII order, so that time prefixes sort as their times do. */
const ORDERED = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
const RANDOM_BYTES = 9;
/** Random bytes fetched 4 KiB at a time: one getRandomValues call per 455 ids, not per id. */
const pool = new Uint8Array(RANDOM_BYTES * 455);
let used = pool.length;

/** The last prefix made (ids come in bursts within one millisecond). */
let lastMs = -1;
let lastPrefix = "";

/** Milliseconds since the epoch as 8 characters (48 bits) that sort in time order. */
function timePrefix(ms: number): string {
  if (ms === lastMs) return lastPrefix;
  let out = "";
  for (let i = 7; i >= 0; i--) out += ORDERED[Math.floor(ms / 2 ** (6 * i)) % 64]!;
  lastMs = ms;
  lastPrefix = out;
  return out;
}

/**
 * A fresh archive UID: the time in ms (8 characters, sorting in time order) and 72 random bits
 * from the CSPRNG (12 characters) — unique and unpredictable (XEP-0359 §4, XEP-0313 §8.2), and
 * what it tells, the time, each MAM result carries anyway in its delay stamp; never a count or a
 * position. Time-ordered so that the storage's (owner, id) index grows at its end: random ids
 * scattered every insert over the whole index, which made archive writes slower as it grew.
 */
export function newArchiveId(now: number = Date.now()): string {
  if (used === pool.length) {
    globalThis.crypto.getRandomValues(pool);
    used = 0;
  }
  let out = timePrefix(now);
  for (const end = used + RANDOM_BYTES; used < end; used += 3) {
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
