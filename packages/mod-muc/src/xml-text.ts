// Stanzas built by the service (in jabber:client, like the stream they are written to) and the
// text form of archived messages in storage.
import { NS } from "@parley/stanza";
import {
  type Attributes,
  type ChildInput,
  Element,
  parseFragment,
  serialize,
  xml,
} from "@parley/xml";

/** A stanza element in jabber:client; undefined attributes are left out. */
export function stanza(
  name: "message" | "presence" | "iq",
  attrs: Record<string, string | undefined>,
  ...children: ChildInput[]
): Element {
  const clean: Attributes = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) clean[k] = v;
  return new Element(name, clean, NS.CLIENT).append(...children);
}

/** A stanza as stored text (jabber:client implied, as inside a stream). */
export function stanzaText(el: Element): string {
  return serialize(el, { parentNs: NS.CLIENT });
}

/** Parses what `stanzaText` wrote; throws (XmlFragmentError) unless it is exactly one element. */
export function parseXmlFragment(text: string): Element {
  return parseFragment(text, { parentNs: NS.CLIENT });
}

/** `xml()` that leaves out undefined attributes (optional ones such as `jid`, `nick`, `type`). */
export function el(
  name: string,
  attrs?: Record<string, string | undefined> | null,
  ...children: ChildInput[]
): Element {
  const clean: Attributes = {};
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== undefined) clean[k] = v;
  return xml(name, clean, ...children);
}
