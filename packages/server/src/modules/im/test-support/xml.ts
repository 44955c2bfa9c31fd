// Test helper: XML text → Element as a stream parser gives it (inside a jabber:client stream,
// so `xmlns` may be left out). Throws on anything but one element.
import type { Element } from "@parley/xml";
import { parseStored } from "../offline/codec";

export function x(xml: string): Element {
  const el = parseStored(xml);
  if (!el) throw new Error(`not one element: ${xml}`);
  return el;
}
