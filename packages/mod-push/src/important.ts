// Which messages warrant a notification: what a person would want to be woken for — a chat or
// normal message with a body or an end-to-end encrypted payload, also inside a received carbon
// (XEP-0280). Not errors, groupchat (no mention detection here), headlines, chat states alone,
// or copies of what the user sent themself.
import type { Element } from "@parley/xml";

const CARBONS = "urn:xmpp:carbons:2";
const FORWARD = "urn:xmpp:forward:0";
const ENCRYPTED = new Set([
  "eu.siacs.conversations.axolotl", // OMEMO (XEP-0384 0.3)
  "urn:xmpp:omemo:2",
  "urn:xmpp:openpgp:0", // XEP-0373
]);

export interface Worth {
  sender: string | undefined;
  body: string | undefined;
}

/** What to notify about `stanza`, or undefined when it warrants no notification. */
export function worthNotifying(stanza: Element): Worth | undefined {
  if (stanza.localName !== "message") return undefined;
  const type = stanza.attr("type") ?? "normal";
  if (type !== "chat" && type !== "normal") return undefined;
  if (stanza.getChild("sent", CARBONS)) return undefined;
  const received = stanza.getChild("received", CARBONS);
  if (received) {
    const inner = received.getChild("forwarded", FORWARD)?.getChild("message");
    return inner ? worthNotifying(inner) : undefined;
  }
  const body = stanza.getChildText("body");
  const encrypted = stanza
    .elements()
    .some((c) => ENCRYPTED.has(c.ns) && c.localName !== "encryption");
  if (body === undefined && !encrypted) return undefined;
  // The sender's bare JID: which device wrote is none of the app server's business.
  const from = stanza.attr("from");
  return { sender: from?.split("/")[0], body: body?.slice(0, 512) };
}
