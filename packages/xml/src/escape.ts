// XML escaping for character data and attribute values (XML 1.0 §2.4, §3.3.3).
// Text escapes CR, which a parser would otherwise turn into LF (XML 1.0 §2.11).
// Attribute values also escape whitespace characters that attribute-value normalization
// would otherwise turn into spaces, so values round-trip exactly.

const textPattern = /[&<>\r]/g;
const attrPattern = /[&<>"'\t\n\r]/g;

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

export function escapeText(text: string): string {
  textPattern.lastIndex = 0;
  return textPattern.test(text) ? text.replace(textPattern, (c) => entities[c]!) : text;
}

export function escapeAttribute(value: string): string {
  attrPattern.lastIndex = 0;
  return attrPattern.test(value) ? value.replace(attrPattern, (c) => entities[c]!) : value;
}
