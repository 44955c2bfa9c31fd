// The key that connection limits and login throttling count an address under.
import { isIPv6 } from "node:net";

/**
 * An IPv4 address as is (an IPv4-mapped IPv6 address as its IPv4 form); an IPv6 address by its
 * /64 prefix, since one host or home network routinely holds a whole /64 (RFC 6177 §2): counting
 * single IPv6 addresses would let one client slip past every per-address limit.
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined || address === "") return "unknown";
  const lower = address.toLowerCase();
  if (lower.startsWith("::ffff:") && lower.includes(".")) return lower.slice(7);
  if (!isIPv6(lower)) return lower;
  return `${expandIPv6(lower).slice(0, 4).join(":")}::/64`;
}

/** The eight groups of an IPv6 address, without leading zeros ("::" expanded). */
function expandIPv6(address: string): string[] {
  const bare = address.split("%")[0]!; // a zone index (fe80::1%eth0) is not part of the prefix
  const [head, tail] = bare.includes("::") ? bare.split("::") : [bare, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail (::1.2.3.4) takes two groups; it only ever sits in the low 64 bits.
  const width = (parts: string[]) => parts.reduce((n, p) => n + (p.includes(".") ? 2 : 1), 0);
  const fill = tail === undefined ? 0 : 8 - width(left) - width(right);
  const groups = [...left, ...Array<string>(Math.max(0, fill)).fill("0"), ...right];
  return groups.map((g) => (g.includes(".") ? g : Number.parseInt(g, 16).toString(16)));
}
