// Domainpart preparation and enforcement (RFC 7622 §3.2).
//
// Decision: a domainpart is stored and compared in its Unicode form: U-labels, lower-cased and
// NFC as UTS #46 processing leaves them (A-labels such as "xn--..." are converted to U-labels,
// as RFC 7622 §3.2.1 requires). IP addresses are stored in canonical text form, IPv6 inside
// brackets. `toAsciiDomain` gives the A-label form for DNS.
import { toASCII, toUnicode } from "tr46";
import { asciiLdhDomain } from "./ascii-domain.js";
import { JidError } from "./errors.js";
import { formatIPv6, isIPv4, parseIPv6 } from "./ip-literal.js";
import { MAX_INPUT_UNITS, MAX_PART_OCTETS, utf8Length } from "./octets.js";

// RFC 7622 §3.2 (by reference to RFC 3490 §3.1): the label separators.
const TRAILING_SEPARATOR = /[.\u3002\uff0e\uff61]$/;
const LABEL_SEPARATORS = /[.\u3002\uff0e\uff61]/;

// IDNA2008 as UTS #46 nontransitional processing with every check on.
const IDNA_OPTIONS = {
  checkBidi: true,
  checkHyphens: true,
  checkJoiners: true,
  useSTD3ASCIIRules: true,
  transitionalProcessing: false,
} as const;

function fail(reason: "empty" | "too-long" | "invalid-domain" | "invalid-ip-literal", why: string) {
  return new JidError("domainpart", reason, why);
}

/** Enforces the rules of RFC 7622 §3.2 and returns the prepared domainpart. Throws JidError. */
export function prepareDomainpart(input: string): string {
  // §3.2: one trailing label separator is removed before anything else.
  const last = input.charCodeAt(input.length - 1);
  const s = last === 0x2e || last >= 0x3000 ? input.replace(TRAILING_SEPARATOR, "") : input;
  if (s.length === 0) throw fail("empty", "the domainpart is empty");
  if (s.length > MAX_INPUT_UNITS) throw fail("too-long", "the domainpart is over 1023 octets");

  if (s.startsWith("[")) return prepareIPv6Literal(s);
  if (/^[\d.]+$/.test(s)) {
    if (!isIPv4(s)) throw fail("invalid-ip-literal", `"${s}" is not an IPv4 address`);
    return s;
  }
  return asciiLdhDomain(s) ?? prepareIdnDomain(s);
}

/**
 * The full path: UTS #46 processing of a domain name that is not an IP address, with the
 * separator, emptiness and length checks of prepareDomainpart already done. Throws JidError.
 */
export function prepareIdnDomain(s: string): string {
  if (s.split(LABEL_SEPARATORS).some((label) => label.length === 0)) {
    throw fail("invalid-domain", "the domainpart has an empty label");
  }
  if (toASCII(s, IDNA_OPTIONS) === null) {
    throw fail("invalid-domain", `"${s}" is not a valid internationalized domain name`);
  }
  const { domain, error } = toUnicode(s, IDNA_OPTIONS);
  if (error) throw fail("invalid-domain", `"${s}" is not a valid internationalized domain name`);
  if (utf8Length(domain) > MAX_PART_OCTETS) {
    throw fail("too-long", "the domainpart is over 1023 octets");
  }
  return domain;
}

/** RFC 3986 IP-literal restricted to IPv6 (no IPvFuture, no zone identifiers). */
function prepareIPv6Literal(s: string): string {
  const groups = s.endsWith("]") ? parseIPv6(s.slice(1, -1)) : undefined;
  if (!groups) throw fail("invalid-ip-literal", `"${s}" is not a bracketed IPv6 address`);
  return `[${formatIPv6(groups)}]`;
}

/** The domainpart with A-labels, for DNS look-ups. IP literals are returned unchanged. */
export function toAsciiDomain(domain: string): string {
  if (domain.startsWith("[") || isIPv4(domain)) return domain;
  return toASCII(domain, IDNA_OPTIONS) ?? domain;
}
