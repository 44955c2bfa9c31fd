// Elements kept in the key-value store as serialized XML. They are written self-contained (every
// prefix declared inside) and read back with the same restricted parser as streams (RFC 6120 §11).
import { NS } from "@parley/stanza";
import { type Element, parseFragment, serialize } from "@parley/xml";

/** Serializes an element cut out of a stanza so that it parses on its own. */
export function serializeDetached(el: Element): string {
  return serialize(declarePrefixes(el.clone(), new Set()));
}

function declarePrefixes(el: Element, inScope: ReadonlySet<string>): Element {
  const scope = new Set(inScope);
  for (const name of Object.keys(el.attrs)) {
    if (name.startsWith("xmlns:")) scope.add(name.slice(6));
  }
  const prefix = el.prefix;
  if (prefix !== undefined && !scope.has(prefix) && prefix !== "xml") {
    // A prefix declared on an ancestor (the query or the iq): copy the declaration down.
    el.setAttr(`xmlns:${prefix}`, el.ns);
    scope.add(prefix);
  }
  for (const c of el.children) if (typeof c !== "string") declarePrefixes(c, scope);
  return el;
}

/** Parses what `serializeDetached` wrote. Throws XmlFragmentError unless it is one element. */
export function parseStoredElement(text: string): Element {
  return parseFragment(text, { parentNs: NS.CLIENT });
}
