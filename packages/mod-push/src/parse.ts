// Parses one stored XML element (a serialized publish-options form).
import { type Element, tryParseFragment } from "@parley/xml";

export function parseXml(text: string): Element | undefined {
  return tryParseFragment(text, { parentNs: "jabber:client", maxBytes: 64 * 1024 });
}
