// Item payloads kept as serialized XML: written self-contained (every prefix in use declared on
// the element itself) and read back with the restricted stream parser (RFC 6120 §11).
import { type Element, StreamParser, serialize, xml } from "@parley/xml";
import type { StoredItem } from "./store";

const OPEN =
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

export function encodePayload(el: Element): string {
  return serialize(declare(el.clone(), new Set(), undefined));
}

function declare(el: Element, scope: ReadonlySet<string>, parentNs: string | undefined): Element {
  const inScope = new Set(scope);
  for (const name of Object.keys(el.attrs))
    if (name.startsWith("xmlns:")) inScope.add(name.slice(6));
  const prefix = el.prefix;
  if (prefix !== undefined && prefix !== "xml" && !inScope.has(prefix)) {
    el.setAttr(`xmlns:${prefix}`, el.ns);
    inScope.add(prefix);
  }
  if (prefix === undefined && el.attrs.xmlns === undefined && el.ns !== parentNs)
    el.setAttr("xmlns", el.ns);
  for (const c of el.children)
    if (typeof c !== "string") declare(c, inScope, prefix === undefined ? el.ns : parentNs);
  return el;
}

export function decodePayload(text: string): Element {
  const parser = new StreamParser({ maxStanzaBytes: 16 * 1024 * 1024 });
  const found: Element[] = [];
  parser.on("element", (el) => found.push(el));
  parser.write(`${OPEN}${text}</stream:stream>`);
  parser.end();
  if (parser.error || found.length !== 1) throw new Error("stored PEP item is not one element");
  return found[0]!;
}

/** `<item id=…>payload</item>` (XEP-0060 §7.1.2), the payload left out when asked. */
export function itemElement(item: StoredItem, withPayload = true): Element {
  return xml("item", { id: item.id }, withPayload ? decodePayload(item.xml) : null);
}
