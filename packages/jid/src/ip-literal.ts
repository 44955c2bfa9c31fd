// IP address domainparts (RFC 7622 §3.2: IP-literal / IPv4address of RFC 3986 §3.2.2).

// RFC 3986 dec-octet: 0-255 without leading zeros.
const DEC_OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${DEC_OCTET}(?:\\.${DEC_OCTET}){3}$`);

/** Whether a string is an RFC 3986 IPv4address (dotted quad, no leading zeros). */
export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

/** Parses an IPv6 address (RFC 4291 §2.2 text forms) into eight 16-bit groups, or undefined. */
export function parseIPv6(s: string): number[] | undefined {
  let text = s;
  // An embedded IPv4 address in the last 32 bits becomes two hex groups.
  const lastColon = text.lastIndexOf(":");
  const last = text.slice(lastColon + 1);
  if (last.includes(".")) {
    if (lastColon < 0 || !isIPv4(last)) return undefined;
    const [a, b, c, d] = last.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    for (const g of part.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  if (!head) return undefined;
  let result: number[];
  if (halves.length === 2) {
    const rest = groups(halves[1]!);
    if (!rest) return undefined;
    const zeros = 8 - head.length - rest.length;
    if (zeros < 1) return undefined;
    result = [...head, ...new Array<number>(zeros).fill(0), ...rest];
  } else {
    if (head.length !== 8) return undefined;
    result = head;
  }
  return result;
}

/**
 * The canonical text form of RFC 5952 §4: lower-case hex without leading zeros, the longest
 * run of two or more zero groups (the first one on a tie) written as "::".
 */
export function formatIPv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  const before = hex.slice(0, bestStart).join(":");
  const after = hex.slice(bestStart + bestLength).join(":");
  return `${before}::${after}`;
}
