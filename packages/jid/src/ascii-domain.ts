// Fast path of domainpart preparation for the common case: every label is ASCII letters, digits
// and hyphens (the LDH labels of RFC 5890 §2.3.1). UTS #46 processing of such a string, with the
// options of domainpart.ts, only lower-cases it: ASCII letters map to lower case and nothing
// else maps; NFC changes nothing; the domain holds no RTL code point, so it is no Bidi domain
// name and the Bidi Rule is not applied (RFC 5893 §1.4); joiners cannot occur. What remains are
// the hyphen checks of CheckHyphens (UTS #46 §4.1 steps 2 and 3). A label with "--" in the third
// and fourth positions (A-labels "xn--...") takes the full path, as does anything else, so the
// result always equals UTS #46 (checked by domainpart.property.test.ts).
import { MAX_PART_OCTETS } from "./octets.js";

const DOT = 0x2e;
const HYPHEN = 0x2d;

/** The prepared domainpart of an all-LDH domain, or undefined when the full path must decide. */
export function asciiLdhDomain(s: string): string | undefined {
  const n = s.length;
  if (n === 0 || n > MAX_PART_OCTETS) return undefined;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    const c = i === n ? DOT : s.charCodeAt(i);
    if (c === DOT) {
      if (i === start || s.charCodeAt(start) === HYPHEN || s.charCodeAt(i - 1) === HYPHEN) {
        return undefined;
      }
      if (
        i - start >= 4 &&
        s.charCodeAt(start + 2) === HYPHEN &&
        s.charCodeAt(start + 3) === HYPHEN
      ) {
        return undefined;
      }
      start = i + 1;
    } else if (
      !(
        (c >= 0x61 && c <= 0x7a) || // a-z
        (c >= 0x30 && c <= 0x39) || // 0-9
        (c >= 0x41 && c <= 0x5a) || // A-Z
        c === HYPHEN
      )
    ) {
      return undefined;
    }
  }
  return s.toLowerCase();
}
