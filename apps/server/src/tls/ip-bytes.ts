// Textual IP addresses to the network-order octets an X.509 iPAddress name holds (RFC 5280 §4.2.1.6).
import { isIP } from "node:net";

function ipv4(text: string): number[] {
  return text.split(".").map(Number);
}

function ipv6(text: string): number[] {
  let head = text;
  let tail4: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    // An embedded IPv4 address in the last 32 bits (RFC 4291 §2.2 form 3).
    tail4 = ipv4(text.slice(lastColon + 1));
    head = `${text.slice(0, lastColon + 1)}${text[lastColon - 1] === ":" ? "" : "0"}`;
  }
  const groupsOf = (s: string) => (s === "" ? [] : s.split(":").map((g) => Number.parseInt(g, 16)));
  const [left = "", right] = head.split("::");
  const l = groupsOf(left);
  const r = right === undefined ? [] : groupsOf(right);
  const wanted = tail4.length > 0 ? 6 : 8;
  const zeros = right === undefined ? [] : new Array<number>(wanted - l.length - r.length).fill(0);
  const groups = [...l, ...zeros, ...r].slice(0, wanted);
  return [...groups.flatMap((g) => [g >> 8, g & 0xff]), ...tail4];
}

/** Octets of an IPv4 (4) or IPv6 (16) address, or undefined when `text` is no IP address. */
export function ipBytes(text: string): Uint8Array | undefined {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const family = isIP(bare);
  if (family === 4) return Uint8Array.from(ipv4(bare));
  if (family === 6) return Uint8Array.from(ipv6(bare));
  return undefined;
}
