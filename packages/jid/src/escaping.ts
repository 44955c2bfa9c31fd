// XEP-0106 JID Escaping: how characters that a localpart cannot hold are written in one.

/** XEP-0106 §3.2: the characters to escape and their escape sequences (lower-case hex). */
const ESCAPES: ReadonlyMap<string, string> = new Map([
  [" ", "\\20"],
  ['"', "\\22"],
  ["&", "\\26"],
  ["'", "\\27"],
  ["/", "\\2f"],
  [":", "\\3a"],
  ["<", "\\3c"],
  [">", "\\3e"],
  ["@", "\\40"],
  ["\\", "\\5c"],
]);

const UNESCAPES: ReadonlyMap<string, string> = new Map(
  [...ESCAPES].map(([ch, seq]) => [seq, ch] as const),
);

// One of the ten escape sequences (only the lower-case spellings are sequences).
const SEQUENCE = /\\(?:20|22|26|27|2f|3a|3c|3e|40|5c)/g;

/**
 * Escapes a string for use as a localpart (XEP-0106 §4.2). A backslash is escaped as `\5c`
 * only where it would otherwise start one of the ten escape sequences; any other backslash is
 * kept as it is, so a string with none of the special characters comes back unchanged.
 * XEP-0106 asks that an address not begin or end with an escaped space; this function does not
 * police that, the caller decides.
 */
export function escapeLocal(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "\\") {
      out += UNESCAPES.has(s.slice(i, i + 3)) ? "\\5c" : "\\";
    } else {
      out += ESCAPES.get(ch) ?? ch;
    }
  }
  return out;
}

/**
 * Undoes escapeLocal (XEP-0106 §4.3): each of the ten escape sequences becomes its character;
 * anything else, including a backslash that starts no sequence, is kept.
 */
export function unescapeLocal(s: string): string {
  return s.replace(SEQUENCE, (seq) => UNESCAPES.get(seq)!);
}
