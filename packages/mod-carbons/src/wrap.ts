// XEP-0280 §5 / §6 carbon copies: the original wrapped in <sent/> or <received/> and a XEP-0297
// <forwarded/>, from the user's bare JID to one of the user's full JIDs, same type.
import { NS } from "@parley/stanza";
import { Element, xml } from "@parley/xml";
import type { CarbonDirection } from "./rules";

/** The copy of `original` placed inside <forwarded/> (its own jabber:client namespace kept). */
export function forwardedCopy(original: Element): Element {
  const copy = original.clone();
  if (copy.ns === "") copy.ns = NS.CLIENT;
  return copy;
}

export function carbon(
  direction: CarbonDirection,
  owner: string,
  to: string,
  type: string | undefined,
  forwarded: Element,
): Element {
  const attrs: Record<string, string> = { from: owner, to };
  if (type !== undefined) attrs.type = type; // §5, §6: SHOULD keep the same type
  return new Element("message", attrs, NS.CLIENT).append(
    xml(
      direction,
      { xmlns: NS.CARBONS },
      xml("forwarded", { xmlns: NS.FORWARD }, forwarded.clone()),
    ),
  );
}
