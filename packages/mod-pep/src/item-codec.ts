// Item payloads kept as serialized XML: written self-contained (every prefix in use declared on
// the element itself) and read back with the restricted stream parser (RFC 6120 §11).
import { NS } from "@parley/stanza";
import { type Element, parseFragment, serialize, xml } from "@parley/xml";
import type { StoredItem } from "./store";

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
  return parseFragment(text, { parentNs: NS.CLIENT });
}

/** `<item id=…>payload</item>` (XEP-0060 §7.1.2), the payload left out when asked. */
export function itemElement(item: StoredItem, withPayload = true): Element {
  return xml("item", { id: item.id }, withPayload ? decodePayload(item.xml) : null);
}
