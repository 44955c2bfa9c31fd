// Stanzas built by the service (in jabber:client, like the stream they are written to) and the
// text form of archived messages in storage.
import { NS } from "@parley/stanza";
import {
  type Attributes,
  type ChildInput,
  Element,
  StreamParser,
  serialize,
  xml,
} from "@parley/xml";

const OPEN = `<stream:stream xmlns='${NS.CLIENT}' xmlns:stream='${NS.STREAM}'>`;

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

/** Parses what `stanzaText` wrote; throws unless it is exactly one element. */
export function parseXmlFragment(text: string): Element {
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
