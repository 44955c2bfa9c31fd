// Elements kept in the key-value store as serialized XML. They are written self-contained (every
// prefix declared inside) and read back with the same restricted parser as streams (RFC 6120 §11).
import { type Element, StreamParser, serialize } from "@parley/xml";

const OPEN =
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

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

/** Parses what `serializeDetached` wrote. Throws when the stored text is not one element. */
export function parseStoredElement(text: string): Element {
  const parser = new StreamParser();
  const found: Element[] = [];
  parser.on("element", (el) => found.push(el));
  parser.write(`${OPEN}${text}</stream:stream>`);
  parser.end();
  if (parser.error || found.length !== 1) {
    throw new Error(`stored XML is not one element: ${parser.error?.message ?? found.length}`);
  }
  return found[0]!;
}
