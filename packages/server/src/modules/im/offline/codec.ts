// Stored stanzas (XML strings, as the storage contract keeps them) and XEP-0203 delay stamps.
import { NS } from "@parley/stanza";
import { Element, serialize, tryParseFragment } from "@parley/xml";

/** Serializes a stanza for storage, as written inside a jabber:client stream. */
export function toStored(stanza: Element): string {
  return serialize(stanza, { parentNs: NS.CLIENT });
}

/** Parses a stored stanza back; undefined (never a throw) when the text is not one element. */
export function parseStored(xml: string): Element | undefined {
  const found = tryParseFragment(xml, { parentNs: NS.CLIENT });
  // A declaration of the stream's own namespace is noise once the stanza is back in a stream.
  if (found?.attrs.xmlns === NS.CLIENT) found.setAttr("xmlns", undefined);
  return found;
}

/** XEP-0082 date-time without fractional seconds: 2002-09-10T23:08:25Z. */
export function xmppDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Appends `<delay xmlns='urn:xmpp:delay' from=… stamp=…/>` (XEP-0203 §3). */
export function withDelay(stanza: Element, from: string, stamp: Date): Element {
  return stanza.append(new Element("delay", { xmlns: NS.DELAY, from, stamp: xmppDateTime(stamp) }));
}
