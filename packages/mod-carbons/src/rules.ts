// XEP-0280 §6.1 "Recommended Rules": which messages are eligible for carbons delivery. The
// server advertises urn:xmpp:carbons:rules:0 (§6.2), so these are applied as REQUIRED.
import { NS } from "@parley/stanza";
import type { Element } from "@parley/xml";

export const CARBONS_RULES = "urn:xmpp:carbons:rules:0";

/** Payloads typically used in IM (§6.1): receipts (XEP-0184), chat states (XEP-0085), markers (XEP-0333). */
const IM_PAYLOADS = new Set<string>([NS.RECEIPTS, NS.CHATSTATES, "urn:xmpp:chat-markers:0"]);
const DIRECT_INVITE = "jabber:x:conference"; // XEP-0249

export type CarbonDirection = "sent" | "received";

export function eligible(stanza: Element, direction: CarbonDirection): boolean {
  // §7: <private/> opts a message out; XEP-0334 §4.4: so does the <no-copy/> hint.
  if (stanza.getChild("private", NS.CARBONS) || stanza.getChild("no-copy", NS.HINTS)) return false;
  // Carbons are never made of carbons (forged ones are rejected before this).
  if (stanza.getChild("sent", NS.CARBONS) || stanza.getChild("received", NS.CARBONS)) return false;
  const raw = stanza.attr("type");
  // RFC 6121 §5.2.2: a missing or unknown type is "normal".
  const type =
    raw === "chat" || raw === "error" || raw === "groupchat" || raw === "headline" ? raw : "normal";
  // §6.1 MUC rules: groupchat is not copied. Errors would need the original to be tracked
  // (§6.1 "in response to an eligible message"), which this server does not do: not copied.
  if (type === "groupchat" || type === "error") return false;
  const mucUser = stanza.getChild("x", NS.MUC_USER);
  // §6.1 MUC rules: mediated (XEP-0045) and direct (XEP-0249) invitations are copied.
  if (mucUser?.getChild("invite", NS.MUC_USER) || stanza.getChild("x", DIRECT_INVITE)) return true;
  // A private message from a MUC participant is already sent to every joined client: not
  // copied. One a local user sends to a participant is (§6.1).
  if (mucUser && direction === "received") return false;
  if (type === "chat") return true;
  if (type === "normal" && stanza.getChild("body", stanza.ns)) return true;
  return stanza.elements().some((c) => IM_PAYLOADS.has(c.ns));
}
