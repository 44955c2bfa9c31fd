// Character-level checks that sax leaves out.

// XML 1.0 §2.2 Char: everything but C0 controls other than TAB/LF/CR, lone surrogates and
// U+FFFE/U+FFFF. With the `u` flag a well-formed surrogate pair is one code point and does not
// match the surrogate range. sax does not check this; one native regex scan per chunk does.
const invalidChar = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/u;

/** Index of the first character that XML 1.0 forbids, or -1. */
export function firstInvalidChar(text: string): number {
  return text.search(invalidChar);
}

const whitespaceOnly = /^[ \t\r\n]*$/;

/** XML 1.0 §2.3 S: only space, tab, CR and LF. */
export function isXmlWhitespace(text: string): boolean {
  return whitespaceOnly.test(text);
}

/** XML 1.0 §2.11: a parser sees CR LF and a lone CR as LF. (Char references are not affected.) */
export function normalizeLineEnds(text: string): string {
  return text.indexOf("\r") === -1 ? text : text.replace(/\r\n?/g, "\n");
}

/**
 * How many characters at the end of a chunk must wait for the next one: the first half of a
 * surrogate pair, and a CR that may be followed by LF.
 */
export function incompleteTail(text: string): number {
  let n = 0;
  let last = text.charCodeAt(text.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) last = text.charCodeAt(text.length - ++n - 1);
  if (last === 13) n++;
  return n;
}
