// What may wait while a client is inactive (XEP-0352 §3.2 leaves the policy to the server).
// Parley's policy: only presence updates (available / unavailable) and messages that carry
// nothing but chat states (XEP-0085) may wait; everything else is important and goes out at
// once: messages with a body or subject, encrypted messages (any payload we do not know is
// treated as important), receipts, iq, subscription requests, MUC self-presence.
import { NS } from "@parley/stanza";
import type { Element } from "@parley/xml";

/** Children that add nothing a user would be notified of. */
const NEUTRAL_NS = new Set<string>([NS.CHATSTATES, NS.HINTS, NS.DELAY, NS.SID]);

function neutral(child: Element): boolean {
  if (NEUTRAL_NS.has(child.ns)) return true;
  // <thread/> belongs to the message itself (RFC 6121 §5.2.5).
  return child.localName === "thread" && (child.ns === NS.CLIENT || child.ns === "");
}

/** A message whose only payload is a chat state notification. */
export function isChatStateOnly(stanza: Element): boolean {
  if (stanza.localName !== "message" || stanza.attr("type") === "error") return false;
  const children = stanza.elements();
  return children.some((c) => c.ns === NS.CHATSTATES) && children.every(neutral);
}

/** A presence update (not a subscription, probe or error; not a MUC join answer). */
export function isPresenceUpdate(stanza: Element): boolean {
  if (stanza.localName !== "presence") return false;
  const type = stanza.attr("type");
  if (type !== undefined && type !== "unavailable") return false;
  // XEP-0045 §7.2.3: self-presence (status 110) completes a join the user is waiting for.
  const x = stanza.getChild("x", NS.MUC_USER);
  return !x?.getChildren("status").some((s) => s.attr("code") === "110");
}

export function isImportant(stanza: Element): boolean {
  return !isPresenceUpdate(stanza) && !isChatStateOnly(stanza);
}

/**
 * Held stanzas with the same key replace each other (only the latest counts): presence per
 * sender full JID, chat states per sender full JID.
 */
export function collapseKey(stanza: Element): string {
  const from = stanza.attr("from") ?? "";
  return `${stanza.localName === "presence" ? "presence" : "chatstate"} ${from}`;
}
