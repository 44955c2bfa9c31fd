// Stanza patterns for scenario tests: XML text compared with a received element. Attribute value
// "*" = any value (but present); text "*" = any text; whitespace-only text is ignored; otherwise
// names, namespaces, attributes and children must be exactly equal.
import { NS } from "@parley/stanza";
import { type Element, StreamParser } from "@parley/xml";

/** Parses XML text as if written inside a client stream (jabber:client, `stream:` prefix). */
export function parseXml(text: string, ns: string = NS.CLIENT): Element {
  const parser = new StreamParser({ maxStanzaBytes: 16 * 1024 * 1024 });
  let found: Element | undefined;
  parser.on("element", (el) => {
    found ??= el;
  });
  parser.write(`<stream:stream xmlns="${ns}" xmlns:stream="${NS.STREAM}">${text}`);
  parser.end();
  if (!found) throw new Error(`not one complete element: ${text}`);
  return found;
}

/** Why `actual` does not match `pattern`, or undefined when it does. */
export function mismatch(actual: Element, pattern: Element, path = ""): string | undefined {
  const here = `${path}/${pattern.localName}`;
  if (actual.localName !== pattern.localName || actual.ns !== pattern.ns) {
    return `${here}: got <${actual.localName}> in "${actual.ns}", want <${pattern.localName}> in "${pattern.ns}"`;
  }
  const want = plainAttrs(pattern);
  const got = plainAttrs(actual);
  for (const [k, v] of Object.entries(want)) {
    if (got[k] === undefined) return `${here}: missing attribute ${k}`;
    if (v !== "*" && got[k] !== v) return `${here}: ${k}="${got[k]}", want "${v}"`;
  }
  for (const k of Object.keys(got)) {
    if (want[k] === undefined) return `${here}: unexpected attribute ${k}="${got[k]}"`;
  }
  const wantText = pattern.text().trim();
  if (wantText !== "*" && actual.text().trim() !== wantText) {
    return `${here}: text "${actual.text().trim()}", want "${wantText}"`;
  }
  const a = actual.elements();
  const p = pattern.elements();
  if (a.length !== p.length) {
    return `${here}: ${a.length} child elements (${a.map((c) => c.localName).join(", ")}), want ${p.length} (${p.map((c) => c.localName).join(", ")})`;
  }
  for (let i = 0; i < p.length; i++) {
    const m = mismatch(a[i]!, p[i]!, here);
    if (m) return m;
  }
  return undefined;
}

function plainAttrs(el: Element): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(el.attrs)) {
    if (k !== "xmlns" && !k.startsWith("xmlns:")) out[k] = v;
  }
  return out;
}

export type Matcher = string | Element | ((el: Element) => boolean);

/** A predicate for a matcher (XML text patterns are parsed once). */
export function toPredicate(matcher: Matcher, ns?: string): (el: Element) => boolean {
  if (typeof matcher === "function") return matcher;
  const pattern = typeof matcher === "string" ? parseXml(matcher, ns) : matcher;
  return (el) => mismatch(el, pattern) === undefined;
}
